//! The bodies file and matching reports to it.

use std::collections::HashMap;
use std::path::Path;

use gongkai_model::{BodyKind, Report};
use serde::Serialize;

use crate::key::match_key;
use crate::name::{class_of_name, level_of_name, BodyClass};
use crate::region::{AdminLevel, Kind, RegionCode};
use crate::{report_name, How, Match};

/// A body of the bodies file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// The canonical name.
    pub name: String,
    /// Other names the body's reports use.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// 行政区划代码.
    pub region: Option<RegionCode>,
    /// The level as the file gives it (see [`Body::level`]).
    pub level: Option<AdminLevel>,
    pub kind: Option<Kind>,
    /// The parent body's name.
    pub parent: Option<String>,
    /// The line (CSV) or row (XLSX) of the file, from 1 (the header).
    pub line: usize,
}

impl Body {
    /// The level: as given, else from the region code, else from the name.
    pub fn level(&self) -> Option<AdminLevel> {
        self.level
            .or_else(|| self.region.as_ref().map(RegionCode::level))
            .or_else(|| level_of_name(&self.name).map(AdminLevel::from_name_level))
    }

    /// The kind: as given, else from the name.
    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or_else(|| kind_of_name(&self.name))
    }
}

fn kind_of_name(name: &str) -> Kind {
    match class_of_name(name) {
        BodyClass::Government | BodyClass::Township => Kind::Government,
        BodyClass::Department | BodyClass::Subdistrict => Kind::Department,
    }
}

/// A bodies file that cannot be used; the message says where and what to do.
#[derive(Debug, thiserror::Error)]
pub enum BodiesError {
    #[error("无法读取机关名录 {path}：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("无法读取机关名录 {path}：{message}")]
    Format { path: String, message: String },
    #[error("机关名录{path}缺少名称列：表头须有 name（或 名称、机关名称）；可选列 aliases（别名）、行政区划代码（region）、level（层级：国家/省/市/县/乡）、kind（类型：政府/部门）、parent（上级）")]
    NoNameColumn { path: String },
    #[error("机关名录{path}第 {line} 行：{message}")]
    Line {
        path: String,
        line: usize,
        message: String,
    },
}

/// The columns of a bodies file, by header.
#[derive(Debug, Default)]
struct Columns {
    name: Option<usize>,
    aliases: Option<usize>,
    region: Option<usize>,
    level: Option<usize>,
    kind: Option<usize>,
    parent: Option<usize>,
}

impl Columns {
    fn from_header(header: &[String]) -> Columns {
        let mut c = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let h = h.trim().trim_start_matches('\u{FEFF}').to_ascii_lowercase();
            let slot = match h.as_str() {
                "name" | "名称" | "机关" | "机关名称" | "单位" | "单位名称" => {
                    &mut c.name
                }
                "aliases" | "alias" | "别名" | "其他名称" => &mut c.aliases,
                "region" | "region_code" | "code" | "行政区划代码" | "区划代码" | "行政区划" => {
                    &mut c.region
                }
                "level" | "层级" | "级别" => &mut c.level,
                "kind" | "type" | "类型" | "类别" => &mut c.kind,
                "parent" | "上级" | "上级机关" => &mut c.parent,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        c
    }
}

/// The bodies of a bodies file, indexed for matching. The default value
/// has no bodies: every report is unmatched and grouped by [`match_key`].
#[derive(Debug, Default)]
pub struct Bodies {
    bodies: Vec<Body>,
    /// Name or alias as written (trimmed) → body.
    exact: HashMap<String, (usize, How)>,
    /// [`match_key`] of a name or alias → bodies.
    normal: HashMap<String, Vec<usize>>,
}

impl Bodies {
    /// Read a bodies file: `.xlsx`, `.xls`, `.ods` (the first sheet) or a
    /// CSV/TSV text file (UTF-8, or GB18030 as Excel saves it in China).
    pub fn load(path: &Path) -> Result<Bodies, BodiesError> {
        let shown = path.display().to_string();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let rows = if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
            sheet_rows(path, &shown)?
        } else {
            let bytes = std::fs::read(path).map_err(|source| BodiesError::Io {
                path: shown.clone(),
                source,
            })?;
            csv_rows(&decode(&bytes), &shown)?
        };
        Bodies::from_rows(rows, &shown)
    }

