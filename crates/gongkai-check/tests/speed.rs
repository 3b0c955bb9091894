//! Checking must add only a few percent to extraction. Run with
//! `cargo test --release -p gongkai-check --test speed -- --ignored --nocapture`
//! (timings in a debug build mean nothing, so it is ignored by default).
//! `GONGKAI_SPEED_FILES=1` prints the cost per report, `GONGKAI_SPEED_RULES=1`
//! per rule.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use gongkai_check::Checker;
use gongkai_ingest::{read_path, Document, Limits};
use gongkai_model::{Report, SourceInfo};

fn corpus() -> Vec<(Document, SourceInfo)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| {
        let n = p.to_string_lossy();
        n.ends_with(".txt") || n.ends_with(".html")
    });
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            let doc = read_path(p, &Limits::default()).ok()?;
            let source = SourceInfo {
                path: p.display().to_string(),
                ..SourceInfo::default()
            };
            Some((doc, source))
        })
        .collect()
}

fn time(rounds: u32, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..rounds {
        f();
    }
    start.elapsed() / rounds
}

#[test]
#[ignore = "timing: run in release with --ignored --nocapture"]
fn checking_costs_a_few_percent_of_extraction() {
    let docs = corpus();
    let reports: Vec<Report> = docs
        .iter()
        .map(|(d, s)| gongkai_extract::extract(d, s.clone()))
        .collect();
    let checker = Checker::default();
    let rounds = 50;
    let extract = time(rounds, || {
        for (d, s) in &docs {
            std::hint::black_box(gongkai_extract::extract(d, s.clone()));
        }
    });
    let check = time(rounds, || {
        for (r, (d, _)) in reports.iter().zip(&docs) {
            std::hint::black_box(checker.check_report(r, Some(d)));
        }
    });
    let batch = time(rounds, || {
        let mut b = checker.batch();
        for (r, (d, _)) in reports.iter().zip(&docs) {
            b.add(r, Some(d));
        }
        std::hint::black_box(b.finish());
    });
    let sketch = time(rounds, || {
        for (d, _) in &docs {
            std::hint::black_box(gongkai_check::similarity::Sketch::of_document(d));
        }
    });
    if std::env::var_os("GONGKAI_SPEED_FILES").is_some() {
        for (r, (d, s)) in reports.iter().zip(&docs) {
            let e = time(rounds, || {
                std::hint::black_box(gongkai_extract::extract(d, s.clone()));
            });
            let c = time(rounds, || {
                std::hint::black_box(checker.check_report(r, Some(d)));
            });
            let n = checker.check_report(r, Some(d)).len();
            println!(
                "  {:5.1}% {:>4} findings  {}",
                100.0 * c.as_secs_f64() / e.as_secs_f64(),
                n,
                s.path.rsplit('/').next().unwrap_or("")
            );
        }
    }
    if std::env::var_os("GONGKAI_SPEED_RULES").is_some() {
        for rule in gongkai_check::rules() {
            let mut c = gongkai_check::Config::default();
            c.set_select(&[rule.info.code.to_string()]).unwrap_or(());
            let checker = Checker::new(c);
            let t = time(rounds, || {
                for (r, (d, _)) in reports.iter().zip(&docs) {
                    std::hint::black_box(checker.check_report(r, Some(d)));
                }
            });
            println!("  {} {:?}", rule.info.code, t);
        }
    }
    let pct = |d: Duration| 100.0 * d.as_secs_f64() / extract.as_secs_f64();
    println!(
        "{} reports: extract {:?}, check_report {:?} ({:.1}%), batch {:?} ({:.1}%), sketches {:?} ({:.1}%)",
        docs.len(),
        extract,
        check,
        pct(check),
        batch,
        pct(batch),
        sketch,
        pct(sketch)
    );
    // A report with many findings (shanghai-gov-office: 116 blank cells and
    // the relations they leave undecidable) costs more: messages are
    // formatted. Over the corpus the whole batch stays well under a fifth.
    assert!(
        pct(check) < 12.0,
        "checking costs {:.1}% of extraction",
        pct(check)
    );
    assert!(
        pct(batch) < 20.0,
        "a batch costs {:.1}% of extraction",
        pct(batch)
    );
}
