//! SVG charts drawn with plotters, from plain data.
//!
//! Each function takes a title, axis labels (in the page's language, chosen
//! by the caller) and plain numbers and gives one SVG document as a string.
//! They know nothing of documents or topics: the report maps its model onto
//! them. Text is written as SVG `<text>` (plotters escapes it) in a chain of
//! CJK fonts so Chinese renders in common browsers; because plotters
//! measures text by bytes without its `ttf` feature, label space is laid out
//! here with [`text_width`], which counts every non-ASCII character a full
//! em so no label is clipped.
//!
//! Counts (documents, clusters) get whole-number ticks from [`CountAxis`],
//! on a log scale when they span decades. Every colour scale has a colour
//! bar. Points, bars and cells carry an SVG `<title>`, so hovering names the
//! document or the value: plotters cannot write one, so those marks are
//! written here ([`Marks`]), escaped, after plotters' drawing. Output is
//! deterministic: the same input gives the same bytes.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::html::esc;

/// The font chain for all chart text.
pub const FONT: &str =
    "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// plotters writes font sizes divided by 1.24: ask for this much more.
const SCALE: f64 = 1.24;

/// The size of the chart title.
const TITLE_SIZE: f64 = 18.0;

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

/// Width in pixels of `text` at `size`, on the safe side: ASCII about
/// 0.6 em, every other character (CJK, full-width punctuation, the
/// ellipsis, which CJK fonts draw a full em wide) one em.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.62 } else { 1.0 })
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

/// The sequential colour scale of heatmaps: white at 0, dark blue at 1.
pub fn shade(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |to: f64| (255.0 - t * (255.0 - to)).round() as u8;
    RGBColor(mix(8.0), mix(81.0), mix(156.0))
}

/// A pixel position rounded to a tenth, without a trailing `.0`.
fn px(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0 + 0.0;
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Marks with a hover text (`<title>`), written as SVG elements after
/// plotters' drawing (so on top of it), in absolute pixels. Every text is
/// escaped; numbers are rounded to a tenth of a pixel so the bytes repeat.
#[derive(Debug, Default)]
pub struct Marks(String);

impl Marks {
    /// A filled rectangle from `(x0, y0)` to `(x1, y1)`.
    pub fn rect(&mut self, (x0, y0, x1, y1): (f64, f64, f64, f64), fill: RGBColor, hover: &str) {
        let (x, w) = (x0.min(x1), (x1 - x0).abs());
        let (y, h) = (y0.min(y1), (y1 - y0).abs());
        self.0.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>\n",
            px(x),
            px(y),
            px(w),
            px(h),
            hex(fill),
            esc(hover)
        ));
    }

    /// Text centred on `(x, y)`, drawn over the marks before it.
    pub fn label(&mut self, (x, y): (f64, f64), s: &str, size: f64, color: RGBColor) {
        self.0.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" dy=\"0.5ex\" text-anchor=\"middle\" font-family=\"{FONT}\" font-size=\"{}\" fill=\"{}\">{}</text>\n",
            px(x),
            px(y),
            px(size),
            hex(color),
            esc(s)
        ));
    }

    /// Starts a group of marks sharing `fill` at `opacity` (written once,
    /// not per mark: a map of thousands of points stays small).
    pub fn open_group(&mut self, fill: RGBColor, opacity: f64) {
        self.0.push_str(&format!(
            "<g fill=\"{}\" fill-opacity=\"{opacity:.2}\">\n",
            hex(fill)
        ));
    }

    /// Ends the group [`Marks::open_group`] started.
    pub fn close_group(&mut self) {
        self.0.push_str("</g>\n");
    }

    /// A circle painted by its group.
    pub fn dot(&mut self, (x, y): (f64, f64), r: f64, hover: &str) {
        self.0.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"><title>{}</title></circle>\n",
            px(x),
            px(y),
            px(r),
            esc(hover)
        ));
    }

    /// A circle of radius `r` at `(x, y)`: filled with `color` at
    /// `opacity`, or, with `hollow`, white with a `color` ring.
    pub fn circle(
        &mut self,
        (x, y): (f64, f64),
        r: f64,
        color: RGBColor,
        (opacity, hollow): (f64, bool),
        hover: &str,
    ) {
        let paint = if hollow {
            format!(
                "fill=\"#FFFFFF\" stroke=\"{}\" stroke-width=\"2\"",
                hex(color)
            )
        } else {
            format!("fill=\"{}\" fill-opacity=\"{opacity:.2}\"", hex(color))
        };
        self.0.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {paint}><title>{}</title></circle>\n",
            px(x),
            px(y),
            px(r),
            esc(hover)
        ));
    }
}

type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;

