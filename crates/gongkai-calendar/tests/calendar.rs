//! Known cases of the working-day calendar, cross-checked by hand against the
//! State Council notices (regulation.md §1.3 worked examples, §4 table).

use chrono::NaiveDate;
use gongkai_calendar::{
    periods, Calendar, CalendarError, DayKind, HolidayData, Reason, EMBEDDED_JSON,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> &'static Calendar {
    Calendar::official()
}

// ---------------------------------------------------------------- data ----

#[test]
fn embedded_copy_equals_shared_reference() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/reference/cn-holidays.json"
    );
    let reference = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read the reference holiday file {path}: {e}"));
    assert_eq!(
        EMBEDDED_JSON, reference,
        "crates/gongkai-calendar/data/cn-holidays.json drifted from {path}"
    );
}

#[test]
fn embedded_data_is_consistent_and_covers_2019_to_2026() {
    let years: Vec<i32> = cal().covered_years().collect();
    assert_eq!(years, (2019..=2026).collect::<Vec<_>>());
    for y in 2019..=2026 {
        let sources = cal().sources(y).unwrap();
        assert!(
            sources.iter().all(|s| s.contains("gov.cn")),
            "{y}: {sources:?}"
        );
    }
    // 2020 cites the Spring Festival extension notice as well.
    assert_eq!(cal().sources(2020).unwrap().len(), 2);
}

/// regulation.md §4: “Working days per year under this calendar (computed)”.
#[test]
fn working_days_per_year_match_regulation_section_4() {
    let expected = [
        (2019, 250),
        (2020, 249),
        (2021, 250),
        (2022, 249),
        (2023, 249),
        (2024, 251),
        (2025, 248),
        (2026, 248),
    ];
    for (year, n) in expected {
        let got = cal()
            .workdays_between(d(year - 1, 12, 31), d(year, 12, 31))
            .unwrap_or_else(|e| panic!("{year}: {e}"));
        assert_eq!(got, n, "{year}");
    }
}

// ----------------------------------------------------------- is_workday ----

#[test]
fn plain_weekdays_and_weekends() {
    assert!(cal().is_workday(d(2024, 3, 1)).unwrap()); // Fri
    assert!(!cal().is_workday(d(2024, 3, 2)).unwrap()); // Sat
    assert!(!cal().is_workday(d(2024, 3, 3)).unwrap()); // Sun
    assert_eq!(cal().day_kind(d(2024, 3, 4)).unwrap(), DayKind::Workday);
    assert_eq!(cal().day_kind(d(2024, 3, 2)).unwrap(), DayKind::Weekend);
}

#[test]
fn spring_festival_makeup_workdays_count_and_weekday_holidays_do_not() {
    // 2021 春节 02-11..02-17; 02-07 (Sun) and 02-20 (Sat) are 调休上班.
    assert!(cal().is_workday(d(2021, 2, 7)).unwrap());
    assert!(cal().is_workday(d(2021, 2, 20)).unwrap());
    assert!(!cal().is_workday(d(2021, 2, 11)).unwrap()); // Thu
    assert!(!cal().is_workday(d(2021, 2, 17)).unwrap()); // Wed
                                                         // 2024: 除夕 02-09 (Fri) was a working day; 02-10..02-17 off; 02-04, 02-18 (Sun) work.
    assert!(cal().is_workday(d(2024, 2, 9)).unwrap());
    assert!(!cal().is_workday(d(2024, 2, 12)).unwrap()); // Mon
    assert!(cal().is_workday(d(2024, 2, 4)).unwrap());
    assert!(cal().is_workday(d(2024, 2, 18)).unwrap());
    assert_eq!(
        cal().day_kind(d(2024, 2, 18)).unwrap(),
        DayKind::MakeupWorkday { name: None }
    );
    assert_eq!(
        cal().day_kind(d(2024, 2, 12)).unwrap(),
        DayKind::Holiday { name: None }
    );
    // 2026 春节 02-15..02-23 (9 days): 02-14 and 02-28 (Sat) work, 02-23 (Mon) off.
    assert!(cal().is_workday(d(2026, 2, 14)).unwrap());
    assert!(cal().is_workday(d(2026, 2, 28)).unwrap());
    assert!(!cal().is_workday(d(2026, 2, 23)).unwrap());
}

