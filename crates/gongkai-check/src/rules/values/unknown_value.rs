use super::cells;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告提取器无法确定数值的单元格（提取结果中的 `?`），列出文本允许的几种读法
    /// 和原因。典型情况是一行数字连写在一起（如“1010”可读作 1、0、1、0 或 10、10），
    /// 靠勾稽关系也无法唯一确定。
    ///
    /// ## Why is this bad?
    /// 读者同样无法从原文确定这些数字；相关的勾稽关系也无法核对。
    ///
    /// ## Example
    /// ```text
    /// 一、本年新收政府信息公开申请数量 1010000011
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 一、本年新收政府信息公开申请数量 10 1 0 0 0 0 11
    /// ```
    ///
    /// ## References
    /// - `shared/spec/README.md`（`?`：文本不能确定数值）
    pub struct UnknownValue {
        code: "V005",
        name: "unknown-value",
        severity: Warning,
        summary: "无法从原文确定单元格的数值",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    for (i, def, value, label) in cells(ctx) {
        if !matches!(value, Value::Unknown) {
            continue;
        }
        let cell = ctx.cell_at(i);
        let candidates: Vec<String> = cell
            .map(|c| c.candidates.iter().map(describe_value).collect())
            .unwrap_or_default();
        let mut message = format!("无法确定{}“{}”的数值", table_short(def.table), label);
        if !candidates.is_empty() {
            message.push_str(&format!("（可能是 {}）", candidates.join("、")));
        }
        if let Some(a) = ctx
            .report
            .ambiguities
            .iter()
            .find(|a| a.cells.iter().any(|c| c == &def.id))
        {
            message.push_str(&format!("：{}", a.reason.trim()));
        }
        out.push(
            Finding::new(&UnknownValue::INFO, message)
                .subject(def.id.as_str())
                .cell(def.id.as_str(), cell.and_then(|c| c.at))
                .hint("对照原件核实该数字；各单元格的数字之间应有明确分隔"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::{TemplateId, Value};

    #[test]
    fn fires_on_unknown() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .value("apply.new.natural_person", Value::Unknown)
            .build();
        assert_eq!(check_only(&r, "V005").len(), 1);
    }

    #[test]
    fn silent_on_known_values() {
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "V005").is_empty());
    }
}
