use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 检查标题是否写明“年度报告”。标题写成“工作报告”“年报”“工作情况”等时报告。
    /// 没有识别出标题时不检查。
    ///
    /// ## Why is this bad?
    /// 条例第四十九、五十条称之为“政府信息公开工作年度报告”；通报中点名“少数单位
    /// 将题目‘年度报告’写成‘工作报告’”。规范的标题也便于公众和上级检索。
    ///
    /// ## Example
    /// ```text
    /// 某某市财政局2023年政府信息公开工作报告
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 某某市财政局2023年政府信息公开工作年度报告
    /// ```
    ///
    /// ## References
    /// - 《中华人民共和国政府信息公开条例》第四十九条、第五十条
    /// - 莆田市人民政府办公室关于2009年度政府信息公开年度报告公开情况的通报
    pub struct TitleNotAnnualReport {
        code: "S004",
        name: "title-not-annual-report",
        severity: Warning,
        summary: "标题没有写明“年度报告”",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some(title) = &ctx.report.meta.title else {
        return;
    };
    let t: String = title.value.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.contains("年度报告") {
        return;
    }
    let message = if t.contains("工作报告") {
        format!("标题“{}”写作“工作报告”，应为“年度报告”", title.value.trim())
    } else {
        format!("标题“{}”没有写明“年度报告”", title.value.trim())
    };
    out.push(
        Finding::new(&TitleNotAnnualReport::INFO, message)
            .span(title.at)
            .hint("标题应为“（机关名称）YYYY年政府信息公开工作年度报告”"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_work_report() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .title("某某市财政局2023年政府信息公开工作报告")
            .build();
        let f = check_only(&r, "S004");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("写作“工作报告”"));
    }

    #[test]
    fn silent_on_annual_report() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .title("平潭综合实验区2024年度政府信息公开工作年度报告")
            .build();
        assert!(check_only(&r, "S004").is_empty());
    }
}
