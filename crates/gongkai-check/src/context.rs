//! What a rule sees: the report, its document, the template and lookups
//! computed once per template.

use std::borrow::Cow;
use std::sync::LazyLock;

use gongkai_ingest::Document;
use gongkai_model::{
    CellDef, CellKind, Decimal, Provenance, Relation, Report, TableId, Template, TemplateId, Value,
};

use crate::agency::{self, BodyClass};
use crate::config::Config;
use crate::similarity::Sketch;

/// A term of a relation, resolved to the template's cell index.
#[derive(Debug, Clone)]
pub struct TermRef {
    pub id: String,
    /// Index into `Template::cells` (of the report's template).
    pub index: Option<usize>,
    pub negative: bool,
    pub prev: bool,
}

/// A relation with its terms resolved.
#[derive(Debug)]
pub struct RelationRef {
    pub relation: &'static Relation,
    pub lhs: Vec<TermRef>,
    pub rhs: Vec<TermRef>,
}

impl RelationRef {
    pub fn terms(&self) -> impl Iterator<Item = &TermRef> {
        self.lhs.iter().chain(self.rhs.iter())
    }
}

/// A row of a table: its label and the indices of its cells.
#[derive(Debug)]
pub struct RowRef {
    pub table: TableId,
    /// The row id part (`denied.state_secret`).
    pub id: &'static str,
    pub label: String,
    pub cells: Vec<usize>,
}

/// Lookups of one template, computed once.
#[derive(Debug)]
pub struct TemplateIndex {
    pub template: &'static Template,
    /// The label of each cell (`（七）总计·自然人`), by cell index.
    pub labels: Vec<String>,
    /// The row label of each cell, by cell index.
    pub row_labels: Vec<String>,
    /// The column label of each cell, by cell index.
    pub column_labels: Vec<String>,
    pub relations: Vec<RelationRef>,
    pub rows: Vec<RowRef>,
}

static INDEX_2019: LazyLock<TemplateIndex> =
    LazyLock::new(|| TemplateIndex::build(TemplateId::Y2019.get()));
static INDEX_2021: LazyLock<TemplateIndex> =
    LazyLock::new(|| TemplateIndex::build(TemplateId::Y2021.get()));

/// Shorten a row's core text for messages.
fn short_core(core: &str) -> &str {
    let core = core.strip_suffix("政府信息公开申请数量").unwrap_or(core);
    let core = core.split('（').next().unwrap_or(core);
    if core.chars().count() > 14 {
        core.split('、').next().unwrap_or(core)
    } else {
        core
    }
}

/// The label of a row as messages print it.
fn row_label(path: &str, item: &str, core: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    let own = format!("{item}{}", short_core(core));
    match parts.as_slice() {
        [first, group, _] if first.starts_with("三、") => {
            // （三）不予公开/1.属于国家秘密 → （三）1.属于国家秘密
            let group_item: String = group.chars().take_while(|&c| c != '）').collect();
            format!("{group_item}）{own}")
        }
        [parent, _] if *parent == "行政诉讼" => format!("行政诉讼（{own}）"),
        _ => own,
    }
}

fn column_label(label: &str) -> &str {
    label.split('（').next().unwrap_or(label)
}

impl TemplateIndex {
    /// The index of a template (built on first use).
    pub fn get(id: TemplateId) -> &'static TemplateIndex {
        match id {
            TemplateId::Y2019 => &INDEX_2019,
            TemplateId::Y2021 => &INDEX_2021,
        }
    }

    fn build(template: &'static Template) -> TemplateIndex {
        let mut labels = Vec::with_capacity(template.cells.len());
        let mut row_labels = Vec::with_capacity(template.cells.len());
        let mut column_labels = Vec::with_capacity(template.cells.len());
        let mut rows: Vec<RowRef> = Vec::new();
        for (i, cell) in template.cells.iter().enumerate() {
            let row = template.row_of(cell);
            let col = template.column_of(cell);
            let r = row_label(&row.path, row.item, row.core);
            let c = column_label(col.label).to_string();
            labels.push(format!("{r}·{c}"));
            match rows.last_mut() {
                Some(last) if last.table == cell.table && last.id == row.id => last.cells.push(i),
                _ => rows.push(RowRef {
                    table: cell.table,
                    id: row.id,
                    label: r.clone(),
                    cells: vec![i],
                }),
            }
            row_labels.push(r);
            column_labels.push(c);
        }
        let resolve = |terms: &[gongkai_model::Term]| {
            terms
                .iter()
                .map(|t| TermRef {
                    id: t.cell.clone(),
                    index: template.cell_index(&t.cell),
                    negative: t.negative,
                    prev: t.prev,
                })
                .collect::<Vec<_>>()
        };
        let relations = template
            .relations
            .iter()
            .map(|relation| RelationRef {
                relation,
                lhs: resolve(&relation.lhs),
                rhs: resolve(&relation.rhs),
            })
            .collect();
        TemplateIndex {
            template,
            labels,
            row_labels,
            column_labels,
            relations,
            rows,
        }
    }

    /// The label of a cell id (the id itself when the template lacks it).
    pub fn label(&'static self, id: &str) -> Cow<'static, str> {
        match self.template.cell_index(id) {
            Some(i) => Cow::Borrowed(self.labels[i].as_str()),
            None => Cow::Owned(id.to_string()),
        }
    }

    pub fn cell_def(&self, index: usize) -> &'static CellDef {
        &self.template.cells[index]
    }
}

