//! The three tables as published: grids of cells with row and column spans,
//! built from the template declaration (labels, row paths, columns).

use gongkai_model::{HeaderDef, TableId, Template};

use crate::values::{other_rows, single_other_row, Printed, Table};

/// A cell as printed, at the top-left corner of its span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GCell {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
    /// A value cell (number, blank or mark), not a label.
    pub value: bool,
    /// A narrow column header that text exports often break in two
    /// (`商业 企业`, `商业\n\n企业`).
    pub breakable: bool,
}

/// A position of a grid row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Slot {
    Cell(GCell),
    /// Covered by a cell spanning rows from above (Word writes an empty
    /// `vMerge` cell there; text exports print an empty cell).
    Cont {
        colspan: usize,
    },
}

impl Slot {
    pub fn colspan(&self) -> usize {
        match self {
            Slot::Cell(c) => c.colspan,
            Slot::Cont { colspan } => *colspan,
        }
    }
}

/// A table as printed.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// Grid columns (spans expanded).
    pub cols: usize,
    pub rows: Vec<Vec<Slot>>,
}

fn label(text: impl Into<String>, colspan: usize, rowspan: usize) -> Slot {
    Slot::Cell(GCell {
        text: text.into(),
        colspan,
        rowspan,
        value: false,
        breakable: false,
    })
}

fn breakable(text: &str) -> Slot {
    Slot::Cell(GCell {
        text: text.into(),
        colspan: 1,
        rowspan: 1,
        value: false,
        breakable: true,
    })
}

fn value(p: &Printed, colspan: usize) -> Slot {
    Slot::Cell(GCell {
        text: p.text().to_string(),
        colspan,
        rowspan: 1,
        value: true,
        breakable: false,
    })
}

fn header(h: &HeaderDef) -> String {
    format!("{}{}", h.item, h.core)
}

/// The headers of a table that carry no item number, in declaration order.
fn plain_headers(def: &Template, id: TableId) -> Vec<String> {
    def.table(id)
        .headers
        .iter()
        .filter(|h| h.item.is_empty())
        .map(header)
        .collect()
}

/// Values of `n` cells laid over `width` grid columns: the last cell takes
/// the columns left over.
fn spread(values: &[&Printed], width: usize) -> Vec<Slot> {
    let n = values.len();
    values
        .iter()
        .enumerate()
        .map(|(k, p)| value(p, if k + 1 == n { width + 1 - n } else { 1 }))
        .collect()
}

fn spread_labels(labels: &[&str], width: usize) -> Vec<Slot> {
    let n = labels.len();
    labels
        .iter()
        .enumerate()
        .map(|(k, l)| label(*l, if k + 1 == n { width + 1 - n } else { 1 }, 1))
        .collect()
}

/// The grid of one table.
pub(crate) fn build(def: &Template, id: TableId, table: &Table) -> Grid {
    match id {
        TableId::Active => active(def, table),
        TableId::Apply => apply(def, table),
        TableId::Review => review(def, table),
    }
}

/// 表二: per 第二十条 item a caption row, a header row and its rows.
fn active(def: &Template, table: &Table) -> Grid {
    let t = def.table(TableId::Active);
    let width = t.blocks.iter().map(|b| b.columns.len()).max().unwrap_or(1);
    let cols = width + 1;
    let info = plain_headers(def, TableId::Active)
        .into_iter()
        .next()
        .unwrap_or_default();
    let mut rows = Vec::new();
    for (b, block) in t.blocks.iter().enumerate() {
        if let Some(c) = block.caption {
            rows.push(vec![label(c, cols, 1)]);
        }
        let mut head = vec![label(info.clone(), 1, 1)];
        let col_labels: Vec<&str> = block.columns.iter().map(|c| c.label).collect();
        head.extend(spread_labels(&col_labels, width));
        rows.push(head);
        for (r, row) in block.rows.iter().enumerate() {
            let cells = def.row_cells(TableId::Active, b, r);
            if cells.iter().all(|&i| table.cells[i] == Printed::Absent) {
                continue;
            }
            let vals: Vec<&Printed> = cells.iter().map(|&i| &table.cells[i]).collect();
            let mut line = vec![label(row.label(), 1, 1)];
            line.extend(spread(&vals, width));
            rows.push(line);
        }
    }
    Grid { cols, rows }
}

