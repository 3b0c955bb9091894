//! `gongkai extract`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use gongkai_ingest::Limits;
use gongkai_model::Report;

use crate::batch::{self, Tally};
use gongkai_batch::expand;

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
/// Inputs: files, directories (searched recursively for .txt, .html, .pdf,
/// .docx, .xlsx, .doc … files), glob patterns and .zip archives of reports;
/// `.json` files are reports saved by `--format json` and are read back
/// without extracting again. Many files are processed in parallel; the output keeps the order of the
/// inputs (each argument's files sorted by name).
///
/// Values: a number as printed; empty for a blank cell; `/` for an explicit
/// not-applicable mark; `-` where the report's table lacks the row; `?` where
/// the text does not determine the value (the JSON lists the candidate
/// readings).
///
/// With several files, TSV output puts a `# FILE` line before each report
/// and JSON output is an array. A summary goes to stderr.
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
    /// Report files, directories, glob patterns or .zip archives.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// One report's output, rendered on a worker thread.
struct Rendered {
    shown: String,
    error: Option<String>,
    /// The text to print and whether all three tables were found.
    output: Option<(Vec<u8>, bool)>,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<u8> {
    let limits = Limits::default();
    let sources = expand(&args.files);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let many = sources.len() > 1;
    let mut status = 0u8;
    let mut tally = Tally::default();
    let mut first_json = true;
    let mut io_error: Option<std::io::Error> = None;
    if let (ExtractFormat::Json, true) = (args.format, many) {
        out.write_all(b"[\n")?;
    }
    let format = args.format;
    batch::run(
        &sources,
        &limits,
        |loaded| {
            // Render on the worker thread; only the text crosses over.
            let rendered = match &loaded.result {
                Ok((_, report)) => {
                    let mut buf = Vec::new();
                    let ok = match format {
                        ExtractFormat::Tsv => {
                            if many {
                                let _ = writeln!(buf, "# {}", loaded.shown);
                            }
                            write_tsv(&mut buf, report).is_ok()
                        }
                        ExtractFormat::Json => {
                            serde_json::to_writer_pretty(&mut buf, report).is_ok()
                        }
                    };
                    let complete = report.template.is_some() && report.tables.len() >= 3;
                    ok.then_some((buf, complete))
                }
                Err(_) => None,
            };
            Rendered {
                shown: loaded.shown,
                error: loaded.result.err(),
                output: rendered,
            }
        },
        |Rendered {
             shown,
             error,
             output,
         }: Rendered| {
            tally.count(&shown, error.as_deref());
            match (error, output) {
                (Some(_), _) => status = 2,
                (None, Some((buf, complete))) => {
                    if !complete {
                        status = status.max(1);
                    }
                    if let ExtractFormat::Json = format {
                        if many && !first_json {
                            if let Err(e) = out.write_all(b",\n") {
                                io_error.get_or_insert(e);
                            }
                        }
                        first_json = false;
                    }
                    if let Err(e) = out.write_all(&buf) {
                        io_error.get_or_insert(e);
                    }
                    if let ExtractFormat::Json = format {
                        if !many {
                            let _ = out.write_all(b"\n");
                        }
                    }
                }
                (None, None) => status = 2,
            }
        },
    );
    if let Some(e) = io_error {
        return Err(e.into());
    }
    if let (ExtractFormat::Json, true) = (args.format, many) {
        out.write_all(b"\n]\n")?;
    }
    out.flush()?;
    if many || !tally.failed.is_empty() {
        tally.print("");
    }
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
