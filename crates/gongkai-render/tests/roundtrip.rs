//! Round trip: render → `gongkai_ingest::read` → `gongkai_extract::extract`
//! gives the same cells, for both templates and every output format — on the
//! truth files of the shared corpus and on random tables from gongkai-synth.
//!
//! Cells the input leaves unknown (`?` in a truth file) are printed `?`;
//! the extractor does not read a row holding a `?` back (see
//! [`rows_with_unknown`]), so those rows are not compared.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gongkai_ingest::Limits;
use gongkai_model::{Decimal, Report, SourceInfo, TemplateId, Value};
use gongkai_render::{render, Format, RenderDoc, Sections};
use gongkai_synth::{generate, parse_truth, seeded, Layout, Spec};

const FORMATS: [Format; 3] = [Format::Docx, Format::Html, Format::Markdown];

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// A truth-file value as a cell value: `V|?` is V, a lone `?` unknown.
fn truth_value(v: &str) -> Value {
    let v = v.split('|').next().unwrap_or("").trim();
    match v {
        "" => Value::Blank,
        "/" => Value::NotApplicable,
        "-" => Value::Absent,
        "?" => Value::Unknown,
        n => n
            .parse::<Decimal>()
            .map(Value::Number)
            .unwrap_or_else(|_| panic!("truth value {n:?}")),
    }
}

/// The render input of a truth file (meta lines, cells, `x.apply.other.*`).
fn doc_from_truth(pairs: &[(String, String)], sections: Sections) -> RenderDoc {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let template = TemplateId::parse(&get("meta.template")).expect("meta.template");
    let year: i32 = get("meta.year").parse().expect("meta.year");
    let def = template.get();
    let mut values = vec![Value::Absent; def.cells.len()];
    let mut single = Vec::new();
    for (k, v) in pairs {
        if let Some(i) = def.cell_index(k) {
            values[i] = truth_value(v);
        } else if k.starts_with(gongkai_render::input::SINGLE_OTHER_PREFIX) {
            single.push(truth_value(v));
        }
    }
    RenderDoc {
        template,
        agency: get("meta.agency"),
        year,
        preamble: format!("本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"),
        sections,
        date: Some(format!("{}年1月20日", year + 1)),
        values,
        single_other: (!single.is_empty()).then_some(single),
    }
}

fn narrative() -> Sections {
    Sections {
        overview: "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政府信息公开工作。\n加强政府信息管理和平台建设。".into(),
        active: String::new(),
        apply: String::new(),
        review: String::new(),
        problems: "政府信息公开工作仍存在公开内容不够全面等问题，下一步将加强培训。".into(),
        other: "本年度未收取信息处理费。".into(),
    }
}

