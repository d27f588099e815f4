//! The log-odds ratio with an informative Dirichlet prior: which words one
//! set of documents uses more than another (Monroe, Colaresi & Quinn 2008,
//! "Fightin' Words", section 3.5).
//!
//! Takes a term's count and the total count of terms on two sides `i` and
//! `j`, and the term's prior pseudo-count `α_w` out of `α_0` in all; gives
//! the log-odds difference
//!
//! ```text
//! δ_w = log((y_w^i + α_w) / (n^i + α_0 − y_w^i − α_w))
//!     − log((y_w^j + α_w) / (n^j + α_0 − y_w^j − α_w))
//! ```
//!
//! its approximate variance `σ² ≈ 1/(y_w^i + α_w) + 1/(y_w^j + α_w)` and
//! `z = δ / σ`. A positive `z` says side `i` uses the term more than side
//! `j`; swapping the sides flips the sign. The prior ([`Prior`]) spreads
//! `α_0` over the vocabulary by each term's share of the whole corpus, so a
//! rare term needs more evidence than a common one before it stands out.

/// One side's count of a term and its count of all terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Side {
    pub count: f64,
    pub total: f64,
}

/// The statistic of one term for side `i` against side `j`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogOdds {
    /// The difference of the two sides' smoothed log-odds.
    pub delta: f64,
    /// Its approximate variance.
    pub variance: f64,
    /// `delta / sqrt(variance)`.
    pub z: f64,
}

/// The log-odds ratio of a term for side `i` against side `j` with prior
/// pseudo-count `alpha_w` (out of `alpha_0`). Needs `0 < alpha_w < alpha_0`.
///
/// ```
/// use chachong::compare::fightin::{Side, log_odds};
///
/// let a = Side { count: 30.0, total: 1000.0 };
/// let b = Side { count: 2.0, total: 1000.0 };
/// let ab = log_odds(a, b, 1.0, 100.0);
/// assert!(ab.z > 3.0);
/// assert_eq!(ab.z, -log_odds(b, a, 1.0, 100.0).z);
/// ```
pub fn log_odds(i: Side, j: Side, alpha_w: f64, alpha_0: f64) -> LogOdds {
    let smoothed_log_odds = |s: Side| {
        let with = s.count + alpha_w;
        let without = s.total + alpha_0 - with;
        with.ln() - without.ln()
    };
    let delta = smoothed_log_odds(i) - smoothed_log_odds(j);
    let variance = 1.0 / (i.count + alpha_w) + 1.0 / (j.count + alpha_w);
    LogOdds {
        delta,
        variance,
        z: delta / variance.sqrt(),
    }
}

/// The informative Dirichlet prior: a pseudo-count `α_w` for every term,
/// `scale` in all, shared out by the terms' corpus counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    alpha: Vec<f64>,
    total: f64,
}

impl Prior {
    /// The prior from corpus counts by term index. A term with no corpus
    /// count (it occurs only in a document whose count was collapsed into
    /// another's) is given half an occurrence, so every `α_w` is positive.
    pub fn from_counts(counts: &[u64], scale: f64) -> Prior {
        let weight = |c: u64| if c == 0 { 0.5 } else { c as f64 };
        let sum: f64 = counts.iter().map(|&c| weight(c)).sum();
        let alpha: Vec<f64> = if sum > 0.0 {
            counts.iter().map(|&c| scale * weight(c) / sum).collect()
        } else {
            Vec::new()
        };
        let total = alpha.iter().sum();
        Prior { alpha, total }
    }

    /// `α_w` of the term with index `term`.
    pub fn alpha(&self, term: usize) -> f64 {
        self.alpha[term]
    }

    /// `α_0`: the sum of every `α_w`.
    pub fn total(&self) -> f64 {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(count: f64, total: f64) -> Side {
        Side { count, total }
    }

    /// Group A: 1,000 terms with 足球 40 times and 芯片 twice; group B the
    /// reverse; both use 今天 20 times. The corpus prior follows the sums.
    fn hand_example() -> (Prior, [Side; 3], [Side; 3]) {
        let prior = Prior::from_counts(&[42, 42, 40, 1876], 100.0);
        let a = [side(40.0, 1000.0), side(2.0, 1000.0), side(20.0, 1000.0)];
        let b = [side(2.0, 1000.0), side(40.0, 1000.0), side(20.0, 1000.0)];
        (prior, a, b)
    }

    #[test]
    fn a_term_frequent_in_a_and_rare_in_b_has_a_large_positive_z() {
        let (prior, a, b) = hand_example();
        let football = log_odds(a[0], b[0], prior.alpha(0), prior.total());
        assert!(football.z > 4.0, "z = {}", football.z);
        assert!(football.delta > 0.0);
        let chip = log_odds(a[1], b[1], prior.alpha(1), prior.total());
        assert!(chip.z < -4.0, "z = {}", chip.z);
    }

    #[test]
    fn an_equally_frequent_term_has_z_near_zero() {
        let (prior, a, b) = hand_example();
        let today = log_odds(a[2], b[2], prior.alpha(2), prior.total());
        assert!(today.z.abs() < 1e-9, "z = {}", today.z);
        // Slightly different totals move it a little, not far.
        let close = log_odds(
            side(20.0, 1000.0),
            side(21.0, 1100.0),
            prior.alpha(2),
            prior.total(),
        );
        assert!(close.z.abs() < 0.5, "z = {}", close.z);
    }

    #[test]
    fn swapping_the_sides_flips_the_sign() {
        let (prior, a, b) = hand_example();
        for w in 0..3 {
            let ab = log_odds(a[w], b[w], prior.alpha(w), prior.total());
            let ba = log_odds(b[w], a[w], prior.alpha(w), prior.total());
            assert!((ab.z + ba.z).abs() < 1e-12);
            assert!((ab.delta + ba.delta).abs() < 1e-12);
            assert_eq!(ab.variance, ba.variance);
        }
    }

    #[test]
    fn more_evidence_gives_a_larger_z_for_the_same_rates() {
        let prior = Prior::from_counts(&[10, 990], 10.0);
        let small = log_odds(side(4.0, 100.0), side(1.0, 100.0), prior.alpha(0), 10.0);
        let large = log_odds(side(40.0, 1000.0), side(10.0, 1000.0), prior.alpha(0), 10.0);
        assert!(large.z > small.z);
    }

    #[test]
    fn the_prior_shares_the_scale_by_corpus_counts() {
        let prior = Prior::from_counts(&[3, 1, 0], 9.0);
        assert!((prior.total() - 9.0).abs() < 1e-12);
        assert!((prior.alpha(0) - 3.0 * prior.alpha(1)).abs() < 1e-12);
        assert!(prior.alpha(2) > 0.0);
        assert!(Prior::from_counts(&[], 9.0).total() == 0.0);
    }
}
