//! Two-dimensional coordinates for plotting documents.
//!
//! Takes the LSA row vectors and gives an `n × 2` matrix: the rows, centred,
//! projected on the top two principal components (eigenvectors of the small
//! `d × d` covariance matrix, by faer). Each axis's sign is fixed so that its
//! largest loading is positive, so the picture does not flip between runs.
//! With fewer than two dimensions the missing axis is 0.

use ndarray::{Array2, ArrayView2, Axis};

use super::svd::{fix_sign, symmetric_eigen};

/// The rows of `x` projected on their top two principal components.
pub fn pca_2d(x: ArrayView2<f64>) -> Array2<f64> {
    let (n, d) = x.dim();
    let mut out = Array2::zeros((n, 2));
    if n == 0 || d == 0 {
        return out;
    }
    let mean = x.mean_axis(Axis(0)).expect("at least one row");
    let centred = &x - &mean;
    let cov = centred.t().dot(&centred) / (n.max(2) - 1) as f64;
    let (_, vectors) = symmetric_eigen(&cov);
    // Eigenvalues ascend: the last columns are the top components.
    for axis in 0..2.min(d) {
        let mut v = vectors.column(d - 1 - axis).to_owned();
        fix_sign(&mut v.view_mut());
        out.column_mut(axis).assign(&centred.dot(&v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_axis_follows_the_largest_spread() {
        // Spread along (1, 1, 0) large, along (0, 0, 1) small.
        let x = ndarray::arr2(&[
            [-2.0, -2.0, 0.1],
            [-1.0, -1.0, -0.1],
            [1.0, 1.0, -0.1],
            [2.0, 2.0, 0.1],
        ]);
        let p = pca_2d(x.view());
        let s2 = 2f64.sqrt();
        let want = [-2.0 * s2, -s2, s2, 2.0 * s2];
        for (got, want) in p.column(0).iter().zip(want) {
            assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
        assert!(p.column(1).iter().all(|v| v.abs() <= 0.1 + 1e-9));
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(pca_2d(Array2::zeros((0, 3)).view()).dim(), (0, 2));
        let one = pca_2d(ndarray::arr2(&[[1.0], [3.0]]).view());
        assert_eq!(one.column(1).to_vec(), vec![0.0, 0.0]);
        assert!((one[[0, 0]].abs() - 1.0).abs() < 1e-12);
    }
}
