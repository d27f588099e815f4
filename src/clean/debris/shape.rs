//! What a stretch of tokens looks like: the evidence that it is code, a
//! style sheet or a widget.
//!
//! Takes tokens from [`super::scan`] one at a time ([`Shape::feed`]) and
//! keeps counts and a two-token memory, nothing else, so a shape of any
//! length costs constant memory. The evidence is by token shape:
//!
//! - JavaScript: `var|let|const NAME` followed by `=`, `;` or `,`;
//!   `function(…){`, `if(…){` (a block keyword, then `){`); `new Name(`
//!   (no space before the bracket);
//!   `window.`, `document.`, `navigator.`, `location.`, `console.`; `=>`;
//!   a member call `a.b(` or a member assignment `a.b =`, `a[…] =` on a line
//!   that ends like code (`;`, `{`, `(`, `[`); a call `name(…)` ending in `;`.
//! - JSON and object literals: two `"key": value` pairs, or one after a
//!   leading `{` or `[`; two `key: value` pairs after a leading `{` or `[`.
//! - CSS: a rule `selector{prop:value;…}` (a brace after a name, and a
//!   declaration `prop:value` ended by `;` or `}`), or a selector line ending
//!   in `{` or `{}`; hints `url(`, `progid:`, `!important`. Functions in a
//!   declaration's value (`rgba(…)`) are not calls.
//! - Template residue: `@@=`, `@@~`, `@@?`.
//! - Widgets: names of ad, tracking and share loaders (`loadWidget`,
//!   `SinaPage…`, `sinaads`, `adScript`, `adsbygoogle`, `share…`, …) and
//!   `createElement('script')`. These only name the kind of code already
//!   found; alone they are not evidence.
//!
//! Text counts as code only where it is mostly ASCII outside strings and
//! comments ([`Shape::ascii_dominant`]), so Chinese prose quoting a URL, a
//! name or a formula never has the shape.

use crate::corpus::Exclusion;

use super::scan::{Tok, Token};

/// HTML element names: a selector may start with one, and markup residue is
/// a tag of one of these.
pub const TAGS: &[&str] = &[
    "a",
    "abbr",
    "article",
    "aside",
    "audio",
    "b",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "code",
    "col",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "label",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "noscript",
    "ol",
    "option",
    "p",
    "param",
    "pre",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "u",
    "ul",
    "video",
];

/// Name prefixes of ad, tracking and share loaders (compared without case).
const WIDGET_PREFIXES: &[&str] = &[
    "loadwidget",
    "sinapage",
    "sinaads",
    "adscript",
    "adsbygoogle",
    "googletag",
    "_hmt",
    "gtag",
    "_gaq",
    "bdshare",
    "_bd_share",
    "jiathis",
    "addthis",
    "sharethis",
    "weibocard",
    "share",
];

/// Whether `name` is a known HTML element name (any case).
pub fn is_tag(name: &str) -> bool {
    TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
}

fn is_widget(name: &str) -> bool {
    WIDGET_PREFIXES.iter().any(|p| {
        name.len() >= p.len() && name.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    })
}

/// What kinds of debris a stretch shows; several may hold.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    pub js: bool,
    pub json: bool,
    pub css: bool,
    pub markup: bool,
    pub widget: bool,
}

impl Evidence {
    pub fn or(self, o: Evidence) -> Evidence {
        Evidence {
            js: self.js || o.js,
            json: self.json || o.json,
            css: self.css || o.css,
            markup: self.markup || o.markup,
            widget: self.widget || o.widget,
        }
    }

    /// The reason to give: a widget's name in script is a widget, script and
    /// data are code, style rules alone are style, anything else code.
    pub fn reason(self) -> Exclusion {
        if self.widget && (self.js || self.json) {
            Exclusion::Widget
        } else if self.js || self.json || self.markup || !self.css {
            Exclusion::Code
        } else {
            Exclusion::Style
        }
    }
}

