//! Blank cells in whitespace-aligned rows (`pdftotext -layout`, text set in
//! a monospace editor): a blank cell is only spaces, so a row with blank
//! cells prints fewer numbers than the table has columns. Each number is
//! placed in its column by its horizontal position, measured against rows
//! of the same table block that print every cell — and only when the
//! placement is unambiguous; otherwise the row is left as read (and becomes
//! unknown).
//!
//! Positions are measured in columns from the start of the line. Text set
//! for a monospace display counts a CJK or full-width char as two columns;
//! `pdftotext -layout` counts every char as one. Which measure a table uses
//! is decided by the complete rows (the one under which their columns line
//! up); when they cannot tell, the placements found under either measure
//! must agree (under the wrong one a row's numbers are shifted off their
//! columns by the difference in CJK chars before them).

use std::ops::Range;

use crate::tokens::Tok;

/// How the columns of a line are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    /// Every char is one column.
    Chars,
    /// CJK and full-width chars are two columns.
    Display,
}

/// Columns a char takes on a monospace display.
pub fn char_width(c: char) -> usize {
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
}

/// Width of a string under a measure.
fn width(s: &str, m: Measure) -> usize {
    // A form feed (page break) takes no column.
    let cs = s.chars().filter(|&c| c != '\u{c}');
    match m {
        Measure::Chars => cs.count(),
        Measure::Display => cs.map(char_width).sum(),
    }
}

/// Start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |p| p + 1)
}

/// The line (without its newline) holding byte `at`.
fn line_of(text: &str, at: usize) -> Range<usize> {
    let s = line_start(text, at);
    let e = text[at..].find('\n').map_or(text.len(), |p| at + p);
    s..e
}

/// The value tokens of a row printed on one aligned line (no tabs or
/// pipes): numbers and marks only, blanks dropped. `None` for anything else.
fn aligned_values<'t>(text: &str, toks: &'t [Tok]) -> Option<(Range<usize>, Vec<&'t Tok>)> {
    let values: Vec<&Tok> = toks.iter().filter(|t| !t.is_blank()).collect();
    let first = values.first()?;
    if !values
        .iter()
        .all(|t| matches!(t, Tok::Num { .. } | Tok::Mark(_)))
    {
        return None;
    }
    let line = line_of(text, first.range().start);
    if values.iter().any(|t| {
        let r = t.range();
        r.start < line.start || r.end > line.end
    }) {
        return None;
    }
    if text[line.clone()].contains(['\t', '|']) {
        return None;
    }
    Some((line, values))
}

/// Column span `[start, end)` of a token under a measure.
fn span(text: &str, line: &Range<usize>, tok: &Tok, m: Measure) -> (usize, usize) {
    let r = tok.range();
    let a = width(&text[line.start..r.start], m);
    (a, a + width(&text[r], m))
}

/// Distance between two column spans (0 when they overlap or touch).
fn gap(a: (usize, usize), b: (usize, usize)) -> usize {
    // At most one of the two is positive; both are 0 when the spans meet.
    b.0.saturating_sub(a.1).max(a.0.saturating_sub(b.1))
}

/// A reference: the column spans of a row that prints every cell.
type Spans = Vec<(usize, usize)>;

/// Place `values` (on `line`) among `n` columns: the column of each value,
/// or `None` when any value is not clearly under one column or the order
/// breaks.
fn placement(
    text: &str,
    line: &Range<usize>,
    values: &[&Tok],
    refs: &[Spans],
    m: Measure,
    n: usize,
) -> Option<Vec<usize>> {
    let mut out: Vec<usize> = Vec::with_capacity(values.len());
    for v in values {
        let s = span(text, line, v, m);
        let dist: Vec<usize> = (0..n)
            .map(|j| {
                refs.iter()
                    .filter_map(|r| r.get(j))
                    .map(|&c| gap(s, c))
                    .min()
                    .unwrap_or(usize::MAX)
            })
            .collect();
        // Under exactly one column: its span meets that column's, and is
        // well away from every other column.
        let near: Vec<usize> = (0..n).filter(|&j| dist[j] == 0).collect();
        let [j] = near.as_slice() else { return None };
        if (0..n).any(|k| k != *j && dist[k] < 2) {
            return None;
        }
        if out.last().is_some_and(|&p| p >= *j) {
            return None;
        }
        out.push(*j);
    }
    Some(out)
}

