use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告在表格中找到了、却缺少统一格式某一行（或某行的部分单元格）的情况，每行
    /// 一次，列出缺少的单元格编号。整张表没有找到的由 S003 报告；2021年格式表三
    /// 把“（六）其他处理”印成一行、缺少（六）1–3的由 S007 报告。
    ///
    /// ## Why is this bad?
    /// 统一格式的每一行都要列出，没有发生的事项填 0。删行使表格无法与其他报告比较，
    /// 也使相关的勾稽关系无法核对。
    ///
    /// ## Example
    /// ```text
    /// （三）不予公开   1.属于国家秘密 …   2.其他法律行政法规禁止公开 …
    ///                  （3 至 8 项被删去）
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 列出（三）1 至 8 全部八项，没有的填 0
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号 年度报告格式
    /// - regulation.md §5.2 第6、12项
    pub struct RowMissing {
        code: "V007",
        name: "row-missing",
        severity: Warning,
        summary: "表格缺少统一格式的某一行或某些单元格",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some(idx) = ctx.index else { return };
    let single_other_row = idx.template.id == TemplateId::Y2021
        && ctx
            .report
            .extra_cells
            .iter()
            .any(|c| c.id.starts_with("x.apply.other."));
    for row in &idx.rows {
        if !ctx.has_table(row.table) {
            continue;
        }
        if single_other_row && row.table == TableId::Apply && row.id.starts_with("other.") {
            continue;
        }
        if !row
            .cells
            .iter()
            .any(|&i| matches!(ctx.value_at(i), Value::Absent))
        {
            continue;
        }
        let absent: Vec<usize> = row
            .cells
            .iter()
            .copied()
            .filter(|&i| matches!(ctx.value_at(i), Value::Absent))
            .collect();
        if absent.is_empty() {
            continue;
        }
        let message = if absent.len() == row.cells.len() {
            format!("{}缺少“{}”一行", table_short(row.table), row.label)
        } else {
            let cols: Vec<&str> = absent
                .iter()
                .map(|&i| idx.column_labels[i].as_str())
                .collect();
            format!(
                "{}“{}”一行缺少{}",
                table_short(row.table),
                row.label,
                cols.iter()
                    .map(|c| format!("“{c}”"))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        };
        let table_at = ctx
            .report
            .tables
            .iter()
            .find(|t| t.table == row.table)
            .and_then(|t| t.at);
        let mut f = Finding::new(&RowMissing::INFO, message)
            .span(table_at)
            .hint("按统一格式列出每一行、每一列，没有发生的事项填 0");
        if absent.len() == 1 {
            f = f.subject(idx.template.cells[absent[0]].id.as_str());
        }
        for &i in &absent {
            f.cells.push(idx.template.cells[i].id.clone());
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::{TableId, TemplateId, Value};

    #[test]
    fn fires_on_a_missing_row_and_cell() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .absent_row("apply.denied.state_secret")
            .value("active.fees.amount", Value::Absent)
            .build();
        let f = check_only(&r, "V007");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].message, "表二缺少“行政事业性收费”一行");
        assert_eq!(f[0].subject, "active.fees.amount");
        assert_eq!(f[1].message, "表三缺少“（三）1.属于国家秘密”一行");
        assert_eq!(f[1].cells.len(), 7);
    }

    #[test]
    fn silent_for_complete_tables_missing_tables_and_the_single_other_row() {
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "V007").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021)
            .tables(&[TableId::Active, TableId::Apply])
            .build();
        assert!(check_only(&r, "V007").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021)
            .absent_row("apply.other.other")
            .extra("x.apply.other.total", 0)
            .build();
        assert!(check_only(&r, "V007").is_empty());
    }
}
