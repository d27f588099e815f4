//! A corpus index in one file, so `check` never re-reads the corpus.
//!
//! Takes analysed documents ([`Analyzed`]) and gives an [`IndexData`] (owned,
//! for building and `--add`), written as one file ([`IndexData::to_bytes`],
//! [`write_atomic`]); reading gives an [`IndexView`] that answers straight
//! from the file's bytes.
//!
//! # What it holds, per document
//!
//! - the stored [`Document`] as JSON (text as read, metadata, excluded
//!   spans, entities): `check` decodes only its few candidate sources and
//!   re-runs clean + normalise on them to compute exact spans;
//! - its id, apart, so `--add` and `--allow` need not decode records;
//! - passage fingerprints: winnowed hashes of k-grams of matchable chars
//!   (`kgram` 10, `window` 12), in a table sorted by hash. A draft looks up
//!   *every* one of its k-grams, so any run of `window + kgram - 1` = 21
//!   shared matchable chars finds its source (the same guarantee as
//!   [`crate::dups::passages`]);
//! - a consistent 1-in-8 sample of its character 5-gram shingles (as in
//!   [`crate::dups::contain`]), sorted by hash, and the sample's size: the
//!   draft's sampled shingles counted per document give the sources whose
//!   containment or Jaccard could reach a threshold. This replaces MinHash
//!   band keys: Jaccard `J` implies containment of the draft of at least `J`,
//!   so the same count bound covers near duplicates by Jaccard, and one
//!   sample of about an eighth of the shingles costs less than 42 band keys
//!   per document (over 100 MB for the 387k-poem corpus);
//! - its term counts (jieba terms), stored as a vocabulary (sorted terms
//!   with document frequency) and per-term postings `(doc, tf)`, plus each
//!   document's TF-IDF vector norm under the IDF of all indexed documents. A
//!   draft's cosine to every document is accumulated over the postings of
//!   its terms. `--add` rebuilds vocabulary, postings and norms, so IDF
//!   always reflects every document.
//!
//! # Why a plain file
//!
//! An embedded store (redb, SQLite) gives transactions, but a reader that
//! opens it while `index --add` writes meets locks or has to retry, and its
//! pages must be decoded on every open. A plain file written whole and moved
//! into place with `rename` ([`write_atomic`]: temp file in the same folder,
//! write, fsync, rename, fsync the folder) gives every reader either the old
//! or the new index, never a torn one and never a lock error; a crash or a
//! full disk mid-write leaves the old file untouched.
//!
//! Writers take turns: [`WriterLock`] is an advisory lock on `INDEX.lock`
//! beside the index (never on the index itself, which is replaced by
//! rename), taken before the old index is read and held until the new one
//! is renamed into place and the folder fsynced. A second `--add` waits
//! for the first and adds its batch on top of it, instead of both reading
//! the same old index and the later rename dropping the other's batch.
//! Holding the lock, a writer removes the temporary files a killed writer
//! of the same index left behind ([`WriterLock::remove_stale_temps`]).
//! Readers never take the lock.
//!
//! # Why this layout
//!
//! `check` must answer in tens of milliseconds as a whole process, so the
//! file is memory-mapped ([`read_file`]) and nothing is deserialised up
//! front: the big tables are little-endian arrays used in place
//! ([`format::U64s`], [`format::SortedTable`] with a 2^16-bucket directory,
//! so a lookup is one bucket read and a short binary search), and documents
//! are found through an offset table and decoded only when they are
//! candidates.
//!
//! Checksums are CRC-32 (crc32fast, SIMD) per 64 KiB block, verified when a
//! block is first read, plus one over the header and one over the section
//! table and block checksums ([`format`]). A whole-file checksum was the
//! first design: on the 119 MB Sina index, reading and summing the whole
//! file took about 70 ms of a `check`, more than the 50 ms budget by itself
//! (BENCHMARKS.md). Per-block checks keep the promise that matters — every
//! byte an answer is computed from is verified first, so a flipped bit is an
//! error, never a different answer — for the cost of the few blocks a check
//! reads. Files up to 16 MiB are still verified whole on open (under a
//! millisecond), and `--add` verifies the whole old index before copying it.
//!
//! # Mapping, and why it is safe here
//!
//! A mapped file that another process shrinks in place ends the reader
//! with SIGBUS when it touches a page past the new end. So:
//!
//! - `index --add` never maps the old index: it reads it whole into memory
//!   ([`read_owned`]), since it rewrites everything anyway, and a writer
//!   must not die half-way because another program shrank the file;
//! - `check` maps it ([`read_file`]), and that is safe against chachong
//!   itself: chachong's writers never change an index file in place, they
//!   write a new file and rename it over the old one ([`write_atomic`]), and
//!   a mapping keeps the old file (its inode) alive and unchanged until it
//!   is unmapped, so a `check` during any number of `--add`s reads one
//!   whole, unchanging file. A file shorter (or longer) than its header
//!   says when mapped is an error ([`FormatError::Length`]), never a read
//!   past its end. Only a third party writing into the file itself (`cp
//!   new.idx corpus.idx` over the old one, `truncate`) while a `check` runs
//!   could shrink the pages under it; replace an index with `mv` or
//!   `chachong index`, never by writing into it. Reading instead of mapping
//!   would remove even that, but costs the whole file per check (70 ms of a
//!   50 ms budget on the Sina index, see "Why this layout"); for a 8.6 MB
//!   index, reading it whole cost 2,100 more page faults and 6-30 ms more
//!   CPU per check than mapping (debug build, `perf stat -r 20`).
//!
//! # Trust
//!
//! An index file is untrusted input: a wrong magic, version, length or
//! checksum is an [`IndexError`] naming the file, and every read inside the
//! file is bounds-checked. Checksums only catch accidents; a crafted file
//! with valid checksums is checked value by value when used: settings in
//! range, offsets in order and inside their sections, ids UTF-8, documents
//! named by tables inside the document count, and each decoded record's id,
//! excluded spans and entities inside its text and in order
//! ([`IndexView::document`]). So even a crafted file gives an error, not a
//! panic or a hang.

