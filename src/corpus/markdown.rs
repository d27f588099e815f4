//! Markdown with YAML front matter, and with inline HTML.
//!
//! The front matter becomes metadata (scalars by name, lists item by item,
//! nested maps as dotted names) and is marked as not body. In the body,
//! Markdown syntax (headings' `#`, list and quote markers, emphasis, link
//! brackets and targets, fences) is marked as markup, images as images, bare
//! `<http://...>` links as attribution; inline HTML goes through the HTML
//! scanner. The link *text* stays body: the clean stage decides about
//! furniture such as "返回首页".

use serde_json::Value;

use super::html::{Marks, TagEnds, scan};
use super::{Document, Exclusion};

/// Byte offset just past the closing `---` line of front matter at the start
/// of `text`, if there is one.
pub(super) fn front_matter_end(text: &str) -> Option<usize> {
    let first = text.lines().next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut at = text.find('\n')? + 1;
    while at < text.len() {
        let end = text[at..]
            .find('\n')
            .map(|e| at + e + 1)
            .unwrap_or(text.len());
        let line = text[at..end].trim_end();
        if line == "---" || line == "..." {
            return Some(end);
        }
        at = end;
    }
    None
}

pub(super) fn read(mut doc: Document, text: String) -> Document {
    doc.text = text;
    let text = doc.text.as_str();
    let mut marks = Marks::default();
    let body_start = match front_matter_end(text) {
        Some(end) => {
            marks.excluded.push((0, end, Exclusion::FrontMatter));
            let yaml_start = text.find('\n').map(|i| i + 1).unwrap_or(0);
            let yaml_end = text[..end].trim_end().rfind('\n').unwrap_or(yaml_start);
            read_front_matter(&text[yaml_start..yaml_end.max(yaml_start)], &mut doc.meta);
            end
        }
        None => 0,
    };
    markdown_marks(text, body_start, &mut marks);
    scan(
        text,
        body_start,
        text.len(),
        &TagEnds::new(text),
        &mut marks,
    );
    if doc.meta.title.is_none() {
        doc.meta.title = first_heading(&text[body_start..]);
    }
    marks.apply(&mut doc);
    doc
}

/// Reads the YAML between the `---` lines (the file's second line on) into
/// `meta`. YAML that does not parse loses only what it must: each top-level
/// entry (a `key:` line at the margin with the indented or list lines under
/// it) is parsed on its own and kept when it parses, and `meta.warnings`
/// names the YAML error and the keys dropped.
fn read_front_matter(yaml: &str, meta: &mut super::Meta) {
    let err = match serde_saphyr::from_str::<Value>(yaml) {
        Ok(Value::Object(map)) => {
            for (key, value) in map {
                set_value(meta, &key, value);
            }
            return;
        }
        Ok(Value::Null) => return,
        Ok(_) => {
            meta.warnings
                .push("front matter ignored: it is YAML but not `key: value` lines".into());
            return;
        }
        Err(e) => e,
    };
    let mut dropped = Vec::new();
    for entry in top_level_entries(yaml) {
        match serde_saphyr::from_str::<Value>(entry) {
            Ok(Value::Object(map)) => {
                for (key, value) in map {
                    set_value(meta, &key, value);
                }
            }
            Ok(Value::Null) => {}
            _ => {
                let key = entry.split(':').next().unwrap_or("").trim();
                dropped.push(short(key, 40));
            }
        }
    }
    let dropped = match dropped.len() {
        0 => String::new(),
        n if n > 10 => format!(
            "; dropped: {}, and {} more",
            dropped[..10].join(", "),
            n - 10
        ),
        _ => format!("; dropped: {}", dropped.join(", ")),
    };
    meta.warnings.push(format!(
        "front matter is not valid YAML ({}); kept the entries that parse on their own{dropped}",
        yaml_error(&err)
    ));
}

