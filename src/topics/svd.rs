//! Randomized truncated SVD of a sparse matrix (Halko, Martinsson & Tropp
//! 2011), the "latent" step of LSA.
//!
//! Takes a [`Csr`] matrix (documents × terms, built from TF-IDF
//! [`SparseVec`]s) and gives a [`TruncatedSvd`]: the top singular values and
//! the right singular vectors (terms × dims), so any TF-IDF row is projected
//! into the latent space by [`TruncatedSvd::project`] (`x · V`, which equals
//! `U Σ` on the fitted rows, as scikit-learn's `TruncatedSVD` gives).
//!
//! The sparse × dense products are our own and run row-parallel with rayon
//! (each output row is summed in a fixed order, so results repeat). Only the
//! document side is orthonormalised (faer's thin QR of an `n × l` matrix);
//! the term side, which has a much larger dimension, is never factorised:
//! the small `l × l` Gram matrix `B Bᵀ` of `B = Qᵀ A` is eigen-decomposed
//! instead, which gives `σ²` and the left vectors of `B`.

use faer::Mat;
use faer::linalg::solvers::SelfAdjointEigen;
use ndarray::parallel::prelude::*;
use ndarray::{Array2, ArrayView2, Axis};
use rand::Rng;

use crate::tfidf::SparseVec;

/// A sparse matrix in compressed sparse row form.
#[derive(Debug, Clone, Default)]
pub struct Csr {
    pub n_rows: usize,
    pub n_cols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
}

impl Csr {
    /// One row per sparse vector; `n_cols` must exceed every index.
    pub fn from_rows<'a>(rows: impl IntoIterator<Item = &'a SparseVec>, n_cols: usize) -> Csr {
        let mut m = Csr {
            n_cols,
            indptr: vec![0],
            ..Csr::default()
        };
        for row in rows {
            debug_assert!(row.indices.iter().all(|&j| (j as usize) < n_cols));
            m.indices.extend_from_slice(&row.indices);
            m.values.extend(row.values.iter().map(|&v| v as f64));
            m.indptr.push(m.indices.len());
        }
        m.n_rows = m.indptr.len() - 1;
        m
    }

    /// The transpose, also in CSR form (column indices stay ascending).
    pub fn transpose(&self) -> Csr {
        let mut counts = vec![0usize; self.n_cols + 1];
        for &j in &self.indices {
            counts[j as usize + 1] += 1;
        }
        for j in 0..self.n_cols {
            counts[j + 1] += counts[j];
        }
        let indptr = counts.clone();
        let mut next = counts;
        let mut indices = vec![0u32; self.indices.len()];
        let mut values = vec![0f64; self.values.len()];
        for i in 0..self.n_rows {
            for p in self.indptr[i]..self.indptr[i + 1] {
                let j = self.indices[p] as usize;
                indices[next[j]] = i as u32;
                values[next[j]] = self.values[p];
                next[j] += 1;
            }
        }
        Csr {
            n_rows: self.n_cols,
            n_cols: self.n_rows,
            indptr,
            indices,
            values,
        }
    }

    /// `self · x` for a dense `x` of `n_cols` rows.
    pub fn mul_dense(&self, x: ArrayView2<f64>) -> Array2<f64> {
        assert_eq!(x.nrows(), self.n_cols, "shape mismatch in sparse product");
        let mut out = Array2::zeros((self.n_rows, x.ncols()));
        out.axis_iter_mut(Axis(0))
            .into_par_iter()
            .enumerate()
            .for_each(|(i, mut row)| {
                for p in self.indptr[i]..self.indptr[i + 1] {
                    row.scaled_add(self.values[p], &x.row(self.indices[p] as usize));
                }
            });
        out
    }
}

/// The result of a truncated SVD.
#[derive(Debug, Clone)]
pub struct TruncatedSvd {
    /// Singular values, largest first.
    pub singular_values: Vec<f64>,
    /// Right singular vectors as columns: `n_cols × dims`.
    pub components: Array2<f64>,
}

