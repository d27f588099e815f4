//! SVG charts drawn with plotters, from plain data.
//!
//! Each function takes a title, axis labels and plain numbers and gives one
//! SVG document as a string. They know nothing of documents or topics: the
//! report maps its model onto them. Text is written as SVG `<text>` (plotters
//! escapes it) in a chain of CJK fonts so Chinese renders in common browsers;
//! because plotters measures text by bytes without its `ttf` feature, label
//! space is laid out here with [`text_width`]. Output is deterministic.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The font chain for all chart text.
pub const FONT: &str =
    "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// plotters writes font sizes divided by 1.24: ask for this much more.
const SCALE: f64 = 1.24;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("chart {title:?}: {message}")]
pub struct ChartError {
    pub title: String,
    pub message: String,
}

fn err<E: std::fmt::Debug>(title: &str) -> impl FnOnce(E) -> ChartError + '_ {
    move |e| ChartError {
        title: title.to_string(),
        message: format!("{e:?}"),
    }
}

fn font(size: f64) -> TextStyle<'static> {
    (FONT, size * SCALE).into_font().into()
}

/// Width in pixels of `text` at `size`: CJK and other wide characters one em,
/// the rest about half.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) < 0x2E80 { 0.58 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// Shortens a label to at most `max` chars with an ellipsis.
pub fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// A qualitative palette for up to 20 groups, repeating after.
pub fn palette(i: usize) -> RGBColor {
    const P: [(u8, u8, u8); 20] = [
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (188, 189, 34),
        (23, 190, 207),
        (174, 199, 232),
        (255, 187, 120),
        (152, 223, 138),
        (255, 152, 150),
        (197, 176, 213),
        (196, 156, 148),
        (247, 182, 210),
        (199, 199, 199),
        (219, 219, 141),
        (158, 218, 229),
    ];
    let (r, g, b) = P[i % P.len()];
    RGBColor(r, g, b)
}

/// Draws one chart into an SVG string: a white canvas of `size` with
/// `title` on top; `draw` gets the whole canvas and the area below the title.
fn svg_chart(
    title: &str,
    size: (u32, u32),
    draw: impl FnOnce(
        &DrawingArea<SVGBackend<'_>, Shift>,
        &DrawingArea<SVGBackend<'_>, Shift>,
    ) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let area = title_area(&root, title)?;
        draw(&root, &area)?;
        root.present().map_err(err(title))?;
    }
    Ok(xml_chars(svg))
}

/// `svg` with every character XML 1.0 forbids (C0 controls but tab, newline
/// and carriage return; U+FFFE, U+FFFF) written as a visible `\u{..}`:
/// plotters escapes markup in labels but passes these through, and one of
/// them in a corpus title makes the whole chart invalid XML (a broken
/// image). They never occur in the markup itself, only in label text.
fn xml_chars(svg: String) -> String {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if !svg.contains(bad) {
        return svg;
    }
    let mut out = String::with_capacity(svg.len() + 16);
    for c in svg.chars() {
        if bad(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

fn title_area<'b>(
    root: &DrawingArea<SVGBackend<'b>, Shift>,
    title: &str,
) -> Result<DrawingArea<SVGBackend<'b>, Shift>, ChartError> {
    root.fill(&WHITE).map_err(err(title))?;
    let (top, rest) = root.split_vertically(40);
    let w = top.dim_in_pixel().0 as i32;
    top.draw_text(
        title,
        &font(18.0).pos(Pos::new(HPos::Center, VPos::Center)),
        (w / 2, 20),
    )
    .map_err(err(title))?;
    Ok(rest)
}

/// Horizontal bars: one labelled bar per value, in the order given.
pub fn bars(
    title: &str,
    x_label: &str,
    labels: &[String],
    values: &[f64],
) -> Result<String, ChartError> {
    let n = labels.len().max(1);
    let label_w = labels
        .iter()
        .map(|l| text_width(l, 12.0))
        .fold(40.0, f64::max)
        .min(320.0);
    let height = (80 + 26 * n) as u32;
    let max = values.iter().copied().fold(0.0, f64::max).max(1e-9) * 1.08;
    svg_chart(title, (760, height), |_, area| {
        let mut chart = ChartBuilder::on(area)
            .margin_right(24)
            .x_label_area_size(36)
            .y_label_area_size(label_w as u32 + 12)
            .build_cartesian_2d(0.0..max, (0..n).into_segmented())
            .map_err(err(title))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(x_label)
            .axis_desc_style(font(13.0))
            .label_style(font(12.0))
            .y_labels(n)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .draw()
            .map_err(err(title))?;
        chart
            .draw_series(values.iter().enumerate().map(|(i, &v)| {
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (v, SegmentValue::Exact(i + 1)),
                    ],
                    palette(0).filled(),
                );
                bar.set_margin(3, 3, 0, 0);
                bar
            }))
            .map_err(err(title))?;
        Ok(())
    })
}

