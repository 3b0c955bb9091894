//! The rendered DOCX opens in LibreOffice: `soffice --headless --convert-to
//! pdf` turns it into a PDF, and that PDF, read back through poppler and the
//! extractor, gives the same cells. Skipped, with the reason printed, where
//! LibreOffice (or poppler, for the second step) is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use gongkai_ingest::Limits;
use gongkai_model::{Decimal, SourceInfo, TemplateId, Value};
use gongkai_render::{render, Format, RenderDoc, Sections};

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A report with distinct numbers in every cell, all relations holding:
/// a two-row 勾稽 (new = granted, carried_in = carried_out) and table 四 sums.
fn doc(template: TemplateId) -> RenderDoc {
    let def = template.get();
    let mut values = vec![Value::Number(Decimal::ZERO); def.cells.len()];
    let mut set = |id: &str, n: i64| {
        let i = def.cell_index(id).unwrap_or_else(|| panic!("{id}"));
        values[i] = Value::Number(Decimal::from(n));
    };
    for (col, n) in [("natural_person", 12), ("commercial", 3), ("total", 15)] {
        set(&format!("apply.new.{col}"), n);
        set(&format!("apply.granted.{col}"), n);
        set(&format!("apply.total.{col}"), n);
    }
    for (col, n) in [("natural_person", 2), ("total", 2)] {
        set(&format!("apply.carried_in.{col}"), n);
        set(&format!("apply.carried_out.{col}"), n);
    }
    for (col, n) in [("upheld", 4), ("corrected", 1), ("total", 5)] {
        set(&format!("review.{col}"), n);
    }
    let first = def.cells[0].id.clone();
    set(&first, 7);
    RenderDoc {
        template,
        agency: "临江市教育局".into(),
        year: if template == TemplateId::Y2019 {
            2020
        } else {
            2023
        },
        preamble: "本报告中所列数据的统计期限为1月1日至12月31日。".into(),
        sections: Sections {
            overview: "本机关全面推进政府信息公开工作。".into(),
            problems: "公开内容仍需进一步规范。".into(),
            other: "本年度未收取信息处理费。".into(),
            ..Sections::default()
        },
        date: Some("2024年1月20日".into()),
        values,
        single_other: None,
    }
}

fn convert(docx: &Path, out: &Path) -> PathBuf {
    let status = Command::new("soffice")
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            out.join("profile").display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(docx)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice: {status:?}");
    docx.file_stem()
        .map(|s| out.join(format!("{}.pdf", s.to_string_lossy())))
        .expect("file stem")
}

#[test]
fn docx_converts_to_pdf_in_libreoffice_and_reads_back() {
    if !installed("soffice") {
        eprintln!("skipped: LibreOffice (soffice) is not installed; install libreoffice-writer-nogui to run this test");
        return;
    }
    let dir = std::env::temp_dir().join(format!("gongkai-render-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for template in TemplateId::ALL {
        let doc = doc(template);
        assert!(gongkai_render::problems(&doc).is_empty(), "{template}");
        let docx = dir.join(format!("report-{template}.docx"));
        std::fs::write(&docx, render(&doc, Format::Docx)).expect("write docx");
        let pdf = convert(&docx, &dir);
        let bytes = std::fs::read(&pdf).expect("LibreOffice wrote the PDF");
        assert!(bytes.starts_with(b"%PDF"), "{}", pdf.display());
        if !installed("pdftotext") {
            eprintln!("skipped the PDF read-back: poppler's pdftotext is not installed");
            continue;
        }
        let read = gongkai_ingest::read(&bytes, Some(&pdf), &Limits::default()).expect("PDF read");
        let got = gongkai_extract::extract(&read, SourceInfo::default());
        assert_eq!(got.template, Some(template));
        assert_eq!(got.year(), Some(doc.year));
        let def = template.get();
        let wrong: Vec<String> = def
            .cells
            .iter()
            .zip(&doc.values)
            .filter(|(c, v)| got.value(&c.id) != *v)
            .map(|(c, v)| format!("{}: want {v} got {}", c.id, got.value(&c.id)))
            .collect();
        assert!(wrong.is_empty(), "{template}:\n{}", wrong.join("\n"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
