//! A report as DOCX extracts exactly like the same report as text: the
//! corpus report 003 (2021 template, tables as pipe text) is rebuilt as a
//! Word document with the template's merged cells (gridSpan / vMerge) and
//! both are extracted.

#[path = "../../gongkai-ingest/tests/fixtures/office/builder.rs"]
mod builder;

use std::collections::BTreeMap;
use std::path::PathBuf;

use builder::{c, cont, docx, p, table, C};
use gongkai_ingest::{Format, Limits};
use gongkai_model::SourceInfo;

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(name)
}

fn nums(values: &[&str]) -> Vec<C> {
    values.iter().map(|v| c(v)).collect()
}

fn row(mut head: Vec<C>, values: &[&str]) -> Vec<C> {
    head.extend(nums(values));
    head
}

const Z7: [&str; 7] = ["0"; 7];

/// 表二 of the 2021 template: one table of four columns.
fn table_2() -> String {
    let section = |s: &str| vec![c(s).span(4)];
    table(&[
        section("第二十条第(一)项"),
        vec![
            c("信息内容"),
            c("本年制发件数"),
            c("本年废止件数"),
            c("现行有效件数"),
        ],
        row(vec![c("规章")], &["0", "0", "0"]),
        row(vec![c("行政规范性文件")], &["0", "0", "0"]),
        section("第二十条第(五)项"),
        vec![c("信息内容"), c("本年处理决定数量").span(3)],
        vec![c("行政许可"), c("0").span(3)],
        section("第二十条第(六)项"),
        vec![c("信息内容"), c("本年处理决定数量").span(3)],
        vec![c("行政处罚"), c("88").span(3)],
        vec![c("行政强制"), c("0").span(3)],
        section("第二十条第(八)项"),
        vec![c("信息内容"), c("本年收费金额(单位:万元)").span(3)],
        vec![c("行政事业性收费"), c("0").span(3)],
    ])
}

/// 表三: ten grid columns, a three-row header, merged row labels.
fn table_3() -> String {
    let sub = |first: Option<&str>, label: &str, values: &[&str]| -> Vec<C> {
        let mut r = vec![cont(1)];
        r.push(match first {
            Some(f) => c(f).restart(),
            None => cont(1),
        });
        r.push(c(label));
        row(r, values)
    };
    let mut rows = vec![
        vec![
            c("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)")
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
            c("商业 企业"),
            c("科研 机构"),
            c("社会公益组织"),
            c("法律服务机构"),
            c("其他"),
            cont(1),
        ],
        row(
            vec![c("一、本年新收政府信息公开申请数量").span(3)],
            &["3", "0", "0", "0", "0", "0", "3"],
        ),
        row(vec![c("二、上年结转政府信息公开申请数量").span(3)], &Z7),
        row(
            vec![c("三、本年度办理结果").restart(), c("(一)予以公开").span(2)],
            &Z7,
        ),
        row(
            vec![
                cont(1),
                c("(二)部分公开(区分处理的,只计这一情形,不计其他情形)").span(2),
            ],
            &Z7,
        ),
        sub(Some("(三)不予公开"), "1.属于国家秘密", &Z7),
    ];
    for label in [
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ] {
        rows.push(sub(None, label, &Z7));
    }
    rows.push(sub(
        Some("(四)无法提供"),
        "1.本机关不掌握相关政府信息",
        &["2", "0", "0", "0", "0", "0", "2"],
    ));
    rows.push(sub(None, "2.没有现成信息需要另行制作", &Z7));
    rows.push(sub(None, "3.补正后申请内容仍不明确", &Z7));
    rows.push(sub(Some("(五)不予处理"), "1.信访举报投诉类申请", &Z7));
    rows.push(sub(
        None,
        "2.重复申请",
        &["1", "0", "0", "0", "0", "0", "1"],
    ));
    rows.push(sub(None, "3.要求提供公开出版物", &Z7));
    rows.push(sub(None, "4.无正当理由大量反复申请", &Z7));
    rows.push(sub(None, "5.要求行政机关确认或重新出具已获取信息", &Z7));
    rows.push(sub(
        Some("(六)其他处理"),
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        &Z7,
    ));
    rows.push(sub(
        None,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        &Z7,
    ));
    rows.push(sub(None, "3.其他", &Z7));
    rows.push(row(
        vec![cont(1), c("(七)总计").span(2)],
        &["3", "0", "0", "0", "0", "0", "3"],
    ));
    rows.push(row(vec![c("四、结转下年度继续办理").span(3)], &Z7));
    table(&rows)
}

