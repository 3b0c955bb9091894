//! Finding labels (row labels, headers, captions, section headings) in the
//! normalised text.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use crate::fuzzy;
use crate::norm::{fold_str, Normalized};

/// A label found in the text. Positions are normalised-char indices.
#[derive(Debug, Clone)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    /// Edits between the printed label and the pattern (0 = identical).
    pub dist: usize,
    /// Length of the pattern that matched (for the similarity score).
    pub pat_len: usize,
}

impl Found {
    pub fn score(&self) -> f32 {
        if self.pat_len == 0 {
            return 1.0;
        }
        1.0 - self.dist as f32 / self.pat_len as f32
    }
}

/// The folded chars of a pattern. Patterns are the template's labels, a
/// small fixed set, so they are folded once per thread and shared.
pub fn chars(s: &str) -> Rc<[char]> {
    thread_local! {
        static CACHE: RefCell<HashMap<String, Rc<[char]>>> = RefCell::new(HashMap::default());
    }
    CACHE.with(|c| {
        if let Some(v) = c.borrow().get(s) {
            return v.clone();
        }
        let v: Rc<[char]> = fold_str(s).chars().collect::<Vec<_>>().into();
        let mut cache = c.borrow_mut();
        // Bounded: only labels are cached, but never let it grow without limit.
        if cache.len() < 4096 {
            cache.insert(s.to_string(), v.clone());
        }
        v
    })
}

/// If the item number `item` (e.g. `1.`, `(一)`, `一、`) is printed right
/// before normalised index `at`, the index where it starts.
pub fn item_before(norm: &Normalized, at: usize, item: &str) -> Option<usize> {
    if item.is_empty() {
        return None;
    }
    let pat = chars(item);
    let printed = |v: &[char]| at >= v.len() && norm.chars[at - v.len()..at] == *v;
    if printed(&pat) {
        return Some(at - pat.len());
    }
    // `1.` may be printed `1、`(folded to `1.`), `(1)` or `1`.
    if pat.len() == 2 && pat[0].is_ascii_digit() && pat[1] == '.' && printed(&['(', pat[0], ')']) {
        return Some(at - 3);
    }
    // `（一）` may be printed `(一)` (folded) or `一、`.
    if pat.first() == Some(&'(')
        && pat.last() == Some(&')')
        && pat.len() == 3
        && printed(&[pat[1], '、'])
    {
        return Some(at - 2);
    }
    None
}

/// Exact occurrences of any of `patterns` in `range`.
pub fn find_exact<P: AsRef<[char]>>(
    norm: &Normalized,
    patterns: &[P],
    range: Range<usize>,
) -> Vec<Found> {
    let mut out = Vec::new();
    for p in patterns {
        let p = p.as_ref();
        for s in norm.find_all(p, range.start, range.end) {
            out.push(Found {
                start: s,
                end: s + p.len(),
                dist: 0,
                pat_len: p.len(),
            });
        }
    }
    out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    // Drop occurrences inside a longer one (an alias inside the full label).
    let mut kept: Vec<Found> = Vec::new();
    for f in out {
        if kept.last().is_some_and(|k| f.start < k.end) {
            continue;
        }
        kept.push(f);
    }
    kept
}

/// Approximate occurrences of `pattern` in `range`, skipping chars covered by `taken`.
pub fn find_fuzzy(
    norm: &Normalized,
    pattern: &[char],
    range: Range<usize>,
    taken: &[Range<usize>],
) -> Vec<Found> {
    let max = fuzzy::max_edits(pattern.len());
    if max == 0 || range.start >= range.end {
        return Vec::new();
    }
    let end = range.end.min(norm.len());
    let text = &norm.chars[range.start..end];
    fuzzy::find_all(text, pattern, max)
        .into_iter()
        .map(|h| Found {
            start: range.start + h.start,
            end: range.start + h.end,
            dist: h.dist,
            pat_len: pattern.len(),
        })
        .filter(|f| !taken.iter().any(|t| f.start < t.end && t.start < f.end))
        .collect()
}
