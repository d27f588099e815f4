//! Words that name a topic: class-based TF-IDF terms and phrases.
//!
//! Takes, for every topic, the term counts and the analysed documents that
//! belong to it, and gives a [`TopicWords`] per topic: the top terms by
//! c-TF-IDF (Grootendorst 2022, BERTopic) with their weights, the most
//! distinctive multi-word phrases, and a short label.
//!
//! c-TF-IDF treats each topic as one document:
//! `w(t, c) = tf(t, c) · ln(1 + A / f(t))`, where `tf(t, c)` is the share of
//! topic `c`'s words that are `t` (BERTopic's L1-normalised tf), `A` the
//! average number of words per topic and `f(t)` the count of `t` over all
//! topics. Phrases are runs of two or three term tokens that touch in the
//! text (工业 + 互联网 + 平台 → 工业互联网平台), counted once per document
//! and weighted the same way.
//!
//! Datelines and end notices (新浪科技讯 at the start, 点击阅读原文 or
//! 本文转载自 at the end) say where a text was published, not what it is
//! about, yet they are distinctive of a channel and rank high. A term with
//! most of its uses in the first or last tenth of the bodies it stands in
//! ([`Edges`]), and a phrase that holds such a term, does not name a topic;
//! it still counts for the clustering.

use std::hash::Hash;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::boilerplate::{CharRange, body_terms};
use crate::analyze::Analyzed;
use crate::tfidf::{TermCounts, Vocabulary};

/// What names one topic.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicWords {
    /// Top terms with their c-TF-IDF weight, highest first.
    pub terms: Vec<(String, f64)>,
    /// Distinctive phrases, most distinctive first.
    pub phrases: Vec<String>,
    /// Up to three of the top terms, a phrase standing in for the terms it
    /// contains, joined by " / ".
    pub label: String,
}

/// c-TF-IDF weights of every item of every class, highest first, ties broken
/// by the item.
pub fn c_tf_idf<K: Clone + Ord + Hash + Eq>(classes: &[FxHashMap<K, f64>]) -> Vec<Vec<(K, f64)>> {
    let mut total: FxHashMap<&K, f64> = FxHashMap::default();
    for class in classes {
        for (item, &n) in class {
            *total.entry(item).or_insert(0.0) += n;
        }
    }
    let all: f64 = total.values().sum();
    let avg = if classes.is_empty() {
        0.0
    } else {
        all / classes.len() as f64
    };
    classes
        .iter()
        .map(|class| {
            let size: f64 = class.values().sum();
            let mut weighted: Vec<(K, f64)> = class
                .iter()
                .filter(|&(_, &n)| n > 0.0)
                .map(|(item, &n)| {
                    let tf = n / size;
                    (item.clone(), tf * (1.0 + avg / total[item]).ln())
                })
                .collect();
            weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            weighted
        })
        .collect()
}

/// How many words and phrases to give per topic.
#[derive(Debug, Clone, Copy)]
pub struct LabelSizes {
    pub terms: usize,
    pub phrases: usize,
}

/// Terms, phrases and a label for every topic.
///
/// `counts[c]` and `docs[c]` are the term counts and documents of topic `c`
/// (the same documents, in any order), each document with the view char
/// ranges its phrases must not use (boilerplate, see
/// [`super::boilerplate`]); only terms in `vocab` are used.
pub fn describe(
    counts: &[Vec<&TermCounts>],
    docs: &[Vec<(&Analyzed, &[CharRange])>],
    vocab: &Vocabulary,
    sizes: LabelSizes,
) -> Vec<TopicWords> {
    let term_classes: Vec<FxHashMap<&str, f64>> = counts
        .par_iter()
        .map(|topic| {
            let mut sum: FxHashMap<&str, f64> = FxHashMap::default();
            for doc in topic {
                for (t, &n) in doc.iter() {
                    if vocab.id(t).is_some() {
                        *sum.entry(t.as_str()).or_insert(0.0) += n as f64;
                    }
                }
            }
            sum
        })
        .collect();
    let term_weights = c_tf_idf(&term_classes);

    let per_topic: Vec<(FxHashMap<String, f64>, Edges)> = docs
        .par_iter()
        .map(|topic| {
            let mut df: FxHashMap<String, f64> = FxHashMap::default();
            let mut edges = Edges::default();
            for &(doc, skip) in topic {
                edges.add(doc, skip, vocab);
                for p in doc_phrases(doc, skip, vocab) {
                    *df.entry(p).or_insert(0.0) += 1.0;
                }
            }
            (df, edges)
        })
        .collect();
    let (phrase_df, edges): (Vec<_>, Vec<_>) = per_topic.into_iter().unzip();
    let edge_terms = Edges::merge(edges).edge_terms();
    // A term names a topic unless it is an edge term; a phrase unless it
    // holds one (新浪科技 holds 新浪, 点击阅读原文 holds 原文).
    let names = |w: &str| !edge_terms.iter().any(|t| w.contains(t));
    let phrase_weights = c_tf_idf(&phrase_df);

    term_weights
        .into_iter()
        .zip(phrase_weights)
        .zip(phrase_df.iter().zip(docs))
        .map(|((terms, phrases), (df, topic_docs))| {
            let terms: Vec<(String, f64)> = terms
                .into_iter()
                .filter(|(t, _)| names(t))
                .take(sizes.terms)
                .map(|(t, w)| (t.to_string(), w))
                .collect();
            let phrases = pick_phrases(&phrases, df, topic_docs.len(), sizes.phrases, names);
            let label = make_label(&terms, &phrases);
            TopicWords {
                terms,
                phrases,
                label,
            }
        })
        .collect()
}

