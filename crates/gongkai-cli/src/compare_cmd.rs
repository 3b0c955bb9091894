//! `gongkai compare`: two reports, or two years of one body, cell by cell.

use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use gongkai_agency::{match_key, Bodies};
use gongkai_analysis::{compare, output, Threshold};
use gongkai_ingest::Limits;
use gongkai_model::{Decimal, Report};

use crate::batch::{self, Tally};
use crate::summary_cmd::write_out;
use gongkai_batch::expand;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// Changed cells, large changes, carry-over continuity.
    Text,
    /// The comparison as JSON.
    Json,
    /// One self-contained HTML page with tables and SVG charts.
    Html,
    /// An Excel workbook (对比, 跨年度衔接); needs --output.
    Xlsx,
}

/// 对比两份报告或同一机关的两个年度。Compare two reports cell by cell.
///
/// Give two reports (A, the earlier or base, then B), or reports of one body
/// for several years (a directory, a JSON array …): the two latest years are
/// compared, or those named by --years; with reports of several bodies,
/// choose one with --agency. When both years are known, the earlier report
/// is A.
///
/// For every cell: A, B, the change B − A and the change in percent; a
/// change is flagged as large when |B − A| ≥ --min-delta and the change is
/// at least --threshold percent (or A is 0). Cells are matched by id only:
/// a cell that exists in one template only is listed as such, never mapped.
/// The template's cross-year relations (二、上年结转 = last year's
/// 四、结转下年度继续办理, and for 2021 the 现行有效 flow) are evaluated with
/// A as the previous year.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two report files, or files/directories/archives/JSON holding reports
    /// of one body for several years.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Compare the reports of this body (name as printed, an alias from
    /// --bodies, or a part of the name).
    #[arg(long)]
    agency: Option<String>,
    /// The two years to compare, e.g. 2023,2024.
    #[arg(long, value_delimiter = ',', num_args = 1)]
    years: Vec<i32>,
    /// Bodies file (CSV/TSV/XLSX) for matching agency names.
    #[arg(long)]
    bodies: Option<PathBuf>,
    /// Percentage change at or above which a change is flagged as large.
    #[arg(long, default_value_t = 50.0)]
    threshold: f64,
    /// Smallest absolute change that can be flagged.
    #[arg(long, default_value = "10")]
    min_delta: Decimal,
    /// Text output: list unchanged cells too.
    #[arg(long)]
    all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: CompareFormat,
    /// Write the output to this file instead of stdout (required for xlsx).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
}

fn describe(r: &Report) -> String {
    format!(
        "{}（{}，{}）",
        r.source.path,
        r.agency().unwrap_or("机关不明"),
        r.year()
            .map(|y| format!("{y}年"))
            .unwrap_or_else(|| "年度不明".into())
    )
}

