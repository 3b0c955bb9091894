//! The three tables in the official layout: grids of cells with row and
//! column spans, built entirely from the template declaration (blocks,
//! captions, [`TableHead`], row paths and labels, columns).

use gongkai_model::{canonical, RowDef, TableHead, TableId, Template, TemplateId, Value};

use crate::input::RenderDoc;

/// What a grid cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A caption across the table (`第二十条第（一）项`).
    Caption,
    /// A column header.
    Header,
    /// A row label (or a row group label).
    RowLabel,
    /// A value.
    Value,
}

/// A cell as printed, at the top-left corner of its span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GCell {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
    pub role: Role,
    /// For a value: the index of its cell in the template's declaration.
    pub cell: Option<usize>,
}

/// A position of a grid row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Slot {
    Cell(GCell),
    /// Covered by a cell spanning rows from above; `text` is that cell's.
    Covered {
        colspan: usize,
        text: String,
        role: Role,
    },
}

impl Slot {
    pub fn colspan(&self) -> usize {
        match self {
            Slot::Cell(c) => c.colspan,
            Slot::Covered { colspan, .. } => *colspan,
        }
    }
}

/// A table as printed.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub template: TemplateId,
    pub table: TableId,
    /// Relative widths of the grid columns.
    pub widths: Vec<u32>,
    pub rows: Vec<Vec<Slot>>,
    /// The rows that are column headers (for Markdown: the first becomes the
    /// table header).
    pub header_rows: usize,
}

#[cfg(test)]
impl Grid {
    pub fn cols(&self) -> usize {
        self.widths.len()
    }
}

/// A value as printed: the number as written, empty for blank, `/` for not
/// applicable, `?` for unknown, the text of a text cell; an absent cell in
/// a printed row is empty.
pub(crate) fn printed(v: &Value) -> String {
    match v {
        Value::Number(d) => canonical(*d),
        Value::Blank | Value::Absent => String::new(),
        Value::NotApplicable => "/".into(),
        Value::Unknown => "?".into(),
        Value::Text(t) => t.clone(),
    }
}

fn cell(text: impl Into<String>, colspan: usize, rowspan: usize, role: Role) -> Slot {
    Slot::Cell(GCell {
        text: text.into(),
        colspan,
        rowspan,
        role,
        cell: None,
    })
}

/// A value of the template's cell `index` (none for a row the template
/// does not declare).
fn value(text: String, index: Option<usize>, colspan: usize) -> Slot {
    Slot::Cell(GCell {
        text,
        colspan,
        rowspan: 1,
        role: Role::Value,
        cell: index,
    })
}

fn covered(text: &str, colspan: usize, role: Role) -> Slot {
    Slot::Covered {
        colspan,
        text: text.to_string(),
        role,
    }
}

/// The values of one row of a block, in column order.
fn row_values(doc: &RenderDoc, table: TableId, block: usize, row: usize) -> Vec<&Value> {
    let def = doc.template.get();
    def.row_cells(table, block, row)
        .into_iter()
        .map(|i| doc.values.get(i).unwrap_or(&Value::Absent))
        .collect()
}

/// A row is printed unless every one of its cells is absent.
fn printed_row(values: &[&Value]) -> bool {
    !values.iter().all(|v| **v == Value::Absent)
}

/// The grid of one table.
pub(crate) fn build(doc: &RenderDoc, id: TableId) -> Grid {
    let def = doc.template.get();
    match &def.table(id).head {
        TableHead::PerBlock { corner } => per_block(doc, def, id, corner),
        TableHead::Matrix {
            corner,
            banner,
            groups,
        } => matrix(doc, def, id, corner, banner, groups),
        TableHead::Transposed => transposed(doc, def, id),
    }
}

/// Cells over `width` grid columns: the last one takes the columns left over.
fn spread(texts: Vec<String>, width: usize, role: Role) -> Vec<Slot> {
    let n = texts.len();
    texts
        .into_iter()
        .enumerate()
        .map(|(k, t)| {
            let span = if k + 1 == n { width + 1 - n } else { 1 };
            cell(t, span, 1, role)
        })
        .collect()
}