pub mod format;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analyze::Analyzed;
use crate::corpus::{Corpus, Document};
use crate::dups::matchable::matchable;
use crate::dups::shingle::{char_shingles, mix64};
use crate::normalize::NormParams;
use crate::params::ParamGuard;
use crate::safe::terminal;
use crate::segment::Segmenter;
use crate::span::Span;
use crate::tfidf::{TermCounts, count_terms};

use format::{FormatError, Section, Sections, SortedTable, U32s, U64s, Writer};

/// Section kinds.
mod kind {
    pub const PARAMS: u32 = 1;
    pub const DOC_OFFSETS: u32 = 2;
    pub const DOC_RECORDS: u32 = 3;
    pub const ID_OFFSETS: u32 = 4;
    pub const ID_BLOB: u32 = 5;
    pub const FP_HASHES: u32 = 6;
    pub const FP_DOCS: u32 = 7;
    pub const FP_DIR: u32 = 8;
    pub const SAMPLE_HASHES: u32 = 9;
    pub const SAMPLE_DOCS: u32 = 10;
    pub const SAMPLE_DIR: u32 = 11;
    pub const SAMPLE_LEN: u32 = 12;
    pub const TERM_OFFSETS: u32 = 13;
    pub const TERM_BLOB: u32 = 14;
    pub const TERM_DF: u32 = 15;
    pub const POST_OFFSETS: u32 = 16;
    pub const POST_DOCS: u32 = 17;
    pub const POST_TF: u32 = 18;
    pub const DOC_NORM: u32 = 19;
}

/// How an index is built. Stored in the file; `check` uses the index's
/// settings, and `--add` refuses to mix settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexParams {
    /// k-gram size of passage fingerprints, in matchable chars (default 10).
    pub kgram: u32,
    /// Winnowing window in k-grams (default 12): a shared run of
    /// `window + kgram - 1` matchable chars always finds its source.
    pub window: u32,
    /// Shingle size for containment and near duplicates (default 5).
    pub shingle: u32,
    /// One shingle in `2^sample_bits` is indexed (default 3).
    pub sample_bits: u32,
    /// Seed of the sample (default 42).
    pub seed: u64,
    /// How texts were normalised.
    pub norm: NormParams,
}

impl Default for IndexParams {
    fn default() -> Self {
        IndexParams {
            kgram: 10,
            window: 12,
            shingle: 5,
            sample_bits: 3,
            seed: 42,
            norm: NormParams::default(),
        }
    }
}

/// The stored header of the PARAMS section.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredParams {
    params: IndexParams,
    n_docs: u32,
    n_terms: u32,
}

/// Why an index could not be read, used or written.
///
/// Each message names the file and says the reason once: no variant has a
/// `source` (anyhow's `{:#}` would print the reason a second time), and
/// paths and reasons are shown through [`crate::safe::terminal`].
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{}: {}", shown(path), terminal(&err.to_string()))]
    Io { path: PathBuf, err: std::io::Error },
    #[error("{}: {}", shown(path), terminal(&err.to_string()))]
    Format { path: PathBuf, err: FormatError },
    #[error(
        "{}: index was built with other settings ({what}); rebuild it instead of --add",
        shown(path)
    )]
    Settings { path: PathBuf, what: String },
    #[error("{}: is an input; refusing to write the index over it", shown(path))]
    OutputIsInput { path: PathBuf },
    #[error(
        "{}: is inside the input folder {}; refusing to write the index there",
        shown(path),
        shown(input)
    )]
    OutputInInput { path: PathBuf, input: PathBuf },
    #[error(
        "{}: exists and is not a chachong index; refusing to replace it (remove it or write the index elsewhere)",
        shown(path)
    )]
    NotAnIndexFile { path: PathBuf },
    #[error("{}: is a folder, not an index file", shown(path))]
    Folder { path: PathBuf },
    #[error("{}: the folder {} does not exist", shown(path), shown(folder))]
    NoFolder { path: PathBuf, folder: PathBuf },
    #[error(
        "{}: the index holds no documents, so every draft would pass; rebuild it from a corpus with `chachong index`",
        shown(path)
    )]
    Empty { path: PathBuf },
}

/// A path as it may be printed on a terminal.
fn shown(path: &Path) -> String {
    terminal(&path.to_string_lossy()).into_owned()
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |err| IndexError::Io {
        path: path.to_path_buf(),
        err,
    }
}

/// A [`FormatError`] of the index file `path`.
pub fn format_err(path: &Path) -> impl FnOnce(FormatError) -> IndexError + '_ {
    move |err| IndexError::Format {
        path: path.to_path_buf(),
        err,
    }
}

/// Bad stored index settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("settings out of range: {0}")]
pub struct IndexParamsError(String);

impl IndexParams {
    /// Checks the settings are in range: `kgram` 1..=64, `window` 1..=256,
    /// `shingle` 1..=32, `sample_bits` at most 16. A stored file's settings
    /// are checked on open, so a crafted index cannot make a check slow.
    pub fn check(&self) -> Result<(), IndexParamsError> {
        for (name, value, max) in [
            ("kgram", self.kgram, 64),
            ("window", self.window, 256),
            ("shingle", self.shingle, 32),
        ] {
            if !(1..=max).contains(&value) {
                return Err(IndexParamsError(format!(
                    "{name} {value} (must be 1..={max})"
                )));
            }
        }
        if self.sample_bits > 16 {
            return Err(IndexParamsError(format!(
                "sample_bits {} (must be at most 16)",
                self.sample_bits
            )));
        }
        Ok(())
    }

    /// Hashes of every k-gram of `chars` (none when shorter than `kgram`):
    /// a rolling polynomial over the mixed chars, mixed again.
    pub fn kgram_hashes(&self, chars: &[char]) -> Vec<u64> {
        // The same rolling hash the corpus's passage finder winnows.
        crate::dups::passages::winnow::kgram_hashes(chars, self.kgram.max(1) as usize)
    }

