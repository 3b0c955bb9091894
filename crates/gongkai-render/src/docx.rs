//! A WordprocessingML package: `[Content_Types].xml`, the relationships,
//! `word/document.xml`, `word/styles.xml` and `docProps/core.xml`, deflated
//! in a ZIP. Tables are `w:tbl` with `w:gridSpan` for column spans and
//! `w:vMerge` restart/continue for row spans; A4 pages with the margins of
//! official documents (GB/T 9704); 宋体 title, 黑体 headings, 仿宋 text.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::html::esc;
use crate::layout::{Grid, Role, Slot};
use crate::Block;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋" w:cs="Times New Roman"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

/// Page: A4 (11906 × 16838 twips) with the margins of GB/T 9704.
const PAGE_WIDTH: u32 = 11906;
const MARGIN_LEFT: u32 = 1588;
const MARGIN_RIGHT: u32 = 1474;
const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

#[derive(Clone, Copy)]
enum Align {
    Both,
    Center,
    Left,
    Right,
}

impl Align {
    fn as_str(self) -> &'static str {
        match self {
            Align::Both => "both",
            Align::Center => "center",
            Align::Left => "left",
            Align::Right => "right",
        }
    }
}

/// Run properties: an East Asian font, a size in half-points, bold.
fn rpr(font: &str, size: u32, bold: bool) -> String {
    format!(
        r#"<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{font}" w:hint="eastAsia"/>{}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>"#,
        if bold { "<w:b/><w:bCs/>" } else { "" }
    )
}

struct ParaStyle {
    font: &'static str,
    size: u32,
    bold: bool,
    align: Align,
    /// First-line indent in twips.
    indent: u32,
    /// Exact line height in twips (0: automatic).
    line: u32,
}

const TITLE: ParaStyle = ParaStyle {
    font: "宋体",
    size: 44,
    bold: true,
    align: Align::Center,
    indent: 0,
    line: 0,
};
const HEADING: ParaStyle = ParaStyle {
    font: "黑体",
    size: 32,
    bold: false,
    align: Align::Both,
    indent: 640,
    line: 560,
};
const BODY: ParaStyle = ParaStyle {
    font: "仿宋",
    size: 32,
    bold: false,
    align: Align::Both,
    indent: 640,
    line: 560,
};
const RIGHT: ParaStyle = ParaStyle {
    font: "仿宋",
    size: 32,
    bold: false,
    align: Align::Right,
    indent: 0,
    line: 560,
};

fn para(text: &str, st: &ParaStyle) -> String {
    let r = rpr(st.font, st.size, st.bold);
    let spacing = if st.line > 0 {
        format!(r#"<w:spacing w:line="{}" w:lineRule="exact"/>"#, st.line)
    } else {
        r#"<w:spacing w:before="240" w:after="240"/>"#.to_string()
    };
    let indent = if st.indent > 0 {
        format!(r#"<w:ind w:firstLine="{}"/>"#, st.indent)
    } else {
        String::new()
    };
    let run = if text.is_empty() {
        String::new()
    } else {
        format!(
            r#"<w:r>{r}<w:t xml:space="preserve">{}</w:t></w:r>"#,
            esc(text)
        )
    };
    format!(
        r#"<w:p><w:pPr>{spacing}{indent}<w:jc w:val="{}"/>{r}</w:pPr>{run}</w:p>"#,
        st.align.as_str()
    )
}

fn cell_para(text: &str, align: Align, bold: bool) -> String {
    let r = rpr("宋体", 21, bold);
    let run = if text.is_empty() {
        String::new()
    } else {
        format!(
            r#"<w:r>{r}<w:t xml:space="preserve">{}</w:t></w:r>"#,
            esc(text)
        )
    };
    format!(
        r#"<w:p><w:pPr><w:spacing w:line="300" w:lineRule="auto"/><w:jc w:val="{}"/>{r}</w:pPr>{run}</w:p>"#,
        align.as_str()
    )
}

const BORDER: &str = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;

fn table(g: &Grid) -> String {
    let total: u32 = g.widths.iter().sum::<u32>().max(1);
    let twips: Vec<u32> = g.widths.iter().map(|w| w * TEXT_WIDTH / total).collect();
    let mut x = format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {BORDER}/><w:left {BORDER}/><w:bottom {BORDER}/><w:right {BORDER}/><w:insideH {BORDER}/><w:insideV {BORDER}/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>"#
    );
    for w in &twips {
        x += &format!(r#"<w:gridCol w:w="{w}"/>"#);
    }
    x += "</w:tblGrid>";
    for (r, row) in g.rows.iter().enumerate() {
        x += "<w:tr><w:trPr><w:cantSplit/>";
        if r < g.header_rows {
            x += "<w:tblHeader/>";
        }
        x += r#"<w:jc w:val="center"/></w:trPr>"#;
        let mut col = 0;
        for slot in row {
            let span = slot.colspan();
            let width: u32 = twips.iter().skip(col).take(span).sum();
            col += span;
            x += &format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
            if span > 1 {
                x += &format!(r#"<w:gridSpan w:val="{span}"/>"#);
            }
            let (text, role) = match slot {
                Slot::Cell(c) => {
                    if c.rowspan > 1 {
                        x += r#"<w:vMerge w:val="restart"/>"#;
                    }
                    (c.text.as_str(), c.role)
                }
                Slot::Covered { role, .. } => {
                    x += "<w:vMerge/>";
                    ("", *role)
                }
            };
            x += r#"<w:vAlign w:val="center"/></w:tcPr>"#;
            let (align, bold) = match role {
                Role::RowLabel => (Align::Left, false),
                Role::Caption => (Align::Left, true),
                Role::Header | Role::Value => (Align::Center, false),
            };
            x += &cell_para(text, align, bold);
            x += "</w:tc>";
        }
        x += "</w:tr>";
    }
    x += "</w:tbl>";
    x
}

fn body(blocks: &[Block]) -> String {
    let mut b = String::new();
    for block in blocks {
        match block {
            Block::Title(t) => b += &para(t, &TITLE),
            Block::Heading(h) => b += &para(h, &HEADING),
            Block::Para(p) => b += &para(p, &BODY),
            Block::Right(r) => b += &para(r, &RIGHT),
            Block::Table(g) => {
                b += &table(g);
                // Word always ends a table with a paragraph.
                b += &para("", &BODY);
            }
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{b}<w:sectPr><w:pgSz w:w="{PAGE_WIDTH}" w:h="16838"/><w:pgMar w:top="2098" w:right="{MARGIN_RIGHT}" w:bottom="1984" w:left="{MARGIN_LEFT}" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

fn core(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>gongkai</dc:creator></cp:coreProperties>"#,
        esc(title)
    )
}

/// The DOCX file.
pub(crate) fn document(title: &str, blocks: &[Block]) -> Vec<u8> {
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/document.xml", body(blocks)),
        ("word/styles.xml", STYLES.to_string()),
        ("docProps/core.xml", core(title)),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in &parts {
        // Writing into memory does not fail.
        let _ = zip.start_file(*name, options);
        let _ = zip.write_all(data.as_bytes());
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}
