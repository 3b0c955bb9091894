//! XLSX workbooks: what an office sends upward. One sheet per table (a row
//! per group and template, a column per cell), rates, distributions, top
//! bodies and data quality; frozen headers and number formats.

use std::path::Path;

use gongkai_model::{CellKind, TableId, TemplateId, Value};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::compare::{Comparison, Presence};
use crate::output::{rate_definition, template_label};
use crate::summary::{Group, Summary};

struct Formats {
    bold: Format,
    head: Format,
    count: Format,
    amount: Format,
    pct: Format,
    ratio: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold(),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color("#EEF2F7"),
            count: Format::new().set_num_format("#,##0"),
            amount: Format::new().set_num_format("#,##0.00"),
            pct: Format::new().set_num_format("0.0%"),
            ratio: Format::new().set_num_format("#,##0.00"),
        }
    }
}

fn table_sheet_name(t: TableId) -> &'static str {
    match t {
        TableId::Active => "表二 主动公开",
        TableId::Apply => "表三 依申请公开",
        TableId::Review => "表四 复议诉讼",
    }
}

/// The cells of a table in both templates: the newest template's order,
/// then cells only the older one has (never mapped onto each other).
fn table_cells(t: TableId) -> Vec<(String, TemplateId)> {
    let mut out: Vec<(String, TemplateId)> = Vec::new();
    for tid in [TemplateId::Y2021, TemplateId::Y2019] {
        for c in tid.get().cells.iter().filter(|c| c.table == t) {
            if !out.iter().any(|(id, _)| *id == c.id) {
                out.push((c.id.clone(), tid));
            }
        }
    }
    out
}

fn groups_of(s: &Summary) -> Vec<&Group> {
    if s.groups.len() == 1 {
        vec![&s.total]
    } else {
        s.groups.iter().chain(std::iter::once(&s.total)).collect()
    }
}

/// A table sheet: header rows (row label, column label, cell id), then a
/// row per group and template. `coverage`: the number of reports that gave
/// a number instead of the sum.
fn table_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Summary,
    t: TableId,
    coverage: bool,
) -> Result<(), XlsxError> {
    let cells = table_cells(t);
    let fixed = ["分组", "模板", "报告数"];
    for (c, h) in fixed.iter().enumerate() {
        ws.merge_range(0, c as u16, 2, c as u16, h, &f.head)?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 8)?;
    ws.set_column_width(2, 8)?;
    for (i, (id, tid)) in cells.iter().enumerate() {
        let col = (i + fixed.len()) as u16;
        let def = tid.get();
        if let Some(cell) = def.cell(id) {
            ws.write_string_with_format(0, col, def.row_of(cell).label(), &f.head)?;
            ws.write_string_with_format(1, col, def.column_of(cell).label, &f.head)?;
        }
        ws.write_string_with_format(2, col, id, &f.bold)?;
        ws.set_column_width(col, 14)?;
    }
    ws.set_row_height(0, 60)?;
    let mut row = 3u32;
    for g in groups_of(s) {
        for r in &g.rollups {
            let def = r.template.get();
            ws.write_string(row, 0, &g.key)?;
            ws.write_string(row, 1, r.template.as_str())?;
            ws.write_number_with_format(row, 2, r.reports as f64, &f.count)?;
            for (i, (id, _)) in cells.iter().enumerate() {
                let col = (i + fixed.len()) as u16;
                let Some(idx) = def.cell_index(id) else {
                    continue;
                };
                if coverage {
                    ws.write_number_with_format(
                        row,
                        col,
                        r.coverage[idx].counts.number as f64,
                        &f.count,
                    )?;
                    continue;
                }
                let fmt = match def.cells[idx].kind {
                    CellKind::AmountWan => &f.amount,
                    _ => &f.count,
                };
                match &r.report.cells[idx].value {
                    Value::Number(d) => {
                        ws.write_number_with_format(row, col, d.to_f64().unwrap_or(0.0), fmt)?;
                    }
                    Value::Blank => {}
                    other => {
                        ws.write_string(row, col, other.tsv())?;
                    }
                }
            }
            row += 1;
        }
    }
    ws.set_freeze_panes(3, 3)?;
    Ok(())
}