/// The label of a cell id in any template (for cells of another report).
pub fn any_label(id: &str) -> Cow<'static, str> {
    for t in TemplateId::ALL {
        let idx = TemplateIndex::get(t);
        if let Some(i) = idx.template.cell_index(id) {
            return Cow::Borrowed(idx.labels[i].as_str());
        }
    }
    Cow::Owned(id.to_string())
}

/// The Chinese name of a table with its number.
pub fn table_name(table: TableId) -> &'static str {
    match table {
        TableId::Active => "表二（主动公开政府信息情况）",
        TableId::Apply => "表三（收到和处理政府信息公开申请情况）",
        TableId::Review => "表四（政府信息公开行政复议、行政诉讼情况）",
    }
}

/// The short name of a table (`表三`).
pub fn table_short(table: TableId) -> &'static str {
    match table {
        TableId::Active => "表二",
        TableId::Apply => "表三",
        TableId::Review => "表四",
    }
}

/// Everything a per-report rule sees.
pub struct ReportContext<'a> {
    pub report: &'a Report,
    pub doc: Option<&'a Document>,
    pub config: &'a Config,
    /// The template's lookups, when the report has a template.
    pub index: Option<&'static TemplateIndex>,
    /// The body's class for the deadline and its name, when known.
    pub body: Option<(BodyClass, String)>,
    /// Whether the report's cells are exactly the template's, in order.
    in_order: bool,
}

impl<'a> ReportContext<'a> {
    pub fn new(report: &'a Report, doc: Option<&'a Document>, config: &'a Config) -> Self {
        let index = report.template.map(TemplateIndex::get);
        // The extractor gives every cell of the template in template order;
        // check it once so that lookups by index need no id comparison.
        let in_order = index.is_some_and(|idx| {
            idx.template.cells.len() == report.cells.len()
                && idx
                    .template
                    .cells
                    .iter()
                    .zip(&report.cells)
                    .all(|(d, c)| d.id == c.id)
        });
        ReportContext {
            report,
            doc,
            config,
            index,
            in_order,
            body: agency::classify(report),
        }
    }

    pub fn template(&self) -> Option<&'static Template> {
        self.index.map(|i| i.template)
    }

    pub fn year(&self) -> Option<i32> {
        self.report.year()
    }

    /// The report's cell at a template index (falls back to a lookup by id
    /// when the report's cells are not in template order).
    pub fn cell_at(&self, index: usize) -> Option<&'a gongkai_model::Cell> {
        if self.in_order {
            return self.report.cells.get(index);
        }
        let idx = self.index?;
        let id = &idx.template.cells.get(index)?.id;
        match self.report.cells.get(index) {
            Some(c) if &c.id == id => Some(c),
            _ => self.report.cell(id),
        }
    }

    /// The value at a template index (`Absent` when missing).
    pub fn value_at(&self, index: usize) -> &'a Value {
        static ABSENT: Value = Value::Absent;
        self.cell_at(index).map(|c| &c.value).unwrap_or(&ABSENT)
    }

    /// The value of a term of this report.
    pub fn term_value(&self, t: &TermRef) -> &'a Value {
        match t.index {
            Some(i) => self.value_at(i),
            None => self.report.value(&t.id),
        }
    }

    pub fn term_at(&self, t: &TermRef) -> Option<Provenance> {
        match t.index {
            Some(i) => self.cell_at(i).and_then(|c| c.at),
            None => self.report.cell(&t.id).and_then(|c| c.at),
        }
    }

    /// The label of a cell id.
    pub fn label(&self, id: &str) -> Cow<'static, str> {
        match self.index {
            Some(idx) => idx.label(id),
            None => any_label(id),
        }
    }

    /// The kind of a cell id in the report's template.
    pub fn kind(&self, id: &str) -> Option<CellKind> {
        self.template()?.cell(id).map(|c| c.kind)
    }

    /// Whether the report's tables include this one.
    pub fn has_table(&self, table: TableId) -> bool {
        self.report.tables.iter().any(|t| t.table == table)
    }
}

/// Everything a cross-year rule sees: this year's report and the same
/// agency's report on the previous year.
pub struct PairContext<'a> {
    pub current: ReportContext<'a>,
    pub previous: ReportContext<'a>,
    /// The narrative sketches (for the copy check), when the documents were
    /// available.
    pub current_sketch: Option<&'a Sketch>,
    pub previous_sketch: Option<&'a Sketch>,
}

