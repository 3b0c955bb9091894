//! Any bytes as the body of a DOCX (word/document.xml inside a valid
//! package): the DOCX reader never panics and its spans are valid. Fuzzing
//! the XML directly reaches the table and merge logic that random zip bytes
//! never would.
#![no_main]

use std::io::Write;

use gongkai_ingest::{Block, Limits};
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn package(document: &[u8]) -> Option<Vec<u8>> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).ok()?;
    zip.write_all(CONTENT_TYPES.as_bytes()).ok()?;
    zip.start_file("_rels/.rels", opts).ok()?;
    zip.write_all(RELS.as_bytes()).ok()?;
    zip.start_file("word/document.xml", opts).ok()?;
    zip.write_all(document).ok()?;
    zip.finish().ok()?;
    Some(buf.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let Some(bytes) = package(data) else { return };
    if let Ok(doc) = gongkai_ingest::read(&bytes, None, &Limits::default()) {
        for block in &doc.blocks {
            if let Block::Table(grid) = block {
                for row in &grid.rows {
                    for cell in &row.cells {
                        assert!(doc.text.get(cell.span.clone()).is_some());
                    }
                }
            }
        }
    }
});
