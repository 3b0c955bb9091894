use std::borrow::Cow;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 逐条核对报告所用模板蕴含的全部表内算术关系（`relations.tsv` 中 scope 为
    /// `report` 的关系）：表三每一行“总计”列等于六类申请人之和，“（七）总计”等于
    /// （一）至（六）各项办理结果之和，表头印明的勾稽关系“第一项加第二项之和，等于
    /// 第三项加第四项之和”，以及表四每组“总计”等于结果维持、结果纠正、其他结果、
    /// 尚未审结之和。两边不相等的关系，每条报告一次，`subject` 为关系编号。
    ///
    /// 只有关系中每个单元格都是数字时才判断；有空白、缺项、“/”、无法确定或文字的
    /// 关系不算作不成立，而由 A002 报告为数据缺失。级别取关系本身的级别（表内关系
    /// 均为 error），可用 `[severity] A001 = "…"` 覆盖。
    ///
    /// ## Why is this bad?
    /// 这些关系由统一格式本身决定，不成立说明表中至少有一个数字填错、漏填或抄错。
    /// 数据失准是通报中最常点名的年报问题之一（粤办函〔2010〕249号：“出现了数据
    /// 失准等一些不应有的错漏”）。
    ///
    /// ## Example
    /// ```text
    /// 三、本年度办理结果   自然人 …
    /// （一）予以公开        8
    /// （四）1.本机关不掌握   3
    /// （七）总计           12     ← 8 + 3 = 11
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// （一）予以公开        8
    /// （四）1.本机关不掌握   3
    /// （七）总计           11
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号、〔2019〕60号 年度报告格式 表三表头：
    ///   “本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”
    /// - `shared/spec/relations.tsv`
    pub struct RelationBroken {
        code: "A001",
        name: "relation-broken",
        severity: Error,
        summary: "表内勾稽关系不成立（两边都是数字但不相等）",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some(idx) = ctx.index else { return };
    let label = |t: &TermRef| match t.index {
        Some(i) => Cow::Borrowed(idx.labels[i].as_str()),
        None => Cow::Owned(t.id.clone()),
    };
    for rel in idx
        .relations
        .iter()
        .filter(|r| r.relation.scope == Scope::Report)
    {
        let (Some(l), Some(r)) = (
            side_sum(&rel.lhs, |t| ctx.term_value(t)),
            side_sum(&rel.rhs, |t| ctx.term_value(t)),
        ) else {
            continue;
        };
        if l == r {
            continue;
        }
        let message = format!(
            "{} = {}，但{} = {}（相差 {}）",
            describe_side(&rel.lhs, label),
            canonical(l),
            describe_side(&rel.rhs, label),
            canonical(r),
            canonical((l - r).abs()),
        );
        let mut f = Finding::new(&RelationBroken::INFO, message)
            .severity(rel.relation.severity)
            .subject(rel.relation.id.as_str())
            .hint(format!(
                "{}。请逐项核对这些单元格，更正填错的数字。",
                relation_meaning(rel.relation)
            ));
        for t in rel.terms() {
            f = f.cell(t.id.as_str(), ctx.term_at(t));
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_a_broken_total() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .num("apply.new.natural_person", 12)
            .num("apply.new.total", 12)
            .num("apply.granted.natural_person", 8)
            .num("apply.granted.total", 8)
            .num("apply.unable.not_held.natural_person", 3)
            .num("apply.unable.not_held.total", 3)
            .num("apply.total.natural_person", 12)
            .num("apply.total.total", 12)
            .build();
        let f = crate::testing::check_only(&r, "A001");
        let subjects: Vec<&str> = f.iter().map(|f| f.subject.as_str()).collect();
        assert_eq!(
            subjects,
            ["apply.results.natural_person", "apply.results.total"]
        );
        assert_eq!(
            f[0].message,
            "（七）总计·自然人 = 12，但自然人列“（一）予以公开”至“（六）3.其他”共21项之和 = 11（相差 1）"
        );
        assert_eq!(f[0].severity, gongkai_model::Severity::Error);
    }

    #[test]
    fn silent_on_a_consistent_report_and_on_missing_data() {
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(codes(&r).is_empty(), "{:?}", codes(&r));
        let r = ReportBuilder::new(TemplateId::Y2021)
            .num("apply.total.natural_person", 5)
            .blank("apply.granted.natural_person")
            .build();
        // apply.results.natural_person has a blank cell: not broken.
        let f = crate::testing::check_only(&r, "A001");
        assert!(f
            .iter()
            .all(|f| f.subject != "apply.results.natural_person"));
    }
}
