//! What `dups` finds ([`DupsResult`]), generic over how documents are
//! named: [`DocIdx`] between stages, ids in output ([`DupsResult::named`]).

use serde::Serialize;

use crate::analyze::{Analysis, DocIdx};
use crate::dups::lsh::Bands;
use crate::dups::passages::PassageGroup;
use crate::dups::{DuplicateOf, DupsParams};
use crate::quality::Damaged;

/// What `dups` finds. `D` names documents: [`DocIdx`] in the stage's result
/// (for the stages after it), the id in output ([`DupsResult::named`]),
/// which is written to JSON as:
///
/// ```text
/// {"documents": [{"id", "title" (null when unknown), "chars"}],
///  "near_duplicates": {"pairs": [{"a", "b", "jaccard", "containment"}],
///                      "clusters": [{"representative", "members"}]},
///  "rewrites": [{"a", "b", "cosine"}],
///  "passages": [{"chars", "text", "copies": [{"doc", "start", "end"}]}],
///  "damaged": [{"doc", "reasons": [{"reason", "share"}]}],
///  "settings": {...DupsParams, "lsh": {"bands", "rows"},
///               "rewrite_lsh": {"bands", "rows"}}}
/// ```
///
/// `documents` lists every document read, in corpus order; `chars` counts
/// the text as read. Pairs and rewrites name documents with `a` before `b`
/// in corpus order, sorted by that order; scores are exact (computed on
/// the shingle sets or TF-IDF vectors, not estimated), rounded to 4
/// decimals. `jaccard` is over the full shingle sets; `containment` is the
/// share of the smaller set found in the larger, over shingles in at most
/// `boilerplate_df` documents. Cluster members are sorted by id; the
/// representative is the earliest dated member, else the longest body, else
/// the smallest id. Passage offsets are characters of the text as read.
/// `damaged` lists the damaged documents ([`crate::quality`]) in corpus
/// order, with every reason and its share; they are in no pair, cluster,
/// rewrite or passage unless `settings.keep_damaged`.
#[derive(Debug, Clone, Serialize)]
pub struct DupsResult<D = DocIdx> {
    pub documents: Vec<DocumentEntry>,
    pub near_duplicates: NearDuplicates<D>,
    pub rewrites: Vec<RewritePair<D>>,
    pub passages: Vec<PassageGroup<D>>,
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
#[derive(Debug, Clone, Serialize)]
pub struct NearDuplicatePair<D = DocIdx> {
    pub a: D,
    pub b: D,
    pub jaccard: f64,
    pub containment: f64,
}

/// A connected group of near duplicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster<D = DocIdx> {
    pub representative: D,
    /// Sorted by id.
    pub members: Vec<D>,
}

/// Two documents about the same thing in other words.
#[derive(Debug, Clone, Serialize)]
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
