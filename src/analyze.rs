//! The shared front of every command: corpus in, analysed documents out.
//!
//! Takes a [`Corpus`] and gives an [`Analysis`]: for every document its
//! [`Cleaned`] body, its [`Quality`] (whether it is damaged), its
//! [`NormText`] view and its [`Token`]s, plus TF-IDF fitted on the whole
//! corpus, after site boilerplate is found over the corpus and taken out of
//! the bodies ([`crate::boilerplate`]). Documents are processed in parallel; the
//! order of the corpus is kept. [`analyze_inputs`] reads the inputs too, and
//! analyses documents while later ones are still being read.

use rayon::prelude::*;
use serde::Serialize;

use crate::boilerplate::{self, Boilerplate, BoilerplateParams};
use crate::clean::{Cleaned, clean};
use crate::fingerprint::matchable::is_matchable;
use std::path::PathBuf;

use crate::corpus::{
    Corpus, Document, InputBatch, ReadParams, Skipped, read_batch_map, read_corpus_map,
};
use crate::normalize::{NormParams, NormText, normalize};
use crate::params::Checked;
use crate::quality::{Quality, QualityParams, judge};
use crate::segment::{Segmenter, Token, is_term};
use crate::tfidf::{TermCounts, Tfidf, TfidfParams, count_terms, fit};

/// The place of a document in an [`Analysis`]: `analysis.docs[i.get()]`.
///
/// Stage results (near-duplicate pairs and clusters, passage copies, topic
/// assignments, compare groups) name documents by `DocIdx`; ids are
/// attached only where output is written ([`Analysis::id`]). It is a `u32`
/// (four billion documents a corpus) so that results stay small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DocIdx(pub u32);

impl DocIdx {
    /// The index as a `usize`, for slices.
    pub fn get(self) -> usize {
        self.0 as usize
    }

    /// `DocIdx` of position `i`. Panics past `u32::MAX`: the corpus reader
    /// stops long before (its memory bounds), so that is a bug, not input.
    pub fn of(i: usize) -> DocIdx {
        DocIdx(u32::try_from(i).expect("more than u32::MAX documents"))
    }
}

/// A per-document input of a stage (`DuplicateOf`, `TopicOf`) made for
/// another corpus than the one the stage is given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} has {got} entries for {expected} documents")]
pub struct LengthMismatch {
    pub what: &'static str,
    pub expected: usize,
    pub got: usize,
}

impl LengthMismatch {
    /// `Ok` when `got` entries fit `analysis`.
    pub fn check(
        what: &'static str,
        got: usize,
        analysis: &Analysis,
    ) -> Result<(), LengthMismatch> {
        let expected = analysis.docs.len();
        if got == expected {
            Ok(())
        } else {
            Err(LengthMismatch {
                what,
                expected,
                got,
            })
        }
    }
}

/// One document with everything the later stages need.
#[derive(Debug, Clone)]
pub struct Analyzed {
    pub doc: Document,
    pub cleaned: Cleaned,
    pub norm: NormText,
    pub tokens: Vec<Token>,
    /// Number of tokens that count as terms.
    pub terms: u32,
    /// Whether the text is damaged (mostly code, replacement characters,
    /// mojibake), and the measures that say so.
    pub quality: Quality,
}

impl Analyzed {
    /// Runs clean, the quality judgement, normalise and segment on one
    /// document, with the per-document settings of `params` (`norm`,
    /// `quality`).
    pub fn new(
        doc: Document,
        segmenter: &Segmenter,
        params: &AnalyzeParams,
    ) -> (Analyzed, TermCounts) {
        let cleaned = clean(&doc);
        let quality = judge(&doc, &cleaned, &params.quality);
        let norm = normalize(&doc, &cleaned, &params.norm);
        let tokens = segmenter.tokens(&norm);
        let mut analyzed = Analyzed {
            doc,
            cleaned,
            norm,
            tokens,
            terms: 0,
            quality,
        };
        let counts = count_terms(analyzed.term_words());
        analyzed.terms = counts.values().sum();
        (analyzed, counts)
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

/// Settings of the shared front: what the normalised view folds, when a
/// document is damaged, and how TF-IDF is fitted. All are checked settings, so an `AnalyzeParams` is
/// valid as soon as it is made and needs no check of its own; each stage
/// takes its part as it is.
///
/// ```
/// use chachong::AnalyzeParams;
/// use chachong::normalize::NormParams;
/// use chachong::params::ParamGuard;
/// use chachong::tfidf::TfidfParams;
///
/// let Ok(norm) = NormParams { traditional_to_simplified: false }.check();
/// let tfidf = TfidfParams { min_df: 2, ..TfidfParams::default() }.check().unwrap();
/// let params = AnalyzeParams { norm, tfidf, boilerplate: None, ..AnalyzeParams::default() };
/// assert!(!params.norm.traditional_to_simplified);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyzeParams {
    pub norm: Checked<NormParams>,
    pub quality: Checked<QualityParams>,
    pub tfidf: Checked<TfidfParams>,
    /// How site boilerplate is found over the corpus and taken out of the
    /// body before anything is counted (default: on, with
    /// [`BoilerplateParams::default`]); `None` keeps it in.
    pub boilerplate: Option<Checked<BoilerplateParams>>,
}

impl Default for AnalyzeParams {
    fn default() -> Self {
        AnalyzeParams {
            norm: Checked::default(),
            quality: Checked::default(),
            tfidf: Checked::default(),
            boilerplate: Some(Checked::default()),
        }
    }
}

/// A whole corpus, analysed.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub docs: Vec<Analyzed>,
    pub tfidf: Tfidf,
    /// What the corpus stage could not read.
    pub skipped: Vec<Skipped>,
    /// The site boilerplate found and taken out of the bodies.
    pub boilerplate: Vec<Boilerplate>,
}

