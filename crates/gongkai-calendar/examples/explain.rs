//! Prints the explanation of a deadline: `cargo run -p gongkai-calendar --example explain -- 2024-03-01 20`.

use chrono::NaiveDate;
use gongkai_calendar::Calendar;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(start), Some(n)) = (args.first(), args.get(1)) else {
        eprintln!("用法：explain YYYY-MM-DD 工作日数");
        std::process::exit(2);
    };
    let start = match NaiveDate::parse_from_str(start, "%Y-%m-%d") {
        Ok(d) => d,
        Err(e) => {
            eprintln!("日期无效：{e}");
            std::process::exit(2);
        }
    };
    let n: u32 = match n.parse() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("工作日数无效：{e}");
            std::process::exit(2);
        }
    };
    match Calendar::official().explain_deadline(start, n) {
        Ok(e) => println!("{e}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
