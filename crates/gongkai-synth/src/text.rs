//! The text layouts: the document as lines, its tables printed one cell per
//! line, as tab or pipe rows, in aligned columns, or glued into one paragraph.

use rand::Rng;

use crate::grid::{Grid, Slot};
use crate::narrative::Block;
use crate::Layout;

/// The document as lines of text with its tables in `layout` (any layout
/// but [`Layout::Html`], which has no text form and is printed as tab rows).
pub(crate) fn lines<R: Rng + ?Sized>(doc: &[Block], layout: Layout, rng: &mut R) -> Vec<String> {
    let mut out = Vec::new();
    if layout == Layout::Run {
        // Title on its own line, the body glued into one paragraph, the
        // signature and the date below.
        let mut body = String::new();
        for b in doc {
            match b {
                Block::Title(t) => out.push(t.clone()),
                Block::Para(p) => body += p,
                Block::Table(g) => body += &run(g),
                Block::Gap => {}
                Block::Right(r) => {
                    if !body.is_empty() {
                        out.push(std::mem::take(&mut body));
                    }
                    out.push(r.clone());
                }
            }
        }
        if !body.is_empty() {
            out.push(body);
        }
        return out;
    }
    let separator_rows = rng.random_bool(0.5);
    let gap = rng.random_range(2..=4);
    // Text exports often break narrow column headers (商业 企业), wrap the
    // title, and pdftotext keeps a page number inside a long table.
    let break_headers = rng.random_bool(0.3);
    let wrap_title = rng.random_bool(0.15);
    let mut page_break = (layout == Layout::Aligned && rng.random_bool(0.3))
        .then(|| (rng.random_range(6..=14usize), rng.random_range(2..=5u32)));
    for b in doc {
        match b {
            Block::Title(t) => match t.find("公开工作") {
                Some(k) if wrap_title => {
                    out.push(t[..k].to_string());
                    out.push(String::new());
                    out.push(t[k..].to_string());
                }
                _ => out.push(t.clone()),
            },
            Block::Para(p) => out.push(p.clone()),
            Block::Gap => out.push(String::new()),
            Block::Right(r) => out.push(format!("{}{r}", " ".repeat(40))),
            Block::Table(g) => {
                let sep = if layout == Layout::CellPerLine {
                    "\n\n"
                } else {
                    " "
                };
                let g = if break_headers {
                    &broken_headers(g, sep)
                } else {
                    g
                };
                let mut lines = match layout {
                    Layout::CellPerLine => cell_per_line(g),
                    Layout::Pipe => pipe(g, separator_rows),
                    Layout::Aligned => aligned(g, gap),
                    Layout::Tab | Layout::Html | Layout::Run => tab(g),
                };
                if let Some((at, page)) = page_break {
                    if lines.len() > at + 2 {
                        let page_line = format!("{}-{page}-", " ".repeat(60));
                        lines.splice(at..at, [String::new(), page_line, String::new()]);
                        page_break = None;
                    }
                }
                out.extend(lines);
            }
        }
    }
    out
}

/// The grid with its breakable headers broken in the middle by `sep`.
fn broken_headers(g: &Grid, sep: &str) -> Grid {
    let mut g = g.clone();
    for slot in g.rows.iter_mut().flatten() {
        if let Slot::Cell(c) = slot {
            let n = c.text.chars().count();
            if c.breakable && n >= 4 {
                let (k, _) = c.text.char_indices().nth(n / 2).unwrap_or((0, ' '));
                c.text = format!("{}{sep}{}", &c.text[..k], &c.text[k..]);
            }
        }
    }
    g
}

fn slot_text(s: &Slot) -> &str {
    match s {
        Slot::Cell(c) => &c.text,
        Slot::Cont { .. } => "",
    }
}

/// Each cell on its own tab-indented line (a merged-over cell is an empty
/// one), an empty line after each row.
fn cell_per_line(g: &Grid) -> Vec<String> {
    let mut out = Vec::new();
    for row in &g.rows {
        for s in row {
            out.push(format!("\t{}", slot_text(s)));
        }
        out.push(String::new());
    }
    out
}

