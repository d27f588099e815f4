//! Inputs to documents: walking folders, reading files, choosing a reader.
//!
//! Folders are walked with walkdir: sorted by name, hidden entries skipped,
//! symbolic links followed. A link that leads back to a folder being walked
//! (a loop) and a file already found under another path (same device and
//! inode: a link, a hard link, an input given twice) are listed as skipped,
//! so no file is ever read twice. Only regular files are read, and stdin only
//! as `-`: a FIFO, socket or device is skipped with the reason, and opened
//! (if at all) without waiting for a writer.
//!
//! Memory is bounded on hostile input, whatever a file claims to be:
//! - a document holds at most [`MAX_DOC_BYTES`] of text (16 MiB; `dups`
//!   on one document peaks at 20 to 35 times its size). A file that is one document
//!   (Markdown, HTML, text, stdin) is refused as soon as reading or
//!   inflating passes the limit; a JSONL record (line) over it is skipped
//!   with its line, and the rest of the file still read.
//! - a file holds at most `ReadParams::max_file_bytes` after decompression
//!   (`--max-file-mib`, 2 GiB by default); only JSONL files (and a `.txt`
//!   or stdin that turns out to be JSONL) can reach it.
//! - documents read in parallel hold at most [`IN_FLIGHT_BYTES`] of text
//!   between them until analysed (one larger document is read alone), and a
//!   streamed JSONL file has a few batches of lines waiting at most.

use std::cell::Cell;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::decode::decode_owned;
use super::{Corpus, Document, Format, ReadError, Skipped};

/// The most text one document may hold, in bytes (UTF-8, after
/// decompression and decoding): 16 MiB, about 5.5 million Chinese
/// characters. The longest article of the Sina corpus is 51 KB; `dups` on a
/// 16 MiB document peaks at 0.30 GB (one character repeated) to 0.56 GB
/// (letters without a space); on 4 MiB of real articles at 0.12 GB.
pub const MAX_DOC_BYTES: u64 = 16 << 20;

/// The most document text held at once by parallel reads until each
/// document is analysed: two documents at the limit.
pub const IN_FLIGHT_BYTES: u64 = 2 * MAX_DOC_BYTES;

/// Settings for reading a corpus.
#[derive(Debug, Clone)]
pub struct ReadParams {
    /// Files (after decompression) larger than this are refused, so that one
    /// huge file cannot exhaust memory. Default 2 GiB. Files that are one
    /// document are also held to [`MAX_DOC_BYTES`].
    pub max_file_bytes: u64,
}

impl Default for ReadParams {
    fn default() -> Self {
        ReadParams {
            max_file_bytes: 2 << 30,
        }
    }
}

impl ReadParams {
    /// The most text bytes one document may hold: [`MAX_DOC_BYTES`], or the
    /// file limit when that is lower.
    pub fn max_doc_bytes(&self) -> u64 {
        self.max_file_bytes.min(MAX_DOC_BYTES)
    }

    /// The reason given for a file or record over a limit: the document
    /// limit (`doc`) or the file limit.
    fn too_large(&self, doc: bool) -> String {
        if doc && self.max_doc_bytes() < self.max_file_bytes {
            format!(
                "too large: over the limit of {} MiB of text per document",
                self.max_doc_bytes() >> 20
            )
        } else {
            format!(
                "too large: over the limit of {} MiB per file",
                self.max_file_bytes >> 20
            )
        }
    }
}

/// One file found under the inputs, with the id prefix it will get.
#[derive(Debug, Clone)]
struct Found {
    path: PathBuf,
    /// The document id: for a file in a folder input, the folder's name and
    /// the path below it; for a file input, the path as given.
    id: String,
}

