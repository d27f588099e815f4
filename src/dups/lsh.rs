//! LSH banding: MinHash signatures in, candidate pairs out.
//!
//! Takes one optional [`Signature`] per document and a [`Bands`] layout and
//! gives every pair of documents whose signatures agree on all rows of at
//! least one band, as sorted `(a, b)` index pairs with `a < b`. A pair of
//! Jaccard `s` becomes a candidate with probability `1 - (1 - s^r)^b`
//! ([`Bands::recall_at`]); [`Bands::choose`] picks the layout that keeps that
//! at or above a target at the threshold with as many rows as possible, so
//! that false negatives are rare and unrelated pairs seldom collide.

use rayon::prelude::*;
use serde::Serialize;

use crate::dups::minhash::Signature;
use crate::dups::shingle::mix64;

/// `bands` bands of `rows` signature values each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bands {
    pub bands: usize,
    pub rows: usize,
}

impl Bands {
    /// Probability that a pair of Jaccard `s` shares at least one band.
    pub fn recall_at(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }

    /// The layout for signatures of `num_perm` values with the most rows per
    /// band (fewest chance collisions) whose recall at `threshold` is at
    /// least `target`; one row per band if none reaches it.
    pub fn choose(num_perm: usize, threshold: f64, target: f64) -> Bands {
        (1..=num_perm.max(1))
            .rev()
            .map(|rows| Bands {
                bands: num_perm.max(1) / rows,
                rows,
            })
            .find(|b| b.recall_at(threshold) >= target)
            .unwrap_or(Bands {
                bands: num_perm.max(1),
                rows: 1,
            })
    }
}

/// Index pairs `(a, b)`, `a < b`, of documents that share a band; sorted,
/// no repeats. Documents without a signature take no part.
pub fn candidates(sigs: &[Option<Signature>], bands: Bands) -> Vec<(u32, u32)> {
    let mut pairs: Vec<u64> = (0..bands.bands)
        .into_par_iter()
        .flat_map_iter(|band| {
            let rows = band * bands.rows..(band + 1) * bands.rows;
            let mut keys: Vec<(u64, u32)> = sigs
                .iter()
                .enumerate()
                .filter_map(|(doc, sig)| {
                    let sig = sig.as_ref()?;
                    let key = sig[rows.clone()]
                        .iter()
                        .fold(mix64(band as u64), |h, &v| mix64(h ^ v as u64));
                    Some((key, doc as u32))
                })
                .collect();
            keys.sort_unstable();
            let mut out = Vec::new();
            for run in keys.chunk_by(|x, y| x.0 == y.0) {
                for (i, x) in run.iter().enumerate() {
                    out.extend(run[i + 1..].iter().map(|y| pack(x.1, y.1)));
                }
            }
            out
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs.into_iter().map(unpack).collect()
}

/// A pair as one sortable `u64` (smaller index first).
pub(crate) fn pack(a: u32, b: u32) -> u64 {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    (a as u64) << 32 | b as u64
}

pub(crate) fn unpack(p: u64) -> (u32, u32) {
    ((p >> 32) as u32, p as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dups::minhash::MinHasher;

    #[test]
    fn choose_keeps_recall_at_threshold() {
        let b = Bands::choose(128, 0.5, 0.99);
        assert_eq!(b, Bands { bands: 42, rows: 3 });
        assert!(b.recall_at(0.5) > 0.996);
        // Four rows would miss one pair in eight at the threshold.
        assert!(Bands { bands: 32, rows: 4 }.recall_at(0.5) < 0.9);
        let strict = Bands::choose(128, 0.8, 0.99);
        assert_eq!(strict.rows, 6);
        assert!(strict.recall_at(0.1) < 1e-3);
    }

    #[test]
    fn similar_signatures_collide_dissimilar_do_not() {
        let m = MinHasher::new(128, 1);
        let set = |r: std::ops::Range<u64>| m.sign(r.map(mix64));
        let sigs = vec![
            set(0..1000),    // 0
            set(5000..6000), // 1: unrelated
            set(100..1100),  // 2: J(0, 2) = 900 / 1100
            None,            // 3: too short to take part
            set(0..1000),    // 4: identical to 0
        ];
        let pairs = candidates(&sigs, Bands::choose(128, 0.5, 0.99));
        assert_eq!(pairs, vec![(0, 2), (0, 4), (2, 4)]);
    }

    #[test]
    fn pack_orders_pairs() {
        assert_eq!(unpack(pack(9, 2)), (2, 9));
        assert!(pack(1, 9) < pack(2, 3));
    }
}
