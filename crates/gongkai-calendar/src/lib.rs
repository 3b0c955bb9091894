//! The Chinese national working-day calendar and statutory working-day
//! deadlines for 政府信息公开 (《政府信息公开条例》第三十条、第三十二至三十四条).
//!
//! A date is a working day iff it is listed as a make-up workday (调休上班) in
//! a State Council notice, or it is Monday–Friday and not listed as a rest day
//! (regulation.md §4). The notices for 2019–2026 are compiled in
//! ([`EMBEDDED_JSON`]); an administrator can add a later notice (e.g. 2027)
//! with [`Calendar::with_overrides`] / [`Calendar::with_overrides_json`].
//!
//! A date in a year for which no notice is loaded is an error
//! ([`CalendarError::YearNotCovered`]): the calendar never guesses Mon–Fri.
//!
//! Counting follows §1.3: the start day (e.g. the day the application is
//! received) is not counted; day 1 is the first working day after it, and the
//! deadline is the N-th working day.
//!
//! ```
//! use chrono::NaiveDate;
//! use gongkai_calendar::Calendar;
//!
//! let cal = Calendar::official();
//! let received = NaiveDate::from_ymd_opt(2025, 1, 20).unwrap();
//! let due = cal.add_workdays(received, 20).unwrap();
//! assert_eq!(due, NaiveDate::from_ymd_opt(2025, 2, 21).unwrap());
//! ```

mod data;
mod explain;

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};

pub use data::{HolidayData, NoticeRecord, EMBEDDED_JSON};
pub use explain::{Explanation, Reason};

/// Working-day periods of the 条例 (regulation.md §0).
pub mod periods {
    /// 第三十三条: answer deadline, 20 working days from receipt.
    pub const ANSWER: u32 = 20;
    /// 第三十三条: maximum extension, another 20 working days.
    pub const EXTENSION_MAX: u32 = 20;
    /// 第三十二条、第三十四条: third party / co-producing organ opinion, 15 working days.
    pub const OPINION: u32 = 15;
    /// 第三十条: one-time 补正 (correction) notice, within 7 working days.
    pub const CORRECTION_NOTICE: u32 = 7;
}

/// Errors of the calendar. Messages are in Chinese (they reach users).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// No notice is loaded for this year: working days cannot be determined.
    #[error("{0}年的节假日安排（国务院办公厅通知）尚未载入，无法判断该年的工作日；请在该年通知发布后导入")]
    YearNotCovered(i32),
    /// The holiday data is not valid JSON of the expected shape.
    #[error("节假日数据不是有效的 JSON 或格式不符：{0}")]
    InvalidJson(String),
    /// A notice key is not a year.
    #[error("节假日数据中的年份“{0}”无效")]
    InvalidNoticeYear(String),
    /// A date string is not `YYYY-MM-DD`.
    #[error("{notice}年通知中的日期“{value}”无效（应为 YYYY-MM-DD 格式）")]
    InvalidDate {
        /// Notice year.
        notice: i32,
        /// The offending string.
        value: String,
    },
    /// A listed date is far from its notice year (neither that year nor an adjacent one).
    #[error("{notice}年通知中的日期 {date} 不属于该年度（或相邻年份）")]
    DateOutsideNotice {
        /// Notice year.
        notice: i32,
        /// The date.
        date: NaiveDate,
    },
    /// A date is listed both as a rest day and as a make-up workday.
    #[error("{notice}年通知中的日期 {date} 同时列为放假和调休上班")]
    ConflictingEntry {
        /// Notice year.
        notice: i32,
        /// The date.
        date: NaiveDate,
    },
    /// A make-up workday is not a Saturday or Sunday.
    #[error("{notice}年通知中的调休上班日 {date} 不是星期六或星期日")]
    MakeupNotWeekend {
        /// Notice year.
        notice: i32,
        /// The date.
        date: NaiveDate,
    },
    /// A named date is not listed in `off` or `work`.
    #[error("{notice}年通知中“{name}”所列日期 {date} 未列入放假或调休上班日期")]
    NamedDateNotListed {
        /// Notice year.
        notice: i32,
        /// Holiday name.
        name: String,
        /// The date.
        date: NaiveDate,
    },
    /// A notice has no source URL.
    #[error("{0}年通知缺少来源（source），请注明国务院办公厅通知的网址")]
    MissingSource(i32),
    /// Date arithmetic left chrono's supported range.
    #[error("日期超出可计算范围")]
    DateOutOfRange,
}

/// What kind of day a date is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary Monday–Friday working day.
    Workday,
    /// A weekend day declared a working day (调休上班).
    MakeupWorkday {
        /// Name of the holiday it belongs to, if the data names it.
        name: Option<String>,
    },
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// A rest day listed in a notice (法定节假日 / 调休放假).
    Holiday {
        /// Holiday name, if the data names it.
        name: Option<String>,
    },
}

