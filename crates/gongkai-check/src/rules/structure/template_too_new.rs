use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告的是2019或2020年度，表格却是〔2021〕30号格式时报告。〔2021〕30号格式于
    /// 2021年9月印发，2019、2020年度的报告（2020、2021年初发布）应使用〔2019〕60号
    /// 格式。出现这种组合，多半是报告年度写错或识别错了。
    ///
    /// ## Why is this bad?
    /// 年度与格式对不上时，统计口径无法确定：表二是“制发/废止/现行有效”还是“新制作/
    /// 新公开/对外公开总数”，表三“（六）”是一行还是三行，都取决于年度。
    ///
    /// ## Example
    /// ```text
    /// 某某市财政局2020年政府信息公开工作年度报告
    /// 信息内容   本年制发件数   本年废止件数   现行有效件数
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 某某市财政局2020年政府信息公开工作年度报告
    /// 信息内容   本年新制作数量   本年新公开数量   对外公开总数量
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2019〕60号、〔2021〕30号
    /// - regulation.md §2.1
    pub struct TemplateTooNew {
        code: "S008",
        name: "template-too-new",
        severity: Error,
        summary: "2019、2020年度的报告使用了〔2021〕30号格式",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let (Some(TemplateId::Y2021), Some(year)) = (ctx.report.template, ctx.year()) else {
        return;
    };
    if !(2019..=2020).contains(&year) {
        return;
    }
    let message = format!(
        "报告的是{}年度，应使用{}格式，但表格是{}格式",
        year,
        TemplateId::Y2019.document(),
        TemplateId::Y2021.document()
    );
    let at = ctx.report.meta.year.as_ref().and_then(|y| y.at);
    out.push(
        Finding::new(&TemplateTooNew::INFO, message)
            .span(at)
            .hint("核对报告年度；2019、2020年度的报告应使用〔2019〕60号格式"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_for_a_2021_table_in_2020() {
        let r = ReportBuilder::new(TemplateId::Y2021).year(2020).build();
        assert_eq!(check_only(&r, "S008").len(), 1);
    }

    #[test]
    fn silent_otherwise() {
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "S008").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2019).build();
        assert!(check_only(&r, "S008").is_empty());
    }
}
