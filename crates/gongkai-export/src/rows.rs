//! The columns of the two shapes and the rows of one report, independent of
//! the file format. Everything about cells (ids, tables, rows, columns,
//! kinds) is read from the template declarations in `gongkai_model`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use gongkai_model::{canonical, Cell, TemplateId, Value};
use rust_decimal::prelude::ToPrimitive;

use crate::{Entry, Shape};

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Str,
    Int32,
    Int64,
    Float64,
    /// A wide cell column: a number (Float64 in typed formats) or, in text
    /// formats, the marker of a value that is not a number.
    Cell,
}

#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub name: Cow<'static, str>,
    pub ty: Ty,
    /// Column width in XLSX (characters).
    pub width: f64,
}

fn f(name: &'static str, ty: Ty, width: f64) -> Field {
    Field {
        name: Cow::Borrowed(name),
        ty,
        width,
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum V<'a> {
    Null,
    S(&'a str),
    Own(String),
    I(i64),
    F(f64),
    /// A wide cell: the number if it is one, and the marker otherwise
    /// (empty for blank, `/`, `-` absent, `?` unknown or text).
    Cell(Option<f64>, &'static str),
}

impl V<'_> {
    pub fn str(&self) -> Option<&str> {
        match self {
            V::S(s) => Some(s),
            V::Own(s) => Some(s),
            _ => None,
        }
    }
}

/// A cell id of the union of both templates, with where it is in each.
pub(crate) struct UnionCell {
    pub id: &'static str,
    /// Index in `Template::cells` of 2019 and 2021.
    pub index: [Option<usize>; 2],
}

fn slot(t: TemplateId) -> usize {
    match t {
        TemplateId::Y2019 => 0,
        TemplateId::Y2021 => 1,
    }
}

/// Every cell id of both templates, in declaration order: the 2021 cells,
/// with each cell that only 2019 has placed after the 2019 cell before it.
pub(crate) static UNION: LazyLock<Vec<UnionCell>> = LazyLock::new(|| {
    let t19 = TemplateId::Y2019.get();
    let t21 = TemplateId::Y2021.get();
    let mut ids: Vec<&'static str> = t21.cells.iter().map(|c| c.id.as_str()).collect();
    let mut seen: HashSet<&str> = ids.iter().copied().collect();
    let mut prev: Option<&str> = None;
    for c in &t19.cells {
        let id = c.id.as_str();
        if seen.insert(id) {
            let at = prev
                .and_then(|p| ids.iter().position(|x| *x == p))
                .map_or(0, |i| i + 1);
            ids.insert(at, id);
        }
        prev = Some(id);
    }
    ids.into_iter()
        .map(|id| UnionCell {
            id,
            index: [t19.cell_index(id), t21.cell_index(id)],
        })
        .collect()
});

/// The labels of a template cell, for the long shape.
struct Labels {
    table: &'static str,
    row: &'static str,
    column: &'static str,
    kind: &'static str,
}

static LABELS: LazyLock<[Vec<Labels>; 2]> = LazyLock::new(|| {
    TemplateId::ALL.map(|id| {
        let t = id.get();
        t.cells
            .iter()
            .map(|c| Labels {
                table: c.table.spec_name(),
                row: t.row_of(c).path.as_str(),
                column: t.column_of(c).label,
                kind: c.kind.as_str(),
            })
            .collect()
    })
});

/// The columns describing the report, shared by both shapes.
fn report_fields() -> Vec<Field> {
    vec![
        f("path", Ty::Str, 40.0),
        f("agency", Ty::Str, 28.0),
        f("body", Ty::Str, 28.0),
        f("match", Ty::Str, 10.0),
        f("region", Ty::Str, 10.0),
        f("level", Ty::Str, 6.0),
        f("kind", Ty::Str, 6.0),
        f("year", Ty::Int32, 6.0),
        f("template", Ty::Str, 8.0),
    ]
}

pub(crate) fn fields(shape: Shape) -> Vec<Field> {
    let mut v = report_fields();
    match shape {
        Shape::Long => v.extend([
            f("cell_id", Ty::Str, 40.0),
            f("table_name", Ty::Str, 10.0),
            f("row_label", Ty::Str, 36.0),
            f("column_label", Ty::Str, 16.0),
            f("cell_kind", Ty::Str, 10.0),
            f("value_kind", Ty::Str, 14.0),
            f("value", Ty::Str, 10.0),
            f("number", Ty::Float64, 10.0),
            f("raw", Ty::Str, 10.0),
            f("src_line", Ty::Int32, 8.0),
            f("src_column", Ty::Int32, 8.0),
            f("byte_start", Ty::Int64, 10.0),
            f("byte_end", Ty::Int64, 10.0),
            f("grid_table", Ty::Int32, 8.0),
            f("grid_row", Ty::Int32, 8.0),
            f("grid_col", Ty::Int32, 8.0),
        ]),
        Shape::Wide => {
            v.extend([
                f("findings", Ty::Int32, 8.0),
                f("errors", Ty::Int32, 8.0),
                f("warnings", Ty::Int32, 8.0),
                f("infos", Ty::Int32, 8.0),
            ]);
            v.extend(UNION.iter().map(|c| Field {
                name: Cow::Borrowed(c.id),
                ty: Ty::Cell,
                width: 8.0,
            }));
        }
    }
    v
}

fn opt_s(s: Option<&str>) -> V<'_> {
    s.map_or(V::Null, V::S)
}

fn push_report<'a>(row: &mut Vec<V<'a>>, e: &'a Entry<'a>) {
    let m = e.agency;
    row.extend([
        V::S(e.path),
        opt_s(m.name.as_deref()),
        opt_s(m.body.map(|b| b.name.as_str())),
        V::S(m.how.as_str()),
        opt_s(m.region.map(|r| r.as_str())),
        opt_s(m.level.map(|l| l.as_str())),
        opt_s(m.kind.map(|k| k.as_str())),
        e.report.year().map_or(V::Null, |y| V::I(y.into())),
        opt_s(e.report.template.map(TemplateId::as_str)),
    ]);
}

