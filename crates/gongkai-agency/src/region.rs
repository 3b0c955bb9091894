//! 行政区划代码, administrative levels and kinds of body.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::name::Level;

/// The administrative level of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminLevel {
    /// 国家 (central bodies).
    National,
    /// 省 (provinces, autonomous regions, municipalities).
    Province,
    /// 市 (prefecture level: 设区的市, 自治州, 地区, 盟).
    City,
    /// 县 (counties, districts of a city, county-level cities, 旗).
    County,
    /// 乡 (乡, 镇, 街道).
    Township,
}

impl AdminLevel {
    pub const ALL: [AdminLevel; 5] = [
        AdminLevel::National,
        AdminLevel::Province,
        AdminLevel::City,
        AdminLevel::County,
        AdminLevel::Township,
    ];

    /// The level as written in a bodies file: 国家, 省, 市, 县, 乡.
    pub fn as_str(self) -> &'static str {
        match self {
            AdminLevel::National => "国家",
            AdminLevel::Province => "省",
            AdminLevel::City => "市",
            AdminLevel::County => "县",
            AdminLevel::Township => "乡",
        }
    }

    /// Read a level: 国家/中央, 省, 市/地, 县/区, 乡/镇/街道 (with or
    /// without 级), or the English names.
    pub fn parse(s: &str) -> Option<AdminLevel> {
        let s = s.trim();
        let s = s.strip_suffix('级').unwrap_or(s);
        Some(match s.to_ascii_lowercase().as_str() {
            "国家" | "中央" | "国" | "national" => AdminLevel::National,
            "省" | "省区市" | "province" | "provincial" => AdminLevel::Province,
            "市" | "地" | "地市" | "州" | "city" | "prefecture" => AdminLevel::City,
            "县" | "区县" | "县区" | "county" => AdminLevel::County,
            "乡" | "镇" | "乡镇" | "街道" | "乡镇街道" | "township" => {
                AdminLevel::Township
            }
            _ => return None,
        })
    }

    /// The level judged from a name ([`crate::name::level_of_name`]).
    pub fn from_name_level(l: Level) -> AdminLevel {
        match l {
            Level::National => AdminLevel::National,
            Level::Provincial => AdminLevel::Province,
            Level::City | Level::Prefecture => AdminLevel::City,
            Level::County => AdminLevel::County,
            Level::Township => AdminLevel::Township,
        }
    }
}

impl fmt::Display for AdminLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A people's government or a department (any other body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 政府: a people's government reporting on its own work.
    Government,
    /// 部门: a department, office, 街道办事处 or other body.
    Department,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Government => "政府",
            Kind::Department => "部门",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "政府" | "人民政府" | "本级政府" | "government" => Some(Kind::Government),
            "部门" | "政府部门" | "单位" | "department" => Some(Kind::Department),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A 行政区划代码: 6 digits (province 2, city 2, county 2) or 12 digits
/// (then township 3, village 3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

impl RegionCode {
    /// Read a code of 6 or 12 digits (spaces ignored, full-width digits
    /// accepted).
    pub fn parse(s: &str) -> Option<RegionCode> {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect();
        let digits = s.bytes().all(|b| b.is_ascii_digit());
        (digits && (s.len() == 6 || s.len() == 12) && !s.starts_with("00")).then_some(RegionCode(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province: the first 2 digits.
    pub fn province(&self) -> &str {
        &self.0[..2]
    }

    /// The city (prefecture): the first 4 digits.
    pub fn city(&self) -> &str {
        &self.0[..4]
    }

    /// The county: the first 6 digits.
    pub fn county(&self) -> &str {
        &self.0[..6]
    }

    /// The township: the first 9 digits of a 12-digit code.
    pub fn township(&self) -> Option<&str> {
        (self.0.len() == 12).then(|| &self.0[..9])
    }

    /// The code of the region at `level` that contains this one, padded
    /// to 6 digits (e.g. the city of `320813` is `320800`); `None` for a
    /// level below the code's own or for [`AdminLevel::National`].
    pub fn ancestor(&self, level: AdminLevel) -> Option<String> {
        if level > self.level() {
            return None;
        }
        match level {
            AdminLevel::National => None,
            AdminLevel::Province => Some(format!("{}0000", self.province())),
            AdminLevel::City => Some(format!("{}00", self.city())),
            AdminLevel::County => Some(self.county().to_string()),
            AdminLevel::Township => self.township().map(|t| format!("{t}000")),
        }
    }

    /// The level of the region the code names: trailing zeros tell.
    pub fn level(&self) -> AdminLevel {
        let c = &self.0;
        if c.len() == 12 && &c[6..9] != "000" {
            AdminLevel::Township
        } else if &c[4..6] != "00" {
            AdminLevel::County
        } else if &c[2..4] != "00" {
            AdminLevel::City
        } else {
            AdminLevel::Province
        }
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for RegionCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        let c = RegionCode::parse("320813").unwrap();
        assert_eq!(
            (c.province(), c.city(), c.county()),
            ("32", "3208", "320813")
        );
        assert_eq!(c.level(), AdminLevel::County);
        assert_eq!(c.ancestor(AdminLevel::City).as_deref(), Some("320800"));
        assert_eq!(c.ancestor(AdminLevel::Province).as_deref(), Some("320000"));
        assert_eq!(c.ancestor(AdminLevel::Township), None);
        assert_eq!(RegionCode::parse("３２０８１３"), Some(c.clone()));
        assert_eq!(
            RegionCode::parse("310000").unwrap().level(),
            AdminLevel::Province
        );
        assert_eq!(
            RegionCode::parse("320800").unwrap().level(),
            AdminLevel::City
        );
        let t = RegionCode::parse("370321100000").unwrap();
        assert_eq!(t.level(), AdminLevel::Township);
        assert_eq!(t.township(), Some("370321100"));
        assert_eq!(t.county(), "370321");
        assert_eq!(
            RegionCode::parse("370321000000").unwrap().level(),
            AdminLevel::County
        );
        for bad in ["", "32081", "3208131", "32081x", "000000", "32 08 1x"] {
            assert!(RegionCode::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn levels_and_kinds() {
        assert_eq!(AdminLevel::parse("县级"), Some(AdminLevel::County));
        assert_eq!(AdminLevel::parse("乡"), Some(AdminLevel::Township));
        assert_eq!(AdminLevel::parse("街道"), Some(AdminLevel::Township));
        assert_eq!(AdminLevel::parse("省"), Some(AdminLevel::Province));
        assert_eq!(AdminLevel::parse("Province"), Some(AdminLevel::Province));
        assert_eq!(AdminLevel::parse("村"), None);
        assert_eq!(Kind::parse("部门"), Some(Kind::Department));
        assert_eq!(Kind::parse(" 政府 "), Some(Kind::Government));
        assert_eq!(Kind::parse("党委"), None);
    }
}
