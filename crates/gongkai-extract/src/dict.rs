//! Every label the extractor looks for, searched in one pass.
//!
//! Locating a report's sections and tables and anchoring its row labels
//! asks for the occurrences of a few hundred fixed strings (the templates'
//! labels, headers and captions, the section headings, the template clues).
//! Instead of scanning the text once per string, the normalised text is
//! scanned once by an Aho-Corasick automaton built from all of them, and
//! [`Normalized::find_all`](crate::norm::Normalized::find_all) answers from
//! that. Strings outside the dictionary are still found, by a plain scan.
//!
//! The automaton does not read UTF-8: each char that occurs in some pattern
//! gets a small code (one byte while the patterns use fewer than 255
//! distinct chars, two otherwise) and every other char the code 0, which no
//! pattern contains. The normalised text is encoded the same way, so a
//! match position is a char index (times the code width) and the scan reads
//! one byte per char instead of three for Chinese text.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use gongkai_model::TemplateId;

use crate::norm::fold_str;

pub struct Dict {
    pub ac: Option<AhoCorasick>,
    ids: HashMap<Box<[char]>, usize>,
    pub len: usize,
    /// Bytes per encoded char (1 or 2).
    pub width: usize,
    /// Code of each char below U+10000 (0: in no pattern).
    bmp: Vec<u16>,
    /// Codes of the chars above U+FFFF that patterns use.
    astral: HashMap<char, u16>,
}

impl Dict {
    /// The id of a folded pattern (none without an automaton: then every
    /// pattern is found by a plain scan).
    pub fn id(&self, pat: &[char]) -> Option<usize> {
        self.ac.as_ref()?;
        self.ids.get(pat).copied()
    }

    fn code(&self, c: char) -> u16 {
        match self.bmp.get(c as usize) {
            Some(&k) => k,
            None => self.astral.get(&c).copied().unwrap_or(0),
        }
    }

    /// Encode chars for the automaton (`width` bytes per char).
    pub fn encode(&self, chars: &[char]) -> Vec<u8> {
        let mut out = Vec::with_capacity(chars.len() * self.width);
        if self.width == 1 {
            out.extend(chars.iter().map(|&c| self.code(c) as u8));
        } else {
            for &c in chars {
                out.extend_from_slice(&self.code(c).to_le_bytes());
            }
        }
        out
    }
}

/// Strings searched besides the templates' own labels.
const EXTRA: &[&str] = &[
    "信息内容",
    "第二十条",
    "第二十条第(一)项",
    "第二十条第(五)项",
    "本列数据的勾稽关系",
    "本列数据的钩稽关系",
    "申请人情况",
    "本年新收政府信息公开申请",
    "存在的主要问题",
    "五、",
    "其他需要报告的事项",
    "其他处理",
    "逾期不补正",
    "逾期未按收费通知要求缴纳费用",
];

fn patterns() -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for t in TemplateId::ALL {
        for table in &t.get().tables {
            for h in &table.headers {
                v.push(format!("{}{}", h.item, h.core));
                v.push(h.core.to_string());
            }
            for b in &table.blocks {
                v.extend(b.caption.map(str::to_string));
                for c in &b.columns {
                    v.push(c.label.to_string());
                    v.extend(c.aliases.iter().map(|a| a.to_string()));
                }
                for r in &b.rows {
                    v.push(r.core.to_string());
                    v.extend(r.aliases.iter().map(|a| a.to_string()));
                }
            }
        }
    }
    for (_, variants) in crate::meta::SECTIONS {
        v.extend(variants.iter().map(|s| s.to_string()));
    }
    v.extend(EXTRA.iter().map(|s| s.to_string()));
    v.extend(crate::narrative::phrases().map(str::to_string));
    let mut folded: Vec<String> = v
        .iter()
        .map(|s| fold_str(s))
        .filter(|s| !s.is_empty())
        .collect();
    folded.sort();
    folded.dedup();
    folded
}

pub static DICT: LazyLock<Dict> = LazyLock::new(|| {
    let pats = patterns();
    let ids = pats
        .iter()
        .enumerate()
        .map(|(i, p)| (p.chars().collect::<Vec<_>>().into_boxed_slice(), i))
        .collect();
    let mut alphabet: Vec<char> = pats.iter().flat_map(|p| p.chars()).collect();
    alphabet.sort_unstable();
    alphabet.dedup();
    let mut dict = Dict {
        ac: None,
        ids,
        len: pats.len(),
        width: if alphabet.len() < 255 { 1 } else { 2 },
        bmp: vec![0; 0x10000],
        astral: HashMap::default(),
    };
    if alphabet.len() >= u16::MAX as usize {
        return dict;
    }
    for (k, &c) in alphabet.iter().enumerate() {
        let code = (k + 1) as u16;
        match dict.bmp.get_mut(c as usize) {
            Some(slot) => *slot = code,
            None => {
                dict.astral.insert(c, code);
            }
        }
    }
    let encoded: Vec<Vec<u8>> = pats
        .iter()
        .map(|p| dict.encode(&p.chars().collect::<Vec<_>>()))
        .collect();
    // A contiguous NFA: nearly as fast to search as a DFA over one-byte
    // codes, and a DFA would cost ≈ 10 M instructions (a few milliseconds)
    // to build in every process.
    dict.ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&encoded)
        .ok();
    dict
});
