use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告的是2021年或以后的年度，表格却是〔2019〕60号（试行）格式时报告：例如
    /// 表二第（一）项为“本年新制作数量/本年新公开数量/对外公开总数量”、有“其他对外
    /// 管理服务事项”和第（九）项“政府集中采购”、表三“（六）其他处理”只有一行。
    ///
    /// ## Why is this bad?
    /// 2021年度起的报告必须使用国办公开办函〔2021〕30号印发的格式。新格式改变了表二
    /// 的统计口径（制发、废止、现行有效件数，收费金额），并把“（六）其他处理”细分
    /// 为三项；使用旧格式的报告缺少这些数据，也无法与其他机关汇总比较。
    ///
    /// ## Example
    /// ```text
    /// 某某市财政局2023年政府信息公开工作年度报告
    /// 信息内容   本年新制作数量   本年新公开数量   对外公开总数量
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 某某市财政局2023年政府信息公开工作年度报告
    /// 信息内容   本年制发件数   本年废止件数   现行有效件数
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》
    /// - regulation.md §2.1、§5.2 第6项
    pub struct OldTemplate {
        code: "S006",
        name: "old-template",
        severity: Error,
        summary: "2021年度起的报告使用了〔2019〕60号旧格式",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let (Some(TemplateId::Y2019), Some(year)) = (ctx.report.template, ctx.year()) else {
        return;
    };
    if year < 2021 {
        return;
    }
    let clue = ctx.report.template_evidence.first();
    let seen = clue
        .map(|e| format!("（识别依据：{}）", e.clue))
        .unwrap_or_default();
    let message = format!(
        "报告的是{}年度，应使用{}格式，但表格是{}格式{}",
        year,
        TemplateId::Y2021.document(),
        TemplateId::Y2019.document(),
        seen
    );
    out.push(
        Finding::new(&OldTemplate::INFO, message)
            .span(clue.and_then(|e| e.at))
            .hint("按〔2021〕30号格式重新编制表二、表三：表二第（一）项为本年制发件数、本年废止件数、现行有效件数，表三“（六）其他处理”分为三项"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_for_a_2019_table_in_2023() {
        let r = ReportBuilder::new(TemplateId::Y2019).year(2023).build();
        assert_eq!(check_only(&r, "S006").len(), 1);
    }

    #[test]
    fn silent_for_2020_or_the_new_template() {
        let r = ReportBuilder::new(TemplateId::Y2019).build();
        assert!(check_only(&r, "S006").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "S006").is_empty());
    }
}
