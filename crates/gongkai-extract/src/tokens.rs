//! Tokens of a table's value area: numbers, digit runs, blank cells,
//! not-applicable marks and text, each with its byte range.
//!
//! A line of a table is split into fields by the separators the layout uses
//! (tab, pipe, two or more spaces); a field is then classified. A field can
//! hold several values glued together (`21710000218`, `20 0 0 0 02`): that is
//! a [`Tok::Run`], segmented later by the solver.

use std::ops::Range;

use gongkai_model::Decimal;

/// What separates a run char from the char before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Nothing: the chars touch.
    None,
    /// One or more spaces inside a field: a hint that a cell ends here.
    Space,
    /// A field separator (tab, pipe, line break, cell boundary): a cell
    /// certainly ends here.
    Field,
}

/// One char of a digit run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunChar {
    /// An ASCII digit, `.`, `+` or `-`.
    pub c: char,
    pub start: usize,
    pub end: usize,
    pub gap: Gap,
}

/// A sequence of digits that holds one or more cell values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    pub chars: Vec<RunChar>,
}

impl Run {
    pub fn range(&self) -> Range<usize> {
        match (self.chars.first(), self.chars.last()) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => 0..0,
        }
    }

    /// Append another run, separated by a field boundary.
    pub fn push_field(&mut self, other: &Run) {
        for (i, rc) in other.chars.iter().enumerate() {
            let mut rc = *rc;
            if i == 0 && !self.chars.is_empty() {
                rc.gap = Gap::Field;
            }
            self.chars.push(rc);
        }
    }

    /// Number of fields separated by field boundaries or spaces.
    pub fn groups(&self) -> usize {
        if self.chars.is_empty() {
            return 0;
        }
        1 + self.chars[1..]
            .iter()
            .filter(|c| c.gap != Gap::None)
            .count()
    }

    pub fn text(&self) -> String {
        self.chars.iter().map(|c| c.c).collect()
    }
}

/// A token of a table line.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A single number as printed.
    Num {
        value: Decimal,
        raw: Range<usize>,
        run: Run,
    },
    /// Digits with no separator, or only single spaces, between several values.
    Run(Run),
    /// An empty cell.
    Blank(Range<usize>),
    /// `/`, `—`, `无` …
    Mark(Range<usize>),
    /// Anything else.
    Text(Range<usize>),
}

impl Tok {
    pub fn is_text(&self) -> bool {
        matches!(self, Tok::Text(_))
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, Tok::Blank(_))
    }

    pub fn is_value(&self) -> bool {
        matches!(self, Tok::Num { .. } | Tok::Run(_) | Tok::Mark(_))
    }

    pub fn range(&self) -> Range<usize> {
        match self {
            Tok::Num { raw, .. } => raw.clone(),
            Tok::Run(r) => r.range(),
            Tok::Blank(r) | Tok::Mark(r) | Tok::Text(r) => r.clone(),
        }
    }

    /// The digits of a number or run.
    pub fn run(&self) -> Option<&Run> {
        match self {
            Tok::Num { run, .. } => Some(run),
            Tok::Run(r) => Some(r),
            _ => None,
        }
    }
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{3000}' | '\u{2002}'..='\u{200b}' | '\u{feff}'
    )
}

/// ASCII form of a digit, sign or decimal point, full-width included.
fn digit_like(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - 0xfee0),
        '.' | '．' => Some('.'),
        '+' | '＋' | '﹢' => Some('+'),
        '-' | '－' | '−' | '﹣' => Some('-'),
        _ => None,
    }
}

/// Units and counters that may follow a number inside a cell.
const SUFFIXES: [&str; 7] = ["万元", "元", "万", "件", "条", "个", "项"];

/// Not-applicable marks.
const MARKS: [&str; 10] = ["/", "／", "—", "——", "-", "－", "--", "无", "\\", "、"];

