//! The settings of `dups` ([`DupsParams`], checked through
//! [`ParamGuard`]) and the fixed bounds beside them.

use serde::Serialize;

use crate::dups::lsh::Bands;
use crate::dups::passages::PassageParams;
use crate::params::{Checked, ParamGuard};

/// Recall the Jaccard banding aims at, at the threshold.
pub const BAND_RECALL: f64 = 0.99;

/// The containment index samples one shingle in `2^CONTAIN_SAMPLE_BITS`. At
/// 3 it found all 937 pairs with containment >= 0.8 on the Sina corpus
/// (BENCHMARKS.md) in about 0.3 s.
pub const CONTAIN_SAMPLE_BITS: u32 = 3;

/// The largest `boilerplate_df`: the containment candidate index visits
/// every document holding each sampled shingle, so this bounds its work at
/// `MAX_BOILERPLATE_DF` documents a shingle (linear in the corpus).
pub const MAX_BOILERPLATE_DF: usize = 1000;

/// Settings for `dups`. Every field has a documented default
/// ([`DupsParams::default`]); [`DupsParams::check`] before use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DupsParams {
    /// Shingle size: characters (default 5), or words with `shingle_words`.
    pub shingle: usize,
    /// Shingle term tokens instead of characters (default false).
    pub shingle_words: bool,
    /// Jaccard at or above which a pair is a near duplicate (default 0.5).
    pub threshold: f64,
    /// Containment (share of the smaller document's shingles found in the
    /// larger) at or above which a pair is kept even below `threshold`, as
    /// a containment: the smaller inside the larger (default 0.75: over the
    /// same shingles as Jaccard, a short item inside a digest or a longer
    /// story scores 0.75 to 0.8 when its own headline and byline are not in
    /// the larger; every Sina pair from 0.75 to 0.8 is such a story,
    /// BENCHMARKS.md).
    pub containment: f64,
    /// TF-IDF cosine at or above which a pair is a rewrite (default 0.8).
    pub rewrite_threshold: f64,
    /// MinHash signature length (default 128).
    pub num_perm: usize,
    /// Seed of every hash (default 42): the same seed gives the same result.
    pub seed: u64,
    /// Documents with fewer matchable characters (letters, digits, CJK;
    /// no spaces or punctuation) take no part (default 50).
    pub min_doc_chars: usize,
    /// Shingles found in more than this many documents are left out of
    /// the containment candidate search only: the sampled inverted index
    /// that proposes pairs where a smaller document may be inside a larger
    /// one is built without them, which keeps its work bounded and keeps
    /// pairs sharing only such shingles from becoming candidates. They
    /// count in every score (Jaccard and containment are over the full
    /// shingle sets), and MinHash candidates see them. Default 20, at most
    /// [`MAX_BOILERPLATE_DF`].
    pub boilerplate_df: usize,
    /// Let damaged documents (`crate::quality`: mostly code, replacement
    /// characters, mojibake) take part in near-duplicates, rewrites and
    /// passages (default false: they are left out and listed apart).
    pub keep_damaged: bool,
    /// Repeated passages (default: `min_chars` 30).
    pub passages: Checked<PassageParams>,
}

impl Default for DupsParams {
    fn default() -> Self {
        DupsParams {
            shingle: 5,
            shingle_words: false,
            threshold: 0.5,
            containment: 0.75,
            rewrite_threshold: 0.8,
            num_perm: 128,
            seed: 42,
            min_doc_chars: 50,
            boilerplate_df: 20,
            keep_damaged: false,
            passages: Checked::default(),
        }
    }
}

/// Bad `dups` settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DupsParamsError {
    #[error("shingle size must be from 1 to 64, not {0}")]
    Shingle(usize),
    #[error("{name} must be in (0, 1], not {value}")]
    Fraction { name: &'static str, value: f64 },
    #[error("num_perm must be from 16 to 4096, not {0}")]
    NumPerm(usize),
    #[error("boilerplate_df must be from 1 to {MAX_BOILERPLATE_DF}, not {0}")]
    BoilerplateDf(usize),
}

impl ParamGuard for DupsParams {
    type Error = DupsParamsError;

    fn validate(&self) -> Result<(), DupsParamsError> {
        if !(1..=64).contains(&self.shingle) {
            return Err(DupsParamsError::Shingle(self.shingle));
        }
        for (name, value) in [
            ("threshold", self.threshold),
            ("containment", self.containment),
            ("rewrite_threshold", self.rewrite_threshold),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(DupsParamsError::Fraction { name, value });
            }
        }
        if !(16..=4096).contains(&self.num_perm) {
            return Err(DupsParamsError::NumPerm(self.num_perm));
        }
        if !(1..=MAX_BOILERPLATE_DF).contains(&self.boilerplate_df) {
            return Err(DupsParamsError::BoilerplateDf(self.boilerplate_df));
        }
        Ok(())
    }
}

impl DupsParams {
    /// The banding layout for the Jaccard threshold.
    pub fn bands(&self) -> Bands {
        Bands::choose(self.num_perm, self.threshold, BAND_RECALL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_check_rejects_out_of_range() {
        assert!(DupsParams::default().check().is_ok());
        let bad = |p: DupsParams| p.validate().unwrap_err();
        assert_eq!(
            bad(DupsParams {
                shingle: 0,
                ..DupsParams::default()
            }),
            DupsParamsError::Shingle(0)
        );
        assert!(matches!(
            bad(DupsParams {
                containment: 1.5,
                ..DupsParams::default()
            }),
            DupsParamsError::Fraction {
                name: "containment",
                ..
            }
        ));
        assert_eq!(
            bad(DupsParams {
                num_perm: 8,
                ..DupsParams::default()
            }),
            DupsParamsError::NumPerm(8)
        );
        assert_eq!(
            bad(DupsParams {
                boilerplate_df: 1_000_000,
                ..DupsParams::default()
            }),
            DupsParamsError::BoilerplateDf(1_000_000)
        );
        assert_eq!(DupsParams::default().bands(), Bands { bands: 42, rows: 3 });
    }
}
