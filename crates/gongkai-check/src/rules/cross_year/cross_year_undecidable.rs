use super::{relations, term_label, term_value};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 同 X001 配对的两年报告中，跨年度关系因为有单元格不是数字（空白、“/”、无法
    /// 确定等）而无法核对时提示。所缺单元格全部是“缺项”，或上年报告的格式根本没有
    /// 该单元格（如2020年的〔2019〕60号格式没有“现行有效件数”）时不提示。
    ///
    /// ## Why is this bad?
    /// 跨年度衔接是发现填报错误最有效的手段之一；数据缺失时无法核对，应补齐。
    ///
    /// ## Example
    /// ```text
    /// 2023年报告  四、结转下年度继续办理   总计 （空白）
    /// 2024年报告  二、上年结转政府信息公开申请数量   总计 2
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 2023年报告  四、结转下年度继续办理   总计 2
    /// ```
    ///
    /// ## References
    /// - regulation.md §2.9 T3-5
    pub struct CrossYearUndecidable {
        code: "X002",
        name: "cross-year-undecidable",
        severity: Info,
        summary: "与上年报告衔接的关系无法核对（有单元格不是数字）",
    }
}

pub(crate) fn check(ctx: &PairContext<'_>, out: &mut Vec<Finding>) {
    let prev_template = ctx.previous.template();
    for rel in relations(ctx) {
        // Last year's template must have every `prev:` cell.
        let prev_has_all = rel
            .terms()
            .filter(|t| t.prev)
            .all(|t| prev_template.is_some_and(|p| p.cell_index(&t.id).is_some()));
        if !prev_has_all {
            continue;
        }
        if rel.terms().all(|t| term_value(ctx, t).is_number()) {
            continue;
        }
        let missing: Vec<(&TermRef, &Value)> = rel
            .terms()
            .map(|t| (t, term_value(ctx, t)))
            .filter(|(_, v)| !v.is_number())
            .collect();
        if missing.is_empty() || missing.iter().all(|(_, v)| matches!(v, Value::Absent)) {
            continue;
        }
        let shown: Vec<String> = missing
            .iter()
            .map(|(t, v)| {
                let who = if t.prev { "上年" } else { "本年" };
                format!("{}“{}”为{}", who, term_label(ctx, t), describe_value(v))
            })
            .collect();
        let message = format!(
            "无法与上年报告（{}）核对{}：{}",
            ctx.previous.report.source.path,
            rel.relation.id,
            shown.join("，")
        );
        let mut f = Finding::new(&CrossYearUndecidable::INFO, message)
            .subject(rel.relation.id.as_str())
            .hint("补齐两年报告中空缺的数字，没有数据时填 0");
        for (t, _) in &missing {
            if t.prev {
                f.cells.push(format!("prev:{}", t.id));
            } else {
                f = f.cell(t.id.as_str(), ctx.current.term_at(t));
            }
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_pair_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_a_blank_carry_over() {
        let prev = ReportBuilder::new(TemplateId::Y2021)
            .blank("apply.carried_out.total")
            .build();
        let cur = ReportBuilder::new(TemplateId::Y2021).year(2024).build();
        let f = check_pair_only(&cur, &prev, "X002");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, "apply.carryover.total");
    }

    #[test]
    fn silent_when_complete_or_template_changed() {
        let prev = ReportBuilder::new(TemplateId::Y2021).build();
        let cur = ReportBuilder::new(TemplateId::Y2021).year(2024).build();
        assert!(check_pair_only(&cur, &prev, "X002").is_empty());
        let prev = ReportBuilder::new(TemplateId::Y2019).build();
        let cur = ReportBuilder::new(TemplateId::Y2021).year(2021).build();
        assert!(check_pair_only(&cur, &prev, "X002").is_empty());
    }
}
