//! The groups compare compares and how a set of documents is counted:
//! [`group_members`] puts each document under every value of the field it
//! has (or [`NONE_GROUP`]); [`count_once`] keeps one document of each
//! near-duplicate cluster in a set; [`topic_share`] is the share of each
//! topic among a set's documents.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::analyze::Analysis;
use crate::dups::DuplicateOf;
use crate::round4;

/// The name of the group of documents without the field.
pub const NONE_GROUP: &str = "(none)";

/// Each document's representative, by position.
pub(super) fn roots(duplicate_of: &DuplicateOf) -> Vec<usize> {
    duplicate_of.as_slice().iter().map(|r| r.get()).collect()
}

/// The documents of each value of `field`, in corpus order, by value; the
/// documents without it under [`NONE_GROUP`].
pub(super) fn group_members(analysis: &Analysis, field: &str) -> BTreeMap<String, Vec<usize>> {
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
pub(super) fn count_once(members: &[usize], root: &[usize]) -> Vec<usize> {
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
pub(super) fn topic_share(docs: &[usize], topic_of: &[usize], n_topics: usize) -> Vec<f64> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_counts_once_through_its_representative_or_earliest_member() {
        // Documents 1 and 3 are near-duplicates of 0.
        let root = [0, 0, 2, 0, 4];
        assert_eq!(count_once(&[0, 1, 2, 3], &root), [0, 2]);
        assert_eq!(count_once(&[1, 3, 4], &root), [1, 4]);
        assert_eq!(count_once(&[3], &root), [3]);
        assert!(count_once(&[], &root).is_empty());
    }

    #[test]
    fn topic_shares_are_over_the_documents_given() {
        let topic_of = [0, 1, 1, 2];
        assert_eq!(topic_share(&[0, 1, 2], &topic_of, 3), [0.3333, 0.6667, 0.0]);
        assert_eq!(topic_share(&[], &topic_of, 3), [0.0, 0.0, 0.0]);
        assert!(topic_share(&[0, 1], &[], 0).is_empty());
    }
}
