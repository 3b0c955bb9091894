//! Running a command over many reports: in parallel, in bounded memory, in a
//! deterministic order, with a progress bar on a terminal, and never stopping
//! because one file is bad.

use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};

use gongkai_ingest::{Document, Limits};
use gongkai_model::{Report, SourceInfo};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::inputs::Source;

/// Reports handled together; output is written after each chunk, so memory
/// holds at most one chunk of documents whatever the number of files.
const CHUNK: usize = 256;

/// A report read and extracted, or why not. The document is there when the
/// report was extracted from a source file; a report loaded from JSON (the
/// output of `gongkai extract --format json`, a registry year, a roll-up)
/// has none.
pub struct Loaded {
    /// Where the report came from (a JSON file may hold many reports).
    pub source: Source,
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

/// Counts for the closing summary.
#[derive(Debug, Default)]
pub struct Tally {
    pub files: usize,
    pub reports: usize,
    pub failed: Vec<(String, String)>,
}

impl Tally {
    pub fn count(&mut self, shown: &str, error: Option<&str>) {
        self.files += 1;
        match error {
            None => self.reports += 1,
            Some(e) => self.failed.push((shown.to_string(), e.to_string())),
        }
    }

    /// Print the summary to stderr (what failed and why, then the totals).
    pub fn print(&self, extra: &str) {
        for (f, why) in &self.failed {
            eprintln!("gongkai: 无法读取 {f}：{why}");
        }
        eprintln!(
            "共 {} 个文件，读取 {} 份报告，{} 个文件无法读取{}",
            self.files,
            self.reports,
            self.failed.len(),
            extra
        );
    }
}

/// Process `sources` in parallel: `work` runs on the worker threads for
/// each loaded source, `emit` runs on this thread for each result, in the
/// order of `sources`.
pub fn run<T: Send>(
    sources: &[Source],
    limits: &Limits,
    work: impl Fn(Loaded) -> T + Sync,
    mut emit: impl FnMut(T),
) {
    let bar = progress(sources.len());
    for chunk in sources.chunks(CHUNK) {
        let results: Vec<T> = chunk
            .par_iter()
            .flat_map_iter(|s| {
                let out: Vec<T> = load(s, limits).into_iter().map(&work).collect();
                bar.inc(1);
                out
            })
            .collect();
        for r in results {
            emit(r);
        }
    }
    bar.finish_and_clear();
}

/// A progress bar on stderr when it is a terminal and there is more than
/// one file; hidden otherwise (pipes, CI).
fn progress(len: usize) -> ProgressBar {
    if len < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos}/{len} 份 [{bar:40}] {per_sec} 剩余 {eta}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
