//! Numbers the narrative text states about quantities the tables hold:
//! 收到申请 N 件, 上年结转 N 件, 结转下年度 N 件, 行政复议 N 件, 行政诉讼 N 件,
//! 制发/废止/现行有效 规范性文件 N 件, 未收到申请, 未收取信息处理费 …
//!
//! Sentences are read clause by clause: a number counts only when it follows
//! the key words of its quantity in the same clause and is counted in 件.

use std::ops::Range;

use gongkai_model::Decimal;

use crate::norm::Normalized;

/// A statement found: quantity, value, normalised-char range of the clause.
#[derive(Debug, Clone)]
pub struct Fact {
    pub quantity: &'static str,
    pub value: Decimal,
    pub range: Range<usize>,
}

/// (quantity, key phrases in order, how far after the last key the number may
/// be). Counts are in 件, except the fee which is in 元 (see `unit_of`).
const PATTERNS: &[(&str, &[&str], usize)] = &[
    ("fees.info_processing", &["收取", "信息处理费"], 8),
    ("fees.info_processing", &["收取", "信息公开处理费"], 8),
    ("apply.carried_in.total", &["上年结转"], 16),
    ("apply.carried_in.total", &["上年度结转"], 16),
    ("apply.carried_out.total", &["结转下"], 16),
    ("apply.carried_out.total", &["转下一年度"], 16),
    ("apply.carried_out.total", &["结转至下"], 16),
    ("apply.carried_out.total", &["结转到下"], 16),
    ("apply.new.total", &["收到", "申请"], 6),
    ("apply.new.total", &["受理", "申请"], 6),
    ("apply.new.total", &["新收", "申请"], 6),
    ("review.total", &["行政复议"], 6),
    ("suit.total", &["行政诉讼"], 6),
    ("active.normative.issued", &["制发", "规范性文件"], 3),
    ("active.normative.repealed", &["废止", "规范性文件"], 3),
    ("active.normative.in_force", &["现行有效", "规范性文件"], 3),
    ("active.rules.issued", &["制发", "规章"], 3),
    ("active.rules.repealed", &["废止", "规章"], 3),
    ("active.rules.in_force", &["现行有效", "规章"], 3),
    ("apply.granted.total", &["同意公开"], 6),
    ("apply.granted.total", &["予以公开"], 6),
    ("apply.partial.total", &["部分公开"], 6),
];

// One bit per pattern in the clause masks of [`facts`], two bits kept.
const _: () = assert!(PATTERNS.len() <= 30);

/// Phrases whose absence from a clause rules a statement out (see [`facts`]).
const NEGATIONS: [&str; 5] = ["未收取", "无收取", "未产生", "没有产生", "未发生"];
const NOT_RECEIVED: &str = "未收到";

/// The phrases searched in the narrative, for the dictionary.
pub fn phrases() -> impl Iterator<Item = &'static str> {
    PATTERNS
        .iter()
        .flat_map(|(_, keys, _)| keys.iter().copied())
        .chain(NEGATIONS)
        .chain([NOT_RECEIVED])
}

fn is_clause_end(c: char) -> bool {
    matches!(c, '。' | ';' | '；' | '!' | '?' | '！' | '？' | ',' | '，')
}

fn find_from(hay: &[char], pat: &[char], from: usize) -> Option<usize> {
    if pat.is_empty() || hay.len() < pat.len() {
        return None;
    }
    (from..=hay.len() - pat.len()).find(|&i| hay[i..i + pat.len()] == *pat)
}

/// The unit a quantity is stated in.
fn unit_of(quantity: &str) -> char {
    if quantity.starts_with("fees.") {
        '元'
    } else {
        '件'
    }
}

/// A number `N<unit>` starting within `window` chars after `from`.
fn count_after(
    clause: &[char],
    from: usize,
    window: usize,
    unit: char,
) -> Option<(Decimal, usize, usize)> {
    let end = (from + window).min(clause.len());
    let mut i = from;
    while i < end {
        if clause[i].is_ascii_digit() {
            let mut j = i;
            while j < clause.len() && clause[j].is_ascii_digit() {
                j += 1;
            }
            if clause.get(j) == Some(&unit) && (i == 0 || !clause[i - 1].is_ascii_digit()) {
                let s: String = clause[i..j].iter().collect();
                return s.parse().ok().map(|v| (v, i, j + 1));
            }
            i = j;
            continue;
        }
        i += 1;
    }
    None
}