/// A heatmap of `values[row][col]` in `[0, max]`, rows and columns labelled.
pub fn heatmap(
    title: &str,
    row_labels: &[String],
    col_labels: &[String],
    values: &[Vec<f64>],
    legend: &str,
) -> Result<String, ChartError> {
    let (rows, cols) = (row_labels.len().max(1), col_labels.len().max(1));
    let cell = (560.0 / cols.max(rows) as f64).clamp(6.0, 36.0);
    let label_w = row_labels
        .iter()
        .map(|l| text_width(l, 11.0))
        .fold(30.0, f64::max)
        .min(260.0);
    let col_label_h = col_labels
        .iter()
        .map(|l| text_width(l, 11.0))
        .fold(20.0, f64::max)
        .min(200.0);
    let width = (label_w + cell * cols as f64 + 60.0) as u32;
    let height = (40.0 + col_label_h + cell * rows as f64 + 50.0) as u32;
    let max = values
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max)
        .max(1e-9);
    svg_chart(title, (width.max(360), height), |_, area| {
        let x0 = label_w + 8.0;
        let y0 = col_label_h + 8.0;
        let small = font(11.0);
        for (r, label) in row_labels.iter().enumerate() {
            let y = y0 + cell * (r as f64 + 0.5);
            area.draw_text(
                label,
                &small.pos(Pos::new(HPos::Right, VPos::Center)),
                ((x0 - 4.0) as i32, y as i32),
            )
            .map_err(err(title))?;
        }
        for (c, label) in col_labels.iter().enumerate() {
            let x = x0 + cell * (c as f64 + 0.5);
            let style = small
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Left, VPos::Center));
            area.draw_text(label, &style, (x as i32, (y0 - 4.0) as i32))
                .map_err(err(title))?;
        }
        for (r, row) in values.iter().enumerate() {
            for (c, &v) in row.iter().enumerate() {
                let t = (v / max).clamp(0.0, 1.0);
                let shade = RGBColor(
                    (255.0 - t * (255.0 - 8.0)) as u8,
                    (255.0 - t * (255.0 - 81.0)) as u8,
                    (255.0 - t * (255.0 - 156.0)) as u8,
                );
                let (x, y) = (x0 + cell * c as f64, y0 + cell * r as f64);
                area.draw(&Rectangle::new(
                    [(x as i32, y as i32), ((x + cell) as i32, (y + cell) as i32)],
                    shade.filled(),
                ))
                .map_err(err(title))?;
            }
        }
        let note = format!("{legend}: white 0, dark blue {max:.2}");
        area.draw_text(
            &note,
            &small,
            (x0 as i32, (y0 + cell * rows as f64 + 16.0) as i32),
        )
        .map_err(err(title))?;
        Ok(())
    })
}

/// A scatter plot of points coloured by group, with a legend of group names.
pub fn scatter(
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[(f64, f64, usize)],
    groups: &[String],
) -> Result<String, ChartError> {
    let (xr, yr) = ranges(points.iter().map(|p| (p.0, p.1)));
    let legend_w = groups
        .iter()
        .map(|g| text_width(g, 12.0))
        .fold(60.0, f64::max)
        .min(260.0)
        + 30.0;
    svg_chart(title, (760 + legend_w as u32, 560), |_, area| {
        let (plot, legend) = area.split_horizontally(760);
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(50)
            .build_cartesian_2d(xr, yr)
            .map_err(err(title))?;
        chart
            .configure_mesh()
            .x_desc(x_label)
            .y_desc(y_label)
            .axis_desc_style(font(13.0))
            .label_style(font(11.0))
            .draw()
            .map_err(err(title))?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&(x, y, g)| Circle::new((x, y), 3, palette(g).mix(0.75).filled())),
            )
            .map_err(err(title))?;
        for (i, g) in groups.iter().enumerate() {
            let y = 24 + 20 * i as i32;
            legend
                .draw(&Circle::new((10, y), 5, palette(i).filled()))
                .map_err(err(title))?;
            legend
                .draw_text(
                    g,
                    &font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
                    (22, y),
                )
                .map_err(err(title))?;
        }
        Ok(())
    })
}

