//! The summary builder on small hand-made reports, and the XLSX workbooks
//! read back.

use calamine::{open_workbook, Data, Reader, Xlsx};
use gongkai_analysis::{compare, output, SummaryBuilder, Threshold};
use gongkai_check::Checker;
use gongkai_model::{Cell, Decimal, Located, Report, SourceInfo, TemplateId, Value};

/// A report of template `t` whose cells hold what `f` says.
fn report(t: TemplateId, name: &str, year: i32, f: impl Fn(&str) -> Value) -> Report {
    let mut r = Report::empty(SourceInfo {
        path: format!("{name}-{year}.txt"),
        ..Default::default()
    });
    r.template = Some(t);
    r.meta.year = Some(Located::new(year, None));
    r.meta.agency = Some(Located::new(name.to_string(), None));
    r.cells = t
        .get()
        .cells
        .iter()
        .map(|c| Cell {
            value: f(&c.id),
            ..Cell::absent(c.id.clone())
        })
        .collect();
    r
}

fn n(v: i64) -> Value {
    Value::Number(Decimal::from(v))
}

#[test]
fn templates_stay_apart_and_non_numbers_are_counted() {
    let mut b = SummaryBuilder::new("all", 5);
    let a = report(TemplateId::Y2021, "甲局", 2023, |_| n(2));
    let b2 = report(TemplateId::Y2021, "乙局", 2023, |id| {
        if id == "apply.new.total" {
            Value::Blank
        } else if id == "review.total" {
            Value::Unknown
        } else {
            n(3)
        }
    });
    let old = report(TemplateId::Y2019, "丙局", 2020, |_| n(7));
    let checker = Checker::default();
    for r in [&a, &b2, &old] {
        b.add("全部", r, &checker.check_report(r, None));
    }
    let s = b.finish();
    assert_eq!(s.reports, 3);
    let g = &s.total;
    assert_eq!(g.rollups.len(), 2, "one roll-up per template");
    let r21 = &g.rollups[0];
    assert_eq!(r21.template, TemplateId::Y2021);
    assert_eq!(r21.reports, 2);
    let def = TemplateId::Y2021.get();
    let idx = def.cell_index("apply.new.total").expect("cell");
    assert_eq!(r21.report.cells[idx].value, n(2));
    assert_eq!(r21.coverage[idx].counts.number, 1);
    assert_eq!(r21.coverage[idx].counts.blank, 1);
    let idx = def.cell_index("review.total").expect("cell");
    assert_eq!(r21.coverage[idx].counts.unknown, 1);
    assert!(r21
        .report
        .notes
        .iter()
        .any(|n| n.subject.as_deref() == Some("review.total")));
    let idx = def.cell_index("active.rules.issued").expect("cell");
    assert_eq!(r21.report.cells[idx].value, n(5));
    // A 2019-only cell lives in the 2019 roll-up only.
    let r19 = &g.rollups[1];
    assert_eq!(r19.template, TemplateId::Y2019);
    assert!(def.cell_index("active.procurement.amount").is_none());
    let i19 = TemplateId::Y2019
        .get()
        .cell_index("active.procurement.amount")
        .expect("2019 cell");
    assert_eq!(r19.report.cells[i19].value, n(7));
    // The requests measure sums over templates: 2 + 7 (乙局 is blank).
    let m = g.measure("requests").expect("measure");
    assert_eq!(m.sum, Decimal::from(9));
    assert_eq!(m.bodies, 2);
    // Every cell 2: the tables do not add up, so 甲局 has arithmetic errors.
    assert!(g.quality.with_errors >= 1);
    assert!(g.quality.families[0].reports >= 1, "A family");
    // Rates: granted ÷ results: (2+3+7) ÷ (2+3+7).
    let granted = g.rate("granted").expect("rate");
    assert_eq!(granted.rate, Some(1.0));
    // Top bodies by new requests.
    assert_eq!(g.top[0].name, "丙局");
}

fn cell(ws: &calamine::Range<Data>, row: u32, col: u32) -> String {
    ws.get_value((row, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn summary_workbook_has_the_sheets_and_the_sums() {
    let mut b = SummaryBuilder::new("year", 5);
    for (i, year) in [2022, 2023, 2023].iter().enumerate() {
        let r = report(TemplateId::Y2021, &format!("局{i}"), *year, |_| {
            n(i as i64 + 1)
        });
        b.add(&format!("{year}年"), &r, &[]);
    }
    let s = b.finish();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.xlsx");
    output::xlsx::summary(&s, &path).expect("write");
    let mut wb: Xlsx<_> = open_workbook(&path).expect("open");
    let names = wb.sheet_names();
    for want in [
        "概览",
        "表二 主动公开",
        "表三 依申请公开",
        "表四 复议诉讼",
        "比率",
        "分布",
        "排名",
        "数据质量",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    let ws = wb.worksheet_range("表三 依申请公开").expect("sheet");
    // Header rows: row label, column label, cell id; then a row per group.
    let col = (0..ws.width() as u32)
        .find(|&c| cell(&ws, 2, c) == "apply.new.total")
        .expect("apply.new.total column");
    assert_eq!(cell(&ws, 0, col), "一、本年新收政府信息公开申请数量");
    assert_eq!(cell(&ws, 1, col), "总计");
    assert_eq!(cell(&ws, 3, 0), "2022年");
    assert_eq!(cell(&ws, 3, col), "1");
    assert_eq!(cell(&ws, 4, 0), "2023年");
    assert_eq!(cell(&ws, 4, col), "5");
    assert_eq!(cell(&ws, 5, 0), "全部");
    assert_eq!(cell(&ws, 5, col), "6");
    let rates = wb.worksheet_range("比率").expect("sheet");
    assert_eq!(cell(&rates, 0, 1), "予以公开率");
    assert_eq!(cell(&rates, 2, 1), "1");
}

#[test]
fn comparison_workbook_flags_large_changes() {
    let a = report(TemplateId::Y2021, "甲局", 2023, |_| n(10));
    let b = report(TemplateId::Y2021, "甲局", 2024, |id| {
        if id == "apply.new.total" {
            n(40)
        } else {
            n(10)
        }
    });
    let c = compare(&a, &b, Threshold::default());
    assert_eq!(c.large().count(), 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.xlsx");
    output::xlsx::comparison(&c, &path).expect("write");
    let mut wb: Xlsx<_> = open_workbook(&path).expect("open");
    let ws = wb.worksheet_range("对比").expect("sheet");
    let row = (1..ws.height() as u32)
        .find(|&r| cell(&ws, r, 0) == "apply.new.total")
        .expect("row");
    assert_eq!(cell(&ws, row, 6), "30");
    assert_eq!(cell(&ws, row, 7), "3");
    assert_eq!(cell(&ws, row, 8), "是");
    let cont = wb.worksheet_range("跨年度衔接").expect("sheet");
    assert_eq!(cell(&cont, 0, 0), "结果");
    assert_eq!(cell(&cont, 1, 0), "衔接");
}
