//! Topics: what the corpus is written about.
//!
//! Takes an [`Analysis`], optionally the near-duplicate structure
//! (`duplicate_of[i]` = the representative of document `i`'s duplicate
//! cluster) and [`TopicParams`], and gives [`Topics`], one serde value:
//!
//! 1. a TF-IDF refitted for clustering on the representatives' term counts
//!    (sublinear tf, `min_df` scaled down for small corpora, `max_df`,
//!    a vocabulary cap), so reprints do not weigh twice;
//! 2. LSA: a randomized truncated SVD ([`svd`]) to `dims` dimensions, rows
//!    L2-normalised;
//! 3. k-means ([`kmeans`]) with `n_runs` seeded starts, `k` fixed or chosen
//!    by the silhouette ([`silhouette`]) on a seeded sample;
//! 4. for each topic c-TF-IDF terms, phrases and a label ([`labels`]) and the
//!    documents nearest its centroid;
//! 5. 2-D coordinates for every document ([`pca`]).
//!
//! Near-duplicates are not clustered: each takes its representative's topic,
//! and topic sizes count them. Floats are rounded to 4 decimals and every
//! order is fixed, so the same input and seed give byte-identical JSON.
//! Where the data cannot support what was asked (too few documents, empty
//! clusters) `notes` says so instead of failing.

pub mod kmeans;
pub mod labels;
pub mod pca;
pub mod silhouette;
pub mod svd;

use std::fmt;
use std::str::FromStr;

use ndarray::{Array2, Axis};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Serialize, Serializer};

use crate::analyze::{Analysis, Analyzed};
use crate::tfidf::{TermCounts, TfidfParams, count_terms, fit};

pub use kmeans::KMeansAlgo;
use kmeans::{Clustering, kmeans, nearest};
use labels::{LabelSizes, describe};
use silhouette::{Distances, silhouette};
use svd::{Csr, normalize_rows, randomized_svd};

/// How k is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KChoice {
    /// The best silhouette over `k_min..=k_max` (capped by corpus size).
    #[default]
    Auto,
    Fixed(usize),
}

impl FromStr for KChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "auto" => Ok(KChoice::Auto),
            n => n
                .parse::<usize>()
                .map(KChoice::Fixed)
                .map_err(|_| format!("expected a number or `auto`, not `{s}`")),
        }
    }
}

impl fmt::Display for KChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KChoice::Auto => f.write_str("auto"),
            KChoice::Fixed(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for KChoice {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            KChoice::Auto => s.serialize_str("auto"),
            KChoice::Fixed(n) => s.serialize_u64(*n as u64),
        }
    }
}

/// Settings of the topics stage.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicParams {
    /// Number of topics, or `Auto` (default).
    pub k: KChoice,
    /// Smallest k tried by `Auto` (default 2).
    pub k_min: usize,
    /// Largest k tried by `Auto` (default 20); also capped at a third of the
    /// documents.
    pub k_max: usize,
    /// LSA dimensions (default 100); capped at `min(documents, terms) − 1`.
    pub dims: usize,
    /// Power iterations of the randomized SVD (default 4).
    pub power_iters: usize,
    /// Seed of every random choice (default 42).
    pub seed: u64,
    /// k-means starts for the final clustering (default 10).
    pub n_runs: usize,
    /// k-means starts per k while scanning for `Auto` (default 3).
    pub scan_runs: usize,
    /// k-means engine (default Lloyd; see [`kmeans`]).
    pub algo: KMeansAlgo,
    /// Documents the silhouette is computed on, at most (default 2,000).
    pub silhouette_sample: usize,
    /// Keep terms in at least this many documents (default 5), scaled down
    /// to `documents / 200` (at least 1) for small corpora.
    pub min_df: u32,
    /// Keep terms in at most this fraction of documents (default 0.5).
    pub max_df: f64,
    /// Keep at most this many terms, the most widespread (default 20,000).
    pub max_features: Option<usize>,
    /// Terms, phrases and representatives given per topic (10, 5, 3).
    pub top_terms: usize,
    pub top_phrases: usize,
    pub representatives: usize,
}

