//! The digit-run solver.
//!
//! Web pages flattened to text often lose the separators between cells:
//! `一、本年新收政府信息公开申请数量21710000218` is 217, 1, 0, 0, 0, 0, 218.
//! [`segment`] lists every way to cut a run into the row's cells (a number
//! never starts with 0 unless it is 0; decimals only in amount cells; signs
//! only in signed cells), and [`solve`] picks, across all rows of a table,
//! the readings that satisfy most of the template's relations — the same
//! relation list the checker uses — then agree best with numbers stated in
//! the report's text, then with the spacing. Cells on which the best
//! readings disagree are unknown.
//!
//! The search is bounded: a run allows at most [`MAX_SPLITS`] readings and a
//! table at most [`MAX_COMBINATIONS`] combinations; beyond that the rows stay
//! unknown rather than slow.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use gongkai_model::{CellKind, Decimal, Relation};

use crate::tokens::{Gap, Run};

/// Most readings kept for one run.
pub const MAX_SPLITS: usize = 20_000;
/// Most combinations of row readings tried for one table.
pub const MAX_COMBINATIONS: usize = 200_000;
/// Longest number accepted in one cell (chars).
const MAX_CELL_CHARS: usize = 14;

/// One cell of a reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub value: Decimal,
    /// Byte range in the document.
    pub range: Range<usize>,
    pub text: String,
}

/// One way to cut a run into cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub parts: Vec<Part>,
    /// Spaces in the run that fall inside a cell (fewer is better).
    pub spaces_ignored: usize,
}

/// Why a run could not be segmented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentError {
    /// No cut gives valid numbers for these cells.
    NoReading,
    /// Too many readings to consider.
    TooMany,
}

fn valid_part(chars: &[char], kind: CellKind) -> bool {
    if chars.is_empty() || chars.len() > MAX_CELL_CHARS {
        return false;
    }
    let (sign, body) = match chars[0] {
        '+' | '-' => (true, &chars[1..]),
        _ => (false, chars),
    };
    if body.is_empty() || (sign && kind != CellKind::Signed) {
        return false;
    }
    if sign && chars[0] == '-' && body == ['0'] {
        return false;
    }
    let dots = body.iter().filter(|&&c| c == '.').count();
    if dots > 1 || (dots == 1 && kind != CellKind::AmountWan) {
        return false;
    }
    if body.iter().any(|c| !(c.is_ascii_digit() || *c == '.')) {
        return false;
    }
    if body[0] == '.' || body[body.len() - 1] == '.' {
        return false;
    }
    // No leading zero on a multi-digit integer part.
    let int_len = body.iter().position(|&c| c == '.').unwrap_or(body.len());
    !(int_len > 1 && body[0] == '0')
}

/// Most cuts examined for one run, accepted or not.
const MAX_LEAVES: usize = 400_000;

/// Every way to cut `run` into `kinds.len()` cells.
pub fn segment(run: &Run, kinds: &[CellKind]) -> Result<Vec<Split>, SegmentError> {
    segment_where(run, kinds, &|_: &[Decimal]| true)
}

/// The cuts of `run` whose values satisfy `accept` (the relations that lie
/// within the row); when none does — the agency's own sums are wrong — every
/// cut, so that the table-wide solver can weigh them.
pub fn segment_where(
    run: &Run,
    kinds: &[CellKind],
    accept: &dyn Fn(&[Decimal]) -> bool,
) -> Result<Vec<Split>, SegmentError> {
    let chars: Vec<char> = run.chars.iter().map(|c| c.c).collect();
    let n = kinds.len();
    if n == 0 || chars.len() < n {
        return Err(SegmentError::NoReading);
    }
    let mut st = Search {
        run,
        chars: &chars,
        kinds,
        cuts: Vec::with_capacity(n + 1),
        values: Vec::with_capacity(n),
        accepted: Vec::new(),
        all: Vec::new(),
        leaves: 0,
        overflow: false,
    };
    st.cuts.push(0);
    st.rec(accept);
    if st.overflow {
        return Err(SegmentError::TooMany);
    }
    let chosen = if st.accepted.is_empty() {
        st.all
    } else {
        st.accepted
    };
    if chosen.is_empty() {
        return Err(SegmentError::NoReading);
    }
    Ok(chosen
        .iter()
        .map(|cuts| make_split(run, &chars, cuts))
        .collect())
}

struct Search<'a> {
    run: &'a Run,
    chars: &'a [char],
    kinds: &'a [CellKind],
    cuts: Vec<usize>,
    values: Vec<Decimal>,
    /// Cuts whose values satisfy the filter.
    accepted: Vec<Vec<usize>>,
    /// Every valid cut (kept while few, for the fallback).
    all: Vec<Vec<usize>>,
    leaves: usize,
    overflow: bool,
}

