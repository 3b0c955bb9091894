//! Blank cells in whitespace-aligned rows (`pdftotext -layout`, text set in
//! a monospace editor): a blank cell is only spaces, so a row with blank
//! cells prints fewer numbers than the table has columns. Each number is
//! placed in its column by its horizontal position — only when the
//! placement is unambiguous; otherwise the row is left as read (and becomes
//! unknown, never a neighbour's column).
//!
//! - Against complete rows (every cell printed) of the blocks with the same
//!   columns on the same page: a number must meet exactly one column's
//!   numbers (or end one column short of them) and stay clear of the others.
//! - Without a complete row, against the numbers of all those rows
//!   together, when they fall into exactly as many separate columns as the
//!   block has.
//! - Otherwise, against the block's column headers found above its
//!   rows: a number must overlap exactly one header — or, when every
//!   complete row of the table lies in the fields its headers open (from a
//!   header's start to the next one's, as when numbers are set flush right
//!   in columns wider than their headers), lie inside one field.
//!
//! Positions are measured in columns from the start of the line. Text set
//! for a monospace display counts a CJK or full-width char as two columns;
//! `pdftotext -layout` counts every char as one. Which measure a text uses
//! is decided by its aligned number rows (under the right one, the numbers
//! of nearby rows line up); when they cannot tell, the
//! placements under both measures must agree (against headers, both must
//! place the row).

use std::ops::Range;

use crate::anchors::{chars, find_exact};
use crate::norm::Normalized;
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
    // Each value is a field of its own, not digits glued to a label or to
    // each other.
    values
        .iter()
        .all(|t| apart(text, &line, t.range()))
        .then_some((line, values))
}

/// Whether `r` (within `line`) is a field of its own in aligned columns:
/// two spaces (or the line's edge) on both sides.
fn apart(text: &str, line: &Range<usize>, r: Range<usize>) -> bool {
    let wide = |s: &str| s.ends_with("  ") || s.ends_with('\u{3000}');
    let before = text[line.start..r.start].trim_start_matches('\u{c}');
    let after = &text[r.end..line.end];
    (before.trim().is_empty() || wide(before))
        && (after.trim().is_empty() || after.starts_with("  ") || after.starts_with('\u{3000}'))
}

/// Whether the values `more`, on a line of their own, can continue the row
/// `kept` broken over lines: in aligned columns (no tabs or pipes) they
/// must start right of the row's last value — values under the row's own
/// columns are the digits of numbers wrapped in their cells, or another
/// row's. Each side is measured in the measure that is least favourable.
pub fn continues_right(text: &str, kept: &[Tok], more: &[Tok]) -> bool {
    let (Some(last), Some(first)) = (
        kept.iter().rev().find(|t| !t.is_blank()),
        more.iter().find(|t| !t.is_blank()),
    ) else {
        return true;
    };
    let (l1, l2) = (
        line_of(text, last.range().start),
        line_of(text, first.range().start),
    );
    if l1 == l2 || text[l1.clone()].contains(['\t', '|']) || text[l2.clone()].contains(['\t', '|'])
    {
        return true;
    }
    let ends = [Measure::Chars, Measure::Display].map(|m| span(text, &l1, last, m).1);
    let starts = [Measure::Chars, Measure::Display].map(|m| span(text, &l2, first, m).0);
    starts.iter().min() > ends.iter().max()
}

/// Whether a number is printed alone after its row's label in aligned
/// columns (`行政事业性收费        48`), two or more spaces apart, on a line
/// without tabs or pipes: a single value, not digits glued together.
pub fn after_label_in_aligned_columns(text: &str, r: Range<usize>) -> bool {
    let line = line_of(text, r.start);
    // `000` or `0102` is several values glued together.
    let glued = {
        let mut d = text[r.clone()].chars();
        d.next() == Some('0') && d.next().is_some_and(|c| c.is_ascii_digit())
    };
    !glued
        && r.end <= line.end
        && !text[line.clone()].contains(['\t', '|'])
        && !text[line.start..r.start].trim().is_empty()
        && apart(text, &line, r)
}

