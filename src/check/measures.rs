//! The copy ratios: how much of the draft's body is copied, from where,
//! with quotations and `--self` sources apart, per section.
//!
//! Takes the draft's body characters ([`Body`]: offsets of its matchable
//! characters in the text as read), the copies (draft span, source, own or
//! not), the quotations, reworded spans and sections, and gives the
//! [`Measures`], the per-source shares and the section table. A body
//! character is copied when it lies in the draft span of any copy; each
//! ratio counts a character once, over the same denominator (`chars`).

use crate::round4;
use crate::span::Span;

use super::passages::dated_first;
use super::report::{Measures, Section, SourceShare};
use super::sections::SectionSpan;

/// The draft's body characters, as sorted offsets into its text.
pub(super) struct Body {
    at: Vec<u32>,
}

/// What a body character is part of (bit flags).
const COPIED: u8 = 1;
/// Copied from a source `--self` does not name.
const COUNTED: u8 = 2;
const QUOTED: u8 = 4;
const REWORDED: u8 = 8;

/// One copy as the measures see it: the draft span, the source's place
/// among the sources, whether `--self` names it.
#[derive(Debug, Clone, Copy)]
pub(super) struct CopySpan {
    pub draft: Span,
    pub source: usize,
    pub own: bool,
}

impl Body {
    pub fn new(at: Vec<u32>) -> Body {
        debug_assert!(at.windows(2).all(|w| w[0] < w[1]));
        Body { at }
    }

    pub fn len(&self) -> u32 {
        self.at.len() as u32
    }

    /// The offsets, in order.
    pub fn offsets(&self) -> &[u32] {
        &self.at
    }

    /// The body characters inside `span`, as a range of their numbers.
    pub fn range(&self, span: Span) -> std::ops::Range<usize> {
        let lo = self.at.partition_point(|&a| a < span.start);
        let hi = self.at.partition_point(|&a| a < span.end);
        lo..hi.max(lo)
    }

    /// Body characters inside `span`.
    pub fn count(&self, span: Span) -> u32 {
        self.range(span).len() as u32
    }
}

/// Every body character's flags.
pub(super) struct Marks {
    flags: Vec<u8>,
}

impl Marks {
    pub fn new(body: &Body, copies: &[CopySpan], quotes: &[Span], reworded: &[Span]) -> Marks {
        let mut flags = vec![0u8; body.at.len()];
        let mut set = |span: Span, bit: u8| {
            for f in &mut flags[body.range(span)] {
                *f |= bit;
            }
        };
        for c in copies {
            set(c.draft, if c.own { COPIED } else { COPIED | COUNTED });
        }
        for &q in quotes {
            set(q, QUOTED);
        }
        for &r in reworded {
            set(r, REWORDED);
        }
        Marks { flags }
    }

    fn count(&self, range: std::ops::Range<usize>, all: u8, none: u8) -> u32 {
        self.flags[range]
            .iter()
            .filter(|&&f| f & all == all && f & none == 0)
            .count() as u32
    }

    /// Body characters of `span` in a copy, and of those outside quotations.
    pub fn copied_in(&self, body: &Body, span: Span) -> (u32, u32) {
        let r = body.range(span);
        (
            self.count(r.clone(), COPIED, 0),
            self.count(r, COPIED, QUOTED),
        )
    }

    /// Whether at least half of the body characters of `span` are quoted.
    pub fn mostly_quoted(&self, body: &Body, span: Span) -> bool {
        let r = body.range(span);
        let n = r.len() as u32;
        n > 0 && 2 * self.count(r, QUOTED, 0) >= n
    }
}

fn ratio(n: u32, d: u32) -> f64 {
    if d == 0 {
        0.0
    } else {
        round4(n as f64 / d as f64)
    }
}

/// The measures over the whole draft (the source and section figures are
/// filled in by [`sources`] and [`sections`]).
pub(super) fn measures(body: &Body, marks: &Marks, copies: &[CopySpan]) -> Measures {
    let all = 0..body.at.len();
    let chars = body.len();
    let copied = marks.count(all.clone(), COPIED, 0);
    let reworded = marks.count(all.clone(), REWORDED, COPIED);
    Measures {
        chars,
        copied_chars: copied,
        copy_ratio: ratio(copied, chars),
        copy_ratio_excluding_quotes: ratio(marks.count(all.clone(), COPIED, QUOTED), chars),
        copy_ratio_excluding_self: ratio(marks.count(all.clone(), COUNTED, 0), chars),
        copy_ratio_net: ratio(marks.count(all, COUNTED, QUOTED), chars),
        reworded_chars: reworded,
        reworded_ratio: ratio(reworded, chars),
        longest_copy_chars: longest_run(body, copies),
        max_single_source: None,
        max_section_ratio: 0.0,
    }
}

