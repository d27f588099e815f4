//! Reading inputs into documents, in parallel: the entry points of the
//! corpus stage.
//!
//! Takes the inputs (files, folders, `-` for stdin) and [`ReadParams`];
//! gives every document read, in input order, with safe and unique ids, and
//! what was skipped. Files are read in parallel under the in-flight
//! [`Budget`]; JSONL files are streamed ([`super::stream`]), every other
//! file read whole ([`super::file`]) and handed to its reader
//! ([`super::format`]). [`read_corpus_map`] maps each document as soon as
//! it is read, so that analysis overlaps reading.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::budget::{Budget, Permit};
use super::file::{inflate_in_memory, read_bytes};
use super::format::{format_of, read_decoded};
use super::limits::{IN_FLIGHT_BYTES, ReadParams};
use super::stream::{BATCH_BYTES, Streamed, stream_jsonl};
use super::walk::{Found, find_inputs, finish_ids, skip};
use super::{Corpus, Document, Format, ReadError, Skipped};
use crate::params::Checked;

/// Reads every input into one corpus.
///
/// Inputs are files, folders (walked recursively, sorted by name, hidden
/// entries skipped, links followed) or `-` for stdin. Files with an
/// extension no reader takes are listed in `skipped`, as are link loops,
/// files already found under another path, special files (FIFOs, sockets,
/// devices), and files and JSONL records that fail to read or are too large;
/// the rest are read in parallel and kept in input order. Ids are made safe
/// and unique (see [`read_corpus_map`]).
///
/// ```
/// use chachong::corpus::{ReadParams, read_corpus};
/// use chachong::params::ParamGuard;
///
/// let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
/// let params = ReadParams { max_file_mib: 64 }.check().unwrap();
/// let corpus = read_corpus(&[seeds], &params);
/// assert!(corpus.documents.len() >= 5);
/// assert!(corpus.documents.iter().all(|d| d.id.starts_with("seeds/")));
/// assert!(ReadParams { max_file_mib: 0 }.check().is_err());
/// ```
pub fn read_corpus(inputs: &[PathBuf], params: &Checked<ReadParams>) -> Corpus {
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
/// file that turns out larger than the file limit, broken gzip, or a NUL
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
    params: &Checked<ReadParams>,
    f: impl Fn(Document) -> T + Sync,
    doc: impl Fn(&mut T) -> &mut Document,
) -> (Vec<T>, Vec<Skipped>) {
    let (found, mut skipped) = find_inputs(inputs);
    let (out, skips) = read_found_batch(&found, params, f, doc);
    skipped.extend(skips);
    (out, skipped)
}

/// The files under some inputs, a consecutive run of the order every
/// command reads them in: one batch of [`input_batches`].
#[derive(Debug, Clone)]
pub struct InputBatch(Vec<Found>);

impl InputBatch {
    /// The batch's files, as they are read (for a record of the batch).
    pub fn names(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|f| f.path.display().to_string())
            .collect()
    }

    /// How many files the batch holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it holds no file.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The files under `inputs` in the order [`read_corpus`] reads them, cut
/// into batches of at most `files` files (at least one), and what was
/// skipped while walking: for reading a corpus larger than memory one batch
/// at a time with [`read_batch_map`]. Each file gets the id it gets in
/// [`read_corpus`]; ids are made unique within a batch only.
pub fn input_batches(inputs: &[PathBuf], files: usize) -> (Vec<InputBatch>, Vec<Skipped>) {
    let (found, skipped) = find_inputs(inputs);
    let batches = found
        .chunks(files.max(1))
        .map(|c| InputBatch(c.to_vec()))
        .collect();
    (batches, skipped)
}

/// [`read_corpus_map`] of the files of one batch.
pub fn read_batch_map<T: Send>(
    batch: &InputBatch,
    params: &Checked<ReadParams>,
    f: impl Fn(Document) -> T + Sync,
    doc: impl Fn(&mut T) -> &mut Document,
) -> (Vec<T>, Vec<Skipped>) {
    read_found_batch(&batch.0, params, f, doc)
}