/// Draws one chart into an SVG string: a white canvas of `size` (widened to
/// fit the title) with `title` on top; `draw` gets the whole canvas, the
/// area below the title and the [`Marks`] to add on top.
fn svg_chart(
    title: &str,
    size: (u32, u32),
    draw: impl FnOnce(&Area<'_>, &Area<'_>, &mut Marks) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let width = size
        .0
        .max((text_width(title, TITLE_SIZE) + 32.0).ceil() as u32);
    let mut svg = String::new();
    let mut marks = Marks::default();
    {
        let root = SVGBackend::with_string(&mut svg, (width, size.1)).into_drawing_area();
        let area = title_area(&root, title)?;
        draw(&root, &area, &mut marks)?;
        root.present().map_err(err(title))?;
    }
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, &marks.0);
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

fn title_area<'b>(root: &Area<'b>, title: &str) -> Result<Area<'b>, ChartError> {
    root.fill(&WHITE).map_err(err(title))?;
    let (top, rest) = root.split_vertically(40);
    let w = top.dim_in_pixel().0 as i32;
    top.draw_text(
        title,
        &font(TITLE_SIZE).pos(Pos::new(HPos::Center, VPos::Center)),
        (w / 2, 20),
    )
    .map_err(err(title))?;
    Ok(rest)
}

/// Text at absolute `(x, y)` on `root`.
fn text(
    root: &Area<'_>,
    title: &str,
    s: &str,
    size: f64,
    pos: (HPos, VPos),
    (x, y): (f64, f64),
) -> Result<(), ChartError> {
    root.draw_text(
        s,
        &font(size).pos(Pos::new(pos.0, pos.1)),
        (x.round() as i32, y.round() as i32),
    )
    .map_err(err(title))
}

/// A straight line on `root`.
fn line(
    root: &Area<'_>,
    title: &str,
    from: (f64, f64),
    to: (f64, f64),
    style: ShapeStyle,
) -> Result<(), ChartError> {
    let p = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
    root.draw(&PathElement::new(vec![p(from), p(to)], style))
        .map_err(err(title))
}

/// An axis for counts: whole-number ticks only, linear, or `log` (placed
/// by `ln(1 + count)`, ticks at 0, 1, 10, 100, ...) when the counts span
/// two decades or more, so one huge bar does not flatten the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct CountAxis {
    pub log: bool,
    /// Tick values, ascending, from 0; the last is the axis end.
    pub ticks: Vec<u64>,
}

impl CountAxis {
    /// The axis for `counts`.
    pub fn new(counts: &[u64]) -> Self {
        let max = counts.iter().copied().max().unwrap_or(0).max(1);
        let min = counts.iter().copied().filter(|&c| c > 0).min().unwrap_or(1);
        if max >= 100 && max / min >= 100 {
            let mut ticks = vec![0, 1];
            while *ticks.last().expect("not empty") < max {
                let next = ticks.last().expect("not empty") * 10;
                ticks.push(next);
            }
            return CountAxis { log: true, ticks };
        }
        // A step of 1, 2 or 5 times a power of ten giving at most 6 steps.
        let mut unit = 1u64;
        let step = loop {
            if let Some(&s) = [unit, 2 * unit, 5 * unit]
                .iter()
                .find(|&&s| max.div_ceil(s) <= 6)
            {
                break s;
            }
            unit *= 10;
        };
        let ticks = (0..=max.div_ceil(step)).map(|i| i * step).collect();
        CountAxis { log: false, ticks }
    }

    /// Where `v` falls, from 0 (axis start) to 1 (axis end).
    pub fn frac(&self, v: f64) -> f64 {
        let top = *self.ticks.last().unwrap_or(&1) as f64;
        let v = v.max(0.0);
        if self.log {
            (1.0 + v).ln() / (1.0 + top).ln()
        } else {
            v / top.max(1.0)
        }
    }
}

/// One bar of [`count_bars`].
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub count: u64,
    /// Shown on hover.
    pub hover: String,
}

