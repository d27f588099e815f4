//! The service's one door into the index: every call into
//! [`crate::index`] and [`crate::check::check`] the service makes is here.
//!
//! Takes the path of an index that exists and gives a [`Store`]: checks of
//! drafts, stored documents by id, commits of upserts and deletes (durable
//! when [`Store::commit`] returns), statistics and similar documents.
//!
//! Today's index is one file, so this is a stand-in over it: readers map
//! the file and keep the mapping while it is the file in place (a commit,
//! or an `index --add` by another process, renames a new file over it; the
//! next read sees the new inode and maps it afresh); a commit takes the
//! index's [`WriterLock`], reads the old index whole, applies the upserts
//! (an id already indexed is replaced in its place) and the deletes, and
//! writes the new file atomically, so it costs a rewrite of the index. The
//! segmented index (issue 17) replaces the insides of this file and keeps
//! its surface.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::analyze::{AnalyzeParams, Analyzed};
use crate::check::{CheckParams, DraftReport, check};
use crate::corpus::Document;
use crate::index::format::{FORMAT_VERSION, FormatError};
use crate::index::{
    DocEntry, IndexBytes, IndexData, IndexError, IndexHistory, IndexParams, IndexView, WriterLock,
    format_err, now_rfc3339, read_file, read_for_add, view,
};
use crate::params::{Checked, ParamGuard};
use crate::segment::Segmenter;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The index holds no documents: a check would pass every draft.
    #[error("the index holds no documents, so every draft would pass; add documents first")]
    Empty,
}

/// The index a service answers from (see the module doc).
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    params: Checked<IndexParams>,
    snapshot: Mutex<Snapshot>,
}

/// The mapped file and what identified it when mapped.
#[derive(Debug)]
struct Snapshot {
    key: FileKey,
    bytes: Arc<IndexBytes>,
}

/// A file's identity and version: a rename over it changes the inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileKey {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_ns: i64,
}

fn key_of(path: &Path) -> Result<FileKey, IndexError> {
    let m = std::fs::metadata(path).map_err(|err| IndexError::Io {
        path: path.to_path_buf(),
        err,
    })?;
    Ok(FileKey {
        dev: m.dev(),
        ino: m.ino(),
        len: m.len(),
        mtime_ns: m.mtime() * 1_000_000_000 + m.mtime_nsec(),
    })
}

/// What a commit did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Committed {
    /// Documents in the index after the commit.
    pub documents: usize,
    /// Documents with a new id.
    pub added: usize,
    /// Ids already indexed whose document was replaced.
    pub replaced: Vec<String>,
    /// Ids deleted.
    pub deleted: Vec<String>,
    /// Ids asked to be deleted that the index did not hold.
    pub not_found: Vec<String>,
    /// Writes of the index, this one included.
    pub generation: u64,
}

/// What the index holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub documents: usize,
    /// Parts the index is stored in (1: today's index is one file).
    pub segments: usize,
    pub format_version: u32,
    pub generation: u64,
    pub created: Option<String>,
    pub updated: Option<String>,
}

/// A document like a query, with scores computed exactly on the pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similar {
    pub id: String,
    pub title: Option<String>,
    /// Share of the query's body characters copied from it.
    pub copy_ratio: f64,
    /// Containment of the query's 5-gram shingles in it, when it is the
    /// document with the highest.
    pub containment: Option<f64>,
    /// Jaccard of the two shingle sets, when a near duplicate.
    pub jaccard: Option<f64>,
    /// Containment of the smaller shingle set in the larger, when a near
    /// duplicate.
    pub containment_of_smaller: Option<f64>,
}

impl Store {
    /// Opens the index at `path`, which must exist and be readable.
    pub fn open(path: &Path) -> Result<Store, IndexError> {
        let key = key_of(path)?;
        let bytes = Arc::new(read_file(path)?);
        let params = view(path, &bytes)?.params;
        Ok(Store {
            path: path.to_path_buf(),
            params,
            snapshot: Mutex::new(Snapshot { key, bytes }),
        })
    }

    /// The index file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The bytes of the index in place now, mapped again only when the
    /// file was replaced since.
    fn bytes(&self) -> Result<Arc<IndexBytes>, IndexError> {
        let key = key_of(&self.path)?;
        let mut snap = self.snapshot.lock().unwrap_or_else(|p| p.into_inner());
        if snap.key != key {
            let bytes = Arc::new(read_file(&self.path)?);
            *snap = Snapshot { key, bytes };
        }
        Ok(snap.bytes.clone())
    }

    /// Runs `f` on a consistent view of the index.
    fn with_view<T>(
        &self,
        f: impl FnOnce(&IndexView) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let bytes = self.bytes()?;
        let v = view(&self.path, &bytes)?;
        f(&v)
    }

    /// `doc` analysed with the index's normalisation, ready for
    /// [`Store::commit`].
    pub fn analyze(&self, doc: Document, segmenter: &Segmenter) -> Analyzed {
        let front = AnalyzeParams {
            norm: self.params.checked_norm(),
            ..AnalyzeParams::default()
        };
        Analyzed::new(doc, segmenter, &front).0
    }

