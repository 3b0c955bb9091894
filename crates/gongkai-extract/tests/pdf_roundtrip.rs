//! Round trip through PDF: generated reports written as DOCX are printed to
//! PDF by LibreOffice (`soffice --headless --convert-to pdf`, one call for
//! the whole batch), read back through poppler's `pdftotext -layout` and
//! extracted, and every cell is compared with the truth file.
//!
//! The three layouts the generator writes as DOCX go through PDF: real Word
//! tables (`html` layout: narrow label columns where the long labels of
//! table 三 wrap over two or three lines, numbers beside the first, middle
//! or last line, numbers wrapped in their cells, rows cut by page breaks,
//! columns that move from page to page), pipe rows written as paragraphs
//! (`pipe`: long rows wrap at the page edge) and the body as one glued
//! paragraph (`run`: the page edge falls between a label and its digits).
//!
//! The gate is correctness: no cell may be read as another value. A cell
//! the PDF text leaves undetermined may be `?` — a row of pipes whose empty
//! cell falls on a line break, or in a report with so many blank cells that
//! no page shows where each column is (the 15 cells of table 四 sit under
//! headers printed one char per line, which pdftotext interleaves) — and
//! those are counted and held under a ceiling. Rates measured are in docs/testing.md; `GONGKAI_PDF_SEEDS=N` runs N
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
const RUN_SEEDS: u64 = 4;

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
        for (layout, seeds) in [
            (Layout::Html, HTML_SEEDS),
            (Layout::Pipe, PIPE_SEEDS),
            (Layout::Run, RUN_SEEDS),
        ] {
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
    // One soffice call converts a batch (a call per file would take a second
    // each); very long batches are split.
    for batch in docs.chunks(64) {
        let out = Command::new("soffice")
            .arg("--headless")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.as_path().join("profile").display()
            ))
            .args(["--convert-to", "pdf", "--outdir"])
            .arg(dir.as_path())
            .args(batch)
            .output()
            .expect("soffice runs");
        assert!(out.status.success(), "soffice: {out:?}");
    }
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

/// Glued text printed to PDF breaks its lines at the page edge: a label
/// ending a line takes the digits that open the next one, up to the next
/// label (they were read as a row of blank cells).
#[test]
fn a_label_ending_a_line_takes_the_values_opening_the_next() {
    let body = "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他\n一、本年新收政府信息公开申请数量 2000002二、上年结转政府信息公开申请数量\n0000000三、本年度办理结果（一）予以公开 1000001（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n1000001四、结转下年度继续办理\n0000000\n";
    let text = format!(
        "某某区教育局2023年度政府信息公开工作年度报告\n一、总体情况\n本年度工作平稳。\n{body}四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n某某区教育局\n2024年1月20日\n"
    );
    let doc = gongkai_ingest::Document::from_text(text, "UTF-8");
    let r = gongkai_extract::extract(&doc, SourceInfo::default());
    for (id, want) in [
        ("apply.new.natural_person", "2"),
        ("apply.carried_in.natural_person", "0"),
        ("apply.carried_in.total", "0"),
        ("apply.partial.natural_person", "1"),
        ("apply.partial.total", "1"),
        ("apply.carried_out.total", "0"),
    ] {
        assert_eq!(r.value(id).tsv(), want, "{id}");
    }
}
