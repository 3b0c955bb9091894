//! `check --format tsv` follows shared/spec/README.md:
//! `file<TAB>code<TAB>severity<TAB>subject<TAB>message`, one line per finding;
//! subject = relation_id for arithmetic findings, a cell id for one-cell
//! findings, else empty; no tabs or newlines inside fields.

use std::collections::BTreeSet;
use std::path::PathBuf;

use gongkai_check::output::write_tsv;
use gongkai_check::testing::ReportBuilder;
use gongkai_check::{Checker, Finding};
use gongkai_model::{TemplateId, Value};

fn spec(name: &str) -> Vec<Vec<String>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/spec")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

fn findings() -> Vec<Finding> {
    let broken = ReportBuilder::new(TemplateId::Y2021)
        .path("a\tb.txt")
        .num("apply.total.natural_person", 3)
        .blank("review.corrected")
        .value("active.license.decisions", Value::Text("若干\n件".into()))
        .num("apply.carried_out.total", -1)
        .sections(&[1, 2, 3, 4, 6])
        .published(2024, 3, 1)
        .build();
    let old = ReportBuilder::new(TemplateId::Y2019)
        .path("old.txt")
        .year(2022)
        .dec("active.procurement.amount", "356000")
        .build();
    let checker = Checker::default();
    let mut all = checker.check_all([(&broken, None), (&old, None)]);
    all.extend(checker.unreadable("x.pdf", "第一行\n第二行\t制表符"));
    all
}

#[test]
fn tsv_lines_follow_the_contract() {
    let relations: BTreeSet<String> = spec("relations.tsv")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    let cells: BTreeSet<String> = spec("cells.tsv")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    let findings = findings();
    let mut out = Vec::new();
    write_tsv(&mut out, &findings).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), findings.len());
    assert!(text.ends_with('\n'));
    let mut seen_codes = BTreeSet::new();
    for (line, f) in lines.iter().zip(&findings) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 5, "{line:?}");
        let (file, code, severity, subject, message) =
            (fields[0], fields[1], fields[2], fields[3], fields[4]);
        assert!(!file.is_empty() && !message.is_empty(), "{line:?}");
        assert!(["error", "warning", "info"].contains(&severity), "{line:?}");
        assert!(gongkai_check::rule(code).is_some(), "{line:?}");
        seen_codes.insert(code.to_string());
        match code {
            "A001" | "A002" | "X001" | "X002" => {
                assert!(
                    relations.contains(subject),
                    "arithmetic subject {subject:?} is not a relation id"
                )
            }
            _ if f.cells.len() == 1 && !subject.is_empty() => {
                assert!(
                    cells.contains(subject),
                    "one-cell subject {subject:?} is not a cell id"
                )
            }
            _ => {}
        }
        if !subject.is_empty() && !code.starts_with(['A', 'X', 'N']) {
            assert!(
                cells.contains(subject),
                "subject {subject:?} of {code} is not a cell id"
            );
        }
    }
    for code in [
        "A001", "A002", "V001", "V002", "V003", "S001", "S006", "D001", "P001", "F001",
    ] {
        assert!(seen_codes.contains(code), "fixture should produce {code}");
    }
    assert!(
        text.contains("a b.txt\t"),
        "tabs in the file name become spaces"
    );
    assert!(text.contains("第一行 第二行 制表符"));
}

#[test]
fn json_carries_the_fields() {
    let findings = findings();
    let mut out = Vec::new();
    gongkai_check::output::write_json(&mut out, &findings).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), findings.len());
    for key in [
        "code", "severity", "file", "subject", "cells", "spans", "message", "hint",
    ] {
        assert!(arr[0].get(key).is_some(), "missing {key}");
    }
    let back: Vec<Finding> = serde_json::from_slice(&out).unwrap();
    assert_eq!(back, findings);
}
