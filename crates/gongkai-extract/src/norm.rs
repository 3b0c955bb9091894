//! A normalised view of the document text for label matching.
//!
//! Labels are matched on a copy of the text with whitespace, table separators
//! and Word markers (`[bookmark: …]`, `[image: …]`) removed and full-width
//! punctuation and digits folded to their half-width forms, so that
//! `本年 度办\n理结 果` matches `本年度办理结果` and `（一）` matches `(一)`.
//! Each normalised char remembers its byte range in the original text.

/// Fold one char for matching; `None` drops it.
pub fn fold(c: char) -> Option<char> {
    Some(match c {
        ' '
        | '\t'
        | '\n'
        | '\r'
        | '\u{c}'
        | '\u{a0}'
        | '\u{3000}'
        | '\u{2002}'..='\u{200b}'
        | '\u{feff}'
        | '|' => return None,
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '“' | '”' | '„' | '″' => '"',
        '‘' | '’' => '\'',
        '—' | '–' | '−' | '﹣' => '-',
        '。' => '。',
        '〔' | '【' => '[',
        '〕' | '】' => ']',
        _ => c,
    })
}

/// Fold a whole string (for patterns).
pub fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_digit = false;
    for c in s.chars() {
        if let Some(f) = fold(c) {
            // `1、` and `1．` are written for `1.`.
            let f = if prev_digit && f == '、' { '.' } else { f };
            prev_digit = f.is_ascii_digit();
            out.push(f);
        }
    }
    out
}

/// The normalised text with a map back to byte offsets.
#[derive(Debug, Default)]
pub struct Normalized {
    pub chars: Vec<char>,
    /// Byte offset in the original text of each normalised char.
    pub start: Vec<usize>,
    /// Byte offset just past each normalised char.
    pub end: Vec<usize>,
    /// Occurrences of every dictionary pattern, found in one pass on first use.
    hits: std::sync::OnceLock<Hits>,
}

/// Occurrences of the dictionary patterns, grouped by pattern: the starts
/// (normalised-char indices, ascending) of pattern `id` are
/// `starts[offsets[id]..offsets[id + 1]]`. Two allocations per document.
#[derive(Debug, Default)]
struct Hits {
    offsets: Vec<u32>,
    starts: Vec<u32>,
}

