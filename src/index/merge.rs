//! Merging segments, in the background of writes.
//!
//! Takes an index folder and a [`MergePolicy`] and, when the policy finds
//! segments to merge, writes their live documents as one segment and
//! names it in the manifest in their place ([`merge`]); gives what was
//! merged ([`Merged`]), or `None`.
//!
//! The heavy part runs without the writer lock, so additions go on while
//! a merge writes: the chosen segments are read as the manifest named
//! them at the start, and their documents written as a temporary file.
//! Then, under the lock, the newest manifest is read again: if a chosen
//! segment is gone (another merge took it), the merge is dropped; if
//! documents of the chosen segments were deleted or replaced meanwhile,
//! their tombstones move to the merged segment. The temporary file is
//! renamed into place and the manifest written, as in a commit; the merged
//! segments' files are removed.
//!
//! The policy is logarithmic: a segment's level is how many times
//! `factor` divides its live document count; `factor` segments of one level
//! merge into one of the next. Adding documents one at a time, each is
//! rewritten about `log_factor(N)` times, and an index holds at most
//! `factor - 1` segments per level. A segment with at least
//! `max_deleted_share` of its documents deleted is rewritten alone.

use std::path::Path;

use crate::params::ParamGuard;

use super::commit::remove_unnamed;
use super::encode::Outside;
use super::error::{IndexError, format_err};
use super::file::{publish, read_file, write_temp};
use super::lock::WriterLock;
use super::segments::{Index, MANIFEST, Manifest, SegmentMeta, read_manifest, segment_name};
use super::{DocEntry, IndexData, IndexHistory, IndexView};

/// When segments merge.
#[derive(Debug, Clone, PartialEq)]
pub struct MergePolicy {
    /// Segments of one level that merge into one of the next (at least 2).
    pub factor: u32,
    /// A segment with this share of its documents deleted is rewritten.
    pub max_deleted_share: f64,
}

impl Default for MergePolicy {
    fn default() -> Self {
        MergePolicy {
            factor: 8,
            max_deleted_share: 0.3,
        }
    }
}

impl MergePolicy {
    fn level(&self, live: u32) -> u32 {
        let (mut level, mut n) = (0, live.max(1));
        while n >= self.factor {
            n /= self.factor;
            level += 1;
        }
        level
    }

    /// The places of the segments to merge next, in manifest order, if any.
    pub fn pick(&self, segments: &[SegmentMeta]) -> Option<Vec<usize>> {
        let factor = self.factor.max(2);
        if let Some(i) = segments.iter().position(|s| {
            !s.deleted.is_empty()
                && s.deleted.len() as f64 >= self.max_deleted_share * f64::from(s.docs)
        }) {
            return Some(vec![i]);
        }
        let mut by_level: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
        for (i, s) in segments.iter().enumerate() {
            by_level.entry(self.level(s.live())).or_default().push(i);
        }
        by_level
            .into_values()
            .find(|v| v.len() >= factor as usize)
            .map(|v| v[..factor as usize].to_vec())
    }
}

/// What [`merge`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The files merged.
    pub from: Vec<String>,
    /// The file written (none when every document was deleted).
    pub into: Option<String>,
    /// Live documents in it.
    pub documents: u32,
}

