//! `gongkai summary`: roll-ups of many reports per group, with rates,
//! distributions, top bodies and the data-quality view.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use gongkai_agency::{AdminLevel, Bodies, Kind};
use gongkai_analysis::{output, SummaryBuilder};
use gongkai_check::{Checker, Config};
use gongkai_ingest::Limits;
use gongkai_model::Report;

use crate::batch::{self, Tally};
use gongkai_batch::expand;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// All reports in one group.
    All,
    /// The year reported on.
    Year,
    /// The national format (2019 / 2021).
    Template,
    /// The body (matched with --bodies, else by normalised name).
    Agency,
    /// The 行政区划代码 of the body (needs --bodies).
    Region,
    /// The administrative level 国家/省/市/县/乡 (from --bodies, else judged
    /// from the name).
    Level,
}

impl By {
    fn as_str(self) -> &'static str {
        match self {
            By::All => "all",
            By::Year => "year",
            By::Template => "template",
            By::Agency => "agency",
            By::Region => "region",
            By::Level => "level",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// Readable text: measures, rates with their definitions, top bodies,
    /// data quality (--cells adds every cell's sum).
    Text,
    /// The whole summary as JSON (groups, roll-ups, coverage, rates …).
    Json,
    /// The roll-ups only, as a JSON array of reports: readable again by
    /// `check`, `render`, `summary`, `compare`.
    Rollup,
    /// One self-contained HTML page with tables and SVG charts.
    Html,
    /// An Excel workbook (one sheet per table, rates, distributions,
    /// ranking, data quality); needs --output.
    Xlsx,
}

/// 汇总多份年度报告。Sum reports per group: every cell, rates, distributions.
///
/// Every report is extracted (or read from `extract --format json` output)
/// and checked; each group's sums form a report of the same template (a
/// group mixing 2019 and 2021 reports has one roll-up per template — cells
/// of different templates are never mapped onto each other). Blank, `/`,
/// absent and unknown cells are not summed; how many reports gave a number
/// is reported for every cell.
///
/// Rates (definitions are printed with them): 予以公开率, 部分公开率,
/// 不予公开率, 无法提供率, 不予处理率 (each ÷ 办理结果总计), 复议纠错率 and
/// 诉讼纠错率 (结果纠正 ÷ 总计). Per-body measures with median, P90 and max;
/// the bodies with the most new requests; the share of reports with
/// error-level findings by rule family.
#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Report files, directories, glob patterns, .zip archives, and .json
    /// reports saved by `extract --format json` (or roll-ups).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Group the reports by this.
    #[arg(long, value_enum, default_value = "all")]
    by: By,
    /// Bodies file (CSV/TSV/XLSX: name, aliases, 行政区划代码, level, kind,
    /// parent) for --by agency|region|level; see `gongkai agencies`.
    #[arg(long)]
    bodies: Option<PathBuf>,
    /// With --by region: total each region at this level — 省, 市, 县 or 乡
    /// (or province, city, county, township): the bodies of a city's
    /// districts and departments fall under the city's code. Bodies above
    /// the level keep their own code. Default: each body's own code.
    #[arg(long, value_parser = parse_level)]
    region_level: Option<AdminLevel>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: SummaryFormat,
    /// Write the output to this file instead of stdout (required for xlsx).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Length of the top-bodies lists.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Text output: list every cell's sum and how many reports gave a
    /// number, a blank, `/`, nothing, or an unknown value.
    #[arg(long)]
    cells: bool,
    /// Configuration file for the checks (default: gongkai.toml found upward
    /// from the current directory).
    #[arg(long)]
    config: Option<PathBuf>,
}

fn parse_level(s: &str) -> Result<AdminLevel, String> {
    AdminLevel::parse(s)
        .filter(|l| *l != AdminLevel::National)
        .ok_or_else(|| format!("层级“{s}”无法识别：应为 省、市、县 或 乡"))
}

struct Grouper {
    by: By,
    region_level: Option<AdminLevel>,
    bodies: Bodies,
    /// Region code → the name of the government with that code.
    governments: HashMap<String, String>,
    /// Agency key → the name its group is shown under.
    labels: HashMap<String, String>,
}

impl Grouper {
    fn key(&mut self, report: &Report) -> (String, i64) {
        match self.by {
            By::All => ("全部".into(), 0),
            By::Year => match report.year() {
                Some(y) => (format!("{y}年"), i64::from(y)),
                None => ("（年度不明）".into(), i64::MAX),
            },
            By::Template => match report.template {
                Some(t) => (format!("{} 模板", t.as_str()), 0),
                None => ("（未找到表格）".into(), 1),
            },
            By::Agency => {
                // Grouped by the matching key (the body, else the normalised
                // name), shown under the first name seen for it.
                let m = self.bodies.match_report(report);
                if m.key.is_empty() {
                    return ("（未识别机关）".into(), 1);
                }
                let label = self
                    .labels
                    .entry(m.key.clone())
                    .or_insert_with(|| m.display_name().to_string());
                (label.clone(), 0)
            }
            By::Region => {
                let m = self.bodies.match_report(report);
                match m.region {
                    Some(code) => {
                        let code = self
                            .region_level
                            .and_then(|l| code.ancestor(l))
                            .unwrap_or_else(|| code.as_str().to_string());
                        let code = code.as_str();
                        match self.governments.get(code) {
                            Some(name) => (format!("{code} {name}"), 0),
                            None => (code.to_string(), 0),
                        }
                    }
                    None => ("（无行政区划代码）".into(), 1),
                }
            }
            By::Level => {
                let m = self.bodies.match_report(report);
                match m.level {
                    Some(l) => (
                        format!("{}级", l.as_str()),
                        AdminLevel::ALL.iter().position(|x| *x == l).unwrap_or(9) as i64,
                    ),
                    None => ("（层级不明）".into(), 99),
                }
            }
        }
    }
}

