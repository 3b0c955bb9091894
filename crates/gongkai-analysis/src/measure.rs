//! The quantities, rates and per-body measures of the analysis, declared once
//! as data.
//!
//! A [`Quantity`] names a set of cells by the template's declaration — a
//! table, rows chosen by their role, id group or parent label, and a column —
//! and is resolved to cell indices for each template with
//! [`Quantity::cells`]. No cell id is spelled out here: what `（三）不予公开`
//! or `（七）总计` means in a template is whatever `gongkai_model` declares.

use gongkai_model::{Decimal, RowDef, RowRole, TableId, Template};
use serde::Serialize;

/// Which rows of a table a quantity takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Rows {
    /// The rows of table 三 with this role (e.g. `ResultTotal`: （七）总计).
    Role(RowRole),
    /// The row with this id, or the rows whose id starts with `id.` (a
    /// group such as `denied` = （三）不予公开 1.–8.).
    Id(&'static str),
    /// The rows printed under this parent label (the last but one part of
    /// the row's path, e.g. 行政诉讼).
    Under(&'static str),
}

/// Which column of the rows a quantity takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Column {
    /// The block's last column, its 总计.
    Total,
    /// The column with this id.
    Id(&'static str),
}

/// A sum of cells of one table, resolved per template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quantity {
    pub table: TableId,
    pub rows: Rows,
    pub column: Column,
}

impl Quantity {
    fn row_matches(&self, row: &RowDef) -> bool {
        match self.rows {
            Rows::Role(role) => row.role == role,
            Rows::Id(id) => {
                row.id == id
                    || row
                        .id
                        .strip_prefix(id)
                        .is_some_and(|rest| rest.starts_with('.'))
            }
            Rows::Under(parent) => {
                let parts: Vec<&str> = row.path.split('/').collect();
                parts.len() >= 2 && parts[parts.len() - 2] == parent
            }
        }
    }

    /// The indices into [`Template::cells`] of the cells summed, in template
    /// order. Empty when the template has no such cells.
    pub fn cells(&self, template: &Template) -> Vec<usize> {
        let table = template.table(self.table);
        let mut out = Vec::new();
        for (b, block) in table.blocks.iter().enumerate() {
            let Some(col) = (match self.column {
                Column::Total => block.columns.len().checked_sub(1),
                Column::Id(id) => block.columns.iter().position(|c| c.id == id),
            }) else {
                continue;
            };
            for (r, row) in block.rows.iter().enumerate() {
                if !self.row_matches(row) {
                    continue;
                }
                let cells = template.row_cells(self.table, b, r);
                if let Some(&i) = cells.get(col) {
                    out.push(i);
                }
            }
        }
        out
    }

    /// The quantity in words, from the template's labels: the rows (or
    /// their common parent) and the column.
    pub fn label(&self, template: &Template) -> String {
        let cells = self.cells(template);
        let Some(&first) = cells.first() else {
            return String::from("（该模板无此项）");
        };
        let def = &template.cells[first];
        let column = template.column_of(def).label;
        let rows: Vec<&RowDef> = cells
            .iter()
            .map(|&i| template.row_of(&template.cells[i]))
            .collect();
        let row_text = if rows.len() == 1 {
            short_label(rows[0])
        } else {
            // Rows of one group: the group's own label from the path.
            let parent = rows[0].path.rsplit('/').nth(1).unwrap_or_default();
            let all_under = rows
                .iter()
                .all(|r| r.path.rsplit('/').nth(1) == Some(parent));
            if all_under && !parent.is_empty() && rows.len() > 2 {
                format!("{parent}（{} 项之和）", rows.len())
            } else if all_under && !parent.is_empty() {
                format!(
                    "{parent}（{}）",
                    rows.iter()
                        .map(|r| r.label())
                        .collect::<Vec<_>>()
                        .join("＋")
                )
            } else {
                rows.iter()
                    .map(|r| short_label(r))
                    .collect::<Vec<_>>()
                    .join("＋")
            }
        };
        format!("表{} {row_text}·{column}", section_cn(self.table))
    }
}

