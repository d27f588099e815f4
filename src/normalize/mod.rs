//! The normalised view of a body, for matching: a new string, never a rewrite.
//!
//! Takes a document's text and its [`Cleaned`] body and gives a [`NormText`]:
//! the body characters folded (full-width forms to half-width, look-alike
//! compatibility and radical forms to the characters they stand for
//! ([`lookalike`]), case folded, traditional to simplified characters unless
//! switched off, HTML entities decoded), with a map from every character of the view back to its offset
//! in the text as read. Where the body is interrupted by anything but inline
//! markup, the view has a `\n`, so matches do not run across paragraphs.
//! Every fold is one character to one character, so the map is exact.

pub mod lookalike;

use serde::{Deserialize, Serialize};

use crate::clean::Cleaned;
use crate::corpus::{Document, html::decode_entity};
use crate::params::{Checked, ParamGuard};
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

/// Every choice of what to fold is valid: the check cannot fail
/// (`let Ok(norm) = params.check();`).
impl ParamGuard for NormParams {
    type Error = std::convert::Infallible;

    fn validate(&self) -> Result<(), Self::Error> {
        Ok(())
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
    to_simplified(&folded)
}

/// Characters whose simplified form fast2s decides by their neighbours
/// (乾隆 keeps 乾, 看著 gives 着, ...).
const T2S_IN_CONTEXT: [char; 15] = [
    '兒', '覆', '夥', '藉', '瞭', '麽', '幺', '於', '乾', '著', '苧', '闔', '鍾', '讎', '畫',
];

/// The CJK blocks the lookup table covers: Extension A, the unified
/// ideographs, and the compatibility ideographs.
const T2S_BLOCKS: [(u32, u32); 2] = [(0x3400, 0x9FFF), (0xF900, 0xFAFF)];

/// Marks, in the table, a char that [`T2S_IN_CONTEXT`] lists.
const IN_CONTEXT: char = '\u{1}';

/// fast2s's context-free mapping, one entry per char of [`T2S_BLOCKS`]
/// ([`IN_CONTEXT`] for the chars whose mapping needs their neighbours),
/// built on first use (a few milliseconds).
static T2S_TABLE: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    T2S_BLOCKS
        .iter()
        .flat_map(|&(a, b)| a..=b)
        .map(|u| match char::from_u32(u) {
            Some(c) if T2S_IN_CONTEXT.contains(&c) => IN_CONTEXT,
            Some(c) => {
                let mut buf = [0u8; 4];
                fast2s::convert(c.encode_utf8(&mut buf))
                    .chars()
                    .next()
                    .unwrap_or(c)
            }
            None => '\0',
        })
        .collect()
});

fn t2s_table_index(c: char) -> Option<usize> {
    let u = c as u32;
    let mut base = 0usize;
    for &(a, b) in &T2S_BLOCKS {
        if (a..=b).contains(&u) {
            return Some(base + (u - a) as usize);
        }
        base += (b - a + 1) as usize;
    }
    None
}

/// Traditional to simplified characters, one char for one char: the result
/// of `fast2s::convert` (same mapping, same neighbour rules), by table lookup.
pub fn to_simplified(s: &str) -> String {
    let table = &*T2S_TABLE;
    let mut out = String::with_capacity(s.len());
    let mut prev = '0';
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let mapped = if c.len_utf8() != 3 {
            c
        } else {
            match t2s_table_index(c).map(|k| table[k]) {
                Some(IN_CONTEXT) => {
                    // fast2s looks at the raw neighbours, '0' beyond the ends.
                    let next = chars.peek().copied().unwrap_or('0');
                    let window: String = [prev, c, next].iter().collect();
                    fast2s::convert(&window).chars().nth(1).unwrap_or(c)
                }
                Some(m) => m,
                None => {
                    let mut buf = [0u8; 4];
                    fast2s::convert(c.encode_utf8(&mut buf))
                        .chars()
                        .next()
                        .unwrap_or(c)
                }
            }
        };
        out.push(mapped);
        prev = c;
    }
    out
}

/// Folds one char: full-width ASCII forms and the ideographic space to their
/// half-width forms, look-alikes to what they stand for
/// ([`lookalike::fold_lookalike`]), then lower case where that is one char.
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => lookalike::fold_lookalike(c),
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
pub fn normalize(doc: &Document, cleaned: &Cleaned, params: &Checked<NormParams>) -> NormText {
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
        out = to_simplified(&out);
    }
    NormText {
        text: out,
        starts,
        wide,
    }
}

