//! Refinement of a clustering in the full term space.
//!
//! LSA keeps the `dims` strongest directions of the corpus, and k-means on
//! them finds the broad split; documents near a border (an education story
//! about a company, an entertainment story about an app) are decided by
//! what those few directions happen to hold. Refinement starts from that
//! clustering and lets every term speak again: [`spherical_kmeans`] on the
//! unit TF-IDF vectors (Dhillon & Modha 2001), the standard k-means of
//! document clustering. Each round sets every centroid to the normalised sum
//! of its members and moves a document only to a strictly more similar
//! centroid, so the objective `Σ_d cos(d, centroid(d)) = Σ_c ‖Σ_{d∈c} d‖`
//! never falls and the loop ends.
//!
//! Sums are taken in row order and assignment is per row, so the result
//! repeats exactly.

use rayon::prelude::*;

use crate::tfidf::SparseVec;

/// A clustering after refinement.
#[derive(Debug, Clone, PartialEq)]
pub struct Refined {
    /// Cluster of each row, in `0..k`; a cluster may end empty.
    pub labels: Vec<usize>,
    /// The objective after each round, the starting clustering's first.
    pub objective: Vec<f64>,
}

/// Spherical k-means on unit sparse rows over `n_terms` terms, from the
/// clustering `init` (labels in `0..k`), for at most `max_iter` rounds.
///
/// A cluster that empties keeps its last centroid, so it can win documents
/// back only by being strictly more similar.
pub fn spherical_kmeans(
    rows: &[&SparseVec],
    n_terms: usize,
    k: usize,
    init: &[usize],
    max_iter: usize,
) -> Refined {
    assert_eq!(rows.len(), init.len(), "one label per row");
    assert!(init.iter().all(|&c| c < k), "labels must be below k = {k}");
    let mut labels = init.to_vec();
    let mut centroids = vec![0f64; k * n_terms];
    let mut objective = Vec::new();
    for _ in 0..=max_iter {
        let sums = cluster_sums(rows, n_terms, k, &labels);
        let norms: Vec<f64> = sums
            .chunks(n_terms.max(1))
            .map(|s| s.iter().map(|v| v * v).sum::<f64>().sqrt())
            .collect();
        objective.push(norms.iter().sum());
        if objective.len() > max_iter {
            break;
        }
        for (c, &norm) in norms.iter().enumerate() {
            if norm > 0.0 {
                let (dst, src) = (c * n_terms, &sums[c * n_terms..(c + 1) * n_terms]);
                for (d, s) in centroids[dst..dst + n_terms].iter_mut().zip(src) {
                    *d = s / norm;
                }
            }
        }
        let next: Vec<usize> = rows
            .par_iter()
            .zip(&labels)
            .map(|(row, &now)| {
                let sim = |c: usize| {
                    let base = c * n_terms;
                    row.indices
                        .iter()
                        .zip(&row.values)
                        .map(|(&j, &v)| v as f64 * centroids[base + j as usize])
                        .sum::<f64>()
                };
                let mut best = (now, sim(now));
                for c in 0..k {
                    let s = sim(c);
                    if s > best.1 {
                        best = (c, s);
                    }
                }
                best.0
            })
            .collect();
        if next == labels {
            break;
        }
        labels = next;
    }
    Refined { labels, objective }
}

/// `k × n_terms`, row-major: the sum of each cluster's rows.
fn cluster_sums(rows: &[&SparseVec], n_terms: usize, k: usize, labels: &[usize]) -> Vec<f64> {
    let mut sums = vec![0f64; k * n_terms];
    for (row, &c) in rows.iter().zip(labels) {
        let base = c * n_terms;
        for (&j, &v) in row.indices.iter().zip(&row.values) {
            sums[base + j as usize] += v as f64;
        }
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// `per` unit rows for each of `groups` planted term blocks of width
    /// `width`, with `noise` shared terms sprinkled in.
    fn planted(groups: usize, per: usize, width: usize, seed: u64) -> (Vec<SparseVec>, usize) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let shared = 10;
        let n_terms = groups * width + shared;
        let mut rows = Vec::new();
        for i in 0..groups * per {
            let g = i % groups;
            let mut entries: Vec<(u32, f32)> = Vec::new();
            for j in 0..width {
                if rng.gen_bool(0.6) {
                    entries.push(((g * width + j) as u32, rng.gen_range(0.5..1.5)));
                }
            }
            for j in 0..shared {
                if rng.gen_bool(0.3) {
                    entries.push(((groups * width + j) as u32, rng.gen_range(0.5..1.5)));
                }
            }
            let norm = entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
            rows.push(SparseVec {
                indices: entries.iter().map(|e| e.0).collect(),
                values: entries.iter().map(|e| e.1 / norm).collect(),
            });
        }
        (rows, n_terms)
    }

    #[test]
    fn never_lowers_the_objective_and_repairs_a_bad_start() {
        let (rows, n_terms) = planted(3, 40, 12, 7);
        let refs: Vec<&SparseVec> = rows.iter().collect();
        // A poor start: a third of each group in the next group's cluster.
        let init: Vec<usize> = (0..rows.len())
            .map(|i| if (i / 3) % 3 == 0 { (i + 1) % 3 } else { i % 3 })
            .collect();
        let r = spherical_kmeans(&refs, n_terms, 3, &init, 50);
        assert!(r.objective.len() >= 2);
        for w in r.objective.windows(2) {
            assert!(w[1] >= w[0] - 1e-9, "objective fell: {:?}", r.objective);
        }
        assert!(r.objective.last() > r.objective.first());
        // Planted groups recovered (up to the cluster numbering).
        for i in 0..rows.len() {
            assert_eq!(r.labels[i], r.labels[i % 3], "row {i}");
        }
        let mut seen = r.labels[..3].to_vec();
        seen.sort_unstable();
        assert_eq!(seen, vec![0, 1, 2]);
    }

    #[test]
    fn a_fixed_point_stays_and_repeats() {
        let (rows, n_terms) = planted(2, 20, 8, 3);
        let refs: Vec<&SparseVec> = rows.iter().collect();
        let truth: Vec<usize> = (0..rows.len()).map(|i| i % 2).collect();
        let r = spherical_kmeans(&refs, n_terms, 2, &truth, 10);
        assert_eq!(r.labels, truth);
        assert_eq!(r, spherical_kmeans(&refs, n_terms, 2, &truth, 10));
        let none = spherical_kmeans(&refs, n_terms, 2, &truth, 0);
        assert_eq!(none.labels, truth);
        assert_eq!(none.objective.len(), 1);
    }
}
