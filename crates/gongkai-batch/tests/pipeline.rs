//! The shared pipeline: uploads in memory read exactly like files on disk,
//! zip archives (on disk and in memory) with their limits, bad inputs as
//! errors rather than panics, saved JSON reports, and the ordered runner.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use gongkai_batch::{expand, load, load_upload, run, Limits, Loaded, Source};

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

fn cells(loaded: &Loaded) -> Vec<(String, String)> {
    let (_, report) = loaded.result.as_ref().expect("report read");
    report
        .cells
        .iter()
        .map(|c| (c.id.clone(), c.value.tsv()))
        .collect()
}

fn value(loaded: &Loaded, id: &str) -> String {
    let (_, report) = loaded.result.as_ref().expect("report read");
    report.cell(id).map(|c| c.value.tsv()).unwrap_or_default()
}

#[test]
fn an_upload_reads_like_the_same_file_on_disk() {
    let limits = Limits::default();
    let from_disk = load(&Source::File(corpus().join(GOOD)), &limits);
    let uploaded = load_upload(GOOD, read(GOOD), &limits);
    assert_eq!(from_disk.len(), 1);
    assert_eq!(uploaded.len(), 1);
    assert_eq!(uploaded[0].shown, GOOD);
    assert!(uploaded[0]
        .result
        .as_ref()
        .is_ok_and(|(doc, _)| doc.is_some()));
    assert_eq!(cells(&uploaded[0]), cells(&from_disk[0]));
    assert_eq!(value(&uploaded[0], "active.normative.issued"), "0");
    let (_, report) = uploaded[0].result.as_ref().expect("read");
    assert_eq!(report.source.path, GOOD);
    assert_eq!(report.source.bytes, read(GOOD).len() as u64);
}

#[test]
fn a_zip_upload_yields_its_report_members_in_name_order() {
    let limits = Limits::default();
    let good = read(GOOD);
    let other = read(OTHER);
    let archive = zip_of(&[
        (OTHER, &other),
        ("notes.md", b"not a report"),
        ("__MACOSX/._x.txt", b"metadata"),
        ("dir/", b""),
        (GOOD, &good),
    ]);
    let loaded = load_upload("reports.zip", archive, &limits);
    let shown: Vec<&str> = loaded.iter().map(|l| l.shown.as_str()).collect();
    assert_eq!(
        shown,
        [
            format!("reports.zip!{GOOD}"),
            format!("reports.zip!{OTHER}")
        ]
    );
    assert_eq!(value(&loaded[0], "active.normative.issued"), "0");
    assert_eq!(value(&loaded[1], "active.normative.issued"), "62");
    // The members read like the files themselves.
    let alone = load(&Source::File(corpus().join(OTHER)), &limits);
    assert_eq!(cells(&loaded[1]), cells(&alone[0]));
}

#[test]
fn a_zip_bomb_member_is_refused_and_the_rest_is_read() {
    let limits = Limits {
        max_bytes: 1024 * 1024,
        ..Limits::default()
    };
    // 64 MB of spaces compresses to a few dozen kilobytes.
    let bomb = vec![b' '; 64 * 1024 * 1024];
    let good = read(OTHER);
    let archive = zip_of(&[("bomb.txt", &bomb), (OTHER, &good)]);
    assert!(archive.len() < 1024 * 1024);
    let loaded = load_upload("upload.zip", archive, &limits);
    assert_eq!(loaded.len(), 2);
    let bomb = loaded
        .iter()
        .find(|l| l.shown == "upload.zip!bomb.txt")
        .expect("bomb listed");
    let why = bomb.result.as_ref().expect_err("bomb refused");
    assert!(why.contains("1048576"), "{why}");
    let good = loaded
        .iter()
        .find(|l| l.shown.ends_with(OTHER))
        .expect("good listed");
    assert_eq!(value(good, "active.normative.issued"), "62");
}

#[test]
fn bad_uploads_are_errors_with_a_reason() {
    let limits = Limits::default();
    let corrupt = load_upload("broken.zip", b"PK\x03\x04 not really".to_vec(), &limits);
    assert_eq!(corrupt.len(), 1);
    let why = corrupt[0].result.as_ref().expect_err("refused");
    assert!(why.contains("无法打开压缩包"), "{why}");
    assert_eq!(corrupt[0].shown, "broken.zip");

    let small = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let big = load_upload(GOOD, read(GOOD), &small);
    assert!(big[0].result.is_err());

    let garbage = load_upload("report.pdf", b"%PDF-1.4 garbage".to_vec(), &limits);
    assert_eq!(garbage.len(), 1);
    assert!(garbage[0].result.is_err());

    let json = load_upload("saved.json", b"{\"not\": \"a report\"}".to_vec(), &limits);
    let why = json[0].result.as_ref().expect_err("refused");
    assert!(why.contains("不是 gongkai 报告 JSON"), "{why}");
}

#[test]
fn saved_json_reports_are_read_back_without_a_document() {
    let limits = Limits::default();
    let first = load_upload(GOOD, read(GOOD), &limits);
    let second = load_upload(OTHER, read(OTHER), &limits);
    let reports: Vec<&gongkai_model::Report> = [&first[0], &second[0]]
        .iter()
        .map(|l| &l.result.as_ref().expect("read").1)
        .collect();
    let json = serde_json::to_vec(&reports).expect("serialise");
    let loaded = load_upload("saved.json", json, &limits);
    let shown: Vec<&str> = loaded.iter().map(|l| l.shown.as_str()).collect();
    assert_eq!(shown, [GOOD, OTHER]);
    assert!(loaded
        .iter()
        .all(|l| l.result.as_ref().is_ok_and(|(doc, _)| doc.is_none())));
    assert_eq!(cells(&loaded[0]), cells(&first[0]));
}

#[test]
fn paths_expand_to_sources_and_run_keeps_their_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("b.txt"), read(GOOD)).expect("write");
    std::fs::write(dir.path().join("a.truth.tsv"), b"x\t1").expect("write");
    std::fs::write(dir.path().join(".hidden.txt"), b"x").expect("write");
    std::fs::write(
        dir.path().join("c.zip"),
        zip_of(&[(OTHER, &read(OTHER)), (GOOD, &read(GOOD))]),
    )
    .expect("write");
    let missing = dir.path().join("nothing-here.txt");
    let pattern = PathBuf::from(format!("{}/b*.txt", dir.path().display()));
    let sources = expand(&[dir.path().to_path_buf(), missing.clone(), pattern]);
    let shown: Vec<String> = sources.iter().map(Source::shown).collect();
    let zip = dir.path().join("c.zip").display().to_string();
    assert_eq!(
        shown,
        [
            dir.path().join("b.txt").display().to_string(),
            format!("{zip}!{GOOD}"),
            format!("{zip}!{OTHER}"),
            missing.display().to_string(),
        ],
        "directory sorted, truth and hidden files skipped, the glob's match already listed"
    );

    let ticks = AtomicUsize::new(0);
    let mut seen = Vec::new();
    run(
        &sources,
        &Limits::default(),
        |loaded| (loaded.shown.clone(), loaded.result.is_ok()),
        |r| seen.push(r),
        || {
            ticks.fetch_add(1, Ordering::Relaxed);
        },
    );
    assert_eq!(ticks.load(Ordering::Relaxed), sources.len());
    let expected: Vec<(String, bool)> = shown
        .iter()
        .map(|s| (s.clone(), !s.ends_with("nothing-here.txt")))
        .collect();
    assert_eq!(seen, expected);
}