/// The measure a text's aligned tables use, from pairs of nearby lines that
/// end in the same number of number fields: under the right measure their
/// columns line up. `None` when the lines cannot tell.
fn text_measure(text: &str) -> Option<Measure> {
    // (line number, page, column spans of the trailing number fields under each measure)
    type Row = (usize, usize, Vec<((usize, usize), (usize, usize))>);
    let mut rows: Vec<Row> = Vec::new();
    let mut start = 0;
    let mut page = 0;
    for (no, line) in text.split('\n').enumerate() {
        let base = start;
        start += line.len() + 1;
        page += line.matches('\u{c}').count();
        if line.contains(['\t', '|'])
            || !line.trim_start().starts_with(|c: char| !c.is_ascii_digit())
        {
            continue;
        }
        let fields = crate::tokens::split_fields(line, base);
        let numeric = |f: &Range<usize>| {
            matches!(
                crate::tokens::classify(text, f.clone()).as_slice(),
                [Tok::Num { .. }] | [Tok::Mark(_)]
            )
        };
        let k = fields.iter().rev().take_while(|f| numeric(f)).count();
        if k < 2 || k == fields.len() {
            continue;
        }
        let spans = fields[fields.len() - k..]
            .iter()
            .map(|f| {
                let (a, b) = (&text[base..f.start], &text[f.clone()]);
                let c = width(a, Measure::Chars);
                let d = width(a, Measure::Display);
                (
                    (c, c + width(b, Measure::Chars)),
                    (d, d + width(b, Measure::Display)),
                )
            })
            .collect();
        rows.push((no, page, spans));
    }
    // Each number field of a line under a number field of a nearby line
    // (sharing its start, end or centre) under one measure only is a vote
    // for it; blank cells leave fields out, so fields under nothing decide
    // nothing.
    let under = |x: (usize, usize), ys: &[(usize, usize)]| {
        ys.iter()
            .any(|y| x.0 == y.0 || x.1 == y.1 || x.0 + x.1 == y.0 + y.1)
    };
    let (mut chars, mut display) = (0usize, 0usize);
    for (i, (n1, p1, s1)) in rows.iter().enumerate() {
        for (n0, p0, s0) in rows[..i].iter().rev() {
            if p0 != p1 || n1 - n0 > 12 {
                break;
            }
            let c0: Vec<(usize, usize)> = s0.iter().map(|y| y.0).collect();
            let d0: Vec<(usize, usize)> = s0.iter().map(|y| y.1).collect();
            for x in s1 {
                let c = under(x.0, &c0);
                let d = under(x.1, &d0);
                match (c, d) {
                    (true, false) => chars += 1,
                    (false, true) => display += 1,
                    _ => {}
                }
            }
        }
    }
    // A clear majority: a few odd lines (a wrapped label, a coincidence)
    // do not decide.
    if chars >= 3 && chars > 3 * display {
        Some(Measure::Chars)
    } else if display >= 3 && display > 3 * chars {
        Some(Measure::Display)
    } else {
        None
    }
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
        // Under exactly one column: its span meets that column's (or ends
        // one column short of it), and is well away from every other column.
        let best = dist.iter().copied().min().unwrap_or(usize::MAX);
        if best > 1 {
            return None;
        }
        let near: Vec<usize> = (0..n).filter(|&j| dist[j] == best).collect();
        let [j] = near.as_slice() else { return None };
        if (0..n).any(|k| k != *j && dist[k] < best * 2 + 2) {
            return None;
        }
        if out.last().is_some_and(|&p| p >= *j) {
            return None;
        }
        out.push(*j);
    }
    Some(out)
}

