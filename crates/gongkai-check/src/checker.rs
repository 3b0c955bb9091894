//! The driver: runs the enabled rules on reports, one by one and in pairs of
//! consecutive years, and applies the configuration.

use std::collections::BTreeMap;

use rayon::prelude::*;

use chrono::NaiveDate;
use gongkai_ingest::Document;
use gongkai_model::{Cell, Meta, Provenance, Report, SourceInfo, TemplateId, Value};
use serde::Serialize;

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
            summaries: Vec::new(),
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
            batch.add(report, doc);
        }
        batch.finish().findings
    }

    /// Whether [`Batch::remember`] uses the document (to compare narratives
    /// across years); when not, callers can drop documents early.
    pub fn wants_document(&self) -> bool {
        self.pair_rules
            .iter()
            .any(|r| r.info.code == NarrativeCopied::INFO.code)
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

/// The cells a batch keeps of a report: values and places in template
/// order (no ids), or slim cells when the report's cells are not in template
/// order.
enum KeptCells {
    Template(Vec<(Value, Option<Provenance>)>),
    Other(Vec<Cell>),
}

/// What the cross-year rules need of a report, kept until the batch ends.
struct Entry {
    source: SourceInfo,
    meta: Meta,
    template: Option<TemplateId>,
    cells: KeptCells,
    key: String,
    sketch: Option<Sketch>,
}

fn slim_cell(c: &Cell) -> Cell {
    Cell {
        id: c.id.clone(),
        value: c.value.clone(),
        raw: None,
        at: c.at,
        candidates: Vec::new(),
        solved: false,
    }
}

impl Entry {
    fn new(report: &Report, key: String, sketch: Option<Sketch>) -> Entry {
        let in_order = report.template.is_some_and(|t| {
            let defs = &t.get().cells;
            defs.len() == report.cells.len()
                && defs.iter().zip(&report.cells).all(|(d, c)| d.id == c.id)
        });
        let cells = if in_order {
            KeptCells::Template(
                report
                    .cells
                    .iter()
                    .map(|c| (c.value.clone(), c.at))
                    .collect(),
            )
        } else {
            KeptCells::Other(report.cells.iter().map(slim_cell).collect())
        };
        Entry {
            source: report.source.clone(),
            meta: report.meta.clone(),
            template: report.template,
            cells,
            key,
            sketch,
        }
    }

    fn year(&self) -> Option<i32> {
        self.meta.year.as_ref().map(|y| y.value)
    }

    /// A report with the metadata and the cells (ids, values, places).
    fn report(&self) -> Report {
        let mut r = Report::empty(self.source.clone());
        r.template = self.template;
        r.meta = self.meta.clone();
        r.cells = match (&self.cells, self.template) {
            (KeptCells::Template(values), Some(t)) => t
                .get()
                .cells
                .iter()
                .zip(values)
                .map(|(d, (v, at))| Cell {
                    value: v.clone(),
                    at: *at,
                    ..Cell::absent(d.id.clone())
                })
                .collect(),
            (KeptCells::Template(_), None) => Vec::new(),
            (KeptCells::Other(cells), _) => cells.clone(),
        };
        r
    }
}

/// What a batch remembers of each report (for listings such as the XLSX
/// 报告 sheet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSummary {
    pub file: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub template: Option<TemplateId>,
    pub published: Option<NaiveDate>,
}

impl ReportSummary {
    pub fn of(report: &Report) -> ReportSummary {
        ReportSummary {
            file: report.source.path.clone(),
            agency: report.agency().map(str::to_string),
            year: report.year(),
            template: report.template,
            published: report.meta.publication_date.as_ref().map(|d| d.value),
        }
    }
}

/// What a batch keeps of a report for the cross-year rules: the cells
/// themselves ([`Batch::remember`]), or only the agency and year, the report
/// being read again at the end if it gets paired ([`Batch::remember_key`]).
enum Kept {
    Full(Box<Entry>),
    Key {
        path: String,
        key: String,
        year: i32,
    },
}