    /// The winnowed fingerprints of `chars`: the smallest k-gram hash of
    /// every window of `window` k-grams (the whole text when shorter),
    /// sorted and deduplicated.
    pub fn fingerprints(&self, chars: &[char]) -> Vec<u64> {
        let hashes = self.kgram_hashes(chars);
        if hashes.is_empty() {
            return Vec::new();
        }
        let w = (self.window.max(1) as usize).min(hashes.len());
        let mut out: Vec<u64> = hashes
            .windows(w)
            .filter_map(|win| win.iter().min().copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether a shingle hash is in the consistent sample.
    pub fn sampled(&self, h: u64) -> bool {
        let bits = self.sample_bits.clamp(0, 16);
        bits == 0 || mix64(h ^ mix64(self.seed ^ 0x7361_6d70_6c65_0000)) >> (64 - bits) == 0
    }

    /// The shingle set of matchable chars, as in `dups`.
    pub fn shingles(&self, chars: &[char]) -> Vec<u64> {
        char_shingles(chars, self.shingle.max(1) as usize)
    }
}

/// One document ready to be written.
#[derive(Debug, Clone)]
pub struct DocEntry {
    pub id: String,
    /// The [`Document`] as JSON.
    pub record: Vec<u8>,
    /// Sorted, deduplicated fingerprints.
    pub fingerprints: Vec<u64>,
    /// Sorted sampled shingles.
    pub sample: Vec<u64>,
    /// Term counts, sorted by term.
    pub terms: Vec<(String, u32)>,
}

impl DocEntry {
    /// The entry of one analysed document, its file path left out.
    pub fn new(a: &Analyzed, params: &IndexParams) -> DocEntry {
        DocEntry::with_counts(a, count_terms(a.term_words()), params, false)
    }

    /// The entry of one analysed document with its term counts, as
    /// [`Analyzed::new`] gives them. The stored record keeps
    /// [`Document::path`] (the indexing machine's file path) only with
    /// `keep_path`; else it is stored empty, since an index is shared.
    pub fn with_counts(
        a: &Analyzed,
        counts: TermCounts,
        params: &IndexParams,
        keep_path: bool,
    ) -> DocEntry {
        let m = matchable(&a.norm);
        let mut terms: Vec<(String, u32)> = counts.into_iter().collect();
        terms.sort_unstable();
        // A Document always serialises: plain strings, numbers and enums.
        let record = if keep_path || a.doc.path.as_os_str().is_empty() {
            serde_json::to_vec(&a.doc)
        } else {
            let mut doc = a.doc.clone();
            doc.path = PathBuf::new();
            serde_json::to_vec(&doc)
        };
        DocEntry {
            id: a.doc.id.clone(),
            record: record.unwrap_or_default(),
            fingerprints: params.fingerprints(&m.chars),
            sample: params
                .shingles(&m.chars)
                .into_iter()
                .filter(|&h| params.sampled(h))
                .collect(),
            terms,
        }
    }
}

/// What [`IndexData::add`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Added {
    /// Documents with a new id, appended.
    pub added: usize,
    /// Ids already indexed whose document was replaced, in batch order.
    pub replaced: Vec<String>,
}

/// An index held in memory: the settings and one entry per document, in
/// document-number order.
#[derive(Debug, Clone, Default)]
pub struct IndexData {
    pub params: IndexParams,
    pub docs: Vec<DocEntry>,
}

impl IndexData {
    /// The index of analysed documents.
    pub fn build(docs: &[Analyzed], params: &IndexParams) -> IndexData {
        IndexData {
            params: params.clone(),
            docs: docs.par_iter().map(|a| DocEntry::new(a, params)).collect(),
        }
    }

    /// The index of a corpus: each document is cleaned, normalised and
    /// segmented, turned into its entry and dropped, so the analysed corpus
    /// is never held whole (and no TF-IDF is fitted that the index would
    /// not keep). File paths are stored only with `keep_paths`.
    pub fn from_corpus(
        corpus: Corpus,
        segmenter: &Segmenter,
        params: &IndexParams,
        keep_paths: bool,
    ) -> IndexData {
        let Ok(norm) = params.norm.check();
        IndexData {
            params: params.clone(),
            docs: corpus
                .documents
                .into_par_iter()
                .map(|mut doc| {
                    if !keep_paths {
                        doc.path = PathBuf::new();
                    }
                    let (a, counts) = Analyzed::new(doc, segmenter, &norm);
                    DocEntry::with_counts(&a, counts, params, keep_paths)
                })
                .collect(),
        }
    }

    /// Adds documents: one whose id is already indexed replaces the old one
    /// in its place (and is named in [`Added::replaced`]); new ids go at the
    /// end, in order.
    pub fn add(&mut self, new: Vec<DocEntry>) -> Added {
        let mut at: FxHashMap<String, usize> = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let mut out = Added::default();
        for entry in new {
            match at.get(&entry.id) {
                Some(&i) => {
                    out.replaced.push(entry.id.clone());
                    self.docs[i] = entry;
                }
                None => {
                    at.insert(entry.id.clone(), self.docs.len());
                    self.docs.push(entry);
                    out.added += 1;
                }
            }
        }
        out
    }

    /// The whole index file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.docs.len();
        let mut w = Writer::default();