/// Horizontal bars of counts, one per row in the order given, each with its
/// count written at its end, on a [`CountAxis`]; the axis is titled
/// `x_label.0`, or `x_label.1` when it is a log scale.
pub fn count_bars(title: &str, x_label: (&str, &str), bars: &[Bar]) -> Result<String, ChartError> {
    const ROW: f64 = 24.0;
    const SIZE: f64 = 12.0;
    let counts: Vec<u64> = bars.iter().map(|b| b.count).collect();
    let axis = CountAxis::new(&counts);
    let label_w = bars
        .iter()
        .map(|b| text_width(&b.label, SIZE))
        .fold(20.0, f64::max);
    let left = 12.0 + label_w + 8.0;
    let plot_w = 440.0;
    let right = left + plot_w;
    let top_label = axis.ticks.last().map_or(String::new(), |t| t.to_string());
    let width = right + 16.0 + text_width(&top_label, SIZE).max(text_width("0", SIZE) * 8.0);
    let x_title = if axis.log { x_label.1 } else { x_label.0 };
    let width = width.max(left + text_width(x_title, 13.0) + 16.0);
    let top = 52.0;
    let bottom = top + ROW * bars.len().max(1) as f64;
    let height = bottom + 52.0;
    svg_chart(
        title,
        (width.ceil() as u32, height.ceil() as u32),
        |root, _, marks| {
            let x_of = |v: f64| left + axis.frac(v) * plot_w;
            for &t in &axis.ticks {
                let x = x_of(t as f64);
                line(
                    root,
                    title,
                    (x, top - 4.0),
                    (x, bottom),
                    BLACK.mix(0.12).into(),
                )?;
                text(
                    root,
                    title,
                    &t.to_string(),
                    11.0,
                    (HPos::Center, VPos::Top),
                    (x, bottom + 5.0),
                )?;
            }
            line(root, title, (left, bottom), (right, bottom), BLACK.into())?;
            text(
                root,
                title,
                x_title,
                13.0,
                (HPos::Center, VPos::Top),
                ((left + right) / 2.0, bottom + 26.0),
            )?;
            for (i, b) in bars.iter().enumerate() {
                let y = top + ROW * i as f64;
                text(
                    root,
                    title,
                    &b.label,
                    SIZE,
                    (HPos::Right, VPos::Center),
                    (left - 8.0, y + ROW / 2.0),
                )?;
                let x1 = x_of(b.count as f64);
                marks.rect(
                    (left, y + 3.0, x1.max(left + 1.0), y + ROW - 3.0),
                    palette(0),
                    &b.hover,
                );
                text(
                    root,
                    title,
                    &b.count.to_string(),
                    11.0,
                    (HPos::Left, VPos::Center),
                    (x1 + 4.0, y + ROW / 2.0),
                )?;
            }
            Ok(())
        },
    )
}

/// A heatmap: what [`heatmap`] draws.
pub struct Heatmap<'a> {
    pub title: &'a str,
    pub rows: &'a [String],
    pub cols: &'a [String],
    /// `values[row][col]`, from 0 up.
    pub values: &'a [Vec<f64>],
    /// Names the colour bar.
    pub scale_label: &'a str,
    /// Values as percentages (shares) rather than two decimals.
    pub percent: bool,
    /// Write each value in its cell (when the cells are big enough).
    pub show_values: bool,
    /// The hover text of cell `(row, col)`.
    pub hover: &'a dyn Fn(usize, usize) -> String,
}

impl Heatmap<'_> {
    fn format(&self, v: f64) -> String {
        if self.percent {
            format!("{:.0}%", v * 100.0)
        } else {
            format!("{v:.2}")
        }
    }
}

/// A heatmap with labelled rows and (upright, rotated) columns, sized so
/// no label is clipped, and a colour bar from 0 to the largest value.
pub fn heatmap(h: &Heatmap<'_>) -> Result<String, ChartError> {
    const SIZE: f64 = 11.0;
    let title = h.title;
    let (rows, cols) = (h.rows.len().max(1), h.cols.len().max(1));
    let min_cell = if h.show_values { 40.0 } else { 8.0 };
    let cell = (560.0 / cols.max(rows) as f64)
        .clamp(min_cell, 48.0)
        .max(min_cell);
    let label_w = h
        .rows
        .iter()
        .map(|l| text_width(l, SIZE))
        .fold(20.0, f64::max);
    let col_h = h
        .cols
        .iter()
        .map(|l| text_width(l, SIZE))
        .fold(20.0, f64::max);
    let left = 12.0 + label_w + 8.0;
    let top = 40.0 + 8.0 + col_h + 6.0;
    let grid_w = cell * cols as f64;
    let bottom = top + cell * rows as f64;
    let max = h
        .values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let bar_w = 200.0;
    let width = (left + grid_w + 16.0)
        .max(left + bar_w + 40.0)
        .max(left + text_width(h.scale_label, SIZE) + 16.0);
    let height = bottom + 70.0;
    svg_chart(
        title,
        (width.ceil() as u32, height.ceil() as u32),
        |root, _, marks| {
            for (r, label) in h.rows.iter().enumerate() {
                let y = top + cell * (r as f64 + 0.5);
                text(
                    root,
                    title,
                    label,
                    SIZE,
                    (HPos::Right, VPos::Center),
                    (left - 6.0, y),
                )?;
            }
            for (c, label) in h.cols.iter().enumerate() {
                let x = left + cell * (c as f64 + 0.5);
                let style = font(SIZE)
                    .transform(FontTransform::Rotate270)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                root.draw_text(
                    label,
                    &style,
                    (x.round() as i32, (top - 6.0).round() as i32),
                )
                .map_err(err(title))?;
            }
            for (r, row) in h.values.iter().enumerate() {
                for (c, &v) in row.iter().enumerate() {
                    let t = v / max;
                    let (x, y) = (left + cell * c as f64, top + cell * r as f64);
                    marks.rect((x, y, x + cell, y + cell), shade(t), &(h.hover)(r, c));
                    if h.show_values && cell >= 26.0 {
                        let color = if t > 0.5 { WHITE } else { BLACK };
                        marks.label((x + cell / 2.0, y + cell / 2.0), &h.format(v), SIZE, color);
                    }
                }
            }
            // The colour bar: its name, a gradient from 0 to max, three ticks.
            let y = bottom + 14.0;
            text(
                root,
                title,
                h.scale_label,
                SIZE,
                (HPos::Left, VPos::Top),
                (left, y),
            )?;
            let (by0, by1) = (y + 18.0, y + 32.0);
            const STEPS: usize = 40;
            for i in 0..STEPS {
                let x0 = left + bar_w * i as f64 / STEPS as f64;
                let x1 = left + bar_w * (i + 1) as f64 / STEPS as f64;
                root.draw(&Rectangle::new(
                    [
                        (x0.round() as i32, by0 as i32),
                        (x1.round() as i32, by1 as i32),
                    ],
                    shade((i as f64 + 0.5) / STEPS as f64).filled(),
                ))
                .map_err(err(title))?;
            }
            root.draw(&Rectangle::new(
                [
                    (left as i32, by0 as i32),
                    ((left + bar_w) as i32, by1 as i32),
                ],
                BLACK.mix(0.4),
            ))
            .map_err(err(title))?;
            for f in [0.0, 0.5, 1.0] {
                let x = left + bar_w * f;
                text(
                    root,
                    title,
                    &h.format(max * f),
                    10.0,
                    (HPos::Center, VPos::Top),
                    (x, by1 + 3.0),
                )?;
            }
            Ok(())
        },
    )
}