/// Whether a number on a lone line of numbers next to the row sits under a
/// column the row would leave blank: it may be part of that cell (a number
/// wrapped in a narrow cell prints its digits on the lines above and below).
fn stray_under_blank(
    text: &str,
    line: &Range<usize>,
    cols: &[usize],
    refs: &[Spans],
    m: Measure,
    n: usize,
) -> bool {
    let blank: Vec<usize> = (0..n).filter(|j| !cols.contains(j)).collect();
    stray_numbers_near(text, line, m).into_iter().any(|s| {
        blank.iter().any(|&j| {
            refs.iter()
                .filter_map(|r| r.get(j))
                .any(|&c| gap(s, c) <= 1)
        })
    })
}

/// Column spans of the numbers printed on lines of numbers only (no label)
/// within two lines above or below `line`, on the same page.
fn stray_numbers_near(text: &str, line: &Range<usize>, m: Measure) -> Vec<(usize, usize)> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    // Up to two lines above.
    let mut start = line.start;
    for _ in 0..2 {
        if start == 0 || text[..start].ends_with('\u{c}') {
            break;
        }
        let end = start - 1;
        let s = line_start(text, end);
        if text[s..end].contains('\u{c}') {
            break;
        }
        lines.push(s..end);
        start = s;
    }
    // Up to two lines below.
    let mut end = line.end;
    for _ in 0..2 {
        if end >= text.len() {
            break;
        }
        let s = end + 1;
        let e = text[s..].find('\n').map_or(text.len(), |p| s + p);
        if text[s..e].contains('\u{c}') {
            break;
        }
        lines.push(s..e);
        end = e;
    }
    let mut out = Vec::new();
    for l in lines {
        if text[l.clone()].contains(['\t', '|']) {
            continue;
        }
        let toks = crate::tokens::tokenize_line(text, l.clone());
        let numbers_only = toks.iter().any(|t| matches!(t, Tok::Num { .. }))
            && toks
                .iter()
                .all(|t| matches!(t, Tok::Num { .. } | Tok::Mark(_) | Tok::Blank(_)));
        if numbers_only {
            out.extend(
                toks.iter()
                    .filter(|t| !t.is_blank())
                    .map(|t| span(text, &l, t, m)),
            );
        }
    }
    out
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

/// The column headers of a table block: for each column, the labels it
/// may be printed with, and the byte offset before which the block's
/// headers are printed (its first row).
pub struct BlockColumns {
    pub labels: Vec<Vec<&'static str>>,
    pub rows_start: usize,
}

/// Column spans of the headers of a block under a measure, as printed
/// nearest above its rows on the same page: columns printed with the same
/// label (the 结果维持 of 行政复议 and of the two 行政诉讼 groups) take that
/// label's last occurrences in the order of their columns. `None` when a
/// header is missing or the headers overlap.
fn header_spans(
    text: &str,
    norm: &Normalized,
    region: &Range<usize>,
    cols: &BlockColumns,
    m: Measure,
) -> Option<Spans> {
    let bound = cols.rows_start;
    let n = cols.labels.len();
    let mut out: Vec<Option<(usize, usize)>> = vec![None; n];
    for j in 0..n {
        if out[j].is_some() {
            continue;
        }
        let same: Vec<usize> = (j..n)
            .filter(|&k| cols.labels[k] == cols.labels[j])
            .collect();
        let pats: Vec<std::rc::Rc<[char]>> = cols.labels[j].iter().map(|l| chars(l)).collect();
        let mut found: Vec<(usize, usize, usize)> = find_exact(norm, &pats, region.clone())
            .into_iter()
            .filter_map(|f| {
                let first = *norm.start.get(f.start)?;
                let last = *norm.end.get(f.end.checked_sub(1)?)?;
                if last > bound || text[first..bound].contains('\u{c}') {
                    return None;
                }
                // The span of the label over all its lines.
                let (mut x0, mut x1) = (usize::MAX, 0);
                for i in f.start..f.end {
                    let (b, e) = (norm.start[i], norm.end[i]);
                    let a = width(&text[line_start(text, b)..b], m);
                    x0 = x0.min(a);
                    x1 = x1.max(a + width(&text[b..e], m));
                }
                Some((first, x0, x1))
            })
            .collect();
        if found.len() < same.len() {
            return None;
        }
        let mut last: Vec<(usize, usize, usize)> = found.split_off(found.len() - same.len());
        last.sort_by_key(|f| f.1);
        for (k, f) in same.iter().zip(last) {
            out[*k] = Some((f.1, f.2));
        }
    }
    let spans: Spans = out.into_iter().collect::<Option<_>>()?;
    spans.windows(2).all(|w| w[0].1 <= w[1].0).then_some(spans)
}

