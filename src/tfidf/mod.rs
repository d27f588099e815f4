//! TF-IDF fitted on the corpus: term counts in, sparse unit vectors out.
//!
//! Takes each document's term counts ([`TermCounts`], from
//! [`crate::segment::is_term`] tokens) and gives a [`Tfidf`]: the vocabulary
//! (terms kept by `min_df`/`max_df`/`max_features`, sorted by term so ids are
//! stable), smoothed IDF `ln((1 + n) / (1 + df)) + 1` ([`idf`]), and one
//! L2-normalised [`SparseVec`] per document with sublinear tf `1 + ln(tf)`
//! ([`tf_weight`]). The same [`Vocabulary`] transforms new documents; the
//! index and `check` weigh terms with the same two functions.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::params::ParamGuard;

/// A document's terms and how often each occurs.
pub type TermCounts = FxHashMap<String, u32>;

/// Smoothed IDF of a term in `df` of `n_docs` documents:
/// `ln((1 + n) / (1 + df)) + 1`.
pub fn idf(n_docs: u32, df: u32) -> f32 {
    ((f64::from(1 + n_docs) / f64::from(1 + df)).ln() + 1.0) as f32
}

/// Sublinear term frequency `1 + ln(tf)` (0 for a term not present).
pub fn tf_weight(tf: u32) -> f32 {
    if tf == 0 { 0.0 } else { 1.0 + (tf as f32).ln() }
}

/// Counts terms.
pub fn count_terms<'a>(terms: impl IntoIterator<Item = &'a str>) -> TermCounts {
    // Count on borrowed keys (one hash a token), then own each distinct term once.
    let mut borrowed: FxHashMap<&str, u32> = FxHashMap::default();
    for t in terms {
        *borrowed.entry(t).or_insert(0) += 1;
    }
    let mut counts = TermCounts::with_capacity_and_hasher(borrowed.len(), Default::default());
    counts.extend(borrowed.into_iter().map(|(t, n)| (t.to_string(), n)));
    counts
}

/// Settings for fitting TF-IDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfidfParams {
    /// Keep terms that occur in at least this many documents (default 1).
    pub min_df: u32,
    /// Keep terms that occur in at most this fraction of documents (default 1.0).
    pub max_df: f64,
    /// Keep at most this many terms, the most frequent across documents.
    pub max_features: Option<usize>,
    /// Use `1 + ln(tf)` instead of raw counts (default true).
    pub sublinear_tf: bool,
}

impl Default for TfidfParams {
    fn default() -> Self {
        TfidfParams {
            min_df: 1,
            max_df: 1.0,
            max_features: None,
            sublinear_tf: true,
        }
    }
}

/// Bad TF-IDF settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TfidfParamsError {
    #[error("max_df must be in (0, 1], not {0}")]
    MaxDf(f64),
    #[error("max_features must be at least 1")]
    MaxFeatures,
}

impl ParamGuard for TfidfParams {
    type Error = TfidfParamsError;

    fn validate(&self) -> Result<(), TfidfParamsError> {
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(TfidfParamsError::MaxDf(self.max_df));
        }
        if self.max_features == Some(0) {
            return Err(TfidfParamsError::MaxFeatures);
        }
        Ok(())
    }
}

/// The fitted vocabulary: term ids are positions in `terms`, sorted by term.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    pub terms: Vec<String>,
    /// Document frequency of each term.
    pub df: Vec<u32>,
    /// Smoothed inverse document frequency of each term.
    pub idf: Vec<f32>,
    /// Documents the vocabulary was fitted on.
    pub n_docs: u32,
    pub sublinear_tf: bool,
    #[serde(skip)]
    index: FxHashMap<String, u32>,
}

impl Vocabulary {
    /// The id of a term.
    pub fn id(&self, term: &str) -> Option<u32> {
        if self.index.is_empty() && !self.terms.is_empty() {
            // Deserialised without its index: fall back to binary search.
            return self
                .terms
                .binary_search_by(|t| t.as_str().cmp(term))
                .ok()
                .map(|i| i as u32);
        }
        self.index.get(term).copied()
    }

    /// Rebuilds the term index (after deserialising).
    pub fn reindex(&mut self) {
        self.index = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The TF-IDF vector of a document's term counts; unknown terms are
    /// ignored.
    pub fn transform(&self, counts: &TermCounts) -> SparseVec {
        let mut entries: Vec<(u32, f32)> = counts
            .iter()
            .filter_map(|(t, &n)| {
                let id = self.id(t)?;
                let tf = if self.sublinear_tf {
                    tf_weight(n)
                } else {
                    n as f32
                };
                Some((id, tf * self.idf[id as usize]))
            })
            .collect();
        entries.sort_unstable_by_key(|e| e.0);
        let norm = entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            entries.iter_mut().for_each(|e| e.1 /= norm);
        }
        SparseVec {
            indices: entries.iter().map(|e| e.0).collect(),
            values: entries.iter().map(|e| e.1).collect(),
        }
    }
}

/// A sparse vector: term ids ascending, with their values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SparseVec {
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
}

