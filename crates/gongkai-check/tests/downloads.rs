//! Findings as downloads: CSV with the XLSX sheet's columns, XLSX as bytes.

use gongkai_check::output::{finding_fields, write_csv, xlsx_bytes, FINDING_HEADERS};
use gongkai_check::{rule, Finding};
use gongkai_model::{Provenance, Span};

fn findings() -> Vec<Finding> {
    let info = &rule("F001").expect("F001 exists").info;
    let mut f = Finding::new(info, "无法读取：\"加密\", 第二行\n换行")
        .file("报告,2024.pdf")
        .hint("请提供未加密的文件")
        .span(Some(Provenance {
            span: Span {
                start: 0,
                end: 1,
                line: 3,
                column: 5,
            },
            grid: None,
        }));
    f.cells = vec!["a.b".into(), "c.d".into()];
    vec![f]
}

#[test]
fn csv_has_a_bom_the_headers_and_quoted_fields() {
    let mut out = Vec::new();
    write_csv(&mut out, &findings()).expect("write");
    let text = String::from_utf8(out).expect("utf-8");
    let body = text.strip_prefix('\u{feff}').expect("a byte order mark");
    let mut lines = body.lines();
    assert_eq!(
        lines.next(),
        Some("文件,规则,级别,对象,问题,修改建议,单元格,位置")
    );
    assert_eq!(
        body,
        "文件,规则,级别,对象,问题,修改建议,单元格,位置\n\
         \"报告,2024.pdf\",F001,错误,,\"无法读取：\"\"加密\"\", 第二行\n换行\",请提供未加密的文件,a.b c.d,3:5\n"
    );
    assert_eq!(FINDING_HEADERS.len(), finding_fields(&findings()[0]).len());
}

#[test]
fn xlsx_bytes_are_a_workbook() {
    let bytes = xlsx_bytes(&findings(), &[]).expect("workbook");
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip package");
    assert!(bytes.len() > 1000);
}
