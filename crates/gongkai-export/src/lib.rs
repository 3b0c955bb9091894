//! Datasets of many extracted reports, for analysis in Excel, DuckDB,
//! pandas or Spark.
//!
//! Two shapes ([`Shape`]):
//!
//! * **long** (tidy): one row per report × cell — `path, agency, body,
//!   match, region, level, kind, year, template` describe the report;
//!   `cell_id, table_name, row_label, column_label, cell_kind` the cell
//!   (labels from the template declaration); `value_kind` is `number`,
//!   `blank`, `not_applicable`, `absent`, `unknown` or `text`; `value` is the
//!   number as exact decimal text (or the text of a text cell), `number` the
//!   same as a float; `raw` is what was printed; `src_line, src_column,
//!   byte_start, byte_end, grid_table, grid_row, grid_col` are the
//!   provenance. Rows printed outside the template (`x.*` ids) are included
//!   with empty labels. A report without a recognised template has no rows.
//! * **wide**: one row per report — the report columns, `findings, errors,
//!   warnings, infos` (the checker's findings on that report), then one
//!   column per cell id over the union of both templates in declaration
//!   order. A cell of the other template is empty (null), never mapped. In
//!   Parquet the cell columns are Float64 (null when not a number; the long
//!   shape keeps the kinds and exact decimals); in CSV, XLSX and JSON lines a
//!   cell that is not a number holds its marker: empty (blank), `/`, `-`
//!   (absent), `?` (unknown or text).
//!
//! Formats ([`Format`]): CSV (UTF-8; optional BOM for Excel), XLSX (frozen
//! header, widths, number formats; a new sheet every 1,048,575 rows), Parquet
//! (typed: Utf8, Int32 year, Float64 numbers, Int64 byte offsets;
//! dictionary-encoded, Snappy-compressed, written in row groups so memory
//! does not grow with the number of reports) and JSON lines.
//!
//! ```no_run
//! use gongkai_export::{Entry, Exporter, Findings, Format, Options, Shape};
//! # let reports: Vec<gongkai_model::Report> = Vec::new();
//! let bodies = gongkai_agency::Bodies::default();
//! let options = Options { format: Format::Parquet, shape: Shape::Long, bom: false };
//! let mut out = Exporter::create("reports.parquet".as_ref(), options).unwrap();
//! for r in &reports {
//!     let agency = bodies.match_report(r);
//!     let entry = Entry { path: &r.source.path, report: r, agency: &agency, findings: Findings::default() };
//!     out.write(&entry).unwrap();
//! }
//! out.finish().unwrap();
//! ```

mod parquet_sink;
mod rows;
mod text_sinks;
mod xlsx_sink;

use std::path::Path;

use gongkai_agency::Match;
use gongkai_model::Report;

pub use rows::tsv_value;

use crate::rows::{Field, V};

/// The file format of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Parquet,
    Jsonl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Parquet => "parquet",
            Format::Jsonl => "jsonl",
        }
    }
}

/// One row per report × cell, or one row per report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Long,
    Wide,
}

impl Shape {
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Long => "long",
            Shape::Wide => "wide",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    pub shape: Shape,
    /// CSV only: start with a UTF-8 byte order mark, so that Excel shows
    /// Chinese text correctly when the file is opened by double-click.
    pub bom: bool,
}

/// The checker's findings on a report, by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Findings {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Findings {
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// One report to export.
pub struct Entry<'a> {
    /// The report's path as shown to the user.
    pub path: &'a str,
    pub report: &'a Report,
    /// Which body the report is from.
    pub agency: &'a Match<'a>,
    pub findings: Findings,
}

/// A dataset that cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("无法写入 {path}：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("无法写入 {path}：{message}")]
    Write { path: String, message: String },
}

/// How many reports and rows were written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub reports: usize,
    pub rows: usize,
}

/// A format's writer: takes rows, in order.
pub(crate) trait Sink {
    fn row(&mut self, row: &[V]) -> Result<(), String>;
    fn finish(self: Box<Self>) -> Result<(), String>;
}

/// Writes a dataset, one report at a time.
pub struct Exporter {
    shape: Shape,
    path: String,
    sink: Box<dyn Sink>,
    written: Written,
}

impl Exporter {
    /// Create the file at `path` and write the header.
    pub fn create(path: &Path, options: Options) -> Result<Exporter, ExportError> {
        let shown = path.display().to_string();
        let fields = rows::fields(options.shape);
        let io = |source: std::io::Error| ExportError::Io {
            path: shown.clone(),
            source,
        };
        let sink: Box<dyn Sink> = match options.format {
            Format::Csv => {
                Box::new(text_sinks::CsvSink::create(path, &fields, options.bom).map_err(io)?)
            }
            Format::Jsonl => Box::new(text_sinks::JsonlSink::create(path, &fields).map_err(io)?),
            Format::Xlsx => Box::new(xlsx_sink::XlsxSink::new(path, fields, options.shape)),
            Format::Parquet => Box::new(
                parquet_sink::ParquetSink::create(path, &fields, options.shape).map_err(
                    |message| ExportError::Write {
                        path: shown.clone(),
                        message,
                    },
                )?,
            ),
        };
        Ok(Exporter {
            shape: options.shape,
            path: shown,
            sink,
            written: Written::default(),
        })
    }

    /// Write the rows of one report.
    pub fn write(&mut self, entry: &Entry) -> Result<(), ExportError> {
        let mut buf = Vec::new();
        let sink = &mut self.sink;
        let mut n = 0;
        rows::rows(self.shape, entry, &mut buf, |row| {
            n += 1;
            sink.row(row)
        })
        .map_err(|message| ExportError::Write {
            path: self.path.clone(),
            message,
        })?;
        self.written.reports += 1;
        self.written.rows += n;
        Ok(())
    }

    /// Finish the file (footer, last row group, workbook).
    pub fn finish(self) -> Result<Written, ExportError> {
        let path = self.path;
        self.sink
            .finish()
            .map_err(|message| ExportError::Write { path, message })?;
        Ok(self.written)
    }
}

/// The column names of a shape, in order.
pub fn columns(shape: Shape) -> Vec<String> {
    rows::fields(shape)
        .into_iter()
        .map(|f: Field| f.name.into_owned())
        .collect()
}