/// A scatter plot of points `(x, y, group, hover)` coloured by group, with
/// a legend of group names.
pub fn scatter(
    title: &str,
    (x_label, y_label): (&str, &str),
    points: &[(f64, f64, usize, String)],
    groups: &[String],
) -> Result<String, ChartError> {
    let (xr, yr) = ranges(points.iter().map(|p| (p.0, p.1)));
    let legend_w = groups
        .iter()
        .map(|g| text_width(g, 12.0))
        .fold(60.0, f64::max)
        + 40.0;
    let height = 560u32.max(60 + 20 * groups.len() as u32);
    svg_chart(
        title,
        (760 + legend_w.ceil() as u32, height),
        |_, area, marks| {
            let (plot, legend) = area.split_horizontally(760);
            let mut chart = ChartBuilder::on(&plot)
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(50)
                .build_cartesian_2d(xr, yr)
                .map_err(err(title))?;
            chart
                .configure_mesh()
                .x_desc(x_label)
                .y_desc(y_label)
                .axis_desc_style(font(13.0))
                .label_style(font(11.0))
                .max_light_lines(0)
                .x_label_formatter(&tick)
                .y_label_formatter(&tick)
                .draw()
                .map_err(err(title))?;
            let mut by_group: Vec<&(f64, f64, usize, String)> = points.iter().collect();
            by_group.sort_by_key(|p| p.2);
            for (i, p) in by_group.iter().enumerate() {
                if i == 0 || by_group[i - 1].2 != p.2 {
                    if i > 0 {
                        marks.close_group();
                    }
                    marks.open_group(palette(p.2), 0.75);
                }
                let (x, y) = chart.backend_coord(&(p.0, p.1));
                marks.dot((x as f64, y as f64), 3.0, &p.3);
            }
            if !by_group.is_empty() {
                marks.close_group();
            }
            for (i, g) in groups.iter().enumerate() {
                let y = 24 + 20 * i as i32;
                legend
                    .draw(&Circle::new((12, y), 5, palette(i).filled()))
                    .map_err(err(title))?;
                legend
                    .draw_text(
                        g,
                        &font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
                        (24, y),
                    )
                    .map_err(err(title))?;
            }
            Ok(())
        },
    )
}

/// Shares over time: what [`time_shares`] draws.
pub struct TimeShares<'a> {
    pub title: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// The periods in order: position on the time axis (whole numbers,
    /// one per month or year, so a gap is a missing number) and how many
    /// documents each holds.
    pub periods: &'a [(i64, usize)],
    /// The label of a whole position on the time axis.
    pub x_tick: &'a dyn Fn(i64) -> String,
    /// Series name and its share in each period.
    pub series: &'a [(String, Vec<f64>)],
    /// The hover text of series `s` at period `p`.
    pub hover: &'a dyn Fn(usize, usize) -> String,
    /// The legend entry of the hollow marker: a period of one document.
    pub single_note: &'a str,
}

