//! HTML pages, and the HTML scanner the Markdown reader shares.
//!
//! The page text is kept as read; the scanner marks tags as markup,
//! `script`/`style`/`nav`/`header`/`footer`/... content as not prose, images as
//! images, link-only list items as furniture, and, where the page has
//! `<article>` or `<main>`, everything outside them as furniture. Entities
//! (`&amp;`) are recorded so the normalised view can decode them while every
//! offset still points into the page as read. Title comes from `<title>` (else
//! the first `<h1>`), metadata from `<meta name|property=... content=...>`.

use super::{Document, Excluded, Exclusion, tidy_exclusions};
use crate::span::{CharIndex, Span};

/// Marks found by the scanner, as byte ranges (converted to chars at the end).
#[derive(Debug, Default)]
pub(super) struct Marks {
    pub excluded: Vec<(usize, usize, Exclusion)>,
    pub entities: Vec<(usize, usize)>,
}

impl Marks {
    /// Converts the byte ranges to char spans and stores them on `doc`.
    pub fn apply(self, doc: &mut Document) {
        let ix = CharIndex::new(&doc.text);
        let span = |a: usize, b: usize| Span::new(ix.char_of_byte(a), ix.char_of_byte(b));
        doc.excluded
            .extend(self.excluded.iter().map(|&(a, b, reason)| Excluded {
                span: span(a, b),
                reason,
            }));
        tidy_exclusions(&mut doc.excluded);
        doc.entities
            .extend(self.entities.iter().map(|&(a, b)| span(a, b)));
        doc.entities.sort();
    }
}

/// Elements whose whole content is not prose.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "template", "select", "button", "head", "canvas", "video", "audio", "object",
];
/// Elements whose content the parser must not look for tags in.
const RAW: &[&str] = &["script", "style", "textarea", "xmp"];
/// Inline elements: their tags do not break a paragraph.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    "big", "tt", "ins", "del",
];

/// One tag as the scanner sees it.
#[derive(Debug)]
pub(super) struct Tag<'t> {
    pub name: String,
    pub closing: bool,
    pub self_closing: bool,
    pub attrs: &'t str,
    pub start: usize,
    pub end: usize,
}

impl Tag<'_> {
    /// The value of attribute `name`, entity-decoded.
    pub fn attr(&self, name: &str) -> Option<String> {
        attr_value(self.attrs, name)
    }
}

/// Parses a tag starting at byte `at` (which holds `<`). Comments, doctypes
/// and processing instructions come back as a nameless tag.
pub(super) fn parse_tag(text: &str, at: usize) -> Option<Tag<'_>> {
    let rest = &text[at..];
    let b = rest.as_bytes();
    if let Some(comment) = rest.strip_prefix("<!--") {
        let end = comment
            .find("-->")
            .map(|e| at + 4 + e + 3)
            .unwrap_or(text.len());
        return Some(Tag {
            name: String::new(),
            closing: false,
            self_closing: true,
            attrs: "",
            start: at,
            end,
        });
    }
    if b.len() < 2 {
        return None;
    }
    if b[1] == b'!' || b[1] == b'?' {
        let end = rest.find('>').map(|e| at + e + 1)?;
        return Some(Tag {
            name: String::new(),
            closing: false,
            self_closing: true,
            attrs: "",
            start: at,
            end,
        });
    }
    let closing = b[1] == b'/';
    let name_start = if closing { 2 } else { 1 };
    if !b.get(name_start).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut i = name_start;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    let name = rest[name_start..i].to_ascii_lowercase();
    let attrs_start = i;
    let mut quote = 0u8;
    while i < b.len() {
        let c = b[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'>' {
            let self_closing = i > 0 && b[i - 1] == b'/';
            return Some(Tag {
                name,
                closing,
                self_closing,
                attrs: &rest[attrs_start..i],
                start: at,
                end: at + i + 1,
            });
        }
        i += 1;
    }
    None
}

fn attr_value(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let at = from + pos;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = attrs.len() - rest.len() + 1;
        let value = attrs[value_at..].trim_start();
        let v = if let Some(q) = value.strip_prefix('"') {
            q.split('"').next().unwrap_or("")
        } else if let Some(q) = value.strip_prefix('\'') {
            q.split('\'').next().unwrap_or("")
        } else {
            value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("")
        };
        return Some(decode_entities(v));
    }
    None
}