/// Choose A and B among the loaded reports.
fn choose(args: &CompareArgs, mut reports: Vec<Report>) -> anyhow::Result<(Report, Report)> {
    let bodies = match &args.bodies {
        Some(p) => Bodies::load(p).with_context(|| format!("无法读取机关名录 {}", p.display()))?,
        None => Bodies::default(),
    };
    if reports.len() == 2 && args.agency.is_none() && args.years.is_empty() {
        let b = reports.pop();
        let a = reports.pop();
        if let (Some(mut a), Some(mut b)) = (a, b) {
            if let (Some(ya), Some(yb)) = (a.year(), b.year()) {
                if ya > yb {
                    eprintln!("gongkai: 按年度排列：A 为 {yb} 年，B 为 {ya} 年");
                    std::mem::swap(&mut a, &mut b);
                }
            }
            return Ok((a, b));
        }
        bail!("需要两份报告");
    }
    if let Some(wanted) = &args.agency {
        let wanted_key = bodies.match_name(Some(wanted)).key;
        let plain = match_key(wanted);
        reports.retain(|r| {
            let m = bodies.match_report(r);
            m.key == wanted_key
                || m.key == plain
                || m.name
                    .as_deref()
                    .is_some_and(|n| n.contains(wanted.as_str()))
        });
        if reports.is_empty() {
            bail!("输入中没有“{wanted}”的报告（用 `gongkai agencies` 查看每份报告的机关名称）");
        }
    }
    let mut keys: Vec<String> = reports.iter().map(|r| bodies.match_report(r).key).collect();
    keys.sort();
    keys.dedup();
    if keys.len() > 1 && args.agency.is_some() {
        let mut names: Vec<String> = reports
            .iter()
            .filter_map(|r| bodies.match_report(r).name)
            .collect();
        names.sort();
        names.dedup();
        eprintln!(
            "gongkai: 按 --agency 把这些名称视为同一机关：{}",
            names.join("、")
        );
    } else if keys.len() > 1 {
        let mut names: Vec<String> = reports
            .iter()
            .map(|r| bodies.match_report(r).display_name().to_string())
            .collect();
        names.sort();
        names.dedup();
        bail!(
            "输入中有多个机关的报告（{}）：请用 --agency 指定一个，或只给两份报告",
            names.join("、")
        );
    }
    let mut years: Vec<i32> = reports.iter().filter_map(Report::year).collect();
    years.sort_unstable();
    years.dedup();
    let (ya, yb) = match args.years.as_slice() {
        [] => match years.as_slice() {
            [.., a, b] => (*a, *b),
            _ => bail!(
                "需要同一机关两个年度的报告，输入中只有 {} 个年度（{}）",
                years.len(),
                years
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        },
        [a, b] => (*a.min(b), *a.max(b)),
        _ => bail!("--years 需要两个年度，例如 --years 2023,2024"),
    };
    let mut pick = |y: i32| -> anyhow::Result<Report> {
        let found: Vec<usize> = (0..reports.len())
            .filter(|&i| reports[i].year() == Some(y))
            .collect();
        match found.as_slice() {
            [i] => Ok(reports.swap_remove(*i)),
            [] => bail!("输入中没有 {y} 年的报告"),
            many => bail!(
                "{y} 年有 {} 份报告：{}；请只给出要对比的两份",
                many.len(),
                many.iter()
                    .map(|&i| describe(&reports[i]))
                    .collect::<Vec<_>>()
                    .join("；")
            ),
        }
    };
    let a = pick(ya)?;
    let b = pick(yb)?;
    Ok((a, b))
}

pub fn run(args: CompareArgs) -> anyhow::Result<u8> {
    if args.format == CompareFormat::Xlsx && args.output.is_none() {
        bail!("--format xlsx 需要 --output 文件路径（例如 -o 对比.xlsx）");
    }
    if !(args.threshold.is_finite() && args.threshold >= 0.0) {
        bail!("--threshold 应为不小于 0 的百分数，例如 50");
    }
    let sources = expand(&args.paths);
    if sources.is_empty() {
        bail!("没有找到报告文件");
    }
    let mut reports = Vec::new();
    let mut tally = Tally::default();
    batch::run(
        &sources,
        &Limits::default(),
        |loaded| (loaded.shown, loaded.result.map(|(_, r)| r)),
        |(shown, result)| match result {
            Ok(r) => {
                tally.count(&shown, None);
                reports.push(r);
            }
            Err(e) => tally.count(&shown, Some(&e)),
        },
    );
    if !tally.failed.is_empty() {
        tally.print("");
    }
    let (a, b) = choose(&args, reports)?;
    let threshold = Threshold {
        percent: args.threshold,
        min_delta: args.min_delta.abs(),
    };
    let c = compare(&a, &b, threshold);
    let out = args.output.as_deref();
    match args.format {
        CompareFormat::Text => write_out(out, output::text::comparison(&c, args.all).as_bytes())?,
        CompareFormat::Html => write_out(out, output::html::comparison(&c, &a, &b).as_bytes())?,
        CompareFormat::Json => {
            let text = serde_json::to_string_pretty(&c)?;
            write_out(out, format!("{text}\n").as_bytes())?
        }
        CompareFormat::Xlsx => {
            if let Some(p) = out {
                output::xlsx::comparison(&c, p)
                    .with_context(|| format!("无法写入 {}", p.display()))?;
            }
        }
    }
    Ok(0)
}