        // Vocabulary and postings: each term's (doc, tf) in doc order, terms
        // sorted. Grouping by hash first sorts ~150k distinct terms instead
        // of millions of (term, doc) pairs.
        let mut by_term: FxHashMap<&str, Vec<(u32, u32)>> = FxHashMap::default();
        for (d, e) in self.docs.iter().enumerate() {
            for (t, tf) in &e.terms {
                by_term.entry(t.as_str()).or_default().push((d as u32, *tf));
            }
        }
        let mut terms: Vec<(&str, Vec<(u32, u32)>)> = by_term.into_iter().collect();
        terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let (mut term_offsets, mut term_blob, mut dfs) = (vec![0u32], Vec::new(), Vec::new());
        let (mut post_offsets, mut post_docs, mut post_tf) = (vec![0u64], Vec::new(), Vec::new());
        for (term, postings) in &terms {
            term_blob.extend_from_slice(term.as_bytes());
            term_offsets.push(term_blob.len() as u32);
            dfs.push(postings.len() as u32);
            for &(d, tf) in postings {
                post_docs.push(d);
                post_tf.push(tf);
            }
            post_offsets.push(post_docs.len() as u64);
        }
        let n_terms = dfs.len();
        let term_idf: FxHashMap<&str, f32> = terms
            .iter()
            .map(|(t, p)| (*t, idf(n as u32, p.len() as u32)))
            .collect();
        drop(terms);
        let norms: Vec<f32> = self
            .docs
            .par_iter()
            .map(|e| {
                e.terms
                    .iter()
                    .map(|(t, tf)| {
                        let x = tf_weight(*tf) * term_idf.get(t.as_str()).copied().unwrap_or(0.0);
                        x * x
                    })
                    .sum::<f32>()
                    .sqrt()
            })
            .collect();

        let stored = StoredParams {
            params: self.params.clone(),
            n_docs: n as u32,
            n_terms: n_terms as u32,
        };
        w.section(
            kind::PARAMS,
            serde_json::to_vec(&stored).unwrap_or_default(),
        );
        let mut offsets = Vec::with_capacity(n + 1);
        let mut records = Vec::new();
        offsets.push(0u64);
        for e in &self.docs {
            records.extend_from_slice(&e.record);
            offsets.push(records.len() as u64);
        }
        w.section(kind::DOC_OFFSETS, le_u64(&offsets));
        w.section(kind::DOC_RECORDS, records);
        let mut id_offsets = vec![0u32];
        let mut ids = Vec::new();
        for e in &self.docs {
            ids.extend_from_slice(e.id.as_bytes());
            id_offsets.push(ids.len() as u32);
        }
        w.section(kind::ID_OFFSETS, le_u32(&id_offsets));
        w.section(kind::ID_BLOB, ids);

        let table = |pick: fn(&DocEntry) -> &[u64]| {
            let mut pairs: Vec<(u64, u32)> = self
                .docs
                .iter()
                .enumerate()
                .flat_map(|(d, e)| pick(e).iter().map(move |&h| (h, d as u32)))
                .collect();
            pairs.par_sort_unstable();
            pairs.dedup();
            SortedTable::encode(&pairs)
        };
        let [h, d, dir] = table(|e| &e.fingerprints);
        w.section(kind::FP_HASHES, h);
        w.section(kind::FP_DOCS, d);
        w.section(kind::FP_DIR, dir);
        let [h, d, dir] = table(|e| &e.sample);
        w.section(kind::SAMPLE_HASHES, h);
        w.section(kind::SAMPLE_DOCS, d);
        w.section(kind::SAMPLE_DIR, dir);
        let sample_len: Vec<u32> = self.docs.iter().map(|e| e.sample.len() as u32).collect();
        w.section(kind::SAMPLE_LEN, le_u32(&sample_len));

        w.section(kind::TERM_OFFSETS, le_u32(&term_offsets));
        w.section(kind::TERM_BLOB, term_blob);
        w.section(kind::TERM_DF, le_u32(&dfs));
        w.section(kind::POST_OFFSETS, le_u64(&post_offsets));
        w.section(kind::POST_DOCS, le_u32(&post_docs));
        w.section(kind::POST_TF, le_u32(&post_tf));
        w.section(
            kind::DOC_NORM,
            norms
                .iter()
                .flat_map(|x| x.to_bits().to_le_bytes())
                .collect(),
        );
        w.finish()
    }
}

fn le_u32(xs: &[u32]) -> Vec<u8> {
    xs.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn le_u64(xs: &[u64]) -> Vec<u8> {
    xs.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// Smoothed IDF, as in [`crate::tfidf`]: `ln((1 + n) / (1 + df)) + 1`.
pub fn idf(n_docs: u32, df: u32) -> f32 {
    ((f64::from(1 + n_docs) / f64::from(1 + df)).ln() + 1.0) as f32
}

/// Sublinear term frequency `1 + ln(tf)`, as in [`crate::tfidf`].
pub fn tf_weight(tf: u32) -> f32 {
    if tf == 0 { 0.0 } else { 1.0 + (tf as f32).ln() }
}

/// An index file's bytes: memory-mapped from a file, or built in memory.
#[derive(Debug)]
pub enum IndexBytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl std::ops::Deref for IndexBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            IndexBytes::Mapped(m) => m,
            IndexBytes::Owned(v) => v,
        }
    }
}

/// Maps an index file into memory for `check` (an empty file gives empty
/// bytes; a folder is an error). See "Mapping, and why it is safe here"
/// above.
///
/// Mapping rather than reading means a check touches only the pages it
/// uses. The mapping stays valid while `index --add` replaces the file,
/// since that writes a new file and renames it over the old one: the old
/// file lives on until unmapped. Only a third party writing the file in
/// place could change the bytes under us; blocks are verified before use,
/// and a file whose length differs from its header's is refused on open.
pub fn read_file(path: &Path) -> Result<IndexBytes, IndexError> {
    let file = open_file(path)?;
    let len = file.metadata().map_err(io_err(path))?.len();
    if len == 0 {
        return Ok(IndexBytes::Owned(Vec::new()));
    }
    // SAFETY: chachong never writes an index file in place (see the module
    // doc), so the mapped bytes do not change while mapped.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io_err(path))?;
    Ok(IndexBytes::Mapped(map))
}

/// The whole index file read into memory, never mapped: for `--add`, which
/// must not fail with SIGBUS when the file is shrunk in place while it
/// reads. A file changed while read shows as a length or checksum error.
pub fn read_owned(path: &Path) -> Result<Vec<u8>, IndexError> {
    let file = open_file(path)?;
    let len = file.metadata().map_err(io_err(path))?.len();
    read_all(path, file, len)
}