impl Default for TopicParams {
    fn default() -> Self {
        TopicParams {
            k: KChoice::Auto,
            k_min: 2,
            k_max: 20,
            dims: 100,
            power_iters: 4,
            seed: 42,
            n_runs: 10,
            scan_runs: 3,
            algo: KMeansAlgo::Lloyd,
            silhouette_sample: 2000,
            min_df: 5,
            max_df: 0.5,
            max_features: Some(20_000),
            top_terms: 10,
            top_phrases: 5,
            representatives: 3,
        }
    }
}

/// Bad topic settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TopicParamsError {
    #[error("k must be at least 1")]
    KZero,
    #[error("the k range must satisfy 2 <= k_min <= k_max, not {0}..={1}")]
    KRange(usize, usize),
    #[error("dims must be at least 1")]
    Dims,
    #[error("the number of k-means starts must be at least 1")]
    Runs,
    #[error("the silhouette sample must hold at least 10 documents, not {0}")]
    Sample(usize),
    #[error("max_df must be in (0, 1], not {0}")]
    MaxDf(f64),
    #[error("max_features must be at least 1")]
    MaxFeatures,
}

impl TopicParams {
    pub fn check(&self) -> Result<(), TopicParamsError> {
        if self.k == KChoice::Fixed(0) {
            return Err(TopicParamsError::KZero);
        }
        if self.k_min < 2 || self.k_min > self.k_max {
            return Err(TopicParamsError::KRange(self.k_min, self.k_max));
        }
        if self.dims == 0 {
            return Err(TopicParamsError::Dims);
        }
        if self.n_runs == 0 || self.scan_runs == 0 {
            return Err(TopicParamsError::Runs);
        }
        if self.silhouette_sample < 10 {
            return Err(TopicParamsError::Sample(self.silhouette_sample));
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(TopicParamsError::MaxDf(self.max_df));
        }
        if self.max_features == Some(0) {
            return Err(TopicParamsError::MaxFeatures);
        }
        Ok(())
    }
}

/// How k was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KChosenBy {
    Silhouette,
    Fixed,
}

