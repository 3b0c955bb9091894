//! PDF → document, through poppler's `pdftotext -layout`.
//!
//! `-layout` keeps table columns aligned with spaces, which the extractor
//! reads as whitespace-aligned columns; row labels wrapped over several
//! lines are joined first ([`crate::pdf_rows`]). pdftotext runs in its own process
//! with a time limit, so a hostile PDF cannot crash or hang the batch.
//! Pages are separated by form feeds in the text.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Document, Format, IngestError, Limits};

/// How to install the PDF engine, shown when it is missing.
pub const INSTALL_HINT: &str = "apt-get install poppler-utils poppler-data";

/// Read a PDF with a text layer.
pub fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<Document, IngestError> {
    let mut file = tempfile::Builder::new()
        .prefix("gongkai-")
        .suffix(".pdf")
        .tempfile()?;
    file.write_all(bytes)?;
    file.flush()?;
    let (stdout, stderr, status) = run_pdftotext(file.path(), limits.timeout)?;
    let stderr = String::from_utf8_lossy(&stderr).to_string();
    if !status {
        if stderr.contains("Incorrect password") || stderr.contains("password") {
            return Err(IngestError::Encrypted);
        }
        let detail = first_line(&stderr);
        return Err(IngestError::Corrupt {
            what: "PDF".into(),
            detail: if detail.is_empty() {
                "pdftotext 无法解析该文件（文件不完整或格式错误）".into()
            } else {
                detail
            },
        });
    }
    if stderr.contains("Missing language pack") {
        return Err(IngestError::ToolMissing {
            tool: "poppler-data（pdftotext 的中文字体数据）".into(),
            hint: INSTALL_HINT.into(),
        });
    }
    let text = crate::normalize_newlines(String::from_utf8_lossy(&stdout).into_owned());
    // Table rows whose label wraps over several lines become one line each.
    let text = crate::pdf_rows::join_wrapped_rows(&text);
    let cjk = text
        .chars()
        .filter(|c| matches!(*c as u32, 0x4e00..=0x9fff))
        .count();
    if cjk < 20 {
        return Err(IngestError::NeedsOcr);
    }
    let mut doc = Document::from_text(text, "UTF-8");
    doc.format = Format::Pdf;
    Ok(doc)
}

fn first_line(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

/// Run `pdftotext -layout -enc UTF-8 FILE -` with a time limit.
fn run_pdftotext(path: &Path, timeout: Duration) -> Result<(Vec<u8>, Vec<u8>, bool), IngestError> {
    let mut child = match Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-q"])
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(IngestError::ToolMissing {
                tool: "pdftotext".into(),
                hint: INSTALL_HINT.into(),
            })
        }
        Err(e) => return Err(e.into()),
    };
    // Read both pipes on threads so a large output cannot block the child.
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(o) = out.as_mut() {
            let _ = o.take(256 * 1024 * 1024).read_to_end(&mut v);
        }
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(e) = err.as_mut() {
            let _ = e.take(1024 * 1024).read_to_end(&mut v);
        }
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break Some(s);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = out_t.join().unwrap_or_default();
    let stderr = err_t.join().unwrap_or_default();
    match status {
        None => Err(IngestError::Timeout {
            seconds: timeout.as_secs(),
        }),
        // -q silences warnings; poppler still exits 0 on damaged files it can read.
        Some(s) => Ok((stdout, stderr, s.success())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(name: &str) -> Vec<u8> {
        let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus")
            .join(name);
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    #[test]
    fn reads_a_text_layer_pdf() {
        let doc = read_pdf(&corpus("hongze-2023.pdf"), &Limits::default()).expect("pdf");
        assert_eq!(doc.format, Format::Pdf);
        assert!(doc.text.contains("本年新收政府信息公开申请数量"));
        assert!(doc.text.contains('\u{c}'), "pages separated by form feeds");
    }

    #[test]
    fn broken_pdfs_are_errors() {
        let full = corpus("hongze-2024.pdf");
        let truncated = &full[..full.len() / 3];
        assert!(read_pdf(truncated, &Limits::default()).is_err());
        assert!(read_pdf(b"%PDF-1.7\n%%EOF\n", &Limits::default()).is_err());
    }
}
