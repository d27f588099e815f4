//! Near-duplicate documents, rewrites and repeated passages.
//!
//! Takes an [`Analysis`] and [`DupsParams`] and gives a [`DupsResult`]:
//!
//! 1. Each document's shingle set ([`shingle`]): character n-grams of its
//!    [`matchable`](mod@matchable) characters (or word n-grams of its term tokens), hashed.
//!    Documents with fewer than `min_doc_chars` matchable characters take no
//!    part (most are failed scrapes); a text shorter than the shingle size
//!    would have no shingles anyway. Damaged documents
//!    ([`crate::quality`]) take no part unless `keep_damaged`; the result
//!    lists them apart.
//! 2. Candidates: MinHash signatures ([`minhash`]) banded for the Jaccard
//!    threshold ([`lsh`]), plus pairs whose sampled shingles say the smaller
//!    is mostly inside the larger ([`contain`]).
//!    The containment index is built without the shingles found in more
//!    than `boilerplate_df` documents, which bounds its work (each sampled
//!    shingle visits every document holding it); those shingles still
//!    count in every score.
//! 3. Every candidate verified exactly on the full shingle sets: Jaccard
//!    and containment over the same shingles, so containment is never below
//!    Jaccard. A pair is kept when `jaccard >= threshold` (kind
//!    `near_duplicate`) or `containment >= containment` (kind `containment`,
//!    the document with fewer shingles inside the other) ([`PairKind`]).
//! 4. Clusters: connected groups of kept pairs, of either kind ([`cluster`]).
//! 5. Rewrites: pairs whose TF-IDF cosine is at least `rewrite_threshold`
//!    and that are not kept pairs ([`rewrites`]).
//! 6. Repeated passages ([`passages`]), among the documents that are not
//!    damaged (all with `keep_damaged`), ranked by interest
//!    ([`passages::rank`]): copied characters across distinct sources
//!    first, repeats inside one document or source after.
//!
//! Output is deterministic: the same input and settings give the same
//! result, whatever the number of threads.

pub mod cluster;
pub mod contain;
mod duplicate_of;
pub mod lsh;
pub mod minhash;
mod params;
pub mod passages;
mod result;
pub mod rewrites;
#[cfg(feature = "spark")]
pub mod sign;
#[cfg(feature = "spark")]
pub mod spark;

pub use duplicate_of::{DuplicateOf, DuplicateOfError};
pub use params::{
    BAND_RECALL, CONTAIN_SAMPLE_BITS, DupsParams, DupsParamsError, MAX_BOILERPLATE_DF,
};
pub use result::{
    Cluster, DocumentEntry, DupsResult, NearDuplicatePair, NearDuplicates, PairKind, RewritePair,
    Settings,
};

use rayon::prelude::*;

use crate::analyze::{Analysis, Analyzed, DocIdx};
use crate::dups::minhash::MinHasher;
use crate::fingerprint::matchable;
use crate::fingerprint::shingle::{
    self, ShingleSet, char_shingles, similarity, without, word_shingles,
};
use crate::params::Checked;
use crate::quality;
use crate::round4;

/// Whether `doc` may take part: it is not damaged, or damaged documents
/// are kept.
fn takes_part(doc: &Analyzed, params: &DupsParams) -> bool {
    params.keep_damaged || !doc.quality.is_damaged()
}

/// The shingle set of one document, or `None` when it is damaged (without
/// `keep_damaged`) or has fewer than `min_doc_chars` matchable characters,
/// and takes no part.
fn shingles_of(doc: &Analyzed, params: &DupsParams) -> Option<ShingleSet> {
    if !takes_part(doc, params) {
        return None;
    }
    let m = matchable::matchable(&doc.norm);
    if m.len() < params.min_doc_chars {
        return None;
    }
    Some(if params.shingle_words {
        word_shingles(doc.term_words(), params.shingle)
    } else {
        char_shingles(&m.chars, params.shingle)
    })
}

/// Two documents (indices, `a < b`) with their exact scores, both over the
/// full shingle sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    /// `|A ∩ B| / |A ∪ B|`.
    pub jaccard: f64,
    /// `|A ∩ B| / min(|A|, |B|)`: never below `jaccard`.
    pub containment: f64,
    /// The document with fewer shingles, `a` when both have as many: the
    /// one inside the other when the pair is a containment.
    pub smaller: u32,
}

