//! What `dups` finds ([`DupsResult`]), generic over how documents are
//! named: [`DocIdx`] between stages, ids in output ([`DupsResult::named`]).

use serde::{Deserialize, Serialize};

use crate::analyze::{Analysis, DocIdx};
use crate::boilerplate::Boilerplate;
use crate::dups::lsh::Bands;
use crate::dups::passages::{Alignment, PassageGroup};
use crate::dups::{DuplicateOf, DupsParams};
use crate::quality::Damaged;

/// What `dups` finds. `D` names documents: [`DocIdx`] in the stage's result
/// (for the stages after it), the id in output ([`DupsResult::named`]),
/// which is written to JSON as:
///
/// ```text
/// {"documents": [{"id", "title" (null when unknown), "chars"}],
///  "near_duplicates": {"pairs": [{"a", "b", "kind": "near_duplicate", "jaccard", "containment"}
///                               | {"a", "b", "kind": "containment", "inside", "within",
///                                  "jaccard", "containment"}],
///                      "clusters": [{"representative", "members"}]},
///  "rewrites": [{"kind": "rewrite", "a", "b", "cosine"}],
///  "passages": [{"chars", "sources", "text", "copies": [{"doc", "start", "end"}]}],
///  "alignments": [{"a": {"doc", "start", "end"}, "b": {"doc", "start", "end"},
///                  "chars", "similarity"}],
///  "boilerplate": [{"text", "chars", "documents", "sites": [{"site", "documents"}],
///                   "evidence": {"median_share", "top_site_share", "at_edge"},
///                   "copies": [{"doc", "start", "end"}]}],
///  "damaged": [{"doc", "reasons": [{"reason", "share"}]}],
///  "settings": {...DupsParams, "lsh": {"bands", "rows"},
///               "rewrite_lsh": {"bands", "rows"}}}
/// ```
///
/// `documents` lists every document read, in corpus order; `chars` counts
/// the text as read. Pairs and rewrites name documents with `a` before `b`
/// in corpus order, sorted by that order; scores are exact (computed on
/// the shingle sets or TF-IDF vectors, not estimated), rounded to 4
/// decimals. `jaccard` (`|A ∩ B| / |A ∪ B|`) and `containment`
/// (`|A ∩ B| / min(|A|, |B|)`, the share of the smaller set found in the
/// larger) are over the same shingle sets, every shingle of each document,
/// so `containment >= jaccard`. Every pair says its `kind` ([`PairKind`]):
/// `near_duplicate` when `jaccard` reaches `threshold` (each document is
/// mostly the other), else `containment` (`containment` reaches its
/// threshold, `jaccard` does not), with `inside` the document with fewer
/// shingles (`a` when both have as many) and `within` the other: `inside`
/// is `containment × 100`% inside `within`. Rewrites are `kind: "rewrite"`.
/// Cluster members are sorted by id; the representative is the earliest
/// dated member, else the longest body, else the smallest id.
///
/// Passages are ordered by interest, most first: `chars × (sources − 1)`,
/// where `sources` counts the distinct sources of the copies (a document's
/// `source` metadata, else the document itself), so text copied across
/// sources comes before text repeated inside one document or one source
/// (interest 0, still listed); ties go to more copies, then longer
/// passages, then the first copy's place (document order, then start).
/// Passage offsets are characters of the text as read.
/// `damaged` lists the damaged documents ([`crate::quality`]) in corpus
/// order, with every reason and its share; they are in no pair, cluster,
/// rewrite or passage unless `settings.keep_damaged`.
#[derive(Debug, Clone, Serialize)]
pub struct DupsResult<D = DocIdx> {
    pub documents: Vec<DocumentEntry>,
    pub near_duplicates: NearDuplicates<D>,
    pub rewrites: Vec<RewritePair<D>>,
    pub passages: Vec<PassageGroup<D>>,
    /// Every pair of places of a repeated passage, one per document pair
    /// and passage ([`Alignment`]).
    pub alignments: Vec<Alignment<D>>,
    /// Site boilerplate, taken out of the bodies before anything above was
    /// counted ([`crate::boilerplate`]), with its evidence.
    pub boilerplate: Vec<Boilerplate<D>>,
    pub damaged: Vec<Damaged<D>>,
    pub settings: Settings,
}

/// One document of the corpus.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentEntry {
    pub id: String,
    pub title: Option<String>,
    /// Characters of the text as read.
    pub chars: u32,
}