fn load_config(path: Option<&Path>) -> anyhow::Result<Config> {
    Ok(match path {
        Some(p) => Config::load(p)?,
        None => {
            let cwd = std::env::current_dir().context("无法确定当前目录")?;
            match Config::discover(&cwd) {
                Some(p) => Config::load(&p)?,
                None => Config::default(),
            }
        }
    })
}

pub fn run(args: SummaryArgs) -> anyhow::Result<u8> {
    if args.format == SummaryFormat::Xlsx && args.output.is_none() {
        bail!("--format xlsx 需要 --output 文件路径（例如 -o 汇总.xlsx）");
    }
    if args.by == By::Region && args.bodies.is_none() {
        bail!(
            "--by region 需要机关名录 --bodies FILE（含 行政区划代码 列；见 samples/bodies.csv）"
        );
    }
    let bodies = match &args.bodies {
        Some(p) => Bodies::load(p).with_context(|| format!("无法读取机关名录 {}", p.display()))?,
        None => Bodies::default(),
    };
    let governments = bodies
        .bodies()
        .iter()
        .filter(|b| b.kind == Some(Kind::Government))
        .filter_map(|b| Some((b.region.as_ref()?.as_str().to_string(), b.name.clone())))
        .collect();
    if args.region_level.is_some() && args.by != By::Region {
        bail!("--region-level 只用于 --by region");
    }
    let mut grouper = Grouper {
        by: args.by,
        region_level: args.region_level,
        bodies,
        governments,
        labels: HashMap::new(),
    };
    let checker = Checker::new(load_config(args.config.as_deref())?);
    let sources = expand(&args.paths);
    if sources.is_empty() {
        bail!("没有找到报告文件：请给出报告文件、目录、.zip 或 extract --format json 的输出");
    }
    let limits = Limits::default();
    let mut builder = SummaryBuilder::new(args.by.as_str(), args.top);
    let mut pairing = checker.batch();
    let mut tally = Tally::default();
    batch::run(
        &sources,
        &limits,
        |loaded| match loaded.result {
            Ok((doc, report)) => {
                let findings = checker.check_report(&report, doc.as_ref());
                (loaded.shown, Ok((report, findings)))
            }
            Err(e) => (loaded.shown, Err(e)),
        },
        |(shown, result)| match result {
            Ok((report, findings)) => {
                tally.count(&shown, None);
                let (key, rank) = grouper.key(&report);
                builder.add_ranked(&key, rank, &report, &findings);
                pairing.remember(&report, None);
            }
            Err(e) => tally.count(&shown, Some(&e)),
        },
    );
    // Findings across consecutive years of one body (X rules).
    let across = pairing.finish();
    builder.add_findings(&across.findings);
    if builder.is_empty() {
        tally.print("");
        bail!("没有读取到任何报告");
    }
    let summary = builder.finish();
    let out_path = args.output.as_deref();
    match args.format {
        SummaryFormat::Text => write_out(
            out_path,
            output::text::summary(&summary, args.cells).as_bytes(),
        )?,
        SummaryFormat::Html => write_out(out_path, output::html::summary(&summary).as_bytes())?,
        SummaryFormat::Json => {
            let text = serde_json::to_string_pretty(&summary)?;
            write_out(out_path, format!("{text}\n").as_bytes())?
        }
        SummaryFormat::Rollup => {
            let groups = if summary.groups.len() == 1 {
                vec![&summary.total]
            } else {
                summary.groups.iter().collect()
            };
            let reports: Vec<&Report> = groups
                .iter()
                .flat_map(|g| g.rollups.iter().map(|r| &r.report))
                .collect();
            let text = serde_json::to_string_pretty(&reports)?;
            write_out(out_path, format!("{text}\n").as_bytes())?
        }
        SummaryFormat::Xlsx => {
            let path = out_path.unwrap_or(Path::new("summary.xlsx"));
            output::xlsx::summary(&summary, path)
                .with_context(|| format!("无法写入 {}", path.display()))?;
        }
    }
    tally.print(&format!("；汇总为 {} 组", summary.groups.len()));
    Ok(0)
}

/// Write to the file, or to stdout.
pub fn write_out(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(p) => std::fs::write(p, bytes).with_context(|| format!("无法写入 {}", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}