/// Place the numbers of a short row by the column spans of each measure
/// tried. The placements found must agree; with `every`, each measure must
/// give one. (Measured against complete rows, a row's numbers under the
/// wrong measure are shifted off their columns by the difference in CJK
/// chars before them, so one measure failing is expected; measured against
/// headers, which are set differently from numbers, it is not enough.)
fn place(
    text: &str,
    line: &Range<usize>,
    values: &[&Tok],
    spans: &[(Measure, Vec<Spans>)],
    n: usize,
    every: bool,
) -> Option<Vec<Tok>> {
    let placed: Vec<Option<Vec<usize>>> = spans
        .iter()
        .map(|(m, r)| placement(text, line, values, r, *m, n))
        .collect();
    if every && placed.iter().any(Option::is_none) {
        return None;
    }
    let found: Vec<&Vec<usize>> = placed.iter().flatten().collect();
    let cols = (*found.first()?).clone();
    if found.iter().any(|p| **p != cols) {
        return None;
    }
    if spans
        .iter()
        .any(|(m, r)| stray_under_blank(text, line, &cols, r, *m, n))
    {
        return None;
    }
    let at = line.end;
    let mut row: Vec<Tok> = vec![Tok::Blank(at..at); n];
    for (v, &c) in values.iter().zip(&cols) {
        row[c] = (*v).clone();
    }
    Some(row)
}

/// The measures to try: the text's own when its tables tell, else the one
/// under which the references line up better, else both.
fn measures(
    known: Option<Measure>,
    refs: usize,
    spans: impl Fn(Measure) -> Vec<Spans>,
) -> Vec<(Measure, Vec<Spans>)> {
    if let Some(m) = known {
        return vec![(m, spans(m))];
    }
    let (chars, display) = (spans(Measure::Chars), spans(Measure::Display));
    let (sc, sd) = (spread(&chars), spread(&display));
    if refs >= 2 && sc != sd {
        if sc < sd {
            vec![(Measure::Chars, chars)]
        } else {
            vec![(Measure::Display, display)]
        }
    } else {
        vec![(Measure::Chars, chars), (Measure::Display, display)]
    }
}

