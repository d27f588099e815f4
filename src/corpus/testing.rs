//! What the corpus stage's tests share: a way into the readers without a
//! file, and fixtures to read.

use std::path::Path;

use super::format::read_text;
use super::{Document, Format, Skipped};

/// Reads `text` as the UTF-8 file at `path` in `format` would be read: the
/// reader, then (for a one-document format) source attribution lines. The
/// documents' ids are the path. The readers' tests go in here; fuzz targets
/// and callers read through [`super::read_file_bytes`].
pub(super) fn read_str(path: &str, format: Format, text: &str) -> (Vec<Document>, Vec<Skipped>) {
    read_text(Path::new(path), path, text.to_string(), "UTF-8", format)
}

/// The one document [`read_str`] gives for a one-document format.
pub(super) fn read_doc(path: &str, format: Format, text: &str) -> Document {
    let (mut docs, _) = read_str(path, format, text);
    assert_eq!(docs.len(), 1, "one document from {path}");
    docs.remove(0)
}

/// A JSONL file of more than `HEAD_BYTES` (64 KiB), so that it is cut into many
/// batches: records with and without ids, repeated ids, blank lines,
/// CRLF, and broken records.
pub(super) fn jsonl_lines() -> Vec<String> {
    (1..=3000)
        .map(|i| match i % 10 {
            0 => String::new(),
            3 => format!("{{\"text\": \"第{i}篇\", \"t\": 1}}\r"),
            5 => format!("{{\"id\": \"dup\", \"text\": \"重复编号{i}\"}}"),
            7 if i % 70 == 7 => "{broken".to_string(),
            _ => format!("{{\"id\": \"r{i}\", \"text\": \"工业互联网第{i}条记录的正文\"}}"),
        })
        .collect()
}
