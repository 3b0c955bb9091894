//! Round trip through PDF: generated reports written as DOCX are printed to
//! PDF by LibreOffice (`soffice --headless --convert-to pdf`, one call for
//! the whole batch), read back through poppler's `pdftotext -layout` and
//! extracted, and every cell is compared with the truth file.
//!
//! Two layouts of the generator go through PDF: real Word tables (`html`
//! layout: narrow label columns where the long labels of table 三 wrap over
//! two or three lines, numbers beside the first, middle or last line,
//! rows cut by page breaks, columns that move from page to page) and pipe
//! rows written as paragraphs (`pipe`: long rows wrap at the page edge).
//!
//! The gate is correctness: no cell may be read as another value. A cell
//! the PDF text leaves undetermined may be `?` — a row of pipes whose empty
//! cell falls on a line break, or in a report with so many blank cells that
//! no page shows where each column is (the 15 cells of table 四 sit under
//! headers printed one char per line, which pdftotext interleaves) — and
//! those are counted and held under a ceiling. The run layout (the body as
//! one glued paragraph) is left out: a digit run that the page width breaks
//! over two lines cannot be told from two cells in pdftotext's text.
//! Rates measured are in docs/testing.md; `GONGKAI_PDF_SEEDS=N` runs N
//! times as many reports.
//!
//! Skipped (with a message) when LibreOffice or poppler is not installed;
//! scripts/setup.sh installs both and CI runs it.

use std::path::Path;
use std::process::Command;

use gongkai_ingest::Limits;
use gongkai_model::{SourceInfo, TemplateId, Value};
use gongkai_synth::{accepts, generate, parse_truth, seeded, Format, Layout, Spec};

/// Seeds per template of each layout.
const HTML_SEEDS: u64 = 8;
const PIPE_SEEDS: u64 = 4;

/// The largest share of cells allowed to be `?` where the truth is a value.
const UNKNOWN_CEILING: f64 = 0.03;

fn installed(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn generated_pdfs_extract_without_a_wrong_cell() {
    if !installed("soffice", "--version") || !installed("pdftotext", "-v") {
        eprintln!("skipped: LibreOffice (soffice) and poppler (pdftotext) are needed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("gongkai-pdf-roundtrip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // `GONGKAI_PDF_SEEDS=N` tries N times as many seeds.
    let scale = std::env::var("GONGKAI_PDF_SEEDS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1);
    let mut truths = Vec::new();
    for template in TemplateId::ALL {
        for (layout, seeds) in [(Layout::Html, HTML_SEEDS), (Layout::Pipe, PIPE_SEEDS)] {
            let seeds = seeds * scale;
            for seed in 0..seeds {
                let spec = Spec::new(template, layout, Format::Docx)
                    .expect("supported combination")
                    .with_name(format!("pdf-{template}-{}-{seed}", layout.as_str()));
                let s = generate(&spec, &mut seeded(seed, 0));
                std::fs::write(dir.as_path().join(&s.name), &s.bytes).expect("write");
                truths.push((s.name.replace(".docx", ".pdf"), s.truth_tsv));
            }
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
    let (mut cells, mut exact, mut unknown) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    let mut unknown_at = Vec::new();
    for (name, truth) in &truths {
        let bytes = std::fs::read(dir.as_path().join(name)).expect("PDF written");
        let doc = gongkai_ingest::read(&bytes, Some(Path::new(name)), &Limits::default())
            .expect("PDF readable");
        let report = gongkai_extract::extract(&doc, SourceInfo::default());
        for (key, want) in parse_truth(truth) {
            if key.starts_with("meta.") {
                continue;
            }
            cells += 1;
            let got = report.value(&key);
            if accepts(&want, got) {
                exact += 1;
            } else if *got == Value::Unknown {
                unknown += 1;
                unknown_at.push(format!("{name} {key}"));
            } else {
                wrong.push(format!("{name} {key}: truth {want:?}, got {:?}", got.tsv()));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let mut by_file: Vec<(String, usize)> = Vec::new();
    for u in &unknown_at {
        let file = u.split(' ').next().unwrap_or("").to_string();
        match by_file.last_mut() {
            Some((f, n)) if *f == file => *n += 1,
            _ => by_file.push((file, 1)),
        }
    }
    for (f, n) in &by_file {
        println!("  {f}: {n} unknown");
    }
    println!(
        "{} PDFs, {cells} cells: {exact} exact ({:.2} %), {unknown} unknown, {} wrong",
        truths.len(),
        100.0 * exact as f64 / cells.max(1) as f64,
        wrong.len()
    );
    assert!(
        wrong.is_empty(),
        "{} cells read as another value:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        (unknown as f64) <= UNKNOWN_CEILING * cells as f64,
        "{unknown} of {cells} cells unknown:\n{}",
        unknown_at.join("\n")
    );
}
