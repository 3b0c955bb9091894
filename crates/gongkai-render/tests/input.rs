//! The hand-written input: the examples in samples/render render cleanly and
//! come back from the extractor unchanged; mistakes are clear errors.

use std::path::{Path, PathBuf};

use gongkai_ingest::Limits;
use gongkai_model::{Decimal, SourceInfo, TemplateId, Value};
use gongkai_render::{parse, problems, render, Format, InputKind, Overrides};

fn sample(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/render")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn examples_render_without_problems_and_round_trip() {
    for (name, template) in [
        ("example-2019.toml", TemplateId::Y2019),
        ("example-2021.toml", TemplateId::Y2021),
    ] {
        let (doc, kind) = parse(&sample(name), &Overrides::default()).expect(name);
        assert_eq!(kind, InputKind::Toml);
        assert_eq!(doc.template, template);
        assert!(problems(&doc).is_empty(), "{name}: {:?}", problems(&doc));
        assert!(!doc.sections.overview.is_empty() && !doc.sections.other.is_empty());
        for format in [Format::Docx, Format::Html, Format::Markdown] {
            let bytes = render(&doc, format);
            let file = format!("x.{}", format.extension());
            let read = gongkai_ingest::read(&bytes, Some(Path::new(&file)), &Limits::default())
                .expect("rendered output reads");
            // The narrative is in the output.
            assert!(
                read.text.contains("围绕教育中心工作推进政府信息公开"),
                "{name} {format:?}"
            );
            for n in 1..=6 {
                let h = gongkai_render::section_heading(n);
                assert!(read.text.contains(&h), "{name} {format:?}: {h}");
            }
            let got = gongkai_extract::extract(&read, SourceInfo::default());
            assert_eq!(got.agency(), Some("临江市教育局"));
            for (c, v) in template.get().cells.iter().zip(&doc.values) {
                assert_eq!(got.value(&c.id), v, "{name} {format:?} {}", c.id);
            }
        }
    }
}

#[test]
fn the_same_input_in_json_reads_the_same() {
    let (doc, _) = parse(&sample("example-2021.toml"), &Overrides::default()).expect("toml");
    let def = doc.template.get();
    let mut cells = serde_json::Map::new();
    for (c, v) in def.cells.iter().zip(&doc.values) {
        let j = match v {
            Value::Number(d) if d.scale() == 0 => serde_json::json!(d.mantissa() as i64),
            other => serde_json::json!(other.tsv()),
        };
        cells.insert(c.id.clone(), j);
    }
    let json = serde_json::json!({
        "agency": doc.agency, "year": doc.year, "template": "2021",
        "preamble": doc.preamble, "date": doc.date,
        "sections": {"overview": doc.sections.overview, "problems": doc.sections.problems, "other": doc.sections.other},
        "cells": cells,
    });
    let (back, kind) = parse(&json.to_string(), &Overrides::default()).expect("json");
    assert_eq!(kind, InputKind::Json);
    assert_eq!(back, doc);
}

fn error_of(text: &str) -> String {
    match parse(text, &Overrides::default()) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn mistakes_are_clear_errors() {
    let full = sample("example-2021.toml");
    // A missing cell is not taken as 0.
    let missing = full.replace("\"apply.new.research\" = 0\n", "");
    let e = error_of(&missing);
    assert!(
        e.contains("缺少 1 个单元格") && e.contains("apply.new.research"),
        "{e}"
    );
    assert!(e.contains("不会当作 0"), "{e}");
    // A decimal written as a TOML float would lose its printed decimals.
    let e = error_of(&full.replace("\"12.50\"", "12.5"));
    assert!(
        e.contains("active.fees.amount") && e.contains("字符串"),
        "{e}"
    );
    // A value that is not a number or a mark.
    let e = error_of(&full.replace(
        "\"apply.new.research\" = 0",
        "\"apply.new.research\" = \"三\"",
    ));
    assert!(
        e.contains("apply.new.research") && e.contains("不是数字"),
        "{e}"
    );
    // A cell id of the other template.
    let e = error_of(&full.replace(
        "\"apply.new.research\" = 0",
        "\"apply.new.research\" = 0\n\"active.procurement.items\" = 1",
    ));
    assert!(
        e.contains("active.procurement.items") && e.contains("2021"),
        "{e}"
    );
    // An unknown template, an unknown key, bad syntax.
    assert!(error_of(&full.replace("template = \"2021\"", "template = \"2020\"")).contains("2019"));
    assert!(
        error_of(&full.replace("[sections]", "[sections]\nsummary = \"x\"")).contains("summary")
    );
    assert!(error_of("agency = ").contains("TOML"));
    assert!(error_of("[1, 2").contains("JSON"));
    assert!(error_of("[]").contains("0 份报告"));
}

#[test]
fn marks_and_absent_rows_are_kept() {
    let full = sample("example-2019.toml");
    let (doc, _) = parse(&full, &Overrides::default()).expect("toml");
    assert_eq!(doc.value("active.procurement.items"), &Value::NotApplicable);
    assert_eq!(doc.value("active.other_services.prev_items"), &Value::Blank);
    assert_eq!(
        doc.value("active.license.change"),
        &Value::Number(Decimal::from(-3))
    );
    // A whole row marked absent is left out of the table, not printed as 0.
    let no_rules = full
        .lines()
        .map(|l| {
            if l.starts_with("\"active.rules.") {
                format!(
                    "{} \"-\"",
                    l.split('=')
                        .next()
                        .unwrap_or_default()
                        .trim_end()
                        .to_owned()
                        + " ="
                )
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (doc, _) = parse(&no_rules, &Overrides::default()).expect("toml");
    assert!(problems(&doc).is_empty());
    let html = String::from_utf8(render(&doc, Format::Html)).expect("utf-8");
    assert!(!html.contains(">规章<"), "the 规章 row is left out");
    assert!(html.contains(">规范性文件<"));
    // A single absent cell in a printed row cannot be shown: a problem.
    let one = full.replace("\"active.rules.made\" = 0", "\"active.rules.made\" = \"-\"");
    let (doc, _) = parse(&one, &Overrides::default()).expect("toml");
    let p = problems(&doc);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("active.rules.made") && !p[0].broken_relation);
}

#[test]
fn broken_relations_are_listed_with_the_arithmetic() {
    let full = sample("example-2021.toml");
    let broken = full.replace(
        "\"apply.new.natural_person\" = 30",
        "\"apply.new.natural_person\" = 31",
    );
    let (doc, _) = parse(&broken, &Overrides::default()).expect("toml");
    let p = problems(&doc);
    let ids: Vec<&str> = p.iter().map(|p| p.subject.as_str()).collect();
    // The row total and the 勾稽 of the 自然人 column break.
    assert_eq!(
        ids,
        ["apply.row.new", "apply.balance.natural_person"],
        "{p:?}"
    );
    let m = &p[1].message;
    assert!(m.contains("勾稽"), "{m}");
    assert!(
        m.contains("一、本年新收·自然人［apply.new.natural_person］31"),
        "{m}"
    );
    assert!(
        m.contains("= 33") && m.contains("= 32") && m.contains("相差 1"),
        "{m}"
    );
}
