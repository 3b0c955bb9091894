//! DOCX, XLSX and legacy Office files: structure, limits and broken input.
//! Fixtures are built in memory (see `fixtures/office/builder.rs`), so no
//! binary file needs to be committed.

#[path = "fixtures/office/builder.rs"]
mod builder;

use std::io::{Cursor, Write};
use std::path::Path;

use builder::{c, cont, docx, esc, p, stored_zip, table};
use gongkai_ingest::{read, Block, Document, Format, IngestError, Limits};

fn ingest(bytes: &[u8]) -> Document {
    match read(bytes, None, &Limits::default()) {
        Ok(doc) => {
            check_spans(&doc);
            doc
        }
        Err(e) => panic!("ingest failed: {e}"),
    }
}

fn lines(doc: &Document) -> Vec<&str> {
    doc.text.lines().collect()
}

/// (col, colspan, rowspan) of every cell of the n-th grid.
fn layout(doc: &Document, n: usize) -> Vec<Vec<(usize, usize, usize)>> {
    let grid = doc.grids().nth(n).expect("grid");
    grid.rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| (c.col, c.colspan, c.rowspan))
                .collect()
        })
        .collect()
}

fn cells(doc: &Document, n: usize) -> Vec<Vec<&str>> {
    let grid = doc.grids().nth(n).expect("grid");
    grid.rows
        .iter()
        .map(|r| r.cells.iter().map(|c| &doc.text[c.span.clone()]).collect())
        .collect()
}

/// Every span agrees with the text, as for HTML.
fn check_spans(doc: &Document) {
    for block in &doc.blocks {
        match block {
            Block::Text { span } => {
                let t = &doc.text[span.clone()];
                assert!(!t.is_empty());
                assert!(!t.contains(['\n', '\t']), "{t:?}");
                assert_eq!(t, t.trim(), "untrimmed line {t:?}");
                assert_eq!(doc.text.as_bytes().get(span.end), Some(&b'\n'));
            }
            Block::Table(grid) => {
                for row in &grid.rows {
                    let line = &doc.text[row.span.clone()];
                    assert!(!line.contains('\n'));
                    let cells: Vec<&str> = row
                        .cells
                        .iter()
                        .map(|c| &doc.text[c.span.clone()])
                        .collect();
                    assert_eq!(line, cells.join("\t"));
                    assert_eq!(doc.text.as_bytes().get(row.span.end), Some(&b'\n'));
                }
            }
        }
    }
}