/// Write the summary workbook.
pub fn summary(s: &Summary, path: &Path) -> Result<(), XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let groups = groups_of(s);
    {
        let ws = wb.add_worksheet();
        ws.set_name("概览")?;
        let mut headers = vec!["分组".to_string(), "报告数".into(), "未找到表格".into()];
        headers.extend(s.measures.iter().map(|m| m.name.to_string()));
        headers.extend(s.rates.iter().map(|r| r.name.to_string()));
        headers.push("有错误的报告".into());
        headers.push("有错误的报告占比".into());
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &f.head)?;
            ws.set_column_width(c as u16, if c == 0 { 24 } else { 12 })?;
        }
        for (i, g) in groups.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, &g.key)?;
            ws.write_number_with_format(r, 1, g.reports as f64, &f.count)?;
            ws.write_number_with_format(r, 2, g.without_tables as f64, &f.count)?;
            let mut c = 3u16;
            for m in &g.measures {
                ws.write_number_with_format(r, c, m.sum.to_f64().unwrap_or(0.0), &f.count)?;
                c += 1;
            }
            for x in &g.rates {
                if let Some(v) = x.rate {
                    ws.write_number_with_format(r, c, v, &f.pct)?;
                }
                c += 1;
            }
            ws.write_number_with_format(r, c, g.quality.with_errors as f64, &f.count)?;
            ws.write_number_with_format(r, c + 1, g.quality.share, &f.pct)?;
        }
        ws.set_freeze_panes(1, 1)?;
    }
    for t in TableId::ALL {
        let ws = wb.add_worksheet();
        ws.set_name(table_sheet_name(t))?;
        table_sheet(ws, &f, s, t, false)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("比率")?;
        ws.write_string_with_format(0, 0, "分组", &f.head)?;
        ws.set_column_width(0, 24)?;
        for (c, r) in s.rates.iter().enumerate() {
            let c = c as u16 * 3 + 1;
            ws.merge_range(0, c, 0, c + 2, r.name, &f.head)?;
        }
        ws.write_string_with_format(1, 0, "", &f.head)?;
        for c in 0..s.rates.len() {
            let c = c as u16 * 3 + 1;
            ws.write_string_with_format(1, c, "比率", &f.head)?;
            ws.write_string_with_format(1, c + 1, "分子", &f.head)?;
            ws.write_string_with_format(1, c + 2, "分母", &f.head)?;
        }
        for (i, g) in groups.iter().enumerate() {
            let r = i as u32 + 2;
            ws.write_string(r, 0, &g.key)?;
            for (k, x) in g.rates.iter().enumerate() {
                let c = k as u16 * 3 + 1;
                if let Some(v) = x.rate {
                    ws.write_number_with_format(r, c, v, &f.pct)?;
                }
                ws.write_number_with_format(
                    r,
                    c + 1,
                    x.numerator.to_f64().unwrap_or(0.0),
                    &f.count,
                )?;
                ws.write_number_with_format(
                    r,
                    c + 2,
                    x.denominator.to_f64().unwrap_or(0.0),
                    &f.count,
                )?;
            }
        }
        let mut r = groups.len() as u32 + 3;
        ws.write_string_with_format(r, 0, "比率的定义", &f.bold)?;
        for x in &s.rates {
            r += 1;
            ws.write_string(r, 0, x.name)?;
            ws.write_string(r, 1, rate_definition(s, x.key))?;
        }
        ws.set_freeze_panes(2, 1)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("分布")?;
        let heads = ["报告数", "合计", "每个机关", "中位数", "P90", "最大"];
        ws.write_string_with_format(0, 0, "分组", &f.head)?;
        ws.write_string_with_format(1, 0, "", &f.head)?;
        ws.set_column_width(0, 24)?;
        for (k, m) in s.measures.iter().enumerate() {
            let c = (k * heads.len() + 1) as u16;
            ws.merge_range(0, c, 0, c + heads.len() as u16 - 1, m.name, &f.head)?;
            for (j, h) in heads.iter().enumerate() {
                ws.write_string_with_format(1, c + j as u16, *h, &f.head)?;
            }
        }
        for (i, g) in groups.iter().enumerate() {
            let r = i as u32 + 2;
            ws.write_string(r, 0, &g.key)?;
            for (k, m) in g.measures.iter().enumerate() {
                let c = (k * heads.len() + 1) as u16;
                ws.write_number_with_format(r, c, m.bodies as f64, &f.count)?;
                ws.write_number_with_format(r, c + 1, m.sum.to_f64().unwrap_or(0.0), &f.count)?;
                if let Some(v) = m.per_body {
                    ws.write_number_with_format(r, c + 2, v, &f.ratio)?;
                }
                for (j, v) in [m.median, m.p90, m.max].iter().enumerate() {
                    if let Some(v) = v {
                        ws.write_number_with_format(
                            r,
                            c + 3 + j as u16,
                            v.to_f64().unwrap_or(0.0),
                            &f.count,
                        )?;
                    }
                }
            }
        }
        ws.set_freeze_panes(2, 1)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("排名")?;
        let heads = ["分组", "名次", "机关", "年度", "本年新收申请", "文件"];
        let widths = [24, 6, 36, 8, 14, 48];
        for (c, (h, w)) in heads.iter().zip(widths).enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &f.head)?;
            ws.set_column_width(c as u16, w)?;
        }
        let mut r = 1u32;
        for g in &groups {
            for (i, t) in g.top.iter().enumerate() {
                ws.write_string(r, 0, &g.key)?;
                ws.write_number(r, 1, (i + 1) as f64)?;
                ws.write_string(r, 2, &t.name)?;
                if let Some(y) = t.year {
                    ws.write_number(r, 3, y as f64)?;
                }
                ws.write_number_with_format(r, 4, t.value.to_f64().unwrap_or(0.0), &f.count)?;
                ws.write_string(r, 5, &t.file)?;
                r += 1;
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("数据质量")?;
        ws.write_string_with_format(0, 0, "分组", &f.head)?;
        ws.write_string_with_format(0, 1, "报告数", &f.head)?;
        ws.write_string_with_format(0, 2, "有错误的报告", &f.head)?;
        ws.write_string_with_format(0, 3, "占比", &f.head)?;
        ws.set_column_width(0, 24)?;
        for (k, fam) in s.families.iter().enumerate() {
            let c = 4 + k as u16;
            ws.write_string_with_format(0, c, format!("{} {}", fam.prefix, fam.title), &f.head)?;
            ws.set_column_width(c, 12)?;
        }
        for (i, g) in groups.iter().enumerate() {
            let r = i as u32 + 1;
            let q = &g.quality;
            ws.write_string(r, 0, &g.key)?;
            ws.write_number_with_format(r, 1, q.reports as f64, &f.count)?;
            ws.write_number_with_format(r, 2, q.with_errors as f64, &f.count)?;
            ws.write_number_with_format(r, 3, q.share, &f.pct)?;
            for (k, fam) in q.families.iter().enumerate() {
                ws.write_number_with_format(r, 4 + k as u16, fam.share, &f.pct)?;
            }
        }
        let r = groups.len() as u32 + 2;
        ws.write_string(
            r,
            0,
            "各规则类别：有该类错误级问题的报告所占比例（gongkai check；规则代码首字母）",
        )?;
        ws.set_freeze_panes(1, 1)?;
    }
    for t in TableId::ALL {
        let ws = wb.add_worksheet();
        ws.set_name(format!(
            "表{} 给出数字的报告数",
            ["", "", "二", "三", "四"][t.section() as usize]
        ))?;
        table_sheet(ws, &f, s, t, true)?;
    }
    wb.save(path)
}