fn open_file(path: &Path) -> Result<fs::File, IndexError> {
    let file = fs::File::open(path).map_err(io_err(path))?;
    if file.metadata().map_err(io_err(path))?.is_dir() {
        return Err(IndexError::Folder {
            path: path.to_path_buf(),
        });
    }
    Ok(file)
}

fn read_all(path: &Path, file: fs::File, len: u64) -> Result<Vec<u8>, IndexError> {
    use std::io::Read;
    let mut out = Vec::with_capacity(len.min(1 << 32) as usize);
    file.take(len.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(io_err(path))?;
    Ok(out)
}

/// Refuses an `index` output that would destroy input or another file:
/// `output` naming an input (or the same folder entry by another spelling:
/// `./in.jsonl`, a symlinked folder), lying inside an input folder, being a
/// folder, or existing as a non-empty file that is not a chachong index (an
/// index of any version may be replaced), and an output whose folder does
/// not exist. Checked before anything is read or written.
pub fn check_output(output: &Path, inputs: &[PathBuf]) -> Result<(), IndexError> {
    let out = entry_path(output);
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        let Ok(canon) = fs::canonicalize(input) else {
            continue;
        };
        let Some(out) = &out else { continue };
        if *out == canon || entry_path(input).as_ref() == Some(out) {
            return Err(IndexError::OutputIsInput {
                path: output.to_path_buf(),
            });
        }
        if canon.is_dir() && out.starts_with(&canon) {
            return Err(IndexError::OutputInInput {
                path: output.to_path_buf(),
                input: input.clone(),
            });
        }
    }
    let folder = folder_of(output);
    if !folder.is_dir() {
        return Err(IndexError::NoFolder {
            path: output.to_path_buf(),
            folder,
        });
    }
    match fs::metadata(output) {
        Ok(m) if m.is_dir() => Err(IndexError::Folder {
            path: output.to_path_buf(),
        }),
        Ok(m) if m.len() > 0 => {
            use std::io::Read;
            let mut head = Vec::with_capacity(format::MAGIC.len());
            fs::File::open(output)
                .and_then(|f| f.take(format::MAGIC.len() as u64).read_to_end(&mut head))
                .map_err(io_err(output))?;
            if format::has_magic(&head) {
                Ok(())
            } else {
                Err(IndexError::NotAnIndexFile {
                    path: output.to_path_buf(),
                })
            }
        }
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_err(output)(e)),
    }
}

/// The folder entry `path` names, as an absolute path with its folder
/// resolved (the last component kept as it is, symlink or not): what a
/// rename onto `path` replaces. Folders that do not exist yet are kept as
/// written below the nearest one that does. `None` for a path without a
/// file name (`..`, `/`).
fn entry_path(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let mut parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut missing = Vec::new();
    loop {
        if let Ok(mut resolved) = fs::canonicalize(&parent) {
            resolved.extend(missing.iter().rev());
            resolved.push(name);
            return Some(resolved);
        }
        missing.push(parent.file_name()?.to_os_string());
        parent = match parent.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
    }
}

/// The writer lock of one index: an advisory lock ([`fs::File::lock`]) on
/// the file `INDEX.lock` beside it, never on the index itself (which is
/// replaced by rename, so a lock on it would guard a file no longer in
/// place). Take it before reading the old index and keep it until
/// [`WriterLock::write`] has renamed the new one into place and fsynced the
/// folder; dropping it releases it. The lock file is left in place:
/// removing it would let a waiting writer lock a file no longer in place.
#[derive(Debug)]
pub struct WriterLock {
    _file: fs::File,
    index: PathBuf,
    path: PathBuf,
}

impl WriterLock {
    /// Takes the writer lock of the index `index`. When another writer
    /// holds it, calls `waiting` with the lock file's path once, then waits.
    pub fn acquire(index: &Path, waiting: impl FnOnce(&Path)) -> Result<WriterLock, IndexError> {
        let name = index.file_name().ok_or_else(|| IndexError::Folder {
            path: index.to_path_buf(),
        })?;
        let mut lock_name = name.to_os_string();
        lock_name.push(".lock");
        let path = index.with_file_name(lock_name);
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                waiting(&path);
                file.lock().map_err(io_err(&path))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_err(&path)(e)),
        }
        Ok(WriterLock {
            _file: file,
            index: index.to_path_buf(),
            path,
        })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the temporary files a killed [`write_atomic`] of this index
    /// left beside it: names exactly `.{index name}.tmp-{pid}-{n}` (digits),
    /// nothing else. Holding the lock, no live chachong writer of this
    /// index has one open. Gives the files removed.
    pub fn remove_stale_temps(&self) -> Result<Vec<PathBuf>, IndexError> {
        let dir = folder_of(&self.index);
        let Some(name) = self.index.file_name().and_then(|n| n.to_str()) else {
            return Ok(Vec::new());
        };
        let prefix = temp_prefix(name);
        let mut removed = Vec::new();
        for entry in fs::read_dir(&dir).map_err(io_err(&dir))? {
            let entry = entry.map_err(io_err(&dir))?;
            let file_name = entry.file_name();
            let Some(rest) = file_name.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
                continue;
            };
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let is_temp = rest
                .split_once('-')
                .is_some_and(|(pid, n)| digits(pid) && digits(n));
            if is_temp && entry.file_type().is_ok_and(|t| t.is_file()) {
                let path = entry.path();
                match fs::remove_file(&path) {
                    Ok(()) => removed.push(path),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io_err(&path)(e)),
                }
            }
        }
        removed.sort();
        Ok(removed)
    }

    /// Writes `bytes` as this index with [`write_atomic`], under the lock.
    pub fn write(&self, bytes: &[u8]) -> Result<(), IndexError> {
        write_atomic(&self.index, bytes)
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What every temporary file of the index named `name` starts with.
fn temp_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Writes `bytes` as the file `path` whole or not at all: a temporary file
/// in the same folder is written and fsynced, renamed over `path`, and the
/// folder is fsynced so the rename itself is durable. On any failure the
/// temporary file is removed and the old `path` is untouched. The temporary
/// file is `.{name}.tmp-{pid}-{n}`; a writer killed mid-write leaves it,
/// and the next one removes it ([`WriterLock::remove_stale_temps`]).
/// Writers of an index hold its [`WriterLock`] ([`WriterLock::write`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let dir = folder_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!("{}{}-{n}", temp_prefix(&name), std::process::id()));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io_err(&tmp))?;
        f.write_all(bytes).map_err(io_err(&tmp))?;
        f.sync_all().map_err(io_err(&tmp))?;
        drop(f);
        fs::rename(&tmp, path).map_err(io_err(path))?;
        // Make the rename durable. Some file systems refuse to fsync a
        // folder; the data is already safe then, so that is not an error.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// An index used in place from its file's bytes.
#[derive(Debug)]
pub struct IndexView<'a> {
    pub params: IndexParams,
    n_docs: u32,
    sections: Sections<'a>,
    doc_offsets: U64s<'a>,
    records: Section<'a>,
    id_offsets: U32s<'a>,
    ids: Section<'a>,
    pub fingerprints: SortedTable<'a>,
    pub sample: SortedTable<'a>,
    sample_len: U32s<'a>,
    term_offsets: U32s<'a>,
    term_blob: Section<'a>,
    term_df: U32s<'a>,
    post_offsets: U64s<'a>,
    post_docs: U32s<'a>,
    post_tf: U32s<'a>,
    doc_norm: U32s<'a>,
}

