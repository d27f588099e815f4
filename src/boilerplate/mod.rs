//! Site boilerplate: text a site prints on many of its pages (a disclaimer,
//! a notice under every article, a byline block), found over the whole
//! corpus and taken out of the body.
//!
//! Takes the analysed documents (before TF-IDF is fitted) and
//! [`BoilerplateParams`], and gives [`Boilerplate`] findings; [`settle`]
//! also marks every copy as [`Exclusion::Boilerplate`] and analyses the
//! documents holding one again, so Jaccard, containment, passages and topics
//! never see it. A finding keeps its evidence for the reader.
//!
//! # The rule
//!
//! A passage (found as [`passages::find_widespread`] finds text shared by
//! many documents) is boilerplate when all of these hold:
//!
//! 1. it stands in at least `min_docs` documents (default 20);
//! 2. it is a small part of them: the median share of a document's body it
//!    covers is at most `max_share` (default 0.2). A press release
//!    reprinted by twenty outlets *is* their body, so it stays a finding;
//! 3. one site holds most of it: the site with the most of its documents
//!    has at least `min_site_share` of them (default 0.5). A document's site
//!    is its `site` metadata, else `source`, else `folder`, else the folder
//!    or file it was read from ([`site_of`]); a paragraph quoted by twenty
//!    sites is copying, not one site's furniture;
//! 4. it is not an event report: it (with the few characters before its
//!    first copy, where a date may be cut off) holds no date (`11月7日`, `2018年10月`,
//!    `30日下午`), no relative date (`近日`, `昨天`, `北京时间`) and no
//!    dateline (`新浪娱乐讯`) ([`is_event_report`]). A notice or a disclaimer
//!    reads the same on every page and any day; the lead of a wire story
//!    quoted by fifty articles names when it happened, and copying it is
//!    a finding.
//!
//! How often a text repeats alone never makes it boilerplate (rule 1 is
//! necessary, not sufficient), and the evidence of rules 2 and 3 is kept in
//! the finding ([`Evidence`]), with where the copies sit (`at_edge`: the
//! share of documents in which it opens or closes the body), so a reader
//! can judge the call.

mod rule;

use rayon::prelude::*;
use serde::Serialize;

use crate::analyze::{AnalyzeParams, Analyzed, DocIdx};
use crate::corpus::{Excluded, Exclusion, tidy_exclusions};
use crate::dups::passages::{self, Copy, PassageGroup, PassageParams};
use crate::params::{Checked, ParamGuard};
use crate::segment::Segmenter;
use crate::tfidf::TermCounts;

pub use rule::{is_event_report, site_of};

/// How boilerplate is decided (see the module docs for the rule).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoilerplateParams {
    /// Least number of documents a passage stands in (default 20).
    pub min_docs: usize,
    /// Largest median share of a document's body it may cover (default 0.2).
    pub max_share: f64,
    /// Least share of its documents the most common site must hold
    /// (default 0.5).
    pub min_site_share: f64,
}

impl Default for BoilerplateParams {
    fn default() -> Self {
        BoilerplateParams {
            min_docs: 20,
            max_share: 0.2,
            min_site_share: 0.5,
        }
    }
}

/// Bad boilerplate settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BoilerplateParamsError {
    #[error("boilerplate min_docs must be at least 2, not {0}")]
    MinDocs(usize),
    #[error("boilerplate {name} must be in (0, 1], not {value}")]
    Fraction { name: &'static str, value: f64 },
}

impl ParamGuard for BoilerplateParams {
    type Error = BoilerplateParamsError;

    fn validate(&self) -> Result<(), BoilerplateParamsError> {
        if self.min_docs < 2 {
            return Err(BoilerplateParamsError::MinDocs(self.min_docs));
        }
        for (name, value) in [
            ("max_share", self.max_share),
            ("min_site_share", self.min_site_share),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(BoilerplateParamsError::Fraction { name, value });
            }
        }
        Ok(())
    }
}

/// One site's count of a finding's documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteCount {
    pub site: String,
    pub documents: usize,
}

/// Why a passage was called boilerplate: the measures of the rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Median share of a document's body the passage covers.
    pub median_share: f64,
    /// Share of its documents held by the most common site.
    pub top_site_share: f64,
    /// Share of its documents in which it opens or closes the body (less
    /// than a tenth of the body before it, or after it).
    pub at_edge: f64,
}

/// A passage found to be site boilerplate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Boilerplate<D = DocIdx> {
    /// The text of its first copy, as read.
    pub text: String,
    /// Length of the first copy, in characters.
    pub chars: u32,
    /// Number of documents holding it.
    pub documents: usize,
    /// The sites of those documents, most documents first (then by name).
    pub sites: Vec<SiteCount>,
    pub evidence: Evidence,
    /// Every place it stands in, in corpus order.
    pub copies: Vec<Copy<D>>,
}

