//! The report's charts: its model mapped onto the chart primitives.
//!
//! Takes a [`Report`] and gives SVG files by name (from [`CHARTS`]); a chart
//! whose data the corpus does not have (no groups, no dates) is left out and
//! [`available`] says which are drawn.

use std::collections::BTreeMap;

use super::charts::{self, ChartError, shorten};
use super::{CHARTS, Report, caption};
use crate::lang::Lang;

/// The chart files this report has data for, in [`CHARTS`] order.
pub fn available(report: &Report) -> Vec<String> {
    CHARTS
        .iter()
        .map(|(name, _, _)| *name)
        .filter(|name| match *name {
            "similarity.svg" => report.views.similarity.docs.len() >= 2,
            "cluster_sizes.svg" => true,
            "topic_sizes.svg" | "topic_terms.svg" | "document_map.svg" => {
                !report.topics.topics.is_empty()
            }
            "silhouette.svg" => !report.topics.silhouette.is_empty(),
            "topic_share_by_group.svg" => report
                .compare
                .as_ref()
                .is_some_and(|c| !c.groups.is_empty() && !report.topics.topics.is_empty()),
            "topic_share_over_time.svg" => report
                .compare
                .as_ref()
                .is_some_and(|c| c.over_time.len() >= 2),
            "distinctive_terms.svg" => report
                .compare
                .as_ref()
                .is_some_and(|c| c.pairwise.is_some()),
            _ => false,
        })
        .map(str::to_string)
        .collect()
}

/// A short label for a document: its title, else its id.
fn doc_label(report: &Report, id: &str) -> String {
    let title = report
        .summary
        .docs
        .iter()
        .find(|d| d.id == id)
        .and_then(|d| d.title.clone())
        .unwrap_or_else(|| id.to_string());
    shorten(&title, 14)
}

fn topic_label(report: &Report, id: usize) -> String {
    let label = report
        .topics
        .topics
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.label.as_str())
        .unwrap_or("");
    shorten(&format!("{id} {label}"), 22)
}

