//! Compare: how groups of documents differ in what they write about.
//!
//! Takes an [`Analysis`], each document's topic ([`TopicOf`], from the
//! topics stage; none without topics), the near-duplicate structure
//! ([`DuplicateOf`]: the document that stands for each) and checked
//! [`CompareParams`]; gives a [`Comparison`], one serde value:
//!
//! - a [`Group`] per value of the metadata field `by` (`source`, `author`,
//!   `categories`, any JSONL or front-matter field, `date:year`,
//!   `date:month`). A document with several values (categories, tags) is in
//!   each of their groups; documents without the field form the group
//!   `(none)`, which exists only when such documents do. Each group gives
//!   its documents before and after collapsing near-duplicates, the share of
//!   each topic among them, and its distinctive terms against the rest of
//!   the corpus by the log-odds ratio with an informative Dirichlet prior
//!   ([`fightin`]);
//! - with `groups: Some((a, b))`, the same for `a` against `b` alone, both
//!   ways ([`Pairwise`]);
//! - topic shares per month or year when documents have dates
//!   ([`over_time`]);
//! - a warning on every group smaller than `min_group_docs`, and `notes` on
//!   the corpus as a whole.
//!
//! Near-duplicates count once: within a set of documents (a group, the rest
//! of the corpus, a period) a cluster is counted through its representative
//! when the representative is in the set, else through its earliest member
//! there. Term counts are the documents' term tokens
//! ([`Analyzed::term_words`](crate::analyze::Analyzed::term_words)) from
//! those documents only. Floats are rounded to 4 decimals and every list has
//! a fixed order, so the same input gives byte-identical JSON.

pub mod fightin;
pub mod over_time;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analyze::{Analysis, LengthMismatch};
use crate::dups::DuplicateOf;
use crate::params::{Checked, ParamGuard};
use crate::round4;
use crate::topics::TopicOf;
use fightin::{Prior, Side, log_odds};
pub use over_time::Period;

/// The name of the group of documents without the field.
pub const NONE_GROUP: &str = "(none)";

/// Settings of the compare stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareParams {
    /// The metadata field whose values make the groups (default `source`).
    pub by: String,
    /// Two groups to compare with each other alone (default none).
    pub groups: Option<(String, String)>,
    /// Distinctive terms given per group (default 20).
    pub top_terms: usize,
    /// Groups with fewer documents, after collapsing near-duplicates, are
    /// marked unreliable (default 10).
    pub min_group_docs: usize,
    /// `α_0`, the pseudo-counts the Dirichlet prior adds in all, shared out
    /// by each term's share of the corpus (default 500). Larger values pull
    /// small groups' rates further toward the corpus rate.
    pub prior_scale: f64,
}

impl Default for CompareParams {
    fn default() -> Self {
        CompareParams {
            by: "source".into(),
            groups: None,
            top_terms: 20,
            min_group_docs: 10,
            prior_scale: 500.0,
        }
    }
}

/// Bad compare settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompareParamsError {
    #[error("the field to group by is empty")]
    EmptyField,
    #[error("a group name to compare is empty")]
    EmptyGroup,
    #[error("a group cannot be compared with itself (`{0}`)")]
    SameGroup(String),
    #[error("top_terms must be at least 1")]
    TopTerms,
    #[error("prior_scale must be a positive number, not {0}")]
    PriorScale(f64),
}

impl ParamGuard for CompareParams {
    type Error = CompareParamsError;

    fn validate(&self) -> Result<(), CompareParamsError> {
        if self.by.trim().is_empty() {
            return Err(CompareParamsError::EmptyField);
        }
        if let Some((a, b)) = &self.groups {
            if a.is_empty() || b.is_empty() {
                return Err(CompareParamsError::EmptyGroup);
            }
            if a == b {
                return Err(CompareParamsError::SameGroup(a.clone()));
            }
        }
        if self.top_terms == 0 {
            return Err(CompareParamsError::TopTerms);
        }
        if !(self.prior_scale.is_finite() && self.prior_scale > 0.0) {
            return Err(CompareParamsError::PriorScale(self.prior_scale));
        }
        Ok(())
    }
}

