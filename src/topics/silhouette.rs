//! Silhouette scores, to choose k.
//!
//! Takes row vectors (the normalised LSA vectors of a sample of documents)
//! and a clustering of them, and gives the mean silhouette coefficient
//! (Rousseeuw 1987) with Euclidean distance: for each point,
//! `(b − a) / max(a, b)` where `a` is its mean distance to its own cluster
//! and `b` the lowest mean distance to another cluster; a point alone in its
//! cluster scores 0, as in scikit-learn. On unit vectors Euclidean distance
//! is `sqrt(2 − 2 cos)`, so the ranking follows cosine.
//!
//! The pairwise distances are computed once ([`Distances`]) and reused for
//! every k.

use ndarray::parallel::prelude::*;
use ndarray::{Array2, ArrayView2, Axis};

/// Pairwise Euclidean distances of a set of points.
#[derive(Debug, Clone)]
pub struct Distances(Array2<f64>);

impl Distances {
    pub fn new(x: ArrayView2<f64>) -> Distances {
        let gram = x.dot(&x.t());
        let n = x.nrows();
        let mut d = Array2::zeros((n, n));
        d.axis_iter_mut(Axis(0))
            .into_par_iter()
            .enumerate()
            .for_each(|(i, mut row)| {
                for j in 0..n {
                    let sq = gram[[i, i]] + gram[[j, j]] - 2.0 * gram[[i, j]];
                    row[j] = if i == j { 0.0 } else { sq.max(0.0).sqrt() };
                }
            });
        Distances(d)
    }

    pub fn len(&self) -> usize {
        self.0.nrows()
    }

    pub fn is_empty(&self) -> bool {
        self.0.nrows() == 0
    }
}

/// Mean silhouette of `labels` (one per point, in `0..k`); 0 when there are
/// fewer than two non-empty clusters.
pub fn silhouette(dist: &Distances, labels: &[usize]) -> f64 {
    let n = dist.len();
    assert_eq!(labels.len(), n, "one label per point");
    let k = labels.iter().max().map_or(0, |m| m + 1);
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    if sizes.iter().filter(|&&s| s > 0).count() < 2 {
        return 0.0;
    }
    let scores: Vec<f64> = (0..n)
        .into_par_iter()
        .map(|i| {
            let own = labels[i];
            if sizes[own] <= 1 {
                return 0.0;
            }
            let mut sums = vec![0.0; k];
            for (j, &l) in labels.iter().enumerate() {
                sums[l] += dist.0[[i, j]];
            }
            let a = sums[own] / (sizes[own] - 1) as f64;
            let b = (0..k)
                .filter(|&c| c != own && sizes[c] > 0)
                .map(|c| sums[c] / sizes[c] as f64)
                .fold(f64::INFINITY, f64::min);
            let m = a.max(b);
            if m > 0.0 { (b - a) / m } else { 0.0 }
        })
        .collect();
    scores.iter().sum::<f64>() / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::kmeans::tests::blobs;
    use crate::topics::kmeans::{KMeansAlgo, kmeans};

    #[test]
    fn hand_computed_two_clusters() {
        // Points on a line: 0, 1 | 10. Point 0: a = 1, b = 10 -> 0.9.
        // Point 1: a = 1, b = 9 -> 8/9. Point 10 alone -> 0.
        let x = ndarray::arr2(&[[0.0], [1.0], [10.0]]);
        let d = Distances::new(x.view());
        let s = silhouette(&d, &[0, 0, 1]);
        assert!((s - (0.9 + 8.0 / 9.0) / 3.0).abs() < 1e-12);
        assert_eq!(silhouette(&d, &[0, 0, 0]), 0.0);
    }

    #[test]
    fn picks_three_for_three_planted_clusters() {
        let x = blobs(&[[0.0, 0.0], [6.0, 0.0], [3.0, 6.0]], 40, 1.2, 11);
        let d = Distances::new(x.view());
        let scores: Vec<(usize, f64)> = (2..=6)
            .map(|k| {
                let c = kmeans(x.view(), k, 5, 42, KMeansAlgo::Lloyd);
                (k, silhouette(&d, &c.labels))
            })
            .collect();
        let best = scores
            .iter()
            .copied()
            .fold((0, f64::MIN), |b, s| if s.1 > b.1 { s } else { b });
        assert_eq!(best.0, 3, "{scores:?}");
    }
}
