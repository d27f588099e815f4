//! Reading a corpus: files, folders and stdin in, [`Document`]s out.
//!
//! Takes a list of inputs (files, folders walked recursively in sorted order
//! with hidden entries skipped and links followed, or `-` for stdin) and
//! gives a [`Corpus`]: one
//! [`Document`] per article, with its text exactly as decoded, its metadata,
//! and the parts of the text the format itself marks as not body (front
//! matter, tags, image and link markup, script and style). Files that cannot
//! be used are listed in [`Corpus::skipped`] with the reason; one bad file
//! never drops the others. No file is read twice, only regular files are
//! read, and memory stays bounded on hostile input (see `limits.rs` for the
//! limits: [`MAX_DOC_BYTES`] of text a document).
//!
//! This is the only stage that reads input files. The steps, one a file:
//! `walk.rs` finds the files under the inputs and names them; `read.rs`
//! reads them in parallel under the in-flight bound of `budget.rs`;
//! `file.rs` reads one file's bytes within the limits, or `stream.rs`
//! streams a JSONL file; `format.rs` picks the reader. Each format has its
//! own reader module (`docx.rs` unpacks a Word document); [`decode`] turns
//! bytes into text and names the encoding.

mod budget;
pub mod decode;
mod docx;
mod file;
mod format;
pub mod html;
mod jsonl;
mod limits;
mod markdown;
mod meta;
mod read;
mod stream;
#[cfg(test)]
mod testing;
mod text;
mod walk;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::span::Span;

pub use limits::{IN_FLIGHT_BYTES, MAX_DOC_BYTES, ReadParams, ReadParamsError};
pub use meta::Meta;
pub use read::{
    InputBatch, input_batches, read_batch_map, read_corpus, read_corpus_map, read_file_bytes,
    read_one,
};

/// The format a document was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Html,
    Text,
    Jsonl,
    /// A Word document (`.docx`): its body text extracted, paragraphs
    /// separated by a blank line.
    Docx,
}

/// Why a part of a document's text is not body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// YAML front matter of a Markdown file.
    FrontMatter,
    /// Inline markup: tags such as `<strong>`, Markdown emphasis and link
    /// syntax. It does not break a paragraph.
    Markup,
    /// Block markup: tags such as `<p>`, `<div>`, `<br>`, rules. It separates
    /// paragraphs.
    Block,
    /// Images: `<img>`, `![alt](src)`.
    Image,
    /// Program code: script elements and code blocks, and in plain text and
    /// JSONL bodies, runs of JavaScript, JSON objects and markup residue.
    Code,
    /// Style sheets: `<style>` content, CSS rules left in a scraped body.
    Style,
    /// Tracking, sharing and ad widgets: `SinaPage.loadWidget({...})`,
    /// share buttons' script, ad loaders.
    Widget,
    /// The header lines of a plain-text article (title, source/date line):
    /// they are read into metadata.
    Header,
    /// Site furniture: navigation and link lists, "返回首页", "相关阅读", menus.
    Furniture,
    /// A bare URL or a source attribution line such as "（文章来源：齐鲁网）".
    Attribution,
    /// Site boilerplate: a passage repeated across many documents of one
    /// site (a disclaimer, a notice printed under every article), found
    /// over the whole corpus (`crate::boilerplate`).
    Boilerplate,
}

impl Exclusion {
    /// Whether text on either side of such a span belongs to different
    /// paragraphs. Inline markup and images sit inside a paragraph.
    pub fn breaks_paragraph(self) -> bool {
        !matches!(self, Exclusion::Markup | Exclusion::Image)
    }
}

/// A span of text that is not body text, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excluded {
    #[serde(flatten)]
    pub span: Span,
    pub reason: Exclusion,
}

/// One article, as read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// For a file in a folder input, the folder's name and the path below it
    /// (`seeds/000_x.txt`); for a file input, the path as given; for JSONL
    /// the `id` field, else `FILE:LINE` with the file's id. Control
    /// characters are escaped (`\u{1b}`) and repeats get `#2`, `#3`, ...
    pub id: String,
    /// The file it came from (`-` for stdin).
    pub path: PathBuf,
    /// 1-based line for JSONL records.
    pub line: Option<usize>,
    pub format: Format,
    /// The encoding the bytes were decoded from (`UTF-8`, `GBK`, `UTF-16LE`, ...).
    pub encoding: String,
    /// The text exactly as decoded (for JSONL, the `text` field).
    pub text: String,
    pub meta: Meta,
    /// Parts that the format marks as not body, sorted by start, disjoint.
    /// The clean stage adds site furniture to these.
    pub excluded: Vec<Excluded>,
    /// For HTML text: ranges whose characters are an entity (`&amp;`) that the
    /// normalised view decodes to one character.
    pub entities: Vec<Span>,
}