#[test]
fn spring_festival_2020_extension_is_applied() {
    // 02-01 (Sat) was a 上班 day in the original notice but became a rest
    // day through the extension; 01-31 (Fri) off; 02-03 (Mon) back to work.
    assert!(!cal().is_workday(d(2020, 1, 31)).unwrap());
    assert!(!cal().is_workday(d(2020, 2, 1)).unwrap());
    assert!(!cal().is_workday(d(2020, 2, 2)).unwrap());
    assert!(cal().is_workday(d(2020, 2, 3)).unwrap());
    assert!(cal().is_workday(d(2020, 1, 19)).unwrap()); // Sun 调休上班
}

#[test]
fn national_day_across_years() {
    // 2019: 10-01..07 off; 09-29 (Sun), 10-12 (Sat) work.
    assert!(cal().is_workday(d(2019, 9, 29)).unwrap());
    assert!(cal().is_workday(d(2019, 10, 12)).unwrap());
    assert!(!cal().is_workday(d(2019, 10, 7)).unwrap()); // Mon
                                                         // 2023: 09-29..10-06 off; 10-07 (Sat), 10-08 (Sun) work.
    assert!(!cal().is_workday(d(2023, 9, 29)).unwrap()); // Fri (中秋)
    assert!(cal().is_workday(d(2023, 10, 7)).unwrap());
    assert!(cal().is_workday(d(2023, 10, 8)).unwrap());
    // 2025: 10-01..08 off; 09-28 (Sun), 10-11 (Sat) work.
    assert!(!cal().is_workday(d(2025, 10, 8)).unwrap()); // Wed
    assert!(cal().is_workday(d(2025, 9, 28)).unwrap());
    assert!(cal().is_workday(d(2025, 10, 11)).unwrap());
}

#[test]
fn uncovered_years_are_errors_never_a_weekday_guess() {
    assert_eq!(
        cal().is_workday(d(2027, 3, 1)),
        Err(CalendarError::YearNotCovered(2027))
    );
    assert_eq!(
        cal().is_workday(d(2018, 12, 28)),
        Err(CalendarError::YearNotCovered(2018))
    );
    assert_eq!(
        cal().is_workday(d(2010, 6, 1)),
        Err(CalendarError::YearNotCovered(2010))
    );
    // …but the December 2018 days listed by the 2019 notice are known.
    assert!(cal().covers(d(2018, 12, 29)));
    assert!(cal().is_workday(d(2018, 12, 29)).unwrap()); // Sat 上班
    assert!(!cal().is_workday(d(2018, 12, 31)).unwrap()); // Mon 元旦
    assert!(!cal().covers(d(2018, 12, 28)));
    let msg = CalendarError::YearNotCovered(2027).to_string();
    assert!(msg.contains("2027年") && msg.contains("尚未载入"), "{msg}");
}

// -------------------------------------------------------- add_workdays ----

/// regulation.md §1.3 worked examples.
#[test]
fn worked_examples_of_regulation_1_3() {
    let c = cal();
    let r = d(2025, 1, 20);
    assert_eq!(
        c.add_workdays(r, periods::CORRECTION_NOTICE).unwrap(),
        d(2025, 2, 5)
    );
    assert_eq!(c.add_workdays(r, periods::ANSWER).unwrap(), d(2025, 2, 21));
    assert_eq!(
        c.add_workdays(r, periods::ANSWER + periods::EXTENSION_MAX)
            .unwrap(),
        d(2025, 3, 21)
    );
    let r = d(2026, 2, 13);
    assert_eq!(c.add_workdays(r, 7).unwrap(), d(2026, 3, 2));
    assert_eq!(c.add_workdays(r, 20).unwrap(), d(2026, 3, 19));
    assert_eq!(c.add_workdays(d(2024, 9, 27), 20).unwrap(), d(2024, 10, 30));
    assert_eq!(c.add_workdays(d(2020, 1, 20), 20).unwrap(), d(2020, 2, 25));
}

#[test]
fn answer_deadline_20_working_days() {
    let c = cal();
    // No holidays: four calendar weeks.
    assert_eq!(c.add_workdays(d(2024, 3, 1), 20).unwrap(), d(2024, 3, 29));
    // Received on a Saturday: counting starts Monday.
    assert_eq!(c.add_workdays(d(2024, 3, 2), 20).unwrap(), d(2024, 3, 29));
    // The deadline falls on a Sunday 调休上班 day (2020-01-19).
    assert_eq!(c.add_workdays(d(2019, 12, 20), 20).unwrap(), d(2020, 1, 19));
}

#[test]
fn opinion_period_15_working_days() {
    let c = cal();
    // 2024-02-09 (除夕, a working day) counts; 02-18 (Sun) 调休上班 counts.
    assert_eq!(
        c.add_workdays(d(2024, 2, 8), periods::OPINION).unwrap(),
        d(2024, 3, 6)
    );
    // Across 国庆 2022 (10-08, 10-09 weekend workdays).
    assert_eq!(c.add_workdays(d(2022, 9, 30), 15).unwrap(), d(2022, 10, 26));
}

