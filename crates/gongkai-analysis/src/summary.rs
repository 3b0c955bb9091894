//! Roll-ups: the sums of every cell per group of reports, as reports of the
//! same model, with rates, per-body measures, distributions, top bodies and
//! the data-quality view.
//!
//! Reports are added one at a time ([`SummaryBuilder::add`]), so a summary
//! over any number of reports holds only the sums and a small record per
//! report.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use gongkai_check::{Family, Finding};
use gongkai_model::{
    Cell, Decimal, Located, Meta, Note, Report, Severity, SourceInfo, TemplateEvidence, TemplateId,
    Value,
};
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::measure::{outcome_groups, outcome_label, sum_cells, MEASURES, RATES};

/// How many reports gave each kind of value for a cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Reports with a number in the cell (the ones summed).
    pub number: u32,
    pub blank: u32,
    pub not_applicable: u32,
    pub absent: u32,
    /// Unknown (`?`) or text.
    pub unknown: u32,
}

impl Coverage {
    fn count(&mut self, v: &Value) {
        match v {
            Value::Number(_) => self.number += 1,
            Value::Blank => self.blank += 1,
            Value::NotApplicable => self.not_applicable += 1,
            Value::Absent => self.absent += 1,
            Value::Unknown | Value::Text(_) => self.unknown += 1,
        }
    }

    fn add(&mut self, o: &Coverage) {
        self.number += o.number;
        self.blank += o.blank;
        self.not_applicable += o.not_applicable;
        self.absent += o.absent;
        self.unknown += o.unknown;
    }

    /// Reports that gave anything but a number.
    pub fn missing(&self) -> u32 {
        self.blank + self.not_applicable + self.absent + self.unknown
    }
}

/// The sums of one template's reports in a group.
#[derive(Debug, Clone)]
struct Acc {
    template: TemplateId,
    reports: usize,
    sums: Vec<Decimal>,
    coverage: Vec<Coverage>,
    extra: BTreeMap<String, (Decimal, Coverage)>,
    years: BTreeSet<Option<i32>>,
}

impl Acc {
    fn new(template: TemplateId) -> Acc {
        let n = template.get().cells.len();
        Acc {
            template,
            reports: 0,
            sums: vec![Decimal::ZERO; n],
            coverage: vec![Coverage::default(); n],
            extra: BTreeMap::new(),
            years: BTreeSet::new(),
        }
    }

    fn merge(&mut self, o: &Acc) {
        self.reports += o.reports;
        for (s, v) in self.sums.iter_mut().zip(&o.sums) {
            *s += *v;
        }
        for (c, v) in self.coverage.iter_mut().zip(&o.coverage) {
            c.add(v);
        }
        for (id, (sum, cov)) in &o.extra {
            let e = self.extra.entry(id.clone()).or_default();
            e.0 += *sum;
            e.1.add(cov);
        }
        self.years.extend(o.years.iter().copied());
    }
}

/// What the summary keeps of each report.
#[derive(Debug, Clone)]
struct Body {
    name: String,
    file: String,
    year: Option<i32>,
    has_template: bool,
    measures: Vec<Option<Decimal>>,
    /// Bit `i` set: an error-level finding of `Family::ALL[i]`.
    error_families: u16,
}

#[derive(Debug, Clone)]
struct GroupAcc {
    key: String,
    rank: i64,
    accs: Vec<Acc>,
    bodies: Vec<usize>,
}

/// Cell indices of the measures, rates and outcomes for one template.
#[derive(Debug)]
struct Resolved {
    measures: Vec<Vec<usize>>,
    numerators: Vec<Vec<usize>>,
    denominators: Vec<Vec<usize>>,
    outcomes: Vec<(String, Vec<usize>)>,
}

impl Resolved {
    fn of(t: TemplateId) -> Resolved {
        let def = t.get();
        Resolved {
            measures: MEASURES.iter().map(|m| m.quantity.cells(def)).collect(),
            numerators: RATES.iter().map(|r| r.numerator.cells(def)).collect(),
            denominators: RATES.iter().map(|r| r.denominator.cells(def)).collect(),
            outcomes: outcome_groups(def)
                .into_iter()
                .map(|(k, q)| (k, q.cells(def)))
                .collect(),
        }
    }
}

