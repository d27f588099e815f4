//! Fingerprints: how text becomes the hashes that matching compares.
//!
//! Takes a normalised view ([`crate::normalize::NormText`]) and gives
//! hashes of its characters. This is the one place chachong hashes text:
//! near duplicates and passages (`dups`), the index file (`index`) and a
//! draft against it (`check`) all fingerprint text through it, so a draft
//! and the corpus it is checked against are hashed alike.
//!
//! - [`matchable`](mod@matchable): the characters matching compares (letters, digits, CJK;
//!   no space or punctuation), each mapped back to the view.
//! - [`mix64`]: the 64-bit mixer every hash here ends with.
//! - [`winnow`]: rolling hashes of every k-gram ([`winnow::kgram_hashes`])
//!   and winnowing (Schleimer, Wilkerson and Aiken 2003): the passage
//!   fingerprints, with their guarantee that a long enough shared run
//!   shares one.
//! - [`shingle`]: shingle sets (every n-gram hashed, sorted, no repeats)
//!   and their exact Jaccard and containment.
//! - [`sample`]: a consistent sample of a shingle set (one hash in
//!   `2^bits`, the same hashes in every set) and the count of shared
//!   sampled shingles that a containment could reach.
//!
//! # Stable values
//!
//! An index file stores k-gram fingerprints and sampled shingles, so every
//! function here must give the same hashes from one version to the next:
//! changing one changes what every index already written means. The tests
//! of this module pin their values. The shingle hash and the k-gram hash
//! are two functions for that reason: both are stored (shingles hash raw
//! chars, k-grams mix each char first so the polynomial can roll), and
//! neither can become the other.

pub mod matchable;
pub mod sample;
pub mod shingle;
pub mod winnow;

pub use matchable::{Matchable, matchable};
pub use shingle::{ShingleSet, Similarity, char_shingles, overlap, similarity, word_shingles};

/// The splitmix64 finaliser: a fast bijective mix of all 64 bits.
pub fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Odd multiplier of the polynomial hashes of n-grams and k-grams.
const POLY: u64 = 0x9e37_79b9_7f4a_7c15;

#[cfg(test)]
mod tests {
    use super::sample::{CONTAIN_SALT, INDEX_SALT, Sample};
    use super::winnow::{kgram_hashes, winnowed_hashes};
    use super::*;

    const TEXT: &str = "中国工业互联网研究院主要承担与工业互联网相关的发展战略";

    /// The values index files store. If this test fails, indexes written
    /// before no longer read the same: change the index format version.
    #[test]
    fn hash_values_are_the_stored_ones() {
        let text: Vec<char> = TEXT.chars().collect();
        assert_eq!(mix64(0), 0);
        assert_eq!(mix64(0x9e37), 0x202f_4e0d_8510_cacb);
        assert_eq!(
            kgram_hashes(&text, 10)[..3],
            [
                0xe501_75f5_39ef_0778,
                0xeb0a_4403_4115_3ffe,
                0x60bc_d24b_55ad_7f9d
            ]
        );
        assert_eq!(
            winnowed_hashes(&text, 10, 12),
            [0x0cf3_8f04_27d0_f441, 0x313b_6615_a5e8_80e6]
        );
        let shingles = char_shingles(&text, 5);
        assert_eq!(
            shingles[..3],
            [
                0x0f00_98e3_eff4_7883,
                0x37c0_a345_7c73_1950,
                0x4005_99a6_b977_e825
            ]
        );
        assert_eq!(
            word_shingles(["工业", "互联网", "平台"], 2),
            [0x0634_506a_2a80_300e, 0x213b_3912_3b83_3a9a]
        );
        let kept = |sample: Sample| -> Vec<usize> {
            (0..shingles.len())
                .filter(|&i| sample.keeps(shingles[i]))
                .collect()
        };
        assert_eq!(
            kept(Sample::new(42, INDEX_SALT, 3)),
            [3, 5, 6, 9, 10, 14, 17]
        );
        assert_eq!(kept(Sample::new(42, CONTAIN_SALT, 3)), [0, 2, 7, 13]);
    }
}
