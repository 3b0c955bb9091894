use super::{cn_date, facts, legal_deadline};
use crate::agency::BodyClass;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 比较报告的发布日期与《政府信息公开条例》第四十九条规定的期限：
    ///
    /// - 县级以上人民政府**部门**：每年 **1月31日** 前公布上一年度报告；
    /// - 县级以上地方**人民政府**本级报告：由主管部门在每年 **3月31日** 前公布。
    ///
    /// 机关类别优先取提取结果中的 `meta.body_kind`，否则按机关名称判断：名称以
    /// “人民政府”结尾（或只是一个地名，如“洪泽区”）为人民政府；“人民政府办公厅/
    /// 办公室”是政府的工作部门，按部门对待；管理委员会、各局委办同样按部门对待。
    ///
    /// 本规则对两类第四十九条没有点名的机关作如下判定：
    ///
    /// - **街道办事处**是区（县级市）人民政府的派出机关，按其部门对待，期限为
    ///   1月31日；
    /// - **乡、镇人民政府**不是“县级以上”政府，第四十九条未规定其期限；本规则类比
    ///   其他人民政府取 3月31日（最宽的法定期限，避免误报），地方规定更早期限的，
    ///   可在 `gongkai.toml` 的 `[deadlines] township` 中设置，由 D002 检查。
    ///
    /// 期限是固定日期：当天发布不算逾期，期限逢节假日也不顺延。
    ///
    /// ## Why is this bad?
    /// 按时公布年度报告是法定义务，“没有认真执行《条例》中关于年度报告公布时间的
    /// 规定”是通报中反复出现的问题；〔2021〕30号通知将“不按时发布”列为追责情形。
    ///
    /// ## Example
    /// ```text
    /// 某某市财政局2023年政府信息公开工作年度报告
    /// 发布时间：2024-02-06
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 某某市财政局2023年政府信息公开工作年度报告
    /// 发布时间：2024-01-26
    /// ```
    ///
    /// ## References
    /// - 《中华人民共和国政府信息公开条例》第四十九条
    /// - 国办公开办函〔2021〕30号（四）明确责任
    pub struct PublishedLate {
        code: "D001",
        name: "published-late",
        severity: Error,
        summary: "发布日期晚于条例第四十九条规定的期限",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some((year, date, class, name)) = facts(ctx) else {
        return;
    };
    let Some(deadline) = legal_deadline(year, class) else {
        return;
    };
    if date <= deadline {
        return;
    }
    let days = (date - deadline).num_days();
    let why = match class {
        BodyClass::Department => "县级以上人民政府部门应在每年1月31日前公布上一年度报告",
        BodyClass::Government => "县级以上地方人民政府的本级报告应在每年3月31日前公布",
        BodyClass::Township => "乡镇人民政府类比人民政府，取3月31日",
        BodyClass::Subdistrict => "街道办事处是区人民政府的派出机关，按其部门取1月31日",
    };
    let who = if name.is_empty() {
        String::new()
    } else {
        format!("“{name}”按")
    };
    let message = format!(
        "发布日期为{}，晚于法定期限{}（逾期{}天；{}{}对待：{}）",
        cn_date(date),
        cn_date(deadline),
        days,
        who,
        class.name(),
        why
    );
    let at = ctx.report.meta.publication_date.as_ref().and_then(|d| d.at);
    out.push(
        Finding::new(&PublishedLate::INFO, message)
            .span(at)
            .hint("按期发布年度报告；若机关类别判断有误（例如本级人民政府的报告），请核对机关名称"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::{BodyKind, TemplateId};

    #[test]
    fn fires_for_a_late_department() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .published(2024, 2, 6)
            .build();
        let f = check_only(&r, "D001");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("晚于法定期限2024年1月31日（逾期6天"),
            "{}",
            f[0].message
        );
        let r = ReportBuilder::new(TemplateId::Y2021)
            .agency("桓台县索镇街道办事处")
            .published(2024, 2, 1)
            .build();
        assert_eq!(check_only(&r, "D001").len(), 1);
    }

    #[test]
    fn silent_in_time_and_for_governments_until_march() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .published(2024, 1, 31)
            .build();
        assert!(check_only(&r, "D001").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021)
            .agency("淮安市洪泽区人民政府")
            .published(2024, 3, 31)
            .build();
        assert!(check_only(&r, "D001").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021)
            .agency("柱濮镇人民政府")
            .published(2024, 3, 10)
            .build();
        assert!(check_only(&r, "D001").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021)
            .agency("某某市")
            .body_kind(BodyKind::Government)
            .published(2024, 3, 1)
            .build();
        assert!(check_only(&r, "D001").is_empty());
    }
}
