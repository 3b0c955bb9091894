//! An uploaded file through the whole pipeline: each report with its own
//! bytes and content address, the same findings as the file checked from
//! disk, failures kept with F001.

use std::io::Write;
use std::path::{Path, PathBuf};

use gongkai_batch::{check_upload, load, sha256_hex, Checked, Limits, Source, UploadLimits};
use gongkai_check::{Checker, Config, Finding};

const GOOD: &str = "000_f2c168bd39e0ec0c.txt";
const OTHER: &str = "pingtan-zone-2024.txt";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(corpus().join(name)).expect("corpus file")
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        zip.start_file(*name, opts).expect("start member");
        zip.write_all(bytes).expect("write member");
    }
    zip.finish().expect("finish zip").into_inner()
}

/// What a finding says, without the file it is about.
fn said(findings: &[Finding]) -> Vec<(String, Vec<String>, String)> {
    findings
        .iter()
        .map(|f| (f.code.clone(), f.cells.clone(), f.message.clone()))
        .collect()
}

/// The findings of the file checked from disk, as `gongkai check` does.
fn from_disk(name: &str, checker: &Checker) -> Vec<Finding> {
    let loaded = load(&Source::File(corpus().join(name)), &Limits::default());
    let (doc, report) = loaded[0].result.as_ref().expect("read from disk");
    checker.check_report(report, doc.as_ref())
}

fn only<'a>(checked: &'a [Checked], shown: &str) -> &'a Checked {
    checked
        .iter()
        .find(|c| c.shown == shown)
        .unwrap_or_else(|| panic!("{shown} not in {checked:?}"))
}

#[test]
fn sha256_is_the_standard_digest() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn an_uploaded_report_is_checked_like_the_file_on_disk() {
    let checker = Checker::new(Config::default());
    let bytes = read(OTHER);
    let checked = check_upload(OTHER, bytes.clone(), &UploadLimits::default(), &checker);
    assert_eq!(checked.len(), 1);
    let c = &checked[0];
    assert_eq!(c.shown, OTHER);
    assert_eq!(c.sha256.as_deref(), Some(sha256_hex(&bytes).as_str()));
    assert_eq!(c.bytes.as_deref(), Some(&bytes[..]));
    assert!(c.result.is_ok());
    let expected = from_disk(OTHER, &checker);
    assert!(!expected.is_empty(), "the corpus file has findings");
    assert_eq!(said(&c.findings), said(&expected));
    assert!(c.findings.iter().all(|f| f.file == OTHER));
}

#[test]
fn zip_members_have_their_own_bytes_address_and_findings() {
    let checker = Checker::new(Config::default());
    let (good, other) = (read(GOOD), read(OTHER));
    let archive = zip_of(&[(GOOD, &good), ("sub/", b""), (OTHER, &other)]);
    let checked = check_upload("year.zip", archive, &UploadLimits::default(), &checker);
    assert_eq!(checked.len(), 2);
    for (name, bytes) in [(GOOD, &good), (OTHER, &other)] {
        let c = only(&checked, &format!("year.zip!{name}"));
        assert_eq!(c.sha256.as_deref(), Some(sha256_hex(bytes).as_str()));
        assert_eq!(c.bytes.as_deref(), Some(&bytes[..]));
        assert_eq!(said(&c.findings), said(&from_disk(name, &checker)));
    }
}

#[test]
fn unreadable_files_are_kept_as_failures_with_f001() {
    let checker = Checker::new(Config::default());
    let garbage = b"%PDF-1.4 this is not a PDF".to_vec();
    let checked = check_upload(
        "bad.pdf",
        garbage.clone(),
        &UploadLimits::default(),
        &checker,
    );
    assert_eq!(checked.len(), 1);
    let c = &checked[0];
    let reason = c.result.as_ref().expect_err("cannot be read");
    assert!(!reason.is_empty());
    assert_eq!(c.sha256.as_deref(), Some(sha256_hex(&garbage).as_str()));
    let codes: Vec<&str> = c.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["F001"]);
    assert_eq!(c.findings[0].file, "bad.pdf");

    // A member over the size limit is not even kept: no bytes, no address.
    let limits = UploadLimits {
        read: Limits {
            max_bytes: 1024,
            ..Limits::default()
        },
        ..UploadLimits::default()
    };
    let archive = zip_of(&[("big.txt", &vec![b'x'; 4096])]);
    let checked = check_upload("big.zip", archive, &limits, &checker);
    assert_eq!(checked.len(), 1);
    assert!(checked[0].bytes.is_none() && checked[0].sha256.is_none());
    assert_eq!(checked[0].findings.len(), 1);
    assert_eq!(checked[0].findings[0].code, "F001");

    // F001 switched off: the failure is kept, without a finding.
    let quiet = Checker::new(Config {
        ignore: vec!["F001".into()],
        ..Config::default()
    });
    let checked = check_upload("bad.pdf", garbage, &UploadLimits::default(), &quiet);
    assert!(checked[0].result.is_err() && checked[0].findings.is_empty());
}

