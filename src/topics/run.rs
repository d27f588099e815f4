//! The topics stage, step by step: [`run`] takes an [`Analysis`], the
//! near-duplicate structure and checked [`TopicParams`] and gives
//! [`Topics`]. Each step is a function of its own, handing the next a
//! small struct: which documents are clustered ([`Clustered`]), their topic
//! terms ([`TopicTerms`]), their LSA vectors ([`Embedding`]), how k is
//! chosen and the clustering ([`choose_k`](super::choose_k)), each
//! document's topic numbered by size ([`Numbered`]), then the topics'
//! descriptions and every document's assignment. Each step pushes its own
//! notes, in that order.

use ndarray::{Array2, Axis};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use super::boilerplate::{self, Boilerplate, CharRange, body_terms};
use super::choose_k::{Choice, choose_k, cluster};
use super::kmeans::{Clustering, nearest};
use super::labels::{LabelSizes, describe};
use super::note::TopicNote;
use super::params::TopicParams;
use super::pca;
use super::result::{Assignment, TermWeight, Topic, TopicSettings, Topics};
use super::svd::{Csr, normalize_rows, randomized_svd};
use crate::analyze::{Analysis, Analyzed, DocIdx, LengthMismatch};
use crate::dups::DuplicateOf;
use crate::params::Checked;
use crate::round4;
use crate::tfidf::{SparseVec, TermCounts, TfidfParams, Vocabulary, count_terms, fit};

/// Finds topics. Fails only when `duplicate_of` is not over `analysis`'s
/// documents.
///
/// ```
/// use chachong::corpus::{Document, Format};
/// use chachong::dups::DuplicateOf;
/// use chachong::segment::Segmenter;
/// use chachong::topics::{self, KChoice, TopicParams};
/// use chachong::{AnalyzeParams, Corpus, ParamGuard, analyze};
///
/// let texts = [
///     "主队在足球比赛下半场连进两球，球迷在看台上欢呼。",
///     "篮球联赛季后赛今晚开打，两支球队的主力球员均已复出。",
///     "足球比赛的点球大战中，门将扑出关键一球帮助球队晋级。",
///     "工业互联网平台推动制造企业数字化转型，设备上云数量增长。",
///     "新一代信息技术与制造业融合，工业互联网平台服务企业上云。",
///     "制造企业借助工业互联网平台优化排产，数字化转型成效明显。",
/// ];
/// let corpus = Corpus {
///     documents: texts
///         .iter()
///         .enumerate()
///         .map(|(i, t)| Document::new(&format!("d{i}"), Format::Text, *t))
///         .collect(),
///     skipped: vec![],
/// };
/// let analysis = analyze(corpus, Segmenter::shared(), &AnalyzeParams::default());
/// let params = TopicParams { k: KChoice::Fixed(2), ..TopicParams::default() }.check()?;
/// let none = DuplicateOf::none(analysis.docs.len());
/// let found = topics::run(&analysis, &none, &params)?;
/// let topic = |i: usize| found.assignments[i].topic;
/// assert_eq!(found.k, 2);
/// assert_eq!((topic(0), topic(2)), (topic(1), topic(1)));
/// assert_ne!(topic(0), topic(3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(
    analysis: &Analysis,
    duplicate_of: &DuplicateOf,
    params: &Checked<TopicParams>,
) -> Result<Topics, LengthMismatch> {
    duplicate_of.fits(analysis)?;
    let params: &TopicParams = params;
    let mut notes = Vec::new();
    let clustered = Clustered::of(analysis, duplicate_of, params.keep_damaged, &mut notes);
    let terms = TopicTerms::fit(analysis, &clustered.docs, params, &mut notes);
    let emb = Embedding::of(&terms, &clustered.docs, params, &mut notes);
    let choice = choose_k(emb.x.nrows(), params, &mut notes);
    let rows: Vec<&SparseVec> = emb.clusterable.iter().map(|&i| &terms.vectors[i]).collect();
    let (clustering, curve) = cluster(emb.x.view(), &rows, terms.vocab.len(), &choice, params);
    let numbered = Numbered::of(clustering, &emb, &clustered, &mut notes);
    let topics = describe_topics(analysis, &terms, &emb, &numbered, &clustered.docs, params);
    let assignments = assignments(&emb, &numbered.topic_of, &clustered.rep);
    Ok(Topics {
        k: numbered.k,
        k_chosen_by: choice.by,
        silhouette: curve,
        topics,
        assignments,
        settings: applied(params, &clustered, &terms, &emb, &choice),
        notes,
    })
}

