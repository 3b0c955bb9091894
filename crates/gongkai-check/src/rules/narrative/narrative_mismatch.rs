use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 把正文中陈述的数字（提取结果中的 `narrative`，如“全年共收到政府信息公开申请
    /// 12件”“上年结转3件”“结转下年度2件”“行政复议1件”“行政诉讼2件”“本年制发行政
    /// 规范性文件5件”）与表格中对应的单元格比较，不一致时报告。
    ///
    /// 对应关系：数量名是单元格编号的，与该单元格比较（如 `apply.new.total` 与表三
    /// “一、本年新收·总计”）；`suit.total`（行政诉讼合计）与表四两组行政诉讼的
    /// “总计”之和比较。只有单元格都是数字时才比较；`fees.info_processing`（信息处理
    /// 费）在表中没有对应单元格，不在此比较。
    ///
    /// ## Why is this bad?
    /// 正文与表格说法不一，读者无法判断哪个是真的；各地通知要求“确保逻辑关系对应
    /// 一致”，正文数字须与表格一致。
    ///
    /// ## Example
    /// ```text
    /// 全年共收到政府信息公开申请15件……
    /// 一、本年新收政府信息公开申请数量  …  总计 12
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 全年共收到政府信息公开申请12件……
    /// 一、本年新收政府信息公开申请数量  …  总计 12
    /// ```
    ///
    /// ## References
    /// - 《中华人民共和国政府信息公开条例》第五十条
    /// - regulation.md §2.9 S-3、§5.2 第8项
    pub struct NarrativeMismatch {
        code: "N001",
        name: "narrative-mismatch",
        severity: Error,
        summary: "正文陈述的数字与表格不一致",
    }
}

/// The cells a narrative quantity stands for (their sum).
fn cells_of(quantity: &str) -> Option<Vec<&str>> {
    match quantity {
        "suit.total" => Some(vec!["suit_direct.total", "suit_after_review.total"]),
        "fees.info_processing" => None,
        q => Some(vec![q]),
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    for fact in &ctx.report.narrative {
        let Some(ids) = cells_of(&fact.quantity) else {
            continue;
        };
        let mut sum = Decimal::ZERO;
        let mut comparable = true;
        for id in &ids {
            match ctx.report.value(id) {
                Value::Number(d) => sum += *d,
                _ => comparable = false,
            }
        }
        if !comparable || sum == fact.value {
            continue;
        }
        let labels: Vec<std::borrow::Cow<str>> = ids.iter().map(|id| ctx.label(id)).collect();
        let table = table_short(table_of_id(ids[0]));
        let message = format!(
            "正文“{}”中的数字为 {}，但{}“{}” = {}",
            fact.text.trim(),
            canonical(fact.value),
            table,
            labels.join(" + "),
            canonical(sum)
        );
        let mut f = Finding::new(&NarrativeMismatch::INFO, message)
            .subject(fact.quantity.as_str())
            .span(fact.at)
            .hint("核对正文与表格，改正其中错误的一处");
        for id in &ids {
            f = f.cell(*id, ctx.report.cell(id).and_then(|c| c.at));
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_when_text_and_table_differ() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .num("apply.new.natural_person", 12)
            .num("apply.new.total", 12)
            .fact("apply.new.total", 15, "全年共收到政府信息公开申请15件")
            .fact("suit.total", 2, "行政诉讼2件")
            .build();
        let f = check_only(&r, "N001");
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0].message,
            "正文“全年共收到政府信息公开申请15件”中的数字为 15，但表三“一、本年新收·总计” = 12"
        );
        assert_eq!(f[1].subject, "suit.total");
    }

    #[test]
    fn silent_when_equal_or_not_comparable() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .fact("apply.new.total", 0, "未收到政府信息公开申请")
            .fact("fees.info_processing", 400, "收取信息处理费400元")
            .blank("review.total")
            .fact("review.total", 1, "行政复议1件")
            .build();
        assert!(check_only(&r, "N001").is_empty());
    }
}