#[test]
fn findings_with_spans_have_an_html_excerpt_of_their_source() {
    let checker = Checker::new(Config::default());
    let checked = check_upload(OTHER, read(OTHER), &UploadLimits::default(), &checker);
    let (doc, _) = checked[0].result.as_ref().expect("read");
    let doc = doc.as_ref().expect("a document");
    let (mut shown, mut marks) = (0, 0);
    for f in &checked[0].findings {
        let Some(primary) = f.spans.first() else {
            continue;
        };
        let html = gongkai_check::output::excerpt_html(f, doc).expect("an excerpt");
        let marked = doc
            .text
            .get(primary.span.start..primary.span.end)
            .expect("span in the text");
        if !marked.is_empty() && !marked.contains(['<', '>', '&', '\n']) {
            assert!(
                html.contains(&format!("<mark class=\"primary\">{marked}")),
                "{}: {html}",
                f.code
            );
            marks += 1;
        }
        assert!(html.contains(&format!("<span class=\"ln\">{}</span>", primary.span.line)));
        shown += 1;
    }
    assert!(shown > 0, "the corpus file has findings with spans");
    assert!(marks > 0, "some span is plain text and shown marked");
}

#[test]
fn a_cell_corrected_by_hand_is_checked_again() {
    let checker = Checker::new(Config::default());
    let checked = check_upload(OTHER, read(OTHER), &UploadLimits::default(), &checker);
    let (doc, report) = checked[0].result.as_ref().expect("read");
    let before = said(&checked[0].findings);
    // A misread value: the findings change.
    let id = "active.normative.issued";
    let original = report.value(id).clone();
    let mut fixed = report.clone();
    let wrong = gongkai_model::Value::parse_tsv("99999").expect("a number");
    assert_eq!(
        fixed.correct_cell(id, wrong, "测试"),
        Some(original.clone())
    );
    let broken = checker.check_report(&fixed, doc.as_ref());
    assert_ne!(said(&broken), before);
    // Corrected back: the findings are the upload's again, the notes say both.
    fixed.correct_cell(id, original, "改回");
    assert_eq!(said(&checker.check_report(&fixed, doc.as_ref())), before);
    assert_eq!(
        fixed
            .notes
            .iter()
            .filter(|n| n.code == "manual-fix")
            .count(),
        2
    );
}

#[test]
fn an_upload_is_refused_beyond_its_report_count_and_total_size() {
    let checker = Checker::new(Config::default());
    let (good, other) = (read(GOOD), read(OTHER));
    let archive = zip_of(&[(GOOD, &good), (OTHER, &other), ("z.txt", &good)]);
    let few = UploadLimits {
        max_reports: 2,
        ..UploadLimits::default()
    };
    let checked = check_upload("many.zip", archive.clone(), &few, &checker);
    let read_ok: Vec<bool> = checked.iter().map(|c| c.result.is_ok()).collect();
    assert_eq!(read_ok, [true, true, false]);
    let why = checked[2].result.as_ref().expect_err("refused");
    assert!(why.contains("最多读取 2 份报告"), "{why}");
    assert_eq!(checked[2].findings[0].code, "F001");

    let small = UploadLimits {
        max_total_bytes: (good.len() + other.len()) as u64,
        ..UploadLimits::default()
    };
    let checked = check_upload("many.zip", archive, &small, &checker);
    let read_ok: Vec<bool> = checked.iter().map(|c| c.result.is_ok()).collect();
    assert_eq!(read_ok, [true, true, false]);
    let why = checked[2].result.as_ref().expect_err("refused");
    assert!(why.contains("超过"), "{why}");
    assert!(checked[2].bytes.is_none());
}