/// The result of the topics stage.
#[derive(Debug, Clone, Serialize)]
pub struct Topics {
    /// Number of topics.
    pub k: usize,
    pub k_chosen_by: KChosenBy,
    /// Silhouette score of every k tried (the one k when fixed).
    pub silhouette: Vec<SilhouettePoint>,
    /// Largest first.
    pub topics: Vec<Topic>,
    /// One per document, in corpus order.
    pub assignments: Vec<Assignment>,
    pub settings: TopicSettings,
    /// Honest warnings: caps applied, too little data.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SilhouettePoint {
    pub k: usize,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    pub id: usize,
    pub label: String,
    pub terms: Vec<TermWeight>,
    pub phrases: Vec<String>,
    /// Documents in the topic, near-duplicates included.
    pub size: usize,
    /// Ids of the documents nearest the centroid.
    pub representatives: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermWeight {
    pub term: String,
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    pub doc: String,
    pub topic: usize,
    pub x: f64,
    pub y: f64,
    /// The id of the representative whose topic this near-duplicate took.
    pub duplicate_of: Option<String>,
}

/// The settings as applied (after caps).
#[derive(Debug, Clone, Serialize)]
pub struct TopicSettings {
    pub k: KChoice,
    /// The k range scanned (`Auto`), after caps.
    pub k_range: Option<[usize; 2]>,
    pub dims: usize,
    pub dims_used: usize,
    pub power_iters: usize,
    pub seed: u64,
    pub n_runs: usize,
    pub scan_runs: usize,
    pub algorithm: KMeansAlgo,
    pub silhouette_sample: usize,
    pub min_df: u32,
    pub min_df_used: u32,
    pub max_df: f64,
    pub max_features: Option<usize>,
    /// Terms in the topic vocabulary.
    pub vocabulary: usize,
    pub documents: usize,
    /// Documents clustered: representatives and documents without duplicates.
    pub clustered: usize,
}

/// Finds topics. `duplicate_of` is empty or has one entry per document.
pub fn run(analysis: &Analysis, duplicate_of: &[Option<usize>], params: &TopicParams) -> Topics {
    let docs = &analysis.docs;
    let n = docs.len();
    let mut notes = Vec::new();
    let rep = representatives_of(n, duplicate_of, &mut notes);
    let clustered: Vec<usize> = (0..n).filter(|&i| rep[i] == i).collect();
    let members = n - clustered.len();
    if members > 0 {
        notes.push(format!(
            "{members} near-duplicates were not clustered; each takes its representative's topic"
        ));
    }

    // Topic TF-IDF, fitted on the clustered documents.
    let counts: Vec<TermCounts> = docs
        .par_iter()
        .map(|d| count_terms(d.term_words()))
        .collect();
    let min_df_used = params.min_df.min((clustered.len() / 200).max(1) as u32);
    let tfidf_params = TfidfParams {
        min_df: min_df_used,
        max_df: params.max_df,
        max_features: params.max_features,
        sublinear_tf: true,
    };
    let fitted_on: Vec<TermCounts> = clustered.iter().map(|&i| counts[i].clone()).collect();
    let vocab = fit(&fitted_on, &tfidf_params).vocab;
    drop(fitted_on);
    let vectors: Vec<_> = counts.par_iter().map(|c| vocab.transform(c)).collect();

    // LSA.
    let rank_cap = clustered.len().min(vocab.len());
    let dims_used = params
        .dims
        .min(rank_cap.saturating_sub(1))
        .max(rank_cap.min(1));
    if dims_used < params.dims && n > 0 {
        notes.push(format!(
            "LSA dimensions capped at {dims_used} ({} documents, {} terms)",
            clustered.len(),
            vocab.len()
        ));
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
    let fit_matrix = Csr::from_rows(clustered.iter().map(|&i| &vectors[i]), vocab.len());
    let lsa = randomized_svd(&fit_matrix, dims_used, params.power_iters, &mut rng);
    let mut emb = lsa.project(&Csr::from_rows(&vectors, vocab.len()));
    normalize_rows(&mut emb);

    let clusterable: Vec<usize> = clustered
        .iter()
        .copied()
        .filter(|&i| emb.row(i).iter().any(|&v| v != 0.0))
        .collect();
    let empty = clustered.len() - clusterable.len();
    if empty > 0 {
        notes.push(format!(
            "{empty} documents have no terms in the topic vocabulary; each joins the nearest topic"
        ));
    }
    let x = emb.select(Axis(0), &clusterable);
    let nc = clusterable.len();
    if nc > 0 && nc < 30 {
        notes.push(format!("{nc} documents: too few for stable topics"));
    }

    // k.
    let max_k = nc.saturating_sub(1).max(1);
    let (k_asked, k_range, chosen_by) = match params.k {
        KChoice::Fixed(k) => {
            if k > max_k {
                notes.push(format!(
                    "asked for k = {k}, but {nc} documents allow at most {max_k}; k capped at {max_k}"
                ));
            }
            (k.min(max_k), None, KChosenBy::Fixed)
        }
        KChoice::Auto => {
            let hi = params.k_max.min(nc / 3).max(params.k_min).min(max_k);
            let lo = params.k_min.min(hi);
            if hi < params.k_max {
                notes.push(format!(
                    "k capped at {hi}: {nc} documents support at most a third as many topics"
                ));
            }
            (hi, Some([lo, hi]), KChosenBy::Silhouette)
        }
    };

    let (clustering, curve) = if nc == 0 {
        (None, Vec::new())
    } else {
        let sample_rows = silhouette_sample(nc, params);
        let dist = Distances::new(x.select(Axis(0), &sample_rows).view());
        let score = |c: &Clustering| {
            let labels: Vec<usize> = sample_rows.iter().map(|&r| c.labels[r]).collect();
            round4(silhouette(&dist, &labels))
        };
        let mut curve = Vec::new();
        let final_clustering = match k_range {
            Some([lo, hi]) if lo >= 2 => {
                let mut best: Option<(usize, f64, Clustering)> = None;
                for k in lo..=hi {
                    let c = kmeans(x.view(), k, params.scan_runs, params.seed, params.algo);
                    let s = score(&c);
                    curve.push(SilhouettePoint { k, score: s });
                    if best.as_ref().is_none_or(|b| s > b.1) {
                        best = Some((k, s, c));
                    }
                }
                let (k, _, c) = best.expect("the range is not empty");
                if params.scan_runs == params.n_runs {
                    c
                } else {
                    kmeans(x.view(), k, params.n_runs, params.seed, params.algo)
                }
            }
            _ => {
                let c = kmeans(x.view(), k_asked, params.n_runs, params.seed, params.algo);
                if k_asked >= 2 {
                    curve.push(SilhouettePoint {
                        k: k_asked,
                        score: score(&c),
                    });
                }
                c
            }
        };
        (Some(final_clustering), curve)
    };

    // Topic of every document, topics numbered by size.
    let mut topic_of = vec![0usize; n];
    let mut centroids = Array2::zeros((0, emb.ncols()));
    if let Some(c) = &clustering {
        for (r, &i) in clusterable.iter().enumerate() {
            topic_of[i] = c.labels[r];
        }
        for &i in &clustered {
            if emb.row(i).iter().all(|&v| v == 0.0) {
                topic_of[i] = nearest(emb.row(i), &c.centroids).0;
            }
        }
        centroids = c.centroids.clone();
    }
    for i in 0..n {
        topic_of[i] = topic_of[rep[i]];
    }
    let (order, k_final) = number_topics(&topic_of, centroids.nrows().max(1), n);
    for t in topic_of.iter_mut() {
        *t = order[*t];
    }
    let centroids = if k_final > 0 && centroids.nrows() > 0 {
        let mut sorted = Array2::zeros((k_final, centroids.ncols()));
        for (old, &new) in order.iter().enumerate() {
            if new < k_final {
                sorted.row_mut(new).assign(&centroids.row(old));
            }
        }
        sorted
    } else {
        centroids
    };
    if k_final < k_asked && nc > 0 {
        notes.push(format!(
            "k-means left {} of {k_asked} clusters empty; {k_final} topics",
            k_asked - k_final
        ));
    }

    // Names, sizes, representatives.
    let mut topic_counts: Vec<Vec<&TermCounts>> = vec![Vec::new(); k_final];
    let mut topic_docs: Vec<Vec<&Analyzed>> = vec![Vec::new(); k_final];
    for &i in &clustered {
        topic_counts[topic_of[i]].push(&counts[i]);
        topic_docs[topic_of[i]].push(&docs[i]);
    }
    let words = describe(
        &topic_counts,
        &topic_docs,
        &vocab,
        LabelSizes {
            terms: params.top_terms,
            phrases: params.top_phrases,
        },
    );
    let mut sizes = vec![0usize; k_final];
    for &t in &topic_of {
        sizes[t] += 1;
    }
    let topics: Vec<Topic> = words
        .into_iter()
        .enumerate()
        .map(|(id, w)| {
            let mut near: Vec<(f64, usize)> = clusterable
                .iter()
                .filter(|&&i| topic_of[i] == id)
                .map(|&i| (emb.row(i).dot(&centroids.row(id)), i))
                .collect();
            near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            Topic {
                id,
                label: w.label,
                terms: w
                    .terms
                    .into_iter()
                    .map(|(term, weight)| TermWeight {
                        term,
                        weight: round4(weight),
                    })
                    .collect(),
                phrases: w.phrases,
                size: sizes[id],
                representatives: near
                    .into_iter()
                    .take(params.representatives)
                    .map(|(_, i)| docs[i].doc.id.clone())
                    .collect(),
            }
        })
        .collect();

    let xy = pca::pca_2d(emb.view());
    let assignments = (0..n)
        .map(|i| Assignment {
            doc: docs[i].doc.id.clone(),
            topic: topic_of[i],
            x: round4(xy[[i, 0]]),
            y: round4(xy[[i, 1]]),
            duplicate_of: (rep[i] != i).then(|| docs[rep[i]].doc.id.clone()),
        })
        .collect();

    Topics {
        k: k_final,
        k_chosen_by: chosen_by,
        silhouette: curve,
        topics,
        assignments,
        settings: TopicSettings {
            k: params.k,
            k_range,
            dims: params.dims,
            dims_used,
            power_iters: params.power_iters,
            seed: params.seed,
            n_runs: params.n_runs,
            scan_runs: params.scan_runs,
            algorithm: params.algo,
            silhouette_sample: params.silhouette_sample,
            min_df: params.min_df,
            min_df_used,
            max_df: params.max_df,
            max_features: params.max_features,
            vocabulary: vocab.len(),
            documents: n,
            clustered: clustered.len(),
        },
        notes,
    }
}

/// The representative of every document: itself unless `duplicate_of`
/// names another. Chains are followed to their end; an index out of range
/// or a cycle leaves the document standing for itself (and says so).
fn representatives_of(
    n: usize,
    duplicate_of: &[Option<usize>],
    notes: &mut Vec<String>,
) -> Vec<usize> {
    if duplicate_of.len() != n {
        if !duplicate_of.is_empty() {
            notes.push(format!(
                "duplicate_of has {} entries for {n} documents; ignored",
                duplicate_of.len()
            ));
        }
        return (0..n).collect();
    }
    let mut bad = 0;
    let rep = (0..n)
        .map(|i| {
            let mut r = i;
            for _ in 0..n {
                match duplicate_of[r] {
                    Some(next) if next < n && next != r => r = next,
                    Some(next) if next >= n => {
                        bad += 1;
                        return i;
                    }
                    _ => return r,
                }
            }
            bad += 1;
            i
        })
        .collect();
    if bad > 0 {
        notes.push(format!(
            "{bad} documents had an invalid duplicate_of (out of range or a cycle); clustered on their own"
        ));
    }
    rep
}

/// Renumbers clusters by size (all documents), largest first, ties by the
/// first document; empty clusters get numbers `>= k_final`. Gives the map
/// old → new and the number of non-empty topics.
fn number_topics(topic_of: &[usize], k: usize, n: usize) -> (Vec<usize>, usize) {
    let mut size = vec![0usize; k];
    let mut first = vec![n; k];
    for (i, &t) in topic_of.iter().enumerate() {
        size[t] += 1;
        first[t] = first[t].min(i);
    }
    let mut old: Vec<usize> = (0..k).collect();
    old.sort_by(|&a, &b| size[b].cmp(&size[a]).then(first[a].cmp(&first[b])));
    let mut order = vec![0; k];
    for (new, &o) in old.iter().enumerate() {
        order[o] = new;
    }
    let k_final = size.iter().filter(|&&s| s > 0).count();
    (order, k_final)
}

/// Rows of the clusterable set the silhouette is computed on: all of them,
/// or a seeded sample, in ascending order.
fn silhouette_sample(nc: usize, params: &TopicParams) -> Vec<usize> {
    if nc <= params.silhouette_sample {
        return (0..nc).collect();
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed ^ 0x5111_0e77e);
    let mut rows = sample(&mut rng, nc, params.silhouette_sample).into_vec();
    rows.sort_unstable();
    rows
}

/// Rounds to 4 decimals (and turns -0 into 0) so JSON output is stable.
pub fn round4(x: f64) -> f64 {
    let r = (x * 1e4).round() / 1e4;
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Document, Format, Meta};
    use crate::segment::Segmenter;
    use crate::{AnalyzeParams, analyze};

    fn corpus(texts: &[String]) -> Analysis {
        let documents = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document {
                id: format!("d{i}"),
                path: format!("d{i}.txt").into(),
                line: None,
                format: Format::Text,
                encoding: "UTF-8".into(),
                text: t.clone(),
                meta: Meta::default(),
                excluded: Vec::new(),
                entities: Vec::new(),
            })
            .collect();
        analyze(
            Corpus {
                documents,
                skipped: Vec::new(),
            },
            Segmenter::shared(),
            &AnalyzeParams::default(),
        )
    }

