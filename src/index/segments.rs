//! An index that grows: a folder of immutable segments named by a manifest.
//!
//! Takes the path of an index folder (or of a single-file index of the
//! format before segments) and gives an [`Index`]: the manifest read once
//! and every segment it names mapped. [`Index::snapshot`] gives the
//! [`Snapshot`] `check` reads: one consistent version of the index, its
//! documents numbered across segments, deleted ones left out.
//!
//! # The folder
//!
//! ```text
//! INDEX/manifest.json      the commit point: settings, history, segments, deletions
//! INDEX/seg-00000001.idx   one segment: a file of the single-file format
//! INDEX/seg-00000007.idx   (`format`), never changed once written
//! INDEX/LOCK               the writer lock (`commit.rs`)
//! ```
//!
//! A segment file is written whole and fsynced before the manifest that
//! names it; the manifest is replaced by rename. So a reader sees the old
//! manifest and its segments or the new one and its segments, never a torn
//! state, and a crash at any point leaves the last manifest's index whole.
//! Deleted and replaced documents are *tombstones*: their numbers inside
//! their segment, listed in the manifest, until a merge rewrites the
//! segment without them. Files no manifest names (a killed writer's, or
//! merged-away segments) are removed by the next writer.
//!
//! A reader may read a manifest just before a writer removes a segment it
//! names (after a merge); opening then finds the file gone, reads the newer
//! manifest and tries again.
//!
//! The manifest is untrusted input like the segments: its segment names must
//! be `seg-NNNNNNNN.idx` (no path can leave the folder), deletions sorted and
//! inside their segment, every segment's settings the manifest's, and each
//! segment's header checksum the one the manifest recorded.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::Document;
use crate::params::{Checked, ParamGuard};

use super::error::{IndexError, format_err, io_err};
use super::file::{IndexBytes, read_file};
use super::format::{FORMAT_VERSION, FormatError};
use super::{IndexHistory, IndexParams, IndexView, Outside};

/// The manifest's file name inside an index folder.
pub const MANIFEST: &str = "manifest.json";
/// The writer lock's file name inside an index folder.
pub const LOCK: &str = "LOCK";
/// The version of the folder layout (its segments are files of
/// [`FORMAT_VERSION`]); a result's `index.format_version` for a folder.
pub const LAYOUT_VERSION: u32 = 6;
/// What `manifest.json` says it is.
const LAYOUT: &str = "chachong-index";

/// The manifest: what an index is, at one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `chachong-index`.
    pub layout: String,
    /// [`LAYOUT_VERSION`].
    pub version: u32,
    pub params: IndexParams,
    pub history: IndexHistory,
    /// The number the next segment file will take.
    pub next_segment: u64,
    pub segments: Vec<SegmentMeta>,
}

/// One segment as the manifest names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentMeta {
    /// `seg-NNNNNNNN.idx`.
    pub file: String,
    /// Documents in the file, deleted ones included.
    pub docs: u32,
    /// The file's header checksum, so a file swapped under the name is an
    /// error.
    pub checksum: u32,
    pub bytes: u64,
    /// Deleted documents: their numbers in the file, sorted.
    #[serde(default)]
    pub deleted: Vec<u32>,
}

impl SegmentMeta {
    /// Whether `other` names the same file, unchanged (the same name,
    /// checksum and document count; tombstones may differ).
    pub fn same_file(&self, other: &SegmentMeta) -> bool {
        self.file == other.file && self.checksum == other.checksum && self.docs == other.docs
    }

    /// Documents not deleted.
    pub fn live(&self) -> u32 {
        self.docs - self.deleted.len() as u32
    }
}

/// The file name of segment number `n`.
pub(super) fn segment_name(n: u64) -> String {
    format!("seg-{n:08}.idx")
}