/// Rows of aligned text with fewer numbers than cells: put each number in
/// its column and blank the other cells. The columns are those of the
/// complete rows on the same page of the blocks with the same columns or,
/// when the page has none, the block's column headers (a number must then
/// overlap its header). `firm` holds (block, row, tokens); `columns(block)`
/// describes the block. Rows that cannot be placed unambiguously are left as
/// they are.
pub fn place_blank_cells(
    text: &str,
    norm: &Normalized,
    region: Range<usize>,
    firm: &mut [(usize, usize, Vec<Tok>)],
    columns: impl Fn(usize) -> BlockColumns,
) {
    let labels_of = |b: usize| columns(b).labels;
    // Complete single-line rows, by block.
    let complete: Vec<(usize, Range<usize>, Vec<Tok>)> = firm
        .iter()
        .filter_map(|(b, _, toks)| {
            let (line, values) = aligned_values(text, toks)?;
            (values.len() == labels_of(*b).len())
                .then(|| (*b, line, values.into_iter().cloned().collect()))
        })
        .collect();
    // Every single-line aligned row, by block.
    let aligned: Vec<(usize, Range<usize>, Vec<Tok>)> = firm
        .iter()
        .filter_map(|(b, _, toks)| {
            let (line, values) = aligned_values(text, toks)?;
            Some((*b, line, values.into_iter().cloned().collect()))
        })
        .collect();
    let known = std::cell::OnceCell::new();
    let fields_hold = std::cell::OnceCell::new();
    for (b, _, toks) in firm.iter_mut() {
        let labels = labels_of(*b);
        let n = labels.len();
        let Some((line, values)) = aligned_values(text, toks) else {
            continue;
        };
        if values.len() >= n || n < 2 {
            continue;
        }
        let known = *known.get_or_init(|| text_measure(text));
        // References on the same page (a page break may move the columns).
        let here = values[0].range().start;
        let same_page = |other: &Range<usize>| {
            // A line opening a page starts with the form feed.
            let there = other.start
                + (text[other.clone()].len()
                    - text[other.clone()].trim_start_matches('\u{c}').len());
            let (a, z) = if there < here {
                (there, here)
            } else {
                (here, there)
            };
            !text[a..z].contains('\u{c}')
        };
        let refs: Vec<&(usize, Range<usize>, Vec<Tok>)> = complete
            .iter()
            .filter(|(rb, rl, _)| {
                (rb == b || labels_of(*rb) == labels) && *rl != line && same_page(rl)
            })
            .collect();
        let (spans, every) = if refs.is_empty() {
            // The numbers of all rows of the page together: when they fall
            // into as many separate columns as the table has, those are the
            // columns (each column printed in some row).
            let peers: Vec<&(usize, Range<usize>, Vec<Tok>)> = aligned
                .iter()
                .filter(|(rb, rl, _)| (rb == b || labels_of(*rb) == labels) && same_page(rl))
                .collect();
            let tried: Vec<Measure> =
                known.map_or(vec![Measure::Chars, Measure::Display], |m| vec![m]);
            let spans: Vec<(Measure, Vec<Spans>)> = tried
                .into_iter()
                .filter_map(|m| {
                    let all: Vec<(usize, usize)> = peers
                        .iter()
                        .flat_map(|(_, rl, rt)| rt.iter().map(move |t| span(text, rl, t, m)))
                        .collect();
                    let c = clusters(all)?;
                    (c.len() == n).then(|| (m, vec![c]))
                })
                .collect();
            if !spans.is_empty() {
                if let Some(row) = place(text, &line, &values, &spans, n, true) {
                    *toks = row;
                    continue;
                }
            }
            let cols = columns(*b);
            // Numbers set flush right in fields wider than their headers
            // (or centred under them): when every complete row of the
            // table lies in the fields its headers open, so must this one.
            if let Some(m) = known {
                let fields = fields_hold.get_or_init(|| {
                    let checked = complete
                        .iter()
                        .map(|(rb, rl, rt)| {
                            let h = header_spans(text, norm, &region, &columns(*rb), m)?;
                            let vals: Vec<&Tok> = rt.iter().collect();
                            let cols = in_fields(text, rl, &vals, &h, m)?;
                            Some(cols.iter().enumerate().all(|(i, &c)| i == c))
                        })
                        .collect::<Option<Vec<bool>>>();
                    checked.is_some_and(|c| c.len() >= 2 && c.iter().all(|&ok| ok))
                });
                if *fields {
                    let placed = header_spans(text, norm, &region, &cols, m)
                        .and_then(|h| in_fields(text, &line, &values, &h, m));
                    if let Some(cols) = placed {
                        let at = line.end;
                        let mut row: Vec<Tok> = vec![Tok::Blank(at..at); n];
                        for (v, &c) in values.iter().zip(&cols) {
                            row[c] = (*v).clone();
                        }
                        *toks = row;
                    }
                    continue;
                }
            }
            (header_measures(text, norm, &region, &cols, known), true)
        } else {
            let spans = measures(known, refs.len(), |m| {
                refs.iter()
                    .map(|(_, rl, rt)| rt.iter().map(|t| span(text, rl, t, m)).collect())
                    .collect()
            });
            (Some(spans), false)
        };
        if let Some(row) = spans.and_then(|s| place(text, &line, &values, &s, n, every)) {
            *toks = row;
        }
    }
}