/// An identifier, as far as the evidence needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Decl,
    Function,
    New,
    Control,
    Global,
    CreateElement,
    CssUrl,
    Progid,
    Important,
    Plain { css_prop: bool, tag: bool },
}

impl Word {
    fn of(s: &str) -> Word {
        match s {
            "var" | "let" | "const" => Word::Decl,
            "function" => Word::Function,
            "new" => Word::New,
            "if" | "for" | "while" | "switch" | "catch" => Word::Control,
            "window" | "document" | "navigator" | "location" | "console" => Word::Global,
            "createElement" => Word::CreateElement,
            "url" => Word::CssUrl,
            "progid" => Word::Progid,
            "important" => Word::Important,
            _ => Word::Plain {
                css_prop: s.len() >= 3
                    && s.bytes().enumerate().all(|(k, b)| {
                        b.is_ascii_lowercase() || (k > 0 && b == b'-') || (k == 0 && b == b'_')
                    }),
                tag: is_tag(s),
            },
        }
    }
}

/// A token as the two-token memory keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    Word(Word),
    Number,
    Str,
    Url,
    Punct(u8),
}

/// Whose key a `:` follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Name,
    Quoted,
}

/// Counts and evidence over a stretch of tokens.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// Non-space ASCII chars outside strings and comments.
    pub ascii: u32,
    /// Non-space non-ASCII chars outside strings and comments.
    pub other: u32,
    /// Chars in strings and comments.
    pub quoted: u32,
    /// Char offsets (in the line) of the first and last token, comments too.
    pub start: u32,
    pub end: u32,
    tokens: u32,
    comments: u32,
    /// Tokens other than `{}[]();,`.
    non_bracket: u32,
    opens: u32,
    closes: u32,
    first: Option<Prev>,
    last: Option<Prev>,
    // Evidence.
    js: u32,
    calls: u32,
    member_calls: u32,
    member_assign: bool,
    css_decls: u32,
    rule_brace: bool,
    css_hint: bool,
    kv: u32,
    json: u32,
    template: bool,
    widget: bool,
    // The two-token memory and what is pending on it.
    p1: Option<Prev>,
    p2: Option<Prev>,
    decl_pending: bool,
    key: Option<Key>,
    block_kw: bool,
    new_chain: bool,
}

impl Shape {
    /// Takes the next token.
    pub fn feed(&mut self, t: &Token) {
        if self.tokens + self.comments == 0 {
            self.start = t.start;
        }
        self.end = t.end;
        let cur = match t.tok {
            Tok::Comment | Tok::HtmlComment => {
                self.comments += 1;
                self.quoted += t.chars();
                return;
            }
            Tok::Other => {
                self.other += 1;
                self.tokens += 1;
                self.non_bracket += 1;
                self.p1 = None;
                self.p2 = None;
                self.decl_pending = false;
                self.key = None;
                self.new_chain = false;
                return;
            }
            Tok::Str { .. } => {
                self.quoted += t.chars();
                Prev::Str
            }
            Tok::Ident(s) => {
                self.ascii += t.chars();
                self.widget |= is_widget(s);
                Prev::Word(Word::of(s))
            }
            Tok::Number => {
                self.ascii += t.chars();
                Prev::Number
            }
            Tok::Url => {
                self.ascii += t.chars();
                Prev::Url
            }
            Tok::Punct(p) => {
                self.ascii += 1;
                Prev::Punct(p)
            }
        };
        self.tokens += 1;
        if !matches!(
            cur,
            Prev::Punct(b'{' | b'}' | b'[' | b']' | b'(' | b')' | b';' | b',')
        ) {
            self.non_bracket += 1;
        }
        self.first.get_or_insert(cur);
        self.value_after_colon(cur);
        let chain = self.new_chain;
        self.new_chain = false;
        match (cur, t.tok) {
            (Prev::Word(w), _) => self.word(w, chain),
            (Prev::Punct(p), _) => self.punct(p, t.spaced, chain),
            (Prev::Str, Tok::Str { script: true })
                if self.p1 == Some(Prev::Punct(b'('))
                    && self.p2 == Some(Prev::Word(Word::CreateElement)) =>
            {
                self.widget = true;
            }
            _ => {}
        }
        self.p2 = self.p1;
        self.p1 = Some(cur);
        self.last = Some(cur);
    }

