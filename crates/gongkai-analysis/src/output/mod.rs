//! The outputs people read: plain text, one self-contained HTML page with
//! SVG charts, and an XLSX workbook.

pub mod html;
pub mod text;
pub mod xlsx;

use gongkai_model::{Decimal, TemplateId, Value};

use crate::summary::Summary;

/// A rate as a percentage with one decimal, `—` without one.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{:.1}%", r * 100.0),
        None => "—".to_string(),
    }
}

/// A number with at most two decimals, `—` without one.
pub fn number(v: Option<f64>) -> String {
    match v {
        Some(v) if (v - v.round()).abs() < 1e-9 => format!("{}", v.round() as i64),
        Some(v) => format!("{v:.2}"),
        None => "—".to_string(),
    }
}

pub fn decimal(v: Option<Decimal>) -> String {
    v.map(|d| d.normalize().to_string())
        .unwrap_or_else(|| "—".into())
}

/// A cell value as shown in tables: the number, or the mark of its kind.
pub fn value(v: &Value) -> String {
    match v {
        Value::Number(d) => d.normalize().to_string(),
        Value::Blank => "（空白）".into(),
        Value::NotApplicable => "/".into(),
        Value::Absent => "（缺项）".into(),
        Value::Unknown | Value::Text(_) => "?".into(),
    }
}

/// The name of the grouping in Chinese.
pub fn by_label(by: &str) -> &'static str {
    match by {
        "year" => "年度",
        "template" => "模板",
        "agency" => "机关",
        "region" => "行政区划",
        "level" => "层级",
        _ => "全部",
    }
}

/// `2021 模板（国办公开办函〔2021〕30号）`.
pub fn template_label(t: TemplateId) -> String {
    format!("{} 模板（{}）", t.as_str(), t.document())
}

/// The rate definitions, once per distinct wording.
pub fn rate_definition(s: &Summary, key: &str) -> String {
    let Some(info) = s.rates.iter().find(|r| r.key == key) else {
        return String::new();
    };
    let mut texts: Vec<&String> = info.definitions.values().collect();
    texts.dedup();
    if texts.len() == 1 {
        texts[0].clone()
    } else {
        info.definitions
            .iter()
            .map(|(t, d)| format!("{t} 模板：{d}"))
            .collect::<Vec<_>>()
            .join("；")
    }
}
