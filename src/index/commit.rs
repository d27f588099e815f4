//! Writing an index folder: additions, replacements and deletions, each
//! costing what changed.
//!
//! Takes an index folder's path and a [`Batch`] (new or replacing
//! documents as [`DocEntry`]s, ids to delete) and gives what was done
//! ([`Committed`]). Under the folder's [`WriterLock`]:
//!
//! 1. files no manifest names are removed: segments merged away, and
//!    temporary files of writers that died (never those of a live process);
//! 2. each id to delete or replace is found through the segments' id tables
//!    and becomes a tombstone in the manifest;
//! 3. the new documents are written as one new segment file (temporary
//!    file, fsync, rename, fsync the folder), their TF-IDF norms under the
//!    IDF of the whole index;
//! 4. the new manifest is written the same way: the commit point. When
//!    [`commit`] returns, the batch survives a crash; before it, the old
//!    manifest and its segments are the index.
//!
//! A second writer waits for the lock (after calling `waiting`), then
//! commits on top of the first: no update is lost. Merging segments is
//! [`super::merge`], apart, so a commit never waits for one.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;

use crate::params::Checked;

use super::encode::Outside;
use super::error::{IndexError, io_err};
use super::file::{folder_of, write_atomic};
use super::format::FormatError;
use super::lock::WriterLock;
use super::segments::{
    Index, MANIFEST, Manifest, SegmentMeta, is_index_folder, is_segment_name, read_manifest,
    segment_name,
};
use super::{DocEntry, IndexData, IndexHistory, IndexParams, now_rfc3339};

/// One write to an index.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Documents to add; one whose id is indexed replaces the old one.
    pub upserts: Vec<DocEntry>,
    /// Ids to delete.
    pub deletes: Vec<String>,
    /// Start the index afresh: the documents indexed so far are dropped
    /// (`chachong index` without `--add`).
    pub replace_all: bool,
}

/// What [`commit`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Committed {
    /// Documents in the index now.
    pub documents: usize,
    /// Documents with a new id.
    pub added: usize,
    /// Ids whose document was replaced, in batch order.
    pub replaced: Vec<String>,
    /// Ids deleted.
    pub deleted: Vec<String>,
    /// Ids asked to be deleted that the index did not hold.
    pub not_found: Vec<String>,
    /// The index's generation after the commit.
    pub generation: u32,
    /// Segments in the index now.
    pub segments: usize,
    /// Bytes of the segment written (0 when only deleting).
    pub bytes: u64,
}

/// Commits `batch` to the index folder at `path` (created when missing;
/// its parent folder must exist), under its writer lock. When another
/// writer holds the lock, calls `waiting` with the lock file's path once,
/// then waits. An index built with other settings takes no additions
/// unless `replace_all`.
pub fn commit(
    path: &Path,
    params: &Checked<IndexParams>,
    batch: Batch,
    waiting: impl FnOnce(&Path),
) -> Result<Committed, IndexError> {
    prepare_folder(path)?;
    let _lock = WriterLock::acquire(path, waiting)?;
    let mut manifest = if path.join(MANIFEST).exists() {
        read_manifest(path)?.0
    } else {
        Manifest::new(IndexParams::clone(params))
    };
    if batch.replace_all {
        manifest = Manifest {
            history: manifest.history,
            next_segment: manifest.next_segment,
            ..Manifest::new(IndexParams::clone(params))
        };
    } else if manifest.params != **params {
        return Err(IndexError::Settings {
            path: path.to_path_buf(),
            what: "normalisation or fingerprint settings differ".into(),
        });
    }
    remove_unnamed(path, &manifest)?;

    let index = Index::open_segments(path, manifest.clone(), &[])?;
    let snap = index.snapshot()?;
    let fmt = |err: FormatError| IndexError::Format {
        path: path.to_path_buf(),
        err,
    };
    let mut out = Committed::default();
    // Tombstones by segment place, sorted and unique.
    let mut tombs: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    let mut seen_deletes = std::collections::HashSet::new();
    for id in batch.deletes {
        if !seen_deletes.insert(id.clone()) {
            continue;
        }
        match snap.find_id(&id).map_err(fmt)? {
            Some(d) => {
                let (s, l) = snap.segment_of(d).map_err(fmt)?;
                tombs.entry(s).or_default().push(l);
                out.deleted.push(id);
            }
            None => out.not_found.push(id),
        }
    }
    // The last copy of an id in the batch wins; earlier ones are replaced.
    let mut upserts: Vec<DocEntry> = Vec::with_capacity(batch.upserts.len());
    let mut at: HashMap<String, usize> = HashMap::new();
    for e in batch.upserts {
        match at.get(&e.id) {
            Some(&i) => {
                out.replaced.push(e.id.clone());
                upserts[i] = e;
            }
            None => {
                at.insert(e.id.clone(), upserts.len());
                upserts.push(e);
            }
        }
    }
    for e in &upserts {
        let old = snap.find_id(&e.id).map_err(fmt)?;
        match old {
            Some(d) if !seen_deletes.contains(&e.id) => {
                let (s, l) = snap.segment_of(d).map_err(fmt)?;
                tombs.entry(s).or_default().push(l);
                if !out.replaced.contains(&e.id) {
                    out.replaced.push(e.id.clone());
                }
            }
            _ => out.added += 1,
        }
    }
    // Norms of the new documents under the IDF of the whole index.
    let outside = if upserts.is_empty() {
        Outside::default()
    } else {
        let mut df = rustc_hash::FxHashMap::default();
        for e in &upserts {
            for (t, _) in &e.terms {
                if !df.contains_key(t) {
                    df.insert(t.clone(), snap.term_df(t).map_err(fmt)?);
                }
            }
        }
        Outside {
            docs: snap.slots(),
            df,
        }
    };
    drop(snap);
    drop(index);

    for (s, mut dead) in tombs {
        let seg = &mut manifest.segments[s];
        dead.extend_from_slice(&seg.deleted);
        dead.sort_unstable();
        dead.dedup();
        seg.deleted = dead;
    }
    manifest.segments.retain(|s| s.live() > 0);
    if !upserts.is_empty() {
        let data = IndexData {
            params: params.clone(),
            docs: upserts,
            history: IndexHistory::default(),
        };
        let bytes = data.to_segment_bytes(&outside);
        let meta = write_segment(path, &mut manifest, &bytes)?;
        out.bytes = meta.bytes;
        manifest.segments.push(meta);
    }
    manifest.history = manifest.history.written_at(now_rfc3339());
    write_atomic(&path.join(MANIFEST), &manifest.to_bytes())?;
    // Segments no longer named (all deleted, or a fresh start) go now;
    // failing to remove them loses nothing, the next writer tries again.
    let _ = remove_unnamed(path, &manifest);
    out.documents = manifest.live();
    out.generation = manifest.history.generation;
    out.segments = manifest.segments.len();
    Ok(out)
}