impl Kept {
    fn key(&self) -> &str {
        match self {
            Kept::Full(e) => &e.key,
            Kept::Key { key, .. } => key,
        }
    }

    fn year(&self) -> Option<i32> {
        match self {
            Kept::Full(e) => e.year(),
            Kept::Key { year, .. } => Some(*year),
        }
    }
}

/// A report read again at the end of a batch: the report (when only its key
/// was kept) and its document (for the narrative fingerprint).
pub type Reloaded = (Option<Report>, Option<Document>);

/// A batch of reports being checked.
pub struct Batch<'c> {
    checker: &'c Checker,
    entries: Vec<Kept>,
    summaries: Vec<ReportSummary>,
    findings: Vec<Finding>,
}

/// The outcome of a batch.
#[derive(Debug)]
pub struct BatchResult {
    /// Every finding, sorted by file, position and code.
    pub findings: Vec<Finding>,
    /// A summary of each report, in the order they were added.
    pub summaries: Vec<ReportSummary>,
}

impl Batch<'_> {
    /// Check a report and remember what the cross-year rules need of it.
    /// Returns the report's own findings (they are also kept for
    /// [`Batch::finish`]).
    pub fn add(&mut self, report: &Report, doc: Option<&Document>) -> &[Finding] {
        let found = self.checker.check_report(report, doc);
        let start = self.findings.len();
        self.findings.extend(found);
        self.remember(report, doc);
        &self.findings[start..]
    }

    /// The agency key of a report that may be paired with another year.
    fn pair_key(&self, report: &Report) -> Option<String> {
        let pairable = !self.checker.pair_rules.is_empty() && report.year().is_some();
        self.checker.agency_key(report).filter(|_| pairable)
    }

    /// Remember what the cross-year rules need of a report checked
    /// elsewhere (with [`Checker::check_report`], e.g. on another thread);
    /// its own findings are not kept, so a caller that streams them keeps
    /// memory low. [`Batch::finish`] then returns the cross-year findings.
    pub fn remember(&mut self, report: &Report, doc: Option<&Document>) {
        self.summaries.push(ReportSummary::of(report));
        if let Some(key) = self.pair_key(report) {
            let wants_sketch = self
                .checker
                .pair_rules
                .iter()
                .any(|r| r.info.code == NarrativeCopied::INFO.code);
            let sketch = doc.filter(|_| wants_sketch).map(Sketch::of_document);
            self.entries
                .push(Kept::Full(Box::new(Entry::new(report, key, sketch))));
        }
    }

    /// Like [`Batch::remember`], keeping only the report's agency and year
    /// (about a hundred bytes instead of every cell): the batch's memory
    /// hardly grows with the number of reports. The reports that do get
    /// paired are read again, one agency at a time, by the `reload` given to
    /// [`Batch::finish_reloading`].
    pub fn remember_key(&mut self, report: &Report) {
        self.summaries.push(ReportSummary::of(report));
        if let (Some(key), Some(year)) = (self.pair_key(report), report.year()) {
            self.entries.push(Kept::Key {
                path: report.source.path.clone(),
                key,
                year,
            });
        }
    }

    /// Record a file that could not be read.
    pub fn add_unreadable(&mut self, path: &str, reason: &str) {
        self.findings.extend(self.checker.unreadable(path, reason));
    }

    /// Run the cross-year rules and return everything, sorted.
    pub fn finish(self) -> BatchResult {
        self.finish_with(|_| None)
    }

    /// Like [`Batch::finish`], for reports remembered without their
    /// document: the narratives of the reports that do get paired are
    /// fingerprinted only now, from the documents `reload` gives back (by
    /// file), so a batch of unrelated reports never pays for fingerprints.
    pub fn finish_with(self, reload: impl Fn(&str) -> Option<Document> + Sync) -> BatchResult {
        self.finish_reloading(|path| Some((None, reload(path))))
    }

    /// Like [`Batch::finish_with`], also for reports remembered with
    /// [`Batch::remember_key`]: `reload` gives back the report (and its
    /// document when there is one) by file. Pairs are handled one agency at
    /// a time and what was read again is dropped before the next agency.
    pub fn finish_reloading(self, reload: impl Fn(&str) -> Option<Reloaded> + Sync) -> BatchResult {
        let mut findings = Vec::new();
        let summaries = self.finish_each(reload, |mut found| findings.append(&mut found));
        sort_findings(&mut findings);
        BatchResult {
            findings,
            summaries,
        }
    }

    /// Like [`Batch::finish_reloading`], handing the findings to `emit` as
    /// they are found instead of keeping them all: first the findings kept
    /// by [`Batch::add`] (sorted), then the cross-year findings of one
    /// agency after another (each agency's sorted; agencies in the order of
    /// their names). Memory holds a few agencies' reports at a time, however
    /// many findings a large batch has. Returns the reports' summaries.
    pub fn finish_each(
        mut self,
        reload: impl Fn(&str) -> Option<Reloaded> + Sync,
        mut emit: impl FnMut(Vec<Finding>),
    ) -> Vec<ReportSummary> {
        sort_findings(&mut self.findings);
        emit(std::mem::take(&mut self.findings));
        if !self.checker.pair_rules.is_empty() {
            let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (i, e) in self.entries.iter().enumerate() {
                groups.entry(e.key()).or_default().push(i);
            }
            let groups: Vec<Vec<usize>> = groups.into_values().collect();
            // Agencies in parallel, a chunk at a time; each reads its reports
            // again, pairs them and drops them.
            for chunk in groups.chunks(256) {
                let found: Vec<Vec<Finding>> = chunk
                    .par_iter()
                    .map(|members| {
                        let mut f = self.group_findings(members, &reload);
                        sort_findings(&mut f);
                        f
                    })
                    .collect();
                for f in found.into_iter().filter(|f| !f.is_empty()) {
                    emit(f);
                }
            }
        }
        self.summaries
    }

    /// The cross-year findings of one agency's reports.
    fn group_findings(
        &self,
        members: &[usize],
        reload: &impl Fn(&str) -> Option<Reloaded>,
    ) -> Vec<Finding> {
        let mut pairs = Vec::new();
        for &cur in members {
            for &prev in members {
                let (Some(y), Some(py)) = (self.entries[cur].year(), self.entries[prev].year())
                else {
                    continue;
                };
                if py + 1 == y {
                    pairs.push((cur, prev));
                }
            }
        }
        let mut found = Vec::new();
        if pairs.is_empty() {
            return found;
        }
        let mut loaded: BTreeMap<usize, (Report, Option<Sketch>)> = BTreeMap::new();
        for &(cur, prev) in &pairs {
            for i in [cur, prev] {
                if let std::collections::btree_map::Entry::Vacant(slot) = loaded.entry(i) {
                    if let Some(r) = self.materialize(i, reload) {
                        slot.insert(r);
                    }
                }
            }
        }
        for (cur, prev) in pairs {
            let (Some((c, cs)), Some((p, ps))) = (loaded.get(&cur), loaded.get(&prev)) else {
                continue;
            };
            found.extend(self.checker.pair_findings(c, p, cs.as_ref(), ps.as_ref()));
        }
        found
    }

    /// The report kept or read again, with its narrative fingerprint when
    /// the rules want one.
    fn materialize(
        &self,
        i: usize,
        reload: &impl Fn(&str) -> Option<Reloaded>,
    ) -> Option<(Report, Option<Sketch>)> {
        let wants = self.checker.wants_document();
        match &self.entries[i] {
            Kept::Full(e) => {
                let sketch = match &e.sketch {
                    Some(s) => Some(s.clone()),
                    None if wants => reload(&e.source.path)
                        .and_then(|(_, d)| d)
                        .map(|d| Sketch::of_document(&d)),
                    None => None,
                };
                Some((e.report(), sketch))
            }
            Kept::Key { path, .. } => {
                let (report, doc) = reload(path)?;
                let report = report?;
                let sketch = doc.filter(|_| wants).map(|d| Sketch::of_document(&d));
                Some((report, sketch))
            }
        }
    }
}
