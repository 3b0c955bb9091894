//! Configuration: `gongkai.toml`.
//!
//! ```toml
//! # Rules to run: codes or family prefixes ("A", "V00", "ALL"). Empty = all.
//! select = ["ALL"]
//! # Rules not to run. The most specific selector wins; on a tie, ignore wins.
//! ignore = ["P004", "N002"]
//! # An alias file: each line lists names of one agency (the first is the
//! # canonical one), separated by tabs or “=”; `#` starts a comment.
//! aliases = "aliases.tsv"
//!
//! [severity]        # override a rule's (or a family's) severity
//! V001 = "error"
//! P = "info"
//!
//! [deadlines]       # local deadlines, earlier than the legal ones (MM-DD)
//! department = "01-20"
//! government = "03-15"
//! township = "01-31"
//! subdistrict = "01-25"
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use gongkai_model::Severity;
use serde::Deserialize;

use crate::agency::{normalize_name, BodyClass};
use crate::registry::rules;

/// The file name looked for.
pub const CONFIG_FILE: &str = "gongkai.toml";

/// Why a configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("无法读取配置文件 {path}：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("配置文件 {path} 格式错误：{message}")]
    Parse { path: String, message: String },
    #[error("未知的规则代码或前缀“{0}”（用 `gongkai rules` 查看全部规则）")]
    UnknownCode(String),
    #[error("未知的级别“{0}”：应为 error、warning 或 info")]
    UnknownSeverity(String),
    #[error("无法识别的日期“{0}”：应为 MM-DD，例如 01-31")]
    BadDate(String),
}

/// A month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// Parse `01-31`, `1-31`, `1/31` or `1月31日`.
    pub fn parse(s: &str) -> Result<MonthDay, ConfigError> {
        let bad = || ConfigError::BadDate(s.to_string());
        let t = s.trim().trim_end_matches('日');
        let mut parts = t.split(['-', '/', '月', '.']);
        let month: u32 = parts
            .next()
            .and_then(|p| p.trim().parse().ok())
            .ok_or_else(bad)?;
        let day: u32 = parts
            .next()
            .and_then(|p| p.trim().parse().ok())
            .ok_or_else(bad)?;
        if parts.next().is_some() || chrono::NaiveDate::from_ymd_opt(2024, month, day).is_none() {
            return Err(bad());
        }
        Ok(MonthDay { month, day })
    }
}

/// Local deadlines (configured; the legal ones are built in).
#[derive(Debug, Clone, Default)]
pub struct Deadlines {
    pub department: Option<MonthDay>,
    pub government: Option<MonthDay>,
    pub township: Option<MonthDay>,
    pub subdistrict: Option<MonthDay>,
}

impl Deadlines {
    pub fn local(&self, class: BodyClass) -> Option<MonthDay> {
        match class {
            BodyClass::Department => self.department,
            BodyClass::Government => self.government,
            // A township or subdistrict without its own setting follows the
            // government or department setting.
            BodyClass::Township => self.township.or(self.government),
            BodyClass::Subdistrict => self.subdistrict.or(self.department),
        }
    }
}

/// Agency aliases: names of one agency mapped to a canonical name.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    map: HashMap<String, String>,
}

impl Aliases {
    /// Parse an alias file: one agency per line, names separated by tabs or
    /// `=`; the first name is the canonical one; `#` starts a comment.
    pub fn parse(text: &str) -> Aliases {
        let mut map = HashMap::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let names: Vec<String> = line
                .split(['\t', '=', '＝'])
                .map(normalize_name)
                .filter(|n| !n.is_empty())
                .collect();
            if let Some(canon) = names.first() {
                for n in &names {
                    map.insert(n.clone(), canon.clone());
                }
            }
        }
        Aliases { map }
    }

    pub fn load(path: &Path) -> Result<Aliases, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Aliases::parse(&text))
    }

    /// The canonical name of an agency, if the alias file lists it.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.map.get(&normalize_name(name)).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    deadlines: RawDeadlines,
    #[serde(default)]
    aliases: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadlines {
    department: Option<String>,
    government: Option<String>,
    township: Option<String>,
    subdistrict: Option<String>,
}

/// The checker's configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Selectors of the rules to run (codes or prefixes; empty = all).
    pub select: Vec<String>,
    /// Selectors of the rules not to run.
    pub ignore: Vec<String>,
    /// Severity overrides by code or prefix.
    pub severity: BTreeMap<String, Severity>,
    pub deadlines: Deadlines,
    pub aliases: Aliases,
    /// The file the configuration was read from.
    pub path: Option<PathBuf>,
}

fn check_selector(s: &str) -> Result<String, ConfigError> {
    let s = s.trim().to_ascii_uppercase();
    if s == "ALL" || (!s.is_empty() && rules().iter().any(|r| r.info.code.starts_with(&s))) {
        Ok(s)
    } else {
        Err(ConfigError::UnknownCode(s))
    }
}