/// The near-duplicate pairs among `sets` (one per document; empty sets take
/// no part), sorted by `(a, b)`: MinHash LSH and containment candidates,
/// each verified exactly.
pub fn near_duplicate_pairs(sets: &[ShingleSet], params: &Checked<DupsParams>) -> Vec<ScoredPair> {
    verified_pairs(sets, params).pairs
}

/// The verified pairs, and whether some were left unlisted.
struct Verified {
    pairs: Vec<ScoredPair>,
    /// Some LSH bucket was larger than [`lsh::MAX_BUCKET`]: two members of
    /// a mass reprint may be near duplicates without being listed.
    abbreviated: bool,
}

fn verified_pairs(sets: &[ShingleSet], params: &DupsParams) -> Verified {
    let signer = MinHasher::new(params.num_perm, params.seed);
    let sigs: Vec<_> = sets
        .par_iter()
        .map(|s| signer.sign(s.iter().copied()))
        .collect();
    let lsh::Candidates {
        pairs: mut candidates,
        abbreviated,
    } = lsh::candidates(&sigs, params.bands());
    drop(sigs);
    candidates.extend(containment_candidates(sets, params));
    candidates.par_sort_unstable();
    candidates.dedup();
    let pairs = candidates
        .into_par_iter()
        .map(|(a, b)| ScoredPair::score(sets, a, b))
        .filter(|p| p.is_near(params))
        .collect();
    Verified { pairs, abbreviated }
}

/// The containment candidates: the sampled inverted index over the sets
/// without the shingles in more than `boilerplate_df` documents, so no
/// shingle's postings are longer than that (the index's work stays linear).
fn containment_candidates(sets: &[ShingleSet], params: &DupsParams) -> Vec<(u32, u32)> {
    let common = shingle::common_shingles(sets, params.boilerplate_df);
    let distinct: Vec<ShingleSet> = sets.par_iter().map(|s| without(s, &common)).collect();
    drop(common);
    let sizes: Vec<usize> = sets.iter().map(Vec::len).collect();
    let sample = contain::SampleParams {
        rate_bits: CONTAIN_SAMPLE_BITS,
        seed: params.seed,
    };
    contain::candidates(&distinct, &sizes, params.containment, &sample)
}

impl ScoredPair {
    /// The exact scores of documents `a < b`, over their full shingle sets.
    fn score(sets: &[ShingleSet], a: u32, b: u32) -> ScoredPair {
        ScoredPair::of(a, &sets[a as usize], b, &sets[b as usize])
    }

    /// The exact scores of documents `a < b` whose full shingle sets are
    /// `x` and `y`.
    fn of(a: u32, x: &[u64], b: u32, y: &[u64]) -> ScoredPair {
        let s = similarity(x, y);
        ScoredPair {
            a,
            b,
            jaccard: s.jaccard,
            containment: s.containment,
            smaller: if y.len() < x.len() { b } else { a },
        }
    }

    /// True when the scores make the pair a near duplicate or a containment.
    fn is_near(&self, params: &DupsParams) -> bool {
        self.jaccard >= params.threshold || self.containment >= params.containment
    }

    /// Both ways, or which document is inside which.
    pub fn kind(&self, params: &DupsParams) -> PairKind {
        let larger = if self.smaller == self.a {
            self.b
        } else {
            self.a
        };
        PairKind::of(
            self.jaccard,
            params.threshold,
            DocIdx(self.smaller),
            DocIdx(larger),
        )
    }
}

/// The near-duplicate clusters alone, without pairs, rewrites or passages.
/// The same clusters as [`run`]'s.
pub fn clusters(analysis: &Analysis, params: &Checked<DupsParams>) -> Vec<Cluster> {
    find(analysis, params).clusters
}

/// Which documents count once, from the near-duplicate clusters alone: what
/// the topic and compare stages need. The same map as
/// [`DupsResult::duplicate_of`] of [`run`]'s result.
pub fn duplicate_of(analysis: &Analysis, params: &Checked<DupsParams>) -> DuplicateOf {
    DuplicateOf::from_found(&clusters(analysis, params), analysis.docs.len())
}

/// The verified pairs, which documents took part, and the clusters.
struct Found {
    near: Vec<ScoredPair>,
    active: Vec<bool>,
    clusters: Vec<Cluster>,
    /// When the pair list is abbreviated (a mass reprint), the shingle
    /// sets, to tell whether two documents not listed are near duplicates
    /// all the same.
    exact: Option<Vec<ShingleSet>>,
}

