//! The shared front of every command: corpus in, analysed documents out.
//!
//! Takes a [`Corpus`] and gives an [`Analysis`]: for every document its
//! [`Cleaned`] body, its [`NormText`] view and its [`Token`]s, plus TF-IDF
//! fitted on the whole corpus. Documents are processed in parallel; the
//! order of the corpus is kept. [`analyze_inputs`] reads the inputs too, and
//! analyses documents while later ones are still being read.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::clean::{Cleaned, clean};
use std::path::PathBuf;

use crate::corpus::{Corpus, Document, ReadParams, Skipped, read_corpus_map};
use crate::normalize::{NormParams, NormText, normalize};
use crate::segment::{Segmenter, Token, is_term};
use crate::tfidf::{TermCounts, Tfidf, TfidfParams, count_terms, fit};

/// One document with everything the later stages need.
#[derive(Debug, Clone)]
pub struct Analyzed {
    pub doc: Document,
    pub cleaned: Cleaned,
    pub norm: NormText,
    pub tokens: Vec<Token>,
    /// Number of tokens that count as terms.
    pub terms: u32,
}

impl Analyzed {
    /// Runs clean, normalise and segment on one document.
    pub fn new(
        doc: Document,
        segmenter: &Segmenter,
        params: &NormParams,
    ) -> (Analyzed, TermCounts) {
        let cleaned = clean(&doc);
        let norm = normalize(&doc, &cleaned, params);
        let tokens = segmenter.tokens(&norm);
        let counts = count_terms(
            tokens
                .iter()
                .map(|t| t.word(&norm))
                .zip(tokens.iter())
                .filter(|(w, t)| is_term(w, t.kind))
                .map(|(w, _)| w),
        );
        let terms = counts.values().sum();
        (
            Analyzed {
                doc,
                cleaned,
                norm,
                tokens,
                terms,
            },
            counts,
        )
    }

    /// The term tokens' words, in order.
    pub fn term_words(&self) -> impl Iterator<Item = &str> {
        self.tokens
            .iter()
            .map(|t| (t.word(&self.norm), t.kind))
            .filter(|(w, k)| is_term(w, *k))
            .map(|(w, _)| w)
    }
}

/// Settings of the shared front.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalyzeParams {
    pub norm: NormParams,
    pub tfidf: TfidfParams,
}

/// A whole corpus, analysed.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub docs: Vec<Analyzed>,
    pub tfidf: Tfidf,
    /// What the corpus stage could not read.
    pub skipped: Vec<Skipped>,
}

/// Cleans, normalises and segments every document, then fits TF-IDF.
pub fn analyze(corpus: Corpus, segmenter: &Segmenter, params: &AnalyzeParams) -> Analysis {
    let (docs, counts): (Vec<Analyzed>, Vec<TermCounts>) = corpus
        .documents
        .into_par_iter()
        .map(|doc| Analyzed::new(doc, segmenter, &params.norm))
        .unzip();
    let tfidf = fit(&counts, &params.tfidf);
    Analysis {
        docs,
        tfidf,
        skipped: corpus.skipped,
    }
}

/// Reads `inputs` as [`crate::corpus::read_corpus`] does and analyses every
/// document as soon as it is read (see [`read_corpus_map`]), then fits
/// TF-IDF: the same result as [`analyze`] of the corpus read, sooner.
///
/// `segmenter` is called when the first document is analysed, so a lazily
/// loaded dictionary (`Segmenter::shared`) loads while the first batch of
/// the inputs is read.
pub fn analyze_inputs<'s>(
    inputs: &[PathBuf],
    read: &ReadParams,
    segmenter: impl Fn() -> &'s Segmenter + Sync,
    params: &AnalyzeParams,
) -> Analysis {
    let (analyzed, skipped) = read_corpus_map(
        inputs,
        read,
        |doc| Analyzed::new(doc, segmenter(), &params.norm),
        |(a, _)| &mut a.doc,
    );
    let (docs, counts): (Vec<Analyzed>, Vec<TermCounts>) = analyzed.into_iter().unzip();
    let tfidf = fit(&counts, &params.tfidf);
    Analysis {
        docs,
        tfidf,
        skipped,
    }
}
