//! Extraction: document → report.

use gongkai_ingest::Document;
use gongkai_model::{Report, SourceInfo};

/// Extract a report from a document.
pub fn extract(_doc: &Document, source: SourceInfo) -> Report {
    Report::empty(source)
}
