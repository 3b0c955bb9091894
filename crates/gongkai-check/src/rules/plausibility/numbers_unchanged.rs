use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 比较同一机关相邻两年报告中编号相同的单元格：两份报告共有至少20个数字单元格、
    /// 其中至少3个不为0，并且全部与上年相同时提示，疑似照抄上年数据。全部为0的表
    /// （没有申请、没有复议诉讼的机关很常见）不提示。
    ///
    /// ## Why is this bad?
    /// 各项数字连续两年完全相同几乎不可能；曾有报告“连续三年……数据完全一样”被
    /// 媒体曝光。〔2021〕30号通知把“内容雷同”列为追责情形。
    ///
    /// ## Example
    /// ```text
    /// 2023年 表三：本年新收 12，予以公开 8，本机关不掌握 3 …
    /// 2024年 表三：本年新收 12，予以公开 8，本机关不掌握 3 …（全部相同）
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 2024年 表三：按本年度实际办理情况统计填写
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号（四）明确责任
    /// - regulation.md §5.2 第11项
    pub struct NumbersUnchanged {
        code: "P005",
        name: "numbers-unchanged",
        severity: Warning,
        summary: "表中数字与上年报告完全相同",
    }
}

const MIN_CELLS: usize = 20;
const MIN_NONZERO: usize = 3;

pub(crate) fn check(ctx: &PairContext<'_>, out: &mut Vec<Finding>) {
    let (cur, prev) = (ctx.current.report, ctx.previous.report);
    let mut compared = 0;
    let mut nonzero = 0;
    for cell in &cur.cells {
        let Value::Number(a) = &cell.value else {
            continue;
        };
        let Some(b) = prev.number(&cell.id) else {
            continue;
        };
        if *a != b {
            return;
        }
        compared += 1;
        if !a.is_zero() {
            nonzero += 1;
        }
    }
    if compared < MIN_CELLS || nonzero < MIN_NONZERO {
        return;
    }
    let message = format!(
        "表中 {} 个数字与上年报告（{}）完全相同（其中 {} 个不为0），疑似照抄上年数据",
        compared, prev.source.path, nonzero
    );
    out.push(
        Finding::new(&NumbersUnchanged::INFO, message).hint("按本年度的实际情况统计填写各项数字"),
    );
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_pair_only, ReportBuilder};
    use gongkai_model::TemplateId;

    fn with_numbers(b: ReportBuilder) -> ReportBuilder {
        b.num("apply.new.natural_person", 5)
            .num("apply.new.total", 5)
            .num("apply.granted.natural_person", 5)
            .num("apply.granted.total", 5)
            .num("apply.total.natural_person", 5)
            .num("apply.total.total", 5)
    }

    #[test]
    fn fires_when_everything_is_the_same() {
        let prev = with_numbers(ReportBuilder::new(TemplateId::Y2021)).build();
        let cur = with_numbers(ReportBuilder::new(TemplateId::Y2021).year(2024)).build();
        assert_eq!(check_pair_only(&cur, &prev, "P005").len(), 1);
    }

    #[test]
    fn silent_when_something_changed_or_all_zero() {
        let prev = with_numbers(ReportBuilder::new(TemplateId::Y2021)).build();
        let cur = with_numbers(ReportBuilder::new(TemplateId::Y2021).year(2024))
            .num("review.upheld", 1)
            .num("review.total", 1)
            .build();
        assert!(check_pair_only(&cur, &prev, "P005").is_empty());
        let prev = ReportBuilder::new(TemplateId::Y2021).build();
        let cur = ReportBuilder::new(TemplateId::Y2021).year(2024).build();
        assert!(check_pair_only(&cur, &prev, "P005").is_empty());
    }
}
