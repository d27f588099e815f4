//! HTML pages, and the HTML scanner the Markdown reader shares.
//!
//! The page text is kept as read; the scanner marks tags as markup, `style`
//! content as style, `script`/`nav`/`header`/`footer`/... content as code
//! (not prose), images as images, link-only list items as furniture, and,
//! where the page has `<article>` or `<main>`, everything outside them as
//! furniture. Entities
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

/// Where a tag opening at each `<` of a text would end, found for all of
/// them in one backward pass. Asking each `<` in turn by scanning forward
/// would be quadratic: an unclosed `<a` (or `<!x`, or a quote that never
/// closes) scans to the end of the text, and a hostile page holds a million
/// of them. With this table each question is a binary search.
pub(super) struct TagEnds {
    /// Byte offsets of every `<`, ascending.
    at: Vec<usize>,
    /// For each: the `>` that closes a tag opened there, skipping `>`s
    /// inside single or double quotes ([`NONE`] when there is none).
    quoted: Vec<usize>,
    /// For each: the first `>` after it ([`NONE`] when there is none).
    plain: Vec<usize>,
}

const NONE: usize = usize::MAX;

impl TagEnds {
    pub fn new(text: &str) -> TagEnds {
        let b = text.as_bytes();
        let (mut at, mut quoted, mut plain) = (Vec::new(), Vec::new(), Vec::new());
        // The `>` a scan starting at the current position finds, when it
        // starts outside quotes, inside `"..."`, inside `'...'`; and the
        // first `>` at all.
        let (mut none, mut dq, mut sq, mut gt) = (NONE, NONE, NONE, NONE);
        for q in (0..b.len()).rev() {
            match b[q] {
                b'>' => {
                    none = q;
                    gt = q;
                }
                b'"' => std::mem::swap(&mut none, &mut dq),
                b'\'' => std::mem::swap(&mut none, &mut sq),
                b'<' => {
                    at.push(q);
                    quoted.push(none);
                    plain.push(gt);
                }
                _ => {}
            }
        }
        at.reverse();
        quoted.reverse();
        plain.reverse();
        TagEnds { at, quoted, plain }
    }

    /// (quote-aware `>`, first `>`) for the `<` at byte `at`.
    fn ends(&self, at: usize) -> (Option<usize>, Option<usize>) {
        let Ok(k) = self.at.binary_search(&at) else {
            return (None, None);
        };
        let some = |v: usize| (v != NONE).then_some(v);
        (some(self.quoted[k]), some(self.plain[k]))
    }
}

/// Parses a tag starting at byte `at` (which holds `<`), with `ends` made
/// from the same text. Comments, doctypes and processing instructions come
/// back as a nameless tag. An unclosed comment runs to the end of the text;
/// any other unclosed tag is no tag.
pub(super) fn parse_tag<'t>(text: &'t str, at: usize, ends: &TagEnds) -> Option<Tag<'t>> {
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
    let (quoted, plain) = ends.ends(at);
    if b[1] == b'!' || b[1] == b'?' {
        let end = plain? + 1;
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
    // Neither `<`, `/` nor a name holds a quote or `>`, so the quote-aware
    // scan from `at` is the scan from the end of the name.
    let gt = quoted? - at;
    Some(Tag {
        name,
        closing,
        self_closing: b[gt - 1] == b'/',
        attrs: &rest[i..gt],
        start: at,
        end: at + gt + 1,
    })
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

/// Scans `text[from..to]` as HTML and adds what is not body text to `marks`;
/// `ends` is made from `text`. Text outside tags is body, except inside
/// [`SKIP`] elements.
pub(super) fn scan(text: &str, from: usize, to: usize, ends: &TagEnds, marks: &mut Marks) {
    let bytes = text.as_bytes();
    // Open SKIP elements (index into SKIP, where their content starts), and
    // how many of each are open: a closing tag of an element that is not
    // open is then answered without searching the stack.
    let mut skip_stack: Vec<(usize, usize)> = Vec::new();
    // Where the marks made inside the outermost open SKIP element begin.
    let mut skip_from = 0;
    let mut open = [0usize; SKIP.len()];
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
        let Some(tag) = parse_tag(text, at, ends).filter(|t| t.end <= to) else {
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
        let skip = SKIP.iter().position(|s| *s == tag.name);
        if tag.closing || tag.self_closing || tag.name.is_empty() {
            if tag.closing
                && let Some(s) = skip.filter(|&s| open[s] > 0)
                && let Some(pos) = skip_stack.iter().rposition(|&(n, _)| n == s)
            {
                let (_, start) = skip_stack[pos];
                for &(n, _) in &skip_stack[pos..] {
                    open[n] -= 1;
                }
                skip_stack.truncate(pos);
                if skip_stack.is_empty() {
                    push_skipped(marks, skip_from, start, tag.start);
                }
            }
            continue;
        }
        if RAW.contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            let end = find_ci(&text[i..to], &close).map(|e| i + e).unwrap_or(to);
            let reason = if tag.name == "style" {
                Exclusion::Style
            } else {
                Exclusion::Code
            };
            marks.excluded.push((i, end, reason));
            i = end;
            continue;
        }
        if let Some(s) = skip {
            if skip_stack.is_empty() {
                skip_from = marks.excluded.len();
            }
            open[s] += 1;
            skip_stack.push((s, tag.end));
        }
    }
    if let Some(&(_, start)) = skip_stack.first() {
        push_skipped(marks, skip_from, start, to);
    }
}

