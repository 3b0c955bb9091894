//! Plain-text output for a terminal.

use std::fmt::Write;

use crate::compare::{Comparison, Presence};
use crate::output::{by_label, decimal, number, percent, rate_definition, template_label, value};
use crate::summary::{Group, Summary};

/// The summary as text. `cells`: also list every cell's sum.
pub fn summary(s: &Summary, cells: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "汇总（按{}分组）：共 {} 份报告，{} 组",
        by_label(&s.by),
        s.reports,
        s.groups.len()
    );
    let _ = writeln!(out, "\n比率的定义：");
    for r in &s.rates {
        let _ = writeln!(out, "  {}  = {}", r.name, rate_definition(s, r.key));
    }
    let _ = writeln!(
        out,
        "  每个机关 = 合计 ÷ 给出该数字的报告数；中位数、P90 为最近秩分位数"
    );
    let groups: Vec<&Group> = if s.groups.len() == 1 && s.groups[0].reports == s.total.reports {
        vec![&s.total]
    } else {
        s.groups.iter().chain(std::iter::once(&s.total)).collect()
    };
    for g in groups {
        group(&mut out, s, g, cells);
    }
    out
}

fn group(out: &mut String, s: &Summary, g: &Group, cells: bool) {
    let _ = writeln!(
        out,
        "\n== {} ==  {} 份报告{}",
        g.key,
        g.reports,
        if g.without_tables > 0 {
            format!("（其中 {} 份未找到表格）", g.without_tables)
        } else {
            String::new()
        }
    );
    let _ = writeln!(out, "  数量：");
    for m in &g.measures {
        let _ = writeln!(
            out,
            "    {:<8}  合计 {:>8}  每个机关 {:>8}  中位数 {:>6}  P90 {:>6}  最大 {:>6}  （{} 份给出数字）",
            m.name,
            decimal(Some(m.sum)),
            number(m.per_body),
            decimal(m.median),
            decimal(m.p90),
            decimal(m.max),
            m.bodies
        );
    }
    let _ = writeln!(out, "  比率：");
    for r in &g.rates {
        let _ = writeln!(
            out,
            "    {}  {:>7}  （{} ÷ {}）  = {}",
            r.name,
            percent(r.rate),
            decimal(Some(r.numerator)),
            decimal(Some(r.denominator)),
            rate_definition(s, r.key)
        );
    }
    if !g.top.is_empty() {
        let _ = writeln!(out, "  新收申请最多的机关（前 {}）：", s.top_n);
        for (i, t) in g.top.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {:>2}. {} {}  {}",
                i + 1,
                t.name,
                t.year.map(|y| format!("{y}年")).unwrap_or_default(),
                decimal(Some(t.value))
            );
        }
    }
    let q = &g.quality;
    let fams: Vec<String> = q
        .families
        .iter()
        .filter(|f| f.reports > 0)
        .map(|f| {
            format!(
                "{} {} {}（{}）",
                f.prefix,
                f.title,
                f.reports,
                percent(Some(f.share))
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "  数据质量：有错误的报告 {}/{}（{}）{}",
        q.with_errors,
        q.reports,
        percent(Some(q.share)),
        if fams.is_empty() {
            String::new()
        } else {
            format!("；按规则类别：{}", fams.join("，"))
        }
    );
    if cells {
        for r in &g.rollups {
            let _ = writeln!(
                out,
                "  各单元格合计（{}，{} 份报告）：单元格  合计  给出数字/空白//缺项/?",
                template_label(r.template),
                r.reports
            );
            for (c, cov) in r.report.cells.iter().zip(&r.coverage) {
                let k = &cov.counts;
                let _ = writeln!(
                    out,
                    "    {}\t{}\t{}/{}/{}/{}/{}",
                    c.id,
                    value(&c.value),
                    k.number,
                    k.blank,
                    k.not_applicable,
                    k.absent,
                    k.unknown
                );
            }
            for c in &r.report.extra_cells {
                let _ = writeln!(out, "    {}\t{}\t（非标准行）", c.id, value(&c.value));
            }
        }
    }
}

/// The comparison as text. `all`: list unchanged cells too.
pub fn comparison(c: &Comparison, all: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "A：{}  （{}）", c.a.label(), c.a.file);
    let _ = writeln!(out, "B：{}  （{}）", c.b.label(), c.b.file);
    let _ = writeln!(
        out,
        "变化较大：|B−A| ≥ {} 且变化率 ≥ {}%（或 A 为 0）",
        c.threshold.min_delta, c.threshold.percent
    );
    for n in &c.notes {
        let _ = writeln!(out, "注意：{n}");
    }
    let _ = writeln!(out, "\n单元格\tA\tB\t变化\t变化率\t");
    let mut shown = 0;
    for x in &c.cells {
        let changed = x.a != x.b;
        if !all && !changed {
            continue;
        }
        shown += 1;
        let presence = match x.presence {
            Presence::Both => "",
            Presence::OnlyA => "（仅 A 的格式有此项）",
            Presence::OnlyB => "（仅 B 的格式有此项）",
        };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}{}",
            x.id,
            value(&x.a),
            value(&x.b),
            x.delta
                .map(|d| format!("{:+}", d.normalize()))
                .unwrap_or_else(|| "—".into()),
            x.percent
                .map(|p| format!("{p:+.1}%"))
                .unwrap_or_else(|| "—".into()),
            if x.large { "⚠ 变化较大" } else { "" },
            presence
        );
    }
    if !all {
        let _ = writeln!(
            out,
            "（{} 个单元格有变化，{} 个相同未列出；--all 列出全部）",
            shown,
            c.cells.len() - shown
        );
    }
    let _ = writeln!(out, "\n变化较大的单元格：{} 个", c.large().count());
    let _ = writeln!(out, "\n跨年度衔接（B 的上年数取自 A）：");
    for r in &c.continuity {
        let _ = writeln!(
            out,
            "  {}  {}  {} = {}  {}{}",
            r.state.label(),
            r.relation,
            decimal(r.lhs),
            decimal(r.rhs),
            r.formula,
            if r.missing.is_empty() {
                String::new()
            } else {
                format!("（缺少：{}）", r.missing.join("，"))
            }
        );
    }
    out
}
