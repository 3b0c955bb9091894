//! Property tests of the digit-run solver: random tables that satisfy the
//! template's relations, flattened to text with no separator between cells
//! (as web pages flattened by copy-paste are), are read back
//! - never with a wrong number (a cell is either right or `?`), and
//! - exactly, whenever every run has only one reading (all values < 10).
//!
//! The labels come from the template declaration; nothing is restated here.

use gongkai_ingest::Document;
use gongkai_model::{RowRole, SourceInfo, TableId, TemplateId, Value};
use proptest::prelude::*;

/// Values of table 三 (rows × 7 columns) and 四 (15) that satisfy every relation.
#[derive(Debug, Clone)]
struct Tables {
    apply: Vec<[u64; 7]>,
    review: [u64; 15],
    active: Vec<u64>,
}

fn row_with_total(parts: [u64; 6]) -> [u64; 7] {
    let mut r = [0; 7];
    r[..6].copy_from_slice(&parts);
    r[6] = parts.iter().sum();
    r
}

fn tables(max: u64, zero_weight: u32) -> impl Strategy<Value = Tables> {
    let def = TemplateId::Y2021.get();
    let rows = def.table(TableId::Apply).blocks[0].rows.len();
    let actives = def
        .cells
        .iter()
        .filter(|c| c.table == TableId::Active)
        .count();
    // Mostly zeros, like real reports.
    let small = prop_oneof![zero_weight => Just(0u64), 3 => 1..=max];
    (
        proptest::collection::vec(proptest::array::uniform6(small.clone()), rows),
        proptest::array::uniform12(small.clone()),
        proptest::collection::vec(small, actives),
    )
        .prop_map(move |(raw, rv, active)| {
            let def = TemplateId::Y2021.get();
            let block = &def.table(TableId::Apply).blocks[0];
            let role = |i: usize| block.rows[i].role;
            let mut apply: Vec<[u64; 7]> = vec![[0; 7]; raw.len()];
            for (i, r) in raw.iter().enumerate() {
                if role(i) == RowRole::Result || role(i) == RowRole::CarriedOut {
                    apply[i] = row_with_total(*r);
                }
            }
            let total_i = (0..raw.len())
                .find(|&i| role(i) == RowRole::ResultTotal)
                .unwrap_or(0);
            let out_i = (0..raw.len())
                .find(|&i| role(i) == RowRole::CarriedOut)
                .unwrap_or(0);
            let intake: Vec<usize> = (0..raw.len())
                .filter(|&i| role(i) == RowRole::Intake)
                .collect();
            let mut total = [0u64; 6];
            for (i, row) in apply.iter().enumerate() {
                if role(i) == RowRole::Result {
                    for (t, v) in total.iter_mut().zip(row.iter()) {
                        *t += v;
                    }
                }
            }
            apply[total_i] = row_with_total(total);
            // 一 + 二 = （七） + 四: carried_in ≤ available, new = the rest.
            let mut carried_in = [0u64; 6];
            let mut new = [0u64; 6];
            for c in 0..6 {
                let avail = total[c] + apply[out_i][c];
                carried_in[c] = raw[intake[1]][c].min(avail);
                new[c] = avail - carried_in[c];
            }
            apply[intake[0]] = row_with_total(new);
            apply[intake[1]] = row_with_total(carried_in);
            let mut review = [0u64; 15];
            for g in 0..3 {
                let parts = &rv[g * 4..g * 4 + 4];
                review[g * 5..g * 5 + 4].copy_from_slice(parts);
                review[g * 5 + 4] = parts.iter().sum();
            }
            Tables {
                apply,
                review,
                active,
            }
        })
}

/// Render a 2021 report with every table flattened to glued digits.
fn render(t: &Tables) -> String {
    let def = TemplateId::Y2021.get();
    let mut s = String::from("测试局2024年度政府信息公开工作年度报告\n一、总体情况\n本年度工作情况良好。\n二、主动公开政府信息情况\n");
    let mut active = t.active.iter();
    for block in &def.table(TableId::Active).blocks {
        s += block.caption.unwrap_or("");
        s += "信息内容";
        for c in &block.columns {
            s += c.label;
        }
        for r in &block.rows {
            s += r.core;
            for _ in &block.columns {
                s += &active.next().copied().unwrap_or(0).to_string();
            }
        }
    }
    s += "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他";
    let block = &def.table(TableId::Apply).blocks[0];
    let mut last_group = String::new();
    for (i, r) in block.rows.iter().enumerate() {
        // Group headers as printed: 三、本年度办理结果, （三）不予公开 …
        let parts: Vec<&str> = r.path.split('/').collect();
        let group = parts[..parts.len() - 1].join("/");
        if group != last_group {
            for p in &parts[..parts.len() - 1] {
                if !last_group.contains(p) {
                    s += p;
                }
            }
            last_group = group;
        }
        s += &r.label();
        for v in t.apply[i] {
            s += &v.to_string();
        }
    }
    s += "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计";
    for v in t.review {
        s += &v.to_string();
    }
    s += "五、存在的主要问题及改进情况无。六、其他需要报告的事项无。\n测试局\n2025年1月10日\n";
    s
}

fn truth(t: &Tables) -> Vec<(String, u64)> {
    let def = TemplateId::Y2021.get();
    let mut out = Vec::new();
    let mut active = t.active.iter();
    let mut review = t.review.iter();
    for c in &def.cells {
        let v = match c.table {
            TableId::Active => active.next().copied(),
            TableId::Apply => Some(t.apply[c.row][c.column]),
            TableId::Review => review.next().copied(),
        };
        out.push((c.id.clone(), v.unwrap_or(0)));
    }
    out
}

fn extract(text: &str) -> gongkai_model::Report {
    let doc = Document::from_text(text.to_string(), "UTF-8");
    gongkai_extract::extract(&doc, SourceInfo::default())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_a_wrong_number(t in tables(40, 6)) {
        let text = render(&t);
        let report = extract(&text);
        prop_assert_eq!(report.template, Some(TemplateId::Y2021));
        for (id, want) in truth(&t) {
            let got = report.value(&id);
            match got {
                Value::Number(n) => prop_assert_eq!(n.to_string(), want.to_string(), "{} in\n{}", id, text),
                Value::Unknown => {}
                other => prop_assert!(false, "{}: {:?}\n{}", id, other, text),
            }
        }
    }

    #[test]
    fn single_digit_tables_are_read_exactly(t in tables(2, 60)) {
        // Totals may still reach two digits; keep only tables whose every
        // cell is a single digit so each run has exactly one cut.
        prop_assume!(t.apply.iter().flatten().all(|&v| v < 10) && t.review.iter().all(|&v| v < 10));
        let text = render(&t);
        let report = extract(&text);
        for (id, want) in truth(&t) {
            prop_assert_eq!(report.value(&id).tsv(), want.to_string(), "{}", id);
        }
    }
}
