//! Topics: what the corpus is written about.
//!
//! Takes an [`Analysis`], the near-duplicate structure ([`DuplicateOf`]:
//! the document that stands for each) and checked [`TopicParams`], and
//! gives [`Topics`]:
//!
//! 1. site boilerplate ([`boilerplate`]: sentences found verbatim in many
//!    documents) is left out of the topic term counts;
//! 2. a TF-IDF refitted for clustering on the representatives' term counts
//!    (sublinear tf, `min_df` scaled down for small corpora, `max_df`,
//!    a vocabulary cap), so reprints do not weigh twice;
//! 3. LSA: a randomized truncated SVD ([`svd`]) to `dims` dimensions, rows
//!    L2-normalised;
//! 4. k-means ([`kmeans`]) with `n_runs` seeded starts, then spherical
//!    k-means on the full TF-IDF vectors from that clustering ([`refine`]);
//!    `k` fixed or chosen from the silhouette curve ([`silhouette`], on a
//!    seeded samples) by a [`KRule`];
//! 5. for each topic c-TF-IDF terms, phrases and a label ([`labels`]) and the
//!    documents nearest its centroid;
//! 6. 2-D coordinates for every document ([`pca`]).
//!
//! Near-duplicates are not clustered: each takes its representative's topic,
//! and topic sizes count them. Floats are rounded to 4 decimals and every
//! order is fixed, so the same input and seed give byte-identical JSON.
//! Where the data cannot support what was asked (too few documents, empty
//! clusters) `notes` says so instead of failing.

pub mod boilerplate;
pub mod kmeans;
pub mod labels;
pub mod pca;
pub mod refine;
pub mod silhouette;
pub mod svd;

use std::fmt;
use std::str::FromStr;

use ndarray::{Array2, ArrayView2, Axis};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Serialize, Serializer};

use crate::analyze::{Analysis, Analyzed, DocIdx, LengthMismatch};
use crate::dups::DuplicateOf;
use crate::params::{Checked, ParamGuard};
use crate::round4;
use crate::tfidf::{SparseVec, TermCounts, TfidfParams, count_terms, fit};

use boilerplate::{CharRange, body_terms};
pub use kmeans::KMeansAlgo;
use kmeans::{Clustering, kmeans, nearest};
use labels::{LabelSizes, describe};
use refine::spherical_kmeans;
use silhouette::{Distances, silhouette};
use svd::{Csr, normalize_rows, randomized_svd};

/// How k is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KChoice {
    /// Read off the silhouette curve over `k_min..=k_max` (capped by corpus
    /// size) by [`TopicParams::k_rule`].
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

/// How `Auto` reads the silhouette curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KRule {
    /// The smallest k whose mean silhouette is at least that of k + 1 less
    /// one standard error of k + 1: the first peak of the curve, where a rise
    /// within the noise of the scan does not count (default). The gap
    /// statistic's rule, "smallest k with Gap(k) ≥ Gap(k+1) − s(k+1)"
    /// (Tibshirani et al. 2001), read on the silhouette: on news the curve
    /// keeps creeping up as broad subjects split into sub-subjects (football,
    /// basketball), and the first peak marks the broad level.
    #[default]
    FirstPeak,
    /// The k with the highest silhouette (ties: the smallest).
    Best,
}

