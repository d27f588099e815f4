//! Choosing k and clustering: [`choose_k`] reads the k asked for, or the
//! range `Auto` scans, capped by the number of clusterable documents;
//! [`cluster`] gives the final clustering of their LSA vectors (k-means
//! with `n_runs` starts, refined by spherical k-means on their TF-IDF
//! vectors, [`refine`](super::refine)) and the silhouette curve: for `Auto`
//! a scan of seeded samples ([`scan`]) whose curve a [`KRule`](super::KRule) reads, for a
//! fixed k the one point of that k.

use ndarray::{Array2, ArrayView2, Axis};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use super::kmeans::{self, Clustering, kmeans};
use super::note::TopicNote;
use super::params::{KChoice, TopicParams};
use super::refine::spherical_kmeans;
use super::result::{KChosenBy, SilhouettePoint};
use super::silhouette::{Distances, silhouette};
use crate::round4;
use crate::tfidf::SparseVec;

/// How k is decided for a number of clusterable documents.
pub(super) struct Choice {
    /// The k asked for, capped; for `Auto` the top of the range.
    pub k_asked: usize,
    /// The k range `Auto` scans, after caps.
    pub k_range: Option<[usize; 2]>,
    pub by: KChosenBy,
}

/// The k asked for or the range to scan, capped for `nc` clusterable
/// documents: at most `nc − 1` topics, and for `Auto` at most a third of
/// `nc`. Each cap gives a note.
pub(super) fn choose_k(nc: usize, params: &TopicParams, notes: &mut Vec<TopicNote>) -> Choice {
    let max_k = nc.saturating_sub(1).max(1);
    match params.k {
        KChoice::Fixed(k) => {
            if k > max_k {
                notes.push(TopicNote::KAskedCapped {
                    asked: k,
                    documents: nc,
                    max: max_k,
                });
            }
            Choice {
                k_asked: k.min(max_k),
                k_range: None,
                by: KChosenBy::Fixed,
            }
        }
        KChoice::Auto => {
            let hi = params.k_max.min(nc / 3).max(params.k_min).min(max_k);
            let lo = params.k_min.min(hi);
            if hi < params.k_max {
                notes.push(TopicNote::KRangeCapped { hi, documents: nc });
            }
            Choice {
                k_asked: hi,
                k_range: Some([lo, hi]),
                by: KChosenBy::Silhouette,
            }
        }
    }
}

/// The final clustering of the rows of `x` (the clusterable documents'
/// LSA vectors; `rows` their TF-IDF vectors over `n_terms` terms) and the
/// silhouette curve; none and an empty curve without rows.
///
/// With a range to scan from 2 up, the scan clusters each silhouette
/// sample itself with plain LSA k-means and reads its silhouette; only the
/// k the rule picks is clustered on every document, with the full starts
/// and the TF-IDF refinement. Otherwise the k asked is clustered, and
/// scored on silhouette sample 0 when it is at least 2.
pub(super) fn cluster(
    x: ArrayView2<f64>,
    rows: &[&SparseVec],
    n_terms: usize,
    choice: &Choice,
    params: &TopicParams,
) -> (Option<Clustering>, Vec<SilhouettePoint>) {
    if x.nrows() == 0 {
        return (None, Vec::new());
    }
    let cluster = |k: usize| {
        let c = kmeans(x, k, params.n_runs, params.seed, params.algo);
        if params.refine_iters > 0 && k >= 2 {
            refined(c, x, rows, n_terms, params.refine_iters)
        } else {
            c
        }
    };
    match choice.k_range {
        Some([lo, hi]) if lo >= 2 => {
            let curve = scan(x, lo, hi, params);
            let k = params.k_rule.pick(&curve).map_or(lo, |at| curve[at].k);
            (Some(cluster(k)), curve)
        }
        _ => {
            let k = choice.k_asked;
            let c = cluster(k);
            let curve = if k >= 2 {
                vec![score(x, &c, k, params)]
            } else {
                Vec::new()
            };
            (Some(c), curve)
        }
    }
}