impl Search<'_> {
    fn rec(&mut self, accept: &dyn Fn(&[Decimal]) -> bool) {
        if self.overflow {
            return;
        }
        let k = self.cuts.len() - 1;
        let pos = self.cuts[k];
        let remaining = self.kinds.len() - k;
        let len = self.chars.len();
        if remaining == 1 {
            let part = &self.chars[pos..];
            if valid_part(part, self.kinds[k]) && !crosses_field(self.run, pos, len) {
                self.leaves += 1;
                if self.leaves > MAX_LEAVES || self.all.len() >= MAX_SPLITS {
                    self.overflow = true;
                    return;
                }
                self.values.push(value_of(part));
                self.cuts.push(len);
                if accept(&self.values) {
                    self.accepted.push(self.cuts.clone());
                }
                self.all.push(self.cuts.clone());
                self.cuts.pop();
                self.values.pop();
            }
            return;
        }
        let max_len = (len - pos).saturating_sub(remaining - 1);
        for l in 1..=max_len.min(MAX_CELL_CHARS) {
            let end = pos + l;
            if crosses_field(self.run, pos, end) {
                break;
            }
            let part = &self.chars[pos..end];
            if !valid_part(part, self.kinds[k]) {
                continue;
            }
            if len - end > (remaining - 1) * MAX_CELL_CHARS {
                continue;
            }
            self.values.push(value_of(part));
            self.cuts.push(end);
            self.rec(accept);
            self.cuts.pop();
            self.values.pop();
            if self.overflow {
                return;
            }
        }
    }
}

/// The value of a valid part (digits, one optional point, optional sign).
fn value_of(part: &[char]) -> Decimal {
    let (mut neg, mut mant, mut scale, mut frac) = (false, 0i128, 0u32, false);
    for &c in part {
        match c {
            '-' => neg = true,
            '+' => {}
            '.' => frac = true,
            d => {
                mant = mant * 10 + i128::from(d.to_digit(10).unwrap_or(0));
                if frac {
                    scale += 1;
                }
            }
        }
    }
    Decimal::try_from_i128_with_scale(if neg { -mant } else { mant }, scale)
        .unwrap_or(Decimal::ZERO)
}

/// Whether chars `a..b` span a field separator (which no cell can cross).
fn crosses_field(run: &Run, a: usize, b: usize) -> bool {
    run.chars[a + 1..b].iter().any(|c| c.gap == Gap::Field)
}

fn make_split(run: &Run, chars: &[char], cuts: &[usize]) -> Split {
    let mut parts = Vec::with_capacity(cuts.len() - 1);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let text: String = chars[a..b].iter().collect();
        let value = value_of(&chars[a..b]);
        parts.push(Part {
            value,
            range: run.chars[a].start..run.chars[b - 1].end,
            text,
        });
    }
    let spaces_ignored = (1..chars.len())
        .filter(|&i| run.chars[i].gap == Gap::Space && !cuts.contains(&i))
        .count();
    Split {
        parts,
        spaces_ignored,
    }
}

/// The report-scope relations of a template, resolved to cell indices once.
pub fn resolved(t: gongkai_model::TemplateId) -> &'static [Resolved] {
    use gongkai_model::TemplateId;
    fn build(t: TemplateId) -> Vec<Resolved> {
        let def = t.get();
        def.relations_of(gongkai_model::Scope::Report)
            .filter_map(|r| Resolved::new(r, |id| def.cell_index(id)))
            .collect()
    }
    static R2019: std::sync::LazyLock<Vec<Resolved>> =
        std::sync::LazyLock::new(|| build(TemplateId::Y2019));
    static R2021: std::sync::LazyLock<Vec<Resolved>> =
        std::sync::LazyLock::new(|| build(TemplateId::Y2021));
    match t {
        TemplateId::Y2019 => &R2019,
        TemplateId::Y2021 => &R2021,
    }
}

/// A relation with its terms resolved to template cell indices.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// (cell, negative) on each side.
    pub lhs: Vec<(usize, bool)>,
    pub rhs: Vec<(usize, bool)>,
}

impl Resolved {
    /// Resolve a report-scope relation against a template's cell index.
    pub fn new(rel: &Relation, index: impl Fn(&str) -> Option<usize>) -> Option<Resolved> {
        let side = |terms: &[gongkai_model::Term]| -> Option<Vec<(usize, bool)>> {
            terms
                .iter()
                .map(|t| (!t.prev).then(|| index(&t.cell).map(|i| (i, t.negative)))?)
                .collect()
        };
        Some(Resolved {
            lhs: side(&rel.lhs)?,
            rhs: side(&rel.rhs)?,
        })
    }

