//! The draft's sections: split at its headings, else at its paragraphs.
//!
//! Takes the draft's text, format and paragraphs and gives its sections as
//! spans, each with its heading when the draft has headings. A heading is a
//! Markdown heading line (`#`), or a paragraph of at most
//! [`HEADING_CHARS`] characters that ends without sentence punctuation and
//! is not the last paragraph (the way a docx or plain-text draft shows a
//! heading). With at least one heading, a section runs from a heading to
//! the next (text before the first heading is a section of its own);
//! without one, every paragraph is a section.

use crate::corpus::{Document, Format};
use crate::span::{CharIndex, Span};

/// Longest paragraph taken for a heading, in characters.
pub const HEADING_CHARS: u32 = 30;

/// A section: its span and, when it opens with one, its heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpan {
    pub span: Span,
    pub heading: Option<Span>,
}

/// The sections of `doc` with paragraphs `paragraphs` (sorted, disjoint).
pub fn sections(doc: &Document, paragraphs: &[Span]) -> Vec<SectionSpan> {
    let ix = CharIndex::new(&doc.text);
    let heading: Vec<bool> = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| is_heading(doc, &ix, *p, i + 1 == paragraphs.len()))
        .collect();
    if !heading.contains(&true) {
        return paragraphs
            .iter()
            .map(|&span| SectionSpan {
                span,
                heading: None,
            })
            .collect();
    }
    let mut out: Vec<SectionSpan> = Vec::new();
    for (p, h) in paragraphs.iter().zip(heading) {
        match out.last_mut() {
            Some(last) if !h => last.span.end = p.end,
            _ => out.push(SectionSpan {
                span: *p,
                heading: h.then_some(*p),
            }),
        }
    }
    out
}

fn is_heading(doc: &Document, ix: &CharIndex, p: Span, last: bool) -> bool {
    if doc.format == Format::Markdown && markdown_heading(&doc.text, ix, p) {
        return true;
    }
    let text = ix.slice(&doc.text, p).trim();
    let ends_sentence = text.chars().last().is_some_and(|c| {
        matches!(
            c,
            '。' | '！'
                | '？'
                | '；'
                | '，'
                | '：'
                | '…'
                | '.'
                | '!'
                | '?'
                | ';'
                | ','
                | ':'
                | '”'
                | '」'
        )
    });
    !last && p.len() <= HEADING_CHARS && !ends_sentence && text.chars().any(char::is_alphanumeric)
}

/// Whether the line holding `p`'s start begins with `#` (an ATX heading):
/// at most 12 characters back (`###### ` and indentation) is a line start.
fn markdown_heading(text: &str, ix: &CharIndex, p: Span) -> bool {
    let at = ix.byte(p.start);
    let back = ix.byte(p.start.saturating_sub(12));
    let line_start = match text[back..at].rfind('\n') {
        Some(i) => back + i + 1,
        None if back == 0 => 0,
        None => return false,
    };
    text[line_start..].trim_start_matches(' ').starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(format: Format, text: &str) -> Vec<(String, Option<String>)> {
        let doc = Document::new("d", format, text);
        let cleaned = crate::clean::clean(&doc);
        let ix = CharIndex::new(text);
        sections(&doc, &crate::clean::paragraphs(&doc, &cleaned))
            .into_iter()
            .map(|s| {
                (
                    ix.slice(text, s.span).to_string(),
                    s.heading
                        .map(|h| ix.slice(text, h).trim_start_matches(['#', ' ']).to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn headings_open_sections_and_paragraphs_without_headings_are_sections() {
        let text = "导语一句话。\n\n一、平台建设\n\n第一段正文。\n\n第二段正文。\n\n二、应用推广\n\n第三段正文。\n";
        let s = split(Format::Text, text);
        let headings: Vec<_> = s.iter().map(|x| x.1.clone()).collect();
        assert_eq!(
            headings,
            [
                None,
                Some("一、平台建设".into()),
                Some("二、应用推广".into())
            ]
        );
        assert_eq!(s[1].0, "一、平台建设\n\n第一段正文。\n\n第二段正文。");

        let s = split(Format::Text, "第一段正文。\n\n第二段正文，\n\n第三段。\n");
        assert_eq!(s.len(), 3);
        assert!(s.iter().all(|x| x.1.is_none()));
    }

    #[test]
    fn a_markdown_heading_of_any_length_is_a_heading() {
        let long = "关于加快推进工业互联网平台建设和应用推广的若干意见和具体落实措施说明。";
        let text = format!("# {long}\n\n正文第一段。\n");
        let s = split(Format::Markdown, &text);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].1.as_deref(), Some(long));
    }
}