fn resolved(t: TemplateId) -> &'static Resolved {
    static R: std::sync::LazyLock<[Resolved; 2]> = std::sync::LazyLock::new(|| {
        [
            Resolved::of(TemplateId::Y2019),
            Resolved::of(TemplateId::Y2021),
        ]
    });
    match t {
        TemplateId::Y2019 => &R[0],
        TemplateId::Y2021 => &R[1],
    }
}

fn family_bit(code: &str) -> u16 {
    Family::of_code(code)
        .and_then(|f| Family::ALL.iter().position(|g| *g == f))
        .map(|i| 1u16 << i)
        .unwrap_or(0)
}

/// Collects reports into groups.
#[derive(Debug)]
pub struct SummaryBuilder {
    by: String,
    top_n: usize,
    groups: Vec<GroupAcc>,
    index: HashMap<String, usize>,
    bodies: Vec<Body>,
    by_file: HashMap<String, usize>,
    scratch: Vec<Option<Decimal>>,
    seen: Vec<bool>,
}

impl SummaryBuilder {
    /// `by` names the grouping for the output (`year`, `agency` …; `all` for
    /// one group); `top_n` is the length of the top-bodies lists.
    pub fn new(by: impl Into<String>, top_n: usize) -> SummaryBuilder {
        SummaryBuilder {
            by: by.into(),
            top_n,
            groups: Vec::new(),
            index: HashMap::new(),
            bodies: Vec::new(),
            by_file: HashMap::new(),
            scratch: Vec::new(),
            seen: Vec::new(),
        }
    }

    /// Add a report to the group `group`, with the checker's findings on it.
    pub fn add(&mut self, group: &str, report: &Report, findings: &[Finding]) {
        self.add_ranked(group, 0, report, findings)
    }

