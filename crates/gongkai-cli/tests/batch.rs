//! A batch with bad files in it still reports every good file exactly as
//! when that file is processed alone; each bad file is named with its reason
//! and the exit status says so.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

const GOOD: [&str; 4] = [
    "000_f2c168bd39e0ec0c.txt",
    "pingtan-zone-2024.txt",
    "shanghai-gov-office-2019.html",
    "hongze-2023.pdf",
];

fn extract_alone(path: &Path) -> String {
    let out = bin()
        .args(["extract", "--format", "tsv"])
        .arg(path)
        .output()
        .expect("run gongkai");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A directory with the good reports and one bad file of every kind.
fn mixed_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for g in GOOD {
        std::fs::copy(corpus().join(g), dir.path().join(g)).expect("copy");
    }
    let pdf = std::fs::read(corpus().join("hongze-2024.pdf")).expect("pdf");
    let bad: Vec<(&str, Vec<u8>)> = vec![
        ("empty.txt", Vec::new()),
        ("binary.txt", vec![0u8, 159, 146, 150, 0, 1, 2, 3, 255, 0]),
        ("truncated.pdf", pdf[..pdf.len() / 4].to_vec()),
        (
            "not-really.docx",
            b"PK\x03\x04 this is not a zip archive".to_vec(),
        ),
        ("encrypted.doc", {
            // An OLE compound file header with nothing readable behind it.
            let mut v = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
            v.resize(2048, 0);
            v
        }),
        (
            "garbage.html",
            b"<html><body><table><tr><td>\xff\xfe\x00".to_vec(),
        ),
    ];
    for (name, bytes) in bad {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    dir
}

#[test]
fn extract_batch_with_bad_files() {
    let dir = mixed_dir();
    let out = bin()
        .args(["extract", "--format", "tsv"])
        .arg(dir.path())
        .output()
        .expect("run gongkai");
    assert_eq!(out.status.code(), Some(2), "a file could not be read");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Every good report is there, exactly as when extracted alone.
    for g in GOOD {
        let shown = dir.path().join(g).display().to_string();
        let section: String = stdout
            .split("# ")
            .find(|s| s.starts_with(&shown))
            .unwrap_or_else(|| panic!("{g} missing from batch output"))
            .lines()
            .skip(1)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(section, extract_alone(&dir.path().join(g)), "{g}");
    }
    // Every bad file is named with a reason; the summary counts them.
    for b in [
        "empty.txt",
        "binary.txt",
        "truncated.pdf",
        "not-really.docx",
        "encrypted.doc",
    ] {
        assert!(stderr.contains(b), "{b} not reported:\n{stderr}");
    }
    assert!(stderr.contains("共 10 个文件"), "{stderr}");
}

#[test]
fn check_batch_with_bad_files() {
    let dir = mixed_dir();
    let out = bin()
        .args(["check", "--format", "tsv", "--no-config"])
        .arg(dir.path())
        .output()
        .expect("run gongkai");
    assert_eq!(
        out.status.code(),
        Some(1),
        "unreadable files are error-level findings"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    for b in [
        "empty.txt",
        "binary.txt",
        "truncated.pdf",
        "not-really.docx",
        "encrypted.doc",
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.contains(b) && l.contains("\tF001\t")),
            "{b} has no F001:\n{stdout}"
        );
    }
    // The good reports get the same findings as when checked alone.
    for g in GOOD {
        let path = dir.path().join(g);
        let alone = bin()
            .args(["check", "--format", "tsv", "--no-config"])
            .arg(&path)
            .output()
            .expect("run gongkai");
        let alone = String::from_utf8_lossy(&alone.stdout).into_owned();
        let shown = path.display().to_string();
        let in_batch: String = stdout
            .lines()
            .filter(|l| l.split('\t').next() == Some(shown.as_str()))
            .map(|l| format!("{l}\n"))
            .collect();
        // Cross-year findings appear only in the batch (hongze 2023 has no
        // 2022 report here, so none are expected).
        assert_eq!(in_batch, alone, "{g}");
    }
}

#[test]
fn zip_archives_and_globs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip_path = dir.path().join("reports.zip");
    {
        let file = std::fs::File::create(&zip_path).expect("create zip");
        let mut zip = zip::ZipWriter::new(file);
        let opts = zip::write::SimpleFileOptions::default();
        for g in ["000_f2c168bd39e0ec0c.txt", "pingtan-zone-2024.txt"] {
            zip.start_file(g, opts).expect("start");
            std::io::Write::write_all(&mut zip, &std::fs::read(corpus().join(g)).expect("read"))
                .expect("write");
        }
        zip.finish().expect("finish");
    }
    let out = bin()
        .args(["extract", "--format", "tsv"])
        .arg(&zip_path)
        .output()
        .expect("run gongkai");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("reports.zip!000_f2c168bd39e0ec0c.txt"));
    assert!(stdout.contains("active.normative.issued\t62"));
    let pattern = format!("{}/pingtan-*-2024.txt", corpus().display());
    let out = bin()
        .args(["extract", "--format", "tsv", &pattern])
        .output()
        .expect("run gongkai");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.matches("\nmeta.template\t").count()
            + usize::from(stdout.starts_with("meta.template")),
        2
    );
}