    fn two_subjects() -> Vec<String> {
        let sport = [
            "足球", "比赛", "球队", "进球", "联赛", "教练", "球员", "冠军",
        ];
        let tech = [
            "芯片",
            "手机",
            "处理器",
            "屏幕",
            "电池",
            "性能",
            "系统",
            "内存",
        ];
        let mut texts = Vec::new();
        for i in 0..12 {
            for words in [&sport, &tech] {
                let pick: Vec<&str> = (0..5).map(|j| words[(i + j * 3) % 8]).collect();
                texts.push(format!(
                    "今天{}和{}，还有{}。{}与{}。",
                    pick[0], pick[1], pick[2], pick[3], pick[4]
                ));
            }
        }
        texts
    }

    #[test]
    fn params_check() {
        assert!(TopicParams::default().check().is_ok());
        let bad = |p: TopicParams| p.check().unwrap_err();
        assert_eq!(
            bad(TopicParams {
                k: KChoice::Fixed(0),
                ..Default::default()
            }),
            TopicParamsError::KZero
        );
        assert_eq!(
            bad(TopicParams {
                k_min: 5,
                k_max: 3,
                ..Default::default()
            }),
            TopicParamsError::KRange(5, 3)
        );
        assert_eq!(
            bad(TopicParams {
                dims: 0,
                ..Default::default()
            }),
            TopicParamsError::Dims
        );
        assert_eq!("auto".parse::<KChoice>(), Ok(KChoice::Auto));
        assert_eq!("7".parse::<KChoice>(), Ok(KChoice::Fixed(7)));
        assert!("x".parse::<KChoice>().is_err());
    }