/// Reads every input into one corpus.
///
/// Inputs are files, folders (walked recursively, sorted by name, hidden
/// entries skipped, links followed) or `-` for stdin. Files with an
/// extension no reader takes are listed in `skipped`, as are link loops,
/// files already found under another path, special files (FIFOs, sockets,
/// devices), and files and JSONL records that fail to read or are too large;
/// the rest are read in parallel and kept in input order. Ids are made safe
/// and unique (see [`read_corpus_map`]).
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
/// streamed file whose first 64 KiB are not UTF-8 (UTF-16, GBK, ...)
/// is read whole and decoded with detection, as every other file is. Past
/// them, a line that is not valid UTF-8, or longer than a document may be,
/// is skipped with its line number and the other lines are still read. A
/// file that turns out larger than `max_file_bytes`, broken gzip, or a NUL
/// byte anywhere refuses the whole file: none of its documents are kept
/// (the ones already mapped are dropped).
///
/// `f` sees each document with its id as read. Ids are then made safe and
/// unique through `doc`, which gives the document inside a result (so `f`
/// must not depend on `Document::id`): control characters are escaped as
/// `\u{..}` (see [`crate::safe::terminal`]), and an id already given gets
/// the first of `#2`, `#3`, ... that is no other document's id, in input
/// order.
pub fn read_corpus_map<T: Send>(
    inputs: &[PathBuf],
    params: &ReadParams,
    f: impl Fn(Document) -> T + Sync,
    doc: impl Fn(&mut T) -> &mut Document,
) -> (Vec<T>, Vec<Skipped>) {
    let (found, mut skipped) = find_inputs(inputs);
    let budget = Budget::new(IN_FLIGHT_BYTES);
    let results: Vec<(Vec<T>, Vec<Skipped>)> = found
        .par_iter()
        .map(
            |found| match read_found_map(found, params, &budget, &f, BATCH_BYTES) {
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
    finish_ids(out.iter_mut().map(|t| &mut doc(t).id));
    (out, skipped)
}

fn skip(path: &Path, reason: impl Into<String>) -> Skipped {
    Skipped {
        path: path.to_path_buf(),
        line: None,
        reason: reason.into(),
    }
}

/// What tells one file from another, whatever path it was reached by.
#[cfg(unix)]
type FileKey = (u64, u64);
#[cfg(not(unix))]
type FileKey = PathBuf;

#[cfg(unix)]
fn file_key(_path: &Path, meta: &std::fs::Metadata) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_key(path: &Path, _meta: &std::fs::Metadata) -> Option<FileKey> {
    path.canonicalize().ok()
}

/// The files found so far, by [`FileKey`], with the path each was found at.
#[derive(Default)]
struct Seen(FxHashMap<FileKey, PathBuf>);

impl Seen {
    /// `None` the first time a file is met; else the reason to skip it.
    fn again(&mut self, path: &Path, meta: &std::fs::Metadata) -> Option<String> {
        let key = file_key(path, meta)?;
        match self.0.get(&key) {
            Some(first) => Some(format!("the same file as {}, read once", first.display())),
            None => {
                self.0.insert(key, path.to_path_buf());
                None
            }
        }
    }
}

/// The files under `inputs`, in input order, and the inputs that could not
/// be used.
fn find_inputs(inputs: &[PathBuf]) -> (Vec<Found>, Vec<Skipped>) {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let mut seen = Seen::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            found.push(Found {
                path: input.clone(),
                id: "-".into(),
            });
            continue;
        }
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                skipped.push(skip(input, e.to_string()));
                continue;
            }
        };
        if meta.is_dir() {
            walk_dir(input, &mut found, &mut skipped, &mut seen);
        } else if let Some(reason) = not_regular(&meta.file_type()) {
            skipped.push(skip(input, reason));
        } else if let Some(reason) = seen.again(input, &meta) {
            skipped.push(skip(input, reason));
        } else {
            found.push(Found {
                path: input.clone(),
                id: id_as_given(input),
            });
        }
    }
    (found, skipped)
}

/// Reads one file (or `-`) on its own, as `inspect` does. JSONL files give
/// all their records; errors of single records are returned beside them.
/// A folder, FIFO, socket or device is refused. Ids are made safe and
/// unique as [`read_corpus_map`] makes them.
pub fn read_one(
    path: &Path,
    params: &ReadParams,
) -> Result<(Vec<Document>, Vec<Skipped>), ReadError> {
    let id = if path.as_os_str() == "-" {
        "-".to_string()
    } else {
        id_as_given(path)
    };
    let found = Found {
        path: path.to_path_buf(),
        id,
    };
    let budget = Budget::new(IN_FLIGHT_BYTES);
    let (mut docs, skipped, _permit) = read_found(&found, params, &budget)?;
    finish_ids(docs.iter_mut().map(|d| &mut d.id));
    Ok((docs, skipped))
}

