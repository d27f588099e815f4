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
///              "topic_docs": [..],
///              "distinctive_terms": [{"term", "z", "count",
///                                     "examples": [{"doc", "start", "end", "text"}]}],
///              "warning" (only on small groups)}],
///  "pairwise": {"a": Group, "b": Group}   (only when asked),
///  "over_time": [{"period", "docs", "topic_share": [..], "topic_docs": [..]}],
///  "notes": ["..."],
///  "settings": {...}}
/// ```
///
/// Groups are sorted by name, periods by period, distinctive terms by `z`
/// descending then term. `topic_share[t]` is the share of topic `t` among
/// the group's documents after collapsing near-duplicates (it sums to 1 up
/// to rounding; it is empty when no topics were given) and `topic_docs[t]`
/// the number of those documents in topic `t`. Distinctive terms
/// are the terms the group uses that have a positive `z` against the rest
/// of the corpus (against the other group in `pairwise`); `count` is how
/// often the group uses them, and `examples` where: sentences from
/// different documents of the group ([`Example`]). `topic_labels[t]` names topic `t` (the
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
    /// Documents (near-duplicates counted once) in each topic, parallel to
    /// `topic_share`.
    pub topic_docs: Vec<usize>,
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
    /// Where the group uses it: up to `examples` sentences, each from a
    /// different document of the group (near-duplicates counted once), the
    /// documents that use the term most first (ties in corpus order), the
    /// first occurrence in each.
    pub examples: Vec<Example>,
}

/// One occurrence of a term, keyword in context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The document's id.
    pub doc: String,
    /// The occurrence as a char span of the document's text as read
    /// ([`Span`](crate::span::Span) units): the term itself, or the
    /// original characters it was folded from (traditional characters,
    /// full-width forms, upper case).
    pub start: u32,
    pub end: u32,
    /// The sentence around it as shown (inline markup left out), cut to
    /// [`CONTEXT_CHARS`] characters either side of the term, `…` where cut.
    pub text: String,
}

/// Characters of context kept either side of a term in [`Example::text`].
pub const CONTEXT_CHARS: usize = 40;

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
    /// Example sentences given per distinctive term.
    pub examples: usize,
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
