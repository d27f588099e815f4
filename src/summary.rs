//! The corpus summary: what was read, per document and in all.
//!
//! Takes an [`Analysis`] and gives a [`Summary`], the serde model that
//! `report.json` starts with: every document with id, title, date, source,
//! every other metadata field it has (author, categories, tags and the
//! input's own fields such as `label` or `folder`), encoding, body
//! characters, token count and top terms, the files that
//! were skipped with the reason, and the damaged documents
//! ([`crate::quality`]) with their reasons and shares.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analyze::Analysis;
use crate::corpus::{Format, Skipped};
use crate::quality::{self, Damaged};
use crate::regions::DocRegions;

/// How many top terms each document lists.
pub const TOP_TERMS: usize = 10;

/// One document in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    /// Left out of JSON when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Every other metadata field of the input, by name (`label`,
    /// `folder`, `description`, ...); left out of JSON when empty.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    pub format: Format,
    pub encoding: String,
    /// Characters of the text as read.
    pub chars: u32,
    /// Characters of body text.
    pub body_chars: u32,
    /// Tokens in the body (all kinds).
    pub tokens: u32,
    /// Tokens that count as terms.
    pub terms: u32,
    pub top_terms: Vec<TermWeight>,
    /// `regions`, `region`, `region_confidence` and `region_from`, when
    /// regions were read ([`crate::regions::DocRegions`]).
    #[serde(flatten)]
    pub regions: Option<DocRegions>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermWeight {
    pub term: String,
    pub weight: f32,
}

/// The corpus in numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub body_chars: u64,
    pub tokens: u64,
    pub vocabulary: usize,
    /// Documents per source, sorted by source.
    pub sources: BTreeMap<String, usize>,
    /// Earliest and latest date, when any document has one.
    pub date_range: Option<(String, String)>,
    pub skipped: Vec<Skipped>,
    /// The damaged documents, in corpus order: left out of near-duplicates,
    /// passages and the topic model unless kept.
    pub damaged: Vec<Damaged<String>>,
    pub docs: Vec<DocSummary>,
}

impl DocSummary {
    /// The metadata fields beyond id, title, date and source, by name:
    /// `author`, `categories` and `tags` (joined with `, `) when present,
    /// then the input's own fields.
    pub fn extra_fields(&self) -> Vec<(&str, String)> {
        let mut out: Vec<(&str, String)> = Vec::new();
        if let Some(a) = &self.author {
            out.push(("author", a.clone()));
        }
        if !self.categories.is_empty() {
            out.push(("categories", self.categories.join(", ")));
        }
        if !self.tags.is_empty() {
            out.push(("tags", self.tags.join(", ")));
        }
        for (k, v) in &self.fields {
            out.push((k.as_str(), v.clone()));
        }
        out
    }
}

/// The names of the metadata fields beyond id, title, date and source that
/// some document has, sorted, `author`, `categories` and `tags` first.
pub fn extra_field_names(docs: &[DocSummary]) -> Vec<String> {
    let mut named: Vec<String> = Vec::new();
    for (name, present) in [
        ("author", docs.iter().any(|d| d.author.is_some())),
        ("categories", docs.iter().any(|d| !d.categories.is_empty())),
        ("tags", docs.iter().any(|d| !d.tags.is_empty())),
    ] {
        if present {
            named.push(name.to_string());
        }
    }
    let rest: std::collections::BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| d.fields.keys().map(String::as_str))
        .filter(|k| !named.iter().any(|n| n == k))
        .collect();
    named.extend(rest.into_iter().map(str::to_string));
    named
}

/// Summarises an analysed corpus.
pub fn summarize(analysis: &Analysis) -> Summary {
    let docs: Vec<DocSummary> = analysis
        .docs
        .iter()
        .enumerate()
        .map(|(i, a)| DocSummary {
            id: a.doc.id.clone(),
            title: a.doc.meta.title.clone(),
            date: a.doc.meta.date.clone(),
            source: a.doc.meta.source.clone(),
            author: a.doc.meta.author.clone(),
            categories: a.doc.meta.categories.clone(),
            tags: a.doc.meta.tags.clone(),
            fields: a.doc.meta.fields.clone(),
            format: a.doc.format,
            encoding: a.doc.encoding.clone(),
            chars: a.doc.chars(),
            body_chars: a.cleaned.body_chars(),
            tokens: a.tokens.len() as u32,
            terms: a.terms,
            top_terms: analysis
                .tfidf
                .top_terms(i, TOP_TERMS)
                .into_iter()
                .map(|(term, weight)| TermWeight {
                    term,
                    weight: (weight * 1e4).round() / 1e4,
                })
                .collect(),
            regions: None,
        })
        .collect();
    let mut sources = BTreeMap::new();
    for d in &docs {
        if let Some(s) = &d.source {
            *sources.entry(s.clone()).or_insert(0) += 1;
        }
    }
    let dates: Vec<&String> = docs.iter().filter_map(|d| d.date.as_ref()).collect();
    let date_range = match (dates.iter().min(), dates.iter().max()) {
        (Some(a), Some(b)) => Some(((*a).clone(), (*b).clone())),
        _ => None,
    };
    Summary {
        documents: docs.len(),
        body_chars: docs.iter().map(|d| d.body_chars as u64).sum(),
        tokens: docs.iter().map(|d| d.tokens as u64).sum(),
        vocabulary: analysis.tfidf.vocab.len(),
        sources,
        date_range,
        skipped: analysis.skipped.clone(),
        damaged: quality::damaged(analysis)
            .iter()
            .map(|d| d.named(analysis))
            .collect(),
        docs,
    }
}
