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

use super::html::{Marks, scan};
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
    scan(text, body_start, text.len(), &mut marks);
    if doc.meta.title.is_none() {
        doc.meta.title = first_heading(&text[body_start..]);
    }
    marks.apply(&mut doc);
    doc
}

fn read_front_matter(yaml: &str, meta: &mut super::Meta) {
    let Ok(Value::Object(map)) = serde_saphyr::from_str::<Value>(yaml) else {
        return;
    };
    for (key, value) in map {
        set_value(meta, &key, value);
    }
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

/// Marks images, links, autolinks and emphasis in `text[from..to]`.
fn inline_marks(text: &str, from: usize, to: usize, marks: &mut Marks) {
    let b = text.as_bytes();
    let mut i = from;
    while i < to {
        match b[i] {
            b'\\' if i + 1 < to && b[i + 1].is_ascii_punctuation() => {
                marks.excluded.push((i, i + 1, Exclusion::Markup));
                i += 2;
            }
            b'!' if i + 1 < to && b[i + 1] == b'[' => {
                if let Some((_, close)) = link_at(text, i + 1, to) {
                    marks.excluded.push((i, close, Exclusion::Image));
                    i = close;
                } else {
                    i += 1;
                }
            }
            b'[' => {
                if let Some((label_end, close)) = link_at(text, i, to) {
                    marks.excluded.push((i, i + 1, Exclusion::Markup));
                    marks.excluded.push((label_end, close, Exclusion::Markup));
                    inline_marks(text, i + 1, label_end, marks);
                    i = close;
                } else {
                    i += 1;
                }
            }
            b'<' => {
                let rest = &text[i + 1..to];
                let scheme = rest.starts_with("http://")
                    || rest.starts_with("https://")
                    || rest.starts_with("mailto:");
                match rest.find('>') {
                    Some(e) if scheme && !rest[..e].contains(' ') => {
                        marks.excluded.push((i, i + 2 + e, Exclusion::Attribution));
                        i += 2 + e;
                    }
                    _ => i += 1,
                }
            }
            b'*' | b'_' if i + 1 < to && b[i + 1] == b[i] => {
                marks.excluded.push((i, i + 2, Exclusion::Markup));
                i += 2;
            }
            _ => i += 1,
        }
    }
}

/// For a `[` at `open`, finds `](target)`: gives the byte offset of `]` and
/// the offset just past `)`.
fn link_at(text: &str, open: usize, to: usize) -> Option<(usize, usize)> {
    let rest = &text[open + 1..to];
    let mut depth = 0;
    for (k, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            ']' => {
                let after = &rest[k + 1..];
                if !after.starts_with('(') {
                    return None;
                }
                let close = after.find(')')?;
                let label_end = open + 1 + k;
                return Some((label_end, label_end + 1 + close + 1));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Format, complement};
    use crate::span::CharIndex;

    fn doc(text: &str) -> Document {
        read(
            Document::new("t.md", Format::Markdown, String::new()),
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
