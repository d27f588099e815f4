//! LSH banding: MinHash signatures in, candidate pairs out.
//!
//! Takes one optional [`Signature`] per document and a [`Bands`] layout and
//! gives every pair of documents whose signatures agree on all rows of at
//! least one band, as sorted `(a, b)` index pairs with `a < b`. A pair of
//! Jaccard `s` becomes a candidate with probability `1 - (1 - s^r)^b`
//! ([`Bands::recall_at`]); [`Bands::choose`] picks the layout that keeps that
//! at or above a target at the threshold with as many rows as possible, so
//! that false negatives are rare and unrelated pairs seldom collide.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::dups::minhash::Signature;
use crate::fingerprint::mix64;

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

/// Buckets of more documents than this are a mass reprint or boilerplate:
/// each member is paired with the bucket's first document only, not with
/// every other member, so a bucket of `m` documents gives `m - 1` pairs
/// rather than `m (m - 1) / 2` (5,000 reprints of one story: 5,000 pairs a
/// band, not 12.5 million). A group of copies stays connected through its
/// first document, so its cluster is the same; pairs of two other members
/// are not listed unless another band or the containment index gives them.
/// The largest buckets on the Sina corpus (12,368 documents) hold 39
/// documents (Jaccard banding) and 52 (rewrite banding).
pub const MAX_BUCKET: usize = 128;

/// The bucket key of band `band` of a signature: its values in `rows` (the
/// band's rows), hashed with the band's number so that equal values in two
/// bands are two keys. Two documents share a band when their keys are equal
/// (a 64-bit key: chance collisions are negligible and only make a
/// candidate, which is verified). `chachong sign` writes these keys.
pub fn band_key(sig: &[u32], band: usize, rows: std::ops::Range<usize>) -> u64 {
    sig[rows]
        .iter()
        .fold(mix64(band as u64), |h, &v| mix64(h ^ v as u64))
}

impl Bands {
    /// The rows of band `band`.
    pub fn rows_of(&self, band: usize) -> std::ops::Range<usize> {
        band * self.rows..(band + 1) * self.rows
    }
}

/// Index pairs `(a, b)`, `a < b`, of documents that share a band; sorted,
/// no repeats. Documents without a signature take no part. Within a bucket
/// of more than [`MAX_BUCKET`] documents only the pairs with its first
/// document are given, so there are at most `bands × n × MAX_BUCKET / 2`
/// pairs for `n` documents, and the bands are merged as they finish (each
/// band's pairs come sorted), so memory stays near the number of distinct
/// pairs.
pub fn candidates(sigs: &[Option<Signature>], bands: Bands) -> Candidates {
    let abbreviated = AtomicBool::new(false);
    let pairs: Vec<u64> = (0..bands.bands)
        .into_par_iter()
        .map(|band| {
            let rows = bands.rows_of(band);
            let mut keys: Vec<(u64, u32)> = sigs
                .iter()
                .enumerate()
                .filter_map(|(doc, sig)| {
                    let sig = sig.as_ref()?;
                    Some((band_key(sig, band, rows.clone()), doc as u32))
                })
                .collect();
            keys.sort_unstable();
            let mut out = Vec::new();
            for run in keys.chunk_by(|x, y| x.0 == y.0) {
                if run.len() > MAX_BUCKET {
                    abbreviated.store(true, Ordering::Relaxed);
                    out.extend(run[1..].iter().map(|y| pack(run[0].1, y.1)));
                    continue;
                }
                for (i, x) in run.iter().enumerate() {
                    out.extend(run[i + 1..].iter().map(|y| pack(x.1, y.1)));
                }
            }
            out.sort_unstable();
            out
        })
        .reduce(Vec::new, merge_sorted);
    Candidates {
        pairs: pairs.into_iter().map(unpack).collect(),
        abbreviated: abbreviated.into_inner(),
    }
}

/// What [`candidates`] gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// Index pairs `(a, b)`, `a < b`, sorted, no repeats.
    pub pairs: Vec<(u32, u32)>,
    /// True when some bucket held more than [`MAX_BUCKET`] documents, so
    /// that not every two documents sharing a band are a pair.
    pub abbreviated: bool,
}

/// The union of two sorted lists without repeats, sorted, without repeats.
fn merge_sorted(a: Vec<u64>, b: Vec<u64>) -> Vec<u64> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let next = a[i].min(b[j]);
        i += usize::from(a[i] == next);
        j += usize::from(b[j] == next);
        out.push(next);
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
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
        let found = candidates(&sigs, Bands::choose(128, 0.5, 0.99));
        assert_eq!(found.pairs, vec![(0, 2), (0, 4), (2, 4)]);
        assert!(!found.abbreviated);
    }

    #[test]
    fn a_bucket_larger_than_the_cap_pairs_with_its_first_member_only() {
        let m = MinHasher::new(128, 1);
        let n = 3 * MAX_BUCKET;
        let mut sigs: Vec<_> = (0..n).map(|_| m.sign((0..500).map(mix64))).collect();
        // Two unrelated documents that are copies of each other.
        sigs.push(m.sign((7000..7500).map(mix64)));
        sigs.push(m.sign((7000..7500).map(mix64)));
        let found = candidates(&sigs, Bands::choose(128, 0.5, 0.99));
        assert!(found.abbreviated);
        let mut expected: Vec<(u32, u32)> = (1..n as u32).map(|b| (0, b)).collect();
        expected.push((n as u32, n as u32 + 1));
        assert_eq!(found.pairs, expected);
    }

    #[test]
    fn merge_sorted_is_a_union_without_repeats() {
        assert_eq!(
            merge_sorted(vec![1, 4, 9], vec![2, 4, 10]),
            vec![1, 2, 4, 9, 10]
        );
        assert_eq!(merge_sorted(Vec::new(), vec![3]), vec![3]);
        assert_eq!(merge_sorted(vec![3], Vec::new()), vec![3]);
    }

    #[test]
    fn pack_orders_pairs() {
        assert_eq!(unpack(pack(9, 2)), (2, 9));
        assert!(pack(1, 9) < pack(2, 3));
    }
}
