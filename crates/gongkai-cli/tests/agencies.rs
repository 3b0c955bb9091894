//! `gongkai agencies` lists which body each report is from and how.

use std::path::PathBuf;
use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run gongkai");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn corpus() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .display()
        .to_string()
}

fn bodies() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/bodies.csv")
        .display()
        .to_string()
}

/// The TSV line of the report whose path ends with `file`.
fn line<'a>(tsv: &'a str, file: &str) -> Vec<&'a str> {
    tsv.lines()
        .find(|l| l.split('\t').next().is_some_and(|p| p.ends_with(file)))
        .unwrap_or_else(|| panic!("no line for {file} in\n{tsv}"))
        .split('\t')
        .collect()
}

#[test]
fn corpus_reports_matched_to_the_sample_bodies_file() {
    let (code, out, err) = run(&[
        "agencies",
        "--format",
        "tsv",
        "--bodies",
        &bodies(),
        &corpus(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out.lines().next(),
        Some("path\tyear\tname\tbody\thow\tregion\tlevel\tkind\tnote")
    );
    // path, year, name, body, how, region, level, kind
    let l = line(&out, "pingtan-zone-2024.txt");
    assert_eq!(
        &l[1..8],
        [
            "2024",
            "平潭综合实验区",
            "平潭综合实验区管理委员会",
            "alias",
            "350128",
            "市",
            "政府"
        ]
    );
    let l = line(&out, "shanghai-stcsm-2024.txt");
    assert_eq!(&l[3..5], ["上海市科学技术委员会", "alias"]);
    let l = line(&out, "001_c93a36ffeb13c002.txt");
    assert_eq!(&l[2..5], ["柱濮镇", "柱濮镇人民政府", "normalised"]);
    let l = line(&out, "002_16652a60a82de5e5.txt");
    assert_eq!(&l[3..8], ["张店区信访局", "exact", "370303", "县", "部门"]);
}

#[test]
fn without_bodies_names_are_grouped_by_normalised_name_only() {
    let (code, out, _) = run(&["agencies", "--format", "json", &corpus()]);
    assert_eq!(code, Some(0));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    assert_eq!(rows.len(), 14);
    assert!(rows
        .iter()
        .all(|r| r["how"] == "unmatched" && r["body"].is_null()));
    let stcsm = rows
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .unwrap_or("")
                .ends_with("shanghai-stcsm-2024.txt")
        })
        .expect("stcsm");
    assert_eq!(stcsm["key"], "上海市科委");
    assert_eq!(stcsm["level"], "省");
    let (_, text, _) = run(&["agencies", &corpus()]);
    assert!(text.contains("aliases 列"), "{text}");
}

#[test]
fn a_bad_bodies_file_is_an_error_that_says_where() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("b.csv");
    std::fs::write(&bad, "name,行政区划代码\n某局,3208\n").expect("write");
    let (code, out, err) = run(&[
        "agencies",
        "--bodies",
        &bad.display().to_string(),
        &corpus(),
    ]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(err.contains("第 2 行") && err.contains("3208"), "{err}");
}
