//! The compare stage: [`run`] builds a [`Context`] over the corpus, compares
//! each group with the rest of it, two groups with each other when asked,
//! and topic shares over time, and adds the notes on the corpus as a whole;
//! [`largest_pair`] is the pair a report compares when none is asked for.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::context::Context;
use super::groups::{Members, NONE_GROUP, count_once, group_members, roots};
use super::note::CompareNote;
use super::over_time;
use super::params::CompareParams;
use super::result::{CompareSettings, Comparison, Group, Pairwise};
use crate::analyze::{Analysis, LengthMismatch};
use crate::dups::DuplicateOf;
use crate::params::Checked;
use crate::regions::DocRegions;
use crate::topics::TopicOf;

/// Compares the groups of documents that share a value of `params.by`.
///
/// Pairwise groups that do not exist give a note and no `pairwise`. Fails
/// only when `topic_of` or `duplicate_of` is not over `analysis`'s
/// documents.
pub fn run(
    analysis: &Analysis,
    topic_of: Option<&TopicOf>,
    duplicate_of: &DuplicateOf,
    regions: Option<&[DocRegions]>,
    params: &Checked<CompareParams>,
) -> Result<Comparison, LengthMismatch> {
    duplicate_of.fits(analysis)?;
    if let Some(t) = topic_of {
        t.fits(analysis)?;
    }
    if let Some(r) = regions {
        LengthMismatch::check("regions", r.len(), analysis)?;
    }
    let params: &CompareParams = params;
    let n = analysis.docs.len();
    let ctx = Context::new(analysis, topic_of, duplicate_of, params);
    let members = group_members(analysis, &params.by, regions);
    let over = over_time::over_time(analysis, &ctx.root, ctx.topic_of, ctx.n_topics);
    let periods = over.field.map(|field| over_time::Of {
        analysis,
        root: &ctx.root,
        topic_of: ctx.topic_of,
        n_topics: ctx.n_topics,
        field,
    });
    let groups: Vec<Group> = members
        .par_iter()
        .map(|(name, m)| {
            let mut g = ctx.against_rest(name, m);
            if let Some(of) = &periods {
                g.over_time = of
                    .periods(&m.docs, |i| m.weight(i), Some(params.min_group_docs))
                    .0;
            }
            g
        })
        .collect();

    let mut notes = Vec::new();
    let pairwise = params
        .groups
        .as_ref()
        .and_then(|(a, b)| pairwise(&ctx, &members, (a, b), &mut notes));

    notes.extend(corpus_notes(&ctx, &groups, &members, &over, n));

    Ok(Comparison {
        by: params.by.clone(),
        topic_labels: Vec::new(),
        groups,
        pairwise,
        over_time: over.periods,
        notes,
        settings: CompareSettings {
            top_terms: params.top_terms,
            min_group_docs: params.min_group_docs,
            prior_scale: params.prior_scale,
            examples: params.examples,
            topics: ctx.n_topics,
            documents: n,
            documents_after_dedup: ctx.corpus_docs,
            over_time_by: over.field,
        },
    })
}

/// The two largest groups by `by` (near-duplicates counted once, ties by
/// name), leaving out [`NONE_GROUP`]: the pair a report compares when none
/// is asked for. `None` with fewer than two named groups.
pub fn largest_pair(
    analysis: &Analysis,
    by: &str,
    duplicate_of: &DuplicateOf,
    regions: Option<&[DocRegions]>,
) -> Result<Option<(String, String)>, LengthMismatch> {
    duplicate_of.fits(analysis)?;
    let root = roots(duplicate_of);
    let members = group_members(analysis, by, regions);
    let mut named: Vec<(usize, &String)> = members
        .iter()
        .filter(|(name, _)| name.as_str() != NONE_GROUP)
        .map(|(name, members)| (count_once(&members.docs, &root).len(), name))
        .collect();
    named.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    Ok(match named[..] {
        [(_, a), (_, b), ..] => Some((a.clone(), b.clone())),
        _ => None,
    })
}

/// `a` against `b` alone when both groups exist; else none, and a note
/// naming the missing ones.
fn pairwise(
    ctx: &Context,
    members: &BTreeMap<String, Members>,
    (a, b): (&String, &String),
    notes: &mut Vec<CompareNote>,
) -> Option<Pairwise> {
    match (members.get(a), members.get(b)) {
        (Some(docs_a), Some(docs_b)) => Some(ctx.pairwise((a, docs_a), (b, docs_b))),
        _ => {
            let missing: Vec<&str> = [a, b]
                .into_iter()
                .filter(|g| !members.contains_key(*g))
                .map(String::as_str)
                .collect();
            notes.push(CompareNote::NoSuchGroup {
                missing: missing.into_iter().map(str::to_string).collect(),
                by: ctx.params.by.clone(),
            });
            None
        }
    }
}