    /// Read bodies from CSV text (comma or tab separated, header first).
    pub fn from_csv_text(text: &str) -> Result<Bodies, BodiesError> {
        Bodies::from_rows(csv_rows(text, "")?, "")
    }

    /// Build from rows `(line, cells)`, the header first.
    fn from_rows(rows: Vec<(usize, Vec<String>)>, path: &str) -> Result<Bodies, BodiesError> {
        let shown = if path.is_empty() {
            String::new()
        } else {
            format!(" {path} ")
        };
        let mut rows = rows.into_iter();
        let Some((_, header)) = rows.next() else {
            return Err(BodiesError::NoNameColumn { path: shown });
        };
        let cols = Columns::from_header(&header);
        let Some(name_col) = cols.name else {
            return Err(BodiesError::NoNameColumn { path: shown });
        };
        let err = |line: usize, message: String| BodiesError::Line {
            path: shown.clone(),
            line,
            message,
        };
        let mut bodies = Bodies::default();
        for (line, cells) in rows {
            let get = |c: Option<usize>| {
                c.and_then(|i| cells.get(i))
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
            };
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let Some(name) = get(Some(name_col)) else {
                return Err(err(line, "名称为空；每行须有机关名称".into()));
            };
            if name.starts_with('#') {
                continue;
            }
            let aliases: Vec<String> = get(cols.aliases)
                .map(|a| {
                    a.split([';', '；', '|', '｜'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            let region = match get(cols.region) {
                None => None,
                Some(r) => Some(RegionCode::parse(r).ok_or_else(|| {
                    err(
                        line,
                        format!("行政区划代码“{r}”无效：应为 6 位或 12 位数字，如 320813"),
                    )
                })?),
            };
            let level = match get(cols.level) {
                None => None,
                Some(l) => Some(AdminLevel::parse(l).ok_or_else(|| {
                    err(line, format!("层级“{l}”无效：应为 国家、省、市、县 或 乡"))
                })?),
            };
            let kind = match get(cols.kind) {
                None => None,
                Some(k) => Some(
                    Kind::parse(k)
                        .ok_or_else(|| err(line, format!("类型“{k}”无效：应为 政府 或 部门")))?,
                ),
            };
            let body = Body {
                name: name.to_string(),
                aliases,
                region,
                level,
                kind,
                parent: get(cols.parent).map(String::from),
                line,
            };
            bodies.add(body).map_err(|m| err(line, m))?;
        }
        Ok(bodies)
    }

    /// Add a body; two bodies may not share a name or alias.
    fn add(&mut self, body: Body) -> Result<(), String> {
        let i = self.bodies.len();
        let names = std::iter::once((&body.name, How::Exact))
            .chain(body.aliases.iter().map(|a| (a, How::Alias)));
        for (n, how) in names {
            if let Some(&(j, _)) = self.exact.get(n.as_str()) {
                if j != i {
                    return Err(format!(
                        "名称或别名“{n}”已属于第 {} 行的“{}”；一个名称只能属于一个机关",
                        self.bodies[j].line, self.bodies[j].name
                    ));
                }
                continue;
            }
            self.exact.insert(n.clone(), (i, how));
            let list = self.normal.entry(match_key(n)).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
        self.bodies.push(body);
        Ok(())
    }

    pub fn bodies(&self) -> &[Body] {
        &self.bodies
    }

    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// The body named `name` (name or alias as written).
    pub fn get(&self, name: &str) -> Option<&Body> {
        self.exact.get(name.trim()).map(|&(i, _)| &self.bodies[i])
    }

    /// The parent body, when the file lists it.
    pub fn parent(&self, body: &Body) -> Option<&Body> {
        body.parent.as_deref().and_then(|p| self.get(p))
    }

    /// Which body a report is from. The kind falls back on the extractor's
    /// `meta.body_kind` before the name.
    pub fn match_report(&self, report: &Report) -> Match<'_> {
        let mut m = self.match_name(report_name(report).as_deref());
        if m.body.is_none_or(|b| b.kind.is_none()) {
            if let Some(k) = report.meta.body_kind {
                m.kind = Some(match k {
                    BodyKind::Government => Kind::Government,
                    BodyKind::Department => Kind::Department,
                });
            }
        }
        m
    }

    /// Which body a name is: exactly a name, exactly an alias, or the one
    /// body whose name or alias has the same [`match_key`]; unmatched when
    /// none or several do.
    pub fn match_name(&self, name: Option<&str>) -> Match<'_> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let Some(name) = name else {
            return Match {
                name: None,
                body: None,
                how: How::Unmatched,
                key: String::new(),
                region: None,
                level: None,
                kind: None,
                candidates: Vec::new(),
            };
        };
        let key = match_key(name);
        let found = match self.exact.get(name) {
            Some(&(i, how)) => Some((i, how)),
            None => match self.normal.get(&key).map(Vec::as_slice) {
                Some(&[i]) => Some((i, How::Normalised)),
                _ => None,
            },
        };
        match found {
            Some((i, how)) => {
                let body = &self.bodies[i];
                Match {
                    name: Some(name.to_string()),
                    body: Some(body),
                    how,
                    key: body.name.clone(),
                    region: body.region.as_ref(),
                    level: body.level(),
                    kind: Some(body.kind()),
                    candidates: Vec::new(),
                }
            }
            None => Match {
                name: Some(name.to_string()),
                body: None,
                how: How::Unmatched,
                region: None,
                level: level_of_name(name).map(AdminLevel::from_name_level),
                kind: Some(kind_of_name(name)),
                candidates: self
                    .normal
                    .get(&key)
                    .map(|v| v.iter().map(|&i| &self.bodies[i]).collect())
                    .unwrap_or_default(),
                key,
            },
        }
    }
}

/// Text of a CSV file: UTF-8 (BOM removed), else GB18030.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn csv_rows(text: &str, path: &str) -> Result<Vec<(usize, Vec<String>)>, BodiesError> {
    let text = text.trim_start_matches('\u{FEFF}');
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| BodiesError::Format {
            path: path.to_string(),
            message: format!("CSV 格式错误：{e}"),
        })?;
        let line = record
            .position()
            .map_or(rows.len() + 1, |p| p.line() as usize);
        rows.push((line, record.iter().map(String::from).collect()));
    }
    Ok(rows)
}

