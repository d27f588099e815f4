//! Inputs to documents: walking folders, reading files, choosing a reader.

use std::io::{BufRead, Read};
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
/// the rest are read in parallel and kept in input order. Documents that
/// share an id get a `#2`, `#3`, ... suffix, in input order.
pub fn read_corpus(inputs: &[PathBuf], params: &ReadParams) -> Corpus {
    let (documents, skipped) = read_corpus_map(inputs, params, |d| d, |d| d);
    Corpus { documents, skipped }
}

/// Reads every input and maps each document with `f` as soon as it is read,
/// in parallel; the results come in the same order [`read_corpus`] gives
/// documents, and `skipped` is the same as its `skipped`.
///
/// JSONL files (`.jsonl`, `.ndjson`, optionally `.gz`; not stdin) are
/// streamed: while one thread reads and decompresses a file, batches of its
/// lines are parsed and mapped on the rayon pool, so mapping overlaps
/// reading. A
/// streamed file whose first 64 KiB are not UTF-8 (UTF-16, GBK, binary, ...)
/// is read whole and decoded with detection, as every other file is. Past
/// them, a line that is not valid UTF-8 is skipped with its line number and
/// the other lines are still read. A file that turns out larger than
/// `max_file_bytes`, broken gzip, or a NUL byte anywhere refuses the whole
/// file: none of its documents are kept (the ones already mapped are
/// dropped).
///
/// `f` sees each document with its id as read. Ids are made unique (a `#2`,
/// `#3`, ... suffix for repeats, in input order) afterwards, through `doc`,
/// which gives the document inside a result; so `f` must not depend on
/// `Document::id`.
pub fn read_corpus_map<T: Send>(
    inputs: &[PathBuf],
    params: &ReadParams,
    f: impl Fn(Document) -> T + Sync,
    doc: impl Fn(&mut T) -> &mut Document,
) -> (Vec<T>, Vec<Skipped>) {
    let (found, mut skipped) = find_inputs(inputs);
    let results: Vec<(Vec<T>, Vec<Skipped>)> = found
        .par_iter()
        .map(
            |found| match read_found_map(found, params, &f, BATCH_BYTES) {
                Ok(read) => read,
                Err(e) => (Vec::new(), vec![e.to_skipped()]),
            },
        )
        .collect();
    let mut out = Vec::with_capacity(results.iter().map(|(t, _)| t.len()).sum());
    for (items, skips) in results {
        out.extend(items);
        skipped.extend(skips);
    }
    make_ids_unique(out.iter_mut().map(|t| &mut doc(t).id));
    (out, skipped)
}

/// The files under `inputs`, in input order, and the inputs that could not
/// be used.
fn find_inputs(inputs: &[PathBuf]) -> (Vec<Found>, Vec<Skipped>) {
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
    (found, skipped)
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
    read_decoded(found, bytes)
}

/// Reads one file into documents and maps them with `f`: JSONL files are
/// streamed in batches of about `batch_bytes`, others read whole.
fn read_found_map<T: Send>(
    found: &Found,
    params: &ReadParams,
    f: &(impl Fn(Document) -> T + Sync),
    batch_bytes: usize,
) -> Result<(Vec<T>, Vec<Skipped>), ReadError> {
    let (docs, skipped) =
        if found.path.as_os_str() != "-" && format_of(&found.path) == Some(Format::Jsonl) {
            match stream_jsonl(found, params, f, batch_bytes)? {
                Streamed::Mapped(items, skipped) => return Ok((items, skipped)),
                Streamed::Whole(bytes) => read_decoded(found, bytes)?,
            }
        } else {
            read_found(found, params)?
        };
    Ok((docs.into_par_iter().map(f).collect(), skipped))
}

