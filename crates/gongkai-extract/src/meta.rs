//! Report metadata: the six section headings, title, agency, year reported
//! on, statistics period and publication date.

use chrono::NaiveDate;

use crate::anchors::{chars, find_fuzzy};
use crate::norm::{is_cjk, Normalized};

/// The canonical section headings, with accepted variants.
pub const SECTIONS: [(u8, &[&str]); 6] = [
    (1, &["总体情况"]),
    (2, &["主动公开政府信息情况"]),
    (3, &["收到和处理政府信息公开申请情况"]),
    (
        4,
        &[
            "政府信息公开行政复议、行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
            "政府信息公开行政复议行政诉讼情况",
            "政府信息公开行政复议及行政诉讼情况",
            "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        ],
    ),
    (
        5,
        &[
            "存在的主要问题及改进情况",
            "存在的主要问题和改进情况",
            "存在的主要问题及改进措施",
        ],
    ),
    (6, &["其他需要报告的事项"]),
];

/// A section heading found: (number, normalised start, normalised end).
pub type Heading = (u8, usize, usize);

/// Whether the chars before `at` are a heading number such as `二、`, `2.`,
/// `（二）` or `第二部分`.
fn numbered(norm: &Normalized, at: usize) -> Option<usize> {
    if at == 0 {
        return None;
    }
    let c = norm.chars[at - 1];
    let numeral = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    // `表二：` names a table, not a section.
    if matches!(c, '、' | '.')
        && at >= 2
        && numeral(norm.chars[at - 2])
        && (at < 3 || norm.chars[at - 3] != '表')
    {
        return Some(at - 2);
    }
    if c == ')' && at >= 3 && numeral(norm.chars[at - 2]) && norm.chars[at - 3] == '(' {
        return Some(at - 3);
    }
    None
}

/// Like [`numbered`], also allowing a few words between the number and the
/// heading text (`五、政府信息公开工作存在的主要问题及改进情况`).
fn numbered_near(norm: &Normalized, at: usize) -> Option<usize> {
    if let Some(s) = numbered(norm, at) {
        return Some(s);
    }
    for k in 1..=10.min(at) {
        let c = norm.chars[at - k];
        if !crate::norm::is_cjk(c) {
            break;
        }
        if let Some(s) = numbered(norm, at - k) {
            return Some(s);
        }
    }
    None
}

/// Find the section headings in order of appearance. A heading must carry a
/// number (`二、…`); the same words inside a sentence do not count.
pub fn find_headings(norm: &Normalized) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];
    for (num, variants) in SECTIONS {
        // Prefer the heading numbered as the section (三、 for section 3),
        // then any Chinese numeral, then Arabic numbering (sub-items such
        // as `1.收到和处理政府信息公开申请情况` inside 总体情况).
        let mut best: Option<(u8, Heading)> = None;
        for v in variants {
            let pat = chars(v);
            for s in norm.find_all(&pat, 0, norm.len()) {
                if let Some(start) = numbered_near(norm, s) {
                    let first = norm.chars[start];
                    let rank = if first == NUMERALS[num as usize - 1] {
                        0
                    } else if NUMERALS.contains(&first) || "七八九十".contains(first) {
                        1
                    } else {
                        2
                    };
                    let cand = (num, start, s + pat.len());
                    if best.is_none_or(|(r, b)| (rank, cand.1) < (r, b.1)) {
                        best = Some((rank, cand));
                    }
                }
            }
        }
        let mut best = best.map(|b| b.1);
        if best.is_none() && variants[0].chars().count() >= 8 {
            // A heading printed with a typo: compare the text right after each
            // Chinese heading number (一、 … 六、) instead of the whole text.
            let pat = chars(variants[0]);
            let window = pat.len() + crate::fuzzy::max_edits(pat.len()) + 10;
            'numbers: for i in 1..norm.len() {
                if norm.chars[i] != '、' || !NUMERALS.contains(&norm.chars[i - 1]) {
                    continue;
                }
                let range = i + 1..(i + 1 + window).min(norm.len());
                for f in find_fuzzy(norm, &pat, range, &[]) {
                    if numbered_near(norm, f.start).is_some() {
                        best = Some((num, i - 1, f.end));
                        break 'numbers;
                    }
                }
            }
        }
        if let Some(b) = best {
            out.push(b);
        }
    }
    out.sort_by_key(|h| h.1);
    out
}