/// Write the comparison workbook.
pub fn comparison(c: &Comparison, path: &Path) -> Result<(), XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name("对比")?;
        let heads = [
            "单元格",
            "表",
            "行",
            "列",
            &format!("A {}", c.a.label()),
            &format!("B {}", c.b.label()),
            "变化",
            "变化率",
            "变化较大",
            "说明",
        ];
        let widths = [36, 6, 40, 16, 16, 16, 10, 10, 8, 24];
        for (i, (h, w)) in heads.iter().zip(widths).enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &f.head)?;
            ws.set_column_width(i as u16, w)?;
        }
        let flag = Format::new()
            .set_bold()
            .set_background_color("#FDE2E1")
            .set_num_format("#,##0");
        let flag_pct = Format::new()
            .set_bold()
            .set_background_color("#FDE2E1")
            .set_num_format("0.0%");
        for (i, x) in c.cells.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, &x.id)?;
            ws.write_string(r, 1, ["", "", "二", "三", "四"][x.table.section() as usize])?;
            ws.write_string(r, 2, &x.row)?;
            ws.write_string(r, 3, &x.column)?;
            for (col, v) in [(4u16, &x.a), (5, &x.b)] {
                match v {
                    Value::Number(d) => {
                        ws.write_number_with_format(r, col, d.to_f64().unwrap_or(0.0), &f.count)?;
                    }
                    Value::Blank => {}
                    other => {
                        ws.write_string(r, col, other.tsv())?;
                    }
                }
            }
            if let Some(d) = x.delta {
                let fmt = if x.large { &flag } else { &f.count };
                ws.write_number_with_format(r, 6, d.to_f64().unwrap_or(0.0), fmt)?;
            }
            if let Some(p) = x.percent {
                let fmt = if x.large { &flag_pct } else { &f.pct };
                ws.write_number_with_format(r, 7, p / 100.0, fmt)?;
            }
            if x.large {
                ws.write_string(r, 8, "是")?;
            }
            match x.presence {
                Presence::Both => {}
                Presence::OnlyA => {
                    ws.write_string(r, 9, "仅 A 的格式有此项")?;
                }
                Presence::OnlyB => {
                    ws.write_string(r, 9, "仅 B 的格式有此项")?;
                }
            }
        }
        ws.set_freeze_panes(1, 1)?;
        if !c.cells.is_empty() {
            ws.autofilter(0, 0, c.cells.len() as u32, heads.len() as u16 - 1)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("跨年度衔接")?;
        let heads = [
            "结果",
            "关系",
            "B 侧",
            "A 侧（上年）",
            "公式",
            "含义",
            "缺少",
        ];
        let widths = [10, 32, 12, 12, 60, 60, 40];
        for (i, (h, w)) in heads.iter().zip(widths).enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &f.head)?;
            ws.set_column_width(i as u16, w)?;
        }
        for (i, x) in c.continuity.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, x.state.label())?;
            ws.write_string(r, 1, &x.relation)?;
            if let Some(v) = x.lhs {
                ws.write_number_with_format(r, 2, v.to_f64().unwrap_or(0.0), &f.count)?;
            }
            if let Some(v) = x.rhs {
                ws.write_number_with_format(r, 3, v.to_f64().unwrap_or(0.0), &f.count)?;
            }
            ws.write_string(r, 4, &x.formula)?;
            ws.write_string(r, 5, x.meaning)?;
            ws.write_string(r, 6, x.missing.join(" "))?;
        }
        ws.set_freeze_panes(1, 0)?;
        let r = c.continuity.len() as u32 + 2;
        ws.write_string(r, 0, format!("A：{}（{}）", c.a.label(), c.a.file))?;
        ws.write_string(r + 1, 0, format!("B：{}（{}）", c.b.label(), c.b.file))?;
        for (k, n) in c.notes.iter().enumerate() {
            ws.write_string(r + 2 + k as u32, 0, format!("注意：{n}"))?;
        }
        if let (Some(ta), Some(tb)) = (c.a.template, c.b.template) {
            ws.write_string(
                r + 2 + c.notes.len() as u32,
                0,
                format!("格式：A {}，B {}", template_label(ta), template_label(tb)),
            )?;
        }
    }
    wb.save(path)
}