/// Split a line into fields for a layout. `base` is the absolute offset of
/// `line`. Returns (field range, separated-by-pipe flag).
pub fn split_fields(line: &str, base: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if line.contains('\t') || line.contains('|') {
        let mut start = 0;
        for (i, c) in line.char_indices() {
            if c == '\t' || c == '|' {
                out.push(base + start..base + i);
                start = i + 1;
            }
        }
        out.push(base + start..base + line.len());
        // Markdown pipes: the text before the first pipe and after the last
        // are not cells when empty.
        if line.trim_start().starts_with('|') {
            if let Some(f) = out.first() {
                if line[f.start - base..f.end - base].trim().is_empty() {
                    out.remove(0);
                }
            }
        }
        if line.trim_end().ends_with('|') {
            if let Some(f) = out.last() {
                if line[f.start - base..f.end - base].trim().is_empty() {
                    out.pop();
                }
            }
        }
        return out;
    }
    // Whitespace-aligned columns: two or more spaces (or a full-width space)
    // separate fields.
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if is_space(c) {
            let mut j = i;
            while j < chars.len() && is_space(chars[j].1) {
                j += 1;
            }
            let wide = j - i >= 2 || c == '\u{3000}';
            if wide && pos > start {
                out.push(base + start..base + pos);
            }
            if wide {
                start = chars.get(j).map(|x| x.0).unwrap_or(line.len());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    if start < line.len() || out.is_empty() {
        out.push(base + start..base + line.len());
    }
    out
}

/// Classify one field of `text` (absolute range). A field that starts with
/// digits and continues with text yields a number/run followed by text.
pub fn classify(text: &str, range: Range<usize>) -> Vec<Tok> {
    let mut out = Vec::new();
    classify_into(text, range, &mut out);
    out
}

/// [`classify`], appending the tokens to `out`.
pub fn classify_into(text: &str, range: Range<usize>, out: &mut Vec<Tok>) {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start_matches(is_space_or_ws).len();
    let mut trimmed = s.trim_matches(is_space_or_ws);
    let mut lead = lead;
    // Word markers such as `[bookmark: _GoBack]` before a value.
    while trimmed.starts_with("[bookmark:") || trimmed.starts_with("[image:") {
        match trimmed.find(']') {
            Some(p) => {
                let rest = trimmed[p + 1..].trim_start_matches(is_space_or_ws);
                lead += trimmed.len() - rest.len();
                trimmed = rest;
            }
            None => break,
        }
    }
    let start = range.start + lead;
    let end = start + trimmed.len();
    if trimmed.is_empty() {
        out.push(Tok::Blank(range.start..range.start));
        return;
    }
    if MARKS.contains(&trimmed) {
        out.push(Tok::Mark(start..end));
        return;
    }
    // Scan the numeric prefix.
    let mut run = Run::default();
    let mut pending_space = false;
    let mut i = 0;
    let mut last_end = start;
    let bytes_trim = trimmed;
    let mut chars = bytes_trim.char_indices().peekable();
    while let Some(&(off, c)) = chars.peek() {
        if is_space_or_ws(c) {
            pending_space = true;
            chars.next();
            continue;
        }
        // Thousands separator: a comma between digits followed by 3 digits.
        if (c == ',' || c == '，') && !run.chars.is_empty() {
            let rest = &bytes_trim[off + c.len_utf8()..];
            let next3: Vec<char> = rest.chars().take(4).collect();
            if next3.len() >= 3
                && next3[..3].iter().all(|d| d.is_ascii_digit())
                && next3.get(3).is_none_or(|d| !d.is_ascii_digit())
                && !pending_space
            {
                chars.next();
                continue;
            }
            break;
        }
        let Some(d) = digit_like(c) else { break };
        // A sign only at the start of a value; a decimal point only between digits.
        if d == '.' {
            let next_is_digit = bytes_trim[off + c.len_utf8()..]
                .chars()
                .next()
                .and_then(digit_like)
                .is_some_and(|n| n.is_ascii_digit());
            if run.chars.is_empty() || pending_space || !next_is_digit {
                break;
            }
        }
        // A sign inside a run starts the next value (`80-20` is 80, -2, 0),
        // but only when a digit follows and a digit precedes.
        if (d == '+' || d == '-') && !(run.chars.is_empty() || pending_space) {
            let next_is_digit = bytes_trim[off + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_digit() || ('０'..='９').contains(&n));
            let prev_is_digit = run.chars.last().is_some_and(|p| p.c.is_ascii_digit());
            if !(next_is_digit && prev_is_digit) {
                break;
            }
        }
        let gap = if run.chars.is_empty() {
            Gap::None
        } else if pending_space {
            Gap::Space
        } else {
            Gap::None
        };
        pending_space = false;
        let abs = start + off;
        run.chars.push(RunChar {
            c: d,
            start: abs,
            end: abs + c.len_utf8(),
            gap,
        });
        last_end = abs + c.len_utf8();
        i = off + c.len_utf8();
        chars.next();
    }
    // A lone sign is not a number.
    while run.chars.last().is_some_and(|c| c.c == '+' || c.c == '-') {
        run.chars.pop();
    }
    if !run.chars.iter().any(|c| c.c.is_ascii_digit()) {
        out.push(Tok::Text(start..end));
        return;
    }
    // Units right after the digits belong to the value.
    let mut rest_off = i;
    let rest = &bytes_trim[rest_off..];
    let rest_trim = rest.trim_start_matches(is_space_or_ws);
    for suf in SUFFIXES {
        if rest_trim.starts_with(suf) {
            rest_off += rest.len() - rest_trim.len() + suf.len();
            last_end = start + rest_off;
            break;
        }
    }
    let single = run.chars[1..].iter().all(|c| c.gap == Gap::None);
    if single {
        let digits: String = run.chars.iter().map(|c| c.c).collect();
        match digits.trim_start_matches('+').parse::<Decimal>() {
            Ok(value) => out.push(Tok::Num {
                value,
                raw: start..last_end,
                run,
            }),
            Err(_) => out.push(Tok::Run(run)),
        }
    } else {
        out.push(Tok::Run(run));
    }
    let tail = &bytes_trim[rest_off..];
    if !tail.trim_matches(is_space_or_ws).is_empty() {
        let t_lead = tail.len() - tail.trim_start_matches(is_space_or_ws).len();
        out.push(Tok::Text(start + rest_off + t_lead..end));
    }
}

fn is_space_or_ws(c: char) -> bool {
    is_space(c) || c.is_whitespace()
}

/// Tokenize one line (absolute `range` within `text`).
pub fn tokenize_line(text: &str, range: Range<usize>) -> Vec<Tok> {
    let line = &text[range.clone()];
    let mut out = Vec::new();
    for f in split_fields(line, range.start) {
        let f_text = &text[f.clone()];
        if is_markdown_rule(f_text) {
            continue;
        }
        classify_into(text, f, &mut out);
    }
    out
}

/// `---`, `:---:`: the rule line of a markdown table.
fn is_markdown_rule(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.chars().all(|c| c == '-' || c == ':') && t.len() >= 3
}

/// Whether a whole line is a markdown table rule (`|---|---|`).
pub fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains("---") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize_line(s, 0..s.len())
    }

    #[test]
    fn tab_fields_with_blanks() {
        let t = toks("\t\t0\t12\t");
        assert!(matches!(t[0], Tok::Blank(_)));
        assert!(matches!(t[1], Tok::Blank(_)));
        assert!(matches!(&t[2], Tok::Num { value, .. } if value.is_zero()));
        assert!(matches!(&t[3], Tok::Num { value, .. } if *value == Decimal::from(12)));
        assert!(matches!(t[4], Tok::Blank(_)));
    }

    #[test]
    fn pipes_and_rules() {
        let t = toks("| 32 | 2 |  |");
        assert_eq!(t.len(), 3);
        assert!(t[2].is_blank());
        assert!(toks("|---|---|").is_empty());
    }

    #[test]
    fn numbers_as_printed() {
        let t = toks("1,234");
        assert!(matches!(&t[0], Tok::Num { value, .. } if *value == Decimal::from(1234)));
        let t = toks("１２");
        assert!(matches!(&t[0], Tok::Num { value, .. } if *value == Decimal::from(12)));
        let t = toks("+1");
        assert!(matches!(&t[0], Tok::Num { value, .. } if *value == Decimal::from(1)));
        let t = toks("−3");
        assert!(matches!(&t[0], Tok::Num { value, .. } if *value == Decimal::from(-3)));
        let t = toks("998.435698万元");
        assert!(matches!(&t[0], Tok::Num { value, .. } if value.to_string() == "998.435698"));
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn runs_and_text_tails() {
        let t = toks("20 0 0 0 02");
        assert!(matches!(&t[0], Tok::Run(r) if r.groups() == 5 && r.chars.len() == 7));
        let t = toks("18651.064104 (二)主动公开2023年");
        assert!(matches!(&t[0], Tok::Num { value, .. } if value.to_string() == "18651.064104"));
        assert!(t[1].is_text());
        assert!(toks("/")[0] == Tok::Mark(0..1));
        assert!(toks("属于国家秘密")[0].is_text());
    }

    #[test]
    fn aligned_columns() {
        let t = toks("本年新  705  3  0");
        assert!(t[0].is_text());
        assert_eq!(t.len(), 4);
    }
}
