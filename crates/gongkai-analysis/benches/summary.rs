//! Summary over 100,000 reports already in memory (after extraction):
//! `cargo bench -p gongkai-analysis --bench summary`.
//!
//! The reports are built from the template declarations with consistent
//! tables (every relation holds) and varied numbers; 1,000 distinct reports
//! are fed 100 times each under new file names, agencies and years, which
//! costs the builder exactly what 100,000 distinct reports would.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use gongkai_analysis::SummaryBuilder;
use gongkai_check::Checker;
use gongkai_model::{
    Cell, Decimal, Located, Report, RowRole, SourceInfo, TableId, TemplateId, Value,
};

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A report whose tables add up: table 三's result rows random, the 总计
/// column and row and the intake rows derived; table 四's totals derived.
fn report(t: TemplateId, rng: &mut Rng, i: usize) -> Report {
    let def = t.get();
    let mut values: Vec<Decimal> = vec![Decimal::ZERO; def.cells.len()];
    let apply = &def.table(TableId::Apply).blocks[0];
    let ncol = apply.columns.len();
    let mut col_sums = vec![Decimal::ZERO; ncol];
    for (r, row) in apply.rows.iter().enumerate() {
        let cells = def.row_cells(TableId::Apply, 0, r);
        if row.role == RowRole::Result {
            let mut total = Decimal::ZERO;
            for (c, &idx) in cells.iter().take(ncol - 1).enumerate() {
                let v = Decimal::from(rng.next(if c == 0 { 40 } else { 4 }));
                values[idx] = v;
                total += v;
                col_sums[c] += v;
            }
            values[cells[ncol - 1]] = total;
            col_sums[ncol - 1] += total;
        }
    }
    for (r, row) in apply.rows.iter().enumerate() {
        let cells = def.row_cells(TableId::Apply, 0, r);
        let fill = matches!(row.role, RowRole::ResultTotal) || row.id == "new";
        if fill {
            for (c, &idx) in cells.iter().enumerate() {
                values[idx] = col_sums[c];
            }
        }
    }
    let review = &def.table(TableId::Review).blocks[0];
    for r in 0..review.rows.len() {
        let cells = def.row_cells(TableId::Review, 0, r);
        let mut total = Decimal::ZERO;
        for &idx in &cells[..cells.len() - 1] {
            let v = Decimal::from(rng.next(3));
            values[idx] = v;
            total += v;
        }
        values[cells[cells.len() - 1]] = total;
    }
    for (idx, c) in def.cells.iter().enumerate() {
        if c.table == TableId::Active {
            values[idx] = Decimal::from(rng.next(500));
        }
    }
    let mut r = Report::empty(SourceInfo {
        path: format!("r{i}.txt"),
        format: "text".into(),
        encoding: "utf-8".into(),
        bytes: 0,
    });
    r.template = Some(t);
    r.meta.year = Some(Located::new(
        if t == TemplateId::Y2019 {
            2020
        } else {
            2021 + (i % 4) as i32
        },
        None,
    ));
    r.meta.agency = Some(Located::new(format!("某市第{}局", i % 997), None));
    r.cells = def
        .cells
        .iter()
        .zip(values)
        .map(|(c, v)| Cell {
            // A few blanks and unknowns, as in real reports.
            value: match rng.next(200) {
                0 => Value::Blank,
                1 => Value::Unknown,
                _ => Value::Number(v),
            },
            ..Cell::absent(c.id.clone())
        })
        .collect();
    r
}

fn reports(n: usize) -> Vec<Report> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| {
            let t = if i % 5 == 0 {
                TemplateId::Y2019
            } else {
                TemplateId::Y2021
            };
            report(t, &mut rng, i)
        })
        .collect()
}

const TOTAL: usize = 100_000;

fn summary(c: &mut Criterion) {
    let mut base = reports(1_000);
    let mut group = c.benchmark_group("summary");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (name, by) in [("100k_by_year", "year"), ("100k_by_agency", "agency")] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut builder = SummaryBuilder::new(by, 10);
                for round in 0..TOTAL / base.len() {
                    for (i, r) in base.iter_mut().enumerate() {
                        r.source.path.clear();
                        r.source.path.push_str(&format!("{round}/{i}.txt"));
                        let key = match by {
                            "year" => format!("{}年", r.year().unwrap_or_default()),
                            _ => format!("机关{}", (round * 1000 + i) % 10_000),
                        };
                        builder.add(&key, r, &[]);
                    }
                }
                black_box(builder.finish())
            })
        });
    }
    // What the summary command adds per report: the checker (run on the
    // worker threads in the CLI).
    let checker = Checker::default();
    group.bench_function("check_1k_reports", |b| {
        b.iter(|| {
            let mut n = 0;
            for r in &base {
                n += checker.check_report(r, None).len();
            }
            black_box(n)
        })
    });
    group.finish();
}

criterion_group!(benches, summary);
criterion_main!(benches);
