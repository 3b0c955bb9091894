//! Parquet through arrow-rs: typed columns, dictionary encoding, Snappy,
//! one row group per batch of rows so memory stays bounded.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use arrow_array::builder::{Float64Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field as ArrowField, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use crate::rows::{Field, Ty, V};
use crate::{Shape, Sink};

enum Col {
    S(StringBuilder),
    I32(Int32Builder),
    I64(Int64Builder),
    F(Float64Builder),
}

impl Col {
    fn new(ty: Ty, rows: usize) -> Col {
        match ty {
            Ty::Str => Col::S(StringBuilder::with_capacity(rows, rows * 8)),
            Ty::Int32 => Col::I32(Int32Builder::with_capacity(rows)),
            Ty::Int64 => Col::I64(Int64Builder::with_capacity(rows)),
            Ty::Float64 | Ty::Cell => Col::F(Float64Builder::with_capacity(rows)),
        }
    }

    fn push(&mut self, v: &V) {
        match self {
            Col::S(b) => match v.str() {
                Some(s) => b.append_value(s),
                None => b.append_null(),
            },
            Col::I32(b) => match v {
                V::I(n) => b.append_option(i32::try_from(*n).ok()),
                _ => b.append_null(),
            },
            Col::I64(b) => match v {
                V::I(n) => b.append_value(*n),
                _ => b.append_null(),
            },
            Col::F(b) => match v {
                V::F(x) | V::Cell(Some(x), _) => b.append_value(*x),
                _ => b.append_null(),
            },
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Col::S(b) => Arc::new(b.finish()),
            Col::I32(b) => Arc::new(b.finish()),
            Col::I64(b) => Arc::new(b.finish()),
            Col::F(b) => Arc::new(b.finish()),
        }
    }
}

fn arrow_type(ty: Ty) -> DataType {
    match ty {
        Ty::Str => DataType::Utf8,
        Ty::Int32 => DataType::Int32,
        Ty::Int64 => DataType::Int64,
        Ty::Float64 | Ty::Cell => DataType::Float64,
    }
}

/// Row groups are encoded and compressed on a thread of their own while
/// the next one is filled (at most one waits in between).
pub(crate) struct ParquetSink {
    batches: Option<SyncSender<RecordBatch>>,
    writer: Option<JoinHandle<Result<(), String>>>,
    schema: SchemaRef,
    cols: Vec<Col>,
    rows: usize,
    group: usize,
}

impl ParquetSink {
    pub fn create(path: &Path, fields: &[Field], shape: Shape) -> Result<ParquetSink, String> {
        // About 8 MB of values per row group in either shape.
        let group = match shape {
            Shape::Long => 128 * 1024,
            Shape::Wide => 8 * 1024,
        };
        let schema: SchemaRef = Arc::new(Schema::new(
            fields
                .iter()
                .map(|f| ArrowField::new(f.name.as_ref(), arrow_type(f.ty), true))
                .collect::<Vec<_>>(),
        ));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_dictionary_enabled(true)
            .set_max_row_group_row_count(Some(group))
            .set_created_by(format!("gongkai {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![KeyValue::new(
                "gongkai.shape".to_string(),
                shape.as_str().to_string(),
            )]))
            .build();
        let file = File::create(path).map_err(|e| e.to_string())?;
        let mut writer = ArrowWriter::try_new(
            BufWriter::with_capacity(1 << 20, file),
            schema.clone(),
            Some(props),
        )
        .map_err(|e| e.to_string())?;
        let (tx, rx) = sync_channel::<RecordBatch>(1);
        let handle = std::thread::Builder::new()
            .name("parquet-writer".into())
            .spawn(move || {
                for batch in rx {
                    writer.write(&batch).map_err(|e| e.to_string())?;
                }
                writer.close().map_err(|e| e.to_string())?;
                Ok(())
            })
            .map_err(|e| e.to_string())?;
        Ok(ParquetSink {
            batches: Some(tx),
            writer: Some(handle),
            cols: fields.iter().map(|f| Col::new(f.ty, group)).collect(),
            schema,
            rows: 0,
            group,
        })
    }

    fn flush(&mut self) -> Result<(), String> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.cols.iter_mut().map(Col::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(|e| e.to_string())?;
        self.rows = 0;
        let sent = self.batches.as_ref().map(|tx| tx.send(batch));
        match sent {
            Some(Ok(())) => Ok(()),
            // The writer thread stopped: its error says why.
            _ => Err(self
                .join()
                .err()
                .unwrap_or_else(|| "写入线程已停止".to_string())),
        }
    }

    /// Wait for the writer thread to write the footer.
    fn join(&mut self) -> Result<(), String> {
        self.batches = None;
        match self.writer.take() {
            Some(h) => h
                .join()
                .unwrap_or_else(|_| Err("内部错误：Parquet 写入线程出错".to_string())),
            None => Ok(()),
        }
    }
}

impl Sink for ParquetSink {
    fn row(&mut self, row: &[V]) -> Result<(), String> {
        for (c, v) in self.cols.iter_mut().zip(row) {
            c.push(v);
        }
        self.rows += 1;
        if self.rows >= self.group {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.flush()?;
        self.join()
    }
}
