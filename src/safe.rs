//! Showing untrusted text safely on a terminal.
//!
//! Corpus text, ids, titles and file names can hold control characters: an
//! escape sequence (`ESC [ 2 J`) that clears the screen, a carriage return
//! that overwrites a printed verdict, a bidirectional override that reorders
//! it. [`terminal`] shows every such character as a visible escape
//! (`\u{1b}`), so what a corpus holds can never act on the terminal that
//! prints it. HTML, Markdown and SVG have their own escaping in `report/`.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal raw: C0 and C1 controls (tab and
/// newline only where `keep_layout`), DEL, and the Unicode bidirectional
/// controls and separators that rearrange or break a printed line.
fn unsafe_char(c: char, keep_layout: bool) -> bool {
    match c {
        '\t' | '\n' => !keep_layout,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        '\u{2028}' | '\u{2029}' => true,
        _ => false,
    }
}

fn escape(s: &str, keep_layout: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c, keep_layout)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c, keep_layout) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` with every control character shown as `\u{..}`, newlines and tabs
/// included: for one-line fields (ids, titles, paths, error messages).
///
/// ```
/// assert_eq!(chachong::safe::terminal("a\x1b[2Jb"), "a\\u{1b}[2Jb");
/// assert_eq!(chachong::safe::terminal("青岛"), "青岛");
/// ```
pub fn terminal(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// [`terminal`] that keeps newlines and tabs: for passages of body text.
pub fn terminal_text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_keeps_text() {
        assert_eq!(terminal("x\r\nFAIL"), "x\\u{d}\\u{a}FAIL");
        assert_eq!(terminal_text("x\r\nFAIL\t."), "x\\u{d}\nFAIL\t.");
        assert_eq!(terminal("a\u{202e}b\u{9b}c"), "a\\u{202e}b\\u{9b}c");
        assert!(matches!(terminal("工业互联网 R&D"), Cow::Borrowed(_)));
    }
}
