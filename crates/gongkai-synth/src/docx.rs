//! A minimal valid DOCX: `[Content_Types].xml`, `_rels/.rels` and
//! `word/document.xml`, deflated in a ZIP, with the tables as `w:tbl`
//! (`w:gridSpan` for column spans, `w:vMerge` restart/continue for row
//! spans) or the text lines as paragraphs.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::grid::{Grid, Slot};
use crate::html::esc;
use crate::narrative::Block;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// Twips across the text area of an A4 page with Word's default margins.
const TEXT_WIDTH: usize = 8300;

#[derive(Clone, Copy)]
enum Align {
    Both,
    Center,
    Right,
}

fn para(text: &str, align: Align, size: u32, bold: bool) -> String {
    let jc = match align {
        Align::Both => "both",
        Align::Center => "center",
        Align::Right => "right",
    };
    let rpr = format!(
        r#"<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/>{}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>"#,
        if bold { "<w:b/>" } else { "" }
    );
    if text.is_empty() {
        return format!(r#"<w:p><w:pPr><w:jc w:val="{jc}"/>{rpr}</w:pPr></w:p>"#);
    }
    let indent = if matches!(align, Align::Both) {
        r#"<w:ind w:firstLine="640"/>"#
    } else {
        ""
    };
    format!(
        r#"<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/>{indent}<w:jc w:val="{jc}"/>{rpr}</w:pPr><w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

/// Column widths as an office sets them: the label columns share a little
/// under half the text width (each in proportion to its longest label),
/// the value columns the rest equally — not every column alike, which
/// would wrap the labels a character or two per line.
fn column_widths(g: &Grid) -> Vec<usize> {
    let cols = g.cols.max(1);
    let mut value_col = vec![false; cols];
    let mut longest = vec![1usize; cols];
    for row in &g.rows {
        let mut col = 0usize;
        for slot in row {
            if let Slot::Cell(c) = slot {
                if col < cols {
                    if c.value {
                        value_col[col] = true;
                    } else if c.colspan == 1 {
                        longest[col] = longest[col].max(c.text.chars().count().min(12));
                    }
                }
            }
            col += slot.colspan();
        }
    }
    let values = value_col.iter().filter(|v| **v).count();
    if values == 0 || values == cols {
        return vec![TEXT_WIDTH / cols; cols];
    }
    let label_total: usize = (0..cols)
        .filter(|&c| !value_col[c])
        .map(|c| longest[c])
        .sum();
    let label_width = TEXT_WIDTH * 45 / 100;
    (0..cols)
        .map(|c| {
            if value_col[c] {
                (TEXT_WIDTH - label_width) / values
            } else {
                label_width * longest[c] / label_total.max(1)
            }
        })
        .collect()
}

fn table(g: &Grid) -> String {
    let widths = column_widths(g);
    let mut x = String::from(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>"#,
    );
    for w in &widths {
        x += &format!(r#"<w:gridCol w:w="{w}"/>"#);
    }
    x += "</w:tblGrid>";
    for row in &g.rows {
        x += r#"<w:tr><w:trPr><w:jc w:val="center"/></w:trPr>"#;
        let mut col = 0usize;
        for slot in row {
            let span = slot.colspan();
            let w: usize = widths.iter().skip(col).take(span).sum();
            col += span;
            x += &format!(r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>"#);
            if span > 1 {
                x += &format!(r#"<w:gridSpan w:val="{span}"/>"#);
            }
            let text = match slot {
                Slot::Cell(c) => {
                    if c.rowspan > 1 {
                        x += r#"<w:vMerge w:val="restart"/>"#;
                    }
                    c.text.as_str()
                }
                Slot::Cont { .. } => {
                    x += "<w:vMerge/>";
                    ""
                }
            };
            x += r#"<w:vAlign w:val="center"/></w:tcPr>"#;
            x += &para(text, Align::Center, 21, false);
            x += "</w:tc>";
        }
        x += "</w:tr>";
    }
    x += "</w:tbl>";
    x
}

/// `word/document.xml` of the document (with `lines`, a text layout's lines
/// as paragraphs).
fn body(doc: &[Block], lines: Option<&[String]>) -> String {
    let mut b = String::new();
    match lines {
        Some(lines) => {
            for (k, l) in lines.iter().enumerate() {
                let align = if k == 0 { Align::Center } else { Align::Both };
                b += &para(l.trim(), align, if k == 0 { 44 } else { 32 }, k == 0);
            }
        }
        None => {
            for block in doc {
                match block {
                    Block::Title(t) => b += &para(t, Align::Center, 44, true),
                    Block::Para(p) => b += &para(p, Align::Both, 32, false),
                    Block::Gap => {}
                    Block::Right(r) => b += &para(r, Align::Right, 32, false),
                    Block::Table(g) => {
                        b += &table(g);
                        // Word always ends a table with a paragraph.
                        b += &para("", Align::Both, 32, false);
                    }
                }
            }
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{b}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

/// The DOCX file; its entries are dated `time` (year, month, day).
pub(crate) fn document(doc: &[Block], lines: Option<&[String]>, time: (u16, u8, u8)) -> Vec<u8> {
    let stamp =
        DateTime::from_date_and_time(time.0, time.1, time.2, 9, 30, 0).unwrap_or(DateTime::DEFAULT);
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let xml = body(doc, lines);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // Writing to memory cannot fail.
    for (name, data) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", xml.as_bytes()),
    ] {
        let _ = zip.start_file(name, options);
        let _ = zip.write_all(data);
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}
