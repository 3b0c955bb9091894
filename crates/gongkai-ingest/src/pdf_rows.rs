//! Table rows whose label wraps over several lines, as `pdftotext -layout`
//! prints them, joined into one line: the label's text, then the row's
//! numbers.
//!
//! In a PDF table a long row label wraps inside a narrow cell, and the row's
//! numbers are printed beside the label's first line (cells aligned to the
//! top), its middle (centred; the numbers then often get a line of their
//! own between two label lines) or below its last line. Read line by line,
//! the label's last line is then followed by the next row's numbers. Here
//! each page is looked at as a grid of fields (runs of text separated by two
//! or more spaces; positions counted in chars, as pdftotext places them):
//!
//! - The innermost label column is the rightmost text field of a line; a
//!   line's numbers are the number fields after it.
//! - A label's lines are chained: a line's rightmost text field continues
//!   the one on the nearest text line above when it overlaps it, is not
//!   wider, and does not start with an item number (`1.`, `（二）`, `三、`).
//!   Labels without item numbers (table 二) are continued only when the
//!   row's numbers come at or after the continuation, or when the line
//!   above is wider than every label beside numbers in its column (a row of
//!   blank cells under a row with numbers looks like a continuation too).
//!   A chain takes at most one line of numbers — one it prints numbers on,
//!   or a numbers-only line between two of its lines; a second one starts a
//!   new chain. A row cut by a page break continues with the first text
//!   line of the next page (columns may move between pages, so there only
//!   the item number and the width are looked at).
//! - A line of numbers belongs to the chain whose text is on it, else to the
//!   chain around it, else (numbers below the label) to the chain just above
//!   it when that chain starts with an item number and has no numbers yet.
//!   A line of numbers no chain claims is left where it is.
//!
//! Each claimed row is written on its numbers' line: group labels to the
//! left stay, the joined label, then the numbers. When a joined label
//! reaches into the numbers, every number column of the page (and the
//! headers above them) moves right by the same amount, so the columns stay
//! aligned. Pages without wrapped rows are kept byte for byte.

use std::ops::Range;

/// A field of a line: a run of text without two spaces in a row.
#[derive(Debug, Clone)]
struct Field {
    /// Byte range in the line.
    bytes: Range<usize>,
    /// First char column.
    x0: usize,
    /// Char column just past the field.
    x1: usize,
    numeric: bool,
}

/// A line of a page split into fields.
#[derive(Debug, Clone, Default)]
struct Line {
    fields: Vec<Field>,
    /// Index of the rightmost text field, when it is followed only by numbers.
    label: Option<usize>,
    /// Index of the first of the trailing number fields.
    numbers: Option<usize>,
}

impl Line {
    fn first_number_x(&self) -> Option<usize> {
        self.numbers.map(|i| self.fields[i].x0)
    }

    fn number_count(&self) -> usize {
        self.numbers.map_or(0, |i| self.fields.len() - i)
    }
}

/// A value as printed in a cell (`12`, `-3`, `0.5`, or a not-applicable
/// mark `/`, `—`, `无`), or several of them separated by single spaces.
fn is_numeric(s: &str) -> bool {
    const MARKS: [&str; 9] = ["/", "／", "—", "——", "-", "－", "--", "无", "\\"];
    s.split(' ').filter(|w| !w.is_empty()).all(|w| {
        if MARKS.contains(&w) {
            return true;
        }
        let w = w.strip_prefix(['-', '+']).unwrap_or(w);
        let mut parts = w.splitn(2, '.');
        let int = parts.next().unwrap_or("");
        !int.is_empty()
            && int.chars().all(|c| c.is_ascii_digit())
            && parts
                .next()
                .is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
    })
}

fn split(line: &str) -> Line {
    let mut fields = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, col)
    let mut spaces = 0usize;
    let mut last_end = (0usize, 0usize);
    for (col, (i, c)) in line.char_indices().enumerate() {
        if c == ' ' {
            spaces += 1;
            if spaces >= 2 {
                if let Some((b, x)) = start.take() {
                    fields.push((b..last_end.0, x, last_end.1));
                }
            }
            continue;
        }
        spaces = 0;
        if start.is_none() {
            start = Some((i, col));
        }
        last_end = (i + c.len_utf8(), col + 1);
    }
    if let Some((b, x)) = start {
        fields.push((b..last_end.0, x, last_end.1));
    }
    let fields: Vec<Field> = fields
        .into_iter()
        .map(|(bytes, x0, x1)| Field {
            numeric: is_numeric(&line[bytes.clone()]),
            bytes,
            x0,
            x1,
        })
        .collect();
    let trailing = fields.iter().rev().take_while(|f| f.numeric).count();
    let numbers = (trailing > 0).then(|| fields.len() - trailing);
    let label = match numbers {
        Some(0) => None,
        Some(n) => Some(n - 1),
        None => fields.len().checked_sub(1),
    };
    Line {
        fields,
        label,
        numbers,
    }
}