/// Lines: one series per name, points `(x, y)`, with a legend. `x_labels`
/// names the integer x positions when given (periods, k values).
pub fn lines(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[(String, Vec<(f64, f64)>)],
    x_labels: Option<&[String]>,
) -> Result<String, ChartError> {
    let (xr, yr) = ranges(series.iter().flat_map(|s| s.1.iter().copied()));
    let legend_w = series
        .iter()
        .map(|s| text_width(&s.0, 12.0))
        .fold(0.0, f64::max)
        .min(260.0);
    let legend_w = if series.len() > 1 {
        legend_w + 40.0
    } else {
        0.0
    };
    svg_chart(title, (760 + legend_w as u32, 420), |_, area| {
        let (plot, legend) = area.split_horizontally(760);
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(xr, yr)
            .map_err(err(title))?;
        let formatter = |v: &f64| match x_labels {
            Some(labels) if (v.round() - v).abs() < 1e-9 && *v >= 0.0 => {
                labels.get(v.round() as usize).cloned().unwrap_or_default()
            }
            Some(_) => String::new(),
            None => format!("{v}"),
        };
        chart
            .configure_mesh()
            .x_desc(x_label)
            .y_desc(y_label)
            .axis_desc_style(font(13.0))
            .label_style(font(11.0))
            .x_label_formatter(&formatter)
            .draw()
            .map_err(err(title))?;
        for (i, (_, pts)) in series.iter().enumerate() {
            let color = palette(i);
            chart
                .draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))
                .map_err(err(title))?;
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 3, color.filled())))
                .map_err(err(title))?;
        }
        if series.len() > 1 {
            for (i, (name, _)) in series.iter().enumerate() {
                let y = 24 + 20 * i as i32;
                legend
                    .draw(&Rectangle::new(
                        [(4, y - 2), (18, y + 2)],
                        palette(i).filled(),
                    ))
                    .map_err(err(title))?;
                legend
                    .draw_text(
                        name,
                        &font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
                        (24, y),
                    )
                    .map_err(err(title))?;
            }
        }
        Ok(())
    })
}

/// Small multiples: one panel of horizontal bars per group (e.g. top terms
/// per topic), laid out in a grid of `per_row` panels.
pub fn small_multiples(
    title: &str,
    panels: &[(String, Vec<(String, f64)>)],
    per_row: usize,
) -> Result<String, ChartError> {
    let per_row = per_row.max(1);
    let rows = panels.len().div_ceil(per_row).max(1);
    let bars_max = panels.iter().map(|p| p.1.len()).max().unwrap_or(1).max(1);
    let panel_h = 40 + 18 * bars_max as u32;
    let (pw, ph) = (300u32, panel_h);
    svg_chart(
        title,
        (pw * per_row as u32, 40 + ph * rows as u32),
        |_, area| {
            let cells = area.split_evenly((rows, per_row));
            for (cell, (name, bars)) in cells.iter().zip(panels) {
                cell.draw_text(
                    &shorten(name, 18),
                    &font(13.0).pos(Pos::new(HPos::Center, VPos::Top)),
                    (pw as i32 / 2, 4),
                )
                .map_err(err(title))?;
                let max = bars.iter().map(|b| b.1).fold(0.0, f64::max).max(1e-9);
                for (i, (label, v)) in bars.iter().enumerate() {
                    let y = 26 + 18 * i as i32;
                    cell.draw_text(
                        label,
                        &font(11.0).pos(Pos::new(HPos::Right, VPos::Center)),
                        (96, y + 7),
                    )
                    .map_err(err(title))?;
                    let w = (v / max * 180.0).max(1.0) as i32;
                    cell.draw(&Rectangle::new(
                        [(100, y + 1), (100 + w, y + 13)],
                        palette(0).mix(0.85).filled(),
                    ))
                    .map_err(err(title))?;
                }
            }
            Ok(())
        },
    )
}