/// 表三: a three-row header, then the rows with their group labels merged
/// down (三、本年度办理结果, （三）不予公开 …) as their paths say.
fn apply(def: &Template, table: &Table) -> Grid {
    let t = def.table(TableId::Apply);
    let block = &t.blocks[0];
    let ncols = block.columns.len();
    let plain = plain_headers(def, TableId::Apply);
    let h = |k: usize| plain.get(k).cloned().unwrap_or_default();
    let others = other_rows(def);
    let mut data: Vec<(Vec<String>, Vec<&Printed>)> = Vec::new();
    for (r, row) in block.rows.iter().enumerate() {
        let cells = def.row_cells(TableId::Apply, 0, r);
        if cells.iter().all(|&i| table.cells[i] == Printed::Absent) {
            if let (Some(x), Some(&first)) = (&table.x_other, others.first()) {
                if r == first {
                    let path = single_other_row().path.split('/').map(String::from);
                    data.push((path.collect(), x.iter().collect()));
                }
            }
            continue;
        }
        data.push((
            row.path.split('/').map(String::from).collect(),
            cells.iter().map(|&i| &table.cells[i]).collect(),
        ));
    }
    let depth = data.iter().map(|d| d.0.len()).max().unwrap_or(1);
    let cols = depth + ncols;
    let col = |k: usize| block.columns[k].label;
    let mut rows = vec![
        vec![label(h(0), depth, 3), label(h(1), ncols, 1)],
        vec![
            Slot::Cont { colspan: depth },
            label(col(0), 1, 2),
            label(h(2), ncols - 2, 1),
            label(col(ncols - 1), 1, 2),
        ],
    ];
    let mut third = vec![Slot::Cont { colspan: depth }, Slot::Cont { colspan: 1 }];
    third.extend((1..ncols - 1).map(|k| breakable(col(k))));
    third.push(Slot::Cont { colspan: 1 });
    rows.push(third);
    for (i, (path, vals)) in data.iter().enumerate() {
        let k = path.len();
        let mut line = Vec::new();
        for j in 0..k - 1 {
            let same = |other: &Vec<String>| other.len() > j + 1 && other[..=j] == path[..=j];
            if i > 0 && same(&data[i - 1].0) {
                line.push(Slot::Cont { colspan: 1 });
            } else {
                let span = data[i..].iter().take_while(|d| same(&d.0)).count();
                line.push(label(path[j].clone(), 1, span.max(1)));
            }
        }
        line.push(label(path[k - 1].clone(), depth - (k - 1), 1));
        line.extend(vals.iter().map(|p| value(p, 1)));
        rows.push(line);
    }
    Grid { cols, rows }
}

/// 表四: 行政复议 and the two kinds of 行政诉讼 side by side, one row of values.
fn review(def: &Template, table: &Table) -> Grid {
    let t = def.table(TableId::Review);
    let block = &t.blocks[0];
    let ncols = block.columns.len();
    // Consecutive rows with the same parent (行政诉讼) form a group.
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for (r, row) in block.rows.iter().enumerate() {
        let parent = row.path.rsplit_once('/').map(|(p, _)| p.to_string());
        match groups.last_mut() {
            Some((Some(p), members)) if parent.as_ref() == Some(p) => members.push(r),
            _ => groups.push((parent, vec![r])),
        }
    }
    let mut first = Vec::new();
    let mut second = Vec::new();
    let mut third = Vec::new();
    for (parent, members) in &groups {
        match parent {
            None => {
                for &r in members {
                    first.push(label(block.rows[r].core, ncols, 1));
                    for c in &block.columns {
                        second.push(label(c.label, 1, 2));
                        third.push(Slot::Cont { colspan: 1 });
                    }
                }
            }
            Some(p) => {
                first.push(label(p.clone(), ncols * members.len(), 1));
                for &r in members {
                    second.push(label(block.rows[r].core, ncols, 1));
                    for c in &block.columns {
                        third.push(label(c.label, 1, 1));
                    }
                }
            }
        }
    }
    let values: Vec<Slot> = def
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.table == TableId::Review)
        .map(|(i, _)| value(&table.cells[i], 1))
        .collect();
    Grid {
        cols: ncols * block.rows.len(),
        rows: vec![first, second, third, values],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::{Decimal, TemplateId};

    fn zeros(def: &Template) -> Table {
        Table {
            cells: def
                .cells
                .iter()
                .map(|_| Printed::Num {
                    value: Decimal::ZERO,
                    text: "0".into(),
                })
                .collect(),
            x_other: None,
        }
    }

    #[test]
    fn every_row_fills_the_grid() {
        for t in TemplateId::ALL {
            let def = t.get();
            for id in [TableId::Active, TableId::Apply, TableId::Review] {
                let g = build(def, id, &zeros(def));
                // (row, start column, span) of every slot.
                let mut conts = Vec::new();
                let mut spans = Vec::new();
                for (r, row) in g.rows.iter().enumerate() {
                    assert_eq!(
                        row.iter().map(Slot::colspan).sum::<usize>(),
                        g.cols,
                        "{t} {id:?} row {r}"
                    );
                    let mut c = 0;
                    for slot in row {
                        match slot {
                            Slot::Cont { colspan } => conts.push((r, c, *colspan)),
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
                assert_eq!(conts, spans, "{t} {id:?}");
            }
        }
    }
}
