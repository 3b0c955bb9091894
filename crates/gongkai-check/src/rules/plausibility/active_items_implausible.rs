use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 检查2019年格式表二中不可能成立的组合：
    ///
    /// - 第（一）项：“本年新公开数量”大于“对外公开总数量”（规章、规范性文件）；
    /// - 第（五）、（六）、（八）项：“上一年项目数量”加“本年增/减”小于0（项目数
    ///   不能减成负数）。
    ///
    /// ## Why is this bad?
    /// 对外公开总数量包含本年新公开的文件，不会比它小；项目数减去减少的项目也不会
    /// 是负数。这类矛盾说明栏目理解有误或数字填错（例如赤壁某园区2020年报告“本年
    /// 新制作33、本年新公开8、对外公开总数8”）。
    ///
    /// ## Example
    /// ```text
    /// 规范性文件   本年新制作数量 3   本年新公开数量 3   对外公开总数量 0
    /// 行政许可     上一年项目数量 5   本年增/减 -8      处理决定数量 10
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 规范性文件   本年新制作数量 3   本年新公开数量 3   对外公开总数量 41
    /// 行政许可     上一年项目数量 5   本年增/减 -2      处理决定数量 10
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2019〕60号 年度报告格式 表二
    /// - regulation.md §2.9 T2-3
    pub struct ActiveItemsImplausible {
        code: "P006",
        name: "active-items-implausible",
        severity: Warning,
        summary: "2019年格式表二的数字互相矛盾",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some(idx) = ctx.index else { return };
    if idx.template.id != TemplateId::Y2019 {
        return;
    }
    let r = ctx.report;
    let cell = |id: &str| (id.to_string(), r.cell(id).and_then(|c| c.at));
    for row in ["rules", "normative"] {
        let (p, t) = (
            format!("active.{row}.published"),
            format!("active.{row}.total_published"),
        );
        let (Some(pv), Some(tv)) = (r.number(&p), r.number(&t)) else {
            continue;
        };
        if pv > tv {
            let message = format!(
                "表二“{}” = {}，大于“{}” = {}",
                idx.label(&p),
                canonical(pv),
                idx.label(&t),
                canonical(tv)
            );
            let (a, b) = (cell(&p), cell(&t));
            out.push(
                Finding::new(&ActiveItemsImplausible::INFO, message)
                    .cell(a.0, a.1)
                    .cell(b.0, b.1)
                    .hint("对外公开总数量应包括本年新公开的文件，不应小于本年新公开数量"),
            );
        }
    }
    for row in ["license", "other_services", "penalty", "coercion", "fees"] {
        let (p, c) = (
            format!("active.{row}.prev_items"),
            format!("active.{row}.change"),
        );
        let (Some(pv), Some(cv)) = (r.number(&p), r.number(&c)) else {
            continue;
        };
        if pv + cv < Decimal::ZERO {
            let message = format!(
                "表二“{}” = {}，“{}” = {}，本年项目数为负数（{}）",
                idx.label(&p),
                canonical(pv),
                idx.label(&c),
                canonical(cv),
                canonical(pv + cv)
            );
            let (a, b) = (cell(&p), cell(&c));
            out.push(
                Finding::new(&ActiveItemsImplausible::INFO, message)
                    .subject(c.as_str())
                    .cell(a.0, a.1)
                    .cell(b.0, b.1)
                    .hint(
                        "本年增/减填写本年项目数相对上一年的变化，减少的项目不能多于上一年的项目数",
                    ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_contradictions() {
        let r = ReportBuilder::new(TemplateId::Y2019)
            .num("active.normative.published", 3)
            .num("active.license.prev_items", 5)
            .num("active.license.change", -8)
            .build();
        assert_eq!(check_only(&r, "P006").len(), 2);
    }

    #[test]
    fn silent_on_consistent_numbers() {
        let r = ReportBuilder::new(TemplateId::Y2019)
            .num("active.normative.published", 3)
            .num("active.normative.total_published", 41)
            .num("active.license.prev_items", 5)
            .num("active.license.change", -2)
            .build();
        assert!(check_only(&r, "P006").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "P006").is_empty());
    }
}