/// The YAML error on one line, with its line counted in the file (the YAML
/// starts on the file's second line). serde-saphyr's Display adds a
/// snippet of the input over several lines: that is left out.
fn yaml_error(err: &serde_saphyr::Error) -> String {
    let plain = err.without_snippet().to_string();
    let first = plain.lines().next().unwrap_or("").trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // The location is given again below, counted in the file: drop it from
    // "line 4 column 7: illegal placement of ':' indicator" and from
    // "illegal placement of ':' indicator at line 4, column 7".
    let mut message = match first.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map_or(first, |(_, m)| m),
        None => first,
    };
    if let Some((m, at)) = message.rsplit_once(" at line ")
        && at
            .bytes()
            .all(|b| b.is_ascii_digit() || b" ,column".contains(&b))
    {
        message = m;
    }
    match err.location() {
        Some(at) if at.line() > 0 => {
            format!(
                "line {}, column {}: {}",
                at.line() + 1,
                at.column(),
                short(message, 200)
            )
        }
        _ => short(message, 200),
    }
}

/// `s` cut to `n` characters, with an ellipsis when cut: input text quoted
/// in a message stays short.
fn short(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// The top-level entries of a YAML mapping, each as its own text: a line at
/// the margin starts one (unless it is a comment, a list item or a
/// document marker), and the lines under it belong to it.
fn top_level_entries(yaml: &str) -> Vec<&str> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in yaml.split_inclusive('\n') {
        let starts_entry = line
            .bytes()
            .next()
            .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'#' | b'-' | b'\r' | b'\n'));
        if starts_entry {
            starts.push(at);
        }
        at += line.len();
    }
    starts.push(yaml.len());
    starts.windows(2).map(|w| &yaml[w[0]..w[1]]).collect()
}

fn set_value(meta: &mut super::Meta, key: &str, value: Value) {
    match value {
        Value::String(s) => meta.set(key, &s),
        v @ (Value::Number(_) | Value::Bool(_)) => meta.set(key, &v.to_string()),
        Value::Array(items) => {
            for item in items {
                if !matches!(item, Value::Array(_) | Value::Object(_)) {
                    set_value(meta, key, item);
                }
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                set_value(meta, &format!("{key}.{k}"), v);
            }
        }
        Value::Null => {}
    }
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .map(str::trim)
        .find(|l| l.starts_with("# "))
        .map(|l| l.trim_start_matches('#').trim().to_string())
        .filter(|t| !t.is_empty())
}

/// Marks Markdown syntax, line by line, in `text[from..]`.
fn markdown_marks(text: &str, from: usize, marks: &mut Marks) {
    let mut at = from;
    let mut in_fence = None::<usize>;
    while at < text.len() {
        let end = text[at..].find('\n').map(|e| at + e).unwrap_or(text.len());
        let line = &text[at..end];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            match in_fence.take() {
                Some(start) => marks.excluded.push((start, end, Exclusion::Code)),
                None => in_fence = Some(at),
            }
        } else if in_fence.is_none() {
            line_marks(text, at + indent, end, marks);
        }
        at = end + 1;
    }
    if let Some(start) = in_fence {
        marks.excluded.push((start, text.len(), Exclusion::Code));
    }
}

/// Marks one line's syntax; `from` is past the indentation.
fn line_marks(text: &str, from: usize, to: usize, marks: &mut Marks) {
    let line = &text[from..to];
    let mut start = from;
    // Block prefixes: heading, quote, list markers, rules.
    let rule = line.trim_end();
    if rule.len() >= 3
        && rule
            .chars()
            .all(|c| c == '-' || c == '*' || c == '_' || c == ' ')
        && rule.chars().filter(|c| !c.is_whitespace()).count() >= 3
    {
        marks.excluded.push((from, to, Exclusion::Block));
        return;
    }
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        marks
            .excluded
            .push((from, from + hashes + 1, Exclusion::Markup));
        start = from + hashes + 1;
    } else if let Some(rest) = line.strip_prefix("> ") {
        marks.excluded.push((from, from + 2, Exclusion::Markup));
        start = to - rest.len();
    } else if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        marks.excluded.push((from, from + 2, Exclusion::Markup));
        start = from + 2;
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && line[digits..].starts_with(". ") {
            marks
                .excluded
                .push((from, from + digits + 2, Exclusion::Markup));
            start = from + digits + 2;
        }
    }
    inline_marks(text, start, to, marks);
}

