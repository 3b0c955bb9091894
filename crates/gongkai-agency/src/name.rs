//! What kind of body published a report, judged from its name, and the key
//! under which the reports of one agency in different years are paired by
//! the checker (moved here from gongkai-check, which re-exports it).

use gongkai_model::{BodyKind, Report};

/// The provincial-level divisions, by their short names.
const PROVINCES: [&str; 34] = [
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
];

/// The suffixes a provincial name may carry.
const PROVINCE_SUFFIXES: [&str; 6] = [
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "自治区",
    "省",
    "市",
];

/// How the publishing body is treated for the deadline of 条例第四十九条.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyClass {
    /// 县级以上人民政府部门 (and bodies treated like one): 1月31日.
    Department,
    /// 县级以上地方人民政府 (its own report): 3月31日.
    Government,
    /// 乡、镇人民政府: not named by 第四十九条; held to 3月31日 by analogy
    /// with the other people's governments unless configured otherwise.
    Township,
    /// 街道办事处: the 派出机关 of a district government, held to 1月31日
    /// like the government's departments.
    Subdistrict,
}

impl BodyClass {
    pub fn name(self) -> &'static str {
        match self {
            BodyClass::Department => "政府部门",
            BodyClass::Government => "县级以上人民政府",
            BodyClass::Township => "乡镇人民政府",
            BodyClass::Subdistrict => "街道办事处",
        }
    }

    /// The legal deadline (month, day) in the year after the reported year.
    pub fn legal_deadline(self) -> (u32, u32) {
        match self {
            BodyClass::Department | BodyClass::Subdistrict => (1, 31),
            BodyClass::Government | BodyClass::Township => (3, 31),
        }
    }
}

/// The administrative level of a body, as far as its name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// No region in the name: a central body (国务院部门 and the like).
    National,
    Provincial,
    /// A city (设区的市 or a county-level city: the name does not tell).
    City,
    /// 自治州, 地区, 盟.
    Prefecture,
    /// 县, 区 (of a city), 旗, and zones named …区.
    County,
    /// 乡, 镇, 街道.
    Township,
}

/// Remove spaces and punctuation that vary between printings of a name.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '“' | '”'
                        | '"'
                        | '\''
                        | '《'
                        | '》'
                        | '·'
                        | '・'
                        | '：'
                        | ':'
                        | '（'
                        | '）'
                        | '('
                        | ')'
                )
        })
        .collect()
}

/// The publishing body's name: `meta.agency`, else the part of the title
/// before the year.
pub fn agency_name(report: &Report) -> Option<String> {
    if let Some(a) = report.agency() {
        let n = normalize_name(a);
        if !n.is_empty() {
            return Some(n);
        }
    }
    let title = normalize_name(&report.meta.title.as_ref()?.value);
    let cut = title
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit() || matches!(c, '二' | '〇'))
        .map(|(i, _)| i)?;
    let name = title[..cut].trim_end_matches("关于").to_string();
    (name.chars().count() >= 2).then_some(name)
}

/// Classify the body for the deadline: `meta.body_kind` if the extractor set
/// it, else from the name. `None` when there is no name.
pub fn classify(report: &Report) -> Option<(BodyClass, String)> {
    let name = agency_name(report);
    if let Some(kind) = report.meta.body_kind {
        let class = match kind {
            BodyKind::Government => match name.as_deref().map(class_of_name) {
                Some(BodyClass::Township) => BodyClass::Township,
                _ => BodyClass::Government,
            },
            BodyKind::Department => match name.as_deref().map(class_of_name) {
                Some(BodyClass::Subdistrict) => BodyClass::Subdistrict,
                _ => BodyClass::Department,
            },
        };
        return Some((class, name.unwrap_or_default()));
    }
    let name = name?;
    Some((class_of_name(&name), name))
}

/// Classify a body by its name.
///
/// A name ending in 人民政府 (or in a bare region name such as `洪泽区`, the
/// way a government's own report is often titled) is a people's government;
/// 乡/镇人民政府 are townships; 街道办事处 (or 街道 alone) is a subdistrict;
/// anything else — including 人民政府办公厅/办公室, 管理委员会 and the
/// bureaus — is a department.
pub fn class_of_name(name: &str) -> BodyClass {
    let name = normalize_name(name);
    if name.ends_with("街道办事处") || name.ends_with("街道办") || name.ends_with("街道")
    {
        return BodyClass::Subdistrict;
    }
    let gov = name
        .strip_suffix("人民政府")
        .or_else(|| name.strip_suffix("政府"));
    let region = match gov {
        Some(r) => r,
        None if ends_with_region(&name) => name.as_str(),
        None => return BodyClass::Department,
    };
    if region.ends_with('镇') || region.ends_with('乡') {
        BodyClass::Township
    } else {
        BodyClass::Government
    }
}

