//! `gongkai deadline`: statutory working-day deadlines on the Chinese
//! calendar (调休 included), with the days counted and skipped.

use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use gongkai_calendar::{periods, Calendar};

/// 计算法定期限（工作日，含调休）。Compute a working-day deadline.
///
/// The start day (e.g. the day an application is received) is not counted;
/// day 1 is the next working day (条例 第三十三条). Typical periods:
/// 20 (答复), 20 (延期), 15 (征求第三方意见), 7 (补正告知). A date in a year
/// whose holiday notice is not loaded is an error, never a guess; load a
/// later notice with --holidays.
///
/// Exit status: 0 deadline computed; 2 bad date or year not covered.
#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// Start date, YYYY-MM-DD (the day the application was received).
    start: String,
    /// Working days to count.
    #[arg(long, default_value_t = periods::ANSWER)]
    days: u32,
    /// Extra holiday notices (JSON in the shape of cn-holidays.json), e.g.
    /// next year's once the State Council publishes it.
    #[arg(long)]
    holidays: Option<PathBuf>,
    /// Print the explanation as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: DeadlineArgs) -> anyhow::Result<u8> {
    let start = NaiveDate::parse_from_str(args.start.trim(), "%Y-%m-%d")
        .with_context(|| format!("日期“{}”无效，应写作 YYYY-MM-DD", args.start))?;
    let loaded;
    let calendar = match &args.holidays {
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .with_context(|| format!("无法读取 {}", path.display()))?;
            loaded = Calendar::with_overrides_json(&json)?;
            &loaded
        }
        None => Calendar::official(),
    };
    let explanation = calendar.explain_deadline(start, args.days)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&explanation)?);
    } else {
        println!("{explanation}");
    }
    Ok(0)
}
