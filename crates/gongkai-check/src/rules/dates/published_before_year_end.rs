use super::cn_date;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告发布日期不晚于所报告年度的12月31日的情况：年度报告只能在统计年度结束
    /// 之后发布。
    ///
    /// ## Why is this bad?
    /// 这样的日期通常是年份写错（例如把2025年初发布的2024年度报告的日期写成
    /// 2024年），或者报告年度写错；两者都会让发布时间和统计期限无从核对。
    ///
    /// ## Example
    /// ```text
    /// 某某市财政局2023年政府信息公开工作年度报告
    /// 发布时间：2023-01-25
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 某某市财政局2023年政府信息公开工作年度报告
    /// 发布时间：2024-01-25
    /// ```
    ///
    /// ## References
    /// - 《中华人民共和国政府信息公开条例》第四十九条（公布“上一年度”报告）
    pub struct PublishedBeforeYearEnd {
        code: "D003",
        name: "published-before-year-end",
        severity: Warning,
        summary: "发布日期早于所报告年度结束",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let (Some(year), Some(date)) = (ctx.year(), ctx.report.meta.publication_date.as_ref()) else {
        return;
    };
    let Some(end) = chrono::NaiveDate::from_ymd_opt(year, 12, 31) else {
        return;
    };
    if date.value > end {
        return;
    }
    let message = format!(
        "发布日期为{}，不晚于所报告年度的最后一天{}",
        cn_date(date.value),
        cn_date(end)
    );
    out.push(
        Finding::new(&PublishedBeforeYearEnd::INFO, message)
            .span(date.at)
            .hint("核对发布日期和报告年度：年度报告应在统计年度结束后发布"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_for_a_date_inside_the_year() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .published(2023, 1, 25)
            .build();
        assert_eq!(check_only(&r, "D003").len(), 1);
    }

    #[test]
    fn silent_after_the_year() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .published(2024, 1, 1)
            .build();
        assert!(check_only(&r, "D003").is_empty());
    }
}
