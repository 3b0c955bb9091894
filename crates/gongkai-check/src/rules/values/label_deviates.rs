use crate::rules::prelude::*;
use crate::rules::structure::old_template_remnant::is_old_normative_label;

declare_rule! {
    /// ## What it does
    /// 报告表格中与统一格式措辞不一致的行、列标签（提取器按相似度匹配上了，但文字
    /// 不同，多为错别字或漏字），每处一次。2021年格式中把“行政规范性文件”写作
    /// “规范性文件”的情况由 S007 报告。
    ///
    /// ## Why is this bad?
    /// 统一格式的标签有确定的含义，写错字（如“先行有效件数”“其他法律行政止公开”）
    /// 会让读者误解栏目口径，也说明报告未经认真校对。
    ///
    /// ## Example
    /// ```text
    /// 信息内容   本年制发件数   本年度止件数   现行有效件数
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 信息内容   本年制发件数   本年废止件数   现行有效件数
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号 年度报告格式
    /// - regulation.md §5.2 第6项（本地改动的表头）
    pub struct LabelDeviates {
        code: "V006",
        name: "label-deviates",
        severity: Warning,
        summary: "表格标签与统一格式的措辞不一致",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let new_template = ctx.report.template == Some(TemplateId::Y2021);
    for l in &ctx.report.labels {
        if !l.deviates() || (new_template && is_old_normative_label(l)) {
            continue;
        }
        let message = format!(
            "{}的标签印作“{}”，统一格式为“{}”",
            table_short(l.table),
            l.found.trim(),
            l.expected.trim()
        );
        out.push(
            Finding::new(&LabelDeviates::INFO, message)
                .span(l.at)
                .hint("按统一格式的原文填写表格标签"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::{TableId, TemplateId};

    #[test]
    fn fires_on_a_typo() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .label(
                TableId::Active,
                "column:repealed",
                "本年废止件数",
                "本年度止件数",
                0.83,
            )
            .build();
        let f = check_only(&r, "V006");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "表二的标签印作“本年度止件数”，统一格式为“本年废止件数”"
        );
    }

    #[test]
    fn silent_on_exact_labels_and_old_normative() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .label(
                TableId::Active,
                "column:repealed",
                "本年废止件数",
                "本年废止件数",
                1.0,
            )
            .label(
                TableId::Active,
                "row:normative",
                "行政规范性文件",
                "规范性文件",
                0.8,
            )
            .build();
        assert!(check_only(&r, "V006").is_empty());
    }
}