/// Which documents are clustered: those that stand for themselves
/// (representatives and documents without near-duplicates) and are not
/// damaged (unless `keep_damaged`). Near-duplicates each take their
/// representative's topic; damaged documents the nearest topic.
struct Clustered {
    /// Each document's representative (itself when it has none).
    rep: Vec<usize>,
    /// The documents clustered, ascending.
    docs: Vec<usize>,
    /// The damaged documents standing for themselves, left out, ascending.
    damaged: Vec<usize>,
}

impl Clustered {
    fn of(
        analysis: &Analysis,
        duplicate_of: &DuplicateOf,
        keep_damaged: bool,
        notes: &mut Vec<TopicNote>,
    ) -> Clustered {
        let rep: Vec<usize> = duplicate_of.as_slice().iter().map(|r| r.get()).collect();
        let n = rep.len();
        let (docs, damaged): (Vec<usize>, Vec<usize>) = (0..n)
            .filter(|&i| rep[i] == i)
            .partition(|&i| keep_damaged || !analysis.docs[i].quality.is_damaged());
        let members = n - docs.len() - damaged.len();
        if members > 0 {
            notes.push(TopicNote::NearDuplicatesNotClustered { members });
        }
        if !damaged.is_empty() {
            notes.push(TopicNote::DamagedNotClustered {
                documents: damaged.len(),
            });
        }
        Clustered { rep, docs, damaged }
    }
}

/// Every document's topic terms: its term counts with boilerplate left
/// out, and its vector in a TF-IDF refitted on the clustered documents.
struct TopicTerms {
    boilerplate: Boilerplate,
    counts: Vec<TermCounts>,
    vocab: Vocabulary,
    vectors: Vec<SparseVec>,
    /// `min_df` scaled down for small corpora.
    min_df_used: u32,
}

impl TopicTerms {
    fn fit(
        analysis: &Analysis,
        clustered: &[usize],
        params: &TopicParams,
        notes: &mut Vec<TopicNote>,
    ) -> TopicTerms {
        let docs = &analysis.docs;
        let views: Vec<_> = docs.iter().map(|d| &d.norm).collect();
        let boiler = boilerplate::find(&views, clustered, params.boilerplate_min_docs);
        drop(views);
        if boiler.sentences > 0 {
            notes.push(TopicNote::Boilerplate {
                sentences: boiler.sentences,
                min_docs: params.boilerplate_min_docs,
                documents: boiler.documents,
            });
        }
        let counts: Vec<TermCounts> = docs
            .par_iter()
            .zip(&boiler.ranges)
            .map(|(d, skip)| count_terms(topic_words(d, skip)))
            .collect();
        let min_df_used = params.min_df.min((clustered.len() / 200).max(1) as u32);
        let tfidf_params = TfidfParams {
            min_df: min_df_used,
            max_df: params.max_df,
            max_features: params.max_features,
            sublinear_tf: true,
        };
        let fitted_on: Vec<TermCounts> = clustered.iter().map(|&i| counts[i].clone()).collect();
        let vocab = fit(&fitted_on, &tfidf_params).vocab;
        drop(fitted_on);
        let vectors: Vec<_> = counts.par_iter().map(|c| vocab.transform(c)).collect();
        TopicTerms {
            boilerplate: boiler,
            counts,
            vocab,
            vectors,
            min_df_used,
        }
    }
}

