//! The HTML page is self-contained and printable, and its tables carry the
//! official merges; the Markdown flattens them with the labels repeated.

use gongkai_model::{Decimal, TemplateId, Value};
use gongkai_render::{render, Format, RenderDoc, Sections};

fn doc(template: TemplateId) -> RenderDoc {
    RenderDoc {
        template,
        agency: "临江市教育局".into(),
        year: 2020,
        preamble: String::new(),
        sections: Sections::default(),
        date: None,
        values: vec![Value::Number(Decimal::from(2)); template.get().cells.len()],
        single_other: None,
    }
}

#[test]
fn html_is_self_contained_and_printable() {
    for template in TemplateId::ALL {
        let html = String::from_utf8(render(&doc(template), Format::Html)).expect("utf-8");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        for external in [
            "http://", "https://", "<script", "<link", "src=", "@import", "url(",
        ] {
            assert!(!html.contains(external), "{template}: {external}");
        }
        assert!(html.contains("@page { size: A4;"), "A4 print CSS");
        assert!(html.contains("仿宋") && html.contains("宋体") && html.contains("黑体"));
        assert!(html.contains("<h1>临江市教育局2020年政府信息公开工作年度报告</h1>"));
        let results = if template == TemplateId::Y2019 {
            20
        } else {
            22
        };
        assert!(
            html.contains(&format!(
                "<td rowspan=\"{results}\" class=\"label\">三、本年度办理结果</td>"
            )),
            "{template}"
        );
        assert!(html.contains(
            "<td colspan=\"3\" rowspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
        ));
        assert!(html.contains("<td colspan=\"7\">申请人情况</td>"));
        assert!(html.contains("<td colspan=\"5\">法人或其他组织</td>"));
        assert!(html.contains("<td colspan=\"10\">行政诉讼</td>"));
        // The six headings, in order.
        let mut at = 0;
        for n in 1..=6 {
            let h = format!("<h2>{}</h2>", gongkai_render::section_heading(n));
            let pos = html[at..]
                .find(&h)
                .unwrap_or_else(|| panic!("{h} after {at}"));
            at += pos + h.len();
        }
    }
}

#[test]
fn markdown_repeats_the_group_labels() {
    let md = String::from_utf8(render(&doc(TemplateId::Y2021), Format::Markdown)).expect("utf-8");
    assert!(md.contains(
        "| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 2 | 2 | 2 | 2 | 2 | 2 | 2 |"
    ));
    assert!(md.contains("| 三、本年度办理结果 | （七）总计 |  | 2 |"));
    assert!(md.contains("| 一、本年新收政府信息公开申请数量 |  |  | 2 |"));
    assert!(md.contains("申请人情况·法人或其他组织·商业企业"));
    assert!(md.contains("行政诉讼·复议后起诉·总计"));
    assert!(md.contains("**第二十条第（八）项**\n\n| 信息内容 | 本年收费金额（单位：万元） |"));
}
