//! The tables alone, for the web app's report page: every printed value
//! cell named by its id, marks added where asked, the page unchanged.

use std::collections::BTreeSet;
use std::path::PathBuf;

use gongkai_model::{TableId, TemplateId, Value};
use gongkai_render::{parse, render, tables_html, CellMark, Format, Overrides, RenderDoc};

fn sample(name: &str) -> RenderDoc {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/render")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&text, &Overrides::default())
        .expect("sample parses")
        .0
}

/// The values of the `data-cell` attributes, in order.
fn ids(html: &str) -> Vec<String> {
    html.split("data-cell=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(String::from)
        .collect()
}

#[test]
fn every_printed_value_cell_carries_its_id() {
    for (name, template) in [
        ("example-2019.toml", TemplateId::Y2019),
        ("example-2021.toml", TemplateId::Y2021),
    ] {
        let doc = sample(name);
        assert_eq!(doc.template, template);
        let tables = tables_html(&doc, |_| None);
        let order: Vec<TableId> = tables.iter().map(|(t, _)| *t).collect();
        assert_eq!(order, [TableId::Active, TableId::Apply, TableId::Review]);
        let all: Vec<String> = tables.iter().flat_map(|(_, h)| ids(h)).collect();
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "{name}: each cell once");
        let expected: BTreeSet<&String> = template
            .get()
            .cells
            .iter()
            .zip(&doc.values)
            .filter(|(_, v)| **v != Value::Absent)
            .map(|(c, _)| &c.id)
            .collect();
        assert_eq!(unique, expected, "{name}");
        for (_, h) in &tables {
            assert!(h.starts_with("<table>") && h.trim_end().ends_with("</table>"));
            assert!(!h.contains(" title="), "no mark asked, none given");
        }
    }
}

#[test]
fn marks_become_classes_and_escaped_tooltips() {
    let doc = sample("example-2021.toml");
    let id = "apply.granted.natural_person";
    let tables = tables_html(&doc, |cell| {
        (cell == id).then(|| CellMark {
            class: "error".into(),
            title: "A001 合计<不等于>各项之和".into(),
        })
    });
    let html: String = tables.iter().map(|(_, h)| h.as_str()).collect();
    let expected = format!(
        "class=\"value error\" title=\"A001 合计&lt;不等于&gt;各项之和\" data-cell=\"{id}\""
    );
    assert_eq!(html.matches(&expected).count(), 1, "{html}");
    assert_eq!(html.matches("title=").count(), 1);
    // The official page is not touched by the web marks.
    let page = String::from_utf8(render(&doc, Format::Html)).expect("utf-8");
    assert!(!page.contains("data-cell"));
}
