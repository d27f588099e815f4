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

    let index = Index::open_segments(path, manifest.clone(), &[], None)?;
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
        snap.outside_of(&upserts).map_err(fmt)?
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
    use crate::analyze::Analyzed;
    use crate::corpus::{Document, Format};
    use crate::index::{MergePolicy, Snapshot, merge, merge_all};
    use crate::params::ParamGuard;
    use crate::segment::Segmenter;

    const TEXTS: [&str; 4] = [
        "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究工作。",
        "今天天气晴朗，气温十八度，适合户外运动和郊游，市民纷纷走出家门享受春光。",
        "海洋里生活着数以万计的浮游生物，它们是整个海洋食物链的基础，科学家连续观测了三个季节。",
        "青岛全面助推工业互联网发展，卡奥斯平台连接企业八十万家，服务企业超过十万家。",
    ];

    fn entry(id: &str, text: &str) -> DocEntry {
        let doc = Document::new(id, Format::Text, text);
        let a = Analyzed::new(doc, Segmenter::shared(), &Default::default()).0;
        DocEntry::new(&a, &IndexParams::default().check().unwrap())
    }

    fn add(dir: &Path, docs: &[(&str, &str)], deletes: &[&str]) -> Committed {
        let batch = Batch {
            upserts: docs.iter().map(|(i, t)| entry(i, t)).collect(),
            deletes: deletes.iter().map(|s| s.to_string()).collect(),
            replace_all: false,
        };
        commit(dir, &IndexParams::default().check().unwrap(), batch, |_| {
            panic!("no other writer")
        })
        .unwrap()
    }

    fn live_ids(dir: &Path) -> Vec<String> {
        let ix = Index::open(dir).unwrap();
        let snap = ix.snapshot().unwrap();
        let mut ids: Vec<String> = snap
            .live_docs()
            .map(|d| snap.id(d).unwrap().into())
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn an_addition_writes_one_segment_and_leaves_the_others_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("c.idx");
        let c = add(&dir, &[("a", TEXTS[0]), ("b", TEXTS[1])], &[]);
        assert_eq!((c.documents, c.added, c.segments), (2, 2, 1));
        let first = fs::read(dir.join("seg-00000001.idx")).unwrap();
        let c = add(&dir, &[("c", TEXTS[2])], &[]);
        assert_eq!(
            (c.documents, c.added, c.segments, c.generation),
            (3, 1, 2, 2)
        );
        assert_eq!(fs::read(dir.join("seg-00000001.idx")).unwrap(), first);
        assert!(
            c.bytes < first.len() as u64,
            "{} >= {}",
            c.bytes,
            first.len()
        );
        assert_eq!(live_ids(&dir), ["a", "b", "c"]);
    }

    #[test]
    fn reopening_after_a_commit_maps_only_the_new_segment() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("c.idx");
        add(&dir, &[("a", TEXTS[0]), ("b", TEXTS[1])], &[]);
        let first = Index::open(&dir).unwrap();
        add(&dir, &[("c", TEXTS[2])], &["a"]);
        let second = first.reopen().unwrap();
        assert!(second.shares_segment(&first, 0));
        assert_eq!(second.len(), 2);
        let snap = second.snapshot().unwrap();
        assert_eq!(snap.find_id("a").unwrap(), None);
        assert!(snap.find_id("c").unwrap().is_some());
        // The old version still answers as it was.
        assert_eq!(first.snapshot().unwrap().find_id("a").unwrap(), Some(0));
    }

    #[test]
    fn a_replaced_or_deleted_document_is_gone_from_every_lookup() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("c.idx");
        add(&dir, &[("a", TEXTS[0]), ("b", TEXTS[1])], &[]);
        let c = add(&dir, &[("a", TEXTS[3])], &[]);
        assert_eq!((c.documents, c.added), (2, 0));
        assert_eq!(c.replaced, ["a"]);
        let c = add(&dir, &[], &["b", "nope", "b"]);
        assert_eq!(c.deleted, ["b"]);
        assert_eq!(c.not_found, ["nope"]);
        assert_eq!((c.documents, c.bytes), (1, 0));

        let ix = Index::open(&dir).unwrap();
        let snap = ix.snapshot().unwrap();
        assert_eq!(snap.len(), 1);
        let d = snap.find_id("a").unwrap().unwrap();
        assert!(snap.document(d).unwrap().text.starts_with("青岛"));
        assert_eq!(snap.find_id("b").unwrap(), None);
        // The old `a` and `b` hold fingerprints no lookup gives any more.
        for text in [TEXTS[0], TEXTS[1]] {
            let e = entry("x", text);
            for &h in &e.fingerprints {
                assert!(snap.fingerprint_docs(h, 10).unwrap().is_empty());
            }
        }
        for &h in &entry("x", TEXTS[3]).fingerprints {
            assert_eq!(snap.fingerprint_docs(h, 10).unwrap(), [d]);
        }
        // The first segment holds nothing live any more: it is dropped,
        // its terms with it.
        assert_eq!(snap.segments(), 1);
        assert!(snap.term("天气").unwrap().is_none());
        assert!(!dir.join("seg-00000001.idx").exists());
    }

    #[test]
    fn norms_of_a_new_segment_are_under_the_idf_of_the_whole_index() {
        let tmp = tempfile::tempdir().unwrap();
        let (whole, parts) = (tmp.path().join("w.idx"), tmp.path().join("p.idx"));
        let all: Vec<(&str, &str)> = vec![
            ("a", TEXTS[0]),
            ("b", TEXTS[1]),
            ("c", TEXTS[2]),
            ("d", TEXTS[3]),
        ];
        add(&whole, &all, &[]);
        add(&parts, &all[..3], &[]);
        add(&parts, &all[3..], &[]);
        let (w, p) = (Index::open(&whole).unwrap(), Index::open(&parts).unwrap());
        let (w, p) = (w.snapshot().unwrap(), p.snapshot().unwrap());
        let norm = |s: &Snapshot, id: &str| s.doc_norm(s.find_id(id).unwrap().unwrap()).unwrap();
        assert!((norm(&w, "d") - norm(&p, "d")).abs() < 1e-6);
    }

    #[test]
    fn merges_keep_every_live_document_and_drop_the_deleted() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("c.idx");
        for i in 0..9 {
            let id = format!("d{i}");
            add(&dir, &[(id.as_str(), TEXTS[i % 4])], &[]);
        }
        add(&dir, &[], &["d3"]);
        assert_eq!(read_manifest(&dir).unwrap().0.segments.len(), 8);
        let policy = MergePolicy {
            factor: 4,
            ..MergePolicy::default()
        };
        let merged = merge_all(&dir, &policy).unwrap();
        assert!(!merged.is_empty());
        let m = read_manifest(&dir).unwrap().0;
        assert!(m.segments.len() < 4, "{m:?}");
        let mut want: Vec<String> = (0..9)
            .filter(|&i| i != 3)
            .map(|i| format!("d{i}"))
            .collect();
        want.sort();
        assert_eq!(live_ids(&dir), want);
        // Files merged away are gone; only named segments remain.
        let files: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| is_segment_name(n))
            .collect();
        assert_eq!(files.len(), m.segments.len(), "{files:?}");
        assert_eq!(merge(&dir, &policy).unwrap(), None);
    }

    #[test]
    fn a_deletion_while_a_merge_writes_moves_to_the_merged_segment() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("c.idx");
        for (i, text) in TEXTS.iter().enumerate() {
            let id = format!("d{i}");
            add(&dir, &[(id.as_str(), text)], &[]);
        }
        let policy = MergePolicy {
            factor: 4,
            ..MergePolicy::default()
        };
        // Hold the lock, let the merge write its file and wait for the
        // lock, delete `d2` meanwhile (as another writer would), release.
        let lock = WriterLock::acquire(&dir, |_| {}).unwrap();
        let merging = {
            let dir = dir.clone();
            let policy = policy.clone();
            std::thread::spawn(move || merge(&dir, &policy))
        };
        let temp_written = || {
            fs::read_dir(&dir)
                .unwrap()
                .any(|e| e.unwrap().file_name().to_string_lossy().contains(".tmp-"))
        };
        let start = std::time::Instant::now();
        while !temp_written() {
            assert!(
                start.elapsed().as_secs() < 60,
                "the merge never wrote its file"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let (mut m, _) = read_manifest(&dir).unwrap();
        m.segments[2].deleted = vec![0];
        write_atomic(&dir.join(MANIFEST), &m.to_bytes()).unwrap();
        drop(lock);
        let merged = merging.join().unwrap().unwrap().unwrap();
        assert_eq!(merged.from.len(), 4);
        assert_eq!(live_ids(&dir), ["d0", "d1", "d3"]);
        let m = read_manifest(&dir).unwrap().0;
        assert_eq!(m.segments.len(), 1);
        assert_eq!(m.segments[0].deleted.len(), 1);
    }

    #[test]
    fn a_crafted_manifest_is_an_error_never_a_path_outside_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("c.idx");
        add(&dir, &[("a", TEXTS[0])], &[]);
        let (good, _) = read_manifest(&dir).unwrap();
        type Craft = Box<dyn Fn(&mut Manifest)>;
        let cases: Vec<(&str, Craft)> = vec![
            (
                "a path",
                Box::new(|m| m.segments[0].file = "../seg-00000001.idx".into()),
            ),
            (
                "another name",
                Box::new(|m| m.segments[0].file = "seg-00000002.idx".into()),
            ),
            ("a checksum", Box::new(|m| m.segments[0].checksum ^= 1)),
            ("a count", Box::new(|m| m.segments[0].docs = 2)),
            ("a deletion", Box::new(|m| m.segments[0].deleted = vec![5])),
            ("a version", Box::new(|m| m.version = 99)),
        ];
        for (what, f) in cases {
            let mut m = good.clone();
            f(&mut m);
            fs::write(dir.join(MANIFEST), m.to_bytes()).unwrap();
            assert!(Index::open(&dir).is_err(), "{what}");
        }
        fs::write(dir.join(MANIFEST), b"{not json").unwrap();
        let err = Index::open(&dir).unwrap_err().to_string();
        assert!(err.contains("manifest.json"), "{err}");
    }

    #[test]
    fn a_single_file_index_is_read_but_refused_for_writes() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("old.idx");
        let data = IndexData {
            params: IndexParams::default().check().unwrap(),
            docs: vec![entry("a", TEXTS[0])],
            history: IndexHistory::default(),
        };
        fs::write(&file, data.to_bytes()).unwrap();
        let ix = Index::open(&file).unwrap();
        assert_eq!(ix.snapshot().unwrap().find_id("a").unwrap(), Some(0));
        let batch = Batch {
            upserts: vec![entry("b", TEXTS[1])],
            ..Batch::default()
        };
        let err = commit(
            &file,
            &IndexParams::default().check().unwrap(),
            batch,
            |_| {},
        )
        .unwrap_err();
        assert!(matches!(err, IndexError::SingleFile { .. }), "{err}");
        assert!(err.to_string().contains("chachong index"), "{err}");
        assert_eq!(fs::read(&file).unwrap(), data.to_bytes());
    }

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