impl KRule {
    /// The index of the chosen point of a curve (ascending k); `None` for
    /// an empty curve.
    pub fn pick(self, curve: &[SilhouettePoint]) -> Option<usize> {
        if curve.is_empty() {
            return None;
        }
        Some(match self {
            KRule::FirstPeak => curve
                .windows(2)
                .position(|w| w[0].score >= w[1].score - w[1].se.unwrap_or(0.0))
                .unwrap_or(curve.len() - 1),
            KRule::Best => {
                let mut best = 0;
                for (i, p) in curve.iter().enumerate() {
                    if p.score > curve[best].score {
                        best = i;
                    }
                }
                best
            }
        })
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
    /// LSA dimensions (default 50); capped at `min(documents, terms) − 1`.
    pub dims: usize,
    /// Power iterations of the randomized SVD (default 4).
    pub power_iters: usize,
    /// Seed of every random choice (default 42).
    pub seed: u64,
    /// How `Auto` picks k from the silhouette curve (default first peak).
    pub k_rule: KRule,
    /// k-means starts for the final clustering (default 10).
    pub n_runs: usize,
    /// k-means starts per k and sample while scanning for `Auto` (default
    /// 3).
    pub scan_runs: usize,
    /// k-means engine (default Lloyd; see [`kmeans`]).
    pub algo: KMeansAlgo,
    /// Documents in each silhouette sample, at most (default 1,000).
    pub silhouette_sample: usize,
    /// Independent seeded samples `Auto` scans (default 4): the curve gives
    /// each k's mean silhouette over them and its standard error. With no
    /// more documents than one sample holds, every sample is every
    /// document and only the k-means seeds differ.
    pub silhouette_repeats: usize,
    /// Keep terms in at least this many documents (default 5), scaled down
    /// to `documents / 200` (at least 1) for small corpora.
    pub min_df: u32,
    /// Keep terms in at most this fraction of documents (default 0.5).
    pub max_df: f64,
    /// Keep at most this many terms, the most widespread (default 20,000).
    pub max_features: Option<usize>,
    /// A sentence found verbatim in at least this many clustered documents
    /// is boilerplate and left out of the topic vocabulary (default 10;
    /// 0: off). See [`boilerplate`].
    pub boilerplate_min_docs: usize,
    /// Rounds of spherical k-means on the full TF-IDF vectors after the LSA
    /// k-means (default 20; 0: off). See [`refine`].
    pub refine_iters: usize,
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
            dims: 50,
            power_iters: 4,
            seed: 42,
            k_rule: KRule::FirstPeak,
            n_runs: 10,
            scan_runs: 3,
            algo: KMeansAlgo::Lloyd,
            silhouette_sample: 1000,
            silhouette_repeats: 4,
            min_df: 5,
            max_df: 0.5,
            max_features: Some(20_000),
            boilerplate_min_docs: 10,
            refine_iters: 20,
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
    #[error("the silhouette scan needs at least one sample")]
    Repeats,
    #[error("max_df must be in (0, 1], not {0}")]
    MaxDf(f64),
    #[error("max_features must be at least 1")]
    MaxFeatures,
}

impl ParamGuard for TopicParams {
    type Error = TopicParamsError;