/// Caveats about the corpus as a whole.
fn corpus_notes(
    ctx: &Context,
    groups: &[Group],
    members: &BTreeMap<String, Members>,
    over: &over_time::OverTime,
    n: usize,
) -> Vec<CompareNote> {
    if n == 0 {
        return vec![CompareNote::EmptyCorpus];
    }
    let mut notes = size_notes(ctx, groups);
    notes.extend(coverage_notes(ctx, members, over, n));
    notes
}

/// Whether the corpus and its groups are large enough to compare.
fn size_notes(ctx: &Context, groups: &[Group]) -> Vec<CompareNote> {
    let min = ctx.params.min_group_docs;
    let mut notes = Vec::new();
    if ctx.corpus_docs < 2 * min {
        notes.push(CompareNote::TooFewInAll {
            documents: ctx.corpus_docs,
            min,
        });
    }
    let small = groups.iter().filter(|g| g.warning.is_some()).count();
    if small > 0 && small == groups.len() {
        notes.push(CompareNote::AllGroupsSmall { groups: small, min });
    } else if small > 0 {
        notes.push(CompareNote::SomeGroupsSmall {
            small,
            groups: groups.len(),
            min,
        });
    }
    if groups.len() == 1 {
        notes.push(CompareNote::OneGroup {
            by: ctx.params.by.clone(),
        });
    }
    notes
}