impl DayKind {
    /// Whether this is a working day.
    pub fn is_workday(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday { .. })
    }
}

#[derive(Debug, Clone)]
enum Listed {
    Off(Option<String>),
    Work(Option<String>),
}

/// A working-day calendar built from one or more notices.
#[derive(Debug, Clone)]
pub struct Calendar {
    notices: BTreeMap<i32, NoticeRecord>,
    days: HashMap<NaiveDate, Listed>,
}

static OFFICIAL: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::from_data(HolidayData::embedded()).expect(
        "the compiled-in data/cn-holidays.json is consistent (checked by the crate's tests)",
    )
});

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn parse_date(notice: i32, value: &str) -> Result<NaiveDate, CalendarError> {
    let bad = || CalendarError::InvalidDate {
        notice,
        value: value.to_string(),
    };
    if value.len() != 10 {
        return Err(bad());
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| bad())
}

impl Calendar {
    /// The official calendar from the embedded notices (2019–2026).
    pub fn official() -> &'static Calendar {
        &OFFICIAL
    }

    /// Builds a calendar from holiday data alone (no embedded notices).
    ///
    /// Validates every notice: year keys, date syntax, dates within the
    /// notice year or an adjacent year, no date both `off` and `work`,
    /// make-up workdays on weekends, named dates listed, a non-empty source.
    /// Where two notices list the same date, the later notice wins (e.g. the
    /// 2019 notice's arrangement for 2018-12-29..31).
    pub fn from_data(data: HolidayData) -> Result<Self, CalendarError> {
        let mut notices = BTreeMap::new();
        for (key, record) in data.notices {
            let year: i32 = key
                .trim()
                .parse()
                .ok()
                .filter(|y| (1949..=9999).contains(y))
                .ok_or_else(|| CalendarError::InvalidNoticeYear(key.clone()))?;
            notices.insert(year, record);
        }
        Self::build(notices)
    }

    fn build(notices: BTreeMap<i32, NoticeRecord>) -> Result<Self, CalendarError> {
        let mut days = HashMap::new();
        for (&year, record) in &notices {
            if record.source.iter().all(|s| s.trim().is_empty()) {
                return Err(CalendarError::MissingSource(year));
            }
            let mut mine: HashMap<NaiveDate, Listed> = HashMap::new();
            let check_year = |date: NaiveDate| {
                if (year - 1..=year + 1).contains(&date.year()) {
                    Ok(date)
                } else {
                    Err(CalendarError::DateOutsideNotice { notice: year, date })
                }
            };
            for value in &record.off {
                let date = check_year(parse_date(year, value)?)?;
                mine.insert(date, Listed::Off(None));
            }
            for value in &record.work {
                let date = check_year(parse_date(year, value)?)?;
                if matches!(mine.get(&date), Some(Listed::Off(_))) {
                    return Err(CalendarError::ConflictingEntry { notice: year, date });
                }
                if !is_weekend(date) {
                    return Err(CalendarError::MakeupNotWeekend { notice: year, date });
                }
                mine.insert(date, Listed::Work(None));
            }
            for (name, dates) in &record.names {
                for value in dates {
                    let date = parse_date(year, value)?;
                    match mine.get_mut(&date) {
                        Some(Listed::Off(n)) | Some(Listed::Work(n)) => *n = Some(name.clone()),
                        None => {
                            return Err(CalendarError::NamedDateNotListed {
                                notice: year,
                                name: name.clone(),
                                date,
                            })
                        }
                    }
                }
            }
            // Ascending notice order: a later notice overrides an earlier one.
            days.extend(mine);
        }
        Ok(Calendar { notices, days })
    }

    /// The official calendar plus extra notices (e.g. the 2027 notice added by
    /// an administrator). A notice year present in `extra` replaces the
    /// embedded record for that year entirely.
    pub fn with_overrides(extra: HolidayData) -> Result<Self, CalendarError> {
        Self::official().merged(extra)
    }

    /// [`Calendar::with_overrides`] from a JSON string of the same shape as
    /// `cn-holidays.json`.
    pub fn with_overrides_json(json: &str) -> Result<Self, CalendarError> {
        Self::with_overrides(HolidayData::from_json_str(json)?)
    }

    /// This calendar plus extra notices (replacing same-year records).
    pub fn merged(&self, extra: HolidayData) -> Result<Self, CalendarError> {
        let extra = Self::from_data(extra)?;
        let mut notices = self.notices.clone();
        notices.extend(extra.notices);
        Self::build(notices)
    }

    /// The notice years loaded, ascending.
    pub fn covered_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.notices.keys().copied()
    }

    /// The source URL(s) of a year's notice, if loaded.
    pub fn sources(&self, year: i32) -> Option<&[String]> {
        self.notices.get(&year).map(|r| r.source.as_slice())
    }

    /// Whether the working-day status of `date` is known: its year has a
    /// notice, or the date itself is listed by some notice (e.g. 2018-12-29
    /// in the 2019 notice).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.notices.contains_key(&date.year()) || self.days.contains_key(&date)
    }

    /// Whether `date` may still be changed by a notice not yet loaded: the
    /// last week of December of a year whose following year's notice is
    /// missing (the 元旦 arrangement of the next notice can move those days,
    /// as the 2019 notice did for 2018-12-29..31), unless a notice lists it.
    pub fn may_be_revised(&self, date: NaiveDate) -> bool {
        date.month() == 12
            && date.day() >= 25
            && !self.notices.contains_key(&(date.year() + 1))
            && !self.days.contains_key(&date)
    }

    /// Classifies a date.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, CalendarError> {
        match self.days.get(&date) {
            Some(Listed::Off(name)) => Ok(DayKind::Holiday { name: name.clone() }),
            Some(Listed::Work(name)) => Ok(DayKind::MakeupWorkday { name: name.clone() }),
            None if !self.notices.contains_key(&date.year()) => {
                Err(CalendarError::YearNotCovered(date.year()))
            }
            None if is_weekend(date) => Ok(DayKind::Weekend),
            None => Ok(DayKind::Workday),
        }
    }

    /// Whether `date` is a working day.
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.day_kind(date)?.is_workday())
    }

    /// Walks the days after `start` until `n` working days are counted,
    /// calling `visit` for every day looked at. Returns the n-th working day
    /// (`start` itself when `n == 0`).
    fn walk(
        &self,
        start: NaiveDate,
        n: u32,
        mut visit: impl FnMut(NaiveDate, DayKind),
    ) -> Result<NaiveDate, CalendarError> {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = date.succ_opt().ok_or(CalendarError::DateOutOfRange)?;
            let kind = self.day_kind(date)?;
            if kind.is_workday() {
                left -= 1;
            }
            visit(date, kind);
        }
        Ok(date)
    }

    /// The statutory deadline of `n` working days from `start` (条例 第三十三条,
    /// regulation.md §1.3): `start` is not counted, counting begins with the
    /// next working day, and the result is the `n`-th working day after
    /// `start`. `n == 0` returns `start`.
    ///
    /// Fails with [`CalendarError::YearNotCovered`] if the count runs into a
    /// year without a loaded notice.
    pub fn add_workdays(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        self.walk(start, n, |_, _| {})
    }

    /// The number of working days in `(a, b]` (exclusive of `a`, inclusive
    /// of `b`) — e.g. how many working days of a period have elapsed by `b`.
    /// Zero when `b <= a`.
    pub fn workdays_between(&self, a: NaiveDate, b: NaiveDate) -> Result<u32, CalendarError> {
        let mut count = 0u32;
        let mut date = a;
        while date < b {
            date = date.succ_opt().ok_or(CalendarError::DateOutOfRange)?;
            if self.is_workday(date)? {
                count += 1;
            }
        }
        Ok(count)
    }

    /// The first working day strictly after `date`.
    pub fn next_workday(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.add_workdays(date, 1)
    }

    /// `date` itself if it is a working day, else the next working day.
    pub fn workday_on_or_after(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        if self.is_workday(date)? {
            Ok(date)
        } else {
            self.next_workday(date)
        }
    }

    /// [`Calendar::add_workdays`] with the full reasoning: every working day
    /// counted (make-up workdays marked), every day skipped and why, and the
    /// dates that a not-yet-loaded notice could still change.
    pub fn explain_deadline(&self, start: NaiveDate, n: u32) -> Result<Explanation, CalendarError> {
        let mut counted = Vec::new();
        let mut makeup_counted = Vec::new();
        let mut skipped = Vec::new();
        let mut provisional = Vec::new();
        let due = self.walk(start, n, |date, kind| {
            if self.may_be_revised(date) {
                provisional.push(date);
            }
            match kind {
                DayKind::Workday => counted.push(date),
                DayKind::MakeupWorkday { name } => {
                    counted.push(date);
                    makeup_counted.push((date, name));
                }
                DayKind::Weekend => skipped.push((date, Reason::Weekend)),
                DayKind::Holiday { name } => skipped.push((date, Reason::Holiday { name })),
            }
        })?;
        Ok(Explanation {
            start,
            start_label: explain::DEFAULT_START_LABEL.to_string(),
            n,
            due,
            counted,
            makeup_counted,
            skipped,
            provisional,
        })
    }
}