/// Whether `name` is a segment file's name (`seg-` digits `.idx`).
pub(super) fn is_segment_name(name: &str) -> bool {
    name.strip_prefix("seg-")
        .and_then(|r| r.strip_suffix(".idx"))
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

impl Manifest {
    /// An index of no segments yet.
    pub fn new(params: IndexParams) -> Manifest {
        Manifest {
            layout: LAYOUT.into(),
            version: LAYOUT_VERSION,
            params,
            history: IndexHistory::default(),
            next_segment: 1,
            segments: Vec::new(),
        }
    }

    /// Parses and checks a manifest's bytes.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, FormatError> {
        let m: Manifest = serde_json::from_slice(bytes)
            .map_err(|e| FormatError::Malformed(format!("manifest: {e}")))?;
        let bad = |what: String| Err(FormatError::Malformed(format!("manifest: {what}")));
        if m.layout != LAYOUT {
            return bad(format!("not a chachong index manifest ({:?})", m.layout));
        }
        if m.version != LAYOUT_VERSION {
            return bad(format!(
                "layout version {}, but this chachong reads version {LAYOUT_VERSION}: rebuild it with `chachong index`",
                m.version
            ));
        }
        let mut names = std::collections::HashSet::new();
        for s in &m.segments {
            if !is_segment_name(&s.file) || !names.insert(s.file.as_str()) {
                return bad(format!("bad or repeated segment name {:?}", s.file));
            }
            if s.docs == 0 {
                return bad(format!("segment {} holds no document", s.file));
            }
            let sorted = s.deleted.windows(2).all(|w| w[0] < w[1]);
            if !sorted || s.deleted.last().is_some_and(|&d| d >= s.docs) {
                return bad(format!("deletions of {} out of order or range", s.file));
            }
        }
        let total: u64 = m.segments.iter().map(|s| u64::from(s.docs)).sum();
        if total > u64::from(u32::MAX) {
            return bad("more than 2^32 documents".into());
        }
        Ok(m)
    }

    /// The manifest as written: pretty JSON, one style.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Documents not deleted, in all segments.
    pub fn live(&self) -> usize {
        self.segments.iter().map(|s| s.live() as usize).sum()
    }
}

/// Whether `path` is an index folder (a folder holding a manifest).
pub fn is_index_folder(path: &Path) -> bool {
    path.is_dir() && path.join(MANIFEST).is_file()
}

/// The manifest of the index folder `dir`, with its bytes.
pub(super) fn read_manifest(dir: &Path) -> Result<(Manifest, Vec<u8>), IndexError> {
    let path = dir.join(MANIFEST);
    let bytes = fs::read(&path).map_err(io_err(&path))?;
    let m = Manifest::parse(&bytes).map_err(format_err(&path))?;
    Ok((m, bytes))
}

/// One segment's file, mapped, with what the manifest says of it.
#[derive(Debug)]
struct Segment {
    path: PathBuf,
    meta: SegmentMeta,
    /// Shared with later versions that keep the segment ([`Index::reopen`]).
    bytes: std::sync::Arc<IndexBytes>,
}

/// An opened index: a folder's manifest and mapped segments, or one file
/// of the single-file format (read-only: it takes no additions).
#[derive(Debug)]
pub struct Index {
    path: PathBuf,
    manifest: Manifest,
    segments: Vec<Segment>,
    /// The format version a result records: [`LAYOUT_VERSION`] for a
    /// folder, the file's for a single file.
    format_version: u32,
    /// CRC-32 of the manifest's bytes (a folder) or the file's header
    /// checksum: it names this version of the index.
    checksum: u32,
}

/// What [`Index::stats`] gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Documents not deleted.
    pub documents: usize,
    pub segments: usize,
    /// Deleted documents still held in segments (until a merge).
    pub deleted: usize,
    pub format_version: u32,
    pub checksum: String,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub generation: u32,
    pub bytes: u64,
}

/// How often opening retries when a segment vanished under it (a writer
/// merged it away between the manifest read and the open).
const OPEN_TRIES: usize = 8;

impl Index {
    /// Opens the index at `path`: an index folder, or an index file of the
    /// single-file format.
    pub fn open(path: &Path) -> Result<Index, IndexError> {
        Index::open_reusing(path, None)
    }

    /// The version of this index folder in place now, mapping only the
    /// segments this version does not hold (the others are shared), so a
    /// long-running reader follows commits without mapping the large
    /// segments again. A single file is opened again whole.
    pub fn reopen(&self) -> Result<Index, IndexError> {
        Index::open_reusing(&self.path, Some(self))
    }