/// Marks the content `start..end` of a [`SKIP`] element as code, around the
/// style sheets marked inside it (`marks.excluded[from..]`), which keep
/// their reason: a `<style>` in `<head>` is style.
fn push_skipped(marks: &mut Marks, from: usize, start: usize, end: usize) {
    let styles: Vec<(usize, usize)> = marks.excluded[from..]
        .iter()
        .filter(|e| e.2 == Exclusion::Style)
        .map(|e| (e.0, e.1))
        .collect();
    let mut at = start;
    for (a, b) in styles {
        if a > at {
            marks.excluded.push((at, a, Exclusion::Code));
        }
        at = at.max(b);
    }
    if at < end {
        marks.excluded.push((at, end, Exclusion::Code));
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
/// Looks at most 12 bytes ahead for the `;`, by bytes: the 12th byte may be
/// inside a character (`AT&T公司`), and `;` never is.
fn entity_len(s: &str) -> Option<usize> {
    let end = s.bytes().take(12).position(|b| b == b';')?;
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
fn inner_text(text: &str, from: usize, to: usize, ends: &TagEnds) -> String {
    let mut out = String::new();
    let mut i = from;
    while i < to {
        if text.as_bytes()[i] == b'<'
            && let Some(tag) = parse_tag(text, i, ends)
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
    let ends = TagEnds::new(text);
    scan(text, 0, text.len(), &ends, &mut marks);

    // Metadata, <title>, first <h1>, and the spans of <article>/<main> and
    // link-only list items.
    let mut title = None;
    let mut h1 = None;
    let mut content_blocks: Vec<(usize, usize)> = Vec::new();
    // Starts of open <article> and <main> elements, one stack for each.
    let (mut articles, mut mains): (Vec<usize>, Vec<usize>) = Default::default();
    let mut li_start: Option<usize> = None;
    let mut i = 0;
    while let Some(off) = text[i..].find('<') {
        let at = i + off;
        let Some(tag) = parse_tag(text, at, &ends) else {
            i = at + 1;
            continue;
        };
        i = tag.end;
        match (tag.name.as_str(), tag.closing) {
            ("title", false) if title.is_none() => {
                let end = find_ci(&text[i..], "</title").map(|e| i + e).unwrap_or(i);
                title = Some(inner_text(text, i, end, &ends));
            }
            ("h1", false) if h1.is_none() => {
                let end = find_ci(&text[i..], "</h1").map(|e| i + e).unwrap_or(i);
                h1 = Some(inner_text(text, i, end, &ends));
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
            ("article", false) => articles.push(tag.start),
            ("main", false) => mains.push(tag.start),
            ("article" | "main", true) => {
                let open = if tag.name == "article" {
                    &mut articles
                } else {
                    &mut mains
                };
                if let Some(start) = open.pop() {
                    content_blocks.push((start, tag.end));
                }
            }
            ("li", false) => li_start = Some(tag.end),
            ("li", true) => {
                if let Some(start) = li_start.take()
                    && link_only(text, start, tag.start, &ends)
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
        let marked = union(marks.excluded.iter().map(|m| (m.0, m.1)).collect());
        for (a, b) in outside {
            for (ga, gb) in gaps(&marked, a, b) {
                marks.excluded.push((ga, gb, Exclusion::Furniture));
            }
        }
    }
    marks.apply(&mut doc);
    doc
}

/// The union of byte ranges: sorted, disjoint, not touching.
fn union(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The parts of `[from, to)` not covered by `marked` (a [`union`]). Starts
/// with a binary search, so many ranges cost no more than one pass.
fn gaps(marked: &[(usize, usize)], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = from;
    let first = marked.partition_point(|&(_, b)| b <= from);
    for &(a, b) in &marked[first..] {
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
fn link_only(text: &str, from: usize, to: usize, ends: &TagEnds) -> bool {
    let mut in_link = 0i32;
    let mut any_text = false;
    let mut i = from;
    while i < to {
        if text.as_bytes()[i] == b'<'
            && let Some(tag) = parse_tag(text, i, ends)
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
    use crate::corpus::Format;
    use crate::corpus::complement;
    use crate::corpus::testing::{read_doc, read_str};

    fn doc(text: &str) -> Document {
        read_doc("t.html", Format::Html, text)
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
        let ix = CharIndex::new(&d.text);
        let of = |r| {
            d.excluded
                .iter()
                .filter(|e| e.reason == r)
                .map(|e| ix.slice(&d.text, e.span))
                .collect::<Vec<_>>()
        };
        assert_eq!(of(Exclusion::Style), vec!["p{color:red}"]);
        assert!(of(Exclusion::Code).contains(&"alert('<p>x</p>')"));
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
    fn tag_ends_respect_quotes_and_unclosed_tags_are_text() {
        let text = "<a title=\"x>y\" href='>'>链接</a> <b <i>斜</i> <!x 文";
        let ends = TagEnds::new(text);
        let a = parse_tag(text, 0, &ends).unwrap();
        assert_eq!(&text[a.start..a.end], "<a title=\"x>y\" href='>'>");
        assert_eq!(a.attr("href").as_deref(), Some(">"));
        // `<b <i>` is one tag (as browsers read it); `<!x` never closes.
        let b = text.find("<b").unwrap();
        assert_eq!(&text[b..parse_tag(text, b, &ends).unwrap().end], "<b <i>");
        assert!(parse_tag(text, text.find("<!x").unwrap(), &ends).is_none());
        let d = doc(text);
        assert_eq!(body(&d), "链接 斜 <!x 文");
    }

    #[test]
    fn entities_next_to_chinese_are_cut_at_characters() {
        for k in 0..12 {
            let s = format!("&{}公司", "a".repeat(k));
            assert_eq!(entity_len(&s), None);
            assert_eq!(decode_entities(&s), s);
        }
        assert_eq!(decode_entities("AT&T公司&amp;R&D投入"), "AT&T公司&R&D投入");
    }

    /// Every reader, on text built at random from the pieces its scanners
    /// look for: no panic, and exclusions and entities are sorted, disjoint
    /// spans inside the text.
    #[test]
    fn readers_keep_their_contract_on_mixed_markup() {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "&",
            ";",
            "[",
            "]",
            "(",
            ")",
            "!",
            "\\",
            "*",
            "_",
            "\"",
            "'",
            "=",
            "<!--",
            "-->",
            "<!",
            "<?",
            "<a ",
            "</a>",
            "<li>",
            "</li>",
            "<nav>",
            "</nav>",
            "<script>",
            "</script>",
            "<article>",
            "</main>",
            "<title>",
            "<meta name=x content=",
            "<http://",
            "&amp;",
            "&#x4e00;",
            "&#99999999;",
            "---\n",
            "\n",
            "\r\n",
            " ",
            "公司",
            "é",
            "𠀀",
            "：",
            "来源：",
            "# ",
            "> ",
            "- ",
            "```",
            "title: x\n",
            "tags: [a\n",
            "1. ",
            "AT&T",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
        let check = |d: &Document| {
            let len = d.chars();
            let mut at = 0;
            for e in &d.excluded {
                assert!(at <= e.span.start && e.span.start < e.span.end, "{d:?}");
                at = e.span.end;
            }
            assert!(at <= len, "{d:?}");
            assert!(d.entities.iter().all(|s| s.end <= len), "{d:?}");
        };
        for round in 0..3000 {
            let n = next() % 60;
            let text: String = (0..n).map(|_| PIECES[next() % PIECES.len()]).collect();
            let text = if round % 2 == 0 {
                format!("---\n{text}")
            } else {
                text
            };
            for format in [Format::Html, Format::Markdown, Format::Text] {
                check(&read_doc("x", format, &text));
            }
            let jsonl = format!("{{\"text\": {}}}", serde_json::to_string(&text).unwrap());
            let (docs, skipped) = read_str("x", Format::Jsonl, &format!("{jsonl}\n{text}"));
            assert!(docs.len() + skipped.len() >= 1);
            let _ = decode_entities(&text);
        }
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a&amp;b&#x4e00;&#20108;&bogus;"),
            "a&b一二&bogus;"
        );
    }
}