fn find(analysis: &Analysis, params: &DupsParams) -> Found {
    let docs = &analysis.docs;
    let shingled: Vec<Option<ShingleSet>> =
        docs.par_iter().map(|d| shingles_of(d, params)).collect();
    let active: Vec<bool> = shingled.iter().map(Option::is_some).collect();
    let sets: Vec<ShingleSet> = shingled
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    let Verified {
        pairs: near,
        abbreviated,
    } = verified_pairs(&sets, params);
    let exact = abbreviated.then_some(sets);

    let clusters = clusters_of(analysis, near.iter().map(|p| (p.a, p.b)));
    Found {
        near,
        active,
        clusters,
        exact,
    }
}

/// The clusters of the kept `pairs` (document indices): connected groups
/// ([`cluster::clusters`]), members sorted by id, each with its
/// representative ([`cluster::representative`]: earliest date, longest
/// body, smallest id). `--engine spark` makes its clusters here too, from
/// the pairs the cluster job verified.
pub fn clusters_of(
    analysis: &Analysis,
    pairs: impl IntoIterator<Item = (u32, u32)>,
) -> Vec<Cluster> {
    let docs = &analysis.docs;
    clusters_by(docs.len(), pairs, |i| {
        let d = &docs[i as usize];
        cluster::Candidate {
            date: d.doc.meta.date.as_deref(),
            body_chars: d.norm.len(),
            id: &d.doc.id,
        }
    })
}

/// [`clusters_of`] over `n` documents described by `candidate` (what the
/// representative is chosen by, and the id members are sorted by): for a
/// caller holding the documents' rows rather than an [`Analysis`].
pub fn clusters_by<'a>(
    n: usize,
    pairs: impl IntoIterator<Item = (u32, u32)>,
    candidate: impl Fn(u32) -> cluster::Candidate<'a>,
) -> Vec<Cluster> {
    cluster::clusters(n, pairs)
        .into_iter()
        .map(|members| {
            let cands: Vec<cluster::Candidate> = members.iter().map(|&i| candidate(i)).collect();
            let representative = members[cluster::representative(&cands).unwrap_or(0)];
            let mut members: Vec<DocIdx> = members.into_iter().map(DocIdx).collect();
            members.sort_by(|&x, &y| candidate(x.0).id.cmp(candidate(y.0).id));
            Cluster {
                representative: DocIdx(representative),
                members,
            }
        })
        .collect()
}

/// Finds near-duplicate documents, their clusters, rewrites and repeated
/// passages. An empty corpus or a single document gives empty lists.
///
/// ```
/// use chachong::corpus::{Document, Format};
/// use chachong::dups::{self, DupsParams};
/// use chachong::segment::Segmenter;
/// use chachong::{AnalyzeParams, Corpus, DocIdx, ParamGuard, analyze};
///
/// let story = "工业互联网平台是新一代信息技术与制造业深度融合的产物，已成为制造业数字化转型的重要载体。\
///     青岛以卡奥斯平台为抓手，推动五千余家企业上云用平台，带动全市工业企业营业收入增长。";
/// let corpus = Corpus {
///     documents: vec![
///         Document::new("original", Format::Text, story),
///         Document::new("reprint", Format::Text, &format!("本报讯 {story} 责任编辑：王五")),
///     ],
///     skipped: vec![],
/// };
/// let analysis = analyze(corpus, Segmenter::shared(), &AnalyzeParams::default());
/// let params = DupsParams { threshold: 0.6, ..DupsParams::default() }.check()?;
/// let found = dups::run(&analysis, &params);
/// let pair = &found.near_duplicates.pairs[0];
/// assert_eq!((pair.a, pair.b), (DocIdx(0), DocIdx(1)));
/// assert_eq!(pair.containment, 1.0);
/// // Ids are attached for output.
/// let json = serde_json::to_value(found.named(&analysis)).unwrap();
/// assert_eq!(json["near_duplicates"]["pairs"][0]["b"], "reprint");
/// # Ok::<(), chachong::dups::DupsParamsError>(())
/// ```
pub fn run(analysis: &Analysis, params: &Checked<DupsParams>) -> DupsResult {
    let docs = &analysis.docs;
    let Found {
        near,
        active,
        clusters,
        exact,
    } = find(analysis, params);

    let vectors = &analysis.tfidf.vectors;
    let rewrites = if vectors.len() == docs.len() {
        rewrites::find(vectors, &active, params.rewrite_threshold, params.seed)
    } else {
        Vec::new()
    };
    let rewrites = rewrites
        .into_iter()
        .filter(|r| {
            near.binary_search_by(|p| (p.a, p.b).cmp(&(r.0, r.1)))
                .is_err()
        })
        .filter(|r| {
            exact
                .as_ref()
                .is_none_or(|sets| !ScoredPair::score(sets, r.0, r.1).is_near(params))
        })
        .map(|(a, b, cos)| RewritePair {
            a: DocIdx(a),
            b: DocIdx(b),
            cosine: round4(cos),
        })
        .collect();
    drop(exact);
    let passages::Passages {
        groups: mut passages,
        alignments,
    } = passages::find_among(docs, |d| takes_part(d, params), &params.passages);
    passages::rank(&mut passages);

    DupsResult {
        documents: docs
            .iter()
            .map(|d| DocumentEntry {
                id: d.doc.id.clone(),
                title: d.doc.meta.title.clone(),
                chars: d.doc.chars(),
            })
            .collect(),
        near_duplicates: NearDuplicates {
            pairs: near
                .iter()
                .map(|p| NearDuplicatePair {
                    a: DocIdx(p.a),
                    b: DocIdx(p.b),
                    kind: p.kind(params),
                    jaccard: round4(p.jaccard),
                    containment: round4(p.containment),
                })
                .collect(),
            clusters,
        },
        rewrites,
        passages,
        alignments,
        boilerplate: analysis.boilerplate.clone(),
        damaged: quality::damaged(analysis),
        settings: Settings::of(params),
    }
}

