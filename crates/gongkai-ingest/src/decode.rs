//! Character encodings: BOMs, strict UTF-8, UTF-16 without BOM, and the
//! Chinese legacy encodings (GB18030/GBK/GB2312, Big5) by detection.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text and the name of the encoding it came from.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Some bytes were not valid in the encoding and became U+FFFD.
    pub had_errors: bool,
}

/// Decode bytes whose encoding is not declared.
///
/// Order: a BOM decides; then strict UTF-8; then UTF-16 recognised by its NUL
/// bytes; then chardetng's guess restricted to what Chinese reports use.
/// encoding_rs decodes GBK and GB2312 labels with the GB18030 decoder, which
/// is a superset of both.
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_with_hint(bytes, None)
}

/// Decode bytes with an encoding declared by the container (an HTML `<meta
/// charset>`); a BOM still wins, and a declaration of a legacy encoding is
/// overridden by valid UTF-8 (pages that declare gb2312 but are UTF-8 exist).
pub fn decode_with_hint(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            had_errors,
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_string(),
            encoding: UTF_8.name(),
            had_errors: false,
        };
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            had_errors,
        };
    }
    let enc = match declared {
        Some(e) if e != UTF_8 => e,
        _ => guess(bytes),
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: if enc == GB18030 || enc.name() == "GBK" {
            "GB18030"
        } else {
            enc.name()
        },
        had_errors,
    }
}

/// Whether the bytes are UTF-16 text (by BOM, or by where the NUL bytes sit).
pub fn is_utf16(bytes: &[u8]) -> bool {
    match Encoding::for_bom(bytes) {
        Some((enc, _)) => enc == UTF_16LE || enc == UTF_16BE,
        None => utf16_without_bom(bytes).is_some(),
    }
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // Feeding a prefix is enough to decide and keeps huge inputs cheap.
    let sample = &bytes[..bytes.len().min(256 * 1024)];
    det.feed(sample, sample.len() == bytes.len());
    let enc = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    if enc == UTF_8 {
        // Not valid UTF-8 (checked above): the GB family is the likely truth.
        GB18030
    } else {
        enc
    }
}

/// UTF-16 text without a BOM shows NUL bytes in every other position for
/// ASCII; CJK text in UTF-16 has far fewer NULs but still some (newlines,
/// digits). Decide by where the NULs sit.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let pairs = sample.len() / 2;
    if odd * 20 > pairs && even * 4 < odd {
        Some(UTF_16LE)
    } else if even * 20 > pairs && odd * 4 < even {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "二、主动公开政府信息情况\n规章\t0\t0\t0\n行政规范性文件\t62\t33\t440\n";

    #[test]
    fn utf8_plain_and_with_bom() {
        let d = decode(SAMPLE.as_bytes());
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-8");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bom);
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn gbk_is_detected() {
        let sample = SAMPLE.repeat(3);
        let (bytes, _, _) = GB18030.encode(&sample);
        let d = decode(&bytes);
        assert_eq!(d.text, SAMPLE.repeat(3));
        assert_eq!(d.encoding, "GB18030");
        assert!(!d.had_errors);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let units: Vec<u8> = SAMPLE
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let d = decode(&units);
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-16LE");
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&units);
        assert_eq!(decode(&with_bom).text, SAMPLE);
        let be: Vec<u8> = SAMPLE
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&be).text, SAMPLE);
    }

    #[test]
    fn declared_legacy_encoding_is_used_when_not_utf8() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        let d = decode_with_hint(&bytes, Encoding::for_label(b"gb2312"));
        assert_eq!(d.text, SAMPLE);
    }
}
