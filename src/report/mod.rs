//! The report: one serde model, and the writers that put it on disk.
//!
//! Takes the results of the stages and gives a [`Report`], the single model
//! that every output format renders (`report.json` is its direct
//! serialisation). [`write`] is the only place chachong writes files: it
//! builds the whole report folder beside its destination and renames it into
//! place, so a report is written whole or not at all, and it refuses to write
//! inside an input.

pub mod charts;
mod write;

use std::path::PathBuf;

use serde::Serialize;

use crate::analyze::{Analysis, AnalyzeParams};
use crate::summary::{Summary, summarize};

pub use write::{WriteError, write_files};

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The chachong version that wrote it.
    pub chachong: &'static str,
    pub inputs: Vec<String>,
    pub settings: AnalyzeParams,
    pub summary: Summary,
}

/// Builds the report model from an analysed corpus.
pub fn build(analysis: &Analysis, inputs: &[PathBuf], settings: &AnalyzeParams) -> Report {
    Report {
        chachong: crate::VERSION,
        inputs: inputs.iter().map(|p| p.display().to_string()).collect(),
        settings: settings.clone(),
        summary: summarize(analysis),
    }
}

/// `report.json`: the model, pretty-printed, with a final newline.
pub fn to_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("report serialises");
    s.push('\n');
    s
}
