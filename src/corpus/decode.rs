//! Bytes to text: BOMs, UTF-8, UTF-16, and detected legacy encodings.
//!
//! Takes a file's bytes and gives its text and the name of the encoding it was
//! decoded from. UTF-8 (with or without BOM) and UTF-16 with a BOM are read
//! directly, and so is UTF-16 without a BOM when its NUL bytes say which
//! byte order it has and it decodes to plain text (see `utf16_without_bom`).
//! Text that is UTF-8 but for a few bytes is refused, naming the first bad
//! byte. Anything else is detected with chardetng, accepted only when it
//! names one of the legacy encodings of Chinese text (GBK/GB18030, Big5), and
//! must decode without a single malformed sequence; else the file is refused
//! rather than guessed (windows-1252 mojibake of a UTF-8 copy would pass a
//! duplicate check).

use encoding_rs::{BIG5, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file (contains NUL bytes or control characters), not text")]
    Binary,
    /// UTF-8 but for a few bytes (a damaged or tampered copy).
    #[error(
        "not valid UTF-8: byte {first} at line {line} ({bad} invalid sequence(s) in text that \
         is otherwise UTF-8); refused rather than read as another encoding"
    )]
    DamagedUtf8 {
        bad: usize,
        /// The first bad byte, as `0xFF`.
        first: String,
        line: usize,
    },
    /// Neither UTF-8 nor clean text in a Chinese legacy encoding.
    #[error(
        "undecodable bytes: not valid UTF-8 (byte {first} at line {line}), \
         and not text in GBK/GB18030 or Big5 either"
    )]
    Undecodable { first: String, line: usize },
    /// A BOM that the rest of the bytes do not follow.
    #[error(
        "undecodable bytes: the file starts with a {encoding} byte-order mark but is not valid {encoding}"
    )]
    BadBom { encoding: &'static str },
}

/// Legacy encodings a guess may name: those of Chinese text. chardetng
/// also knows windows-1252, Shift_JIS, EUC-KR and others; a guess of one
/// of those is a refusal.
const CHINESE: &[&Encoding] = &[GBK, GB18030, BIG5];

/// Decodes `bytes` into text, naming the encoding used. UTF-8 without a BOM
/// (the common case) takes the buffer over without copying it.
pub fn decode_owned(bytes: Vec<u8>) -> Result<(String, &'static str), DecodeError> {
    if Encoding::for_bom(&bytes).is_none() && !bytes.is_empty() && !looks_binary(&bytes) {
        match String::from_utf8(bytes) {
            Ok(text) => return check_text(text).map(|t| (t, "UTF-8")),
            Err(e) => return decode(&e.into_bytes()),
        }
    }
    decode(&bytes)
}

/// Decodes `bytes` into text, naming the encoding used.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = if enc == UTF_8 {
            "UTF-8 (BOM)"
        } else if enc == UTF_16LE {
            "UTF-16LE"
        } else if enc == UTF_16BE {
            "UTF-16BE"
        } else {
            enc.name()
        };
        if had_errors {
            return Err(DecodeError::BadBom {
                encoding: enc.name(),
            });
        }
        return check_text(text.into_owned()).map(|t| (t, name));
    }
    if let Some(read) = utf16_without_bom(bytes) {
        return read;
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return check_text(text.to_string()).map(|t| (t, "UTF-8"));
    }
    // Not UTF-8. Where is the first bad byte, and is the rest UTF-8?
    let (mut valid, mut bad, mut first) = (0usize, 0usize, None);
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            bad += 1;
            first.get_or_insert(at);
        }
        at += chunk.invalid().len();
    }
    let first = first.unwrap_or(0);
    let line = bytes[..first].iter().filter(|&&b| b == b'\n').count() + 1;
    let first = format!("0x{:02X}", bytes[first]);
    // GBK and Big5 text read as UTF-8 gives fewer valid multi-byte
    // characters than invalid sequences (at most 0.44 per invalid one over
    // the first 2,000 Sina articles in either encoding); UTF-8 with a few
    // bad bytes gives hundreds. Four to one parts them with room to spare.
    if valid >= 4 * bad {
        return Err(DecodeError::DamagedUtf8 { bad, first, line });
    }
    let undecodable = || DecodeError::Undecodable {
        first: first.clone(),
        line,
    };
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    if !CHINESE.contains(&enc) {
        return Err(undecodable());
    }
    let (text, _, had_errors) = enc.decode(bytes);
    if had_errors {
        return Err(undecodable());
    }
    check_text(text.into_owned()).map(|t| (t, enc.name()))
}

/// UTF-16 without a byte-order mark, read when it is unambiguous.
///
/// Decoding rather than refusing: tools write it (PowerShell redirection,
/// `iconv -t UTF-16LE`, some exporters), and it can be told apart. Text
/// in UTF-16 has a NUL high byte in every ASCII character (line breaks,
/// digits, spaces), so its NULs sit mostly in one byte position: odd
/// offsets for little-endian, even for big-endian. A few fall in the other
/// position (一, 开, 最 are U+4E00, U+5F00, U+6700), so the rule is a
/// three-to-one majority, not all. The file is read as UTF-16 only when,
/// in that byte order, it also decodes without error to text whose
/// characters are 95% or more ASCII, Latin-1, CJK, or the punctuation and
/// symbols Chinese text uses, with no control characters; binary data with
/// NULs fails this and stays refused as binary. `None` when the bytes do
/// not look like UTF-16 at all.
fn utf16_without_bom(bytes: &[u8]) -> Option<Result<(String, &'static str), DecodeError>> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair.get(1) == Some(&0));
    }
    let (enc, name) = if odd > 0 && odd >= 3 * even {
        (UTF_16LE, "UTF-16LE (no BOM)")
    } else if even > 0 && even >= 3 * odd {
        (UTF_16BE, "UTF-16BE (no BOM)")
    } else {
        return None;
    };
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors || !plain_text(&text) {
        return None;
    }
    Some(check_text(text.into_owned()).map(|t| (t, name)))
}

