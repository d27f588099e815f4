//! The normalised view of a body, for matching: a new string, never a rewrite.
//!
//! Takes a document's text and its [`Cleaned`] body and gives a [`NormText`]:
//! the body characters folded (full-width forms to half-width, case folded,
//! traditional to simplified characters unless switched off, HTML entities
//! decoded), with a map from every character of the view back to its offset
//! in the text as read. Where the body is interrupted by anything but inline
//! markup, the view has a `\n`, so matches do not run across paragraphs.
//! Every fold is one character to one character, so the map is exact.

use serde::{Deserialize, Serialize};

use crate::clean::Cleaned;
use crate::corpus::{Document, html::decode_entity};
use crate::span::Span;

/// What the view folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormParams {
    /// Map traditional characters to simplified ones (default on).
    pub traditional_to_simplified: bool,
}

impl Default for NormParams {
    fn default() -> Self {
        NormParams {
            traditional_to_simplified: true,
        }
    }
}

/// The normalised body of one document.
#[derive(Debug, Clone, Default)]
pub struct NormText {
    /// The folded body text.
    pub text: String,
    /// `starts[i]` is the offset in the text as read of char `i` of `text`.
    starts: Vec<u32>,
    /// Chars of `text` that stand for more than one original char (decoded
    /// entities), as `(char index, original width)`, sorted.
    wide: Vec<(u32, u32)>,
}

impl NormText {
    /// Number of chars in the view.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Original offset of view char `i`.
    pub fn orig(&self, i: usize) -> u32 {
        self.starts[i]
    }

    /// Original span of the view chars `[i, j)`.
    pub fn orig_span(&self, i: usize, j: usize) -> Span {
        debug_assert!(i < j && j <= self.starts.len());
        let last = j - 1;
        let width = match self.wide.binary_search_by_key(&(last as u32), |w| w.0) {
            Ok(k) => self.wide[k].1,
            Err(_) => 1,
        };
        Span::new(self.starts[i], self.starts[last] + width)
    }

    /// The original offsets of every view char, in order.
    pub fn starts(&self) -> &[u32] {
        &self.starts
    }

    /// The view of a plain string taken whole as body: folded with the
    /// default settings, char `i` mapping to offset `i`.
    pub fn from_plain(text: &str) -> NormText {
        NormText {
            text: fold_str(text),
            starts: (0..text.chars().count() as u32).collect(),
            wide: Vec::new(),
        }
    }
}

/// Folds a string char by char and maps traditional to simplified characters,
/// as the view does with default settings.
pub fn fold_str(s: &str) -> String {
    let folded: String = s.chars().map(fold_char).collect();
    fast2s::convert(&folded)
}

/// Folds one char: full-width ASCII forms and the ideographic space to their
/// half-width forms, then lower case where that is one char.
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c.is_uppercase() {
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            return l;
        }
    }
    c
}

/// Builds the normalised view of a document's body.
pub fn normalize(doc: &Document, cleaned: &Cleaned, params: &NormParams) -> NormText {
    let text = doc.text.as_str();
    let mut out = String::with_capacity(text.len());
    let mut starts: Vec<u32> = Vec::with_capacity(text.len() / 2);
    let mut wide = Vec::new();
    let mut ex = cleaned.excluded.iter().peekable();
    let mut entities = doc.entities.iter().peekable();
    let mut chars = text.chars();
    let mut pos = 0u32; // char offset of `chars`' next char
    for span in &cleaned.body {
        // Does anything but inline markup separate this span from the last?
        let mut breaks = false;
        while let Some(e) = ex.peek() {
            if e.span.start >= span.start {
                break;
            }
            breaks |= e.reason.breaks_paragraph();
            ex.next();
        }
        if breaks && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
            starts.push(span.start);
        }
        // Advance to the span.
        while pos < span.start {
            chars.next();
            pos += 1;
        }
        while pos < span.end {
            while entities.peek().is_some_and(|e| e.end <= pos) {
                entities.next();
            }
            if let Some(e) = entities
                .peek()
                .filter(|e| e.start == pos && e.end <= span.end)
            {
                let width = e.len();
                let entity: String = chars.by_ref().take(width as usize).collect();
                let c = decode_entity(&entity).map(fold_char).unwrap_or(' ');
                wide.push((starts.len() as u32, width));
                out.push(c);
                starts.push(pos);
                pos += width;
                continue;
            }
            let c = chars.next().expect("span within text");
            out.push(fold_char(c));
            starts.push(pos);
            pos += 1;
        }
    }
    if params.traditional_to_simplified {
        let simplified = fast2s::convert(&out);
        // The conversion is one char to one char; keep the original view if a
        // future table ever breaks that, rather than a wrong map.
        if simplified.len() == out.len() || simplified.chars().count() == starts.len() {
            out = simplified;
        }
    }
    NormText {
        text: out,
        starts,
        wide,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::corpus::{Excluded, Exclusion, Format};
    use crate::span::CharIndex;

    fn doc(text: &str, excluded: Vec<Excluded>, entities: Vec<Span>) -> Document {
        Document {
            id: "t".into(),
            path: "t".into(),
            line: None,
            format: Format::Html,
            encoding: "UTF-8".into(),
            text: text.into(),
            meta: Default::default(),
            excluded,
            entities,
        }
    }

    #[test]
    fn folds_width_case_and_traditional() {
        assert_eq!(fold_char('Ｇ'), 'g');
        assert_eq!(fold_char('，'), ',');
        assert_eq!(fold_char('\u{3000}'), ' ');
        assert_eq!(fold_char('Ä'), 'ä');
        let d = doc("ＧＤＰ增長於工業", vec![], vec![]);
        let n = normalize(&d, &clean(&d), &NormParams::default());
        assert_eq!(n.text, "gdp增长于工业");
        let off = normalize(
            &d,
            &clean(&d),
            &NormParams {
                traditional_to_simplified: false,
            },
        );
        assert_eq!(off.text, "gdp增長於工業");
    }

    #[test]
    fn offsets_map_back_through_markup_and_entities() {
        // "<p>甲&amp;乙</p><p>丙</p>"
        let text = "<p>甲&amp;乙</p><p>丙</p>";
        let ex = |a, b, r| Excluded {
            span: Span::new(a, b),
            reason: r,
        };
        let d = doc(
            text,
            vec![
                ex(0, 3, Exclusion::Block),
                ex(10, 17, Exclusion::Block),
                ex(18, 22, Exclusion::Block),
            ],
            vec![Span::new(4, 9)],
        );
        let n = normalize(&d, &clean(&d), &NormParams::default());
        assert_eq!(n.text, "甲&乙\n丙");
        assert_eq!(n.orig_span(0, 3), Span::new(3, 10));
        assert_eq!(n.orig_span(1, 2), Span::new(4, 9));
        let ix = CharIndex::new(text);
        assert_eq!(ix.slice(text, n.orig_span(4, 5)), "丙");
    }
}
