//! `gongkai`: the command-line front end. It only wires the library crates
//! together: ingest → extract → check → output.

mod agencies_cmd;
mod batch;
mod check_cmd;
mod compare_cmd;
mod deadline_cmd;
mod export_cmd;
mod extract_cmd;
mod registry_cmd;
mod render_cmd;
mod summary_cmd;
mod synth_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// 政府信息公开工作年度报告：读取、提取、检查。
///
/// Reads annual reports on government information disclosure as people have
/// them (text flattened from web pages, PDF or Word; HTML pages), extracts
/// every table cell with its source location, and checks the report against
/// the national format and the law.
#[derive(Debug, Parser)]
#[command(name = "gongkai", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Extract(extract_cmd::ExtractArgs),
    Check(check_cmd::CheckArgs),
    Rules(check_cmd::RulesArgs),
    Explain(check_cmd::ExplainArgs),
    Deadline(deadline_cmd::DeadlineArgs),
    Synth(synth_cmd::SynthArgs),
    Agencies(agencies_cmd::AgenciesArgs),
    Export(export_cmd::ExportArgs),
    Render(render_cmd::RenderArgs),
    Summary(summary_cmd::SummaryArgs),
    Compare(compare_cmd::CompareArgs),
    Registry(registry_cmd::RegistryArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract_cmd::run(args),
        Command::Check(args) => check_cmd::run_check(args),
        Command::Rules(args) => check_cmd::run_rules(args),
        Command::Explain(args) => check_cmd::run_explain(args),
        Command::Deadline(args) => deadline_cmd::run(args),
        Command::Synth(args) => synth_cmd::run(args),
        Command::Agencies(args) => agencies_cmd::run(args),
        Command::Export(args) => export_cmd::run(args),
        Command::Render(args) => render_cmd::run(args),
        Command::Summary(args) => summary_cmd::run(args),
        Command::Compare(args) => compare_cmd::run(args),
        Command::Registry(args) => registry_cmd::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("gongkai: 错误：{e:#}");
            ExitCode::from(2)
        }
    }
}
