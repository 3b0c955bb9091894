use super::cells;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告件数单元格中的小数（金额单元格可以有小数）。
    ///
    /// ## Why is this bad?
    /// 申请、决定、案件都以“件”计，不可能有小数；小数通常是把金额或百分比填进了
    /// 件数栏，或者是两个数字之间的分隔被读成了小数点。
    ///
    /// ## Example
    /// ```text
    /// 行政处罚   本年处理决定数量   12.5
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 行政处罚   本年处理决定数量   125
    /// ```
    ///
    /// ## References
    /// - `shared/spec/cells.tsv`（kind：count 为非负整数）
    /// - regulation.md §2.9 T3-4
    pub struct FractionalCount {
        code: "V004",
        name: "fractional-count",
        severity: Error,
        summary: "件数单元格中有小数",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    for (i, def, value, label) in cells(ctx) {
        let Value::Number(d) = value else { continue };
        if def.kind == CellKind::AmountWan || d.scale() == 0 || d.fract().is_zero() {
            continue;
        }
        let message = format!(
            "{}“{}” = {}，件数应为整数",
            table_short(def.table),
            label,
            canonical(*d)
        );
        out.push(
            Finding::new(&FractionalCount::INFO, message)
                .subject(def.id.as_str())
                .cell(def.id.as_str(), ctx.cell_at(i).and_then(|c| c.at))
                .hint("件数填写整数；核对是否把金额、比例填进了件数栏"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_a_decimal_count() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .dec("active.penalty.decisions", "12.5")
            .build();
        assert_eq!(check_only(&r, "V004").len(), 1);
    }

    #[test]
    fn silent_on_amounts_and_integers() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .dec("active.fees.amount", "12.5")
            .dec("active.penalty.decisions", "12")
            .build();
        assert!(check_only(&r, "V004").is_empty());
    }
}
