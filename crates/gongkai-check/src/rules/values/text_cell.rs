use super::cells;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告表格中内容不是数字的单元格（例如“无”以外的文字、“若干”“见附件”），每个
    /// 单元格一次。“/”“—”“无”等明确的不适用标记不在此列。
    ///
    /// ## Why is this bad?
    /// 表格是统计数据，文字无法汇总，也使相关勾稽关系无法核对。
    ///
    /// ## Example
    /// ```text
    /// 行政许可   本年处理决定数量   若干
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 行政许可   本年处理决定数量   1326
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号 年度报告格式
    /// - regulation.md §5.2 第12项
    pub struct TextCell {
        code: "V002",
        name: "text-cell",
        severity: Error,
        summary: "单元格内容不是数字",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    for (i, def, value, label) in cells(ctx) {
        let Value::Text(text) = value else { continue };
        let message = format!(
            "{}“{}”的内容为“{}”，不是数字",
            table_short(def.table),
            label,
            text.trim()
        );
        out.push(
            Finding::new(&TextCell::INFO, message)
                .subject(def.id.as_str())
                .cell(def.id.as_str(), ctx.cell_at(i).and_then(|c| c.at))
                .hint("填写阿拉伯数字；说明性文字写在正文中"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::{TemplateId, Value};

    #[test]
    fn fires_on_text() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .value("active.license.decisions", Value::Text("若干".into()))
            .build();
        assert_eq!(check_only(&r, "V002").len(), 1);
    }

    #[test]
    fn silent_on_numbers() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .num("active.license.decisions", 3)
            .build();
        assert!(check_only(&r, "V002").is_empty());
    }
}