/// What compare finds, as written to JSON:
///
/// ```text
/// {"by": "source",
///  "groups": [{"name", "docs", "docs_before_dedup", "topic_share": [..],
///              "distinctive_terms": [{"term", "z", "count"}],
///              "warning" (only on small groups)}],
///  "pairwise": {"a": Group, "b": Group}   (only when asked),
///  "over_time": [{"period", "docs", "topic_share": [..]}],
///  "notes": ["..."],
///  "settings": {...}}
/// ```
///
/// Groups are sorted by name, periods by period, distinctive terms by `z`
/// descending then term. `topic_share[t]` is the share of topic `t` among
/// the group's documents after collapsing near-duplicates (it sums to 1 up
/// to rounding; it is empty when no topics were given). Distinctive terms
/// are the terms the group uses that have a positive `z` against the rest
/// of the corpus (against the other group in `pairwise`); `count` is how
/// often the group uses them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub by: String,
    pub groups: Vec<Group>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairwise: Option<Pairwise>,
    pub over_time: Vec<Period>,
    /// Caveats about the corpus as a whole.
    pub notes: Vec<String>,
    pub settings: CompareSettings,
}

/// One group of documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub name: String,
    /// Documents, near-duplicates counted once.
    pub docs: usize,
    /// Documents with the value.
    pub docs_before_dedup: usize,
    pub topic_share: Vec<f64>,
    pub distinctive_terms: Vec<DistinctiveTerm>,
    /// Set when the group is smaller than `min_group_docs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// A term a group uses more than what it is compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistinctiveTerm {
    pub term: String,
    pub z: f64,
    /// Occurrences in the group.
    pub count: u64,
}

/// Two groups compared with each other alone: `a`'s distinctive terms are
/// against `b`, and `b`'s against `a`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pairwise {
    pub a: Group,
    pub b: Group,
}

/// The settings as applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareSettings {
    pub top_terms: usize,
    pub min_group_docs: usize,
    pub prior_scale: f64,
    /// Number of topics the shares are over.
    pub topics: usize,
    /// Documents read.
    pub documents: usize,
    /// Documents after collapsing near-duplicates.
    pub documents_after_dedup: usize,
    /// `date:month` or `date:year`: what `over_time` is by (null when no
    /// document has a date).
    pub over_time_by: Option<&'static str>,
}

