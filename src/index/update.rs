//! Writing an index file: a new index, or new documents added to the old
//! one (`index --add`).
//!
//! Takes the [`IndexData`] of newly read documents and the index path and
//! writes the index ([`write_index`]) under the index's [`WriterLock`]:
//! stale temporary files of killed writers are removed; with `add`, the old
//! index is read whole into memory (never mapped, [`read_owned`]), must
//! have the same settings, and the new documents are merged into it
//! ([`IndexData::add`]: a document whose id is already indexed replaces the
//! old one in its place and is named, new ids are appended). Vocabulary,
//! postings and IDF are rebuilt over all documents when the file is
//! encoded. Gives what was done ([`Written`]).

use std::path::Path;

use rustc_hash::FxHashMap;

use super::error::{IndexError, format_err};
use super::file::read_owned;
use super::lock::WriterLock;
use super::params::now_rfc3339;
use super::{DocEntry, IndexData, IndexHistory, IndexParams, view};

/// What [`IndexData::add`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Added {
    /// Documents with a new id, appended.
    pub added: usize,
    /// Ids already indexed whose document was replaced, in batch order.
    pub replaced: Vec<String>,
}

impl IndexData {
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
}

/// What [`write_index`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Documents in the index written.
    pub documents: usize,
    /// New and replaced documents.
    pub added: Added,
    /// Size of the index file.
    pub bytes: usize,
}

/// Writes `new` as the index at `path`, or with `add` adds it to the index
/// already there (when there is one), under the index's writer lock. When
/// another writer holds the lock, calls `waiting` with the lock file's path
/// once, then waits for it.
pub fn write_index(
    path: &Path,
    new: IndexData,
    add: bool,
    waiting: impl FnOnce(&Path),
) -> Result<Written, IndexError> {
    let lock = WriterLock::acquire(path, waiting)?;
    lock.remove_stale_temps()?;
    let mut data = if add && path.exists() {
        read_for_add(path, &new.params)?
    } else {
        IndexData {
            params: new.params.clone(),
            docs: Vec::new(),
            history: IndexHistory::default(),
        }
    };
    let added = data.add(new.docs);
    data.history = data.history.written_at(now_rfc3339());
    let bytes = data.to_bytes();
    lock.write(&bytes)?;
    Ok(Written {
        documents: data.docs.len(),
        added,
        bytes: bytes.len(),
    })
}

/// The index at `path` read back into memory (never mapped: another
/// program shrinking the file in place must not crash us), when it was
/// built with the same settings as `params`.
pub fn read_for_add(path: &Path, params: &IndexParams) -> Result<IndexData, IndexError> {
    let bytes = read_owned(path)?;
    let view = view(path, &bytes)?;
    if *view.params != *params {
        return Err(IndexError::Settings {
            path: path.to_path_buf(),
            what: "normalisation or fingerprint settings differ".into(),
        });
    }
    view.to_data().map_err(format_err(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzed;
    use crate::corpus::{Document, Format};
    use crate::params::{Checked, ParamGuard};
    use crate::segment::Segmenter;

    fn entry(id: &str, text: &str) -> DocEntry {
        let doc = Document::new(id, Format::Text, text);
        let a = Analyzed::new(doc, Segmenter::shared(), &Default::default()).0;
        DocEntry::new(&a, &Checked::default())
    }

    const A: &str =
        "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究。";
    const B: &str = "今天天气晴朗，气温十八度，适合户外运动和郊游，市民纷纷走出家门享受春光。";

    #[test]
    fn add_replaces_in_place_and_names_replaced_ids() {
        let mut data = IndexData {
            params: Checked::default(),
            docs: vec![entry("a", A), entry("b", A)],
            history: Default::default(),
        };
        let added = data.add(vec![entry("b", B), entry("c", B), entry("c", A)]);
        assert_eq!(
            added,
            Added {
                added: 1,
                replaced: vec!["b".into(), "c".into()]
            }
        );
        let ids: Vec<&str> = data.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(data.docs[1].fingerprints, entry("b", B).fingerprints);
        assert_eq!(data.docs[2].fingerprints, entry("c", A).fingerprints);
    }

    #[test]
    fn write_index_adds_to_the_old_index_and_refuses_other_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.idx");
        let batch = |docs| IndexData {
            params: Checked::default(),
            docs,
            history: Default::default(),
        };
        let no_wait = |_: &Path| panic!("no other writer");
        let w = write_index(&path, batch(vec![entry("a", A)]), true, no_wait).unwrap();
        assert_eq!((w.documents, w.added.added), (1, 1));
        let w = write_index(
            &path,
            batch(vec![entry("a", B), entry("b", B)]),
            true,
            no_wait,
        )
        .unwrap();
        assert_eq!(w.documents, 2);
        assert_eq!(w.added.replaced, ["a"]);
        assert_eq!(w.bytes as u64, std::fs::metadata(&path).unwrap().len());
        let old = read_for_add(&path, &IndexParams::default()).unwrap();
        assert_eq!(old.to_bytes(), std::fs::read(&path).unwrap());
        assert_eq!(old.docs[0].fingerprints, entry("a", B).fingerprints);

        let other = IndexParams {
            kgram: 8,
            ..IndexParams::default()
        };
        assert!(matches!(
            read_for_add(&path, &other),
            Err(IndexError::Settings { .. })
        ));
        let other = IndexData {
            params: other.check().unwrap(),
            docs: Vec::new(),
            history: Default::default(),
        };
        assert!(write_index(&path, other.clone(), true, no_wait).is_err());
        // Without `add` the old index is replaced, whatever its settings.
        let w = write_index(&path, other, false, no_wait).unwrap();
        assert_eq!(w.documents, 0);
    }
}
