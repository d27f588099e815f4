//! A consistent sample of shingle sets, and what a count of it can show.
//!
//! Takes shingle hashes and keeps those whose seeded hash falls in the
//! lowest `1 / 2^bits` of the range ([`Sample`]). Every set keeps the same
//! hashes, so the sample of `A ∩ B` is the intersection of the samples of
//! `A` and `B`: counting shared sampled shingles estimates `|A ∩ B|` from an
//! eighth of the work at `bits` 3. [`min_shared`] gives the count below
//! which a containment cannot plausibly reach a threshold.
//!
//! Two samples are in use, told apart by their salt: `dups`' containment
//! candidates ([`CONTAIN_SALT`]) and the index file's stored sample
//! ([`INDEX_SALT`]). The index's is stored, so its salt, like every hash in
//! [`crate::fingerprint`], never changes.

use super::mix64;

/// Salt of the sample `dups` draws its containment candidates from.
pub const CONTAIN_SALT: u64 = 0x636f_6e74_6169_6e00;

/// Salt of the sample an index file stores.
pub const INDEX_SALT: u64 = 0x7361_6d70_6c65_0000;

/// A consistent sample: one hash in `2^bits`, chosen by a seed and a salt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    key: u64,
    bits: u32,
}

impl Sample {
    /// The sample keeping one hash in `2^bits` (every hash with `bits` 0;
    /// `bits` above 63 count as 63), drawn by `seed` and `salt`.
    pub fn new(seed: u64, salt: u64, bits: u32) -> Sample {
        Sample {
            key: mix64(seed ^ salt),
            bits: bits.min(63),
        }
    }

    /// Whether the sample keeps the hash `h`.
    pub fn keeps(&self, h: u64) -> bool {
        self.bits == 0 || mix64(h ^ self.key) >> (64 - self.bits) == 0
    }

    /// The hashes of `set` the sample keeps, in their order.
    pub fn of(&self, set: &[u64]) -> Vec<u64> {
        set.iter().copied().filter(|&h| self.keeps(h)).collect()
    }
}

/// Fewest shared sampled shingles for a sample of `s` to stay a candidate at
/// containment `c`: `c·s − 3·sqrt(s·c·(1 − c))` (a three-sigma binomial
/// lower bound), at least 1.
pub fn min_shared(s: usize, c: f64) -> usize {
    let s = s as f64;
    let bound = c * s - 3.0 * (s * c * (1.0 - c)).sqrt();
    bound.ceil().max(1.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_shared_allows_sampling_noise() {
        assert_eq!(min_shared(0, 0.8), 1);
        assert_eq!(min_shared(100, 0.8), 68);
        assert!(min_shared(10, 0.8) <= 5);
    }

    #[test]
    fn sample_keeps_about_one_in_two_to_the_bits_and_is_consistent() {
        let hashes: Vec<u64> = (0..80_000u64).map(mix64).collect();
        let eighth = Sample::new(7, CONTAIN_SALT, 3);
        let kept = eighth.of(&hashes).len();
        assert!((9_000..11_000).contains(&kept), "{kept}");
        // The same hash is kept in every set that holds it.
        let part = eighth.of(&hashes[..1000]);
        assert!(part.iter().all(|h| eighth.keeps(*h)));
        assert_eq!(part, eighth.of(&eighth.of(&hashes[..1000])));
        // Another salt draws another sample.
        assert_ne!(part, Sample::new(7, INDEX_SALT, 3).of(&hashes[..1000]));
        assert_eq!(Sample::new(7, INDEX_SALT, 0).of(&hashes).len(), 80_000);
        assert!(Sample::new(7, INDEX_SALT, 200).of(&hashes).is_empty());
    }
}
