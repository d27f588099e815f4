//! Mojibake: text decoded with the wrong encoding, told by its characters.
//!
//! Takes the body characters of a document in order ([`Mojibake::feed`],
//! [`Mojibake::gap`] where the body is interrupted) and gives how many of
//! them are marks of a wrong decoding ([`Mojibake::markers`]). A character
//! is a marker when it is:
//!
//! - part of a Latin-1 signature: a lead `Â`..`ô` (U+00C2..U+00F4, what a
//!   UTF-8 lead byte reads as in Latin-1 or Windows-1252) followed at once
//!   by one or more continuation characters (U+0080..U+00BF and the
//!   Windows-1252 characters of bytes 0x80..0x9F: `€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž
//!   ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ`): `Ã©` for é, `â€™` for ’, `ä¸­` for 中;
//!   lead and continuations all count;
//! - a C1 control character (U+0080..U+009F), which no text holds;
//! - a rare ideograph: in CJK Extension A or the unified ideographs, and
//!   neither it nor its simplified form is one of the 3,755 characters of
//!   GB2312 level 1 (which cover about 99.7% of modern Chinese text). UTF-8
//!   read as GBK gives mostly such characters (`浣犲ソ` for 你好); normal
//!   news holds at most a few (names, herbs, quoted traditional text folded
//!   to simplified first);
//! - bopomofo (U+3100..U+312F), box drawing (U+2500..U+257F) or a private
//!   use character (U+E000..U+F8FF): what GBK's symbol rows and user areas
//!   give for the bytes of UTF-8;
//! - the `斤拷` of `锟斤拷`, the GBK reading of UTF-8 replacement characters
//!   (its `锟` is a rare ideograph already).
//!
//! Whitespace is never a marker and ends a Latin-1 signature.

use std::sync::LazyLock;

use crate::normalize::to_simplified;

/// First and last code point of the ideograph table: Extension A (U+3400)
/// through the unified ideographs (U+9FFF).
const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

/// One bit per ideograph of `FIRST..=LAST`: set when it or its simplified
/// form is in GB2312 level 1. Built on first use from the GBK decoder of
/// `encoding_rs` (rows 0xB0..0xD7) and the normaliser's traditional to
/// simplified table.
static COMMON: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut level1 = vec![0u64; ((LAST - FIRST) / 64 + 1) as usize];
    let set = |bits: &mut Vec<u64>, c: char| {
        let u = c as u32;
        if (FIRST..=LAST).contains(&u) {
            let k = (u - FIRST) as usize;
            bits[k / 64] |= 1 << (k % 64);
        }
    };
    let bytes: Vec<u8> = (0xB0..=0xD7u8)
        .flat_map(|hi| (0xA1..=0xFEu8).flat_map(move |lo| [hi, lo]))
        .collect();
    let (decoded, _) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
    for c in decoded.chars() {
        set(&mut level1, c);
    }
    let mut common = level1.clone();
    for u in FIRST..=LAST {
        let Some(c) = char::from_u32(u) else { continue };
        let mut buf = [0u8; 4];
        if let Some(s) = to_simplified(c.encode_utf8(&mut buf)).chars().next()
            && s != c
            && in_table(&level1, s)
        {
            set(&mut common, c);
        }
    }
    common
});

fn in_table(bits: &[u64], c: char) -> bool {
    let u = c as u32;
    if !(FIRST..=LAST).contains(&u) {
        return false;
    }
    let k = (u - FIRST) as usize;
    bits[k / 64] & (1 << (k % 64)) != 0
}

/// A CJK ideograph neither in GB2312 level 1 nor folding to one.
pub fn is_rare_ideograph(c: char) -> bool {
    (FIRST..=LAST).contains(&(c as u32)) && !in_table(&COMMON, c)
}

/// What a UTF-8 lead byte reads as in Latin-1.
fn is_lead(c: char) -> bool {
    ('\u{C2}'..='\u{F4}').contains(&c)
}

/// What a UTF-8 continuation byte reads as in Latin-1 or Windows-1252.
fn is_continuation(c: char) -> bool {
    ('\u{80}'..='\u{BF}').contains(&c)
        || matches!(
            c,
            '€' | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
        )
}

/// Symbols GBK gives for UTF-8 bytes: bopomofo, box drawing, private use.
fn is_gbk_symbol(c: char) -> bool {
    matches!(c, '\u{3100}'..='\u{312F}' | '\u{2500}'..='\u{257F}' | '\u{E000}'..='\u{F8FF}')
}

/// Counts the mojibake markers of a run of body characters.
#[derive(Debug, Default)]
pub struct Mojibake {
    markers: u32,
    /// The previous character was a Latin-1 lead not yet counted.
    lead: bool,
    /// The previous character was part of a counted Latin-1 signature.
    in_signature: bool,
    /// The two characters before, for `锟斤拷`.
    prev: [char; 2],
}

impl Mojibake {
    /// The next body character.
    pub fn feed(&mut self, c: char) {
        if c.is_whitespace() {
            self.gap();
            return;
        }
        if (self.lead || self.in_signature) && is_continuation(c) {
            self.markers += if self.lead { 2 } else { 1 };
            self.lead = false;
            self.in_signature = true;
        } else {
            self.in_signature = false;
            self.lead = is_lead(c);
            if ('\u{80}'..='\u{9F}').contains(&c) || is_rare_ideograph(c) || is_gbk_symbol(c) {
                self.markers += 1;
            }
            if c == '拷' && self.prev == ['锟', '斤'] {
                self.markers += 2;
            }
        }
        self.prev = [self.prev[1], c];
    }

    /// A break in the body (whitespace, an excluded span): no signature or
    /// `锟斤拷` runs across it.
    pub fn gap(&mut self) {
        self.lead = false;
        self.in_signature = false;
        self.prev = ['\0', '\0'];
    }

    /// The markers counted so far.
    pub fn markers(&self) -> u32 {
        self.markers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(s: &str) -> u32 {
        let mut m = Mojibake::default();
        s.chars().for_each(|c| m.feed(c));
        m.markers()
    }

    #[test]
    fn level_one_characters_and_their_traditional_forms_are_common() {
        for c in ['中', '国', '的', '青', '岛', '网', '們', '這', '國', '個'] {
            assert!(!is_rare_ideograph(c), "{c}");
        }
        // GB2312 level 2 and beyond, and what UTF-8 read as GBK gives.
        for c in ['枸', '杞', '锟', '浣', '犲', '鍏'] {
            assert!(is_rare_ideograph(c), "{c}");
        }
        assert!(!is_rare_ideograph('a') && !is_rare_ideograph('，'));
    }

    #[test]
    fn latin1_signatures_count_lead_and_continuations() {
        // é read as Latin-1, twice; 't' and the space are not markers.
        assert_eq!(markers("Ã©tÃ©"), 4);
        // ’ read as Windows-1252: â € ™.
        assert_eq!(markers("itâ€™s"), 3);
        // A lead alone, or a lead before a space, is a plain accented letter.
        assert_eq!(markers("café crème à la"), 0);
        assert_eq!(markers("Ã ©"), 0);
    }

    #[test]
    fn gbk_readings_of_utf8_are_markers() {
        assert_eq!(markers("锟斤拷锟斤拷"), 6);
        assert_eq!(markers("烫烫"), 0);
        assert_eq!(markers("ㄥ╂"), 2);
        assert_eq!(markers("青岛推动工业互联网平台建设"), 0);
    }
}