/// Merges the segments `policy` picks in the index folder `dir`, if any.
/// Readers and other writers go on meanwhile; see the module doc.
pub fn merge(dir: &Path, policy: &MergePolicy) -> Result<Option<Merged>, IndexError> {
    let (m0, _) = read_manifest(dir)?;
    let Some(chosen) = policy.pick(&m0.segments) else {
        return Ok(None);
    };
    let params = m0
        .params
        .clone()
        .check()
        .map_err(|e| IndexError::Settings {
            path: dir.join(MANIFEST),
            what: e.to_string(),
        })?;
    // The chosen segments' live documents, and for each of their documents
    // its number in the merged segment.
    let (docs, renumber) = live_entries(dir, &m0, &chosen)?;
    let n_live = docs.len() as u32;
    let tmp = if docs.is_empty() {
        None
    } else {
        let outside = outside_of(dir, &m0, &chosen, &docs)?;
        let data = IndexData {
            params: params.clone(),
            docs,
            history: IndexHistory::default(),
        };
        let bytes = data.to_segment_bytes(&outside);
        let view = super::view(dir, &bytes)?;
        let (checksum, n) = (view.checksum, view.len() as u32);
        drop(view);
        let tmp = write_temp(&dir.join(segment_name(m0.next_segment)), &bytes)?;
        Some((tmp, checksum, n, bytes.len() as u64))
    };

    let _lock = WriterLock::acquire(dir, |_| {})?;
    let (mut m1, _) = read_manifest(dir)?;
    let from: Vec<String> = chosen
        .iter()
        .map(|&i| m0.segments[i].file.clone())
        .collect();
    let now: Vec<Option<usize>> = from
        .iter()
        .map(|f| m1.segments.iter().position(|s| &s.file == f))
        .collect();
    let still_there = (now.iter().zip(&chosen))
        .all(|(p, &i)| p.is_some_and(|p| m1.segments[p].same_file(&m0.segments[i])));
    if !still_there || m1.params != m0.params {
        if let Some((tmp, ..)) = tmp {
            let _ = std::fs::remove_file(tmp);
        }
        return Ok(None);
    }
    // Tombstones added since the merge started move to the merged segment.
    let mut deleted = Vec::new();
    for (k, p) in now.iter().enumerate() {
        let seg = &m1.segments[p.unwrap_or_default()];
        for &l in &seg.deleted {
            if let Some(Some(d)) = renumber[k].get(l as usize) {
                deleted.push(*d);
            }
        }
    }
    deleted.sort_unstable();
    deleted.dedup();
    let first = now.iter().flatten().copied().min().unwrap_or(0);
    let into = match tmp {
        Some((tmp, checksum, docs, bytes)) => {
            let file = segment_name(m1.next_segment);
            m1.next_segment += 1;
            publish(&tmp, &dir.join(&file))?;
            Some(SegmentMeta {
                file,
                docs,
                checksum,
                bytes,
                deleted,
            })
        }
        None => None,
    };
    let mut segments = Vec::with_capacity(m1.segments.len());
    for (i, s) in m1.segments.drain(..).enumerate() {
        if i == first
            && let Some(meta) = &into
            && meta.live() > 0
        {
            segments.push(meta.clone());
        }
        if !from.contains(&s.file) {
            segments.push(s);
        }
    }
    m1.segments = segments;
    // A merge changes no document: the history stays, the checksum of the
    // manifest (a result's `index.checksum`) changes.
    super::write_atomic(&dir.join(MANIFEST), &m1.to_bytes())?;
    let _ = remove_unnamed(dir, &m1);
    Ok(Some(Merged {
        from,
        into: into.map(|m| m.file),
        documents: n_live,
    }))
}

/// Merges one [`merge_all`] does at most.
const MAX_MERGES: usize = 64;

type Renumber = Vec<Vec<Option<u32>>>;

/// The live documents of the `chosen` segments of `m` as entries, in
/// order, and per chosen segment each document's number among them.
fn live_entries(
    dir: &Path,
    m: &Manifest,
    chosen: &[usize],
) -> Result<(Vec<DocEntry>, Renumber), IndexError> {
    let mut docs = Vec::new();
    let mut renumber = Vec::with_capacity(chosen.len());
    for &i in chosen {
        let meta = &m.segments[i];
        let path = dir.join(&meta.file);
        let bytes = read_file(&path)?;
        let view = IndexView::new(&bytes).map_err(format_err(&path))?;
        if view.checksum != meta.checksum || view.len() != meta.docs as usize {
            return Err(IndexError::Format {
                path,
                err: super::format::FormatError::Malformed(
                    "not the segment the manifest names".into(),
                ),
            });
        }
        let data = view.to_data().map_err(format_err(&path))?;
        let mut map = Vec::with_capacity(data.docs.len());
        for (l, e) in data.docs.into_iter().enumerate() {
            if meta.deleted.binary_search(&(l as u32)).is_ok() {
                map.push(None);
            } else {
                map.push(Some(docs.len() as u32));
                docs.push(e);
            }
        }
        renumber.push(map);
    }
    Ok((docs, renumber))
}

/// The documents outside the `chosen` segments of `m`, with the document
/// frequency there of each term of `docs`.
fn outside_of(
    dir: &Path,
    m: &Manifest,
    chosen: &[usize],
    docs: &[DocEntry],
) -> Result<Outside, IndexError> {
    let rest = Manifest {
        segments: (m.segments.iter().enumerate())
            .filter(|(i, _)| !chosen.contains(i))
            .map(|(_, s)| s.clone())
            .collect(),
        ..m.clone()
    };
    if rest.segments.is_empty() {
        return Ok(Outside::default());
    }
    let index = Index::open_segments(dir, rest, &[], None)?;
    index
        .snapshot()?
        .outside_of(docs)
        .map_err(|err| IndexError::Format {
            path: dir.to_path_buf(),
            err,
        })
}

/// Merges until the policy finds nothing more to merge; gives the merges
/// done.
pub fn merge_all(dir: &Path, policy: &MergePolicy) -> Result<Vec<Merged>, IndexError> {
    let mut out = Vec::new();
    // Each merge lowers the segment count or the deleted share; the bound
    // only guards against a policy that keeps picking.
    for _ in 0..MAX_MERGES {
        match merge(dir, policy)? {
            Some(m) => out.push(m),
            None => break,
        }
    }
    Ok(out)
}
