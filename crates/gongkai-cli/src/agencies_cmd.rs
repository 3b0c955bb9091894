//! `gongkai agencies`: which body each report is from, and how that was
//! decided, so that the user can see and correct the matching.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use gongkai_agency::{suggestions, Bodies, How, Match};
use gongkai_ingest::Limits;
use serde::Serialize;

use crate::batch::{self, Tally};
use gongkai_batch::expand;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgenciesFormat {
    /// One line per report, then what was not matched and what to do.
    Text,
    /// `path, year, name, body, how, region, level, kind, note` with a
    /// header line.
    Tsv,
    /// A JSON array, one object per report.
    Json,
}

/// 列出每份报告对应的机关及匹配方式。List which body each report is from.
///
/// The agency name of each report (`meta.agency`, else the title) is matched
/// to a body of the bodies file (--bodies): `exact` (the name as written),
/// `alias` (one of the body's aliases), `normalised` (the same after
/// removing spaces, brackets, full-width forms, 人民政府/政府 variants), or
/// `unmatched`. Two different bodies are never merged: a name that fits
/// several bodies stays unmatched, and `某市人民政府办公室` is not
/// `某市人民政府`. Without a bodies file, reports are grouped by the
/// normalised name only.
///
/// To correct a match, edit the bodies file: add the name the report uses
/// to the right body's `aliases` column (several aliases separated by ；),
/// or add a line for a body that is missing. The file is CSV, TSV or XLSX
/// with the columns name, aliases, 行政区划代码, level (国家/省/市/县/乡),
/// kind (政府/部门), parent; see samples/bodies.csv.
#[derive(Debug, Args)]
pub struct AgenciesArgs {
    /// Report files, directories, glob patterns, .zip archives, and .json
    /// reports saved by `extract --format json`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Bodies file (CSV/TSV/XLSX): name, aliases, 行政区划代码, level, kind,
    /// parent.
    #[arg(long)]
    bodies: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: AgenciesFormat,
}

/// One report's line.
#[derive(Debug, Serialize)]
struct Row {
    path: String,
    year: Option<i32>,
    /// The name as the report gives it.
    name: Option<String>,
    /// The matched body's name.
    body: Option<String>,
    how: How,
    /// The grouping key (the body's name, else the normalised name).
    key: String,
    region: Option<String>,
    level: Option<&'static str>,
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl Row {
    fn new(path: String, year: Option<i32>, m: &Match, with_file: bool) -> Row {
        Row {
            path,
            year,
            name: m.name.clone(),
            body: m.body.map(|b| b.name.clone()),
            how: m.how,
            key: m.key.clone(),
            region: m.region.map(|r| r.to_string()),
            level: m.level.map(|l| l.as_str()),
            kind: m.kind.map(|k| k.as_str()),
            note: m.reason(with_file),
        }
    }
}

pub fn run(args: AgenciesArgs) -> anyhow::Result<u8> {
    let bodies = match &args.bodies {
        Some(path) => Bodies::load(path)?,
        None => Bodies::default(),
    };
    let with_file = args.bodies.is_some();
    let sources = expand(&args.paths);
    let limits = Limits::default();
    let mut rows: Vec<Row> = Vec::new();
    let mut tally = Tally::default();
    batch::run(
        &sources,
        &limits,
        |loaded| match loaded.result {
            Ok((_, report)) => {
                let m = bodies.match_report(&report);
                (
                    loaded.shown.clone(),
                    Ok(Row::new(loaded.shown, report.year(), &m, with_file)),
                )
            }
            Err(e) => (loaded.shown, Err(e)),
        },
        |(shown, row)| match row {
            Ok(row) => {
                tally.count(&shown, None);
                rows.push(row);
            }
            Err(e) => tally.count(&shown, Some(&e)),
        },
    );
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        AgenciesFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        AgenciesFormat::Tsv => {
            writeln!(
                out,
                "path\tyear\tname\tbody\thow\tregion\tlevel\tkind\tnote"
            )?;
            for r in &rows {
                let cells = [
                    r.path.clone(),
                    r.year.map(|y| y.to_string()).unwrap_or_default(),
                    r.name.clone().unwrap_or_default(),
                    r.body.clone().unwrap_or_default(),
                    r.how.as_str().to_string(),
                    r.region.clone().unwrap_or_default(),
                    r.level.unwrap_or_default().to_string(),
                    r.kind.unwrap_or_default().to_string(),
                    r.note.clone().unwrap_or_default(),
                ];
                let cells: Vec<String> = cells.iter().map(|c| tsv_field(c)).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
        }
        AgenciesFormat::Text => write_text(&mut out, &rows, &bodies, with_file)?,
    }
    out.flush().context("无法写出结果")?;
    drop(out);
    tally.print("");
    Ok(0)
}

/// A TSV field: tabs and line breaks would break the line.
fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn write_text(
    out: &mut impl Write,
    rows: &[Row],
    bodies: &Bodies,
    with_file: bool,
) -> std::io::Result<()> {
    for r in rows {
        let year = r
            .year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "????".into());
        let name = r.name.as_deref().unwrap_or("（无机关名称）");
        let target = match &r.body {
            Some(b) if b != name => format!(" → {b}"),
            _ => String::new(),
        };
        let mut facts: Vec<String> = vec![r.how.label().to_string()];
        facts.extend(r.level.map(|l| format!("{l}级")));
        facts.extend(r.kind.map(String::from));
        facts.extend(r.region.clone());
        writeln!(
            out,
            "{}  {year}  {name}{target}  [{}]",
            r.path,
            facts.join("，")
        )?;
        if let Some(note) = &r.note {
            if with_file || r.name.is_none() {
                writeln!(out, "    {note}")?;
            }
        }
    }
    let matched = rows.iter().filter(|r| r.how != How::Unmatched).count();
    let groups: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    writeln!(out)?;
    if with_file {
        let by = |h: How| rows.iter().filter(|r| r.how == h).count();
        writeln!(
            out,
            "{} 份报告，{} 份匹配到机关名录中的 {} 个机关（名称一致 {}，别名一致 {}，规范化后一致 {}），{} 份未匹配；名录共 {} 个机关。",
            rows.len(),
            matched,
            rows.iter()
                .filter_map(|r| r.body.as_deref())
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            by(How::Exact),
            by(How::Alias),
            by(How::Normalised),
            rows.len() - matched,
            bodies.bodies().len()
        )?;
    } else {
        writeln!(
            out,
            "{} 份报告，按规范化名称分为 {} 组（未提供机关名录 --bodies）。",
            rows.len(),
            groups.len()
        )?;
    }
    // Names that may be one body: the user decides.
    let ms: Vec<Match> = rows
        .iter()
        .filter(|r| r.how == How::Unmatched)
        .map(|r| bodies.match_name(r.name.as_deref()))
        .collect();
    for names in suggestions(&ms) {
        writeln!(
            out,
            "提示：{} 可能是同一机关；若是，在机关名录中把其余名称写入该机关的 aliases 列。",
            names
                .iter()
                .map(|n| format!("“{n}”"))
                .collect::<Vec<_>>()
                .join("、")
        )?;
    }
    writeln!(
        out,
        "更正匹配：编辑机关名录（CSV/XLSX，列 name, aliases, 行政区划代码, level, kind, parent；示例 samples/bodies.csv），把报告所用名称加到对应机关的 aliases 列（多个别名以；分隔），再用 --bodies 指定该文件。"
    )?;
    Ok(())
}
