//! The rule registry: every rule's code, name, family, default severity and
//! explanation.
//!
//! Each rule lives in its own file under `rules/<family>/` and is declared
//! with [`declare_rule!`]: the doc comment on the declaration is the rule's
//! documentation *and* the text `gongkai explain CODE` prints, so it is
//! written once, next to the check function.

use std::fmt;

use gongkai_model::Severity;
use serde::Serialize;

use crate::context::{PairContext, ReportContext};
use crate::finding::Finding;

/// A family of rules, named by the first letter of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Family {
    /// `A`: arithmetic relations of the template within one report.
    Arithmetic,
    /// `V`: the values of single cells and labels.
    Values,
    /// `S`: the structure of the report (sections, tables, title, template).
    Structure,
    /// `N`: the narrative text against the tables.
    Narrative,
    /// `D`: dates (publication deadline).
    Dates,
    /// `P`: plausibility warnings.
    Plausibility,
    /// `X`: relations between the reports of two consecutive years.
    CrossYear,
    /// `F`: the file itself.
    File,
}

impl Family {
    pub const ALL: [Family; 8] = [
        Family::Arithmetic,
        Family::Values,
        Family::Structure,
        Family::Narrative,
        Family::Dates,
        Family::Plausibility,
        Family::CrossYear,
        Family::File,
    ];

    /// The code prefix of the family.
    pub fn prefix(self) -> &'static str {
        match self {
            Family::Arithmetic => "A",
            Family::Values => "V",
            Family::Structure => "S",
            Family::Narrative => "N",
            Family::Dates => "D",
            Family::Plausibility => "P",
            Family::CrossYear => "X",
            Family::File => "F",
        }
    }

    /// The family's name in Chinese.
    pub fn title(self) -> &'static str {
        match self {
            Family::Arithmetic => "表内勾稽",
            Family::Values => "单元格取值",
            Family::Structure => "结构与格式",
            Family::Narrative => "正文与表格",
            Family::Dates => "发布时间",
            Family::Plausibility => "合理性",
            Family::CrossYear => "跨年度",
            Family::File => "文件",
        }
    }

    /// The family of a code (`A001` → arithmetic).
    pub fn of_code(code: &str) -> Option<Family> {
        let first = code.chars().next()?;
        Family::ALL
            .into_iter()
            .find(|f| f.prefix().starts_with(first))
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// What a rule is: code, name, default severity, summary, explanation.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleInfo {
    /// The stable code, e.g. `A001`.
    pub code: &'static str,
    /// A kebab-case name, e.g. `relation-broken`.
    pub name: &'static str,
    /// The default severity (arithmetic rules take theirs from the relation).
    pub severity: Severity,
    /// One line, in Chinese.
    pub summary: &'static str,
    /// The doc comment of the rule's declaration, as written (each line
    /// keeps the space after `///`).
    #[serde(skip)]
    pub doc: &'static str,
}

impl RuleInfo {
    pub fn family(&self) -> Family {
        Family::of_code(self.code).unwrap_or(Family::File)
    }

    /// The explanation `gongkai explain` prints: the doc comment without the
    /// space after `///`.
    pub fn explanation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim_end().to_string() + "\n"
    }
}

/// How a rule is run.
#[derive(Clone, Copy)]
pub enum Check {
    /// On one report.
    Report(fn(&ReportContext<'_>, &mut Vec<Finding>)),
    /// On a report and the same agency's report on the previous year.
    Pair(fn(&PairContext<'_>, &mut Vec<Finding>)),
    /// Emitted by the driver (e.g. a file that cannot be read).
    Driver,
}

impl fmt::Debug for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Check::Report(_) => "Report",
            Check::Pair(_) => "Pair",
            Check::Driver => "Driver",
        })
    }
}

/// A rule: what it is and how it runs.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub info: &'static RuleInfo,
    pub check: Check,
}

/// Declare a rule: a unit struct carrying the doc comment, and its
/// [`RuleInfo`] as the associated constant `INFO`.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub struct RelationBroken {
///         code: "A001",
///         name: "relation-broken",
///         severity: Error,
///         summary: "表内勾稽关系不成立",
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rname:literal,
            severity: $sev:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;

        impl $name {
            pub const INFO: $crate::registry::RuleInfo = $crate::registry::RuleInfo {
                code: $code,
                name: $rname,
                severity: ::gongkai_model::Severity::$sev,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}

/// Every rule, in code order.
pub fn rules() -> &'static [Rule] {
    crate::rules::RULES
}

/// The rule with this code (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    let code = code.trim();
    rules()
        .iter()
        .find(|r| r.info.code.eq_ignore_ascii_case(code) || r.info.name == code)
}