/// Reads the `found` files in parallel, mapping each document with `f`;
/// ids made safe and unique through `doc`.
fn read_found_batch<T: Send>(
    found: &[Found],
    params: &Checked<ReadParams>,
    f: impl Fn(Document) -> T + Sync,
    doc: impl Fn(&mut T) -> &mut Document,
) -> (Vec<T>, Vec<Skipped>) {
    let budget = Budget::new(IN_FLIGHT_BYTES);
    let results: Vec<(Vec<T>, Vec<Skipped>)> = found
        .par_iter()
        .map(
            |found| match read_found_file(found, params, &budget, &f, BATCH_BYTES) {
                Ok(read) => read,
                Err(e) => (Vec::new(), vec![e.to_skipped()]),
            },
        )
        .collect();
    let mut out = Vec::with_capacity(results.iter().map(|(t, _)| t.len()).sum());
    let mut skipped = Vec::new();
    for (items, skips) in results {
        out.extend(items);
        skipped.extend(skips);
    }
    finish_ids(out.iter_mut().map(|t| &mut doc(t).id));
    (out, skipped)
}

/// Reads one file (or `-`) on its own, as `inspect` does. JSONL files give
/// all their records; errors of single records are returned beside them.
/// A folder, FIFO, socket or device is refused. Ids are made safe and
/// unique as [`read_corpus_map`] makes them.
pub fn read_one(
    path: &Path,
    params: &Checked<ReadParams>,
) -> Result<(Vec<Document>, Vec<Skipped>), ReadError> {
    let budget = Budget::new(IN_FLIGHT_BYTES);
    let (mut docs, skipped, _permit) = read_found(&Found::given(path), params, &budget)?;
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
    params: &Checked<ReadParams>,
) -> Result<(Vec<Document>, Vec<Skipped>), ReadError> {
    let format = format_of(path);
    let limit = match format {
        Some(Format::Jsonl) => params.max_file_bytes(),
        Some(Format::Docx) => super::docx::max_part_bytes(params),
        _ => params.max_doc_bytes(),
    };
    let bytes = inflate_in_memory(path, bytes, limit)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::unusable(
            path,
            match format {
                Some(Format::Docx) => super::docx::too_large(params),
                f => params.too_large(f != Some(Format::Jsonl)),
            },
        ));
    }
    let (mut docs, skipped) = read_decoded(&Found::given(path), bytes, params)?;
    finish_ids(docs.iter_mut().map(|d| &mut d.id));
    Ok((docs, skipped))
}

/// Reads a file (or stdin) into documents; the permit holds their text in
/// the budget until it is dropped.
pub(super) fn read_found<'b>(
    found: &Found,
    params: &ReadParams,
    budget: &'b Budget,
) -> Result<(Vec<Document>, Vec<Skipped>, Permit<'b>), ReadError> {
    let (bytes, mut permit) = read_bytes(&found.path, params, budget)?;
    let (docs, skipped) = read_decoded(found, bytes, params)?;
    if format_of(&found.path) == Some(Format::Docx) {
        // The archive is gone; its text, which may be larger, is held.
        let text: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
        permit.resize(text);
    }
    Ok((docs, skipped, permit))
}

/// Reads one file into documents and maps them with `f`: JSONL files are
/// streamed in batches of about `batch_bytes`, others read whole. A file
/// that gives neither a document nor a skipped record is listed as skipped.
pub(super) fn read_found_file<T: Send>(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::testing::jsonl_lines;

    #[test]
    fn ids_are_made_unique_in_input_order() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.jsonl");
        std::fs::write(&path, jsonl_lines().join("\n")).unwrap();
        let copy = tmp.path().join("b.jsonl");
        std::fs::copy(&path, &copy).unwrap();
        // The same file twice is read once.
        let corpus = read_corpus(&[path.clone(), copy, path], &Checked::default());
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
    fn special_files_and_folders_are_refused_when_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let err = read_one(tmp.path(), &Checked::default()).unwrap_err();
        assert!(
            err.to_string().ends_with(": not a regular file: a folder"),
            "{err}"
        );
        let err = read_one(Path::new("/dev/zero"), &Checked::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero: not a regular file: a character device"
        );
    }
}
