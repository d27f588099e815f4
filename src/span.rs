//! Character spans into a document's text as read.
//!
//! Every stage refers to text by [`Span`]: a half-open range `[start, end)` of
//! Unicode scalar values (not bytes) into `Document::text`. [`CharIndex`] turns
//! such spans into byte ranges for slicing, and byte offsets back into chars.

use serde::{Deserialize, Serialize};

/// A half-open range of character (Unicode scalar value) offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Characters of this span inside `sorted` (sorted, disjoint spans).
    pub fn covered_by(&self, sorted: &[Span]) -> u32 {
        let first = sorted.partition_point(|s| s.end <= self.start);
        sorted[first..]
            .iter()
            .take_while(|s| s.start < self.end)
            .map(|s| s.end.min(self.end) - s.start.max(self.start))
            .sum()
    }
}

/// Maps between character offsets and byte offsets of one string.
///
/// Built once per text in O(n); lookups are O(1) from chars to bytes and
/// O(log n) from bytes to chars.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `bytes[i]` is the byte offset of char `i`; one extra entry for the end.
    bytes: Vec<u32>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut bytes = Vec::with_capacity(text.len() / 2 + 1);
        bytes.extend(text.char_indices().map(|(b, _)| b as u32));
        bytes.push(text.len() as u32);
        CharIndex { bytes }
    }

    /// Number of chars in the text.
    pub fn chars(&self) -> u32 {
        (self.bytes.len() - 1) as u32
    }

    /// Byte offset of char offset `c` (`c` may equal the char count).
    pub fn byte(&self, c: u32) -> usize {
        self.bytes[c as usize] as usize
    }

    /// Char offset of byte offset `b`, which must lie on a char boundary.
    pub fn char_of_byte(&self, b: usize) -> u32 {
        match self.bytes.binary_search(&(b as u32)) {
            Ok(i) => i as u32,
            Err(i) => i as u32 - 1,
        }
    }

    /// The text of `span`.
    pub fn slice<'t>(&self, text: &'t str, span: Span) -> &'t str {
        &text[self.byte(span.start)..self.byte(span.end)]
    }
}

/// Converts a byte offset into `text` into a char offset by counting.
///
/// For one-off conversions; use [`CharIndex`] when converting many.
pub fn char_offset(text: &str, byte: usize) -> u32 {
    text[..byte].chars().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_round_trips_mixed_text() {
        let text = "a工业b互联网";
        let ix = CharIndex::new(text);
        assert_eq!(ix.chars(), 7);
        assert_eq!(ix.byte(1), 1);
        assert_eq!(ix.byte(2), 4);
        assert_eq!(ix.char_of_byte(4), 2);
        assert_eq!(ix.slice(text, Span::new(1, 4)), "工业b");
        assert_eq!(ix.byte(7), text.len());
        assert_eq!(char_offset(text, 7), 3);
    }
}
