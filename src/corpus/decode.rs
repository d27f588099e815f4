//! Bytes to text: BOMs, UTF-8, and detected legacy encodings.
//!
//! Takes a file's bytes and gives its text and the name of the encoding it was
//! decoded from. UTF-8 (with or without BOM) and UTF-16 with a BOM are read
//! directly; anything else is detected with chardetng among the legacy
//! encodings of Chinese text (GBK/GB18030, Big5) and must decode without a
//! single malformed sequence, else the file is refused rather than guessed.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file (contains NUL bytes or control characters), not text")]
    Binary,
    #[error("undecodable bytes: not valid UTF-8, and not valid {guessed} either")]
    Undecodable { guessed: String },
}

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
        if had_errors {
            return Err(DecodeError::Undecodable {
                guessed: enc.name().to_string(),
            });
        }
        let name = if enc == UTF_8 {
            "UTF-8 (BOM)"
        } else if enc == UTF_16LE {
            "UTF-16LE"
        } else if enc == UTF_16BE {
            "UTF-16BE"
        } else {
            enc.name()
        };
        return check_text(text.into_owned()).map(|t| (t, name));
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return check_text(text.to_string()).map(|t| (t, "UTF-8"));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, had_errors) = enc.decode(bytes);
    if had_errors {
        return Err(DecodeError::Undecodable {
            guessed: enc.name().to_string(),
        });
    }
    check_text(text.into_owned()).map(|t| (t, enc.name()))
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
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"  \n\t"), Err(DecodeError::Empty));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0"), Err(DecodeError::Binary));
    }
}
