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
//! full disk mid-write leaves the old file untouched. One writer at a time
//! is assumed: two concurrent `--add`s both succeed, and the later rename
//! wins.
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
//! # Trust
//!
//! An index file is untrusted input: a wrong magic, version, length or
//! checksum is an [`IndexError`] naming the file, and every read inside the
//! file is bounds-checked, so even a crafted file gives an error, not a
//! panic.

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
use crate::segment::Segmenter;
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
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Format {
        path: PathBuf,
        #[source]
        source: FormatError,
    },
    #[error("{path}: index was built with other settings ({what}); rebuild it instead of --add")]
    Settings { path: PathBuf, what: String },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl IndexParams {
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
    /// The entry of one analysed document.
    pub fn new(a: &Analyzed, params: &IndexParams) -> DocEntry {
        DocEntry::with_counts(a, count_terms(a.term_words()), params)
    }

    /// The entry of one analysed document with its term counts, as
    /// [`Analyzed::new`] gives them.
    pub fn with_counts(a: &Analyzed, counts: TermCounts, params: &IndexParams) -> DocEntry {
        let m = matchable(&a.norm);
        let mut terms: Vec<(String, u32)> = counts.into_iter().collect();
        terms.sort_unstable();
        DocEntry {
            id: a.doc.id.clone(),
            // A Document always serialises: plain strings, numbers and enums.
            record: serde_json::to_vec(&a.doc).unwrap_or_default(),
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
    /// not keep).
    pub fn from_corpus(corpus: Corpus, segmenter: &Segmenter, params: &IndexParams) -> IndexData {
        IndexData {
            params: params.clone(),
            docs: corpus
                .documents
                .into_par_iter()
                .map(|doc| {
                    let (a, counts) = Analyzed::new(doc, segmenter, &params.norm);
                    DocEntry::with_counts(&a, counts, params)
                })
                .collect(),
        }
    }

    /// Adds documents: one whose id is already indexed replaces the old one
    /// in its place; new ids go at the end, in order.
    pub fn add(&mut self, new: Vec<DocEntry>) {
        let mut at: FxHashMap<String, usize> = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        for entry in new {
            match at.get(&entry.id) {
                Some(&i) => self.docs[i] = entry,
                None => {
                    at.insert(entry.id.clone(), self.docs.len());
                    self.docs.push(entry);
                }
            }
        }
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

/// Maps an index file into memory (an empty file gives empty bytes).
///
/// Mapping rather than reading means a check touches only the pages it
/// uses. The mapping stays valid while `index --add` replaces the file,
/// since that writes a new file and renames it over the old one: the old
/// file lives on until unmapped. Only a third party writing the file in
/// place could change the bytes under us; blocks are verified before use,
/// and a truncation in place would end the process with SIGBUS, the price
/// every memory-mapped index pays.
pub fn read_file(path: &Path) -> Result<IndexBytes, IndexError> {
    let file = fs::File::open(path).map_err(io_err(path))?;
    let len = file.metadata().map_err(io_err(path))?.len();
    if len == 0 {
        return Ok(IndexBytes::Owned(Vec::new()));
    }
    // SAFETY: chachong never writes an index file in place (see above), so
    // the mapped bytes do not change while mapped.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io_err(path))?;
    Ok(IndexBytes::Mapped(map))
}

/// Writes `bytes` as the file `path` whole or not at all: a temporary file
/// in the same folder is written and fsynced, renamed over `path`, and the
/// folder is fsynced so the rename itself is durable. On any failure the
/// temporary file is removed and the old `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
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

    /// The id of document `d`.
    pub fn id(&self, d: u32) -> Result<&'a str, FormatError> {
        let d = d as usize;
        let (a, b) = (self.id_offsets.get(d)?, self.id_offsets.get(d + 1)?);
        if a > b {
            return Err(bad(format!("id of document {d}: offsets out of order")));
        }
        let bytes = self.ids.get(a as usize..b as usize)?;
        std::str::from_utf8(bytes).map_err(|_| bad(format!("id of document {d} is not UTF-8")))
    }

    /// The stored record of document `d`, decoded.
    pub fn document(&self, d: u32) -> Result<Document, FormatError> {
        serde_json::from_slice(self.record(d)?)
            .map_err(|e| bad(format!("record of document {d}: {e}")))
    }

    fn record(&self, d: u32) -> Result<&'a [u8], FormatError> {
        let d = d as usize;
        let (a, b) = (self.doc_offsets.get(d)?, self.doc_offsets.get(d + 1)?);
        if a > b {
            return Err(bad(format!("record of document {d}: offsets out of order")));
        }
        self.records.get(a as usize..b as usize)
    }

    /// Size of document `d`'s shingle sample.
    pub fn sample_len(&self, d: u32) -> Result<u32, FormatError> {
        self.sample_len.get(d as usize)
    }

    /// Norm of document `d`'s TF-IDF vector.
    pub fn doc_norm(&self, d: u32) -> Result<f32, FormatError> {
        self.doc_norm.get(d as usize).map(f32::from_bits)
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

    /// The `(doc, tf)` postings of term `t`.
    pub fn postings(&self, t: u32) -> Result<Vec<(u32, u32)>, FormatError> {
        let t = t as usize;
        let (a, b) = (self.post_offsets.get(t)?, self.post_offsets.get(t + 1)?);
        (a as usize..b as usize)
            .map(|i| Ok((self.post_docs.get(i)?, self.post_tf.get(i)?)))
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
    IndexView::new(bytes).map_err(|source| IndexError::Format {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    fn analyzed(id: &str, text: &str) -> Analyzed {
        let doc = Document::new(id, Format::Text, text);
        Analyzed::new(doc, Segmenter::shared(), &NormParams::default()).0
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