/// Points `(x, y)` with optional text labels beside them (distinctive terms:
/// z-score against log frequency). Labels are placed in the order given
/// (most important first) where they overlap no earlier label; a label with
/// no free place nearby is left out (its point stays marked).
pub fn labelled_points(
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[(f64, f64, Option<String>)],
) -> Result<String, ChartError> {
    const LABEL_SIZE: f64 = 11.0;
    let (xr, yr) = ranges(points.iter().map(|p| (p.0, p.1)));
    svg_chart(title, (860, 560), |root, area| {
        let mut chart = xy_chart(area, title, (x_label, y_label), xr, yr, false)?;
        chart
            .draw_series(points.iter().map(|p| {
                let color = if p.2.is_some() {
                    palette(3)
                } else {
                    RGBColor(170, 170, 170)
                };
                Circle::new((p.0, p.1), 2, color.filled())
            }))
            .map_err(err(title))?;
        let labelled: Vec<(&str, (i32, i32))> = points
            .iter()
            .filter_map(|p| Some((p.2.as_deref()?, chart.backend_coord(&(p.0, p.1)))))
            .collect();
        let (px, py) = chart.plotting_area().get_pixel_range();
        let bounds = Rect {
            x0: px.start as f64,
            y0: py.start as f64,
            x1: px.end as f64,
            y1: py.end as f64,
        };
        let wanted: Vec<(f64, f64, f64)> = labelled
            .iter()
            .map(|&(l, (x, y))| (x as f64, y as f64, text_width(l, LABEL_SIZE)))
            .collect();
        let placed = place_labels(&wanted, LABEL_SIZE + 2.0, bounds);
        for ((label, _), at) in labelled.iter().zip(placed) {
            if let Some((x, y)) = at {
                root.draw_text(
                    label,
                    &font(LABEL_SIZE).pos(Pos::new(HPos::Left, VPos::Top)),
                    (x.round() as i32, y.round() as i32),
                )
                .map_err(err(title))?;
            }
        }
        Ok(())
    })
}

/// A silhouette-style curve: points `(x, y, error)` joined by a line, each
/// with a bar of ± its error when it has one, and the point at `chosen_x`
/// ringed and named.
pub fn curve_with_errors(
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[(f64, f64, Option<f64>)],
    chosen_x: Option<f64>,
) -> Result<String, ChartError> {
    let spread = |p: &(f64, f64, Option<f64>)| p.2.unwrap_or(0.0);
    let (xr, yr) = ranges(
        points
            .iter()
            .flat_map(|p| [(p.0, p.1 - spread(p)), (p.0, p.1 + spread(p))]),
    );
    svg_chart(title, (760, 420), |root, area| {
        let mut chart = xy_chart(area, title, (x_label, y_label), xr, yr, true)?;
        let color = palette(0);
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (p.0, p.1)),
                color.stroke_width(2),
            ))
            .map_err(err(title))?;
        // Error bars: a vertical stroke from y − e to y + e with a cap at
        // each end (the caps a fixed share of the x range wide).
        let cap = (chart.x_range().end - chart.x_range().start) * 0.006;
        for p in points.iter().filter(|p| spread(p) > 0.0) {
            let (lo, hi) = (p.1 - spread(p), p.1 + spread(p));
            chart
                .draw_series([
                    PathElement::new(vec![(p.0, lo), (p.0, hi)], color),
                    PathElement::new(vec![(p.0 - cap, lo), (p.0 + cap, lo)], color),
                    PathElement::new(vec![(p.0 - cap, hi), (p.0 + cap, hi)], color),
                ])
                .map_err(err(title))?;
        }
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Circle::new((p.0, p.1), 3, color.filled())),
            )
            .map_err(err(title))?;
        if let Some(p) = chosen_x.and_then(|x| points.iter().find(|p| p.0 == x)) {
            let mark = palette(3);
            chart
                .draw_series([Circle::new((p.0, p.1), 7, mark.stroke_width(2))])
                .map_err(err(title))?;
            let (x, y) = chart.backend_coord(&(p.0, p.1));
            root.draw_text(
                &format!("chosen: {}", p.0),
                &font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
                (x, y - 10),
            )
            .map_err(err(title))?;
        }
        Ok(())
    })
}

type XyChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A plain numeric x-y chart on `area` with its mesh and axis titles; with
/// `whole_x`, only whole x values are labelled (k, counts).
fn xy_chart<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    title: &str,
    (x_label, y_label): (&str, &str),
    xr: std::ops::Range<f64>,
    yr: std::ops::Range<f64>,
    whole_x: bool,
) -> Result<XyChart<'a, 'b>, ChartError> {
    let x_tick = |v: &f64| {
        if whole_x && (v - v.round()).abs() > 1e-9 {
            String::new()
        } else {
            tick(v)
        }
    };
    let mut chart = ChartBuilder::on(area)
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(xr, yr)
        .map_err(err(title))?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .axis_desc_style(font(13.0))
        .label_style(font(11.0))
        .x_label_formatter(&x_tick)
        .y_label_formatter(&tick)
        .draw()
        .map_err(err(title))?;
    Ok(chart)
}

/// An axis tick: whole numbers without decimals (k = 7, not 7.0), others
/// with at most four decimals and no trailing zeros.
fn tick(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        // `+ 0.0` turns −0 into 0.
        format!("{:.0}", v.round() + 0.0)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A box in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }
}

/// Top-left corners for labels `(point x, point y, width)` of one `height`,
/// in pixels, in order: the first of a few places around its point (right,
/// above; right, below; left; then further up and down) that stays inside
/// `bounds` and overlaps no label placed before it; `None` when none does.
fn place_labels(labels: &[(f64, f64, f64)], height: f64, bounds: Rect) -> Vec<Option<(f64, f64)>> {
    const GAP: f64 = 3.0;
    let mut taken: Vec<Rect> = Vec::new();
    labels
        .iter()
        .map(|&(x, y, w)| {
            let right = x + GAP;
            let left = x - GAP - w;
            let candidates = [
                (right, y - height),
                (right, y),
                (left, y - height),
                (left, y),
                (right, y - 2.0 * height),
                (right, y + height),
                (left, y - 2.0 * height),
                (left, y + height),
                (right, y - 3.0 * height),
                (right, y + 2.0 * height),
            ];
            let spot = candidates.into_iter().find(|&(cx, cy)| {
                let r = Rect {
                    x0: cx,
                    y0: cy,
                    x1: cx + w,
                    y1: cy + height,
                };
                r.inside(&bounds) && !taken.iter().any(|t| t.overlaps(&r))
            })?;
            taken.push(Rect {
                x0: spot.0,
                y0: spot.1,
                x1: spot.0 + w,
                y1: spot.1 + height,
            });
            Some(spot)
        })
        .collect()
}

