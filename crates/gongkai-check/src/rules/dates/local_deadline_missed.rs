use super::{cn_date, facts, legal_deadline};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 比较发布日期与 `gongkai.toml` 中 `[deadlines]` 设置的地方期限（格式 `MM-DD`，
    /// 可分别设置 `department`、`government`、`township`、`subdistrict`；未设置
    /// `township` 时沿用 `government`，未设置 `subdistrict` 时沿用 `department`）。
    /// 只在地方期限早于法定期限、且发布日期晚于地方期限但未超过法定期限时报告
    /// （超过法定期限的由 D001 报告）。未设置地方期限时本规则不起作用。
    ///
    /// ## Why is this bad?
    /// 许多地方规定了比条例更早的报送和发布期限（例如怀化市要求市直单位2022年
    /// 1月28日前发布2021年度报告），错过地方期限同样会被通报。
    ///
    /// ## Example
    /// ```text
    /// # gongkai.toml
    /// [deadlines]
    /// department = "01-20"
    ///
    /// 发布时间：2024-01-26        ← 晚于地方期限 1月20日
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 发布时间：2024-01-18
    /// ```
    ///
    /// ## References
    /// - 《中华人民共和国政府信息公开条例》第四十九条
    /// - 怀化市、岳阳市关于年度报告报送发布时间的通知（见 regulation.md §1.3）
    pub struct LocalDeadlineMissed {
        code: "D002",
        name: "local-deadline-missed",
        severity: Warning,
        summary: "发布日期晚于配置的地方期限",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some((year, date, class, _)) = facts(ctx) else {
        return;
    };
    let Some(local) = ctx.config.deadlines.local(class) else {
        return;
    };
    let (Some(local), Some(legal)) = (
        year.checked_add(1)
            .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, local.month, local.day)),
        legal_deadline(year, class),
    ) else {
        return;
    };
    if local >= legal || date <= local || date > legal {
        return;
    }
    let message = format!(
        "发布日期为{}，晚于地方规定的期限{}（{}）",
        cn_date(date),
        cn_date(local),
        class.name()
    );
    let at = ctx.report.meta.publication_date.as_ref().and_then(|d| d.at);
    out.push(
        Finding::new(&LocalDeadlineMissed::INFO, message)
            .span(at)
            .hint(
            "按本地政府信息公开主管部门规定的时间发布；期限在 gongkai.toml 的 [deadlines] 中设置",
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::config::MonthDay;
    use crate::testing::ReportBuilder;
    use crate::{Checker, Config};
    use gongkai_model::TemplateId;

    fn check(r: &gongkai_model::Report) -> Vec<crate::Finding> {
        let mut c = Config::default();
        c.set_select(&["D002".into()]).unwrap();
        c.deadlines.department = Some(MonthDay { month: 1, day: 20 });
        Checker::new(c).check_report(r, None)
    }

    #[test]
    fn fires_after_the_local_deadline() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .published(2024, 1, 26)
            .build();
        assert_eq!(check(&r).len(), 1);
    }

    #[test]
    fn silent_before_it_or_when_unset_or_past_the_legal_one() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .published(2024, 1, 18)
            .build();
        assert!(check(&r).is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021)
            .published(2024, 2, 18)
            .build();
        assert!(check(&r).is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021)
            .published(2024, 1, 26)
            .build();
        assert!(crate::testing::check_only(&r, "D002").is_empty());
    }
}
