//! Code by the shape of its lines: a measure of its own, apart from the
//! clean stage's exclusions, so that a document that is mostly program code
//! or style sheets is known even where the clean stage misses some of it.
//!
//! Takes the characters of a document line by line ([`CodeLines::feed`],
//! [`CodeLines::end_line`]) and gives the non-space characters on code
//! lines ([`CodeLines::code`]). A line is code when it holds no character of
//! East Asian prose (ideographs, kana, hangul, CJK punctuation, full-width
//! forms) and at least one code symbol `{ } ; = < >` for every
//! [`CHARS_PER_SYMBOL`] non-space characters. Chinese prose quoting a URL,
//! an English name or a formula is on a line with ideographs; an English
//! sentence with one semicolon has too few symbols for its length.

/// At most this many non-space characters a line per code symbol.
/// `var ua = navigator.userAgent.toLowerCase();` has 2 in 40; CSS rules
/// and JSON objects have more; an English paragraph with one `;` in 300
/// characters has far fewer.
pub const CHARS_PER_SYMBOL: u32 = 50;

/// A character of East Asian prose: CJK ideographs (Extension A, unified,
/// compatibility), CJK punctuation, kana, hangul and full-width forms.
pub fn is_prose_script(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3134F}')
}

fn is_code_symbol(c: char) -> bool {
    matches!(c, '{' | '}' | ';' | '=' | '<' | '>')
}

/// Counts the non-space characters on code lines.
#[derive(Debug, Default)]
pub struct CodeLines {
    code: u32,
    /// Non-space characters of the current line.
    chars: u32,
    symbols: u32,
    prose: bool,
}

impl CodeLines {
    /// The next character of the current line (not a line break).
    pub fn feed(&mut self, c: char) {
        if c.is_whitespace() {
            return;
        }
        self.chars += 1;
        self.prose |= is_prose_script(c);
        self.symbols += u32::from(is_code_symbol(c));
    }

    /// The current line ends.
    pub fn end_line(&mut self) {
        if self.chars > 0 && !self.prose && self.symbols * CHARS_PER_SYMBOL >= self.chars {
            self.code += self.chars;
        }
        *self = CodeLines {
            code: self.code,
            ..CodeLines::default()
        };
    }

    /// Non-space characters on the code lines ended so far.
    pub fn code(&self) -> u32 {
        self.code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> u32 {
        let mut lines = CodeLines::default();
        for c in text.chars() {
            if c == '\n' {
                lines.end_line();
            } else {
                lines.feed(c);
            }
        }
        lines.end_line();
        lines.code()
    }

    fn non_space(s: &str) -> u32 {
        s.chars().filter(|c| !c.is_whitespace()).count() as u32
    }

    #[test]
    fn script_and_style_lines_are_code() {
        let js = "var ua = navigator.userAgent.toLowerCase();";
        let css = "a:hover{color:#f00;text-decoration:underline;}";
        let json = r#"{"id":"x","name":"y","list":[1,2,3]}"#;
        for line in [js, css, json, "}", "<div class=\"share\">"] {
            assert_eq!(code(line), non_space(line), "{line}");
        }
    }

    #[test]
    fn prose_english_and_urls_are_not_code() {
        for line in [
            "据《华盛顿邮报》报道，亚马逊很可能在水晶城（Crystal City）设置第二总部。",
            "详见 https://www.example.com/a?id=1&b=2 的公告。",
            "当 x = 1 时，函数 f(x) 取最小值。",
            "He came; and then, after a long and quiet afternoon spent reading by the window, he finally left for the station.",
            "2018-2019女排联赛 (25-19/25-23/25-14)",
            "Ruth (Rachel's friend) said hello.",
        ] {
            assert_eq!(code(line), 0, "{line}");
        }
    }

    #[test]
    fn only_code_lines_count() {
        let text = "青岛推动工业互联网平台建设。\nvar a = 1;\n\n  }\n";
        assert_eq!(code(text), non_space("var a = 1;}"));
    }
}
