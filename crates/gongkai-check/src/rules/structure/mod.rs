//! `S`: the structure of the report: sections, tables, title, template.

pub mod old_template;
pub mod old_template_remnant;
pub mod period_not_calendar_year;
pub mod section_missing;
pub mod section_order;
pub mod table_missing;
pub mod template_too_new;
pub mod title_not_annual_report;
pub mod title_without_year;

use crate::context::ReportContext;

/// Whether the extraction found anything report-like (a template, a table
/// or a section): structure rules stay quiet on files that are not reports
/// at all, except for S003.
pub(crate) fn looks_like_report(ctx: &ReportContext<'_>) -> bool {
    ctx.report.template.is_some()
        || !ctx.report.tables.is_empty()
        || !ctx.report.sections.is_empty()
}
