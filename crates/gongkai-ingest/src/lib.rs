//! Ingest: bytes → [`Document`].
//!
//! A document is the text of a report plus the blocks (lines, paragraphs) and
//! table grids found in it, all addressed by byte ranges into that text, so
//! every value extracted later can say exactly where it came from.
//!
//! Supported now: plain text (UTF-8 with or without BOM, UTF-16, GB18030 /
//! GBK / GB2312 detected) and HTML (tables become grids honouring colspan
//! and rowspan; scripts, styles and navigation are dropped), PDF text layers
//! (through pdftotext), DOCX (our own reader; merged cells, nested tables,
//! text boxes, tracked changes), XLSX / XLS / ODS (each worksheet a grid,
//! through calamine) and legacy Word / WPS files (converted to DOCX by
//! LibreOffice). The format is told by the content, not the file name.

pub mod decode;
mod document;
pub mod docx;
pub mod html;
pub mod legacy;
pub mod pdf;
pub mod pdf_rows;
mod render;
pub mod xlsx;

use std::path::Path;

pub use document::{floor_char_boundary, Block, Document, Format, Grid, GridCell, GridRow};

/// Limits that keep one hostile or broken file from hurting a batch.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_bytes: u64,
    /// Largest number of table cells kept from one document.
    pub max_table_cells: usize,
    /// Longest time an external converter (pdftotext) may run on one file.
    pub timeout: std::time::Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_table_cells: 200_000,
            timeout: std::time::Duration::from_secs(30),
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("文件为空")]
    Empty,
    #[error("文件过大：{size} 字节，上限 {limit} 字节")]
    TooLarge { size: u64, limit: u64 },
    #[error("不是文本或网页文件（看起来是二进制数据{what}）")]
    Binary { what: String },
    #[error("无法读取文件：{0}")]
    Io(#[from] std::io::Error),
    #[error("文件已加密（需要密码），无法读取")]
    Encrypted,
    #[error("{what} 文件已损坏：{detail}")]
    Corrupt { what: String, detail: String },
    #[error("缺少 {tool}，无法读取此类文件；请安装：{hint}")]
    ToolMissing { tool: String, hint: String },
    #[error("PDF 没有文字层（可能是扫描件），需要先做 OCR 文字识别")]
    NeedsOcr,
    #[error("读取超时（超过 {seconds} 秒）")]
    Timeout { seconds: u64 },
    #[error("压缩文件解压后过大，疑似“压缩炸弹”，已拒绝读取：{detail}")]
    ZipBomb { detail: String },
}

/// Decide the format from the content (and the file name as a tie-breaker).
pub fn sniff(bytes: &[u8], name: Option<&Path>) -> Result<Format, IngestError> {
    let head = &bytes[..bytes.len().min(4096)];
    if head.starts_with(b"%PDF") {
        return Ok(Format::Pdf);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes, name);
    }
    if head.starts_with(legacy::OLE_MAGIC) {
        return sniff_ole(bytes, name);
    }
    if let Some(what) = binary_signature(head) {
        return Err(IngestError::Binary {
            what: format!("：{what}"),
        });
    }
    // The first 2048 chars (NULs of UTF-16 dropped), lower-cased.
    // Valid UTF-8 without NULs (perhaps cut inside its last char, which
    // only drops a trailing U+FFFD) is the common case: validated once and
    // used as is.
    let mut chunks = head.utf8_chunks();
    let valid = chunks
        .next()
        .filter(|c| c.invalid().len() < 4 && chunks.next().is_none())
        .map(|c| c.valid());
    let mut lower: String = match valid {
        Some(s) if !s.as_bytes().contains(&0) => {
            // Byte offset of char 2048: count the bytes that start a char.
            let end = s
                .bytes()
                .enumerate()
                .filter(|&(_, b)| (b as i8) >= -0x40)
                .nth(2048)
                .map_or(s.len(), |(i, _)| i);
            s[..end].to_string()
        }
        _ => String::from_utf8_lossy(head)
            .chars()
            .filter(|c| *c != '\0')
            .take(2048)
            .collect(),
    };
    lower.make_ascii_lowercase();
    let trimmed = lower.trim_start_matches('\u{feff}').trim_start();
    // Any of these tags anywhere: one pass over the `<`s.
    const TAGS: [&[u8]; 9] = [
        b"table", b"p", b"div", b"body", b"head", b"meta", b"br", b"span", b"td",
    ];
    let bytes = lower.as_bytes();
    let looks_html = trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || bytes
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'<' && TAGS.iter().any(|t| bytes[i + 1..].starts_with(t)));
    let ext_html = name
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "html" | "htm" | "xhtml" | "shtml"
            )
        });
    if looks_html || (ext_html && trimmed.starts_with('<')) {
        Ok(Format::Html)
    } else {
        Ok(Format::Text)
    }
}

