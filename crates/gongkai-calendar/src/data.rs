//! The JSON shape of the holiday data: one record per State Council notice
//! year, listing the rest days (`off`) and the weekend make-up workdays
//! (`work`, 调休上班) it declares, with the notice URL(s).
//!
//! ```json
//! {
//!  "2027": {
//!   "source": ["https://www.gov.cn/zhengce/..."],
//!   "off": ["2027-01-01", "2027-01-02", "2027-01-03"],
//!   "work": [],
//!   "names": {"元旦": ["2027-01-01", "2027-01-02", "2027-01-03"]}
//!  }
//! }
//! ```
//!
//! `names` is optional (the official 2019–2026 table has none); when present it
//! maps a holiday name to listed dates so explanations can say “春节” instead
//! of “法定节假日”.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::CalendarError;

/// The holiday data file compiled into the crate: a byte-for-byte copy of
/// `shared/reference/cn-holidays.json` (regulation.md Appendix A), covering the
/// notices for 2019–2026.
pub const EMBEDDED_JSON: &str = include_str!("../data/cn-holidays.json");

/// One year's notice (国务院办公厅关于某年部分节假日安排的通知), as written in the JSON.
///
/// Dates are kept as the strings found in the file; they are validated when a
/// [`crate::Calendar`] is built from the data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeRecord {
    /// URL(s) of the notice (and of any later amendment, e.g. the 2020
    /// Spring Festival extension). Must not be empty.
    pub source: Vec<String>,
    /// Rest days (`YYYY-MM-DD`): holidays on weekdays and the weekend days
    /// inside a holiday span.
    pub off: Vec<String>,
    /// Weekend days declared working days (调休上班), `YYYY-MM-DD`.
    pub work: Vec<String>,
    /// Optional holiday names: name → dates (each must be listed in `off` or
    /// `work`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, Vec<String>>,
}

/// A whole holiday data file: notice year (as a string key, e.g. `"2024"`) →
/// that notice's record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HolidayData {
    /// The notices, keyed by notice year.
    pub notices: BTreeMap<String, NoticeRecord>,
}

impl HolidayData {
    /// Parses a holiday data file (the shape of `cn-holidays.json`).
    ///
    /// Only the JSON syntax and shape are checked here; dates and consistency
    /// are checked by [`crate::Calendar::from_data`].
    pub fn from_json_str(json: &str) -> Result<Self, CalendarError> {
        serde_json::from_str(json).map_err(|e| CalendarError::InvalidJson(e.to_string()))
    }

    /// The embedded official data (2019–2026).
    pub(crate) fn embedded() -> Self {
        Self::from_json_str(EMBEDDED_JSON)
            .expect("the compiled-in data/cn-holidays.json is valid (checked by the crate's tests)")
    }
}
