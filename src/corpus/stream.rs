//! Streaming a JSONL file: reading it while its lines are parsed and mapped.
//!
//! Takes a JSONL file on disk (`.jsonl`, `.ndjson`, optionally `.gz`), the
//! [`ReadParams`] and the map to apply to each document; gives the mapped
//! documents and the skipped records, the same (in the same order, with the
//! same line numbers) that reading the whole text with
//! [`super::jsonl::read`] and mapping it would give. The current thread
//! reads and inflates the file and cuts it into [`Batch`]es of whole
//! lines; each batch is parsed and mapped on the rayon pool meanwhile.
//!
//! Memory stays bounded: a line longer than a document may be is skipped
//! as it is read, never held whole, and when a few batches per thread are
//! waiting, the reader maps the next one itself. A file whose head is not
//! plain UTF-8 (UTF-16, GBK, ...) is given back whole, to be decoded with
//! detection as every other file is.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::decode::{DecodeError, looks_binary};
use super::file::Opened;
use super::format::HEAD_BYTES;
use super::limits::ReadParams;
use super::walk::Found;
use super::{Document, ReadError, Skipped};

/// Decompressed bytes of a streamed file handed to one parse-and-map task.
pub(super) const BATCH_BYTES: usize = 256 << 10;

/// What [`stream_jsonl`] did with a file.
pub(super) enum Streamed<T> {
    /// It was UTF-8 and streamed: the mapped documents and skipped records.
    Mapped(Vec<T>, Vec<Skipped>),
    /// Its head was not plain UTF-8 text: all its (decompressed) bytes, to
    /// be decoded with detection like any other file.
    Whole(Vec<u8>),
}

/// Streams the JSONL file `found`, mapping each document with `f`, in
/// batches of about `batch_bytes`. A file larger than the file limit,
/// broken gzip, or a NUL byte anywhere refuses the whole file.
pub(super) fn stream_jsonl<T: Send>(
    found: &Found,
    params: &ReadParams,
    f: &(impl Fn(Document) -> T + Sync),
    batch_bytes: usize,
) -> Result<Streamed<T>, ReadError> {
    let path = &found.path;
    let too_large = || ReadError::unusable(path, params.too_large(false));
    let mut input = Opened::open(path)?;
    if input
        .size
        .is_some_and(|size| size > params.max_file_bytes())
    {
        return Err(too_large());
    }
    input.limit(params.max_file_bytes() + 1);
    let mut head = Vec::with_capacity(batch_bytes.max(HEAD_BYTES) + HEAD_BYTES);
    let eof = input.read_more(&mut head, HEAD_BYTES as u64)? < HEAD_BYTES;
    let bom = match head_kind(&head, eof) {
        Head::Binary => return Err(ReadError::unusable(path, DecodeError::Binary.to_string())),
        Head::Other => {
            if !eof {
                input.read_more(&mut head, u64::MAX)?;
            }
            if head.len() as u64 > params.max_file_bytes() {
                return Err(too_large());
            }
            return Ok(Streamed::Whole(head));
        }
        Head::Utf8 { bom } => bom,
    };
    let too_long = params.too_large(true);
    let file = FileLines {
        path,
        file_id: &found.id,
        encoding: if bom { "UTF-8 (BOM)" } else { "UTF-8" },
        max_line: params.max_doc_bytes() as usize,
        too_long: &too_long,
    };
    let total = head.len();
    if bom {
        head.drain(..3);
    }
    let batches = Batches {
        input,
        last_break: head.iter().rposition(|&b| b == b'\n'),
        buf: head,
        eof,
        total,
        line: 1,
        batch_bytes,
        max_line: file.max_line,
        max_file: params.max_file_bytes(),
        too_large: params.too_large(false),
    };
    map_batches(batches, &file, f).map(|(items, skipped)| Streamed::Mapped(items, skipped))
}

/// What the head of a file says about streaming it.
enum Head {
    /// Binary: decoding would refuse it, so the rest is not read.
    Binary,
    /// Not plain UTF-8 text (another encoding, a BOM other than UTF-8's,
    /// blank): read whole and decode with detection.
    Other,
    /// UTF-8, with or without a BOM: streamed.
    Utf8 { bom: bool },
}

/// Looks at the first [`HEAD_BYTES`] of a file (all of it when `eof`).
fn head_kind(head: &[u8], eof: bool) -> Head {
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut by the end of the head.
        Err(e) => !eof && e.error_len().is_none(),
    };
    let blank = String::from_utf8_lossy(&head[if bom { 3 } else { 0 }..])
        .trim()
        .is_empty();
    let any_bom = encoding_rs::Encoding::for_bom(head).is_some();
    if !any_bom && looks_binary(head) {
        Head::Binary
    } else if !utf8 || blank || any_bom && !bom {
        Head::Other
    } else {
        Head::Utf8 { bom }
    }
}

