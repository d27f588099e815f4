//! The report: one serde model, its renderers, and the writer.
//!
//! Takes the results of the stages (summary, dups, topics) and gives a
//! [`Report`], the single model that every output renders: `report.json` is
//! its serialisation, `index.html` ([`html`], with the charts inline) and
//! `report.md` ([`markdown`]) render it, and [`figures`] draws its charts. [`write_files`] is the only
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
use crate::lang::Lang;
use crate::regions::DocRegions;
use crate::summary::{Summary, summarize};
use crate::topics::Topics;

pub use view::{Limits, Views};
pub use write::{WriteError, write_files};

/// The charts a report can have: file name and caption in Chinese and in
/// English, in page order.
pub const CHARTS: [(&str, &str, &str); 11] = [
    (
        "similarity.svg",
        "文章相似度（TF-IDF 余弦）",
        "Document similarity (TF-IDF cosine)",
    ),
    (
        "cluster_sizes.svg",
        "近似文章簇的大小",
        "Near-duplicate cluster sizes",
    ),
    (
        "passage_sizes.svg",
        "重复段落组的大小",
        "Repeated passage group sizes",
    ),
    ("topic_sizes.svg", "各主题文章数", "Topic sizes"),
    ("topic_terms.svg", "各主题的关键词", "Top terms per topic"),
    (
        "document_map.svg",
        "文章分布图（按主题着色）",
        "Document map (PCA of LSA vectors), coloured by topic",
    ),
    (
        "topic_share_by_group.svg",
        "各组的主题占比",
        "Topic share by group",
    ),
    (
        "topic_share_over_time.svg",
        "主题占比随时间的变化",
        "Topic share over time",
    ),
    (
        "topic_share_by_group_over_time.svg",
        "各组各时期的主题占比",
        "Topic share by group and period",
    ),
    (
        "distinctive_terms.svg",
        "两组的特色词",
        "Distinctive terms of two groups",
    ),
    (
        "silhouette.svg",
        "主题数 k 的轮廓系数",
        "Silhouette score against k",
    ),
];

/// The caption of chart `name` in `lang` (empty for an unknown name).
pub fn caption(name: &str, lang: Lang) -> &'static str {
    CHARTS
        .iter()
        .find(|c| c.0 == name)
        .map_or("", |c| lang.tr(c.1, c.2))
}

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The chachong version that wrote it (the same as `chachong`).
    pub chachong_version: &'static str,
    /// The name and version of this JSON's shape, [`crate::schema::REPORT`].
    pub schema: &'static str,
    /// The chachong version that wrote it: kept from before
    /// `chachong_version`, since keys are never removed within a schema.
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
        chachong_version: crate::VERSION,
        schema: crate::schema::REPORT,
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

impl Report {
    /// The report with each document's regions (`regions[i]` of document
    /// `i`) in its record.
    pub fn with_regions(mut self, regions: &[DocRegions]) -> Report {
        for (d, r) in self.summary.docs.iter_mut().zip(regions) {
            d.regions = Some(r.clone());
        }
        self
    }
}

/// `report.json`: the model, pretty-printed, with a final newline.
pub fn to_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("report serialises");
    s.push('\n');
    s
}

/// All files of the report folder: `report.json`, `index.html`, `report.md`
/// and `charts/*.svg`, as paths relative to the folder; the page, the
/// Markdown and the charts labelled in `lang`.
pub fn render(report: &Report, lang: Lang) -> Result<Vec<(PathBuf, Vec<u8>)>, charts::ChartError> {
    let drawn = figures::draw(report, lang)?;
    let mut files = vec![
        (PathBuf::from("report.json"), to_json(report).into_bytes()),
        (
            PathBuf::from("index.html"),
            html::render(report, lang, &drawn).into_bytes(),
        ),
        (
            PathBuf::from("report.md"),
            markdown::render(report, lang).into_bytes(),
        ),
    ];
    for (name, svg) in drawn {
        files.push((PathBuf::from("charts").join(name), svg.into_bytes()));
    }
    Ok(files)
}
