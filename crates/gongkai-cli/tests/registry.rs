//! `gongkai registry`: a year of requests entered through the CLI gives
//! tables 三 and 四 that `gongkai check` accepts, carry-over included.

use std::path::Path;
use std::process::Command;

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(db: &Path, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("registry")
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("GONGKAI_DB")
        .env("GONGKAI_AGENCY", "某市交通运输局")
        .env("USER", "经办人")
        .output()
        .expect("run gongkai");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert_eq!(o.code, Some(0), "{args:?}\n{}\n{}", o.stdout, o.stderr);
    o.stdout
}

fn new(db: &Path, name: &str, kind: &str, arrived: &str) -> String {
    ok(
        db,
        &[
            "new",
            "--applicant",
            name,
            "--type",
            kind,
            "--channel",
            "当面",
            "--arrived",
            arrived,
            "--content",
            "政府信息",
        ],
    )
    .trim()
    .to_string()
}

fn event(db: &Path, id: &str, kind: &str, on: &str, extra: &[&str]) {
    let mut args = vec!["event", id, kind, "--on", on];
    args.extend_from_slice(extra);
    ok(db, &args);
}

fn check(files: &[&Path], extra: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("check")
        .arg("--no-config")
        .args(extra)
        .args(files)
        .output()
        .expect("run gongkai check");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_year_through_the_cli_passes_the_checker() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let db = db.as_path();
    // Late 2023: two requests, one answered in 2023, one carried into 2024.
    let a = new(db, "甲", "自然人", "2023-11-06");
    event(db, &a, "答复", "2023-11-20", &["--outcome", "予以公开"]);
    let b = new(db, "乙公司", "商业企业", "2023-12-22");
    // 2024: forty requests of every applicant type with every kind of event.
    let kinds = [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ];
    let outcomes = [
        "予以公开",
        "部分公开",
        "属于国家秘密",
        "保护第三方合法权益",
        "本机关不掌握相关政府信息",
        "重复申请",
        "信访举报投诉类申请",
    ];
    let mut ids = Vec::new();
    for i in 0..40 {
        let month = 1 + i % 12;
        let arrived = format!("2024-{month:02}-{:02}", 3 + i % 20);
        ids.push(new(
            db,
            &format!("申请人{i}"),
            kinds[i % kinds.len()],
            &arrived,
        ));
    }
    event(db, &b, "答复", "2024-01-15", &["--outcome", "部分公开"]);
    for (i, id) in ids.iter().enumerate() {
        let case = ok(db, &["show", id, "--json"]);
        let v: serde_json::Value = serde_json::from_str(&case).unwrap();
        let received = v["request"]["received"].as_str().unwrap().to_string();
        let day = |n: u32| -> String {
            let d = chrono::NaiveDate::parse_from_str(&received, "%Y-%m-%d").unwrap();
            gongkai_calendar::Calendar::official()
                .add_workdays(d, n)
                .unwrap()
                .to_string()
        };
        match i % 10 {
            // Open at the end of the year (received in December): carried over.
            _ if i % 12 == 11 => {}
            0 => {
                event(
                    db,
                    id,
                    "补正告知",
                    &day(2),
                    &["--until", &day(7), "--reason", "请写明文件名称"],
                );
                event(db, id, "补正到达", &day(5), &[]);
                event(db, id, "答复", &day(20), &["--outcome", "予以公开"]);
            }
            1 => {
                event(db, id, "补正告知", &day(2), &["--until", &day(7)]);
                event(db, id, "答复", &day(8), &["--outcome", "逾期不补正"]);
            }
            2 => {
                event(db, id, "征求意见", &day(3), &["--party", "某公司"]);
                event(db, id, "意见返回", &day(10), &[]);
                event(
                    db,
                    id,
                    "答复",
                    &day(25),
                    &["--outcome", "保护第三方合法权益"],
                );
            }
            3 => {
                event(
                    db,
                    id,
                    "延期",
                    &day(18),
                    &["--days", "15", "--reason", "需要调取档案"],
                );
                event(db, id, "答复", &day(30), &["--outcome", "部分公开"]);
            }
            4 => {
                event(
                    db,
                    id,
                    "收费",
                    &day(5),
                    &["--method", "按量", "--pages", "120"],
                );
                event(db, id, "缴费", &day(9), &[]);
                event(db, id, "答复", &day(12), &["--outcome", "予以公开"]);
            }
            5 => {
                event(
                    db,
                    id,
                    "收费",
                    &day(5),
                    &["--method", "按量", "--pages", "45"],
                );
                event(db, id, "答复", &day(26), &["--outcome", "逾期未缴费"]);
            }
            6 => event(db, id, "撤回", &day(4), &[]),
            7 => {
                event(db, id, "答复", &day(15), &["--outcome", "属于国家秘密"]);
                event(db, id, "复议", &day(30), &[]);
                event(
                    db,
                    id,
                    "审结",
                    &day(60),
                    &["--case", "行政复议", "--decision", "结果维持"],
                );
            }
            8 => {
                event(
                    db,
                    id,
                    "答复",
                    &day(10),
                    &["--outcome", "本机关不掌握相关政府信息"],
                );
                event(db, id, "诉讼", &day(40), &[]);
            }
            _ => event(
                db,
                id,
                "答复",
                &day(1 + (i as u32) % 19),
                &["--outcome", outcomes[i % outcomes.len()]],
            ),
        }
    }
    // An impossible event is refused with a clear message and changes nothing.
    let o = run(
        db,
        &[
            "event",
            &a,
            "答复",
            "--on",
            "2023-11-21",
            "--outcome",
            "予以公开",
        ],
    );
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("已于2023年11月20日办结"), "{}", o.stderr);

    // The two annual reports.
    let r2023 = dir.path().join("2023.json");
    let r2024 = dir.path().join("2024.json");
    for (year, path) in [("2023", &r2023), ("2024", &r2024)] {
        let o = run(
            db,
            &["report", "--year", year, "-o", path.to_str().unwrap()],
        );
        assert_eq!(o.code, Some(0), "{}", o.stderr);
        assert!(o.stderr.contains("本年答复"), "{}", o.stderr);
    }
    let tsv = ok(db, &["report", "--year", "2024", "--format", "tsv"]);
    let get = |key: &str| -> String {
        tsv.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}\t")))
            .unwrap_or_else(|| panic!("{key} in\n{tsv}"))
            .to_string()
    };
    assert_eq!(get("meta.year"), "2024");
    assert_eq!(get("meta.agency"), "某市交通运输局");
    assert_eq!(get("apply.new.total"), "40");
    assert_eq!(get("apply.carried_in.total"), "1");
    assert_eq!(get("apply.carried_in.commercial"), "1");
    assert_eq!(get("apply.carried_out.total"), "3");
    assert_eq!(get("apply.other.no_correction.total"), "3");
    assert_eq!(get("apply.other.fee_unpaid.total"), "3");
    assert_eq!(get("review.upheld"), "4");
    assert_eq!(get("active.rules.issued"), "-");

    // The checker passes both years: every relation holds within each year
    // and across the two, and the parts the registry does not cover (the
    // narrative sections, table 二) are not reported missing from tables
    // computed from data.
    let o = check(&[&r2023, &r2024], &["--format", "tsv"]);
    assert_eq!(o.code, Some(0), "{}\n{}", o.stdout, o.stderr);
    assert!(!o.stdout.contains("\terror\t"), "{}", o.stdout);

    // Lists, show, letters, export/import.
    let list = ok(db, &["list", "--today", "2025-01-10"]);
    assert_eq!(list.lines().count(), 3, "{list}");
    let overdue = ok(db, &["list", "--overdue", "--today", "2025-03-01"]);
    assert_eq!(overdue.lines().count(), 3, "{overdue}");
    let shown = ok(db, &["show", &ids[3], "--today", "2024-12-31"]);
    assert!(shown.contains("延长15个工作日"), "{shown}");
    assert!(shown.contains("期限构成"), "{shown}");
    let letter = ok(db, &["letter", &ids[3], "--kind", "延期答复告知书"]);
    assert!(letter.contains("需要调取档案"), "{letter}");
    assert!(letter.contains("延长15个工作日"), "{letter}");
    let custom = dir.path().join("templates");
    std::fs::create_dir(&custom).unwrap();
    std::fs::write(custom.join("receipt.txt"), "回执 {{ id }} {{ due }}").unwrap();
    let letter = ok(
        db,
        &[
            "letter",
            &ids[3],
            "--kind",
            "受理回执",
            "--templates",
            custom.to_str().unwrap(),
        ],
    );
    assert!(letter.starts_with(&format!("回执 {}", ids[3])), "{letter}");
    let o = run(db, &["letter", &ids[6], "--kind", "答复书"]);
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("没有“答复”记录"), "{}", o.stderr);

    let export = dir.path().join("export.json");
    ok(db, &["export", "-o", export.to_str().unwrap()]);
    let db2 = dir.path().join("copy.db");
    ok(&db2, &["import", export.to_str().unwrap()]);
    assert_eq!(
        ok(&db2, &["report", "--year", "2024", "--format", "tsv"]),
        tsv
    );
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let o = run(
        &db,
        &[
            "new",
            "--applicant",
            "甲",
            "--type",
            "外星人",
            "--channel",
            "当面",
            "--arrived",
            "2024-03-01",
        ],
    );
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("申请人类型“外星人”无效"), "{}", o.stderr);
    let o = run(
        &db,
        &[
            "new",
            "--applicant",
            "甲",
            "--type",
            "自然人",
            "--channel",
            "网络",
            "--arrived",
            "2024-03-01",
        ],
    );
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("--confirmed"), "{}", o.stderr);
    let o = run(&db, &["show", "2024-00009"]);
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("没有编号为"), "{}", o.stderr);
    let id = new(&db, "甲", "自然人", "2024-03-01");
    let o = run(
        &db,
        &["event", &id, "延期", "--on", "2024-03-05", "--days", "30"],
    );
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("不得超过20个工作日"), "{}", o.stderr);
    let o = run(&db, &["event", &id, "答复", "--on", "2024-03-05"]);
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("--outcome"), "{}", o.stderr);
    let o = run(&db, &["event", &id, "撤回", "--on", "2999-01-04"]);
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("晚于今天"), "{}", o.stderr);
    // Parts settled differently: 部分公开 takes precedence.
    ok(
        &db,
        &[
            "event",
            &id,
            "答复",
            "--on",
            "2024-03-05",
            "--outcome",
            "予以公开",
            "--outcome",
            "属于国家秘密",
        ],
    );
    let shown = ok(&db, &["show", &id]);
    assert!(shown.contains("答复：（二）部分公开"), "{shown}");
}