#[test]
fn correction_notice_7_working_days_across_national_day() {
    let c = cal();
    // 09-28 (1); 09-29..10-06 off; 10-07 Sat (2), 10-08 Sun (3); 10-09..12.
    assert_eq!(c.add_workdays(d(2023, 9, 27), 7).unwrap(), d(2023, 10, 12));
    assert_eq!(c.add_workdays(d(2019, 9, 27), 7).unwrap(), d(2019, 10, 12));
}

#[test]
fn weekend_makeup_day_counts_weekday_holiday_does_not() {
    let c = cal();
    // Fri 2021-02-05: Sat 02-06 rest, Sun 02-07 work (1), 02-08 (2), 02-09 (3).
    assert_eq!(c.add_workdays(d(2021, 2, 5), 3).unwrap(), d(2021, 2, 9));
    // Fri 2021-02-19: Sat 02-20 work (1), Sun 02-21 rest, Mon 02-22 (2).
    assert_eq!(c.add_workdays(d(2021, 2, 19), 1).unwrap(), d(2021, 2, 20));
    assert_eq!(c.add_workdays(d(2021, 2, 19), 2).unwrap(), d(2021, 2, 22));
    // Wed 2021-02-10: next working day is the first after the holiday, Thu 02-18.
    assert_eq!(c.next_workday(d(2021, 2, 10)).unwrap(), d(2021, 2, 18));
}

#[test]
fn year_boundary_december_to_january() {
    let c = cal();
    assert_eq!(c.add_workdays(d(2025, 12, 24), 15).unwrap(), d(2026, 1, 15));
    // The 2019 notice reaches back into December 2018.
    assert_eq!(c.add_workdays(d(2018, 12, 28), 1).unwrap(), d(2018, 12, 29));
    assert_eq!(c.add_workdays(d(2018, 12, 28), 3).unwrap(), d(2019, 1, 3));
    // 2026-01-04 (Sun) is a 调休上班 day.
    assert_eq!(c.next_workday(d(2025, 12, 31)).unwrap(), d(2026, 1, 4));
}

#[test]
fn counting_into_an_uncovered_year_fails() {
    let c = cal();
    assert_eq!(
        c.add_workdays(d(2026, 12, 15), 20),
        Err(CalendarError::YearNotCovered(2027))
    );
    assert_eq!(
        c.workdays_between(d(2026, 12, 1), d(2027, 1, 5)),
        Err(CalendarError::YearNotCovered(2027))
    );
    assert!(c.explain_deadline(d(2026, 12, 15), 20).is_err());
    // Still within 2026: fine.
    assert_eq!(c.add_workdays(d(2026, 12, 1), 20).unwrap(), d(2026, 12, 29));
}

#[test]
fn zero_days_and_helpers() {
    let c = cal();
    assert_eq!(c.add_workdays(d(2024, 3, 2), 0).unwrap(), d(2024, 3, 2));
    assert_eq!(c.workdays_between(d(2024, 3, 2), d(2024, 3, 2)).unwrap(), 0);
    assert_eq!(
        c.workdays_between(d(2024, 3, 29), d(2024, 3, 1)).unwrap(),
        0
    );
    assert_eq!(
        c.workdays_between(d(2024, 3, 1), d(2024, 3, 29)).unwrap(),
        20
    );
    // Exclusive of a, inclusive of b.
    assert_eq!(c.workdays_between(d(2024, 3, 3), d(2024, 3, 4)).unwrap(), 1);
    assert_eq!(c.workdays_between(d(2024, 3, 4), d(2024, 3, 5)).unwrap(), 1);
    assert_eq!(c.next_workday(d(2024, 3, 1)).unwrap(), d(2024, 3, 4));
    assert_eq!(c.workday_on_or_after(d(2024, 3, 1)).unwrap(), d(2024, 3, 1));
    assert_eq!(
        c.workday_on_or_after(d(2024, 10, 1)).unwrap(),
        d(2024, 10, 8)
    );
}

// ---------------------------------------------------------- explanation ----