/// How far the columns of the references spread under a measure (0 when
/// they line up exactly).
fn spread(refs: &[Spans]) -> usize {
    let n = refs.first().map_or(0, Vec::len);
    let range = |v: Vec<usize>| v.iter().max().unwrap_or(&0) - v.iter().min().unwrap_or(&0);
    (0..n)
        .map(|j| {
            let col = || refs.iter().filter_map(|r| r.get(j));
            // Numbers are set flush left, flush right or centred: the best of the three.
            let starts = range(col().map(|s| s.0).collect());
            let ends = range(col().map(|s| s.1).collect());
            let mids = range(col().map(|s| s.0 + s.1).collect()) / 2;
            starts.min(ends).min(mids)
        })
        .sum()
}

/// Rows of aligned text with fewer numbers than cells: put each number in
/// its column, by the columns of complete rows of the same block on the
/// same page, and blank the other cells. `firm` holds (block, row, tokens);
/// `width(block)` is the block's number of columns. Rows that cannot be
/// placed unambiguously are left as they are.
pub fn place_blank_cells(
    text: &str,
    firm: &mut [(usize, usize, Vec<Tok>)],
    width_of: impl Fn(usize) -> usize,
) {
    // Complete single-line rows, by block.
    let complete: Vec<(usize, Range<usize>, Vec<Tok>)> = firm
        .iter()
        .filter_map(|(b, _, toks)| {
            let (line, values) = aligned_values(text, toks)?;
            (values.len() == width_of(*b))
                .then(|| (*b, line, values.into_iter().cloned().collect()))
        })
        .collect();
    for (b, _, toks) in firm.iter_mut() {
        let n = width_of(*b);
        let Some((line, values)) = aligned_values(text, toks) else {
            continue;
        };
        if values.len() >= n || n < 2 {
            continue;
        }
        // References on the same page (a page break may move the columns).
        let here = values[0].range().start;
        let same_page = |other: &Range<usize>| {
            let (a, z) = if other.start < here {
                (other.end, here)
            } else {
                (here, other.start)
            };
            a > z || !text[a..z].contains('\u{c}')
        };
        let refs: Vec<&(usize, Range<usize>, Vec<Tok>)> = complete
            .iter()
            .filter(|(rb, rl, _)| rb == b && *rl != line && same_page(rl))
            .collect();
        if refs.is_empty() {
            continue;
        }
        let spans = |m: Measure| -> Vec<Spans> {
            refs.iter()
                .map(|(_, rl, rt)| rt.iter().map(|t| span(text, rl, t, m)).collect())
                .collect()
        };
        let (chars, display) = (spans(Measure::Chars), spans(Measure::Display));
        let (sc, sd) = (spread(&chars), spread(&display));
        let measures: Vec<(Measure, &Vec<Spans>)> = if refs.len() >= 2 && sc != sd {
            if sc < sd {
                vec![(Measure::Chars, &chars)]
            } else {
                vec![(Measure::Display, &display)]
            }
        } else {
            vec![(Measure::Chars, &chars), (Measure::Display, &display)]
        };
        // Under the wrong measure the numbers of a row are shifted by the
        // difference in CJK chars before them, off their columns: the
        // placements found must agree.
        let placed: Vec<Vec<usize>> = measures
            .iter()
            .filter_map(|(m, r)| placement(text, &line, &values, r, *m, n))
            .collect();
        let Some(cols) = placed.first() else {
            continue;
        };
        if placed.iter().any(|p| p != cols) {
            continue;
        }
        let at = line.end;
        let mut row: Vec<Tok> = vec![Tok::Blank(at..at); n];
        for (v, &c) in values.iter().zip(cols) {
            row[c] = (*v).clone();
        }
        *toks = row;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize_line;

    fn row(text: &str, line: usize) -> Vec<Tok> {
        let mut start = 0;
        for (i, l) in text.split('\n').enumerate() {
            if i == line {
                let toks = tokenize_line(text, start..start + l.len());
                return toks.into_iter().filter(|t| !t.is_text()).collect();
            }
            start += l.len() + 1;
        }
        Vec::new()
    }

    fn values(toks: &[Tok]) -> Vec<String> {
        toks.iter()
            .map(|t| match t {
                Tok::Num { value, .. } => value.to_string(),
                Tok::Blank(_) => String::new(),
                _ => "?".into(),
            })
            .collect()
    }

    /// A line with `label` and then each (column, number), columns
    /// counted in chars.
    fn at(label: &str, cells: &[(usize, &str)]) -> String {
        let mut s = label.to_string();
        for (col, v) in cells {
            let have = s.chars().count();
            s.push_str(&" ".repeat(col.saturating_sub(have).max(2)));
            s.push_str(v);
        }
        s
    }

    #[test]
    fn display_columns() {
        // A monospace layout: CJK counts two columns.
        let text = "规章                          1               0               2\n\
行政规范性文件                                0              90";
        let mut firm = vec![(0, 0, row(text, 0)), (0, 1, row(text, 1))];
        place_blank_cells(text, &mut firm, |_| 3);
        assert_eq!(values(&firm[1].2), ["", "0", "90"]);
    }

    #[test]
    fn char_columns() {
        // pdftotext -layout: every char counts one column; two complete
        // rows with labels of different lengths decide the measure.
        let text = [
            at(
                "一、本年新收政府信息公开申请数量",
                &[(22, "9"), (27, "1"), (32, "0")],
            ),
            at("二、上年结转数量", &[(22, "0"), (27, "0"), (32, "0")]),
            at("（一）予以公开", &[(27, "2"), (31, "13")]),
        ]
        .join("\n");
        let mut firm: Vec<_> = (0..3).map(|i| (0, i, row(&text, i))).collect();
        place_blank_cells(&text, &mut firm, |_| 3);
        assert_eq!(values(&firm[2].2), ["", "2", "13"]);
        // With one complete row, the display measure puts the numbers off
        // their columns; the char measure places them.
        let mut firm: Vec<_> = [0, 2].iter().map(|&i| (0, i, row(&text, i))).collect();
        place_blank_cells(&text, &mut firm, |_| 3);
        assert_eq!(values(&firm[1].2), ["", "2", "13"]);
    }

    #[test]
    fn unclear_positions_are_left_alone() {
        // The number sits between two columns.
        let text = "规章          1       0       2\n规章            5";
        let mut firm = vec![(0, 0, row(text, 0)), (0, 1, row(text, 1))];
        place_blank_cells(text, &mut firm, |_| 3);
        assert_eq!(values(&firm[1].2), ["5"]);
        // No complete row to measure against.
        let text = "规章                 0       2\n其他              5";
        let mut firm = vec![(0, 0, row(text, 0)), (0, 1, row(text, 1))];
        place_blank_cells(text, &mut firm, |_| 3);
        assert_eq!(values(&firm[0].2), ["0", "2"]);
        assert_eq!(values(&firm[1].2), ["5"]);
        // Across a page break the columns may move.
        let text = "规章          1       0       2\n\u{c}规章                  5";
        let mut firm = vec![(0, 0, row(text, 0)), (0, 1, row(text, 1))];
        place_blank_cells(text, &mut firm, |_| 3);
        assert_eq!(values(&firm[1].2), ["5"]);
    }
}