/// Parse `YYYY年M月D日`, `YYYY-MM-DD`, `YYYY.M.D`, `YYYY/M/D` at the start of `s`
/// (Chinese numerals such as 二〇二四年一月十日 included). Returns the date
/// and the number of bytes consumed.
pub fn parse_date(s: &str) -> Option<(NaiveDate, usize)> {
    let mut it = s.char_indices().peekable();
    let mut nums: Vec<u32> = Vec::new();
    let mut end = 0;
    let mut cur: Option<u32> = None;
    let mut cn_digits = 0u32;
    let mut seps = 0;
    while let Some(&(i, c)) = it.peek() {
        let d = match c {
            '0'..='9' => Some(c as u32 - '0' as u32),
            '０'..='９' => Some(c as u32 - '０' as u32),
            '〇' | '○' | 'Ｏ' | '零' => Some(0),
            '一' => Some(1),
            '二' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = d {
            if cn_digits >= 4 {
                return None;
            }
            cur = Some(cur.unwrap_or(0) * 10 + d);
            cn_digits += 1;
            it.next();
            continue;
        }
        if c == '十' {
            // 十 = 10, 十二 = 12, 二十 = 20, 二十一 = 21.
            let tens = match cur {
                Some(t) if cn_digits == 1 => t,
                None => 1,
                _ => return None,
            };
            cur = Some(tens * 10);
            cn_digits = 0;
            it.next();
            if let Some(&(_, n)) = it.peek() {
                if let Some(u) = "一二三四五六七八九".find(n).map(|p| p as u32 / 3 + 1) {
                    cur = Some(tens * 10 + u);
                    it.next();
                }
            }
            continue;
        }
        if c == ' ' && nums.len() < 3 {
            it.next();
            continue;
        }
        let sep = matches!(c, '年' | '月' | '-' | '.' | '/' | '－' | '．');
        let day_end = c == '日' || c == '号';
        if (sep || day_end) && cur.is_some() {
            if let Some(v) = cur.take() {
                nums.push(v);
            }
            cn_digits = 0;
            seps += 1;
            it.next();
            end = i + c.len_utf8();
            if day_end || nums.len() == 3 {
                break;
            }
            continue;
        }
        break;
    }
    if nums.len() < 3 {
        if let Some(v) = cur {
            if nums.len() == 2 && seps >= 2 {
                nums.push(v);
                end = it.peek().map(|p| p.0).unwrap_or(s.len());
            }
        }
    }
    if nums.len() != 3 || !(1990..=2100).contains(&nums[0]) {
        return None;
    }
    NaiveDate::from_ymd_opt(nums[0] as i32, nums[1], nums[2]).map(|d| (d, end))
}

/// All dates in `text` with their byte ranges.
pub fn dates_in(text: &str) -> Vec<(NaiveDate, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let starts = (c.is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()))
            || (c == '二' && text[i..].starts_with("二〇"))
            || (c == '二' && text[i..].starts_with("二零"));
        if starts {
            if let Some((d, len)) = parse_date(&text[i..]) {
                out.push((d, i..i + len));
                i += len.max(1);
                continue;
            }
        }
        i += c.len_utf8();
    }
    out
}

/// A 4-digit year followed by 年 at `text[i..]`.
fn year_at(text: &str) -> Option<(i32, usize)> {
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() != 4 {
        return None;
    }
    let rest = text[4..].trim_start();
    if !rest.starts_with('年') {
        return None;
    }
    let y: i32 = digits.parse().ok()?;
    (2000..=2100)
        .contains(&y)
        .then_some((y, text.len() - rest.len() + '年'.len_utf8()))
}

