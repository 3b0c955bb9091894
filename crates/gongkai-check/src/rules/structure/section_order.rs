use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 检查六个部分是否按统一格式的顺序出现（按在原文中的位置排列；位置不明时按
    /// 提取顺序）。某一部分出现在编号更大的部分之后时报告一次。
    ///
    /// ## Why is this bad?
    /// 统一格式规定了各部分的顺序，读者和汇总工具都按这个顺序查找内容；顺序错乱
    /// 常常意味着编号写错或内容放错了位置。
    ///
    /// ## Example
    /// ```text
    /// 一、总体情况  二、…  三、…  五、存在的主要问题及改进情况  四、政府信息公开行政复议、行政诉讼情况
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 一、总体情况  二、…  三、…  四、政府信息公开行政复议、行政诉讼情况  五、存在的主要问题及改进情况
    /// ```
    ///
    /// ## References
    /// - 国办公开办函〔2021〕30号 年度报告格式
    /// - regulation.md §2.4
    pub struct SectionOrder {
        code: "S002",
        name: "section-order",
        severity: Error,
        summary: "各部分顺序与统一格式不符",
    }
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let mut sections: Vec<_> = ctx.report.sections.iter().collect();
    if sections.iter().all(|s| s.at.is_some()) {
        sections.sort_by_key(|s| s.at.map(|a| a.span.start).unwrap_or(0));
    }
    let mut max: Option<u8> = None;
    for s in sections {
        if !(1..=6).contains(&s.number) {
            continue;
        }
        match max {
            Some(m) if s.number < m => {
                let (i, j) = (usize::from(s.number - 1), usize::from(m - 1));
                let message = format!(
                    "第{}部分“{}”出现在第{}部分“{}”之后",
                    SECTION_NUMERALS[i],
                    s.heading.trim(),
                    SECTION_NUMERALS[j],
                    SECTION_HEADINGS[j]
                );
                out.push(
                    Finding::new(&SectionOrder::INFO, message)
                        .span(s.at)
                        .hint("按一至六的顺序排列各部分，并核对各部分的编号"),
                );
            }
            _ => max = Some(s.number),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_when_out_of_order() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .sections(&[1, 2, 3, 5, 4, 6])
            .build();
        let f = check_only(&r, "S002");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.starts_with("第四部分"), "{}", f[0].message);
    }

    #[test]
    fn silent_in_order() {
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "S002").is_empty());
    }
}
