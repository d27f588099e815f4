//! Bytes to documents: choosing the reader for a file, and reading with it.
//!
//! Takes a file's (decompressed) bytes and the id its documents get; gives
//! its documents and the records skipped. The reader is chosen by the
//! extension ([`format_of`], looking through `.gz`), or for a `.txt` and
//! stdin by the text itself ([`sniff`]); a `.docx` is unpacked, not decoded. A file that is one document
//! (Markdown, HTML, text) is refused when its text is over the document
//! limit; a JSONL record over it is skipped with its line.

use std::path::Path;

use super::decode::decode_owned;
use super::limits::ReadParams;
use super::walk::Found;
use super::{Document, Format, ReadError, Skipped};

/// How much of a file's head is looked at to decide how to read it: whether
/// a `.txt` or stdin is JSONL, whether a JSONL file can be streamed.
pub(super) const HEAD_BYTES: usize = 64 * 1024;

/// The format an extension names (looking through `.gz`), `None` for unknown.
/// `.txt` files are sniffed later: front matter makes Markdown, `<html` HTML.
pub(super) fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.')?.1;
    match ext {
        "md" | "markdown" => Some(Format::Markdown),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "txt" | "text" => Some(Format::Text),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "docx" => Some(Format::Docx),
        _ => None,
    }
}

/// Decides the format of text with no telling extension (`.txt`, stdin):
/// YAML front matter means Markdown, an HTML root element means HTML, lines
/// that are all JSON objects mean JSONL, anything else plain text.
pub(super) fn sniff(text: &str) -> Format {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("---") && super::markdown::front_matter_end(head).is_some() {
        return Format::Markdown;
    }
    let lower: String = head.chars().take(64).collect::<String>().to_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Format::Html;
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    if lines.peek().is_some() && lines.take(5).all(|l| l.trim_start().starts_with('{')) {
        return Format::Jsonl;
    }
    Format::Text
}

/// Whether the first [`HEAD_BYTES`] of `raw` read as JSONL.
pub(super) fn head_is_jsonl(raw: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&raw[..raw.len().min(HEAD_BYTES)]);
    sniff(&head) == Format::Jsonl
}

/// Reads the documents of a file's (decompressed) bytes. A document over
/// the document limit refuses the file, or for JSONL is skipped with its
/// line.
pub(super) fn read_decoded(
    found: &Found,
    bytes: Vec<u8>,
    params: &ReadParams,
) -> Result<(Vec<Document>, Vec<Skipped>), ReadError> {
    if format_of(&found.path) == Some(Format::Docx) {
        let mut doc = super::docx::read(&found.path, &found.id, bytes, params)?;
        super::text::attribution(&mut doc);
        return Ok((vec![doc], Vec::new()));
    }
    let (text, encoding) =
        decode_owned(bytes).map_err(|e| ReadError::unusable(&found.path, e.to_string()))?;
    let format = match format_of(&found.path) {
        Some(Format::Text) | None => sniff(&text),
        Some(f) => f,
    };
    if format != Format::Jsonl && text.len() as u64 > params.max_doc_bytes() {
        // Decoding GBK or UTF-16 can make the text longer than the bytes.
        return Err(ReadError::unusable(&found.path, params.too_large(true)));
    }
    let (docs, skipped) = read_text(&found.path, &found.id, text, encoding, format);
    Ok(skip_too_large(docs, skipped, params))
}

/// Reads decoded `text` as a file at `path` in `format`: JSONL gives a
/// document a record, every other format one document with the id `id`.
pub(super) fn read_text(
    path: &Path,
    id: &str,
    text: String,
    encoding: &str,
    format: Format,
) -> (Vec<Document>, Vec<Skipped>) {
    if format == Format::Jsonl {
        return super::jsonl::read(path, id, &text, encoding);
    }
    let mut doc = Document::new(id, format, String::new());
    doc.path = path.to_path_buf();
    doc.encoding = encoding.to_string();
    let mut doc = match format {
        Format::Markdown => super::markdown::read(doc, text),
        Format::Html => super::html::read(doc, text),
        _ => super::text::read(doc, text),
    };
    super::text::attribution(&mut doc);
    (vec![doc], Vec::new())
}

/// `docs` without the ones over the document limit, which join `skipped`
/// (sorted by line).
fn skip_too_large(
    docs: Vec<Document>,
    mut skipped: Vec<Skipped>,
    params: &ReadParams,
) -> (Vec<Document>, Vec<Skipped>) {
    let limit = params.max_doc_bytes();
    if docs.iter().all(|d| d.text.len() as u64 <= limit) {
        return (docs, skipped);
    }
    let mut kept = Vec::with_capacity(docs.len());
    for d in docs {
        if d.text.len() as u64 > limit {
            skipped.push(Skipped {
                path: d.path,
                line: d.line,
                reason: params.too_large(true),
            });
        } else {
            kept.push(d);
        }
    }
    skipped.sort_by_key(|s| s.line);
    (kept, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_through_gz() {
        assert_eq!(format_of(Path::new("a/b.jsonl.gz")), Some(Format::Jsonl));
        assert_eq!(format_of(Path::new("B.HTM")), Some(Format::Html));
        assert_eq!(format_of(Path::new("x.markdown")), Some(Format::Markdown));
        assert_eq!(format_of(Path::new("x.pdf")), None);
        assert_eq!(format_of(Path::new("稿/初稿.DOCX")), Some(Format::Docx));
        assert_eq!(format_of(Path::new("x.doc")), None);
        assert_eq!(format_of(Path::new("README")), None);
    }

    #[test]
    fn sniffs_txt_content() {
        assert_eq!(sniff("---\ntitle: x\n---\nbody"), Format::Markdown);
        assert_eq!(sniff("<!DOCTYPE html><html></html>"), Format::Html);
        assert_eq!(
            sniff("{\"text\": \"a\"}\n{\"text\": \"b\"}\n"),
            Format::Jsonl
        );
        assert_eq!(sniff("标题\n正文"), Format::Text);
        assert_eq!(sniff("--- not front matter"), Format::Text);
    }
}
