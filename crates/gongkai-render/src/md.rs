//! GitHub-flavoured Markdown. Tables cannot merge cells, so they are
//! flattened: a column header is the header labels over the column joined
//! with `·` (a label spanning several columns repeated in each), a row group
//! label (`三、本年度办理结果`, `（三）不予公开`) is repeated on every row it
//! spans, and table 二 becomes one table per 第二十条 item under its caption.

use gongkai_model::TableHead;

use crate::layout::{Grid, Role, Slot};
use crate::Block;

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|")
}

fn line(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| esc(c)).collect();
    format!("| {} |", cells.join(" | "))
}

fn separator(n: usize) -> String {
    format!("|{}", " --- |".repeat(n))
}

/// The grid with spans expanded: per row and grid column, the text of the
/// cell covering it, its role, and whether the position is the cell's
/// top-left corner.
fn expand(g: &Grid) -> Vec<Vec<(String, Role, bool)>> {
    let mut out = Vec::new();
    for row in &g.rows {
        let mut line = Vec::new();
        for slot in row {
            let (text, role, origin) = match slot {
                Slot::Cell(c) => (c.text.as_str(), c.role, true),
                Slot::Covered { text, role, .. } => (text.as_str(), *role, false),
            };
            for k in 0..slot.colspan() {
                line.push((text.to_string(), role, origin && k == 0));
            }
        }
        out.push(line);
    }
    out
}

/// A header row from the header rows of a grid: per column the distinct
/// labels over it, top-down; label columns show their label once.
fn flat_header(rows: &[Vec<(String, Role, bool)>], label_cols: usize) -> Vec<String> {
    let ncols = rows.first().map(Vec::len).unwrap_or(0);
    (0..ncols)
        .map(|c| {
            let mut parts: Vec<&str> = Vec::new();
            for row in rows {
                if let Some((text, _, origin)) = row.get(c) {
                    if c < label_cols && !*origin {
                        continue;
                    }
                    if !text.is_empty() && parts.last() != Some(&text.as_str()) {
                        parts.push(text);
                    }
                }
            }
            parts.join("·")
        })
        .collect()
}

fn table(g: &Grid, head: &TableHead) -> String {
    let rows = expand(g);
    let mut out = String::new();
    match head {
        TableHead::PerBlock { .. } => {
            // One table per block: caption, header row, data rows; a value
            // stretched over the block's spare columns is printed once.
            let mut k = 0;
            while k < g.rows.len() {
                if let [Slot::Cell(c)] = g.rows[k].as_slice() {
                    if c.role == Role::Caption {
                        out += &format!("**{}**\n\n", c.text);
                        k += 1;
                        continue;
                    }
                }
                let texts = |row: &Vec<Slot>| -> Vec<String> {
                    row.iter()
                        .map(|s| match s {
                            Slot::Cell(c) => c.text.clone(),
                            Slot::Covered { .. } => String::new(),
                        })
                        .collect()
                };
                let head = texts(&g.rows[k]);
                out += &line(&head);
                out.push('\n');
                out += &separator(head.len());
                out.push('\n');
                k += 1;
                while k < g.rows.len()
                    && g.rows[k]
                        .first()
                        .is_some_and(|s| matches!(s, Slot::Cell(c) if c.role == Role::RowLabel))
                {
                    out += &line(&texts(&g.rows[k]));
                    out.push('\n');
                    k += 1;
                }
                out.push('\n');
            }
        }
        TableHead::Matrix { .. } | TableHead::Transposed => {
            let label_cols = rows
                .get(g.header_rows)
                .map(|r| r.iter().take_while(|c| c.1 == Role::RowLabel).count())
                .unwrap_or(0);
            let header = flat_header(&rows[..g.header_rows.min(rows.len())], label_cols);
            out += &line(&header);
            out.push('\n');
            out += &separator(header.len());
            out.push('\n');
            for row in rows.iter().skip(g.header_rows) {
                let mut cells: Vec<String> = Vec::new();
                let mut last_label: Option<&str> = None;
                for (text, role, _) in row {
                    if *role == Role::RowLabel {
                        // A label stretched over several label columns once.
                        if last_label == Some(text.as_str()) {
                            cells.push(String::new());
                            continue;
                        }
                        last_label = Some(text);
                    }
                    cells.push(text.clone());
                }
                out += &line(&cells);
                out.push('\n');
            }
            out.push('\n');
        }
    }
    out
}

pub(crate) fn markdown(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            // A setext heading: the title line carries no `#`, so the title
            // reads the same as text.
            Block::Title(t) => s += &format!("{t}\n{}\n\n", "=".repeat(t.chars().count() * 2)),
            Block::Heading(h) => s += &format!("## {h}\n\n"),
            Block::Para(p) | Block::Right(p) => s += &format!("{p}\n\n"),
            Block::Table(g) => s += &table(g, &g.template.get().table(g.table).head),
        }
    }
    s
}
