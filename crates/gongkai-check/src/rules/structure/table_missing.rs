use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 检查报告是否包含统一格式的三张表：表二“主动公开政府信息情况”、表三“收到和
    /// 处理政府信息公开申请情况”、表四“政府信息公开行政复议、行政诉讼情况”。每缺
    /// 一张表报告一次（提取器没有识别出该表时也会报告）。
    ///
    /// ## Why is this bad?
    /// 三张表是统一格式的核心内容，缺表即缺少条例第五十条规定的内容；以文字代替
    /// 表格也无法汇总和核对。
    ///
    /// ## Example
    /// ```text
    /// 四、政府信息公开行政复议、行政诉讼情况
    /// 本年度未发生政府信息公开行政复议、行政诉讼案件。
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 四、政府信息公开行政复议、行政诉讼情况
    /// （按统一格式列出表四，15个单元格均填0）
    /// ```
    ///
    /// ## References
    /// - 《中华人民共和国政府信息公开条例》第五十条
    /// - 国办公开办函〔2021〕30号 年度报告格式
    pub struct TableMissing {
        code: "S003",
        name: "table-missing",
        severity: Error,
        summary: "缺少统一格式的某张表",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    // Tables computed from data hold what the data covers (the registry
    // has no table 二); a missing one is not an omission of a report.
    if ctx.report.source.is_derived() {
        return;
    }
    for table in TableId::ALL {
        if ctx.has_table(table) {
            continue;
        }
        let section = ctx
            .report
            .sections
            .iter()
            .find(|s| s.number == table.section())
            .and_then(|s| s.at);
        out.push(
            Finding::new(&TableMissing::INFO, format!("缺少{}", table_name(table)))
                .span(section)
                .hint("按统一格式列出该表，没有数据的单元格填 0；若表格存在而未被识别，请检查表头和行标签是否按格式书写"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::{TableId, TemplateId};

    #[test]
    fn fires_per_missing_table() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .tables(&[TableId::Active, TableId::Apply])
            .build();
        let f = check_only(&r, "S003");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("表四"));
    }

    #[test]
    fn silent_with_all_tables() {
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "S003").is_empty());
    }

    #[test]
    fn silent_for_tables_computed_from_data() {
        let mut r = ReportBuilder::new(TemplateId::Y2021)
            .tables(&[TableId::Apply, TableId::Review])
            .build();
        assert_eq!(check_only(&r, "S003").len(), 1);
        r.source.format = "registry".into();
        assert!(check_only(&r, "S003").is_empty());
    }
}