/// Whether `text` reads as text: no control characters but tab, line
/// breaks and form feed, and 95% or more of its characters in the ranges
/// Chinese and English text use.
fn plain_text(text: &str) -> bool {
    let (mut all, mut usual) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            return false;
        }
        all += 1;
        usual += usize::from(matches!(c,
            '\t' | '\n' | '\r' | '\x0c' | ' '..='~'
            | '\u{a0}'..='\u{24f}'      // Latin-1 and Latin Extended
            | '\u{370}'..='\u{4ff}'     // Greek, Cyrillic
            | '\u{2000}'..='\u{206f}'   // general punctuation
            | '\u{2100}'..='\u{214f}'   // letterlike symbols: ℃ №
            | '\u{2190}'..='\u{21ff}'   // arrows
            | '\u{2460}'..='\u{27bf}'   // ① ─ ■ ★ ✓
            | '\u{2e80}'..='\u{2fdf}'   // CJK radicals
            | '\u{3000}'..='\u{4dbf}'   // CJK punctuation, kana, bopomofo, extension A
            | '\u{4e00}'..='\u{9fff}'   // CJK unified ideographs
            | '\u{f900}'..='\u{faff}'   // CJK compatibility ideographs
            | '\u{fe30}'..='\u{fe4f}'   // CJK compatibility forms
            | '\u{ff00}'..='\u{ffef}'   // full- and half-width forms
            | '\u{1f300}'..='\u{1faff}' // emoji
            | '\u{20000}'..='\u{3134f}' // CJK extensions B to G
        ));
    }
    all > 0 && usual * 100 >= all * 95
}

/// NUL bytes, or many C0 control characters other than tab/newline/CR/FF,
/// mark a file as binary.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if memchr_nul(head) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    controls * 100 > head.len()
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

fn check_text(text: String) -> Result<String, DecodeError> {
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("工业".as_bytes()).unwrap(), ("工业".into(), "UTF-8"));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("工业".as_bytes());
        assert_eq!(decode(&b).unwrap(), ("工业".into(), "UTF-8 (BOM)"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "工业互联网".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&b).unwrap(), ("工业互联网".into(), "UTF-16LE"));
    }

    #[test]
    fn gbk_is_detected() {
        let text = "工业互联网平台作为新一代信息通信技术与工业经济深度融合的新型基础设施，是推动数字经济发展的重要引擎。";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let (decoded, name) = decode(&bytes).unwrap();
        assert_eq!(decoded, text);
        assert!(name == "GBK" || name == "gb18030", "{name}");
    }

    #[test]
    fn big5_is_detected() {
        let text = "工業互聯網平台作為新一代資訊通信技術與工業經濟深度融合的新型基礎設施，是推動數位經濟發展的重要引擎。";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        let (decoded, name) = decode(&bytes).unwrap();
        assert_eq!(decoded, text);
        assert_eq!(name, "Big5");
    }

    #[test]
    fn utf16_without_bom_is_read_when_unambiguous() {
        // 一 and 最 put a NUL in the other byte position: still little-endian.
        let text = "一二三，最新消息。\n2022年3月31日\n工业互联网 ABC\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le).unwrap(), (text.into(), "UTF-16LE (no BOM)"));
        assert_eq!(decode(&be).unwrap(), (text.into(), "UTF-16BE (no BOM)"));
        // Odd length, or NULs in both positions: binary.
        assert_eq!(decode(&le[..le.len() - 1]), Err(DecodeError::Binary));
        assert_eq!(decode(b"ab\0\0cd\0\0"), Err(DecodeError::Binary));
        // Little numbers in 16 bits: NULs in one position, but control
        // characters when read as UTF-16.
        let ints: Vec<u8> = (0u16..200).flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&ints), Err(DecodeError::Binary));
    }

    #[test]
    fn damaged_utf8_and_other_encodings_are_refused() {
        let mut b = "工业互联网平台。\n第二行正文。".as_bytes().to_vec();
        b.push(0xFF);
        assert_eq!(
            decode(&b),
            Err(DecodeError::DamagedUtf8 {
                bad: 1,
                first: "0xFF".into(),
                line: 2
            })
        );
        let latin = b"Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade.\n".repeat(10);
        assert_eq!(
            decode(&latin),
            Err(DecodeError::Undecodable {
                first: "0xE9".into(),
                line: 1
            })
        );
        let sjis = encoding_rs::SHIFT_JIS
            .encode("これは日本語の文章です。ひらがなとカタカナ。")
            .0;
        assert!(decode(&sjis).is_err());
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"  \n\t"), Err(DecodeError::Empty));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0"), Err(DecodeError::Binary));
    }
}
