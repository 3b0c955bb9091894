//! What a report is rendered from: a [`RenderDoc`], read from a hand-written
//! TOML or JSON input (see `docs/render-input.md`) or from a report in the
//! JSON model (`gongkai extract --format json`, a roll-up, the registry).

use std::collections::BTreeMap;

use chrono::Datelike;
use gongkai_model::{Decimal, Report, TemplateId, Value};
use serde::Deserialize;

use crate::RenderError;

/// The prefix of the cells of the single （六）其他处理 row printed in a
/// 2021-template table (the 2019 row; `x.apply.other.<column>`).
pub const SINGLE_OTHER_PREFIX: &str = "x.apply.other.";

/// The narrative of the six sections. For sections 二, 三 and 四 the text
/// is printed between the heading and the table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// 一、总体情况.
    #[serde(default)]
    pub overview: String,
    /// 二、主动公开政府信息情况 (text before table 二).
    #[serde(default)]
    pub active: String,
    /// 三、收到和处理政府信息公开申请情况 (text before table 三).
    #[serde(default)]
    pub apply: String,
    /// 四、政府信息公开行政复议、行政诉讼情况 (text before table 四).
    #[serde(default)]
    pub review: String,
    /// 五、存在的主要问题及改进情况.
    #[serde(default)]
    pub problems: String,
    /// 六、其他需要报告的事项.
    #[serde(default)]
    pub other: String,
}

impl Sections {
    /// The text of section `n` (1..=6).
    pub fn text(&self, n: u8) -> &str {
        match n {
            1 => &self.overview,
            2 => &self.active,
            3 => &self.apply,
            4 => &self.review,
            5 => &self.problems,
            _ => &self.other,
        }
    }

    pub fn is_empty(&self) -> bool {
        (1..=6).all(|n| self.text(n).trim().is_empty())
    }
}

/// Everything a rendered report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderDoc {
    pub template: TemplateId,
    /// The publishing body, as the title prints it.
    pub agency: String,
    /// The year reported on.
    pub year: i32,
    /// Text between the title and 一、总体情况 (legal basis, 统计期限, contact).
    pub preamble: String,
    pub sections: Sections,
    /// The date printed under the signature (`2022年1月20日`), if any.
    pub date: Option<String>,
    /// One value per cell of the template, in template order.
    pub values: Vec<Value>,
    /// The values of a single （六）其他处理 row printed in a 2021 table instead
    /// of its three sub-rows, one per applicant column.
    pub single_other: Option<Vec<Value>>,
}

impl RenderDoc {
    /// The title: `<agency><year>年政府信息公开工作年度报告`.
    pub fn title(&self) -> String {
        format!("{}{}年政府信息公开工作年度报告", self.agency, self.year)
    }

    /// The value of a cell id of the template (`Absent` for an unknown id).
    pub fn value(&self, id: &str) -> &Value {
        static ABSENT: Value = Value::Absent;
        self.template
            .get()
            .cell_index(id)
            .and_then(|i| self.values.get(i))
            .unwrap_or(&ABSENT)
    }
}

/// A cell value as a hand-written input gives it.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum RawValue {
    Int(i64),
    Float(f64),
    Text(String),
}

/// The hand-written input (TOML or JSON).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HandWritten {
    agency: String,
    year: i32,
    template: Option<String>,
    #[serde(default)]
    preamble: String,
    #[serde(default)]
    sections: Sections,
    date: Option<String>,
    #[serde(default)]
    cells: BTreeMap<String, RawValue>,
}

/// Overrides given on the command line for what a report lacks.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// Which report of an array to render (1-based), e.g. one group of a
    /// roll-up.
    pub pick: Option<usize>,
}

/// What the input was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A hand-written TOML input.
    Toml,
    /// A hand-written JSON input.
    Json,
    /// A report in the JSON model.
    Report,
}

/// Read an input: a report in the JSON model (one report, or an array with
/// exactly one), or a hand-written JSON or TOML input.
pub fn parse(text: &str, overrides: &Overrides) -> Result<(RenderDoc, InputKind), RenderError> {
    let text = text.trim_start_matches('\u{feff}');
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let json: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| RenderError::Input(format!("JSON 语法错误：{e}")))?;
        let json = match json {
            serde_json::Value::Array(mut items) => {
                let n = items.len();
                let k = match overrides.pick {
                    Some(k) if (1..=n).contains(&k) => k - 1,
                    Some(k) => {
                        return Err(RenderError::Input(format!(
                            "--pick {k} 超出范围：输入有 {n} 份报告（从 1 数起）"
                        )))
                    }
                    None if n == 1 => 0,
                    None => {
                        return Err(RenderError::Input(format!(
                            "输入是 {n} 份报告的数组，render 一次排版一份：请用 --pick N 选择（从 1 数起）：\n{}",
                            listing(&items)
                        )))
                    }
                };
                items.swap_remove(k)
            }
            other => other,
        };
        let is_report = json
            .as_object()
            .is_some_and(|o| o.contains_key("source") && o.contains_key("template_evidence"));
        if is_report {
            let report: Report = serde_json::from_value(json).map_err(|e| {
                RenderError::Input(format!("输入看起来是报告 JSON，但不符合报告模型：{e}"))
            })?;
            return Ok((from_report(&report, overrides)?, InputKind::Report));
        }
        let hand: HandWritten = serde_json::from_value(json).map_err(|e| {
            RenderError::Input(format!("JSON 输入不符合 docs/render-input.md 的格式：{e}"))
        })?;
        return Ok((from_hand(hand, overrides)?, InputKind::Json));
    }
    let hand: HandWritten = toml::from_str(text).map_err(|e| {
        RenderError::Input(format!("TOML 输入有误（格式见 docs/render-input.md）：{e}"))
    })?;
    Ok((from_hand(hand, overrides)?, InputKind::Toml))
}