    pub fn cells(&self) -> impl Iterator<Item = usize> + '_ {
        self.lhs.iter().chain(self.rhs.iter()).map(|(c, _)| *c)
    }

    /// Whether the relation holds; false when a cell has no number.
    pub fn holds(&self, value: impl Fn(usize) -> Option<Decimal>) -> bool {
        let sum = |side: &[(usize, bool)]| -> Option<Decimal> {
            side.iter().try_fold(Decimal::ZERO, |acc, &(c, neg)| {
                let v = value(c)?;
                Some(if neg { acc - v } else { acc + v })
            })
        };
        match (sum(&self.lhs), sum(&self.rhs)) {
            (Some(l), Some(r)) => l == r,
            _ => false,
        }
    }
}

/// A row of a table for the solver: its template cells and the readings the
/// text allows (one reading when the cells were separated in the text).
#[derive(Debug, Clone)]
pub struct RowReadings {
    /// Template cell indices, in column order.
    pub cells: Vec<usize>,
    /// Candidate values per reading (`None` = no number in that cell).
    pub readings: Vec<Vec<Option<Decimal>>>,
    /// Spaces ignored per reading.
    pub spaces: Vec<usize>,
}

/// The chosen readings of a table.
#[derive(Debug, Clone)]
pub struct Solution {
    /// For each row: the indices of the readings that are among the best.
    pub best: Vec<Vec<usize>>,
    /// The search was cut short by [`MAX_COMBINATIONS`].
    pub truncated: bool,
}

type Score = (usize, usize, isize);

/// The (row, column) of a cell among the rows solved.
#[derive(Clone, Copy)]
struct Owner<'a>(&'a [Option<(usize, usize)>]);

impl Owner<'_> {
    fn get(&self, cell: &usize) -> Option<&(usize, usize)> {
        self.0.get(*cell).and_then(Option::as_ref)
    }

    fn contains_key(&self, cell: &usize) -> bool {
        self.get(cell).is_some()
    }
}