/// What the documents of a streamed file share.
struct FileLines<'a> {
    path: &'a Path,
    file_id: &'a str,
    encoding: &'a str,
    /// A line longer than this many bytes is skipped with `too_long`.
    max_line: usize,
    too_long: &'a str,
}

/// A piece of a streamed file, in file order.
enum Batch {
    /// Whole lines, the first being line `first_line`.
    Lines { first_line: usize, bytes: Vec<u8> },
    /// Line `line`, longer than a document may be: skipped unread.
    TooLong { line: usize },
}

/// A JSONL file cut into [`Batch`]es as it is read.
struct Batches {
    input: Opened,
    /// Read and not yet handed out: whole lines, then part of one.
    buf: Vec<u8>,
    eof: bool,
    /// Bytes read so far (inflated, a BOM included).
    total: usize,
    /// Where the last line break in `buf` is.
    last_break: Option<usize>,
    /// The number of the first line in `buf`.
    line: usize,
    /// About how many bytes a batch of lines holds.
    batch_bytes: usize,
    /// A line longer than this many bytes is skipped unread.
    max_line: usize,
    /// The file limit, in bytes, and the reason a file over it is refused.
    max_file: u64,
    too_large: String,
}

impl Batches {
    /// The next batch: at least `batch_bytes` of whole lines (or the rest of
    /// the file), or a line too long to read; `None` at the end. An error
    /// (of reading, or a file over the limit or holding a NUL) ends the file.
    fn next(&mut self) -> Result<Option<Batch>, ReadError> {
        if self.eof && self.buf.is_empty() {
            return Ok(None);
        }
        while !self.eof && (self.buf.len() < self.batch_bytes || self.last_break.is_none()) {
            if self.last_break.is_none() && self.buf.len() > self.max_line {
                return self.skip_long_line().map(Some);
            }
            self.fill()?;
        }
        self.check_total()?;
        let cut = match (self.eof, self.last_break) {
            (false, Some(i)) => i + 1,
            _ => self.buf.len(),
        };
        let rest = self.buf.split_off(cut);
        let bytes = std::mem::replace(&mut self.buf, rest);
        self.last_break = None;
        if bytes.contains(&0) {
            let path = self.input.path();
            return Err(ReadError::unusable(path, DecodeError::Binary.to_string()));
        }
        if bytes.is_empty() {
            return Ok(None);
        }
        let first_line = self.line;
        self.line += bytes.iter().filter(|&&b| b == b'\n').count();
        Ok(Some(Batch::Lines { first_line, bytes }))
    }

    /// Reads up to `want` more bytes into `buf`, noting the end.
    fn read_more(&mut self, want: usize) -> Result<(), ReadError> {
        let n = self.input.read_more(&mut self.buf, want as u64)?;
        self.eof = n < want;
        self.total += n;
        Ok(())
    }

    /// Reads on towards a full batch, noting the last line break read.
    fn fill(&mut self) -> Result<(), ReadError> {
        let start = self.buf.len();
        let want = match self.batch_bytes.saturating_sub(start) {
            0 => self.batch_bytes.max(1),
            n => n,
        };
        self.read_more(want)?;
        if let Some(i) = self.buf[start..].iter().rposition(|&b| b == b'\n') {
            self.last_break = Some(start + i);
        }
        Ok(())
    }

    /// All of `buf` is one line, longer than a document may be: drops it
    /// and what is left of it, keeps what follows.
    fn skip_long_line(&mut self) -> Result<Batch, ReadError> {
        let mut found_end = false;
        while !found_end && !self.eof {
            self.buf.clear();
            self.read_more(self.batch_bytes.max(1))?;
            if let Some(i) = self.buf.iter().position(|&b| b == b'\n') {
                self.buf.drain(..=i);
                found_end = true;
            }
        }
        if !found_end {
            self.buf.clear();
        }
        self.check_total()?;
        let line = self.line;
        self.line += 1;
        self.last_break = self.buf.iter().rposition(|&b| b == b'\n');
        Ok(Batch::TooLong { line })
    }

    /// Refuses the file once more than the file limit was read.
    fn check_total(&self) -> Result<(), ReadError> {
        if self.total as u64 > self.max_file {
            return Err(ReadError::unusable(self.input.path(), &self.too_large));
        }
        Ok(())
    }
}

/// A batch's number, its mapped documents and its skipped records.
type Mapped<T> = (usize, Vec<T>, Vec<Skipped>);

