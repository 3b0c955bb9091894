//! One test per text layout, on small hand-made reports. (The real reports of
//! the shared corpus are tested in corpus.rs.)

use gongkai_ingest::Document;
use gongkai_model::{SourceInfo, TemplateId, Value};

fn extract(text: &str) -> gongkai_model::Report {
    let doc = Document::from_text(text.to_string(), "UTF-8");
    gongkai_extract::extract(&doc, SourceInfo::default())
}

fn row(r: &gongkai_model::Report, prefix: &str) -> Vec<String> {
    r.cells
        .iter()
        .filter(|c| c.id.starts_with(prefix))
        .map(|c| c.value.tsv())
        .collect()
}

const HEAD: &str = "某某区教育局2023年度政府信息公开工作年度报告\n一、总体情况\n本年度工作平稳。\n";
const TAIL: &str = "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n某某区教育局\n2024年1月20日\n";

#[test]
fn tab_separated_rows_with_blanks_and_a_broken_line() {
    let text = format!(
        "{HEAD}二、主动公开政府信息情况\n第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
规章\t0\t0\t0\n行政规范性文件\t3\t\t12\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t1,204\n\
三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n\
一、本年新收政府信息公开申请数量\t5\t1\t0\t0\t0\t0\t6\n\
二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t\n0\n\
四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n\t\t\t\t\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0\n{TAIL}"
    );
    let r = extract(&text);
    assert_eq!(r.template, Some(TemplateId::Y2021));
    assert_eq!(row(&r, "active.normative."), ["3", "", "12"]);
    assert_eq!(r.value("active.license.decisions").tsv(), "1204");
    assert_eq!(row(&r, "apply.new."), ["5", "1", "0", "0", "0", "0", "6"]);
    // The 总计 cell wrapped onto the next line.
    assert_eq!(
        row(&r, "apply.carried_in."),
        ["0", "0", "0", "0", "0", "0", "0"]
    );
    // Rows not printed are absent, never zero.
    assert_eq!(*r.value("apply.granted.total"), Value::Absent);
    // Five blank 行政复议 cells, then the lawsuits.
    assert_eq!(row(&r, "review."), ["", "", "", "", ""]);
    assert_eq!(row(&r, "suit_direct."), ["1", "0", "0", "0", "1"]);
    assert_eq!(
        r.tables
            .iter()
            .find(|t| t.table == gongkai_model::TableId::Apply)
            .map(|t| t.layout.as_str()),
        Some("tab")
    );
}

#[test]
fn one_cell_per_line() {
    let text = format!(
        "{HEAD}二、主动公开政府信息情况\n\t第二十条第（一）项\n\n\t信息内容\n\t本年新制作数量\n\t本年新公开数量\n\t对外公开总数量\n\n\
\t规章\n\t0\n\t0\n\t0\n\n\t规范性文件\n\t2\n\t2\n\t/\n\n\
三、收到和处理政府信息公开申请情况\n\t申请人情况\n\n\t一、本年新收政府信息公开申请数量\n\t1\n\t0\n\t\n\t0\n\t0\n\t0\n\t1\n\n{TAIL}"
    );
    let r = extract(&text);
    assert_eq!(r.template, Some(TemplateId::Y2019));
    assert_eq!(row(&r, "active.normative."), ["2", "2", "/"]);
    assert_eq!(row(&r, "apply.new."), ["1", "0", "", "0", "0", "0", "1"]);
    assert_eq!(r.tables[0].layout, "cell_per_line");
}

#[test]
fn pipe_rows_with_values_detached_from_their_labels() {
    let text = format!(
        "{HEAD}二、主动公开政府信息情况\n第二十条第（一）项\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 0 | 0 | 0 |\n\
三、收到和处理政府信息公开申请情况\n申请人情况\n\
| 一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n\
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
| 三、 | （一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n\
| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n|---|---|---|---|---|---|---|\n\
（二）部分公开（区分处理的，只\n计这一情形，不计其他情形）\n{TAIL}"
    );
    let r = extract(&text);
    assert_eq!(
        row(&r, "apply.granted."),
        ["2", "0", "0", "0", "0", "0", "2"]
    );
    // The unlabelled row after （一） belongs to the next row, （二）.
    assert_eq!(
        row(&r, "apply.partial."),
        ["1", "0", "0", "0", "0", "0", "1"]
    );
}