impl TruncatedSvd {
    /// Projects rows into the latent space: `rows · V`.
    pub fn project(&self, rows: &Csr) -> Array2<f64> {
        rows.mul_dense(self.components.view())
    }
}

/// Extra random directions beyond `dims` (Halko et al. suggest 5–10).
const OVERSAMPLE: usize = 10;

/// The top `dims` singular triplets of `a`, approximately, with
/// `power_iters` rounds of subspace iteration.
///
/// `dims` is cut to `min(n_rows, n_cols)`; an empty matrix gives no
/// components. The sign of each component is fixed so that its largest
/// entry is positive, so the same input gives the same output.
pub fn randomized_svd(
    a: &Csr,
    dims: usize,
    power_iters: usize,
    rng: &mut impl Rng,
) -> TruncatedSvd {
    let rank_cap = a.n_rows.min(a.n_cols);
    let dims = dims.min(rank_cap);
    if dims == 0 {
        return TruncatedSvd {
            singular_values: Vec::new(),
            components: Array2::zeros((a.n_cols, 0)),
        };
    }
    let l = (dims + OVERSAMPLE).min(rank_cap);
    let omega = Array2::from_shape_simple_fn((a.n_cols, l), || gaussian(rng));
    let at = a.transpose();
    let mut q = orthonormalize(&a.mul_dense(omega.view()));
    for _ in 0..power_iters {
        let z = at.mul_dense(q.view());
        q = orthonormalize(&a.mul_dense(z.view()));
    }
    // B = Qᵀ A, held as its transpose Z = Aᵀ Q (n_cols × l).
    let z = at.mul_dense(q.view());
    let gram = z.t().dot(&z);
    let (eigvals, eigvecs) = symmetric_eigen(&gram);
    // Largest first.
    let order: Vec<usize> = (0..l).rev().take(dims).collect();
    let singular_values: Vec<f64> = order.iter().map(|&i| eigvals[i].max(0.0).sqrt()).collect();
    let w = Array2::from_shape_fn((l, dims), |(r, c)| eigvecs[[r, order[c]]]);
    // V = Z W Σ⁻¹.
    let mut components = z.dot(&w);
    for (c, mut col) in components.axis_iter_mut(Axis(1)).enumerate() {
        let s = singular_values[c];
        let inv = if s > f64::EPSILON { 1.0 / s } else { 0.0 };
        col.mapv_inplace(|v| v * inv);
        fix_sign(&mut col);
    }
    TruncatedSvd {
        singular_values,
        components,
    }
}

/// Flips a vector so that its entry of largest magnitude is positive.
pub(crate) fn fix_sign(col: &mut ndarray::ArrayViewMut1<f64>) {
    let mut best = 0.0f64;
    for &v in col.iter() {
        if v.abs() > best.abs() {
            best = v;
        }
    }
    if best < 0.0 {
        col.mapv_inplace(|v| -v);
    }
}

/// An orthonormal basis of the columns of `y` (faer's thin QR).
fn orthonormalize(y: &Array2<f64>) -> Array2<f64> {
    let m = Mat::<f64>::from_fn(y.nrows(), y.ncols(), |i, j| y[[i, j]]);
    let q = m.qr().compute_thin_Q();
    Array2::from_shape_fn((q.nrows(), q.ncols()), |(i, j)| q[(i, j)])
}

/// Eigenvalues (ascending) and eigenvectors (as columns) of a small
/// symmetric matrix.
pub(crate) fn symmetric_eigen(a: &Array2<f64>) -> (Vec<f64>, Array2<f64>) {
    let n = a.nrows();
    let m = Mat::<f64>::from_fn(n, n, |i, j| a[[i, j]]);
    match SelfAdjointEigen::new(m.as_ref(), faer::Side::Lower) {
        Ok(evd) => {
            let s = evd.S().column_vector();
            let u = evd.U();
            let values = (0..n).map(|i| s[i]).collect();
            let vectors = Array2::from_shape_fn((n, n), |(i, j)| u[(i, j)]);
            (values, vectors)
        }
        // Only non-finite input fails; a zero basis keeps callers total.
        Err(_) => (vec![0.0; n], Array2::zeros((n, n))),
    }
}

