//! The checker: report(s) → findings.
//!
//! Rules are small functions, one file each under `rules/<family>/`, each
//! declared with [`declare_rule!`] so that its documentation (what it does,
//! why it matters, a failing and a passing example, references) lives next
//! to the code and is what `gongkai explain CODE` prints.
//!
//! | family | prefix | looks at |
//! |---|---|---|
//! | arithmetic | `A` | the template's report-scope relations (from [`gongkai_model::Template::relations`]) |
//! | values | `V` | single cells and labels |
//! | structure | `S` | sections, tables, title, template, period |
//! | narrative | `N` | numbers in the text against the tables |
//! | dates | `D` | the publication deadline of 条例第四十九条 |
//! | plausibility | `P` | amounts, 规章, 其他处理, copies of last year |
//! | cross-year | `X` | the template's cross-year relations, for consecutive years of one agency |
//! | file | `F` | files that cannot be read |
//!
//! ```no_run
//! use gongkai_check::{Checker, Config};
//! # fn reports() -> Vec<gongkai_model::Report> { Vec::new() }
//! let checker = Checker::new(Config::default());
//! let mut batch = checker.batch();
//! for report in reports() {
//!     batch.add(&report, None);
//! }
//! let result = batch.finish();
//! for f in &result.findings {
//!     println!("{}\t{}\t{}", f.file, f.code, f.message);
//! }
//! ```

pub mod agency;
mod checker;
pub mod config;
pub mod context;
mod finding;
pub mod output;
pub mod registry;
pub mod rules;
pub mod similarity;
#[doc(hidden)]
pub mod testing;

pub use checker::{Batch, BatchResult, Checker, Reloaded, ReportSummary};
pub use config::{Config, ConfigError};
pub use finding::{sort_findings, Counts, Finding};
pub use registry::{rule, rules, Family, Rule, RuleInfo};
