use super::{relations, term_label, term_value};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 对同一机关相邻两年的报告（批量检查时按机关名称自动配对），逐条核对模板中
    /// scope 为 `cross_year` 的关系（`relations.tsv`）：
    ///
    /// - 本年“二、上年结转政府信息公开申请数量”各列等于上年报告“四、结转下年度继续
    ///   办理”各列（error）；
    /// - 2021年格式：本年“现行有效件数”等于上年现行有效件数加本年制发件数减本年
    ///   废止件数（warning，文件修订、合并可能使等式不严格成立）。
    ///
    /// 只有两边单元格都是数字时才判断。级别取关系本身的级别。机关名称先按别名文件
    /// 归并，再去掉上级地名比较（“淮安市洪泽区人民政府”与“洪泽区人民政府”视为同一
    /// 机关）。
    ///
    /// ## Why is this bad?
    /// 上年结转到本年的申请就是上年末尚未办结的申请，两年报告的数字必须衔接；不一致
    /// 说明其中一年的表填错了。
    ///
    /// ## Example
    /// ```text
    /// 2023年报告  四、结转下年度继续办理   总计 3
    /// 2024年报告  二、上年结转政府信息公开申请数量   总计 1
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 2024年报告  二、上年结转政府信息公开申请数量   总计 3
    /// ```
    ///
    /// ## References
    /// - regulation.md §2.9 T3-5、T2-2
    /// - `shared/spec/relations.tsv`（`apply.carryover.*`、`*.in_force_flow`）
    pub struct CrossYearBroken {
        code: "X001",
        name: "cross-year-broken",
        severity: Error,
        summary: "与上年报告衔接的关系不成立",
    }
}

pub(crate) fn check(ctx: &PairContext<'_>, out: &mut Vec<Finding>) {
    for rel in relations(ctx) {
        let (Some(l), Some(r)) = (
            side_sum(&rel.lhs, |t| term_value(ctx, t)),
            side_sum(&rel.rhs, |t| term_value(ctx, t)),
        ) else {
            continue;
        };
        if l == r {
            continue;
        }
        let label = |t: &TermRef| term_label(ctx, t);
        let message = format!(
            "{} = {}，但{} = {}（相差 {}；上年报告：{}）",
            describe_side(&rel.lhs, label),
            canonical(l),
            describe_side(&rel.rhs, label),
            canonical(r),
            canonical((l - r).abs()),
            ctx.previous.report.source.path
        );
        let mut f = Finding::new(&CrossYearBroken::INFO, message)
            .severity(rel.relation.severity)
            .subject(rel.relation.id.as_str())
            .hint(format!(
                "{}。请核对两年报告中的这些数字。",
                relation_meaning(rel.relation)
            ));
        for t in rel.terms() {
            if t.prev {
                f.cells.push(format!("prev:{}", t.id));
            } else {
                f = f.cell(t.id.as_str(), ctx.current.term_at(t));
            }
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_pair_only, ReportBuilder};
    use gongkai_model::{Severity, TemplateId};

    #[test]
    fn fires_when_carry_over_differs() {
        let prev = ReportBuilder::new(TemplateId::Y2021)
            .path("2023.txt")
            .num("apply.carried_out.natural_person", 3)
            .num("apply.carried_out.total", 3)
            .num("active.normative.in_force", 10)
            .build();
        let cur = ReportBuilder::new(TemplateId::Y2021)
            .year(2024)
            .num("apply.carried_in.natural_person", 1)
            .num("apply.carried_in.total", 1)
            .num("active.normative.in_force", 10)
            .num("active.normative.issued", 2)
            .build();
        let f = check_pair_only(&cur, &prev, "X001");
        let subjects: Vec<&str> = f.iter().map(|f| f.subject.as_str()).collect();
        assert_eq!(
            subjects,
            [
                "apply.carryover.natural_person",
                "apply.carryover.total",
                "active.normative.in_force_flow",
            ]
        );
        assert_eq!(f[2].severity, Severity::Warning);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(
            f[0].message,
            "二、上年结转·自然人 = 1，但上年四、结转下年度继续办理·自然人 = 3（相差 2；上年报告：2023.txt）"
        );
    }

    #[test]
    fn silent_when_consistent() {
        let prev = ReportBuilder::new(TemplateId::Y2019)
            .num("apply.carried_out.total", 3)
            .num("apply.carried_out.other_org", 3)
            .build();
        let cur = ReportBuilder::new(TemplateId::Y2021)
            .year(2021)
            .num("apply.carried_in.total", 3)
            .num("apply.carried_in.other_org", 3)
            .build();
        assert!(check_pair_only(&cur, &prev, "X001").is_empty());
    }
}