/// One row per line, cells separated by tabs.
fn tab(g: &Grid) -> Vec<String> {
    g.rows
        .iter()
        .map(|row| row.iter().map(slot_text).collect::<Vec<_>>().join("\t"))
        .collect()
}

/// `| a | b |` rows of the cells printed (merged-over cells left out),
/// optionally with a `|---|` rule under the first row.
fn pipe(g: &Grid, separator: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (r, row) in g.rows.iter().enumerate() {
        let cells: Vec<&str> = row
            .iter()
            .filter_map(|s| match s {
                Slot::Cell(c) => Some(c.text.as_str()),
                Slot::Cont { .. } => None,
            })
            .collect();
        out.push(format!("| {} |", cells.join(" | ")));
        if separator && r == 0 {
            out.push(format!("|{}", "---|".repeat(cells.len())));
        }
    }
    out
}

/// Columns as a monospace rendering shows them (CJK and full-width chars
/// take two columns).
pub(crate) fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            if (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
                || u == 0x201C
                || u == 0x201D
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Columns padded with spaces (at least `gap` between cells), labels flush
/// left and values flush right in their columns, as `pdftotext -layout`
/// prints a table; blank and merged-over cells are only spaces.
fn aligned(g: &Grid, gap: usize) -> Vec<String> {
    let mut w = vec![0usize; g.cols];
    let placed: Vec<Vec<(usize, &Slot)>> = g
        .rows
        .iter()
        .map(|row| {
            let mut c = 0;
            row.iter()
                .map(|s| {
                    let at = c;
                    c += s.colspan();
                    (at, s)
                })
                .collect()
        })
        .collect();
    for pass_span in [false, true] {
        for row in &placed {
            for &(c, s) in row {
                let Slot::Cell(cell) = s else { continue };
                let need = width(&cell.text);
                if (cell.colspan > 1) != pass_span {
                    continue;
                }
                let end = (c + cell.colspan).min(g.cols);
                let have: usize = w[c..end].iter().sum::<usize>() + gap * (end - c - 1);
                if need > have {
                    w[end - 1] += need - have;
                }
            }
        }
    }
    let mut x = vec![0usize; g.cols + 1];
    for c in 0..g.cols {
        x[c + 1] = x[c] + w[c] + gap;
    }
    let mut out = Vec::new();
    for row in &placed {
        let mut line = String::new();
        let mut at = 0usize;
        for &(c, s) in row {
            let Slot::Cell(cell) = s else { continue };
            if cell.text.is_empty() {
                continue;
            }
            let end = (c + cell.colspan).min(g.cols);
            let field = x[end] - gap - x[c];
            let tw = width(&cell.text);
            let start = if cell.value {
                x[c] + field.saturating_sub(tw)
            } else {
                x[c]
            };
            let start = start.max(if at == 0 { 0 } else { at + gap });
            line.push_str(&" ".repeat(start - at));
            line.push_str(&cell.text);
            at = start + tw;
        }
        out.push(line.trim_end().to_string());
    }
    out
}

/// Every label and value glued together, row after row.
fn run(g: &Grid) -> String {
    g.rows.iter().flatten().map(slot_text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::GCell;

    fn cell(t: &str, colspan: usize, value: bool) -> Slot {
        Slot::Cell(GCell {
            text: t.into(),
            colspan,
            rowspan: 1,
            value,
            breakable: false,
        })
    }

    #[test]
    fn aligned_columns() {
        let g = Grid {
            cols: 3,
            rows: vec![
                vec![
                    cell("信息内容", 1, false),
                    cell("甲", 1, false),
                    cell("乙乙乙", 1, false),
                ],
                vec![
                    cell("规章", 1, false),
                    cell("12", 1, true),
                    cell("3", 1, true),
                ],
                vec![cell("行政许可", 1, false), cell("1", 2, true)],
            ],
        };
        assert_eq!(
            aligned(&g, 2),
            vec![
                "信息内容  甲  乙乙乙".to_string(),
                "规章      12       3".to_string(),
                "行政许可           1".to_string(),
            ]
        );
    }
}
