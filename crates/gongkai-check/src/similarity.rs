//! A compact fingerprint of a report's narrative text, to tell whether a
//! report copies last year's text.
//!
//! The narrative (text lines outside the tables) is reduced to its Chinese
//! characters and Latin letters, with every digit run replaced by `#` (so
//! changed numbers and years do not hide a copy), cut into five-character
//! shingles hashed with a rolling hash; one shingle in eight is kept, by its
//! hash (at most the 1024 smallest): enough to estimate the Jaccard
//! similarity of two texts, computed in one pass.

use gongkai_ingest::{Block, Document};

/// A shingle is five characters.
const SHINGLE: usize = 5;
/// One shingle in `SAMPLE` is kept (the same ones in every text): those
/// whose hash times `SAMPLER` has its top `64 - SAMPLE_SHIFT` bits zero.
const SAMPLE: usize = 8;
const SAMPLE_SHIFT: u32 = 61;
const SAMPLER: u64 = 0x9e37_79b9_7f4a_7c15;
/// At most the `K` smallest sampled hashes are kept.
const K: usize = 1024;

/// A bottom-k sketch of a text's shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    /// The sampled distinct shingle hashes (at most the `K` smallest), sorted.
    hashes: Vec<u64>,
    /// How many shingles the text has (counting repeats).
    pub shingles: usize,
}

/// Narrative characters sketched at most (about two pages).
const MAX_CHARS: usize = 2000;

/// The multiplier of the rolling hash.
const P: u64 = 0x0000_0100_0000_01b3;

/// A finaliser that spreads the rolling hash over all 64 bits (splitmix64).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Append the narrative characters of a line (nothing for a table-like
/// line): Chinese characters and Latin letters, each run of digits as `#`.
fn narrative_chars(line: &str, out: &mut Vec<u32>) {
    if line.as_bytes().contains(&b'\t') {
        return;
    }
    let start = out.len();
    let (mut letters, mut digits) = (0usize, 0usize);
    let mut last_digit = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if !last_digit {
                out.push(u32::from('#'));
            }
            last_digit = true;
            continue;
        }
        last_digit = false;
        if matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | 'a'..='z' | 'A'..='Z') {
            letters += 1;
            out.push(u32::from(c));
        }
    }
    // A short line, or one mostly of digits (a table row), is not narrative.
    if letters < 10 || digits * 3 > letters {
        out.truncate(start);
    }
}

impl Sketch {
    /// The sketch of a text.
    pub fn of_text<'a>(lines: impl IntoIterator<Item = &'a str>) -> Sketch {
        // The opening of the narrative is enough to recognise a copied
        // report and keeps the cost of the fingerprint small on long ones.
        let mut chars = Vec::new();
        for line in lines {
            narrative_chars(line, &mut chars);
            if chars.len() >= MAX_CHARS {
                chars.truncate(MAX_CHARS);
                break;
            }
        }
        // The weight of a window's first character: P^(SHINGLE-1).
        let first_weight = (1..SHINGLE).fold(1u64, |a, _| a.wrapping_mul(P));
        let mut hashes = Vec::with_capacity(chars.len() / SAMPLE + 1);
        let mut rolling = 0u64;
        for &c in chars.iter().take(SHINGLE - 1) {
            rolling = rolling.wrapping_mul(P).wrapping_add(u64::from(c));
        }
        for w in chars.windows(SHINGLE) {
            rolling = rolling
                .wrapping_mul(P)
                .wrapping_add(u64::from(w[SHINGLE - 1]));
            // Sample on the top bits of a cheap multiplicative hash; mix only
            // the kept ones.
            if rolling.wrapping_mul(SAMPLER) >> SAMPLE_SHIFT == 0 {
                hashes.push(mix(rolling));
            }
            rolling = rolling.wrapping_sub(u64::from(w[0]).wrapping_mul(first_weight));
        }
        let shingles = (chars.len() + 1).saturating_sub(SHINGLE);
        hashes.sort_unstable();
        hashes.dedup();
        hashes.truncate(K);
        Sketch { hashes, shingles }
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
        // Merge the two sorted lists, keeping the K smallest of the union.
        let (a, b) = (&self.hashes, &other.hashes);
        let (mut i, mut j) = (0, 0);
        let (mut union, mut both) = (0usize, 0usize);
        while union < K && (i < a.len() || j < b.len()) {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x == y => {
                    both += 1;
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x < y => i += 1,
                (Some(_), Some(_)) => j += 1,
                (Some(_), None) => i += 1,
                (None, _) => j += 1,
            }
            union += 1;
        }
        if union == 0 {
            0.0
        } else {
            both as f64 / union as f64
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The narrative lines of a corpus report.
    pub(crate) fn corpus_text(name: &str) -> String {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Last year's report, as a lazy agency would turn it into this year's.
    pub(crate) fn next_year(text: &str) -> String {
        text.replace("2024", "2025")
            .replace("2023", "2024")
            .replace("10407", "9876")
            .replace("深入贯彻落实", "认真贯彻落实")
    }

    #[test]
    fn copies_are_similar_and_rewrites_are_not() {
        let a = corpus_text("pingtan-zone-2024.txt");
        let b = next_year(&a);
        let c = corpus_text("002_16652a60a82de5e5.txt");
        let (sa, sb, sc) = (
            Sketch::of_text(a.lines()),
            Sketch::of_text(b.lines()),
            Sketch::of_text(c.lines()),
        );
        assert!(sa.shingles > 1000, "{}", sa.shingles);
        assert!(sa.similarity(&sb) > 0.95, "{}", sa.similarity(&sb));
        assert!(sa.similarity(&sc) < 0.3, "{}", sa.similarity(&sc));
        assert_eq!(sa.similarity(&sa), 1.0);
        assert_eq!(Sketch::of_text(["规章\t0\t0\t0"]).shingles, 0);
    }
}