/// The marker of a value that is not a number (the TSV contract).
fn marker(v: &Value) -> &'static str {
    match v {
        Value::Number(_) => "",
        Value::Blank => "",
        Value::NotApplicable => "/",
        Value::Absent => "-",
        Value::Unknown | Value::Text(_) => "?",
    }
}

fn number(v: &Value) -> Option<f64> {
    v.number().and_then(|d| d.to_f64())
}

/// Call `emit` with each row of a report (the row buffer is reused).
pub(crate) fn rows<'a, E>(
    shape: Shape,
    e: &'a Entry<'a>,
    buf: &mut Vec<V<'a>>,
    mut emit: impl FnMut(&[V<'a>]) -> Result<(), E>,
) -> Result<(), E> {
    match shape {
        Shape::Wide => {
            buf.clear();
            push_report(buf, e);
            let c = e.findings;
            buf.extend(
                [c.total(), c.errors, c.warnings, c.infos]
                    .map(|n| V::I(i64::try_from(n).unwrap_or(i64::MAX))),
            );
            let t = e.report.template.map(slot);
            for u in UNION.iter() {
                let value = t
                    .and_then(|t| u.index[t])
                    .map(|_| e.report.value(u.id))
                    .map_or(V::Null, |v| V::Cell(number(v), marker(v)));
                buf.push(value);
            }
            emit(buf)
        }
        Shape::Long => {
            let t = e.report.template.map(slot);
            let cells = e.report.cells.iter().map(|c| (c, true));
            let extra = e.report.extra_cells.iter().map(|c| (c, false));
            for (cell, in_template) in cells.chain(extra) {
                buf.clear();
                push_report(buf, e);
                let labels = match (t, in_template) {
                    (Some(t), true) => e
                        .report
                        .template_def()
                        .and_then(|d| d.cell_index(&cell.id))
                        .map(|i| &LABELS[t][i]),
                    _ => None,
                };
                long_cell(buf, cell, labels);
                emit(buf)?;
            }
            Ok(())
        }
    }
}

fn long_cell<'a>(buf: &mut Vec<V<'a>>, cell: &'a Cell, labels: Option<&'static Labels>) {
    buf.push(V::S(&cell.id));
    buf.extend([
        opt_s(labels.map(|l| l.table)),
        opt_s(labels.map(|l| l.row)),
        opt_s(labels.map(|l| l.column)),
        opt_s(labels.map(|l| l.kind)),
    ]);
    buf.push(V::S(cell.value.kind_name()));
    buf.push(match &cell.value {
        Value::Number(d) => V::Own(canonical(*d)),
        Value::Text(t) => V::S(t),
        _ => V::Null,
    });
    buf.push(number(&cell.value).map_or(V::Null, V::F));
    buf.push(opt_s(cell.raw.as_deref()));
    let at = cell.at.as_ref();
    let i = |n: Option<u32>| n.map_or(V::Null, |n| V::I(n.into()));
    let u = |n: Option<usize>| n.map_or(V::Null, |n| V::I(i64::try_from(n).unwrap_or(i64::MAX)));
    buf.extend([
        i(at.map(|p| p.span.line)),
        i(at.map(|p| p.span.column)),
        u(at.map(|p| p.span.start)),
        u(at.map(|p| p.span.end)),
        i(at.and_then(|p| p.grid).map(|g| g.table)),
        i(at.and_then(|p| p.grid).map(|g| g.row)),
        i(at.and_then(|p| p.grid).map(|g| g.col)),
    ]);
}

/// The value of a long row's cells in the TSV contract, from `value_kind`
/// and `value` (for tests and readers of the long shape).
pub fn tsv_value(value_kind: &str, value: Option<&str>) -> String {
    match value_kind {
        "number" => value.unwrap_or("").to_string(),
        "blank" => String::new(),
        "not_applicable" => "/".into(),
        "absent" => "-".into(),
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_has_every_cell_of_both_templates_once_in_declaration_order() {
        let ids: Vec<&str> = UNION.iter().map(|u| u.id).collect();
        let set: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(set.len(), ids.len(), "no duplicates");
        for t in TemplateId::ALL {
            let def = t.get();
            assert!(def.cells.iter().all(|c| set.contains(c.id.as_str())));
            // Each template's cells keep their relative order.
            let pos: Vec<usize> = def
                .cells
                .iter()
                .map(|c| ids.iter().position(|x| *x == c.id).unwrap_or(usize::MAX))
                .collect();
            assert!(pos.windows(2).all(|w| w[0] < w[1]), "{t}");
        }
        let only19 = UNION.iter().filter(|u| u.index[1].is_none()).count();
        let only21 = UNION.iter().filter(|u| u.index[0].is_none()).count();
        assert!(only19 > 0 && only21 > 0);
        assert_eq!(
            ids.len(),
            TemplateId::Y2021.get().cells.len() + only19,
            "union size"
        );
    }
}
