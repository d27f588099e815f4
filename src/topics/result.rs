//! What the topics stage gives: [`Topics`] (the topics largest first, each
//! document's [`Assignment`], the silhouette curve, the settings as applied
//! and notes), generic over how documents are named: [`DocIdx`] between
//! stages, the id in output ([`Topics::named`]). [`TopicOf`] is each
//! document's topic alone, checked against the number of topics: what
//! `compare` takes.

use serde::Serialize;

use super::kmeans::KMeansAlgo;
use super::note::TopicNote;
use super::params::{KChoice, KRule};
use crate::analyze::{Analysis, DocIdx, LengthMismatch};

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
    pub notes: Vec<TopicNote>,
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
    pub keep_damaged: bool,
    /// Terms in the topic vocabulary.
    pub vocabulary: usize,
    pub documents: usize,
    /// Documents clustered: representatives and documents without
    /// duplicates, damaged ones left out unless `keep_damaged`.
    pub clustered: usize,
    /// Damaged documents left out of the clustering, each given the
    /// nearest topic.
    pub damaged: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_of_holds_topics_below_the_number_of_topics() {
        let t = TopicOf::new(vec![0, 2, 1], 3).unwrap();
        assert_eq!(t.as_slice(), [0, 2, 1]);
        assert_eq!(t.n_topics(), 3);
        assert_eq!(
            TopicOf::new(vec![0, 3, 1], 3),
            Err(TopicOutOfRange {
                doc: 1,
                topic: 3,
                n_topics: 3
            })
        );
        assert!(TopicOf::new(Vec::new(), 0).is_ok());
    }
}
