//! Reading one input file into a document and a report.

use std::path::Path;

use gongkai_ingest::{Document, IngestError, Limits};
use gongkai_model::{Report, SourceInfo};

/// Extensions of the files a directory is searched for.
pub const REPORT_EXTENSIONS: [&str; 13] = [
    "txt", "text", "html", "htm", "xhtml", "shtml", "pdf", "docx", "xlsx", "xls", "doc", "wps",
    "ods",
];

/// Whether a file found in a directory looks like a report by its name.
pub fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        && !path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".truth.tsv") || n.starts_with('.'))
}

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