/// The title: the first line(s) that name the report (年度报告 / 工作报告 /
/// 年报), joined when the title wraps. Returns (title, byte range).
pub fn find_title(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let head_end = crate::floor(text, text.len().min(3000));
    let head = &text[..head_end];
    let mut offset = 0;
    let lines: Vec<(usize, &str)> = head
        .split('\n')
        .map(|l| {
            let o = offset;
            offset += l.len() + 1;
            (o, l)
        })
        .collect();
    for (k, (o, l)) in lines.iter().enumerate().take(40) {
        let t = l
            .trim()
            .trim_start_matches("标题:")
            .trim_start_matches("标题：")
            .trim();
        if t.is_empty() || t.chars().count() > 80 {
            continue;
        }
        let squeezed: String = t.split_whitespace().collect();
        if squeezed.contains("年度报告")
            || squeezed.contains("工作报告")
            || squeezed.ends_with("年报")
        {
            let start = o + (l.len() - l.trim_start().len());
            return Some((squeezed, start..o + l.trim_end().len()));
        }
        // A title wrapped over two lines: …政府信息 / 公开工作年度报告.
        if squeezed.contains("政府信息") && squeezed.chars().count() < 40 {
            if let Some((o2, l2)) = lines[k + 1..].iter().find(|(_, l)| !l.trim().is_empty()) {
                let joined: String = format!("{t}{}", l2.trim()).split_whitespace().collect();
                if joined.contains("年度报告") || joined.contains("工作报告") {
                    let start = o + (l.len() - l.trim_start().len());
                    return Some((joined, start..o2 + l2.trim_end().len()));
                }
            }
        }
    }
    None
}

/// Agency and year from a title such as 桓台县索镇街道办事处2023年度政府信息公开工作年度报告
/// or 2019年上海市人民政府办公厅政府信息公开工作年度报告.
pub fn agency_year_from_title(title: &str) -> (Option<String>, Option<i32>) {
    // Markup around a title line (a Markdown `# ` heading, `**bold**`, a
    // quote or list marker) is not part of the agency's name.
    let title = title
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '#' | '*' | '>' | '_' | '='))
        .trim_start_matches(['-', '+', ' ']);
    let mut year = None;
    let mut agency = None;
    for (i, _) in title.char_indices() {
        if let Some((y, len)) = year_at(&title[i..]) {
            year = Some(y);
            let before = title[..i].trim();
            let mut after = title[i + len..].trim_start();
            after = after.trim_start_matches('度');
            let after_agency = after.split("政府信息公开").next().unwrap_or("").trim();
            agency = if before.chars().filter(|c| is_cjk(*c)).count() >= 2 {
                Some(before.to_string())
            } else if after_agency.chars().filter(|c| is_cjk(*c)).count() >= 2 {
                Some(after_agency.to_string())
            } else {
                None
            };
            break;
        }
    }
    if agency.is_none() && year.is_none() {
        let a = title.split("政府信息公开").next().unwrap_or("").trim();
        if a.chars().filter(|c| is_cjk(*c)).count() >= 2 && a != title {
            agency = Some(a.to_string());
        }
    }
    (agency, year)
}

/// The statistics period (统计期限 / 统计周期 / 统计时限): two dates close after it.
pub fn find_period(text: &str) -> Option<((NaiveDate, NaiveDate), std::ops::Range<usize>)> {
    // One scan for 统计, then the kind of statement.
    let starts = text.match_indices("统计").filter(|(i, _)| {
        ["期限", "周期", "时限", "时间", "区间"]
            .iter()
            .any(|k| text[i + "统计".len()..].starts_with(k))
    });
    for (k, _) in starts.take(3) {
        let window_end = crate::floor(text, (k + 300).min(text.len()));
        let window = &text[k..window_end];
        let dates = dates_in(window);
        match dates.as_slice() {
            [a, b, ..] => return Some(((a.0, b.0), k + a.1.start..k + b.1.end)),
            [a] => {
                // 2024年1月1日至12月31日: the second date lacks its year.
                let rest = &window[a.1.end..];
                let rest = rest.trim_start_matches(['至', '到', '—', '-', ' ', '止']);
                let rest_off = window.len() - rest.len();
                if let Some(end) = month_day(rest, a.0) {
                    return Some(((a.0, end.0), k + a.1.start..k + rest_off + end.1));
                }
                return Some(((a.0, a.0), k + a.1.clone().start..k + a.1.end));
            }
            [] => {}
        }
    }
    None
}