#[test]
fn whitespace_aligned_columns() {
    let text = format!(
        "{HEAD}二、主动公开政府信息情况\n                 第二十条第（一）项\n  信息内容      本年制发件数    本年废止件数    现行有效件数\n\
    规章              0               0               0\n  行政规范性文件      4               1              37\n\
三、收到和处理政府信息公开申请情况\n                              申请人情况\n\
  一、本年新收政府信息公开申请数量    705    3    0    0    5    0    713\n{TAIL}"
    );
    let r = extract(&text);
    assert_eq!(row(&r, "active.normative."), ["4", "1", "37"]);
    assert_eq!(
        row(&r, "apply.new."),
        ["705", "3", "0", "0", "5", "0", "713"]
    );
    assert_eq!(r.tables[0].layout, "aligned");
}

#[test]
fn glued_digits_with_label_typos_and_item_numbers() {
    let text = format!(
        "{HEAD}二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年度止件数先行有效件数规章000行政规范性文件021\
三、收到和处理政府信息公开申请情况申请人情况一、本年新收政府信息公开申请数量12100001122二、上年结转政府信息公开申请数量0000000\
三、本年度办理结果（一）予以公开12100001122（三）不予公开1.属于国家秘密00000002.其他法律行政止公开0000000（七）总计12100001122四、结转下年度继续办理0000000{TAIL}"
    );
    let r = extract(&text);
    assert_eq!(r.template, Some(TemplateId::Y2021));
    assert_eq!(row(&r, "active.normative."), ["0", "2", "1"]);
    assert_eq!(
        row(&r, "apply.new."),
        ["121", "0", "0", "0", "0", "1", "122"]
    );
    assert_eq!(
        row(&r, "apply.total."),
        ["121", "0", "0", "0", "0", "1", "122"]
    );
    // The typo 其他法律行政止公开 still matches, and the match is recorded.
    assert_eq!(row(&r, "apply.denied.law_prohibited."), ["0"; 7]);
    let m = r
        .labels
        .iter()
        .find(|l| l.target == "row:denied.law_prohibited")
        .expect("label match");
    assert!(m.deviates());
    assert!(m.found.contains("其他法律行政止公开"));
    // Header typos are recorded too.
    for (col, printed) in [
        ("column:repealed", "本年度止件数"),
        ("column:in_force", "先行有效件数"),
    ] {
        let m = r
            .labels
            .iter()
            .find(|l| l.target == col)
            .expect("column match");
        assert_eq!(m.found, printed);
        assert!(m.deviates());
    }
}

#[test]
fn ambiguous_run_gives_unknown_with_candidates() {
    let text = format!(
        "{HEAD}二、主动公开政府信息情况第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可8801其他对外管理服务事项000{TAIL}"
    );
    let r = extract(&text);
    assert_eq!(r.template, Some(TemplateId::Y2019));
    assert_eq!(row(&r, "active.license."), ["?", "?", "1"]);
    let a = r
        .ambiguities
        .iter()
        .find(|a| a.cells.contains(&"active.license.prev_items".to_string()))
        .expect("ambiguity listed");
    assert!(a
        .readings
        .contains(&vec!["88".to_string(), "0".to_string()]));
    assert!(a
        .readings
        .contains(&vec!["8".to_string(), "80".to_string()]));
    let c = r.cell("active.license.prev_items").expect("cell");
    assert_eq!(c.candidates.len(), 2);
}

#[test]
fn narrative_settles_a_run_the_relations_cannot() {
    let text = format!(
        "{HEAD}本年度制发行政规范性文件62件。\n二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件6233440{TAIL}"
    );
    let r = extract(&text);
    assert_eq!(row(&r, "active.normative."), ["62", "?", "?"]);
}

#[test]
fn provenance_points_at_the_printed_value() {
    let text = format!("{HEAD}二、主动公开政府信息情况\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t4529\n{TAIL}");
    let r = extract(&text);
    let c = r.cell("active.license.decisions").expect("cell");
    let at = c.at.expect("provenance");
    assert_eq!(&text[at.span.start..at.span.end], "4529");
    assert_eq!(at.span.line, 7);
    assert_eq!(at.span.column, 6);
}

#[test]
fn a_row_of_empty_cells_is_blank_not_absent() {
    let text = format!(
        "{HEAD}三、收到和处理政府信息公开申请情况\n申请人情况\n\
一、本年新收政府信息公开申请数量\t1\t\t\t\t\t\t1\n\
二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t\n{TAIL}"
    );
    let r = extract(&text);
    assert_eq!(row(&r, "apply.new."), ["1", "", "", "", "", "", "1"]);
    assert_eq!(row(&r, "apply.carried_in."), [""; 7]);
    assert!(r
        .cells
        .iter()
        .filter(|c| c.id.starts_with("apply.carried_in."))
        .all(|c| c.value == Value::Blank));
}
