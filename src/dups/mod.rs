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
//! 3. Every candidate verified exactly on the shingle sets; a pair is a near
//!    duplicate when `jaccard >= threshold` or `containment >= containment`.
//!    Containment leaves out shingles found in more than `boilerplate_df` documents
//!    (site boilerplate), so a short page that is mostly a footer is not
//!    "inside" every page with that footer; Jaccard counts every shingle.
//! 4. Clusters: connected groups of near duplicates ([`cluster`]).
//! 5. Rewrites: pairs whose TF-IDF cosine is at least `rewrite_threshold`
//!    and that are not near duplicates ([`rewrites`]).
//! 6. Repeated passages ([`passages`]), among the documents that are not
//!    damaged (all with `keep_damaged`).
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

pub use duplicate_of::{DuplicateOf, DuplicateOfError};
pub use params::{
    BAND_RECALL, CONTAIN_SAMPLE_BITS, DupsParams, DupsParamsError, MAX_BOILERPLATE_DF,
};
pub use result::{
    Cluster, DocumentEntry, DupsResult, NearDuplicatePair, NearDuplicates, RewritePair, Settings,
};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

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

/// Two documents (indices, `a < b`) with their exact scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    /// Over the full shingle sets.
    pub jaccard: f64,
    /// Over the shingles in at most `boilerplate_df` documents.
    pub containment: f64,
}

/// The near-duplicate pairs among `sets` (one per document; empty sets take
/// no part), sorted by `(a, b)`: MinHash LSH and containment candidates,
/// each verified exactly.
pub fn near_duplicate_pairs(sets: &[ShingleSet], params: &Checked<DupsParams>) -> Vec<ScoredPair> {
    verified_pairs(sets, params).pairs
}

/// The verified pairs, and what it takes to score any other pair.
struct Verified {
    pairs: Vec<ScoredPair>,
    /// Some LSH bucket was larger than [`lsh::MAX_BUCKET`]: two members of
    /// a mass reprint may be near duplicates without being listed.
    abbreviated: bool,
    /// The boilerplate shingles, left out of containment.
    common: FxHashSet<u64>,
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
    let common = shingle::common_shingles(sets, params.boilerplate_df);
    let distinct: Vec<ShingleSet> = sets.par_iter().map(|s| without(s, &common)).collect();
    let sample = contain::SampleParams {
        rate_bits: CONTAIN_SAMPLE_BITS,
        seed: params.seed,
    };
    candidates.extend(contain::candidates(&distinct, params.containment, &sample));
    candidates.par_sort_unstable();
    candidates.dedup();
    let pairs = candidates
        .into_par_iter()
        .map(|(a, b)| {
            let (i, j) = (a as usize, b as usize);
            ScoredPair {
                a,
                b,
                jaccard: similarity(&sets[i], &sets[j]).jaccard,
                containment: similarity(&distinct[i], &distinct[j]).containment,
            }
        })
        .filter(|p| p.is_near(params))
        .collect();
    Verified {
        pairs,
        abbreviated,
        common,
    }
}

impl ScoredPair {
    /// The exact scores of documents `a` and `b`, containment leaving out
    /// the `common` shingles.
    fn score(sets: &[ShingleSet], common: &FxHashSet<u64>, a: u32, b: u32) -> ScoredPair {
        let (x, y) = (&sets[a as usize], &sets[b as usize]);
        ScoredPair {
            a,
            b,
            jaccard: similarity(x, y).jaccard,
            containment: similarity(&without(x, common), &without(y, common)).containment,
        }
    }

    /// True when the scores make the pair a near duplicate.
    fn is_near(&self, params: &DupsParams) -> bool {
        self.jaccard >= params.threshold || self.containment >= params.containment
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
    /// When the pair list is abbreviated (a mass reprint), the shingle sets
    /// and boilerplate shingles, to tell whether two documents not listed
    /// are near duplicates all the same.
    exact: Option<(Vec<ShingleSet>, FxHashSet<u64>)>,
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
        common,
    } = verified_pairs(&sets, params);
    let exact = abbreviated.then_some((sets, common));

    let clusters = cluster::clusters(docs.len(), near.iter().map(|p| (p.a, p.b)))
        .into_iter()
        .map(|members| {
            let cands: Vec<cluster::Candidate> = members
                .iter()
                .map(|&i| {
                    let d = &docs[i as usize];
                    cluster::Candidate {
                        date: d.doc.meta.date.as_deref(),
                        body_chars: d.norm.len(),
                        id: &d.doc.id,
                    }
                })
                .collect();
            let representative = members[cluster::representative(&cands).unwrap_or(0)];
            let mut members: Vec<DocIdx> = members.into_iter().map(DocIdx).collect();
            members.sort_by(|&x, &y| analysis.id(x).cmp(analysis.id(y)));
            Cluster {
                representative: DocIdx(representative),
                members,
            }
        })
        .collect();
    Found {
        near,
        active,
        clusters,
        exact,
    }
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
            exact.as_ref().is_none_or(|(sets, common)| {
                !ScoredPair::score(sets, common, r.0, r.1).is_near(params)
            })
        })
        .map(|(a, b, cos)| RewritePair {
            a: DocIdx(a),
            b: DocIdx(b),
            cosine: round4(cos),
        })
        .collect();
    drop(exact);

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
                    jaccard: round4(p.jaccard),
                    containment: round4(p.containment),
                })
                .collect(),
            clusters,
        },
        rewrites,
        passages: passages::find_among(docs, |d| takes_part(d, params), &params.passages),
        damaged: quality::damaged(analysis),
        settings: Settings {
            params: (**params).clone(),
            lsh: params.bands(),
            rewrite_lsh: rewrites::bands(params.rewrite_threshold),
        },
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
    fn scrape(n: usize) -> String {
        (0..n)
            .map(|i| format!("var ua{i} = navigator.userAgent.toLowerCase(); // \u{FFFD}\u{FFFD}\nif(isIOS){{ location.replace('http://slide.sina.com.cn/{i}'); }}\n"))
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
}