#[test]
fn grid_span_and_vertical_merge() {
    let body = table(&[
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
            c("商业企业"),
            c("科研机构"),
            c("社会公益组织"),
            c("法律服务机构"),
            c("其他"),
            cont(1),
        ],
        vec![
            c("一、本年新收政府信息公开申请数量").span(3),
            c("3"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
            c("3"),
        ],
        vec![
            c("三、本年度办理结果").restart(),
            c("（一）予以公开").span(2),
            c("1"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
            c("1"),
        ],
        vec![
            cont(1),
            c("（三）不予公开").restart(),
            c("1.属于国家秘密"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
        ],
        vec![
            cont(1),
            cont(1),
            c("2.其他法律行政法规禁止公开"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
            c("0"),
        ],
    ]);
    let doc = ingest(&docx(&body));
    assert_eq!(doc.format, Format::Docx);
    assert_eq!(doc.format.as_str(), "docx");
    assert_eq!(
        layout(&doc, 0),
        vec![
            vec![(0, 3, 3), (3, 7, 1)],
            vec![(3, 1, 2), (4, 5, 1), (9, 1, 2)],
            vec![(4, 1, 1), (5, 1, 1), (6, 1, 1), (7, 1, 1), (8, 1, 1)],
            vec![
                (0, 3, 1),
                (3, 1, 1),
                (4, 1, 1),
                (5, 1, 1),
                (6, 1, 1),
                (7, 1, 1),
                (8, 1, 1),
                (9, 1, 1)
            ],
            vec![
                (0, 1, 3),
                (1, 2, 1),
                (3, 1, 1),
                (4, 1, 1),
                (5, 1, 1),
                (6, 1, 1),
                (7, 1, 1),
                (8, 1, 1),
                (9, 1, 1)
            ],
            vec![
                (1, 1, 2),
                (2, 1, 1),
                (3, 1, 1),
                (4, 1, 1),
                (5, 1, 1),
                (6, 1, 1),
                (7, 1, 1),
                (8, 1, 1),
                (9, 1, 1)
            ],
            vec![
                (2, 1, 1),
                (3, 1, 1),
                (4, 1, 1),
                (5, 1, 1),
                (6, 1, 1),
                (7, 1, 1),
                (8, 1, 1),
                (9, 1, 1)
            ],
        ]
    );
    assert_eq!(
        lines(&doc)[1..4],
        [
            "自然人\t法人或其他组织\t总计",
            "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
            "一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3",
        ]
    );
    let pos = doc.grid_pos(doc.text.find("科研机构").unwrap()).unwrap();
    assert_eq!((pos.table, pos.row, pos.col), (0, 2, 1));
}

/// The same table as DOCX and as HTML renders to the same text and grid.
#[test]
fn docx_table_renders_like_html() {
    let body = format!(
        "{}{}{}",
        p("二、主动公开政府信息情况"),
        table(&[
            vec![c("第二十条第（一）项").span(4)],
            vec![
                c("信息内容"),
                c("本年制发件数"),
                c("本年废止件数"),
                c("现行有效件数")
            ],
            vec![c("规章"), c("0"), c(""), c("12")],
            vec![
                c("行政规范性文件").restart(),
                c("本年\n新制作").span(2),
                c("3")
            ],
            vec![cont(1), c("7"), c("8"), c("9")],
        ]),
        p("三、收到和处理政府信息公开申请情况"),
    );
    let html = "<p>二、主动公开政府信息情况</p><table>\
        <tr><td colspan=4>第二十条第（一）项</td></tr>\
        <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\
        <tr><td>规章</td><td>0</td><td></td><td>12</td></tr>\
        <tr><td rowspan=2>行政规范性文件</td><td colspan=2><p>本年</p><p>新制作</p></td><td>3</td></tr>\
        <tr><td>7</td><td>8</td><td>9</td></tr></table><p>三、收到和处理政府信息公开申请情况</p>";
    let from_docx = ingest(&docx(&body));
    let from_html = ingest(html.as_bytes());
    assert_eq!(from_docx.text, from_html.text);
    assert_eq!(from_docx.blocks, from_html.blocks);
    assert_eq!(
        cells(&from_docx, 0)[3],
        ["行政规范性文件", "本年 新制作", "3"]
    );
    assert_eq!(cells(&from_docx, 0)[2], ["规章", "0", "", "12"]);
}

#[test]
fn empty_cells_and_cell_paragraphs() {
    let body = r#"<w:tbl><w:tr>
        <w:tc><w:p><w:r><w:t>本年新</w:t></w:r><w:r><w:br/><w:t>制作数量</w:t></w:r></w:p></w:tc>
        <w:tc><w:p/></w:tc>
        <w:tc><w:tcPr><w:tcW w:w="100"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">  </w:t></w:r></w:p><w:p/></w:tc>
        <w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t><w:tab/><w:t>c</w:t></w:r></w:p></w:tc>
        <w:tc/>
      </w:tr></w:tbl>"#;
    let doc = ingest(&docx(body));
    assert_eq!(doc.text, "本年新 制作数量\t\t\ta b c\t\n");
    let row = &doc.grids().next().unwrap().rows[0];
    assert_eq!(row.cells.len(), 5);
    assert_eq!(row.cells[1].span.len(), 0);
    assert_eq!(row.cells[4].col, 4);
}

#[test]
fn nested_table_is_layout_and_inner_table_a_grid() {
    let inner = table(&[
        vec![c("信息内容"), c("本年处理决定数量")],
        vec![c("行政许可"), c("120")],
    ]);
    let body = format!(
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>左栏</w:t></w:r></w:p></w:tc><w:tc>{}{inner}{}</w:tc></w:tr></w:tbl>{}"#,
        p("一、总体情况"),
        p("二、其他"),
        table(&[vec![c("只有一列")], vec![c("第二行")]])
    );
    let doc = ingest(&docx(&body));
    assert_eq!(doc.grids().count(), 1);
    assert_eq!(
        lines(&doc),
        [
            "左栏",
            "一、总体情况",
            "信息内容\t本年处理决定数量",
            "行政许可\t120",
            "二、其他",
            "只有一列",
            "第二行"
        ]
    );
}

#[test]
fn text_boxes_alternate_content_read_once() {
    let body = r#"<w:p><w:r><w:t>正文前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文后</w:t></w:r></w:p>
        <w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>老式文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"#;
    let doc = ingest(&docx(body));
    assert_eq!(lines(&doc), ["正文前正文后", "文本框里的字", "老式文本框"]);
}

#[test]
fn tracked_changes_are_accepted() {
    let body = r#"<w:p><w:r><w:t>本年</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>删除的</w:delText></w:r></w:del><w:moveFrom w:id="3"><w:r><w:t>移走的</w:t></w:r></w:moveFrom><w:moveTo w:id="4"><w:r><w:t>移来的</w:t></w:r></w:moveTo></w:p>
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:tcPrChange w:id="9"><w:tcPr><w:gridSpan w:val="5"/></w:tcPr></w:tcPrChange></w:tcPr><w:p><w:del w:id="5"><w:r><w:delText>12</w:delText></w:r></w:del><w:ins w:id="6"><w:r><w:t>13</w:t></w:r></w:ins></w:p></w:tc></w:tr>
        <w:tr><w:trPr><w:del w:id="7" w:author="a"/></w:trPr><w:tc><w:p><w:r><w:t>删除的行</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:p><w:r><w:t>行政规范性文件</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let doc = ingest(&docx(body));
    assert_eq!(
        lines(&doc),
        ["本年新增移来的", "规章\t13", "行政规范性文件\t4"]
    );
    assert_eq!(layout(&doc, 0)[0], [(0, 1, 1), (1, 1, 1)]);
}

#[test]
fn fields_sdt_hyperlinks_and_symbols() {
    let body = r#"<w:sdt><w:sdtPr><w:alias w:val="标题"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr><w:sdtContent><w:p><w:r><w:t>内容控件里的标题</w:t></w:r></w:p></w:sdtContent></w:sdt>
        <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:smartTag><w:r><w:t>&amp;&lt;&#x4E2D;&#25991;&unknown;</w:t></w:r></w:smartTag><w:r><w:noBreakHyphen/><w:sym w:font="Wingdings" w:char="F0FC"/><w:softHyphen/></w:r></w:p>
        <w:p><w:pPr><w:rPr><w:del w:id="1"/></w:rPr></w:pPr><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:cr/><w:t>第三行</w:t></w:r></w:p><w:altChunk r:id="rId7"/>"#;
    let doc = ingest(&docx(body));
    assert!(
        doc.warnings.iter().any(|w| w.contains("altChunk")),
        "{:?}",
        doc.warnings
    );
    assert_eq!(
        lines(&doc),
        [
            "内容控件里的标题",
            "7链接&<中文-",
            "第一行",
            "第二行",
            "第三行"
        ]
    );
}

#[test]
fn automatic_numbering_is_rendered() {
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {w}>
        <w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0"/></w:pPr><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
        <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
        </w:numbering>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {w}>
        <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="10"><w:name w:val="my heading"/><w:basedOn w:val="1"/></w:style>
        <w:style w:type="character" w:styleId="c"><w:name w:val="x"/></w:style>
        </w:styles>"#
    );
    let para = |ppr: &str, text: &str| {
        format!(
            r#"<w:p><w:pPr>{ppr}<w:rPr><w:del w:id="9"/></w:rPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let num = |id: u32, lvl: u32| {
        format!(r#"<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{id}"/></w:numPr>"#)
    };
    let body = [
        para(r#"<w:pStyle w:val="1"/>"#, "总体情况"),
        para(&num(1, 1), "加强组织领导"),
        para(&num(1, 1), "畅通受理渠道"),
        para("", "正文段落"),
        para(r#"<w:pStyle w:val="10"/>"#, "主动公开政府信息情况"),
        para(&num(1, 1), "规范发布"),
        para(&num(2, 0), "规章"),
        para(&num(2, 0), "规范性文件"),
        para(&num(3, 0), "重新编号"),
        para(&num(4, 0), "项目符号"),
        para(
            r#"<w:pStyle w:val="1"/><w:numPr><w:numId w:val="0"/></w:numPr>"#,
            "去掉编号的标题",
        ),
    ]
    .concat();
    let doc_xml = builder::document_xml(&body);
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    let bytes = stored_zip(&[
        ("[Content_Types].xml", builder::CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", builder::RELS.as_bytes()),
        ("word/document.xml", doc_xml.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ]);
    let doc = ingest(&bytes);
    assert_eq!(
        lines(&doc),
        [
            "一、总体情况",
            "（一）加强组织领导",
            "（二）畅通受理渠道",
            "正文段落",
            "二、主动公开政府信息情况",
            "（一）规范发布",
            "1. 规章",
            "2. 规范性文件",
            "1. 重新编号",
            "项目符号",
            "去掉编号的标题",
        ]
    );
}

#[test]
fn dtd_entities_are_never_expanded() {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY boom "BOOMBOOMBOOM"><!ENTITY ext SYSTEM "file:///etc/passwd">]><w:document {}><w:body><w:p><w:r><w:t>a&boom;b&ext;c</w:t></w:r></w:p></w:body></w:document>"#,
        builder::NAMESPACES
    );
    let bytes = stored_zip(&[
        ("[Content_Types].xml", builder::CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", builder::RELS.as_bytes()),
        ("word/document.xml", xml.as_bytes()),
    ]);
    let doc = ingest(&bytes);
    assert_eq!(doc.text, "abc\n");
}

#[test]
fn main_part_found_through_relationships_and_prefixes_ignored() {
    // Another prefix for the WordprocessingML namespace, and a main part
    // with another name.
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>换了前缀</x:t></x:r></x:p><x:tbl><x:tr><x:tc><x:p><x:r><x:t>甲</x:t></x:r></x:p></x:tc><x:tc><x:p><x:r><x:t>1</x:t></x:r></x:p></x:tc></x:tr></x:tbl></x:body></x:document>"#;
    let rels = builder::RELS.replace("word/document.xml", "word/document2.xml");
    let bytes = stored_zip(&[
        ("[Content_Types].xml", builder::CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document2.xml", xml.as_bytes()),
    ]);
    let doc = ingest(&bytes);
    assert_eq!(doc.format, Format::Docx);
    assert_eq!(doc.text, "换了前缀\n甲\t1\n");
}

#[test]
fn legacy_hmerge_and_grid_before() {
    let body = r#"<w:tbl>
        <w:tr><w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>合并</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>z</w:t></w:r></w:p></w:tc></w:tr>
      </w:tbl>"#;
    let doc = ingest(&docx(body));
    assert_eq!(doc.text, "合并\tx\ny\tz\n");
    assert_eq!(
        layout(&doc, 0),
        vec![vec![(0, 2, 1), (2, 1, 1)], vec![(1, 1, 1), (2, 1, 1)]]
    );
}

#[test]
fn cell_limit_and_deep_nesting() {
    let limits = Limits {
        max_table_cells: 5,
        ..Limits::default()
    };
    let body = table(&[
        vec![c("1"), c("2"), c("3")],
        vec![c("4"), c("5"), c("6")],
        vec![c("7"), c("8"), c("9")],
    ]) + &p("之后");
    let doc = read(&docx(&body), None, &limits).unwrap();
    check_spans(&doc);
    let n: usize = doc
        .grids()
        .flat_map(|g| &g.rows)
        .map(|r| r.cells.len())
        .sum();
    assert_eq!(n, 5);
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert!(doc.text.ends_with("之后\n"));

    // Tables nested 200 deep, and 20 000 nested content controls.
    let mut deep = String::new();
    for _ in 0..200 {
        deep.push_str("<w:tbl><w:tr><w:tc>");
    }
    deep.push_str("<w:p><w:r><w:t>最里面</w:t></w:r></w:p>");
    for _ in 0..200 {
        deep.push_str("</w:tc></w:tr></w:tbl>");
    }
    deep.push_str(&"<w:sdt><w:sdtContent>".repeat(20_000));
    deep.push_str("<w:p><w:r><w:t>很深</w:t></w:r></w:p>");
    deep.push_str(&"</w:sdtContent></w:sdt>".repeat(20_000));
    let doc = ingest(&docx(&deep));
    assert_eq!(lines(&doc), ["最里面", "很深"]);
    // Beyond the XML reader's nesting limit: an error, not a crash.
    let deeper = "<w:sdt><w:sdtContent>".repeat(40_000) + &"</w:sdtContent></w:sdt>".repeat(40_000);
    assert!(matches!(
        read(&docx(&deeper), None, &Limits::default()),
        Err(IngestError::Corrupt { .. })
    ));
}

fn deflated_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn deflated_docx_reads() {
    let doc = builder::document_xml(&(p("压缩的文件") + &table(&[vec![c("a"), c("1")]])));
    let bytes = deflated_zip(&[
        ("[Content_Types].xml", builder::CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", builder::RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
    ]);
    assert_eq!(ingest(&bytes).text, "压缩的文件\na\t1\n");
}

#[test]
fn zip_bomb_is_refused() {
    let mut xml = builder::document_xml(&p("x"));
    xml.push_str(&" ".repeat(30 * 1024 * 1024));
    let bytes = deflated_zip(&[
        ("[Content_Types].xml", builder::CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", builder::RELS.as_bytes()),
        ("word/document.xml", xml.as_bytes()),
    ]);
    assert!(bytes.len() < 200 * 1024, "{}", bytes.len());
    let err = read(&bytes, None, &Limits::default()).unwrap_err();
    assert!(matches!(err, IngestError::ZipBomb { .. }), "{err:?}");
    assert!(err.to_string().contains("压缩炸弹"), "{err}");

    // The same for a workbook.
    let sheet = format!("{}{}", XLSX_SHEET_HEAD, " ".repeat(30 * 1024 * 1024));
    let mut parts = xlsx_parts(&sheet);
    parts.retain(|(n, _)| *n != "xl/worksheets/sheet1.xml");
    let mut entries: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (*n, d.as_bytes())).collect();
    entries.push(("xl/worksheets/sheet1.xml", sheet.as_bytes()));
    let err = read(&deflated_zip(&entries), None, &Limits::default()).unwrap_err();
    assert!(matches!(err, IngestError::ZipBomb { .. }), "{err:?}");
}

#[test]
fn broken_files_are_errors_not_panics() {
    let l = Limits::default();
    let good = docx(&(p("正文") + &table(&[vec![c("a"), c("1")]])));
    // Truncated at many points.
    for cut in (0..good.len()).step_by(97) {
        let r = read(&good[..cut], Some(Path::new("x.docx")), &l);
        assert!(r.is_err() || cut > 30, "cut {cut}");
    }
    let truncated = &good[..good.len() / 2];
    assert!(matches!(
        read(truncated, Some(Path::new("x.docx")), &l),
        Err(IngestError::Corrupt { ref what, .. }) if what == "DOCX"
    ));
    assert!(matches!(read(b"", None, &l), Err(IngestError::Empty)));
    // Random bytes after a ZIP signature.
    let mut junk = b"PK\x03\x04".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..5000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        junk.push((x >> 16) as u8);
    }
    assert!(matches!(
        read(&junk, None, &l),
        Err(IngestError::Corrupt { .. })
    ));
    // A ZIP that is not an office document.
    let other = stored_zip(&[("readme.txt", b"hello")]);
    assert!(matches!(
        read(&other, None, &l),
        Err(IngestError::Binary { .. })
    ));
    // A DOCX whose XML is broken.
    let bad = stored_zip(&[
        ("[Content_Types].xml", builder::CONTENT_TYPES.as_bytes()),
        ("word/document.xml", b"<w:document><w:body><w:p></w:body>"),
    ]);
    assert!(matches!(
        read(&bad, None, &l),
        Err(IngestError::Corrupt { .. })
    ));
    // Random bytes after an OLE signature.
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend(junk.iter().skip(4));
    assert!(read(&ole, None, &l).is_err());
    // Broken XML inside a sound ZIP: cut anywhere, or with tags dropped.
    let xml = builder::document_xml(
        &(p("正文")
            + &table(&[
                vec![c("甲").span(2).restart(), c("1")],
                vec![cont(2), c("2")],
            ])
            + "<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></mc:Choice></mc:AlternateContent></w:r></w:p>"),
    );
    let wrap = |x: &str| {
        stored_zip(&[
            ("[Content_Types].xml", builder::CONTENT_TYPES.as_bytes()),
            ("word/document.xml", x.as_bytes()),
        ])
    };
    for cut in (0..xml.len())
        .filter(|&i| xml.is_char_boundary(i))
        .step_by(7)
    {
        let _ = read(&wrap(&xml[..cut]), None, &l);
    }
    let tags: Vec<usize> = xml.match_indices('<').map(|(i, _)| i).collect();
    for &at in tags.iter().skip(2) {
        let end = xml[at..].find('>').map_or(xml.len(), |e| at + e + 1);
        let dropped = format!("{}{}", &xml[..at], &xml[end..]);
        if let Ok(doc) = read(&wrap(&dropped), None, &l) {
            check_spans(&doc);
        }
    }
    // Flipped bytes inside a valid file never panic.
    for i in (0..good.len()).step_by(13) {
        let mut b = good.clone();
        b[i] ^= 0x5A;
        let _ = read(&b, None, &l);
    }
}

/// An OLE compound file with the given streams.
fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        let mut s = cfb.create_stream(name).unwrap();
        s.write_all(data).unwrap();
    }
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

#[test]
fn encrypted_office_files() {
    let l = Limits::default();
    let enc = ole(&[
        ("EncryptionInfo", b"\x04\x00\x04\x00"),
        ("EncryptedPackage", &[0u8; 600]),
    ]);
    assert!(matches!(
        read(&enc, Some(Path::new("报告.docx")), &l),
        Err(IngestError::Encrypted)
    ));
    // A Word 97 file with the fEncrypted flag.
    let mut fib = vec![0u8; 600];
    fib[0] = 0xEC;
    fib[1] = 0xA5;
    fib[11] = 0x01;
    let doc = ole(&[("WordDocument", &fib), ("1Table", &[0u8; 600])]);
    assert!(matches!(read(&doc, None, &l), Err(IngestError::Encrypted)));
}

#[test]
fn legacy_word_through_libreoffice() {
    let mut fib = vec![0u8; 600];
    fib[0] = 0xEC;
    fib[1] = 0xA5;
    let fake = ole(&[("WordDocument", &fib), ("1Table", &[0u8; 600])]);
    assert_eq!(
        gongkai_ingest::sniff(&fake, None).unwrap(),
        Format::LegacyWord
    );
    let installed = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok();
    let r = read(&fake, Some(Path::new("报告.doc")), &Limits::default());
    if !installed {
        match r {
            Err(IngestError::ToolMissing { tool, hint }) => {
                assert_eq!(tool, "LibreOffice");
                assert!(hint.contains("libreoffice-writer-nogui"));
            }
            other => panic!("{other:?}"),
        }
        return;
    }
    // Not a real Word file: LibreOffice cannot convert it.
    assert!(r.is_err(), "{r:?}");

    // A real Word 97 file, made by LibreOffice from a DOCX.
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("report.docx");
    let body = p("一、总体情况")
        + &table(&[
            vec![c("信息内容"), c("本年制发件数"), c("本年废止件数")],
            vec![c("规章"), c("5"), c("1")],
        ])
        + &p("二、其他");
    std::fs::write(&source, docx(&body)).unwrap();
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "doc", "--outdir"])
        .arg(dir.path())
        .arg(&source)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let word97 = std::fs::read(dir.path().join("report.doc")).unwrap();
    assert!(word97.starts_with(b"\xD0\xCF\x11\xE0"));
    let doc = ingest(&word97);
    assert_eq!(doc.format, Format::LegacyWord);
    assert_eq!(doc.format.as_str(), "doc");
    assert!(doc.text.contains("一、总体情况"), "{}", doc.text);
    assert!(doc.text.contains("二、其他"), "{}", doc.text);
    if doc.grids().next().is_some() {
        assert!(doc.text.contains("规章\t5\t1\n"), "{}", doc.text);
    } else {
        assert!(!doc.warnings.is_empty());
    }
    // A time limit too short for LibreOffice.
    let quick = Limits {
        timeout: std::time::Duration::from_millis(1),
        ..Limits::default()
    };
    assert!(matches!(
        read(&word97, None, &quick),
        Err(IngestError::Timeout { .. })
    ));
}

// ---------------------------------------------------------------------------
// XLSX

const XLSX_SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#;

fn xlsx_parts(sheet1: &str) -> Vec<(&'static str, String)> {
    vec![
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表三" sheetId="1" r:id="rId1"/><sheet name="隐藏" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet1.to_string()),
        ("xl/worksheets/sheet2.xml", format!(r#"{XLSX_SHEET_HEAD}<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#)),
    ]
}

fn xlsx(sheet1: &str) -> Vec<u8> {
    let parts = xlsx_parts(sheet1);
    let entries: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (*n, d.as_bytes())).collect();
    stored_zip(&entries)
}

fn s(r: &str, text: &str) -> String {
    format!(
        r#"<c r="{r}" t="inlineStr"><is><t>{}</t></is></c>"#,
        esc(text)
    )
}

fn n(r: &str, v: &str) -> String {
    format!(r#"<c r="{r}"><v>{v}</v></c>"#)
}

#[test]
fn xlsx_merges_numbers_and_uncached_formulas() {
    let sheet = format!(
        r#"{XLSX_SHEET_HEAD}<sheetData>
        <row r="1">{}</row>
        <row r="2">{}{}{}{}</row>
        <row r="3">{}{}{}</row>
        <row r="4">{}{}<c r="C4"><f>SUM(C2:C3)</f></c></row>
        <row r="6">{}{}{}</row>
        </sheetData><mergeCells count="3"><mergeCell ref="A1:D1"/><mergeCell ref="A2:A3"/><mergeCell ref="A6:B6"/></mergeCells></worksheet>"#,
        s("A1", "第二十条第（八）项"),
        s("A2", "行政事业性收费"),
        s("B2", "本年收费金额\n（单位：万元）"),
        n("C2", "7730.28"),
        n("D2", "12.0"),
        s("B3", "小计"),
        n("C3", "0.30000000000000004"),
        n("D3", "5"),
        s("A4", "合计"),
        n("B4", "3"),
        s("A6", "注"),
        s("C6", "附表"),
        n("D6", "1E+3"),
    );
    let bytes = xlsx(&sheet);
    assert_eq!(gongkai_ingest::sniff(&bytes, None).unwrap(), Format::Xlsx);
    let doc = ingest(&bytes);
    assert_eq!(doc.format.as_str(), "xlsx");
    assert_eq!(
        lines(&doc),
        [
            "表三",
            "第二十条第（八）项",
            "行政事业性收费\t本年收费金额 （单位：万元）\t7730.28\t12",
            "小计\t0.3\t5",
            "合计\t3\t\t",
            "注\t附表\t1000",
        ]
    );
    assert_eq!(
        layout(&doc, 0),
        vec![
            vec![(0, 4, 1)],
            vec![(0, 1, 2), (1, 1, 1), (2, 1, 1), (3, 1, 1)],
            vec![(1, 1, 1), (2, 1, 1), (3, 1, 1)],
            vec![(0, 1, 1), (1, 1, 1), (2, 1, 1), (3, 1, 1)],
            vec![(0, 2, 1), (2, 1, 1), (3, 1, 1)],
        ]
    );
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.contains("C4") && w.contains("SUM(C2:C3)")),
        "{:?}",
        doc.warnings
    );
    assert!(doc.warnings.iter().any(|w| w.contains("隐藏")));
}

#[test]
fn broken_xlsx_is_an_error() {
    let bytes = xlsx(&format!("{XLSX_SHEET_HEAD}<sheetData>"));
    // A sheet that cannot be parsed is reported, the workbook still reads.
    match read(&bytes, None, &Limits::default()) {
        Ok(doc) => assert!(!doc.warnings.is_empty()),
        Err(e) => assert!(matches!(e, IngestError::Corrupt { .. }), "{e:?}"),
    }
    let good = xlsx(&format!(
        "{XLSX_SHEET_HEAD}<sheetData><row r=\"1\">{}{}</row></sheetData></worksheet>",
        s("A1", "a"),
        n("B1", "1")
    ));
    for cut in (0..good.len()).step_by(101) {
        let _ = read(&good[..cut], None, &Limits::default());
    }
    let enc = ole(&[
        ("EncryptionInfo", b"\x04\x00\x04\x00"),
        ("EncryptedPackage", &[0u8; 600]),
    ]);
    assert!(matches!(
        read(&enc, Some(Path::new("报告.xlsx")), &Limits::default()),
        Err(IngestError::Encrypted)
    ));
}
