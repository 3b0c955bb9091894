//! The driver: runs the enabled rules on reports, one by one and in pairs of
//! consecutive years, and applies the configuration.

use std::collections::BTreeMap;

use gongkai_ingest::Document;
use gongkai_model::Report;

use crate::agency::{agency_key, agency_name};
use crate::config::Config;
use crate::context::{PairContext, ReportContext, TemplateIndex};
use crate::finding::{sort_findings, Finding};
use crate::registry::{rules, Check, Rule};
use crate::rules::file::file_unreadable::FileUnreadable;
use crate::rules::plausibility::narrative_copied::NarrativeCopied;
use crate::similarity::Sketch;

/// Runs the rules a configuration enables.
#[derive(Debug)]
pub struct Checker {
    config: Config,
    report_rules: Vec<&'static Rule>,
    pair_rules: Vec<&'static Rule>,
}

impl Default for Checker {
    fn default() -> Self {
        Checker::new(Config::default())
    }
}

impl Checker {
    pub fn new(config: Config) -> Checker {
        let enabled = |r: &&Rule| config.is_enabled(r.info.code);
        let report_rules = rules()
            .iter()
            .filter(|r| matches!(r.check, Check::Report(_)))
            .filter(enabled)
            .collect();
        let pair_rules = rules()
            .iter()
            .filter(|r| matches!(r.check, Check::Pair(_)))
            .filter(enabled)
            .collect();
        // Build the template lookups now rather than inside the first check.
        for t in gongkai_model::TemplateId::ALL {
            TemplateIndex::get(t);
        }
        Checker {
            config,
            report_rules,
            pair_rules,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Stamp the file and apply the configured severities.
    fn finish(&self, file: &str, findings: &mut [Finding]) {
        for f in findings.iter_mut() {
            if f.file.is_empty() {
                f.file = file.to_string();
            }
            if let Some(sev) = self.config.severity_for(&f.code) {
                f.severity = sev;
            }
            for s in [&mut f.message, &mut f.hint] {
                if s.contains(['\t', '\n', '\r']) {
                    *s = s.replace(['\t', '\n', '\r'], " ");
                }
            }
        }
    }

    /// Check one report. `doc` is the document it was extracted from, if
    /// available (rules that look at the text skip without it).
    pub fn check_report(&self, report: &Report, doc: Option<&Document>) -> Vec<Finding> {
        let ctx = ReportContext::new(report, doc, &self.config);
        let mut out = Vec::new();
        for rule in &self.report_rules {
            if let Check::Report(f) = rule.check {
                f(&ctx, &mut out);
            }
        }
        self.finish(&report.source.path, &mut out);
        sort_findings(&mut out);
        out
    }

    /// Check a report against the same agency's report on the previous year.
    pub fn check_pair(
        &self,
        current: &Report,
        previous: &Report,
        current_doc: Option<&Document>,
        previous_doc: Option<&Document>,
    ) -> Vec<Finding> {
        let sketch = |d: Option<&Document>| d.map(Sketch::of_document);
        let (a, b) = (sketch(current_doc), sketch(previous_doc));
        let mut out = self.pair_findings(current, previous, a.as_ref(), b.as_ref());
        sort_findings(&mut out);
        out
    }

    fn pair_findings(
        &self,
        current: &Report,
        previous: &Report,
        current_sketch: Option<&Sketch>,
        previous_sketch: Option<&Sketch>,
    ) -> Vec<Finding> {
        let ctx = PairContext {
            current: ReportContext::new(current, None, &self.config),
            previous: ReportContext::new(previous, None, &self.config),
            current_sketch,
            previous_sketch,
        };
        let mut out = Vec::new();
        for rule in &self.pair_rules {
            if let Check::Pair(f) = rule.check {
                f(&ctx, &mut out);
            }
        }
        self.finish(&current.source.path, &mut out);
        out
    }

    /// The finding for a file that could not be read (`None` when F001 is
    /// not enabled).
    pub fn unreadable(&self, path: &str, reason: &str) -> Option<Finding> {
        if !self.config.is_enabled(FileUnreadable::INFO.code) {
            return None;
        }
        let mut f = vec![crate::rules::file::file_unreadable::finding(reason)];
        self.finish(path, &mut f);
        f.pop()
    }

    /// Start a batch: add reports one by one, then [`Batch::finish`] runs the
    /// cross-year rules on every pair of consecutive years of one agency.
    pub fn batch(&self) -> Batch<'_> {
        Batch {
            checker: self,
            entries: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Check reports (with their documents) as one batch.
    pub fn check_all<'a>(
        &self,
        inputs: impl IntoIterator<Item = (&'a Report, Option<&'a Document>)>,
    ) -> Vec<Finding> {
        let mut batch = self.batch();
        for (report, doc) in inputs {
            batch.add(report.clone(), doc);
        }
        batch.finish().findings
    }

    /// The key an agency's reports are paired under.
    pub fn agency_key(&self, report: &Report) -> Option<String> {
        let name = agency_name(report)?;
        Some(match self.config.aliases.canonical(&name) {
            Some(canon) => agency_key(canon),
            None => agency_key(&name),
        })
    }
}

struct Entry {
    report: Report,
    key: Option<String>,
    sketch: Option<Sketch>,
}

/// A batch of reports being checked.
pub struct Batch<'c> {
    checker: &'c Checker,
    entries: Vec<Entry>,
    findings: Vec<Finding>,
}

/// The outcome of a batch.
#[derive(Debug)]
pub struct BatchResult {
    /// Every finding, sorted by file, position and code.
    pub findings: Vec<Finding>,
    /// The reports, in the order they were added.
    pub reports: Vec<Report>,
}

impl Batch<'_> {
    /// Check a report and keep it for the cross-year rules. Returns the
    /// report's own findings (they are also kept for [`Batch::finish`]).
    pub fn add(&mut self, report: Report, doc: Option<&Document>) -> &[Finding] {
        let found = self.checker.check_report(&report, doc);
        let start = self.findings.len();
        self.findings.extend(found);
        let wants_sketch = self
            .checker
            .pair_rules
            .iter()
            .any(|r| r.info.code == NarrativeCopied::INFO.code);
        let sketch = if wants_sketch {
            doc.map(Sketch::of_document)
        } else {
            None
        };
        let key = self.checker.agency_key(&report);
        self.entries.push(Entry {
            report,
            key,
            sketch,
        });
        &self.findings[start..]
    }

