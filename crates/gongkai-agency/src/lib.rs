//! The bodies that publish annual reports, and which body a report is from.
//!
//! * [`name`]: what a body's name tells — class for the deadline, level,
//!   rule-making power, the checker's pairing key.
//! * [`Bodies`]: a bodies file (CSV or XLSX; columns name, aliases,
//!   行政区划代码, level 省/市/县/乡, kind 部门/政府, parent) and
//!   [`Bodies::match_report`], which says which body a report is from and
//!   how the name was matched (exact, alias, normalised, unmatched).
//! * [`match_key`]: the conservative normalisation used without a bodies
//!   file (and as the last step with one): width, spaces, brackets, quotes,
//!   人民政府/政府, 中华人民共和国, a bare region name — never dropping a word
//!   that names a different body (`某市人民政府` and `某市人民政府办公室` stay
//!   apart, and so do `淮安市洪泽区人民政府` and `洪泽区人民政府`: those two
//!   are matched only when the bodies file says so, see [`suggestions`]).
//!
//! ```
//! use gongkai_agency::{Bodies, How};
//! let bodies = Bodies::from_csv_text(
//!     "name,aliases,行政区划代码,level,kind,parent\n\
//!      洪泽区人民政府,淮安市洪泽区人民政府,320813,县,政府,淮安市人民政府\n",
//! )
//! .unwrap();
//! let m = bodies.match_name(Some("淮安市洪泽区人民政府"));
//! assert_eq!(m.how, How::Alias);
//! assert_eq!(m.body.unwrap().name, "洪泽区人民政府");
//! assert_eq!(m.region.unwrap().city(), "3208");
//! ```

mod bodies;
mod key;
pub mod name;
mod region;

pub use bodies::{Bodies, BodiesError, Body};
pub use key::match_key;
pub use region::{AdminLevel, Kind, RegionCode};

use std::collections::{BTreeMap, BTreeSet};

use gongkai_model::Report;
use serde::Serialize;

/// How a report's agency name was matched to a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// The name is a body's name in the bodies file, as written.
    Exact,
    /// The name is one of a body's aliases, as written.
    Alias,
    /// The name equals a body's name or alias after [`match_key`].
    Normalised,
    /// No body (no bodies file, no such body, or several bodies fit).
    Unmatched,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::Alias => "alias",
            How::Normalised => "normalised",
            How::Unmatched => "unmatched",
        }
    }

    /// The user-facing description.
    pub fn label(self) -> &'static str {
        match self {
            How::Exact => "名称一致",
            How::Alias => "别名一致",
            How::Normalised => "规范化后一致",
            How::Unmatched => "未匹配",
        }
    }
}

/// Which body a report is from.
#[derive(Debug, Clone, Serialize)]
pub struct Match<'a> {
    /// The agency's name as the report gives it (`meta.agency`, else the
    /// title before the year); `None` when the report names no agency.
    pub name: Option<String>,
    /// The body of the bodies file, when matched.
    pub body: Option<&'a Body>,
    pub how: How,
    /// The key reports are grouped under: the body's name when matched,
    /// else [`match_key`] of the name; empty when there is no name.
    pub key: String,
    /// The region code: the body's, when matched and given.
    pub region: Option<&'a RegionCode>,
    /// The level: the body's (its level column, else its region code), else
    /// judged from the name.
    pub level: Option<AdminLevel>,
    /// Government or department: the body's, else the extractor's
    /// `meta.body_kind`, else judged from the name.
    pub kind: Option<Kind>,
    /// Bodies that fit equally well (the match was refused as ambiguous).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<&'a Body>,
}

impl Match<'_> {
    /// The name of the matched body, or the name as printed.
    pub fn display_name(&self) -> &str {
        match (self.body, &self.name) {
            (Some(b), _) => &b.name,
            (None, Some(n)) => n,
            (None, None) => "",
        }
    }

    /// Why the report was not matched (Chinese, with what to do), `None`
    /// when it was.
    pub fn reason(&self, with_file: bool) -> Option<String> {
        if self.how != How::Unmatched {
            return None;
        }
        Some(match (&self.name, self.candidates.as_slice()) {
            (None, _) => "报告中未找到机关名称（meta.agency 与标题均无）".to_string(),
            (Some(_), [_, _, ..]) => format!(
                "与机关名录中多个机关规范化后相同（{}），未合并；请在名录中把报告所用名称写成其中一个机关的别名",
                self.candidates
                    .iter()
                    .map(|b| b.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            (Some(n), _) if with_file => {
                format!("机关名录中没有“{n}”；如是已有机关，请把它加到该机关的 aliases 列")
            }
            (Some(_), _) => "未提供机关名录（--bodies），按规范化名称分组".to_string(),
        })
    }
}

/// The agency name of a report: `meta.agency` as printed (trimmed), else
/// the title before the year.
pub fn report_name(report: &Report) -> Option<String> {
    if let Some(a) = report.agency() {
        let a = a.trim();
        if !a.is_empty() {
            return Some(a.to_string());
        }
    }
    name::agency_name(report)
}

/// Pairs of grouping keys that may be one body under two names: the
/// checker's pairing key ([`name::agency_key`]: the name from its lowest
/// region on) is the same, but the conservative [`match_key`] differs, e.g.
/// `淮安市洪泽区人民政府` and `洪泽区人民政府`. Only unmatched names are
/// considered. The user decides: one alias line in the bodies file.
pub fn suggestions<'m>(matches: impl IntoIterator<Item = &'m Match<'m>>) -> Vec<Vec<String>> {
    let mut by_pair: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in matches {
        let (How::Unmatched, Some(n)) = (m.how, &m.name) else {
            continue;
        };
        if m.candidates.len() > 1 {
            continue;
        }
        by_pair
            .entry(name::agency_key(&m.key))
            .or_default()
            .insert(n.clone());
    }
    by_pair
        .into_values()
        .filter(|names| {
            names
                .iter()
                .map(|n| match_key(n))
                .collect::<BTreeSet<_>>()
                .len()
                > 1
        })
        .map(|names| names.into_iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_pair_a_district_with_its_city_prefixed_name() {
        let b = Bodies::default();
        let ms: Vec<Match> = [
            "淮安市洪泽区人民政府",
            "洪泽区人民政府",
            "洪泽区政府",
            "苏州市城市管理局",
            "淮安市城市管理局",
            "某市人民政府",
            "某市人民政府办公室",
        ]
        .iter()
        .map(|n| b.match_name(Some(n)))
        .collect();
        let s = suggestions(&ms);
        assert_eq!(
            s,
            vec![vec![
                "洪泽区人民政府".to_string(),
                "洪泽区政府".to_string(),
                "淮安市洪泽区人民政府".to_string()
            ]]
        );
    }
}
