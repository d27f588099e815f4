//! The JSON document of `chachong check --format json` (and of the
//! service's `POST /v1/check`): the drafts' reports and the settings that
//! made them, one type for both writers so they cannot drift.

use serde::Serialize;

use crate::params::Checked;

use super::{CheckParams, DraftReport};

/// The settings echoed in the JSON output.
#[derive(Debug, Serialize)]
pub struct Settings<'a> {
    pub index: String,
    pub documents: usize,
    pub min_chars: u32,
    pub fail_passage_chars: u32,
    pub fail_containment: f64,
    pub threshold: f64,
    pub containment: f64,
    pub rewrites: bool,
    pub rewrite_threshold: f64,
    pub fail_total: f64,
    pub fail_single: f64,
    pub fail_section: f64,
    pub fail_reworded: f64,
    pub max_quoted_share: f64,
    pub min_section_chars: u32,
    pub copy_similarity: f64,
    pub reworded_threshold: f64,
    pub allow: &'a [String],
    #[serde(rename = "self")]
    pub self_sources: &'a [String],
}

impl<'a> Settings<'a> {
    /// The settings of a check of an index named `index` holding
    /// `documents`, with `params`, rewrites looked for or not.
    pub fn new(
        index: String,
        documents: usize,
        params: &'a Checked<CheckParams>,
        rewrites: bool,
    ) -> Settings<'a> {
        Settings {
            index,
            documents,
            min_chars: params.min_chars,
            fail_passage_chars: params.fail_passage_chars,
            fail_containment: params.fail_containment,
            threshold: params.threshold,
            containment: params.containment,
            rewrites,
            rewrite_threshold: params.rewrite_threshold,
            fail_total: params.fail_total,
            fail_single: params.fail_single,
            fail_section: params.fail_section,
            fail_reworded: params.fail_reworded,
            max_quoted_share: params.max_quoted_share,
            min_section_chars: params.min_section_chars,
            copy_similarity: params.copy_similarity,
            reworded_threshold: params.reworded_threshold,
            allow: &params.allow,
            self_sources: &params.self_sources,
        }
    }
}

/// `{"drafts": [...], "settings": {...}}`, written under the
/// [`crate::schema::CHECK`] envelope.
#[derive(Debug, Serialize)]
pub struct CheckOutput<'a> {
    pub drafts: &'a [DraftReport],
    pub settings: Settings<'a>,
}