#[test]
fn copied_narrative_is_found_across_years_in_a_batch() {
    // The same report published for two consecutive years: the cross-year
    // rules fingerprint the narratives of paired reports at the end of the
    // batch, from the files.
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(corpus().join("000_f2c168bd39e0ec0c.txt")).expect("read");
    let last_year = text
        .replace("2024年", "2023年@")
        .replace("2023", "2022")
        .replace("2023年@", "2023年");
    std::fs::write(dir.path().join("a-2023.txt"), &text).expect("write");
    std::fs::write(dir.path().join("a-2022.txt"), &last_year).expect("write");
    let out = bin()
        .args(["check", "--format", "tsv", "--no-config"])
        .arg(dir.path())
        .output()
        .expect("run gongkai");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("a-2023.txt") && l.contains("\tP004\t")),
        "no P004:\n{stdout}"
    );
}

/// Reports saved with `extract --format json` (an array, or one report per
/// file) are read back as reports: checking them gives exactly the findings
/// of checking the original files, and a JSON file that is not a report is
/// named with its reason while the rest go on.
#[test]
fn saved_json_reports_are_checked_like_their_sources() {
    let dir = tempfile::tempdir().expect("temp dir");
    let check_tsv = |args: &[&std::ffi::OsStr]| {
        let out = bin()
            .args(["check", "--format", "tsv"])
            .args(args)
            .output()
            .expect("run gongkai");
        let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        lines.sort();
        lines
    };
    let sources: Vec<PathBuf> = GOOD.iter().map(|g| corpus().join(g)).collect();
    let source_args: Vec<&std::ffi::OsStr> = sources.iter().map(|p| p.as_os_str()).collect();
    let expected = check_tsv(&source_args);
    assert!(!expected.is_empty(), "the sample reports have findings");

    let json = bin()
        .args(["extract", "--format", "json"])
        .args(&sources)
        .output()
        .expect("run gongkai");
    let array = dir.path().join("all.json");
    std::fs::write(&array, &json.stdout).expect("write");
    assert_eq!(check_tsv(&[array.as_os_str()]), expected);

    // One report per file, in a directory, next to a JSON file that is not a report.
    let per_file = dir.path().join("each");
    std::fs::create_dir(&per_file).expect("mkdir");
    for (i, src) in sources.iter().enumerate() {
        let one = bin()
            .args(["extract", "--format", "json"])
            .arg(src)
            .output()
            .expect("run gongkai");
        std::fs::write(per_file.join(format!("{i}.json")), &one.stdout).expect("write");
    }
    std::fs::write(per_file.join("package.json"), br#"{"name": "x"}"#).expect("write");
    let got = check_tsv(&[per_file.as_os_str()]);
    let (bad, good): (Vec<String>, Vec<String>) =
        got.into_iter().partition(|l| l.contains("package.json"));
    assert_eq!(good, expected);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].contains("F001") && bad[0].contains("不是 gongkai 报告 JSON"));
}

/// The cross-year rules pair reports read from JSON too: a batch keeps only
/// each report's agency and year and reads the paired ones again at the end.
#[test]
fn reports_from_json_are_paired_across_years() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(corpus().join("000_f2c168bd39e0ec0c.txt")).expect("read");
    let last_year = text
        .replace("2024年", "2023年@")
        .replace("2023", "2022")
        .replace("2023年@", "2023年");
    let (this, last) = (dir.path().join("a-2023.txt"), dir.path().join("a-2022.txt"));
    std::fs::write(&this, &text).expect("write");
    std::fs::write(&last, &last_year).expect("write");
    let json = |path: &Path| {
        let out = bin()
            .args(["extract", "--format", "json"])
            .arg(path)
            .output()
            .expect("run gongkai");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("report JSON")
    };
    // Last year's report says 7 requests were carried over; this year's
    // table says it took over what its own table has (0).
    let mut previous = json(&last);
    let cells = previous["cells"].as_array_mut().expect("cells");
    let carried = cells
        .iter_mut()
        .find(|c| c["id"] == "apply.carried_out.natural_person")
        .expect("cell");
    carried["value"] = serde_json::json!({"kind": "number", "value": "7"});
    let saved = dir.path().join("saved");
    std::fs::create_dir(&saved).expect("mkdir");
    std::fs::write(saved.join("2022.json"), previous.to_string()).expect("write");
    std::fs::write(saved.join("2023.json"), json(&this).to_string()).expect("write");
    let out = bin()
        .args(["check", "--format", "tsv", "--no-config"])
        .arg(&saved)
        .output()
        .expect("run gongkai");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let crossed: Vec<&str> = stdout.lines().filter(|l| l.contains("\tX001\t")).collect();
    assert!(
        crossed
            .iter()
            .any(|l| l.contains("a-2023.txt") && l.contains("apply.carryover.natural_person")),
        "no X001 for the carried-over requests:\n{stdout}"
    );
}
