use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 表三“（六）其他处理”中兜底一项所占比重过大时提示：2019年格式为“（六）其他
    /// 处理”一行，2021年格式为“（六）3.其他”（“（六）1.逾期不补正”和“（六）2.逾期
    /// 未缴费”是有明确含义的情形，不计入）；2021年报告中误印的单行“（六）其他处理”
    /// 也计入。办理结果总数（“（七）总计·总计”）不少于10件且兜底一项超过30%时提示。
    ///
    /// ## Why is this bad?
    /// 〔2019〕60号格式的编写说明指出，“其他处理”项目“主要考虑极少数特殊情况”。大量
    /// 申请归入“其他”，通常说明本应归入不予公开、无法提供、不予处理等具体情形的
    /// 申请没有分类。
    ///
    /// ## Example
    /// ```text
    /// （六）3.其他    总计 9
    /// （七）总计      总计 20
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// （四）1.本机关不掌握相关政府信息   总计 7
    /// （六）3.其他                      总计 2
    /// （七）总计                        总计 20
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2019〕60号 编写说明（表三）：“其他处理”项目主要考虑极少数特殊情况
    /// - regulation.md §5.2 第18项
    pub struct OtherResultsLarge {
        code: "P003",
        name: "other-results-large",
        severity: Warning,
        summary: "“其他处理”占办理结果的比重过大",
    }
}

const MIN_TOTAL: i64 = 10;
const MAX_SHARE_PERCENT: i64 = 30;

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some(total) = ctx.report.number("apply.total.total") else {
        return;
    };
    if total < Decimal::from(MIN_TOTAL) {
        return;
    }
    let candidates = [
        ("apply.other.total", "（六）其他处理"),
        ("apply.other.other.total", "（六）3.其他"),
        ("x.apply.other.total", "（六）其他处理"),
    ];
    for (id, label) in candidates {
        let Some(other) = ctx.report.number(id) else {
            continue;
        };
        if other * Decimal::from(100) <= total * Decimal::from(MAX_SHARE_PERCENT) {
            continue;
        }
        let pct = (other * Decimal::from(100) / total).round_dp(0);
        let message = format!(
            "表三“{}·总计” = {}，占办理结果总数 {} 的 {}%",
            label,
            canonical(other),
            canonical(total),
            canonical(pct)
        );
        let at = ctx.report.cell(id).and_then(|c| c.at);
        out.push(
            Finding::new(&OtherResultsLarge::INFO, message)
                .subject(id)
                .cell(id, at)
                .hint("“其他处理”只用于极少数特殊情况；请把申请归入对应的具体办理结果"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_on_a_large_share() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .num("apply.other.other.total", 9)
            .num("apply.total.total", 20)
            .build();
        let f = check_only(&r, "P003");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("45%"), "{}", f[0].message);
    }

    #[test]
    fn silent_on_small_shares_or_few_results() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .num("apply.other.other.total", 2)
            .num("apply.total.total", 20)
            .build();
        assert!(check_only(&r, "P003").is_empty());
        let r = ReportBuilder::new(TemplateId::Y2019)
            .num("apply.other.total", 5)
            .num("apply.total.total", 8)
            .build();
        assert!(check_only(&r, "P003").is_empty());
    }
}
