//! Output formats: human (rustc-style, with the source line; the same
//! excerpt as HTML for the web app), JSON, TSV (the
//! contract of `shared/spec/README.md`), XLSX (to a file or to bytes) and
//! CSV (the XLSX findings sheet, for downloads).

mod html;
mod human;
mod xlsx;

use std::borrow::Cow;
use std::io::{self, Write};

use gongkai_model::Severity;

use crate::finding::{Counts, Finding};

pub use html::{excerpt_html, render_excerpt_html};
pub use human::{excerpt, render_finding, render_human, Excerpt};
pub use xlsx::{finding_fields, write_csv, write_xlsx, xlsx_bytes, ReportRow, FINDING_HEADERS};

/// The Chinese name of a severity.
pub fn severity_cn(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn clean(s: &str) -> Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
    } else {
        Cow::Borrowed(s)
    }
}

/// `file<TAB>code<TAB>severity<TAB>subject<TAB>message`, one line per
/// finding, no header; tabs and newlines inside fields become spaces.
pub fn write_tsv(out: &mut impl Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            clean(&f.file),
            clean(&f.code),
            f.severity.as_str(),
            clean(&f.subject),
            clean(&f.message)
        )?;
    }
    Ok(())
}

/// The findings as a pretty JSON array.
pub fn write_json(out: &mut impl Write, findings: &[Finding]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, findings).map_err(io::Error::other)?;
    writeln!(out)
}

/// A one-line summary in Chinese: `共检查 3 个文件：2 个错误，1 个警告，0 个提示`.
pub fn summary_line(files: usize, findings: &[Finding]) -> String {
    Counts::of(findings).line(files)
}
