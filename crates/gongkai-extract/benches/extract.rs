//! Ingest + extract throughput over the shared corpus (text and HTML) and over
//! a large report made by repeating a narrative paragraph around the tables.
//! Run: `cargo bench -p gongkai-extract --bench extract`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gongkai_ingest::Limits;
use gongkai_model::SourceInfo;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(&dir) {
        let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if matches!(ext, "txt" | "html") {
                if let Ok(b) = std::fs::read(&p) {
                    out.push((ext.to_string(), b));
                }
            }
        }
    }
    out
}

fn run(bytes: &[u8]) -> usize {
    match gongkai_ingest::read(bytes, None, &Limits::default()) {
        Ok(doc) => gongkai_extract::extract(&doc, SourceInfo::default())
            .cells
            .len(),
        Err(_) => 0,
    }
}

fn bench(c: &mut Criterion) {
    let files = corpus();
    for kind in ["txt", "html"] {
        let set: Vec<&Vec<u8>> = files.iter().filter(|f| f.0 == kind).map(|f| &f.1).collect();
        if set.is_empty() {
            continue;
        }
        let total: usize = set.iter().map(|b| b.len()).sum();
        let mut g = c.benchmark_group(format!("corpus-{kind}"));
        g.throughput(Throughput::Bytes(total as u64));
        g.bench_function("ingest+extract", |b| {
            b.iter(|| set.iter().map(|f| run(f)).sum::<usize>())
        });
        g.finish();
    }
    // A large text report: the narrative repeated to ~2 MB around real tables.
    if let Some((_, sample)) = files.iter().find(|f| f.0 == "txt") {
        let text = String::from_utf8_lossy(sample).to_string();
        let filler = "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续加强政府信息公开工作。\n".repeat(20_000);
        let big = format!("{filler}{text}{filler}");
        let mut g = c.benchmark_group("large-text");
        g.throughput(Throughput::Bytes(big.len() as u64));
        g.sample_size(10);
        g.bench_function("ingest+extract", |b| b.iter(|| run(big.as_bytes())));
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