/// Near-duplicate pairs and their clusters.
#[derive(Debug, Clone, Serialize)]
pub struct NearDuplicates<D = DocIdx> {
    pub pairs: Vec<NearDuplicatePair<D>>,
    pub clusters: Vec<Cluster<D>>,
}

/// Two documents with a high shingle overlap.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NearDuplicatePair<D = DocIdx> {
    pub a: D,
    pub b: D,
    /// Both ways, or which document is inside which.
    #[serde(flatten)]
    pub kind: PairKind<D>,
    pub jaccard: f64,
    pub containment: f64,
}

/// What a pair of documents with a high shingle overlap is, written to
/// JSON as `"kind"` (and, for a containment, `"inside"` and `"within"`).
/// `D` names the two sides: documents in `dups`, draft and source in
/// `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PairKind<D = DocIdx> {
    /// Jaccard at or above its threshold: each side is mostly the other.
    NearDuplicate,
    /// Jaccard below its threshold, containment at or above its own: the
    /// side with fewer shingles (`inside`) stands mostly within the other
    /// (`within`), by the share `containment`.
    Containment { inside: D, within: D },
}

impl<D> PairKind<D> {
    /// The kind of a pair whose scores passed a threshold: a near duplicate
    /// when `jaccard >= threshold`, else `smaller` (the side with fewer
    /// shingles) inside `larger`.
    pub fn of(jaccard: f64, threshold: f64, smaller: D, larger: D) -> PairKind<D> {
        if jaccard >= threshold {
            PairKind::NearDuplicate
        } else {
            PairKind::Containment {
                inside: smaller,
                within: larger,
            }
        }
    }

    /// The same kind with its sides named by `f`.
    pub fn map<E>(&self, f: impl Fn(&D) -> E) -> PairKind<E> {
        match self {
            PairKind::NearDuplicate => PairKind::NearDuplicate,
            PairKind::Containment { inside, within } => PairKind::Containment {
                inside: f(inside),
                within: f(within),
            },
        }
    }
}

/// A connected group of near duplicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster<D = DocIdx> {
    pub representative: D,
    /// Sorted by id.
    pub members: Vec<D>,
}

/// Two documents about the same thing in other words, written to JSON
/// with `"kind": "rewrite"`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename = "rewrite")]
pub struct RewritePair<D = DocIdx> {
    pub a: D,
    pub b: D,
    pub cosine: f64,
}

impl DupsResult {
    /// The result with its documents named by id, for output.
    pub fn named(&self, analysis: &Analysis) -> DupsResult<String> {
        let id = |i: DocIdx| analysis.id(i).to_string();
        DupsResult {
            documents: self.documents.clone(),
            near_duplicates: NearDuplicates {
                pairs: self
                    .near_duplicates
                    .pairs
                    .iter()
                    .map(|p| NearDuplicatePair {
                        a: id(p.a),
                        b: id(p.b),
                        kind: p.kind.map(|&d| id(d)),
                        jaccard: p.jaccard,
                        containment: p.containment,
                    })
                    .collect(),
                clusters: self
                    .near_duplicates
                    .clusters
                    .iter()
                    .map(|c| c.named(analysis))
                    .collect(),
            },
            rewrites: self
                .rewrites
                .iter()
                .map(|r| RewritePair {
                    a: id(r.a),
                    b: id(r.b),
                    cosine: r.cosine,
                })
                .collect(),
            passages: self
                .passages
                .iter()
                .map(|g| g.named(&analysis.docs))
                .collect(),
            alignments: self
                .alignments
                .iter()
                .map(|x| x.named(&analysis.docs))
                .collect(),
            boilerplate: self
                .boilerplate
                .iter()
                .map(|b| b.named(&analysis.docs))
                .collect(),
            damaged: self.damaged.iter().map(|d| d.named(analysis)).collect(),
            settings: self.settings.clone(),
        }
    }
}

impl Cluster {
    /// The cluster with its documents named by id, for output.
    pub fn named(&self, analysis: &Analysis) -> Cluster<String> {
        Cluster {
            representative: analysis.id(self.representative).to_string(),
            members: self
                .members
                .iter()
                .map(|&i| analysis.id(i).to_string())
                .collect(),
        }
    }
}

/// The settings used, with the banding layouts derived from them.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    #[serde(flatten)]
    pub params: DupsParams,
    pub lsh: Bands,
    pub rewrite_lsh: Bands,
}

impl DupsResult {
    /// Which documents count once, from this result's clusters.
    pub fn duplicate_of(&self) -> DuplicateOf {
        DuplicateOf::from_found(&self.near_duplicates.clusters, self.documents.len())
    }
}
