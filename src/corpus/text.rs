//! Plain-text articles, and source attribution lines in any format.
//!
//! The seed style: a title line, then a line with source, author and date
//! (`来源: 新华网 作者: 发布时间: 2020-10-30`, `PChome | 编辑: 白沛然
//! 2021-09-24 15:17:50原创`). Both become metadata and are marked as header,
//! not body. Attribution lines such as `（文章来源：齐鲁网）` are found in
//! every format by [`attribution`].

use super::meta::parse_date;
use super::{Document, Excluded, Exclusion, Meta, tidy_exclusions};
use crate::span::{CharIndex, Span};

/// Labels of a header line, and the metadata field each fills.
const LABELS: &[(&str, &str)] = &[
    ("文章来源", "source"),
    ("来源", "source"),
    ("责任编辑", "author"),
    ("作者", "author"),
    ("编辑", "author"),
    ("记者", "author"),
    ("发布时间", "date"),
    ("发布日期", "date"),
    ("时间", "date"),
    ("日期", "date"),
];

pub(super) fn read(mut doc: Document, text: String) -> Document {
    doc.text = text;
    let header_end = header(&doc.text, &mut doc.meta);
    if header_end > 0 {
        let end = CharIndex::new(&doc.text).char_of_byte(header_end);
        doc.excluded.push(Excluded {
            span: Span::new(0, end),
            reason: Exclusion::Header,
        });
    }
    doc
}

/// Reads the title line and a following source/author/date line into `meta`;
/// gives the byte offset where the header ends (0 when there is none).
fn header(text: &str, meta: &mut Meta) -> usize {
    let mut header_end = 0usize;
    let mut lines = line_ranges(text).filter(|&(a, b)| !text[a..b].trim().is_empty());
    // A title line: short, and followed by more text.
    if let Some((a, b)) = lines.next() {
        let line = text[a..b].trim();
        if line.chars().count() <= 80 && text[b..].trim().chars().count() > line.chars().count() {
            meta.title = Some(line.to_string());
            header_end = b;
            // The next one or two lines may carry source/author/date.
            for (a, b) in lines.take(2) {
                if !header_line(&text[a..b], meta) {
                    break;
                }
                header_end = b;
            }
        }
    }
    header_end
}

/// Byte ranges of the lines of `text`, without their line breaks.
pub(crate) fn line_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let end = text[at..].find('\n').map(|e| at + e).unwrap_or(text.len());
        let range = (
            at,
            end.saturating_sub(usize::from(text[..end].ends_with('\r')))
                .max(at),
        );
        at = end + 1;
        Some(range)
    })
}

/// Reads a source/author/date line into `meta`; false when the line is not one.
fn header_line(line: &str, meta: &mut Meta) -> bool {
    let line = line.trim();
    if line.chars().count() > 120 {
        return false;
    }
    let date = parse_date(line);
    let mut found: Vec<(usize, usize, &str)> = Vec::new(); // (label start, value start, field)
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let hit = LABELS.iter().find(|(label, _)| {
            rest.starts_with(label) && rest[label.len()..].trim_start().starts_with([':', '：'])
        });
        match hit {
            Some((label, field)) => {
                let after_label = &rest[label.len()..];
                let colon = after_label.trim_start();
                let colon_len = colon.chars().next().map_or(0, char::len_utf8);
                let value_at = line.len() - colon.len() + colon_len;
                found.push((i, value_at, field));
                i = value_at;
            }
            None => i += rest.chars().next().unwrap().len_utf8(),
        }
    }
    let has_bar = line.contains('|') || line.contains('｜');
    if found.is_empty() && !(has_bar && date.is_some()) {
        return false;
    }
    if found.first().is_some_and(|f| f.0 > 0) {
        // Text before the first label, as in `PChome | 编辑: ...`, names the source.
        let lead = line[..found[0].0]
            .trim()
            .trim_end_matches(['|', '｜'])
            .trim();
        if !lead.is_empty() && meta.source.is_none() && parse_date(lead).is_none() {
            meta.source = Some(lead.to_string());
        }
    } else if found.is_empty() {
        let lead = line.split(['|', '｜']).next().unwrap_or("").trim();
        if !lead.is_empty() && parse_date(lead).is_none() {
            meta.source = Some(lead.to_string());
        }
    }
    for (k, &(_, value_at, field)) in found.iter().enumerate() {
        let end = found.get(k + 1).map(|f| f.0).unwrap_or(line.len());
        let value = line[value_at..end].trim();
        match field {
            "date" => {}
            _ => {
                // Cut a trailing date/time off an author or source value.
                let value = value
                    .split(|c: char| c.is_ascii_digit())
                    .next()
                    .unwrap_or("")
                    .trim();
                if !value.is_empty() {
                    meta.set(field, value);
                }
            }
        }
    }
    if let Some(d) = date
        && meta.date.is_none()
    {
        meta.date = Some(d);
    }
    true
}