    /// Like [`SummaryBuilder::add`]; groups are ordered by `rank`, then by
    /// key (e.g. 省 before 市 before 县).
    pub fn add_ranked(&mut self, group: &str, rank: i64, report: &Report, findings: &[Finding]) {
        let g = match self.index.get(group) {
            Some(&g) => g,
            None => {
                self.groups.push(GroupAcc {
                    key: group.to_string(),
                    rank,
                    accs: Vec::new(),
                    bodies: Vec::new(),
                });
                self.index.insert(group.to_string(), self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        let mut measures = vec![None; MEASURES.len()];
        if let Some(t) = report.template {
            let def = t.get();
            let group_acc = &mut self.groups[g];
            let acc = match group_acc.accs.iter().position(|a| a.template == t) {
                Some(i) => &mut group_acc.accs[i],
                None => {
                    group_acc.accs.push(Acc::new(t));
                    group_acc
                        .accs
                        .sort_by_key(|a| std::cmp::Reverse(a.template));
                    let i = group_acc.accs.iter().position(|a| a.template == t);
                    &mut group_acc.accs[i.unwrap_or(0)]
                }
            };
            acc.reports += 1;
            acc.years.insert(report.year());
            self.scratch.clear();
            self.scratch.resize(def.cells.len(), None);
            let seen = &mut self.seen;
            seen.clear();
            seen.resize(def.cells.len(), false);
            for (i, cell) in report.cells.iter().enumerate() {
                let idx = match def.cells.get(i) {
                    Some(c) if c.id == cell.id => Some(i),
                    _ => def.cell_index(&cell.id),
                };
                let Some(idx) = idx else {
                    add_extra(&mut acc.extra, cell);
                    continue;
                };
                if std::mem::replace(&mut seen[idx], true) {
                    continue;
                }
                acc.coverage[idx].count(&cell.value);
                if let Value::Number(d) = cell.value {
                    acc.sums[idx] += d;
                    self.scratch[idx] = Some(d);
                }
            }
            // Cells the report does not list at all count as absent.
            for (idx, s) in seen.iter().enumerate() {
                if !s {
                    acc.coverage[idx].absent += 1;
                }
            }
            for cell in &report.extra_cells {
                add_extra(&mut acc.extra, cell);
            }
            let r = resolved(t);
            for (m, cells) in measures.iter_mut().zip(&r.measures) {
                *m = sum_cells(cells, |i| self.scratch[i]);
            }
        }
        let mut error_families = 0u16;
        for f in findings {
            if f.severity == Severity::Error {
                error_families |= family_bit(&f.code);
            }
        }
        let b = self.bodies.len();
        self.by_file.insert(report.source.path.clone(), b);
        self.groups[g].bodies.push(b);
        self.bodies.push(Body {
            name: match report.agency() {
                Some(a) if !a.trim().is_empty() => a.to_string(),
                _ => {
                    let file = report.source.path.rsplit(['/', '\\']).next().unwrap_or("");
                    format!("（未识别机关：{file}）")
                }
            },
            file: report.source.path.clone(),
            year: report.year(),
            has_template: report.template.is_some(),
            measures,
            error_families,
        });
    }

    /// Findings that come after the reports (the cross-year rules run at
    /// the end of a batch): counted for the report named in `file`.
    pub fn add_findings(&mut self, findings: &[Finding]) {
        for f in findings {
            if f.severity != Severity::Error {
                continue;
            }
            if let Some(&b) = self.by_file.get(&f.file) {
                self.bodies[b].error_families |= family_bit(&f.code);
            }
        }
    }

    /// The number of reports added.
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// Compute the summary. Groups are ordered by rank, then key.
    pub fn finish(self) -> Summary {
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.groups[a], &self.groups[b]);
            x.rank.cmp(&y.rank).then_with(|| x.key.cmp(&y.key))
        });
        let groups: Vec<Group> = order
            .iter()
            .map(|&g| {
                let acc = &self.groups[g];
                let bodies: Vec<&Body> = acc.bodies.iter().map(|&b| &self.bodies[b]).collect();
                build_group(&acc.key, &acc.accs, &bodies, self.top_n)
            })
            .collect();
        let mut all: Vec<Acc> = Vec::new();
        for g in &self.groups {
            for a in &g.accs {
                match all.iter_mut().find(|x| x.template == a.template) {
                    Some(x) => x.merge(a),
                    None => all.push(a.clone()),
                }
            }
        }
        all.sort_by_key(|a| std::cmp::Reverse(a.template));
        let everyone: Vec<&Body> = self.bodies.iter().collect();
        let total = build_group("全部", &all, &everyone, self.top_n);
        let trend = trend(&self.bodies);
        Summary {
            by: self.by,
            reports: self.bodies.len(),
            rates: RATES
                .iter()
                .map(|r| RateInfo {
                    key: r.key,
                    name: r.name,
                    definitions: TemplateId::ALL
                        .iter()
                        .map(|t| (t.as_str(), r.definition(t.get())))
                        .collect(),
                })
                .collect(),
            measures: MEASURES
                .iter()
                .map(|m| MeasureInfo {
                    key: m.key,
                    name: m.name,
                    definition: m.quantity.label(TemplateId::Y2021.get()),
                })
                .collect(),
            families: Family::ALL
                .iter()
                .map(|f| FamilyInfo {
                    prefix: f.prefix(),
                    title: f.title(),
                })
                .collect(),
            groups,
            total,
            trend,
            top_n: self.top_n,
        }
    }
}

fn add_extra(extra: &mut BTreeMap<String, (Decimal, Coverage)>, cell: &Cell) {
    let e = extra.entry(cell.id.clone()).or_default();
    e.1.count(&cell.value);
    if let Value::Number(d) = cell.value {
        e.0 += d;
    }
}