/// Reads `bytes` as the contents of a file named `path` (its extension picks
/// the reader, as for a file on disk: gzip, decoding, sniffing a `.txt`),
/// without touching the file system: for fuzzing, tests and callers that
/// hold a file's bytes already. Ids are made as for a file input.
pub fn read_file_bytes(
    path: &Path,
    bytes: Vec<u8>,
    params: &ReadParams,
) -> Result<(Vec<Document>, Vec<Skipped>), ReadError> {
    let found = Found {
        path: path.to_path_buf(),
        id: id_as_given(path),
    };
    let one_doc = format_of(path) != Some(Format::Jsonl);
    let limit = if one_doc {
        params.max_doc_bytes()
    } else {
        params.max_file_bytes
    };
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| ReadError::unusable(path, format!("broken gzip data: {e}")))?;
        out
    } else {
        bytes
    };
    if bytes.len() as u64 > limit {
        return Err(ReadError::unusable(path, params.too_large(one_doc)));
    }
    let (mut docs, skipped) = read_decoded(&found, bytes, params)?;
    finish_ids(docs.iter_mut().map(|d| &mut d.id));
    Ok((docs, skipped))
}

/// The id of a file input: its path as given, with `/` between components
/// and no leading `./`.
fn id_as_given(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = if cfg!(windows) {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    };
    let mut t = s.as_str();
    while let Some(rest) = t.strip_prefix("./") {
        t = rest.trim_start_matches('/');
    }
    if t.is_empty() { s } else { t.to_string() }
}

/// The name a folder input gives its files' ids: its last component as
/// given, or for `.`, `..` and the like its real name. Empty for `/`.
fn root_name(root: &Path) -> String {
    let name = match root.file_name() {
        Some(name) => Some(name.to_os_string()),
        None => root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_os_string())),
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn walk_dir(root: &Path, found: &mut Vec<Found>, skipped: &mut Vec<Skipped>, seen: &mut Seen) {
    let name = root_name(root);
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root);
                let reason = match (e.loop_ancestor(), e.io_error()) {
                    (Some(ancestor), _) => format!(
                        "symbolic link loop: leads back to {}, not followed",
                        ancestor.display()
                    ),
                    (None, Some(io)) => io.to_string(),
                    (None, None) => e.to_string(),
                };
                skipped.push(skip(path, reason));
                continue;
            }
        };
        let path = entry.path();
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if let Some(reason) = not_regular(&kind) {
            skipped.push(skip(path, reason));
            continue;
        }
        if format_of(path).is_none() {
            skipped.push(skip(
                path,
                "unknown extension: no reader for this kind of file",
            ));
            continue;
        }
        match entry.metadata() {
            Ok(meta) => {
                if let Some(reason) = seen.again(path, &meta) {
                    skipped.push(skip(path, reason));
                    continue;
                }
            }
            Err(e) => {
                let reason = e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string());
                skipped.push(skip(path, reason));
                continue;
            }
        }
        let rel = path.strip_prefix(root).unwrap_or(path);
        let mut id = name.clone();
        for c in rel.components() {
            if !id.is_empty() {
                id.push('/');
            }
            id.push_str(&c.as_os_str().to_string_lossy());
        }
        found.push(Found {
            path: path.to_path_buf(),
            id,
        });
    }
}

