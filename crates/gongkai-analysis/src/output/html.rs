//! One self-contained HTML page: inline CSS, inline SVG charts, no script,
//! nothing fetched from the network.

use std::fmt::Write;

use gongkai_model::{Report, TableId};
use rust_decimal::prelude::ToPrimitive;

use crate::compare::{Comparison, Presence};
use crate::measure::{outcome_groups, outcome_label, sum_cells, MEASURES};
use crate::output::{by_label, decimal, number, percent, rate_definition, template_label, value};
use crate::summary::{Group, Rollup, Summary};
use crate::svg::{escape, BarChart, LineChart, Series, FONTS};

/// Groups beyond this many are listed in the tables but not drawn as
/// separate bars or tables of cells (the XLSX output has them all).
const MAX_DRAWN_GROUPS: usize = 30;
/// Groups whose full tables of cells are printed.
const MAX_TABLE_GROUPS: usize = 12;

fn head(out: &mut String, title: &str) {
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t}</title>
<style>
body{{font-family:{FONTS};margin:24px auto;max-width:1200px;padding:0 16px;color:#222;background:#fff;line-height:1.5}}
h1{{font-size:26px;margin:0 0 4px}} h2{{font-size:20px;border-bottom:2px solid #4e79a7;padding-bottom:4px;margin-top:32px}}
h3{{font-size:16px;margin:20px 0 8px}}
.meta{{color:#555;margin:0 0 16px}}
table{{border-collapse:collapse;margin:8px 0 16px;font-size:13px}}
th,td{{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top}}
th{{background:#eef2f7;font-weight:600}} th.l,td.l{{text-align:left}}
tr:nth-child(even) td{{background:#fafbfc}}
td.part{{background:#fff4d6 !important}} td.flag{{background:#fde2e1 !important;font-weight:600}}
.charts{{display:flex;flex-wrap:wrap;gap:16px}} .charts svg{{border:1px solid #e3e3e3;max-width:100%;height:auto}}
.note{{color:#7a5b00;background:#fff8e1;border-left:4px solid #edc948;padding:6px 10px;margin:8px 0}}
.def{{color:#555;font-size:12px}} .ok{{color:#2e7d32}} .bad{{color:#c62828;font-weight:600}}
details>summary{{cursor:pointer;font-weight:600;margin:8px 0}}
</style></head><body>
"#,
        t = escape(title)
    );
}

fn f64_of(d: gongkai_model::Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The summary page.
pub fn summary(s: &Summary) -> String {
    let mut out = String::new();
    head(&mut out, "政府信息公开工作年度报告汇总");
    let _ = write!(
        out,
        "<h1>政府信息公开工作年度报告汇总</h1><p class=\"meta\">共 {} 份报告，按{}分为 {} 组。由 gongkai 生成；所有数字为各报告所填数字之和，空白、“/”、缺项与无法确定的单元格不计入合计，另行统计。</p>",
        s.reports,
        by_label(&s.by),
        s.groups.len()
    );
    let single = s.groups.len() == 1;
    let groups: Vec<&Group> = if single {
        vec![&s.total]
    } else {
        s.groups.iter().chain(std::iter::once(&s.total)).collect()
    };
    overview(&mut out, &groups);
    charts(&mut out, s, single);
    rates(&mut out, s, &groups);
    distributions(&mut out, s, &groups);
    quality(&mut out, s, &groups);
    cell_tables(&mut out, &groups);
    out.push_str("</body></html>\n");
    out
}

fn overview(out: &mut String, groups: &[&Group]) {
    out.push_str("<h2>概览</h2><table><tr><th class=\"l\">分组</th><th>报告数</th>");
    for m in MEASURES {
        let _ = write!(out, "<th>{}</th>", escape(m.name));
    }
    out.push_str("<th>予以公开率</th><th>有错误的报告</th></tr>");
    for g in groups {
        let _ = write!(
            out,
            "<tr><td class=\"l\">{}</td><td>{}</td>",
            escape(&g.key),
            g.reports
        );
        for m in &g.measures {
            let _ = write!(out, "<td>{}</td>", decimal(Some(m.sum)));
        }
        let _ = write!(
            out,
            "<td>{}</td><td>{}（{}）</td></tr>",
            percent(g.rate("granted").and_then(|r| r.rate)),
            g.quality.with_errors,
            percent(Some(g.quality.share))
        );
    }
    out.push_str("</table>");
}

fn charts(out: &mut String, s: &Summary, single: bool) {
    out.push_str("<h2>图表</h2><div class=\"charts\">");
    let drawn: Vec<&Group> = s.groups.iter().take(MAX_DRAWN_GROUPS).collect();
    // Outcomes: one series per group when few, else the total.
    let outcome_groups: Vec<&Group> = if single || drawn.len() > 6 {
        vec![&s.total]
    } else {
        drawn.clone()
    };
    let categories: Vec<String> = s.total.outcomes.iter().map(|o| o.label.clone()).collect();
    let chart = BarChart {
        title: "本年度办理结果".into(),
        series: outcome_groups
            .iter()
            .map(|g| Series {
                name: g.key.clone(),
                values: s
                    .total
                    .outcomes
                    .iter()
                    .map(|o| {
                        g.outcomes
                            .iter()
                            .find(|x| x.key == o.key)
                            .map(|x| f64_of(x.value))
                    })
                    .collect(),
            })
            .collect(),
        categories,
        percent: false,
        width: 580.0,
    };
    out.push_str(&chart.render());
    // Rates by group.
    let rate_keys = ["granted", "denied", "review_corrected"];
    let rated: Vec<&Group> = if single { vec![&s.total] } else { drawn };
    let chart = BarChart {
        title: if single {
            "比率".into()
        } else {
            format!("各{}比率", by_label(&s.by))
        },
        categories: rated.iter().map(|g| g.key.clone()).collect(),
        series: rate_keys
            .iter()
            .map(|k| Series {
                name: s
                    .rates
                    .iter()
                    .find(|r| r.key == *k)
                    .map(|r| r.name.to_string())
                    .unwrap_or_default(),
                values: rated
                    .iter()
                    .map(|g| g.rate(k).and_then(|r| r.rate))
                    .collect(),
            })
            .collect(),
        percent: true,
        width: 580.0,
    };
    out.push_str(&chart.render());
    // Trend over the years reported on.
    if !s.trend.is_empty() {
        let chart = LineChart {
            title: "历年趋势（全部报告）".into(),
            x_labels: s.trend.iter().map(|p| format!("{}年", p.year)).collect(),
            series: MEASURES
                .iter()
                .enumerate()
                .map(|(i, m)| Series {
                    name: m.name.to_string(),
                    values: s
                        .trend
                        .iter()
                        .map(|p| p.measures.get(i).and_then(|v| v.parse::<f64>().ok()))
                        .collect(),
                })
                .collect(),
            width: 580.0,
            height: 320.0,
        };
        out.push_str(&chart.render());
    }
    // Data quality: share of reports with errors, by family.
    let fams: Vec<usize> = (0..s.families.len())
        .filter(|&i| s.total.quality.families[i].reports > 0)
        .collect();
    if !fams.is_empty() {
        let chart = BarChart {
            title: "有错误的报告占比（按规则类别）".into(),
            categories: fams
                .iter()
                .map(|&i| format!("{} {}", s.families[i].prefix, s.families[i].title))
                .collect(),
            series: vec![Series {
                name: "全部".into(),
                values: fams
                    .iter()
                    .map(|&i| Some(s.total.quality.families[i].share))
                    .collect(),
            }],
            percent: true,
            width: 580.0,
        };
        out.push_str(&chart.render());
    }
    out.push_str("</div>");
}

fn rates(out: &mut String, s: &Summary, groups: &[&Group]) {
    out.push_str("<h2>比率</h2><table><tr><th class=\"l\">比率</th><th class=\"l\">定义</th></tr>");
    for r in &s.rates {
        let _ = write!(
            out,
            "<tr><td class=\"l\">{}</td><td class=\"l def\">{}</td></tr>",
            escape(r.name),
            escape(&rate_definition(s, r.key))
        );
    }
    out.push_str("</table><table><tr><th class=\"l\">分组</th>");
    for r in &s.rates {
        let _ = write!(out, "<th>{}</th>", escape(r.name));
    }
    out.push_str("</tr>");
    for g in groups {
        let _ = write!(out, "<tr><td class=\"l\">{}</td>", escape(&g.key));
        for r in &g.rates {
            let _ = write!(
                out,
                "<td title=\"{} ÷ {}\">{}</td>",
                decimal(Some(r.numerator)),
                decimal(Some(r.denominator)),
                percent(r.rate)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

fn distributions(out: &mut String, s: &Summary, groups: &[&Group]) {
    out.push_str("<h2>分布与排名</h2><p class=\"def\">每个机关 = 合计 ÷ 给出该数字的报告数；中位数、P90 为最近秩分位数（不少于该比例的报告小于或等于它的最小值）。</p>");
    for (i, m) in s.measures.iter().enumerate() {
        let _ = write!(
            out,
            "<h3>{}</h3><p class=\"def\">{}</p><table><tr><th class=\"l\">分组</th><th>报告数</th><th>合计</th><th>每个机关</th><th>中位数</th><th>P90</th><th>最大</th></tr>",
            escape(m.name),
            escape(&m.definition)
        );
        for g in groups {
            let x = &g.measures[i];
            let _ = write!(
                out,
                "<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&g.key),
                x.bodies,
                decimal(Some(x.sum)),
                number(x.per_body),
                decimal(x.median),
                decimal(x.p90),
                decimal(x.max)
            );
        }
        out.push_str("</table>");
    }
    let ranked: Vec<&Group> = if groups.len() <= MAX_TABLE_GROUPS + 1 {
        groups.to_vec()
    } else {
        vec![&s.total]
    };
    for g in ranked {
        if g.top.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<h3>新收申请最多的机关（{}，前 {}）</h3><table><tr><th>名次</th><th class=\"l\">机关</th><th>年度</th><th>本年新收申请</th></tr>",
            escape(&g.key),
            s.top_n
        );
        for (i, t) in g.top.iter().enumerate() {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"l\" title=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                escape(&t.file),
                escape(&t.name),
                t.year.map(|y| y.to_string()).unwrap_or_default(),
                decimal(Some(t.value))
            );
        }
        out.push_str("</table>");
    }
}

fn quality(out: &mut String, s: &Summary, groups: &[&Group]) {
    out.push_str("<h2>数据质量</h2><p class=\"def\">有错误级问题（gongkai check）的报告所占比例，按规则类别（规则代码的首字母）。</p><table><tr><th class=\"l\">分组</th><th>报告数</th><th>有错误</th>");
    for f in &s.families {
        let _ = write!(
            out,
            "<th title=\"{}\">{} {}</th>",
            escape(f.title),
            f.prefix,
            escape(f.title)
        );
    }
    out.push_str("</tr>");
    for g in groups {
        let q = &g.quality;
        let _ = write!(
            out,
            "<tr><td class=\"l\">{}</td><td>{}</td><td>{}（{}）</td>",
            escape(&g.key),
            q.reports,
            q.with_errors,
            percent(Some(q.share))
        );
        for f in &q.families {
            let _ = write!(
                out,
                "<td>{}</td>",
                if f.reports == 0 {
                    "0".to_string()
                } else {
                    format!("{}（{}）", f.reports, percent(Some(f.share)))
                }
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

fn cell_tables(out: &mut String, groups: &[&Group]) {
    out.push_str("<h2>各表合计</h2><p class=\"def\">黄色单元格：并非每份报告都给出了数字（悬停查看给出数字 / 空白 / “/” / 缺项 / 无法确定的报告数）。不同格式的报告分别合计，不作对应。</p>");
    let shown: Vec<&&Group> = groups.iter().rev().take(MAX_TABLE_GROUPS).collect();
    if groups.len() > MAX_TABLE_GROUPS {
        let _ = write!(
            out,
            "<p class=\"note\">分组较多，这里只列出全部报告及前 {} 组的各表合计；完整数据请用 --format xlsx 或 json。</p>",
            MAX_TABLE_GROUPS - 1
        );
    }
    for (i, g) in shown.into_iter().enumerate() {
        for r in &g.rollups {
            let _ = write!(
                out,
                "<details{}><summary>{} · {} · {} 份报告</summary>",
                if i == 0 { " open" } else { "" },
                escape(&g.key),
                escape(&template_label(r.template)),
                r.reports
            );
            rollup_tables(out, r);
            out.push_str("</details>");
        }
    }
}

/// The three tables of a roll-up, rows and columns as the template declares.
pub fn rollup_tables(out: &mut String, r: &Rollup) {
    let def = r.template.get();
    for table in &def.tables {
        let _ = write!(
            out,
            "<h3>{}、{}</h3>",
            ["", "", "二", "三", "四"][table.id.section() as usize],
            escape(table.heading)
        );
        for (b, block) in table.blocks.iter().enumerate() {
            out.push_str("<table><tr><th class=\"l\">");
            if let Some(c) = block.caption {
                out.push_str(&escape(c));
            }
            out.push_str("</th>");
            for c in &block.columns {
                let _ = write!(out, "<th>{}</th>", escape(c.label));
            }
            out.push_str("</tr>");
            for (ri, row) in block.rows.iter().enumerate() {
                let _ = write!(
                    out,
                    "<tr><td class=\"l\" title=\"{}\">{}</td>",
                    escape(&row.path),
                    escape(&row.label())
                );
                for i in def.row_cells(table.id, b, ri) {
                    let cell = &r.report.cells[i];
                    let cov = &r.coverage[i].counts;
                    let part = cov.number < r.reports as u32;
                    let _ = write!(
                        out,
                        "<td{} title=\"{}：给出数字 {} / 空白 {} / “/” {} / 缺项 {} / 无法确定 {}\">{}</td>",
                        if part { " class=\"part\"" } else { "" },
                        escape(&cell.id),
                        cov.number,
                        cov.blank,
                        cov.not_applicable,
                        cov.absent,
                        cov.unknown,
                        escape(&value(&cell.value))
                    );
                }
                out.push_str("</tr>");
            }
            out.push_str("</table>");
        }
    }
    if !r.report.extra_cells.is_empty() {
        out.push_str("<h3>非标准行（按报告所印，单列合计）</h3><table>");
        for c in &r.report.extra_cells {
            let _ = write!(
                out,
                "<tr><td class=\"l\">{}</td><td>{}</td></tr>",
                escape(&c.id),
                escape(&value(&c.value))
            );
        }
        out.push_str("</table>");
    }
}

fn outcomes_of(r: &Report) -> Vec<(String, String, Option<f64>)> {
    let Some(def) = r.template_def() else {
        return Vec::new();
    };
    outcome_groups(def)
        .into_iter()
        .map(|(k, q)| {
            let cells = q.cells(def);
            let v = sum_cells(&cells, |i| r.number(&def.cells[i].id));
            (k, outcome_label(def, &q), v.map(f64_of))
        })
        .collect()
}

/// The comparison page.
pub fn comparison(c: &Comparison, a: &Report, b: &Report) -> String {
    let mut out = String::new();
    let title = format!("{} 与 {} 对比", c.a.label(), c.b.label());
    head(&mut out, &title);
    let _ = write!(
        out,
        "<h1>{}</h1><p class=\"meta\">A：{}（{}）<br>B：{}（{}）<br>变化较大：|B−A| ≥ {} 且变化率 ≥ {}%（或 A 为 0），标红。</p>",
        escape(&title),
        escape(&c.a.label()),
        escape(&c.a.file),
        escape(&c.b.label()),
        escape(&c.b.file),
        c.threshold.min_delta,
        c.threshold.percent
    );
    for n in &c.notes {
        let _ = write!(out, "<p class=\"note\">{}</p>", escape(n));
    }
    out.push_str("<h2>图表</h2><div class=\"charts\">");
    let (oa, ob) = (outcomes_of(a), outcomes_of(b));
    let mut keys: Vec<(String, String)> =
        ob.iter().map(|(k, l, _)| (k.clone(), l.clone())).collect();
    for (k, l, _) in &oa {
        if !keys.iter().any(|(x, _)| x == k) {
            keys.push((k.clone(), l.clone()));
        }
    }
    let pick = |o: &[(String, String, Option<f64>)], k: &str| {
        o.iter().find(|(x, _, _)| x == k).and_then(|(_, _, v)| *v)
    };
    let chart = BarChart {
        title: "本年度办理结果".into(),
        categories: keys.iter().map(|(_, l)| l.clone()).collect(),
        series: vec![
            Series {
                name: format!("A {}", c.a.label()),
                values: keys.iter().map(|(k, _)| pick(&oa, k)).collect(),
            },
            Series {
                name: format!("B {}", c.b.label()),
                values: keys.iter().map(|(k, _)| pick(&ob, k)).collect(),
            },
        ],
        percent: false,
        width: 580.0,
    };
    out.push_str(&chart.render());
    let measure = |r: &Report, i: usize| {
        r.template_def().and_then(|def| {
            let cells = MEASURES[i].quantity.cells(def);
            sum_cells(&cells, |j| r.number(&def.cells[j].id)).map(f64_of)
        })
    };
    let chart = BarChart {
        title: "主要数量".into(),
        categories: MEASURES.iter().map(|m| m.name.to_string()).collect(),
        series: vec![
            Series {
                name: format!("A {}", c.a.label()),
                values: (0..MEASURES.len()).map(|i| measure(a, i)).collect(),
            },
            Series {
                name: format!("B {}", c.b.label()),
                values: (0..MEASURES.len()).map(|i| measure(b, i)).collect(),
            },
        ],
        percent: false,
        width: 580.0,
    };
    out.push_str(&chart.render());
    out.push_str("</div>");
    out.push_str("<h2>跨年度衔接</h2><p class=\"def\">模板的跨年度关系，B 的“上年”取自 A。</p><table><tr><th class=\"l\">结果</th><th class=\"l\">关系</th><th>B 侧</th><th>A 侧（上年）</th><th class=\"l\">含义</th></tr>");
    for r in &c.continuity {
        let class = match r.state {
            crate::compare::Continuity::Holds => "ok",
            crate::compare::Continuity::Broken => "bad",
            crate::compare::Continuity::Undecidable => "def",
        };
        let _ = write!(
            out,
            "<tr><td class=\"l {class}\">{}</td><td class=\"l\" title=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"l def\">{}{}</td></tr>",
            r.state.label(),
            escape(&r.formula),
            escape(&r.relation),
            decimal(r.lhs),
            decimal(r.rhs),
            escape(r.meaning),
            if r.missing.is_empty() {
                String::new()
            } else {
                escape(&format!("（缺少：{}）", r.missing.join("，")))
            }
        );
    }
    out.push_str("</table>");
    for t in TableId::ALL {
        let rows: Vec<_> = c.cells.iter().filter(|x| x.table == t).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<h2>表{}</h2><table><tr><th class=\"l\">行</th><th class=\"l\">列</th><th>A</th><th>B</th><th>变化</th><th>变化率</th></tr>",
            ["", "", "二", "三", "四"][t.section() as usize]
        );
        for x in rows {
            let flag = if x.large { " class=\"flag\"" } else { "" };
            let only = match x.presence {
                Presence::Both => "",
                Presence::OnlyA => "（仅 A 的格式有此项）",
                Presence::OnlyB => "（仅 B 的格式有此项）",
            };
            let _ = write!(
                out,
                "<tr><td class=\"l\" title=\"{}\">{}{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td{flag}>{}</td><td{flag}>{}</td></tr>",
                escape(&x.id),
                escape(&x.row),
                only,
                escape(&x.column),
                escape(&value(&x.a)),
                escape(&value(&x.b)),
                x.delta
                    .map(|d| format!("{:+}", d.normalize()))
                    .unwrap_or_else(|| "—".into()),
                x.percent
                    .map(|p| format!("{p:+.1}%"))
                    .unwrap_or_else(|| "—".into())
            );
        }
        out.push_str("</table>");
    }
    out.push_str("</body></html>\n");
    out
}
