//! Changes that do not change a report's content must not change what is
//! extracted from it: line endings, encoding, BOM, full- or half-width
//! brackets, spaces inside labels, Word bookmarks. Run over every text report
//! of the shared corpus, so the layouts seen there are all covered.

use std::path::PathBuf;

use gongkai_ingest::Limits;
use gongkai_model::SourceInfo;

fn corpus_texts() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("txt"))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            Some((name, std::fs::read_to_string(&p).ok()?))
        })
        .collect();
    out.sort();
    out
}

fn cells(bytes: &[u8]) -> Vec<(String, String)> {
    let doc = gongkai_ingest::read(bytes, None, &Limits::default()).expect("readable");
    let r = gongkai_extract::extract(&doc, SourceInfo::default());
    let mut v = vec![
        (
            "meta.template".to_string(),
            r.template.map(|t| t.to_string()).unwrap_or_default(),
        ),
        (
            "meta.year".to_string(),
            r.year().map(|y| y.to_string()).unwrap_or_default(),
        ),
    ];
    v.extend(
        r.cells
            .iter()
            .chain(r.extra_cells.iter())
            .map(|c| (c.id.clone(), c.value.tsv())),
    );
    v
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4e00..=0x9fff)
}

fn check(name: &str, transform: &str, original: &[(String, String)], changed: &[u8]) {
    let got = cells(changed);
    let diff: Vec<String> = original
        .iter()
        .zip(got.iter())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{}: {:?} → {:?}", a.0, a.1, b.1))
        .take(10)
        .collect();
    assert!(
        diff.is_empty() && original.len() == got.len(),
        "{name} with {transform}: {} cells, then {}; {diff:#?}",
        original.len(),
        got.len()
    );
}

#[test]
fn content_preserving_changes_do_not_change_cells() {
    for (name, text) in corpus_texts() {
        let original = cells(text.as_bytes());
        check(
            &name,
            "CRLF",
            &original,
            text.replace('\n', "\r\n").as_bytes(),
        );
        let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
        check(&name, "GB18030", &original, &gbk);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        check(&name, "BOM", &original, &bom);
        let half = text.replace('（', "(").replace('）', ")");
        check(&name, "half-width brackets", &original, half.as_bytes());
        let full = text.replace('(', "（").replace(')', "）");
        check(&name, "full-width brackets", &original, full.as_bytes());
        // A space between two Han characters, as PDF and Word exports leave them.
        let mut spaced = String::with_capacity(text.len() * 2);
        let mut prev = ' ';
        for c in text.chars() {
            if is_cjk(prev) && is_cjk(c) {
                spaced.push(' ');
            }
            spaced.push(c);
            prev = c;
        }
        check(&name, "spaces inside words", &original, spaced.as_bytes());
        let marked = text.replacen(
            "二、主动公开政府信息情况",
            "二、主动公开政府信息情况[bookmark: _Toc1]",
            1,
        );
        check(&name, "bookmark marker", &original, marked.as_bytes());
    }
}
