//! Which documents count once: near-duplicate clusters as a map from each
//! document to the one that stands for it.
//!
//! Takes near-duplicate [`Cluster`]s and gives a [`DuplicateOf`], the one
//! reading of "count each reprint once" that `topics` and `compare` share.

use super::Cluster;
use crate::analyze::{Analysis, DocIdx, LengthMismatch};

/// For each document of an analysis, the document that stands for it: its
/// cluster's representative when it is another member of a near-duplicate
/// cluster, else itself. Representatives stand for themselves, so one step
/// always reaches the representative (no chains, no cycles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateOf {
    rep: Vec<DocIdx>,
}

/// Clusters that make no [`DuplicateOf`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DuplicateOfError {
    #[error("document {0} of a cluster is out of range ({1} documents)")]
    OutOfRange(u32, usize),
    #[error("document {0} is in two clusters")]
    TwoClusters(u32),
    #[error("document {0} represents a cluster it is not a member of")]
    RepresentativeNotAMember(u32),
}

impl DuplicateOf {
    /// Every document of `n` stands for itself: nothing is a duplicate.
    pub fn none(n: usize) -> DuplicateOf {
        DuplicateOf {
            rep: (0..n).map(DocIdx::of).collect(),
        }
    }

    /// The map of `clusters` over `n` documents. Clusters must be disjoint,
    /// within range and hold their representative, as [`super::run`] and
    /// [`super::clusters`] give them; then every representative stands for
    /// itself and one step reaches it.
    pub fn from_clusters(clusters: &[Cluster], n: usize) -> Result<DuplicateOf, DuplicateOfError> {
        let mut taken = vec![false; n];
        for cluster in clusters {
            let rep = cluster.representative;
            for &member in cluster.members.iter().chain([&rep]) {
                if member.get() >= n {
                    return Err(DuplicateOfError::OutOfRange(member.0, n));
                }
            }
            if !cluster.members.contains(&rep) {
                return Err(DuplicateOfError::RepresentativeNotAMember(rep.0));
            }
            for &member in &cluster.members {
                if std::mem::replace(&mut taken[member.get()], true) {
                    return Err(DuplicateOfError::TwoClusters(member.0));
                }
            }
        }
        Ok(DuplicateOf::from_found(clusters, n))
    }

    /// The map of clusters this crate found over `n` documents (disjoint,
    /// in range and holding their representatives by construction); what
    /// [`DuplicateOf::from_clusters`] gives once it has checked that.
    pub(crate) fn from_found(clusters: &[Cluster], n: usize) -> DuplicateOf {
        let mut out = DuplicateOf::none(n);
        for cluster in clusters {
            for &member in &cluster.members {
                out.rep[member.get()] = cluster.representative;
            }
        }
        out
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.rep.len()
    }

    /// True for a map over no documents.
    pub fn is_empty(&self) -> bool {
        self.rep.is_empty()
    }

    /// The document that stands for `i` (`i` itself unless it is a
    /// near-duplicate of another).
    pub fn representative(&self, i: DocIdx) -> DocIdx {
        self.rep[i.get()]
    }

    /// `Some(representative)` when `i` is another member's near-duplicate.
    pub fn of(&self, i: DocIdx) -> Option<DocIdx> {
        let r = self.rep[i.get()];
        (r != i).then_some(r)
    }

    /// Each document's representative, by position.
    pub fn as_slice(&self) -> &[DocIdx] {
        &self.rep
    }

    /// An error unless the map is over `analysis`'s documents.
    pub fn fits(&self, analysis: &Analysis) -> Result<(), LengthMismatch> {
        LengthMismatch::check("duplicate_of", self.rep.len(), analysis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(rep: u32, members: &[u32]) -> Cluster {
        Cluster {
            representative: DocIdx(rep),
            members: members.iter().map(|&i| DocIdx(i)).collect(),
        }
    }

    #[test]
    fn members_map_to_their_representative_in_one_step() {
        let d =
            DuplicateOf::from_clusters(&[cluster(2, &[0, 2, 4]), cluster(1, &[1, 3])], 6).unwrap();
        let reps: Vec<u32> = d.as_slice().iter().map(|r| r.0).collect();
        assert_eq!(reps, vec![2, 1, 2, 1, 2, 5]);
        assert_eq!(d.of(DocIdx(0)), Some(DocIdx(2)));
        assert_eq!(d.of(DocIdx(2)), None);
        assert_eq!(d.of(DocIdx(5)), None);
    }

    #[test]
    fn clusters_out_of_range_or_overlapping_are_errors() {
        assert_eq!(
            DuplicateOf::from_clusters(&[cluster(0, &[0, 9])], 3),
            Err(DuplicateOfError::OutOfRange(9, 3))
        );
        assert_eq!(
            DuplicateOf::from_clusters(&[cluster(0, &[0, 1]), cluster(2, &[1, 2])], 3),
            Err(DuplicateOfError::TwoClusters(1))
        );
        // A representative outside its cluster, and a member of another:
        // 1 would stand for 0, which stands for 2, a chain.
        assert_eq!(
            DuplicateOf::from_clusters(&[cluster(0, &[1, 3]), cluster(2, &[0, 2])], 4),
            Err(DuplicateOfError::RepresentativeNotAMember(0))
        );
    }
}
