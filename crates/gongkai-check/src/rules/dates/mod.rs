//! `D`: when the report was published.

pub mod local_deadline_missed;
pub mod published_before_year_end;
pub mod published_late;

use chrono::NaiveDate;

use crate::agency::BodyClass;
use crate::context::ReportContext;

/// The reported year, the publication date and the body's class and name,
/// when all are known.
pub(crate) fn facts(ctx: &ReportContext<'_>) -> Option<(i32, NaiveDate, BodyClass, String)> {
    let year = ctx.year()?;
    let date = ctx.report.meta.publication_date.as_ref()?.value;
    let (class, name) = ctx.body.clone()?;
    Some((year, date, class, name))
}

/// The legal deadline of a body for a report on `year`.
pub(crate) fn legal_deadline(year: i32, class: BodyClass) -> Option<NaiveDate> {
    let (m, d) = class.legal_deadline();
    NaiveDate::from_ymd_opt(year.checked_add(1)?, m, d)
}

/// 2024-01-31 → 2024年1月31日.
pub(crate) fn cn_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}