pub(crate) fn ends_with_region(name: &str) -> bool {
    let n = name.chars().count();
    n >= 2
        && ["省", "市", "县", "区", "旗", "自治州", "盟", "镇", "乡"]
            .iter()
            .any(|s| name.ends_with(s))
        && !name.ends_with("社区")
        && !name.ends_with("园区")
        && !name.ends_with("辖区")
}

/// The administrative level of a body from its name, `None` when unclear.
pub fn level_of_name(name: &str) -> Option<Level> {
    let mut rest = normalize_name(name);
    if let Some(r) = rest.strip_prefix("中华人民共和国") {
        rest = r.to_string();
    }
    let mut level = None;
    // A province at the start, or anywhere (e.g. 国家税务总局上海市税务局).
    for p in PROVINCES {
        if let Some(pos) = rest.find(p) {
            let after = &rest[pos + p.len()..];
            let after = PROVINCE_SUFFIXES
                .iter()
                .find_map(|s| after.strip_prefix(s))
                .unwrap_or(after);
            level = Some(Level::Provincial);
            rest = after.to_string();
            break;
        }
    }
    // Lower-level region tokens after a name of at least one character.
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 1;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev = chars[i - 1];
        let found = match c {
            '市' if next != Some('场') && next != Some('政') => Some(Level::City),
            '州' => Some(Level::Prefecture),
            '盟' => Some(Level::Prefecture),
            '县' if next != Some('级') => Some(Level::County),
            '区' if !matches!(
                prev,
                '社' | '园' | '辖' | '景' | '城' | '校' | '片' | '地' | '小' | '库'
            ) =>
            {
                Some(Level::County)
            }
            '旗' => Some(Level::County),
            '镇' => Some(Level::Township),
            '乡' if prev != '城' => Some(Level::Township),
            '街' if next == Some('道') => Some(Level::Township),
            _ => None,
        };
        if let Some(f) = found {
            level = Some(match level {
                Some(l) if l > f => l,
                _ => f,
            });
        }
        i += 1;
    }
    if level.is_none() && !chars.is_empty() {
        // No region at all: a central body, if it looks like an organ.
        let organ = [
            "部",
            "委员会",
            "总署",
            "总局",
            "局",
            "署",
            "银行",
            "院",
            "办公厅",
        ];
        if organ.iter().any(|o| rest.ends_with(o)) {
            return Some(Level::National);
        }
    }
    level
}

/// Whether the body has the power to make 规章 (立法法: 国务院部门, and the
/// people's governments of provinces, 设区的市 and 自治州). `None` when the
/// name does not tell; a city government gets the benefit of the doubt
/// (its name does not say whether the city has districts).
pub fn has_rule_making_power(name: &str) -> Option<bool> {
    let level = level_of_name(name)?;
    let class = class_of_name(name);
    Some(match level {
        Level::National => class == BodyClass::Department,
        Level::Provincial | Level::City | Level::Prefecture => class == BodyClass::Government,
        Level::County | Level::Township => false,
    })
}

/// Region-name tokens that may end a region name inside an agency name.
fn is_region_token(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let prev = if i > 0 { Some(chars[i - 1]) } else { None };
    let next = chars.get(i + 1).copied();
    match c {
        '省' | '州' | '盟' | '旗' => true,
        // 城镇 (住房和城乡建设, 城镇化) is not a township.
        '镇' => prev != Some('城'),
        // 城市管理局, 都市, 超市, 市场, 市政 are not cities.
        '市' => {
            next != Some('场') && next != Some('政') && !matches!(prev, Some('城' | '都' | '超'))
        }
        '县' => next != Some('级'),
        '区' => !matches!(
            prev,
            Some('社' | '园' | '辖' | '景' | '城' | '校' | '片' | '地')
        ),
        '乡' => prev != Some('城'),
        _ => false,
    }
}

