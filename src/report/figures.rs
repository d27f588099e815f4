//! The report's charts: its model mapped onto the chart primitives.
//!
//! Takes a [`Report`] and a [`Lang`] and gives SVG files by name (from
//! [`CHARTS`]), every title, axis, legend and hover text in that language
//! (corpus text as it is); a chart whose data the corpus does not have (no
//! groups, no dates) is left out and [`available`] says which are drawn.
//! Near-duplicate clusters (`cluster_sizes.svg`) and passage groups
//! (`passage_sizes.svg`) are counted by size in bins ([`size_bins`]).

use std::collections::{BTreeMap, HashMap};

use super::charts::{self, Bar, ChartError, Heatmap, TimeShares, shorten};
use super::{CHARTS, Report, caption};
use crate::lang::Lang;

/// The chart files this report has data for, in [`CHARTS`] order.
pub fn available(report: &Report) -> Vec<String> {
    CHARTS
        .iter()
        .map(|(name, _, _)| *name)
        .filter(|name| match *name {
            "similarity.svg" => report.views.similarity.docs.len() >= 2,
            "cluster_sizes.svg" | "passage_sizes.svg" => true,
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
            "topic_share_by_group_over_time.svg" => {
                !report.topics.topics.is_empty() && group_periods(report).len() >= 2
            }
            "distinctive_terms.svg" => report
                .compare
                .as_ref()
                .is_some_and(|c| c.pairwise.is_some()),
            _ => false,
        })
        .map(str::to_string)
        .collect()
}

/// The rows of the group × period chart: the periods of the largest groups
/// (at most [`GROUP_PERIOD_ROWS`] rows, whole groups, largest first, then by
/// name), each as `(group, period)`.
fn group_periods(report: &Report) -> Vec<(&crate::compare::Group, &crate::compare::Period)> {
    let Some(c) = &report.compare else {
        return Vec::new();
    };
    let mut groups: Vec<&crate::compare::Group> = c.groups.iter().collect();
    groups.sort_by(|a, b| b.docs.cmp(&a.docs).then(a.name.cmp(&b.name)));
    let mut rows = Vec::new();
    for g in groups {
        if rows.len() + g.over_time.len() > GROUP_PERIOD_ROWS {
            break;
        }
        rows.extend(g.over_time.iter().map(|p| (g, p)));
    }
    rows
}

/// The columns of a topic-share heatmap (one per topic, labelled) and each
/// row's share of every topic, from the rows' `topic_share`.
fn topic_heatmap<'a>(
    report: &Report,
    lang: Lang,
    shares: impl Iterator<Item = &'a [f64]>,
) -> (Vec<String>, Vec<Vec<f64>>) {
    let topics = &report.topics.topics;
    let cols = topics
        .iter()
        .map(|t| topic_label(report, t.id, lang))
        .collect();
    let values = shares
        .map(|share| {
            topics
                .iter()
                .map(|t| share.get(t.id).copied().unwrap_or(0.0))
                .collect()
        })
        .collect();
    (cols, values)
}

/// The most rows the group × period chart shows.
const GROUP_PERIOD_ROWS: usize = 40;

/// Counts of `sizes` (each at least 2) in bins: 2 to 10 one by one, then
/// 11–20, 21–50, 51–100, 101–200, 201–500, and so on by 1-2-5 steps, from
/// 2 up to the bin of the largest size (empty bins between included, so the
/// axis reads evenly). Each bin is `(first, last, count)`.
pub fn size_bins(sizes: impl IntoIterator<Item = usize>) -> Vec<(usize, usize, u64)> {
    let mut counts: BTreeMap<usize, u64> = BTreeMap::new();
    for s in sizes {
        *counts.entry(s).or_default() += 1;
    }
    let Some(&max) = counts.keys().next_back() else {
        return Vec::new();
    };
    let mut bounds: Vec<(usize, usize)> = (2..=10).map(|s| (s, s)).collect();
    let mut unit = 10;
    while bounds.last().expect("not empty").1 < max {
        for (lo, hi) in [
            (unit, 2 * unit),
            (2 * unit, 5 * unit),
            (5 * unit, 10 * unit),
        ] {
            bounds.push((lo + 1, hi));
        }
        unit *= 10;
    }
    bounds
        .into_iter()
        .filter(|&(lo, _)| lo <= max)
        .map(|(lo, hi)| (lo, hi, counts.range(lo..=hi).map(|(_, c)| c).sum()))
        .collect()
}