/// Sum the terms of one side; `None` when a term has no number.
pub fn side_sum<'v>(
    terms: &[TermRef],
    mut get: impl FnMut(&TermRef) -> &'v Value,
) -> Option<Decimal> {
    // Counts are integers: add their mantissas, and fall back to decimal
    // arithmetic only when a term has decimals.
    let mut int: i128 = 0;
    let mut dec: Option<Decimal> = None;
    for t in terms {
        let d = get(t).number()?;
        match dec.as_mut() {
            None if d.scale() == 0 => {
                let m = d.mantissa();
                int = if t.negative {
                    int.checked_sub(m)?
                } else {
                    int.checked_add(m)?
                };
            }
            _ => {
                let acc = dec.get_or_insert_with(|| Decimal::from_i128_with_scale(int, 0));
                if t.negative {
                    *acc = acc.checked_sub(d)?;
                } else {
                    *acc = acc.checked_add(d)?;
                }
            }
        }
    }
    match dec {
        Some(d) => Some(d),
        None => Decimal::try_from_i128_with_scale(int, 0).ok(),
    }
}

/// Describe one side of a relation for a message: the label of a single
/// term, the labels joined with `+` for up to three terms, or a summary of
/// the row or column for more.
pub fn describe_side(terms: &[TermRef], label: impl Fn(&TermRef) -> Cow<'static, str>) -> String {
    let mut out = String::new();
    if terms.len() <= 3 {
        for (i, t) in terms.iter().enumerate() {
            match (i, t.negative) {
                (0, true) => out.push('−'),
                (0, false) => {}
                (_, true) => out.push_str(" − "),
                (_, false) => out.push_str(" + "),
            }
            if t.prev {
                out.push_str("上年");
            }
            out.push_str(&label(t));
        }
        return out;
    }
    let labels: Vec<Cow<'static, str>> = terms.iter().map(&label).collect();
    let parts: Vec<(&str, &str)> = labels
        .iter()
        .map(|l| l.split_once('·').unwrap_or((l, "")))
        .collect();
    let same_row = parts.windows(2).all(|w| w[0].0 == w[1].0);
    let same_col = parts.windows(2).all(|w| w[0].1 == w[1].1);
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if same_row {
        let cols: Vec<&str> = parts.iter().map(|p| p.1).collect();
        format!("{}·{}之和", first.0, cols.join("+"))
    } else if same_col {
        format!(
            "{}列“{}”至“{}”共{}项之和",
            first.1,
            first.0,
            last.0,
            parts.len()
        )
    } else {
        let shown: Vec<&str> = labels.iter().take(3).map(|l| l.as_ref()).collect();
        format!("{}等{}项之和", shown.join(" + "), terms.len())
    }
}

/// The Chinese explanation of a relation, by the kind of relation.
pub fn relation_meaning(relation: &Relation) -> &'static str {
    let id = relation.id.as_str();
    if id.starts_with("apply.row.") {
        "每一行的“总计”列应等于六类申请人（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）之和"
    } else if id.starts_with("apply.results.") {
        "“（七）总计”应等于（一）至（六）各项办理结果之和；区分处理的申请只计入“（二）部分公开”，每件申请只计一次"
    } else if id.starts_with("apply.balance.") {
        "表三的勾稽关系：第一项加第二项之和，等于第三项加第四项之和（一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理）"
    } else if id.ends_with(".sum") {
        "表四每一组的“总计”应等于结果维持、结果纠正、其他结果、尚未审结之和"
    } else if id.starts_with("apply.carryover.") {
        "本年“二、上年结转政府信息公开申请数量”应等于上年报告“四、结转下年度继续办理”"
    } else if id.ends_with(".in_force_flow") {
        "现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数（文件修订、合并可能使等式不严格成立）"
    } else {
        relation.meaning
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let idx = TemplateIndex::get(TemplateId::Y2021);
        assert_eq!(idx.label("apply.total.natural_person"), "（七）总计·自然人");
        assert_eq!(
            idx.label("apply.denied.state_secret.total"),
            "（三）1.属于国家秘密·总计"
        );
        assert_eq!(idx.label("apply.new.commercial"), "一、本年新收·商业企业");
        assert_eq!(idx.label("apply.partial.total"), "（二）部分公开·总计");
        assert_eq!(
            idx.label("apply.other.no_correction.total"),
            "（六）1.申请人无正当理由逾期不补正·总计"
        );
        assert_eq!(
            idx.label("suit_direct.upheld"),
            "行政诉讼（未经复议直接起诉）·结果维持"
        );
        assert_eq!(idx.label("review.total"), "行政复议·总计");
        assert_eq!(
            idx.label("active.fees.amount"),
            "行政事业性收费·本年收费金额"
        );
        assert_eq!(
            idx.label("active.normative.in_force"),
            "行政规范性文件·现行有效件数"
        );
        let idx = TemplateIndex::get(TemplateId::Y2019);
        assert_eq!(idx.label("apply.other.total"), "（六）其他处理·总计");
        assert_eq!(
            idx.rows
                .iter()
                .filter(|r| r.table == TableId::Apply)
                .count(),
            23
        );
    }
}
