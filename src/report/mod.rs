//! The report: one serde model, its renderers, and the writer.
//!
//! Takes the results of the stages (summary, dups, topics) and gives a
//! [`Report`], the single model that every output renders: `report.json` is
//! its serialisation, `index.html` ([`html`]) and `report.md` ([`markdown`])
//! render it, and [`figures`] draws its charts. [`write_files`] is the only
//! place chachong writes files: it builds the whole report folder beside its
//! destination and renames it into place, so a report is written whole or not
//! at all, and it refuses to write inside an input.

pub mod charts;
pub mod figures;
pub mod html;
pub mod markdown;
pub mod view;
mod write;

use std::path::PathBuf;

use serde::Serialize;

use crate::analyze::{Analysis, AnalyzeParams};
use crate::compare::Comparison;
use crate::dups::DupsResult;
use crate::summary::{Summary, summarize};
use crate::topics::Topics;

pub use view::{Limits, Views};
pub use write::{WriteError, write_files};

/// The charts a report can have: file name and caption, in page order.
pub const CHARTS: [(&str, &str); 9] = [
    ("similarity.svg", "Document similarity (TF-IDF cosine)"),
    ("cluster_sizes.svg", "Near-duplicate cluster sizes"),
    ("topic_sizes.svg", "Topic sizes"),
    ("topic_terms.svg", "Top terms per topic"),
    (
        "document_map.svg",
        "Document map (PCA of LSA vectors), coloured by topic",
    ),
    ("topic_share_by_group.svg", "Topic share by group"),
    ("topic_share_over_time.svg", "Topic share over time"),
    ("distinctive_terms.svg", "Distinctive terms of two groups"),
    ("silhouette.svg", "Silhouette score against k"),
];

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The chachong version that wrote it.
    pub chachong: &'static str,
    pub inputs: Vec<String>,
    pub settings: AnalyzeParams,
    pub summary: Summary,
    pub dups: DupsResult<String>,
    pub topics: Topics<String>,
    /// Groups compared by a metadata field, when the corpus has one.
    pub compare: Option<Comparison>,
    /// What the page shows beyond the stage results.
    pub views: Views,
    /// The chart files written, from [`CHARTS`].
    pub charts: Vec<String>,
}

/// Builds the report model from an analysed corpus and the stage results.
pub fn build(
    analysis: &Analysis,
    inputs: &[PathBuf],
    settings: &AnalyzeParams,
    dups: &DupsResult,
    topics: &Topics,
    compare: Option<Comparison>,
    limits: Limits,
) -> Report {
    let views = view::build(analysis, dups, limits);
    let mut report = Report {
        chachong: crate::VERSION,
        inputs: inputs.iter().map(|p| p.display().to_string()).collect(),
        settings: settings.clone(),
        summary: summarize(analysis),
        dups: dups.named(analysis),
        topics: topics.named(analysis),
        compare,
        views,
        charts: Vec::new(),
    };
    report.charts = figures::available(&report);
    report
}

/// `report.json`: the model, pretty-printed, with a final newline.
pub fn to_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("report serialises");
    s.push('\n');
    s
}

/// All files of the report folder: `report.json`, `index.html`, `report.md`
/// and `charts/*.svg`, as paths relative to the folder.
pub fn render(report: &Report) -> Result<Vec<(PathBuf, Vec<u8>)>, charts::ChartError> {
    let mut files = vec![
        (PathBuf::from("report.json"), to_json(report).into_bytes()),
        (
            PathBuf::from("index.html"),
            html::render(report).into_bytes(),
        ),
        (
            PathBuf::from("report.md"),
            markdown::render(report).into_bytes(),
        ),
    ];
    for (name, svg) in figures::draw(report)? {
        files.push((PathBuf::from("charts").join(name), svg.into_bytes()));
    }
    Ok(files)
}