/// A rate's name and its definition in each template's words.
#[derive(Debug, Clone, Serialize)]
pub struct RateInfo {
    pub key: &'static str,
    pub name: &'static str,
    pub definitions: BTreeMap<&'static str, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureInfo {
    pub key: &'static str,
    pub name: &'static str,
    pub definition: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FamilyInfo {
    pub prefix: &'static str,
    pub title: &'static str,
}

/// The summary of all groups.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The grouping (`year`, `template`, `agency`, `region`, `level`, `all`).
    pub by: String,
    pub reports: usize,
    pub rates: Vec<RateInfo>,
    pub measures: Vec<MeasureInfo>,
    pub families: Vec<FamilyInfo>,
    pub groups: Vec<Group>,
    /// All reports together.
    pub total: Group,
    /// The measures and outcomes of all reports by year reported on.
    pub trend: Vec<YearPoint>,
    pub top_n: usize,
}

/// One group's roll-up of one template.
#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    pub template: TemplateId,
    pub reports: usize,
    /// The sums as a report of the same model: checkable and renderable.
    pub report: Report,
    /// Per cell, in template order: how many reports gave a number, a blank …
    pub coverage: Vec<CellCoverage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellCoverage {
    pub id: String,
    #[serde(flatten)]
    pub counts: Coverage,
}

#[derive(Debug, Clone, Serialize)]
pub struct RateValue {
    pub key: &'static str,
    pub name: &'static str,
    #[serde(with = "rust_decimal::serde::str")]
    pub numerator: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub denominator: Decimal,
    /// `None` when the denominator is zero or no report gave it.
    pub rate: Option<f64>,
    /// Reports that gave a number for the denominator.
    pub reports: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureStats {
    pub key: &'static str,
    pub name: &'static str,
    #[serde(with = "rust_decimal::serde::str")]
    pub sum: Decimal,
    /// Reports that gave a number.
    pub bodies: usize,
    /// `sum ÷ bodies`.
    pub per_body: Option<f64>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub median: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub p90: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub max: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopBody {
    pub name: String,
    pub file: String,
    pub year: Option<i32>,
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct FamilyShare {
    pub prefix: &'static str,
    pub title: &'static str,
    /// Reports with an error-level finding of this family.
    pub reports: usize,
    pub share: f64,
}

/// Share of reports with errors, per rule family.
#[derive(Debug, Clone, Serialize)]
pub struct Quality {
    pub reports: usize,
    pub with_errors: usize,
    pub share: f64,
    pub families: Vec<FamilyShare>,
}

/// An outcome category of table 三 (（一）予以公开 …) summed over templates.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub key: String,
    pub label: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
}

/// One group.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub key: String,
    pub reports: usize,
    /// Reports in which no table was found (counted, nothing summed).
    pub without_tables: usize,
    /// One roll-up per template present, newest template first; cells of
    /// different templates are never mapped onto each other.
    pub rollups: Vec<Rollup>,
    pub rates: Vec<RateValue>,
    pub measures: Vec<MeasureStats>,
    /// The bodies with the most new requests.
    pub top: Vec<TopBody>,
    pub quality: Quality,
    pub outcomes: Vec<Outcome>,
}

impl Group {
    pub fn rate(&self, key: &str) -> Option<&RateValue> {
        self.rates.iter().find(|r| r.key == key)
    }

    pub fn measure(&self, key: &str) -> Option<&MeasureStats> {
        self.measures.iter().find(|m| m.key == key)
    }
}

/// One year of the trend.
#[derive(Debug, Clone, Serialize)]
pub struct YearPoint {
    pub year: i32,
    pub reports: usize,
    /// Sums of [`MEASURES`], in order.
    pub measures: Vec<String>,
}

fn trend(bodies: &[Body]) -> Vec<YearPoint> {
    let mut years: BTreeMap<i32, (usize, Vec<Decimal>)> = BTreeMap::new();
    for b in bodies {
        let Some(y) = b.year else { continue };
        let e = years
            .entry(y)
            .or_insert_with(|| (0, vec![Decimal::ZERO; MEASURES.len()]));
        e.0 += 1;
        for (s, m) in e.1.iter_mut().zip(&b.measures) {
            *s += m.unwrap_or_default();
        }
    }
    years
        .into_iter()
        .map(|(year, (reports, sums))| YearPoint {
            year,
            reports,
            measures: sums.iter().map(|d| d.to_string()).collect(),
        })
        .collect()
}

/// The nearest-rank percentile of sorted values: the smallest value with at
/// least `p` percent of the values at or below it.
pub fn percentile(sorted: &[Decimal], p: u32) -> Option<Decimal> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (p as usize * n).div_ceil(100).max(1);
    sorted.get(rank.min(n) - 1).copied()
}

