//! The declared templates must be exactly those of `../shared/spec`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use gongkai_model::{TableId, TemplateId};

fn spec_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.join("../../../shared/spec")
}

fn read_tsv(name: &str) -> Vec<Vec<String>> {
    let path = spec_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn cells_match_spec() {
    let spec: BTreeSet<Vec<String>> = read_tsv("cells.tsv").into_iter().collect();
    let mut declared = BTreeSet::new();
    for t in TemplateId::ALL {
        let def = t.get();
        for cell in &def.cells {
            let row = def.row_of(cell);
            let col = def.column_of(cell);
            declared.insert(vec![
                cell.id.clone(),
                t.as_str().to_string(),
                cell.table.spec_name().to_string(),
                row.path.clone(),
                col.label.to_string(),
                cell.kind.as_str().to_string(),
            ]);
        }
    }
    let missing: Vec<_> = spec.difference(&declared).collect();
    let extra: Vec<_> = declared.difference(&spec).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "in spec but not declared: {missing:#?}\ndeclared but not in spec: {extra:#?}"
    );
}

#[test]
fn cell_order_is_spec_order() {
    // Within a template, cells.tsv lists cells table by table, row-major.
    for t in TemplateId::ALL {
        let spec: Vec<String> = read_tsv("cells.tsv")
            .into_iter()
            .filter(|r| r[1] == t.as_str())
            .map(|r| r[0].clone())
            .collect();
        let declared: Vec<String> = t.get().cells.iter().map(|c| c.id.clone()).collect();
        assert_eq!(spec, declared, "template {t}");
    }
}

#[test]
fn relations_match_spec() {
    let spec: BTreeSet<Vec<String>> = read_tsv("relations.tsv").into_iter().collect();
    let mut declared = BTreeSet::new();
    for t in TemplateId::ALL {
        for r in &t.get().relations {
            let side = |terms: &[gongkai_model::Term]| {
                terms.iter().map(|t| t.spec()).collect::<Vec<_>>().join(" ")
            };
            declared.insert(vec![
                r.id.clone(),
                t.as_str().to_string(),
                r.scope.as_str().to_string(),
                r.severity.as_str().to_string(),
                side(&r.lhs),
                side(&r.rhs),
                r.meaning.to_string(),
            ]);
        }
    }
    let missing: Vec<_> = spec.difference(&declared).collect();
    let extra: Vec<_> = declared.difference(&spec).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "in spec but not declared: {missing:#?}\ndeclared but not in spec: {extra:#?}"
    );
}

#[test]
fn every_relation_names_declared_cells() {
    for t in TemplateId::ALL {
        let def = t.get();
        for r in &def.relations {
            for term in r.terms() {
                assert!(def.cell(&term.cell).is_some(), "{}: {}", r.id, term.cell);
            }
        }
        for id in TableId::ALL {
            assert_eq!(def.table(id).id, id);
        }
    }
}