fn bad(what: impl Into<String>) -> FormatError {
    FormatError::Malformed(what.into())
}

impl<'a> IndexView<'a> {
    /// Checks the bytes of a whole index file (header, length, section
    /// table, sizes; the contents block by block as they are read) and
    /// gives a view of it.
    pub fn new(bytes: &'a [u8]) -> Result<IndexView<'a>, FormatError> {
        let s = Sections::parse(bytes)?;
        let stored: StoredParams = serde_json::from_slice(s.get(kind::PARAMS)?.all()?)
            .map_err(|e| bad(format!("settings: {e}")))?;
        stored.params.check().map_err(|e| bad(e.to_string()))?;
        let n = stored.n_docs as usize;
        let m = stored.n_terms as usize;
        let v = IndexView {
            params: stored.params,
            n_docs: stored.n_docs,
            doc_offsets: U64s::new(s.get(kind::DOC_OFFSETS)?)?,
            records: s.get(kind::DOC_RECORDS)?,
            id_offsets: U32s::new(s.get(kind::ID_OFFSETS)?)?,
            ids: s.get(kind::ID_BLOB)?,
            fingerprints: SortedTable::new(
                s.get(kind::FP_HASHES)?,
                s.get(kind::FP_DOCS)?,
                s.get(kind::FP_DIR)?,
            )?,
            sample: SortedTable::new(
                s.get(kind::SAMPLE_HASHES)?,
                s.get(kind::SAMPLE_DOCS)?,
                s.get(kind::SAMPLE_DIR)?,
            )?,
            sample_len: U32s::new(s.get(kind::SAMPLE_LEN)?)?,
            term_offsets: U32s::new(s.get(kind::TERM_OFFSETS)?)?,
            term_blob: s.get(kind::TERM_BLOB)?,
            term_df: U32s::new(s.get(kind::TERM_DF)?)?,
            post_offsets: U64s::new(s.get(kind::POST_OFFSETS)?)?,
            post_docs: U32s::new(s.get(kind::POST_DOCS)?)?,
            post_tf: U32s::new(s.get(kind::POST_TF)?)?,
            doc_norm: U32s::new(s.get(kind::DOC_NORM)?)?,
            sections: s,
        };
        if v.doc_offsets.len() != n + 1
            || v.id_offsets.len() != n + 1
            || v.sample_len.len() != n
            || v.doc_norm.len() != n
            || v.term_offsets.len() != m + 1
            || v.term_df.len() != m
            || v.post_offsets.len() != m + 1
            || v.post_docs.len() != v.post_tf.len()
        {
            return Err(bad("table sizes disagree with the document count"));
        }
        Ok(v)
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.n_docs as usize
    }

    pub fn is_empty(&self) -> bool {
        self.n_docs == 0
    }

    /// Verifies every block of the file (opening verifies only small files
    /// whole).
    pub fn verify_all(&self) -> Result<(), FormatError> {
        self.sections.verify_all()
    }

    /// Document `d` itself, or an error when the file names a document
    /// past its count.
    fn doc_number(&self, d: u32) -> Result<usize, FormatError> {
        if d < self.n_docs {
            Ok(d as usize)
        } else {
            Err(bad(format!(
                "a table names document {d}, but the index holds {}",
                self.n_docs
            )))
        }
    }

    /// The id of document `d`.
    pub fn id(&self, d: u32) -> Result<&'a str, FormatError> {
        let d = self.doc_number(d)?;
        let (a, b) = (self.id_offsets.get(d)?, self.id_offsets.get(d + 1)?);
        if a > b {
            return Err(bad(format!("id of document {d}: offsets out of order")));
        }
        let bytes = self.ids.get(a as usize..b as usize)?;
        std::str::from_utf8(bytes).map_err(|_| bad(format!("id of document {d} is not UTF-8")))
    }