impl Hits {
    fn of(&self, id: usize) -> &[u32] {
        match (self.offsets.get(id), self.offsets.get(id + 1)) {
            (Some(&a), Some(&b)) => self.starts.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl Normalized {
    /// Normalise `text[range]`; offsets are absolute.
    pub fn new(text: &str, base: usize) -> Normalized {
        let mut n = Normalized {
            chars: Vec::with_capacity(text.len() / 2),
            start: Vec::with_capacity(text.len() / 2),
            end: Vec::with_capacity(text.len() / 2),
            hits: std::sync::OnceLock::new(),
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut prev_digit = false;
        while i < text.len() {
            // Skip Word/pandoc markers such as `[bookmark: _Hlk66973412]`, `[image: …]`.
            if bytes[i] == b'[' {
                if let Some(len) = marker_len(&text[i..]) {
                    i += len;
                    continue;
                }
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let len = c.len_utf8();
            if let Some(f) = fold(c) {
                let f = if prev_digit && f == '、' { '.' } else { f };
                prev_digit = f.is_ascii_digit();
                n.chars.push(f);
                n.start.push(base + i);
                n.end.push(base + i + len);
            }
            i += len;
        }
        n
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Byte range of the normalised chars `a..b`.
    pub fn bytes(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        if a >= b || a >= self.len() {
            let at = self
                .start
                .get(a)
                .copied()
                .unwrap_or_else(|| self.end.last().copied().unwrap_or(0));
            return at..at;
        }
        self.start[a]..self.end[b.min(self.len()) - 1]
    }

    /// The first normalised index whose char starts at or after `offset`.
    pub fn index_at(&self, offset: usize) -> usize {
        self.start.partition_point(|&s| s < offset)
    }

    /// Occurrences of the dictionary patterns (see [`crate::dict`]).
    fn dict_hits(&self) -> &Hits {
        self.hits.get_or_init(|| {
            let dict = &*crate::dict::DICT;
            let Some(ac) = &dict.ac else {
                return Hits::default();
            };
            // (pattern, start char) of every occurrence.
            let w = dict.width;
            let encoded = dict.encode(&self.chars);
            let mut found: Vec<(u32, u32)> = Vec::new();
            for m in ac.find_overlapping_iter(&encoded) {
                // Two-byte codes: a match must start on a char.
                if m.start() % w != 0 {
                    continue;
                }
                found.push((m.pattern().as_u32(), (m.start() / w) as u32));
            }
            // Group by pattern (a stable counting sort keeps the starts of
            // each pattern in ascending order).
            let mut offsets = vec![0u32; dict.len + 1];
            for &(id, _) in &found {
                offsets[id as usize + 1] += 1;
            }
            for i in 1..offsets.len() {
                offsets[i] += offsets[i - 1];
            }
            let mut next = offsets.clone();
            let mut starts = vec![0u32; found.len()];
            for &(id, p) in &found {
                let slot = &mut next[id as usize];
                starts[*slot as usize] = p;
                *slot += 1;
            }
            Hits { offsets, starts }
        })
    }

    /// Every occurrence (overlapping ones included) of a dictionary pattern,
    /// by ascending start; `None` when `pat` is not in the dictionary.
    pub fn occurrences(&self, pat: &[char]) -> Option<&[u32]> {
        let id = crate::dict::DICT.id(pat)?;
        Some(self.dict_hits().of(id))
    }

    /// Exact occurrences of `pat` (already folded) in `self.chars[from..to]`,
    /// left to right and not overlapping each other.
    pub fn find_all(&self, pat: &[char], from: usize, to: usize) -> Vec<usize> {
        if let Some(id) = crate::dict::DICT.id(pat) {
            let to = to.min(self.len());
            let mut out = Vec::new();
            {
                let list = self.dict_hits().of(id);
                let first = list.partition_point(|&p| (p as usize) < from);
                let mut next_free = from;
                for &p in &list[first..] {
                    let p = p as usize;
                    if p + pat.len() > to {
                        break;
                    }
                    if p >= next_free {
                        out.push(p);
                        next_free = p + pat.len();
                    }
                }
            }
            return out;
        }
        self.scan_all(pat, from, to)
    }

    fn scan_all(&self, pat: &[char], from: usize, to: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let to = to.min(self.len());
        if pat.is_empty() || to < pat.len() || from > to - pat.len() {
            return out;
        }
        let first = pat[0];
        let mut i = from;
        while i + pat.len() <= to {
            if self.chars[i] == first && self.chars[i..i + pat.len()] == *pat {
                out.push(i);
                i += pat.len();
            } else {
                i += 1;
            }
        }
        out
    }

    /// The first exact occurrence of `pat` in `from..to`.
    pub fn find(&self, pat: &[char], from: usize, to: usize) -> Option<usize> {
        if crate::dict::DICT.id(pat).is_some() {
            return self.find_all(pat, from, to).into_iter().next();
        }
        let to = to.min(self.len());
        if pat.is_empty() || to < pat.len() {
            return None;
        }
        let first = pat[0];
        (from..=to - pat.len())
            .find(|&i| self.chars[i] == first && self.chars[i..i + pat.len()] == *pat)
    }
}

/// Length of a `[bookmark: …]` / `[image: …]` marker at the start of `s`.
fn marker_len(s: &str) -> Option<usize> {
    const MARKERS: [&str; 4] = ["[bookmark:", "[image:", "[Bookmark:", "[Image:"];
    if !MARKERS.iter().any(|m| s.starts_with(m)) {
        return None;
    }
    let end = s[..crate::floor(s, s.len().min(1024))].find(']')?;
    Some(end + 1)
}

/// Is this char CJK (a Han character or CJK punctuation)?
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x2ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_space_and_markers() {
        let text = "（一）予以 公开\n[bookmark: _Hlk1]２、重复申请";
        let n = Normalized::new(text, 0);
        let s: String = n.chars.iter().collect();
        assert_eq!(s, "(一)予以公开2.重复申请");
        let pat: Vec<char> = fold_str("予以公开").chars().collect();
        let at = n.find(&pat, 0, n.len()).unwrap();
        let r = n.bytes(at, at + pat.len());
        assert_eq!(&text[r], "予以 公开");
    }
}
