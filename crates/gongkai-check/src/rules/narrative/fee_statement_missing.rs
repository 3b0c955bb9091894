use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 2021年及以后年度的报告，正文中没有说明信息处理费收取情况（提取结果中没有
    /// `fees.info_processing`，包括“未收取信息处理费”这样的说明）时提示。只在提取
    /// 器从正文中读出了其他数字时才检查，以免正文无法解析时误报。
    ///
    /// ## Why is this bad?
    /// 《政府信息公开信息处理费管理办法》自2021年1月1日起施行，年度报告通常在
    /// “六、其他需要报告的事项”中说明本年收取信息处理费的情况（未收取也应说明）。
    ///
    /// ## Example
    /// ```text
    /// 六、其他需要报告的事项
    /// 无。
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 六、其他需要报告的事项
    /// 本机关2023年未收取信息处理费。
    /// ```
    ///
    /// ## References
    /// - 国办函〔2020〕109号《政府信息公开信息处理费管理办法》
    /// - regulation.md §2.9 S-6
    pub struct FeeStatementMissing {
        code: "N002",
        name: "fee-statement-missing",
        severity: Info,
        summary: "正文未说明信息处理费收取情况",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let year = ctx.year().unwrap_or(match ctx.report.template {
        Some(TemplateId::Y2021) => 2021,
        _ => 0,
    });
    if year < 2021 || ctx.report.narrative.is_empty() {
        return;
    }
    if ctx
        .report
        .narrative
        .iter()
        .any(|f| f.quantity == "fees.info_processing")
    {
        return;
    }
    let at = ctx
        .report
        .sections
        .iter()
        .find(|s| s.number == 6)
        .and_then(|s| s.at);
    out.push(
        Finding::new(
            &FeeStatementMissing::INFO,
            "正文中没有找到信息处理费的收取情况",
        )
        .span(at)
        .hint("在“六、其他需要报告的事项”中说明本年度收取信息处理费的情况，未收取的写明“未收取”"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_when_the_fee_is_not_mentioned() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .fact("apply.new.total", 0, "未收到申请")
            .build();
        assert_eq!(check_only(&r, "N002").len(), 1);
    }

    #[test]
    fn silent_when_mentioned_or_before_2021_or_without_narrative() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .fact("fees.info_processing", 0, "未收取信息处理费")
            .build();
        assert!(check_only(&r, "N002").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2019)
            .fact("apply.new.total", 0, "未收到申请")
            .build();
        assert!(check_only(&r, "N002").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "N002").is_empty());
    }
}