/// Lines of shares (0 to 100%) on a real time axis: periods placed by date,
/// a line joining only neighbouring periods (a gap stays a gap) that both
/// hold two documents or more; a period of a single document is a hollow
/// marker, joined to nothing.
pub fn time_shares(t: &TimeShares<'_>) -> Result<String, ChartError> {
    let title = t.title;
    let first = t.periods.iter().map(|p| p.0).min().unwrap_or(0);
    let last = t.periods.iter().map(|p| p.0).max().unwrap_or(0);
    let xr = (first as f64 - 0.5)..(last as f64 + 0.5);
    let legend_w = t
        .series
        .iter()
        .map(|s| text_width(&s.0, 12.0))
        .fold(text_width(t.single_note, 12.0), f64::max)
        + 40.0;
    let height = 440u32.max(80 + 20 * t.series.len() as u32);
    svg_chart(
        title,
        (760 + legend_w.ceil() as u32, height),
        |root, area, marks| {
            let (plot, legend) = area.split_horizontally(760);
            let mut chart = ChartBuilder::on(&plot)
                .margin(14)
                .x_label_area_size(44)
                .y_label_area_size(56)
                .build_cartesian_2d(xr, -0.04..1.04)
                .map_err(err(title))?;
            let x_fmt = |v: &f64| {
                if (v - v.round()).abs() < 1e-9 {
                    (t.x_tick)(v.round() as i64)
                } else {
                    String::new()
                }
            };
            let y_fmt = |v: &f64| {
                if (-1e-9..=1.0 + 1e-9).contains(v) {
                    format!("{:.0}%", v * 100.0)
                } else {
                    String::new()
                }
            };
            chart
                .configure_mesh()
                .x_desc(t.x_label)
                .y_desc(t.y_label)
                .axis_desc_style(font(13.0))
                .label_style(font(11.0))
                .max_light_lines(0)
                .x_labels(((last - first + 1) as usize).clamp(2, 10))
                .x_label_formatter(&x_fmt)
                .y_label_formatter(&y_fmt)
                .draw()
                .map_err(err(title))?;
            for (s, (_, shares)) in t.series.iter().enumerate() {
                let color = palette(s);
                for (p, w) in t.periods.windows(2).enumerate() {
                    if w[1].0 - w[0].0 == 1 && w[0].1 >= 2 && w[1].1 >= 2 {
                        let a = (w[0].0 as f64, shares.get(p).copied().unwrap_or(0.0));
                        let b = (w[1].0 as f64, shares.get(p + 1).copied().unwrap_or(0.0));
                        chart
                            .draw_series([PathElement::new(vec![a, b], color.stroke_width(2))])
                            .map_err(err(title))?;
                    }
                }
                for (p, &(x, docs)) in t.periods.iter().enumerate() {
                    let v = shares.get(p).copied().unwrap_or(0.0);
                    let (px, py) = chart.backend_coord(&(x as f64, v));
                    let hollow = docs < 2;
                    let r = if hollow { 4.5 } else { 3.5 };
                    marks.circle(
                        (px as f64, py as f64),
                        r,
                        color,
                        (1.0, hollow),
                        &(t.hover)(s, p),
                    );
                }
            }
            let (lx, ly) = legend.get_base_pixel();
            let (lx, ly) = (lx as f64, ly as f64);
            for (i, (name, _)) in t.series.iter().enumerate() {
                let y = ly + 24.0 + 20.0 * i as f64;
                line(
                    root,
                    title,
                    (lx + 4.0, y),
                    (lx + 20.0, y),
                    palette(i).stroke_width(3),
                )?;
                text(
                    root,
                    title,
                    name,
                    12.0,
                    (HPos::Left, VPos::Center),
                    (lx + 26.0, y),
                )?;
            }
            let y = ly + 24.0 + 20.0 * t.series.len() as f64 + 6.0;
            root.draw(&Circle::new(
                ((lx + 12.0) as i32, y as i32),
                4,
                BLACK.mix(0.6).stroke_width(2),
            ))
            .map_err(err(title))?;
            text(
                root,
                title,
                t.single_note,
                12.0,
                (HPos::Left, VPos::Center),
                (lx + 26.0, y),
            )?;
            Ok(())
        },
    )
}

/// A panel of [`small_multiples`]: its name and its bars `(label, value,
/// hover)`.
pub type Panel = (String, Vec<(String, f64, String)>);

/// Small multiples: one panel of horizontal bars per group (e.g. top terms
/// per topic), laid out in a grid of `per_row` panels; each bar is
/// `(label, value, hover)`.
pub fn small_multiples(
    title: &str,
    panels: &[Panel],
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
        |_, area, marks| {
            let cells = area.split_evenly((rows, per_row));
            for (cell, (name, bars)) in cells.iter().zip(panels) {
                cell.draw_text(
                    &shorten(name, 18),
                    &font(13.0).pos(Pos::new(HPos::Center, VPos::Top)),
                    (pw as i32 / 2, 4),
                )
                .map_err(err(title))?;
                let max = bars.iter().map(|b| b.1).fold(0.0, f64::max).max(1e-9);
                let (bx, by) = cell.get_base_pixel();
                for (i, (label, v, hover)) in bars.iter().enumerate() {
                    let y = 26 + 18 * i as i32;
                    cell.draw_text(
                        label,
                        &font(11.0).pos(Pos::new(HPos::Right, VPos::Center)),
                        (96, y + 7),
                    )
                    .map_err(err(title))?;
                    let w = (v / max * 180.0).max(1.0);
                    let (x0, y0) = ((bx + 100) as f64, (by + y) as f64);
                    marks.rect((x0, y0 + 1.0, x0 + w, y0 + 13.0), palette(0), hover);
                }
            }
            Ok(())
        },
    )
}