    fn open_reusing(path: &Path, old: Option<&Index>) -> Result<Index, IndexError> {
        if !path.is_dir() {
            return Index::from_file(path, read_file(path)?);
        }
        if !path.join(MANIFEST).exists() {
            return Err(IndexError::NotAnIndexFolder {
                path: path.to_path_buf(),
            });
        }
        let mut last = None;
        for _ in 0..OPEN_TRIES {
            let (manifest, bytes) = read_manifest(path)?;
            match Index::open_segments(path, manifest, &bytes, old) {
                Err(IndexError::Io { err, path: p })
                    if err.kind() == std::io::ErrorKind::NotFound =>
                {
                    last = Some(IndexError::Io { err, path: p });
                }
                other => return other,
            }
        }
        Err(last.unwrap_or(IndexError::NotAnIndexFolder {
            path: path.to_path_buf(),
        }))
    }

    /// The index the folder `dir`'s `manifest` (whose bytes are `bytes`)
    /// names, sharing the mappings of `old`'s unchanged segments.
    pub(super) fn open_segments(
        dir: &Path,
        manifest: Manifest,
        bytes: &[u8],
        old: Option<&Index>,
    ) -> Result<Index, IndexError> {
        let mut segments = Vec::with_capacity(manifest.segments.len());
        for meta in &manifest.segments {
            let path = dir.join(&meta.file);
            let kept = old.and_then(|o| o.segments.iter().find(|s| s.meta.same_file(meta)));
            if let Some(k) = kept {
                segments.push(Segment {
                    path,
                    meta: meta.clone(),
                    bytes: k.bytes.clone(),
                });
                continue;
            }
            let bytes = std::sync::Arc::new(read_file(&path)?);
            let view = IndexView::new(&bytes).map_err(format_err(&path))?;
            let fail = |what: &str| {
                Err(IndexError::Format {
                    path: path.clone(),
                    err: FormatError::Malformed(format!(
                        "{what} than the manifest says; the segment was replaced or damaged"
                    )),
                })
            };
            if view.checksum != meta.checksum {
                return fail("another checksum");
            }
            if view.len() != meta.docs as usize {
                return fail("another document count");
            }
            if *view.params != manifest.params {
                return fail("other settings");
            }
            drop(view);
            segments.push(Segment {
                path,
                meta: meta.clone(),
                bytes,
            });
        }
        Ok(Index {
            path: dir.to_path_buf(),
            checksum: crc32fast::hash(bytes),
            manifest,
            segments,
            format_version: LAYOUT_VERSION,
        })
    }

    /// An index of one file of the single-file format (or bytes built in
    /// memory), named `path` in errors.
    pub fn from_file(path: &Path, bytes: IndexBytes) -> Result<Index, IndexError> {
        let view = IndexView::new(&bytes).map_err(format_err(path))?;
        let meta = SegmentMeta {
            file: String::new(),
            docs: view.len() as u32,
            checksum: view.checksum,
            bytes: bytes.len() as u64,
            deleted: Vec::new(),
        };
        let manifest = Manifest {
            history: view.history.clone(),
            segments: vec![meta.clone()],
            ..Manifest::new(IndexParams::clone(&view.params))
        };
        let checksum = view.checksum;
        drop(view);
        Ok(Index {
            path: path.to_path_buf(),
            manifest,
            segments: vec![Segment {
                path: path.to_path_buf(),
                meta,
                bytes: std::sync::Arc::new(bytes),
            }],
            format_version: FORMAT_VERSION,
            checksum,
        })
    }

    /// Whether segment `i` of this version and of `other` are one mapping.
    #[cfg(test)]
    pub(super) fn shares_segment(&self, other: &Index, i: usize) -> bool {
        std::sync::Arc::ptr_eq(&self.segments[i].bytes, &other.segments[i].bytes)
    }

