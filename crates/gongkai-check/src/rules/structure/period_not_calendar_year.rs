use crate::rules::prelude::*;
use chrono::Datelike;

declare_rule! {
    /// ## What it does
    /// 检查报告写明的统计期限（“本报告所列数据统计期限为……”）是否为所报告年度的
    /// 1月1日至12月31日。期限不是整个自然年，或与报告年度不一致时报告。没有识别出
    /// 统计期限时不检查。
    ///
    /// ## Why is this bad?
    /// 年度报告按自然年统计；统计期限写错年份或只覆盖部分月份，表中数字就与报告
    /// 年度对不上，也无法与上一年衔接（结转数）。
    ///
    /// ## Example
    /// ```text
    /// 某某市财政局2023年政府信息公开工作年度报告
    /// 本报告所列数据统计期限为2022年1月1日至2022年12月31日。
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 本报告所列数据统计期限为2023年1月1日至2023年12月31日。
    /// ```
    ///
    /// ## References
    /// - regulation.md §2.8（统计期限为自然年）、§5.2 第13项
    pub struct PeriodNotCalendarYear {
        code: "S009",
        name: "period-not-calendar-year",
        severity: Error,
        summary: "统计期限不是所报告年度的1月1日至12月31日",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some(period) = &ctx.report.meta.period else {
        return;
    };
    let (start, end) = period.value;
    let whole_year = start.year() == end.year()
        && (start.month(), start.day()) == (1, 1)
        && (end.month(), end.day()) == (12, 31);
    let year_ok = ctx
        .year()
        .is_none_or(|y| y == start.year() && y == end.year());
    if whole_year && year_ok {
        return;
    }
    let printed = format!(
        "{}年{}月{}日至{}年{}月{}日",
        start.year(),
        start.month(),
        start.day(),
        end.year(),
        end.month(),
        end.day()
    );
    let message = match ctx.year() {
        Some(y) if !year_ok && whole_year => {
            format!("统计期限为{printed}，与报告年度{y}年不一致")
        }
        Some(y) => format!("统计期限为{printed}，不是报告年度{y}年的1月1日至12月31日"),
        None => format!("统计期限为{printed}，不是一个完整的自然年"),
    };
    out.push(
        Finding::new(&PeriodNotCalendarYear::INFO, message)
            .span(period.at)
            .hint("统计期限应为所报告年度的1月1日至12月31日"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_a_wrong_period() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .period((2022, 1, 1), (2022, 12, 31))
            .build();
        let f = check_only(&r, "S009");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("与报告年度2023年不一致"),
            "{}",
            f[0].message
        );
        let r = ReportBuilder::new(TemplateId::Y2021)
            .period((2023, 1, 1), (2023, 11, 30))
            .build();
        assert_eq!(check_only(&r, "S009").len(), 1);
    }

    #[test]
    fn silent_on_the_calendar_year() {
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "S009").is_empty());
    }
}
