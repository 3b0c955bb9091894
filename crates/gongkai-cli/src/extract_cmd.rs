//! `gongkai extract`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use gongkai_ingest::Limits;
use gongkai_model::Report;

use crate::load::load;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    /// The full report as JSON: metadata, every cell with provenance, label
    /// matches, ambiguities and notes (schema: docs/report.schema.json).
    Json,
    /// `key<TAB>value` lines: meta.template, meta.year, meta.agency, then
    /// every cell id of the detected template (contract: shared/spec/README.md).
    Tsv,
}

/// 提取年度报告中的全部表格数据。Extract every table cell of annual reports.
///
/// Values: a number as printed; empty for a blank cell; `/` for an explicit
/// not-applicable mark; `-` where the report's table lacks the row; `?` where
/// the text does not determine the value (the JSON lists the candidate
/// readings).
///
/// Exit status: 0 every file was read and its three tables found; 1 some
/// file was read but a table was missing or no template could be recognised;
/// 2 some file could not be read (it is reported on stderr, the other files
/// are still extracted) or the command line was wrong.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "tsv")]
    format: ExtractFormat,
    /// Report files (.txt, .html); several may be given.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<u8> {
    let limits = Limits::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let many = args.files.len() > 1;
    let mut status = 0u8;
    let mut json_reports = Vec::new();
    for path in &args.files {
        let loaded = load(path, &limits);
        let report = match loaded.result {
            Ok((_, report)) => report,
            Err(e) => {
                eprintln!("gongkai: {}: {e}", loaded.path);
                status = 2;
                continue;
            }
        };
        if report.template.is_none() || report.tables.len() < 3 {
            status = status.max(1);
        }
        match args.format {
            ExtractFormat::Tsv => {
                if many {
                    writeln!(out, "# {}", loaded.path)?;
                }
                write_tsv(&mut out, &report)?;
            }
            ExtractFormat::Json => json_reports.push(report),
        }
    }
    if let ExtractFormat::Json = args.format {
        if many {
            serde_json::to_writer_pretty(&mut out, &json_reports)?;
        } else if let Some(r) = json_reports.first() {
            serde_json::to_writer_pretty(&mut out, r)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(status)
}

/// The `extract --format tsv` contract.
pub fn write_tsv(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    writeln!(
        out,
        "meta.template\t{}",
        report.template.map(|t| t.as_str()).unwrap_or("")
    )?;
    writeln!(
        out,
        "meta.year\t{}",
        report.year().map(|y| y.to_string()).unwrap_or_default()
    )?;
    writeln!(out, "meta.agency\t{}", clean(report.agency().unwrap_or("")))?;
    for cell in report.cells.iter().chain(report.extra_cells.iter()) {
        writeln!(out, "{}\t{}", cell.id, cell.value.tsv())?;
    }
    Ok(())
}
