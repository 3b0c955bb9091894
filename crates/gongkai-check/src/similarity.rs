//! A compact fingerprint of a report's narrative text, to tell whether a
//! report copies last year's text.
//!
//! The narrative (text lines outside the tables) is reduced to its Chinese
//! characters and letters, with every digit run replaced by `#` (so changed
//! numbers and years do not hide a copy), cut into 5-character shingles, and
//! kept as a bottom-k sketch of their hashes: enough to estimate the Jaccard
//! similarity of two texts in a few hundred bytes.

use std::collections::BTreeSet;

use gongkai_ingest::{Block, Document};

const SHINGLE: usize = 5;
const K: usize = 512;

/// A bottom-k sketch of a text's shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    /// The smallest `K` distinct shingle hashes, sorted.
    hashes: Vec<u64>,
    /// How many distinct shingles the text has.
    pub shingles: usize,
}

fn fnv1a(chars: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        for b in (*c as u32).to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The narrative characters of a line, or `None` for a table-like line.
fn narrative_chars(line: &str, out: &mut Vec<char>) {
    if line.contains('\t') {
        return;
    }
    let total = line.chars().filter(|c| !c.is_whitespace()).count();
    let digits = line.chars().filter(|c| c.is_ascii_digit()).count();
    if total < 10 || digits * 3 > total {
        return;
    }
    let mut last_digit = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !last_digit {
                out.push('#');
            }
            last_digit = true;
            continue;
        }
        last_digit = false;
        if c.is_alphabetic() {
            out.push(c);
        }
    }
}

impl Sketch {
    /// The sketch of a text.
    pub fn of_text<'a>(lines: impl IntoIterator<Item = &'a str>) -> Sketch {
        let mut chars = Vec::new();
        for line in lines {
            narrative_chars(line, &mut chars);
        }
        let mut set = BTreeSet::new();
        for w in chars.windows(SHINGLE) {
            set.insert(fnv1a(w));
        }
        let shingles = set.len();
        Sketch {
            hashes: set.into_iter().take(K).collect(),
            shingles,
        }
    }

    /// The sketch of a document's narrative (its text blocks).
    pub fn of_document(doc: &Document) -> Sketch {
        let lines = doc.blocks.iter().filter_map(|b| match b {
            Block::Text { span } => doc.text.get(span.clone()),
            Block::Table(_) => None,
        });
        Sketch::of_text(lines)
    }

    /// The estimated Jaccard similarity of two texts, in 0..=1.
    pub fn similarity(&self, other: &Sketch) -> f64 {
        let a: BTreeSet<u64> = self.hashes.iter().copied().collect();
        let b: BTreeSet<u64> = other.hashes.iter().copied().collect();
        let union: Vec<u64> = a.union(&b).copied().take(K).collect();
        if union.is_empty() {
            return 0.0;
        }
        let both = union
            .iter()
            .filter(|h| a.contains(h) && b.contains(h))
            .count();
        both as f64 / union.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_similar_and_rewrites_are_not() {
        let a = "2023年，本局认真贯彻落实政府信息公开条例，全年主动公开政府信息120条，办理依申请公开3件。加强平台建设，规范公开流程，提升公开质量。";
        let b = "2024年，本局认真贯彻落实政府信息公开条例，全年主动公开政府信息98条，办理依申请公开5件。加强平台建设，规范公开流程，提升公开质量。";
        let c = "本年度围绕优化营商环境，重点公开惠企政策与项目审批结果，开展政策解读与在线访谈，回应社会关切，群众满意度持续提高。";
        let sa = Sketch::of_text([a]);
        let sb = Sketch::of_text([b]);
        let sc = Sketch::of_text([c]);
        assert!(sa.similarity(&sb) > 0.95, "{}", sa.similarity(&sb));
        assert!(sa.similarity(&sc) < 0.1);
        assert!(Sketch::of_text(["规章\t0\t0\t0"]).shingles == 0);
    }
}