    /// Record a file that could not be read.
    pub fn add_unreadable(&mut self, path: &str, reason: &str) {
        self.findings.extend(self.checker.unreadable(path, reason));
    }

    /// Run the cross-year rules and return everything, sorted.
    pub fn finish(mut self) -> BatchResult {
        if !self.checker.pair_rules.is_empty() {
            let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (i, e) in self.entries.iter().enumerate() {
                if let (Some(k), Some(_)) = (&e.key, e.report.year()) {
                    groups.entry(k.as_str()).or_default().push(i);
                }
            }
            let mut pairs = Vec::new();
            for members in groups.values() {
                for &cur in members {
                    for &prev in members {
                        let (Some(y), Some(py)) = (
                            self.entries[cur].report.year(),
                            self.entries[prev].report.year(),
                        ) else {
                            continue;
                        };
                        if py + 1 == y {
                            pairs.push((cur, prev));
                        }
                    }
                }
            }
            for (cur, prev) in pairs {
                let (c, p) = (&self.entries[cur], &self.entries[prev]);
                let found = self.checker.pair_findings(
                    &c.report,
                    &p.report,
                    c.sketch.as_ref(),
                    p.sketch.as_ref(),
                );
                self.findings.extend(found);
            }
        }
        sort_findings(&mut self.findings);
        BatchResult {
            findings: self.findings,
            reports: self.entries.into_iter().map(|e| e.report).collect(),
        }
    }
}
