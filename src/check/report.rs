//! What `check` gives for one draft ([`DraftReport`]), as its JSON
//! contract (in [`crate::check`]) shows it.

use serde::Serialize;

use crate::dups::PairKind;
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

/// A source the draft is a near duplicate of, or that holds the draft or
/// stands inside it.
#[derive(Debug, Clone, Serialize)]
pub struct NearDuplicate {
    pub source: String,
    pub title: Option<String>,
    /// Both ways, or which of draft and source is inside the other.
    #[serde(flatten)]
    pub kind: PairKind<Side>,
    pub jaccard: f64,
    pub containment: f64,
}

impl NearDuplicate {
    /// One line for people, the source shown as `source`: "near duplicate
    /// of S", "the draft is 85% inside S" or "S is 85% inside the draft",
    /// with the scores.
    pub fn describe(&self, source: &str) -> String {
        let what = match self.kind {
            PairKind::NearDuplicate => format!("near duplicate of {source}"),
            PairKind::Containment {
                inside: Side::Draft,
                ..
            } => format!(
                "the draft is {:.0}% inside {source}",
                self.containment * 100.0
            ),
            PairKind::Containment { .. } => format!(
                "{source} is {:.0}% inside the draft",
                self.containment * 100.0
            ),
        };
        format!(
            "{what} (jaccard {}, containment {})",
            self.jaccard, self.containment
        )
    }
}

/// A side of a draft–source pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Draft,
    Source,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rewrite {
    pub source: String,
    pub title: Option<String>,
    pub cosine: f64,
}