/// 表二: per block a caption row across the table, a header row (corner and
/// column labels) and the printed rows.
fn per_block(doc: &RenderDoc, def: &Template, id: TableId, corner: &str) -> Grid {
    let t = def.table(id);
    let width = t.blocks.iter().map(|b| b.columns.len()).max().unwrap_or(1);
    let cols = width + 1;
    let mut rows = Vec::new();
    for (b, block) in t.blocks.iter().enumerate() {
        if let Some(c) = block.caption {
            rows.push(vec![cell(c, cols, 1, Role::Caption)]);
        }
        let mut head = vec![cell(corner, 1, 1, Role::Header)];
        head.extend(spread(
            block.columns.iter().map(|c| c.label.to_string()).collect(),
            width,
            Role::Header,
        ));
        rows.push(head);
        for (r, row) in block.rows.iter().enumerate() {
            let vals = row_values(doc, id, b, r);
            if !printed_row(&vals) {
                continue;
            }
            let mut line = vec![cell(row.label(), 1, 1, Role::RowLabel)];
            let n = vals.len();
            line.extend(
                vals.iter()
                    .zip(def.row_cells(id, b, r))
                    .enumerate()
                    .map(|(k, (v, i))| {
                        let span = if k + 1 == n { width + 1 - n } else { 1 };
                        value(printed(v), Some(i), span)
                    }),
            );
            rows.push(line);
        }
    }
    let mut widths = vec![3];
    widths.extend(std::iter::repeat_n(2, width));
    Grid {
        template: def.id,
        table: id,
        widths,
        rows,
        header_rows: 0,
    }
}

/// The single （六）其他处理 row of the 2019 template, printed in a 2021 table.
fn single_other_row() -> Option<&'static RowDef> {
    TemplateId::Y2019
        .get()
        .table(TableId::Apply)
        .blocks
        .first()
        .and_then(|b| b.rows.iter().find(|r| r.id == "other"))
}

/// A value as printed with the index of its template cell (none for the
/// single （六） row, which the template does not declare).
type Printed = (String, Option<usize>);