/// The share of a body, at each end, that counts as its edge.
const EDGE_FRACTION: f64 = 0.1;
/// Bodies shorter than this (in view chars) are not used to judge edges.
const EDGE_MIN_BODY: usize = 300;
/// A term with at least this share of its uses at the edges is a
/// dateline or notice word. Measured on the Sina corpus: 新浪科技 0.90,
/// 本文转载自 0.90, 点击阅读原文 0.80, 新浪 0.73, 新浪娱乐 0.57; subject words
/// 0.13–0.35 (国际学校 0.31, 记者 0.35), 报道 0.44; spread evenly, 0.2
/// (`benches/label_edges.py`).
const EDGE_SHARE: f64 = 0.55;
/// ... judged only with at least this many uses in this many documents.
const EDGE_MIN_USES: u32 = 10;
const EDGE_MIN_DOCS: u32 = 5;

/// Where terms stand in the bodies of at least `EDGE_MIN_BODY` chars: per
/// term, its uses, how many of them start or end in the first or last
/// `EDGE_FRACTION` of the body, and in how many documents.
#[derive(Debug, Default)]
pub struct Edges<'a>(FxHashMap<&'a str, [u32; 3]>);

impl<'a> Edges<'a> {
    /// Adds one document's terms.
    pub fn add(&mut self, doc: &'a Analyzed, skip: &[CharRange], vocab: &Vocabulary) {
        let len = doc.norm.len();
        if len < EDGE_MIN_BODY {
            return;
        }
        let margin = len as f64 * EDGE_FRACTION;
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for (t, w) in body_terms(doc, skip) {
            if vocab.id(w).is_none() {
                continue;
            }
            let at_edge = (t.start as f64) < margin || (t.end as f64) > len as f64 - margin;
            let c = self.0.entry(w).or_default();
            c[0] += 1;
            c[1] += u32::from(at_edge);
            c[2] += u32::from(seen.insert(w));
        }
    }

    /// The counts of several parts added up.
    pub fn merge(parts: Vec<Edges<'a>>) -> Edges<'a> {
        let mut all = Edges::default();
        for part in parts {
            for (w, c) in part.0 {
                let a = all.0.entry(w).or_default();
                (0..3).for_each(|i| a[i] += c[i]);
            }
        }
        all
    }

    /// The terms that stand mostly at the edges, sorted.
    pub fn edge_terms(&self) -> Vec<&'a str> {
        let mut out: Vec<&str> = self
            .0
            .iter()
            .filter(|(_, c)| {
                c[0] >= EDGE_MIN_USES
                    && c[2] >= EDGE_MIN_DOCS
                    && c[1] as f64 >= EDGE_SHARE * c[0] as f64
            })
            .map(|(w, _)| *w)
            .collect();
        out.sort_unstable();
        out
    }
}