/// Compares the groups of documents that share a value of `params.by`.
///
/// Pairwise groups that do not exist give a note and no `pairwise`. Fails
/// only when `topic_of` or `duplicate_of` is not over `analysis`'s
/// documents.
pub fn run(
    analysis: &Analysis,
    topic_of: Option<&TopicOf>,
    duplicate_of: &DuplicateOf,
    params: &Checked<CompareParams>,
) -> Result<Comparison, LengthMismatch> {
    duplicate_of.fits(analysis)?;
    if let Some(t) = topic_of {
        t.fits(analysis)?;
    }
    let params: &CompareParams = params;
    let n = analysis.docs.len();
    let ctx = Context::new(analysis, topic_of, duplicate_of, params);
    let members = group_members(analysis, &params.by);
    let groups: Vec<Group> = members
        .par_iter()
        .map(|(name, docs)| ctx.against_rest(name, docs))
        .collect();

    let mut notes = Vec::new();
    let pairwise =
        params
            .groups
            .as_ref()
            .and_then(|(a, b)| match (members.get(a), members.get(b)) {
                (Some(docs_a), Some(docs_b)) => Some(ctx.pairwise((a, docs_a), (b, docs_b))),
                _ => {
                    let missing: Vec<&str> = [a, b]
                        .into_iter()
                        .filter(|g| !members.contains_key(*g))
                        .map(String::as_str)
                        .collect();
                    notes.push(format!(
                        "no group named {} by `{}`: no pairwise comparison",
                        missing.join(" or "),
                        params.by
                    ));
                    None
                }
            });

    let over = over_time::over_time(analysis, &ctx.root, ctx.topic_of, ctx.n_topics);
    notes.extend(corpus_notes(&ctx, &groups, &members, &over, n));

    Ok(Comparison {
        by: params.by.clone(),
        groups,
        pairwise,
        over_time: over.periods,
        notes,
        settings: CompareSettings {
            top_terms: params.top_terms,
            min_group_docs: params.min_group_docs,
            prior_scale: params.prior_scale,
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
) -> Result<Option<(String, String)>, LengthMismatch> {
    duplicate_of.fits(analysis)?;
    let root = roots(duplicate_of);
    let members = group_members(analysis, by);
    let mut named: Vec<(usize, &String)> = members
        .iter()
        .filter(|(name, _)| name.as_str() != NONE_GROUP)
        .map(|(name, members)| (count_once(members, &root).len(), name))
        .collect();
    named.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    Ok(match named[..] {
        [(_, a), (_, b), ..] => Some((a.clone(), b.clone())),
        _ => None,
    })
}

/// Each document's representative, by position.
fn roots(duplicate_of: &DuplicateOf) -> Vec<usize> {
    duplicate_of.as_slice().iter().map(|r| r.get()).collect()
}

/// The documents of each value of `field`, in corpus order, by value; the
/// documents without it under [`NONE_GROUP`].
fn group_members(analysis: &Analysis, field: &str) -> BTreeMap<String, Vec<usize>> {
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in analysis.docs.iter().enumerate() {
        let values: BTreeSet<String> = d.doc.meta.values(field).into_iter().collect();
        if values.is_empty() {
            members.entry(NONE_GROUP.to_string()).or_default().push(i);
        }
        for v in values {
            members.entry(v).or_default().push(i);
        }
    }
    members
}

/// The documents of `members` (ascending) that count once each cluster: its
/// representative when present, else its earliest member there. Ascending.
pub(crate) fn count_once(members: &[usize], root: &[usize]) -> Vec<usize> {
    let mut chosen: FxHashMap<usize, usize> = FxHashMap::default();
    for &i in members {
        let r = root[i];
        let slot = chosen.entry(r).or_insert(i);
        if i == r {
            *slot = i;
        }
    }
    let mut out: Vec<usize> = chosen.into_values().collect();
    out.sort_unstable();
    out
}

/// The share of each topic among `docs`, rounded; empty without topics.
pub(crate) fn topic_share(docs: &[usize], topic_of: &[usize], n_topics: usize) -> Vec<f64> {
    if topic_of.is_empty() || n_topics == 0 {
        return Vec::new();
    }
    let mut counts = vec![0usize; n_topics];
    for &i in docs {
        if let Some(c) = topic_of.get(i).and_then(|&t| counts.get_mut(t)) {
            *c += 1;
        }
    }
    let total: usize = counts.iter().sum();
    counts
        .iter()
        .map(|&c| {
            if total == 0 {
                0.0
            } else {
                round4(c as f64 / total as f64)
            }
        })
        .collect()
}

/// Every document's term counts, by term index.
struct TermTable<'a> {
    vocab: Vec<&'a str>,
    docs: Vec<Vec<(u32, u32)>>,
}

impl<'a> TermTable<'a> {
    fn new(analysis: &'a Analysis) -> TermTable<'a> {
        let per_doc: Vec<Vec<(&'a str, u32)>> = analysis
            .docs
            .par_iter()
            .map(|d| {
                let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
                for w in d.term_words() {
                    *counts.entry(w).or_default() += 1;
                }
                let mut counts: Vec<(&str, u32)> = counts.into_iter().collect();
                counts.sort_unstable();
                counts
            })
            .collect();
        let mut index: FxHashMap<&'a str, u32> = FxHashMap::default();
        let mut vocab = Vec::new();
        let docs = per_doc
            .into_iter()
            .map(|counts| {
                counts
                    .into_iter()
                    .map(|(w, c)| {
                        let id = *index.entry(w).or_insert_with(|| {
                            vocab.push(w);
                            (vocab.len() - 1) as u32
                        });
                        (id, c)
                    })
                    .collect()
            })
            .collect();
        TermTable { vocab, docs }
    }
}

/// Term counts of a set of documents.
#[derive(Debug, Default)]
struct Bag {
    counts: FxHashMap<u32, u64>,
    total: u64,
}

impl Bag {
    fn of(docs: &[usize], table: &TermTable) -> Bag {
        let mut bag = Bag::default();
        for &i in docs {
            for &(w, c) in &table.docs[i] {
                *bag.counts.entry(w).or_default() += u64::from(c);
                bag.total += u64::from(c);
            }
        }
        bag
    }

    fn get(&self, w: u32) -> u64 {
        self.counts.get(&w).copied().unwrap_or(0)
    }
}

/// The rest of the corpus for one group: the corpus counts changed where
/// the group took a cluster's counted document.
struct Rest<'c> {
    corpus: &'c [u64],
    delta: FxHashMap<u32, i64>,
    total: u64,
    docs: usize,
}

impl Rest<'_> {
    fn get(&self, w: u32) -> u64 {
        let c = self.corpus[w as usize] as i64 + self.delta.get(&w).copied().unwrap_or(0);
        c.max(0) as u64
    }
}

/// What every group's statistics are computed from.
struct Context<'a> {
    table: TermTable<'a>,
    /// The document that stands for each document's cluster (itself when
    /// it has none).
    root: Vec<usize>,
    /// Each cluster's documents, representative first, by representative.
    cluster_of: FxHashMap<usize, Vec<usize>>,
    /// Term counts of the corpus, each cluster counted through its
    /// representative.
    corpus_counts: Vec<u64>,
    corpus_total: u64,
    corpus_docs: usize,
    prior: Prior,
    /// Empty when no usable topics were given.
    topic_of: &'a [usize],
    n_topics: usize,
    params: &'a CompareParams,
}

impl<'a> Context<'a> {
    fn new(
        analysis: &'a Analysis,
        topic_of: Option<&'a TopicOf>,
        duplicate_of: &DuplicateOf,
        params: &'a CompareParams,
    ) -> Context<'a> {
        let n = analysis.docs.len();
        let root = roots(duplicate_of);
        let mut cluster_of: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for (i, &r) in root.iter().enumerate() {
            if r != i {
                cluster_of.entry(r).or_insert_with(|| vec![r]).push(i);
            }
        }
        let n_topics = topic_of.map_or(0, TopicOf::n_topics);
        let topic_of = match topic_of {
            Some(t) if n_topics > 0 => t.as_slice(),
            _ => &[],
        };

        let table = TermTable::new(analysis);
        let corpus_docs: Vec<usize> = (0..n).filter(|&i| root[i] == i).collect();
        let corpus = Bag::of(&corpus_docs, &table);
        let mut corpus_counts = vec![0u64; table.vocab.len()];
        for (&w, &c) in &corpus.counts {
            corpus_counts[w as usize] = c;
        }
        let prior = Prior::from_counts(&corpus_counts, params.prior_scale);
        Context {
            table,
            root,
            cluster_of,
            corpus_counts,
            corpus_total: corpus.total,
            corpus_docs: corpus_docs.len(),
            prior,
            topic_of,
            n_topics,
            params,
        }
    }
}