/// Scans `text[from..to]` as HTML and adds what is not body text to `marks`.
/// Text outside tags is body, except inside [`SKIP`] elements.
pub(super) fn scan(text: &str, from: usize, to: usize, marks: &mut Marks) {
    let bytes = text.as_bytes();
    let mut skip_stack: Vec<(String, usize)> = Vec::new();
    let mut i = from;
    while i < to {
        let Some(off) = memchr_any(&bytes[i..to]) else {
            break;
        };
        let at = i + off;
        if bytes[at] == b'&' {
            if skip_stack.is_empty()
                && let Some(len) = entity_len(&text[at..to])
            {
                marks.entities.push((at, at + len));
                i = at + len;
            } else {
                i = at + 1;
            }
            continue;
        }
        let Some(tag) = parse_tag(text, at).filter(|t| t.end <= to) else {
            i = at + 1;
            continue;
        };
        let inline = INLINE.contains(&tag.name.as_str());
        let reason = if tag.name == "img" || tag.name == "picture" {
            Exclusion::Image
        } else if inline {
            Exclusion::Markup
        } else {
            Exclusion::Block
        };
        marks.excluded.push((tag.start, tag.end, reason));
        i = tag.end;
        if tag.closing || tag.self_closing || tag.name.is_empty() {
            if tag.closing
                && let Some(pos) = skip_stack.iter().rposition(|(n, _)| *n == tag.name)
            {
                let (_, start) = skip_stack[pos];
                skip_stack.truncate(pos);
                if skip_stack.is_empty() {
                    marks.excluded.push((start, tag.start, Exclusion::Code));
                }
            }
            continue;
        }
        if RAW.contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            let end = find_ci(&text[i..to], &close).map(|e| i + e).unwrap_or(to);
            marks.excluded.push((i, end, Exclusion::Code));
            i = end;
            continue;
        }
        if SKIP.contains(&tag.name.as_str()) {
            skip_stack.push((tag.name.clone(), tag.end));
        }
    }
    if let Some((_, start)) = skip_stack.first() {
        marks.excluded.push((*start, to, Exclusion::Code));
    }
}

fn memchr_any(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<' || c == b'&')
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Length in bytes of an entity at the start of `s` (`&amp;`, `&#38;`, `&#x26;`).
fn entity_len(s: &str) -> Option<usize> {
    let end = s[..s.len().min(12)].find(';')?;
    decode_entity(&s[..=end]).map(|_| end + 1)
}

/// The character an entity stands for: `&amp;` gives `&`.
pub fn decode_entity(entity: &str) -> Option<char> {
    let inner = entity.strip_prefix('&')?.strip_suffix(';')?;
    if let Some(num) = inner.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match inner {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "times" => '×',
        "divide" => '÷',
        "yen" => '¥',
        "deg" => '°',
        "laquo" => '«',
        "raquo" => '»',
        _ => return None,
    })
}

/// Decodes the entities of a short string (attribute values, titles).
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(off) = s[i..].find('&') {
        out.push_str(&s[i..i + off]);
        let at = i + off;
        match entity_len(&s[at..]) {
            Some(len) => {
                out.push(decode_entity(&s[at..at + len]).unwrap());
                i = at + len;
            }
            None => {
                out.push('&');
                i = at + 1;
            }
        }
    }
    out.push_str(&s[i..]);
    out
}