/// The distinct phrases of one document: two or three adjacent term tokens
/// in the vocabulary that touch in the text, none starting in `skip`.
pub fn doc_phrases(doc: &Analyzed, skip: &[CharRange], vocab: &Vocabulary) -> FxHashSet<String> {
    let words: Vec<(u32, u32, &str)> = body_terms(doc, skip)
        .map(|(t, w)| (t.start, t.end, w))
        .collect();
    let mut out = FxHashSet::default();
    for i in 0..words.len() {
        let mut phrase = String::from(words[i].2);
        if vocab.id(words[i].2).is_none() {
            continue;
        }
        for n in 1..3 {
            let j = i + n;
            if j >= words.len() || words[j - 1].1 != words[j].0 || vocab.id(words[j].2).is_none() {
                break;
            }
            phrase.push_str(words[j].2);
            out.insert(phrase.clone());
        }
    }
    out
}

/// The top phrases of a topic. A phrase needs at least 2 documents (and 1%
/// of the topic's); a two-term phrase gives way to a longer one that
/// contains it and occurs in at least 60% as many documents; a phrase inside
/// (or around) one already taken is skipped, and so is one `names` refuses
/// or whose longer phrase it refuses.
fn pick_phrases(
    ranked: &[(String, f64)],
    df: &FxHashMap<String, f64>,
    n_docs: usize,
    max: usize,
    names: impl Fn(&str) -> bool,
) -> Vec<String> {
    let support = 2f64.max((n_docs as f64 * 0.01).ceil());
    let frequent: Vec<&(String, f64)> = ranked.iter().filter(|(p, _)| df[p] >= support).collect();
    let mut chosen: Vec<String> = Vec::new();
    for (p, _) in frequent.iter().copied() {
        if chosen.len() == max {
            break;
        }
        if !names(p) {
            continue;
        }
        let longer = frequent
            .iter()
            .map(|(q, _)| q)
            .filter(|q| q.len() > p.len() && q.contains(p.as_str()) && df[*q] >= 0.6 * df[p])
            .max_by(|a, b| df[*a].total_cmp(&df[*b]).then_with(|| b.cmp(a)));
        // A phrase that is mostly part of a refused one (点击阅读 of
        // 点击阅读原文) is refused with it.
        if longer.is_some_and(|q| !names(q)) {
            continue;
        }
        let pick = longer.unwrap_or(p);
        if chosen
            .iter()
            .any(|c| c.contains(pick.as_str()) || pick.contains(c.as_str()))
        {
            continue;
        }
        chosen.push(pick.clone());
    }
    chosen
}