/// Marks images, links, autolinks and emphasis in `text[from..to]` (one
/// line).
///
/// One pass from left to right, in time about linear in the line however it
/// is nested or left unclosed: brackets are paired once with a stack, the
/// `)` closing a link target is found by binary search, and the `>` and
/// space an autolink looks for by cursors that only move forward (the
/// positions asked about only grow). A link's text is marked in the same
/// pass: an explicit stack of the links being read, innermost last, takes
/// the place of recursion, so 20,000 nested links need no deep call stack.
fn inline_marks(text: &str, from: usize, to: usize, marks: &mut Marks) {
    let b = text.as_bytes();
    let line = Line::new(b, from, to);
    let mut gt = Next::new(b'>');
    let mut space = Next::new(b' ');
    // The links whose text is being read: (where the text ends at `]`,
    // just past the target's `)`).
    let mut links: Vec<(usize, usize)> = Vec::new();
    let mut i = from;
    loop {
        let limit = links.last().map_or(to, |l| l.0);
        if i >= limit {
            match links.pop() {
                Some((_, close)) => {
                    i = close;
                    continue;
                }
                None => break,
            }
        }
        match b[i] {
            b'\\' if i + 1 < limit && b[i + 1].is_ascii_punctuation() => {
                marks.excluded.push((i, i + 1, Exclusion::Markup));
                i += 2;
            }
            b'!' if i + 1 < limit && b[i + 1] == b'[' => {
                if let Some((_, close)) = line.link_at(b, i + 1, limit) {
                    marks.excluded.push((i, close, Exclusion::Image));
                    i = close;
                } else {
                    i += 1;
                }
            }
            b'[' => {
                if let Some((label_end, close)) = line.link_at(b, i, limit) {
                    marks.excluded.push((i, i + 1, Exclusion::Markup));
                    marks.excluded.push((label_end, close, Exclusion::Markup));
                    links.push((label_end, close));
                }
                i += 1;
            }
            b'<' => {
                let rest = &b[i + 1..limit];
                let scheme = rest.starts_with(b"http://")
                    || rest.starts_with(b"https://")
                    || rest.starts_with(b"mailto:");
                let e = if scheme { gt.from(b, i + 1, to) } else { to };
                if e < limit && space.from(b, i + 1, to) >= e {
                    marks.excluded.push((i, e + 1, Exclusion::Attribution));
                    i = e + 1;
                } else {
                    i += 1;
                }
            }
            b'*' | b'_' if i + 1 < limit && b[i + 1] == b[i] => {
                marks.excluded.push((i, i + 2, Exclusion::Markup));
                i += 2;
            }
            _ => i += 1,
        }
    }
}

/// The brackets and parentheses of one line, found in one pass.
struct Line {
    /// Byte offsets of the `[`s that have a matching `]`, ascending, and
    /// the matching `]` of each (nesting counted, escapes not, as
    /// CommonMark's bracket depth does).
    opens: Vec<usize>,
    closes: Vec<usize>,
    /// Byte offsets of the `)`s, ascending.
    parens: Vec<usize>,
}

impl Line {
    fn new(b: &[u8], from: usize, to: usize) -> Line {
        let mut pairs = Vec::new();
        let mut stack = Vec::new();
        let mut parens = Vec::new();
        for (k, &c) in b[from..to].iter().enumerate() {
            match c {
                b'[' => stack.push(from + k),
                b']' => {
                    if let Some(open) = stack.pop() {
                        pairs.push((open, from + k));
                    }
                }
                b')' => parens.push(from + k),
                _ => {}
            }
        }
        pairs.sort_unstable();
        let (opens, closes) = pairs.into_iter().unzip();
        Line {
            opens,
            closes,
            parens,
        }
    }

    /// For a `[` at `open`, finds `](target)` before `limit`: gives the
    /// byte offset of `]` and the offset just past `)`.
    fn link_at(&self, b: &[u8], open: usize, limit: usize) -> Option<(usize, usize)> {
        let k = self.opens.binary_search(&open).ok()?;
        let label_end = self.closes[k];
        if label_end + 1 >= limit || b[label_end + 1] != b'(' {
            return None;
        }
        let p = self.parens.partition_point(|&p| p <= label_end + 1);
        let close = *self.parens.get(p).filter(|&&c| c < limit)?;
        Some((label_end, close + 1))
    }
}

/// The next occurrence of a byte at or after positions that only grow.
struct Next {
    byte: u8,
    /// The last answer and the position it was asked from.
    asked: usize,
    found: usize,
}

