//! What stops a report from being rendered as an official table: broken
//! relations (evaluated with [`gongkai_model::Template::relations`]), cells
//! the text does not determine, and single absent cells in a printed row.

use gongkai_check::context::{relation_meaning, TemplateIndex};
use gongkai_model::{canonical, Evaluation, Scope, Value};

use crate::input::RenderDoc;

/// One reason not to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The relation id, or the cell id.
    pub subject: String,
    /// What is wrong, in Chinese, with the cells and the arithmetic.
    pub message: String,
    /// A relation that does not hold (rather than a cell that cannot be printed).
    pub broken_relation: bool,
}

/// Every report-scope relation of the template that does not hold, with the
/// cells and the arithmetic.
pub fn broken_relations(doc: &RenderDoc) -> Vec<Problem> {
    let def = doc.template.get();
    let index = TemplateIndex::get(doc.template);
    let mut out = Vec::new();
    for rel in def.relations_of(Scope::Report) {
        let eval = rel.evaluate(|t| doc.value(&t.cell).number());
        let Evaluation::Broken { lhs, rhs } = eval else {
            continue;
        };
        let side = |terms: &[gongkai_model::Term]| -> String {
            terms
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let sign = match (k, t.negative) {
                        (0, false) => "",
                        (0, true) => "−",
                        (_, false) => " + ",
                        (_, true) => " − ",
                    };
                    format!(
                        "{sign}{}［{}］{}",
                        index.label(&t.cell),
                        t.cell,
                        doc.value(&t.cell)
                    )
                })
                .collect()
        };
        let message = format!(
            "关系 {} 不成立：{}。\n    左边：{} = {}\n    右边：{} = {}\n    相差 {}",
            rel.id,
            relation_meaning(rel),
            side(&rel.lhs),
            canonical(lhs),
            side(&rel.rhs),
            canonical(rhs),
            canonical((lhs - rhs).abs()),
        );
        out.push(Problem {
            subject: rel.id.clone(),
            message,
            broken_relation: true,
        });
    }
    out
}

/// Cells an official table cannot show faithfully: unknown values (`?`), and
/// absent cells in a row that is printed (a whole absent row is left out).
pub fn unprintable_cells(doc: &RenderDoc) -> Vec<Problem> {
    let def = doc.template.get();
    let index = TemplateIndex::get(doc.template);
    let mut out = Vec::new();
    for (i, c) in def.cells.iter().enumerate() {
        let v = doc.values.get(i).unwrap_or(&Value::Absent);
        let message = match v {
            Value::Unknown => format!(
                "单元格 {}［{}］的值无法确定（?）：请先核实并填上数字、空白或 /",
                index.label(&c.id),
                c.id
            ),
            Value::Absent => {
                let row = def.row_cells(c.table, c.block, c.row);
                let row_printed = row
                    .iter()
                    .any(|&k| doc.values.get(k).is_some_and(|v| *v != Value::Absent));
                if !row_printed {
                    continue;
                }
                format!(
                    "单元格 {}［{}］缺项（-），而同一行其他单元格有值：正式表格不能只缺一个单元格，请填数字、空白（\"\"）或 /，或让整行缺项",
                    index.label(&c.id),
                    c.id
                )
            }
            _ => continue,
        };
        out.push(Problem {
            subject: c.id.clone(),
            message,
            broken_relation: false,
        });
    }
    if let Some(row) = &doc.single_other {
        if row.contains(&Value::Unknown) {
            out.push(Problem {
                subject: "x.apply.other".into(),
                message: "单行（六）其他处理中有无法确定的值（?）：请先核实".into(),
                broken_relation: false,
            });
        }
    }
    out
}

/// Everything that stops rendering without `--allow-errors`.
pub fn problems(doc: &RenderDoc) -> Vec<Problem> {
    let mut out = broken_relations(doc);
    out.extend(unprintable_cells(doc));
    out
}