/// The bars of size bins: labelled `2`, `11–20`, each with a hover text
/// from `what(first, last, count)`.
fn bin_bars(bins: &[(usize, usize, u64)], what: impl Fn(String, u64) -> String) -> Vec<Bar> {
    bins.iter()
        .map(|&(lo, hi, count)| {
            let label = if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}–{hi}")
            };
            Bar {
                hover: what(label.clone(), count),
                label,
                count,
            }
        })
        .collect()
}

/// Looks documents' titles up by id.
struct Titles<'a>(HashMap<&'a str, &'a str>);

impl<'a> Titles<'a> {
    fn new(report: &'a Report) -> Self {
        Titles(
            report
                .summary
                .docs
                .iter()
                .map(|d| (d.id.as_str(), d.title.as_deref().unwrap_or(&d.id)))
                .collect(),
        )
    }

    /// The document's title, else its id.
    fn full(&self, id: &'a str) -> &'a str {
        self.0.get(id).copied().unwrap_or(id)
    }
}

fn topic_label(report: &Report, id: usize, lang: Lang) -> String {
    let label = report
        .topics
        .topics
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.label.as_str())
        .unwrap_or("");
    shorten(&format!("{}{id} {label}", lang.tr("主题 ", "topic ")), 24)
}

/// `2022-03` → months since year 0; `2022` → the year; else `None`.
fn period_position(period: &str) -> Option<i64> {
    match period.split_once('-') {
        Some((y, m)) => Some(y.parse::<i64>().ok()? * 12 + m.parse::<i64>().ok()? - 1),
        None => period.parse().ok(),
    }
}