/// The lower-case extension of a file name.
fn extension(name: Option<&Path>) -> Option<String> {
    name.and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// A ZIP: DOCX, XLSX or ODS by the parts it holds.
fn sniff_zip(bytes: &[u8], name: Option<&Path>) -> Result<Format, IngestError> {
    let ext = extension(name);
    match docx::zip_kind(bytes) {
        Ok(docx::ZipKind::Docx) => Ok(Format::Docx),
        Ok(docx::ZipKind::Xlsx) => Ok(Format::Xlsx),
        Ok(docx::ZipKind::Ods) => Ok(Format::Ods),
        Ok(docx::ZipKind::Other) => Err(IngestError::Binary {
            what: "：ZIP 压缩包，但不是 DOCX/XLSX 文档".into(),
        }),
        Err(IngestError::Corrupt { detail, .. }) => Err(IngestError::Corrupt {
            what: match ext.as_deref() {
                Some("docx" | "docm" | "dotx") => "DOCX".into(),
                Some("xlsx" | "xlsm" | "xltx") => "XLSX".into(),
                _ => "ZIP/DOCX/XLSX".into(),
            },
            detail,
        }),
        Err(e) => Err(e),
    }
}

/// An OLE compound file: encrypted DOCX/XLSX, Word 97 / WPS, Excel 97 / ET.
fn sniff_ole(bytes: &[u8], name: Option<&Path>) -> Result<Format, IngestError> {
    match legacy::ole_kind(bytes)? {
        legacy::OleKind::Encrypted => Err(IngestError::Encrypted),
        legacy::OleKind::Word => Ok(Format::LegacyWord),
        legacy::OleKind::Excel => Ok(Format::Xls),
        legacy::OleKind::Other => match extension(name).as_deref() {
            Some("doc" | "dot" | "wps" | "wpt") => Ok(Format::LegacyWord),
            _ => Err(IngestError::Binary {
                what: "：OLE 复合文档，但不是 Word/WPS/Excel 文件".into(),
            }),
        },
    }
}

fn binary_signature(head: &[u8]) -> Option<&'static str> {
    const SIGS: [(&[u8], &str); 8] = [
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "ZIP/DOCX/XLSX"),
        (b"\xD0\xCF\x11\xE0", "Word 97/WPS/Excel 97"),
        (b"\x89PNG", "PNG 图片"),
        (b"\xFF\xD8\xFF", "JPEG 图片"),
        (b"GIF8", "GIF 图片"),
        (b"\x1F\x8B", "gzip"),
        (b"Rar!", "RAR"),
    ];
    for (sig, what) in SIGS {
        if head.starts_with(sig) {
            return Some(what);
        }
    }
    // NUL bytes that are not UTF-16 text, or many control characters.
    let utf16 = decode::is_utf16(head);
    if !utf16 {
        let controls = head
            .iter()
            .filter(|&&b| b < 0x09 || (0x0E..0x1B).contains(&b))
            .count();
        if head.contains(&0) || controls * 20 > head.len().max(1) {
            return Some("");
        }
    }
    None
}

/// Read a document from bytes.
pub fn read(bytes: &[u8], name: Option<&Path>, limits: &Limits) -> Result<Document, IngestError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(IngestError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    match sniff(bytes, name)? {
        Format::Html => Ok(html::read_html(bytes, limits)),
        Format::Pdf => pdf::read_pdf(bytes, limits),
        Format::Docx => docx::read_docx(bytes, limits),
        f @ (Format::Xlsx | Format::Xls | Format::Ods) => xlsx::read_workbook(bytes, f, limits),
        Format::LegacyWord => legacy::read_legacy(bytes, name, limits),
        Format::Text => {
            let decoded = decode::decode(bytes);
            let mut doc = Document::from_text(normalize_newlines(decoded.text), decoded.encoding);
            if decoded.had_errors {
                doc.warnings.push(format!(
                    "部分字节不是有效的 {} 编码，已替换为 �",
                    decoded.encoding
                ));
            }
            Ok(doc)
        }
    }
}

/// Read a document from a file.
pub fn read_path(path: &Path, limits: &Limits) -> Result<Document, IngestError> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > limits.max_bytes {
        return Err(IngestError::TooLarge {
            size: meta.len(),
            limit: limits.max_bytes,
        });
    }
    let bytes = std::fs::read(path)?;
    read(&bytes, Some(path), limits)
}

/// CRLF and lone CR become LF, so that spans and line numbers agree.
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_document_lines_and_positions() {
        let doc = read(
            "一、总体情况\n规章\t0\r\n".as_bytes(),
            None,
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(doc.text, "一、总体情况\n规章\t0\n");
        assert_eq!(doc.blocks.len(), 2);
        let off = doc.text.find('0').unwrap();
        assert_eq!(doc.line_col(off), (2, 4));
        assert_eq!(doc.provenance(off..off + 1).span.line, 2);
    }

    #[test]
    fn bad_inputs_are_errors() {
        let l = Limits::default();
        assert!(matches!(read(b"", None, &l), Err(IngestError::Empty)));
        assert!(matches!(read(b"  \n", None, &l), Err(IngestError::Empty)));
        assert!(read(b"%PDF-1.7 ...", None, &l).is_err());
        assert!(matches!(
            read(b"\x00\x01\x02\x03binary\x00", None, &l),
            Err(IngestError::Binary { .. })
        ));
        let small = Limits {
            max_bytes: 4,
            ..Limits::default()
        };
        assert!(matches!(
            read(b"12345", None, &small),
            Err(IngestError::TooLarge { .. })
        ));
    }

    #[test]
    fn sniffs_html_by_content() {
        assert_eq!(sniff(b"<p>x</p>", None).unwrap(), Format::Html);
        assert_eq!(sniff("规章 0".as_bytes(), None).unwrap(), Format::Text);
    }
}
