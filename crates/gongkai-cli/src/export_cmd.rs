//! `gongkai export`: many reports → one dataset (CSV, XLSX, Parquet, JSON
//! lines; long or wide).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use gongkai_agency::Bodies;
use gongkai_check::{Checker, Config, Counts};
use gongkai_export::{Entry, Exporter, Findings, Format, Options, Shape};
use gongkai_ingest::Limits;

use crate::batch::{self, Tally};
use gongkai_batch::expand;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// UTF-8 CSV with a header line (add --bom for Excel).
    Csv,
    /// Excel workbook: frozen header, column widths, number formats.
    Xlsx,
    /// Apache Parquet: typed columns (Utf8, Int32 year, Float64 numbers),
    /// dictionary-encoded, Snappy; for DuckDB, pandas, Spark.
    Parquet,
    /// JSON lines: one object per row.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportShape {
    /// One row per report × cell id (tidy), with value kind and provenance.
    Long,
    /// One row per report, one column per cell id of both templates.
    Wide,
}

/// 导出数据集。Export many reports as one dataset.
///
/// Long shape (default): one row per report × cell — report columns (path,
/// agency, body, match, region, level, kind, year, template), the cell
/// (cell_id, table_name, row_label, column_label, cell_kind), its value
/// (value_kind number/blank/not_applicable/absent/unknown/text; value as
/// exact decimal text; number as a float; raw as printed) and where it was
/// read (src_line, src_column, byte_start, byte_end, grid_table, grid_row,
/// grid_col).
///
/// Wide shape: one row per report — the report columns, the checker's
/// findings on the report (findings, errors, warnings, infos; findings
/// across years are not counted), then one column per cell id of both
/// templates in declaration order. A cell the report's template does not
/// have is empty, never mapped to a cell of the other template. In CSV,
/// XLSX and JSON lines a cell that is not a number holds its mark (empty
/// blank, `/`, `-` absent, `?` unknown); in Parquet the cell columns are
/// numbers (null when not a number — use the long shape for the kinds).
///
/// Agencies are matched to bodies with --bodies (see `gongkai agencies`).
/// CSV is UTF-8 without a byte order mark; Excel needs --bom to show
/// Chinese text correctly (or use --format xlsx).
///
/// Exit status: 0 every file was exported; 1 some file could not be read
/// (named on stderr; the dataset holds the others); 2 usage, configuration
/// or output failure.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Report files, directories, glob patterns, .zip archives, and .json
    /// reports saved by `extract --format json`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The dataset file to write.
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// File format [default: from the output's extension].
    #[arg(long, value_enum)]
    format: Option<ExportFormat>,
    /// One row per report × cell (long) or per report (wide).
    #[arg(long, value_enum, default_value = "long")]
    shape: ExportShape,
    /// Bodies file (CSV/TSV/XLSX: name, aliases, 行政区划代码, level, kind,
    /// parent) for the body, region, level and kind columns.
    #[arg(long)]
    bodies: Option<PathBuf>,
    /// CSV: start with a UTF-8 byte order mark (for Excel).
    #[arg(long)]
    bom: bool,
    /// Checker configuration (default: gongkai.toml found upward from the
    /// current directory).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Ignore any gongkai.toml.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
}

fn format_of(args: &ExportArgs) -> anyhow::Result<Format> {
    let f = match args.format {
        Some(f) => f,
        None => {
            let ext = args
                .output
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            match ext.as_str() {
                "csv" => ExportFormat::Csv,
                "xlsx" => ExportFormat::Xlsx,
                "parquet" | "pq" => ExportFormat::Parquet,
                "jsonl" | "ndjson" => ExportFormat::Jsonl,
                _ => bail!(
                    "无法从输出文件名 {} 判断格式；请用 --format csv|xlsx|parquet|jsonl 指定",
                    args.output.display()
                ),
            }
        }
    };
    Ok(match f {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Xlsx => Format::Xlsx,
        ExportFormat::Parquet => Format::Parquet,
        ExportFormat::Jsonl => Format::Jsonl,
    })
}

fn config(args: &ExportArgs) -> anyhow::Result<Config> {
    Ok(match (&args.config, args.no_config) {
        (Some(path), _) => Config::load(path)?,
        (None, true) => Config::default(),
        (None, false) => {
            let cwd = std::env::current_dir().context("无法确定当前目录")?;
            match Config::discover(&cwd) {
                Some(path) => Config::load(&path)?,
                None => Config::default(),
            }
        }
    })
}

pub fn run(args: ExportArgs) -> anyhow::Result<u8> {
    let format = format_of(&args)?;
    let bodies = match &args.bodies {
        Some(path) => Bodies::load(path)?,
        None => Bodies::default(),
    };
    let checker = Checker::new(config(&args)?);
    let options = Options {
        format,
        shape: match args.shape {
            ExportShape::Long => Shape::Long,
            ExportShape::Wide => Shape::Wide,
        },
        bom: args.bom,
    };
    let sources = expand(&args.paths);
    let limits = Limits::default();
    let mut exporter = Exporter::create(&args.output, options)?;
    let mut tally = Tally::default();
    let mut failure: Option<gongkai_export::ExportError> = None;
    batch::run(
        &sources,
        &limits,
        |loaded| match loaded.result {
            Ok((doc, report)) => {
                let c = Counts::of(&checker.check_report(&report, doc.as_ref()));
                drop(doc);
                let findings = Findings {
                    errors: c.errors,
                    warnings: c.warnings,
                    infos: c.infos,
                };
                (loaded.shown, Ok((report, findings)))
            }
            Err(e) => (loaded.shown, Err(e)),
        },
        |(shown, result)| match result {
            Ok((report, findings)) => {
                tally.count(&shown, None);
                if failure.is_some() {
                    return;
                }
                let agency = bodies.match_report(&report);
                let entry = Entry {
                    path: &shown,
                    report: &report,
                    agency: &agency,
                    findings,
                };
                if let Err(e) = exporter.write(&entry) {
                    failure = Some(e);
                }
            }
            Err(e) => tally.count(&shown, Some(&e)),
        },
    );
    if let Some(e) = failure {
        return Err(e.into());
    }
    let written = exporter.finish()?;
    tally.print(&format!(
        "；已写入 {}（{} 份报告，{} 行）",
        shown(&args.output),
        written.reports,
        written.rows
    ));
    Ok(u8::from(!tally.failed.is_empty()))
}

fn shown(p: &Path) -> String {
    p.display().to_string()
}
