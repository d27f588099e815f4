//! The service's one door into the index: every call into
//! [`crate::index`] and [`crate::check::check`] the service makes is here.
//!
//! Takes the path of an index folder that exists and gives a [`Store`]:
//! checks of drafts, stored documents by id, commits of upserts and
//! deletes (durable when [`Store::commit`] returns), statistics and similar
//! documents.
//!
//! Reads open the index's current version ([`crate::index::Index`]) and
//! keep it while its manifest is the one in place: a commit, a merge, or an
//! `index --add` by another process renames a new manifest over it, and the
//! next read sees the new inode and opens the new version (mapping its
//! segments), while reads already running finish on the old one. A commit
//! writes one segment and a manifest under the folder's writer lock
//! ([`crate::index::commit`]), so it costs what it adds, not the index;
//! [`Store::start_merger`] merges segments on a thread of its own, so a
//! commit never waits for a merge.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use serde::Serialize;

use crate::analyze::{AnalyzeParams, Analyzed};
use crate::check::{CheckParams, DraftReport, check};
use crate::corpus::Document;
use crate::index::segments::MANIFEST;
use crate::index::{
    self, Batch, DocEntry, Index, IndexError, IndexParams, MergePolicy, format_err,
};
use crate::params::{Checked, ParamGuard};
use crate::segment::Segmenter;

/// What a commit did (the index's own answer).
pub use crate::index::Committed;

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
    current: Mutex<Current>,
    /// Commits since the merger last looked; the merger waits on it.
    pending: Arc<(Mutex<Merges>, Condvar)>,
}

/// The version of the index open now, and what identified its manifest.
#[derive(Debug)]
struct Current {
    key: FileKey,
    index: Arc<Index>,
}

/// What the merger is told.
#[derive(Debug, Default)]
struct Merges {
    commits: u64,
    stop: bool,
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

/// What the index holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub documents: usize,
    /// Segment files of the index.
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
    /// Opens the index folder at `path`, which must exist and be readable.
    /// A single-file index is refused: it takes no additions.
    pub fn open(path: &Path) -> Result<Store, IndexError> {
        if !index::is_index_folder(path) {
            return Err(if path.is_dir() || !path.exists() {
                IndexError::NotAnIndexFolder {
                    path: path.to_path_buf(),
                }
            } else {
                IndexError::SingleFile {
                    path: path.to_path_buf(),
                }
            });
        }
        let key = key_of(&path.join(MANIFEST))?;
        let index = Index::open(path)?;
        let params = index
            .manifest()
            .params
            .clone()
            .check()
            .map_err(|e| IndexError::Settings {
                path: path.join(MANIFEST),
                what: e.to_string(),
            })?;
        Ok(Store {
            path: path.to_path_buf(),
            params,
            current: Mutex::new(Current {
                key,
                index: Arc::new(index),
            }),
            pending: Arc::default(),
        })
    }

    /// The index folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The version of the index in place now, opened again only when its
    /// manifest was replaced since. Opening happens under the lock, so
    /// concurrent readers open a new version once.
    fn index(&self) -> Result<Arc<Index>, IndexError> {
        let manifest = self.path.join(MANIFEST);
        let mut cur = self.current.lock().unwrap_or_else(|p| p.into_inner());
        let key = key_of(&manifest)?;
        if cur.key != key {
            let index = cur.index.reopen()?;
            // The manifest may have changed again while opening; the key
            // read before opening is at least as old as what was opened,
            // so the next read looks again.
            *cur = Current {
                key,
                index: Arc::new(index),
            };
        }
        Ok(cur.index.clone())
    }

    /// Runs `f` on a consistent version of the index.
    fn with_view<T>(
        &self,
        f: impl FnOnce(&index::Snapshot) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let index = self.index()?;
        let snap = index.snapshot()?;
        f(&snap)
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
        self.with_view(|v| match v.find_id(id).map_err(format_err(&self.path))? {
            Some(d) => Ok(Some(v.document(d).map_err(format_err(&self.path))?)),
            None => Ok(None),
        })
    }

    /// Upserts and deletes in one commit under the index's writer lock:
    /// one new segment and a new manifest; durable (files and folder
    /// fsynced) when it returns. Wakes the merger.
    pub fn commit(
        &self,
        upserts: Vec<Analyzed>,
        deletes: Vec<String>,
    ) -> Result<Committed, StoreError> {
        let batch = Batch {
            upserts: upserts
                .iter()
                .map(|a| DocEntry::new(a, &self.params))
                .collect(),
            deletes,
            replace_all: false,
        };
        let done = index::commit(&self.path, &self.params, batch, |_| {})?;
        let (lock, wake) = &*self.pending;
        lock.lock().unwrap_or_else(|p| p.into_inner()).commits += 1;
        wake.notify_one();
        Ok(done)
    }

    /// Starts the merger: a thread that, after commits, merges segments as
    /// [`MergePolicy::default`] says until there is nothing to merge, and
    /// stops when [`Store::stop_merger`] is called. A merge cut short by
    /// the process ending loses nothing (its file is not named by any
    /// manifest, and the next writer removes it). A merge that fails is
    /// logged and tried again after the next commit.
    pub fn start_merger(self: &Arc<Self>) -> std::thread::JoinHandle<()> {
        let store = self.clone();
        std::thread::spawn(move || {
            let (lock, wake) = &*store.pending;
            let mut seen = 0;
            // Merge once at start, for segments an earlier run left.
            let mut due = true;
            loop {
                if due {
                    match index::merge_all(&store.path, &MergePolicy::default()) {
                        Ok(done) if !done.is_empty() => {
                            tracing::info!(merges = done.len(), "segments merged")
                        }
                        Ok(_) => {}
                        Err(e) => tracing::error!(error = %e, "merging segments failed"),
                    }
                }
                let mut m = lock.lock().unwrap_or_else(|p| p.into_inner());
                while !m.stop && m.commits == seen {
                    m = wake.wait(m).unwrap_or_else(|p| p.into_inner());
                }
                if m.stop {
                    return;
                }
                seen = m.commits;
                due = true;
            }
        })
    }

    /// Tells the merger to stop after the merge it is doing, if any.
    pub fn stop_merger(&self) {
        let (lock, wake) = &*self.pending;
        lock.lock().unwrap_or_else(|p| p.into_inner()).stop = true;
        wake.notify_all();
    }

    /// What the index holds now.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let s = self.index()?.stats();
        Ok(Stats {
            documents: s.documents,
            segments: s.segments,
            format_version: s.format_version,
            generation: u64::from(s.generation),
            created: s.created,
            updated: s.updated,
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