    /// The manifest (for a single file, one made up of its header).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Documents not deleted.
    pub fn len(&self) -> usize {
        self.manifest.live()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Counts and version, for `/v1/stats` and `index` summaries.
    pub fn stats(&self) -> Stats {
        let h = &self.manifest.history;
        Stats {
            documents: self.len(),
            segments: self.segments.len(),
            deleted: self.segments.iter().map(|s| s.meta.deleted.len()).sum(),
            format_version: self.format_version,
            checksum: format!("{:08x}", self.checksum),
            created: h.created.clone(),
            updated: h.updated.clone(),
            generation: h.generation,
            bytes: self.segments.iter().map(|s| s.meta.bytes).sum(),
        }
    }

    /// A consistent view of this version of the index for reading.
    pub fn snapshot(&self) -> Result<Snapshot<'_>, IndexError> {
        let params = self
            .manifest
            .params
            .clone()
            .check()
            .map_err(|e| IndexError::Format {
                path: self.path.clone(),
                err: FormatError::Malformed(e.to_string()),
            })?;
        let mut segs = Vec::with_capacity(self.segments.len());
        let mut base = 0u32;
        for s in &self.segments {
            let view = IndexView::new(&s.bytes).map_err(format_err(&s.path))?;
            segs.push(SegView {
                view,
                base,
                deleted: &s.meta.deleted,
            });
            base += s.meta.docs;
        }
        Ok(Snapshot {
            params,
            history: self.manifest.history.clone(),
            checksum: self.checksum,
            format_version: self.format_version,
            live: self.len(),
            slots: base,
            segs,
        })
    }
}

/// A term's `(doc, tf)` postings.
pub type Postings = Vec<(u32, u32)>;

/// One segment in a [`Snapshot`].
#[derive(Debug)]
struct SegView<'a> {
    view: IndexView<'a>,
    /// The number of its first document in the snapshot.
    base: u32,
    deleted: &'a [u32],
}

impl SegView<'_> {
    fn is_live(&self, local: u32) -> bool {
        self.deleted.binary_search(&local).is_err()
    }
}

/// One version of an index, as `check` reads it: documents are numbered
/// across segments in manifest order (a segment's documents after the
/// previous segment's, deleted ones keeping their numbers), and every
/// lookup leaves deleted documents out. Errors name the segment file.
#[derive(Debug)]
pub struct Snapshot<'a> {
    /// The settings every segment was built with.
    pub params: Checked<IndexParams>,
    pub history: IndexHistory,
    /// Names this version of the index ([`Index`]'s checksum).
    pub checksum: u32,
    pub format_version: u32,
    live: usize,
    slots: u32,
    segs: Vec<SegView<'a>>,
}

impl<'a> Snapshot<'a> {
    /// A snapshot of one index file's view (a single-file index, or one
    /// built in memory), with nothing deleted.
    pub fn of_view(view: IndexView<'a>) -> Snapshot<'a> {
        let n = view.len();
        Snapshot {
            params: view.params.clone(),
            history: view.history.clone(),
            checksum: view.checksum,
            format_version: FORMAT_VERSION,
            live: n,
            slots: n as u32,
            segs: vec![SegView {
                view,
                base: 0,
                deleted: &[],
            }],
        }
    }

    /// Documents not deleted.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Document numbers in use, deleted ones included: every document
    /// number is below it.
    pub fn slots(&self) -> u32 {
        self.slots
    }

    /// Segments in this version.
    pub fn segments(&self) -> usize {
        self.segs.len()
    }

    fn locate(&self, d: u32) -> Result<(&SegView<'a>, u32), FormatError> {
        let i = self.segs.partition_point(|s| s.base <= d);
        match i.checked_sub(1).map(|i| &self.segs[i]) {
            Some(s) if d - s.base < s.view.len() as u32 => Ok((s, d - s.base)),
            _ => Err(FormatError::Malformed(format!(
                "document {d} is past the index's {} documents",
                self.slots
            ))),
        }
    }

    /// The segment (its place in the manifest) and number inside it of
    /// document `d`.
    pub(super) fn segment_of(&self, d: u32) -> Result<(usize, u32), FormatError> {
        let (s, l) = self.locate(d)?;
        let i = self.segs.partition_point(|x| x.base <= s.base) - 1;
        Ok((i, l))
    }

    /// The numbers of the documents not deleted, in order.
    pub fn live_docs(&self) -> impl Iterator<Item = u32> + '_ {
        self.segs.iter().flat_map(|s| {
            (0..s.view.len() as u32)
                .filter(|&l| s.is_live(l))
                .map(move |l| s.base + l)
        })
    }