/// Draws every available chart.
pub fn draw(report: &Report, lang: Lang) -> Result<Vec<(String, String)>, ChartError> {
    let mut out = Vec::new();
    for name in available(report) {
        let caption = caption(&name, lang);
        let svg = match name.as_str() {
            "similarity.svg" => {
                let s = &report.views.similarity;
                let labels: Vec<String> = s.docs.iter().map(|d| doc_label(report, d)).collect();
                charts::heatmap(caption, &labels, &labels, &s.cosine, "cosine")?
            }
            "cluster_sizes.svg" => {
                let mut sizes: BTreeMap<(u8, usize), usize> = BTreeMap::new();
                for c in &report.dups.near_duplicates.clusters {
                    *sizes.entry((0, c.members.len())).or_default() += 1;
                }
                for p in &report.dups.passages {
                    *sizes.entry((1, p.copies.len())).or_default() += 1;
                }
                let labels: Vec<String> = sizes
                    .keys()
                    .map(|(kind, n)| match kind {
                        0 => format!("{n} 篇近似文档 documents"),
                        _ => format!("{n} 处重复段落 copies"),
                    })
                    .collect();
                let values: Vec<f64> = sizes.values().map(|&v| v as f64).collect();
                charts::bars(
                    "Duplicate cluster sizes: near-duplicate clusters and passage groups",
                    "number of clusters or groups",
                    &labels,
                    &values,
                )?
            }
            "topic_sizes.svg" => {
                let labels: Vec<String> = report
                    .topics
                    .topics
                    .iter()
                    .map(|t| topic_label(report, t.id))
                    .collect();
                let values: Vec<f64> = report.topics.topics.iter().map(|t| t.size as f64).collect();
                charts::bars(caption, "documents", &labels, &values)?
            }
            "topic_terms.svg" => {
                let panels: Vec<(String, Vec<(String, f64)>)> = report
                    .topics
                    .topics
                    .iter()
                    .map(|t| {
                        (
                            topic_label(report, t.id),
                            t.terms
                                .iter()
                                .take(8)
                                .map(|w| (shorten(&w.term, 6), w.weight))
                                .collect(),
                        )
                    })
                    .collect();
                charts::small_multiples("Top terms per topic (c-TF-IDF weight)", &panels, 3)?
            }
            "document_map.svg" => {
                let points: Vec<(f64, f64, usize)> = report
                    .topics
                    .assignments
                    .iter()
                    .map(|a| (a.x, a.y, a.topic))
                    .collect();
                let k = report
                    .topics
                    .topics
                    .iter()
                    .map(|t| t.id + 1)
                    .max()
                    .unwrap_or(0);
                let groups: Vec<String> = (0..k).map(|i| topic_label(report, i)).collect();
                charts::scatter(caption, "PC 1", "PC 2", &points, &groups)?
            }
            "silhouette.svg" => {
                let pts: Vec<(f64, f64, Option<f64>)> = report
                    .topics
                    .silhouette
                    .iter()
                    .map(|p| (p.k as f64, p.score, p.se))
                    .collect();
                charts::curve_with_errors(
                    caption,
                    "k (number of topics)",
                    "mean silhouette (± standard error over the samples)",
                    &pts,
                    Some(report.topics.k as f64),
                )?
            }
            "topic_share_by_group.svg" => {
                let Some(c) = &report.compare else { continue };
                let mut groups: Vec<&crate::compare::Group> = c.groups.iter().collect();
                groups.sort_by(|a, b| b.docs.cmp(&a.docs).then(a.name.cmp(&b.name)));
                groups.truncate(30);
                let rows: Vec<String> = groups.iter().map(|g| shorten(&g.name, 16)).collect();
                let cols: Vec<String> = report
                    .topics
                    .topics
                    .iter()
                    .map(|t| topic_label(report, t.id))
                    .collect();
                let values: Vec<Vec<f64>> = groups
                    .iter()
                    .map(|g| {
                        report
                            .topics
                            .topics
                            .iter()
                            .map(|t| g.topic_share.get(t.id).copied().unwrap_or(0.0))
                            .collect()
                    })
                    .collect();
                charts::heatmap(
                    &format!("Topic share by {}", c.by),
                    &rows,
                    &cols,
                    &values,
                    "share",
                )?
            }
            "topic_share_over_time.svg" => {
                let Some(c) = &report.compare else { continue };
                let periods: Vec<String> = c.over_time.iter().map(|p| p.period.clone()).collect();
                let series: Vec<(String, Vec<(f64, f64)>)> = report
                    .topics
                    .topics
                    .iter()
                    .map(|t| {
                        let pts = c
                            .over_time
                            .iter()
                            .enumerate()
                            .map(|(i, p)| {
                                (i as f64, p.topic_share.get(t.id).copied().unwrap_or(0.0))
                            })
                            .collect();
                        (topic_label(report, t.id), pts)
                    })
                    .collect();
                charts::lines(
                    caption,
                    "period",
                    "share of the period's documents",
                    &series,
                    Some(&periods),
                )?
            }
            "distinctive_terms.svg" => {
                let Some(p) = report.compare.as_ref().and_then(|c| c.pairwise.as_ref()) else {
                    continue;
                };
                let mut points = Vec::new();
                for (sign, g) in [(1.0, &p.a), (-1.0, &p.b)] {
                    for (i, t) in g.distinctive_terms.iter().enumerate() {
                        let label = (i < 10).then(|| t.term.clone());
                        points.push(((1.0 + t.count as f64).ln(), sign * t.z, label));
                    }
                }
                let title = format!(
                    "Distinctive terms: {} (z > 0) against {} (z < 0)",
                    shorten(&p.a.name, 12),
                    shorten(&p.b.name, 12)
                );
                charts::labelled_points(
                    &title,
                    "log(1 + count in its group)",
                    "z-score (log-odds, Dirichlet prior)",
                    &points,
                )?
            }
            _ => continue,
        };
        out.push((name, svg));
    }
    Ok(out)
}
