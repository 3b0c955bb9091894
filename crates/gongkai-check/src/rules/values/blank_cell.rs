use super::cells;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告表格中留空的单元格（印出了该行，但单元格没有内容）。同一行的空白
    /// 单元格合为一条，列出各列；只有一个空白单元格时 `subject` 为其编号。
    ///
    /// ## Why is this bad?
    /// 统一格式的每个单元格都应填写数字，没有发生的事项填 0。留空既看不出是“没有”
    /// 还是“漏填”，也使相关的勾稽关系无法核对（见 A002）。
    ///
    /// ## Example
    /// ```text
    /// 行政复议   结果维持 0   结果纠正      其他结果 0   尚未审结 0   总计 0
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 行政复议   结果维持 0   结果纠正 0   其他结果 0   尚未审结 0   总计 0
    /// ```
    ///
    /// ## References
    /// - regulation.md §2.6 注（留空的单元格只能在提示后按0处理）、§5.2 第12项
    pub struct BlankCell {
        code: "V001",
        name: "blank-cell",
        severity: Warning,
        summary: "单元格留空，应填写数字",
    }
}

/// (table, block, row) of a template cell.
type RowKey = (TableId, usize, usize);
/// A blank cell: index, id, label.
type Blank<'a> = (usize, &'a str, String);

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    // One finding per row: a row of six blanks is one thing to fix, not six.
    let mut rows: Vec<(RowKey, Vec<Blank<'_>>)> = Vec::new();
    for (i, def, value, label) in cells(ctx) {
        if !matches!(value, Value::Blank) {
            continue;
        }
        let key = (def.table, def.block, def.row);
        let entry = (i, def.id.as_str(), label.to_string());
        match rows.last_mut() {
            Some((k, v)) if *k == key => v.push(entry),
            _ => rows.push((key, vec![entry])),
        }
    }
    for ((table, _, _), blanks) in rows {
        let mut finding = if let [(_, id, label)] = blanks.as_slice() {
            Finding::new(
                &BlankCell::INFO,
                format!("{}“{}”为空白，应填写数字", table_short(table), label),
            )
            .subject(*id)
        } else {
            let (_, _, first) = &blanks[0];
            let row = first.split('·').next().unwrap_or(first);
            let columns: Vec<&str> = blanks
                .iter()
                .map(|(_, _, l)| l.split('·').nth(1).unwrap_or(l.as_str()))
                .collect();
            Finding::new(
                &BlankCell::INFO,
                format!(
                    "{}“{}”一行有 {} 个单元格为空白（{}），应填写数字",
                    table_short(table),
                    row,
                    blanks.len(),
                    columns.join("、")
                ),
            )
        };
        for (i, id, _) in &blanks {
            finding = finding.cell(*id, ctx.cell_at(*i).and_then(|c| c.at));
        }
        out.push(finding.hint("没有发生的事项填 0，不要留空"));
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_blank() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .blank("review.corrected")
            .build();
        let f = check_only(&r, "V001");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subject, "review.corrected");
        assert_eq!(f[0].message, "表四“行政复议·结果纠正”为空白，应填写数字");
    }

    #[test]
    fn one_finding_per_row() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .blank("apply.new.research")
            .blank("apply.new.public_interest")
            .blank("review.corrected")
            .build();
        let f = check_only(&r, "V001");
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0].message,
            "表三“一、本年新收”一行有 2 个单元格为空白（科研机构、社会公益组织），应填写数字"
        );
        assert_eq!(f[0].cells.len(), 2);
        assert_eq!(f[0].subject, "");
    }

    #[test]
    fn silent_on_zero_and_not_applicable() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .value("review.corrected", gongkai_model::Value::NotApplicable)
            .build();
        assert!(check_only(&r, "V001").is_empty());
    }
}