    /// A value right after `key:` makes a key-value pair.
    fn value_after_colon(&mut self, cur: Prev) {
        if self.p1 != Some(Prev::Punct(b':')) {
            return;
        }
        let value = matches!(
            cur,
            Prev::Str | Prev::Number | Prev::Url | Prev::Word(_) | Prev::Punct(b'{' | b'[')
        );
        match self.key.take() {
            Some(Key::Name) if value => self.kv += 1,
            Some(Key::Quoted) if value => self.json += 1,
            _ => {}
        }
    }

    fn word(&mut self, w: Word, chain: bool) {
        let p1_dot = self.p1 == Some(Prev::Punct(b'.'));
        if self.p1 == Some(Prev::Word(Word::New)) || (p1_dot && chain) {
            self.new_chain = true;
        }
        if p1_dot && self.p2 == Some(Prev::Word(Word::Global)) {
            self.js += 1;
        }
        match w {
            Word::Function | Word::Control => self.block_kw = true,
            Word::Important if self.p1 == Some(Prev::Punct(b'!')) => self.css_hint = true,
            _ => {}
        }
    }

    fn punct(&mut self, p: u8, spaced: bool, chain: bool) {
        let (p1, p2) = (self.p1, self.p2);
        let p1_word = matches!(p1, Some(Prev::Word(_)));
        let after_decl = p1_word && p2 == Some(Prev::Word(Word::Decl));
        match p {
            b'=' | b';' | b',' if after_decl => self.js += 1,
            b'=' | b'~' | b'?'
                if p1 == Some(Prev::Punct(b'@')) && p2 == Some(Prev::Punct(b'@')) =>
            {
                self.template = true;
            }
            _ => {}
        }
        match p {
            b'.' if chain => self.new_chain = true,
            b'=' if (p1_word && p2 == Some(Prev::Punct(b'.'))) || p1 == Some(Prev::Punct(b']')) => {
                self.member_assign = true;
            }
            b';' | b'}' if self.decl_pending => {
                self.css_decls += 1;
                self.decl_pending = false;
            }
            b'(' => {
                // `rgba(…)`, `url(…)` in a CSS value are no calls.
                if p1_word && !spaced && !self.decl_pending {
                    self.calls += 1;
                    if p2 == Some(Prev::Punct(b'.')) {
                        self.member_calls += 1;
                    }
                }
                if chain && !spaced {
                    self.js += 1;
                }
                if p1 == Some(Prev::Word(Word::CssUrl)) {
                    self.css_hint = true;
                }
            }
            b'{' => {
                if p1 == Some(Prev::Punct(b')')) && self.block_kw {
                    self.js += 1;
                }
                if p1_word || matches!(p1, Some(Prev::Punct(b']' | b'*'))) {
                    self.rule_brace = true;
                }
                self.decl_pending = false;
            }
            b':' => {
                if matches!(p1, Some(Prev::Word(Word::Plain { css_prop: true, .. }))) {
                    self.decl_pending = true;
                }
                if p1 == Some(Prev::Word(Word::Progid)) {
                    self.css_hint = true;
                }
                self.key = match p1 {
                    Some(Prev::Word(_)) => Some(Key::Name),
                    Some(Prev::Str) => Some(Key::Quoted),
                    _ => None,
                };
            }
            b'>' if p1 == Some(Prev::Punct(b'=')) => self.js += 1,
            _ => {}
        }
        match p {
            b'{' | b'[' | b'(' => self.opens += 1,
            b'}' | b']' | b')' => self.closes += 1,
            _ => {}
        }
    }

    /// Whether no token was fed.
    pub fn is_blank(&self) -> bool {
        self.tokens + self.comments == 0
    }

