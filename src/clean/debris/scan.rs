//! One line of text as tokens, for the debris detector.
//!
//! Takes a line (no `\n`) and gives its tokens in order with their char
//! offsets in the line: identifiers, numbers, quoted strings, comments, URLs,
//! ASCII punctuation, and every other non-space character (Chinese text,
//! full-width punctuation, U+FFFD) as [`Tok::Other`]. One pass, no
//! backtracking: a string or comment left open ends at the end of the line,
//! and every byte is looked at a bounded number of times.
//!
//! A quote right after a letter or digit is an apostrophe (`it's`, `68'`),
//! not a string; `//` is a comment only where code would put one (at the
//! start of a line, after a space, or after `;{},)]`), so
//! `http://` and `url(//host/x.png)` are not, and `//@name` (a Weibo repost)
//! is not either.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok<'a> {
    /// `[A-Za-z_$][A-Za-z0-9_$]*`, with inner hyphens (`margin-bottom`).
    Ident(&'a str),
    /// A digit and what follows it in a number or a CSS length (`0.75`, `12px`).
    Number,
    /// A quoted string, closed or running to the end of the line; `script`
    /// when its content is `script` in any case.
    Str { script: bool },
    /// A `//` or `/* */` comment.
    Comment,
    /// An HTML comment `<!-- -->`.
    HtmlComment,
    /// `http://…`, `https://…`, `ftp://…` up to a space, quote or bracket.
    Url,
    /// One ASCII punctuation character.
    Punct(u8),
    /// One non-ASCII character outside strings and comments.
    Other,
}

/// A token and where it sits in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub tok: Tok<'a>,
    /// Char offsets in the line, half-open.
    pub start: u32,
    pub end: u32,
    /// Whether whitespace comes right before it.
    pub spaced: bool,
}

impl Token<'_> {
    /// Number of chars.
    pub fn chars(&self) -> u32 {
        self.end - self.start
    }
}

/// The tokens of one line.
pub struct Scanner<'a> {
    line: &'a str,
    pos: usize,
    chars: u32,
    /// The last token that was not a comment, for where `//` may start one.
    prev: Option<Tok<'a>>,
}

impl<'a> Scanner<'a> {
    pub fn new(line: &'a str) -> Self {
        Scanner {
            line,
            pos: 0,
            chars: 0,
            prev: None,
        }
    }

    fn peek(&self, k: usize) -> Option<u8> {
        self.line.as_bytes().get(self.pos + k).copied()
    }

