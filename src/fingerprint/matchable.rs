//! The characters that matching compares.
//!
//! Takes a [`NormText`] view and gives a [`Matchable`]: its characters with
//! whitespace and punctuation left out (anything that is not alphanumeric;
//! Chinese characters are), each with its index in the view, so a match on
//! matchable chars maps back to the view and from there to the text as read.

use crate::normalize::NormText;
use crate::span::Span;

/// A view's matchable characters and where each stands in the view.
#[derive(Debug, Clone, Default)]
pub struct Matchable {
    pub chars: Vec<char>,
    /// `pos[i]` is the index in the view of `chars[i]`.
    pub pos: Vec<u32>,
}

impl Matchable {
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The original span (text as read) of matchable chars `[i, j)`.
    pub fn orig_span(&self, norm: &NormText, i: usize, j: usize) -> Span {
        norm.orig_span(self.pos[i] as usize, self.pos[j - 1] as usize + 1)
    }
}

/// True for characters matching compares: letters, digits, CJK
/// (`char::is_alphanumeric`). The CJK unified ideographs, most of a Chinese
/// text, are answered first: the standard library looks them up in its
/// Unicode tables, which took a fifth of `dups` on the Sina corpus.
#[inline]
pub fn is_matchable(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}') || c.is_alphanumeric()
}

/// The matchable characters of a view.
pub fn matchable(norm: &NormText) -> Matchable {
    let mut m = Matchable {
        chars: Vec::with_capacity(norm.len()),
        pos: Vec::with_capacity(norm.len()),
    };
    for (i, c) in norm.text.chars().enumerate() {
        if is_matchable(c) {
            m.chars.push(c);
            m.pos.push(i as u32);
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ideograph_shortcut_agrees_with_is_alphanumeric() {
        for u in 0x4E00..=0x9FFF {
            let c = char::from_u32(u).unwrap();
            assert!(c.is_alphanumeric(), "{c:?}");
        }
        for c in [
            'a', 'Z', '7', '，', ' ', '。', 'é', '〇', '\u{3400}', '\u{FFFD}',
        ] {
            assert_eq!(is_matchable(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn drops_space_and_punctuation_and_maps_back() {
        let n = NormText::from_plain("工业，互联网 平台！A1");
        let m = matchable(&n);
        assert_eq!(m.chars.iter().collect::<String>(), "工业互联网平台a1");
        assert_eq!(m.orig_span(&n, 1, 4), Span::new(1, 5));
    }
}