/// Axis ranges covering the points with a small margin; a single value gets
/// a unit-wide range.
fn ranges(
    points: impl Iterator<Item = (f64, f64)>,
) -> (std::ops::Range<f64>, std::ops::Range<f64>) {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (x, y) in points.filter(|p| p.0.is_finite() && p.1.is_finite()) {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let pad = |a: f64, b: f64| {
        if a > b {
            (0.0, 1.0)
        } else if (b - a).abs() < 1e-12 {
            (a - 0.5, b + 0.5)
        } else {
            let m = (b - a) * 0.06;
            (a - m, b + m)
        }
    };
    let (x0, x1) = pad(x0, x1);
    let (y0, y1) = pad(y0, y1);
    (x0..x1, y0..y1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_svg(svg: &str) {
        assert!(svg.starts_with("<svg"), "{}", &svg[..60.min(svg.len())]);
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains(FONT));
    }

    #[test]
    fn control_characters_in_labels_keep_the_svg_valid_xml() {
        let labels = vec!["文章\u{0}\u{c}一".to_string()];
        let svg = bars("标题\u{1b}[2J\u{8}", "count", &labels, &[3.0]).unwrap();
        valid_svg(&svg);
        assert!(
            !svg.chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        );
        assert!(svg.contains("\\u{1b}[2J"), "{svg}");
    }

    #[test]
    fn bars_escape_and_keep_chinese_labels() {
        let labels = vec!["工业互联网 <平台>".to_string(), "青岛 & 山东".to_string()];
        let svg = bars("主题大小", "文档数", &labels, &[12.0, 3.0]).unwrap();
        valid_svg(&svg);
        assert!(svg.contains("主题大小"));
        assert!(svg.contains("工业互联网 &lt;平台&gt;"));
        assert!(svg.contains("青岛 &amp; 山东"));
        assert!(!svg.contains("<平台>"));
        assert_eq!(
            svg,
            bars("主题大小", "文档数", &labels, &[12.0, 3.0]).unwrap()
        );
    }

    #[test]
    fn every_chart_kind_draws() {
        let names = vec!["甲".to_string(), "乙".to_string()];
        valid_svg(
            &heatmap(
                "相似度",
                &names,
                &names,
                &[vec![1.0, 0.2], vec![0.2, 1.0]],
                "cosine",
            )
            .unwrap(),
        );
        valid_svg(&scatter("地图", "x", "y", &[(0.0, 1.0, 0), (1.0, 0.0, 1)], &names).unwrap());
        valid_svg(
            &lines(
                "轮廓系数",
                "k",
                "score",
                &[("s".into(), vec![(2.0, 0.1), (3.0, 0.3)])],
                None,
            )
            .unwrap(),
        );
        valid_svg(
            &small_multiples("词", &[("主题一".into(), vec![("平台".into(), 0.5)])], 3).unwrap(),
        );
        valid_svg(
            &labelled_points(
                "区分词",
                "log",
                "z",
                &[(1.0, 2.0, Some("平台".into())), (0.5, 0.1, None)],
            )
            .unwrap(),
        );
        // A single point or no points still gives a drawable range.
        valid_svg(&scatter("一个点", "x", "y", &[(0.0, 0.0, 0)], &names[..1]).unwrap());
        valid_svg(&lines("空", "x", "y", &[], None).unwrap());
    }

    #[test]
    fn labels_of_crowded_points_do_not_overlap() {
        let bounds = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 400.0,
            y1: 300.0,
        };
        // Five labels on one spot, one far away.
        let mut labels = vec![(200.0, 150.0, 40.0); 5];
        labels.push((20.0, 20.0, 30.0));
        let placed = place_labels(&labels, 13.0, bounds);
        let boxes: Vec<Rect> = placed
            .iter()
            .zip(&labels)
            .map(|(p, l)| {
                let (x, y) = p.expect("room for every label here");
                Rect {
                    x0: x,
                    y0: y,
                    x1: x + l.2,
                    y1: y + 13.0,
                }
            })
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.inside(&bounds));
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
        // The first label takes the first place: right of and above its point.
        assert_eq!(placed[0], Some((203.0, 137.0)));
        // With no room at all, a label is left out rather than overlapping.
        let tight = Rect {
            x0: 195.0,
            y0: 130.0,
            x1: 250.0,
            y1: 165.0,
        };
        let placed = place_labels(&[(200.0, 150.0, 40.0); 3], 13.0, tight);
        assert_eq!(placed[..2], [Some((203.0, 137.0)), Some((203.0, 150.0))]);
        assert_eq!(placed[2], None);
    }

    #[test]
    fn the_curve_shows_errors_and_the_chosen_point() {
        let pts = [
            (2.0, 0.10, Some(0.01)),
            (3.0, 0.15, Some(0.02)),
            (4.0, 0.12, None),
        ];
        let svg = curve_with_errors("轮廓系数", "k", "score", &pts, Some(3.0)).unwrap();
        valid_svg(&svg);
        assert!(svg.contains("chosen: 3"), "{svg}");
        let without = curve_with_errors("轮廓系数", "k", "score", &pts, None).unwrap();
        assert!(!without.contains("chosen"));
        // Error bars are extra lines: more drawing with them than without.
        let bare: Vec<_> = pts.iter().map(|p| (p.0, p.1, None)).collect();
        let plain = curve_with_errors("轮廓系数", "k", "score", &bare, None).unwrap();
        assert!(without.matches("<line").count() > plain.matches("<line").count());
    }

    #[test]
    fn ticks_are_short() {
        assert_eq!(tick(&7.0), "7");
        assert_eq!(tick(&-20.0), "-20");
        assert_eq!(tick(&0.15), "0.15");
        assert_eq!(tick(&(0.1 + 0.2)), "0.3");
        assert_eq!(tick(&6.5), "6.5");
        assert_eq!(tick(&-1e-12), "0");
    }

    #[test]
    fn text_width_counts_wide_chars_double() {
        assert!((text_width("工业", 10.0) - 20.0).abs() < 1e-9);
        assert!(text_width("ab", 10.0) < 12.0);
        assert_eq!(shorten("工业互联网平台", 4), "工业互…");
    }
}