impl Settings {
    /// The settings of `params`, with their banding layouts.
    pub fn of(params: &DupsParams) -> Settings {
        Settings {
            params: params.clone(),
            lsh: params.bands(),
            rewrite_lsh: rewrites::bands(params.rewrite_threshold),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format, Meta};
    use crate::params::ParamGuard;
    use crate::segment::Segmenter;
    use crate::{AnalyzeParams, Corpus, analyze};

    /// `run` with unchecked settings, its documents named by id.
    fn run(a: &Analysis, params: &DupsParams) -> DupsResult<String> {
        super::run(a, &params.clone().check().unwrap()).named(a)
    }

    fn doc(id: &str, text: &str, date: Option<&str>) -> Document {
        Document {
            meta: Meta {
                title: Some(format!("title {id}")),
                date: date.map(str::to_string),
                ..Meta::default()
            },
            ..Document::new(id, Format::Text, text)
        }
    }

    fn analysis(docs: Vec<Document>) -> Analysis {
        let corpus = Corpus {
            documents: docs,
            skipped: Vec::new(),
        };
        analyze(corpus, Segmenter::shared(), &AnalyzeParams::default())
    }

    const STORY: &str = "近年来党中央国务院高度重视数字经济发展，工业互联网平台作为新一代信息通信技术与制造业深度融合的产物，\
        已成为制造业数字化网络化智能化转型的重要载体。青岛市以卡奥斯平台为抓手，推动五千余家企业上云用平台，\
        带动全市规模以上工业企业营业收入增长百分之十二，形成了一批可复制可推广的经验做法。";

    #[test]
    fn reprint_is_a_pair_and_cluster_with_earliest_representative() {
        let reprint = format!("本报讯 {STORY} 责任编辑：王五");
        let a = analysis(vec![
            doc("orig", STORY, Some("2022-03-31")),
            doc(
                "other",
                "今天天气晴朗，气温十八度，适合户外运动和郊游，市民纷纷走出家门享受春光，公园里游人如织热闹非凡。",
                None,
            ),
            doc("copy", &reprint, Some("2022-03-30")),
        ]);
        let r = run(&a, &DupsParams::default());
        assert_eq!(r.documents.len(), 3);
        assert_eq!(r.near_duplicates.pairs.len(), 1);
        let p = &r.near_duplicates.pairs[0];
        assert_eq!((p.a.as_str(), p.b.as_str()), ("orig", "copy"));
        assert_eq!(p.containment, 1.0);
        assert!(p.jaccard > 0.9 && p.jaccard < 1.0, "{}", p.jaccard);
        assert_eq!(p.kind, PairKind::NearDuplicate);
        assert_eq!(r.near_duplicates.clusters.len(), 1);
        let c = &r.near_duplicates.clusters[0];
        assert_eq!(c.representative, "copy");
        assert_eq!(c.members, vec!["copy", "orig"]);
    }

    #[test]
    fn empty_and_single_corpus_give_empty_results() {
        let r = run(&analysis(Vec::new()), &DupsParams::default());
        assert!(r.documents.is_empty() && r.near_duplicates.pairs.is_empty());
        let r = run(
            &analysis(vec![doc("one", STORY, None)]),
            &DupsParams::default(),
        );
        assert_eq!(r.documents.len(), 1);
        assert!(r.near_duplicates.pairs.is_empty() && r.rewrites.is_empty());
    }

    #[test]
    fn word_shingles_find_the_reprint_too() {
        let reprint = format!("本报讯 {STORY} 责任编辑：王五");
        let a = analysis(vec![doc("orig", STORY, None), doc("copy", &reprint, None)]);
        let words = DupsParams {
            shingle: 3,
            shingle_words: true,
            ..DupsParams::default()
        };
        let r = run(&a, &words);
        assert_eq!(r.near_duplicates.pairs.len(), 1);
        assert_eq!(r.near_duplicates.pairs[0].containment, 1.0);
        assert!(r.near_duplicates.pairs[0].jaccard > 0.8);
    }

    /// A failed scrape: script with replacement characters, damaged by its
    /// code lines.
    /// A failed scrape: a page decoded badly, every other character U+FFFD
    /// (its code would be cut out of the body by the clean stage, leaving
    /// nothing to pair; bad decoding leaves the text in).
    fn scrape(n: usize) -> String {
        (0..n)
            .map(|i| format!("第{i}段\u{FFFD}页\u{FFFD}面\u{FFFD}内\u{FFFD}容\u{FFFD}加\u{FFFD}载\u{FFFD}失\u{FFFD}败\u{FFFD}请\u{FFFD}刷\u{FFFD}新\u{FFFD}重\u{FFFD}试\n"))
            .collect()
    }

    #[test]
    fn damaged_documents_take_no_part_unless_kept() {
        let reprint = format!("本报讯 {STORY} 责任编辑：王五");
        let a = analysis(vec![
            doc("orig", STORY, None),
            doc("scrape1", &scrape(30), None),
            doc("copy", &reprint, None),
            doc("scrape2", &scrape(30), None),
        ]);
        assert!(a.docs[1].quality.is_damaged() && a.docs[3].quality.is_damaged());
        let r = run(&a, &DupsParams::default());
        let members: Vec<Vec<String>> = r
            .near_duplicates
            .clusters
            .iter()
            .map(|c| c.members.clone())
            .collect();
        assert_eq!(members, vec![vec!["copy", "orig"]]);
        assert_eq!(r.near_duplicates.pairs.len(), 1);
        assert!(
            r.passages
                .iter()
                .all(|g| g.copies.iter().all(|c| !c.doc.starts_with("scrape"))),
            "{:?}",
            r.passages
        );
        let damaged: Vec<&str> = r.damaged.iter().map(|d| d.doc.as_str()).collect();
        assert_eq!(damaged, ["scrape1", "scrape2"]);

        let kept = run(
            &a,
            &DupsParams {
                keep_damaged: true,
                ..DupsParams::default()
            },
        );
        assert_eq!(kept.near_duplicates.clusters.len(), 2);
        assert!(
            kept.passages
                .iter()
                .any(|g| g.copies.iter().any(|c| c.doc == "scrape2"))
        );
        // Still listed, as damaged documents that were kept.
        assert_eq!(kept.damaged.len(), 2);
        assert!(kept.settings.params.keep_damaged);
    }

    #[test]
    fn short_documents_take_no_part() {
        let a = analysis(vec![
            doc("a", "工业互联网平台", None),
            doc("b", "工业互联网平台", None),
        ]);
        assert!(
            run(&a, &DupsParams::default())
                .near_duplicates
                .pairs
                .is_empty()
        );
        let lenient = DupsParams {
            min_doc_chars: 5,
            ..DupsParams::default()
        };
        assert_eq!(run(&a, &lenient).near_duplicates.pairs.len(), 1);
    }

    #[test]
    fn a_short_text_inside_a_long_one_is_a_containment_naming_the_short_one_inside() {
        let more = "与此同时，青岛还将建设工业互联网产业园区，引进上下游配套企业两百余家，培育专精特新中小企业，\
            打造全国领先的工业互联网生态体系。专家指出，平台建设要坚持需求导向，避免重复投入，\
            推动数据互联互通，让中小企业用得起用得好，真正把平台优势转化为产业发展优势。\
            记者在卡奥斯平台展厅看到，一台台设备的运行数据实时汇入云端，工程师在屏幕前就能远程诊断故障，\
            一家纺织企业负责人说，接入平台后订单交付周期缩短了三分之一，库存占用资金下降了两成。";
        // The long story first (`a`), the short one inside it second (`b`).
        let a = analysis(vec![
            doc("long", &format!("{STORY}{more}"), None),
            doc("short", STORY, None),
        ]);
        let r = run(&a, &DupsParams::default());
        assert_eq!(r.near_duplicates.pairs.len(), 1);
        let p = &r.near_duplicates.pairs[0];
        assert_eq!((p.a.as_str(), p.b.as_str()), ("long", "short"));
        assert!(p.jaccard < 0.5, "{}", p.jaccard);
        assert_eq!(p.containment, 1.0);
        assert_eq!(
            p.kind,
            PairKind::Containment {
                inside: "short".to_string(),
                within: "long".to_string(),
            }
        );
        // The same pair is a near duplicate under a Jaccard threshold it
        // reaches.
        let low = DupsParams {
            threshold: p.jaccard - 0.01,
            ..DupsParams::default()
        };
        assert_eq!(
            run(&a, &low).near_duplicates.pairs[0].kind,
            PairKind::NearDuplicate
        );
    }

    #[test]
    fn kinds_are_written_with_their_direction_and_rewrites_say_rewrite() {
        let json = |kind: PairKind<&str>| serde_json::to_value(kind).unwrap();
        assert_eq!(
            json(PairKind::NearDuplicate),
            serde_json::json!({"kind": "near_duplicate"})
        );
        assert_eq!(
            json(PairKind::Containment {
                inside: "x",
                within: "y"
            }),
            serde_json::json!({"kind": "containment", "inside": "x", "within": "y"})
        );
        let pair = NearDuplicatePair {
            a: "y",
            b: "x",
            kind: PairKind::Containment {
                inside: "x",
                within: "y",
            },
            jaccard: 0.2,
            containment: 0.9,
        };
        assert_eq!(
            serde_json::to_string(&pair).unwrap(),
            r#"{"a":"y","b":"x","kind":"containment","inside":"x","within":"y","jaccard":0.2,"containment":0.9}"#
        );
        let rewrite = RewritePair {
            a: "x",
            b: "y",
            cosine: 0.85,
        };
        assert_eq!(
            serde_json::to_string(&rewrite).unwrap(),
            r#"{"kind":"rewrite","a":"x","b":"y","cosine":0.85}"#
        );
    }

    proptest::proptest! {
        /// Jaccard and containment are over the same sets: containment is
        /// never below Jaccard, and both are the exact scores of the full
        /// sets, whatever the shingles in more than `boilerplate_df` sets.
        #[test]
        fn containment_is_never_below_jaccard(
            sets in proptest::collection::vec(
                proptest::collection::btree_set(0u64..60, 0..40),
                2..12,
            ),
            boilerplate_df in 1usize..4,
        ) {
            let sets: Vec<ShingleSet> = sets
                .into_iter()
                .map(|s| {
                    let mut v: Vec<u64> = s.into_iter().map(crate::fingerprint::mix64).collect();
                    v.sort_unstable();
                    v
                })
                .collect();
            let params = DupsParams {
                threshold: 0.5,
                containment: 0.3,
                boilerplate_df,
                ..DupsParams::default()
            }
            .check()
            .unwrap();
            for p in near_duplicate_pairs(&sets, &params) {
                let (x, y) = (&sets[p.a as usize], &sets[p.b as usize]);
                let exact = similarity(x, y);
                proptest::prop_assert!(p.containment >= p.jaccard, "{p:?}");
                proptest::prop_assert_eq!((p.jaccard, p.containment), (exact.jaccard, exact.containment));
                let (inside, within) = if y.len() < x.len() { (p.b, p.a) } else { (p.a, p.b) };
                let expected = if p.jaccard >= 0.5 {
                    PairKind::NearDuplicate
                } else {
                    PairKind::Containment { inside: DocIdx(inside), within: DocIdx(within) }
                };
                proptest::prop_assert_eq!(p.kind(&params), expected);
            }
        }
    }
}
