//! The per-file pipeline shared by the `gongkai` command line and the web
//! app, so that both read reports with the same code:
//!
//! - [`Source`]: a file, a zip member (on disk or in memory), or uploaded
//!   bytes with a display name; [`expand`] turns paths, directories, glob
//!   patterns and zip archives into sources, [`expand_upload`] does the same
//!   for one uploaded file (a zip yields its members).
//! - [`load`]: sniff → [`gongkai_ingest::read`] with [`Limits`] →
//!   [`gongkai_extract::extract`]; `.json` sources are reports saved by
//!   `gongkai extract --format json`; a panic is caught and becomes that
//!   file's error. [`load_upload`] is both steps for an upload.
//! - [`check_upload`]: an uploaded file read, extracted and checked, each
//!   report with its own bytes and SHA-256 (the content address), a file
//!   that cannot be read kept as a failure with the `F001` finding.
//! - [`run`]: many sources in parallel, in chunks (bounded memory), results
//!   handed back in the order of the sources.
//!
//! The library writes nothing to the terminal: progress is reported through
//! a callback, and the CLI draws its own progress bar and summary.

mod source;
mod upload;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

pub use gongkai_ingest::{Document, Limits};
use gongkai_model::{Report, SourceInfo};
use rayon::prelude::*;

pub use source::{
    expand, expand_upload, is_report_file, is_zip, Source, MAX_MEMBERS, REPORT_EXTENSIONS,
};
pub use upload::{check_upload, sha256_hex, Checked, UploadLimits};

/// Sources handled together by [`run`]; results are handed on after each
/// chunk, so memory holds at most one chunk of documents whatever the
/// number of files.
pub const CHUNK: usize = 256;

/// A report read and extracted, or why not. The document is there when the
/// report was extracted from a source file; a report loaded from JSON (the
/// output of `gongkai extract --format json`, a registry year, a roll-up)
/// has none.
#[derive(Debug)]
pub struct Loaded {
    /// Where the report came from (a JSON file may hold many reports).
    pub source: Source,
    /// How the report is shown (the source, or the path saved in the JSON).
    pub shown: String,
    pub result: Result<(Option<Document>, Report), String>,
}

/// Read and extract one source: one report, or several when the source is
/// a JSON array of reports. A panic inside ingest or extract (a bug) is
/// caught and reported as this file's error; the batch goes on.
pub fn load(source: &Source, limits: &Limits) -> Vec<Loaded> {
    if source.is_json() {
        return load_json(source, limits);
    }
    vec![load_one(source, limits)]
}

/// Everything in one uploaded file, read with `limits`: one entry for a
/// report file, one per report member for a zip archive (an archive that
/// cannot be opened, or a member that cannot be read, is an entry with the
/// reason). Nothing touches the file system; `name` is only shown and used
/// as a format hint.
pub fn load_upload(name: &str, bytes: impl Into<Arc<[u8]>>, limits: &Limits) -> Vec<Loaded> {
    expand_upload(name, bytes)
        .iter()
        .flat_map(|source| load(source, limits))
        .collect()
}

/// Reports saved as JSON: one report object or an array of them.
fn load_json(source: &Source, limits: &Limits) -> Vec<Loaded> {
    let shown = source.shown();
    let failed = |reason: String| {
        vec![Loaded {
            source: source.clone(),
            shown: shown.clone(),
            result: Err(reason),
        }]
    };
    let bytes = match source.bytes(limits) {
        Ok(b) => b,
        Err(e) => return failed(e.to_string()),
    };
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    let reports: Result<Vec<Report>, serde_json::Error> = match first {
        Some(b'[') => serde_json::from_slice(text),
        _ => serde_json::from_slice(text).map(|r| vec![r]),
    };
    let reports = match reports {
        Ok(r) => r,
        Err(e) => {
            return failed(format!(
                "不是 gongkai 报告 JSON（应为 `gongkai extract --format json` 的输出）：{e}"
            ))
        }
    };
    let many = reports.len() > 1;
    reports
        .into_iter()
        .enumerate()
        .map(|(i, report)| Loaded {
            source: source.clone(),
            shown: match (report.source.path.is_empty(), many) {
                (false, _) => report.source.path.clone(),
                (true, true) => format!("{shown}#{}", i + 1),
                (true, false) => shown.clone(),
            },
            result: Ok((None, report)),
        })
        .collect()
}

fn load_one(source: &Source, limits: &Limits) -> Loaded {
    let shown = source.shown();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let bytes = source.bytes(limits).map_err(|e| e.to_string())?;
        let size = bytes.len() as u64;
        let doc = gongkai_ingest::read(&bytes, Some(&source.name()), limits)
            .map_err(|e| e.to_string())?;
        let info = SourceInfo {
            path: shown.clone(),
            format: doc.format.as_str().to_string(),
            encoding: doc.encoding.clone(),
            bytes: size,
        };
        let report = gongkai_extract::extract(&doc, info);
        Ok((Some(doc), report))
    }))
    .unwrap_or_else(|_| {
        Err("内部错误：处理该文件时程序出错（已跳过该文件，请报告此问题）".to_string())
    });
    Loaded {
        source: source.clone(),
        shown,
        result,
    }
}

/// Process `sources` in parallel: `work` runs on the worker threads for
/// each loaded report, `emit` runs on this thread for each result, in the
/// order of `sources`; `tick` is called once per source read (from the
/// worker threads), for a progress display.
pub fn run<T: Send>(
    sources: &[Source],
    limits: &Limits,
    work: impl Fn(Loaded) -> T + Sync,
    mut emit: impl FnMut(T),
    tick: impl Fn() + Sync,
) {
    for chunk in sources.chunks(CHUNK) {
        let results: Vec<T> = chunk
            .par_iter()
            .flat_map_iter(|s| {
                let out: Vec<T> = load(s, limits).into_iter().map(&work).collect();
                tick();
                out
            })
            .collect();
        for r in results {
            emit(r);
        }
    }
}
