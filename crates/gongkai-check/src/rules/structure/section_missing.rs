use super::looks_like_report;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 检查报告是否包含统一格式规定的六个部分，每缺一部分报告一次：
    ///
    /// 一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；
    /// 四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；
    /// 六、其他需要报告的事项。
    ///
    /// ## Why is this bad?
    /// 条例第五十条规定了年度报告的内容，国务院办公厅据此公布了统一格式。通报中
    /// 常见“缺少因政府信息公开申请行政复议、提起行政诉讼的情况说明”“存在的主要
    /// 问题及改进情况说明未认真填写”等问题。
    ///
    /// ## Example
    /// ```text
    /// 一、总体情况 …… 二、主动公开政府信息情况 …… 三、…… 四、……
    /// 五、其他需要报告的事项
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// …… 四、政府信息公开行政复议、行政诉讼情况
    /// 五、存在的主要问题及改进情况
    /// 六、其他需要报告的事项
    /// ```
    ///
    /// ## References
    /// - 《中华人民共和国政府信息公开条例》第五十条
    /// - 国办公开办函〔2021〕30号 年度报告格式
    pub struct SectionMissing {
        code: "S001",
        name: "section-missing",
        severity: Error,
        summary: "缺少统一格式规定的某一部分",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    // Tables computed from data (registry, roll-up) have no sections.
    if !looks_like_report(ctx) || ctx.report.source.is_derived() {
        return;
    }
    for n in 1..=6u8 {
        if ctx.report.sections.iter().any(|s| s.number == n) {
            continue;
        }
        let i = usize::from(n - 1);
        let message = format!(
            "缺少第{}部分“{}、{}”",
            SECTION_NUMERALS[i], SECTION_NUMERALS[i], SECTION_HEADINGS[i]
        );
        out.push(Finding::new(&SectionMissing::INFO, message).hint(
            "年度报告应依次包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_per_missing_section() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .sections(&[1, 2, 3, 4, 6])
            .build();
        let f = check_only(&r, "S001");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "缺少第五部分“五、存在的主要问题及改进情况”");
    }

    #[test]
    fn silent_when_complete_or_not_a_report() {
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "S001").is_empty());
        let r = gongkai_model::Report::empty(Default::default());
        assert!(check_only(&r, "S001").is_empty());
    }

    #[test]
    fn silent_for_tables_computed_from_data() {
        let mut r = ReportBuilder::new(TemplateId::Y2021).sections(&[]).build();
        assert_eq!(check_only(&r, "S001").len(), 6);
        r.source.format = "registry".into();
        assert!(check_only(&r, "S001").is_empty());
    }
}