    /// Moves over one char.
    fn bump(&mut self) -> Option<char> {
        let c = self.line[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        self.chars += 1;
        Some(c)
    }

    /// Moves over ASCII bytes while `keep` holds.
    fn bump_while(&mut self, keep: impl Fn(u8) -> bool) {
        while let Some(b) = self.peek(0).filter(|&b| keep(b)) {
            debug_assert!(b.is_ascii());
            self.pos += 1;
            self.chars += 1;
        }
    }

    /// Moves over chars up to and including `end`, or to the end of the line.
    fn bump_past(&mut self, end: &str) {
        while self.pos < self.line.len() {
            if self.line[self.pos..].starts_with(end) {
                for _ in 0..end.len() {
                    self.bump();
                }
                return;
            }
            self.bump();
        }
    }

    /// Whether `//` here starts a comment: not `//@`, and at the start of
    /// the line, after a space, or after `;{},)]`.
    fn comment_may_start(&self, spaced: bool) -> bool {
        self.peek(2) != Some(b'@')
            && (spaced
                || match self.prev {
                    None => true,
                    Some(Tok::Punct(p)) => b";{},)]".contains(&p),
                    Some(_) => false,
                })
    }

    fn string(&mut self, quote: u8) -> Tok<'a> {
        self.bump();
        let from = self.pos;
        let mut escaped = false;
        while let Some(c) = self.bump() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c as u32 == quote as u32 {
                let content = &self.line[from..self.pos - 1];
                return Tok::Str {
                    script: content.eq_ignore_ascii_case("script"),
                };
            }
        }
        Tok::Str { script: false }
    }

    fn word(&mut self) -> Tok<'a> {
        let from = self.pos;
        loop {
            self.bump_while(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$');
            let inner_hyphen = self.peek(0) == Some(b'-')
                && self.peek(1).is_some_and(|b| b.is_ascii_alphanumeric());
            if !inner_hyphen {
                break;
            }
            self.bump();
        }
        let word = &self.line[from..self.pos];
        let scheme = matches!(word, "http" | "https" | "ftp");
        if scheme && self.line[self.pos..].starts_with("://") {
            self.bump_while(|b| {
                b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'(' | b')' | b'<' | b'>')
            });
            return Tok::Url;
        }
        Tok::Ident(word)
    }

    /// The token at the current position, which is not whitespace.
    fn token(&mut self, spaced: bool) -> Tok<'a> {
        let b = self.line.as_bytes()[self.pos];
        let after_word = matches!(self.prev, Some(Tok::Ident(_) | Tok::Number)) && !spaced;
        match b {
            _ if !b.is_ascii() => {
                self.bump();
                Tok::Other
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'_' | b'$' => self.word(),
            b'0'..=b'9' => {
                self.bump_while(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'%');
                Tok::Number
            }
            b'"' | b'`' => self.string(b),
            b'\'' if !after_word => self.string(b),
            b'/' if self.peek(1) == Some(b'*') => {
                self.bump_past("*/");
                Tok::Comment
            }
            b'/' if self.peek(1) == Some(b'/') && self.comment_may_start(spaced) => {
                self.chars += self.line[self.pos..].chars().count() as u32;
                self.pos = self.line.len();
                Tok::Comment
            }
            b'\\' => {
                // An escape (`\(` in a regular expression) is not a bracket.
                self.bump();
                if self.peek(0).is_some_and(|b| b.is_ascii_punctuation()) {
                    self.bump();
                }
                Tok::Punct(b'\\')
            }
            b'<' if self.line[self.pos..].starts_with("<!--") => {
                self.bump_past("-->");
                Tok::HtmlComment
            }
            _ => {
                self.bump();
                Tok::Punct(b)
            }
        }
    }
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let mut spaced = false;
        while let Some(c) = self.line[self.pos..].chars().next() {
            if !c.is_whitespace() {
                break;
            }
            self.bump();
            spaced = true;
        }
        if self.pos >= self.line.len() {
            return None;
        }
        let start = self.chars;
        let tok = self.token(spaced);
        if !matches!(tok, Tok::Comment | Tok::HtmlComment) {
            self.prev = Some(tok);
        }
        Some(Token {
            tok,
            start,
            end: self.chars,
            spaced,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(line: &str) -> Vec<Tok<'_>> {
        Scanner::new(line).map(|t| t.tok).collect()
    }

    #[test]
    fn words_numbers_strings_and_punctuation() {
        assert_eq!(
            toks("var adScript = document.createElement('script');"),
            vec![
                Tok::Ident("var"),
                Tok::Ident("adScript"),
                Tok::Punct(b'='),
                Tok::Ident("document"),
                Tok::Punct(b'.'),
                Tok::Ident("createElement"),
                Tok::Punct(b'('),
                Tok::Str { script: true },
                Tok::Punct(b')'),
                Tok::Punct(b';'),
            ]
        );
        assert_eq!(
            toks("a{margin-bottom:30px}"),
            vec![
                Tok::Ident("a"),
                Tok::Punct(b'{'),
                Tok::Ident("margin-bottom"),
                Tok::Punct(b':'),
                Tok::Number,
                Tok::Punct(b'}'),
            ]
        );
    }

    #[test]
    fn comments_only_where_code_puts_them() {
        assert_eq!(
            toks("id: 1,\t//标题"),
            vec![
                Tok::Ident("id"),
                Tok::Punct(b':'),
                Tok::Number,
                Tok::Punct(b','),
                Tok::Comment
            ]
        );
        assert_eq!(toks("/* 注释 */"), vec![Tok::Comment]);
        assert_eq!(toks("//@某人:转发")[0], Tok::Punct(b'/'));
        assert_eq!(toks("见 http://a.b/c?d=e 。")[1], Tok::Url);
        let t = toks("url(//n.sinaimg.cn/x.png)");
        assert!(!t.contains(&Tok::Comment), "{t:?}");
    }

    #[test]
    fn apostrophes_are_not_strings_and_offsets_are_chars() {
        assert_eq!(
            toks("it's 68'"),
            vec![
                Tok::Ident("it"),
                Tok::Punct(b'\''),
                Tok::Ident("s"),
                Tok::Number,
                Tok::Punct(b'\'')
            ]
        );
        let t: Vec<Token> = Scanner::new("中文 'a中b' x").collect();
        assert_eq!((t[0].start, t[0].end), (0, 1));
        assert_eq!((t[2].start, t[2].end, t[2].spaced), (3, 8, true));
        assert_eq!((t[3].start, t[3].end), (9, 10));
    }

    #[test]
    fn open_strings_and_comments_end_with_the_line() {
        assert_eq!(toks("'abc"), vec![Tok::Str { script: false }]);
        assert_eq!(toks("/* abc"), vec![Tok::Comment]);
        assert_eq!(toks("<!-- x"), vec![Tok::HtmlComment]);
    }
}
