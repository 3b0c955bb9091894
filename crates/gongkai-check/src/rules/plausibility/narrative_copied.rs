use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 比较同一机关相邻两年报告的正文（表格以外的文字；数字和年份不计），估计其
    /// 相似度（5字片段的 Jaccard 相似度，按固定规则抽样估计），达到 90% 时提示正文
    /// 疑似照搬上年。两份正文都至少要有200个5字片段才比较。只在批量检查中同时给出
    /// 两年报告、并能读取原文时运行。
    ///
    /// ## Why is this bad?
    /// 〔2021〕30号通知把“内容雷同、敷衍塞责”列为追责情形；曾有报告“除年份数字
    /// 不同外……与2008年报告几乎一字不差”而被媒体曝光。年度报告应写本年度的工作、
    /// 问题和改进。
    ///
    /// ## Example
    /// ```text
    /// 2023年：本局认真贯彻落实《条例》，全年主动公开政府信息120条……
    /// 2024年：本局认真贯彻落实《条例》，全年主动公开政府信息98条……（其余一字不差）
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 2024年：围绕优化营商环境，重点公开惠企政策和项目审批结果……
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号（四）明确责任
    /// - regulation.md §2.9 S-7、§5.2 第11项
    pub struct NarrativeCopied {
        code: "P004",
        name: "narrative-copied",
        severity: Warning,
        summary: "正文与上年报告高度雷同",
    }
}

const THRESHOLD: f64 = 0.9;
const MIN_SHINGLES: usize = 200;

pub(crate) fn check(ctx: &PairContext<'_>, out: &mut Vec<Finding>) {
    let (Some(a), Some(b)) = (ctx.current_sketch, ctx.previous_sketch) else {
        return;
    };
    if a.shingles < MIN_SHINGLES || b.shingles < MIN_SHINGLES {
        return;
    }
    let sim = a.similarity(b);
    if sim < THRESHOLD {
        return;
    }
    let message = format!(
        "正文与上年报告（{}）的相似度约为 {:.0}%，疑似照搬上年内容",
        ctx.previous.report.source.path,
        sim * 100.0
    );
    out.push(
        Finding::new(&NarrativeCopied::INFO, message)
            .hint("年度报告应如实反映本年度的工作、存在的问题和改进情况，不得照搬上年报告"),
    );
}

#[cfg(test)]
mod tests {
    use crate::similarity::tests::{corpus_text, next_year};
    use crate::similarity::Sketch;
    use crate::testing::ReportBuilder;
    use crate::{Checker, Config};
    use gongkai_model::TemplateId;

    fn run(a: &str, b: &str) -> usize {
        let cur = ReportBuilder::new(TemplateId::Y2021).year(2024).build();
        let prev = ReportBuilder::new(TemplateId::Y2021)
            .path("prev.txt")
            .build();
        let (sa, sb) = (Sketch::of_text(a.lines()), Sketch::of_text(b.lines()));
        let mut c = Config::default();
        c.set_select(&["P004".into()]).unwrap();
        let checker = Checker::new(c);
        let ctx = crate::context::PairContext {
            current: crate::context::ReportContext::new(&cur, None, checker.config()),
            previous: crate::context::ReportContext::new(&prev, None, checker.config()),
            current_sketch: Some(&sa),
            previous_sketch: Some(&sb),
        };
        let mut out = Vec::new();
        super::check(&ctx, &mut out);
        out.len()
    }

    #[test]
    fn fires_on_a_copy() {
        let last = corpus_text("pingtan-zone-2024.txt");
        assert_eq!(run(&next_year(&last), &last), 1);
    }

    #[test]
    fn silent_on_a_rewrite_or_short_texts() {
        let last = corpus_text("pingtan-zone-2024.txt");
        let other = corpus_text("pingtan-finance-2024.txt");
        assert_eq!(run(&other, &last), 0);
        assert_eq!(run("一二三四五六七八九十", "一二三四五六七八九十"), 0);
    }
}