impl Analysis {
    /// The document at `i`.
    pub fn doc(&self, i: DocIdx) -> &Analyzed {
        &self.docs[i.get()]
    }

    /// The id of the document at `i`.
    pub fn id(&self, i: DocIdx) -> &str {
        &self.docs[i.get()].doc.id
    }

    /// Leaves out the documents whose text as read has fewer than
    /// `min_chars` letters, digits and ideographs (near-empty records, failed
    /// scrapes), with their TF-IDF vectors; gives how many were left out.
    /// The TF-IDF vocabulary stays as fitted on the whole corpus.
    pub fn retain_min_chars(&mut self, min_chars: usize) -> usize {
        if min_chars == 0 {
            return 0;
        }
        let keep: Vec<bool> = self
            .docs
            .iter()
            .map(|d| d.doc.text.chars().filter(|&c| is_matchable(c)).count() >= min_chars)
            .collect();
        let before = self.docs.len();
        let mut flags = keep.iter();
        self.docs.retain(|_| *flags.next().unwrap_or(&true));
        if self.tfidf.vectors.len() == keep.len() {
            let mut flags = keep.iter();
            self.tfidf
                .vectors
                .retain(|_| *flags.next().unwrap_or(&true));
        }
        let mut place = Vec::with_capacity(keep.len());
        let mut next = 0u32;
        for &k in &keep {
            place.push(k.then_some(DocIdx(next)));
            next += u32::from(k);
        }
        for b in &mut self.boilerplate {
            b.copies.retain_mut(|c| match place[c.doc.get()] {
                Some(to) => {
                    c.doc = to;
                    true
                }
                None => false,
            });
        }
        before - self.docs.len()
    }
}

/// Cleans, normalises and segments every document, then fits TF-IDF.
///
/// ```
/// use chachong::corpus::{Document, Format};
/// use chachong::segment::Segmenter;
/// use chachong::{AnalyzeParams, Corpus, DocIdx, analyze};
///
/// let corpus = Corpus {
///     documents: vec![
///         Document::new("a", Format::Text, "青岛推动工业互联网平台建设。"),
///         Document::new("b", Format::Text, "足球比赛今晚在青岛举行。"),
///     ],
///     skipped: vec![],
/// };
/// let analysis = analyze(corpus, Segmenter::shared(), &AnalyzeParams::default());
/// assert_eq!(analysis.id(DocIdx(1)), "b");
/// let words: Vec<&str> = analysis.doc(DocIdx(0)).term_words().collect();
/// assert!(words.contains(&"工业互联网") || words.contains(&"工业"));
/// assert_eq!(analysis.tfidf.vectors.len(), 2);
/// ```
pub fn analyze(corpus: Corpus, segmenter: &Segmenter, params: &AnalyzeParams) -> Analysis {
    let (docs, counts): (Vec<Analyzed>, Vec<TermCounts>) = corpus
        .documents
        .into_par_iter()
        .map(|doc| Analyzed::new(doc, segmenter, params))
        .unzip();
    fitted(docs, counts, corpus.skipped, || segmenter, params)
}

/// The last steps of [`analyze`]: boilerplate found and taken out, then
/// TF-IDF fitted.
fn fitted<'s>(
    mut docs: Vec<Analyzed>,
    mut counts: Vec<TermCounts>,
    skipped: Vec<Skipped>,
    segmenter: impl Fn() -> &'s Segmenter,
    params: &AnalyzeParams,
) -> Analysis {
    let boilerplate = match &params.boilerplate {
        Some(p) => boilerplate::settle(&mut docs, &mut counts, p, segmenter(), params),
        None => Vec::new(),
    };
    let tfidf = fit(&counts, &params.tfidf);
    Analysis {
        docs,
        tfidf,
        skipped,
        boilerplate,
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
    read: &Checked<ReadParams>,
    segmenter: impl Fn() -> &'s Segmenter + Sync,
    params: &AnalyzeParams,
) -> Analysis {
    let (analyzed, skipped) = read_corpus_map(
        inputs,
        read,
        |doc| Analyzed::new(doc, segmenter(), params),
        |(a, _)| &mut a.doc,
    );
    let (docs, counts): (Vec<Analyzed>, Vec<TermCounts>) = analyzed.into_iter().unzip();
    fitted(docs, counts, skipped, segmenter, params)
}

/// [`analyze_inputs`] of one batch of input files ([`crate::corpus::input_batches`]): its
/// documents alone make the corpus, so site boilerplate is found among
/// them and TF-IDF is fitted on them.
pub fn analyze_batch<'s>(
    batch: &InputBatch,
    read: &Checked<ReadParams>,
    segmenter: impl Fn() -> &'s Segmenter + Sync,
    params: &AnalyzeParams,
) -> Analysis {
    let (analyzed, skipped) = read_batch_map(
        batch,
        read,
        |doc| Analyzed::new(doc, segmenter(), params),
        |(a, _)| &mut a.doc,
    );
    let (docs, counts): (Vec<Analyzed>, Vec<TermCounts>) = analyzed.into_iter().unzip();
    fitted(docs, counts, skipped, segmenter, params)
}
