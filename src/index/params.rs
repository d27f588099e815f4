//! How an index is built: its settings, checked, and what they fingerprint.
//!
//! Takes [`IndexParams`] (k-gram and window of the passage fingerprints,
//! shingle size and sample rate for containment, normalisation) and gives
//! them checked ([`ParamGuard`]); the checked settings turn a document's
//! matchable chars into what the index stores of it ([`IndexParams::fingerprints`],
//! [`IndexParams::sample`]) and a draft into what it looks up
//! ([`IndexParams::kgram_hashes`]), through [`crate::fingerprint`]. The
//! settings are stored in the file, so `check` fingerprints a draft exactly
//! as the corpus was.

use serde::{Deserialize, Serialize};

use crate::fingerprint::sample::{INDEX_SALT, Sample};
use crate::fingerprint::winnow::{kgram_hashes, winnowed_hashes};
use crate::fingerprint::{ShingleSet, char_shingles};
use crate::normalize::NormParams;
use crate::params::{Checked, ParamGuard};

/// How an index is built. Stored in the file; `check` uses the index's
/// settings, and `--add` refuses to mix settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexParams {
    /// k-gram size of passage fingerprints, in matchable chars (default 10).
    pub kgram: u32,
    /// Winnowing window in k-grams (default 12): a shared run of
    /// `window + kgram - 1` matchable chars always finds its source.
    pub window: u32,
    /// Shingle size for containment and near duplicates (default 5).
    pub shingle: u32,
    /// One shingle in `2^sample_bits` is indexed (default 3).
    pub sample_bits: u32,
    /// Seed of the sample (default 42).
    pub seed: u64,
    /// How texts were normalised.
    pub norm: NormParams,
}

impl Default for IndexParams {
    fn default() -> Self {
        IndexParams {
            kgram: 10,
            window: 12,
            shingle: 5,
            sample_bits: 3,
            seed: 42,
            norm: NormParams::default(),
        }
    }
}

/// Index settings out of range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexParamsError {
    /// `kgram`, `window` or `shingle` outside `1..=max`.
    #[error("settings out of range: {name} {value} (must be 1..={max})")]
    Size {
        name: &'static str,
        value: u32,
        max: u32,
    },
    #[error("settings out of range: sample_bits {0} (must be at most 16)")]
    SampleBits(u32),
}

impl ParamGuard for IndexParams {
    type Error = IndexParamsError;

    /// Checks the settings are in range: `kgram` 1..=64, `window` 1..=256,
    /// `shingle` 1..=32, `sample_bits` at most 16. A stored file's settings
    /// are checked on open, so a crafted index cannot make a check slow.
    fn validate(&self) -> Result<(), IndexParamsError> {
        for (name, value, max) in [
            ("kgram", self.kgram, 64),
            ("window", self.window, 256),
            ("shingle", self.shingle, 32),
        ] {
            if !(1..=max).contains(&value) {
                return Err(IndexParamsError::Size { name, value, max });
            }
        }
        if self.sample_bits > 16 {
            return Err(IndexParamsError::SampleBits(self.sample_bits));
        }
        Ok(())
    }
}

impl IndexParams {
    /// The normalisation settings as a stage takes them. They are stored as
    /// read from the file and checked here, where they are used (a
    /// `NormParams` has nothing to refuse).
    pub fn checked_norm(&self) -> Checked<NormParams> {
        let Ok(norm) = self.norm.check();
        norm
    }

    /// Hashes of every k-gram of `chars`, in order (none when shorter than
    /// `kgram`): what a draft looks up.
    pub fn kgram_hashes(&self, chars: &[char]) -> Vec<u64> {
        kgram_hashes(chars, self.kgram as usize)
    }

    /// The winnowed fingerprints of `chars`: the smallest k-gram hash of
    /// every window of `window` k-grams (the whole text when shorter),
    /// sorted and deduplicated.
    pub fn fingerprints(&self, chars: &[char]) -> Vec<u64> {
        winnowed_hashes(chars, self.kgram as usize, self.window as usize)
    }

    /// The shingle set of `chars`.
    pub fn shingles(&self, chars: &[char]) -> ShingleSet {
        char_shingles(chars, self.shingle as usize)
    }

    /// The consistent sample of shingles the index stores.
    pub fn sample(&self) -> Sample {
        Sample::new(self.seed, INDEX_SALT, self.sample_bits)
    }
}

/// The stored header of the PARAMS section.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StoredParams {
    pub params: IndexParams,
    pub n_docs: u32,
    pub n_terms: u32,
    /// Absent in indexes written before it was kept.
    #[serde(default)]
    pub history: IndexHistory,
}

/// When an index file was first written and last changed, so a verdict can
/// be tied to the corpus it saw. Times are RFC 3339 in UTC, to the second,
/// taken when the file is written (`SOURCE_DATE_EPOCH` stands for the clock
/// when set, for reproducible files); an index built in memory has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexHistory {
    /// When the file was first written.
    pub created: Option<String>,
    /// When it was last written (the first time or an `--add`).
    pub updated: Option<String>,
    /// How many times it was written: 1 for a new index, +1 per `--add`.
    pub generation: u32,
}

impl IndexHistory {
    /// The history after one more write at `now`.
    pub fn written_at(&self, now: String) -> IndexHistory {
        IndexHistory {
            created: self.created.clone().or_else(|| Some(now.clone())),
            updated: Some(now),
            generation: self.generation.saturating_add(1),
        }
    }
}

/// The time now (or `SOURCE_DATE_EPOCH`, when set to seconds since 1970) as
/// RFC 3339 in UTC, to the second.
pub fn now_rfc3339() -> String {
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map(|s| std::time::UNIX_EPOCH + std::time::Duration::from_secs(s));
    let now = from_env.unwrap_or_else(std::time::SystemTime::now);
    humantime::format_rfc3339_seconds(now).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_and_each_range_is_checked() {
        assert!(IndexParams::default().check().is_ok());
        let bad = |p: IndexParams| p.check().unwrap_err();
        for (name, p, value, max) in [
            (
                "kgram",
                IndexParams {
                    kgram: 0,
                    ..IndexParams::default()
                },
                0,
                64,
            ),
            (
                "window",
                IndexParams {
                    window: 257,
                    ..IndexParams::default()
                },
                257,
                256,
            ),
            (
                "shingle",
                IndexParams {
                    shingle: 33,
                    ..IndexParams::default()
                },
                33,
                32,
            ),
        ] {
            assert_eq!(bad(p), IndexParamsError::Size { name, value, max });
        }
        let p = IndexParams {
            sample_bits: 17,
            ..IndexParams::default()
        };
        assert_eq!(
            bad(p.clone()).to_string(),
            "settings out of range: sample_bits 17 (must be at most 16)"
        );
        assert_eq!(bad(p), IndexParamsError::SampleBits(17));
        let edges = IndexParams {
            kgram: 64,
            window: 1,
            shingle: 32,
            sample_bits: 16,
            ..IndexParams::default()
        };
        assert!(edges.check().is_ok());
    }

    #[test]
    fn window_guarantee_holds() {
        let p = IndexParams::default();
        let text: Vec<char> =
            "中国工业互联网研究院主要承担与工业互联网相关的发展战略规划政策标准的研究"
                .chars()
                .collect();
        let fps = p.fingerprints(&text);
        let g = (p.window + p.kgram - 1) as usize;
        for start in 0..=text.len() - g {
            let run = p.kgram_hashes(&text[start..start + g]);
            assert!(run.iter().any(|h| fps.binary_search(h).is_ok()), "{start}");
        }
    }
}
