//! Ingest + extract of the given files, repeated: a steady-state workload for
//! instruction counts (the first round warms the per-process tables up and
//! is not measured).
//!
//! ```sh
//! cargo build --release -p gongkai-extract --example extract_loop
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='extract_loop::measured' \
//!     target/release/examples/extract_loop 10 ../shared/corpus/*.txt
//! ```
//!
//! The instructions collected divided by the rounds (10) are the cost of
//! one pass over the files without process start-up.

use gongkai_ingest::Limits;
use gongkai_model::SourceInfo;

#[inline(never)]
fn measured(files: &[Vec<u8>], rounds: usize) -> usize {
    (0..rounds).map(|_| run(std::hint::black_box(files))).sum()
}

fn run(files: &[Vec<u8>]) -> usize {
    let limits = Limits::default();
    let mut cells = 0;
    for bytes in files {
        if let Ok(doc) = gongkai_ingest::read(bytes, None, &limits) {
            let report = gongkai_extract::extract(&doc, SourceInfo::default());
            cells += report.cells.len();
        }
    }
    cells
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let files: Vec<Vec<u8>> = args.filter_map(|p| std::fs::read(p).ok()).collect();
    let bytes: usize = files.iter().map(Vec::len).sum();
    let mut cells = run(&files);
    let t = std::time::Instant::now();
    cells += measured(&files, rounds);
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "{} files, {bytes} bytes, {rounds} rounds: {:.3} ms per round, {:.1} MiB/s ({cells} cells)",
        files.len(),
        secs * 1000.0 / rounds as f64,
        (bytes * rounds) as f64 / secs / 1048576.0
    );
}