impl Boilerplate {
    /// The finding with its documents named by id, for output.
    pub fn named(&self, docs: &[Analyzed]) -> Boilerplate<String> {
        Boilerplate {
            text: self.text.clone(),
            chars: self.chars,
            documents: self.documents,
            sites: self.sites.clone(),
            evidence: self.evidence.clone(),
            copies: self.copies.iter().map(|c| c.named(docs)).collect(),
        }
    }
}

/// The boilerplate among `docs`, by the rule of the module docs, most
/// documents first (then by the first copy's place). Damaged documents
/// ([`crate::quality`]) take no part: their text says nothing of a site.
pub fn find(docs: &[Analyzed], params: &Checked<BoilerplateParams>) -> Vec<Boilerplate> {
    let passage_params = Checked::<PassageParams>::default();
    let groups = passages::find_widespread(
        docs,
        |a| !a.quality.is_damaged(),
        &passage_params,
        params.min_docs,
    );
    let mut found: Vec<Boilerplate> = groups
        .into_par_iter()
        .filter_map(|g| judge(docs, g, params))
        .collect();
    found.sort_by(|x, y| {
        y.documents
            .cmp(&x.documents)
            .then_with(|| x.copies[0].cmp(&y.copies[0]))
    });
    found
}

/// The group as boilerplate, when the rule says it is.
fn judge(
    docs: &[Analyzed],
    group: PassageGroup,
    params: &BoilerplateParams,
) -> Option<Boilerplate> {
    let by_doc: Vec<&[Copy]> = group.copies.chunk_by(|x, y| x.doc == y.doc).collect();
    if by_doc.len() < params.min_docs {
        return None;
    }
    let first = &group.copies[0];
    if is_event_report(&rule::with_context(
        &docs[first.doc.get()],
        first,
        &group.text,
    )) {
        return None;
    }
    let mut shares: Vec<f64> = Vec::with_capacity(by_doc.len());
    let mut at_edge = 0usize;
    let mut sites: std::collections::BTreeMap<String, usize> = Default::default();
    for copies in &by_doc {
        let a = &docs[copies[0].doc.get()];
        let place = rule::place(a, copies);
        shares.push(place.share);
        at_edge += usize::from(place.at_edge);
        *sites.entry(site_of(&a.doc)).or_default() += 1;
    }
    shares.sort_by(f64::total_cmp);
    let median_share = shares[shares.len() / 2];
    let mut sites: Vec<SiteCount> = sites
        .into_iter()
        .map(|(site, documents)| SiteCount { site, documents })
        .collect();
    sites.sort_by(|x, y| y.documents.cmp(&x.documents).then(x.site.cmp(&y.site)));
    let n = by_doc.len() as f64;
    let top_site_share = sites[0].documents as f64 / n;
    if median_share > params.max_share || top_site_share < params.min_site_share {
        return None;
    }
    Some(Boilerplate {
        text: group.text,
        chars: group.chars,
        documents: by_doc.len(),
        sites,
        evidence: Evidence {
            median_share: crate::round4(median_share),
            top_site_share: crate::round4(top_site_share),
            at_edge: crate::round4(at_edge as f64 / n),
        },
        copies: group.copies,
    })
}

/// Finds the boilerplate of `docs`, marks each copy as
/// [`Exclusion::Boilerplate`], and analyses the documents holding one
/// again (their `counts` too), so every later stage sees their body
/// without it. Gives the findings.
pub fn settle(
    docs: &mut [Analyzed],
    counts: &mut [TermCounts],
    params: &Checked<BoilerplateParams>,
    segmenter: &Segmenter,
    analyze: &AnalyzeParams,
) -> Vec<Boilerplate> {
    let found = find(docs, params);
    if found.is_empty() {
        return found;
    }
    let mut marks: Vec<Vec<Excluded>> = vec![Vec::new(); docs.len()];
    for copy in found.iter().flat_map(|b| &b.copies) {
        marks[copy.doc.get()].push(Excluded {
            span: crate::span::Span::new(copy.start, copy.end),
            reason: Exclusion::Boilerplate,
        });
    }
    docs.par_iter_mut()
        .zip(counts.par_iter_mut())
        .zip(marks)
        .filter(|(_, marks)| !marks.is_empty())
        .for_each(|((a, counts), marks)| {
            let mut doc = a.doc.clone();
            doc.excluded.extend(marks);
            tidy_exclusions(&mut doc.excluded);
            (*a, *counts) = Analyzed::new(doc, segmenter, analyze);
        });
    found
}

#[cfg(test)]
mod tests;
