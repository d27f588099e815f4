//! What `check` gives for one draft ([`DraftReport`]), as its JSON
//! contract (in [`crate::check`]) shows it.

use serde::Serialize;

use crate::span::Span;

/// Whether a draft passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
}

/// The result for one draft (see the JSON contract above).
#[derive(Debug, Clone, Serialize)]
pub struct DraftReport {
    pub id: String,
    pub chars: u32,
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    pub max_containment: Option<MaxContainment>,
    pub passages: Vec<SharedPassage>,
    pub internal: Vec<InternalRepeat>,
    pub near_duplicates: Vec<NearDuplicate>,
    pub rewrites: Vec<Rewrite>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MaxContainment {
    pub source: String,
    pub containment: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SharedPassage {
    pub chars: u32,
    pub draft: DraftSpan,
    pub source: SourceSpan,
}

#[derive(Debug, Clone, Serialize)]
pub struct DraftSpan {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceSpan {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct InternalRepeat {
    pub chars: u32,
    pub text: String,
    pub copies: Vec<Span>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NearDuplicate {
    pub source: String,
    pub title: Option<String>,
    pub jaccard: f64,
    pub containment: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rewrite {
    pub source: String,
    pub title: Option<String>,
    pub cosine: f64,
}