/// Maps every batch of `batches` with `f`, on the rayon pool while the next
/// batches are read; the results in file order.
fn map_batches<T: Send>(
    mut batches: Batches,
    file: &FileLines,
    f: &(impl Fn(Document) -> T + Sync),
) -> Result<(Vec<T>, Vec<Skipped>), ReadError> {
    let done: Mutex<Vec<Mapped<T>>> = Default::default();
    // Batches spawned and not yet mapped, and how many may wait.
    let waiting = AtomicUsize::new(0);
    let max_waiting = 2 * rayon::current_num_threads() + 2;
    rayon::scope(|s| {
        let (done, waiting) = (&done, &waiting);
        let mut index = 0;
        while let Some(batch) = batches.next()? {
            let i = index;
            index += 1;
            let (first_line, bytes) = match batch {
                Batch::Lines { first_line, bytes } => (first_line, bytes),
                Batch::TooLong { line } => {
                    let long = Skipped {
                        path: file.path.to_path_buf(),
                        line: Some(line),
                        reason: file.too_long.to_string(),
                    };
                    done.lock().unwrap().push((i, Vec::new(), vec![long]));
                    continue;
                }
            };
            let map = move || {
                let (items, skipped) = map_lines(file, first_line, &bytes, f);
                done.lock().unwrap().push((i, items, skipped));
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
        Ok::<_, ReadError>(())
    })?;
    let mut done = done.into_inner().unwrap();
    done.sort_unstable_by_key(|b| b.0);
    let mut items = Vec::with_capacity(done.iter().map(|b| b.1.len()).sum());
    let mut skipped = Vec::new();
    for (_, i, s) in done {
        items.extend(i);
        skipped.extend(s);
    }
    Ok((items, skipped))
}

/// Parses the JSONL lines in `bytes`, the first being line `first_line`, and
/// maps each record with `f`, as [`super::jsonl::read`] would read them.
fn map_lines<T>(
    file: &FileLines,
    first_line: usize,
    bytes: &[u8],
    f: &impl Fn(Document) -> T,
) -> (Vec<T>, Vec<Skipped>) {
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = first_line + i;
        let skip = |reason| Skipped {
            path: file.path.to_path_buf(),
            line: Some(line),
            reason,
        };
        if raw.len() > file.max_line {
            skipped.push(skip(file.too_long.to_string()));
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
        match super::jsonl::record(file.path, file.file_id, line, raw, file.encoding) {
            Ok(doc) => items.push(f(doc)),
            Err(reason) => skipped.push(skip(reason)),
        }
    }
    (items, skipped)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::corpus::budget::Budget;
    use crate::corpus::limits::IN_FLIGHT_BYTES;
    use crate::corpus::read::{read_found, read_found_file};
    use crate::corpus::testing::jsonl_lines;

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
            read_found_file(&found(path), &params, &budget(), &|d| d, batch).unwrap();
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
        // Exactly 1 MiB, the last line blank, then one byte more.
        let mib = 1 << 20;
        let mut text = String::new();
        for line in jsonl_lines().iter().cycle() {
            if text.len() + line.len() + 1 > mib - 100 {
                break;
            }
            text.push_str(line);
            text.push('\n');
        }
        text.push_str(&" ".repeat(mib - text.len()));
        std::fs::write(&path, &text).unwrap();
        let one = ReadParams { max_file_mib: 1 };
        assert!(read_found_file(&found(&path), &one, &budget(), &|d| d, 1000).is_ok());
        text.push(' ');
        std::fs::write(&path, &text).unwrap();
        let err = read_found_file(&found(&path), &one, &budget(), &|d| d, 1000).unwrap_err();
        assert!(err.to_string().contains("too large"), "{err}");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, text.as_bytes()).unwrap();
        let gz_path = tmp.path().join("a.jsonl.gz");
        std::fs::write(&gz_path, gz.finish().unwrap()).unwrap();
        let err = read_found_file(&found(&gz_path), &one, &budget(), &|d| d, 1000).unwrap_err();
        assert!(err.to_string().contains("too large"), "{err}");
        let mut cut = std::fs::read(&gz_path).unwrap();
        cut.truncate(cut.len() / 2);
        std::fs::write(&gz_path, cut).unwrap();
        let params = ReadParams::default();
        let err = read_found_file(&found(&gz_path), &params, &budget(), &|d| d, 100).unwrap_err();
        assert!(err.to_string().contains("broken gzip data"), "{err}");
        let nul = jsonl_lines().join("\n").replacen("第2999条", "第\0条", 1);
        std::fs::write(&path, nul).unwrap();
        let err = read_found_file(&found(&path), &params, &budget(), &|d| d, 100).unwrap_err();
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