/// What the figures leave out or count differently: documents without the
/// field, near-duplicates, topics, dates.
fn coverage_notes(
    ctx: &Context,
    members: &BTreeMap<String, Members>,
    over: &over_time::OverTime,
    n: usize,
) -> Vec<CompareNote> {
    let mut notes = Vec::new();
    if let Some(none) = members.get(NONE_GROUP) {
        notes.push(CompareNote::NoneGroup {
            name: NONE_GROUP.to_string(),
            documents: none.docs.len(),
            by: ctx.params.by.clone(),
        });
    }
    let collapsed = n - ctx.corpus_docs;
    if collapsed > 0 {
        notes.push(CompareNote::NearDuplicatesOnce { collapsed });
    }
    if ctx.n_topics == 0 {
        notes.push(CompareNote::NoTopics);
    }
    match over.field {
        None => notes.push(CompareNote::NoDates),
        Some(_) if over.undated > 0 => notes.push(CompareNote::Undated {
            documents: over.undated,
        }),
        Some(_) => {}
    }
    notes
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::corpus::{Corpus, Document, Format, Meta};
    use crate::params::ParamGuard;
    use crate::segment::Segmenter;
    use crate::{AnalyzeParams, DocIdx, analyze};

    /// `run` with plain slices: `topic_of` empty for no topics,
    /// `duplicate_of` empty for none.
    fn run(
        a: &Analysis,
        topic_of: &[usize],
        n_topics: usize,
        duplicate_of: &[Option<usize>],
        params: &CompareParams,
    ) -> Comparison {
        let topics =
            (!topic_of.is_empty()).then(|| TopicOf::new(topic_of.to_vec(), n_topics).unwrap());
        super::run(
            a,
            topics.as_ref(),
            &dup_of(a, duplicate_of),
            None,
            &params.clone().check().unwrap(),
        )
        .unwrap()
    }

    /// A `DuplicateOf` from `duplicate_of[i] = Some(representative)`.
    pub(crate) fn dup_of(a: &Analysis, duplicate_of: &[Option<usize>]) -> DuplicateOf {
        let n = a.docs.len();
        let mut clusters: std::collections::BTreeMap<usize, Vec<DocIdx>> = Default::default();
        for (i, r) in duplicate_of.iter().enumerate() {
            if let Some(r) = r {
                clusters
                    .entry(*r)
                    .or_insert_with(|| vec![DocIdx::of(*r)])
                    .push(DocIdx::of(i));
            }
        }
        let clusters: Vec<crate::dups::Cluster> = clusters
            .into_iter()
            .map(|(r, members)| crate::dups::Cluster {
                representative: DocIdx::of(r),
                members,
            })
            .collect();
        DuplicateOf::from_clusters(&clusters, n).unwrap()
    }

    /// Documents from `(source, date, text)`; an empty source or date is
    /// left unset.
    pub(crate) fn corpus(docs: &[(&str, &str, String)]) -> Analysis {
        let documents = docs
            .iter()
            .enumerate()
            .map(|(i, (source, date, text))| {
                let mut meta = Meta::default();
                meta.set("source", source);
                meta.set("date", date);
                Document {
                    meta,
                    ..Document::new(format!("d{i:02}"), Format::Text, text.clone())
                }
            })
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

    pub(crate) fn sport(i: usize) -> String {
        let v = ["联赛", "主场", "比赛", "决赛"][i % 4];
        format!("球队在{v}中获胜，教练认为这支球队的足球水平很高，足球是球队的骄傲。")
    }

    pub(crate) fn tech(i: usize) -> String {
        let v = ["手机", "电脑", "服务器", "平板"][i % 4];
        format!("芯片厂商发布新处理器，{v}使用这款芯片，处理器和芯片的性能提升。")
    }

    /// Twelve sports articles from A and twelve tech articles from B.
    fn two_sources() -> Vec<(&'static str, &'static str, String)> {
        let mut docs = Vec::new();
        for i in 0..12 {
            docs.push(("A", "2022-01-10", sport(i)));
        }
        for i in 0..12 {
            docs.push(("B", "2022-02-10", tech(i)));
        }
        docs
    }

    fn group<'c>(c: &'c Comparison, name: &str) -> &'c Group {
        c.groups
            .iter()
            .find(|g| g.name == name)
            .unwrap_or_else(|| panic!("no group {name}"))
    }

    fn top_terms(g: &Group, k: usize) -> Vec<&str> {
        g.distinctive_terms
            .iter()
            .take(k)
            .map(|t| t.term.as_str())
            .collect()
    }

    #[test]
    fn each_source_has_its_own_words_on_top() {
        let a = corpus(&two_sources());
        let topic_of: Vec<usize> = (0..24).map(|i| usize::from(i >= 12)).collect();
        let c = run(&a, &topic_of, 2, &[], &CompareParams::default());
        assert_eq!(c.by, "source");
        let names: Vec<&str> = c.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        let (ga, gb) = (group(&c, "A"), group(&c, "B"));
        assert!(
            top_terms(ga, 3).contains(&"足球"),
            "{:?}",
            ga.distinctive_terms
        );
        assert!(
            top_terms(gb, 3).contains(&"芯片"),
            "{:?}",
            gb.distinctive_terms
        );
        assert!(ga.distinctive_terms.iter().all(|t| t.term != "芯片"));
        assert_eq!(ga.topic_share, [1.0, 0.0]);
        assert_eq!(gb.topic_share, [0.0, 1.0]);
        assert!(ga.warning.is_none());
        for w in ga.distinctive_terms.windows(2) {
            assert!(w[0].z > w[1].z || (w[0].z == w[1].z && w[0].term < w[1].term));
        }
    }

    #[test]
    fn pairwise_is_symmetric() {
        let mut docs = two_sources();
        docs.push(("C", "", "今天天气很好，适合出门散步。".to_string()));
        let a = corpus(&docs);
        let params = CompareParams {
            groups: Some(("A".into(), "B".into())),
            ..CompareParams::default()
        };
        let c = run(&a, &[], 0, &[], &params);
        let p = c.pairwise.as_ref().expect("pairwise");
        assert_eq!((p.a.name.as_str(), p.b.name.as_str()), ("A", "B"));
        assert!(top_terms(&p.a, 3).contains(&"足球"));
        assert!(top_terms(&p.b, 3).contains(&"芯片"));
        // z flips sign with the direction: no term stands out on both sides.
        for t in &p.a.distinctive_terms {
            assert!(p.b.distinctive_terms.iter().all(|u| u.term != t.term));
        }

        let missing = CompareParams {
            groups: Some(("A".into(), "Z".into())),
            ..CompareParams::default()
        };
        let c = run(&a, &[], 0, &[], &missing);
        assert!(c.pairwise.is_none());
        assert!(
            c.notes
                .iter()
                .any(|n| n.to_string().contains("no group named Z"))
        );
    }

    #[test]
    fn topic_shares_sum_to_one() {
        let a = corpus(&two_sources());
        let topic_of: Vec<usize> = (0..24).map(|i| i % 3).collect();
        let c = run(&a, &topic_of, 3, &[], &CompareParams::default());
        for g in &c.groups {
            let sum: f64 = g.topic_share.iter().sum();
            assert!((sum - 1.0).abs() < 1e-3, "{} sums to {sum}", g.name);
            assert_eq!(g.topic_share.len(), 3);
            assert_eq!(g.topic_docs.iter().sum::<usize>(), g.docs, "{}", g.name);
            for (share, n) in g.topic_share.iter().zip(&g.topic_docs) {
                assert_eq!(*share, crate::round4(*n as f64 / g.docs as f64));
            }
        }
        for p in &c.over_time {
            let sum: f64 = p.topic_share.iter().sum();
            assert!((sum - 1.0).abs() < 1e-3, "{} sums to {sum}", p.period);
            assert_eq!(p.topic_docs.iter().sum::<usize>(), p.docs, "{}", p.period);
        }
    }

    #[test]
    fn a_reprint_counts_once() {
        let football = |c: &Comparison| {
            group(c, "A")
                .distinctive_terms
                .iter()
                .find(|t| t.term == "足球")
                .map(|t| t.count)
        };
        let alone = run(
            &corpus(&two_sources()),
            &[],
            0,
            &[],
            &CompareParams::default(),
        );
        let mut docs = two_sources();
        // d24 reprints d00 in the same source; d25 reprints d12 elsewhere.
        docs.push(("A", "2022-01-11", sport(0)));
        docs.push(("C", "2022-02-11", tech(0)));
        let a = corpus(&docs);
        let mut duplicate_of = vec![None; docs.len()];
        duplicate_of[24] = Some(0);
        duplicate_of[25] = Some(12);
        let topic_of: Vec<usize> = (0..docs.len())
            .map(|i| usize::from((12..24).contains(&i) || i == 25))
            .collect();
        let c = run(&a, &topic_of, 2, &duplicate_of, &CompareParams::default());
        let ga = group(&c, "A");
        assert_eq!((ga.docs, ga.docs_before_dedup), (12, 13));
        assert!(football(&c).is_some());
        assert_eq!(football(&c), football(&alone));
        // The reprint in another source counts there: its representative is
        // not in that group.
        let gc = group(&c, "C");
        assert_eq!((gc.docs, gc.docs_before_dedup), (1, 1));
        assert!(
            gc.warning
                .as_ref()
                .is_some_and(|w| w.to_string().starts_with("only 1 document:"))
        );
        assert_eq!(c.settings.documents_after_dedup, 24);
        let jan = c.over_time.iter().find(|p| p.period == "2022-01");
        assert_eq!(jan.map(|p| p.docs), Some(12));
        assert!(
            c.notes
                .iter()
                .any(|n| n.to_string().contains("2 near-duplicates"))
        );
    }

    #[test]
    fn documents_without_the_field_form_the_none_group() {
        let mut docs = two_sources();
        docs.push(("", "", tech(3)));
        let a = corpus(&docs);
        let c = run(&a, &[], 0, &[], &CompareParams::default());
        let names: Vec<&str> = c.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, [NONE_GROUP, "A", "B"]);
        assert!(
            c.notes
                .iter()
                .any(|n| n.to_string().contains("1 document without `source`"))
        );
        assert!(
            c.notes
                .iter()
                .any(|n| n.to_string().contains("left out of over_time"))
        );
        assert!(c.groups.iter().all(|g| g.topic_share.is_empty()));

        let none = run(
            &corpus(&two_sources()),
            &[],
            0,
            &[],
            &CompareParams::default(),
        );
        assert!(none.groups.iter().all(|g| g.name != NONE_GROUP));
    }

    #[test]
    fn small_corpora_and_empty_ones_are_noted() {
        let a = corpus(&two_sources()[10..14]);
        let c = run(&a, &[], 0, &[], &CompareParams::default());
        assert!(c.groups.iter().all(|g| g.warning.is_some()));
        assert!(
            c.notes
                .iter()
                .any(|n| n.to_string().starts_with("only 4 documents in all"))
        );
        assert!(
            c.notes
                .iter()
                .any(|n| n.to_string().starts_with("all 2 groups"))
        );

        let empty = run(&Analysis::default(), &[], 0, &[], &CompareParams::default());
        assert!(empty.groups.is_empty() && empty.over_time.is_empty());
        assert_eq!(empty.notes.len(), 1);
    }

    #[test]
    fn json_is_the_same_every_time() {
        let a = corpus(&two_sources());
        let topic_of: Vec<usize> = (0..24).map(|i| i % 2).collect();
        let params = CompareParams {
            groups: Some(("A".into(), "B".into())),
            ..CompareParams::default()
        };
        let once = serde_json::to_string(&run(&a, &topic_of, 2, &[], &params));
        let again = serde_json::to_string(&run(&a, &topic_of, 2, &[], &params));
        assert_eq!(once.ok(), again.ok());
    }
}