fn extract(bytes: &[u8], format: Format) -> Report {
    let name = format!("rendered.{}", format.extension());
    let doc = gongkai_ingest::read(bytes, Some(Path::new(&name)), &Limits::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    gongkai_extract::extract(&doc, SourceInfo::default())
}

/// The cell ids of rows that hold an unknown value.
fn rows_with_unknown(doc: &RenderDoc) -> BTreeSet<String> {
    let def = doc.template.get();
    let mut out = BTreeSet::new();
    for (i, c) in def.cells.iter().enumerate() {
        if doc.values[i] == Value::Unknown {
            for k in def.row_cells(c.table, c.block, c.row) {
                out.insert(def.cells[k].id.clone());
            }
        }
    }
    out
}

/// Every difference between the input and what the extractor reads back.
fn differences(doc: &RenderDoc, got: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if got.template != Some(doc.template) {
        out.push(format!("template {:?} ≠ {}", got.template, doc.template));
    }
    if got.year() != Some(doc.year) {
        out.push(format!("year {:?} ≠ {}", got.year(), doc.year));
    }
    if got.agency() != Some(doc.agency.as_str()) {
        out.push(format!("agency {:?} ≠ {}", got.agency(), doc.agency));
    }
    let skip = rows_with_unknown(doc);
    let def = doc.template.get();
    for (i, c) in def.cells.iter().enumerate() {
        if skip.contains(&c.id) {
            continue;
        }
        let want = &doc.values[i];
        let have = got.value(&c.id);
        if want != have {
            out.push(format!("{}: want {want} got {have}", c.id));
        }
    }
    if let Some(single) = &doc.single_other {
        let cols = &def.table(gongkai_model::TableId::Apply).blocks[0].columns;
        for (col, want) in cols.iter().zip(single) {
            let id = format!("x.apply.other.{}", col.id);
            let have = got
                .extra_cells
                .iter()
                .find(|c| c.id == id)
                .map(|c| &c.value)
                .unwrap_or(&Value::Absent);
            if want != have {
                out.push(format!("{id}: want {want} got {have}"));
            }
        }
    }
    out
}

#[test]
fn corpus_truth_files_round_trip_in_every_format() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("../shared/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".truth.tsv"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "corpus truth files: {}", files.len());
    let mut failures = Vec::new();
    let mut templates = BTreeSet::new();
    for f in &files {
        let tsv = std::fs::read_to_string(f).expect("truth file");
        let doc = doc_from_truth(&parse_truth(&tsv), narrative());
        templates.insert(doc.template);
        for format in FORMATS {
            let got = extract(&render(&doc, format), format);
            for d in differences(&doc, &got) {
                failures.push(format!("{} {format:?}: {d}", f.display()));
            }
        }
    }
    assert_eq!(templates.len(), 2, "both templates are in the corpus");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn synthetic_tables_round_trip_in_every_format() {
    let mut failures = Vec::new();
    // What the seeds exercise: blank cells, `/`, absent rows, a single
    // （六）其他处理 row, decimals, negative numbers.
    let mut seen = BTreeSet::new();
    for template in TemplateId::ALL {
        for seed in 0..24u64 {
            let spec = Spec::new(template, Layout::Tab, gongkai_synth::Format::Txt)
                .expect("tab text is supported")
                .with_break_relations(seed % 4 == 3);
            let s = generate(&spec, &mut seeded(seed, 0));
            let doc = doc_from_truth(&parse_truth(&s.truth_tsv), Sections::default());
            for v in &doc.values {
                seen.insert(match v {
                    Value::Number(d) if d.is_sign_negative() => "negative",
                    Value::Number(d) if d.scale() > 0 => "decimal",
                    other => other.kind_name(),
                });
            }
            if doc.single_other.is_some() {
                seen.insert("single other row");
            }
            for format in FORMATS {
                let got = extract(&render(&doc, format), format);
                for d in differences(&doc, &got) {
                    failures.push(format!("{template} seed {seed} {format:?}: {d}"));
                }
            }
        }
    }
    for kind in [
        "number",
        "blank",
        "not_applicable",
        "absent",
        "single other row",
        "decimal",
        "negative",
    ] {
        assert!(seen.contains(kind), "no seed has a {kind} value: {seen:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The comparison notices a value that does not come back.
#[test]
fn a_changed_value_is_noticed() {
    let tsv = std::fs::read_to_string(corpus().join("pingtan-police-2021.truth.tsv"))
        .expect("corpus truth file");
    let doc = doc_from_truth(&parse_truth(&tsv), narrative());
    for format in FORMATS {
        let got = extract(&render(&doc, format), format);
        assert!(differences(&doc, &got).is_empty(), "{format:?}");
        let mut other = doc.clone();
        other.values[0] = Value::Number(Decimal::from(987));
        other.values[5] = Value::Blank;
        let diff = differences(&other, &got);
        assert_eq!(diff.len(), 2, "{format:?}: {diff:?}");
    }
}

mod random {
    //! Arbitrary tables, relations ignored: any mix of numbers (signed where
    //! the column allows, decimals in 万元 amounts), blanks, `/` marks and
    //! absent rows comes back unchanged in every format.

    use super::*;
    use gongkai_model::{CellKind, TableId};
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Pick {
        Num(i64, u32),
        Blank,
        Mark,
    }

    fn pick() -> impl Strategy<Value = Pick> {
        prop_oneof![
            6 => (0i64..100_000, 0u32..3).prop_map(|(n, s)| Pick::Num(n, s)),
            1 => Just(Pick::Blank),
            1 => Just(Pick::Mark),
        ]
    }

    fn value(p: &Pick, kind: CellKind) -> Value {
        match (p, kind) {
            (Pick::Num(n, s), CellKind::AmountWan) => Value::Number(Decimal::new(*n, *s)),
            (Pick::Num(n, _), CellKind::Signed) if n % 3 == 0 => {
                Value::Number(Decimal::from(-(n % 500)))
            }
            (Pick::Num(n, _), _) => Value::Number(Decimal::from(*n)),
            (Pick::Blank, _) => Value::Blank,
            (Pick::Mark, _) => Value::NotApplicable,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_tables_round_trip(
            y2021 in any::<bool>(),
            picks in proptest::collection::vec(pick(), 150),
            absent_rows in proptest::collection::vec(0usize..40, 0..3),
        ) {
            let template = if y2021 { TemplateId::Y2021 } else { TemplateId::Y2019 };
            let def = template.get();
            let mut values: Vec<Value> = def
                .cells
                .iter()
                .enumerate()
                .map(|(i, c)| value(&picks[i % picks.len()], c.kind))
                .collect();
            // Leave out a few rows of tables 二 and 三 (row numbers counted
            // over both tables).
            let rows: Vec<(TableId, usize, usize)> = def
                .cells
                .iter()
                .filter(|c| c.table != TableId::Review)
                .map(|c| (c.table, c.block, c.row))
                .fold(Vec::new(), |mut v, r| {
                    if v.last() != Some(&r) {
                        v.push(r);
                    }
                    v
                });
            for k in &absent_rows {
                let (t, b, r) = rows[k % rows.len()];
                for i in def.row_cells(t, b, r) {
                    values[i] = Value::Absent;
                }
            }
            let doc = RenderDoc {
                template,
                agency: "临江市教育局".into(),
                year: if y2021 { 2022 } else { 2019 },
                preamble: String::new(),
                sections: Sections::default(),
                date: None,
                values,
                single_other: None,
            };
            for format in FORMATS {
                let got = extract(&render(&doc, format), format);
                let diff = differences(&doc, &got);
                prop_assert!(diff.is_empty(), "{:?}: {}", format, diff.join("\n"));
            }
        }
    }
}
