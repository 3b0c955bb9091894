//! Automatic paragraph numbering (`word/numbering.xml`, and numbering
//! linked to paragraph styles in `word/styles.xml`), so that a heading
//! Word numbers itself reads `一、总体情况` as it does on the page and in
//! Word's HTML export.
//!
//! Counters are kept per abstract numbering (numbering continues across
//! list instances that share one, as in Word) and restarted by a list
//! instance's `w:startOverride` the first time it is used; a level's
//! counter restarts after any higher level is used.

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};
use quick_xml::NsReader;

use super::attr;

const LEVELS: usize = 9;
/// How far `w:basedOn` chains are followed.
const MAX_STYLE_DEPTH: usize = 16;

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// What follows the number: `tab` (the default), `space` or `nothing`.
    suffix: String,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: String,
    /// Per level: a start override and a replacement level.
    overrides: HashMap<usize, (Option<u32>, Option<Level>)>,
}

/// A paragraph style's numbering, and the style it is based on.
#[derive(Debug, Default)]
struct Style {
    num: Option<(Option<String>, Option<usize>)>,
    based_on: Option<String>,
}

/// Numbering definitions and the counters of the document read so far.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<String, Vec<Option<Level>>>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, Style>,
    default_style: Option<String>,
    counters: HashMap<String, [Option<u32>; LEVELS]>,
    /// (numId, level) whose start override has been applied.
    started: HashSet<(String, usize)>,
}

impl Numbering {
    pub fn is_empty(&self) -> bool {
        self.nums.is_empty()
    }

    /// Read `numbering.xml` and `styles.xml` (either may be missing or
    /// broken: then there is no numbering from it).
    pub fn parse(numbering: Option<&str>, styles: Option<&str>) -> Numbering {
        let mut n = Numbering::default();
        if let Some(xml) = numbering {
            n.parse_numbering(xml);
        }
        if let Some(xml) = styles {
            if !n.nums.is_empty() {
                n.parse_styles(xml);
            }
        }
        n
    }

