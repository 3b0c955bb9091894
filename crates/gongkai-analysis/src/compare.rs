//! Two reports side by side: every cell's values, the change and the
//! percentage change, large changes flagged, and the cross-year relations
//! of the template (carry-over continuity) evaluated between them.

use gongkai_model::{Decimal, Evaluation, Report, Scope, TableId, Template, TemplateId, Value};
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// When a change counts as large.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Threshold {
    /// The absolute percentage change at or above which a change is large.
    pub percent: f64,
    /// Changes smaller than this (in absolute value) are never flagged, so
    /// that 1 → 2 (+100 %) does not drown the real changes.
    #[serde(with = "rust_decimal::serde::str")]
    pub min_delta: Decimal,
}

impl Default for Threshold {
    /// 50 % and at least 10.
    fn default() -> Self {
        Threshold {
            percent: 50.0,
            min_delta: Decimal::from(10),
        }
    }
}

impl Threshold {
    /// Whether a change from `a` to `b` is large: |b − a| ≥ `min_delta` and
    /// either a = 0 or |b − a| ÷ a ≥ `percent` %.
    pub fn is_large(&self, a: Decimal, b: Decimal) -> bool {
        let delta = (b - a).abs();
        if delta < self.min_delta || delta.is_zero() {
            return false;
        }
        if a.is_zero() {
            return true;
        }
        (delta / a.abs()).to_f64().unwrap_or(f64::INFINITY) * 100.0 >= self.percent
    }
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub file: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub template: Option<TemplateId>,
}

impl Side {
    fn of(r: &Report) -> Side {
        Side {
            file: r.source.path.clone(),
            agency: r.agency().map(str::to_string),
            year: r.year(),
            template: r.template,
        }
    }

    /// `2023年 某某局` or the file name.
    pub fn label(&self) -> String {
        match (self.year, &self.agency) {
            (Some(y), Some(a)) => format!("{y}年 {a}"),
            (Some(y), None) => format!("{y}年"),
            (None, Some(a)) => a.clone(),
            (None, None) => self.file.clone(),
        }
    }
}

/// Which report has a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Both,
    /// Only A's template has the cell.
    OnlyA,
    /// Only B's template has the cell.
    OnlyB,
}

/// One cell of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct CellChange {
    pub id: String,
    pub table: TableId,
    /// The row and column labels of the template that has the cell.
    pub row: String,
    pub column: String,
    pub presence: Presence,
    pub a: Value,
    pub b: Value,
    /// b − a when both are numbers.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub delta: Option<Decimal>,
    /// (b − a) ÷ a × 100 when both are numbers and a ≠ 0.
    pub percent: Option<f64>,
    pub large: bool,
}

/// The state of a cross-year relation between the two reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Continuity {
    Holds,
    Broken,
    /// A cell is blank, absent, `/` or unknown.
    Undecidable,
}

impl Continuity {
    pub fn label(self) -> &'static str {
        match self {
            Continuity::Holds => "衔接",
            Continuity::Broken => "不衔接",
            Continuity::Undecidable => "无法判断",
        }
    }
}

/// A cross-year relation (`prev` terms = the earlier report) evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct ContinuityRow {
    pub relation: String,
    pub meaning: &'static str,
    /// The relation as written, e.g. `apply.carried_in.total = prev:apply.carried_out.total`.
    pub formula: String,
    pub state: Continuity,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub lhs: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub rhs: Option<Decimal>,
    pub missing: Vec<String>,
}

/// The comparison of report A (earlier or base) and B.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    pub threshold: Threshold,
    pub cells: Vec<CellChange>,
    /// Cross-year relations of B's template with A as the previous year.
    pub continuity: Vec<ContinuityRow>,
    /// Remarks for the reader (different templates, years not consecutive …).
    pub notes: Vec<String>,
}

impl Comparison {
    pub fn large(&self) -> impl Iterator<Item = &CellChange> {
        self.cells.iter().filter(|c| c.large)
    }
}