fn percent(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// Draws every available chart, labelled in `lang`.
pub fn draw(report: &Report, lang: Lang) -> Result<Vec<(String, String)>, ChartError> {
    let titles = Titles::new(report);
    let mut out = Vec::new();
    for name in available(report) {
        let caption = caption(&name, lang);
        let svg = match name.as_str() {
            "similarity.svg" => {
                let s = &report.views.similarity;
                let full: Vec<String> =
                    s.docs.iter().map(|d| shorten(titles.full(d), 30)).collect();
                let labels: Vec<String> = full.iter().map(|t| shorten(t, 16)).collect();
                let hover = |r: usize, c: usize| {
                    let v = s
                        .cosine
                        .get(r)
                        .and_then(|row| row.get(c))
                        .copied()
                        .unwrap_or(0.0);
                    format!("{} × {}: {v:.2}", full[r], full[c])
                };
                charts::heatmap(&Heatmap {
                    title: caption,
                    rows: &labels,
                    cols: &labels,
                    values: &s.cosine,
                    scale_label: lang.tr(
                        "相似度（0 不相似，1 相同）",
                        "similarity (0 unrelated, 1 identical)",
                    ),
                    percent: false,
                    // Values fit in cells of 40 pixels: up to 14 documents.
                    show_values: labels.len() <= 14,
                    hover: &hover,
                })?
            }
            "cluster_sizes.svg" => {
                let bins = size_bins(
                    report
                        .dups
                        .near_duplicates
                        .clusters
                        .iter()
                        .map(|c| c.members.len()),
                );
                let bars = bin_bars(&bins, |size, n| match lang {
                    Lang::Zh => format!("{n} 个簇各有 {size} 篇近似文章"),
                    Lang::En => format!("{n} clusters of {size} near-duplicate documents"),
                });
                charts::count_bars(
                    &format!(
                        "{}{}",
                        caption,
                        lang.tr("（纵轴：每簇文章数）", " (rows: documents per cluster)")
                    ),
                    (
                        lang.tr("簇数", "clusters"),
                        lang.tr("簇数（对数刻度）", "clusters (log scale)"),
                    ),
                    &bars,
                )?
            }
            "passage_sizes.svg" => {
                let bins = size_bins(report.dups.passages.iter().map(|p| p.copies.len()));
                let bars = bin_bars(&bins, |size, n| match lang {
                    Lang::Zh => format!("{n} 组重复段落各出现 {size} 处"),
                    Lang::En => format!("{n} passage groups with {size} copies"),
                });
                charts::count_bars(
                    &format!(
                        "{}{}",
                        caption,
                        lang.tr("（纵轴：每组出现处数）", " (rows: copies per group)")
                    ),
                    (
                        lang.tr("段落组数", "passage groups"),
                        lang.tr("段落组数（对数刻度）", "passage groups (log scale)"),
                    ),
                    &bars,
                )?
            }
            "topic_sizes.svg" => {
                let bars: Vec<Bar> = report
                    .topics
                    .topics
                    .iter()
                    .map(|t| Bar {
                        label: topic_label(report, t.id, lang),
                        count: t.size as u64,
                        hover: match lang {
                            Lang::Zh => format!("主题 {} {}：{} 篇文章", t.id, t.label, t.size),
                            Lang::En => format!("topic {} {}: {} documents", t.id, t.label, t.size),
                        },
                    })
                    .collect();
                charts::count_bars(
                    caption,
                    (
                        lang.tr("文章数", "documents"),
                        lang.tr("文章数（对数刻度）", "documents (log scale)"),
                    ),
                    &bars,
                )?
            }
            "topic_terms.svg" => {
                let panels: Vec<charts::Panel> = report
                    .topics
                    .topics
                    .iter()
                    .map(|t| {
                        (
                            topic_label(report, t.id, lang),
                            t.terms
                                .iter()
                                .take(8)
                                .map(|w| {
                                    let hover = format!(
                                        "{}{}: {:.4}",
                                        w.term,
                                        lang.tr("，权重", ", weight"),
                                        w.weight
                                    );
                                    (shorten(&w.term, 6), w.weight, hover)
                                })
                                .collect(),
                        )
                    })
                    .collect();
                let title = lang.tr(
                    "各主题的关键词（条越长越能代表该主题）",
                    "Top terms per topic (longer bar: more typical of the topic)",
                );
                charts::small_multiples(title, &panels, 3)?
            }
            "document_map.svg" => {
                let sizes: BTreeMap<usize, usize> = report
                    .topics
                    .topics
                    .iter()
                    .map(|t| (t.id, t.size))
                    .collect();
                let points: Vec<(f64, f64, usize, String)> = report
                    .topics
                    .assignments
                    .iter()
                    .map(|a| (a.x, a.y, a.topic, titles.full(&a.doc).to_string()))
                    .collect();
                let k = sizes.keys().map(|id| id + 1).max().unwrap_or(0);
                let groups: Vec<String> = (0..k)
                    .map(|i| {
                        let n = sizes.get(&i).copied().unwrap_or(0);
                        format!("{}（{n}）", topic_label(report, i, lang))
                    })
                    .collect();
                charts::scatter(
                    caption,
                    (lang.tr("第一主成分", "PC 1"), lang.tr("第二主成分", "PC 2")),
                    &points,
                    &groups,
                )?
            }
            "silhouette.svg" => {
                let sil = &report.topics.silhouette;
                let pts: Vec<(f64, f64, Option<f64>)> =
                    sil.iter().map(|p| (p.k as f64, p.score, p.se)).collect();
                let hover = |i: usize| {
                    let p = &sil[i];
                    match p.se {
                        Some(se) => format!("k = {}: {:.3} ± {se:.3}", p.k, p.score),
                        None => format!("k = {}: {:.3}", p.k, p.score),
                    }
                };
                charts::curve_with_errors(
                    caption,
                    (
                        lang.tr("主题数 k", "k (number of topics)"),
                        lang.tr(
                            "轮廓系数（越高，主题分得越清楚）",
                            "mean silhouette (± standard error)",
                        ),
                    ),
                    &pts,
                    (Some(report.topics.k as f64), lang.tr("选定", "chosen")),
                    &hover,
                )?
            }
            "topic_share_by_group.svg" => {
                let Some(c) = &report.compare else { continue };
                let mut groups: Vec<&crate::compare::Group> = c.groups.iter().collect();
                groups.sort_by(|a, b| b.docs.cmp(&a.docs).then(a.name.cmp(&b.name)));
                groups.truncate(30);
                let rows: Vec<String> = groups
                    .iter()
                    .map(|g| format!("{} (n={})", shorten(&g.name, 16), g.docs))
                    .collect();
                let topics = &report.topics.topics;
                let (cols, values) =
                    topic_heatmap(report, lang, groups.iter().map(|g| &g.topic_share[..]));
                let hover = |r: usize, col: usize| {
                    let share = percent(values[r][col]);
                    let n = topics
                        .get(col)
                        .and_then(|t| groups[r].topic_docs.get(t.id))
                        .copied()
                        .unwrap_or(0);
                    match lang {
                        Lang::Zh => format!(
                            "{}（{} 篇）中 {share}（{n} 篇）属于{}",
                            groups[r].name, groups[r].docs, cols[col]
                        ),
                        Lang::En => format!(
                            "{} ({} documents): {share} ({n}) in {}",
                            groups[r].name, groups[r].docs, cols[col]
                        ),
                    }
                };
                let title = match lang {
                    Lang::Zh => format!("{caption}（按 {}）", c.by),
                    Lang::En => format!("Topic share by {}", c.by),
                };
                charts::heatmap(&Heatmap {
                    title: &title,
                    rows: &rows,
                    cols: &cols,
                    values: &values,
                    scale_label: lang.tr(
                        "该组文章中属于该主题的比例",
                        "share of the group's documents",
                    ),
                    percent: true,
                    show_values: true,
                    hover: &hover,
                })?
            }
            "topic_share_by_group_over_time.svg" => {
                let Some(c) = &report.compare else { continue };
                let rows_of = group_periods(report);
                let rows: Vec<String> = rows_of
                    .iter()
                    .map(|(g, p)| {
                        let small = if p.warning.is_some() { " ⚠" } else { "" };
                        format!(
                            "{} {} (n={}){small}",
                            shorten(&g.name, 12),
                            p.period,
                            p.docs
                        )
                    })
                    .collect();
                let (cols, values) = topic_heatmap(
                    report,
                    lang,
                    rows_of.iter().map(|(_, p)| &p.topic_share[..]),
                );
                let hover = |r: usize, col: usize| {
                    let (g, p) = rows_of[r];
                    let share = percent(values[r][col]);
                    let warn = p.warning.as_ref().map(|w| w.text(lang)).unwrap_or_default();
                    match lang {
                        Lang::Zh => format!(
                            "{} {}（{} 篇）中 {share} 属于{} {warn}",
                            g.name, p.period, p.docs, cols[col]
                        ),
                        Lang::En => format!(
                            "{} {} ({} documents): {share} in {} {warn}",
                            g.name, p.period, p.docs, cols[col]
                        ),
                    }
                };
                let title = match lang {
                    Lang::Zh => format!("{caption}（按 {} 和时期；⚠ 文章过少）", c.by),
                    Lang::En => {
                        format!("Topic share by {} and period (⚠: too few documents)", c.by)
                    }
                };
                charts::heatmap(&Heatmap {
                    title: &title,
                    rows: &rows,
                    cols: &cols,
                    values: &values,
                    scale_label: lang.tr(
                        "该组该时期文章中属于该主题的比例",
                        "share of the group's documents in the period",
                    ),
                    percent: true,
                    show_values: true,
                    hover: &hover,
                })?
            }
            "topic_share_over_time.svg" => {
                let Some(c) = &report.compare else { continue };
                let over: Vec<(&crate::compare::Period, i64)> = c
                    .over_time
                    .iter()
                    .filter_map(|p| Some((p, period_position(&p.period)?)))
                    .collect();
                if over.len() < 2 {
                    continue;
                }
                let monthly = c.settings.over_time_by == Some("date:month");
                let periods: Vec<(i64, usize)> = over.iter().map(|(p, x)| (*x, p.docs)).collect();
                let x_tick = |x: i64| {
                    if monthly {
                        format!("{}-{:02}", x.div_euclid(12), x.rem_euclid(12) + 1)
                    } else {
                        x.to_string()
                    }
                };
                let topics = &report.topics.topics;
                let series: Vec<(String, Vec<f64>)> = topics
                    .iter()
                    .map(|t| {
                        let shares = over
                            .iter()
                            .map(|(p, _)| p.topic_share.get(t.id).copied().unwrap_or(0.0))
                            .collect();
                        (topic_label(report, t.id, lang), shares)
                    })
                    .collect();
                let hover = |s: usize, p: usize| {
                    let (period, _) = over[p];
                    let share = percent(series[s].1[p]);
                    let n = topics
                        .get(s)
                        .and_then(|t| period.topic_docs.get(t.id))
                        .copied()
                        .unwrap_or(0);
                    match lang {
                        Lang::Zh => format!(
                            "{}：{} 篇文章，{share}（{n} 篇）属于{}",
                            period.period, period.docs, series[s].0
                        ),
                        Lang::En => format!(
                            "{}: {} documents, {share} ({n}) in {}",
                            period.period, period.docs, series[s].0
                        ),
                    }
                };
                charts::time_shares(&TimeShares {
                    title: caption,
                    x_label: if monthly {
                        lang.tr("月份（空缺的月份没有文章）", "month (gaps: no documents)")
                    } else {
                        lang.tr("年份（空缺的年份没有文章）", "year (gaps: no documents)")
                    },
                    y_label: lang.tr("该时期文章中的占比", "share of the period's documents"),
                    periods: &periods,
                    x_tick: &x_tick,
                    series: &series,
                    hover: &hover,
                    single_note: lang.tr(
                        "空心点：该时期只有一篇文章",
                        "hollow: a period of one document",
                    ),
                })?
            }
            "distinctive_terms.svg" => {
                let Some(p) = report.compare.as_ref().and_then(|c| c.pairwise.as_ref()) else {
                    continue;
                };
                let mut points = Vec::new();
                for (sign, g) in [(1.0, &p.a), (-1.0, &p.b)] {
                    for (i, t) in g.distinctive_terms.iter().enumerate() {
                        let label = (i < 10).then(|| t.term.clone());
                        let hover = match lang {
                            Lang::Zh => format!(
                                "{}：{} 中出现 {} 次，z = {:.1}",
                                t.term, g.name, t.count, t.z
                            ),
                            Lang::En => format!(
                                "{}: {} times in {}, z = {:.1}",
                                t.term, t.count, g.name, t.z
                            ),
                        };
                        points.push(((1.0 + t.count as f64).ln(), sign * t.z, label, hover));
                    }
                }
                let (a, b) = (shorten(&p.a.name, 12), shorten(&p.b.name, 12));
                let title = match lang {
                    Lang::Zh => format!("两组的特色词：{a}（上）与 {b}（下）"),
                    Lang::En => format!("Distinctive terms: {a} (z > 0) against {b} (z < 0)"),
                };
                charts::labelled_points(
                    &title,
                    lang.tr("该组中的出现次数（对数）", "log(1 + count in its group)"),
                    lang.tr(
                        "特色程度 z（越远离 0 越特别）",
                        "z-score (log-odds, Dirichlet prior)",
                    ),
                    &points,
                )?
            }
            _ => continue,
        };
        out.push((name, svg));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_fall_in_bins_up_to_the_largest() {
        let bins = size_bins([2, 2, 3, 7, 33, 12]);
        assert_eq!(bins.len(), 9 + 2);
        assert_eq!(bins[0], (2, 2, 2));
        assert_eq!(bins[1], (3, 3, 1));
        assert_eq!(bins[2], (4, 4, 0));
        assert_eq!(bins[9], (11, 20, 1));
        assert_eq!(bins[10], (21, 50, 1));
        assert_eq!(bins.iter().map(|b| b.2).sum::<u64>(), 6);
        assert!(size_bins([]).is_empty());
        assert_eq!(size_bins([2, 3]).len(), 2);
    }

    #[test]
    fn periods_sit_on_a_time_axis() {
        assert_eq!(period_position("2022-03"), Some(2022 * 12 + 2));
        assert_eq!(
            period_position("2023-01").unwrap() - period_position("2022-12").unwrap(),
            1
        );
        assert_eq!(period_position("2021"), Some(2021));
        assert_eq!(period_position("x"), None);
    }
}