/// The silhouette of clustering `c` (k clusters of the rows of `x`) on
/// silhouette sample 0: the one point of a fixed k's curve.
fn score(x: ArrayView2<f64>, c: &Clustering, k: usize, params: &TopicParams) -> SilhouettePoint {
    let sample_rows = silhouette_sample(x.nrows(), params, 0);
    let dist = Distances::new(x.select(Axis(0), &sample_rows).view());
    let labels: Vec<usize> = sample_rows.iter().map(|&r| c.labels[r]).collect();
    SilhouettePoint {
        k,
        score: round4(silhouette(&dist, &labels)),
        se: None,
    }
}

/// Refines an LSA clustering by spherical k-means on the rows' TF-IDF
/// vectors ([`refine`](super::refine)); the centroids become the means of the refined
/// clusters in LSA space (an emptied cluster keeps its old centroid), as
/// representatives and documents without terms are placed by them.
fn refined(
    c: Clustering,
    x: ArrayView2<f64>,
    rows: &[&SparseVec],
    n_terms: usize,
    iters: usize,
) -> Clustering {
    let k = c.centroids.nrows();
    let r = spherical_kmeans(rows, n_terms, k, &c.labels, iters);
    let mut sums = Array2::<f64>::zeros(c.centroids.raw_dim());
    let mut sizes = vec![0usize; k];
    for (row, &l) in x.rows().into_iter().zip(&r.labels) {
        sums.row_mut(l).scaled_add(1.0, &row);
        sizes[l] += 1;
    }
    let mut centroids = c.centroids;
    for (l, &size) in sizes.iter().enumerate() {
        if size > 0 {
            centroids.row_mut(l).assign(&(&sums.row(l) / size as f64));
        }
    }
    let inertia = kmeans::inertia(x, &centroids, &r.labels);
    Clustering {
        labels: r.labels,
        centroids,
        inertia,
    }
}

/// The silhouette curve of `lo..=hi` (capped below the sample size): for
/// each of `silhouette_repeats` seeded samples of the rows of `x`, each k
/// clustered on the sample by plain k-means (`scan_runs` starts, a seed per
/// sample) and scored on it; each point is the mean over the samples with
/// its standard error.
fn scan(x: ArrayView2<f64>, lo: usize, hi: usize, params: &TopicParams) -> Vec<SilhouettePoint> {
    let nc = x.nrows();
    let repeats = params.silhouette_repeats;
    // Every (sample, k) cell is its own seeded task, so the cells run in
    // parallel and still give the same curve on every run.
    let scores: Vec<Vec<f64>> = (0..repeats)
        .into_par_iter()
        .map(|r| {
            let rows = silhouette_sample(nc, params, r);
            let sample_x = x.select(Axis(0), &rows);
            let dist = Distances::new(sample_x.view());
            let seed = params.seed.wrapping_add(r as u64);
            let top = hi.min(rows.len().saturating_sub(1));
            (lo..=top)
                .into_par_iter()
                .map(|k| {
                    let c = kmeans(sample_x.view(), k, params.scan_runs, seed, params.algo);
                    silhouette(&dist, &c.labels)
                })
                .collect()
        })
        .collect();
    let ks = scores.first().map_or(0, Vec::len);
    (0..ks)
        .map(|j| {
            let xs: Vec<f64> = scores.iter().map(|s| s[j]).collect();
            let (mean, se) = mean_se(&xs);
            SilhouettePoint {
                k: lo + j,
                score: round4(mean),
                se: Some(round4(se)),
            }
        })
        .collect()
}

/// Mean and standard error of the mean (0 for fewer than two values).
fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (mean, 0.0);
    }
    let var = xs.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Rows of the clusterable set silhouette sample `r` is computed on: all
/// of them, or a sample seeded by the seed and `r`, in ascending order.
fn silhouette_sample(nc: usize, params: &TopicParams, r: usize) -> Vec<usize> {
    if nc <= params.silhouette_sample {
        return (0..nc).collect();
    }
    let mut rng =
        Xoshiro256PlusPlus::seed_from_u64(params.seed ^ 0x5111_0e77e ^ ((r as u64) << 40));
    let mut rows = sample(&mut rng, nc, params.silhouette_sample).into_vec();
    rows.sort_unstable();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_error_of_the_mean() {
        assert_eq!(mean_se(&[0.5]), (0.5, 0.0));
        let (m, se) = mean_se(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(m, 2.5);
        // sample sd sqrt(5/3), over sqrt(4)
        assert!((se - (5.0f64 / 3.0).sqrt() / 2.0).abs() < 1e-12);
    }
}