/// Reads the documents of a file's (decompressed) bytes.
fn read_decoded(found: &Found, bytes: Vec<u8>) -> Result<(Vec<Document>, Vec<Skipped>), ReadError> {
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

/// Decompressed bytes of a streamed file handed to one parse-and-map task.
const BATCH_BYTES: usize = 256 << 10;

/// How much of a streamed file is looked at before deciding to stream it.
const HEAD_BYTES: usize = 64 * 1024;

/// What [`stream_jsonl`] did with a file.
enum Streamed<T> {
    /// It was UTF-8 and streamed: the mapped documents and skipped records.
    Mapped(Vec<T>, Vec<Skipped>),
    /// Its head was not plain UTF-8 text: all its (decompressed) bytes, to
    /// be decoded with detection like any other file.
    Whole(Vec<u8>),
}

/// Streams a JSONL file: the current thread reads (and decompresses) it and
/// cuts it into batches of whole lines of about `batch_bytes`; each batch is
/// parsed and mapped with `f` on the rayon pool meanwhile. Line numbers, ids
/// and skipped records are those [`super::jsonl::read`] gives for the whole
/// text.
fn stream_jsonl<T: Send>(
    found: &Found,
    params: &ReadParams,
    f: &(impl Fn(Document) -> T + Sync),
    batch_bytes: usize,
) -> Result<Streamed<T>, ReadError> {
    let path = &found.path;
    let io = |source| ReadError::Io {
        path: path.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    if file.metadata().map_err(io)?.len() > params.max_file_bytes {
        return Err(too_large(path, params));
    }
    let mut file = std::io::BufReader::with_capacity(128 * 1024, file);
    let gzip = file.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
    let input: Box<dyn Read + Send> = if gzip {
        Box::new(flate2::bufread::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut input = input.take(params.max_file_bytes + 1);
    let read_err = |e: std::io::Error| {
        if gzip {
            ReadError::unusable(path, format!("broken gzip data: {e}"))
        } else {
            io(e)
        }
    };
    // Reads up to `want` more bytes into `buf`; fewer means the end.
    let mut read_more = |buf: &mut Vec<u8>, want: usize| -> Result<usize, ReadError> {
        let n = (&mut input)
            .take(want as u64)
            .read_to_end(buf)
            .map_err(read_err)?;
        Ok(n)
    };

    let mut buf = Vec::with_capacity(batch_bytes.max(HEAD_BYTES) + HEAD_BYTES);
    let mut eof = read_more(&mut buf, HEAD_BYTES)? < HEAD_BYTES;
    let bom = buf.starts_with(b"\xEF\xBB\xBF");
    let utf8 = match std::str::from_utf8(&buf) {
        Ok(_) => true,
        // A character cut by the end of the head.
        Err(e) => !eof && e.error_len().is_none(),
    };
    let blank = String::from_utf8_lossy(&buf[if bom { 3 } else { 0 }..])
        .trim()
        .is_empty();
    if !utf8 || blank || (!bom && super::decode::looks_binary(&buf)) {
        if !eof {
            read_more(&mut buf, usize::MAX)?;
        }
        if buf.len() as u64 > params.max_file_bytes {
            return Err(too_large(path, params));
        }
        return Ok(Streamed::Whole(buf));
    }
    let encoding = if bom { "UTF-8 (BOM)" } else { "UTF-8" };
    let mut total = buf.len();
    if bom {
        buf.drain(..3);
    }

    // Each batch's number, mapped documents and skipped records.
    type Batch<T> = (usize, Vec<T>, Vec<Skipped>);
    let batches: std::sync::Mutex<Vec<Batch<T>>> = Default::default();
    let mut failed = None;
    rayon::scope(|s| {
        let (batches, path, file_id) = (&batches, path.as_path(), found.id.as_str());
        let mut line = 1;
        let mut index = 0;
        // Where the last line break in `buf` is.
        let mut last_break = buf.iter().rposition(|&b| b == b'\n');
        loop {
            // Fill a batch, and on until a line ends.
            while !eof && (buf.len() < batch_bytes || last_break.is_none()) {
                let start = buf.len();
                let want = match batch_bytes.saturating_sub(start) {
                    0 => batch_bytes.max(1),
                    n => n,
                };
                let n = match read_more(&mut buf, want) {
                    Ok(n) => n,
                    Err(e) => {
                        failed = Some(e);
                        return;
                    }
                };
                eof = n < want;
                total += n;
                if let Some(i) = buf[start..].iter().rposition(|&b| b == b'\n') {
                    last_break = Some(start + i);
                }
            }
            if total as u64 > params.max_file_bytes {
                failed = Some(too_large(path, params));
                return;
            }
            let cut = match (eof, last_break) {
                (false, Some(i)) => i + 1,
                _ => buf.len(),
            };
            let rest = buf.split_off(cut);
            let batch = std::mem::replace(&mut buf, rest);
            last_break = None;
            if batch.contains(&0) {
                failed = Some(ReadError::unusable(
                    path,
                    super::decode::DecodeError::Binary.to_string(),
                ));
                return;
            }
            if !batch.is_empty() {
                let first_line = line;
                line += batch.iter().filter(|&&b| b == b'\n').count();
                let i = index;
                index += 1;
                s.spawn(move |_| {
                    let (items, skipped) =
                        map_lines(path, file_id, first_line, &batch, encoding, f);
                    batches.lock().unwrap().push((i, items, skipped));
                });
            }
            if eof && buf.is_empty() {
                return;
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let mut batches = batches.into_inner().unwrap();
    batches.sort_unstable_by_key(|b| b.0);
    let mut items = Vec::with_capacity(batches.iter().map(|b| b.1.len()).sum());
    let mut skipped = Vec::new();
    for (_, i, s) in batches {
        items.extend(i);
        skipped.extend(s);
    }
    Ok(Streamed::Mapped(items, skipped))
}

/// Parses the JSONL lines in `bytes`, the first being line `first_line`, and
/// maps each record with `f`, as [`super::jsonl::read`] would read them.
fn map_lines<T>(
    path: &Path,
    file_id: &str,
    first_line: usize,
    bytes: &[u8],
    encoding: &str,
    f: &impl Fn(Document) -> T,
) -> (Vec<T>, Vec<Skipped>) {
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = first_line + i;
        let skip = |reason| Skipped {
            path: path.to_path_buf(),
            line: Some(line),
            reason,
        };
        let Ok(raw) = std::str::from_utf8(raw) else {
            skipped.push(skip("undecodable bytes: not valid UTF-8".into()));
            continue;
        };
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() {
            continue;
        }
        match super::jsonl::record(path, file_id, line, raw, encoding) {
            Ok(doc) => items.push(f(doc)),
            Err(reason) => skipped.push(skip(reason)),
        }
    }
    (items, skipped)
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

/// Gives ids that repeat an earlier one a `#2`, `#3`, ... suffix, in order.
fn make_ids_unique<'a>(ids: impl Iterator<Item = &'a mut String>) {
    let mut seen: rustc_hash::FxHashMap<String, u32> = Default::default();
    for id in ids {
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            *id = format!("{id}#{n}");
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

    /// A JSONL file of more than `HEAD_BYTES`, so that it is cut into many
    /// batches: records with and without ids, repeated ids, blank lines,
    /// CRLF, and broken records.
    fn jsonl_lines() -> Vec<String> {
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

    fn found(path: &Path) -> Found {
        Found {
            path: path.to_path_buf(),
            id: path.to_string_lossy().into_owned(),
        }
    }

    type Got = (Vec<(String, Option<usize>, String, String)>, Vec<Skipped>);

    /// The documents (id, line, encoding, text) and skipped records of a
    /// file read with streaming batches of `batch` bytes.
    fn streamed(path: &Path, batch: usize) -> Got {
        let params = ReadParams::default();
        let (docs, skipped) = read_found_map(&found(path), &params, &|d| d, batch).unwrap();
        (summarise(docs), skipped)
    }

    /// The same, read whole and decoded as before streaming existed.
    fn whole(path: &Path) -> Got {
        let (docs, skipped) = read_found(&found(path), &ReadParams::default()).unwrap();
        (summarise(docs), skipped)
    }

    fn summarise(docs: Vec<Document>) -> Vec<(String, Option<usize>, String, String)> {
        docs.into_iter()
            .map(|d| (d.id, d.line, d.encoding, d.text))
            .collect()
    }

    #[test]
    fn streaming_keeps_lines_ids_and_order_across_batches() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.jsonl");
        let text = jsonl_lines().join("\n") + "\n";
        assert!(text.len() > 2 * HEAD_BYTES);
        std::fs::write(&path, &text).unwrap();
        let expected = whole(&path);
        assert_eq!(expected.0.len(), 3000 - 300 - 43);
        assert_eq!(expected.1.len(), 43);
        for batch in [1, 7, 100, 4096, BATCH_BYTES] {
            assert_eq!(streamed(&path, batch), expected, "batch {batch}");
        }
        let (docs, skipped) = &expected;
        let three = docs.iter().find(|d| d.1 == Some(3)).unwrap();
        assert_eq!(three.0, format!("{}:3", path.display()));
        assert_eq!(docs.last().unwrap().1, Some(2999));
        assert_eq!(skipped[1].line, Some(77));
        // Without a final line break, with a UTF-8 BOM.
        let bom = format!("\u{feff}{}", text.trim_end());
        std::fs::write(&path, bom).unwrap();
        let expected = whole(&path);
        assert_eq!(expected.0[0].2, "UTF-8 (BOM)");
        assert_eq!(streamed(&path, 333), expected);
    }

    #[test]
    fn ids_are_made_unique_in_input_order() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.jsonl");
        std::fs::write(&path, jsonl_lines().join("\n")).unwrap();
        let corpus = read_corpus(&[path.clone(), path], &ReadParams::default());
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids[4], "dup");
        assert_eq!(ids[12], "dup#2");
        assert_eq!(ids.iter().filter(|i| **i == "r1#2").count(), 1);
        assert_eq!(
            ids.iter().collect::<std::collections::HashSet<_>>().len(),
            ids.len()
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_is_skipped_and_the_rest_read() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.ndjson");
        let mut bytes = Vec::new();
        for (i, line) in jsonl_lines().iter().enumerate() {
            if i + 1 == 2500 {
                bytes.extend_from_slice(b"{\"text\": \"\xb9\xa4\xd2\xb5\"}");
            } else {
                bytes.extend_from_slice(line.as_bytes());
            }
            bytes.push(b'\n');
        }
        assert!(
            bytes.len() * 5 / 6 > HEAD_BYTES,
            "line 2500 is past the head"
        );
        std::fs::write(&path, &bytes).unwrap();
        for batch in [50, BATCH_BYTES] {
            let (docs, skipped) = streamed(&path, batch);
            // Line 2500 was blank: now it is the one skipped line more.
            assert_eq!(docs.len(), 3000 - 300 - 43);
            let bad: Vec<_> = skipped
                .iter()
                .filter(|s| s.reason.contains("UTF-8"))
                .collect();
            assert_eq!(bad.len(), 1);
            assert_eq!(bad[0].line, Some(2500));
            assert_eq!(bad[0].reason, "undecodable bytes: not valid UTF-8");
            assert_eq!(skipped.len(), 44);
        }
    }

    #[test]
    fn gzip_is_streamed_like_plain_text() {
        use std::io::Write;
        let tmp = tempfile::tempdir().unwrap();
        let plain = tmp.path().join("a.jsonl");
        let gz = tmp.path().join("a.jsonl.gz");
        let text = jsonl_lines().join("\n");
        std::fs::write(&plain, &text).unwrap();
        // Two gzip members, as `cat a.gz b.gz` gives.
        let mut file = std::fs::File::create(&gz).unwrap();
        let (one, two) = text.split_at(text.len() / 2);
        for part in [one, two] {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(part.as_bytes()).unwrap();
            file.write_all(&enc.finish().unwrap()).unwrap();
        }
        drop(file);
        let (mut expected, mut skipped) = whole(&plain);
        let name = |p: &Path| p.to_string_lossy().into_owned();
        for d in &mut expected {
            d.0 = d.0.replace(&name(&plain), &name(&gz));
        }
        for s in &mut skipped {
            s.path = gz.clone();
        }
        assert_eq!(whole(&gz), (expected.clone(), skipped.clone()));
        for batch in [10, 5000, BATCH_BYTES] {
            assert_eq!(streamed(&gz, batch), (expected.clone(), skipped.clone()));
        }
    }

    #[test]
    fn streamed_files_are_refused_whole_when_too_large_binary_or_broken() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.jsonl");
        let text = jsonl_lines().join("\n");
        std::fs::write(&path, &text).unwrap();
        let small = ReadParams {
            max_file_bytes: text.len() as u64 - 1,
        };
        let err = read_found_map(&found(&path), &small, &|d| d, 100).unwrap_err();
        assert!(err.to_string().contains("file too large"), "{err}");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, text.as_bytes()).unwrap();
        let gz_path = tmp.path().join("a.jsonl.gz");
        std::fs::write(&gz_path, gz.finish().unwrap()).unwrap();
        let err = read_found_map(&found(&gz_path), &small, &|d| d, 100).unwrap_err();
        assert!(err.to_string().contains("file too large"), "{err}");
        let mut cut = std::fs::read(&gz_path).unwrap();
        cut.truncate(cut.len() / 2);
        std::fs::write(&gz_path, cut).unwrap();
        let params = ReadParams::default();
        let err = read_found_map(&found(&gz_path), &params, &|d| d, 100).unwrap_err();
        assert!(err.to_string().contains("broken gzip data"), "{err}");
        let nul = text.replacen("第2999条", "第\0条", 1);
        std::fs::write(&path, nul).unwrap();
        let err = read_found_map(&found(&path), &params, &|d| d, 100).unwrap_err();
        assert!(err.to_string().contains("binary file"), "{err}");
    }

    #[test]
    fn a_file_that_does_not_start_as_utf8_is_decoded_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("gbk.jsonl");
        let text = "{\"id\": \"g\", \"text\": \"工业互联网平台作为新一代信息通信技术与工业经济深度融合的新型基础设施\"}\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        std::fs::write(&path, &bytes).unwrap();
        let (docs, skipped) = streamed(&path, 10);
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(docs.len(), 1);
        assert!(
            docs[0].2 == "GBK" || docs[0].2 == "gb18030",
            "{}",
            docs[0].2
        );
        assert_eq!(streamed(&path, 10), whole(&path));
    }
}