/// The term words of a document outside the `skip` ranges (boilerplate).
fn topic_words<'a>(doc: &'a Analyzed, skip: &'a [CharRange]) -> impl Iterator<Item = &'a str> {
    body_terms(doc, skip).map(|(_, w)| w)
}

/// Every document in LSA space, and the documents that can be clustered
/// there.
struct Embedding {
    /// Every document's LSA vector, L2-normalised; zero for a document
    /// without terms in the topic vocabulary.
    all: Array2<f64>,
    /// The clustered documents with a non-zero vector, ascending.
    clusterable: Vec<usize>,
    /// Their rows of `all`.
    x: Array2<f64>,
    /// `dims` capped by the rank of the TF-IDF matrix.
    dims_used: usize,
}

impl Embedding {
    /// A randomized truncated SVD of the clustered documents' TF-IDF
    /// vectors, every document projected on it.
    fn of(
        terms: &TopicTerms,
        clustered: &[usize],
        params: &TopicParams,
        notes: &mut Vec<TopicNote>,
    ) -> Embedding {
        let n = terms.vectors.len();
        let n_terms = terms.vocab.len();
        let rank_cap = clustered.len().min(n_terms);
        let dims_used = params
            .dims
            .min(rank_cap.saturating_sub(1))
            .max(rank_cap.min(1));
        if dims_used < params.dims && n > 0 {
            notes.push(TopicNote::DimensionsCapped {
                dims: dims_used,
                documents: clustered.len(),
                terms: n_terms,
            });
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
        let fit_matrix = Csr::from_rows(clustered.iter().map(|&i| &terms.vectors[i]), n_terms);
        let lsa = randomized_svd(&fit_matrix, dims_used, params.power_iters, &mut rng);
        let mut all = lsa.project(&Csr::from_rows(&terms.vectors, n_terms));
        normalize_rows(&mut all);

        let clusterable: Vec<usize> = clustered
            .iter()
            .copied()
            .filter(|&i| all.row(i).iter().any(|&v| v != 0.0))
            .collect();
        let empty = clustered.len() - clusterable.len();
        if empty > 0 {
            notes.push(TopicNote::NoTerms { documents: empty });
        }
        let x = all.select(Axis(0), &clusterable);
        let nc = clusterable.len();
        if nc > 0 && nc < 30 {
            notes.push(TopicNote::TooFewDocuments { documents: nc });
        }
        Embedding {
            all,
            clusterable,
            x,
            dims_used,
        }
    }
}

/// Each document's topic, topics numbered by size, and their centroids in
/// that order.
struct Numbered {
    /// Each document's topic, below `k`.
    topic_of: Vec<usize>,
    /// Row `t` is topic `t`'s centroid in LSA space; no rows when nothing
    /// was clustered.
    centroids: Array2<f64>,
    /// Number of topics: the non-empty clusters.
    k: usize,
}

impl Numbered {
    fn of(
        clustering: Option<Clustering>,
        emb: &Embedding,
        clustered: &Clustered,
        notes: &mut Vec<TopicNote>,
    ) -> Numbered {
        let n = clustered.rep.len();
        // The k the final clustering ran with: the one asked, or the one
        // the silhouette scan chose.
        let k_used = clustering.as_ref().map_or(0, |c| c.centroids.nrows());
        let (mut topic_of, centroids) = cluster_of_every_document(clustering, emb, clustered);
        let (order, k) = number_topics(&topic_of, centroids.nrows().max(1), n);
        for t in topic_of.iter_mut() {
            *t = order[*t];
        }
        let centroids = reorder_centroids(centroids, &order, k);
        if k < k_used && !emb.clusterable.is_empty() {
            notes.push(TopicNote::EmptyClusters {
                empty: k_used - k,
                k_used,
                k,
            });
        }
        Numbered {
            topic_of,
            centroids,
            k,
        }
    }
}

/// Each document's cluster and the clusters' centroids: a clusterable
/// document's label, a clustered document without terms or a damaged one
/// the nearest centroid's, a near-duplicate its representative's. All 0 and
/// no centroids without a clustering.
fn cluster_of_every_document(
    clustering: Option<Clustering>,
    emb: &Embedding,
    clustered: &Clustered,
) -> (Vec<usize>, Array2<f64>) {
    let n = clustered.rep.len();
    let mut topic_of = vec![0usize; n];
    let mut centroids = Array2::zeros((0, emb.all.ncols()));
    if let Some(c) = clustering {
        for (r, &i) in emb.clusterable.iter().enumerate() {
            topic_of[i] = c.labels[r];
        }
        for &i in &clustered.docs {
            if emb.all.row(i).iter().all(|&v| v == 0.0) {
                topic_of[i] = nearest(emb.all.row(i), &c.centroids).0;
            }
        }
        for &i in &clustered.damaged {
            topic_of[i] = nearest(emb.all.row(i), &c.centroids).0;
        }
        centroids = c.centroids;
    }
    for i in 0..n {
        topic_of[i] = topic_of[clustered.rep[i]];
    }
    (topic_of, centroids)
}

/// Renumbers clusters by size (all documents), largest first, ties by the
/// first document; empty clusters get numbers `>= k_final`. Gives the map
/// old → new and the number of non-empty topics.
fn number_topics(topic_of: &[usize], k: usize, n: usize) -> (Vec<usize>, usize) {
    let mut size = vec![0usize; k];
    let mut first = vec![n; k];
    for (i, &t) in topic_of.iter().enumerate() {
        size[t] += 1;
        first[t] = first[t].min(i);
    }
    let mut old: Vec<usize> = (0..k).collect();
    old.sort_by(|&a, &b| size[b].cmp(&size[a]).then(first[a].cmp(&first[b])));
    let mut order = vec![0; k];
    for (new, &o) in old.iter().enumerate() {
        order[o] = new;
    }
    let k_final = size.iter().filter(|&&s| s > 0).count();
    (order, k_final)
}

/// The centroids of the `k_final` non-empty clusters, in their new order
/// (`order`: old → new); unchanged when there are none.
fn reorder_centroids(centroids: Array2<f64>, order: &[usize], k_final: usize) -> Array2<f64> {
    if k_final == 0 || centroids.nrows() == 0 {
        return centroids;
    }
    let mut sorted = Array2::zeros((k_final, centroids.ncols()));
    for (old, &new) in order.iter().enumerate() {
        if new < k_final {
            sorted.row_mut(new).assign(&centroids.row(old));
        }
    }
    sorted
}

/// Each topic's terms, phrases and label (from the clustered documents'
/// topic terms), its size (near-duplicates included) and its
/// representatives.
fn describe_topics(
    analysis: &Analysis,
    terms: &TopicTerms,
    emb: &Embedding,
    numbered: &Numbered,
    clustered: &[usize],
    params: &TopicParams,
) -> Vec<Topic> {
    let (k, topic_of) = (numbered.k, &numbered.topic_of);
    let mut topic_counts: Vec<Vec<&TermCounts>> = vec![Vec::new(); k];
    let mut topic_docs: Vec<Vec<(&Analyzed, &[CharRange])>> = vec![Vec::new(); k];
    for &i in clustered {
        topic_counts[topic_of[i]].push(&terms.counts[i]);
        topic_docs[topic_of[i]].push((&analysis.docs[i], &terms.boilerplate.ranges[i]));
    }
    let words = describe(
        &topic_counts,
        &topic_docs,
        &terms.vocab,
        LabelSizes {
            terms: params.top_terms,
            phrases: params.top_phrases,
        },
    );
    let mut sizes = vec![0usize; k];
    for &t in topic_of {
        sizes[t] += 1;
    }
    words
        .into_iter()
        .enumerate()
        .map(|(id, w)| Topic {
            id,
            label: w.label,
            terms: w
                .terms
                .into_iter()
                .map(|(term, weight)| TermWeight {
                    term,
                    weight: round4(weight),
                })
                .collect(),
            phrases: w.phrases,
            size: sizes[id],
            representatives: representatives(emb, numbered, id, params.representatives),
        })
        .collect()
}

/// The `count` clusterable documents of topic `id` nearest its centroid
/// (ties: the first document).
fn representatives(emb: &Embedding, numbered: &Numbered, id: usize, count: usize) -> Vec<DocIdx> {
    let mut near: Vec<(f64, usize)> = emb
        .clusterable
        .iter()
        .filter(|&&i| numbered.topic_of[i] == id)
        .map(|&i| (emb.all.row(i).dot(&numbered.centroids.row(id)), i))
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    near.into_iter()
        .take(count)
        .map(|(_, i)| DocIdx::of(i))
        .collect()
}

/// Every document's topic, its 2-D coordinates ([`pca`]) and, for a
/// near-duplicate, its representative.
fn assignments(emb: &Embedding, topic_of: &[usize], rep: &[usize]) -> Vec<Assignment> {
    let xy = pca::pca_2d(emb.all.view());
    (0..rep.len())
        .map(|i| Assignment {
            doc: DocIdx::of(i),
            topic: topic_of[i],
            x: round4(xy[[i, 0]]),
            y: round4(xy[[i, 1]]),
            duplicate_of: (rep[i] != i).then(|| DocIdx::of(rep[i])),
        })
        .collect()
}

/// The settings as applied: `params` with the caps the data set.
fn applied(
    params: &TopicParams,
    clustered: &Clustered,
    terms: &TopicTerms,
    emb: &Embedding,
    choice: &Choice,
) -> TopicSettings {
    TopicSettings {
        k: params.k,
        k_range: choice.k_range,
        k_rule: params.k_rule,
        dims: params.dims,
        dims_used: emb.dims_used,
        power_iters: params.power_iters,
        seed: params.seed,
        n_runs: params.n_runs,
        scan_runs: params.scan_runs,
        algorithm: params.algo,
        silhouette_sample: params.silhouette_sample,
        silhouette_repeats: params.silhouette_repeats,
        min_df: params.min_df,
        min_df_used: terms.min_df_used,
        max_df: params.max_df,
        max_features: params.max_features,
        boilerplate_min_docs: params.boilerplate_min_docs,
        refine_iters: params.refine_iters,
        keep_damaged: params.keep_damaged,
        vocabulary: terms.vocab.len(),
        documents: clustered.rep.len(),
        clustered: clustered.docs.len(),
        damaged: clustered.damaged.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dups::Cluster;
    use crate::params::ParamGuard;
    use crate::topics::{KChoice, KChosenBy, KRule};

    /// `run` with unchecked settings and `duplicate_of[i] = Some(rep)`
    /// (empty: none), its documents named by id.
    fn run(a: &Analysis, duplicate_of: &[Option<usize>], params: &TopicParams) -> Topics<String> {
        let clusters: Vec<Cluster> = duplicate_of
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                r.map(|r| Cluster {
                    representative: DocIdx::of(r),
                    members: vec![DocIdx::of(r), DocIdx::of(i)],
                })
            })
            .collect();
        let dup = DuplicateOf::from_clusters(&clusters, a.docs.len()).unwrap();
        super::run(a, &dup, &params.clone().check().unwrap())
            .unwrap()
            .named(a)
    }
    use crate::corpus::{Corpus, Document, Format};
    use crate::segment::Segmenter;
    use crate::{AnalyzeParams, analyze};

