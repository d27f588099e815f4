//! k-means on the dense LSA vectors.
//!
//! Takes an `n × d` matrix of row vectors, `k`, a number of starts and a
//! seed, and gives a [`Clustering`]: a cluster per row, the centroids and
//! the inertia (sum of squared distances) of the best start. Two engines:
//!
//! - [`KMeansAlgo::Linfa`]: linfa-clustering's `KMeans` (k-means++, `n_runs`
//!   starts, seeded). Its update counts the old centroid as one more point
//!   (m_k-means), so it converges a little differently from scikit-learn.
//! - [`KMeansAlgo::Lloyd`]: plain Lloyd iterations with k-means++ seeding,
//!   the textbook algorithm scikit-learn runs; an empty cluster is re-seeded
//!   with the point farthest from its centroid.
//!
//! Both repeat exactly with the same seed: assignment runs in parallel but
//! every sum is taken in row order.

use linfa::DatasetBase;
use linfa::prelude::*;
use linfa_clustering::KMeans;
use ndarray::parallel::prelude::*;
use ndarray::{Array1, Array2, ArrayView2, Axis};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// Which k-means implementation to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KMeansAlgo {
    Linfa,
    Lloyd,
}

/// The best of several k-means starts.
#[derive(Debug, Clone)]
pub struct Clustering {
    /// Cluster of each row, in `0..k`; a cluster may be empty.
    pub labels: Vec<usize>,
    /// `k × d`.
    pub centroids: Array2<f64>,
    /// Sum of squared distances to the assigned centroids.
    pub inertia: f64,
}

/// Iteration cap of one start.
const MAX_ITER: usize = 300;
/// Stop when no centroid moves more than this (squared, summed).
const TOLERANCE: f64 = 1e-8;

/// Clusters the rows of `x` into `k` groups, best of `n_runs` starts.
///
/// `k` must be between 1 and the number of rows; `n_runs` at least 1.
pub fn kmeans(
    x: ArrayView2<f64>,
    k: usize,
    n_runs: usize,
    seed: u64,
    algo: KMeansAlgo,
) -> Clustering {
    assert!(k >= 1 && k <= x.nrows(), "k = {k} for {} rows", x.nrows());
    let n_runs = n_runs.max(1);
    match algo {
        KMeansAlgo::Linfa => linfa_kmeans(x, k, n_runs, seed),
        KMeansAlgo::Lloyd => {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut best: Option<Clustering> = None;
            for _ in 0..n_runs {
                let run = lloyd(x, k, &mut rng);
                if best.as_ref().is_none_or(|b| run.inertia < b.inertia) {
                    best = Some(run);
                }
            }
            best.expect("at least one run")
        }
    }
}

fn linfa_kmeans(x: ArrayView2<f64>, k: usize, n_runs: usize, seed: u64) -> Clustering {
    let rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let data = DatasetBase::from(x.to_owned());
    let fitted = KMeans::params_with_rng(k, rng)
        .n_runs(n_runs)
        .max_n_iterations(MAX_ITER as u64)
        .tolerance(1e-4)
        .fit(&data);
    match fitted {
        Ok(model) => {
            let centroids = model.centroids().clone();
            let labels: Array1<usize> = model.predict(&x);
            let labels = labels.to_vec();
            let inertia = inertia(x, &centroids, &labels);
            Clustering {
                labels,
                centroids,
                inertia,
            }
        }
        // linfa fails only on degenerate input (non-finite inertia); the
        // textbook algorithm handles whatever is left.
        Err(_) => {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            lloyd(x, k, &mut rng)
        }
    }
}