impl Next {
    fn new(byte: u8) -> Next {
        Next {
            byte,
            asked: usize::MAX,
            found: 0,
        }
    }

    /// The first `byte` in `b[at..to]`, or `to`. Each call must ask from at
    /// least where the one before did.
    fn from(&mut self, b: &[u8], at: usize, to: usize) -> usize {
        if self.asked == usize::MAX || self.found < at {
            self.found = b[at..to]
                .iter()
                .position(|&c| c == self.byte)
                .map_or(to, |k| at + k);
        }
        self.asked = at;
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use crate::corpus::complement;
    use crate::corpus::testing::read_doc;
    use crate::span::CharIndex;

    fn doc(text: &str) -> Document {
        read_doc("t.md", Format::Markdown, text)
    }

    fn body(d: &Document) -> String {
        let ix = CharIndex::new(&d.text);
        complement(&d.excluded, d.chars())
            .iter()
            .map(|s| ix.slice(&d.text, *s))
            .collect()
    }

    #[test]
    fn front_matter_becomes_metadata() {
        let d = doc(
            "---\ntitle: \"标题\"\ndate: 2022-03-03 11:32:37 +0800\ncategories: ['未分类']\ntags: 其他\nimage:\n  alt: \"图\"\nartid: \"121\"\n---\n\n正文。\n",
        );
        assert_eq!(d.meta.title.as_deref(), Some("标题"));
        assert_eq!(d.meta.date.as_deref(), Some("2022-03-03"));
        assert_eq!(d.meta.categories, vec!["未分类"]);
        assert_eq!(d.meta.tags, vec!["其他"]);
        assert_eq!(d.meta.fields["image.alt"], "图");
        assert_eq!(d.meta.fields["artid"], "121");
        assert_eq!(body(&d).trim(), "正文。");
    }

    #[test]
    fn broken_front_matter_keeps_what_parses_and_says_what_not() {
        let d = doc(
            "---\ntitle: 标题\ntags: [一, 二\nauthor: 张三\nimage:\n  alt: 图\n---\n\n正文。\n",
        );
        assert_eq!(d.meta.title.as_deref(), Some("标题"));
        assert_eq!(d.meta.author.as_deref(), Some("张三"));
        assert_eq!(d.meta.fields["image.alt"], "图");
        assert!(d.meta.tags.is_empty());
        assert_eq!(
            d.meta.warnings,
            vec![
                "front matter is not valid YAML (line 4, column 7: illegal placement of ':' \
                 indicator); kept the entries that parse on their own; dropped: tags"
            ]
        );
        assert_eq!(body(&d).trim(), "正文。");
        // Valid front matter, and none at all, warn of nothing.
        assert!(doc("---\ntitle: x\n---\n正文\n").meta.warnings.is_empty());
        assert!(doc("---\n---\n正文\n").meta.warnings.is_empty());
        let list = doc("---\n- a\n- b\n---\n正文\n");
        assert_eq!(list.meta.warnings.len(), 1, "{:?}", list.meta.warnings);
    }

    #[test]
    fn nested_and_unclosed_links_are_read_in_one_pass() {
        let d = doc(&format!("{}x{}\n", "[".repeat(5000), "](u)".repeat(5000)));
        assert_eq!(body(&d).trim(), "x");
        // Links inside link text, an image, an escaped bracket, an
        // autolink with a space (not one: the HTML scanner takes it as a
        // tag), and a target that never closes.
        let d = doc("[外[内](a)文](b) ![图](c) \\[不是](d) <http://a b> [没有](e\n");
        assert_eq!(body(&d).trim(), "外内文  [不是](d)  [没有](e");
    }

    #[test]
    fn markdown_syntax_is_markup_and_link_text_stays() {
        let d = doc(
            "# 大标题\n\n![](http://x/y.png)\n\n**重点**内容，见[链接文字](http://a.b/c)。\n\n<http://finews.zning.xyz/x>\n\n- 列表项\n",
        );
        assert_eq!(d.meta.title.as_deref(), Some("大标题"));
        let b = body(&d);
        assert!(b.contains("大标题"));
        assert!(b.contains("重点内容，见链接文字。"), "{b}");
        assert!(b.contains("列表项"));
        assert!(!b.contains("http"), "{b}");
        assert!(!b.contains("**"));
    }
}