    fn parse_numbering(&mut self, xml: &str) {
        let mut reader = NsReader::from_str(xml);
        reader.config_mut().expand_empty_elements = true;
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match event {
                Event::Start(e) => match local(&e) {
                    "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                    "num" => {
                        num_id = attr(&e, "numId");
                        if let Some(id) = &num_id {
                            self.nums.insert(id.clone(), Num::default());
                        }
                    }
                    "abstractNumId" => {
                        if let (Some(id), Some(v)) = (&num_id, attr(&e, "val")) {
                            if let Some(num) = self.nums.get_mut(id) {
                                num.abstract_id = v;
                            }
                        }
                    }
                    "lvlOverride" => override_level = level_index(&e),
                    "startOverride" => {
                        if let (Some(id), Some(l)) = (&num_id, override_level) {
                            let start = attr(&e, "val").and_then(|v| v.trim().parse().ok());
                            if let Some(num) = self.nums.get_mut(id) {
                                num.overrides.entry(l).or_default().0 = start;
                            }
                        }
                    }
                    "lvl" => {
                        level = level_index(&e).map(|i| {
                            (
                                i,
                                Level {
                                    start: 1,
                                    suffix: "tab".into(),
                                    ..Level::default()
                                },
                            )
                        })
                    }
                    "start" | "numFmt" | "lvlText" | "suff" => {
                        if let Some((_, l)) = level.as_mut() {
                            let v = attr(&e, "val").unwrap_or_default();
                            match local(&e) {
                                "start" => l.start = v.trim().parse().unwrap_or(1),
                                "numFmt" => l.format = v,
                                "lvlText" => l.text = v,
                                _ => l.suffix = v,
                            }
                        }
                    }
                    // Properties that hold no numbering, some of them large.
                    "pPr" | "rPr" => {
                        let _ = reader.read_to_end(e.name());
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    "lvlOverride" => override_level = None,
                    "lvl" => {
                        if let Some((i, l)) = level.take() {
                            if let (Some(id), Some(ov)) = (&num_id, override_level) {
                                if let Some(num) = self.nums.get_mut(id) {
                                    num.overrides.entry(ov).or_default().1 = Some(l);
                                }
                            } else if let Some(id) = &abstract_id {
                                let levels = self
                                    .abstracts
                                    .entry(id.clone())
                                    .or_insert_with(|| vec![None; LEVELS]);
                                if let Some(slot) = levels.get_mut(i) {
                                    *slot = Some(l);
                                }
                            }
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }

    fn parse_styles(&mut self, xml: &str) {
        let mut reader = NsReader::from_str(xml);
        reader.config_mut().expand_empty_elements = true;
        let mut style: Option<(String, Style)> = None;
        let mut in_ppr = false;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match event {
                Event::Start(e) => match local(&e) {
                    "style" => {
                        let paragraph = attr(&e, "type").is_none_or(|t| t == "paragraph");
                        match attr(&e, "styleId") {
                            Some(id) if paragraph => {
                                if attr(&e, "default").is_some_and(|d| d == "1" || d == "true") {
                                    self.default_style = Some(id.clone());
                                }
                                style = Some((id, Style::default()));
                            }
                            _ => {
                                let _ = reader.read_to_end(e.name());
                            }
                        }
                    }
                    "basedOn" => {
                        if let Some((_, s)) = style.as_mut() {
                            s.based_on = attr(&e, "val");
                        }
                    }
                    "pPr" => in_ppr = true,
                    "numId" | "ilvl" if in_ppr => {
                        if let Some((_, s)) = style.as_mut() {
                            let num = s.num.get_or_insert((None, None));
                            let v = attr(&e, "val");
                            if local(&e) == "numId" {
                                num.0 = v;
                            } else {
                                num.1 = v.and_then(|v| v.trim().parse().ok());
                            }
                        }
                    }
                    "rPr" | "tblPr" | "trPr" | "tcPr" | "docDefaults" | "latentStyles" => {
                        let _ = reader.read_to_end(e.name());
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "pPr" => in_ppr = false,
                    "style" => {
                        if let Some((id, s)) = style.take() {
                            self.styles.insert(id, s);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }

    /// The numbering of a paragraph with these properties: its own
    /// `w:numPr` first, then its style's (through `w:basedOn`).
    fn resolve(
        &self,
        num_id: Option<&str>,
        ilvl: Option<usize>,
        style: Option<&str>,
    ) -> Option<(String, usize)> {
        let mut id = num_id.map(str::to_string);
        let mut level = ilvl;
        let mut current = style.or(self.default_style.as_deref());
        for _ in 0..MAX_STYLE_DEPTH {
            if id.is_some() && level.is_some() {
                break;
            }
            let Some(s) = current.and_then(|c| self.styles.get(c)) else {
                break;
            };
            if let Some((sid, slvl)) = &s.num {
                if id.is_none() {
                    id.clone_from(sid);
                }
                if level.is_none() {
                    level = *slvl;
                }
            }
            current = s.based_on.as_deref();
        }
        let id = id?;
        (id != "0").then_some((id, level.unwrap_or(0).min(LEVELS - 1)))
    }

    fn level(&self, num: &Num, l: usize) -> Option<Level> {
        if let Some((_, Some(lvl))) = num.overrides.get(&l) {
            return Some(lvl.clone());
        }
        self.abstracts
            .get(&num.abstract_id)
            .and_then(|levels| levels.get(l).cloned().flatten())
    }

    /// The label of the next paragraph with this numbering (advancing the
    /// counters), with what follows it: `一、`, `（二）`, `1.` …
    pub fn label(
        &mut self,
        num_id: Option<&str>,
        ilvl: Option<usize>,
        style: Option<&str>,
    ) -> Option<String> {
        let (id, l) = self.resolve(num_id, ilvl, style)?;
        let num = self.nums.get(&id)?;
        let abstract_id = num.abstract_id.clone();
        let this = self.level(num, l)?;
        let levels: Vec<Option<Level>> = (0..LEVELS).map(|i| self.level(num, i)).collect();
        let restart = num.overrides.get(&l).and_then(|o| o.0);
        let counters = self.counters.entry(abstract_id).or_insert([None; LEVELS]);
        if let Some(start) = restart {
            if self.started.insert((id, l)) {
                counters[l] = Some(start.saturating_sub(1));
            }
        }
        counters[l] = Some(match counters[l] {
            Some(n) => n.saturating_add(1),
            None => this.start,
        });
        for c in counters.iter_mut().skip(l + 1) {
            *c = None;
        }
        let mut label = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let k = (d as usize).saturating_sub(1).min(LEVELS - 1);
                    let lvl = levels.get(k).cloned().flatten().unwrap_or_default();
                    let n = counters[k].unwrap_or(lvl.start);
                    label.push_str(&format_number(n, &lvl.format));
                    continue;
                }
            }
            label.push(ch);
        }
        if this.format == "bullet" || this.format == "none" {
            // Bullets are decoration (often a symbol font's private glyph).
            return None;
        }
        if label.trim().is_empty() {
            return None;
        }
        let wide_end = label
            .chars()
            .next_back()
            .is_some_and(|c| c as u32 >= 0x2E80);
        if this.suffix != "nothing" && !wide_end {
            label.push(' ');
        }
        Some(label)
    }
}

fn local<'a>(e: &'a BytesStart<'_>) -> &'a str {
    let name = e.name().0;
    name.rsplit(':').next().unwrap_or(name)
}

fn level_index(e: &BytesStart<'_>) -> Option<usize> {
    attr(e, "ilvl")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&i| i < LEVELS)
}

/// A counter in a Word number format.
pub(super) fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographDigital"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => {
            if format == "ideographDigital" {
                n.to_string()
                    .chars()
                    .map(|d| {
                        "〇一二三四五六七八九"
                            .chars()
                            .nth(d as usize - '0' as usize)
                            .unwrap_or(d)
                    })
                    .collect()
            } else if format == "chineseLegalSimplified" {
                chinese(
                    n,
                    &['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
                    ['拾', '佰', '仟', '万'],
                )
            } else {
                chinese(
                    n,
                    &['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
                    ['十', '百', '千', '万'],
                )
            }
        }
        "ideographTraditional" => cycle(n, "甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "decimalZero" => format!("{n:02}"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap_or(d))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32(0x2488 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "none" | "bullet" => String::new(),
        _ => n.to_string(),
    }
}

/// Chinese numerals: 一 … 十, 十一, 二十, 一百零五 …
fn chinese(n: u32, digits: &[char; 10], units: [char; 4]) -> String {
    if n == 0 {
        return digits[0].to_string();
    }
    if n >= 100_000_000 {
        return n.to_string();
    }
    let mut out = String::new();
    let high = n / 10_000;
    let low = n % 10_000;
    if high > 0 {
        out.push_str(&chinese_below_10k(high, digits, units, false));
        out.push(units[3]);
        if low > 0 && low < 1000 {
            out.push(digits[0]);
        }
    }
    if low > 0 {
        out.push_str(&chinese_below_10k(low, digits, units, high > 0));
    }
    out
}

fn chinese_below_10k(n: u32, digits: &[char; 10], units: [char; 4], inner: bool) -> String {
    let parts = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in parts.iter().enumerate() {
        let unit = match i {
            0 => Some(units[2]),
            1 => Some(units[1]),
            2 => Some(units[0]),
            _ => None,
        };
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push(digits[0]);
            zero = false;
        }
        // 十一, not 一十一 (at the start of the number).
        let tens_only = i == 2 && out.is_empty() && d == 1 && !inner;
        if !tens_only {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    out
}

fn cycle(n: u32, chars: &str) -> String {
    let all: Vec<char> = chars.chars().collect();
    if n == 0 || all.is_empty() {
        return n.to_string();
    }
    all[((n - 1) as usize) % all.len()].to_string()
}

fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return String::new();
    }
    // Word repeats the letter: A … Z, AA … ZZ, AAA …
    let letter = char::from(base + ((n - 1) % 26) as u8);
    let times = ((n - 1) / 26 + 1).min(64) as usize;
    std::iter::repeat_n(letter, times).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let f = |n| format_number(n, "chineseCounting");
        assert_eq!(f(1), "一");
        assert_eq!(f(10), "十");
        assert_eq!(f(11), "十一");
        assert_eq!(f(20), "二十");
        assert_eq!(f(21), "二十一");
        assert_eq!(f(105), "一百零五");
        assert_eq!(f(110), "一百一十");
        assert_eq!(f(1001), "一千零一");
        assert_eq!(f(10010), "一万零一十");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
    }
}