fn labels(t: &Template, id: &str) -> Option<(TableId, String, String)> {
    let c = t.cell(id)?;
    Some((
        c.table,
        t.row_of(c).label(),
        t.column_of(c).label.to_string(),
    ))
}

/// Compare A (the base: the earlier year) with B. Cells are matched by id
/// only; a cell that exists in one template only is listed with the other
/// side absent, never mapped to a different cell.
pub fn compare(a: &Report, b: &Report, threshold: Threshold) -> Comparison {
    let mut notes = Vec::new();
    let mut ids: Vec<(String, Presence)> = Vec::new();
    let (ta, tb) = (a.template_def(), b.template_def());
    match (ta, tb) {
        (Some(x), Some(y)) if x.id != y.id => notes.push(format!(
            "两份报告格式不同（A：{}，B：{}）：只有两种格式共有的单元格才比较，其余单元格单列，不作对应",
            x.id.document(),
            y.id.document()
        )),
        _ => {}
    }
    if ta.is_none() {
        notes.push("A 中未找到表格".to_string());
    }
    if tb.is_none() {
        notes.push("B 中未找到表格".to_string());
    }
    // B's cells in B's order, then A's cells B lacks.
    for t in [tb, ta].into_iter().flatten() {
        for c in &t.cells {
            if ids.iter().any(|(id, _)| *id == c.id) {
                continue;
            }
            let in_a = ta.is_some_and(|x| x.cell_index(&c.id).is_some());
            let in_b = tb.is_some_and(|x| x.cell_index(&c.id).is_some());
            let p = match (in_a, in_b) {
                (true, true) => Presence::Both,
                (true, false) => Presence::OnlyA,
                _ => Presence::OnlyB,
            };
            ids.push((c.id.clone(), p));
        }
    }
    let cells = ids
        .into_iter()
        .map(|(id, presence)| {
            let def = match presence {
                Presence::OnlyA => ta,
                _ => tb.or(ta),
            };
            let (table, row, column) = def.and_then(|t| labels(t, &id)).unwrap_or((
                TableId::Apply,
                String::new(),
                String::new(),
            ));
            let va = a.value(&id).clone();
            let vb = b.value(&id).clone();
            let (delta, percent, large) = match (va.number(), vb.number()) {
                (Some(x), Some(y)) => (
                    Some(y - x),
                    if x.is_zero() {
                        None
                    } else {
                        ((y - x) / x.abs()).to_f64().map(|p| p * 100.0)
                    },
                    threshold.is_large(x, y),
                ),
                _ => (None, None, false),
            };
            CellChange {
                id,
                table,
                row,
                column,
                presence,
                a: va,
                b: vb,
                delta,
                percent,
                large,
            }
        })
        .collect();
    if let (Some(na), Some(nb)) = (a.agency(), b.agency()) {
        if na.trim() != nb.trim() {
            notes.push(format!(
                "两份报告的机关名称不同（A：{na}，B：{nb}）：如不是同一机关，跨年度衔接关系不适用"
            ));
        }
    }
    if let (Some(ya), Some(yb)) = (a.year(), b.year()) {
        if yb != ya + 1 {
            notes.push(format!(
                "A 为 {ya} 年、B 为 {yb} 年，不是相邻年度：上年结转的衔接关系只对相邻年度成立"
            ));
        }
    }
    let continuity = tb
        .map(|t| {
            t.relations_of(Scope::CrossYear)
                .map(|rel| {
                    let side = |terms: &[gongkai_model::Term]| -> Option<Decimal> {
                        let mut s = Decimal::ZERO;
                        for term in terms {
                            let r = if term.prev { a } else { b };
                            let v = r.number(&term.cell)?;
                            if term.negative {
                                s -= v
                            } else {
                                s += v
                            }
                        }
                        Some(s)
                    };
                    let eval = rel.evaluate(|term| {
                        let r = if term.prev { a } else { b };
                        r.number(&term.cell)
                    });
                    let (state, missing) = match eval {
                        Evaluation::Holds => (Continuity::Holds, Vec::new()),
                        Evaluation::Broken { .. } => (Continuity::Broken, Vec::new()),
                        Evaluation::Undecidable { missing } => (Continuity::Undecidable, missing),
                    };
                    let spec = |terms: &[gongkai_model::Term]| {
                        let mut out = String::new();
                        for (i, t) in terms.iter().enumerate() {
                            let sign = match (i, t.negative) {
                                (0, false) => "",
                                (0, true) => "−",
                                (_, false) => " + ",
                                (_, true) => " − ",
                            };
                            let prev = if t.prev { "prev:" } else { "" };
                            out.push_str(&format!("{sign}{prev}{}", t.cell));
                        }
                        out
                    };
                    ContinuityRow {
                        relation: rel.id.clone(),
                        meaning: gongkai_check::context::relation_meaning(rel),
                        formula: format!("{} = {}", spec(&rel.lhs), spec(&rel.rhs)),
                        state,
                        lhs: side(&rel.lhs),
                        rhs: side(&rel.rhs),
                        missing,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Comparison {
        a: Side::of(a),
        b: Side::of(b),
        threshold,
        cells,
        continuity,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold() {
        let t = Threshold::default();
        let d = Decimal::from;
        assert!(!t.is_large(d(1), d(2)), "small absolute change");
        assert!(t.is_large(d(20), d(30)), "+50 %");
        assert!(!t.is_large(d(100), d(140)), "+40 %");
        assert!(t.is_large(d(0), d(10)), "from zero");
        assert!(t.is_large(d(100), d(40)), "-60 %");
        assert!(!t.is_large(d(5), d(5)));
    }

    fn report(t: TemplateId, agency: &str, year: i32, v: i64) -> Report {
        let mut r = Report::empty(Default::default());
        r.template = Some(t);
        r.meta.agency = Some(gongkai_model::Located::new(agency.into(), None));
        r.meta.year = Some(gongkai_model::Located::new(year, None));
        r.cells = t
            .get()
            .cells
            .iter()
            .map(|c| gongkai_model::Cell {
                value: Value::Number(Decimal::from(v)),
                ..gongkai_model::Cell::absent(c.id.clone())
            })
            .collect();
        r
    }

    #[test]
    fn templates_are_never_mapped_and_notes_explain() {
        let a = report(TemplateId::Y2019, "甲局", 2020, 1);
        let b = report(TemplateId::Y2021, "乙局", 2022, 1);
        let c = compare(&a, &b, Threshold::default());
        assert_eq!(c.notes.len(), 3, "{:?}", c.notes);
        let only_a = c
            .cells
            .iter()
            .find(|x| x.id == "active.procurement.amount")
            .expect("2019 cell listed");
        assert_eq!(only_a.presence, Presence::OnlyA);
        assert_eq!(only_a.b, Value::Absent);
        assert!(only_a.delta.is_none());
        let only_b = c
            .cells
            .iter()
            .find(|x| x.id == "apply.other.fee_unpaid.total")
            .expect("2021 cell listed");
        assert_eq!(only_b.presence, Presence::OnlyB);
        let shared = c
            .cells
            .iter()
            .find(|x| x.id == "apply.new.total")
            .expect("shared cell");
        assert_eq!(shared.presence, Presence::Both);
        assert_eq!(shared.delta, Some(Decimal::ZERO));
        let flow = c
            .continuity
            .iter()
            .find(|r| r.relation == "active.rules.in_force_flow")
            .expect("2021 flow relation");
        assert_eq!(
            flow.formula,
            "active.rules.in_force = prev:active.rules.in_force + active.rules.issued − active.rules.repealed"
        );
        assert_eq!(flow.state, Continuity::Undecidable);
    }
}
