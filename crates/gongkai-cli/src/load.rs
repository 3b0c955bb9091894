//! Reading one input file into a document and a report.

use std::path::Path;

use gongkai_ingest::{Document, IngestError, Limits};
use gongkai_model::{Report, SourceInfo};

/// A file read and extracted, or the reason it could not be read.
pub struct Loaded {
    pub path: String,
    pub result: Result<(Document, Report), IngestError>,
}

/// Read and extract one file. Never panics on bad input: a file that cannot
/// be read comes back as an error for the caller to report and move on.
pub fn load(path: &Path, limits: &Limits) -> Loaded {
    let shown = path.display().to_string();
    let result = gongkai_ingest::read_path(path, limits).map(|doc| {
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let source = SourceInfo {
            path: shown.clone(),
            format: doc.format.as_str().to_string(),
            encoding: doc.encoding.clone(),
            bytes,
        };
        let report = gongkai_extract::extract(&doc, source);
        (doc, report)
    });
    Loaded {
        path: shown,
        result,
    }
}
