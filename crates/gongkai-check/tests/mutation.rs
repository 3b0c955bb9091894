//! Mutation test on the real corpus: extract every report of
//! `shared/corpus` with the real extractor, then
//!
//! * on the untouched report the checker (A001) must report exactly the
//!   report-scope relations its own numbers break, and
//! * for every numeric cell, after adding 1, it must report exactly the
//!   report-scope relations that now fail,
//!
//! where "fail" is computed here, independently of the checker and of the
//! model's relation list, from `shared/spec/relations.tsv`.
//!
//! Needs the extractor (`gongkai_extract::extract`): a corpus report without
//! a recognised template fails the test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gongkai_check::{Checker, Config};
use gongkai_ingest::{read_path, Limits};
use gongkai_model::{Decimal, Report, SourceInfo, Value};

struct SpecRelation {
    id: String,
    template: String,
    lhs: Vec<(String, bool)>,
    rhs: Vec<(String, bool)>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn spec_relations() -> Vec<SpecRelation> {
    let path = root().join("spec/relations.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let terms = |s: &str| -> Vec<(String, bool)> {
        s.split_whitespace()
            .map(|t| match t.strip_prefix('-') {
                Some(rest) => (rest.to_string(), true),
                None => (t.to_string(), false),
            })
            .collect()
    };
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[2] == "report").then(|| SpecRelation {
                id: f[0].to_string(),
                template: f[1].to_string(),
                lhs: terms(f[4]),
                rhs: terms(f[5]),
            })
        })
        .collect()
}

/// The report-scope relations of the report's template whose cells are all
/// numbers and whose sides differ.
fn failing(report: &Report, relations: &[SpecRelation]) -> BTreeSet<String> {
    let Some(t) = report.template else {
        return BTreeSet::new();
    };
    let side = |terms: &[(String, bool)]| -> Option<Decimal> {
        let mut sum = Decimal::ZERO;
        for (id, neg) in terms {
            let v = report.number(id)?;
            if *neg {
                sum -= v
            } else {
                sum += v
            }
        }
        Some(sum)
    };
    relations
        .iter()
        .filter(|r| r.template == t.as_str())
        .filter(|r| matches!((side(&r.lhs), side(&r.rhs)), (Some(a), Some(b)) if a != b))
        .map(|r| r.id.clone())
        .collect()
}

fn reported(checker: &Checker, report: &Report) -> BTreeSet<String> {
    checker
        .check_report(report, None)
        .into_iter()
        .map(|f| f.subject)
        .collect()
}

fn corpus_files() -> Vec<PathBuf> {
    let dir = root().join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.to_string_lossy();
            (name.ends_with(".txt") || name.ends_with(".html")) && !name.ends_with(".truth.tsv")
        })
        .collect();
    files.sort();
    files
}

fn extract(path: &Path) -> Report {
    let doc =
        read_path(path, &Limits::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let source = SourceInfo {
        path: path.display().to_string(),
        format: doc.format.as_str().to_string(),
        encoding: doc.encoding.clone(),
        bytes: 0,
    };
    gongkai_extract::extract(&doc, source)
}

#[test]
fn checker_reports_exactly_the_broken_relations_under_mutation() {
    let relations = spec_relations();
    assert!(
        relations.len() >= 80,
        "relations.tsv has {} report-scope relations",
        relations.len()
    );
    let mut config = Config::default();
    config.set_select(&["A001".to_string()]).unwrap();
    let checker = Checker::new(config);
    let files = corpus_files();
    assert!(!files.is_empty());
    let mut mutations = 0;
    for path in &files {
        let report = extract(path);
        assert!(
            report.template.is_some() && !report.cells.is_empty(),
            "{}: the extractor found no template (is gongkai_extract::extract implemented?)",
            path.display()
        );
        let base = failing(&report, &relations);
        assert_eq!(
            reported(&checker, &report),
            base,
            "{}: untouched report",
            path.display()
        );
        for i in 0..report.cells.len() {
            let Value::Number(d) = report.cells[i].value else {
                continue;
            };
            let mut mutated = report.clone();
            mutated.cells[i].value = Value::Number(d + Decimal::ONE);
            let expected = failing(&mutated, &relations);
            let got = reported(&checker, &mutated);
            assert_eq!(
                got,
                expected,
                "{}: {} + 1",
                path.display(),
                report.cells[i].id
            );
            // A relation that held and has this cell on exactly one side
            // must now be reported.
            let id = &report.cells[i].id;
            for r in relations
                .iter()
                .filter(|r| Some(r.template.as_str()) == report.template.map(|t| t.as_str()))
            {
                let on_left = r.lhs.iter().filter(|(c, _)| c == id).count();
                let on_right = r.rhs.iter().filter(|(c, _)| c == id).count();
                if on_left + on_right == 1 && !base.contains(&r.id) && failing_one(&mutated, r) {
                    assert!(
                        got.contains(&r.id),
                        "{}: {id} + 1 should break {}",
                        path.display(),
                        r.id
                    );
                }
            }
            mutations += 1;
        }
    }
    assert!(mutations > 500, "only {mutations} numeric cells mutated");
}

fn failing_one(report: &Report, r: &SpecRelation) -> bool {
    failing(report, std::slice::from_ref(r)).contains(&r.id)
}