impl Document {
    /// A document of `format` with `text` taken whole, as a reader would give
    /// it before marking anything: path = id, UTF-8, no metadata, nothing
    /// excluded. For building documents in code and tests.
    pub fn new(id: impl Into<String>, format: Format, text: impl Into<String>) -> Document {
        let id = id.into();
        Document {
            path: PathBuf::from(&id),
            id,
            line: None,
            format,
            encoding: "UTF-8".into(),
            text: text.into(),
            meta: Meta::default(),
            excluded: Vec::new(),
            entities: Vec::new(),
        }
    }

    /// Number of characters of the text as read.
    pub fn chars(&self) -> u32 {
        self.text.chars().count() as u32
    }
}

/// A file, or a record in one, that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub path: PathBuf,
    /// 1-based line, for a JSONL record.
    pub line: Option<usize>,
    pub reason: String,
}

/// Everything read from the inputs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// Files and records that were not read, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Why a file or record could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The I/O error is printed here, not chained as a `source`, so that
    /// `{:#}` names it once.
    #[error("{path}: {err}")]
    Io { path: PathBuf, err: std::io::Error },
    #[error("{path}: {reason}")]
    Unusable { path: PathBuf, reason: String },
    #[error("{path}:{line}: {reason}")]
    Record {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

impl ReadError {
    pub(crate) fn unusable(path: &Path, reason: impl Into<String>) -> Self {
        ReadError::Unusable {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }

    /// The skip-summary entry for this error.
    pub fn to_skipped(&self) -> Skipped {
        match self {
            ReadError::Io { path, err } => Skipped {
                path: path.clone(),
                line: None,
                reason: err.to_string(),
            },
            ReadError::Unusable { path, reason } => Skipped {
                path: path.clone(),
                line: None,
                reason: reason.clone(),
            },
            ReadError::Record { path, line, reason } => Skipped {
                path: path.clone(),
                line: Some(*line),
                reason: reason.clone(),
            },
        }
    }
}

/// Sorts exclusions by start and merges overlapping or touching ones of the
/// same reason; where reasons differ, the earlier span keeps its reason and the
/// later one is trimmed, so the result is disjoint.
pub fn tidy_exclusions(spans: &mut Vec<Excluded>) {
    spans.retain(|e| !e.span.is_empty());
    spans.sort_by_key(|e| (e.span.start, std::cmp::Reverse(e.span.end)));
    let mut out: Vec<Excluded> = Vec::with_capacity(spans.len());
    for mut e in spans.drain(..) {
        if let Some(last) = out.last_mut() {
            if e.span.start <= last.span.end && e.reason == last.reason {
                last.span.end = last.span.end.max(e.span.end);
                continue;
            }
            if e.span.start < last.span.end {
                if e.span.end <= last.span.end {
                    continue;
                }
                e.span.start = last.span.end;
            }
        }
        out.push(e);
    }
    *spans = out;
}

/// The complement of `excluded` within `0..len`: the body spans.
pub fn complement(excluded: &[Excluded], len: u32) -> Vec<Span> {
    let mut body = Vec::new();
    let mut at = 0;
    for e in excluded {
        if e.span.start > at {
            body.push(Span::new(at, e.span.start));
        }
        at = at.max(e.span.end);
    }
    if at < len {
        body.push(Span::new(at, len));
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(start: u32, end: u32, reason: Exclusion) -> Excluded {
        Excluded {
            span: Span::new(start, end),
            reason,
        }
    }

    #[test]
    fn tidy_merges_same_reason_and_trims_overlaps() {
        let mut v = vec![
            ex(10, 20, Exclusion::Markup),
            ex(0, 5, Exclusion::FrontMatter),
            ex(15, 25, Exclusion::Markup),
            ex(22, 30, Exclusion::Furniture),
            ex(40, 40, Exclusion::Markup),
        ];
        tidy_exclusions(&mut v);
        assert_eq!(
            v,
            vec![
                ex(0, 5, Exclusion::FrontMatter),
                ex(10, 25, Exclusion::Markup),
                ex(25, 30, Exclusion::Furniture),
            ]
        );
        assert_eq!(
            complement(&v, 35),
            vec![Span::new(5, 10), Span::new(30, 35)]
        );
    }
}
