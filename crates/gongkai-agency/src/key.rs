//! The conservative normalisation of agency names.

use crate::name::ends_with_region;

/// The key two printings of one body's name share.
///
/// It only removes what varies between printings of the same name:
/// full-width letters, digits and punctuation become half-width; spaces,
/// brackets, quotes and separators go; ASCII letters are lower-cased; a
/// leading `中华人民共和国` goes; `人民政府` is written `政府`; and a bare
/// region name (`洪泽区`, the way a government's own report is titled) gets
/// `政府`. Nothing that names a different body is dropped: `某市人民政府`
/// and `某市人民政府办公室` keep different keys, and so do
/// `淮安市洪泽区人民政府` and `洪泽区人民政府` (one body or two in
/// different cities: only a bodies file can say).
pub fn match_key(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            };
            let drop = c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '(' | ')'
                        | '['
                        | ']'
                        | '{'
                        | '}'
                        | '<'
                        | '>'
                        | '【'
                        | '】'
                        | '〔'
                        | '〕'
                        | '〈'
                        | '〉'
                        | '《'
                        | '》'
                        | '「'
                        | '」'
                        | '『'
                        | '』'
                        | '“'
                        | '”'
                        | '‘'
                        | '’'
                        | '"'
                        | '\''
                        | '`'
                        | '·'
                        | '・'
                        | '•'
                        | ':'
                        | '-'
                        | '_'
                        | '—'
                        | '－'
                        | '、'
                        | ','
                        | '，'
                        | '.'
                        | '。'
                        | '\u{FEFF}'
                        | '\u{200B}'
                );
            (!drop).then(|| c.to_ascii_lowercase())
        })
        .collect();
    if let Some(rest) = s.strip_prefix("中华人民共和国") {
        if !rest.is_empty() {
            s = rest.to_string();
        }
    }
    s = s.replace("人民政府", "政府");
    if ends_with_region(&s) {
        s.push_str("政府");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printings_of_one_name_share_a_key() {
        let k = match_key("洪泽区人民政府");
        for n in [
            "洪泽区政府",
            " 洪泽区 人民政府 ",
            "洪泽区\u{3000}人民政府",
            "洪泽区",
            "“洪泽区人民政府”",
        ] {
            assert_eq!(match_key(n), k, "{n}");
        }
        assert_eq!(match_key("中华人民共和国教育部"), match_key("教育部"));
        assert_eq!(
            match_key("中国（上海）自由贸易试验区管理委员会"),
            match_key("中国(上海)自由贸易试验区管理委员会")
        );
        assert_eq!(match_key("ＡＢＣ市政府"), match_key("abc市人民政府"));
    }

    #[test]
    fn different_bodies_keep_different_keys() {
        let pairs = [
            ("某市人民政府", "某市人民政府办公室"),
            ("淮安市洪泽区人民政府", "洪泽区人民政府"),
            ("淮安市城市管理局", "苏州市城市管理局"),
            ("上海市科委", "上海市科学技术委员会"),
            ("柱濮镇人民政府", "柱濮镇人民政府党政综合办公室"),
            ("某县城关镇人民政府", "城关镇人民政府"),
        ];
        for (a, b) in pairs {
            assert_ne!(match_key(a), match_key(b), "{a} / {b}");
        }
    }
}
