//! What the compare stage gives: a [`Comparison`], one serde value, with a
//! [`Group`] per value of the field, the [`Pairwise`] comparison when asked,
//! topic shares over time, notes and the [`CompareSettings`] as applied;
//! [`documents`] counts documents in its warnings and notes.

use serde::Serialize;

use super::note::CompareNote;
use super::over_time::Period;

/// What compare finds, as written to JSON:
///
/// ```text
/// {"by": "source",
///  "topic_labels": ["label of topic 0", ...],
///  "groups": [{"name", "docs", "docs_before_dedup", "topic_share": [..],
///              "distinctive_terms": [{"term", "z", "count"}],
///              "warning" (only on small groups)}],
///  "pairwise": {"a": Group, "b": Group}   (only when asked),
///  "over_time": [{"period", "docs", "topic_share": [..]}],
///  "notes": ["..."],
///  "settings": {...}}
/// ```
///
/// Groups are sorted by name, periods by period, distinctive terms by `z`
/// descending then term. `topic_share[t]` is the share of topic `t` among
/// the group's documents after collapsing near-duplicates (it sums to 1 up
/// to rounding; it is empty when no topics were given). Distinctive terms
/// are the terms the group uses that have a positive `z` against the rest
/// of the corpus (against the other group in `pairwise`); `count` is how
/// often the group uses them. `topic_labels[t]` names topic `t` (the
/// pipeline sets them from the topics; [`run`](super::run) alone, given
/// only each document's topic, leaves them empty).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub by: String,
    pub topic_labels: Vec<String>,
    pub groups: Vec<Group>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairwise: Option<Pairwise>,
    pub over_time: Vec<Period>,
    /// Caveats about the corpus as a whole.
    pub notes: Vec<CompareNote>,
    pub settings: CompareSettings,
}

impl Comparison {
    /// The comparison with `labels[t]` naming topic `t`.
    pub fn with_topic_labels(mut self, labels: Vec<String>) -> Comparison {
        self.topic_labels = labels;
        self
    }
}

/// One group of documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub name: String,
    /// Documents, near-duplicates counted once.
    pub docs: usize,
    /// Documents with the value.
    pub docs_before_dedup: usize,
    /// For regions: the documents counted once, each by its weight (a
    /// document about two provinces alike counts 0.5 in each).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted_docs: Option<f64>,
    pub topic_share: Vec<f64>,
    pub distinctive_terms: Vec<DistinctiveTerm>,
    /// The group's topic shares per period (the periods of `over_time`),
    /// each with the small-group warning; empty without dates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub over_time: Vec<Period>,
    /// Set when the group is smaller than `min_group_docs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<CompareNote>,
}

/// A term a group uses more than what it is compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistinctiveTerm {
    pub term: String,
    pub z: f64,
    /// Occurrences in the group.
    pub count: u64,
}

/// Two groups compared with each other alone: `a`'s distinctive terms are
/// against `b`, and `b`'s against `a`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pairwise {
    pub a: Group,
    pub b: Group,
}

/// The settings as applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareSettings {
    pub top_terms: usize,
    pub min_group_docs: usize,
    pub prior_scale: f64,
    /// Number of topics the shares are over.
    pub topics: usize,
    /// Documents read.
    pub documents: usize,
    /// Documents after collapsing near-duplicates.
    pub documents_after_dedup: usize,
    /// `date:month` or `date:year`: what `over_time` is by (null when no
    /// document has a date).
    pub over_time_by: Option<&'static str>,
}

/// `1 document`, `2 documents`.
pub fn documents(n: usize) -> String {
    if n == 1 {
        "1 document".to_string()
    } else {
        format!("{n} documents")
    }
}
