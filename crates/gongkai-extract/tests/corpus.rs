//! Every text, HTML and PDF report of the shared corpus must extract exactly as
//! its hand-checked truth file says (cells marked `?` are not scored; `V|?`
//! accepts V or `?`). Failures are listed cell by cell.

use std::path::{Path, PathBuf};

use gongkai_ingest::Limits;
use gongkai_model::SourceInfo;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn truth(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (k, v) = l.split_once('\t')?;
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

fn same_number(a: &str, b: &str) -> bool {
    match (
        a.parse::<gongkai_model::Decimal>(),
        b.parse::<gongkai_model::Decimal>(),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn accepts(truth: &str, got: &str) -> bool {
    if truth == "?" {
        return true;
    }
    if let Some((v, alt)) = truth.split_once('|') {
        return got == alt || accepts(v, got);
    }
    if truth.is_empty() || truth == "-" {
        return got.is_empty() || got == "-";
    }
    got == truth || same_number(truth, got)
}

#[test]
fn corpus_reports_extract_exactly() {
    let dir = corpus();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "html" | "htm" | "pdf")
            )
        })
        .collect();
    entries.sort();
    assert!(
        entries.len() >= 12,
        "corpus not found or too small: {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for path in &entries {
        let truth_path = path.with_extension("truth.tsv");
        if !truth_path.exists() {
            continue;
        }
        let doc = match gongkai_ingest::read_path(path, &Limits::default()) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{}: cannot read: {e}", path.display()));
                continue;
            }
        };
        let report = gongkai_extract::extract(&doc, SourceInfo::default());
        let mut got = std::collections::HashMap::new();
        got.insert(
            "meta.template".to_string(),
            report.template.map(|t| t.to_string()).unwrap_or_default(),
        );
        got.insert(
            "meta.year".to_string(),
            report.year().map(|y| y.to_string()).unwrap_or_default(),
        );
        for c in report.cells.iter().chain(report.extra_cells.iter()) {
            got.insert(c.id.clone(), c.value.tsv());
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        for (k, v) in truth(&truth_path) {
            if k == "meta.agency" {
                continue;
            }
            let g = got.get(&k).cloned().unwrap_or_else(|| "<missing>".into());
            if !accepts(&v, &g) {
                failures.push(format!("{name}: {k}: truth {v:?}, got {g:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
