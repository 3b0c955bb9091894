//! `gongkai check`, `gongkai rules`, `gongkai explain` (being written).

use clap::Args;

/// 检查年度报告。Check reports against the format and the law.
#[derive(Debug, Args)]
pub struct CheckArgs {
    files: Vec<std::path::PathBuf>,
}

/// 列出全部检查规则。List all rules.
#[derive(Debug, Args)]
pub struct RulesArgs {}

/// 解释一条规则。Explain a rule.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    code: String,
}

pub fn run_check(_args: CheckArgs) -> anyhow::Result<u8> {
    anyhow::bail!("check is not available yet")
}

pub fn run_rules(_args: RulesArgs) -> anyhow::Result<u8> {
    anyhow::bail!("rules is not available yet")
}

pub fn run_explain(_args: ExplainArgs) -> anyhow::Result<u8> {
    anyhow::bail!("explain is not available yet")
}
