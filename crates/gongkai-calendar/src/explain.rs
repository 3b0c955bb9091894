//! The human-readable explanation of a working-day deadline.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

pub(crate) const DEFAULT_START_LABEL: &str = "收到申请之日";

/// Why a day was not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// A rest day listed in a notice; the name if the data has one.
    Holiday {
        /// Holiday name (e.g. “春节”), if known.
        name: Option<String>,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Weekend => f.write_str("周末"),
            Reason::Holiday { name: Some(name) } => write!(f, "{name}放假"),
            Reason::Holiday { name: None } => f.write_str("节假日放假"),
        }
    }
}

/// The reasoning behind a working-day deadline
/// ([`crate::Calendar::explain_deadline`]).
///
/// Its `Display` is a Chinese sentence suitable for a case file, e.g.
/// “自2024年3月1日（星期五，收到申请之日，不计入）起算20个工作日：第1个工作日3月4日（星期一），……
/// 跳过（共8天）：3月2日（星期六）、3月3日（星期日）、……到期日2024年3月29日（星期五）。”
/// Weekend make-up workdays counted read “2月18日（星期日，调休上班）”, holiday
/// days skipped “2月12日（星期一，节假日放假）” (or “春节放假” when the data
/// names the holiday).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The start day (not counted).
    pub start: NaiveDate,
    /// What the start day is, for the text (default “收到申请之日”).
    pub start_label: String,
    /// Number of working days.
    pub n: u32,
    /// The deadline: the n-th working day after `start`.
    pub due: NaiveDate,
    /// Every working day counted, in order (`counted.len() == n`).
    pub counted: Vec<NaiveDate>,
    /// The counted days that are weekend make-up workdays (调休上班), with
    /// the holiday name if known.
    pub makeup_counted: Vec<(NaiveDate, Option<String>)>,
    /// Every day between `start` and `due` not counted, with the reason.
    pub skipped: Vec<(NaiveDate, Reason)>,
    /// Days looked at whose status a notice not yet loaded could still change
    /// (last week of December when the next year's notice is missing).
    pub provisional: Vec<NaiveDate>,
}

impl Explanation {
    /// Replaces the description of the start day, e.g. “收到补正申请之日” or
    /// “收到缴费通知之日”.
    pub fn with_start_label(mut self, label: impl Into<String>) -> Self {
        self.start_label = label.into();
        self
    }
}

fn weekday_zh(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

fn full_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

impl Explanation {
    /// A date written relative to the start year: “3月4日”, or with the year
    /// when it differs (“2025年1月2日”).
    fn short(&self, date: NaiveDate) -> String {
        if date.year() == self.start.year() {
            format!("{}月{}日", date.month(), date.day())
        } else {
            full_date(date)
        }
    }

    fn makeup_name(&self, date: NaiveDate) -> Option<Option<&str>> {
        self.makeup_counted
            .iter()
            .find(|(d, _)| *d == date)
            .map(|(_, name)| name.as_deref())
    }

    fn counted_day(&self, date: NaiveDate) -> String {
        match self.makeup_name(date) {
            Some(Some(name)) => format!(
                "{}（{}，{}调休上班）",
                self.short(date),
                weekday_zh(date),
                name
            ),
            Some(None) => format!("{}（{}，调休上班）", self.short(date), weekday_zh(date)),
            None => format!("{}（{}）", self.short(date), weekday_zh(date)),
        }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "自{}（{}，{}，不计入）起算{}个工作日",
            full_date(self.start),
            weekday_zh(self.start),
            self.start_label,
            self.n
        )?;
        if self.counted.is_empty() {
            write!(
                f,
                "，期间为零，到期日即{}（{}）。",
                full_date(self.due),
                weekday_zh(self.due)
            )?;
            return Ok(());
        }
        f.write_str("：")?;
        for (i, date) in self.counted.iter().enumerate() {
            if i > 0 {
                f.write_str("，")?;
            }
            write!(f, "第{}个工作日{}", i + 1, self.counted_day(*date))?;
        }
        f.write_str("。")?;
        if self.skipped.is_empty() {
            f.write_str("期间无休息日。")?;
        } else {
            write!(f, "跳过（共{}天）：", self.skipped.len())?;
            for (i, (date, reason)) in self.skipped.iter().enumerate() {
                if i > 0 {
                    f.write_str("、")?;
                }
                match reason {
                    Reason::Weekend => write!(f, "{}（{}）", self.short(*date), weekday_zh(*date))?,
                    Reason::Holiday { .. } => write!(
                        f,
                        "{}（{}，{}）",
                        self.short(*date),
                        weekday_zh(*date),
                        reason
                    )?,
                }
            }
            f.write_str("。")?;
        }
        write!(
            f,
            "到期日{}（{}）。",
            full_date(self.due),
            weekday_zh(self.due)
        )?;
        if let (Some(first), Some(last)) = (self.provisional.first(), self.provisional.last()) {
            write!(
                f,
                "注意：{}至{}的安排可能被{}年放假通知调整（该通知尚未载入），通知发布后请复核。",
                full_date(*first),
                full_date(*last),
                first.year() + 1
            )?;
        }
        Ok(())
    }
}
