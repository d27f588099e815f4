//! Cleaning: which parts of a document are body text.
//!
//! Takes a [`Document`] (whose reader already marked front matter, markup and
//! headers) and gives [`Cleaned`]: every excluded span with its reason, with
//! code, style sheets and widgets in the body added (see [`debris`]), then
//! site furniture (see [`furniture`]), and the body spans that remain. The
//! text is never rewritten; offsets never move. [`paragraphs`] and
//! [`sentences`] split the body further, still as spans of the text as read.

pub mod debris;
pub mod furniture;

use serde::Serialize;

use crate::corpus::{Document, Excluded, complement, tidy_exclusions};
use crate::span::{CharIndex, Span};

/// The body of one document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cleaned {
    /// Everything that is not body, sorted and disjoint.
    pub excluded: Vec<Excluded>,
    /// The body text, as sorted disjoint spans.
    pub body: Vec<Span>,
}

impl Cleaned {
    /// Number of body characters.
    pub fn body_chars(&self) -> u32 {
        self.body.iter().map(Span::len).sum()
    }
}

/// Marks debris (code, style, widgets) and furniture, and gives the body
/// spans of `doc`.
pub fn clean(doc: &Document) -> Cleaned {
    let len = doc.chars();
    let mut excluded = doc.excluded.clone();
    let ix = CharIndex::new(&doc.text);
    let body = complement(&excluded, len);
    excluded.extend(debris::find(&doc.text, &ix, &body));
    tidy_exclusions(&mut excluded);
    let body = complement(&excluded, len);
    let paras: Vec<furniture::Para> = paragraphs_of(&doc.text, &ix, &excluded, &body)
        .into_iter()
        .map(|span| furniture::Para {
            span,
            text: visible(&doc.text, &ix, &body, span),
        })
        .collect();
    excluded.extend(furniture::find(&paras));
    tidy_exclusions(&mut excluded);
    let body = complement(&excluded, len);
    Cleaned { excluded, body }
}

/// The paragraphs of the body: body text split at line breaks and at any
/// exclusion other than inline markup, trimmed, empty ones dropped. A
/// paragraph may span inline markup (`<strong>`), so it is given as the span
/// from its first to its last body character.
pub fn paragraphs(doc: &Document, cleaned: &Cleaned) -> Vec<Span> {
    let ix = CharIndex::new(&doc.text);
    paragraphs_of(&doc.text, &ix, &cleaned.excluded, &cleaned.body)
}

fn paragraphs_of(text: &str, ix: &CharIndex, excluded: &[Excluded], body: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    let mut ex = excluded.iter().peekable();
    for span in body {
        // A break before this span unless only inline markup lies between.
        let mut breaks = false;
        while let Some(e) = ex.peek() {
            if e.span.start >= span.start {
                break;
            }
            breaks |= e.reason.breaks_paragraph();
            ex.next();
        }
        if breaks && let Some(p) = current.take() {
            out.push(p);
        }
        let mut at = span.start;
        let slice = ix.slice(text, *span);
        for (k, ch) in slice.chars().enumerate() {
            let pos = span.start + k as u32;
            if ch == '\n' {
                if let Some(p) = current.take() {
                    out.push(p);
                }
                at = pos + 1;
                continue;
            }
            if ch.is_whitespace() || ch == '\u{3000}' {
                continue;
            }
            match current.as_mut() {
                Some(p) => p.end = pos + 1,
                None => current = Some(Span::new(pos.max(at), pos + 1)),
            }
        }
    }
    if let Some(p) = current {
        out.push(p);
    }
    out
}

/// The body text inside `span`, inline markup left out.
pub fn visible(text: &str, ix: &CharIndex, body: &[Span], span: Span) -> String {
    let first = body.partition_point(|b| b.end <= span.start);
    body[first..]
        .iter()
        .take_while(|b| b.start < span.end)
        .map(|b| {
            ix.slice(
                text,
                Span::new(b.start.max(span.start), b.end.min(span.end)),
            )
        })
        .collect()
}

/// Sentence ends: 。！？；… and their ASCII forms.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '…' | '!' | '?' | ';')
}

/// Closing marks that stay with the sentence before them.
fn closes(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'' | '》' | '】' | '…'
    )
}

/// The sentences of the body: each paragraph split after 。！？；…, with
/// closing quotes and brackets kept on the sentence they end.
pub fn sentences(doc: &Document, cleaned: &Cleaned) -> Vec<Span> {
    let ix = CharIndex::new(&doc.text);
    let mut out = Vec::new();
    for p in paragraphs_of(&doc.text, &ix, &cleaned.excluded, &cleaned.body) {
        let chars: Vec<char> = ix.slice(&doc.text, p).chars().collect();
        let mut start = 0usize;
        let mut k = 0usize;
        while k < chars.len() {
            if ends_sentence(chars[k]) {
                let mut end = k + 1;
                while end < chars.len() && (closes(chars[end]) || ends_sentence(chars[end])) {
                    end += 1;
                }
                push_trimmed(&mut out, &chars, p.start, start, end);
                start = end;
                k = end;
            } else {
                k += 1;
            }
        }
        push_trimmed(&mut out, &chars, p.start, start, chars.len());
    }
    out
}

fn push_trimmed(out: &mut Vec<Span>, chars: &[char], base: u32, mut a: usize, mut b: usize) {
    while a < b && chars[a].is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    if a < b {
        out.push(Span::new(base + a as u32, base + b as u32));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Exclusion, Format};

    fn doc(text: &str, excluded: Vec<Excluded>) -> Document {
        Document {
            id: "t".into(),
            path: "t".into(),
            line: None,
            format: Format::Text,
            encoding: "UTF-8".into(),
            text: text.into(),
            meta: Default::default(),
            excluded,
            entities: vec![],
        }
    }

    #[test]
    fn sentences_split_at_chinese_stops_and_keep_quotes() {
        let d = doc("他说：“好。”然后走了！真的吗？是的；结束…\n第二段", vec![]);
        let c = clean(&d);
        let ix = CharIndex::new(&d.text);
        let s: Vec<&str> = sentences(&d, &c)
            .iter()
            .map(|s| ix.slice(&d.text, *s))
            .collect();
        assert_eq!(
            s,
            vec![
                "他说：“好。”",
                "然后走了！",
                "真的吗？",
                "是的；",
                "结束…",
                "第二段"
            ]
        );
    }

    #[test]
    fn inline_markup_does_not_break_a_paragraph() {
        let text = "<p>正文<b>加粗</b>段。</p><p>下一段</p>";
        let ex = |a, b, r| Excluded {
            span: Span::new(a, b),
            reason: r,
        };
        let d = doc(
            text,
            vec![
                ex(0, 3, Exclusion::Block),
                ex(5, 8, Exclusion::Markup),
                ex(10, 14, Exclusion::Markup),
                ex(16, 23, Exclusion::Block),
                ex(26, 30, Exclusion::Block),
            ],
        );
        let c = clean(&d);
        let ix = CharIndex::new(&d.text);
        let p: Vec<&str> = paragraphs(&d, &c)
            .iter()
            .map(|s| ix.slice(&d.text, *s))
            .collect();
        assert_eq!(p, vec!["正文<b>加粗</b>段。", "下一段"]);
    }
}