/// One start: k-means++ seeding, then Lloyd iterations.
fn lloyd(x: ArrayView2<f64>, k: usize, rng: &mut impl Rng) -> Clustering {
    let mut centroids = kmeans_plus_plus(x, k, rng);
    let mut labels = vec![0usize; x.nrows()];
    let mut dists = vec![0f64; x.nrows()];
    for _ in 0..MAX_ITER {
        assign(x, &centroids, &mut labels, &mut dists);
        let mut next = Array2::<f64>::zeros(centroids.raw_dim());
        let mut counts = vec![0usize; k];
        for (row, &c) in x.rows().into_iter().zip(&labels) {
            next.row_mut(c).scaled_add(1.0, &row);
            counts[c] += 1;
        }
        for (mut centroid, &count) in next.rows_mut().into_iter().zip(&counts) {
            if count > 0 {
                centroid.mapv_inplace(|v| v / count as f64);
            } else {
                // Re-seed an empty cluster with the worst-fitted point.
                let far = argmax(&dists);
                centroid.assign(&x.row(far));
                dists[far] = 0.0;
            }
        }
        let shift: f64 = (&next - &centroids).mapv(|v| v * v).sum();
        centroids = next;
        if shift <= TOLERANCE {
            break;
        }
    }
    assign(x, &centroids, &mut labels, &mut dists);
    Clustering {
        labels,
        centroids,
        inertia: dists.iter().sum(),
    }
}

/// k-means++ seeding (Arthur & Vassilvitskii 2007) with scikit-learn's
/// greedy variant: `2 + ln k` candidates per step, the one that lowers the
/// potential most wins.
fn kmeans_plus_plus(x: ArrayView2<f64>, k: usize, rng: &mut impl Rng) -> Array2<f64> {
    let n = x.nrows();
    let trials = 2 + (k as f64).ln().floor() as usize;
    let mut centroids = Array2::zeros((k, x.ncols()));
    let first = rng.gen_range(0..n);
    centroids.row_mut(0).assign(&x.row(first));
    let mut closest: Vec<f64> = x
        .rows()
        .into_iter()
        .map(|r| sq_dist(r, x.row(first)))
        .collect();
    for c in 1..k {
        let total: f64 = closest.iter().sum();
        let mut best: Option<(usize, f64, Vec<f64>)> = None;
        for _ in 0..trials {
            let pick = if total > 0.0 {
                sample_weighted(&closest, total, rng)
            } else {
                rng.gen_range(0..n)
            };
            let cand: Vec<f64> = x
                .axis_iter(Axis(0))
                .into_par_iter()
                .zip(closest.par_iter())
                .map(|(r, &d)| d.min(sq_dist(r, x.row(pick))))
                .collect();
            let potential: f64 = cand.iter().sum();
            if best.as_ref().is_none_or(|b| potential < b.1) {
                best = Some((pick, potential, cand));
            }
        }
        let (pick, _, cand) = best.expect("at least one trial");
        centroids.row_mut(c).assign(&x.row(pick));
        closest = cand;
    }
    centroids
}

fn sample_weighted(weights: &[f64], total: f64, rng: &mut impl Rng) -> usize {
    let mut target = rng.gen_range(0.0..total);
    for (i, &w) in weights.iter().enumerate() {
        if target < w {
            return i;
        }
        target -= w;
    }
    // Rounding left a sliver: the last point with weight.
    weights.iter().rposition(|&w| w > 0.0).unwrap_or(0)
}

/// Nearest centroid of every row, and the squared distance to it.
fn assign(x: ArrayView2<f64>, centroids: &Array2<f64>, labels: &mut [usize], dists: &mut [f64]) {
    x.axis_iter(Axis(0))
        .into_par_iter()
        .zip(labels.par_iter_mut().zip(dists.par_iter_mut()))
        .for_each(|(row, (label, dist))| {
            let (c, d) = nearest(row, centroids);
            *label = c;
            *dist = d;
        });
}

/// The nearest centroid to `row` (lowest index on ties) and its squared
/// distance.
pub(crate) fn nearest(row: ndarray::ArrayView1<f64>, centroids: &Array2<f64>) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for (c, centroid) in centroids.rows().into_iter().enumerate() {
        let d = sq_dist(row, centroid);
        if d < best.1 {
            best = (c, d);
        }
    }
    best
}

pub(crate) fn inertia(x: ArrayView2<f64>, centroids: &Array2<f64>, labels: &[usize]) -> f64 {
    x.rows()
        .into_iter()
        .zip(labels)
        .map(|(r, &c)| sq_dist(r, centroids.row(c)))
        .sum()
}

