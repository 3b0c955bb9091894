//! Bad input gives a report with notes, never a panic, a hang or an invented number.

use std::time::{Duration, Instant};

use gongkai_ingest::{Document, Limits};
use gongkai_model::{SourceInfo, TemplateId, Value};

fn extract(text: &str) -> gongkai_model::Report {
    let doc = Document::from_text(text.to_string(), "UTF-8");
    gongkai_extract::extract(&doc, SourceInfo::default())
}

fn corpus(name: &str) -> String {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn empty_and_whitespace() {
    for t in ["", " ", "\n\n\t\n", "\u{feff}"] {
        let r = extract(t);
        assert!(r.template.is_none());
        assert!(r.cells.is_empty());
        assert!(r.notes.iter().any(|n| n.code == "tables-missing"));
    }
}

#[test]
fn report_without_tables() {
    let r = extract(
        "某某局2023年度政府信息公开工作年度报告\n一、总体情况\n本年度未收到政府信息公开申请。\n",
    );
    assert!(r.template.is_none());
    assert_eq!(r.year(), Some(2023));
    assert!(r.notes.iter().any(|n| n.code == "tables-missing"));
    // The narrative is still read.
    assert!(r.narrative.iter().any(|f| f.quantity == "apply.new.total"));
}

#[test]
fn table_cut_off_halfway() {
    let full = corpus("003_45ca61e2623e5337.txt");
    let cut = full.find("(四)无法提供").expect("row in corpus file");
    let r = extract(&full[..cut]);
    assert_eq!(r.template, Some(TemplateId::Y2021));
    // Rows before the cut are read; rows after it are absent, never zero.
    assert_eq!(r.value("apply.new.total").tsv(), "3");
    assert_eq!(*r.value("apply.total.total"), Value::Absent);
    assert_eq!(*r.value("review.total"), Value::Absent);
    assert!(r.notes.iter().any(|n| n.code == "table-missing"));
}

#[test]
fn every_prefix_of_a_report_is_safe() {
    let full = corpus("pingtan-zone-2024.txt");
    let mut cuts: Vec<usize> = (0..full.len()).step_by(97).collect();
    cuts.push(full.len());
    for cut in cuts {
        let cut = gongkai_ingest::floor_char_boundary(&full, cut);
        let r = extract(&full[..cut]);
        // A cut inside a digit run changes the printed number itself; the
        // rest must agree with the full report.
        let splits_digits = full[..cut].ends_with(|c: char| c.is_ascii_digit())
            && full[cut..].starts_with(|c: char| c.is_ascii_digit());
        if splits_digits {
            continue;
        }
        // No cell may hold a number the full report does not print there.
        let whole = extract(&full);
        for c in &r.cells {
            if let Value::Number(n) = &c.value {
                let w = whole.value(&c.id);
                assert!(
                    w == &Value::Number(*n) || w == &Value::Unknown,
                    "cut {cut}: {} = {n}, full report has {w:?}",
                    c.id
                );
            }
        }
    }
}

#[test]
fn garbage_and_binary_like_text() {
    let mut junk = String::new();
    for i in 0..5000u32 {
        junk.push(char::from_u32(0x4e00 + (i * 7919) % 20000).unwrap_or('x'));
        if i % 13 == 0 {
            junk.push_str("0123456789");
        }
        if i % 97 == 0 {
            junk.push_str("第二十条第（一）项信息内容规章本年新收政府信息公开申请数量行政复议");
        }
    }
    let r = extract(&junk);
    for c in &r.cells {
        assert!(!matches!(c.value, Value::Text(_)) || c.raw.is_some());
    }
}

#[test]
fn long_digit_runs_stay_fast() {
    // A table whose rows are absurdly long digit runs must not make the
    // solver slow: it gives up and reports unknown cells.
    let mut t = String::from("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章");
    t += &"1".repeat(5000);
    t += "行政规范性文件";
    t += &"12".repeat(3000);
    t += "三、收到和处理政府信息公开申请情况申请人情况一、本年新收政府信息公开申请数量";
    t += &"7".repeat(10_000);
    let start = Instant::now();
    let r = extract(&t);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(*r.value("active.rules.issued"), Value::Unknown);
}

#[test]
fn fifty_megabytes_of_text() {
    let line =
        "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，政务公开工作取得新进展。\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len());
    let start = Instant::now();
    let doc = gongkai_ingest::read(big.as_bytes(), None, &Limits::default()).expect("text is read");
    let r = gongkai_extract::extract(&doc, SourceInfo::default());
    assert!(r.template.is_none());
    // Generous bound for a debug build on a slow CI machine.
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
}
