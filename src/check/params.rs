//! Settings of `check` ([`CheckParams`]), checked before a draft is.

use serde::Serialize;

use crate::params::ParamGuard;

use super::select::{PatternError, SourcePattern};

/// Settings of `check`, with documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckParams {
    /// Shortest shared passage reported, in characters (default 30).
    pub min_chars: u32,
    /// A shared passage at least this long fails the draft (default 50).
    pub fail_passage_chars: u32,
    /// Containment of the draft in one source that fails it (default 0.3).
    pub fail_containment: f64,
    /// Jaccard at or above which a source is a near duplicate (default 0.5).
    pub threshold: f64,
    /// Containment of the smaller in the larger at or above which a source
    /// is a near duplicate (default 0.8).
    pub containment: f64,
    /// TF-IDF cosine at or above which a source is a rewrite (default 0.8;
    /// rewrites are looked for only when a segmenter is given).
    pub rewrite_threshold: f64,
    /// Texts with fewer matchable chars take no part in near duplicates
    /// (default 50, as in `dups`).
    pub min_doc_chars: usize,
    /// Most passage candidates decoded per draft (default 64).
    pub max_candidates: usize,
    /// Fingerprints in more documents are boilerplate and not looked up
    /// (default 64, as in passages).
    pub max_postings: usize,
    /// The share of the draft's body copied from sources not named by
    /// `self_sources`, outside attributed quotations (`copy_ratio_net`),
    /// that fails it (default 0.3, an example, not any vendor's rule).
    pub fail_total: f64,
    /// The share taken from one source (not `self_sources`, quotations
    /// apart) that fails the draft (default 0.2).
    pub fail_single: f64,
    /// The share of one section (of at least `min_section_chars`) that
    /// fails the draft, `self_sources` and quotations apart (default 0.5).
    pub fail_section: f64,
    /// The share of the draft in reworded passages (not also copied) that
    /// fails it (default 0.3): a copy edited until it no longer reads as
    /// one does not slip through.
    pub fail_reworded: f64,
    /// The share of one source that attributed quotations may take and
    /// still stand apart (default 0.1, the tenth of a prose work the 1985
    /// 《图书、期刊版权保护试行条例实施细则》 allows a quotation): beyond it,
    /// the source is copied, not quoted, and its quotations count as copies
    /// in every ratio and the verdict (`quotes[].excessive`). Up to
    /// [`super::QUOTED_ALWAYS_CHARS`] of a source are always within measure.
    pub max_quoted_share: f64,
    /// Sections with fewer body characters take no part in
    /// `max_section_ratio` and `fail_section` (default 50).
    pub min_section_chars: u32,
    /// An alignment with a source at least this alike (share of characters
    /// in exact matches) is a copy; below, a rewording (default 0.9: a copy
    /// with one edited character in twenty is about 0.92 alike; planted
    /// paraphrases by synonyms and moved clauses 0.75 to 0.9, median 0.82).
    pub copy_similarity: f64,
    /// Character-bigram Dice at or above which a draft paragraph is a
    /// rewording of a source paragraph (default 0.62, calibrated on
    /// `benches/check_planted.rs`).
    pub reworded_threshold: f64,
    /// Draft paragraphs with fewer body characters are not looked at for
    /// rewording (default 30).
    pub reworded_min_chars: u32,
    /// Sources left out entirely ([`SourcePattern`]s: id, source name,
    /// `field=value`, glob, `prefix/`).
    pub allow: Vec<String>,
    /// The author's own or partner sources ([`SourcePattern`]s): shown,
    /// counted in `copy_ratio`, left out of `copy_ratio_excluding_self`,
    /// `copy_ratio_net` and the verdict.
    pub self_sources: Vec<String>,
}

