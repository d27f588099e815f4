//! Markup residue: complete HTML tags and comments left in a line of text.
//!
//! Takes tokens from [`super::scan`] one at a time and gives the char span
//! (in the line) of each complete tag: `<name …>` or `</name>` for a known
//! element name ([`super::shape::TAGS`]), closed on the same line, and each
//! `<!-- … -->`. A one-letter name without attributes (`<b>`, `<i>`) counts
//! only when closing, since `a<b>c` is a formula; `<p>` counts. A tag
//! broken by a non-ASCII character outside quotes is not one (`<thank u,
//! next>` is a song title: `thank` is no element).

use crate::span::Span;

use super::scan::{Tok, Token};
use super::shape::is_tag;

/// Where a possible tag has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// After `<`.
    Open,
    /// After `</`.
    Slash,
    /// After the name: attributes until `>`.
    Name,
}

#[derive(Debug, Clone, Copy)]
struct Pending {
    start: u32,
    stage: Stage,
    closing: bool,
    short: bool,
    attrs: bool,
}

/// Finds tags in a stream of tokens.
#[derive(Debug, Default)]
pub struct Tags {
    pending: Option<Pending>,
}

impl Tags {
    /// Takes the next token; gives the span of a tag it completes.
    pub fn feed(&mut self, t: &Token) -> Option<Span> {
        if t.tok == Tok::HtmlComment {
            self.pending = None;
            return Some(Span::new(t.start, t.end));
        }
        if t.tok == Tok::Punct(b'<') {
            self.pending = Some(Pending {
                start: t.start,
                stage: Stage::Open,
                closing: false,
                short: false,
                attrs: false,
            });
            return None;
        }
        let mut p = self.pending.take()?;
        match (p.stage, t.tok) {
            (Stage::Open, Tok::Punct(b'/')) if !t.spaced => p.stage = Stage::Slash,
            (Stage::Open | Stage::Slash, Tok::Ident(name)) if !t.spaced && is_tag(name) => {
                p.closing = p.stage == Stage::Slash;
                p.short = name.len() == 1 && !name.eq_ignore_ascii_case("p");
                p.stage = Stage::Name;
            }
            (Stage::Name, Tok::Punct(b'>')) => {
                return (p.closing || p.attrs || !p.short).then(|| Span::new(p.start, t.end));
            }
            (Stage::Name, Tok::Punct(b'=')) => p.attrs = true,
            (Stage::Name, Tok::Other) => return None,
            (Stage::Name, _) => {}
            _ => return None,
        }
        self.pending = Some(p);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::scan::Scanner;
    use super::*;

    fn tags(line: &str) -> Vec<String> {
        let mut f = Tags::default();
        let chars: Vec<char> = line.chars().collect();
        Scanner::new(line)
            .filter_map(|t| f.feed(&t))
            .map(|s| chars[s.start as usize..s.end as usize].iter().collect())
            .collect()
    }

    #[test]
    fn complete_tags_of_known_elements() {
        assert_eq!(
            tags("<a title=@@=value.title$$ href=\"x\" target=\"_blank\">标题</a>"),
            vec![
                "<a title=@@=value.title$$ href=\"x\" target=\"_blank\">",
                "</a>"
            ]
        );
        assert_eq!(
            tags("正文<br/>正文<p>段<!-- ad -->"),
            vec!["<br/>", "<p>", "<!-- ad -->"]
        );
        assert_eq!(
            tags("<img src=\"中文.png\">"),
            vec!["<img src=\"中文.png\">"]
        );
    }

    #[test]
    fn formulas_titles_and_open_tags_are_not() {
        assert!(tags("若a<b>c，则").is_empty());
        assert!(tags("新单<thank u, next>发布").is_empty());
        assert!(tags("《关于印发<2019年实施办法>的通知》").is_empty());
        assert!(tags("<div class=x 中文>").is_empty());
        assert!(tags("<div class=x").is_empty());
        assert!(tags("< div>").is_empty());
    }
}