/// Why a file of this type is not read: `None` for a regular file.
fn not_regular(kind: &std::fs::FileType) -> Option<String> {
    if kind.is_file() {
        return None;
    }
    let what = if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        special_kind(kind)
    };
    Some(format!("not a regular file: {what}"))
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_kind: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Opens a regular file for reading, and gives its size. A FIFO is opened
/// without waiting for a writer (`O_NONBLOCK`, which regular files ignore),
/// then refused like any other special file.
fn open_regular(path: &Path) -> Result<(std::fs::File, u64), ReadError> {
    let io = |err| ReadError::Io {
        path: path.to_path_buf(),
        err,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if let Some(reason) = not_regular(&meta.file_type()) {
        return Err(ReadError::unusable(path, reason));
    }
    Ok((file, meta.len()))
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

/// The largest ratio of deflate: no gzip member inflates to more than this
/// many times its size (plus a header's worth).
const DEFLATE_MAX_RATIO: u64 = 1032;

/// Reads a file (or stdin) whole, decompressing gzip as it reads, under a
/// [`Permit`] of `budget` for what it holds. Stops as soon as the limit is
/// passed: the document limit for a file that is one document, the file
/// limit for JSONL (and for a `.txt` or stdin whose head is JSONL).
fn read_bytes<'b>(
    path: &Path,
    params: &ReadParams,
    budget: &'b Budget,
) -> Result<(Vec<u8>, Permit<'b>), ReadError> {
    let io = |err| ReadError::Io {
        path: path.to_path_buf(),
        err,
    };
    let stdin = path.as_os_str() == "-";
    let format = if stdin { None } else { format_of(path) };
    let jsonl = format == Some(Format::Jsonl);
    let doc_limit = params.max_doc_bytes();
    let first_limit = if jsonl {
        params.max_file_bytes
    } else {
        doc_limit
    };
    let (mut input, size): (Box<dyn BufRead>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let (file, size) = open_regular(path)?;
        (
            Box::new(std::io::BufReader::with_capacity(128 << 10, file)),
            Some(size),
        )
    };
    let gzip = input.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
    // What the file can hold at most, read and decompressed.
    let most = match size {
        Some(size) if gzip => size
            .saturating_mul(DEFLATE_MAX_RATIO)
            .saturating_add(64 << 10),
        Some(size) => size,
        None => u64::MAX,
    };
    if !gzip && size.is_some_and(|size| size > params.max_file_bytes) {
        return Err(ReadError::unusable(path, params.too_large(false)));
    }
    let mut permit = budget.acquire(most.min(first_limit));
    let mut input: Box<dyn Read> = if gzip {
        Box::new(flate2::bufread::MultiGzDecoder::new(input))
    } else {
        Box::new(input)
    };
    let read_err = |e: std::io::Error| {
        if gzip {
            ReadError::unusable(path, format!("broken gzip data: {e}"))
        } else {
            io(e)
        }
    };
    let mut raw = Vec::with_capacity(most.min(first_limit) as usize + 1);
    (&mut input)
        .take(first_limit + 1)
        .read_to_end(&mut raw)
        .map_err(read_err)?;
    if raw.len() as u64 > first_limit {
        // A `.txt` or stdin may hold JSONL, which may be as long as a file.
        let sniffed = matches!(format, None | Some(Format::Text));
        if jsonl || !sniffed || first_limit >= params.max_file_bytes || !head_is_jsonl(&raw) {
            return Err(ReadError::unusable(path, params.too_large(!jsonl)));
        }
        drop(permit);
        permit = budget.acquire(most.min(params.max_file_bytes));
        (&mut input)
            .take(params.max_file_bytes - raw.len() as u64 + 1)
            .read_to_end(&mut raw)
            .map_err(read_err)?;
        if raw.len() as u64 > params.max_file_bytes {
            return Err(ReadError::unusable(path, params.too_large(false)));
        }
    }
    permit.shrink(raw.len() as u64);
    Ok((raw, permit))
}

/// Whether the first 64 KiB of `raw` read as JSONL.
fn head_is_jsonl(raw: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&raw[..raw.len().min(HEAD_BYTES)]);
    sniff(&head) == Format::Jsonl
}

/// Reads a file (or stdin) into documents; the permit holds their text in
/// the budget until it is dropped.
fn read_found<'b>(
    found: &Found,
    params: &ReadParams,
    budget: &'b Budget,
) -> Result<(Vec<Document>, Vec<Skipped>, Permit<'b>), ReadError> {
    let (bytes, permit) = read_bytes(&found.path, params, budget)?;
    let (docs, skipped) = read_decoded(found, bytes, params)?;
    Ok((docs, skipped, permit))
}

/// Reads one file into documents and maps them with `f`: JSONL files are
/// streamed in batches of about `batch_bytes`, others read whole. A file
/// that gives neither a document nor a skipped record is listed as skipped.
fn read_found_map<T: Send>(
    found: &Found,
    params: &ReadParams,
    budget: &Budget,
    f: &(impl Fn(Document) -> T + Sync),
    batch_bytes: usize,
) -> Result<(Vec<T>, Vec<Skipped>), ReadError> {
    let (items, mut skipped) =
        if found.path.as_os_str() != "-" && format_of(&found.path) == Some(Format::Jsonl) {
            match stream_jsonl(found, params, f, batch_bytes)? {
                Streamed::Mapped(items, skipped) => (items, skipped),
                Streamed::Whole(bytes) => {
                    let _permit = budget.acquire(bytes.len() as u64);
                    let (docs, skipped) = read_decoded(found, bytes, params)?;
                    (docs.into_par_iter().map(f).collect(), skipped)
                }
            }
        } else {
            let (docs, skipped, _permit) = read_found(found, params, budget)?;
            (docs.into_par_iter().map(f).collect(), skipped)
        };
    if items.is_empty() && skipped.is_empty() {
        skipped.push(skip(&found.path, "no documents in this file"));
    }
    Ok((items, skipped))
}

