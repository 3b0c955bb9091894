//! Every rule, one file each, grouped by family. The list [`RULES`] is the
//! registry; the order is the code order.

use crate::registry::{Check, Rule};

pub mod arithmetic;
pub mod cross_year;
pub mod dates;
pub mod file;
pub mod narrative;
pub mod plausibility;
pub mod structure;
pub mod values;

/// What rule files use.
pub(crate) mod prelude {
    pub(crate) use crate::context::{
        describe_side, relation_meaning, side_sum, table_name, table_short, PairContext,
        ReportContext, TermRef,
    };
    pub(crate) use crate::declare_rule;
    pub(crate) use crate::finding::Finding;
    pub(crate) use gongkai_model::{
        canonical, CellKind, Decimal, Scope, TableId, TemplateId, Value,
    };

    /// A value as messages name it.
    pub(crate) fn describe_value(v: &Value) -> String {
        match v {
            Value::Number(d) => canonical(*d),
            Value::Blank => "空白".into(),
            Value::NotApplicable => "“/”".into(),
            Value::Absent => "缺项".into(),
            Value::Unknown => "无法确定（?）".into(),
            Value::Text(t) => format!("文字“{t}”"),
        }
    }

    /// The table a cell id belongs to, by its prefix.
    pub(crate) fn table_of_id(id: &str) -> TableId {
        let id = id.strip_prefix("x.").unwrap_or(id);
        if id.starts_with("active.") {
            TableId::Active
        } else if id.starts_with("apply.") {
            TableId::Apply
        } else {
            TableId::Review
        }
    }

    /// Chinese numerals of the section numbers.
    pub(crate) const SECTION_NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

    /// The canonical headings of the six sections.
    pub(crate) const SECTION_HEADINGS: [&str; 6] = [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    ];
}

macro_rules! reg {
    (report $($m:ident)::+ => $t:ident) => {
        Rule {
            info: &$($m)::+::$t::INFO,
            check: Check::Report($($m)::+::check),
        }
    };
    (pair $($m:ident)::+ => $t:ident) => {
        Rule {
            info: &$($m)::+::$t::INFO,
            check: Check::Pair($($m)::+::check),
        }
    };
    (driver $($m:ident)::+ => $t:ident) => {
        Rule {
            info: &$($m)::+::$t::INFO,
            check: Check::Driver,
        }
    };
}

/// The registry, in code order.
pub static RULES: &[Rule] = &[
    reg!(report arithmetic::relation_broken => RelationBroken),
    reg!(report arithmetic::relation_undecidable => RelationUndecidable),
    reg!(report dates::published_late => PublishedLate),
    reg!(report dates::local_deadline_missed => LocalDeadlineMissed),
    reg!(report dates::published_before_year_end => PublishedBeforeYearEnd),
    reg!(driver file::file_unreadable => FileUnreadable),
    reg!(report narrative::narrative_mismatch => NarrativeMismatch),
    reg!(report narrative::fee_statement_missing => FeeStatementMissing),
    reg!(report plausibility::fee_amount_unit => FeeAmountUnit),
    reg!(report plausibility::rules_without_power => RulesWithoutPower),
    reg!(report plausibility::other_results_large => OtherResultsLarge),
    reg!(pair plausibility::narrative_copied => NarrativeCopied),
    reg!(pair plausibility::numbers_unchanged => NumbersUnchanged),
    reg!(report plausibility::active_items_implausible => ActiveItemsImplausible),
    reg!(report structure::section_missing => SectionMissing),
    reg!(report structure::section_order => SectionOrder),
    reg!(report structure::table_missing => TableMissing),
    reg!(report structure::title_not_annual_report => TitleNotAnnualReport),
    reg!(report structure::title_without_year => TitleWithoutYear),
    reg!(report structure::old_template => OldTemplate),
    reg!(report structure::old_template_remnant => OldTemplateRemnant),
    reg!(report structure::template_too_new => TemplateTooNew),
    reg!(report structure::period_not_calendar_year => PeriodNotCalendarYear),
    reg!(report values::blank_cell => BlankCell),
    reg!(report values::text_cell => TextCell),
    reg!(report values::negative_count => NegativeCount),
    reg!(report values::fractional_count => FractionalCount),
    reg!(report values::unknown_value => UnknownValue),
    reg!(report values::label_deviates => LabelDeviates),
    reg!(report values::row_missing => RowMissing),
    reg!(report values::extra_row => ExtraRow),
    reg!(pair cross_year::cross_year_broken => CrossYearBroken),
    reg!(pair cross_year::cross_year_undecidable => CrossYearUndecidable),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.info.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted, "codes must be unique and in order");
        for r in RULES {
            let e = r.info.explanation();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "Use instead:",
                "## References",
            ] {
                assert!(e.contains(section), "{} lacks {section}", r.info.code);
            }
            assert!(!r.info.summary.is_empty());
            assert!(r
                .info
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }
}
