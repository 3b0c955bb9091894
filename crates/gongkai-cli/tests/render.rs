//! `gongkai render`: a hand-written input or an extracted report becomes the
//! official document; broken relations stop it unless --allow-errors.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .output()
        .expect("run gongkai");
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sample(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/render")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn renders_the_examples_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    for example in ["example-2019.toml", "example-2021.toml"] {
        for format in ["docx", "html", "md"] {
            let out = dir.path().join(format!("{example}.{format}"));
            let (code, _, err) = run(&[
                "render",
                "--format",
                format,
                "-o",
                path(&out),
                &sample(example),
            ]);
            assert_eq!(code, Some(0), "{example} {format}: {err}");
            // The rendered file extracts to the right report.
            let (code, tsv, err) = run(&["extract", "--format", "tsv", path(&out)]);
            assert_eq!(code, Some(0), "{err}");
            let tsv = String::from_utf8(tsv).expect("utf-8");
            assert!(tsv.contains("meta.agency\t临江市教育局\n"), "{tsv}");
            assert!(tsv.contains("apply.new.total\t37\n"), "{tsv}");
        }
    }
    // Markdown and HTML go to standard output without -o.
    let (code, md, _) = run(&["render", "--format", "md", &sample("example-2021.toml")]);
    assert_eq!(code, Some(0));
    let md = String::from_utf8(md).expect("utf-8");
    assert!(
        md.starts_with("临江市教育局2021年政府信息公开工作年度报告\n"),
        "{md}"
    );
    assert!(md.contains("## 六、其他需要报告的事项"));
}