/// Read the facts from the normalised text, skipping `exclude` ranges (the tables).
pub fn facts(norm: &Normalized, exclude: &[Range<usize>]) -> Vec<Fact> {
    let mut out = Vec::new();
    let chars = &norm.chars;
    let mut start = 0;
    let mut clauses: Vec<Range<usize>> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if is_clause_end(c) {
            clauses.push(start..i);
            start = i + 1;
        }
    }
    clauses.push(start..chars.len());
    let pats: Vec<(&str, Vec<Vec<char>>, usize)> = PATTERNS
        .iter()
        .map(|(q, keys, w)| (*q, keys.iter().map(|k| k.chars().collect()).collect(), *w))
        .collect();
    // Which clauses hold the first phrase of each pattern (bit p), a
    // negation (bit NEG) or 未收到 (bit NONE): from the dictionary's
    // occurrences, so that a clause is only searched for the statements
    // whose opening phrase it contains.
    const NEG: u32 = 1 << 30;
    const NONE: u32 = 1 << 31;
    let mut masks = vec![0u32; clauses.len()];
    let mut mark = |pat: &[char], bit: u32| match norm.occurrences(pat) {
        Some(starts) => {
            for &s in starts {
                let s = s as usize;
                let c = clauses.partition_point(|cl| cl.end < s + pat.len());
                if let Some(cl) = clauses.get(c) {
                    if cl.start <= s {
                        masks[c] |= bit;
                    }
                }
            }
        }
        // Not in the dictionary: search every clause.
        None => masks.iter_mut().for_each(|m| *m |= bit),
    };
    for (p, (_, keys, _)) in pats.iter().enumerate() {
        if let Some(first) = keys.first() {
            mark(first, 1 << p);
        }
    }
    for neg in NEGATIONS {
        mark(&neg.chars().collect::<Vec<_>>(), NEG);
    }
    mark(&NOT_RECEIVED.chars().collect::<Vec<_>>(), NONE);
    for (cl, mask) in clauses.into_iter().zip(masks) {
        if mask == 0
            || cl.is_empty()
            || exclude.iter().any(|e| cl.start < e.end && e.start < cl.end)
        {
            continue;
        }
        let clause = &chars[cl.clone()];
        // Every statement read here has a count in 件 or is about a fee or
        // about receiving no application.
        if !clause
            .iter()
            .any(|&c| c == '件' || c == '费' || c == '未' || c == '元')
        {
            continue;
        }
        // 未收到…申请: no application received.
        if mask & NONE != 0 {
            if let Some(p) = find_from(clause, &['未', '收', '到'], 0) {
                // 未收到…申请, but not 未收到该申请人提交的补正.
                let applic = find_from(clause, &['申', '请'], p)
                    .filter(|&a| a <= p + 14 && clause.get(a + 2) != Some(&'人'));
                if applic.is_some() {
                    out.push(Fact {
                        quantity: "apply.new.total",
                        value: Decimal::ZERO,
                        range: cl.clone(),
                    });
                    continue;
                }
            }
        }
        if mask & NEG != 0 {
            for neg in [
                &['未', '收', '取'][..],
                &['无', '收', '取'],
                &['未', '产', '生'],
                &['没', '有', '产', '生'],
                &['未', '发', '生'],
            ] {
                if let Some(p) = find_from(clause, neg, 0) {
                    if clause[p..].contains(&'费') {
                        out.push(Fact {
                            quantity: "fees.info_processing",
                            value: Decimal::ZERO,
                            range: cl.clone(),
                        });
                        break;
                    }
                }
            }
        }
        for (p, (q, keys, window)) in pats.iter().enumerate() {
            if mask & (1 << p) == 0 {
                continue;
            }
            let mut pos = 0;
            let mut ok = true;
            for k in keys {
                match find_from(clause, k, pos) {
                    Some(p) => pos = p + k.len(),
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            // `予以公开及部分公开258件` states a sum of two rows, not either.
            let last = keys.last().map(|k| k.len()).unwrap_or(0);
            let key_start = pos - last;
            let joined =
                |c: Option<&char>| c.is_some_and(|c| matches!(c, '及' | '和' | '与' | '、' | '或'));
            if joined(key_start.checked_sub(1).and_then(|i| clause.get(i)))
                || joined(clause.get(pos))
            {
                continue;
            }
            // 未收到 is handled above; 不予公开 is not 予以公开.
            if *q == "apply.new.total" && clause.starts_with(&['未']) {
                continue;
            }
            if let Some((v, _, _)) = count_after(clause, pos, *window, unit_of(q)) {
                if !out.iter().any(|f: &Fact| f.quantity == *q && f.range == cl) {
                    out.push(Fact {
                        quantity: q,
                        value: v,
                        range: cl.clone(),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<(&'static str, String)> {
        let n = Normalized::new(text, 0);
        facts(&n, &[])
            .into_iter()
            .map(|f| (f.quantity, f.value.to_string()))
            .collect()
    }

    #[test]
    fn sentences() {
        assert_eq!(
            q("全年收到政府信息公开申请 34 件，上年结转政府信息公开申请 2 件。"),
            vec![
                ("apply.new.total", "34".into()),
                ("apply.carried_in.total", "2".into())
            ]
        );
        assert_eq!(
            q("2023年，索镇街道未收到政府信息公开申请。"),
            vec![("apply.new.total", "0".into())]
        );
        assert_eq!(
            q("我街道因政府信息公开被申请行政复议0件，被提起行政诉讼0件。"),
            vec![("review.total", "0".into()), ("suit.total", "0".into())]
        );
        assert_eq!(
            q("动态更新发布本年度制发行政规范性文件62件"),
            vec![("active.normative.issued", "62".into())]
        );
        assert_eq!(
            q("2023年，未收取任何信息处理费用。"),
            vec![("fees.info_processing", "0".into())]
        );
        // A year is not a count.
        assert!(q("2024年收到申请").is_empty());
    }
}
