//! What every group's statistics are computed from: a [`Context`] holds
//! every document's term counts ([`TermTable`]), the near-duplicate
//! clusters, the corpus counts (each cluster once) and the Dirichlet prior
//! from them; it gives a [`Group`] against the rest of the corpus
//! ([`Context::against_rest`]) or two groups against each other
//! ([`Context::pairwise`]), with their distinctive terms by the log-odds
//! ratio ([`fightin`](super::fightin)), each with example sentences from
//! the group's counted documents ([`Context::examples`]).

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::examples::first_occurrences;
use super::fightin::{Prior, Side, log_odds};
use super::groups::{Members, count_once, roots, topic_docs, topic_share};
use super::note::CompareNote;
use super::params::CompareParams;
use super::result::{DistinctiveTerm, Example, Group, Pairwise};
use crate::analyze::Analysis;
use crate::dups::DuplicateOf;
use crate::round4;
use crate::topics::TopicOf;

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

/// Term counts of a set of documents, each weighed by how much it belongs
/// to the set, and the raw occurrences.
#[derive(Debug, Default)]
struct Bag {
    /// Weighted count and occurrences of each term.
    counts: FxHashMap<u32, (f64, u64)>,
    total: f64,
}

impl Bag {
    fn of(docs: &[usize], weight: impl Fn(usize) -> f64, table: &TermTable) -> Bag {
        let mut bag = Bag::default();
        for &i in docs {
            let w = weight(i);
            for &(t, c) in &table.docs[i] {
                let e = bag.counts.entry(t).or_default();
                e.0 += w * f64::from(c);
                e.1 += u64::from(c);
                bag.total += w * f64::from(c);
            }
        }
        bag
    }

    fn get(&self, w: u32) -> f64 {
        self.counts.get(&w).map_or(0.0, |c| c.0)
    }
}

/// The rest of the corpus for one group: the corpus counts changed where
/// the group took (a share of) a cluster's counted document.
struct Rest<'c> {
    corpus: &'c [u64],
    delta: FxHashMap<u32, f64>,
    total: f64,
    /// Documents, in weight.
    docs: f64,
}

impl Rest<'_> {
    fn get(&self, w: u32) -> f64 {
        let c = self.corpus[w as usize] as f64 + self.delta.get(&w).copied().unwrap_or(0.0);
        c.max(0.0)
    }
}

/// What every group's statistics are computed from.
pub(super) struct Context<'a> {
    analysis: &'a Analysis,
    table: TermTable<'a>,
    /// The document that stands for each document's cluster (itself when
    /// it has none).
    pub(super) root: Vec<usize>,
    /// Each cluster's documents, representative first, by representative.
    cluster_of: FxHashMap<usize, Vec<usize>>,
    /// Term counts of the corpus, each cluster counted through its
    /// representative.
    corpus_counts: Vec<u64>,
    corpus_total: f64,
    pub(super) corpus_docs: usize,
    prior: Prior,
    /// Empty when no usable topics were given.
    pub(super) topic_of: &'a [usize],
    pub(super) n_topics: usize,
    pub(super) params: &'a CompareParams,
}

