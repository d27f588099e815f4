//! The corpus summary: what was read, per document and in all.
//!
//! Takes an [`Analysis`] and gives a [`Summary`], the serde model that
//! `report.json` starts with: every document with id, title, date, source,
//! encoding, body characters, token count and top terms, the files that
//! were skipped with the reason, and the damaged documents
//! ([`crate::quality`]) with their reasons and shares.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analyze::Analysis;
use crate::corpus::{Format, Skipped};
use crate::quality::{self, Damaged};

/// How many top terms each document lists.
pub const TOP_TERMS: usize = 10;

/// One document in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
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