fn month_day(s: &str, base: NaiveDate) -> Option<(NaiveDate, usize)> {
    let with_year = format!("{}年{}", chrono::Datelike::year(&base), s);
    let (d, len) = parse_date(&with_year)?;
    let extra = with_year.len() - s.len();
    Some((d, len.saturating_sub(extra)))
}

/// The publication date: a 发布日期/发布时间 field, or the last date at the
/// end of the report (the date under the signature).
pub fn find_publication_date(text: &str) -> Option<(NaiveDate, std::ops::Range<usize>)> {
    for key in ["发布日期", "发布时间", "发文日期", "成文日期"] {
        if let Some(k) = memchr::memmem::find(text.as_bytes(), key.as_bytes()) {
            let end = crate::floor(text, (k + 60).min(text.len()));
            if let Some((d, r)) = dates_in(&text[k..end]).into_iter().next() {
                return Some((d, k + r.start..k + r.end));
            }
        }
    }
    let tail_start = crate::floor(text, text.len().saturating_sub(600));
    dates_in(&text[tail_start..])
        .into_iter()
        .next_back()
        .map(|(d, r)| (d, tail_start + r.start..tail_start + r.end))
}

/// The most plausible year when neither title nor period gives it: the most
/// frequent `YYYY年` in the first part of the text.
pub fn year_from_text(text: &str) -> Option<(i32, std::ops::Range<usize>)> {
    let end = crate::floor(text, text.len().min(8000));
    let mut counts: Vec<(i32, usize, std::ops::Range<usize>)> = Vec::new();
    for (i, _) in text[..end].char_indices() {
        // A year starts with a digit that does not follow one.
        if !text.as_bytes()[i].is_ascii_digit()
            || (i > 0 && text.as_bytes()[i - 1].is_ascii_digit())
        {
            continue;
        }
        if let Some((y, len)) = year_at(&text[i..]) {
            match counts.iter_mut().find(|c| c.0 == y) {
                Some(c) => c.1 += 1,
                None => counts.push((y, 1, i..i + len)),
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|c| (c.1, std::cmp::Reverse(c.0)))
        .map(|c| (c.0, c.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(parse_date("2024年1月10日").unwrap().0, d(2024, 1, 10));
        assert_eq!(parse_date("2020-01-31").unwrap().0, d(2020, 1, 31));
        assert_eq!(
            parse_date("二〇二四年一月二十日").unwrap().0,
            d(2024, 1, 20)
        );
        assert_eq!(parse_date("2024 年 1 月 1 日").unwrap().0, d(2024, 1, 1));
        assert!(parse_date("2024年13月1日").is_none());
        assert!(parse_date("2024年").is_none());
    }

    #[test]
    fn titles() {
        let (a, y) = agency_year_from_title("桓台县索镇街道办事处2023年度政府信息公开工作年度报告");
        assert_eq!(
            (a.as_deref(), y),
            (Some("桓台县索镇街道办事处"), Some(2023))
        );
        let (a, y) = agency_year_from_title("2019年上海市人民政府办公厅政府信息公开工作年度报告");
        assert_eq!(
            (a.as_deref(), y),
            (Some("上海市人民政府办公厅"), Some(2019))
        );
        let (a, y) = agency_year_from_title("滠口街道办事处政府信息公开工作年度报告");
        assert_eq!((a.as_deref(), y), (Some("滠口街道办事处"), None));
        // Markup around a title line is not part of the name.
        for marked in [
            "# 临江市教育局2023年政府信息公开工作年度报告",
            "**临江市教育局2023年政府信息公开工作年度报告**",
            "> 临江市教育局2023年政府信息公开工作年度报告",
        ] {
            let (a, y) = agency_year_from_title(marked);
            assert_eq!(
                (a.as_deref(), y),
                (Some("临江市教育局"), Some(2023)),
                "{marked}"
            );
        }
    }

    #[test]
    fn period_without_second_year() {
        let t = "本年度报告中所列数据的统计周期为 2024 年 1 月 1 日至 12 月 31 日。";
        let ((a, b), _) = find_period(t).unwrap();
        assert_eq!(a.to_string(), "2024-01-01");
        assert_eq!(b.to_string(), "2024-12-31");
    }
}