impl<'a> Context<'a> {
    pub(super) fn new(
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
        let corpus = Bag::of(&corpus_docs, |_| 1.0, &table);
        let mut corpus_counts = vec![0u64; table.vocab.len()];
        for (&w, &(_, c)) in &corpus.counts {
            corpus_counts[w as usize] = c;
        }
        let prior = Prior::from_counts(&corpus_counts, params.prior_scale);
        Context {
            analysis,
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
    pub(super) fn against_rest(&self, name: &str, members: &Members) -> Group {
        let counted = count_once(&members.docs, &self.root);
        let own = Bag::of(&counted, |i| members.weight(i), &self.table);
        let rest = self.rest(members);
        let terms = if rest.docs <= 0.0 {
            Vec::new()
        } else {
            self.distinctive(&own, |w| rest.get(w), rest.total)
        };
        let terms = self.with_examples(&counted, terms);
        self.group(name, members, &counted, terms)
    }

    /// Two groups against each other.
    pub(super) fn pairwise(&self, a: (&str, &Members), b: (&str, &Members)) -> Pairwise {
        let counted_a = count_once(&a.1.docs, &self.root);
        let counted_b = count_once(&b.1.docs, &self.root);
        let bag_a = Bag::of(&counted_a, |i| a.1.weight(i), &self.table);
        let bag_b = Bag::of(&counted_b, |i| b.1.weight(i), &self.table);
        let terms_a = self.distinctive(&bag_a, |w| bag_b.get(w), bag_b.total);
        let terms_b = self.distinctive(&bag_b, |w| bag_a.get(w), bag_a.total);
        let terms_a = self.with_examples(&counted_a, terms_a);
        let terms_b = self.with_examples(&counted_b, terms_b);
        Pairwise {
            a: self.group(a.0, a.1, &counted_a, terms_a),
            b: self.group(b.0, b.1, &counted_b, terms_b),
        }
    }

    fn group(
        &self,
        name: &str,
        members: &Members,
        counted: &[usize],
        distinctive_terms: Vec<DistinctiveTerm>,
    ) -> Group {
        let docs = counted.len();
        let warning = (docs < self.params.min_group_docs)
            .then_some(CompareNote::SmallGroup { documents: docs });
        let weight = |i| members.weight(i);
        Group {
            name: name.to_string(),
            docs,
            docs_before_dedup: members.docs.len(),
            weighted_docs: members
                .weighted()
                .then(|| round4(counted.iter().map(|&i| weight(i)).sum())),
            topic_share: topic_share(counted, weight, self.topic_of, self.n_topics),
            topic_docs: topic_docs(counted, self.topic_of, self.n_topics),
            distinctive_terms,
            over_time: Vec::new(),
            warning,
        }
    }

    /// The documents outside `members`, each cluster once, each weighed by
    /// how much it is outside (1 minus its weight in the group).
    ///
    /// The corpus counts each cluster through its representative. A cluster
    /// whose representative is in the group with weight `w` keeps `1 - w`
    /// of it in the rest and takes `w` of its earliest member outside the
    /// group, if any.
    fn rest(&self, members: &Members) -> Rest<'_> {
        let mut delta: FxHashMap<u32, f64> = FxHashMap::default();
        let mut total = self.corpus_total;
        let mut docs = self.corpus_docs as f64;
        let mut add = |doc: usize, w: f64| {
            for &(t, c) in &self.table.docs[doc] {
                *delta.entry(t).or_default() += w * f64::from(c);
                total += w * f64::from(c);
            }
        };
        for &r in members.docs.iter().filter(|&&i| self.root[i] == i) {
            let w = members.weight(r);
            add(r, -w);
            docs -= w;
            let outside = self
                .cluster_of
                .get(&r)
                .and_then(|all| all.iter().find(|i| members.docs.binary_search(i).is_err()));
            if let Some(&o) = outside {
                add(o, w);
                docs += w;
            }
        }
        Rest {
            corpus: &self.corpus_counts,
            delta,
            total: total.max(0.0),
            docs,
        }
    }

    /// The terms of `own` with a positive z against the other side, top
    /// first, by term index, without examples yet.
    fn distinctive(
        &self,
        own: &Bag,
        other: impl Fn(u32) -> f64,
        other_total: f64,
    ) -> Vec<(u32, DistinctiveTerm)> {
        if own.total <= 0.0 || other_total <= 0.0 {
            return Vec::new();
        }
        let mut scored: Vec<(f64, &str, u64, u32)> = own
            .counts
            .iter()
            .filter_map(|(&w, &(y, occurrences))| {
                let lo = log_odds(
                    Side {
                        count: y,
                        total: own.total,
                    },
                    Side {
                        count: other(w),
                        total: other_total,
                    },
                    self.prior.alpha(w as usize),
                    self.prior.total(),
                );
                let z = round4(lo.z);
                (z.is_finite() && z > 0.0).then_some((
                    z,
                    self.table.vocab[w as usize],
                    occurrences,
                    w,
                ))
            })
            .collect();
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.truncate(self.params.top_terms);
        scored
            .into_iter()
            .map(|(z, term, count, w)| {
                let term = DistinctiveTerm {
                    term: term.to_string(),
                    z,
                    count,
                    examples: Vec::new(),
                };
                (w, term)
            })
            .collect()
    }

    /// `terms` (by term index) with their examples from `counted`, a
    /// group's documents with near-duplicates counted once.
    fn with_examples(
        &self,
        counted: &[usize],
        terms: Vec<(u32, DistinctiveTerm)>,
    ) -> Vec<DistinctiveTerm> {
        let ids: Vec<u32> = terms.iter().map(|t| t.0).collect();
        let mut examples = self.examples(counted, &ids).into_iter();
        terms
            .into_iter()
            .map(|(_, mut t)| {
                t.examples = examples.next().unwrap_or_default();
                t
            })
            .collect()
    }

    /// Up to `params.examples` example sentences for each of `terms` (term
    /// indices), each from a different document of `counted`: the
    /// documents that use the term most first (from the term table, ties
    /// in corpus order), the first occurrence in each. Only the chosen
    /// documents' tokens and sentences are read.
    pub(super) fn examples(&self, counted: &[usize], terms: &[u32]) -> Vec<Vec<Example>> {
        let k = self.params.examples;
        let mut out: Vec<Vec<(usize, Example)>> = vec![Vec::new(); terms.len()];
        if k == 0 || terms.is_empty() {
            return vec![Vec::new(); terms.len()];
        }
        let slot: FxHashMap<u32, usize> = terms.iter().enumerate().map(|(j, &w)| (w, j)).collect();
        // (occurrences, document) of every term in every counted document.
        let mut found: Vec<Vec<(u32, usize)>> = vec![Vec::new(); terms.len()];
        for &i in counted {
            for &(w, c) in &self.table.docs[i] {
                if let Some(&j) = slot.get(&w) {
                    found[j].push((c, i));
                }
            }
        }
        // Document -> (term slot, rank among the term's documents).
        let mut wanted: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for (j, docs) in found.iter_mut().enumerate() {
            docs.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for (rank, &(_, i)) in docs.iter().take(k).enumerate() {
                wanted.entry(i).or_default().push((j, rank));
            }
        }
        for (i, chosen) in wanted {
            let words: Vec<&str> = chosen
                .iter()
                .map(|&(j, _)| self.table.vocab[terms[j] as usize])
                .collect();
            let examples = first_occurrences(&self.analysis.docs[i], &words);
            for ((j, rank), example) in chosen.into_iter().zip(examples) {
                if let Some(e) = example {
                    out[j].push((rank, e));
                }
            }
        }
        out.into_iter()
            .map(|mut v| {
                v.sort_unstable_by_key(|e| e.0);
                v.into_iter().map(|e| e.1).collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::run::tests::{corpus, dup_of, sport, tech};

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
            let rest = ctx.rest(&Members::of(members, &[]));
            let bag = Bag::of(expected, |_| 1.0, &ctx.table);
            assert_eq!(rest.docs, expected.len() as f64, "rest of {members:?}");
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
    fn a_document_in_a_group_by_half_leaves_half_in_the_rest() {
        let docs = vec![("A", "", sport(0)), ("B", "", tech(1))];
        let a = corpus(&docs);
        let params = CompareParams::default();
        let ctx = Context::new(&a, None, &dup_of(&a, &[None, None]), &params);
        let half = Members::of(&[0], &[0.5]);
        let rest = ctx.rest(&half);
        let own = Bag::of(&[0], |i| half.weight(i), &ctx.table);
        let d0 = Bag::of(&[0], |_| 1.0, &ctx.table);
        let d1 = Bag::of(&[1], |_| 1.0, &ctx.table);
        assert_eq!(rest.docs, 1.5);
        assert!((own.total - d0.total / 2.0).abs() < 1e-9);
        assert!((rest.total - (d0.total / 2.0 + d1.total)).abs() < 1e-9);
        for w in 0..ctx.table.vocab.len() as u32 {
            assert!((rest.get(w) - (d0.get(w) / 2.0 + d1.get(w))).abs() < 1e-9);
            assert!((own.get(w) + rest.get(w) - d0.get(w) - d1.get(w)).abs() < 1e-9);
        }
        // Occurrences stay raw counts.
        assert_eq!(
            own.counts.values().map(|c| c.1).sum::<u64>() as f64,
            d0.total
        );
    }
}
