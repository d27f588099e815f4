//! What `check` gives for one draft ([`DraftReport`]), as its JSON
//! contract (in [`crate::check`]) shows it.

use serde::Serialize;

use crate::dups::PairKind;
use crate::lang::Lang;

pub use super::verdict::Reason;

pub use super::reworded::Basis;
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
    /// Characters of the draft as read.
    pub text_chars: u32,
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
    /// The copy ratios and the figures beside them.
    #[serde(flatten)]
    pub measures: Measures,
    /// Every source the draft copies from, highest ratio first.
    pub sources: Vec<SourceShare>,
    /// The draft at its headings, else at its paragraphs.
    pub sections: Vec<Section>,
    /// Attributed quotations in the draft.
    pub quotes: Vec<Quote>,
    /// Paragraphs that say what a source paragraph says in changed words.
    pub reworded: Vec<Reworded>,
    pub max_containment: Option<MaxContainment>,
    pub passages: Vec<SharedPassage>,
    pub internal: Vec<InternalRepeat>,
    pub near_duplicates: Vec<NearDuplicate>,
    pub rewrites: Vec<Rewrite>,
    /// The index the draft was checked against.
    pub index: IndexStamp,
    /// The source spans of `passages` and `reworded` with text around
    /// them, for the page ([`super::page`]); not in the JSON.
    #[serde(skip)]
    pub source_context: Vec<super::page::SourceContext>,
}

/// A draft's copy ratios. Counts are of body characters: letters, digits
/// and CJK characters of the draft's body (whitespace, punctuation and
/// what is not body, such as markup, not counted); every ratio has `chars`
/// as denominator, so no draft character counts twice.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Measures {
    /// Body characters of the draft.
    pub chars: u32,
    /// Body characters inside a copy from any source (总文字复制比's numerator).
    pub copied_chars: u32,
    /// `copied_chars / chars` (总文字复制比).
    pub copy_ratio: f64,
    /// The same with attributed quotations left out (去除引用复制比).
    pub copy_ratio_excluding_quotes: f64,
    /// The same with copies from `--self` sources left out (去除本人复制比).
    pub copy_ratio_excluding_self: f64,
    /// Quotations and `--self` sources both left out: the ratio the
    /// verdict's `fail_total` reads.
    pub copy_ratio_net: f64,
    /// Body characters in reworded paragraphs not already in a copy.
    pub reworded_chars: u32,
    /// `reworded_chars / chars` (疑似改写).
    pub reworded_ratio: f64,
    /// Body characters of the longest run of copied text (最大连续重复字数).
    pub longest_copy_chars: u32,
    /// The source the draft takes most from (单篇最大复制比).
    pub max_single_source: Option<SourceShare>,
    /// The highest `copy_ratio` of a section of at least `min_section_chars`.
    pub max_section_ratio: f64,
}

/// What the draft takes from one source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceShare {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    /// Body characters of the draft in a copy from this source.
    pub copied_chars: u32,
    /// `copied_chars / chars`.
    pub ratio: f64,
    /// The same with attributed quotations left out.
    pub ratio_excluding_quotes: f64,
    /// Whether `--self` names it.
    #[serde(rename = "self")]
    pub own: bool,
}

/// One section of the draft and its ratios.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub start: u32,
    pub end: u32,
    /// The heading that opens it; null when the draft is split at
    /// paragraphs.
    pub heading: Option<String>,
    pub chars: u32,
    pub copied_chars: u32,
    pub copy_ratio: f64,
    pub copy_ratio_excluding_quotes: f64,
    pub copy_ratio_net: f64,
}

/// An attributed quotation in the draft.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub start: u32,
    pub end: u32,
    /// Body characters inside it.
    pub chars: u32,
    /// Of those, the ones inside a copy.
    pub copied_chars: u32,
    pub text: String,
    /// The words that attribute it (`工信部副部长张三表示`, `他说`, `[3]`).
    pub attribution: String,
    /// It quotes more of a source than `max_quoted_share`: counted as
    /// copied, not apart.
    pub excessive: bool,
}

/// A draft paragraph that says what a source paragraph says in changed words.
#[derive(Debug, Clone, Serialize)]
pub struct Reworded {
    /// For `basis: "bigrams"`, the character-bigram Dice coefficient of the
    /// two paragraphs; for `"alignment"`, the alignment's similarity.
    pub score: f64,
    pub basis: Basis,
    /// Length of the draft's span.
    pub chars: u32,
    pub draft: DraftSpan,
    pub source: SourceSpan,
}

/// Which index a result was computed against.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStamp {
    /// The index format version.
    pub format_version: u32,
    /// CRC-32 over every byte of the index, as 8 hex digits.
    pub checksum: String,
    pub documents: usize,
    /// When the index file was first written and last changed (RFC 3339,
    /// UTC); null for an index built in memory.
    pub created: Option<String>,
    pub updated: Option<String>,
    /// Writes of the file: 1 when new, one more per `index --add`.
    pub generation: u32,
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
    /// The share of the matchable characters of both spans in exact
    /// matches: 1 for an exact copy, lower the more it was edited.
    pub similarity: f64,
    /// At least half of its body characters are inside attributed quotations.
    pub quoted: bool,
    /// The source is named by `--self`.
    #[serde(rename = "self")]
    pub own: bool,
    /// The same draft text in other sources (reprints, near duplicates of
    /// the source, longer or shorter copies), each with its span; the
    /// passage names the earliest source.
    pub also_in: Vec<SourceSpan>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DraftSpan {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
        self.describe_in(source, Lang::En)
    }

    /// [`NearDuplicate::describe`] in `lang`.
    pub fn describe_in(&self, source: &str, lang: Lang) -> String {
        let pct = self.containment * 100.0;
        let what = match (self.kind, lang) {
            (PairKind::NearDuplicate, Lang::En) => format!("near duplicate of {source}"),
            (PairKind::NearDuplicate, Lang::Zh) => format!("与 {source} 近似"),
            (
                PairKind::Containment {
                    inside: Side::Draft,
                    ..
                },
                Lang::En,
            ) => format!("the draft is {pct:.0}% inside {source}"),
            (
                PairKind::Containment {
                    inside: Side::Draft,
                    ..
                },
                Lang::Zh,
            ) => format!("稿件 {pct:.0}% 的内容包含在 {source} 中"),
            (PairKind::Containment { .. }, Lang::En) => {
                format!("{source} is {pct:.0}% inside the draft")
            }
            (PairKind::Containment { .. }, Lang::Zh) => {
                format!("{source} {pct:.0}% 的内容包含在稿件中")
            }
        };
        match lang {
            Lang::En => format!(
                "{what} (jaccard {}, containment {})",
                self.jaccard, self.containment
            ),
            Lang::Zh => format!(
                "{what}（相似度 {}，包含率 {}）",
                self.jaccard, self.containment
            ),
        }
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