/// Choose the readings of all rows of a table together.
///
/// `relations` are the template's report-scope relations; `known` gives the
/// numbers of cells outside these rows (`None` when not a number); `hints`
/// maps cell index → a value the report's text states for it.
pub fn solve(
    rows: &[RowReadings],
    relations: &[Resolved],
    known: &dyn Fn(usize) -> Option<Decimal>,
    hints: &HashMap<usize, Decimal>,
) -> Solution {
    // Row and column of each cell of these rows, indexed by cell (a
    // vector: looked up for every term of every relation scored).
    let size = rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .chain(
            relations
                .iter()
                .flat_map(|r| r.lhs.iter().chain(&r.rhs))
                .map(|(c, _)| c),
        )
        .max()
        .map_or(0, |m| m + 1);
    let mut owner_of: Vec<Option<(usize, usize)>> = vec![None; size];
    for (r, row) in rows.iter().enumerate() {
        for (c, &cell) in row.cells.iter().enumerate() {
            owner_of[cell] = Some((r, c));
        }
    }
    let owner = Owner(&owner_of);
    let relevant: Vec<&Resolved> = relations
        .iter()
        .filter(|rel| rel.cells().any(|c| owner.contains_key(&c)))
        .collect();
    let value_of = |choice: &[usize], cell: usize| -> Option<Decimal> {
        match owner.get(&cell) {
            Some(&(r, c)) => rows[r].readings.get(choice[r]).and_then(|v| v[c]),
            None => known(cell),
        }
    };
    let score = |choice: &[usize]| -> Score {
        let sat = relevant
            .iter()
            .filter(|rel| rel.holds(|c| value_of(choice, c)))
            .count();
        let agree = hints
            .iter()
            .filter(|(cell, v)| {
                owner.get(cell).is_some_and(|&(r, c)| {
                    rows[r].readings.get(choice[r]).and_then(|x| x[c]) == Some(**v)
                })
            })
            .count();
        let spaces: usize = rows
            .iter()
            .enumerate()
            .map(|(r, row)| row.spaces.get(choice[r]).copied().unwrap_or(0))
            .sum();
        (sat, agree, -(spaces as isize))
    };

    // Row-local pruning: keep, per row, the readings that satisfy most of
    // the relations lying within that row alone.
    let mut options: Vec<Vec<usize>> = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let all: Vec<usize> = (0..row.readings.len()).collect();
        let local: Vec<&&Resolved> = relevant
            .iter()
            .filter(|rel| rel.cells().all(|c| owner.get(&c).is_some_and(|o| o.0 == r)))
            .collect();
        if row.readings.len() <= 1 || local.is_empty() {
            options.push(all);
            continue;
        }
        let sats: Vec<usize> = all
            .iter()
            .map(|&i| {
                local
                    .iter()
                    .filter(|rel| rel.holds(|c| owner.get(&c).and_then(|o| row.readings[i][o.1])))
                    .count()
            })
            .collect();
        let max = sats.iter().copied().max().unwrap_or(0);
        options.push(all.into_iter().filter(|&i| sats[i] == max).collect());
    }

    let product = options
        .iter()
        .try_fold(1usize, |acc, o| acc.checked_mul(o.len().max(1)));
    let mut best: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    match product {
        Some(p) if p <= MAX_COMBINATIONS => {
            let mut best_score: Option<Score> = None;
            let mut idx = vec![0usize; rows.len()];
            let mut choice: Vec<usize> = vec![0; rows.len()];
            loop {
                for r in 0..rows.len() {
                    choice[r] = options[r].get(idx[r]).copied().unwrap_or(0);
                }
                let s = score(&choice);
                match best_score {
                    Some(b) if s < b => {}
                    Some(b) if s == b => {
                        for (r, &c) in choice.iter().enumerate() {
                            if !best[r].contains(&c) {
                                best[r].push(c);
                            }
                        }
                    }
                    _ => {
                        best_score = Some(s);
                        for (r, &c) in choice.iter().enumerate() {
                            best[r] = vec![c];
                        }
                    }
                }
                // Next combination (odometer).
                let mut r = 0;
                while r < rows.len() {
                    idx[r] += 1;
                    if idx[r] < options[r].len() {
                        break;
                    }
                    idx[r] = 0;
                    r += 1;
                }
                if r == rows.len() {
                    break;
                }
            }
            Solution {
                best,
                truncated: false,
            }
        }
        _ => {
            // Too many combinations: keep every row-locally best reading, so
            // that rows the relations could not settle stay unknown.
            Solution {
                best: options,
                truncated: true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::RunChar;

    pub(crate) fn run_of(s: &str) -> Run {
        let mut chars = Vec::new();
        let mut gap = Gap::None;
        let mut off = 0;
        for c in s.chars() {
            match c {
                ' ' => gap = Gap::Space,
                '|' => gap = Gap::Field,
                _ => {
                    chars.push(RunChar {
                        c,
                        start: off,
                        end: off + 1,
                        gap: if chars.is_empty() { Gap::None } else { gap },
                    });
                    gap = Gap::None;
                }
            }
            off += c.len_utf8();
        }
        Run { chars }
    }

    fn values(s: &Split) -> Vec<String> {
        s.parts.iter().map(|p| p.text.clone()).collect()
    }

    #[test]
    fn no_leading_zeros() {
        let splits = segment(&run_of("021"), &[CellKind::Count; 3]).unwrap();
        assert_eq!(splits.len(), 1);
        assert_eq!(values(&splits[0]), ["0", "2", "1"]);
        let splits = segment(
            &run_of("8801"),
            &[CellKind::Count, CellKind::Signed, CellKind::Count],
        )
        .unwrap();
        let all: Vec<_> = splits.iter().map(values).collect();
        assert!(all.contains(&vec!["88".into(), "0".into(), "1".into()]));
        assert!(all.contains(&vec!["8".into(), "80".into(), "1".into()]));
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn decimals_only_in_amounts() {
        let splits = segment(&run_of("547.9659"), &[CellKind::Count, CellKind::AmountWan]).unwrap();
        let all: Vec<_> = splits.iter().map(values).collect();
        assert_eq!(all, vec![vec!["5", "47.9659"], vec!["54", "7.9659"]]);
    }

    #[test]
    fn field_boundaries_are_cuts() {
        let splits = segment(&run_of("12|3"), &[CellKind::Count; 2]).unwrap();
        assert_eq!(splits.len(), 1);
        assert_eq!(values(&splits[0]), ["12", "3"]);
        assert_eq!(
            segment(&run_of("1|2|3"), &[CellKind::Count; 2]),
            Err(SegmentError::NoReading)
        );
    }

    #[test]
    fn spaces_are_hints() {
        let splits = segment(&run_of("20 0 0 0 02"), &[CellKind::Count; 7]).unwrap();
        assert_eq!(splits.len(), 1);
        assert_eq!(splits[0].spaces_ignored, 0);
    }

    #[test]
    fn bounded() {
        let long = "1".repeat(200);
        assert!(segment(&run_of(&long), &[CellKind::Count; 7]).is_err());
    }
}