    /// The stored record of document `d`, decoded and checked: its id is
    /// the id table's, and its excluded spans and entities lie inside its
    /// text, each start at most its end, sorted and disjoint (what the
    /// clean and normalise stages rely on).
    pub fn document(&self, d: u32) -> Result<Document, FormatError> {
        let doc: Document = serde_json::from_slice(self.record(d)?)
            .map_err(|e| bad(format!("record of document {d}: {e}")))?;
        if doc.id != self.id(d)? {
            return Err(bad(format!(
                "record of document {d} has another id than the id table"
            )));
        }
        let n = doc.chars();
        let spans = |what: &str, spans: &mut dyn Iterator<Item = Span>| {
            let mut last = 0u32;
            for s in spans {
                if s.start > s.end || s.end > n || s.start < last {
                    return Err(bad(format!(
                        "record of document {d}: {what} {}..{} out of order or outside its text of {n} chars",
                        s.start, s.end
                    )));
                }
                last = s.end;
            }
            Ok(())
        };
        spans("excluded span", &mut doc.excluded.iter().map(|e| e.span))?;
        spans("entity", &mut doc.entities.iter().copied())?;
        if let Some(e) = doc.entities.iter().find(|e| e.start == e.end) {
            return Err(bad(format!(
                "record of document {d}: empty entity at {}",
                e.start
            )));
        }
        Ok(doc)
    }

    fn record(&self, d: u32) -> Result<&'a [u8], FormatError> {
        let d = self.doc_number(d)?;
        let (a, b) = (self.doc_offsets.get(d)?, self.doc_offsets.get(d + 1)?);
        if a > b {
            return Err(bad(format!("record of document {d}: offsets out of order")));
        }
        self.records.get(a as usize..b as usize)
    }

    /// Size of document `d`'s shingle sample.
    pub fn sample_len(&self, d: u32) -> Result<u32, FormatError> {
        self.sample_len.get(self.doc_number(d)?)
    }

    /// Norm of document `d`'s TF-IDF vector.
    pub fn doc_norm(&self, d: u32) -> Result<f32, FormatError> {
        self.doc_norm.get(self.doc_number(d)?).map(f32::from_bits)
    }

    fn term(&self, t: usize) -> Result<&'a [u8], FormatError> {
        let (a, b) = (self.term_offsets.get(t)?, self.term_offsets.get(t + 1)?);
        if a > b {
            return Err(bad(format!("term {t}: offsets out of order")));
        }
        self.term_blob.get(a as usize..b as usize)
    }

    /// The id and document frequency of a term, if indexed.
    pub fn term_id(&self, term: &str) -> Result<Option<(u32, u32)>, FormatError> {
        let (mut lo, mut hi) = (0usize, self.term_df.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.term(mid)?.cmp(term.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return Ok(Some((mid as u32, self.term_df.get(mid)?)));
                }
            }
        }
        Ok(None)
    }

    /// The `(doc, tf)` postings of term `t`, each naming a document of the
    /// index.
    pub fn postings(&self, t: u32) -> Result<Vec<(u32, u32)>, FormatError> {
        let t = t as usize;
        let (a, b) = (self.post_offsets.get(t)?, self.post_offsets.get(t + 1)?);
        if a > b || b > self.post_docs.len() as u64 {
            return Err(bad(format!("postings of term {t}: offsets out of order")));
        }
        (a as usize..b as usize)
            .map(|i| {
                let d = self.post_docs.get(i)?;
                self.doc_number(d)?;
                Ok((d, self.post_tf.get(i)?))
            })
            .collect()
    }

    /// The whole index back in memory, for `--add`: records are copied as
    /// bytes, not re-analysed. Verifies the whole file first.
    pub fn to_data(&self) -> Result<IndexData, FormatError> {
        self.verify_all()?;
        let n = self.len();
        let mut docs: Vec<DocEntry> = Vec::with_capacity(n);
        for d in 0..n as u32 {
            docs.push(DocEntry {
                id: self.id(d)?.to_string(),
                record: self.record(d)?.to_vec(),
                fingerprints: Vec::new(),
                sample: Vec::new(),
                terms: Vec::new(),
            });
        }
        let slot = |d: u32| -> Result<usize, FormatError> {
            let d = d as usize;
            if d < n {
                Ok(d)
            } else {
                Err(bad(format!("posting names document {d} of {n}")))
            }
        };
        for (h, d) in self.fingerprints.pairs()? {
            docs[slot(d)?].fingerprints.push(h);
        }
        for (h, d) in self.sample.pairs()? {
            docs[slot(d)?].sample.push(h);
        }
        for t in 0..self.term_df.len() {
            let term = std::str::from_utf8(self.term(t)?).map_err(|_| bad(format!("term {t}")))?;
            for (d, tf) in self.postings(t as u32)? {
                docs[slot(d)?].terms.push((term.to_string(), tf));
            }
        }
        Ok(IndexData {
            params: self.params.clone(),
            docs,
        })
    }
}

