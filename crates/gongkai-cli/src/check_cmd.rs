//! `gongkai check`, `gongkai rules`, `gongkai explain`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use gongkai_check::output::{self, ReportRow};
use gongkai_check::{config::Aliases, sort_findings, Checker, Config, Counts, Family, Finding};
use gongkai_ingest::Limits;

use crate::batch::{self, Tally};
use gongkai_batch::expand;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics with the source line and a caret under the
    /// culprit (default when stdout is a terminal).
    Human,
    /// A JSON array of findings: code, severity, file, subject, cells, spans,
    /// message, hint.
    Json,
    /// `file<TAB>code<TAB>severity<TAB>subject<TAB>message`, one line per
    /// finding (contract: shared/spec/README.md; default when stdout is not a
    /// terminal).
    Tsv,
    /// An Excel workbook (sheets 问题 and 报告); needs --output.
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// 检查年度报告。Check reports against the national format and the law.
///
/// Every report is extracted and checked: arithmetic relations of the
/// template (A), cell values and labels (V), structure (S), narrative against
/// tables (N), the publication deadline (D), plausibility (P); reports of one
/// agency on consecutive years in the same run are also checked against each
/// other (X). `gongkai rules` lists the rules, `gongkai explain CODE` explains
/// one.
///
/// Configuration: gongkai.toml in the current directory or an ancestor (or
/// --config): select, ignore, [severity], [deadlines], aliases.
///
/// Exit status: 0 no error-level finding; 1 some error-level finding (a file
/// that cannot be read is one, F001); 2 usage, configuration or output
/// failure.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report files, directories (searched recursively for report files:
    /// .txt, .html, .htm, .pdf, .docx, .xlsx, .doc, .wps …), glob patterns,
    /// .zip archives, and .json reports saved by `extract --format json`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format [default: human on a terminal, else tsv].
    #[arg(long, value_enum)]
    format: Option<CheckFormat>,
    /// Write the output to this file instead of stdout (required for xlsx).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Configuration file (default: gongkai.toml found upward from the
    /// current directory).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Ignore any gongkai.toml.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Run only these rules (codes or prefixes, comma-separated; replaces the
    /// configuration's select).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Do not run these rules (codes or prefixes, comma-separated; added to
    /// the configuration's ignore).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Agency alias file: one agency per line, names separated by tabs or `=`.
    #[arg(long)]
    aliases: Option<PathBuf>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

/// 列出全部检查规则。List all rules.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the rules as JSON.
    #[arg(long)]
    json: bool,
}

/// 解释一条规则。Explain a rule: what it checks, why, a failing and a
/// passing example, references.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule's code (e.g. A001) or name (e.g. relation-broken).
    code: String,
}

fn build_config(args: &CheckArgs) -> anyhow::Result<Config> {
    let mut config = match (&args.config, args.no_config) {
        (Some(path), _) => Config::load(path)?,
        (None, true) => Config::default(),
        (None, false) => {
            let cwd = std::env::current_dir().context("无法确定当前目录")?;
            match Config::discover(&cwd) {
                Some(path) => Config::load(&path)?,
                None => Config::default(),
            }
        }
    };
    if !args.select.is_empty() {
        config.set_select(&args.select)?;
    }
    config.add_ignore(&args.ignore)?;
    if let Some(path) = &args.aliases {
        config.aliases = Aliases::load(path)?;
    }
    Ok(config)
}