fn ratio(n: Decimal, d: Decimal) -> Option<f64> {
    if d.is_zero() {
        return None;
    }
    (n / d).to_f64()
}

fn build_group(key: &str, accs: &[Acc], bodies: &[&Body], top_n: usize) -> Group {
    let rollups: Vec<Rollup> = accs.iter().map(|a| rollup(key, a)).collect();
    let rates = RATES
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (mut num, mut den, mut reports) = (Decimal::ZERO, Decimal::ZERO, 0usize);
            for a in accs {
                let res = resolved(a.template);
                num += res.numerators[i]
                    .iter()
                    .map(|&c| a.sums[c])
                    .sum::<Decimal>();
                den += res.denominators[i]
                    .iter()
                    .map(|&c| a.sums[c])
                    .sum::<Decimal>();
                reports += res.denominators[i]
                    .iter()
                    .map(|&c| a.coverage[c].number as usize)
                    .max()
                    .unwrap_or(0);
            }
            RateValue {
                key: r.key,
                name: r.name,
                numerator: num,
                denominator: den,
                rate: if reports == 0 { None } else { ratio(num, den) },
                reports,
            }
        })
        .collect();
    let measures = MEASURES
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut values: Vec<Decimal> = bodies.iter().filter_map(|b| b.measures[i]).collect();
            values.sort_unstable();
            let sum: Decimal = values.iter().copied().sum();
            MeasureStats {
                key: m.key,
                name: m.name,
                sum,
                bodies: values.len(),
                per_body: ratio(sum, Decimal::from(values.len())),
                median: percentile(&values, 50),
                p90: percentile(&values, 90),
                max: values.last().copied(),
            }
        })
        .collect();
    let mut ranked: Vec<&&Body> = bodies.iter().filter(|b| b.measures[0].is_some()).collect();
    ranked.sort_by(|a, b| {
        b.measures[0]
            .cmp(&a.measures[0])
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.year.cmp(&b.year))
    });
    let top = ranked
        .into_iter()
        .take(top_n)
        .map(|b| TopBody {
            name: b.name.clone(),
            file: b.file.clone(),
            year: b.year,
            value: b.measures[0].unwrap_or_default(),
        })
        .collect();
    let n = bodies.len();
    let share = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    let with_errors = bodies.iter().filter(|b| b.error_families != 0).count();
    let quality = Quality {
        reports: n,
        with_errors,
        share: share(with_errors),
        families: Family::ALL
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let k = bodies
                    .iter()
                    .filter(|b| b.error_families & (1 << i) != 0)
                    .count();
                FamilyShare {
                    prefix: f.prefix(),
                    title: f.title(),
                    reports: k,
                    share: share(k),
                }
            })
            .collect(),
    };
    let mut outcomes: Vec<Outcome> = Vec::new();
    for a in accs {
        let def = a.template.get();
        for ((k, cells), (_, q)) in resolved(a.template)
            .outcomes
            .iter()
            .zip(outcome_groups(def))
        {
            let v: Decimal = cells.iter().map(|&c| a.sums[c]).sum();
            match outcomes.iter_mut().find(|o| &o.key == k) {
                Some(o) => o.value += v,
                None => outcomes.push(Outcome {
                    key: k.clone(),
                    label: outcome_label(def, &q),
                    value: v,
                }),
            }
        }
    }
    Group {
        key: key.to_string(),
        reports: n,
        without_tables: bodies.iter().filter(|b| !b.has_template).count(),
        rollups,
        rates,
        measures,
        top,
        quality,
        outcomes,
    }
}

