use std::collections::BTreeMap;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告表格中统一格式没有的行（提取结果中以 `x.` 开头的单元格），每行一次。
    /// 2021年格式表三中印成一行的“（六）其他处理”由 S007 报告。
    ///
    /// ## Why is this bad?
    /// 统一格式不允许增删行列；本地增加的行（如湖北一些报告的“其他主动公开文件”）
    /// 无法与其他报告汇总，常常也破坏了表内的勾稽关系。
    ///
    /// ## Example
    /// ```text
    /// 规章                 0  0  0
    /// 行政规范性文件        3  1  25
    /// 其他主动公开文件      12 0  40
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 规章                 0  0  0
    /// 行政规范性文件        3  1  25
    /// （其他文件的情况写在正文中）
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号 年度报告格式
    /// - regulation.md §2.5（本地变体）
    pub struct ExtraRow {
        code: "V008",
        name: "extra-row",
        severity: Warning,
        summary: "表格中有统一格式没有的行",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let new_template = ctx.report.template == Some(TemplateId::Y2021);
    let mut rows: BTreeMap<&str, Vec<&gongkai_model::Cell>> = BTreeMap::new();
    for c in &ctx.report.extra_cells {
        let row = c.id.rsplit_once('.').map(|(r, _)| r).unwrap_or(&c.id);
        if new_template && row == "x.apply.other" {
            continue;
        }
        rows.entry(row).or_default().push(c);
    }
    for (row, cells) in rows {
        let values: Vec<String> = cells.iter().map(|c| describe_value(&c.value)).collect();
        let message = format!(
            "{}中有统一格式没有的一行（{}：{}）",
            table_short(table_of_id(row)),
            row,
            values.join("、")
        );
        let mut f = Finding::new(&ExtraRow::INFO, message)
            .hint("删除统一格式没有的行，需要说明的情况写在正文中");
        if cells.len() == 1 {
            f = f.subject(cells[0].id.as_str());
        }
        for c in cells {
            f = f.cell(c.id.as_str(), c.at);
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_an_extra_row() {
        let r = ReportBuilder::new(TemplateId::Y2019)
            .extra("x.active.other_docs.made", 12)
            .extra("x.active.other_docs.published", 0)
            .build();
        let f = check_only(&r, "V008");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].cells.len(), 2);
    }

    #[test]
    fn silent_without_extras_or_for_the_single_other_row() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .extra("x.apply.other.total", 0)
            .build();
        assert!(check_only(&r, "V008").is_empty());
    }
}
