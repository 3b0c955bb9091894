//! DOCX ingest speed on a realistic report: about forty paragraphs of
//! running text split into formatted runs (as Word writes them) and the
//! three tables of the 2021 template with their merged cells, deflated.
//! Target: at least 300 reports per second per core.

#[path = "../tests/fixtures/office/builder.rs"]
mod builder;

use std::hint::black_box;
use std::io::{Cursor, Write};

use builder::{c, cont, esc, table, C};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gongkai_ingest::{read, Limits};

/// A paragraph in three runs with revision ids and run properties.
fn para(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let third = chars.len().div_ceil(3).max(1);
    let mut x = String::from(
        r#"<w:p w:rsidR="00C84F2A" w:rsidRDefault="00C84F2A" w:rsidP="00A1B2C3"><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:pPr>"#,
    );
    for (i, chunk) in chars.chunks(third).enumerate() {
        let t: String = chunk.iter().collect();
        if i == 1 {
            x.push_str(r#"<w:proofErr w:type="gramStart"/><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>"#);
        }
        x.push_str(&format!(
            r#"<w:r w:rsidRPr="00D5E6F7"><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:hint="eastAsia"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
            esc(&t)
        ));
    }
    x.push_str("</w:p>");
    x
}

/// A heading numbered through its style (`一、` …).
fn heading(text: &str) -> String {
    para(text).replacen("<w:pPr>", r#"<w:pPr><w:pStyle w:val="1"/>"#, 1)
}

fn nums(v: &[&str]) -> Vec<C> {
    v.iter().map(|s| c(s)).collect()
}

fn report() -> Vec<u8> {
    let sentence = "我局坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作，不断加大政府信息公开力度，2023年主动公开政府信息1234条。";
    let mut body = String::new();
    body.push_str(&para("XX区人民政府办公室2023年政府信息公开工作年度报告"));
    for i in 0..40 {
        if i == 12 {
            body.push_str(&heading("主动公开政府信息情况"));
            let sec = |s: &str| vec![c(s).span(4)];
            body.push_str(&table(&[
                sec("第二十条第（一）项"),
                nums(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
                nums(&["规章", "0", "0", "0"]),
                nums(&["行政规范性文件", "3", "1", "25"]),
                sec("第二十条第（五）项"),
                vec![c("信息内容"), c("本年处理决定数量").span(3)],
                vec![c("行政许可"), c("1520").span(3)],
                sec("第二十条第（六）项"),
                vec![c("信息内容"), c("本年处理决定数量").span(3)],
                vec![c("行政处罚"), c("88").span(3)],
                vec![c("行政强制"), c("0").span(3)],
                sec("第二十条第（八）项"),
                vec![c("信息内容"), c("本年收费金额（单位：万元）").span(3)],
                vec![c("行政事业性收费"), c("7730.28").span(3)],
            ]));
        }
        if i == 20 {
            body.push_str(&heading("收到和处理政府信息公开申请情况"));
            let v = ["12", "3", "0", "1", "0", "2", "18"];
            let mut rows = vec![
                vec![
                    c("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
                        .span(3)
                        .restart(),
                    c("申请人情况").span(7),
                ],
                vec![
                    cont(3),
                    c("自然人").restart(),
                    c("法人或其他组织").span(5),
                    c("总计").restart(),
                ],
                vec![
                    cont(3),
                    cont(1),
                    c("商业\n企业"),
                    c("科研\n机构"),
                    c("社会公益组织"),
                    c("法律服务机构"),
                    c("其他"),
                    cont(1),
                ],
            ];
            let mut r = vec![c("一、本年新收政府信息公开申请数量").span(3)];
            r.extend(nums(&v));
            rows.push(r);
            for k in 0..22 {
                let mut r = if k == 0 {
                    vec![
                        c("三、本年度办理结果").restart(),
                        c("（一）予以公开").restart(),
                    ]
                } else {
                    vec![cont(1), c(&format!("{k}.某一种办理结果的说明文字"))]
                };
                if k == 0 {
                    r.pop();
                    r.push(c("（一）予以公开").span(2));
                } else {
                    r.insert(
                        1,
                        if k % 5 == 1 {
                            c("（三）不予公开").restart()
                        } else {
                            cont(1)
                        },
                    );
                }
                r.extend(nums(&v));
                rows.push(r);
            }
            let mut r = vec![c("四、结转下年度继续办理").span(3)];
            r.extend(nums(&v));
            rows.push(r);
            body.push_str(&table(&rows));
        }
        if i == 28 {
            body.push_str(&heading("政府信息公开行政复议、行政诉讼情况"));
            let mut r1: Vec<C> = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
                .iter()
                .map(|t| c(t).restart())
                .collect();
            r1.push(c("未经复议直接起诉").span(5));
            r1.push(c("复议后起诉").span(5));
            let mut r2: Vec<C> = (0..5).map(|_| cont(1)).collect();
            for _ in 0..2 {
                r2.extend(nums(&[
                    "结果维持",
                    "结果纠正",
                    "其他结果",
                    "尚未审结",
                    "总计",
                ]));
            }
            body.push_str(&table(&[
                vec![c("行政复议").span(5), c("行政诉讼").span(10)],
                r1,
                r2,
                nums(&[
                    "1", "0", "0", "0", "1", "2", "0", "0", "0", "2", "0", "0", "0", "0", "0",
                ]),
            ]));
        }
        body.push_str(&para(&format!("（{i}）{sentence}{sentence}")));
    }
    let doc = builder::document_xml(&body);
    eprintln!("document.xml: {} bytes", doc.len());
    // Word writes every list definition with nine levels; heading 1 is
    // numbered through its style.
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let mut numbering = format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {w}>"#);
    for a in 0..8 {
        numbering.push_str(&format!(r#"<w:abstractNum w:abstractNumId="{a}"><w:nsid w:val="1A2B3C4D"/><w:multiLevelType w:val="multilevel"/>"#));
        for l in 0..9 {
            numbering.push_str(&format!(
                r#"<w:lvl w:ilvl="{l}" w:tplc="04090019"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%{}、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{}" w:hanging="420"/></w:pPr><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:lvl>"#,
                l + 1,
                420 * (l + 1)
            ));
        }
        numbering.push_str("</w:abstractNum>");
    }
    for n in 1..=8 {
        numbering.push_str(&format!(
            r#"<w:num w:numId="{n}"><w:abstractNumId w:val="{}"/></w:num>"#,
            n - 1
        ));
    }
    numbering.push_str("</w:numbering>");
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {w}><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>{}</w:styles>"#,
        r#"<w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:ascii="Calibri" w:eastAsia="宋体"/><w:kern w:val="2"/><w:sz w:val="21"/></w:rPr></w:style>"#.repeat(60)
    );
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in [
        ("[Content_Types].xml", builder::CONTENT_TYPES),
        ("_rels/.rels", builder::RELS),
        ("word/document.xml", doc.as_str()),
        ("word/styles.xml", styles.as_str()),
        ("word/numbering.xml", numbering.as_str()),
        ("word/_rels/document.xml.rels", doc_rels),
    ] {
        zip.start_file(name, options).expect("zip");
        zip.write_all(data.as_bytes()).expect("zip");
    }
    zip.finish().expect("zip").into_inner()
}

fn bench(c: &mut Criterion) {
    let bytes = report();
    let limits = Limits::default();
    let doc = read(&bytes, None, &limits).expect("docx report");
    assert_eq!(doc.grids().count(), 3);
    assert!(doc.text.contains("\n二、收到和处理政府信息公开申请情况\n"));
    eprintln!(
        "report: {} bytes DOCX, {} bytes of rendered text, {} table cells",
        bytes.len(),
        doc.text.len(),
        doc.grids()
            .flat_map(|g| &g.rows)
            .map(|r| r.cells.len())
            .sum::<usize>()
    );
    let mut group = c.benchmark_group("office");
    group.throughput(Throughput::Elements(1));
    group.bench_function("docx_report", |b| {
        b.iter(|| read(black_box(&bytes), None, &limits).map(|d| d.text.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
