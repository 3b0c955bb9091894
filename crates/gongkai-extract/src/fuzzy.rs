//! Approximate substring search (Sellers' algorithm): find where a label
//! occurs in the text with the fewest edits, so that typos such as
//! 其他法律行政止公开 or 先行有效件数 still match their template label.

/// An approximate occurrence: `text[start..end]` is `dist` edits from the pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub dist: usize,
}

/// The edits allowed for a pattern of `len` chars: none below 4 chars, then
/// about one in four.
pub fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => len / 4,
    }
}

/// All non-overlapping best occurrences of `pat` in `text` with at most
/// `max_dist` edits, left to right. Cost O(len(pat) × len(text)).
pub fn find_all(text: &[char], pat: &[char], max_dist: usize) -> Vec<Hit> {
    let m = pat.len();
    let mut hits: Vec<Hit> = Vec::new();
    if m == 0 || text.is_empty() {
        return hits;
    }
    // prev[i] / cur[i]: distance of pat[..i] ending at the current text position,
    // with the start of that alignment.
    let mut prev: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
    let mut cur: Vec<(usize, usize)> = vec![(0, 0); m + 1];
    for (j, &tc) in text.iter().enumerate() {
        cur[0] = (0, j + 1);
        for i in 1..=m {
            let sub = (prev[i - 1].0 + usize::from(pat[i - 1] != tc), prev[i - 1].1);
            let del = (prev[i].0 + 1, prev[i].1); // text char not in pattern
            let ins = (cur[i - 1].0 + 1, cur[i - 1].1); // pattern char missing
            let mut best = sub;
            if del.0 < best.0 || (del.0 == best.0 && del.1 < best.1) {
                best = del;
            }
            if ins.0 < best.0 || (ins.0 == best.0 && ins.1 < best.1) {
                best = ins;
            }
            cur[i] = best;
        }
        let (d, s) = cur[m];
        if d <= max_dist {
            let hit = Hit {
                start: s,
                end: j + 1,
                dist: d,
            };
            match hits.last_mut() {
                // Same alignment region: keep the better (then the shorter) one.
                Some(last) if hit.start < last.end => {
                    if hit.dist < last.dist {
                        *last = hit;
                    }
                }
                _ => hits.push(hit),
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    hits
}

/// The best occurrence (fewest edits, then leftmost).
pub fn find_best(text: &[char], pat: &[char], max_dist: usize) -> Option<Hit> {
    find_all(text, pat, max_dist)
        .into_iter()
        .min_by_key(|h| (h.dist, h.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn exact_and_typo() {
        let t = chars("xx其他法律行政止公开00");
        let h = find_best(&t, &chars("其他法律行政法规禁止公开"), 3).unwrap();
        assert_eq!((h.start, h.end, h.dist), (2, 11, 3));
        let t = chars("本年制发件数本年度止件数先行有效件数");
        let h = find_best(&t, &chars("本年废止件数"), 1).unwrap();
        assert_eq!((h.start, h.end, h.dist), (6, 12, 1));
        let h = find_best(&t, &chars("现行有效件数"), 1).unwrap();
        assert_eq!((h.start, h.end), (12, 18));
    }

    #[test]
    fn nothing_close() {
        assert!(find_best(&chars("完全不同的文字"), &chars("属于国家秘密"), 1).is_none());
    }
}