#[test]
fn an_extracted_report_renders_and_broken_relations_refuse() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The police report of the corpus: its 勾稽 does not hold (the agency's own numbers).
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let (code, json, err) = run(&[
        "extract",
        "--format",
        "json",
        path(&corpus.join("pingtan-police-2021.txt")),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let report = dir.path().join("report.json");
    std::fs::write(&report, json).expect("write json");
    let out = dir.path().join("report.docx");
    let (code, _, err) = run(&[
        "render",
        "--format",
        "docx",
        "-o",
        path(&out),
        path(&report),
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(!out.exists(), "nothing is written when refused");
    assert!(err.contains("apply.balance.natural_person"), "{err}");
    assert!(err.contains("相差 1"), "{err}");
    assert!(err.contains("--allow-errors"), "{err}");
    let (code, _, err) = run(&[
        "render",
        "--format",
        "docx",
        "--allow-errors",
        "-o",
        path(&out),
        path(&report),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("不含各部分的正文"), "{err}");
    // The text of the sections from a narrative file.
    let narrative = dir.path().join("narrative.toml");
    std::fs::write(
        &narrative,
        "date = \"2022年1月18日\"\n[sections]\noverview = \"本局全年主动公开政府信息152条。\"\nproblems = \"解读形式较为单一。\"\n",
    )
    .expect("write narrative");
    let (code, md, err) = run(&[
        "render",
        "--format",
        "md",
        "--allow-errors",
        "--with",
        path(&narrative),
        path(&report),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("不含各部分的正文"), "{err}");
    let md = String::from_utf8(md).expect("utf-8");
    assert!(
        md.contains("## 一、总体情况\n\n本局全年主动公开政府信息152条。\n"),
        "{md}"
    );
    assert!(md.contains("2022年1月18日"), "{md}");
    std::fs::write(&narrative, "[sections]\nsummary = \"x\"\n").expect("write narrative");
    let (code, _, err) = run(&[
        "render",
        "--format",
        "md",
        "--allow-errors",
        "--with",
        path(&narrative),
        path(&report),
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("summary"), "{err}");
    let (_, tsv, _) = run(&["extract", "--format", "tsv", path(&out)]);
    let tsv = String::from_utf8(tsv).expect("utf-8");
    assert!(tsv.contains("meta.agency\t平潭综合实验区公安局\n"), "{tsv}");
    assert!(tsv.contains("active.penalty.decisions\t141\n"), "{tsv}");
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "agency = \"某局\"\nyear = 2021\n[cells]\n\"apply.new.total\" = 3\n",
    )
    .expect("write");
    let (code, out, err) = run(&["render", "--format", "html", path(&bad)]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(err.contains("缺少") && err.contains("不会当作 0"), "{err}");
    let (code, _, err) = run(&[
        "render",
        "--format",
        "html",
        path(&dir.path().join("none.toml")),
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("无法读取"), "{err}");
}

/// Tables 三 and 四 from the registry, table 二 and the text typed by hand.
#[test]
fn a_registry_report_completed_by_hand() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("registry.db");
    let db = path(&db);
    let (code, _, err) = run(&[
        "registry",
        "--db",
        db,
        "new",
        "--applicant",
        "张三",
        "--type",
        "自然人",
        "--channel",
        "当面",
        "--arrived",
        "2023-03-01",
        "--agency",
        "临江市教育局",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run(&[
        "registry",
        "--db",
        db,
        "event",
        "2023-00001",
        "答复",
        "--on",
        "2023-03-10",
        "--outcome",
        "予以公开",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let report = dir.path().join("registry-2023.json");
    let (code, _, err) = run(&[
        "registry",
        "--db",
        db,
        "report",
        "--year",
        "2023",
        "--agency",
        "临江市教育局",
        "-o",
        path(&report),
    ]);
    assert_eq!(code, Some(0), "{err}");
    // Without table 二 the table prints its headers only, and says so.
    let (code, _, err) = run(&["render", "--format", "html", path(&report)]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("表二（主动公开政府信息情况）没有数据"),
        "{err}"
    );
    let with = dir.path().join("table2.toml");
    let mut text =
        String::from("[sections]\noverview = \"全年收到政府信息公开申请1件。\"\n[cells]\n");
    for (id, v) in [
        ("active.rules.issued", "0"),
        ("active.rules.repealed", "0"),
        ("active.rules.in_force", "0"),
        ("active.normative.issued", "3"),
        ("active.normative.repealed", "1"),
        ("active.normative.in_force", "17"),
        ("active.license.decisions", "420"),
        ("active.penalty.decisions", "\"/\""),
        ("active.coercion.decisions", "\"/\""),
        ("active.fees.amount", "\"0.35\""),
    ] {
        text += &format!("\"{id}\" = {v}\n");
    }
    std::fs::write(&with, text).expect("write supplement");
    let out = dir.path().join("report.docx");
    let (code, _, err) = run(&[
        "render",
        "--format",
        "docx",
        "--with",
        path(&with),
        "-o",
        path(&out),
        path(&report),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("没有数据"), "{err}");
    let (_, tsv, _) = run(&["extract", "--format", "tsv", path(&out)]);
    let tsv = String::from_utf8(tsv).expect("utf-8");
    for line in [
        "meta.year\t2023",
        "active.normative.in_force\t17",
        "active.penalty.decisions\t/",
        "active.fees.amount\t0.35",
        "apply.new.natural_person\t1",
        "apply.granted.total\t1",
    ] {
        assert!(tsv.contains(&format!("{line}\n")), "{line}\n{tsv}");
    }
    // A cell id of the wrong template is an error.
    std::fs::write(&with, "[cells]\n\"active.procurement.items\" = 1\n").expect("write");
    let (code, _, err) = run(&[
        "render",
        "--format",
        "md",
        "--with",
        path(&with),
        path(&report),
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("active.procurement.items"), "{err}");
}

/// A roll-up from `gongkai summary` is a report of the same model: one of
/// its groups renders.
#[test]
fn a_roll_up_renders_one_group_at_a_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let rollup = dir.path().join("rollup.json");
    let (code, _, err) = run(&[
        "summary",
        "--format",
        "rollup",
        "-o",
        path(&rollup),
        path(&corpus.join("pingtan-transport-2019.txt")),
        path(&corpus.join("pingtan-zone-2024.txt")),
        path(&corpus.join("pingtan-finance-2024.txt")),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run(&["render", "--format", "md", path(&rollup)]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--pick") && err.contains("1. ") && err.contains("2. "),
        "{err}"
    );
    let (code, _, err) = run(&["render", "--format", "md", "--pick", "3", path(&rollup)]);
    assert_eq!(code, Some(2));
    assert!(err.contains("超出范围"), "{err}");
    let mut rendered = 0;
    for k in ["1", "2"] {
        let (code, md, err) = run(&[
            "render",
            "--format",
            "md",
            "--pick",
            k,
            "--year",
            "2024",
            "--allow-errors",
            path(&rollup),
        ]);
        assert_eq!(code, Some(0), "{err}");
        let md = String::from_utf8(md).expect("utf-8");
        assert!(md.contains("三、收到和处理政府信息公开申请情况"), "{md}");
        rendered += 1;
    }
    assert_eq!(rendered, 2);
}
