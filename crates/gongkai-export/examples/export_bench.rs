//! Time the export of many reports held in memory (extraction excluded).
//!
//! ```sh
//! cargo run --release -p gongkai-export --example export_bench -- 100000 parquet long /tmp/bench.parquet
//! ```
//!
//! Reports alternate between the two templates; every cell holds a number
//! (a tenth of them amounts with decimals) with provenance, as an extracted
//! report does. Memory: the reports are built in chunks of 1,000 and
//! dropped after writing, like the CLI's batches.

use std::time::Instant;

use gongkai_agency::Bodies;
use gongkai_export::{Entry, Exporter, Findings, Format, Options, Shape};
use gongkai_model::{
    Cell, Decimal, Located, Provenance, Report, SourceInfo, Span, TemplateId, Value,
};

fn report(n: usize) -> Report {
    let template = if n.is_multiple_of(2) {
        TemplateId::Y2021
    } else {
        TemplateId::Y2019
    };
    let mut r = Report::empty(SourceInfo {
        path: format!("reports/{:06}.txt", n),
        format: "text".into(),
        encoding: "UTF-8".into(),
        bytes: 20_000,
    });
    r.template = Some(template);
    let year = if template == TemplateId::Y2021 {
        2023
    } else {
        2020
    };
    r.meta.year = Some(Located::new(year, None));
    r.meta.agency = Some(Located::new(format!("某市第{}局", n % 5000), None));
    r.cells = template
        .get()
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let x = (n * 31 + i * 17) % 1000;
            let value = if i % 10 == 0 {
                Value::Number(Decimal::new(x as i64, 2))
            } else {
                Value::Number(Decimal::from(x as i64))
            };
            Cell {
                id: c.id.clone(),
                raw: Some(value.tsv()),
                value,
                at: Some(Provenance {
                    span: Span {
                        start: 5000 + i * 12,
                        end: 5003 + i * 12,
                        line: 100 + i as u32,
                        column: 7,
                    },
                    grid: None,
                }),
                candidates: Vec::new(),
                solved: false,
            }
        })
        .collect();
    r
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let format = match args.get(2).map(String::as_str) {
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        Some("jsonl") => Format::Jsonl,
        _ => Format::Parquet,
    };
    let shape = match args.get(3).map(String::as_str) {
        Some("wide") => Shape::Wide,
        _ => Shape::Long,
    };
    let default_out = format!("/tmp/gongkai-bench.{}", format.as_str());
    let out = args.get(4).cloned().unwrap_or(default_out);
    let bodies = Bodies::default();
    let mut exporter = match Exporter::create(
        out.as_ref(),
        Options {
            format,
            shape,
            bom: false,
        },
    ) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut building = std::time::Duration::ZERO;
    let start = Instant::now();
    for chunk in (0..count).collect::<Vec<_>>().chunks(1000) {
        let t = Instant::now();
        let reports: Vec<Report> = chunk.iter().map(|&n| report(n)).collect();
        building += t.elapsed();
        for r in &reports {
            let agency = bodies.match_report(r);
            let entry = Entry {
                path: &r.source.path,
                report: r,
                agency: &agency,
                findings: Findings::default(),
            };
            if let Err(e) = exporter.write(&entry) {
                eprintln!("{e}");
                std::process::exit(2);
            }
        }
    }
    let written = match exporter.finish() {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let total = start.elapsed();
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "{} reports, {} rows, {} {}: export {:.2} s (building the reports in memory {:.2} s excluded), {:.1} MB",
        written.reports,
        written.rows,
        format.as_str(),
        shape.as_str(),
        (total - building).as_secs_f64(),
        building.as_secs_f64(),
        size as f64 / 1e6
    );
}