/// 表四: fifteen columns under a three-row header.
fn table_4() -> String {
    let mut r1: Vec<C> = ["结果维持", "结果", "其他", "尚未", "总计"]
        .iter()
        .map(|t| c(t).restart())
        .collect();
    r1.push(c("未经复议直接起诉").span(5));
    r1.push(c("复议后起诉").span(5));
    let mut r2: Vec<C> = (0..5).map(|_| cont(1)).collect();
    for _ in 0..2 {
        r2.extend(nums(&["结果", "结果", "其他", "尚未", "总计"]));
    }
    table(&[
        vec![c("行政复议").span(5), c("行政诉讼").span(10)],
        r1,
        r2,
        nums(&["0"; 15]),
    ])
}

/// The report's text with its three pipe tables replaced by Word tables.
fn report_docx(text: &str) -> Vec<u8> {
    let mut tables = vec![table_2(), table_3(), table_4()].into_iter();
    let mut body = String::new();
    let mut in_table = false;
    for line in text.lines() {
        if line.contains('|') {
            if !in_table {
                body.push_str(&tables.next().expect("three tables"));
            }
            in_table = true;
        } else if in_table && line.starts_with("0 |") {
            // A table row wrapped onto the next line.
        } else {
            in_table = false;
            if !line.trim().is_empty() {
                body.push_str(&p(line));
            }
        }
    }
    assert!(tables.next().is_none(), "all tables placed");
    docx(&body)
}

fn cells(doc: &gongkai_ingest::Document) -> BTreeMap<String, String> {
    let report = gongkai_extract::extract(doc, SourceInfo::default());
    let mut got = BTreeMap::new();
    got.insert(
        "meta.template".to_string(),
        report.template.map(|t| t.to_string()).unwrap_or_default(),
    );
    got.insert(
        "meta.year".to_string(),
        report.year().map(|y| y.to_string()).unwrap_or_default(),
    );
    for c in report.cells.iter().chain(report.extra_cells.iter()) {
        got.insert(c.id.clone(), c.value.tsv());
    }
    got
}

#[test]
fn docx_report_extracts_like_its_text() {
    let path = corpus("003_45ca61e2623e5337.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let limits = Limits::default();
    let from_text = gongkai_ingest::read(text.as_bytes(), None, &limits).expect("text");
    let bytes = report_docx(&text);
    if let Ok(out) = std::env::var("GONGKAI_WRITE_DOCX") {
        // For trying the file by hand (the CLI, LibreOffice, Word).
        std::fs::write(&out, &bytes).unwrap_or_else(|e| panic!("{out}: {e}"));
    }
    let from_docx = gongkai_ingest::read(&bytes, None, &limits).expect("docx");
    assert_eq!(from_docx.format, Format::Docx);
    assert_eq!(from_docx.grids().count(), 3);

    let want = cells(&from_text);
    let got = cells(&from_docx);
    let diff: Vec<String> = want
        .iter()
        .filter(|(k, v)| got.get(*k) != Some(v))
        .map(|(k, v)| format!("{k}: text {v:?}, docx {:?}", got.get(k)))
        .chain(
            got.keys()
                .filter(|k| !want.contains_key(*k))
                .map(|k| format!("{k}: only in docx ({:?})", got[k])),
        )
        .collect();
    assert!(
        diff.is_empty(),
        "{} cells differ:\n{}",
        diff.len(),
        diff.join("\n")
    );
    assert_eq!(want.get("meta.template").map(String::as_str), Some("2021"));
    // And both agree with the hand-checked truth.
    let truth =
        std::fs::read_to_string(corpus("003_45ca61e2623e5337.truth.tsv")).unwrap_or_default();
    let mut checked = 0;
    for line in truth
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let Some((k, v)) = line.split_once('\t') else {
            continue;
        };
        if k == "meta.agency" || v == "?" || v.contains('|') {
            continue;
        }
        let g = got.get(k).map(String::as_str).unwrap_or("<missing>");
        let same = g == v || (v.is_empty() && g == "-") || (v == "-" && g.is_empty());
        assert!(same, "{k}: truth {v:?}, docx {g:?}");
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
    // 88 行政处罚 and 3 new applications come through.
    assert!(want.values().filter(|v| v.as_str() == "88").count() >= 1);
    assert!(got.len() > 100, "{}", got.len());
}
