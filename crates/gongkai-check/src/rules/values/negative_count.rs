use super::cells;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告为负数的件数和金额。只有2019年格式表二的“本年增/减”一列可以为负数
    /// （减少的事项“用负值表示”）。
    ///
    /// ## Why is this bad?
    /// 申请件数、处理决定数量、案件数和金额都不可能是负数；负号通常是误把“-”
    /// （不适用）与数字连在一起，或是抄错。
    ///
    /// ## Example
    /// ```text
    /// 四、结转下年度继续办理   总计 -1
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 四、结转下年度继续办理   总计 1
    /// ```
    ///
    /// ## References
    /// - `shared/spec/cells.tsv`（kind：count 为非负整数，signed 可为负）
    /// - regulation.md §2.9 T2-1、T3-4、T4-2
    pub struct NegativeCount {
        code: "V003",
        name: "negative-count",
        severity: Error,
        summary: "件数或金额为负数",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    for (i, def, value, label) in cells(ctx) {
        let Value::Number(d) = value else { continue };
        if def.kind == CellKind::Signed || !d.is_sign_negative() || d.is_zero() {
            continue;
        }
        let message = format!(
            "{}“{}” = {}，不能为负数",
            table_short(def.table),
            label,
            canonical(*d)
        );
        out.push(
            Finding::new(&NegativeCount::INFO, message)
                .subject(def.id.as_str())
                .cell(def.id.as_str(), ctx.cell_at(i).and_then(|c| c.at))
                .hint("件数和金额不能为负；只有2019年格式的“本年增/减”可以为负数"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_a_negative_count() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .num("apply.carried_out.total", -1)
            .build();
        assert_eq!(check_only(&r, "V003").len(), 1);
    }

    #[test]
    fn silent_on_signed_cells() {
        let r = ReportBuilder::new(TemplateId::Y2019)
            .num("active.license.change", -3)
            .build();
        assert!(check_only(&r, "V003").is_empty());
    }
}
