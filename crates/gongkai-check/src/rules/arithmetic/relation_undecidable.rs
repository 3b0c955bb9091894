use std::borrow::Cow;

use crate::rules::prelude::*;
use gongkai_model::Severity;

declare_rule! {
    /// ## What it does
    /// 报告表内算术关系（同 A001）因为有单元格不是数字而无法核对的情况：单元格为
    /// 空白、“/”、无法确定（`?`）或文字。每条关系报告一次，`subject` 为关系编号，
    /// 并列出缺数的单元格。
    ///
    /// 所缺单元格全部是“缺项”（整行或整张表没有）时不报告：那已由 V007（缺行）或
    /// S003（缺表）报告。
    ///
    /// 消息同时给出把空白、“/”和缺项按 0 计算的结果：这样计算两边相等时，级别降为
    /// info（多半只是没有填 0）；仍不相等，或有无法确定、文字的单元格时，为
    /// warning（按 0 计也不成立，说明除了缺数还有错数）。`[severity] A002` 覆盖两者。
    ///
    /// ## Why is this bad?
    /// 统一格式要求每个单元格填写数字，没有数据时填 0。留空或填“/”的表无法核对
    /// 勾稽关系，读者也无从判断是“没有”还是“漏填”。
    ///
    /// ## Example
    /// ```text
    /// 行政复议  结果维持 1   结果纠正 （空）   其他结果 0   尚未审结 0   总计 1
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 行政复议  结果维持 1   结果纠正 0   其他结果 0   尚未审结 0   总计 1
    /// ```
    ///
    /// ## References
    /// - `shared/spec/README.md`：关系中有空白、缺项、“/”或无法确定的单元格时不可判定，
    ///   属于数据缺失，不是算术错误
    pub struct RelationUndecidable {
        code: "A002",
        name: "relation-undecidable",
        severity: Warning,
        summary: "表内勾稽关系无法核对（有单元格不是数字）",
    }
}

static ZERO: Value = Value::Number(Decimal::ZERO);

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some(idx) = ctx.index else { return };
    let label = |t: &TermRef| match t.index {
        Some(i) => Cow::Borrowed(idx.labels[i].as_str()),
        None => Cow::Owned(t.id.clone()),
    };
    for rel in idx
        .relations
        .iter()
        .filter(|r| r.relation.scope == Scope::Report)
    {
        if rel.terms().all(|t| ctx.term_value(t).is_number()) {
            continue;
        }
        let missing: Vec<(&TermRef, &Value)> = rel
            .terms()
            .map(|t| (t, ctx.term_value(t)))
            .filter(|(_, v)| !v.is_number())
            .collect();
        if missing.is_empty() || missing.iter().all(|(_, v)| matches!(v, Value::Absent)) {
            continue;
        }
        let shown: Vec<String> = missing
            .iter()
            .take(4)
            .map(|(t, v)| format!("“{}”为{}", label(t), describe_value(v)))
            .collect();
        let more = if missing.len() > 4 {
            format!("等{}个单元格", missing.len())
        } else {
            String::new()
        };
        let as_zero = |t: &TermRef| match ctx.term_value(t) {
            Value::Blank | Value::NotApplicable | Value::Absent => &ZERO,
            v => v,
        };
        let (verdict, severity) = match (side_sum(&rel.lhs, as_zero), side_sum(&rel.rhs, as_zero)) {
            (Some(l), Some(r)) if l == r => ("；空白按 0 计时两边相等".to_string(), Severity::Info),
            (Some(l), Some(r)) => (
                format!(
                    "；空白按 0 计时两边也不相等（{} ≠ {}）",
                    canonical(l),
                    canonical(r)
                ),
                Severity::Warning,
            ),
            _ => (String::new(), Severity::Warning),
        };
        let message = format!(
            "无法核对 {} 与 {} 是否相等：{}{}{}",
            describe_side(&rel.lhs, label),
            describe_side(&rel.rhs, label),
            shown.join("，"),
            more,
            verdict
        );
        let mut f = Finding::new(&RelationUndecidable::INFO, message)
            .severity(severity)
            .subject(rel.relation.id.as_str())
            .hint("每个单元格都应填写数字，没有数据时填 0；无法确定的数字请对照原件核实");
        for (t, _) in &missing {
            f = f.cell(t.id.as_str(), ctx.term_at(t));
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::{Severity, TemplateId};

    #[test]
    fn fires_on_a_blank_cell() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .blank("review.corrected")
            .build();
        let f = check_only(&r, "A002");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, "review.sum");
        assert_eq!(f[0].cells, ["review.corrected"]);
        assert!(
            f[0].message.contains("“行政复议·结果纠正”为空白"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message.ends_with("空白按 0 计时两边相等"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].severity, Severity::Info);
        let r = ReportBuilder::new(TemplateId::Y2021)
            .blank("review.corrected")
            .num("review.upheld", 2)
            .build();
        let f = check_only(&r, "A002");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].message.ends_with("两边也不相等（0 ≠ 2）"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn silent_when_complete_or_only_absent() {
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "A002").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021)
            .absent_row("apply.denied.state_secret")
            .build();
        assert!(check_only(&r, "A002").is_empty());
    }
}