    fn corpus(texts: &[String]) -> Analysis {
        let documents = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}"), Format::Text, t.clone()))
            .collect();
        analyze(
            Corpus {
                documents,
                skipped: Vec::new(),
            },
            Segmenter::shared(),
            &AnalyzeParams::default(),
        )
    }

    fn two_subjects() -> Vec<String> {
        let sport = [
            "足球", "比赛", "球队", "进球", "联赛", "教练", "球员", "冠军",
        ];
        let tech = [
            "芯片",
            "手机",
            "处理器",
            "屏幕",
            "电池",
            "性能",
            "系统",
            "内存",
        ];
        let mut texts = Vec::new();
        for i in 0..12 {
            for words in [&sport, &tech] {
                let pick: Vec<&str> = (0..5).map(|j| words[(i + j * 3) % 8]).collect();
                texts.push(format!(
                    "今天{}和{}，还有{}。{}与{}。",
                    pick[0], pick[1], pick[2], pick[3], pick[4]
                ));
            }
        }
        texts
    }

    #[test]
    fn separates_two_subjects_and_members_follow_representatives() {
        let analysis = corpus(&two_subjects());
        let n = analysis.docs.len();
        let mut dup = vec![None; n];
        dup[2] = Some(0); // a sports text marked as a copy of another
        let params = TopicParams {
            k: KChoice::Fixed(2),
            ..Default::default()
        };
        let t = run(&analysis, &dup, &params);
        assert_eq!(t.k, 2);
        let topic = |i: usize| t.assignments[i].topic;
        for i in 0..n {
            assert_eq!(topic(i), topic(i % 2), "doc {i}");
        }
        assert_ne!(topic(0), topic(1));
        assert_eq!(t.assignments[2].duplicate_of.as_deref(), Some("d0"));
        assert_eq!(t.topics.iter().map(|t| t.size).sum::<usize>(), n);
        assert_eq!(t.settings.clustered, n - 1);
        assert!(
            t.topics
                .iter()
                .all(|t| !t.label.is_empty() && t.representatives.len() == 3)
        );
    }

    #[test]
    fn damaged_documents_do_not_shape_topics_unless_kept() {
        // Six pages of UTF-8 read as GBK: mojibake, with terms of their own.
        let damaged: Vec<String> = (0..6)
            .map(|i| {
                let text = format!(
                    "今天天气晴朗，气温{i}度，适合户外运动和郊游，市民纷纷走出家门享受春光。"
                );
                encoding_rs::GBK.decode(text.as_bytes()).0.into_owned()
            })
            .collect();
        let mut texts = two_subjects();
        texts.extend(damaged.iter().cloned());
        let analysis = corpus(&texts);
        let n_good = texts.len() - damaged.len();
        assert!(
            analysis.docs[n_good..]
                .iter()
                .all(|d| d.quality.is_damaged())
        );
        let good_words: std::collections::HashSet<&str> = analysis.docs[..n_good]
            .iter()
            .flat_map(|d| d.term_words())
            .collect();
        let junk = |t: &Topics<String>| -> usize {
            t.topics
                .iter()
                .flat_map(|t| &t.terms)
                .filter(|w| !good_words.contains(w.term.as_str()))
                .count()
        };
        let params = TopicParams {
            k: KChoice::Fixed(3),
            ..Default::default()
        };
        let t = run(&analysis, &[], &params);
        assert_eq!(junk(&t), 0, "{:?}", t.topics);
        assert_eq!((t.settings.clustered, t.settings.damaged), (n_good, 6));
        assert!(
            t.notes
                .iter()
                .any(|n| n.to_string().starts_with("6 damaged documents"))
        );
        assert!(t.topics.iter().all(|topic| {
            topic
                .representatives
                .iter()
                .all(|r| r[1..].parse::<usize>().unwrap() < n_good)
        }));
        // Each still has a topic, as a document without terms has.
        assert_eq!(t.assignments.len(), texts.len());
        assert!(t.assignments.iter().all(|a| a.topic < t.k));

        let kept = run(
            &analysis,
            &[],
            &TopicParams {
                keep_damaged: true,
                ..params
            },
        );
        assert!(junk(&kept) > 0, "{:?}", kept.topics);
        assert_eq!(kept.settings.damaged, 0);
    }

    #[test]
    fn boilerplate_does_not_name_topics() {
        let notice = "新浪声明：本网站登载此文出于传递更多信息之目的。";
        let texts: Vec<String> = two_subjects()
            .into_iter()
            .enumerate()
            .map(|(i, t)| if i < 10 { format!("{t}{notice}") } else { t })
            .collect();
        let analysis = corpus(&texts);
        let words = |t: &Topics<String>| -> Vec<String> {
            t.topics
                .iter()
                .flat_map(|t| {
                    t.terms
                        .iter()
                        .map(|w| w.term.clone())
                        .chain(t.phrases.clone())
                })
                .collect()
        };
        let on = TopicParams {
            k: KChoice::Fixed(2),
            boilerplate_min_docs: 10,
            ..Default::default()
        };
        let t = run(&analysis, &[], &on);
        assert!(
            t.notes
                .iter()
                .any(|n| n.to_string().starts_with("1 sentences found"))
        );
        assert!(
            words(&t)
                .iter()
                .all(|w| !w.contains("登载") && !w.contains("传递")),
            "{:?}",
            words(&t)
        );
        for i in 0..texts.len() {
            assert_eq!(
                t.assignments[i].topic,
                t.assignments[i % 2].topic,
                "doc {i}"
            );
        }
        let off = run(
            &analysis,
            &[],
            &TopicParams {
                boilerplate_min_docs: 0,
                ..on
            },
        );
        assert!(off.settings.vocabulary > t.settings.vocabulary);
    }

    #[test]
    fn refinement_keeps_a_clean_split_and_can_be_turned_off() {
        let analysis = corpus(&two_subjects());
        for refine_iters in [0, 20] {
            let t = run(
                &analysis,
                &[],
                &TopicParams {
                    k: KChoice::Fixed(2),
                    refine_iters,
                    ..Default::default()
                },
            );
            for i in 0..analysis.docs.len() {
                assert_eq!(t.assignments[i].topic, t.assignments[i % 2].topic);
            }
            assert_ne!(t.assignments[0].topic, t.assignments[1].topic);
        }
    }

    #[test]
    fn auto_k_and_tiny_corpora_do_not_panic() {
        let analysis = corpus(&two_subjects());
        let best = TopicParams {
            k_rule: KRule::Best,
            ..Default::default()
        };
        let t = run(&analysis, &[], &best);
        assert_eq!(t.k_chosen_by, KChosenBy::Silhouette);
        assert_eq!(t.settings.k_range, Some([2, 8]));
        assert_eq!(t.silhouette.len(), 7);
        let top = t
            .silhouette
            .iter()
            .map(|p| p.score)
            .fold(f64::MIN, f64::max);
        let chosen = t.silhouette.iter().find(|p| p.score == top).map(|p| p.k);
        assert_eq!(chosen, Some(t.k));
        let t = run(&analysis, &[], &TopicParams::default());
        let at = KRule::FirstPeak.pick(&t.silhouette).unwrap();
        assert_eq!(t.k, t.silhouette[at].k);

        for texts in [
            vec![],
            vec!["足球比赛".to_string()],
            two_subjects()[..3].to_vec(),
        ] {
            let a = corpus(&texts);
            let t = run(&a, &[], &TopicParams::default());
            assert_eq!(t.assignments.len(), texts.len());
            assert!(t.k <= texts.len().max(1));
        }
    }

    #[test]
    fn topics_are_numbered_by_size_then_first_document() {
        // Sizes 1, 2, 3 and an empty cluster 3.
        let (order, k) = number_topics(&[1, 1, 0, 2, 2, 2], 4, 6);
        assert_eq!((order, k), (vec![2, 1, 0, 3], 3));
        // Equal sizes: the cluster with the earlier document first.
        assert_eq!(number_topics(&[1, 0], 2, 2), (vec![1, 0], 2));
        let centroids = ndarray::array![[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]];
        let sorted = reorder_centroids(centroids, &[2, 1, 0, 3], 3);
        assert_eq!(sorted, ndarray::array![[2.0, 2.0], [1.0, 1.0], [0.0, 0.0]]);
    }

    #[test]
    fn rounding() {
        assert_eq!(round4(0.123456), 0.1235);
        assert_eq!(round4(-0.00001), 0.0);
        assert!(round4(-0.00001).is_sign_positive());
    }
}
