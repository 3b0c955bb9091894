//! Every label the extractor looks for, searched in one pass.
//!
//! Locating a report's sections and tables and anchoring its row labels
//! asks for the occurrences of a few hundred fixed strings (the templates'
//! labels, headers and captions, the section headings, the template clues).
//! Instead of scanning the text once per string, the normalised text is
//! scanned once by an Aho-Corasick automaton built from all of them, and
//! [`Normalized::find_all`](crate::norm::Normalized::find_all) answers from
//! that. Strings outside the dictionary are still found, by a plain scan.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use gongkai_model::TemplateId;

use crate::norm::fold_str;

pub struct Dict {
    pub ac: Option<AhoCorasick>,
    ids: HashMap<Box<[char]>, usize>,
    pub len: usize,
}

impl Dict {
    /// The id of a folded pattern.
    pub fn id(&self, pat: &[char]) -> Option<usize> {
        self.ids.get(pat).copied()
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
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&pats)
        .ok();
    Dict {
        ac,
        ids,
        len: pats.len(),
    }
});
