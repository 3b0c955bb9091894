//! A finding: one problem found in one report.

use gongkai_model::{Provenance, Severity};
use serde::{Deserialize, Serialize};

use crate::registry::RuleInfo;

/// One problem found in one report, in the shape every output format shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable code, e.g. `A001`.
    pub code: String,
    pub severity: Severity,
    /// The report file the finding is about.
    pub file: String,
    /// The relation id for an arithmetic finding, a cell id for a finding
    /// about one cell, otherwise empty.
    pub subject: String,
    /// What is wrong, in Chinese, naming the cells and the numbers.
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// The cell ids involved.
    pub cells: Vec<String>,
    /// Where in the source the finding points: the first is the primary place.
    pub spans: Vec<Provenance>,
}

impl Finding {
    /// A finding of a rule with its default severity.
    pub fn new(rule: &RuleInfo, message: impl Into<String>) -> Finding {
        Finding {
            code: rule.code.to_string(),
            severity: rule.severity,
            file: String::new(),
            subject: String::new(),
            message: message.into(),
            hint: String::new(),
            cells: Vec::new(),
            spans: Vec::new(),
        }
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Finding {
        self.subject = subject.into();
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = hint.into();
        self
    }

    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    pub fn file(mut self, file: impl Into<String>) -> Finding {
        self.file = file.into();
        self
    }

    /// Add a cell id and, when known, the place it was read.
    pub fn cell(mut self, id: impl Into<String>, at: Option<Provenance>) -> Finding {
        self.cells.push(id.into());
        self.spans.extend(at);
        self
    }

    /// Add a place in the source.
    pub fn span(mut self, at: Option<Provenance>) -> Finding {
        self.spans.extend(at);
        self
    }

    /// The byte offset the finding points at (for ordering).
    pub fn offset(&self) -> usize {
        self.spans.first().map(|p| p.span.start).unwrap_or(0)
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Count more findings.
    pub fn add<'a>(&mut self, findings: impl IntoIterator<Item = &'a Finding>) {
        let more = Counts::of(findings);
        self.errors += more.errors;
        self.warnings += more.warnings;
        self.infos += more.infos;
    }

    /// A one-line summary in Chinese: `共检查 3 个文件：2 个错误，1 个警告，0 个提示`.
    pub fn line(&self, files: usize) -> String {
        if self.total() == 0 {
            format!("共检查 {files} 个文件，未发现问题")
        } else {
            format!(
                "共检查 {files} 个文件：{} 个错误，{} 个警告，{} 个提示",
                self.errors, self.warnings, self.infos
            )
        }
    }
}

/// Sort findings deterministically: by file, then position and code; the
/// sort is stable, so findings of one rule without a position keep the order
/// the rule emitted them in (template order).
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.file
            .cmp(&b.file)
            .then(a.offset().cmp(&b.offset()))
            .then(a.code.cmp(&b.code))
    });
}