    #[test]
    fn separates_two_subjects_and_members_follow_representatives() {
        let analysis = corpus(&two_subjects());
        let n = analysis.docs.len();
        let mut dup = vec![None; n];
        dup[2] = Some(0); // a sports text marked as a copy of another
        let params = TopicParams {
            k: KChoice::Fixed(2),
            ..Default::default()
        };
        let t = run(&analysis, &dup, &params);
        assert_eq!(t.k, 2);
        let topic = |i: usize| t.assignments[i].topic;
        for i in 0..n {
            assert_eq!(topic(i), topic(i % 2), "doc {i}");
        }
        assert_ne!(topic(0), topic(1));
        assert_eq!(t.assignments[2].duplicate_of.as_deref(), Some("d0"));
        assert_eq!(t.topics.iter().map(|t| t.size).sum::<usize>(), n);
        assert_eq!(t.settings.clustered, n - 1);
        assert!(
            t.topics
                .iter()
                .all(|t| !t.label.is_empty() && t.representatives.len() == 3)
        );
    }

    #[test]
    fn auto_k_and_tiny_corpora_do_not_panic() {
        let analysis = corpus(&two_subjects());
        let t = run(&analysis, &[], &TopicParams::default());
        assert_eq!(t.k_chosen_by, KChosenBy::Silhouette);
        assert_eq!(t.settings.k_range, Some([2, 8]));
        assert_eq!(t.silhouette.len(), 7);
        let best = t
            .silhouette
            .iter()
            .map(|p| p.score)
            .fold(f64::MIN, f64::max);
        let chosen = t.silhouette.iter().find(|p| p.score == best).map(|p| p.k);
        assert_eq!(chosen, Some(t.k));

        for texts in [
            vec![],
            vec!["足球比赛".to_string()],
            two_subjects()[..3].to_vec(),
        ] {
            let a = corpus(&texts);
            let t = run(&a, &[], &TopicParams::default());
            assert_eq!(t.assignments.len(), texts.len());
            assert!(t.k <= texts.len().max(1));
        }
    }

    #[test]
    fn duplicate_chains_and_bad_entries() {
        let mut notes = Vec::new();
        let rep = representatives_of(4, &[None, Some(0), Some(1), Some(9)], &mut notes);
        assert_eq!(rep, vec![0, 0, 0, 3]);
        assert_eq!(notes.len(), 1);
        let rep = representatives_of(2, &[Some(1), Some(0)], &mut Vec::new());
        assert_eq!(rep, vec![0, 1]);
    }

    #[test]
    fn rounding() {
        assert_eq!(round4(0.123456), 0.1235);
        assert_eq!(round4(-0.00001), 0.0);
        assert!(round4(-0.00001).is_sign_positive());
    }
}