    fn validate(&self) -> Result<(), TopicParamsError> {
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
        if self.silhouette_repeats == 0 {
            return Err(TopicParamsError::Repeats);
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

/// The result of the topics stage. `D` names documents: [`DocIdx`] in the
/// stage's result, the id in output ([`Topics::named`]).
#[derive(Debug, Clone, Serialize)]
pub struct Topics<D = DocIdx> {
    /// Number of topics.
    pub k: usize,
    pub k_chosen_by: KChosenBy,
    /// Silhouette score of every k tried (the one k when fixed).
    pub silhouette: Vec<SilhouettePoint>,
    /// Largest first.
    pub topics: Vec<Topic<D>>,
    /// One per document, in corpus order.
    pub assignments: Vec<Assignment<D>>,
    pub settings: TopicSettings,
    /// Honest warnings: caps applied, too little data.
    pub notes: Vec<String>,
}

/// One point of the silhouette curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SilhouettePoint {
    pub k: usize,
    /// Mean silhouette over the scan's samples (the one sample when k is
    /// fixed).
    pub score: f64,
    /// Standard error of that mean over the samples; `null` when k is fixed.
    pub se: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Topic<D = DocIdx> {
    pub id: usize,
    pub label: String,
    pub terms: Vec<TermWeight>,
    pub phrases: Vec<String>,
    /// Documents in the topic, near-duplicates included.
    pub size: usize,
    /// The documents nearest the centroid.
    pub representatives: Vec<D>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermWeight {
    pub term: String,
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assignment<D = DocIdx> {
    pub doc: D,
    pub topic: usize,
    pub x: f64,
    pub y: f64,
    /// The representative whose topic this near-duplicate took.
    pub duplicate_of: Option<D>,
}

impl Topics {
    /// The result with its documents named by id, for output.
    pub fn named(&self, analysis: &Analysis) -> Topics<String> {
        let id = |i: DocIdx| analysis.id(i).to_string();
        Topics {
            k: self.k,
            k_chosen_by: self.k_chosen_by,
            silhouette: self.silhouette.clone(),
            topics: self
                .topics
                .iter()
                .map(|t| Topic {
                    id: t.id,
                    label: t.label.clone(),
                    terms: t.terms.clone(),
                    phrases: t.phrases.clone(),
                    size: t.size,
                    representatives: t.representatives.iter().map(|&i| id(i)).collect(),
                })
                .collect(),
            assignments: self
                .assignments
                .iter()
                .map(|a| Assignment {
                    doc: id(a.doc),
                    topic: a.topic,
                    x: a.x,
                    y: a.y,
                    duplicate_of: a.duplicate_of.map(id),
                })
                .collect(),
            settings: self.settings.clone(),
            notes: self.notes.clone(),
        }
    }

    /// Each document's topic, for `compare`.
    pub fn topic_of(&self) -> TopicOf {
        TopicOf {
            topic: self.assignments.iter().map(|a| a.topic).collect(),
            n_topics: self.topics.len(),
        }
    }
}

/// Each document's topic, below `n_topics`: what `compare` takes from the
/// topics stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicOf {
    topic: Vec<usize>,
    n_topics: usize,
}

/// A topic at or above the number of topics.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("document {doc} has topic {topic} of {n_topics}")]
pub struct TopicOutOfRange {
    pub doc: usize,
    pub topic: usize,
    pub n_topics: usize,
}

impl TopicOf {
    /// `topic[i]` is document `i`'s topic, each below `n_topics`.
    pub fn new(topic: Vec<usize>, n_topics: usize) -> Result<TopicOf, TopicOutOfRange> {
        if let Some((doc, &t)) = topic.iter().enumerate().find(|(_, t)| **t >= n_topics) {
            return Err(TopicOutOfRange {
                doc,
                topic: t,
                n_topics,
            });
        }
        Ok(TopicOf { topic, n_topics })
    }

    /// Each document's topic, by position.
    pub fn as_slice(&self) -> &[usize] {
        &self.topic
    }

    /// The number of topics.
    pub fn n_topics(&self) -> usize {
        self.n_topics
    }

    /// An error unless there is one topic per document of `analysis`.
    pub fn fits(&self, analysis: &Analysis) -> Result<(), LengthMismatch> {
        LengthMismatch::check("topic_of", self.topic.len(), analysis)
    }
}

/// The settings as applied (after caps).
#[derive(Debug, Clone, Serialize)]
pub struct TopicSettings {
    pub k: KChoice,
    /// The k range scanned (`Auto`), after caps.
    pub k_range: Option<[usize; 2]>,
    pub k_rule: KRule,
    pub dims: usize,
    pub dims_used: usize,
    pub power_iters: usize,
    pub seed: u64,
    pub n_runs: usize,
    pub scan_runs: usize,
    pub algorithm: KMeansAlgo,
    pub silhouette_sample: usize,
    pub silhouette_repeats: usize,
    pub min_df: u32,
    pub min_df_used: u32,
    pub max_df: f64,
    pub max_features: Option<usize>,
    pub boilerplate_min_docs: usize,
    pub refine_iters: usize,
    /// Terms in the topic vocabulary.
    pub vocabulary: usize,
    pub documents: usize,
    /// Documents clustered: representatives and documents without duplicates.
    pub clustered: usize,
}

/// Finds topics. Fails only when `duplicate_of` is not over `analysis`'s
/// documents.
pub fn run(
    analysis: &Analysis,
    duplicate_of: &DuplicateOf,
    params: &Checked<TopicParams>,
) -> Result<Topics, LengthMismatch> {
    duplicate_of.fits(analysis)?;
    let params: &TopicParams = params;
    let docs = &analysis.docs;
    let n = docs.len();
    let mut notes = Vec::new();
    let rep: Vec<usize> = duplicate_of.as_slice().iter().map(|r| r.get()).collect();
    let clustered: Vec<usize> = (0..n).filter(|&i| rep[i] == i).collect();
    let members = n - clustered.len();
    if members > 0 {
        notes.push(format!(
            "{members} near-duplicates were not clustered; each takes its representative's topic"
        ));
    }

    // Topic TF-IDF, fitted on the clustered documents, boilerplate left out.
    let views: Vec<_> = docs.iter().map(|d| &d.norm).collect();
    let boiler = boilerplate::find(&views, &clustered, params.boilerplate_min_docs);
    drop(views);
    if boiler.sentences > 0 {
        notes.push(format!(
            "{} sentences found verbatim in at least {} documents ({} documents hold one) are boilerplate, left out of the topic vocabulary",
            boiler.sentences, params.boilerplate_min_docs, boiler.documents
        ));
    }
    let counts: Vec<TermCounts> = docs
        .par_iter()
        .zip(&boiler.ranges)
        .map(|(d, skip)| count_terms(topic_words(d, skip)))
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
        let rows: Vec<&SparseVec> = clusterable.iter().map(|&i| &vectors[i]).collect();
        let cluster = |k: usize, runs: usize| {
            let c = kmeans(x.view(), k, runs, params.seed, params.algo);
            if params.refine_iters > 0 && k >= 2 {
                refined(c, x.view(), &rows, vocab.len(), params.refine_iters)
            } else {
                c
            }
        };
        let mut curve = Vec::new();
        let final_clustering = match k_range {
            Some([lo, hi]) if lo >= 2 => {
                // The scan clusters each silhouette sample itself with plain
                // LSA k-means and reads its silhouette; only the chosen k is
                // clustered on every document, with the full starts and the
                // TF-IDF refinement.
                curve = scan(x.view(), lo, hi, params);
                let k = params.k_rule.pick(&curve).map_or(lo, |at| curve[at].k);
                cluster(k, params.n_runs)
            }
            _ => {
                let c = cluster(k_asked, params.n_runs);
                if k_asked >= 2 {
                    let sample_rows = silhouette_sample(nc, params, 0);
                    let dist = Distances::new(x.select(Axis(0), &sample_rows).view());
                    let labels: Vec<usize> = sample_rows.iter().map(|&r| c.labels[r]).collect();
                    curve.push(SilhouettePoint {
                        k: k_asked,
                        score: round4(silhouette(&dist, &labels)),
                        se: None,
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
    // The k the final clustering ran with: the one asked, or the one the
    // silhouette scan chose.
    let k_used = clustering.as_ref().map_or(0, |c| c.centroids.nrows());
    if k_final < k_used && nc > 0 {
        notes.push(format!(
            "k-means left {} of {k_used} clusters empty; {k_final} topics",
            k_used - k_final
        ));
    }

    // Names, sizes, representatives.
    let mut topic_counts: Vec<Vec<&TermCounts>> = vec![Vec::new(); k_final];
    let mut topic_docs: Vec<Vec<(&Analyzed, &[CharRange])>> = vec![Vec::new(); k_final];
    for &i in &clustered {
        topic_counts[topic_of[i]].push(&counts[i]);
        topic_docs[topic_of[i]].push((&docs[i], &boiler.ranges[i]));
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
                    .map(|(_, i)| DocIdx::of(i))
                    .collect(),
            }
        })
        .collect();

    let xy = pca::pca_2d(emb.view());
    let assignments = (0..n)
        .map(|i| Assignment {
            doc: DocIdx::of(i),
            topic: topic_of[i],
            x: round4(xy[[i, 0]]),
            y: round4(xy[[i, 1]]),
            duplicate_of: (rep[i] != i).then(|| DocIdx::of(rep[i])),
        })
        .collect();

    Ok(Topics {
        k: k_final,
        k_chosen_by: chosen_by,
        silhouette: curve,
        topics,
        assignments,
        settings: TopicSettings {
            k: params.k,
            k_range,
            k_rule: params.k_rule,
            dims: params.dims,
            dims_used,
            power_iters: params.power_iters,
            seed: params.seed,
            n_runs: params.n_runs,
            scan_runs: params.scan_runs,
            algorithm: params.algo,
            silhouette_sample: params.silhouette_sample,
            silhouette_repeats: params.silhouette_repeats,
            min_df: params.min_df,
            min_df_used,
            max_df: params.max_df,
            max_features: params.max_features,
            boilerplate_min_docs: params.boilerplate_min_docs,
            refine_iters: params.refine_iters,
            vocabulary: vocab.len(),
            documents: n,
            clustered: clustered.len(),
        },
        notes,
    })
}

/// The term words of a document outside the `skip` ranges (boilerplate).
fn topic_words<'a>(doc: &'a Analyzed, skip: &'a [CharRange]) -> impl Iterator<Item = &'a str> {
    body_terms(doc, skip).map(|(_, w)| w)
}

/// Refines an LSA clustering by spherical k-means on the rows' TF-IDF
/// vectors ([`refine`]); the centroids become the means of the refined
/// clusters in LSA space (an emptied cluster keeps its old centroid), as
/// representatives and documents without terms are placed by them.
fn refined(
    c: Clustering,
    x: ArrayView2<f64>,
    rows: &[&SparseVec],
    n_terms: usize,
    iters: usize,
) -> Clustering {
    let k = c.centroids.nrows();
    let r = spherical_kmeans(rows, n_terms, k, &c.labels, iters);
    let mut sums = Array2::<f64>::zeros(c.centroids.raw_dim());
    let mut sizes = vec![0usize; k];
    for (row, &l) in x.rows().into_iter().zip(&r.labels) {
        sums.row_mut(l).scaled_add(1.0, &row);
        sizes[l] += 1;
    }
    let mut centroids = c.centroids;
    for (l, &size) in sizes.iter().enumerate() {
        if size > 0 {
            centroids.row_mut(l).assign(&(&sums.row(l) / size as f64));
        }
    }
    let inertia = kmeans::inertia(x, &centroids, &r.labels);
    Clustering {
        labels: r.labels,
        centroids,
        inertia,
    }
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

/// The silhouette curve of `lo..=hi` (capped below the sample size): for
/// each of `silhouette_repeats` seeded samples of the rows of `x`, each k
/// clustered on the sample by plain k-means (`scan_runs` starts, a seed per
/// sample) and scored on it; each point is the mean over the samples with
/// its standard error.
fn scan(x: ArrayView2<f64>, lo: usize, hi: usize, params: &TopicParams) -> Vec<SilhouettePoint> {
    let nc = x.nrows();
    let repeats = params.silhouette_repeats;
    // Every (sample, k) cell is its own seeded task, so the cells run in
    // parallel and still give the same curve on every run.
    let scores: Vec<Vec<f64>> = (0..repeats)
        .into_par_iter()
        .map(|r| {
            let rows = silhouette_sample(nc, params, r);
            let sample_x = x.select(Axis(0), &rows);
            let dist = Distances::new(sample_x.view());
            let seed = params.seed.wrapping_add(r as u64);
            let top = hi.min(rows.len().saturating_sub(1));
            (lo..=top)
                .into_par_iter()
                .map(|k| {
                    let c = kmeans(sample_x.view(), k, params.scan_runs, seed, params.algo);
                    silhouette(&dist, &c.labels)
                })
                .collect()
        })
        .collect();
    let ks = scores.first().map_or(0, Vec::len);
    (0..ks)
        .map(|j| {
            let xs: Vec<f64> = scores.iter().map(|s| s[j]).collect();
            let (mean, se) = mean_se(&xs);
            SilhouettePoint {
                k: lo + j,
                score: round4(mean),
                se: Some(round4(se)),
            }
        })
        .collect()
}

/// Mean and standard error of the mean (0 for fewer than two values).
fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (mean, 0.0);
    }
    let var = xs.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Rows of the clusterable set silhouette sample `r` is computed on: all
/// of them, or a sample seeded by the seed and `r`, in ascending order.
fn silhouette_sample(nc: usize, params: &TopicParams, r: usize) -> Vec<usize> {
    if nc <= params.silhouette_sample {
        return (0..nc).collect();
    }
    let mut rng =
        Xoshiro256PlusPlus::seed_from_u64(params.seed ^ 0x5111_0e77e ^ ((r as u64) << 40));
    let mut rows = sample(&mut rng, nc, params.silhouette_sample).into_vec();
    rows.sort_unstable();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dups::Cluster;

    /// `run` with unchecked settings and `duplicate_of[i] = Some(rep)`
    /// (empty: none), its documents named by id.
    fn run(a: &Analysis, duplicate_of: &[Option<usize>], params: &TopicParams) -> Topics<String> {
        let clusters: Vec<Cluster> = duplicate_of
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                r.map(|r| Cluster {
                    representative: DocIdx::of(r),
                    members: vec![DocIdx::of(r), DocIdx::of(i)],
                })
            })
            .collect();
        let dup = DuplicateOf::from_clusters(&clusters, a.docs.len()).unwrap();
        super::run(a, &dup, &params.clone().check().unwrap())
            .unwrap()
            .named(a)
    }
    use crate::corpus::{Corpus, Document, Format};
    use crate::segment::Segmenter;
    use crate::{AnalyzeParams, analyze};

    fn corpus(texts: &[String]) -> Analysis {
        let documents = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}"), Format::Text, t.clone()))
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
        let bad = |p: TopicParams| p.validate().unwrap_err();
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
    fn boilerplate_does_not_name_topics() {
        let notice = "新浪声明：本网站登载此文出于传递更多信息之目的。";
        let texts: Vec<String> = two_subjects()
            .into_iter()
            .enumerate()
            .map(|(i, t)| if i < 10 { format!("{t}{notice}") } else { t })
            .collect();
        let analysis = corpus(&texts);
        let words = |t: &Topics<String>| -> Vec<String> {
            t.topics
                .iter()
                .flat_map(|t| {
                    t.terms
                        .iter()
                        .map(|w| w.term.clone())
                        .chain(t.phrases.clone())
                })
                .collect()
        };
        let on = TopicParams {
            k: KChoice::Fixed(2),
            boilerplate_min_docs: 10,
            ..Default::default()
        };
        let t = run(&analysis, &[], &on);
        assert!(t.notes.iter().any(|n| n.starts_with("1 sentences found")));
        assert!(
            words(&t)
                .iter()
                .all(|w| !w.contains("登载") && !w.contains("传递")),
            "{:?}",
            words(&t)
        );
        for i in 0..texts.len() {
            assert_eq!(
                t.assignments[i].topic,
                t.assignments[i % 2].topic,
                "doc {i}"
            );
        }
        let off = run(
            &analysis,
            &[],
            &TopicParams {
                boilerplate_min_docs: 0,
                ..on
            },
        );
        assert!(off.settings.vocabulary > t.settings.vocabulary);
    }

    #[test]
    fn refinement_keeps_a_clean_split_and_can_be_turned_off() {
        let analysis = corpus(&two_subjects());
        for refine_iters in [0, 20] {
            let t = run(
                &analysis,
                &[],
                &TopicParams {
                    k: KChoice::Fixed(2),
                    refine_iters,
                    ..Default::default()
                },
            );
            for i in 0..analysis.docs.len() {
                assert_eq!(t.assignments[i].topic, t.assignments[i % 2].topic);
            }
            assert_ne!(t.assignments[0].topic, t.assignments[1].topic);
        }
    }

    #[test]
    fn auto_k_and_tiny_corpora_do_not_panic() {
        let analysis = corpus(&two_subjects());
        let best = TopicParams {
            k_rule: KRule::Best,
            ..Default::default()
        };
        let t = run(&analysis, &[], &best);
        assert_eq!(t.k_chosen_by, KChosenBy::Silhouette);
        assert_eq!(t.settings.k_range, Some([2, 8]));
        assert_eq!(t.silhouette.len(), 7);
        let top = t
            .silhouette
            .iter()
            .map(|p| p.score)
            .fold(f64::MIN, f64::max);
        let chosen = t.silhouette.iter().find(|p| p.score == top).map(|p| p.k);
        assert_eq!(chosen, Some(t.k));
        let t = run(&analysis, &[], &TopicParams::default());
        let at = KRule::FirstPeak.pick(&t.silhouette).unwrap();
        assert_eq!(t.k, t.silhouette[at].k);

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
    fn k_rules_read_the_curve() {
        let curve = |scores: &[f64], se: f64| -> Vec<SilhouettePoint> {
            scores
                .iter()
                .enumerate()
                .map(|(i, &score)| SilhouettePoint {
                    k: i + 2,
                    score,
                    se: Some(se),
                })
                .collect()
        };
        let rising_with_a_dip = curve(&[0.08, 0.12, 0.15, 0.14, 0.16, 0.19], 0.0);
        assert_eq!(KRule::FirstPeak.pick(&rising_with_a_dip), Some(2));
        assert_eq!(KRule::Best.pick(&rising_with_a_dip), Some(5));
        let rising = curve(&[0.1, 0.2, 0.3], 0.0);
        assert_eq!(KRule::FirstPeak.pick(&rising), Some(2));
        let flat = curve(&[0.2, 0.2, 0.1], 0.0);
        assert_eq!(KRule::FirstPeak.pick(&flat), Some(0));
        assert_eq!(KRule::Best.pick(&flat), Some(0));
        assert_eq!(KRule::FirstPeak.pick(&curve(&[0.5], 0.0)), Some(0));
        // A rise smaller than the next point's standard error is noise: the
        // peak is where the clear rise stops (the Sina curve's shape).
        let creeping = curve(&[0.09, 0.10, 0.12, 0.14, 0.149, 0.152, 0.155, 0.16], 0.004);
        assert_eq!(KRule::FirstPeak.pick(&creeping), Some(4));
        assert_eq!(
            KRule::FirstPeak.pick(&curve(&[0.09, 0.10, 0.12], 0.02)),
            Some(0)
        );
        assert_eq!(KRule::Best.pick(&creeping), Some(7));
        assert_eq!(KRule::Best.pick(&[]), None);
    }

    #[test]
    fn standard_error_of_the_mean() {
        assert_eq!(mean_se(&[0.5]), (0.5, 0.0));
        let (m, se) = mean_se(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(m, 2.5);
        // sample sd sqrt(5/3), over sqrt(4)
        assert!((se - (5.0f64 / 3.0).sqrt() / 2.0).abs() < 1e-12);
    }

    #[test]
    fn rounding() {
        assert_eq!(round4(0.123456), 0.1235);
        assert_eq!(round4(-0.00001), 0.0);
        assert!(round4(-0.00001).is_sign_positive());
    }
}