impl Context<'_> {
    /// A group against every document outside it.
    fn against_rest(&self, name: &str, members: &[usize]) -> Group {
        let counted = count_once(members, &self.root);
        let own = Bag::of(&counted, &self.table);
        let rest = self.rest(members);
        let terms = if rest.docs == 0 {
            Vec::new()
        } else {
            self.distinctive(&own, |w| rest.get(w), rest.total)
        };
        self.group(name, members, &counted, terms)
    }

    /// Two groups against each other.
    fn pairwise(&self, a: (&str, &[usize]), b: (&str, &[usize])) -> Pairwise {
        let counted_a = count_once(a.1, &self.root);
        let counted_b = count_once(b.1, &self.root);
        let bag_a = Bag::of(&counted_a, &self.table);
        let bag_b = Bag::of(&counted_b, &self.table);
        let terms_a = self.distinctive(&bag_a, |w| bag_b.get(w), bag_b.total);
        let terms_b = self.distinctive(&bag_b, |w| bag_a.get(w), bag_a.total);
        Pairwise {
            a: self.group(a.0, a.1, &counted_a, terms_a),
            b: self.group(b.0, b.1, &counted_b, terms_b),
        }
    }

    fn group(
        &self,
        name: &str,
        members: &[usize],
        counted: &[usize],
        distinctive_terms: Vec<DistinctiveTerm>,
    ) -> Group {
        let docs = counted.len();
        let warning = (docs < self.params.min_group_docs).then(|| {
            format!(
                "only {}: its shares and z-scores are not reliable",
                documents(docs)
            )
        });
        Group {
            name: name.to_string(),
            docs,
            docs_before_dedup: members.len(),
            topic_share: topic_share(counted, self.topic_of, self.n_topics),
            distinctive_terms,
            warning,
        }
    }

    /// The documents outside `members` (ascending), each cluster once.
    ///
    /// The corpus counts each cluster through its representative. A cluster
    /// whose representative is in the group is counted in the rest through
    /// its earliest member outside the group, or not at all.
    fn rest(&self, members: &[usize]) -> Rest<'_> {
        let mut delta: FxHashMap<u32, i64> = FxHashMap::default();
        let mut total = self.corpus_total as i64;
        let mut docs = self.corpus_docs;
        let mut add = |doc: usize, sign: i64| {
            for &(w, c) in &self.table.docs[doc] {
                *delta.entry(w).or_default() += sign * i64::from(c);
                total += sign * i64::from(c);
            }
        };
        for &r in members.iter().filter(|&&i| self.root[i] == i) {
            add(r, -1);
            docs -= 1;
            let outside = self
                .cluster_of
                .get(&r)
                .and_then(|all| all.iter().find(|i| members.binary_search(i).is_err()));
            if let Some(&o) = outside {
                add(o, 1);
                docs += 1;
            }
        }
        Rest {
            corpus: &self.corpus_counts,
            delta,
            total: total.max(0) as u64,
            docs,
        }
    }

    /// The terms of `own` with a positive z against the other side, top
    /// first.
    fn distinctive(
        &self,
        own: &Bag,
        other: impl Fn(u32) -> u64,
        other_total: u64,
    ) -> Vec<DistinctiveTerm> {
        if own.total == 0 || other_total == 0 {
            return Vec::new();
        }
        let mut scored: Vec<(f64, &str, u64)> = own
            .counts
            .iter()
            .filter_map(|(&w, &y)| {
                let lo = log_odds(
                    Side {
                        count: y as f64,
                        total: own.total as f64,
                    },
                    Side {
                        count: other(w) as f64,
                        total: other_total as f64,
                    },
                    self.prior.alpha(w as usize),
                    self.prior.total(),
                );
                let z = round4(lo.z);
                (z.is_finite() && z > 0.0).then_some((z, self.table.vocab[w as usize], y))
            })
            .collect();
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.truncate(self.params.top_terms);
        scored
            .into_iter()
            .map(|(z, term, count)| DistinctiveTerm {
                term: term.to_string(),
                z,
                count,
            })
            .collect()
    }
}