/// A row label without the explanation some labels carry in brackets.
fn short_label(row: &RowDef) -> String {
    match row.core.find('（') {
        Some(i) if i > 0 => format!("{}{}", row.item, &row.core[..i]),
        _ => row.label(),
    }
}

fn section_cn(t: TableId) -> &'static str {
    match t.section() {
        2 => "二",
        3 => "三",
        _ => "四",
    }
}

/// A derived rate: one quantity divided by another, summed over a group.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RateDef {
    /// Stable key (`granted`, `review_corrected` …).
    pub key: &'static str,
    /// The name people use (予以公开率).
    pub name: &'static str,
    pub numerator: Quantity,
    pub denominator: Quantity,
}

impl RateDef {
    /// The definition in words, from the template's labels.
    pub fn definition(&self, template: &Template) -> String {
        format!(
            "{} ÷ {}",
            self.numerator.label(template),
            self.denominator.label(template)
        )
    }
}

const fn apply(rows: Rows) -> Quantity {
    Quantity {
        table: TableId::Apply,
        rows,
        column: Column::Total,
    }
}

const RESULTS_TOTAL: Quantity = apply(Rows::Role(RowRole::ResultTotal));
const REVIEW_TOTAL: Quantity = Quantity {
    table: TableId::Review,
    rows: Rows::Id("review"),
    column: Column::Total,
};
const SUIT_TOTAL: Quantity = Quantity {
    table: TableId::Review,
    rows: Rows::Under("行政诉讼"),
    column: Column::Total,
};

/// The rates the summary reports, in order.
pub const RATES: &[RateDef] = &[
    RateDef {
        key: "granted",
        name: "予以公开率",
        numerator: apply(Rows::Id("granted")),
        denominator: RESULTS_TOTAL,
    },
    RateDef {
        key: "partial",
        name: "部分公开率",
        numerator: apply(Rows::Id("partial")),
        denominator: RESULTS_TOTAL,
    },
    RateDef {
        key: "denied",
        name: "不予公开率",
        numerator: apply(Rows::Id("denied")),
        denominator: RESULTS_TOTAL,
    },
    RateDef {
        key: "unable",
        name: "无法提供率",
        numerator: apply(Rows::Id("unable")),
        denominator: RESULTS_TOTAL,
    },
    RateDef {
        key: "not_processed",
        name: "不予处理率",
        numerator: apply(Rows::Id("not_processed")),
        denominator: RESULTS_TOTAL,
    },
    RateDef {
        key: "review_corrected",
        name: "复议纠错率",
        numerator: Quantity {
            column: Column::Id("corrected"),
            ..REVIEW_TOTAL
        },
        denominator: REVIEW_TOTAL,
    },
    RateDef {
        key: "suit_corrected",
        name: "诉讼纠错率",
        numerator: Quantity {
            column: Column::Id("corrected"),
            ..SUIT_TOTAL
        },
        denominator: SUIT_TOTAL,
    },
];

/// A per-body measure: summed per group, divided by the number of bodies,
/// and described by its distribution over the group's reports.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct MeasureDef {
    pub key: &'static str,
    pub name: &'static str,
    pub quantity: Quantity,
}

/// The measures, in order; the first one ranks the top bodies.
pub const MEASURES: &[MeasureDef] = &[
    MeasureDef {
        key: "requests",
        name: "本年新收申请",
        quantity: apply(Rows::Id("new")),
    },
    MeasureDef {
        key: "results",
        name: "办理结果总计",
        quantity: RESULTS_TOTAL,
    },
    MeasureDef {
        key: "reviews",
        name: "行政复议",
        quantity: REVIEW_TOTAL,
    },
    MeasureDef {
        key: "suits",
        name: "行政诉讼",
        quantity: SUIT_TOTAL,
    },
];