/// The value a roll-up cell gets: the sum when some report gave a number,
/// otherwise the kind every report agrees on (absent, not applicable),
/// otherwise blank — or unknown when some report's value is unknown.
fn rollup_value(sum: Decimal, c: &Coverage) -> Value {
    if c.number > 0 {
        Value::Number(sum)
    } else if c.unknown > 0 {
        Value::Unknown
    } else if c.blank > 0 {
        Value::Blank
    } else if c.not_applicable > 0 {
        Value::NotApplicable
    } else {
        Value::Absent
    }
}

fn rollup(key: &str, acc: &Acc) -> Rollup {
    let def = acc.template.get();
    let mut notes = Vec::new();
    let cells = def
        .cells
        .iter()
        .zip(acc.sums.iter().zip(&acc.coverage))
        .map(|(c, (sum, cov))| {
            if cov.number > 0 && cov.unknown > 0 {
                notes.push(Note {
                    code: "rollup-partial".into(),
                    message: format!(
                        "{} 份报告中该单元格无法确定（?），合计只含 {} 份给出数字的报告",
                        cov.unknown, cov.number
                    ),
                    subject: Some(c.id.clone()),
                    at: None,
                });
            }
            Cell {
                value: rollup_value(*sum, cov),
                ..Cell::absent(c.id.clone())
            }
        })
        .collect();
    let extra_cells = acc
        .extra
        .iter()
        .map(|(id, (sum, cov))| Cell {
            value: rollup_value(*sum, cov),
            ..Cell::absent(id.clone())
        })
        .collect();
    let year = match acc.years.iter().collect::<Vec<_>>().as_slice() {
        [Some(y)] => Some(Located::new(*y, None)),
        _ => None,
    };
    let mut report = Report::empty(SourceInfo {
        path: format!("汇总/{key}/{}", acc.template.as_str()),
        format: "rollup".into(),
        encoding: String::new(),
        bytes: 0,
    });
    report.template = Some(acc.template);
    report.template_evidence = vec![TemplateEvidence {
        template: acc.template,
        clue: format!(
            "{} 份按 {} 格式填报的报告之和",
            acc.reports,
            acc.template.document()
        ),
        at: None,
    }];
    report.meta = Meta {
        title: Some(Located::new(
            format!("{key} 政府信息公开工作年度报告汇总（{} 份）", acc.reports),
            None,
        )),
        agency: Some(Located::new(format!("汇总：{key}"), None)),
        year,
        year_source: None,
        period: None,
        publication_date: None,
        body_kind: None,
    };
    report.cells = cells;
    report.extra_cells = extra_cells;
    report.notes = notes;
    Rollup {
        template: acc.template,
        reports: acc.reports,
        coverage: def
            .cells
            .iter()
            .zip(&acc.coverage)
            .map(|(c, counts)| CellCoverage {
                id: c.id.clone(),
                counts: *counts,
            })
            .collect(),
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<Decimal> = (1..=10).map(d).collect();
        assert_eq!(percentile(&v, 50), Some(d(5)));
        assert_eq!(percentile(&v, 90), Some(d(9)));
        assert_eq!(percentile(&v, 100), Some(d(10)));
        assert_eq!(percentile(&[d(7)], 90), Some(d(7)));
        assert_eq!(percentile(&[], 50), None);
        let v: Vec<Decimal> = (1..=11).map(d).collect();
        assert_eq!(percentile(&v, 50), Some(d(6)));
        assert_eq!(percentile(&v, 90), Some(d(10)));
    }

    #[test]
    fn rollup_values_keep_kinds() {
        let c = Coverage {
            number: 0,
            blank: 2,
            absent: 1,
            ..Default::default()
        };
        assert_eq!(rollup_value(Decimal::ZERO, &c), Value::Blank);
        let c = Coverage {
            absent: 3,
            ..Default::default()
        };
        assert_eq!(rollup_value(Decimal::ZERO, &c), Value::Absent);
        let c = Coverage {
            number: 1,
            unknown: 1,
            ..Default::default()
        };
        assert_eq!(rollup_value(d(4), &c), Value::Number(d(4)));
    }
}
