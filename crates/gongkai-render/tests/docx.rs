//! The DOCX package is well-formed without LibreOffice: every part named in
//! `[Content_Types].xml` is there and is well-formed XML, the page is A4,
//! the fonts are the official ones, and the merged cells of table 三 are
//! written as the format prints them (gridSpan and vMerge).

use std::io::{Cursor, Read};

use gongkai_model::{Decimal, TemplateId, Value};
use gongkai_render::{render, Format, RenderDoc, Sections};
use quick_xml::events::Event;
use quick_xml::Reader;

fn doc(template: TemplateId) -> RenderDoc {
    RenderDoc {
        template,
        agency: "临江市<教育>局 & 体育局".into(),
        year: 2021,
        preamble: String::new(),
        sections: Sections {
            overview: "含有特殊字符 <a> & \"引号\" 的正文。".into(),
            ..Sections::default()
        },
        date: None,
        values: vec![Value::Number(Decimal::ONE); template.get().cells.len()],
        single_other: None,
    }
}

fn parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP archive");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let name = f.name().expect("entry name").to_string();
        let mut s = String::new();
        f.read_to_string(&mut s).expect("UTF-8 part");
        out.push((name, s));
    }
    out
}

/// Parse to the end; returns the start and empty tags with their attributes.
fn elements(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.name().as_ref().to_string();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("well-formed attribute");
                        (
                            a.key.as_ref().to_string(),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .expect("attribute value")
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push((name, attrs));
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[test]
fn the_package_is_well_formed_and_official() {
    for template in TemplateId::ALL {
        let bytes = render(&doc(template), Format::Docx);
        let parts = parts(&bytes);
        let names: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
        for needed in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "docProps/core.xml",
        ] {
            assert!(names.contains(&needed), "{template}: {needed} in {names:?}");
        }
        for (name, xml) in &parts {
            let els = elements(xml);
            if name == "[Content_Types].xml" {
                for (tag, attrs) in &els {
                    if tag == "Override" {
                        let part = attr(attrs, "PartName").expect("PartName");
                        assert!(names.contains(&&part[1..]), "{part} is in the package");
                    }
                }
            }
        }
        let document = &parts
            .iter()
            .find(|p| p.0 == "word/document.xml")
            .expect("document")
            .1;
        let els = elements(document);
        let size = els.iter().find(|e| e.0 == "w:pgSz").expect("page size");
        assert_eq!(attr(&size.1, "w:w"), Some("11906"), "A4 width");
        assert_eq!(attr(&size.1, "w:h"), Some("16838"), "A4 height");
        let fonts: Vec<&str> = els
            .iter()
            .filter(|e| e.0 == "w:rFonts")
            .filter_map(|e| attr(&e.1, "w:eastAsia"))
            .collect();
        for f in ["宋体", "黑体", "仿宋"] {
            assert!(fonts.contains(&f), "{template}: font {f}");
        }
        assert_eq!(els.iter().filter(|e| e.0 == "w:tbl").count(), 3);
        assert!(els.iter().any(|e| e.0 == "w:tblBorders"));
        // 三、本年度办理结果 merges 20 (2019) or 22 (2021) rows: one
        // restart and the continuations below it in the first column.
        let restarts = els
            .iter()
            .filter(|e| e.0 == "w:vMerge" && attr(&e.1, "w:val") == Some("restart"))
            .count();
        let continues = els
            .iter()
            .filter(|e| e.0 == "w:vMerge" && attr(&e.1, "w:val").is_none())
            .count();
        assert!(
            restarts >= 10 && continues > restarts,
            "{restarts} {continues}"
        );
        let spans: Vec<&str> = els
            .iter()
            .filter(|e| e.0 == "w:gridSpan")
            .filter_map(|e| attr(&e.1, "w:val"))
            .collect();
        assert!(spans.contains(&"7"), "申请人情况 spans the seven columns");
        assert!(spans.contains(&"5"), "法人或其他组织 spans five");
        // Text is escaped, not broken.
        assert!(
            document.contains("临江市&lt;教育&gt;局 &amp; 体育局2021年政府信息公开工作年度报告")
        );
    }
}
