//! Inputs to documents: walking folders, reading files, choosing a reader.

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::decode::decode_owned;
use super::{Corpus, Document, Format, ReadError, Skipped};

/// Settings for reading a corpus.
#[derive(Debug, Clone)]
pub struct ReadParams {
    /// Files (after decompression) larger than this are refused, so that one
    /// huge file cannot exhaust memory. Default 2 GiB.
    pub max_file_bytes: u64,
}

impl Default for ReadParams {
    fn default() -> Self {
        ReadParams {
            max_file_bytes: 2 << 30,
        }
    }
}

/// One file found under the inputs, with the id prefix it will get.
#[derive(Debug, Clone)]
struct Found {
    path: PathBuf,
    /// The document id: the path relative to the input root.
    id: String,
}

/// Reads every input into one corpus.
///
/// Inputs are files, folders (walked recursively, sorted by name, hidden
/// entries skipped) or `-` for stdin. Files with an extension no reader takes
/// are listed in `skipped`, as are files and JSONL records that fail to read;
/// the rest are read in parallel and kept in input order.
pub fn read_corpus(inputs: &[PathBuf], params: &ReadParams) -> Corpus {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            found.push(Found {
                path: input.clone(),
                id: "-".into(),
            });
            continue;
        }
        match std::fs::metadata(input) {
            Ok(m) if m.is_dir() => walk_dir(input, input, &mut found, &mut skipped),
            Ok(_) => found.push(Found {
                path: input.clone(),
                id: input.to_string_lossy().into_owned(),
            }),
            Err(e) => skipped.push(Skipped {
                path: input.clone(),
                line: None,
                reason: e.to_string(),
            }),
        }
    }
    let results: Vec<(Vec<Document>, Vec<Skipped>)> = found
        .par_iter()
        .map(|f| match read_found(f, params) {
            Ok(read) => read,
            Err(e) => (Vec::new(), vec![e.to_skipped()]),
        })
        .collect();
    let mut documents = Vec::new();
    for (docs, skips) in results {
        documents.extend(docs);
        skipped.extend(skips);
    }
    make_ids_unique(&mut documents);
    Corpus { documents, skipped }
}

/// Reads one file (or `-`) on its own, as `inspect` does. JSONL files give
/// all their records; errors of single records are returned beside them.
pub fn read_one(
    path: &Path,
    params: &ReadParams,
) -> Result<(Vec<Document>, Vec<Skipped>), ReadError> {
    let id = if path.as_os_str() == "-" {
        "-".to_string()
    } else {
        path.to_string_lossy().into_owned()
    };
    read_found(
        &Found {
            path: path.to_path_buf(),
            id,
        },
        params,
    )
}

fn walk_dir(root: &Path, dir: &Path, found: &mut Vec<Found>, skipped: &mut Vec<Skipped>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            skipped.push(Skipped {
                path: dir.to_path_buf(),
                line: None,
                reason: e.to_string(),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let name = entry.file_name();
                if name.to_string_lossy().starts_with('.') {
                    continue;
                }
                paths.push(entry.path());
            }
            Err(e) => skipped.push(Skipped {
                path: dir.to_path_buf(),
                line: None,
                reason: e.to_string(),
            }),
        }
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk_dir(root, &path, found, skipped);
        } else if format_of(&path).is_some() {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let id = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            found.push(Found { path, id });
        } else {
            skipped.push(Skipped {
                path,
                line: None,
                reason: "unknown extension: no reader for this kind of file".into(),
            });
        }
    }
}

/// The format an extension names (looking through `.gz`), `None` for unknown.
/// `.txt` files are sniffed later: front matter makes Markdown, `<html` HTML.
pub(crate) fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.')?.1;
    match ext {
        "md" | "markdown" => Some(Format::Markdown),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "txt" | "text" => Some(Format::Text),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        _ => None,
    }
}

fn read_bytes(path: &Path, params: &ReadParams) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut raw = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(params.max_file_bytes + 1)
            .read_to_end(&mut raw)
            .map_err(io)?;
    } else {
        let file = std::fs::File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        if len > params.max_file_bytes {
            return Err(too_large(path, params));
        }
        raw.reserve(len as usize);
        file.take(params.max_file_bytes + 1)
            .read_to_end(&mut raw)
            .map_err(io)?;
    }
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 3);
        flate2::read::MultiGzDecoder::new(&raw[..])
            .take(params.max_file_bytes + 1)
            .read_to_end(&mut out)
            .map_err(|e| ReadError::unusable(path, format!("broken gzip data: {e}")))?;
        raw = out;
    }
    if raw.len() as u64 > params.max_file_bytes {
        return Err(too_large(path, params));
    }
    Ok(raw)
}

fn too_large(path: &Path, params: &ReadParams) -> ReadError {
    ReadError::unusable(
        path,
        format!(
            "file too large: over the limit of {} MiB",
            params.max_file_bytes >> 20
        ),
    )
}

fn read_found(
    found: &Found,
    params: &ReadParams,
) -> Result<(Vec<Document>, Vec<Skipped>), ReadError> {
    let bytes = read_bytes(&found.path, params)?;
    let (text, encoding) =
        decode_owned(bytes).map_err(|e| ReadError::unusable(&found.path, e.to_string()))?;
    let format = match format_of(&found.path) {
        Some(Format::Text) | None => sniff(&text),
        Some(f) => f,
    };
    let path = found.path.clone();
    let doc = |format| Document {
        id: found.id.clone(),
        path: path.clone(),
        line: None,
        format,
        encoding: encoding.to_string(),
        text: String::new(),
        meta: Default::default(),
        excluded: Vec::new(),
        entities: Vec::new(),
    };
    match format {
        Format::Jsonl => Ok(super::jsonl::read(&found.path, &found.id, &text, encoding)),
        Format::Markdown | Format::Html | Format::Text => {
            let mut doc = match format {
                Format::Markdown => super::markdown::read(doc(format), text),
                Format::Html => super::html::read(doc(format), text),
                _ => super::text::read(doc(format), text),
            };
            super::text::attribution(&mut doc);
            Ok((vec![doc], Vec::new()))
        }
    }
}

/// Decides the format of text with no telling extension (`.txt`, stdin):
/// YAML front matter means Markdown, an HTML root element means HTML, lines
/// that are all JSON objects mean JSONL, anything else plain text.
fn sniff(text: &str) -> Format {
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

/// Gives documents that share an id a `#2`, `#3`, ... suffix, in order.
fn make_ids_unique(docs: &mut [Document]) {
    let mut seen: rustc_hash::FxHashMap<String, u32> = Default::default();
    for doc in docs.iter_mut() {
        let n = seen.entry(doc.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            doc.id = format!("{}#{}", doc.id, n);
        }
    }
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
