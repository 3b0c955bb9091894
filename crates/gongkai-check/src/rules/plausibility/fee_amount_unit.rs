use crate::agency::{agency_name, level_of_name, Level};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 检查以“万元”为单位的金额单元格（2021年格式表二“行政事业性收费·本年收费
    /// 金额（单位：万元）”，2019年格式“政府集中采购·采购总金额”），在下列情况提示
    /// 单位可能填错：
    ///
    /// - 数额达到 100000 万元（10亿元）以上，而机关不是中央或省级机关（中央、省级
    ///   机关的界限为 1000000 万元，即100亿元）——这多半是按“元”填的数；
    /// - 小数超过6位：以万元计，6位小数已精确到分（0.01元），更多的小数位不可能
    ///   是真实金额，说明数字经过了错误的换算。（6位以内的小数只是把带角分的元数
    ///   换算成万元，不提示。）
    ///
    /// ## Why is this bad?
    /// 统一格式要求收费金额以万元为单位。按元填写会把金额放大一万倍，汇总统计时
    /// 严重失真；通报中“收费金额单位错误”是常见问题。
    ///
    /// ## Example
    /// ```text
    /// 行政事业性收费   本年收费金额（单位：万元）  356000
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 行政事业性收费   本年收费金额（单位：万元）  35.6
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号 年度报告格式 表二第二十条第（八）项
    /// - regulation.md §2.8、§5.2 第16项
    pub struct FeeAmountUnit {
        code: "P001",
        name: "fee-amount-unit",
        severity: Warning,
        summary: "以万元计的金额数额或小数位数可疑，疑为按元填报",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some(idx) = ctx.index else { return };
    let limit = || {
        let high_level = agency_name(ctx.report)
            .and_then(|n| level_of_name(&n))
            .is_some_and(|l| matches!(l, Level::National | Level::Provincial));
        Decimal::from(if high_level { 1_000_000 } else { 100_000 })
    };
    for (i, def) in idx.template.cells.iter().enumerate() {
        if def.kind != CellKind::AmountWan {
            continue;
        }
        let Value::Number(d) = ctx.value_at(i) else {
            continue;
        };
        if *d < Decimal::from(100_000) && d.scale() <= 6 {
            continue;
        }
        let label = &idx.labels[i];
        let message = if *d >= limit() {
            let yi = (*d / Decimal::from(10_000)).round_dp(2);
            format!(
                "{}“{}” = {} 万元，即约 {} 亿元，数额过大，疑为按“元”填报",
                table_short(def.table),
                label,
                canonical(*d),
                canonical(yi.normalize())
            )
        } else if d.scale() > 6 {
            format!(
                "{}“{}” = {} 万元，有 {} 位小数（以万元计6位小数已精确到分），疑为单位换算有误",
                table_short(def.table),
                label,
                canonical(*d),
                d.scale()
            )
        } else {
            continue;
        };
        let at = ctx.cell_at(i).and_then(|c| c.at);
        out.push(
            Finding::new(&FeeAmountUnit::INFO, message)
                .subject(def.id.as_str())
                .cell(def.id.as_str(), at)
                .hint("金额应以万元为单位：按元统计的金额除以10000后填写，至多保留6位小数（精确到分）"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_large_amounts_and_many_decimals() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .dec("active.fees.amount", "356000")
            .build();
        let f = check_only(&r, "P001");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("即约 35.6 亿元"), "{}", f[0].message);
        let r = ReportBuilder::new(TemplateId::Y2021)
            .dec("active.fees.amount", "18651.0641049")
            .build();
        assert_eq!(check_only(&r, "P001").len(), 1);
    }

    #[test]
    fn silent_on_plausible_amounts() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .dec("active.fees.amount", "35.6")
            .build();
        assert!(check_only(&r, "P001").is_empty());
        // Yuan with fen converted to 万元: six decimals are exact, not a unit error.
        let r = ReportBuilder::new(TemplateId::Y2021)
            .dec("active.fees.amount", "18651.064104")
            .build();
        assert!(check_only(&r, "P001").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2021)
            .agency("上海市财政局")
            .dec("active.fees.amount", "356000")
            .build();
        assert!(check_only(&r, "P001").is_empty());
    }
}