/// Whether a label starts with an item number: `一、`, `（一）`, `(一)`,
/// `1.`, `1、`, `1．`, `（1）`.
fn starts_with_item(s: &str) -> bool {
    let cjk_num = |c: char| "一二三四五六七八九十".contains(c);
    let mut cs = s.chars();
    let Some(first) = cs.next() else { return false };
    let rest: String = cs.take(4).collect();
    if first == '（' || first == '(' {
        let inner: String = rest
            .chars()
            .take_while(|c| *c != '）' && *c != ')')
            .collect();
        return !inner.is_empty()
            && inner.chars().count() <= 2
            && inner.chars().all(|c| cjk_num(c) || c.is_ascii_digit());
    }
    if cjk_num(first) {
        let mut r = rest.chars().skip_while(|c| cjk_num(*c) || *c == ' ');
        return r.next() == Some('、');
    }
    if first.is_ascii_digit() {
        let mut r = rest.chars().skip_while(|c| c.is_ascii_digit());
        return matches!(r.next(), Some('.' | '、' | '．'));
    }
    false
}

/// A chain of label fragments, top to bottom: (line index, field index).
#[derive(Debug, Default)]
struct Chain {
    parts: Vec<(usize, usize)>,
    /// The line of numbers the chain took.
    numbers: Option<usize>,
}

/// Join the wrapped row labels of a `pdftotext -layout` text (pages
/// separated by form feeds). A label cut by a page break continues on the
/// first text line of the next page.
pub fn join_wrapped_rows(text: &str) -> String {
    join(text).unwrap_or_else(|| text.to_string())
}