/// The outcome categories of table 三 shown in charts: the result rows
/// grouped by the first part of their id (（一）予以公开 … （六）其他处理), in
/// template order.
pub fn outcome_groups(template: &Template) -> Vec<(String, Quantity)> {
    let table = template.table(TableId::Apply);
    let mut out: Vec<(String, Quantity)> = Vec::new();
    for block in &table.blocks {
        for row in &block.rows {
            if row.role != RowRole::Result {
                continue;
            }
            // Row ids are `'static` in the declaration, and so is their head.
            let id: &'static str = row.id;
            let group = id.split('.').next().unwrap_or(id);
            if !out.iter().any(|(g, _)| g == group) {
                out.push((group.to_string(), apply(Rows::Id(group))));
            }
        }
    }
    out
}

/// The label of an outcome group: the row's own label, or the group header
/// from the path (`（三）不予公开`).
pub fn outcome_label(template: &Template, q: &Quantity) -> String {
    let cells = q.cells(template);
    let Some(&first) = cells.first() else {
        return String::new();
    };
    let row = template.row_of(&template.cells[first]);
    if cells.len() == 1 {
        short_label(row)
    } else {
        row.path.rsplit('/').nth(1).unwrap_or_default().to_string()
    }
}

/// Sum the cells `cells` with `get`; `None` when no cell has a number.
pub fn sum_cells(cells: &[usize], get: impl Fn(usize) -> Option<Decimal>) -> Option<Decimal> {
    let mut any = false;
    let mut sum = Decimal::ZERO;
    for &i in cells {
        if let Some(v) = get(i) {
            any = true;
            sum += v;
        }
    }
    any.then_some(sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::TemplateId;

    fn ids(t: TemplateId, q: &Quantity) -> Vec<String> {
        let def = t.get();
        q.cells(def)
            .iter()
            .map(|&i| def.cells[i].id.clone())
            .collect()
    }

    #[test]
    fn rates_resolve_to_the_declared_cells() {
        for t in TemplateId::ALL {
            for r in RATES {
                assert!(!ids(t, &r.numerator).is_empty(), "{} {t}", r.key);
                assert!(!ids(t, &r.denominator).is_empty(), "{} {t}", r.key);
            }
        }
        let t = TemplateId::Y2021;
        assert_eq!(ids(t, &RATES[0].numerator), ["apply.granted.total"]);
        assert_eq!(ids(t, &RATES[0].denominator), ["apply.total.total"]);
        assert_eq!(
            ids(t, &RATES[2].numerator).len(),
            8,
            "（三）不予公开 has eight rows"
        );
        assert_eq!(ids(t, &RATES[5].numerator), ["review.corrected"]);
        assert_eq!(
            ids(t, &RATES[6].denominator),
            ["suit_direct.total", "suit_after_review.total"]
        );
        assert_eq!(ids(t, &MEASURES[0].quantity), ["apply.new.total"]);
    }

    #[test]
    fn definitions_use_the_template_labels() {
        let t = TemplateId::Y2021.get();
        assert_eq!(
            RATES[0].definition(t),
            "表三 （一）予以公开·总计 ÷ 表三 （七）总计·总计"
        );
        assert_eq!(
            RATES[2].definition(t),
            "表三 （三）不予公开（8 项之和）·总计 ÷ 表三 （七）总计·总计"
        );
        assert_eq!(
            RATES[6].definition(t),
            "表四 行政诉讼（未经复议直接起诉＋复议后起诉）·结果纠正 ÷ 表四 行政诉讼（未经复议直接起诉＋复议后起诉）·总计"
        );
    }

    #[test]
    fn outcome_groups_follow_the_template() {
        let g21: Vec<String> = outcome_groups(TemplateId::Y2021.get())
            .into_iter()
            .map(|(g, _)| g)
            .collect();
        assert_eq!(
            g21,
            [
                "granted",
                "partial",
                "denied",
                "unable",
                "not_processed",
                "other"
            ]
        );
        let t = TemplateId::Y2019.get();
        let labels: Vec<String> = outcome_groups(t)
            .iter()
            .map(|(_, q)| outcome_label(t, q))
            .collect();
        assert_eq!(
            labels,
            [
                "（一）予以公开",
                "（二）部分公开",
                "（三）不予公开",
                "（四）无法提供",
                "（五）不予处理",
                "（六）其他处理"
            ]
        );
    }
}