/// What a supplement file adds to an input: the `preamble`, `date`,
/// `[sections]` and `[cells]` keys of the hand-written format, each optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Supplement {
    #[serde(default)]
    preamble: String,
    date: Option<String>,
    #[serde(default)]
    sections: Sections,
    #[serde(default)]
    cells: BTreeMap<String, RawValue>,
}

/// Complete `doc` with a supplement file (TOML, or JSON when it starts with
/// `{`) in the hand-written format without `agency`/`year`/`template`: a
/// given preamble, date or section text replaces the input's, a given cell
/// value replaces the input's (e.g. table 二 typed by hand next to tables 三
/// and 四 from the registry, or the narrative of an extracted report).
pub fn apply_supplement(doc: &mut RenderDoc, text: &str) -> Result<(), RenderError> {
    let text = text.trim_start_matches('\u{feff}');
    let keys = "只能有 preamble、date、[sections] 和 [cells]";
    let n: Supplement = if text.trim_start().starts_with('{') {
        serde_json::from_str(text)
            .map_err(|e| RenderError::Input(format!("补充文件（JSON）有误：{e}；{keys}")))?
    } else {
        toml::from_str(text)
            .map_err(|e| RenderError::Input(format!("补充文件（TOML）有误：{e}；{keys}")))?
    };
    if !n.preamble.trim().is_empty() {
        doc.preamble = n.preamble;
    }
    if n.date.is_some() {
        doc.date = n.date;
    }
    for k in 1..=6u8 {
        let given = n.sections.text(k);
        if !given.trim().is_empty() {
            let text = given.to_string();
            match k {
                1 => doc.sections.overview = text,
                2 => doc.sections.active = text,
                3 => doc.sections.apply = text,
                4 => doc.sections.review = text,
                5 => doc.sections.problems = text,
                _ => doc.sections.other = text,
            }
        }
    }
    let def = doc.template.get();
    let mut problems = Vec::new();
    for (id, raw) in &n.cells {
        match (def.cell_index(id), value_of(id, raw)) {
            (Some(i), Ok(v)) => doc.values[i] = v,
            (None, _) => problems.push(format!(
                "单元格 {id} 不属于 {} 格式的表格（单元格编号见 docs/render-input.md）",
                doc.template
            )),
            (_, Err(e)) => problems.push(e),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RenderError::Input(problems.join("\n")))
    }
}