impl Default for CheckParams {
    fn default() -> Self {
        CheckParams {
            min_chars: 30,
            fail_passage_chars: 50,
            fail_containment: 0.3,
            threshold: 0.5,
            containment: 0.8,
            rewrite_threshold: 0.8,
            min_doc_chars: 50,
            max_candidates: 64,
            max_postings: 64,
            fail_total: 0.3,
            fail_single: 0.2,
            fail_section: 0.5,
            fail_reworded: 0.3,
            max_quoted_share: 0.1,
            min_section_chars: 50,
            copy_similarity: 0.9,
            reworded_threshold: 0.62,
            reworded_min_chars: 30,
            allow: Vec::new(),
            self_sources: Vec::new(),
        }
    }
}

impl CheckParams {
    /// `allow`, parsed.
    pub fn allow_patterns(&self) -> Result<Vec<SourcePattern>, PatternError> {
        self.allow.iter().map(|p| SourcePattern::parse(p)).collect()
    }

    /// `self_sources`, parsed.
    pub fn self_patterns(&self) -> Result<Vec<SourcePattern>, PatternError> {
        self.self_sources
            .iter()
            .map(|p| SourcePattern::parse(p))
            .collect()
    }
}

/// Bad `check` settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CheckParamsError {
    #[error("min_chars and fail_passage_chars must be at least 1")]
    Chars,
    #[error("{name} must be in (0, 1], not {value}")]
    Fraction { name: &'static str, value: f64 },
    #[error("max_candidates and max_postings must be at least 1")]
    Limits,
    #[error(transparent)]
    Pattern(#[from] PatternError),
}

impl ParamGuard for CheckParams {
    type Error = CheckParamsError;

    fn validate(&self) -> Result<(), CheckParamsError> {
        if self.min_chars == 0 || self.fail_passage_chars == 0 {
            return Err(CheckParamsError::Chars);
        }
        for (name, value) in [
            ("fail_containment", self.fail_containment),
            ("threshold", self.threshold),
            ("containment", self.containment),
            ("rewrite_threshold", self.rewrite_threshold),
            ("fail_total", self.fail_total),
            ("fail_single", self.fail_single),
            ("fail_section", self.fail_section),
            ("fail_reworded", self.fail_reworded),
            ("max_quoted_share", self.max_quoted_share),
            ("reworded_threshold", self.reworded_threshold),
            ("copy_similarity", self.copy_similarity),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(CheckParamsError::Fraction { name, value });
            }
        }
        if self.max_candidates == 0 || self.max_postings == 0 {
            return Err(CheckParamsError::Limits);
        }
        self.allow_patterns()?;
        self.self_patterns()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_and_each_error_is_found() {
        assert!(CheckParams::default().check().is_ok());
        let bad = |p: CheckParams| p.check().unwrap_err();
        let d = CheckParams::default;
        assert_eq!(
            bad(CheckParams {
                fail_passage_chars: 0,
                ..d()
            }),
            CheckParamsError::Chars
        );
        assert_eq!(
            bad(CheckParams {
                min_chars: 0,
                ..d()
            }),
            CheckParamsError::Chars
        );
        assert_eq!(
            bad(CheckParams {
                threshold: 1.5,
                ..d()
            }),
            CheckParamsError::Fraction {
                name: "threshold",
                value: 1.5
            }
        );
        assert!(matches!(
            bad(CheckParams {
                rewrite_threshold: f64::NAN,
                ..d()
            }),
            CheckParamsError::Fraction {
                name: "rewrite_threshold",
                ..
            }
        ));
        assert_eq!(
            bad(CheckParams {
                fail_containment: 0.0,
                ..d()
            }),
            CheckParamsError::Fraction {
                name: "fail_containment",
                value: 0.0
            }
        );
        assert_eq!(
            bad(CheckParams {
                max_postings: 0,
                ..d()
            }),
            CheckParamsError::Limits
        );
        assert!(
            CheckParams {
                containment: 1.0,
                allow: vec!["x".into()],
                ..d()
            }
            .check()
            .is_ok()
        );
    }
}