    /// Whether only comments were fed.
    pub fn comment_only(&self) -> bool {
        self.tokens == 0 && self.comments > 0
    }

    /// Whether every token is one of `{}[]();,` (and there is one).
    pub fn brackets_only(&self) -> bool {
        self.tokens > 0 && self.non_bracket == 0
    }

    /// Chars of tokens, not counting spaces: ASCII, other, and quoted.
    pub fn chars(&self) -> u32 {
        self.ascii + self.other + self.quoted
    }

    /// Opening brackets less closing ones.
    pub fn delta(&self) -> i64 {
        i64::from(self.opens) - i64::from(self.closes)
    }

    /// At least four ASCII characters for every other one, outside strings
    /// and comments.
    pub fn ascii_dominant(&self) -> bool {
        self.ascii >= 4 * self.other
    }

    fn ends_like_code(&self) -> bool {
        matches!(self.last, Some(Prev::Punct(b';' | b'{' | b'(' | b'[')))
    }

    fn starts_open(&self) -> bool {
        matches!(self.first, Some(Prev::Punct(b'{' | b'[')))
    }

    fn is_js(&self) -> bool {
        self.js > 0
            || ((self.member_calls > 0 || self.member_assign) && self.ends_like_code())
            || (self.calls > 0 && self.last == Some(Prev::Punct(b';')))
    }

    fn is_json(&self) -> bool {
        self.json >= 2 || (self.starts_open() && (self.json >= 1 || self.kv >= 2))
    }

    /// A selector line that opens a rule or holds an empty one: `.a
    /// .b:hover {`, `body {`, `.x, .y{}`.
    fn selector_rule(&self) -> bool {
        let selector_start = matches!(
            self.first,
            Some(Prev::Punct(b'.' | b'#' | b'@' | b'*' | b':'))
                | Some(Prev::Word(Word::Plain { tag: true, .. }))
        );
        self.rule_brace && selector_start && matches!(self.last, Some(Prev::Punct(b'{' | b'}')))
    }

    fn is_css_rule(&self) -> bool {
        self.rule_brace && (self.css_decls > 0 || self.selector_rule())
    }

    /// Everything the stretch shows.
    pub fn evidence(&self) -> Evidence {
        Evidence {
            js: self.is_js(),
            json: self.is_json(),
            css: self.css_decls > 0 || self.css_hint || self.is_css_rule(),
            markup: self.template,
            widget: self.widget,
        }
    }

    /// The evidence, when the stretch is debris by itself: mostly ASCII and
    /// shaped as script, data, a style rule or template residue.
    pub fn strong(&self) -> Option<Evidence> {
        if !self.ascii_dominant() || self.ascii < 3 {
            return None;
        }
        let ev = self.evidence();
        (ev.js || ev.json || ev.markup || self.is_css_rule()).then_some(ev)
    }

    /// Blank, comment only, or brackets only.
    pub fn filler(&self) -> bool {
        self.is_blank() || self.comment_only() || self.brackets_only()
    }