/// Points `(x, y)` with optional text labels beside them (distinctive terms:
/// z-score against log frequency). Labels are placed in the order given
/// (most important first) where they overlap no earlier label; a label with
/// no free place nearby is left out (its point stays marked, and every
/// point names itself on hover: `(x, y, label, hover)`).
pub fn labelled_points(
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[(f64, f64, Option<String>, String)],
) -> Result<String, ChartError> {
    const LABEL_SIZE: f64 = 11.0;
    let (xr, yr) = ranges(points.iter().map(|p| (p.0, p.1)));
    svg_chart(title, (860, 560), |_, area, marks| {
        let chart = xy_chart(area, title, (x_label, y_label), xr, yr, false)?;
        for p in points {
            let color = if p.2.is_some() {
                palette(3)
            } else {
                RGBColor(170, 170, 170)
            };
            let (x, y) = chart.backend_coord(&(p.0, p.1));
            marks.circle((x as f64, y as f64), 2.5, color, (1.0, false), &p.3);
        }
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
            // As a mark, after the points, so no point covers its label.
            if let Some((x, y)) = at {
                let w = text_width(label, LABEL_SIZE);
                let centre = (x + w / 2.0, y + (LABEL_SIZE + 2.0) / 2.0);
                marks.label(centre, label, LABEL_SIZE, BLACK);
            }
        }
        Ok(())
    })
}

