use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// 检查标题是否写明所报告的年份（“2023年”“2023年度”或“二〇二三年”）。没有识别
    /// 出标题时不检查。
    ///
    /// ## Why is this bad?
    /// 年度报告按年度公布，标题不写年份，读者无法从标题判断报告的是哪一年，同一
    /// 机关历年的报告也无法区分。
    ///
    /// ## Example
    /// ```text
    /// 某某市财政局政府信息公开工作年度报告
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 某某市财政局2023年政府信息公开工作年度报告
    /// ```
    ///
    /// ## References
    /// - 《中华人民共和国政府信息公开条例》第四十九条（“上一年度政府信息公开工作年度报告”）
    /// - regulation.md §2.9 S-2
    pub struct TitleWithoutYear {
        code: "S005",
        name: "title-without-year",
        severity: Warning,
        summary: "标题没有写明年份",
    }
}

/// Whether a text names a year: four digits 19xx/20xx followed by 年, or a
/// year in Chinese numerals (二〇二三年).
pub(crate) fn names_year(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).any(|w| {
        if w[4] != '年' {
            return false;
        }
        let digits = w[..4]
            .iter()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(c));
        let numerals = w[..4]
            .iter()
            .all(|c| "〇零一二三四五六七八九○Ｏ".contains(*c));
        (digits && matches!(w[0], '1' | '2' | '１' | '２'))
            || (numerals && matches!(w[0], '一' | '二'))
    })
}

pub(crate) fn check(ctx: &ReportContext<'_>, out: &mut Vec<Finding>) {
    let Some(title) = &ctx.report.meta.title else {
        return;
    };
    if title.value.trim().is_empty() || names_year(&title.value) {
        return;
    }
    let message = format!("标题“{}”没有写明所报告的年份", title.value.trim());
    out.push(
        Finding::new(&TitleWithoutYear::INFO, message)
            .span(title.at)
            .hint("在标题中写明年度，例如“……2023年政府信息公开工作年度报告”"),
    );
}

#[cfg(test)]
mod tests {
    use super::names_year;
    use crate::testing::{check_only, ReportBuilder};
    use gongkai_model::TemplateId;

    #[test]
    fn fires_without_a_year() {
        let r = ReportBuilder::new(TemplateId::Y2021)
            .title("某某市财政局政府信息公开工作年度报告")
            .build();
        assert_eq!(check_only(&r, "S005").len(), 1);
    }

    #[test]
    fn silent_with_a_year() {
        let r = ReportBuilder::new(TemplateId::Y2021).build();
        assert!(check_only(&r, "S005").is_empty());
        assert!(names_year("二〇二三年政府信息公开工作年度报告"));
        assert!(names_year("2024年度政府信息公开工作年度报告"));
        assert!(!names_year("第十年"));
    }
}