/// Reads the documents of a file's (decompressed) bytes. A document over
/// the document limit refuses the file, or for JSONL is skipped with its
/// line.
fn read_decoded(
    found: &Found,
    bytes: Vec<u8>,
    params: &ReadParams,
) -> Result<(Vec<Document>, Vec<Skipped>), ReadError> {
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
    let (docs, mut skipped) = match format {
        Format::Jsonl => super::jsonl::read(&found.path, &found.id, &text, encoding),
        Format::Markdown | Format::Html | Format::Text => {
            if text.len() as u64 > params.max_doc_bytes() {
                // Decoding GBK or UTF-16 can make the text longer than the bytes.
                return Err(ReadError::unusable(&found.path, params.too_large(true)));
            }
            let mut doc = match format {
                Format::Markdown => super::markdown::read(doc(format), text),
                Format::Html => super::html::read(doc(format), text),
                _ => super::text::read(doc(format), text),
            };
            super::text::attribution(&mut doc);
            (vec![doc], Vec::new())
        }
    };
    let limit = params.max_doc_bytes();
    if docs.iter().all(|d| d.text.len() as u64 <= limit) {
        return Ok((docs, skipped));
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
    Ok((kept, skipped))
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
/// text. A line longer than a document may be is skipped as it is read,
/// never held whole; when a few batches per thread are waiting, the reader
/// maps the next one itself, so batches never pile up in memory.
fn stream_jsonl<T: Send>(
    found: &Found,
    params: &ReadParams,
    f: &(impl Fn(Document) -> T + Sync),
    batch_bytes: usize,
) -> Result<Streamed<T>, ReadError> {
    let path = &found.path;
    let io = |err| ReadError::Io {
        path: path.clone(),
        err,
    };
    let (file, size) = open_regular(path)?;
    if size > params.max_file_bytes {
        return Err(ReadError::unusable(path, params.too_large(false)));
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
    let any_bom = encoding_rs::Encoding::for_bom(&buf).is_some();
    if !any_bom && super::decode::looks_binary(&buf) {
        // Decoding would refuse it: do not read (or inflate) the rest.
        return Err(ReadError::unusable(
            path,
            super::decode::DecodeError::Binary.to_string(),
        ));
    }
    if !utf8 || blank || any_bom && !bom {
        if !eof {
            read_more(&mut buf, usize::MAX)?;
        }
        if buf.len() as u64 > params.max_file_bytes {
            return Err(ReadError::unusable(path, params.too_large(false)));
        }
        return Ok(Streamed::Whole(buf));
    }
    let encoding = if bom { "UTF-8 (BOM)" } else { "UTF-8" };
    let mut total = buf.len();
    if bom {
        buf.drain(..3);
    }
    let max_line = params.max_doc_bytes() as usize;
    let too_long = params.too_large(true);

    // Each batch's number, mapped documents and skipped records.
    type Batch<T> = (usize, Vec<T>, Vec<Skipped>);
    let batches: std::sync::Mutex<Vec<Batch<T>>> = Default::default();
    // Batches spawned and not yet mapped, and how many may wait.
    let waiting = AtomicUsize::new(0);
    let max_waiting = 2 * rayon::current_num_threads() + 2;
    let mut failed = None;
    rayon::scope(|s| {
        let (batches, path, file_id, waiting, too_long) = (
            &batches,
            path.as_path(),
            found.id.as_str(),
            &waiting,
            too_long.as_str(),
        );
        let mut line = 1;
        let mut index = 0;
        // Where the last line break in `buf` is.
        let mut last_break = buf.iter().rposition(|&b| b == b'\n');
        loop {
            // Fill a batch, and on until a line ends.
            while !eof && (buf.len() < batch_bytes || last_break.is_none()) {
                if last_break.is_none() && buf.len() > max_line {
                    // All of `buf` is one line, longer than a document may
                    // be: drop it and what is left of it, keep what follows.
                    let mut found_end = false;
                    while !found_end && !eof {
                        buf.clear();
                        let want = batch_bytes.max(1);
                        let n = match read_more(&mut buf, want) {
                            Ok(n) => n,
                            Err(e) => {
                                failed = Some(e);
                                return;
                            }
                        };
                        eof = n < want;
                        total += n;
                        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
                            buf.drain(..=i);
                            found_end = true;
                        }
                    }
                    if !found_end {
                        buf.clear();
                    }
                    if total as u64 > params.max_file_bytes {
                        failed = Some(ReadError::unusable(path, params.too_large(false)));
                        return;
                    }
                    let long = Skipped {
                        path: path.to_path_buf(),
                        line: Some(line),
                        reason: too_long.to_string(),
                    };
                    batches
                        .lock()
                        .unwrap()
                        .push((index, Vec::new(), vec![long]));
                    index += 1;
                    line += 1;
                    last_break = buf.iter().rposition(|&b| b == b'\n');
                    continue;
                }
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
                failed = Some(ReadError::unusable(path, params.too_large(false)));
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
                let map = move || {
                    let (items, skipped) = map_lines(
                        path, file_id, first_line, &batch, encoding, max_line, too_long, f,
                    );
                    batches.lock().unwrap().push((i, items, skipped));
                };
                if waiting.load(Ordering::Acquire) >= max_waiting {
                    map();
                } else {
                    waiting.fetch_add(1, Ordering::AcqRel);
                    s.spawn(move |_| {
                        map();
                        waiting.fetch_sub(1, Ordering::AcqRel);
                    });
                }
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
/// maps each record with `f`, as [`super::jsonl::read`] would read them. A
/// line longer than `max_line` bytes is skipped with `too_long`.
#[allow(clippy::too_many_arguments)]
fn map_lines<T>(
    path: &Path,
    file_id: &str,
    first_line: usize,
    bytes: &[u8],
    encoding: &str,
    max_line: usize,
    too_long: &str,
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
        if raw.len() > max_line {
            skipped.push(skip(too_long.to_string()));
            continue;
        }
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

/// Makes ids safe and unique, in order: control characters (and the
/// characters that rearrange a printed line) are escaped as `\u{..}`, the
/// same way [`crate::safe::terminal`] shows them, so an id can never act on
/// a terminal or hide from one; then an id already given gets the first of
/// `#2`, `#3`, ... that is neither another document's own id nor given
/// before, so a suffix never makes a duplicate.
fn finish_ids<'a>(ids: impl Iterator<Item = &'a mut String>) {
    let mut ids: Vec<&mut String> = ids.collect();
    for id in ids.iter_mut() {
        if let std::borrow::Cow::Owned(safe) = crate::safe::terminal(id) {
            **id = safe;
        }
    }
    let own: FxHashSet<String> = ids.iter().map(|id| id.to_string()).collect();
    let mut given: FxHashSet<String> = Default::default();
    let mut next: FxHashMap<String, u32> = Default::default();
    for id in ids {
        if given.insert(id.clone()) {
            continue;
        }
        let n = next.entry(id.clone()).or_insert(2);
        let unique = loop {
            let candidate = format!("{id}#{n}");
            *n += 1;
            if !own.contains(&candidate) && !given.contains(&candidate) {
                break candidate;
            }
        };
        given.insert(unique.clone());
        *id = unique;
    }
}

/// A byte budget shared by parallel reads: a document's text is held in it
/// from before it is read until it is analysed (its [`Permit`] dropped).
/// A read waits while the others hold too much, except that a read always
/// goes ahead when nothing is held (so one document larger than the budget
/// is read alone) or when its thread already holds a permit (a rayon thread
/// waiting inside a parallel map may run another read; making it wait
/// could wait on itself).
struct Budget {
    limit: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

thread_local! {
    /// Permits held by this thread.
    static HELD: Cell<usize> = const { Cell::new(0) };
}

impl Budget {
    fn new(limit: u64) -> Budget {
        Budget {
            limit,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, u64> {
        self.used.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until `n` bytes fit, and holds them.
    fn acquire(&self, n: u64) -> Permit<'_> {
        let nested = HELD.get() > 0;
        let mut used = self.lock();
        while !(nested || *used == 0 || used.saturating_add(n) <= self.limit) {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += n;
        HELD.set(HELD.get() + 1);
        Permit { budget: self, n }
    }

    fn release(&self, n: u64) {
        *self.lock() -= n;
        self.freed.notify_all();
    }
}

/// Bytes held in a [`Budget`], given back when dropped (on the thread that
/// acquired them).
struct Permit<'b> {
    budget: &'b Budget,
    n: u64,
}

impl Permit<'_> {
    /// Gives back what is held beyond `n` bytes.
    fn shrink(&mut self, n: u64) {
        if n < self.n {
            self.budget.release(self.n - n);
            self.n = n;
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.budget.release(self.n);
        HELD.set(HELD.get() - 1);
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

    fn budget() -> Budget {
        Budget::new(IN_FLIGHT_BYTES)
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
        let (docs, skipped) =
            read_found_map(&found(path), &params, &budget(), &|d| d, batch).unwrap();
        (summarise(docs), skipped)
    }

    /// The same, read whole and decoded as before streaming existed.
    fn whole(path: &Path) -> Got {
        let budget = budget();
        let (docs, skipped, _) = read_found(&found(path), &ReadParams::default(), &budget).unwrap();
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
        let copy = tmp.path().join("b.jsonl");
        std::fs::copy(&path, &copy).unwrap();
        // The same file twice is read once.
        let corpus = read_corpus(&[path.clone(), copy, path], &ReadParams::default());
        assert_eq!(corpus.skipped.len(), 43 * 2 + 1);
        assert!(corpus.skipped[0].reason.starts_with("the same file as"));
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
    fn ids_are_escaped_and_suffixes_skip_taken_names() {
        let mut ids: Vec<String> = ["a", "a", "a#2", "a", "x\u{1b}[2J", "x\\u{1b}[2J"]
            .map(String::from)
            .to_vec();
        finish_ids(ids.iter_mut());
        assert_eq!(
            ids,
            ["a", "a#3", "a#2", "a#4", "x\\u{1b}[2J", "x\\u{1b}[2J#2"]
        );
    }

    #[test]
    fn the_budget_holds_reads_back_until_bytes_are_given_back() {
        let budget = Budget::new(10);
        let big = budget.acquire(25); // alone: goes ahead though over the limit
        std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::channel();
            let budget = &budget;
            s.spawn(move || {
                let _p = budget.acquire(1);
                tx.send(()).unwrap();
            });
            let waited = rx.recv_timeout(std::time::Duration::from_millis(200));
            assert!(waited.is_err(), "a read went ahead over the budget");
            // Nested on the holding thread: goes ahead, or it would wait on itself.
            drop(budget.acquire(5));
            drop(big);
            rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        });
        let mut p = budget.acquire(8);
        p.shrink(3);
        assert_eq!(*budget.lock(), 3);
        drop(p);
        assert_eq!(*budget.lock(), 0);
    }

    #[test]
    fn special_files_and_folders_are_refused_when_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let err = read_one(tmp.path(), &ReadParams::default()).unwrap_err();
        assert!(
            err.to_string().ends_with(": not a regular file: a folder"),
            "{err}"
        );
        let err = read_one(Path::new("/dev/zero"), &ReadParams::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero: not a regular file: a character device"
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
        let err = read_found_map(&found(&path), &small, &budget(), &|d| d, 100).unwrap_err();
        assert!(err.to_string().contains("too large"), "{err}");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, text.as_bytes()).unwrap();
        let gz_path = tmp.path().join("a.jsonl.gz");
        std::fs::write(&gz_path, gz.finish().unwrap()).unwrap();
        let err = read_found_map(&found(&gz_path), &small, &budget(), &|d| d, 100).unwrap_err();
        assert!(err.to_string().contains("too large"), "{err}");
        let mut cut = std::fs::read(&gz_path).unwrap();
        cut.truncate(cut.len() / 2);
        std::fs::write(&gz_path, cut).unwrap();
        let params = ReadParams::default();
        let err = read_found_map(&found(&gz_path), &params, &budget(), &|d| d, 100).unwrap_err();
        assert!(err.to_string().contains("broken gzip data"), "{err}");
        let nul = text.replacen("第2999条", "第\0条", 1);
        std::fs::write(&path, nul).unwrap();
        let err = read_found_map(&found(&path), &params, &budget(), &|d| d, 100).unwrap_err();
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