/// `1 document`, `2 documents`.
pub fn documents(n: usize) -> String {
    if n == 1 {
        "1 document".to_string()
    } else {
        format!("{n} documents")
    }
}

/// Caveats about the corpus as a whole.
fn corpus_notes(
    ctx: &Context,
    groups: &[Group],
    members: &BTreeMap<String, Vec<usize>>,
    over: &over_time::OverTime,
    n: usize,
) -> Vec<String> {
    let params = ctx.params;
    let min = params.min_group_docs;
    let mut notes = Vec::new();
    if n == 0 {
        notes.push("the corpus is empty: there is nothing to compare".to_string());
        return notes;
    }
    if ctx.corpus_docs < 2 * min {
        notes.push(format!(
            "only {} in all, fewer than two groups of {min}: no comparison here is reliable",
            documents(ctx.corpus_docs)
        ));
    }
    let small = groups.iter().filter(|g| g.warning.is_some()).count();
    if small > 0 && small == groups.len() {
        notes.push(format!(
            "all {small} groups have fewer than {min} documents: their shares and z-scores are not reliable"
        ));
    } else if small > 0 {
        notes.push(format!(
            "{small} of {} groups have fewer than {min} documents; each says so in its warning",
            groups.len()
        ));
    }
    if groups.len() == 1 {
        notes.push(format!(
            "every document is in the one group by `{}`: there is nothing to compare it with",
            params.by
        ));
    }
    if let Some(none) = members.get(NONE_GROUP) {
        notes.push(format!(
            "the group \"{NONE_GROUP}\" holds the {} without `{}`",
            documents(none.len()),
            params.by
        ));
    }
    let collapsed = n - ctx.corpus_docs;
    if collapsed > 0 {
        notes.push(format!(
            "{collapsed} near-duplicates are counted once with their cluster"
        ));
    }
    if ctx.n_topics == 0 {
        notes.push("no topics were given: topic shares are empty".to_string());
    }
    match over.field {
        None => notes.push("no document has a date: over_time is empty".to_string()),
        Some(_) if over.undated > 0 => notes.push(format!(
            "{} without a date are left out of over_time",
            documents(over.undated)
        )),
        Some(_) => {}
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Document, Format, Meta};
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
            &params.clone().check().unwrap(),
        )
        .unwrap()
    }

    /// A `DuplicateOf` from `duplicate_of[i] = Some(representative)`.
    fn dup_of(a: &Analysis, duplicate_of: &[Option<usize>]) -> DuplicateOf {
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
    fn corpus(docs: &[(&str, &str, String)]) -> Analysis {
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

    fn sport(i: usize) -> String {
        let v = ["联赛", "主场", "比赛", "决赛"][i % 4];
        format!("球队在{v}中获胜，教练认为这支球队的足球水平很高，足球是球队的骄傲。")
    }

    fn tech(i: usize) -> String {
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
    fn params_are_checked() {
        assert_eq!(CompareParams::default().validate(), Ok(()));
        let bad = |f: fn(&mut CompareParams)| {
            let mut p = CompareParams::default();
            f(&mut p);
            p.validate()
        };
        assert_eq!(
            bad(|p| p.by = " ".into()),
            Err(CompareParamsError::EmptyField)
        );
        assert_eq!(
            bad(|p| p.groups = Some(("A".into(), "A".into()))),
            Err(CompareParamsError::SameGroup("A".into()))
        );
        assert_eq!(bad(|p| p.top_terms = 0), Err(CompareParamsError::TopTerms));
        assert!(matches!(
            bad(|p| p.prior_scale = f64::NAN),
            Err(CompareParamsError::PriorScale(_))
        ));
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
        assert!(c.notes.iter().any(|n| n.contains("no group named Z")));
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
        }
        for p in &c.over_time {
            let sum: f64 = p.topic_share.iter().sum();
            assert!((sum - 1.0).abs() < 1e-3, "{} sums to {sum}", p.period);
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
                .as_deref()
                .is_some_and(|w| w.starts_with("only 1 document:"))
        );
        assert_eq!(c.settings.documents_after_dedup, 24);
        let jan = c.over_time.iter().find(|p| p.period == "2022-01");
        assert_eq!(jan.map(|p| p.docs), Some(12));
        assert!(c.notes.iter().any(|n| n.contains("2 near-duplicates")));
    }

    #[test]
    fn the_rest_counts_a_cluster_through_a_member_outside_the_group() {
        // d0 (A) is reprinted as d1 (B) and d3 (C); d2 (B) stands alone.
        let docs = vec![
            ("A", "", sport(0)),
            ("B", "", sport(0)),
            ("B", "", tech(1)),
            ("C", "", sport(0)),
        ];
        let a = corpus(&docs);
        let params = CompareParams::default();
        let duplicate_of = [None, Some(0), None, Some(0)];
        let ctx = Context::new(&a, None, &dup_of(&a, &duplicate_of), &params);
        let same = |members: &[usize], expected: &[usize]| {
            let rest = ctx.rest(members);
            let bag = Bag::of(expected, &ctx.table);
            assert_eq!(rest.docs, expected.len(), "rest of {members:?}");
            assert_eq!(rest.total, bag.total, "rest of {members:?}");
            for w in 0..ctx.table.vocab.len() as u32 {
                assert_eq!(rest.get(w), bag.get(w), "rest of {members:?}");
            }
        };
        // Outside A the cluster is counted through d1, its earliest member
        // there; outside B and C through the representative d0.
        same(&[0], &[1, 2]);
        same(&[1, 2], &[0]);
        same(&[3], &[0, 2]);
        same(&[0, 1, 3], &[2]);
        same(&[0, 1, 2, 3], &[]);
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
                .any(|n| n.contains("1 document without `source`"))
        );
        assert!(c.notes.iter().any(|n| n.contains("left out of over_time")));
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
                .any(|n| n.starts_with("only 4 documents in all"))
        );
        assert!(c.notes.iter().any(|n| n.starts_with("all 2 groups")));

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