#[test]
fn explanation_lists_counted_and_skipped_days() {
    let e = cal().explain_deadline(d(2024, 3, 1), 20).unwrap();
    assert_eq!(e.due, d(2024, 3, 29));
    assert_eq!(e.counted.len(), 20);
    assert_eq!(e.counted[0], d(2024, 3, 4));
    assert_eq!(e.skipped.len(), 8);
    assert_eq!(e.skipped[0], (d(2024, 3, 2), Reason::Weekend));
    assert!(e.makeup_counted.is_empty());
    assert!(e.provisional.is_empty());
    let text = e.to_string();
    assert!(
        text.starts_with("自2024年3月1日（星期五，收到申请之日，不计入）起算20个工作日："),
        "{text}"
    );
    assert!(text.contains("第1个工作日3月4日（星期一）"), "{text}");
    assert!(
        text.contains("跳过（共8天）：3月2日（星期六）、3月3日（星期日）"),
        "{text}"
    );
    assert!(text.ends_with("到期日2024年3月29日（星期五）。"), "{text}");
}

#[test]
fn explanation_marks_holidays_and_makeup_days() {
    // Received Thu 2024-02-08; 02-09 counts (除夕 was a workday).
    let e = cal().explain_deadline(d(2024, 2, 8), 15).unwrap();
    assert_eq!(e.due, d(2024, 3, 6));
    assert_eq!(e.makeup_counted, vec![(d(2024, 2, 18), None)]);
    assert!(e.counted.contains(&d(2024, 2, 18)));
    assert!(e
        .skipped
        .contains(&(d(2024, 2, 12), Reason::Holiday { name: None })));
    // Weekend days inside the holiday span are listed as holiday days.
    assert!(e
        .skipped
        .contains(&(d(2024, 2, 10), Reason::Holiday { name: None })));
    let text = e.with_start_label("收到征求意见书之日").to_string();
    assert!(
        text.contains("（星期四，收到征求意见书之日，不计入）"),
        "{text}"
    );
    assert!(text.contains("2月18日（星期日，调休上班）"), "{text}");
    assert!(text.contains("2月12日（星期一，节假日放假）"), "{text}");
}

#[test]
fn explanation_across_years_writes_the_year() {
    let e = cal().explain_deadline(d(2025, 12, 24), 15).unwrap();
    let text = e.to_string();
    assert!(text.contains("12月25日（星期四）"), "{text}");
    assert!(
        text.contains("2026年1月1日（星期四，节假日放假）"),
        "{text}"
    );
    assert!(text.contains("2026年1月4日（星期日，调休上班）"), "{text}");
    assert!(text.ends_with("到期日2026年1月15日（星期四）。"), "{text}");
    assert!(e.provisional.is_empty());
}

#[test]
fn explanation_warns_about_late_december_of_the_last_loaded_year() {
    let e = cal().explain_deadline(d(2026, 12, 10), 15).unwrap();
    assert_eq!(e.due, d(2026, 12, 31));
    assert_eq!(e.provisional.first(), Some(&d(2026, 12, 25)));
    let text = e.to_string();
    assert!(text.contains("可能被2027年放假通知调整"), "{text}");
    // Not once 2027 is loaded.
    let c = Calendar::with_overrides_json(FIXTURE_2027).unwrap();
    assert!(c
        .explain_deadline(d(2026, 12, 10), 15)
        .unwrap()
        .provisional
        .is_empty());
}

#[test]
fn zero_day_explanation() {
    let e = cal().explain_deadline(d(2024, 3, 2), 0).unwrap();
    assert_eq!(e.due, d(2024, 3, 2));
    assert!(e.counted.is_empty() && e.skipped.is_empty());
    assert!(e.to_string().contains("期间为零"));
}

// ------------------------------------------------------------ overrides ----

/// A TEST FIXTURE shaped like a 2027 notice — not the real 2027 arrangement
/// (none had been published when this was written).
const FIXTURE_2027: &str = r#"{
 "2027": {
  "source": ["https://example.invalid/test-fixture-2027"],
  "off": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-02-08", "2027-02-09"],
  "work": ["2027-02-20"],
  "names": {"元旦": ["2027-01-01", "2027-01-02", "2027-01-03"], "春节": ["2027-02-08", "2027-02-09", "2027-02-20"]}
 }
}"#;

