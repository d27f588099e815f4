//! Repeated passages (interface placeholder: being written).

use serde::{Deserialize, Serialize};

use crate::analyze::Analyzed;

/// Settings for passage finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageParams {
    /// Shortest passage reported, in characters of the text as read.
    pub min_chars: u32,
}

impl Default for PassageParams {
    fn default() -> Self {
        PassageParams { min_chars: 30 }
    }
}

/// One copy of a passage: a span of one document's text as read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Copy {
    pub doc: String,
    pub start: u32,
    pub end: u32,
}

/// A passage that stands in two or more places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageGroup {
    /// Length of the first copy in characters.
    pub chars: u32,
    /// The text of the first copy, as read.
    pub text: String,
    pub copies: Vec<Copy>,
}

/// Finds every passage that stands in two or more places.
pub fn find(_docs: &[Analyzed], _params: &PassageParams) -> Vec<PassageGroup> {
    Vec::new()
}
