//! Running a command over many reports: the pipeline is the library's
//! (`gongkai_batch`: sources, loading, the chunked parallel runner); this
//! module adds what belongs to a terminal — the progress bar and the
//! closing summary on stderr.

use std::io::IsTerminal;

use gongkai_ingest::Limits;
use indicatif::{ProgressBar, ProgressStyle};

pub use gongkai_batch::{load, Loaded, Source};

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

/// Process `sources` in parallel with a progress bar: `work` runs on the
/// worker threads for each loaded source, `emit` runs on this thread for
/// each result, in the order of `sources`.
pub fn run<T: Send>(
    sources: &[Source],
    limits: &Limits,
    work: impl Fn(Loaded) -> T + Sync,
    emit: impl FnMut(T),
) {
    let bar = progress(sources.len());
    gongkai_batch::run(sources, limits, work, emit, || bar.inc(1));
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
