//! The XLSX export: a 问题 sheet of findings and a 报告 sheet of reports.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::severity_cn;
use crate::finding::{Counts, Finding};
use crate::ReportSummary;

/// One line of the 报告 sheet.
#[derive(Debug, Clone, Default)]
pub struct ReportRow {
    pub file: String,
    pub agency: String,
    pub year: String,
    pub template: String,
    pub published: String,
    pub counts: Counts,
}

impl ReportRow {
    /// Rows for reports and for files that only have findings (unreadable
    /// files), sorted by file.
    pub fn collect(reports: &[ReportSummary], findings: &[Finding]) -> Vec<ReportRow> {
        let mut rows: BTreeMap<String, ReportRow> = BTreeMap::new();
        for r in reports {
            rows.insert(
                r.file.clone(),
                ReportRow {
                    file: r.file.clone(),
                    agency: r.agency.clone().unwrap_or_default(),
                    year: r.year.map(|y| y.to_string()).unwrap_or_default(),
                    template: r
                        .template
                        .map(|t| t.document().to_string())
                        .unwrap_or_default(),
                    published: r.published.map(|d| d.to_string()).unwrap_or_default(),
                    counts: Counts::default(),
                },
            );
        }
        let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        for f in findings {
            by_file.entry(f.file.as_str()).or_default().push(f);
        }
        for (file, fs) in by_file {
            let row = rows.entry(file.to_string()).or_insert_with(|| ReportRow {
                file: file.to_string(),
                ..ReportRow::default()
            });
            row.counts = Counts::of(fs);
        }
        rows.into_values().collect()
    }
}

/// Write the workbook.
pub fn write_xlsx(
    path: &Path,
    findings: &[Finding],
    reports: &[ReportRow],
) -> Result<(), XlsxError> {
    workbook(findings, reports)?.save(path)
}

/// The workbook as bytes (a download served without a file).
pub fn xlsx_bytes(findings: &[Finding], reports: &[ReportRow]) -> Result<Vec<u8>, XlsxError> {
    workbook(findings, reports)?.save_to_buffer()
}

fn workbook(findings: &[Finding], reports: &[ReportRow]) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    {
        let ws = wb.add_worksheet();
        ws.set_name("问题")?;
        let headers = FINDING_HEADERS;
        let widths = [36.0, 8.0, 8.0, 32.0, 80.0, 60.0, 40.0, 12.0];
        for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
            ws.set_column_width(c as u16, w)?;
        }
        for (i, f) in findings.iter().enumerate() {
            let r = i as u32 + 1;
            for (c, field) in finding_fields(f).iter().enumerate() {
                ws.write_string(r, c as u16, field)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        if !findings.is_empty() {
            ws.autofilter(0, 0, findings.len() as u32, headers.len() as u16 - 1)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("报告")?;
        let headers = [
            "文件",
            "机关",
            "年度",
            "格式",
            "发布日期",
            "错误",
            "警告",
            "提示",
        ];
        let widths = [36.0, 30.0, 8.0, 26.0, 12.0, 8.0, 8.0, 8.0];
        for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
            ws.set_column_width(c as u16, w)?;
        }
        for (i, row) in reports.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, &row.file)?;
            ws.write_string(r, 1, &row.agency)?;
            ws.write_string(r, 2, &row.year)?;
            ws.write_string(r, 3, &row.template)?;
            ws.write_string(r, 4, &row.published)?;
            ws.write_number(r, 5, row.counts.errors as f64)?;
            ws.write_number(r, 6, row.counts.warnings as f64)?;
            ws.write_number(r, 7, row.counts.infos as f64)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(wb)
}

/// The columns of a findings table (the 问题 sheet, the CSV export).
pub const FINDING_HEADERS: [&str; 8] = [
    "文件",
    "规则",
    "级别",
    "对象",
    "问题",
    "修改建议",
    "单元格",
    "位置",
];

/// A finding's fields under [`FINDING_HEADERS`].
pub fn finding_fields(f: &Finding) -> [String; 8] {
    let at = f
        .spans
        .first()
        .map(|p| format!("{}:{}", p.span.line, p.span.column))
        .unwrap_or_default();
    [
        f.file.clone(),
        f.code.clone(),
        severity_cn(f.severity).to_string(),
        f.subject.clone(),
        f.message.clone(),
        f.hint.clone(),
        f.cells.join(" "),
        at,
    ]
}

/// The findings as CSV for spreadsheets: a UTF-8 byte order mark (Excel
/// reads the Chinese text right), a header row of [`FINDING_HEADERS`], one
/// row per finding with the same fields as the 问题 sheet.
pub fn write_csv(out: &mut impl std::io::Write, findings: &[Finding]) -> std::io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(FINDING_HEADERS)?;
    for f in findings {
        w.write_record(finding_fields(f))?;
    }
    w.flush()
}