pub fn run_check(args: CheckArgs) -> anyhow::Result<u8> {
    let config = build_config(&args)?;
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        CheckFormat::Human
    } else {
        CheckFormat::Tsv
    });
    if format == CheckFormat::Xlsx && args.output.is_none() {
        bail!("--format xlsx 需要 --output 文件路径");
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let checker = Checker::new(config);
    let sources = expand(&args.paths);
    let limits = Limits::default();
    let mut sink: Box<dyn Write> = match (&args.output, format) {
        (_, CheckFormat::Xlsx) => Box::new(std::io::sink()),
        (Some(path), _) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("无法创建 {}", path.display()))?,
        )),
        (None, _) => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut batch = checker.batch();
    let mut counts = Counts::default();
    let mut tally = Tally::default();
    // Only the XLSX output needs every finding at once.
    let mut kept: Vec<Finding> = Vec::new();
    let mut first_json = true;
    let mut io_error: Option<std::io::Error> = None;
    if format == CheckFormat::Json {
        sink.write_all(b"[")?;
    }
    let mut write = |sink: &mut Box<dyn Write>,
                     findings: &[Finding],
                     human: Option<String>|
     -> std::io::Result<()> {
        match format {
            CheckFormat::Human => sink.write_all(human.unwrap_or_default().as_bytes()),
            CheckFormat::Tsv => output::write_tsv(sink, findings),
            CheckFormat::Json => {
                for f in findings {
                    if !first_json {
                        sink.write_all(b",")?;
                    }
                    first_json = false;
                    sink.write_all(b"\n")?;
                    serde_json::to_writer_pretty(&mut *sink, f).map_err(std::io::Error::other)?;
                }
                Ok(())
            }
            CheckFormat::Xlsx => Ok(()),
        }
    };
    batch::run(
        &sources,
        &limits,
        |loaded| {
            // Check on the worker thread, render there too; the document is
            // dropped before the result crosses back.
            match loaded.result {
                Ok((doc, report)) => {
                    let findings = checker.check_report(&report, doc.as_ref());
                    let human = (format == CheckFormat::Human)
                        .then(|| output::render_human(&findings, |_| doc.as_ref(), color));
                    // The narrative fingerprint for the cross-year rules is
                    // taken at the end, only for reports that get paired.
                    drop(doc);
                    (loaded.source, loaded.shown, Ok(report), findings, human)
                }
                Err(e) => (loaded.source, loaded.shown, Err(e), Vec::new(), None),
            }
        },
        |(source, shown, result, mut findings, human)| {
            match result {
                Ok(report) => {
                    tally.count(&shown, None);
                    if source.is_json() {
                        // Already parsed and without a document: reading a
                        // whole JSON file again for each paired report
                        // would cost more than keeping its cells.
                        batch.remember(&report, None);
                    } else {
                        // Only the agency and year are kept: a report that
                        // gets paired with another year is extracted again
                        // at the end.
                        batch.remember_key(&report);
                    }
                }
                Err(reason) => {
                    tally.count(&shown, Some(&reason));
                    findings.extend(checker.unreadable(&shown, &reason));
                }
            }
            let human = human.or_else(|| {
                (format == CheckFormat::Human)
                    .then(|| output::render_human(&findings, |_| None, color))
            });
            counts.add(&findings);
            if let Err(e) = write(&mut sink, &findings, human) {
                io_error.get_or_insert(e);
            }
            if format == CheckFormat::Xlsx {
                kept.extend(findings);
            }
        },
    );
    // Findings across years (the documents are gone: no source lines). The
    // reports that get paired are read again, one agency at a time.
    let by_name: std::collections::HashMap<String, &gongkai_batch::Source> =
        sources.iter().map(|s| (s.shown(), s)).collect();
    let summaries = batch.finish_each(
        |path| {
            // Reports from JSON were kept whole and have no document.
            let source = by_name.get(path).copied().filter(|s| !s.is_json())?;
            batch::load(source, &limits)
                .into_iter()
                .find_map(|loaded| match loaded.result {
                    Ok((doc, report)) if report.source.path == path => Some((Some(report), doc)),
                    _ => None,
                })
        },
        |across| {
            counts.add(&across);
            let human = (format == CheckFormat::Human)
                .then(|| output::render_human(&across, |_| None, color));
            if let Err(e) = write(&mut sink, &across, human) {
                io_error.get_or_insert(e);
            }
            if format == CheckFormat::Xlsx {
                kept.extend(across);
            }
        },
    );
    if let Some(e) = io_error {
        return Err(e.into());
    }
    if format == CheckFormat::Json {
        sink.write_all(b"\n]\n")?;
    }
    let status = u8::from(counts.errors > 0);
    if format == CheckFormat::Xlsx {
        sort_findings(&mut kept);
        let path = args.output.as_deref().unwrap_or(Path::new("gongkai.xlsx"));
        let rows = ReportRow::collect(&summaries, &kept);
        output::write_xlsx(path, &kept, &rows)
            .with_context(|| format!("无法写入 {}", path.display()))?;
    }
    if format == CheckFormat::Human {
        writeln!(sink, "{}", counts.line(tally.files))?;
    }
    sink.flush()?;
    drop(sink);
    tally.print(&format!("；{}", counts.line(tally.files)));
    Ok(status)
}

pub fn run_rules(args: RulesArgs) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let rules = gongkai_check::rules();
    if args.json {
        let list: Vec<_> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.info.code,
                    "name": r.info.name,
                    "family": r.info.family().prefix(),
                    "severity": r.info.severity.as_str(),
                    "summary": r.info.summary,
                    "explanation": r.info.explanation(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
    } else {
        for family in Family::ALL {
            let members: Vec<_> = rules.iter().filter(|r| r.info.family() == family).collect();
            if members.is_empty() {
                continue;
            }
            writeln!(out, "{}  {}", family.prefix(), family.title())?;
            for r in members {
                writeln!(
                    out,
                    "  {}  {:<7}  {:<26}  {}",
                    r.info.code,
                    r.info.severity.as_str(),
                    r.info.name,
                    r.info.summary
                )?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

pub fn run_explain(args: ExplainArgs) -> anyhow::Result<u8> {
    let Some(rule) = gongkai_check::rule(&args.code) else {
        bail!(
            "未知的规则“{}”（用 `gongkai rules` 查看全部规则）",
            args.code
        );
    };
    let info = rule.info;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    writeln!(out, "# {} {}：{}", info.code, info.name, info.summary)?;
    writeln!(
        out,
        "\n类别：{}（{}）；默认级别：{}\n",
        info.family().title(),
        info.family().prefix(),
        info.severity.as_str()
    )?;
    write!(out, "{}", info.explanation())?;
    out.flush()?;
    Ok(0)
}
