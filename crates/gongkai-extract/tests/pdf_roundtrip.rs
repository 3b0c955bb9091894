//! Round trip through PDF: generated reports written as DOCX (real tables,
//! label columns as wide as an office sets them) are printed to PDF by
//! LibreOffice (`soffice --headless --convert-to pdf`), read back through
//! poppler's `pdftotext -layout`, extracted, and compared with their truth
//! files.
//!
//! Not passing yet, so `#[ignore]`d: in these PDFs the long row labels of
//! table 三 wrap over two or three lines in a narrow column, with the row's
//! numbers printed on the label's first or middle line. The extractor reads
//! the numbers after the end of a label, which for a label whose last line
//! comes below its numbers is the next row's numbers (≈ 78 % of cells right
//! on 8 such reports; the two real PDFs of the corpus, whose labels wrap
//! differently, extract exactly). Run with
//! `cargo test -p gongkai-extract --test pdf_roundtrip -- --ignored --nocapture`.

use std::path::Path;
use std::process::Command;

use gongkai_ingest::Limits;
use gongkai_model::{SourceInfo, TemplateId};
use gongkai_synth::{accepts, generate, parse_truth, seeded, Format, Layout, Spec};

fn installed(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
#[ignore = "labels wrapped over several lines with the numbers on their first line are misread (see the module docs)"]
fn generated_pdfs_extract_exactly() {
    if !installed("soffice", "--version") || !installed("pdftotext", "-v") {
        eprintln!("skipped: LibreOffice (soffice) and poppler (pdftotext) are needed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("gongkai-pdf-roundtrip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut truths = Vec::new();
    for template in TemplateId::ALL {
        for seed in 0..4u64 {
            let spec = Spec::new(template, Layout::Html, Format::Docx)
                .expect("supported combination")
                .with_name(format!("pdf-{template}-{seed}"));
            let s = generate(&spec, &mut seeded(seed, 0));
            std::fs::write(dir.as_path().join(&s.name), &s.bytes).expect("write");
            truths.push((s.name.replace(".docx", ".pdf"), s.truth_tsv));
        }
    }
    let docs: Vec<_> = truths
        .iter()
        .map(|(n, _)| dir.as_path().join(n.replace(".pdf", ".docx")))
        .collect();
    let out = Command::new("soffice")
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.as_path().join("profile").display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(dir.as_path())
        .args(&docs)
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "soffice: {out:?}");
    let mut wrong = Vec::new();
    for (name, truth) in &truths {
        let bytes = std::fs::read(dir.as_path().join(name)).expect("PDF written");
        let doc = gongkai_ingest::read(&bytes, Some(Path::new(name)), &Limits::default())
            .expect("PDF readable");
        let report = gongkai_extract::extract(&doc, SourceInfo::default());
        for (key, want) in parse_truth(truth) {
            if key.starts_with("meta.") {
                continue;
            }
            let got = report.value(&key);
            if !accepts(&want, got) {
                wrong.push(format!("{name} {key}: truth {want:?}, got {:?}", got.tsv()));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        wrong.is_empty(),
        "{} cells wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
