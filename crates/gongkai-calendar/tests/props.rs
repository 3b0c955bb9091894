//! Property: counting n working days forward and back agrees, and the result
//! is a working day.

use chrono::{Duration, NaiveDate};
use gongkai_calendar::Calendar;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn add_then_count_round_trips(offset in 0i64..2814, n in 1u32..=60) {
        let cal = Calendar::official();
        // Start dates 2019-01-01 .. 2026-09-15, so that 60 working days stay in 2026.
        let start = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + Duration::days(offset);
        let due = cal.add_workdays(start, n).unwrap();
        prop_assert!(due > start);
        prop_assert!(cal.is_workday(due).unwrap());
        prop_assert_eq!(cal.workdays_between(start, due).unwrap(), n);
        // The day before the deadline has one fewer working day elapsed.
        prop_assert_eq!(cal.workdays_between(start, due - Duration::days(1)).unwrap(), n - 1);
        let e = cal.explain_deadline(start, n).unwrap();
        prop_assert_eq!(e.due, due);
        prop_assert_eq!(e.counted.len(), n as usize);
        prop_assert_eq!(
            e.counted.len() + e.skipped.len(),
            (due - start).num_days() as usize
        );
    }
}