fn sheet_rows(path: &Path, shown: &str) -> Result<Vec<(usize, Vec<String>)>, BodiesError> {
    use calamine::{Data, Reader};
    let format = |message: String| BodiesError::Format {
        path: shown.to_string(),
        message,
    };
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| format(format!("不是可读的表格文件：{e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| format("工作簿中没有工作表".into()))?
        .map_err(|e| format(format!("无法读取第一个工作表：{e}")))?;
    let start = range.start().map_or(0, |(r, _)| r as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let cells = row
                .iter()
                .map(|c| match c {
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect();
            (start + i + 1, cells)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "name,aliases,行政区划代码,level,kind,parent\n\
        洪泽区人民政府,淮安市洪泽区人民政府；洪泽区,320813,县,政府,淮安市人民政府\n\
        上海市科学技术委员会,上海市科委|上海市科技委,310000,省,部门,上海市人民政府\n\
        上海市人民政府,,310000,,,\n\
        上海市人民政府办公厅,,310000,省,部门,上海市人民政府\n";

    #[test]
    fn matches_by_name_alias_and_normalisation() {
        let b = Bodies::from_csv_text(FILE).unwrap();
        assert_eq!(b.bodies().len(), 4);
        let m = b.match_name(Some("洪泽区人民政府"));
        assert_eq!((m.how, m.key.as_str()), (How::Exact, "洪泽区人民政府"));
        assert_eq!(m.level, Some(AdminLevel::County));
        assert_eq!(m.kind, Some(Kind::Government));
        let m = b.match_name(Some("淮安市洪泽区人民政府"));
        assert_eq!((m.how, m.key.as_str()), (How::Alias, "洪泽区人民政府"));
        let m = b.match_name(Some("上海市科委"));
        assert_eq!(m.how, How::Alias);
        assert_eq!(m.region.map(RegionCode::as_str), Some("310000"));
        let m = b.match_name(Some("上海市 人民政府办公厅"));
        assert_eq!(
            (m.how, m.key.as_str()),
            (How::Normalised, "上海市人民政府办公厅")
        );
        let m = b.match_name(Some("上海市政府"));
        assert_eq!((m.how, m.key.as_str()), (How::Normalised, "上海市人民政府"));
        // Level from the code, kind from the name.
        let body = b.get("上海市人民政府").unwrap();
        assert_eq!(body.level(), Some(AdminLevel::Province));
        assert_eq!(body.kind(), Kind::Government);
        assert_eq!(
            b.parent(b.get("上海市科委").unwrap()).unwrap().name,
            "上海市人民政府"
        );
        // Never merged: the office is not the government, the bureau unknown.
        let m = b.match_name(Some("上海市人民政府办公室"));
        assert_eq!(m.how, How::Unmatched);
        assert!(m.reason(true).unwrap().contains("aliases"));
        assert_eq!(
            b.match_name(Some("上海市人民政府研究室")).how,
            How::Unmatched
        );
        let m = b.match_name(None);
        assert_eq!((m.how, m.key.as_str()), (How::Unmatched, ""));
    }

    #[test]
    fn two_bodies_with_one_normalised_name_are_not_guessed() {
        let b = Bodies::from_csv_text("name\n某县人民政府\n某县政府\n").unwrap();
        let m = b.match_name(Some("某县 政府"));
        assert_eq!(m.how, How::Unmatched);
        assert_eq!(m.candidates.len(), 2);
        assert!(m.reason(true).unwrap().contains("多个机关"));
        assert_eq!(b.match_name(Some("某县政府")).how, How::Exact);
    }

    #[test]
    fn without_a_file_names_are_grouped_conservatively() {
        let b = Bodies::default();
        let a = b.match_name(Some("柱濮镇人民政府"));
        assert_eq!(a.how, How::Unmatched);
        assert_eq!(a.key, b.match_name(Some("柱濮镇政府")).key);
        assert_eq!(a.level, Some(AdminLevel::Township));
        assert_eq!(a.kind, Some(Kind::Government));
        assert_ne!(a.key, b.match_name(Some("柱濮镇人民政府办公室")).key);
        assert!(a.reason(false).unwrap().contains("--bodies"));
    }

    #[test]
    fn bad_files_say_where_and_what_to_do() {
        let e = Bodies::from_csv_text("机构,别名\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("缺少名称列"), "{e}");
        let e = Bodies::from_csv_text("name,行政区划代码\nA局,12345\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("第 2 行") && e.contains("6 位或 12 位"), "{e}");
        let e = Bodies::from_csv_text("name,level\nA局,村\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("层级“村”"), "{e}");
        let e = Bodies::from_csv_text("name,kind\nA局,党委\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("类型“党委”"), "{e}");
        let e = Bodies::from_csv_text("name,aliases\nA局,B局\nB局,\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("第 3 行") && e.contains("已属于第 2 行"), "{e}");
        let e = Bodies::from_csv_text("name,aliases\n,B局\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("名称为空"), "{e}");
    }

    #[test]
    fn tab_separated_gb18030_and_xlsx_files() {
        let dir = tempfile::tempdir().unwrap();
        let tsv = dir.path().join("b.tsv");
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("名称\t别名\t行政区划代码\n张店区信访局\t\t370303\n");
        std::fs::write(&tsv, &bytes).unwrap();
        let b = Bodies::load(&tsv).unwrap();
        assert_eq!(
            b.get("张店区信访局").unwrap().level(),
            Some(AdminLevel::County)
        );

        let xlsx = dir.path().join("b.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in ["name", "aliases", "行政区划代码", "level", "kind"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "洪泽区人民政府").unwrap();
        sheet.write_string(1, 1, "淮安市洪泽区人民政府").unwrap();
        sheet.write_number(1, 2, 320813.0).unwrap();
        sheet.write_string(1, 3, "县").unwrap();
        sheet.write_string(1, 4, "政府").unwrap();
        book.save(&xlsx).unwrap();
        let b = Bodies::load(&xlsx).unwrap();
        let m = b.match_name(Some("淮安市洪泽区人民政府"));
        assert_eq!(m.how, How::Alias);
        assert_eq!(m.region.map(RegionCode::as_str), Some("320813"));

        let e = Bodies::load(&dir.path().join("missing.csv"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing.csv"), "{e}");
        std::fs::write(dir.path().join("bad.xlsx"), b"not a workbook").unwrap();
        let e = Bodies::load(&dir.path().join("bad.xlsx"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("不是可读的表格文件"), "{e}");
    }
}