impl Config {
    /// Parse a configuration read from `path` (relative paths in it, such
    /// as the alias file, are taken from the file's directory).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.display().to_string(),
            message: e.to_string().trim().to_string(),
        })?;
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        config.set_select(&raw.select)?;
        config.add_ignore(&raw.ignore)?;
        for (code, sev) in &raw.severity {
            config.set_severity(code, sev)?;
        }
        let d = |s: &Option<String>| s.as_deref().map(MonthDay::parse).transpose();
        config.deadlines = Deadlines {
            department: d(&raw.deadlines.department)?,
            government: d(&raw.deadlines.government)?,
            township: d(&raw.deadlines.township)?,
            subdistrict: d(&raw.deadlines.subdistrict)?,
        };
        if let Some(a) = &raw.aliases {
            let base = path.parent().unwrap_or(Path::new("."));
            config.aliases = Aliases::load(&base.join(a))?;
        }
        Ok(config)
    }

    /// Read a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Find `gongkai.toml` in `start` or one of its ancestors.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(CONFIG_FILE))
            .find(|p| p.is_file())
    }

    /// Replace the selection.
    pub fn set_select(&mut self, selectors: &[String]) -> Result<(), ConfigError> {
        self.select = selectors
            .iter()
            .map(|s| check_selector(s))
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    /// Add to the ignore list.
    pub fn add_ignore(&mut self, selectors: &[String]) -> Result<(), ConfigError> {
        for s in selectors {
            self.ignore.push(check_selector(s)?);
        }
        Ok(())
    }

    /// Override the severity of a code or prefix.
    pub fn set_severity(&mut self, code: &str, severity: &str) -> Result<(), ConfigError> {
        let code = check_selector(code)?;
        let sev = Severity::parse(severity)
            .ok_or_else(|| ConfigError::UnknownSeverity(severity.into()))?;
        self.severity.insert(code, sev);
        Ok(())
    }

    /// Whether a rule runs: the most specific matching selector decides; on a
    /// tie `ignore` wins; with no match, a rule runs when `select` is empty.
    pub fn is_enabled(&self, code: &str) -> bool {
        let best = |list: &[String]| {
            list.iter()
                .filter(|s| s.as_str() == "ALL" || code.starts_with(s.as_str()))
                .map(|s| if s == "ALL" { 0 } else { s.len() })
                .max()
        };
        match (best(&self.select), best(&self.ignore)) {
            (Some(s), Some(i)) => s > i,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => self.select.is_empty(),
        }
    }

    /// The configured severity of a code (the most specific override).
    pub fn severity_for(&self, code: &str) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(s, _)| s.as_str() == "ALL" || code.starts_with(s.as_str()))
            .max_by_key(|(s, _)| if s.as_str() == "ALL" { 0 } else { s.len() })
            .map(|(_, sev)| *sev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_selects() {
        let text = r#"
select = ["A", "V", "D001"]
ignore = ["V006"]
[severity]
V001 = "error"
P = "info"
[deadlines]
department = "01-20"
government = "3月15日"
"#;
        let c = Config::parse(text, Path::new("/tmp/gongkai.toml")).unwrap();
        assert!(c.is_enabled("A001"));
        assert!(c.is_enabled("V001"));
        assert!(!c.is_enabled("V006"));
        assert!(c.is_enabled("D001"));
        assert!(!c.is_enabled("D002"));
        assert!(!c.is_enabled("P001"));
        assert_eq!(c.severity_for("V001"), Some(Severity::Error));
        assert_eq!(c.severity_for("P003"), Some(Severity::Info));
        assert_eq!(c.severity_for("A001"), None);
        assert_eq!(c.deadlines.department, Some(MonthDay { month: 1, day: 20 }));
        assert_eq!(c.deadlines.government, Some(MonthDay { month: 3, day: 15 }));
    }

    #[test]
    fn specific_select_beats_family_ignore() {
        let mut c = Config::default();
        c.add_ignore(&["P".into()]).unwrap();
        c.set_select(&["ALL".into(), "P003".into()]).unwrap();
        assert!(c.is_enabled("P003"));
        assert!(!c.is_enabled("P001"));
        assert!(c.is_enabled("A001"));
    }

    #[test]
    fn rejects_bad_input() {
        let p = Path::new("gongkai.toml");
        assert!(matches!(
            Config::parse("select = [\"Q9\"]", p),
            Err(ConfigError::UnknownCode(_))
        ));
        assert!(matches!(
            Config::parse("[severity]\nA001 = \"fatal\"", p),
            Err(ConfigError::UnknownSeverity(_))
        ));
        assert!(matches!(
            Config::parse("[deadlines]\ndepartment = \"13-01\"", p),
            Err(ConfigError::BadDate(_))
        ));
        assert!(matches!(
            Config::parse("nonsense = 1", p),
            Err(ConfigError::Parse { .. })
        ));
        assert!(matches!(
            Config::parse("select = ", p),
            Err(ConfigError::Parse { .. })
        ));
    }

    #[test]
    fn aliases() {
        let a = Aliases::parse("# 注释\n洪泽区人民政府\t淮安市洪泽区人民政府\n甲 = 乙\n");
        assert_eq!(a.canonical("淮安市洪泽区人民政府"), Some("洪泽区人民政府"));
        assert_eq!(a.canonical("乙"), Some("甲"));
        assert_eq!(a.canonical("丙"), None);
    }
}
