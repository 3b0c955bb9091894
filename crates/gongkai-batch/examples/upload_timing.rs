//! Time of one upload through the web pipeline (read, extract, check): each
//! file named on the command line uploaded `ROUNDS` times, the median
//! printed. `cargo run --release -p gongkai-batch --example upload_timing -- FILE…`

use std::time::Instant;

use gongkai_batch::{check_upload, UploadLimits};
use gongkai_check::{Checker, Config};

const ROUNDS: usize = 21;

fn main() -> std::process::ExitCode {
    let checker = Checker::new(Config::default());
    let limits = UploadLimits::default();
    let mut status = std::process::ExitCode::SUCCESS;
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = std::process::ExitCode::FAILURE;
                continue;
            }
        };
        let name = std::path::Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.clone());
        let mut times: Vec<f64> = (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                let checked = check_upload(&name, bytes.clone(), &limits, &checker);
                std::hint::black_box(checked);
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "{name}\t{} bytes\tmedian {:.1} ms\tmax {:.1} ms",
            bytes.len(),
            times[ROUNDS / 2],
            times[ROUNDS - 1]
        );
    }
    status
}