/// Columns from the spans of many numbers: spans merged where they overlap
/// or come within two columns of each other. `None` unless the numbers of
/// each column line up — all flush left, all flush right or all centred
/// (within one column) — as they do under the right measure.
fn clusters(mut spans: Vec<(usize, usize)>) -> Option<Vec<(usize, usize)>> {
    spans.sort_unstable();
    let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
    for s in spans {
        match groups.last_mut() {
            Some(g) if g.iter().any(|x| s.0 <= x.1 + 2) => g.push(s),
            _ => groups.push(vec![s]),
        }
    }
    let lined_up = |g: &[(usize, usize)]| {
        let same = |f: &dyn Fn(&(usize, usize)) -> usize, tol: usize| {
            let v: Vec<usize> = g.iter().map(f).collect();
            v.iter().max().unwrap_or(&0) - v.iter().min().unwrap_or(&0) <= tol
        };
        same(&|x| x.0, 0) || same(&|x| x.1, 0) || same(&|x| x.0 + x.1, 2)
    };
    groups
        .iter()
        .map(|g| {
            lined_up(g).then(|| {
                let a = g.iter().map(|x| x.0).min().unwrap_or(0);
                let z = g.iter().map(|x| x.1).max().unwrap_or(0);
                (a, z)
            })
        })
        .collect()
}

/// The columns of `values` by the fields the headers open: column `j`
/// runs from the start of its header to the start of the next one. `None`
/// when a value is not inside one field or the order breaks.
fn in_fields(
    text: &str,
    line: &Range<usize>,
    values: &[&Tok],
    headers: &Spans,
    m: Measure,
) -> Option<Vec<usize>> {
    let mut out: Vec<usize> = Vec::with_capacity(values.len());
    for v in values {
        let s = span(text, line, v, m);
        let j = headers.iter().enumerate().position(|(j, h)| {
            let end = headers.get(j + 1).map_or(usize::MAX, |n| n.0);
            h.0 <= s.0 && s.1 <= end
        })?;
        if out.last().is_some_and(|&p| p >= j) {
            return None;
        }
        out.push(j);
    }
    // As in `placement`: a lone number next to the row in a blank field.
    let field = |j: usize| {
        let end = headers.get(j + 1).map_or(usize::MAX, |n| n.0);
        (headers.get(j).map_or(0, |h| h.0), end)
    };
    let near_blank = stray_numbers_near(text, line, m).into_iter().any(|s| {
        (0..headers.len())
            .filter(|j| !out.contains(j))
            .any(|j| field(j).0 <= s.0 && s.1 <= field(j).1)
    });
    (!near_blank).then_some(out)
}

/// Header spans under the text's measure, or under both when it is not
/// known; `None` when a header is not found.
fn header_measures(
    text: &str,
    norm: &Normalized,
    region: &Range<usize>,
    cols: &BlockColumns,
    known: Option<Measure>,
) -> Option<Vec<(Measure, Vec<Spans>)>> {
    let ms = match known {
        Some(m) => vec![m],
        None => vec![Measure::Chars, Measure::Display],
    };
    ms.into_iter()
        .map(|m| Some((m, vec![header_spans(text, norm, region, cols, m)?])))
        .collect()
}