/// A silhouette-style curve: points `(x, y, error)` joined by a line, each
/// with a bar of ± its error when it has one, and the point at `chosen_x`
/// ringed and named `{chosen}: x`; hovering a point shows `hover(i)`.
pub fn curve_with_errors(
    title: &str,
    (x_label, y_label): (&str, &str),
    points: &[(f64, f64, Option<f64>)],
    (chosen_x, chosen): (Option<f64>, &str),
    hover: &dyn Fn(usize) -> String,
) -> Result<String, ChartError> {
    let spread = |p: &(f64, f64, Option<f64>)| p.2.unwrap_or(0.0);
    let (xr, yr) = ranges(
        points
            .iter()
            .flat_map(|p| [(p.0, p.1 - spread(p)), (p.0, p.1 + spread(p))]),
    );
    svg_chart(title, (760, 420), |root, area, marks| {
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
        for (i, p) in points.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(p.0, p.1));
            marks.circle((x as f64, y as f64), 3.5, color, (1.0, false), &hover(i));
        }
        if let Some(p) = chosen_x.and_then(|x| points.iter().find(|p| p.0 == x)) {
            let mark = palette(3);
            chart
                .draw_series([Circle::new((p.0, p.1), 7, mark.stroke_width(2))])
                .map_err(err(title))?;
            let (x, y) = chart.backend_coord(&(p.0, p.1));
            root.draw_text(
                &format!("{chosen}: {}", tick(&p.0)),
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
        .max_light_lines(0)
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

    fn bar(label: &str, count: u64) -> Bar {
        Bar {
            label: label.to_string(),
            count,
            hover: format!("{label}: {count}"),
        }
    }

    /// The SVG's width and each `<text>`: x, y, anchor, size, rotated, content.
    type Text = (f64, f64, String, f64, bool, String);

    fn texts(svg: &str) -> (f64, Vec<Text>) {
        let attr = |tag: &str, name: &str| -> Option<String> {
            let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            Some(tag[at..].split('"').next()?.to_string())
        };
        let width: f64 = attr(svg, "width").unwrap().parse().unwrap();
        let mut out = Vec::new();
        for piece in svg.split("<text").skip(1) {
            let (tag, rest) = piece.split_once('>').unwrap();
            let content = rest.split("</text>").next().unwrap().trim().to_string();
            out.push((
                attr(tag, "x").unwrap().parse().unwrap(),
                attr(tag, "y").unwrap().parse().unwrap(),
                attr(tag, "text-anchor").unwrap_or_else(|| "start".into()),
                attr(tag, "font-size").unwrap().parse().unwrap(),
                tag.contains("rotate("),
                content,
            ));
        }
        (width, out)
    }

    /// Every text of `svg` lies inside its width (and, rotated, below its top).
    fn labels_inside(svg: &str) {
        let (width, texts) = texts(svg);
        assert!(!texts.is_empty());
        for (x, y, anchor, size, rotated, content) in texts {
            let unescaped = content
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            let w = text_width(&unescaped, size);
            if rotated {
                assert!(
                    y - w >= 0.0,
                    "{content:?} rises above the top: y {y}, width {w}"
                );
                continue;
            }
            let (x0, x1) = match anchor.as_str() {
                "end" => (x - w, x),
                "middle" => (x - w / 2.0, x + w / 2.0),
                _ => (x, x + w),
            };
            assert!(
                x0 >= 0.0 && x1 <= width,
                "{content:?} at {x0}..{x1} outside 0..{width}"
            );
        }
    }

    #[test]
    fn control_characters_in_labels_keep_the_svg_valid_xml() {
        let svg = count_bars(
            "标题\u{1b}[2J\u{8}",
            ("count", "count (log)"),
            &[bar("文章\u{0}\u{c}一", 3)],
        )
        .unwrap();
        valid_svg(&svg);
        assert!(
            !svg.chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        );
        assert!(svg.contains("\\u{1b}[2J"), "{svg}");
    }

    #[test]
    fn bars_escape_keep_chinese_labels_and_repeat_their_bytes() {
        let bars = [bar("工业互联网 <平台>", 12), bar("青岛 & 山东", 3)];
        let svg = count_bars("主题大小", ("文章数", "文章数（对数）"), &bars).unwrap();
        valid_svg(&svg);
        assert!(svg.contains("主题大小"));
        assert!(svg.contains("工业互联网 &lt;平台&gt;"));
        assert!(svg.contains("青岛 &amp; 山东"));
        assert!(!svg.contains("<平台>"));
        assert_eq!(
            svg,
            count_bars("主题大小", ("文章数", "文章数（对数）"), &bars).unwrap()
        );
    }

    #[test]
    fn count_axes_have_whole_ticks_and_go_log_over_decades() {
        let axis = CountAxis::new(&[3, 1]);
        assert_eq!(
            axis,
            CountAxis {
                log: false,
                ticks: vec![0, 1, 2, 3]
            }
        );
        assert_eq!(
            CountAxis::new(&[500]).ticks,
            vec![0, 100, 200, 300, 400, 500]
        );
        assert_eq!(CountAxis::new(&[0]).ticks, vec![0, 1]);
        assert_eq!(CountAxis::new(&[11]).ticks, vec![0, 2, 4, 6, 8, 10, 12]);
        let log = CountAxis::new(&[4479, 1, 33]);
        assert_eq!(
            log,
            CountAxis {
                log: true,
                ticks: vec![0, 1, 10, 100, 1000, 10000]
            }
        );
        assert!(log.frac(1.0) > 0.0 && log.frac(4479.0) < 1.0);
        assert!(log.frac(10.0) < log.frac(100.0));
        // What the chart writes: whole numbers only, and the log axis says so.
        let labels = ("簇数", "簇数（对数刻度）");
        let log = count_bars("簇", labels, &[bar("2", 4479), bar("3", 1)]).unwrap();
        let linear = count_bars("簇", labels, &[bar("2", 3), bar("3", 1)]).unwrap();
        assert!(log.contains("簇数（对数刻度）"));
        assert!(!linear.contains("对数"));
        for svg in [log, linear] {
            let (_, texts) = texts(&svg);
            let numbers: Vec<&String> = texts
                .iter()
                .map(|t| &t.5)
                .filter(|c| c.starts_with(|c: char| c.is_ascii_digit()))
                .collect();
            assert!(numbers.len() >= 4);
            for n in numbers {
                assert!(n.parse::<u64>().is_ok(), "tick or value {n:?} is not whole");
            }
        }
    }

    #[test]
    fn marks_carry_escaped_titles() {
        let bars = [Bar {
            label: "a".into(),
            count: 2,
            hover: "<b>文章</b> & \"x\"".into(),
        }];
        let svg = count_bars("t", ("n", "n"), &bars).unwrap();
        assert!(
            svg.contains("<title>&lt;b&gt;文章&lt;/b&gt; &amp; &quot;x&quot;</title></rect>"),
            "{svg}"
        );
        assert!(!svg.contains("<b>"));
        let points: Vec<_> = (0..5)
            .map(|i| (i as f64, (i * i) as f64, i % 2, format!("文章 {i} <")))
            .collect();
        let svg = scatter("图", ("x", "y"), &points, &["甲".into(), "乙".into()]).unwrap();
        assert_eq!(
            svg.matches("<circle").count() - 2,
            5,
            "five points, two legend dots"
        );
        assert_eq!(svg.matches("<title>文章 ").count(), 5);
        assert!(svg.contains("<title>文章 4 &lt;</title>"));
    }

    #[test]
    fn long_chinese_labels_stay_inside_the_chart() {
        let names: Vec<String> = ["以工业互联网平台为抓手探索…", "“领跑”的山东", "short"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let values = vec![
            vec![1.0, 0.2, 0.0],
            vec![0.2, 1.0, 0.4],
            vec![0.0, 0.4, 1.0],
        ];
        let hover = |r: usize, c: usize| format!("{r}×{c}");
        let map = heatmap(&Heatmap {
            title: "相似度",
            rows: &names,
            cols: &names,
            values: &values,
            scale_label: "余弦相似度",
            percent: false,
            show_values: true,
            hover: &hover,
        })
        .unwrap();
        labels_inside(&map);
        // A colour bar: its name and its end values.
        assert!(map.contains("余弦相似度") && map.contains("1.00"), "{map}");
        assert_eq!(map.matches("<title>").count(), 9);
        labels_inside(
            &count_bars(
                "一个很长很长的标题，比图还宽的标题文字：近似文章簇的大小",
                ("簇数", "簇数"),
                &[
                    bar("以工业互联网平台为抓手探索数字经济发展新路径", 7),
                    bar("2", 1),
                ],
            )
            .unwrap(),
        );
    }

    #[test]
    fn time_keeps_gaps_and_single_document_periods_apart() {
        // Months 0, 1, 2 and 5: 0–1 joined, 1–2 not (month 2 has one
        // document), 2–5 not (a gap).
        let periods = [(0, 3), (1, 4), (2, 1), (5, 2)];
        let series = vec![("主题 0".to_string(), vec![0.5, 0.25, 1.0, 0.0])];
        let x_tick = |m: i64| format!("2020-{:02}", m + 1);
        let hover = |_: usize, p: usize| format!("period {p}: n={}", periods[p].1);
        let svg = time_shares(&TimeShares {
            title: "主题占比",
            x_label: "月份",
            y_label: "占比",
            periods: &periods,
            x_tick: &x_tick,
            series: &series,
            hover: &hover,
            single_note: "仅一篇文章的时期",
        })
        .unwrap();
        valid_svg(&svg);
        let joins = svg
            .lines()
            .filter(|l| {
                l.starts_with("<polyline") && l.contains("stroke=\"#1F77B4\" stroke-width=\"2\"")
            })
            .count();
        assert_eq!(joins, 1, "one joined pair");
        assert_eq!(
            svg.matches("stroke-width=\"2\"><title>").count(),
            1,
            "one hollow marker"
        );
        assert!(svg.contains("<title>period 2: n=1</title>"));
        assert!(svg.contains("2020-06") && svg.contains("仅一篇文章的时期"));
        labels_inside(&svg);
    }

    #[test]
    fn every_chart_kind_draws() {
        let names = vec!["甲".to_string(), "乙".to_string()];
        valid_svg(
            &scatter(
                "地图",
                ("x", "y"),
                &[(0.0, 1.0, 0, "a".into()), (1.0, 0.0, 1, "b".into())],
                &names,
            )
            .unwrap(),
        );
        valid_svg(
            &small_multiples(
                "词",
                &[(
                    "主题一".into(),
                    vec![("平台".into(), 0.5, "平台 0.5".into())],
                )],
                3,
            )
            .unwrap(),
        );
        valid_svg(
            &labelled_points(
                "区分词",
                "log",
                "z",
                &[
                    (1.0, 2.0, Some("平台".into()), "平台".into()),
                    (0.5, 0.1, None, "x".into()),
                ],
            )
            .unwrap(),
        );
        // A single point or no points still gives a drawable range.
        valid_svg(
            &scatter(
                "一个点",
                ("x", "y"),
                &[(0.0, 0.0, 0, "a".into())],
                &names[..1],
            )
            .unwrap(),
        );
        valid_svg(&count_bars("空", ("n", "n"), &[]).unwrap());
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
        let hover = |i: usize| format!("k={}", pts[i].0);
        let svg = curve_with_errors(
            "轮廓系数",
            ("k", "score"),
            &pts,
            (Some(3.0), "选定"),
            &hover,
        )
        .unwrap();
        valid_svg(&svg);
        assert!(svg.contains("选定: 3"), "{svg}");
        assert!(svg.contains("<title>k=4</title>"));
        let without =
            curve_with_errors("轮廓系数", ("k", "score"), &pts, (None, "选定"), &hover).unwrap();
        assert!(!without.contains("选定"));
        // Error bars are extra lines: more drawing with them than without.
        let bare: Vec<_> = pts.iter().map(|p| (p.0, p.1, None)).collect();
        let plain =
            curve_with_errors("轮廓系数", ("k", "score"), &bare, (None, ""), &hover).unwrap();
        let count = |s: &str| s.matches("stroke=\"#1F77B4\" stroke-width=\"1\"").count();
        assert_eq!(
            count(&without) - count(&plain),
            6,
            "two bars, each a stroke and two caps"
        );
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
        assert!((text_width("…“", 10.0) - 20.0).abs() < 1e-9);
        assert!(text_width("ab", 10.0) < 13.0);
        assert_eq!(shorten("工业互联网平台", 4), "工业互…");
    }
}
