//! A corpus index, so `check` never re-reads the corpus.
//!
//! Takes analysed documents ([`crate::Analyzed`]) and gives an [`IndexData`]
//! (owned), written as the bytes of one segment file
//! ([`IndexData::to_bytes`]) into an index folder ([`commit`]); reading
//! gives an [`Index`] (the folder's segments, mapped) whose [`Snapshot`]
//! answers straight from the files' bytes through one [`IndexView`] per
//! segment.
//!
//! # What it holds, per document
//!
//! - the stored [`crate::Document`] as JSON (text as read, metadata, excluded
//!   spans, entities): `check` decodes only its few candidate sources and
//!   re-runs clean + normalise on them to compute exact spans;
//! - its id, apart, so `--add` and `--allow` need not decode records;
//! - passage fingerprints: winnowed hashes of k-grams of matchable chars
//!   (`kgram` 10, `window` 12), in a table sorted by hash. A draft looks up
//!   *every* one of its k-grams, so any run of `window + kgram - 1` = 21
//!   shared matchable chars finds its source (the same guarantee as
//!   [`crate::dups::passages`], through the same [`crate::fingerprint`]);
//! - a consistent 1-in-8 sample of its character 5-gram shingles
//!   ([`crate::fingerprint::sample`]), sorted by hash, and the sample's size: the
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
//! # An index that grows: segments
//!
//! An index is a folder ([`segments`]): immutable *segment* files, each a
//! whole file of the layout below, and a manifest naming them, with the
//! documents deleted or replaced in each (tombstones). Adding documents
//! writes one new segment and a new manifest ([`commit`]); deleting writes
//! only a manifest; so a write costs what it changes, never the corpus.
//! Segments merge ([`merge`]) by a logarithmic policy, without holding
//! up writers. Every file is written whole (temporary file, fsync, rename,
//! fsync the folder) and the manifest last, so a reader sees one version
//! or the next, never a torn one, and a crash loses nothing a commit
//! returned. Writers take turns on the folder's [`WriterLock`]; a second
//! writer waits and commits on top of the first. Readers never lock.
//!
//! An index file of the single-file format (before segments) is still
//! read, as an index of one segment, but takes no additions: a writer
//! refuses it with a message saying how to rebuild it as a folder.
//!
//! Why not an embedded store (redb, SQLite), and why not tantivy, is in
//! ARCHITECTURE.md ("Index and check"), with the figures.
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
//! table and block checksums ([`format`](mod@format)). A whole-file checksum was the
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
//! with SIGBUS when it touches a page past the new end. Readers and
//! writers map segment files ([`read_file`]), and that is safe against
//! chachong itself: chachong never changes a segment file once written,
//! and a mapping keeps a removed file (its inode) alive and unchanged until
//! it is unmapped, so a `check` during any number of additions and merges
//! reads one whole, unchanging version. A file shorter (or longer) than
//! its header says when mapped is an error
//! ([`format::FormatError::Length`]), never a read past its end. Only a
//! third party writing into a segment file itself (`truncate`, `cp` over
//! it) while a `check` runs could shrink the pages under it. Reading
//! instead of mapping would remove even that, but costs the whole file per
//! check (70 ms of a 50 ms budget on the Sina index, see "Why this
//! layout"); for a 8.6 MB index, reading it whole cost 2,100 more page
//! faults and 6-30 ms more CPU per check than mapping (debug build,
//! `perf stat -r 20`).
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
//!
//! # Files
//!
//! `params.rs` (settings and what they fingerprint), `build.rs` (documents
//! to entries), `encode.rs` (entries to the file's bytes), [`format`](mod@format) (the
//! byte layout), `view.rs` (answers from one file's bytes), `segments.rs`
//! (the folder, its manifest, [`Index`] and the [`Snapshot`] `check`
//! reads), `commit.rs` (additions, replacements, deletions), `merge.rs`
//! (merging segments), `file.rs` (reading and atomic writing), `lock.rs`
//! (the writer lock), `output.rs` (where an index may be written),
//! `error.rs`.

mod build;
mod commit;
mod encode;
mod error;
mod file;
pub mod format;
mod lock;
mod merge;
mod output;
mod params;
pub mod segments;
mod view;

pub use build::{DocEntry, IndexData};
pub use commit::{Batch, Committed, commit};
pub use encode::Outside;
pub use error::{IndexError, format_err};
pub use file::{IndexBytes, read_file, write_atomic};
pub use lock::WriterLock;
pub use merge::{MergePolicy, Merged, merge, merge_all};
pub use output::check_output;
pub use params::{IndexHistory, now_rfc3339};
pub use params::{IndexParams, IndexParamsError};
pub use segments::{Index, Manifest, SegmentMeta, Snapshot, Stats, is_index_folder};
pub use view::{IndexView, view};

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
    /// Optional (absent in files written before segments): ids by hash, so
    /// a writer finds the document an id names without reading every id.
    pub const ID_HASHES: u32 = 20;
    pub const ID_DOCS: u32 = 21;
    pub const ID_DIR: u32 = 22;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzed;
    use crate::corpus::{Document, Format};
    use crate::params::Checked;
    use crate::segment::Segmenter;

    fn analyzed(id: &str, text: &str) -> Analyzed {
        let doc = Document::new(id, Format::Text, text);
        Analyzed::new(doc, Segmenter::shared(), &Default::default()).0
    }

    const A: &str =
        "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究。";
    const B: &str = "今天天气晴朗，气温十八度，适合户外运动和郊游，市民纷纷走出家门享受春光。";

    #[test]
    fn build_write_read_and_add_round_trip() {
        let params = Checked::default();
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
        assert_eq!(v.find_id("b").unwrap(), Some(1));
        assert_eq!(v.find_id("c").unwrap(), None);
        data.docs.push(DocEntry::new(&analyzed("c", A), &params));
        let bytes = data.to_bytes();
        let v = IndexView::new(&bytes).unwrap();
        assert_eq!(v.find_id("c").unwrap(), Some(2));
    }
}