#[test]
fn overrides_add_a_future_year() {
    let c = Calendar::with_overrides_json(FIXTURE_2027).unwrap();
    assert_eq!(c.covered_years().last(), Some(2027));
    assert_eq!(c.covered_years().count(), 9);
    assert!(!c.is_workday(d(2027, 1, 1)).unwrap());
    assert!(c.is_workday(d(2027, 1, 4)).unwrap());
    assert!(c.is_workday(d(2027, 2, 20)).unwrap()); // Sat 上班
    assert!(!c.is_workday(d(2027, 2, 8)).unwrap()); // Mon
    assert_eq!(
        c.day_kind(d(2027, 1, 1)).unwrap(),
        DayKind::Holiday {
            name: Some("元旦".into())
        }
    );
    // Counting now crosses into 2027: 12-16..31 = 12 WD, then 8 more from 01-04.
    assert_eq!(c.add_workdays(d(2026, 12, 15), 20).unwrap(), d(2027, 1, 13));
    // The official calendar is unchanged.
    assert!(Calendar::official().is_workday(d(2027, 1, 4)).is_err());
    assert_eq!(
        c.is_workday(d(2028, 1, 4)),
        Err(CalendarError::YearNotCovered(2028))
    );
    let text = c.explain_deadline(d(2026, 12, 31), 1).unwrap().to_string();
    assert!(text.contains("2027年1月1日（星期五，元旦放假）"), "{text}");
}

#[test]
fn override_replaces_a_year_record() {
    // Replace 2026 with a record that makes 2026-03-02 (Mon) a holiday.
    let json =
        r#"{"2026": {"source": ["https://example.invalid/x"], "off": ["2026-03-02"], "work": []}}"#;
    let c = Calendar::with_overrides(HolidayData::from_json_str(json).unwrap()).unwrap();
    assert!(!c.is_workday(d(2026, 3, 2)).unwrap());
    assert!(c.is_workday(d(2026, 2, 16)).unwrap()); // old 2026 record gone
    assert!(c.is_workday(d(2025, 1, 27)).unwrap()); // other years kept
    assert!(!c.is_workday(d(2025, 1, 28)).unwrap());
}

#[test]
fn invalid_override_data_is_rejected_with_chinese_messages() {
    let bad = |json: &str| Calendar::with_overrides_json(json).unwrap_err();
    assert!(matches!(bad("{not json"), CalendarError::InvalidJson(_)));
    assert!(matches!(
        bad(r#"{"2027": {"source": ["u"], "off": [], "work": [], "extra": 1}}"#),
        CalendarError::InvalidJson(_)
    ));
    assert_eq!(
        bad(r#"{"二〇二七": {"source": ["u"], "off": [], "work": []}}"#),
        CalendarError::InvalidNoticeYear("二〇二七".into())
    );
    assert_eq!(
        bad(r#"{"2027": {"source": ["u"], "off": ["2027-1-1"], "work": []}}"#),
        CalendarError::InvalidDate {
            notice: 2027,
            value: "2027-1-1".into()
        }
    );
    assert_eq!(
        bad(r#"{"2027": {"source": ["u"], "off": ["2027-02-30"], "work": []}}"#),
        CalendarError::InvalidDate {
            notice: 2027,
            value: "2027-02-30".into()
        }
    );
    assert_eq!(
        bad(r#"{"2027": {"source": ["u"], "off": ["2030-01-01"], "work": []}}"#),
        CalendarError::DateOutsideNotice {
            notice: 2027,
            date: d(2030, 1, 1)
        }
    );
    assert_eq!(
        bad(r#"{"2027": {"source": ["u"], "off": ["2027-02-20"], "work": ["2027-02-20"]}}"#),
        CalendarError::ConflictingEntry {
            notice: 2027,
            date: d(2027, 2, 20)
        }
    );
    assert_eq!(
        bad(r#"{"2027": {"source": ["u"], "off": [], "work": ["2027-02-22"]}}"#),
        CalendarError::MakeupNotWeekend {
            notice: 2027,
            date: d(2027, 2, 22)
        }
    );
    assert_eq!(
        bad(r#"{"2027": {"source": [], "off": [], "work": []}}"#),
        CalendarError::MissingSource(2027)
    );
    assert_eq!(
        bad(
            r#"{"2027": {"source": ["u"], "off": [], "work": [], "names": {"春节": ["2027-02-08"]}}}"#
        ),
        CalendarError::NamedDateNotListed {
            notice: 2027,
            name: "春节".into(),
            date: d(2027, 2, 8)
        }
    );
    let msg = bad(r#"{"2027": {"source": ["u"], "off": [], "work": ["2027-02-22"]}}"#).to_string();
    assert!(msg.contains("不是星期六或星期日"), "{msg}");
}

#[test]
fn explanation_serializes_to_json() {
    let e = cal().explain_deadline(d(2024, 2, 8), 2).unwrap();
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["due"], "2024-02-18");
    assert_eq!(v["counted"][1], "2024-02-18");
    assert_eq!(v["skipped"][0][0], "2024-02-10");
    assert_eq!(v["skipped"][0][1]["kind"], "holiday");
    assert_eq!(v["makeup_counted"][0][0], "2024-02-18");
}