/// One line per report of an array: number, agency, year, template.
fn listing(items: &[serde_json::Value]) -> String {
    let text = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => "？".into(),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let meta = r.get("meta");
            let field = |k: &str| text(meta.and_then(|m| m.get(k)).and_then(|f| f.get("value")));
            format!(
                "  {}. {} {} 年（{} 格式）",
                i + 1,
                field("agency"),
                field("year"),
                text(r.get("template"))
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A value as written in `cells`: a number, `""` blank, `/` not applicable,
/// `-` absent, `?` unknown.
fn value_of(id: &str, raw: &RawValue) -> Result<Value, String> {
    match raw {
        RawValue::Int(n) => Ok(Value::Number(Decimal::from(*n))),
        RawValue::Float(f) => Err(format!(
            "单元格 {id} 写成了小数 {f}：请把带小数的金额写成字符串（如 \"12.50\"），以保留印出的小数位"
        )),
        RawValue::Text(s) => Value::parse_tsv(s).ok_or_else(|| {
            format!(
                "单元格 {id} 的值 \"{s}\" 不是数字：只能写数字、\"\"（空白）、\"/\"（不适用）、\"-\"（本表无此行）或 \"?\"（无法确定）"
            )
        }),
    }
}

fn template_of(name: Option<&str>, year: i32) -> Result<TemplateId, RenderError> {
    match name {
        None => Ok(TemplateId::for_year(year)),
        Some(n) => TemplateId::parse(n).ok_or_else(|| {
            RenderError::Input(format!(
                "template = \"{n}\" 不是已知的格式：请写 \"2019\"（国办公开办函〔2019〕60号）或 \"2021\"（国办公开办函〔2021〕30号），或省略以按年度选择"
            ))
        }),
    }
}

fn from_hand(hand: HandWritten, overrides: &Overrides) -> Result<RenderDoc, RenderError> {
    let year = overrides.year.unwrap_or(hand.year);
    let template = template_of(hand.template.as_deref(), year)?;
    let def = template.get();
    let mut values: Vec<Option<Value>> = vec![None; def.cells.len()];
    let mut single: BTreeMap<String, Value> = BTreeMap::new();
    let mut problems = Vec::new();
    for (id, raw) in &hand.cells {
        let v = match value_of(id, raw) {
            Ok(v) => v,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        if let Some(i) = def.cell_index(id) {
            values[i] = Some(v);
        } else if let Some(col) = id.strip_prefix(SINGLE_OTHER_PREFIX) {
            single.insert(col.to_string(), v);
        } else {
            problems.push(format!(
                "单元格 {id} 不属于 {template} 格式的表格（单元格编号见 ../shared/spec/cells.tsv 或 docs/render-input.md）"
            ));
        }
    }
    let missing: Vec<&str> = def
        .cells
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(c, _)| c.id.as_str())
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(12).copied().collect();
        problems.push(format!(
            "缺少 {} 个单元格的值（不会当作 0）：{}{}。每个单元格都要写：数字、\"\"（空白）、\"/\"（不适用）或 \"-\"（本表无此行）",
            missing.len(),
            shown.join("、"),
            if missing.len() > shown.len() { " 等" } else { "" }
        ));
    }
    let single_other = single_row(template, single, &mut problems);
    if !problems.is_empty() {
        return Err(RenderError::Input(problems.join("\n")));
    }
    Ok(RenderDoc {
        template,
        agency: overrides.agency.clone().unwrap_or(hand.agency),
        year,
        preamble: hand.preamble,
        sections: hand.sections,
        date: hand.date,
        values: values
            .into_iter()
            .map(|v| v.unwrap_or(Value::Absent))
            .collect(),
        single_other,
    })
}

/// The applicant columns of table 三 (the columns of a single （六） row).
fn applicant_columns(template: TemplateId) -> Vec<&'static str> {
    template
        .get()
        .table(gongkai_model::TableId::Apply)
        .blocks
        .first()
        .map(|b| b.columns.iter().map(|c| c.id).collect())
        .unwrap_or_default()
}

/// The single （六）其他处理 row of a 2021 table, from `x.apply.other.*`
/// values: every applicant column given, and the three sub-rows absent.
fn single_row(
    template: TemplateId,
    mut given: BTreeMap<String, Value>,
    problems: &mut Vec<String>,
) -> Option<Vec<Value>> {
    if given.is_empty() {
        return None;
    }
    if template != TemplateId::Y2021 {
        problems.push(format!(
            "{SINGLE_OTHER_PREFIX}* 只用于 2021 格式表格中印成一行的（六）其他处理；2019 格式请直接写 apply.other.*"
        ));
        return None;
    }
    let cols = applicant_columns(template);
    let mut row = Vec::new();
    for c in &cols {
        match given.remove(*c) {
            Some(v) => row.push(v),
            None => {
                problems.push(format!(
                    "{SINGLE_OTHER_PREFIX}{c} 缺少：单行的（六）其他处理要写全 {} 列",
                    cols.len()
                ));
                return None;
            }
        }
    }
    for c in given.keys() {
        problems.push(format!(
            "{SINGLE_OTHER_PREFIX}{c} 不是表三的列（列有：{}）",
            cols.join("、")
        ));
    }
    Some(row)
}

/// The render input of an extracted (or rolled-up) report.
pub fn from_report(report: &Report, overrides: &Overrides) -> Result<RenderDoc, RenderError> {
    let Some(template) = report.template else {
        return Err(RenderError::Input(
            "报告没有识别出格式（没有找到表格），无法按正式格式排版".into(),
        ));
    };
    let def = template.get();
    let agency = match (&overrides.agency, report.agency()) {
        (Some(a), _) => a.clone(),
        (None, Some(a)) if !a.trim().is_empty() => a.to_string(),
        _ => {
            return Err(RenderError::Input(
                "报告没有机关名称（meta.agency）：请用 --agency 指定标题中的机关名称".into(),
            ))
        }
    };
    let year = match (overrides.year, report.year()) {
        (Some(y), _) | (None, Some(y)) => y,
        (None, None) => {
            return Err(RenderError::Input(
                "报告没有年度（meta.year）：请用 --year 指定报告的年度".into(),
            ))
        }
    };
    let values = def
        .cells
        .iter()
        .map(|c| report.value(&c.id).clone())
        .collect();
    let mut single = BTreeMap::new();
    for c in &report.extra_cells {
        if let Some(col) = c.id.strip_prefix(SINGLE_OTHER_PREFIX) {
            single.insert(col.to_string(), c.value.clone());
        }
    }
    let mut problems = Vec::new();
    let single_other = single_row(template, single, &mut problems);
    if !problems.is_empty() {
        return Err(RenderError::Input(problems.join("\n")));
    }
    let date = report.meta.publication_date.as_ref().map(|d| {
        let d = d.value;
        format!("{}年{}月{}日", d.year(), d.month(), d.day())
    });
    Ok(RenderDoc {
        template,
        agency,
        year,
        preamble: String::new(),
        sections: Sections::default(),
        date,
        values,
        single_other,
    })
}
