//! The settings of the topics stage: [`TopicParams`] with how k is decided
//! ([`KChoice`]) and read off the silhouette curve ([`KRule`]), checked
//! into a [`Checked<TopicParams>`](crate::params::Checked) by its
//! [`ParamGuard`] impl, which gives a [`TopicParamsError`] for a value the
//! stage cannot work with.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::SilhouettePoint;
use super::kmeans::KMeansAlgo;
use crate::params::ParamGuard;

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
    /// k-means engine (default Lloyd; see [`kmeans`](super::kmeans)).
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
    /// 0: off). See [`boilerplate`](super::boilerplate).
    pub boilerplate_min_docs: usize,
    /// Rounds of spherical k-means on the full TF-IDF vectors after the LSA
    /// k-means (default 20; 0: off). See [`refine`](super::refine).
    pub refine_iters: usize,
    /// Let damaged documents (`crate::quality`) shape the topics: the
    /// vocabulary, the LSA, k-means, labels and representatives (default
    /// false: each takes the nearest topic, as a document without terms
    /// does).
    pub keep_damaged: bool,
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
            keep_damaged: false,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