    /// The id of document `d`.
    pub fn id(&self, d: u32) -> Result<&'a str, FormatError> {
        let (s, l) = self.locate(d)?;
        s.view.id(l)
    }

    /// The stored record of document `d`, decoded and checked.
    pub fn document(&self, d: u32) -> Result<Document, FormatError> {
        let (s, l) = self.locate(d)?;
        s.view.document(l)
    }

    /// Size of document `d`'s shingle sample.
    pub fn sample_len(&self, d: u32) -> Result<u32, FormatError> {
        let (s, l) = self.locate(d)?;
        s.view.sample_len(l)
    }

    /// Norm of document `d`'s TF-IDF vector (under the IDF of the index
    /// when its segment was written).
    pub fn doc_norm(&self, d: u32) -> Result<f32, FormatError> {
        let (s, l) = self.locate(d)?;
        s.view.doc_norm(l)
    }

    /// The live document whose id is `id`, if any.
    pub fn find_id(&self, id: &str) -> Result<Option<u32>, FormatError> {
        // The newest segment first: a replaced id's older copies are deleted.
        for s in self.segs.iter().rev() {
            if let Some(l) = s.view.find_id(id)?
                && s.is_live(l)
            {
                return Ok(Some(s.base + l));
            }
        }
        Ok(None)
    }

    /// The live documents holding passage fingerprint `hash`, in order,
    /// at most `limit + 1` of them (so a caller can tell "more than
    /// `limit`").
    pub fn fingerprint_docs(&self, hash: u64, limit: usize) -> Result<Vec<u32>, FormatError> {
        self.table_docs(hash, limit, |v| &v.fingerprints)
    }

    /// The live documents holding sampled shingle `hash`, as
    /// [`Snapshot::fingerprint_docs`].
    pub fn sample_docs(&self, hash: u64, limit: usize) -> Result<Vec<u32>, FormatError> {
        self.table_docs(hash, limit, |v| &v.sample)
    }

    fn table_docs(
        &self,
        hash: u64,
        limit: usize,
        table: for<'v> fn(&'v IndexView<'a>) -> &'v super::format::SortedTable<'a>,
    ) -> Result<Vec<u32>, FormatError> {
        let mut out = Vec::new();
        for s in &self.segs {
            // Deleted documents take room in the segment's answer; ask for
            // that many more so the live ones are all seen.
            let room = limit.saturating_add(s.deleted.len());
            for l in table(&s.view).lookup(hash, room)? {
                if s.is_live(l) {
                    out.push(s.base + l);
                }
            }
            if out.len() > limit {
                out.truncate(limit + 1);
                break;
            }
        }
        Ok(out)
    }

    /// A term's document frequency over all segments (deleted documents
    /// count until merged away, as in Lucene) and its live `(doc, tf)`
    /// postings.
    pub fn term(&self, term: &str) -> Result<Option<(u32, Postings)>, FormatError> {
        let mut df = 0u32;
        let mut postings = Vec::new();
        for s in &self.segs {
            if let Some((t, n)) = s.view.term_id(term)? {
                df = df.saturating_add(n);
                for (l, tf) in s.view.postings(t)? {
                    if s.is_live(l) {
                        postings.push((s.base + l, tf));
                    }
                }
            }
        }
        Ok((df > 0).then_some((df, postings)))
    }

    /// This snapshot's documents as they stand outside new `docs` being
    /// written: how many, and each term of `docs` with its document
    /// frequency here, so the new segment's norms are under the IDF of the
    /// whole index.
    pub fn outside_of(&self, docs: &[super::DocEntry]) -> Result<Outside, FormatError> {
        let mut df = rustc_hash::FxHashMap::default();
        for e in docs {
            for (t, _) in &e.terms {
                if !df.contains_key(t) {
                    df.insert(t.clone(), self.term_df(t)?);
                }
            }
        }
        Ok(Outside {
            docs: self.slots,
            df,
        })
    }

    /// A term's document frequency over all segments.
    pub fn term_df(&self, term: &str) -> Result<u32, FormatError> {
        let mut df = 0u32;
        for s in &self.segs {
            if let Some((_, n)) = s.view.term_id(term)? {
                df = df.saturating_add(n);
            }
        }
        Ok(df)
    }
}