/// A row read from a single line (table 四) placed by the column headers.
pub fn place_by_headers(
    text: &str,
    norm: &Normalized,
    region: Range<usize>,
    toks: &mut Vec<Tok>,
    cols: &BlockColumns,
) {
    let n = cols.labels.len();
    let Some((line, values)) = aligned_values(text, toks) else {
        return;
    };
    if values.len() >= n || n < 2 {
        return;
    }
    let spans = header_measures(text, norm, &region, cols, text_measure(text));
    if let Some(row) = spans.and_then(|s| place(text, &line, &values, &s, n, true)) {
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

    /// Place with three columns whose headers are not printed.
    fn place3(text: &str, firm: &mut [(usize, usize, Vec<Tok>)]) {
        let norm = Normalized::new(text, 0);
        place_blank_cells(text, &norm, 0..norm.len(), firm, |_| BlockColumns {
            labels: vec![vec!["甲列"], vec!["乙列"], vec!["丙列"]],
            rows_start: 0,
        });
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
        place3(text, &mut firm);
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
        place3(&text, &mut firm);
        assert_eq!(values(&firm[2].2), ["", "2", "13"]);
        // With one complete row, the display measure puts the numbers off
        // their columns; the char measure places them.
        let mut firm: Vec<_> = [0, 2].iter().map(|&i| (0, i, row(&text, i))).collect();
        place3(&text, &mut firm);
        assert_eq!(values(&firm[1].2), ["", "2", "13"]);
    }

    #[test]
    fn columns_of_all_rows_together() {
        // No row prints every cell, but together the rows show the columns.
        let text = [
            at("规章", &[(20, "1"), (36, "2")]),
            at("行政规范性文件", &[(28, "0"), (36, "90")]),
        ]
        .join("\n");
        let mut firm: Vec<_> = (0..2).map(|i| (0, i, row(&text, i))).collect();
        place3(&text, &mut firm);
        assert_eq!(values(&firm[0].2), ["1", "", "2"]);
        assert_eq!(values(&firm[1].2), ["", "0", "90"]);
        // A column printed in no row: the columns are not known.
        let text = [at("规章", &[(20, "1")]), at("行政规范性文件", &[(28, "0")])].join("\n");
        let mut firm: Vec<_> = (0..2).map(|i| (0, i, row(&text, i))).collect();
        place3(&text, &mut firm);
        assert_eq!(values(&firm[0].2), ["1"]);
    }

    #[test]
    fn digits_wrapped_in_a_cell_are_not_blanks() {
        // 1127 and 1161 printed as 112/7 and 116/1 above and below the row.
        let text = [
            at(
                "二、上年结转数量",
                &[(22, "4"), (27, "0"), (32, "1"), (37, "5")],
            ),
            at("", &[(22, "112"), (37, "116")]),
            at("一、本年新收数量", &[(27, "0"), (32, "34")]),
            at("", &[(22, "7"), (37, "1")]),
        ]
        .join("\n");
        let mut firm = vec![(0, 0, row(&text, 0)), (0, 1, row(&text, 2))];
        let norm = Normalized::new(&text, 0);
        place_blank_cells(&text, &norm, 0..norm.len(), &mut firm, |_| BlockColumns {
            labels: vec![vec!["甲列"], vec!["乙列"], vec!["丙列"], vec!["丁列"]],
            rows_start: 0,
        });
        assert_eq!(values(&firm[1].2), ["0", "34"]);
    }

    #[test]
    fn unclear_positions_are_left_alone() {
        // The number sits between two columns.
        let text = "规章          1       0       2\n规章              5";
        let mut firm = vec![(0, 0, row(text, 0)), (0, 1, row(text, 1))];
        place3(text, &mut firm);
        assert_eq!(values(&firm[1].2), ["5"]);
        // No complete row to measure against.
        let text = "规章                 0       2\n其他              5";
        let mut firm = vec![(0, 0, row(text, 0)), (0, 1, row(text, 1))];
        place3(text, &mut firm);
        assert_eq!(values(&firm[0].2), ["0", "2"]);
        assert_eq!(values(&firm[1].2), ["5"]);
        // Across a page break the columns may move.
        let text = "规章          1       0       2\n\u{c}规章                  5";
        let mut firm = vec![(0, 0, row(text, 0)), (0, 1, row(text, 1))];
        place3(text, &mut firm);
        assert_eq!(values(&firm[1].2), ["5"]);
        // The complete row opens the next page.
        let text = "规章                  5\n\u{c}规章          1       0       2";
        let mut firm = vec![(0, 0, row(text, 0)), (0, 1, row(text, 1))];
        place3(text, &mut firm);
        assert_eq!(values(&firm[0].2), ["5"]);
    }
}