/// `None` when nothing is joined.
fn join(text: &str) -> Option<String> {
    // Lines without the form feeds that open pages, and their page.
    let mut raw: Vec<&str> = Vec::new();
    let mut feeds: Vec<usize> = Vec::new();
    let mut page: Vec<usize> = Vec::new();
    let mut p = 0;
    for l in text.split('\n') {
        let body = l.trim_start_matches('\u{c}');
        let f = l.len() - body.len();
        p += f;
        raw.push(body);
        feeds.push(f);
        page.push(p);
    }
    let lines: Vec<Line> = raw.iter().map(|l| split(l)).collect();
    // The lines of each page, as a range.
    let mut page_lines: Vec<Range<usize>> = Vec::new();
    for (li, &p) in page.iter().enumerate() {
        while page_lines.len() <= p {
            page_lines.push(li..li);
        }
        page_lines[p].end = li + 1;
    }
    let text_of = |li: usize, fi: usize| &raw[li][lines[li].fields[fi].bytes.clone()];
    let has_text = |k: usize| lines[k].fields.iter().any(|g| !g.numeric);
    // Numbers to the right of column `x` on line `li`.
    let numbers_right_of = |li: usize, x: usize| lines[li].first_number_x().is_some_and(|n| n > x);

    // Chains of the rightmost text fields.
    let mut chains: Vec<Chain> = Vec::new();
    let mut chain_of: Vec<Option<usize>> = vec![None; lines.len()];
    for li in 0..lines.len() {
        let Some(fi) = lines[li].label else { continue };
        let f = &lines[li].fields[fi];
        let own_numbers = lines[li].numbers.is_some();
        let mut joined = false;
        // The nearest line above with text in this column or right of it
        // (group labels further left are passed over): on the same page, or
        // the last one of the page before when this is the first of its page.
        let reaches = |k: usize| lines[k].fields.iter().any(|g| !g.numeric && g.x1 > f.x0);
        let first_of_page = !(0..li)
            .rev()
            .take_while(|&j| page[j] == page[li])
            .any(has_text);
        let above = if first_of_page {
            (0..li)
                .rev()
                .find(|&k| has_text(k))
                .filter(|&k| page[k] + 1 == page[li])
        } else {
            (li.saturating_sub(8)..li)
                .rev()
                .find(|&k| reaches(k))
                .filter(|&k| page[k] == page[li])
        };
        if let (false, Some(k)) = (starts_with_item(text_of(li, fi)), above) {
            if let (Some(pi), Some(ci)) = (lines[k].label, chain_of[k]) {
                let p = &lines[k].fields[pi];
                // Columns may move from page to page: across a page break
                // the continuation of a table row's label is the first text
                // of the page, whatever its column.
                let overlaps = (f.x0 < p.x1 && p.x0 < f.x1)
                    || (page[k] != page[li] && chains[ci].numbers.is_some() && !own_numbers);
                let narrower = f.x1 - f.x0 <= p.x1 - p.x0 + 1;
                // Lines of numbers the link would add to the chain.
                let crossing: Vec<usize> = (k + 1..li)
                    .filter(|&m| lines[m].label.is_none() && numbers_right_of(m, f.x0))
                    .collect();
                let added = crossing.len() + usize::from(own_numbers);
                // Rows without item numbers (table 二) could be a row with
                // blank cells under a row with numbers: a line continues such
                // a label only when the row's numbers come at or after it, or
                // when the line above is wider than every label printed
                // beside numbers in its column on the page (it filled its
                // cell and wrapped).
                let (hl, hf) = chains[ci].parts[0];
                let wrapped = || {
                    let others: Vec<usize> = page_lines[page[k]]
                        .clone()
                        .filter(|&j| j != k && lines[j].numbers.is_some())
                        .filter_map(|j| lines[j].label.map(|l| &lines[j].fields[l]))
                        .filter(|g| g.x0 < p.x1 && p.x0 < g.x1)
                        .map(|g| g.x1 - g.x0)
                        .collect();
                    others.iter().max().is_some_and(|&w| p.x1 - p.x0 > w)
                };
                let continues = starts_with_item(text_of(hl, hf))
                    || (added == 1 && chains[ci].numbers.is_none())
                    || wrapped();
                let chain = &mut chains[ci];
                if overlaps
                    && narrower
                    && continues
                    && added <= 1
                    && !(added == 1 && chain.numbers.is_some())
                {
                    if added == 1 {
                        chain.numbers = Some(crossing.first().copied().unwrap_or(li));
                    }
                    chain.parts.push((li, fi));
                    chain_of[li] = Some(ci);
                    joined = true;
                }
            }
        }
        if !joined {
            chain_of[li] = Some(chains.len());
            chains.push(Chain {
                parts: vec![(li, fi)],
                numbers: own_numbers.then_some(li),
            });
        }
    }

    // Numbers-only lines below a label (the numbers under its last line).
    let mut claimed = vec![false; lines.len()];
    for n in chains.iter().filter_map(|c| c.numbers) {
        claimed[n] = true;
    }
    for (li, line) in lines.iter().enumerate() {
        if line.numbers != Some(0) || line.number_count() < 2 || claimed[li] {
            continue;
        }
        let above = (li.saturating_sub(3)..li)
            .rev()
            .find(|&k| !lines[k].fields.is_empty())
            .filter(|&k| page[k] == page[li]);
        let Some(k) = above else { continue };
        let (Some(ci), Some(kf)) = (chain_of[k], lines[k].label) else {
            continue;
        };
        let chain = &mut chains[ci];
        let (hl, hf) = chain.parts[0];
        if chain.numbers.is_none()
            && chain.parts.last().map(|p| p.0) == Some(k)
            && starts_with_item(text_of(hl, hf))
            && numbers_right_of(li, lines[k].fields[kf].x0)
        {
            chain.numbers = Some(li);
        }
    }

    // Rows to write: chains of more than one line, or on another line than
    // their numbers. A row of blank cells (an item-numbered label of several
    // lines between rows with numbers) is written on its first line.
    let numbers_near = |from: usize, to: usize, p: usize| {
        (from..to.min(lines.len())).any(|j| page[j] == p && lines[j].numbers.is_some())
    };
    let rows: Vec<(&Chain, usize)> = chains
        .iter()
        .filter_map(|c| {
            let (head, hf) = c.parts[0];
            let last = c.parts.last().map_or(head, |p| p.0);
            let n = match c.numbers {
                Some(n) => n,
                None if c.parts.len() > 1
                    && starts_with_item(text_of(head, hf))
                    && numbers_near(head.saturating_sub(6), head, page[head])
                    && numbers_near(last + 1, last + 7, page[last]) =>
                {
                    head
                }
                None => return None,
            };
            (c.parts.len() > 1 || c.parts[0].0 != n).then_some((c, n))
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    // Items of every line: (column, text, is a number); the fields of the
    // joined chains are taken off their lines.
    let mut items: Vec<Vec<(usize, String, bool)>> = lines
        .iter()
        .enumerate()
        .map(|(li, l)| {
            l.fields
                .iter()
                .enumerate()
                .map(|(fi, f)| {
                    let number = l.numbers.is_some_and(|n| fi >= n);
                    (f.x0, text_of(li, fi).to_string(), number)
                })
                .collect()
        })
        .collect();
    let pages = page.last().map_or(1, |p| p + 1);
    let mut shift = vec![0usize; pages];
    let mut changed = vec![false; lines.len()];
    let mut placed: Vec<(usize, usize, String)> = Vec::new(); // (line, column, label)
    for &(c, n) in &rows {
        let label: String = c.parts.iter().map(|&(li, fi)| text_of(li, fi)).collect();
        let x = c
            .parts
            .iter()
            .filter(|p| page[p.0] == page[n])
            .map(|&(li, fi)| lines[li].fields[fi].x0)
            .min()
            .unwrap_or(0);
        // Group labels to the left on the numbers' line stay.
        let keep = lines[n].label.or(lines[n].numbers).unwrap_or(0);
        let left_end = lines[n].fields[..keep]
            .iter()
            .filter(|f| !f.numeric)
            .map(|f| f.x1 + 2)
            .max()
            .unwrap_or(0);
        let x = x.max(left_end);
        let end = x + label.chars().count() + 2;
        if let Some(first) = lines[n].first_number_x() {
            shift[page[n]] = shift[page[n]].max(end.saturating_sub(first));
        }
        for &(li, fi) in &c.parts {
            items[li][fi].1.clear();
            changed[li] = true;
        }
        changed[n] = true;
        placed.push((n, x, label));
    }
    for (n, x, label) in placed {
        items[n].push((x, label, false));
    }
    // The leftmost number of each page: what lies right of it moves with
    // the numbers.
    let mut numbers_from = vec![usize::MAX; pages];
    for (li, l) in lines.iter().enumerate() {
        if let Some(x) = l.first_number_x() {
            numbers_from[page[li]] = numbers_from[page[li]].min(x);
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    for (li, mut its) in items.into_iter().enumerate() {
        if li > 0 {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n('\u{c}', feeds[li]));
        let s = shift[page[li]];
        if !changed[li] && s == 0 {
            out.push_str(raw[li]);
            continue;
        }
        its.retain(|i| !i.1.is_empty());
        for it in its.iter_mut() {
            if it.2 || (s > 0 && lines[li].numbers.is_none() && it.0 >= numbers_from[page[li]]) {
                it.0 += s;
            }
        }
        its.sort_by_key(|i| i.0);
        let mut pos = 0usize;
        for (x, t, _) in its {
            let pad = if pos == 0 {
                x
            } else {
                x.saturating_sub(pos).max(2)
            };
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(&t);
            pos += pad + t.chars().count();
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<String> {
        join_wrapped_rows(text)
            .split('\n')
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn numbers_between_label_lines() {
        let text = [
            "        （三）    1.属于国家秘",
            "                         0    0    0    0    0   0    0",
            "        不予公      密",
            "         开     2.其他法律行   1    0    0     0     0   0    1",
            "               政法规禁止公",
            "                 开",
            "      3.补正后申请",
            "                0   0   0   0   0   0   0",
            "      内容仍不明确",
        ]
        .join("\n");
        let text = text.as_str();
        assert_eq!(
            rows(text),
            [
                "（三）",
                "1.属于国家秘密 0 0 0 0 0 0 0",
                "不予公",
                "开 2.其他法律行政法规禁止公开 1 0 0 0 0 0 1",
                "3.补正后申请内容仍不明确 0 0 0 0 0 0 0",
            ]
        );
    }

    #[test]
    fn group_labels_between_label_lines() {
        let text = [
            "（四）",
            "      2.没有现成信",
            "无法提",
            "      息需要另行制          0   0   0   0   0   0   0",
            " 供",
            "        作",
            "      3.补正后申请内容仍不明确   0   0   0   0   0   0   0",
        ]
        .join("\n");
        assert_eq!(
            rows(&text),
            [
                "（四）",
                "无法提",
                "2.没有现成信息需要另行制作 0 0 0 0 0 0 0",
                "供",
                "3.补正后申请内容仍不明确 0 0 0 0 0 0 0",
            ]
        );
    }

    #[test]
    fn label_cut_by_a_page_break() {
        let text = [
            "               3.危及“三安全一稳定”          0    0    0     0     0   0    0",
            "               4.保护第三方               0    0    0     0     0   0    0",
            "",
            "\u{c}                     合法权益",
            "      5.属于三类内部事务信息    0   0   0   0   0   0   0",
        ]
        .join("\n");
        let out = join_wrapped_rows(&text);
        assert_eq!(out.matches('\u{c}').count(), 1);
        assert_eq!(
            rows(&text),
            [
                "3.危及“三安全一稳定” 0 0 0 0 0 0 0",
                "4.保护第三方合法权益 0 0 0 0 0 0 0",
                "5.属于三类内部事务信息 0 0 0 0 0 0 0",
            ]
        );
    }

    #[test]
    fn a_row_of_blank_cells_is_not_a_continuation() {
        let text = [
            "     行政许可                    5",
            "     行政处罚                    1",
            "",
            "     行政强制",
            "              第二十条第（八）项",
        ]
        .join("\n");
        assert_eq!(join_wrapped_rows(&text), text);
        // A label that filled its cell and wrapped, numbers on its first line.
        let text = [
            "     行政许可              5",
            "     其他对外管理          1",
            "      服务事项",
        ]
        .join("\n");
        assert_eq!(rows(&text), ["行政许可 5", "其他对外管理服务事项 1"]);
    }

    #[test]
    fn marks_are_values() {
        // `无` is a cell's value, not a label continuing the header above.
        let text = [
            "                    上一年项目数",
            "       信息内容                  本年增/减    处理决定数量",
            "                      量",
            "",
            "       行政许可           无         0        1",
        ]
        .join("\n");
        assert_eq!(join_wrapped_rows(&text), text);
    }

    #[test]
    fn rows_of_blank_cells() {
        let text = [
            "                     2.重复申请       0   0   0       0       0           0",
            "",
            "                     3.要求提供公",
            "",
            "         （五）          开出版物",
            "",
            "         不予处         4.无正当理由",
            "                                  0",
            "             理       大量反复申请",
        ]
        .join("\n");
        assert_eq!(
            rows(&text),
            [
                "2.重复申请 0 0 0 0 0 0",
                "3.要求提供公开出版物",
                "（五）",
                "不予处",
                "4.无正当理由大量反复申请 0",
                "理",
            ]
        );
    }

    #[test]
    fn numbers_below_the_label() {
        let text = [
            "                  （一）予以公开                     0    0      0     0   0   0     0",
            "                  （二）部分公开（区分处理的，只计这一情 形，不",
            "                  计其他情形）",
            "                                              4    0      0     0   0   0     4",
            "                            1.属于国家秘密         1     0      0     0   0   0     1",
        ]
        .join("\n");
        let text = text.as_str();
        assert_eq!(
            rows(text),
            [
                "（一）予以公开 0 0 0 0 0 0 0",
                "（二）部分公开（区分处理的，只计这一情 形，不计其他情形） 4 0 0 0 0 0 4",
                "1.属于国家秘密 1 0 0 0 0 0 1",
            ]
        );
    }

    #[test]
    fn columns_stay_aligned() {
        // The joined label reaches into the numbers: every number and the
        // headers above them move right alike.
        let text = [
            "        信息内容   甲列    乙列",
            "      1.属于国家秘  0     0",
            "        密",
            "      2.其他     1     1",
        ]
        .join("\n");
        let out = join_wrapped_rows(&text);
        assert_ne!(out, text);
        // Char column of each field start.
        let starts = |l: &str| -> Vec<usize> {
            let f = split(l);
            f.fields.iter().map(|f| f.x0).collect()
        };
        let lines: Vec<&str> = out.split('\n').filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 3, "{out}");
        let (h, a, b) = (starts(lines[0]), starts(lines[1]), starts(lines[2]));
        assert_eq!(&a[1..], &b[1..], "{out}");
        assert_eq!(&h[1..], &a[1..], "{out}");
        assert!(a[1] >= a[0] + "1.属于国家秘密".chars().count() + 2, "{out}");
    }

    #[test]
    fn tables_without_wrapped_labels_are_kept() {
        let text = "规章                   0       0        0\n行政规范性文件         1       1        1\n行政处罚     3\n行政强制     0\n";
        assert_eq!(join_wrapped_rows(text), text);
        let para = "2024 年，某局主动公开政府信息情\n况如下：\n\u{c}  第二十条第（一）项\n";
        assert_eq!(join_wrapped_rows(para), para);
    }

    #[test]
    fn item_numbers() {
        for s in [
            "一、本年",
            "（二）部分",
            "(五)不予",
            "1.属于",
            "3、要求",
            "（1）",
            "十一、",
        ] {
            assert!(starts_with_item(s), "{s}");
        }
        for s in ["密", "第二十条", "行政许可", "2024 年", "（本列数据"] {
            assert!(!starts_with_item(s), "{s}");
        }
    }
}
