//! Any bytes as a PDF: the PDF reader (poppler's pdftotext in a child
//! process, with a time limit) never panics, never hangs, and either gives
//! a document whose text is valid or a clear error (corrupt, encrypted,
//! needs OCR, tool missing). Each input starts a process, so runs are slow;
//! seed with real PDFs (`cp ../../shared/corpus/*.pdf corpus/pdf/`).
#![no_main]

use gongkai_ingest::{Block, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let named = std::path::Path::new("report.pdf");
    if let Ok(doc) = gongkai_ingest::read(data, Some(named), &Limits::default()) {
        for block in &doc.blocks {
            if let Block::Text { span } = block {
                assert!(doc.text.get(span.clone()).is_some());
            }
        }
        let report = gongkai_extract::extract(&doc, gongkai_model::SourceInfo::default());
        assert!(report.cells.len() <= 400);
    }
});