/// Finds attribution lines near the end of the body (`（文章来源：齐鲁网）`,
/// `来源：新华社`), marks them, and takes the source from them when the
/// metadata has none.
pub(super) fn attribution(doc: &mut Document) {
    let text = doc.text.as_str();
    let ix = CharIndex::new(text);
    let mut marks = Vec::new();
    let mut source = None;
    // Candidate pieces: lines, and for HTML-ish text also the text between tags.
    for (a, b) in line_ranges(text) {
        let mut piece_start = a;
        for (k, _) in text[a..b]
            .match_indices(['<', '>'])
            .chain(std::iter::once((b - a, "")))
        {
            let (pa, pb) = (piece_start, a + k);
            piece_start = a + k + 1;
            if pa >= pb {
                continue;
            }
            let piece = text[pa..pb].trim();
            let inner = piece
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')']);
            for label in ["文章来源", "来源", "稿件来源"] {
                if let Some(rest) = inner.strip_prefix(label)
                    && let Some(value) = rest.trim_start().strip_prefix([':', '：'])
                {
                    let value = value.trim();
                    if !value.is_empty() && value.chars().count() <= 30 {
                        source.get_or_insert_with(|| value.to_string());
                        let lead = text[pa..pb].len() - text[pa..pb].trim_start().len();
                        let start = pa + lead;
                        marks.push(Excluded {
                            span: Span::new(
                                ix.char_of_byte(start),
                                ix.char_of_byte(start + piece.len()),
                            ),
                            reason: Exclusion::Attribution,
                        });
                    }
                    break;
                }
            }
        }
    }
    if doc.meta.source.is_none() {
        doc.meta.source = source;
    }
    if !marks.is_empty() {
        doc.excluded.extend(marks);
        tidy_exclusions(&mut doc.excluded);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use crate::corpus::testing::read_doc;

    #[test]
    fn a_seed_style_article_is_read() {
        let d = read_doc(
            "a.txt",
            Format::Text,
            "工业互联网&平台\n来源: 新华网 发布时间: 2020-10-30\n\n正文第一段，内容。\n（文章来源：齐鲁网）\n",
        );
        assert_eq!(d.meta.title.as_deref(), Some("工业互联网&平台"));
        assert_eq!(d.meta.source.as_deref(), Some("新华网"));
        assert_eq!(d.meta.date.as_deref(), Some("2020-10-30"));
        let reasons: Vec<_> = d.excluded.iter().map(|e| e.reason).collect();
        assert_eq!(reasons, vec![Exclusion::Header, Exclusion::Attribution]);
    }

    #[test]
    fn header_lines_of_the_seed_styles() {
        let mut m = Meta::default();
        assert!(header_line(
            "来源: 新华网 作者: 发布时间: 2020-10-30",
            &mut m
        ));
        assert_eq!(m.source.as_deref(), Some("新华网"));
        assert_eq!(m.author, None);
        assert_eq!(m.date.as_deref(), Some("2020-10-30"));

        let mut m = Meta::default();
        assert!(header_line(
            "PChome | 编辑: 白沛然 2021-09-24 15:17:50原创",
            &mut m
        ));
        assert_eq!(m.source.as_deref(), Some("PChome"));
        assert_eq!(m.author.as_deref(), Some("白沛然"));
        assert_eq!(m.date.as_deref(), Some("2021-09-24"));

        let mut m = Meta::default();
        assert!(!header_line(
            "2021年9月24日-26日,电博会在青岛举行。",
            &mut m
        ));
    }
}