/// Squared Euclidean distance. Rows of a standard-layout matrix are
/// contiguous: those take the slice path, four lanes summed in a fixed
/// order (so the result is the same on every run and machine) and simple
/// enough for the compiler to vectorise.
fn sq_dist(a: ndarray::ArrayView1<f64>, b: ndarray::ArrayView1<f64>) -> f64 {
    match (a.as_slice(), b.as_slice()) {
        (Some(a), Some(b)) => sq_dist_slices(a, b),
        _ => a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum(),
    }
}

fn sq_dist_slices(a: &[f64], b: &[f64]) -> f64 {
    debug_assert_eq!(a.len(), b.len());
    let mut lanes = [0f64; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| (x - y) * (x - y))
        .sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..4 {
            let d = x[i] - y[i];
            lanes[i] += d * d;
        }
    }
    (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + tail
}

fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn slice_distance_matches_the_plain_sum() {
        let a = Array2::from_shape_fn((3, 7), |(i, j)| (i * 7 + j) as f64 * 0.37 - 2.0);
        for len in 0..=7 {
            let (x, y) = (a.row(0), a.row(2));
            let (x, y) = (x.slice(ndarray::s![..len]), y.slice(ndarray::s![..len]));
            let plain: f64 = x.iter().zip(y.iter()).map(|(p, q)| (p - q) * (p - q)).sum();
            assert!((sq_dist(x, y) - plain).abs() < 1e-9, "len {len}");
        }
        // A strided view (a column) takes the plain path.
        assert!((sq_dist(a.column(0), a.column(1)) - 3.0 * 0.37f64.powi(2)).abs() < 1e-12);
    }

    /// `per` points around each of `centres`, jittered by `spread`.
    pub(crate) fn blobs(centres: &[[f64; 2]], per: usize, spread: f64, seed: u64) -> Array2<f64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut x = Array2::zeros((centres.len() * per, 2));
        for (c, centre) in centres.iter().enumerate() {
            for i in 0..per {
                let mut row = x.row_mut(c * per + i);
                row[0] = centre[0] + rng.gen_range(-spread..spread);
                row[1] = centre[1] + rng.gen_range(-spread..spread);
            }
        }
        x
    }

    fn separates(labels: &[usize], per: usize, groups: usize) -> bool {
        let firsts: Vec<usize> = (0..groups).map(|g| labels[g * per]).collect();
        let mut distinct = firsts.clone();
        distinct.sort_unstable();
        distinct.dedup();
        distinct.len() == groups
            && (0..groups).all(|g| {
                labels[g * per..(g + 1) * per]
                    .iter()
                    .all(|&l| l == firsts[g])
            })
    }

    #[test]
    fn both_engines_separate_planted_clusters() {
        let x = blobs(&[[0.0, 0.0], [5.0, 5.0], [0.0, 8.0]], 30, 1.0, 3);
        for algo in [KMeansAlgo::Linfa, KMeansAlgo::Lloyd] {
            let c = kmeans(x.view(), 3, 4, 42, algo);
            assert!(separates(&c.labels, 30, 3), "{algo:?}: {:?}", c.labels);
            assert_eq!(c.centroids.nrows(), 3);
        }
    }

    #[test]
    fn same_seed_same_result() {
        let x = blobs(
            &[[0.0, 0.0], [3.0, 0.0], [0.0, 3.0], [3.0, 3.0]],
            25,
            2.0,
            9,
        );
        for algo in [KMeansAlgo::Linfa, KMeansAlgo::Lloyd] {
            let a = kmeans(x.view(), 4, 3, 5, algo);
            let b = kmeans(x.view(), 4, 3, 5, algo);
            assert_eq!(a.labels, b.labels);
            assert_eq!(a.inertia, b.inertia);
        }
    }

    #[test]
    fn k_equal_to_n_and_repeated_points() {
        let x = ndarray::arr2(&[[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);
        let c = kmeans(x.view(), 3, 2, 1, KMeansAlgo::Lloyd);
        assert_eq!(c.labels.len(), 3);
        assert!(c.inertia.abs() < 1e-12);
    }
}