    /// Whether the stretch can sit inside an open `{ … }`, `[ … ]` or
    /// `( … )`: mostly ASCII, and a pair, a declaration, an assignment, a
    /// closing bracket first or a separator or opener last.
    pub fn continues(&self) -> bool {
        self.ascii_dominant()
            && (self.filler()
                || self.strong().is_some()
                || self.kv + self.json + self.css_decls > 0
                || self.member_assign
                || matches!(self.first, Some(Prev::Punct(b'}' | b']' | b')')))
                || matches!(
                    self.last,
                    Some(Prev::Punct(b',' | b';' | b'{' | b'[' | b'('))
                ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::scan::Scanner;
    use super::*;

    fn shape(line: &str) -> Shape {
        let mut s = Shape::default();
        for t in Scanner::new(line) {
            s.feed(&t);
        }
        s
    }

    fn reason(line: &str) -> Option<Exclusion> {
        shape(line).strong().map(Evidence::reason)
    }

    #[test]
    fn script_lines_are_code_and_loaders_widgets() {
        for line in [
            "var ua = navigator.userAgent.toLowerCase();",
            "if( isIPhone || isAndroid ){",
            "(function(){",
            "location.replace('http://a.b/c?d=1'+location.hash);",
            "SINA_TEXT_PAGE_INFO['videoDatas0'] = [      {",
            "onAfterLoad: function () {",
            "foo(bar);",
            "let f = (a) => a + 1;",
        ] {
            assert_eq!(reason(line), Some(Exclusion::Code), "{line}");
        }
        for line in [
            "var adScript = document.createElement('script');",
            "SinaPage.loadWidget({",
            "new SinaPageWeibo.WeiboCard({",
            "(sinaads = window.sinaads || []).push({});",
            "var s = document.createElement('SCRIPT'); s.src = x;",
        ] {
            assert_eq!(reason(line), Some(Exclusion::Widget), "{line}");
        }
    }

    #[test]
    fn style_rules_are_style() {
        for line in [
            ".tech-con p a:visited{color: #4b729f !important;}",
            "a:visited{color:#999;text-decoration:none;}",
            "html,body,ul,li{margin:0;padding:0;border:0;}",
            ".top-tip .txt a:link,.top-tip .txt a:visited{color:#666;}",
            ".share-box {",
            "body{font:12px/20px \"微软雅黑\",serif;}",
            ".sw-audio .sw-audio-play, .sw-audio .sw-audio-error{}",
            "b{background-image:-webkit-image-set(url(//a/x.png) 1x,url(//a/y.png) 2x);}",
        ] {
            assert_eq!(reason(line), Some(Exclusion::Style), "{line}");
        }
    }

    #[test]
    fn json_and_object_literals_are_code() {
        for line in [
            r#"{"id": 1, "name": "张三", "tags": ["a", "b"]}"#,
            r#""title": "标题", "url": "http://a.b""#,
            "{a: 1, b: 'x'}",
            "<span class=\"title\">@@=value.title$$</span>",
            "@@~it:value:index$$",
            "@@?index==0 || index==1$$",
        ] {
            assert_eq!(reason(line), Some(Exclusion::Code), "{line}");
        }
    }

    #[test]
    fn prose_has_no_shape() {
        for line in [
            "优信集团(Nasdaq:UXIN)今日发布财报，R&D投入增加，C++ 工程师 x=1。",
            "详见 http://www.example.com/a?b=c 。",
            "iPhone 15 Pro Max",
            "His book The Deer and The Cauldron gave me a lot of joy.",
            "Copyright ©1996-2018 SINA Corporation, All Rights Reserved",
            "note: see below; and: this;",
            "the function (f) maps x; new York (NY).",
            "y = 2x + 1;",
            "纸袋裤+背心=清爽性感",
            "曼城(4-3-3)：31-埃德森；2-沃克尔，5-斯通斯(68',4-孔帕尼)",
            "{ 声音 }",
        ] {
            assert_eq!(reason(line), None, "{line}");
        }
    }

    #[test]
    fn continuation_lines_inside_a_construct() {
        for line in [
            "trigger: {",
            "id: 'wb01'",
            "title: '足金联赛苏州站精彩回顾',\t//标题",
            "});",
            "color: red;",
            "videoList:SINA_TEXT_PAGE_INFO['videoDatas0']",
            "\"id\": 1,",
            "/* 注释 */",
            "",
        ] {
            assert!(shape(line).continues(), "{line}");
        }
        for line in ["正文又开始了，这是一段中文。", "He said yes."] {
            assert!(!shape(line).continues(), "{line}");
        }
    }

    #[test]
    fn brackets_count_outside_strings_and_escapes() {
        assert_eq!(shape("(function(){").delta(), 2);
        assert_eq!(shape("var a = '{{'; // ((").delta(), 0);
        assert_eq!(shape("var isIOS = /\\(iPad/i.test(ua);").delta(), 0);
        assert!(shape("});").brackets_only());
    }
}
