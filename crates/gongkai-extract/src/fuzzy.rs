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
/// `max_dist` edits, left to right.
///
/// Only the parts of the text that can hold such an occurrence are scanned:
/// cut the pattern into `max_dist + 1` pieces; an occurrence with at most
/// `max_dist` edits leaves one piece intact, so it lies near an exact
/// occurrence of some piece. Around each piece found, the window that can
/// hold every such occurrence — from `2 × max_dist` chars before the
/// pattern's start to `max_dist` chars after its end — is searched with
/// [`sellers`]; overlapping windows are merged. An occurrence of at most
/// `max_dist` edits ending at `j` starts at or after `j - len - max_dist`,
/// which its window includes, so the distances and starts found are exactly
/// those of a search over the whole text. Cost: a scan per piece, plus
/// O(len(pat) × window) near candidate places, instead of
/// O(len(pat) × len(text)).
pub fn find_all(text: &[char], pat: &[char], max_dist: usize) -> Vec<Hit> {
    let m = pat.len();
    let mut hits: Vec<Hit> = Vec::new();
    if m == 0 || text.is_empty() {
        return hits;
    }
    let k = max_dist;
    let pieces = k + 1;
    if pieces > m {
        sellers(text, pat, k, 0, &mut hits);
        return hits;
    }
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for p in 0..pieces {
        let (a, b) = (p * m / pieces, (p + 1) * m / pieces);
        let piece = &pat[a..b];
        let first = piece[0];
        if text.len() < piece.len() {
            continue;
        }
        for q in 0..=text.len() - piece.len() {
            if text[q] == first && text[q..q + piece.len()] == *piece {
                let start = q.saturating_sub(a + 2 * k);
                let end = (q + (m - a) + k + 1).min(text.len());
                windows.push((start, end));
            }
        }
    }
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(windows.len());
    for (s, e) in windows {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    for (s, e) in merged {
        sellers(&text[s..e], pat, k, s, &mut hits);
    }
    hits
}

/// Sellers' dynamic programme over all of `text` (which starts at `base` in
/// the caller's text): append the best occurrences with at most `max_dist`
/// edits to `hits`, an occurrence overlapping the previous one replacing it
/// when it is better. Cost O(len(pat) × len(text)).
fn sellers(text: &[char], pat: &[char], max_dist: usize, base: usize, hits: &mut Vec<Hit>) {
    let m = pat.len();
    // prev[i] / cur[i]: distance of pat[..i] ending at the current text position,
    // with the start of that alignment.
    let mut prev: Vec<(usize, usize)> = (0..=m).map(|i| (i, base)).collect();
    let mut cur: Vec<(usize, usize)> = vec![(0, 0); m + 1];
    for (j, &tc) in text.iter().enumerate() {
        let j = base + j;
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

    /// The windowed search finds exactly what a search over the whole text finds.
    #[test]
    fn windows_find_what_the_whole_text_holds() {
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        let alphabet: Vec<char> = "其他法律行政规禁止公开本年".chars().collect();
        for _ in 0..3000 {
            let m = 1 + next(12);
            let pat: Vec<char> = (0..m)
                .map(|_| alphabet[next(alphabet.len() as u64)])
                .collect();
            let n = next(60);
            let mut text: Vec<char> = (0..n)
                .map(|_| alphabet[next(alphabet.len() as u64)])
                .collect();
            // Plant a mutated copy of the pattern now and then.
            if n > m && next(2) == 0 {
                let at = next((n - m) as u64);
                for (i, &c) in pat.iter().enumerate() {
                    if next(5) != 0 {
                        text[at + i] = c;
                    }
                }
            }
            let k = next(4);
            let mut whole = Vec::new();
            if !text.is_empty() {
                sellers(&text, &pat, k, 0, &mut whole);
            }
            assert_eq!(
                find_all(&text, &pat, k),
                whole,
                "{pat:?} in {text:?}, k = {k}"
            );
        }
    }

    #[test]
    fn nothing_close() {
        assert!(find_best(&chars("完全不同的文字"), &chars("属于国家秘密"), 1).is_none());
    }
}