/// Body characters of the longest run of copied text: copies that overlap
/// or touch with no body character between them make one run.
fn longest_run(body: &Body, copies: &[CopySpan]) -> u32 {
    let mut ranges: Vec<_> = copies.iter().map(|c| body.range(c.draft)).collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut best = 0;
    let mut run: Option<std::ops::Range<usize>> = None;
    for r in ranges {
        run = match run {
            Some(cur) if r.start <= cur.end => Some(cur.start..cur.end.max(r.end)),
            Some(cur) => {
                best = best.max(cur.len());
                Some(r)
            }
            None => Some(r),
        };
    }
    best.max(run.map_or(0, |r| r.len())) as u32
}

/// Each source's share: body characters in its copies, over `chars`; with
/// quotations left out too. `meta(i)` gives source `i`'s id, title, date,
/// source name and whether it is the user's own. Highest ratio first, then
/// earliest date (unknown last), then id.
pub(super) fn sources(
    body: &Body,
    marks: &Marks,
    copies: &[CopySpan],
    n_sources: usize,
    meta: impl Fn(usize) -> SourceShare,
) -> Vec<SourceShare> {
    let mut out = Vec::new();
    for s in 0..n_sources {
        let mut spans: Vec<Span> = copies
            .iter()
            .filter(|c| c.source == s)
            .map(|c| c.draft)
            .collect();
        if spans.is_empty() {
            continue;
        }
        spans.sort_by_key(|x| (x.start, x.end));
        let merged = merge(spans);
        let (mut copied, mut unquoted) = (0, 0);
        for span in merged {
            let (c, u) = marks.copied_in(body, span);
            copied += c;
            unquoted += u;
        }
        if copied == 0 {
            continue;
        }
        out.push(SourceShare {
            copied_chars: copied,
            ratio: ratio(copied, body.len()),
            ratio_excluding_quotes: ratio(unquoted, body.len()),
            ..meta(s)
        });
    }
    out.sort_by(|a, b| {
        b.copied_chars
            .cmp(&a.copied_chars)
            .then_with(|| dated_first(&a.date, &b.date))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// Which quotations quote too much of a source to stand apart (适当引用).
/// `copies` are those of the sources' own words (not of what a source
/// itself quotes). When the copies of one source inside quotations take
/// more than `max_share` of its `source_chars(s)` matchable characters and
/// more than `floor` characters, the source is copied, not quoted: every
/// quotation holding one of its copies counts as copied. The measure is
/// that of the 1985 《图书、期刊版权保护试行条例实施细则》, article 15: a
/// prose work is quoted up to a tenth of it. Gives,
/// for each of `quotes` (sorted and disjoint), the source it quotes too
/// much of (the one quoted most, then the first) with the characters
/// quoted from it; never a `--self` source.
pub(super) fn excessive_quotes(
    body: &Body,
    copies: &[CopySpan],
    quotes: &[Span],
    source_chars: impl Fn(usize) -> u32,
    max_share: f64,
    floor: u32,
) -> Vec<Option<(usize, u32)>> {
    debug_assert!(quotes.windows(2).all(|w| w[0].end <= w[1].start));
    if quotes.is_empty() {
        return Vec::new();
    }
    let marks = Marks::new(body, copies, quotes, &[]);
    let n = copies.iter().map(|c| c.source + 1).max().unwrap_or(0);
    // Characters quoted from each source, when more than its measure.
    let mut over = vec![0u32; n];
    for (s, over) in over.iter_mut().enumerate() {
        let mut spans: Vec<Span> = copies
            .iter()
            .filter(|c| c.source == s && !c.own)
            .map(|c| c.draft)
            .collect();
        spans.sort_by_key(|x| (x.start, x.end));
        let quoted: u32 = merge(spans)
            .into_iter()
            .map(|span| {
                let (copied, unquoted) = marks.copied_in(body, span);
                copied - unquoted
            })
            .sum();
        if quoted > floor && f64::from(quoted) > max_share * f64::from(source_chars(s)) {
            *over = quoted;
        }
    }
    // Quotations are sorted and disjoint: each copy finds the ones it
    // overlaps by binary search.
    let mut out: Vec<Option<(usize, u32)>> = vec![None; quotes.len()];
    for c in copies.iter().filter(|c| over[c.source] > 0) {
        let first = quotes.partition_point(|q| q.end <= c.draft.start);
        for (q, o) in quotes[first..].iter().zip(&mut out[first..]) {
            if q.start >= c.draft.end {
                break;
            }
            let this = (c.source, over[c.source]);
            let better = |&(s, n): &(usize, u32)| (n, std::cmp::Reverse(s));
            if o.is_none_or(|old| better(&this) > better(&old)) {
                *o = Some(this);
            }
        }
    }
    out
}

/// Sorted spans merged where they overlap or touch.
fn merge(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// The section table, with `heading(span)` giving a heading's text.
pub(super) fn sections(
    body: &Body,
    marks: &Marks,
    spans: &[SectionSpan],
    heading: impl Fn(Span) -> String,
) -> Vec<Section> {
    spans
        .iter()
        .map(|s| {
            let r = body.range(s.span);
            let chars = r.len() as u32;
            let copied = marks.count(r.clone(), COPIED, 0);
            Section {
                start: s.span.start,
                end: s.span.end,
                heading: s.heading.map(&heading),
                chars,
                copied_chars: copied,
                copy_ratio: ratio(copied, chars),
                copy_ratio_excluding_quotes: ratio(marks.count(r.clone(), COPIED, QUOTED), chars),
                copy_ratio_net: ratio(marks.count(r, COUNTED, QUOTED), chars),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(start: u32, end: u32, source: usize, own: bool) -> CopySpan {
        CopySpan {
            draft: Span::new(start, end),
            source,
            own,
        }
    }

    #[test]
    fn overlapping_copies_count_once_and_quotes_and_own_sources_come_off() {
        // Body chars at 0..100, except 50..60 (punctuation, say).
        let body = Body::new((0..100).filter(|i| !(50..60).contains(i)).collect());
        assert_eq!(body.len(), 90);
        let copies = [
            copy(0, 40, 0, false),
            copy(20, 70, 1, false),
            copy(80, 90, 2, true),
        ];
        let quotes = [Span::new(30, 45)];
        let marks = Marks::new(&body, &copies, &quotes, &[Span::new(85, 100)]);
        let m = measures(&body, &marks, &copies);
        // 0..70 minus the ten gaps = 60, and 80..90 = 10.
        assert_eq!(m.copied_chars, 70);
        assert_eq!(m.copy_ratio, round4(70.0 / 90.0));
        assert_eq!(m.copy_ratio_excluding_quotes, round4(55.0 / 90.0));
        assert_eq!(m.copy_ratio_excluding_self, round4(60.0 / 90.0));
        assert_eq!(m.copy_ratio_net, round4(45.0 / 90.0));
        // 90..100 reworded and not copied.
        assert_eq!(m.reworded_chars, 10);
        // 0..70 is one run though 50..60 holds no body char.
        assert_eq!(m.longest_copy_chars, 60);

        let meta = |i: usize| SourceShare {
            id: format!("s{i}"),
            title: None,
            date: None,
            source: None,
            copied_chars: 0,
            ratio: 0.0,
            ratio_excluding_quotes: 0.0,
            own: i == 2,
        };
        let s = sources(&body, &marks, &copies, 3, meta);
        let ids: Vec<_> = s.iter().map(|x| (x.id.as_str(), x.copied_chars)).collect();
        // Tied at 40: by date (none known), then id.
        assert_eq!(ids, [("s0", 40), ("s1", 40), ("s2", 10)]);
        assert!(s[2].own);
        assert_eq!(s[0].ratio_excluding_quotes, round4(30.0 / 90.0));
    }

    #[test]
    fn quotations_taking_more_than_a_tenth_of_a_source_count_as_copies() {
        let body = Body::new((0..200).collect());
        // Source 0 (100 chars) is quoted twice, 6 chars each: 12 > 10.
        // Source 1 (1000 chars) is quoted 30 chars: 3%, within measure.
        // Source 2 (100 chars) is the writer's own: never excessive.
        let copies = [
            copy(10, 16, 0, false),
            copy(40, 46, 0, false),
            copy(60, 90, 1, false),
            copy(120, 150, 2, true),
        ];
        let quotes = [
            Span::new(8, 18),
            Span::new(38, 48),
            Span::new(58, 92),
            Span::new(118, 152),
            Span::new(170, 180),
        ];
        let chars = |s: usize| [100, 1000, 100][s];
        let e = excessive_quotes(&body, &copies, &quotes, chars, 0.1, 0);
        assert_eq!(e, [Some((0, 12)), Some((0, 12)), None, None, None]);
        // Up to the floor is always within measure.
        let e = excessive_quotes(&body, &copies, &quotes, chars, 0.1, 12);
        assert_eq!(e, [None; 5]);
        // One of the two quotations alone is within measure.
        let e = excessive_quotes(&body, &copies, &quotes[1..], chars, 0.1, 0);
        assert_eq!(e, [None, None, None, None]);
        // A copy outside the quotations takes nothing from the measure.
        let e = excessive_quotes(&body, &copies, &quotes[2..], chars, 0.02, 0);
        assert_eq!(e, [Some((1, 30)), None, None]);
    }
}
