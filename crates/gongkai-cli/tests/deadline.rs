//! `gongkai deadline` counts working days on the official calendar.

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .output()
        .expect("run gongkai");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn twenty_working_days_across_national_day() {
    let (code, out, _) = run(&["deadline", "2024-09-27", "--days", "20"]);
    assert_eq!(code, Some(0));
    // 9月29日 and 10月12日 are make-up workdays; 10月1–7日 are holidays.
    assert!(out.contains("到期日2024年10月30日"), "{out}");
    assert!(out.contains("9月29日（星期日，调休上班）"), "{out}");
    assert!(out.contains("10月7日（星期一，节假日放假）"), "{out}");
    let (_, json, _) = run(&["deadline", "2024-09-27", "--json"]);
    assert!(json.contains("\"due\": \"2024-10-30\""), "{json}");
}

#[test]
fn uncovered_year_is_an_error_not_a_guess() {
    let (code, out, err) = run(&["deadline", "2027-01-05"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(err.contains("2027年的节假日安排"), "{err}");
    let (code, _, err) = run(&["deadline", "2024-13-01"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("日期"), "{err}");
}
