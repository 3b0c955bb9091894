//! CSV and JSON lines.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::rows::{Field, V};
use crate::Sink;

/// The text of a value in CSV (empty for null).
fn text<'v>(v: &'v V, scratch: &'v mut String) -> &'v str {
    use std::fmt::Write as _;
    scratch.clear();
    match v {
        V::Null => "",
        V::S(s) => s,
        V::Own(s) => s,
        V::I(i) => {
            let _ = write!(scratch, "{i}");
            scratch
        }
        V::F(x) | V::Cell(Some(x), _) => {
            let _ = write!(scratch, "{x}");
            scratch
        }
        V::Cell(None, m) => m,
    }
}

pub(crate) struct CsvSink {
    out: csv::Writer<BufWriter<File>>,
    scratch: String,
}

impl CsvSink {
    pub fn create(path: &Path, fields: &[Field], bom: bool) -> std::io::Result<CsvSink> {
        let mut file = BufWriter::with_capacity(1 << 20, File::create(path)?);
        if bom {
            file.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut out = csv::WriterBuilder::new().from_writer(file);
        out.write_record(fields.iter().map(|f| f.name.as_ref()))?;
        Ok(CsvSink {
            out,
            scratch: String::new(),
        })
    }
}

impl Sink for CsvSink {
    fn row(&mut self, row: &[V]) -> Result<(), String> {
        for v in row {
            let t = text(v, &mut self.scratch);
            self.out.write_field(t).map_err(|e| e.to_string())?;
        }
        // An empty record ends the fields written one by one.
        self.out
            .write_record(std::iter::empty::<&[u8]>())
            .map_err(|e| e.to_string())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.out.flush().map_err(|e| e.to_string())
    }
}

pub(crate) struct JsonlSink {
    out: BufWriter<File>,
    /// The column names, JSON-quoted.
    keys: Vec<String>,
    line: String,
}

impl JsonlSink {
    pub fn create(path: &Path, fields: &[Field]) -> std::io::Result<JsonlSink> {
        Ok(JsonlSink {
            out: BufWriter::with_capacity(1 << 20, File::create(path)?),
            keys: fields
                .iter()
                .map(|f| serde_json::Value::from(f.name.as_ref()).to_string())
                .collect(),
            line: String::new(),
        })
    }
}

fn json_str(s: &str, out: &mut String) {
    out.push_str(&serde_json::Value::from(s).to_string());
}

/// A float as a JSON number (finite by construction: decimals of reports).
fn json_num(x: f64, out: &mut String) {
    use std::fmt::Write as _;
    if x.is_finite() {
        let _ = write!(out, "{x}");
    } else {
        out.push_str("null");
    }
}

impl Sink for JsonlSink {
    fn row(&mut self, row: &[V]) -> Result<(), String> {
        use std::fmt::Write as _;
        let line = &mut self.line;
        line.clear();
        line.push('{');
        for (i, (v, k)) in row.iter().zip(&self.keys).enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(k);
            line.push(':');
            match v {
                V::S(s) => json_str(s, line),
                V::Own(s) => json_str(s, line),
                V::I(n) => {
                    let _ = write!(line, "{n}");
                }
                V::F(x) | V::Cell(Some(x), _) => json_num(*x, line),
                V::Cell(None, m) => json_str(m, line),
                V::Null => line.push_str("null"),
            }
        }
        line.push_str("}\n");
        self.out
            .write_all(line.as_bytes())
            .map_err(|e| e.to_string())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.out.flush().map_err(|e| e.to_string())
    }
}