/// 表三: the header (corner, banner, column groups) over rows whose group
/// labels (三、本年度办理结果, （三）不予公开 …) merge down as their paths say.
fn matrix(
    doc: &RenderDoc,
    def: &Template,
    id: TableId,
    corner: &str,
    banner: &str,
    groups: &[gongkai_model::ColumnGroup],
) -> Grid {
    let t = def.table(id);
    let Some(block) = t.blocks.first() else {
        return Grid {
            template: def.id,
            table: id,
            widths: Vec::new(),
            rows: Vec::new(),
            header_rows: 0,
        };
    };
    let ncols = block.columns.len();
    // The printed rows: (path parts, values).
    let mut data: Vec<(Vec<String>, Vec<Printed>)> = Vec::new();
    let mut single_done = false;
    for (r, row) in block.rows.iter().enumerate() {
        let vals = row_values(doc, id, 0, r);
        if !printed_row(&vals) {
            // A 2021 table printing the single （六） row instead of its sub-rows.
            if let (Some(single), Some(def_row), false) =
                (&doc.single_other, single_other_row(), single_done)
            {
                if row.path.starts_with(&format!("{}/", def_row.path)) {
                    data.push((
                        def_row.path.split('/').map(String::from).collect(),
                        single.iter().map(|v| (printed(v), None)).collect(),
                    ));
                    single_done = true;
                }
            }
            continue;
        }
        data.push((
            row.path.split('/').map(String::from).collect(),
            vals.iter()
                .zip(def.row_cells(id, 0, r))
                .map(|(v, i)| (printed(v), Some(i)))
                .collect(),
        ));
    }
    let depth = block
        .rows
        .iter()
        .map(|r| r.path.split('/').count())
        .max()
        .unwrap_or(1);
    let head_depth = if groups.is_empty() { 2 } else { 3 };
    let mut rows: Vec<Vec<Slot>> = Vec::new();
    rows.push(vec![
        cell(corner, depth, head_depth, Role::Header),
        cell(banner, ncols, 1, Role::Header),
    ]);
    let mut second = vec![covered(corner, depth, Role::Header)];
    let mut third = vec![covered(corner, depth, Role::Header)];
    let mut c = 0;
    while c < ncols {
        match groups.iter().find(|g| g.first == c) {
            Some(g) => {
                let span = g.last + 1 - g.first;
                second.push(cell(g.label, span, 1, Role::Header));
                for k in g.first..=g.last {
                    third.push(cell(block.columns[k].label, 1, 1, Role::Header));
                }
                c = g.last + 1;
            }
            None => {
                let label = block.columns[c].label;
                second.push(cell(label, 1, head_depth - 1, Role::Header));
                third.push(covered(label, 1, Role::Header));
                c += 1;
            }
        }
    }
    rows.push(second);
    if head_depth == 3 {
        rows.push(third);
    }
    for (i, (path, vals)) in data.iter().enumerate() {
        let k = path.len();
        let mut line = Vec::new();
        for j in 0..k.saturating_sub(1) {
            let same = |other: &Vec<String>| other.len() > j + 1 && other[..=j] == path[..=j];
            if i > 0 && same(&data[i - 1].0) {
                line.push(covered(&path[j], 1, Role::RowLabel));
            } else {
                let span = data[i..].iter().take_while(|d| same(&d.0)).count();
                line.push(cell(path[j].clone(), 1, span.max(1), Role::RowLabel));
            }
        }
        let own = path.last().cloned().unwrap_or_default();
        line.push(cell(own, depth + 1 - k.max(1), 1, Role::RowLabel));
        line.extend(vals.iter().map(|(v, i)| value(v.clone(), *i, 1)));
        rows.push(line);
    }
    // Group label columns narrow, the row label column wide.
    let mut widths = vec![3; depth.saturating_sub(1)];
    widths.push(8);
    widths.extend(std::iter::repeat_n(2, ncols));
    Grid {
        template: def.id,
        table: id,
        widths,
        rows,
        header_rows: head_depth,
    }
}

