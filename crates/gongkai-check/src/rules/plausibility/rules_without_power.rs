use crate::agency::{agency_name, has_rule_making_power};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 表二“规章”一行有大于0的数字，而按机关名称判断，该机关没有规章制定权时
    /// 提示。有规章制定权的只有国务院部门（名称中没有地名的部、委、署、局等）和
    /// 省、自治区、直辖市、设区的市、自治州的人民政府本身；它们的工作部门（含人民
    /// 政府办公厅/办公室）、县级及以下政府和部门都没有。名称为“某某市人民政府”时
    /// 无法区分设区的市与县级市，按有制定权对待，不提示。名称无法判断时不提示。
    ///
    /// 有规章制定权的人民政府的办公厅/办公室（如“上海市人民政府办公厅”）也不提示：
    /// 它们的年度报告常常“代表市政府”统计政府本级制定的规章。
    ///
    /// ## Why is this bad?
    /// 没有规章制定权的机关不可能“制发”规章；这样的数字通常是把行政规范性文件或
    /// 上级规章计入了规章一行。
    ///
    /// ## Example
    /// ```text
    /// 某某区市场监督管理局
    /// 规章   本年制发件数 2   本年废止件数 0   现行有效件数 5
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 规章   本年制发件数 0   本年废止件数 0   现行有效件数 0
    /// ```
    ///
    /// ## References
    /// - 《中华人民共和国立法法》第九十一条、第九十三条（规章制定主体）
    /// - regulation.md §2.9 T2-4
    pub struct RulesWithoutPower {
        code: "P002",
        name: "rules-without-power",
        severity: Warning,
        summary: "没有规章制定权的机关填报了规章数量",
    }
}

/// 某某省/市人民政府办公厅（办公室） of a government with rule-making power.
fn is_office_of_rule_maker(name: &str) -> bool {
    ["办公厅", "办公室"].iter().any(|office| {
        name.strip_suffix(office).is_some_and(|gov| {
            gov.ends_with("人民政府") && has_rule_making_power(gov) == Some(true)
        })
    })
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some(idx) = ctx.index else { return };
    let Some(row) = idx
        .rows
        .iter()
        .find(|r| r.table == TableId::Active && r.id == "rules")
    else {
        return;
    };
    let nonzero: Vec<usize> = row
        .cells
        .iter()
        .copied()
        .filter(|&i| ctx.value_at(i).number().is_some_and(|d| d > Decimal::ZERO))
        .collect();
    if nonzero.is_empty() {
        return;
    }
    let Some(name) = agency_name(ctx.report) else {
        return;
    };
    if has_rule_making_power(&name) != Some(false) || is_office_of_rule_maker(&name) {
        return;
    }
    let shown: Vec<String> = nonzero
        .iter()
        .map(|&i| {
            format!(
                "{} = {}",
                idx.column_labels[i],
                describe_value(ctx.value_at(i))
            )
        })
        .collect();
    let message = format!(
        "“{}”没有规章制定权，但表二“规章”一行填有数字（{}）",
        name,
        shown.join("，")
    );
    let mut f = Finding::new(&RulesWithoutPower::INFO, message)
        .hint("规章只由国务院部门和省、设区的市、自治州人民政府制定；行政规范性文件应填在下一行");
    if nonzero.len() == 1 {
        f = f.subject(idx.template.cells[nonzero[0]].id.as_str());
    }
    for &i in &nonzero {
        f = f.cell(
            idx.template.cells[i].id.as_str(),
            ctx.cell_at(i).and_then(|c| c.at),
        );
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_for_a_district_bureau() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .agency("某某区市场监督管理局")
            .num("active.rules.issued", 2)
            .num("active.rules.in_force", 5)
            .build();
        let f = check_only(&r, "P002");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].cells, ["active.rules.issued", "active.rules.in_force"]);
    }

    #[test]
    fn silent_for_rule_making_bodies_or_zero() {
        for agency in [
            "某某市人民政府",
            "教育部",
            "某某省人民政府",
            "上海市人民政府办公厅",
        ] {
            let r = ReportBuilder::new(TemplateId::Y2021)
                .agency(agency)
                .num("active.rules.issued", 2)
                .build();
            assert!(check_only(&r, "P002").is_empty(), "{agency}");
        }
        let r = ReportBuilder::new(TemplateId::Y2021)
            .agency("某某区市场监督管理局")
            .build();
        assert!(check_only(&r, "P002").is_empty());
    }
}
