//! Near-duplicate clusters as a per-document map to representatives.

use rustc_hash::FxHashMap;

use super::Cluster;
use crate::analyze::Analysis;

/// For each document of `analysis`, the index of its cluster's
/// representative when it is a non-representative member of a near-duplicate
/// cluster, else `None`. Later stages count such a document once, through its
/// representative.
pub fn duplicate_of(clusters: &[Cluster], analysis: &Analysis) -> Vec<Option<usize>> {
    let index: FxHashMap<&str, usize> = analysis
        .docs
        .iter()
        .enumerate()
        .map(|(i, a)| (a.doc.id.as_str(), i))
        .collect();
    let mut out = vec![None; analysis.docs.len()];
    for cluster in clusters {
        let Some(&rep) = index.get(cluster.representative.as_str()) else {
            continue;
        };
        for member in &cluster.members {
            if let Some(&i) = index.get(member.as_str())
                && i != rep
            {
                out[i] = Some(rep);
            }
        }
    }
    out
}