    /// Checks one draft, as `chachong check` does. With a segmenter,
    /// rewrites are looked for too. An index holding no documents is an
    /// error ([`StoreError::Empty`]), as it is for the command.
    pub fn check(
        &self,
        draft: Document,
        seg: Option<&Segmenter>,
        p: &Checked<CheckParams>,
    ) -> Result<DraftReport, StoreError> {
        self.with_view(|v| {
            if v.is_empty() {
                return Err(StoreError::Empty);
            }
            Ok(check(v, draft, seg, p).map_err(format_err(&self.path))?)
        })
    }

    /// The stored document with this id, if any.
    pub fn document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        self.with_view(|v| match find(v, id).map_err(format_err(&self.path))? {
            Some(d) => Ok(Some(v.document(d).map_err(format_err(&self.path))?)),
            None => Ok(None),
        })
    }

    /// Upserts then deletes, in one write of the index under its writer
    /// lock; durable (file and folder fsynced) when it returns.
    pub fn commit(
        &self,
        upserts: Vec<Analyzed>,
        deletes: Vec<String>,
    ) -> Result<Committed, StoreError> {
        let lock = WriterLock::acquire(&self.path, |_| {})?;
        lock.remove_stale_temps()?;
        let mut data = if self.path.exists() {
            read_for_add(&self.path, &self.params)?
        } else {
            IndexData {
                params: self.params.clone(),
                docs: Vec::new(),
                history: IndexHistory::default(),
            }
        };
        let entries: Vec<DocEntry> = upserts
            .iter()
            .map(|a| DocEntry::new(a, &self.params))
            .collect();
        let added = data.add(entries);
        let mut deleted = Vec::new();
        let mut not_found = Vec::new();
        for id in deletes {
            match data.docs.iter().position(|d| d.id == id) {
                Some(i) => {
                    data.docs.remove(i);
                    deleted.push(id);
                }
                None => not_found.push(id),
            }
        }
        data.history = data.history.written_at(now_rfc3339());
        lock.write(&data.to_bytes())?;
        Ok(Committed {
            documents: data.docs.len(),
            added: added.added,
            replaced: added.replaced,
            deleted,
            not_found,
            generation: u64::from(data.history.generation),
        })
    }

    /// What the index holds now.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        self.with_view(|v| {
            Ok(Stats {
                documents: v.len(),
                segments: 1,
                format_version: FORMAT_VERSION,
                generation: u64::from(v.history.generation),
                created: v.history.created.clone(),
                updated: v.history.updated.clone(),
            })
        })
    }

    /// The indexed documents most like `query`, at most `limit`, with
    /// scores exact on each pair: `check`'s sources (copied share), highest
    /// containment and near duplicates. A query that is a stored document
    /// (same id) leaves that document out.
    pub fn similar(&self, query: Document, limit: usize) -> Result<Vec<Similar>, StoreError> {
        let own = query.id.clone();
        // Leave the query's own record out before candidates are counted,
        // so it takes no candidate's place: its id as an exact pattern (a
        // glob when escaped, else a plain id, which also names a source of
        // that name). Ids with `=` or ending in `/` would read as another
        // kind of pattern; those are only filtered out of the results.
        let escaped = glob::Pattern::escape(&own);
        let allow = if escaped.contains('=') || escaped.ends_with('/') {
            Vec::new()
        } else {
            vec![escaped]
        };
        let params = CheckParams {
            allow,
            ..CheckParams::default()
        }
        .check()
        .unwrap_or_default();
        let report = self.check(query, None, &params)?;
        let mut out: Vec<Similar> = Vec::new();
        fn entry<'a>(out: &'a mut Vec<Similar>, id: &str, title: Option<&str>) -> &'a mut Similar {
            let at = match out.iter().position(|s| s.id == id) {
                Some(i) => i,
                None => {
                    out.push(Similar {
                        id: id.to_string(),
                        title: title.map(str::to_string),
                        copy_ratio: 0.0,
                        containment: None,
                        jaccard: None,
                        containment_of_smaller: None,
                    });
                    out.len() - 1
                }
            };
            &mut out[at]
        }
        for s in &report.sources {
            entry(&mut out, &s.id, s.title.as_deref()).copy_ratio = s.ratio;
        }
        if let Some(mc) = &report.max_containment {
            entry(&mut out, &mc.source, None).containment = Some(mc.containment);
        }
        for n in &report.near_duplicates {
            let e = entry(&mut out, &n.source, n.title.as_deref());
            e.jaccard = Some(n.jaccard);
            e.containment_of_smaller = Some(n.containment);
        }
        out.retain(|s| s.id != own);
        let score = |s: &Similar| {
            s.copy_ratio
                .max(s.containment.unwrap_or(0.0))
                .max(s.jaccard.unwrap_or(0.0))
                .max(s.containment_of_smaller.unwrap_or(0.0))
        };
        out.sort_by(|a, b| score(b).total_cmp(&score(a)).then_with(|| a.id.cmp(&b.id)));
        out.truncate(limit);
        Ok(out)
    }
}

/// The number of the document with this id (a scan of the id table).
fn find(v: &IndexView, id: &str) -> Result<Option<u32>, FormatError> {
    for d in 0..v.len() as u32 {
        if v.id(d)? == id {
            return Ok(Some(d));
        }
    }
    Ok(None)
}
