//! Correcting a misread cell by hand: the value syntax people type, and the
//! note that keeps the old value and the reason.

use gongkai_model::{Cell, Decimal, Provenance, Report, SourceInfo, Span, Value};

fn number(s: &str) -> Value {
    Value::Number(s.parse::<Decimal>().expect("a decimal"))
}

#[test]
fn the_tsv_value_syntax_is_parsed() {
    assert_eq!(Value::parse_tsv("12"), Some(number("12")));
    assert_eq!(Value::parse_tsv(" -3 "), Some(number("-3")));
    assert_eq!(Value::parse_tsv("12.50"), Some(number("12.50")));
    assert_eq!(
        Value::parse_tsv("12.50").map(|v| v.tsv()),
        Some("12.50".into())
    );
    assert_eq!(Value::parse_tsv(""), Some(Value::Blank));
    assert_eq!(Value::parse_tsv("  "), Some(Value::Blank));
    assert_eq!(Value::parse_tsv("/"), Some(Value::NotApplicable));
    assert_eq!(Value::parse_tsv("-"), Some(Value::Absent));
    assert_eq!(Value::parse_tsv("?"), Some(Value::Unknown));
    for bad in ["十二", "12件", "1,200", "1.2.3", "--1", "1e3", "无"] {
        assert_eq!(Value::parse_tsv(bad), None, "{bad}");
    }
}

fn report() -> Report {
    let mut r = Report::empty(SourceInfo::default());
    let at = Provenance {
        span: Span {
            start: 10,
            end: 13,
            line: 4,
            column: 2,
        },
        grid: None,
    };
    r.cells.push(Cell {
        id: "active.normative.issued".into(),
        value: Value::Unknown,
        raw: Some("6233440".into()),
        at: Some(at),
        candidates: vec![number("62"), number("623")],
        solved: false,
    });
    r
}

#[test]
fn a_corrected_cell_keeps_its_location_and_the_note_says_what_and_why() {
    let mut r = report();
    let old = r.correct_cell("active.normative.issued", number("62"), " 见正文第二段 ");
    assert_eq!(old, Some(Value::Unknown));
    let cell = r.cell("active.normative.issued").expect("cell");
    assert_eq!(cell.value, number("62"));
    assert!(cell.raw.is_none() && cell.candidates.is_empty());
    assert_eq!(cell.at.as_ref().map(|p| p.span.line), Some(4));
    let note = r.notes.last().expect("a note");
    assert_eq!(note.code, "manual-fix");
    assert_eq!(note.subject.as_deref(), Some("active.normative.issued"));
    assert_eq!(note.message, "人工更正：? → 62（理由：见正文第二段）");
    assert_eq!(note.at.as_ref().map(|p| p.span.start), Some(10));

    let old = r.correct_cell("active.normative.issued", Value::Blank, "表中为空");
    assert_eq!(old, Some(number("62")));
    assert_eq!(
        r.notes.last().map(|n| n.message.as_str()),
        Some("人工更正：62 → （空白）（理由：表中为空）")
    );
}

#[test]
fn an_unknown_cell_id_changes_nothing() {
    let mut r = report();
    assert_eq!(r.correct_cell("no.such.cell", number("1"), "x"), None);
    assert!(r.notes.is_empty());
    assert_eq!(r.value("active.normative.issued"), &Value::Unknown);
}