/// 表四: each row a group of columns (rows with a common parent side by side
/// under it), the columns repeated under each, one line of values.
fn transposed(doc: &RenderDoc, def: &Template, id: TableId) -> Grid {
    let t = def.table(id);
    let Some(block) = t.blocks.first() else {
        return Grid {
            template: def.id,
            table: id,
            widths: Vec::new(),
            rows: Vec::new(),
            header_rows: 0,
        };
    };
    let ncols = block.columns.len();
    // Consecutive printed rows with the same parent form a group.
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for (r, row) in block.rows.iter().enumerate() {
        if !printed_row(&row_values(doc, id, 0, r)) {
            continue;
        }
        let parent = row.path.rsplit_once('/').map(|(p, _)| p.to_string());
        match groups.last_mut() {
            Some((Some(p), members)) if parent.as_ref() == Some(p) => members.push(r),
            _ => groups.push((parent, vec![r])),
        }
    }
    let mut first = Vec::new();
    let mut second = Vec::new();
    let mut third = Vec::new();
    let mut values = Vec::new();
    for (parent, members) in &groups {
        match parent {
            None => {
                for &r in members {
                    first.push(cell(block.rows[r].label(), ncols, 1, Role::Header));
                    for c in &block.columns {
                        second.push(cell(c.label, 1, 2, Role::Header));
                        third.push(covered(c.label, 1, Role::Header));
                    }
                }
            }
            Some(p) => {
                first.push(cell(p.clone(), ncols * members.len(), 1, Role::Header));
                for &r in members {
                    second.push(cell(block.rows[r].label(), ncols, 1, Role::Header));
                    for c in &block.columns {
                        third.push(cell(c.label, 1, 1, Role::Header));
                    }
                }
            }
        }
        for &r in members {
            values.extend(
                row_values(doc, id, 0, r)
                    .into_iter()
                    .zip(def.row_cells(id, 0, r))
                    .map(|(v, i)| value(printed(v), Some(i), 1)),
            );
        }
    }
    let cols: usize = groups.iter().map(|g| g.1.len() * ncols).sum();
    Grid {
        template: def.id,
        table: id,
        widths: vec![1; cols],
        rows: vec![first, second, third, values],
        header_rows: 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Sections;
    use gongkai_model::Decimal;

    fn zeros(t: TemplateId) -> RenderDoc {
        RenderDoc {
            template: t,
            agency: "临江市教育局".into(),
            year: 2021,
            preamble: String::new(),
            sections: Sections::default(),
            date: None,
            values: vec![Value::Number(Decimal::ZERO); t.get().cells.len()],
            single_other: None,
        }
    }

    /// Every row covers the grid's columns, and the covered slots are exactly
    /// those under a cell spanning rows.
    fn assert_consistent(g: &Grid, what: &str) {
        let mut conts = Vec::new();
        let mut spans = Vec::new();
        for (r, row) in g.rows.iter().enumerate() {
            assert_eq!(
                row.iter().map(Slot::colspan).sum::<usize>(),
                g.cols(),
                "{what} row {r}"
            );
            let mut c = 0;
            for slot in row {
                match slot {
                    Slot::Covered { colspan, .. } => conts.push((r, c, *colspan)),
                    Slot::Cell(cell) => {
                        for k in 1..cell.rowspan {
                            spans.push((r + k, c, cell.colspan));
                        }
                    }
                }
                c += slot.colspan();
            }
        }
        conts.sort();
        spans.sort();
        assert_eq!(conts, spans, "{what}");
    }

    #[test]
    fn grids_are_consistent() {
        for t in TemplateId::ALL {
            let doc = zeros(t);
            for id in TableId::ALL {
                assert_consistent(&build(&doc, id), &format!("{t} {id:?}"));
            }
        }
    }

    #[test]
    fn apply_table_has_the_official_spans() {
        for (t, results) in [(TemplateId::Y2019, 20), (TemplateId::Y2021, 22)] {
            let g = build(&zeros(t), TableId::Apply);
            let spans: Vec<(String, usize, usize)> = g
                .rows
                .iter()
                .flatten()
                .filter_map(|s| match s {
                    Slot::Cell(c) if c.rowspan > 1 || c.colspan > 1 => {
                        Some((c.text.clone(), c.rowspan, c.colspan))
                    }
                    _ => None,
                })
                .collect();
            // 三、本年度办理结果 spans 20 rows in 2019, 22 in 2021 (regulation.md §2.6).
            assert!(
                spans.contains(&("三、本年度办理结果".into(), results, 1)),
                "{t}: {spans:?}"
            );
            assert!(spans.contains(&(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）".into(),
                3,
                3
            )));
            assert!(spans.contains(&("申请人情况".into(), 1, 7)));
            assert!(spans.contains(&("法人或其他组织".into(), 1, 5)));
            assert!(spans.contains(&("（三）不予公开".into(), 8, 1)));
        }
    }

    #[test]
    fn absent_rows_are_left_out() {
        let mut doc = zeros(TemplateId::Y2021);
        let def = doc.template.get();
        for (i, c) in def.cells.iter().enumerate() {
            if c.id.starts_with("apply.other.") {
                doc.values[i] = Value::Absent;
            }
        }
        doc.single_other = Some(vec![Value::Number(Decimal::ONE); 7]);
        let g = build(&doc, TableId::Apply);
        let labels: Vec<&str> = g
            .rows
            .iter()
            .flatten()
            .filter_map(|s| match s {
                Slot::Cell(c) if c.role == Role::RowLabel => Some(c.text.as_str()),
                _ => None,
            })
            .collect();
        assert!(labels.contains(&"（六）其他处理"));
        assert!(!labels.iter().any(|l| l.contains("逾期不补正")));
        assert_consistent(&g, "single other row");
    }
}