/// Up to three names from the top terms; a chosen phrase that contains a
/// term stands in for it.
fn make_label(terms: &[(String, f64)], phrases: &[String]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for (t, _) in terms {
        if parts.len() == 3 {
            break;
        }
        if parts.iter().any(|p| p.contains(t.as_str())) {
            continue;
        }
        let part = phrases
            .iter()
            .find(|p| p.contains(t.as_str()))
            .map_or(t.as_str(), |p| p.as_str());
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(items: &[(&str, f64)]) -> FxHashMap<String, f64> {
        items.iter().map(|&(k, v)| (k.to_string(), v)).collect()
    }

    #[test]
    fn c_tf_idf_by_hand() {
        // Topic 0: 足球 3, 比赛 1 (4 words); topic 1: 芯片 2, 比赛 2 (4 words).
        // A = 8 / 2 = 4; f(足球) = 3, f(比赛) = 3, f(芯片) = 2.
        let classes = vec![
            class(&[("足球", 3.0), ("比赛", 1.0)]),
            class(&[("芯片", 2.0), ("比赛", 2.0)]),
        ];
        let w = c_tf_idf(&classes);
        let ln = |x: f64| x.ln();
        assert_eq!(w[0][0].0, "足球");
        assert!((w[0][0].1 - 0.75 * ln(1.0 + 4.0 / 3.0)).abs() < 1e-12);
        assert!((w[0][1].1 - 0.25 * ln(1.0 + 4.0 / 3.0)).abs() < 1e-12);
        assert_eq!(w[1][0].0, "芯片");
        assert!((w[1][0].1 - 0.5 * ln(3.0)).abs() < 1e-12);
        assert!((w[1][1].1 - 0.5 * ln(1.0 + 4.0 / 3.0)).abs() < 1e-12);
    }

    #[test]
    fn longer_phrases_win_and_labels_use_them() {
        let df = class(&[
            ("工业互联网", 10.0),
            ("工业互联网平台", 8.0),
            ("互联网平台", 9.0),
            ("数字经济", 5.0),
        ]);
        let ranked: Vec<(String, f64)> = vec![
            ("工业互联网".into(), 0.5),
            ("互联网平台".into(), 0.4),
            ("数字经济".into(), 0.3),
            ("工业互联网平台".into(), 0.2),
        ];
        let picked = pick_phrases(&ranked, &df, 20, 5, |_| true);
        assert_eq!(picked, vec!["工业互联网平台", "数字经济"]);
        // Refusing the longer phrase refuses the shorter ones inside it.
        let refused = pick_phrases(&ranked, &df, 20, 5, |p| p != "工业互联网平台");
        assert_eq!(refused, vec!["数字经济"]);
        let terms = vec![
            ("平台".to_string(), 0.3),
            ("工业".to_string(), 0.2),
            ("企业".to_string(), 0.1),
            ("数字".to_string(), 0.05),
        ];
        assert_eq!(
            make_label(&terms, &picked),
            "工业互联网平台 / 企业 / 数字经济"
        );
    }

    #[test]
    fn dateline_and_notice_words_do_not_name_topics() {
        use crate::corpus::{Document, Format};
        use crate::segment::Segmenter;
        let body = "芯片厂商发布新款处理器，性能提升明显，功耗下降，手机厂商纷纷采用。".repeat(12);
        let analyze = |id: String, text: String| {
            let doc = Document::new(&id, Format::Text, &text);
            Analyzed::new(doc, Segmenter::shared(), &Default::default())
        };
        let docs: Vec<(Analyzed, TermCounts)> = (0..12)
            .map(|i| analyze(format!("d{i}"), format!("鲸鱼日报讯 {body}点击阅读原文")))
            .collect();
        assert!(docs[0].0.norm.len() >= EDGE_MIN_BODY);
        let counts: Vec<TermCounts> = docs.iter().map(|d| d.1.clone()).collect();
        let vocab = crate::tfidf::fit(&counts, &Default::default()).vocab;
        let judge = |docs: &[(Analyzed, TermCounts)]| {
            let mut edges = Edges::default();
            for (a, _) in docs {
                edges.add(a, &[], &vocab);
            }
            edges
                .edge_terms()
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let found = judge(&docs);
        assert!(found.iter().any(|w| w == "阅读"), "{found:?}");
        assert!(found.iter().any(|w| w.contains("鲸鱼")), "{found:?}");
        for subject in ["芯片", "处理器", "厂商", "性能"] {
            assert!(
                !found.iter().any(|w| w == subject),
                "{subject} in {found:?}"
            );
        }
        // Too few documents to judge: nothing is left out.
        assert!(judge(&docs[..4]).is_empty());

        // In describe, the notice gives way to the subject in the names.
        let topic_counts: Vec<Vec<&TermCounts>> = vec![counts.iter().collect()];
        let topic_docs: Vec<Vec<(&Analyzed, &[CharRange])>> =
            vec![docs.iter().map(|d| (&d.0, &[][..])).collect()];
        let sizes = LabelSizes {
            terms: 10,
            phrases: 5,
        };
        let words = &describe(&topic_counts, &topic_docs, &vocab, sizes)[0];
        let terms: Vec<&str> = words.terms.iter().map(|t| t.0.as_str()).collect();
        assert!(terms.contains(&"处理器"), "{terms:?}");
        assert!(!terms.contains(&"阅读"), "{terms:?}");
        assert!(
            !words.phrases.iter().any(|p| p.contains("原文")),
            "{words:?}"
        );
        assert!(!words.label.contains("鲸鱼"), "{}", words.label);
    }

    #[test]
    fn phrases_join_touching_terms_only() {
        use crate::corpus::{Document, Format};
        use crate::segment::Segmenter;
        let doc = Document::new("a", Format::Text, "工业互联网平台，工业互联网");
        let (a, counts) = Analyzed::new(doc, Segmenter::shared(), &Default::default());
        let t = crate::tfidf::fit(&[counts], &Default::default());
        let phrases = doc_phrases(&a, &[], &t.vocab);
        assert!(phrases.contains("工业互联网"), "{phrases:?}");
        assert!(phrases.iter().all(|p| !p.contains('，')));
        // Tokens in a skipped range (boilerplate) join no phrase.
        let later = doc_phrases(&a, &[(0, 8)], &t.vocab);
        assert!(later.contains("工业互联网"), "{later:?}");
        assert!(later.iter().all(|p| !p.contains("平台")), "{later:?}");
        assert!(!phrases.contains("平台工业"), "{phrases:?}");
    }
}