/// Checks the bytes of the index file `path` and gives a view of it, naming
/// the file in any error.
pub fn view<'a>(path: &Path, bytes: &'a [u8]) -> Result<IndexView<'a>, IndexError> {
    IndexView::new(bytes).map_err(format_err(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    fn analyzed(id: &str, text: &str) -> Analyzed {
        let doc = Document::new(id, Format::Text, text);
        Analyzed::new(doc, Segmenter::shared(), &Default::default()).0
    }

    const A: &str =
        "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究。";
    const B: &str = "今天天气晴朗，气温十八度，适合户外运动和郊游，市民纷纷走出家门享受春光。";

    #[test]
    fn build_write_read_and_add_round_trip() {
        let params = IndexParams::default();
        let mut data = IndexData::build(&[analyzed("a", A), analyzed("b", B)], &params);
        let bytes = data.to_bytes();
        let v = IndexView::new(&bytes).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v.id(1).unwrap(), "b");
        assert_eq!(v.document(0).unwrap().text, A);
        // Every fingerprint of `a` finds `a`.
        let fa = &data.docs[0].fingerprints;
        assert!(!fa.is_empty());
        assert!(
            fa.iter()
                .all(|&h| v.fingerprints.lookup(h, 10).unwrap().contains(&0))
        );
        let (t, df) = v.term_id("工业").unwrap().unwrap();
        assert_eq!(df, 1);
        assert_eq!(v.postings(t).unwrap(), vec![(0, 2)]);
        assert!(v.doc_norm(0).unwrap() > 0.0);

        // Back to data and re-written gives the same bytes.
        let again = v.to_data().unwrap();
        assert_eq!(again.to_bytes(), bytes);

        data.add(vec![
            DocEntry::new(&analyzed("a", B), &params),
            DocEntry::new(&analyzed("c", A), &params),
        ]);
        let bytes = data.to_bytes();
        let v = IndexView::new(&bytes).unwrap();
        assert_eq!(v.len(), 3);
        assert_eq!(v.document(0).unwrap().text, B);
        assert_eq!(v.id(2).unwrap(), "c");
    }

    #[test]
    fn rolling_kgram_hash_is_the_hash_of_the_kgram() {
        let p = IndexParams::default();
        let text: Vec<char> = A.chars().collect();
        let k = p.kgram as usize;
        for (i, h) in p.kgram_hashes(&text).iter().enumerate() {
            assert_eq!(*h, p.kgram_hashes(&text[i..i + k])[0], "{i}");
        }
    }

    #[test]
    fn window_guarantee_holds() {
        let p = IndexParams::default();
        let text: Vec<char> = A.chars().filter(|c| c.is_alphanumeric()).collect();
        let fps = p.fingerprints(&text);
        let g = (p.window + p.kgram - 1) as usize;
        for start in 0..=text.len() - g {
            let run = p.kgram_hashes(&text[start..start + g]);
            assert!(run.iter().any(|h| fps.binary_search(h).is_ok()), "{start}");
        }
    }

    #[test]
    fn add_names_replaced_ids_and_records_leave_paths_out() {
        let params = IndexParams::default();
        let mut data = IndexData::build(&[analyzed("a", A)], &params);
        let added = data.add(vec![
            DocEntry::new(&analyzed("a", B), &params),
            DocEntry::new(&analyzed("b", B), &params),
        ]);
        assert_eq!(
            added,
            Added {
                added: 1,
                replaced: vec!["a".into()]
            }
        );
        let mut a = analyzed("c", A);
        a.doc.path = PathBuf::from("/home/me/corpus/c.txt");
        let counts = count_terms(a.term_words());
        let kept = DocEntry::with_counts(&a, counts.clone(), &params, true);
        let left_out = DocEntry::with_counts(&a, counts, &params, false);
        let path = |e: &DocEntry| serde_json::from_slice::<Document>(&e.record).unwrap().path;
        assert_eq!(path(&kept), a.doc.path);
        assert_eq!(path(&left_out), PathBuf::new());
        assert_eq!(path(&DocEntry::new(&a, &params)), PathBuf::new());
    }

    #[test]
    fn output_naming_an_input_or_a_non_index_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        fs::create_dir(p.join("corpus")).unwrap();
        fs::write(p.join("corpus/a.txt"), A).unwrap();
        fs::write(p.join("notes.txt"), "notes").unwrap();
        fs::write(p.join("old.idx"), IndexData::default().to_bytes()).unwrap();
        let inputs = [p.join("corpus"), p.join("notes.txt")];
        let err = |out: PathBuf| check_output(&out, &inputs).unwrap_err();
        assert!(matches!(
            err(p.join("corpus/../notes.txt")),
            IndexError::OutputIsInput { .. }
        ));
        assert!(matches!(
            err(p.join("corpus/sub/x.idx")),
            IndexError::OutputInInput { .. }
        ));
        assert!(matches!(
            err(p.join("corpus/x.idx")),
            IndexError::OutputInInput { .. }
        ));
        assert!(matches!(
            err(p.join("corpus")),
            IndexError::OutputIsInput { .. }
        ));
        let other = [p.join("corpus/a.txt")];
        assert!(matches!(
            check_output(&p.join("notes.txt"), &other).unwrap_err(),
            IndexError::NotAnIndexFile { .. }
        ));
        assert!(check_output(&p.join("old.idx"), &inputs).is_ok());
        assert!(check_output(&p.join("new.idx"), &inputs).is_ok());
        assert!(check_output(&p.join("c.idx"), &[PathBuf::from("-")]).is_ok());
        assert!(matches!(
            check_output(&p.join("no/c.idx"), &[]).unwrap_err(),
            IndexError::NoFolder { .. }
        ));
    }

    #[test]
    fn lock_removes_only_this_index_stale_temps() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("x.idx");
        let names = [
            ".x.idx.tmp-1-0",
            ".x.idx.tmp-123-45",
            ".x.idx.tmp-1-",
            ".x.idx.tmp--1",
            ".x.idx.tmp-1-0.keep",
            ".x.idx.tmp-a-0",
            ".y.idx.tmp-1-0",
            "x.idx.tmp-1-0",
        ];
        for n in names {
            fs::write(dir.path().join(n), b"x").unwrap();
        }
        let lock = WriterLock::acquire(&index, |_| panic!("no other writer")).unwrap();
        assert_eq!(lock.path(), dir.path().join("x.idx.lock"));
        let removed = lock.remove_stale_temps().unwrap();
        assert_eq!(
            removed,
            vec![
                dir.path().join(".x.idx.tmp-1-0"),
                dir.path().join(".x.idx.tmp-123-45")
            ]
        );
        for n in &names[2..] {
            assert!(dir.path().join(n).exists(), "{n}");
        }
        // A second lock in the same process waits for the first.
        let waited = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let t = s.spawn(|| {
                WriterLock::acquire(&index, |_| {
                    waited.store(true, std::sync::atomic::Ordering::SeqCst)
                })
                .map(|_| ())
            });
            std::thread::sleep(std::time::Duration::from_millis(300));
            lock.write(b"new").unwrap();
            drop(lock);
            t.join().unwrap().unwrap();
        });
        assert!(waited.load(std::sync::atomic::Ordering::SeqCst));
        assert_eq!(fs::read(&index).unwrap(), b"new");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.idx");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        let missing = dir.path().join("no/such/x.idx");
        assert!(write_atomic(&missing, b"x").is_err());
    }
}