/// The key under which reports of one agency are matched across years: the
/// name from its lowest region on, so that `淮安市洪泽区人民政府` and
/// `洪泽区人民政府` share the key `洪泽区人民政府`, while `上海市科学技术委员会`
/// keeps its full name (the part after 上海市 names no region).
pub fn agency_key(name: &str) -> String {
    let mut cur: Vec<char> = normalize_name(name).chars().collect();
    if let Some(rest) = cur
        .iter()
        .collect::<String>()
        .strip_prefix("中华人民共和国")
        .map(|s| s.chars().collect::<Vec<_>>())
    {
        cur = rest;
    }
    loop {
        let first = (1..cur.len()).find(|&i| is_region_token(&cur, i));
        let Some(i) = first else { break };
        let rest = &cur[i + 1..];
        let rest_has_region = (1..rest.len()).any(|j| is_region_token(rest, j));
        if rest_has_region {
            cur = rest.to_vec();
        } else {
            break;
        }
    }
    cur.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_management_bureaus_of_two_cities_differ() {
        assert_ne!(
            agency_key("淮安市城市管理局"),
            agency_key("苏州市城市管理局")
        );
        assert_eq!(agency_key("淮安市城市管理局"), "淮安市城市管理局");
        assert_eq!(
            agency_key("淮安市洪泽区人民政府"),
            agency_key("洪泽区人民政府")
        );
    }

    #[test]
    fn classes() {
        assert_eq!(class_of_name("淮安市洪泽区人民政府"), BodyClass::Government);
        assert_eq!(class_of_name("洪泽区"), BodyClass::Government);
        assert_eq!(class_of_name("上海市人民政府办公厅"), BodyClass::Department);
        assert_eq!(class_of_name("广州市人民政府办公室"), BodyClass::Department);
        assert_eq!(class_of_name("柱濮镇人民政府"), BodyClass::Township);
        assert_eq!(class_of_name("某某乡人民政府"), BodyClass::Township);
        assert_eq!(
            class_of_name("桓台县索镇街道办事处"),
            BodyClass::Subdistrict
        );
        assert_eq!(class_of_name("张店区信访局"), BodyClass::Department);
        assert_eq!(
            class_of_name("平潭综合实验区管委会办公室"),
            BodyClass::Department
        );
        assert_eq!(class_of_name("上海市科学技术委员会"), BodyClass::Department);
    }

    #[test]
    fn levels_and_power() {
        assert_eq!(level_of_name("教育部"), Some(Level::National));
        assert_eq!(
            level_of_name("上海市科学技术委员会"),
            Some(Level::Provincial)
        );
        assert_eq!(level_of_name("福建省财政厅"), Some(Level::Provincial));
        assert_eq!(level_of_name("淮安市洪泽区人民政府"), Some(Level::County));
        assert_eq!(level_of_name("上海市徐汇区人民政府"), Some(Level::County));
        assert_eq!(level_of_name("洪泽区市场监督管理局"), Some(Level::County));
        assert_eq!(level_of_name("柱濮镇人民政府"), Some(Level::Township));
        assert_eq!(has_rule_making_power("教育部"), Some(true));
        assert_eq!(has_rule_making_power("上海市人民政府"), Some(true));
        assert_eq!(has_rule_making_power("淮安市人民政府"), Some(true));
        assert_eq!(has_rule_making_power("上海市科学技术委员会"), Some(false));
        assert_eq!(has_rule_making_power("张店区信访局"), Some(false));
        assert_eq!(has_rule_making_power("淮安市洪泽区人民政府"), Some(false));
    }

    #[test]
    fn keys() {
        assert_eq!(agency_key("淮安市洪泽区人民政府"), "洪泽区人民政府");
        assert_eq!(agency_key("洪泽区人民政府"), "洪泽区人民政府");
        assert_eq!(agency_key("上海市科学技术委员会"), "上海市科学技术委员会");
        assert_eq!(
            agency_key("淮安市洪泽区市场监督管理局"),
            "洪泽区市场监督管理局"
        );
        assert_eq!(
            agency_key("淮安市住房和城乡建设局"),
            "淮安市住房和城乡建设局"
        );
        assert_eq!(
            agency_key("福建省平潭综合实验区财政金融局"),
            "平潭综合实验区财政金融局"
        );
        assert_eq!(agency_key("桓台县索镇街道办事处"), "索镇街道办事处");
    }
}