/// The visible text of `text[from..to]`: tags dropped, entities decoded,
/// whitespace collapsed.
fn inner_text(text: &str, from: usize, to: usize) -> String {
    let mut out = String::new();
    let mut i = from;
    while i < to {
        if text.as_bytes()[i] == b'<'
            && let Some(tag) = parse_tag(text, i)
        {
            i = tag.end;
            continue;
        }
        let ch = text[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    decode_entities(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads an HTML page into `doc`.
pub(super) fn read(mut doc: Document, text: String) -> Document {
    doc.text = text;
    let text = doc.text.as_str();
    let mut marks = Marks::default();
    scan(text, 0, text.len(), &mut marks);

    // Metadata, <title>, first <h1>, and the spans of <article>/<main> and
    // link-only list items.
    let mut title = None;
    let mut h1 = None;
    let mut content_blocks: Vec<(usize, usize)> = Vec::new();
    let mut open_blocks: Vec<(String, usize)> = Vec::new();
    let mut li_start: Option<usize> = None;
    let mut i = 0;
    while let Some(off) = text[i..].find('<') {
        let at = i + off;
        let Some(tag) = parse_tag(text, at) else {
            i = at + 1;
            continue;
        };
        i = tag.end;
        match (tag.name.as_str(), tag.closing) {
            ("title", false) if title.is_none() => {
                let end = find_ci(&text[i..], "</title").map(|e| i + e).unwrap_or(i);
                title = Some(inner_text(text, i, end));
            }
            ("h1", false) if h1.is_none() => {
                let end = find_ci(&text[i..], "</h1").map(|e| i + e).unwrap_or(i);
                h1 = Some(inner_text(text, i, end));
            }
            ("meta", false) => {
                let key = tag.attr("name").or_else(|| tag.attr("property"));
                if let (Some(key), Some(content)) = (key, tag.attr("content")) {
                    let key = key.trim_start_matches("og:").trim_start_matches("article:");
                    let key = match key {
                        "published_time" | "pubdate" | "publishdate" => "date",
                        k => k,
                    };
                    if key == "keywords" || key == "description" || doc.meta.values(key).is_empty()
                    {
                        doc.meta.set(key, &content);
                    }
                }
            }
            ("article" | "main", false) => open_blocks.push((tag.name.clone(), tag.start)),
            ("article" | "main", true) => {
                if let Some(pos) = open_blocks.iter().rposition(|(n, _)| *n == tag.name) {
                    let (_, start) = open_blocks.remove(pos);
                    content_blocks.push((start, tag.end));
                }
            }
            ("li", false) => li_start = Some(tag.end),
            ("li", true) => {
                if let Some(start) = li_start.take()
                    && link_only(text, start, tag.start)
                {
                    marks
                        .excluded
                        .push((start, tag.start, Exclusion::Furniture));
                }
            }
            _ => {}
        }
    }
    if let Some(t) = title
        .filter(|t| !t.is_empty())
        .or(h1.filter(|t| !t.is_empty()))
    {
        doc.meta.title = Some(t);
    }
    if !content_blocks.is_empty() {
        // Only the outermost blocks count; text outside them that is not
        // already marked (as code, markup, ...) is furniture.
        content_blocks.sort();
        let mut outside = Vec::new();
        let mut at = 0;
        for (start, end) in content_blocks {
            if start > at {
                outside.push((at, start));
            }
            at = at.max(end);
        }
        if at < text.len() {
            outside.push((at, text.len()));
        }
        let mut marked: Vec<(usize, usize)> = marks.excluded.iter().map(|m| (m.0, m.1)).collect();
        marked.sort_unstable();
        for (a, b) in outside {
            for (ga, gb) in gaps(&marked, a, b) {
                marks.excluded.push((ga, gb, Exclusion::Furniture));
            }
        }
    }
    marks.apply(&mut doc);
    doc
}

/// The parts of `[from, to)` not covered by `marked` (sorted by start).
fn gaps(marked: &[(usize, usize)], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = from;
    for &(a, b) in marked {
        if b <= at {
            continue;
        }
        if a >= to {
            break;
        }
        if a > at {
            out.push((at, a));
        }
        at = at.max(b);
    }
    if at < to {
        out.push((at, to));
    }
    out
}

/// True when all visible text in `text[from..to]` lies inside `<a>` elements.
fn link_only(text: &str, from: usize, to: usize) -> bool {
    let mut in_link = 0i32;
    let mut any_text = false;
    let mut i = from;
    while i < to {
        if text.as_bytes()[i] == b'<'
            && let Some(tag) = parse_tag(text, i)
        {
            if tag.name == "a" {
                in_link += if tag.closing { -1 } else { 1 };
            }
            i = tag.end;
            continue;
        }
        let ch = text[i..].chars().next().unwrap();
        if !ch.is_whitespace() {
            if in_link <= 0 {
                return false;
            }
            any_text = true;
        }
        i += ch.len_utf8();
    }
    any_text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Format, complement};

    fn doc(text: &str) -> Document {
        read(
            Document::new("t.html", Format::Html, String::new()),
            text.to_string(),
        )
    }

    fn body(d: &Document) -> String {
        let ix = CharIndex::new(&d.text);
        complement(&d.excluded, d.chars())
            .iter()
            .map(|s| ix.slice(&d.text, *s))
            .collect()
    }

    #[test]
    fn script_style_nav_and_images_are_not_body() {
        let d = doc(concat!(
            "<html><head><title>标题 &amp; 副题</title><meta name=\"keywords\" content=\"工业,互联网\">",
            "<style>p{color:red}</style></head><body><nav><a href=/>首页</a></nav>",
            "<p>正文<strong>第一</strong>段。<img src=x.png alt=\"图\"></p>",
            "<script>alert('<p>x</p>')</script><p>第二段 &lt;b&gt;</p>",
            "<ul><li><a href=1>相关新闻一</a></li></ul></body></html>"
        ));
        assert_eq!(d.meta.title.as_deref(), Some("标题 & 副题"));
        assert_eq!(d.meta.fields["keywords"], "工业,互联网");
        assert_eq!(body(&d), "正文第一段。第二段 &lt;b&gt;");
        assert_eq!(d.entities.len(), 2);
        let reasons: Vec<_> = d.excluded.iter().map(|e| e.reason).collect();
        assert!(reasons.contains(&Exclusion::Image));
        assert!(reasons.contains(&Exclusion::Code));
        assert!(reasons.contains(&Exclusion::Furniture));
    }

    #[test]
    fn outside_article_is_furniture() {
        let d = doc(
            "<body><div>菜单 新闻 体育</div><article><h1>大标题</h1><p>文章正文。</p></article><div>版权所有</div></body>",
        );
        assert_eq!(d.meta.title.as_deref(), Some("大标题"));
        assert_eq!(body(&d), "大标题文章正文。");
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a&amp;b&#x4e00;&#20108;&bogus;"),
            "a&b一二&bogus;"
        );
    }
}