/// Writes `bytes` as the next segment file of the folder `dir` (durably)
/// and gives what the manifest records of it.
pub(super) fn write_segment(
    dir: &Path,
    manifest: &mut Manifest,
    bytes: &[u8],
) -> Result<SegmentMeta, IndexError> {
    let file = segment_name(manifest.next_segment);
    manifest.next_segment += 1;
    let path = dir.join(&file);
    let view = super::view(&path, bytes)?;
    let meta = SegmentMeta {
        file,
        docs: view.len() as u32,
        checksum: view.checksum,
        bytes: bytes.len() as u64,
        deleted: Vec::new(),
    };
    write_atomic(&path, bytes)?;
    Ok(meta)
}

/// Makes `path` ready to be an index folder: an index folder, an empty
/// folder, or nothing yet (created; its parent must exist). Anything else
/// is refused, never written into: a single-file index (which cannot take
/// additions) or a folder or file that is not an index.
fn prepare_folder(path: &Path) -> Result<(), IndexError> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            if is_index_folder(path) {
                return Ok(());
            }
            let empty = fs::read_dir(path)
                .map_err(io_err(path))?
                .all(|e| e.is_ok_and(|e| e.file_name() == super::segments::LOCK));
            if empty {
                Ok(())
            } else {
                Err(IndexError::NotAnIndexFolder {
                    path: path.to_path_buf(),
                })
            }
        }
        Ok(_) => Err(IndexError::SingleFile {
            path: path.to_path_buf(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = folder_of(path);
            if !parent.is_dir() {
                return Err(IndexError::NoFolder {
                    path: path.to_path_buf(),
                    folder: parent,
                });
            }
            match fs::create_dir(path) {
                Ok(()) => Ok(()),
                // Another writer made it first.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
                Err(e) => Err(io_err(path)(e)),
            }
        }
        Err(e) => Err(io_err(path)(e)),
    }
}

/// Removes, from the index folder `dir`, the segment files `manifest` does
/// not name and the temporary files (`.NAME.tmp-PID-N`) of processes no
/// longer running. Never a file of another shape, and never a temporary
/// file of this process (a merge may be writing it). Call holding the
/// writer lock: then every unnamed segment is garbage, since writers name
/// a segment in the manifest before they release the lock.
pub(super) fn remove_unnamed(dir: &Path, manifest: &Manifest) -> Result<(), IndexError> {
    let named: std::collections::HashSet<&str> =
        manifest.segments.iter().map(|s| s.file.as_str()).collect();
    for entry in fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let garbage = if is_segment_name(&name) {
            !named.contains(name.as_str())
        } else {
            temp_of_dead_process(&name)
        };
        if garbage && entry.file_type().is_ok_and(|t| t.is_file()) {
            let path = entry.path();
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_err(&path)(e)),
            }
        }
    }
    Ok(())
}

/// Whether `name` is a temporary file `.X.tmp-PID-N` whose process `PID`
/// is not this one and no longer runs (as `/proc` tells; where there is
/// no `/proc`, every process counts as running and nothing is removed).
fn temp_of_dead_process(name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix('.')
        .and_then(|n| n.rsplit_once(".tmp-"))
        .map(|(_, r)| r)
    else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some((pid, n)) = rest.split_once('-') else {
        return false;
    };
    if !digits(pid) || !digits(n) || pid == std::process::id().to_string() {
        return false;
    }
    Path::new("/proc/self").exists() && !Path::new("/proc").join(pid).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_temp_files_of_dead_processes_are_garbage() {
        let me = std::process::id();
        assert!(!temp_of_dead_process(&format!(
            ".seg-00000001.idx.tmp-{me}-0"
        )));
        assert!(!temp_of_dead_process(".seg-1.idx.tmp-1-0"), "pid 1 runs");
        assert!(temp_of_dead_process(".manifest.json.tmp-4000001-3"));
        for name in [
            ".manifest.json.tmp-4000001-",
            ".manifest.json.tmp--3",
            "manifest.json.tmp-4000001-3",
            ".manifest.json.tmp-4000001-3.keep",
            ".notes",
        ] {
            assert!(!temp_of_dead_process(name), "{name}");
        }
    }
}
