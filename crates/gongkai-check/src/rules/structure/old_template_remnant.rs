use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 报告基本按〔2021〕30号格式编制，却残留〔2019〕60号格式的内容时报告，每处
    /// 一次：
    ///
    /// - 表三“（六）其他处理”印成一行，没有（六）1–3三个分项（提取结果中的
    ///   `x.apply.other.*`）；
    /// - 表二仍有第（九）项“政府集中采购”；
    /// - 表二第（一）项写作“规范性文件”，而不是“行政规范性文件”。
    ///
    /// 报告年度为2019、2020年时不检查（那时应使用旧格式，见 S008）。
    ///
    /// ## Why is this bad?
    /// 这是套用旧表格改出来的表：缺少新格式要求的数据（如逾期不补正、逾期未缴费
    /// 的件数），口径也与新格式不一致。
    ///
    /// ## Example
    /// ```text
    /// （五）不予处理 …
    /// （六）其他处理          0 0 0 0 0 0 0
    /// （七）总计 …
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// （六）其他处理
    ///   1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请   0 …
    ///   2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 …
    ///   3.其他   0 …
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》
    /// - regulation.md §2.5、§2.6、§2.9 T3-6
    pub struct OldTemplateRemnant {
        code: "S007",
        name: "old-template-remnant",
        severity: Warning,
        summary: "2021年格式的表格中残留旧格式的行或标签",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    if ctx.report.template != Some(TemplateId::Y2021) || ctx.year().is_some_and(|y| y < 2021) {
        return;
    }
    let extra = &ctx.report.extra_cells;
    let other: Vec<_> = extra
        .iter()
        .filter(|c| c.id.starts_with("x.apply.other."))
        .collect();
    if !other.is_empty() {
        let mut f = Finding::new(
            &OldTemplateRemnant::INFO,
            "表三“（六）其他处理”印成一行（〔2019〕60号格式），缺少（六）1至3三个分项",
        )
        .hint("按〔2021〕30号格式把“（六）其他处理”分为：1.申请人无正当理由逾期不补正……；2.申请人逾期未按收费通知要求缴纳费用……；3.其他");
        for c in &other {
            f = f.cell(c.id.as_str(), c.at);
        }
        out.push(f);
    }
    let procurement: Vec<_> = extra
        .iter()
        .filter(|c| c.id.starts_with("x.active.procurement"))
        .collect();
    let procurement_label = ctx
        .report
        .labels
        .iter()
        .find(|l| l.table == TableId::Active && l.target.contains("procurement"));
    if !procurement.is_empty() || procurement_label.is_some() {
        let mut f = Finding::new(
            &OldTemplateRemnant::INFO,
            "表二仍有第（九）项“政府集中采购”（〔2021〕30号格式已删除此项）",
        )
        .span(procurement_label.and_then(|l| l.at))
        .hint("删除表二第（九）项；〔2021〕30号格式的表二只有第（一）、（五）、（六）、（八）项");
        for c in &procurement {
            f = f.cell(c.id.as_str(), c.at);
        }
        out.push(f);
    }
    for l in &ctx.report.labels {
        if is_old_normative_label(l) {
            out.push(
                Finding::new(
                    &OldTemplateRemnant::INFO,
                    format!(
                        "表二第（一）项写作“{}”，〔2021〕30号格式为“行政规范性文件”",
                        l.found.trim()
                    ),
                )
                .span(l.at)
                .hint("把“规范性文件”改为“行政规范性文件”"),
            );
        }
    }
}

/// A 2021 table-二 row label that reads 规范性文件 without 行政.
pub(crate) fn is_old_normative_label(l: &gongkai_model::LabelMatch) -> bool {
    l.table == TableId::Active
        && l.target == "row:normative"
        && l.found.contains("规范性文件")
        && !l.found.contains("行政规范性文件")
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::{TableId, TemplateId};

    #[test]
    fn fires_on_each_remnant() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .absent_row("apply.other.no_correction")
            .absent_row("apply.other.fee_unpaid")
            .absent_row("apply.other.other")
            .extra("x.apply.other.natural_person", 0)
            .extra("x.apply.other.total", 0)
            .extra("x.active.procurement.items", 3)
            .label(
                TableId::Active,
                "row:normative",
                "行政规范性文件",
                "规范性文件",
                0.9,
            )
            .build();
        let f = check_only(&r, "S007");
        assert_eq!(f.len(), 3, "{f:#?}");
    }

    #[test]
    fn silent_on_a_clean_2021_table_and_on_old_years() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .label(
                TableId::Active,
                "row:normative",
                "行政规范性文件",
                "行政规范性文件",
                1.0,
            )
            .build();
        assert!(check_only(&r, "S007").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021)
            .year(2020)
            .extra("x.apply.other.total", 0)
            .build();
        assert!(check_only(&r, "S007").is_empty());
    }
}