/// A standard normal draw (Box–Muller).
fn gaussian(rng: &mut impl Rng) -> f64 {
    let u1: f64 = rng.gen_range(f64::MIN_POSITIVE..1.0);
    let u2: f64 = rng.r#gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Scales each row to unit length; zero rows stay zero.
pub fn normalize_rows(x: &mut Array2<f64>) {
    x.axis_iter_mut(Axis(0))
        .into_par_iter()
        .for_each(|mut row| {
            let norm = row.dot(&row).sqrt();
            if norm > 0.0 {
                row.mapv_inplace(|v| v / norm);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn random_orthonormal(rows: usize, cols: usize, rng: &mut impl Rng) -> Array2<f64> {
        orthonormalize(&Array2::from_shape_simple_fn((rows, cols), || {
            gaussian(rng)
        }))
    }

    #[test]
    fn recovers_singular_values_of_a_known_matrix() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let (n, m) = (60, 80);
        let sigma = [10.0, 6.0, 3.0, 1.0, 0.5, 0.2, 0.1, 0.05];
        let u = random_orthonormal(n, sigma.len(), &mut rng);
        let v = random_orthonormal(m, sigma.len(), &mut rng);
        let mut us = u.clone();
        for (c, s) in sigma.iter().enumerate() {
            us.column_mut(c).mapv_inplace(|x| x * s);
        }
        let dense = us.dot(&v.t());
        let rows: Vec<SparseVec> = dense
            .rows()
            .into_iter()
            .map(|r| SparseVec {
                indices: (0..m as u32).collect(),
                values: r.iter().map(|&x| x as f32).collect(),
            })
            .collect();
        let a = Csr::from_rows(&rows, m);
        let svd = randomized_svd(&a, 3, 2, &mut rng);
        for (got, want) in svd.singular_values.iter().zip(&sigma) {
            assert!((got - want).abs() < 1e-4 * want, "{got} vs {want}");
        }
        // Right vectors match up to sign, and U Σ = A V.
        for c in 0..3 {
            let d = svd.components.column(c).dot(&v.column(c)).abs();
            assert!((d - 1.0).abs() < 1e-4, "component {c}: |cos| {d}");
        }
        let proj = svd.project(&a);
        let norm0 = proj.column(0).dot(&proj.column(0)).sqrt();
        assert!((norm0 - 10.0).abs() < 1e-3);
    }

    #[test]
    fn transpose_and_products_agree_with_dense() {
        let rows = vec![
            SparseVec {
                indices: vec![0, 2],
                values: vec![1.0, 2.0],
            },
            SparseVec::default(),
            SparseVec {
                indices: vec![1],
                values: vec![3.0],
            },
        ];
        let a = Csr::from_rows(&rows, 3);
        let x = ndarray::arr2(&[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]);
        assert_eq!(
            a.mul_dense(x.view()),
            ndarray::arr2(&[[3.0, 2.0], [0.0, 0.0], [0.0, 3.0]])
        );
        let t = a.transpose();
        assert_eq!((t.n_rows, t.n_cols), (3, 3));
        let y = ndarray::arr2(&[[1.0], [5.0], [2.0]]);
        assert_eq!(t.mul_dense(y.view()), ndarray::arr2(&[[1.0], [6.0], [2.0]]));
    }

    #[test]
    fn tiny_and_empty_matrices_do_not_panic() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let empty = Csr::from_rows(&[], 0);
        assert!(
            randomized_svd(&empty, 5, 2, &mut rng)
                .singular_values
                .is_empty()
        );
        let one = Csr::from_rows(
            &[SparseVec {
                indices: vec![0],
                values: vec![1.0],
            }],
            2,
        );
        let svd = randomized_svd(&one, 5, 2, &mut rng);
        assert_eq!(svd.singular_values.len(), 1);
        assert!((svd.singular_values[0] - 1.0).abs() < 1e-9);
    }
}