impl SparseVec {
    /// Dot product of two sparse vectors (the cosine, for unit vectors).
    pub fn dot(&self, other: &SparseVec) -> f32 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < self.indices.len() && j < other.indices.len() {
            match self.indices[i].cmp(&other.indices[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += self.values[i] * other.values[j];
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    pub fn nnz(&self) -> usize {
        self.indices.len()
    }
}

/// A fitted vocabulary and the vectors of the documents it was fitted on.
#[derive(Debug, Clone, Default)]
pub struct Tfidf {
    pub vocab: Vocabulary,
    pub vectors: Vec<SparseVec>,
}

impl Tfidf {
    /// The `n` highest-weighted terms of document `doc`, highest first, ties
    /// broken by term.
    pub fn top_terms(&self, doc: usize, n: usize) -> Vec<(String, f32)> {
        let v = &self.vectors[doc];
        let mut pairs: Vec<(u32, f32)> = v
            .indices
            .iter()
            .copied()
            .zip(v.values.iter().copied())
            .collect();
        pairs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        pairs
            .into_iter()
            .take(n)
            .map(|(id, w)| (self.vocab.terms[id as usize].clone(), w))
            .collect()
    }
}

/// Fits TF-IDF on the documents' term counts and transforms them.
pub fn fit(docs: &[TermCounts], params: &TfidfParams) -> Tfidf {
    let n = docs.len() as u32;
    // One document-frequency map per thread, merged once: merging many small
    // per-task maps costs more than the counting.
    let chunk = docs.len().div_ceil(rayon::current_num_threads()).max(1);
    let df: FxHashMap<&str, u32> = docs
        .par_chunks(chunk)
        .map(|part| {
            let mut acc: FxHashMap<&str, u32> = FxHashMap::default();
            for counts in part {
                for t in counts.keys() {
                    *acc.entry(t.as_str()).or_insert(0) += 1;
                }
            }
            acc
        })
        .reduce(FxHashMap::default, |a, b| {
            if a.len() < b.len() {
                merge(b, a)
            } else {
                merge(a, b)
            }
        });
    let max_df = (params.max_df * n as f64).floor() as u32;
    let mut kept: Vec<(&str, u32)> = df
        .into_iter()
        .filter(|&(_, d)| d >= params.min_df && d <= max_df.max(1))
        .collect();
    if let Some(max) = params.max_features
        && kept.len() > max
    {
        kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        kept.truncate(max);
    }
    kept.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut vocab = Vocabulary {
        terms: kept.iter().map(|k| k.0.to_string()).collect(),
        df: kept.iter().map(|k| k.1).collect(),
        idf: kept.iter().map(|k| idf(n, k.1)).collect(),
        n_docs: n,
        sublinear_tf: params.sublinear_tf,
        index: FxHashMap::default(),
    };
    vocab.reindex();
    let vectors = docs.par_iter().map(|c| vocab.transform(c)).collect();
    Tfidf { vocab, vectors }
}

fn merge<'a>(
    mut a: FxHashMap<&'a str, u32>,
    b: FxHashMap<&'a str, u32>,
) -> FxHashMap<&'a str, u32> {
    for (t, c) in b {
        *a.entry(t).or_insert(0) += c;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(words: &[&str]) -> TermCounts {
        count_terms(words.iter().copied())
    }

    #[test]
    fn smoothed_idf_sublinear_tf_unit_vectors() {
        let docs = vec![counts(&["平台", "平台", "工业"]), counts(&["平台", "青岛"])];
        let t = fit(&docs, &TfidfParams::default());
        assert_eq!(t.vocab.terms, vec!["工业", "平台", "青岛"]);
        assert_eq!(t.vocab.df, vec![1, 2, 1]);
        let idf_rare = (3.0f32 / 2.0).ln() + 1.0;
        assert!((t.vocab.idf[0] - idf_rare).abs() < 1e-6);
        assert!((t.vocab.idf[1] - 1.0).abs() < 1e-6);
        // doc 0: 工业 tf 1 -> idf_rare; 平台 tf 2 -> (1 + ln 2) * 1.
        let (a, b) = (idf_rare, 1.0 + 2f32.ln());
        let norm = (a * a + b * b).sqrt();
        assert_eq!(t.vectors[0].indices, vec![0, 1]);
        assert!((t.vectors[0].values[0] - a / norm).abs() < 1e-6);
        assert!((t.vectors[0].values[1] - b / norm).abs() < 1e-6);
        for v in &t.vectors {
            assert!((v.dot(v) - 1.0).abs() < 1e-5);
        }
        assert_eq!(t.top_terms(0, 1)[0].0, "平台");
    }

    #[test]
    fn min_df_max_df_and_max_features() {
        let docs = vec![
            counts(&["a1", "all", "two"]),
            counts(&["all", "two"]),
            counts(&["all", "c3"]),
        ];
        let p = TfidfParams {
            min_df: 2,
            max_df: 0.9,
            ..Default::default()
        };
        assert_eq!(fit(&docs, &p).vocab.terms, vec!["two"]);
        let p = TfidfParams {
            max_features: Some(2),
            ..Default::default()
        };
        assert_eq!(fit(&docs, &p).vocab.terms, vec!["all", "two"]);
    }

    #[test]
    fn the_defaults_pass_and_each_bad_setting_is_named() {
        assert!(TfidfParams::default().check().is_ok());
        for max_df in [0.0, -0.5, 1.5, f64::NAN] {
            let bad = TfidfParams {
                max_df,
                ..Default::default()
            };
            let err = bad.check().unwrap_err();
            assert!(matches!(err, TfidfParamsError::MaxDf(x) if x.to_bits() == max_df.to_bits()));
            assert_eq!(
                err.to_string(),
                format!("max_df must be in (0, 1], not {max_df}")
            );
        }
        let bad = TfidfParams {
            max_features: Some(0),
            ..Default::default()
        };
        assert_eq!(bad.check().unwrap_err(), TfidfParamsError::MaxFeatures);
        let edge = TfidfParams {
            max_df: 1e-9,
            max_features: Some(1),
            ..Default::default()
        };
        assert!(edge.check().is_ok());
    }
}
