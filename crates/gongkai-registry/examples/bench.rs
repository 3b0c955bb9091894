//! `cargo run --release -p gongkai-registry --example bench -- DB [N] [YEAR]`:
//! the registry benchmark without building the whole CLI (same code as
//! `gongkai registry bench`).

fn main() {
    let mut args = std::env::args().skip(1);
    let db = args.next().unwrap_or_else(|| "registry-bench.db".into());
    let n = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let year = args.next().and_then(|s| s.parse().ok()).unwrap_or(2024);
    if std::path::Path::new(&db).exists() {
        eprintln!("{db} 已存在；基准测试需要一个新的数据库");
        std::process::exit(2);
    }
    let result = gongkai_registry::open(&db, gongkai_calendar::Calendar::official().clone())
        .and_then(|store| gongkai_registry::bench::run(store.as_ref(), n, year));
    match result {
        Ok(r) => print!("{}", r.tsv()),
        Err(e) => {
            eprintln!("错误：{e}");
            std::process::exit(2);
        }
    }
}