/// Checks the offset contract of one document's stages and says what is
/// broken: every span (the reader's exclusions and entities, the clean
/// stage's exclusions and body) lies inside the text as read, exclusions and
/// body are sorted and disjoint and never overlap, and every character of
/// the view maps back, in order, to a body character of the text. Property
/// tests and fuzz targets call it on whatever input they make.
pub fn check_offsets(doc: &Document, cleaned: &Cleaned, norm: &NormText) -> Result<(), String> {
    let chars = doc.text.chars().count() as u32;
    let inside = |what: &str, s: &Span| {
        if s.start > s.end || s.end > chars {
            Err(format!("{what} {}..{} outside 0..{chars}", s.start, s.end))
        } else {
            Ok(())
        }
    };
    for e in &doc.excluded {
        inside("read exclusion", &e.span)?;
    }
    for e in &doc.entities {
        inside("entity", e)?;
    }
    let sorted_disjoint = |what: &str, spans: &[Span]| {
        for w in spans.windows(2) {
            if w[0].end > w[1].start {
                return Err(format!(
                    "{what} {:?} and {:?} overlap or are out of order",
                    w[0], w[1]
                ));
            }
        }
        spans.iter().try_for_each(|s| inside(what, s))
    };
    let excluded: Vec<Span> = cleaned.excluded.iter().map(|e| e.span).collect();
    sorted_disjoint("exclusion", &excluded)?;
    sorted_disjoint("body span", &cleaned.body)?;
    for b in &cleaned.body {
        if b.is_empty() {
            return Err(format!("empty body span {b:?}"));
        }
        let k = excluded.partition_point(|e| e.end <= b.start);
        if excluded.get(k).is_some_and(|e| e.overlaps(b)) {
            return Err(format!(
                "body span {b:?} overlaps exclusion {:?}",
                excluded[k]
            ));
        }
    }
    if norm.text.chars().count() != norm.len() {
        return Err("the view and its offset map differ in length".into());
    }
    let in_body = |o: u32| {
        let k = cleaned.body.partition_point(|b| b.end <= o);
        cleaned.body.get(k).is_some_and(|b| b.contains(o))
    };
    let mut last = 0u32;
    for i in 0..norm.len() {
        let o = norm.orig(i);
        let span = norm.orig_span(i, i + 1);
        if o < last || !in_body(o) || span.end > chars || span.is_empty() {
            return Err(format!(
                "view char {i} maps to {span:?}: not a body character in order"
            ));
        }
        last = o;
    }
    Ok(())
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
    fn table_lookup_gives_what_fast2s_gives() {
        let samples = [
            "工業互聯網平臺於乾隆年間，看著藉口與憑藉；計畫與企畫，乾坤兒寬答覆",
            "於是乾杯、麽幺、苧麻與闔家、鍾書、校讎仇讎",
            "ＧＤＰ增長：這個國際會議討論數據與網絡，漢字與簡體字。",
            "著",
            "",
        ];
        for s in samples {
            assert_eq!(to_simplified(s), fast2s::convert(s), "{s}");
        }
    }

    #[test]
    fn folds_width_case_and_traditional() {
        assert_eq!(fold_char('Ｇ'), 'g');
        assert_eq!(fold_char('，'), ',');
        assert_eq!(fold_char('\u{3000}'), ' ');
        assert_eq!(fold_char('Ä'), 'ä');
        let d = doc("ＧＤＰ增長於工業", vec![], vec![]);
        let n = normalize(&d, &clean(&d), &Checked::default());
        assert_eq!(n.text, "gdp增长于工业");
        let off = normalize(
            &d,
            &clean(&d),
            &NormParams {
                traditional_to_simplified: false,
            }
            .check()
            .unwrap(),
        );
        assert_eq!(off.text, "gdp增長於工業");
    }

    #[test]
    fn every_norm_params_value_passes_its_check() {
        for traditional_to_simplified in [true, false] {
            let params = NormParams {
                traditional_to_simplified,
            };
            assert_eq!(*params.check().unwrap(), params);
        }
        assert_eq!(*Checked::<NormParams>::default(), NormParams::default());
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
        let n = normalize(&d, &clean(&d), &Checked::default());
        assert_eq!(n.text, "甲&乙\n丙");
        assert_eq!(n.orig_span(0, 3), Span::new(3, 10));
        assert_eq!(n.orig_span(1, 2), Span::new(4, 9));
        let ix = CharIndex::new(text);
        assert_eq!(ix.slice(text, n.orig_span(4, 5)), "丙");
    }
}
