//! Building an index in memory: analysed documents in, [`IndexData`] out.
//!
//! Takes analysed documents (or a whole [`Corpus`], analysed one document
//! at a time) and checked [`IndexParams`] and gives one [`DocEntry`] per
//! document: its record as JSON, its id, its winnowed fingerprints, its
//! sampled shingles and its term counts. [`IndexData::to_bytes`] writes
//! them as a file.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::analyze::{AnalyzeParams, Analyzed};
use crate::corpus::{Corpus, Document};
use crate::fingerprint::matchable;
use crate::params::Checked;
use crate::segment::Segmenter;
use crate::tfidf::{TermCounts, count_terms};

use super::{IndexHistory, IndexParams};

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
    pub fn new(a: &Analyzed, params: &Checked<IndexParams>) -> DocEntry {
        DocEntry::with_counts(a, count_terms(a.term_words()), params, false)
    }

    /// The entry of one analysed document with its term counts, as
    /// [`Analyzed::new`] gives them. The stored record keeps
    /// [`Document::path`] (the indexing machine's file path) only with
    /// `keep_path`; else it is stored empty, since an index is shared.
    pub fn with_counts(
        a: &Analyzed,
        counts: TermCounts,
        params: &Checked<IndexParams>,
        keep_path: bool,
    ) -> DocEntry {
        let m = matchable(&a.norm);
        let mut terms: Vec<(String, u32)> = counts.into_iter().collect();
        terms.sort_unstable();
        DocEntry {
            id: a.doc.id.clone(),
            record: record(&a.doc, keep_path),
            fingerprints: params.fingerprints(&m.chars),
            sample: params.sample().of(&params.shingles(&m.chars)),
            terms,
        }
    }
}

/// The stored record of `doc`: its JSON, with its file path only with
/// `keep_path`.
fn record(doc: &Document, keep_path: bool) -> Vec<u8> {
    // A Document always serialises: plain strings, numbers and enums.
    let json = if keep_path || doc.path.as_os_str().is_empty() {
        serde_json::to_vec(doc)
    } else {
        let mut doc = doc.clone();
        doc.path = PathBuf::new();
        serde_json::to_vec(&doc)
    };
    json.unwrap_or_default()
}

/// An index held in memory: the settings and one entry per document, in
/// document-number order.
#[derive(Debug, Clone, Default)]
pub struct IndexData {
    pub params: Checked<IndexParams>,
    pub docs: Vec<DocEntry>,
    /// When the file was written; set by [`super::commit::commit`].
    pub history: IndexHistory,
}

impl IndexData {
    /// The index of analysed documents.
    pub fn build(docs: &[Analyzed], params: &Checked<IndexParams>) -> IndexData {
        IndexData {
            params: params.clone(),
            docs: docs.par_iter().map(|a| DocEntry::new(a, params)).collect(),
            history: IndexHistory::default(),
        }
    }

    /// The index of a corpus: each document is cleaned, normalised and
    /// segmented, turned into its entry and dropped, so the analysed corpus
    /// is never held whole (and no TF-IDF is fitted that the index would
    /// not keep). File paths are stored only with `keep_paths`.
    pub fn from_corpus(
        corpus: Corpus,
        segmenter: &Segmenter,
        params: &Checked<IndexParams>,
        keep_paths: bool,
    ) -> IndexData {
        let front = AnalyzeParams {
            norm: params.checked_norm(),
            ..AnalyzeParams::default()
        };
        IndexData {
            params: params.clone(),
            docs: corpus
                .documents
                .into_par_iter()
                .map(|mut doc| {
                    if !keep_paths {
                        doc.path = PathBuf::new();
                    }
                    let (a, counts) = Analyzed::new(doc, segmenter, &front);
                    DocEntry::with_counts(&a, counts, params, keep_paths)
                })
                .collect(),
            history: IndexHistory::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use crate::fingerprint::sample::{INDEX_SALT, Sample};
    use crate::params::ParamGuard;

    const A: &str =
        "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究。";

    #[test]
    fn entry_holds_fingerprints_sample_and_terms_and_leaves_paths_out() {
        let params = IndexParams::default().check().unwrap();
        let doc = Document::new("c", Format::Text, A);
        let (mut a, counts) = Analyzed::new(doc, Segmenter::shared(), &Default::default());
        a.doc.path = PathBuf::from("/home/me/corpus/c.txt");
        let kept = DocEntry::with_counts(&a, counts.clone(), &params, true);
        let left_out = DocEntry::with_counts(&a, counts, &params, false);
        let path = |e: &DocEntry| serde_json::from_slice::<Document>(&e.record).unwrap().path;
        assert_eq!(path(&kept), a.doc.path);
        assert_eq!(path(&left_out), PathBuf::new());
        assert_eq!(path(&DocEntry::new(&a, &params)), PathBuf::new());

        let chars: Vec<char> = matchable(&a.norm).chars;
        assert_eq!(kept.fingerprints, params.fingerprints(&chars));
        let sample = Sample::new(42, INDEX_SALT, 3);
        let shingles = params.shingles(&chars);
        assert!(!kept.sample.is_empty() && kept.sample.len() < shingles.len());
        assert!(kept.sample.iter().all(|&h| sample.keeps(h)));
        assert!(kept.terms.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(kept.terms.contains(&("工业".to_string(), 2)));
    }
}
