//! From shared fingerprints to aligned spans between two texts.
//!
//! Takes the seeds of one pair of documents (positions where both hold the
//! same winnowed k-gram) and gives the aligned passages between them, in
//! matchable chars. Each seed grows into a maximal exact match on its
//! diagonal; each match grows outward through the edits of a copy into a
//! region (`extend.rs`); regions near each other on both sides, in order or
//! crossed, join into one passage (a dropped, moved or swapped sentence,
//! see [`stand`]); of regions overlapping on both sides one stays, so no
//! two passages of a pair overlap on both sides. A passage is kept if exact
//! matches cover enough of it on both sides. It does not start or end with
//! a sliver of another paragraph, and within one document its two copies
//! never overlap.

use crate::fingerprint::matchable::{Matchable, is_matchable, matchable};
use crate::normalize::NormText;
use crate::span::Span;

use super::extend::{self, Region};

/// A document's matchable chars and where its paragraphs start.
#[derive(Debug, Clone, Default)]
pub(crate) struct Text {
    pub m: Matchable,
    /// The chars of the view.
    view: Vec<char>,
    /// Matchable indices at which a new paragraph starts, ascending, never 0.
    pub breaks: Vec<u32>,
}

impl Text {
    pub fn new(norm: &NormText) -> Text {
        let m = matchable(norm);
        let mut breaks = Vec::new();
        let mut at = 0usize; // next matchable index
        let mut pending = false;
        for (i, c) in norm.text.chars().enumerate() {
            if at < m.pos.len() && m.pos[at] as usize == i {
                if pending && at > 0 {
                    breaks.push(at as u32);
                }
                pending = false;
                at += 1;
            } else if c == '\n' {
                pending = true;
            }
        }
        Text {
            m,
            view: norm.text.chars().collect(),
            breaks,
        }
    }

    /// The span of the text as read of matchable chars `[i, j)`, widened
    /// over the opening punctuation just before it and the closing
    /// punctuation just after it (`“` and `。”`), so that a copied sentence
    /// is given whole.
    pub fn orig_span(&self, norm: &NormText, i: usize, j: usize) -> Span {
        let mut start = self.m.pos[i] as usize;
        let mut end = self.m.pos[j - 1] as usize + 1;
        while start > 0 && is_opening(self.view[start - 1]) {
            start -= 1;
        }
        while end < self.view.len() && is_closing(self.view[end]) {
            end += 1;
        }
        norm.orig_span(start, end)
    }

    /// The last paragraph start in `(lo, hi)`, if any.
    fn last_break_in(&self, lo: usize, hi: usize) -> Option<usize> {
        let i = self.breaks.partition_point(|&b| (b as usize) < hi);
        self.breaks[..i]
            .last()
            .map(|&b| b as usize)
            .filter(|&b| b > lo)
    }

    /// The first paragraph start in `(lo, hi)`, if any.
    fn first_break_in(&self, lo: usize, hi: usize) -> Option<usize> {
        let i = self.breaks.partition_point(|&b| (b as usize) <= lo);
        self.breaks.get(i).map(|&b| b as usize).filter(|&b| b < hi)
    }
}

/// Opening brackets and quotes, as the view has them (full-width forms
/// folded).
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '<' | '“' | '‘' | '「' | '『' | '《' | '〈' | '【' | '〔' | '〖'
    )
}

/// Punctuation that may close a passage: anything not matchable, not space
/// and not opening.
fn is_closing(c: char) -> bool {
    !is_matchable(c) && !c.is_whitespace() && !is_opening(c)
}

/// Both texts hold the same fingerprint: at `pa` in the first, `pb` in the
/// second (for one document, `pa < pb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Seed {
    pub pa: u32,
    pub pb: u32,
}

impl Seed {
    pub fn diagonal(&self) -> i64 {
        i64::from(self.pb) - i64::from(self.pa)
    }
}

/// Settings of the alignment, already checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AlignParams {
    pub k: usize,
    pub max_gap: usize,
    pub min_coverage: f64,
}

/// One aligned passage: matchable chars `[sa, ea)` of the first text stand
/// for `[sb, eb)` of the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Aligned {
    pub sa: usize,
    pub ea: usize,
    pub sb: usize,
    pub eb: usize,
    /// Chars of both sides inside exact matches between them.
    pub matched: usize,
}

/// A maximal exact match: `[a0, a1)` equals `[b0, b0 + a1 - a0)`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Exact {
    pub a0: usize,
    pub a1: usize,
    pub b0: usize,
}

impl Exact {
    pub fn b1(&self) -> usize {
        self.b0 + self.a1 - self.a0
    }
}

/// Aligns two texts (the same text twice when `same`) from their seeds.
pub(crate) fn align(
    ta: &Text,
    tb: &Text,
    same: bool,
    seeds: &mut [Seed],
    p: &AlignParams,
) -> Vec<Aligned> {
    let (a, b) = (&ta.m.chars[..], &tb.m.chars[..]);
    // Within one text, a place against itself (a fingerprint the index
    // holds twice at one place) would align the whole text with itself.
    let seeds: &mut [Seed] = if same {
        let n = partition_in_place(seeds, |s| s.pa < s.pb);
        &mut seeds[..n]
    } else {
        seeds
    };
    let mut exact = exact_matches(a, b, seeds, p.k);
    exact.sort_unstable_by_key(|e| (e.a0, e.b0));
    // Each exact match not inside a region already grown grows its own;
    // a region can hold only matches starting before its end.
    let mut regions: Vec<Region> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for e in &exact {
        open.retain(|&r| regions[r].a1 > e.a0);
        if open.iter().any(|&r| regions[r].holds(e)) {
            continue;
        }
        regions.push(extend::extend(a, b, e, p.max_gap));
        open.push(regions.len() - 1);
    }
    regions.retain(|r| covered(r, p.min_coverage));
    join(regions, same, p)
        .into_iter()
        .filter_map(|r| finish(ta, tb, same, &r, p.k))
        .collect()
}

/// Moves the seeds for which `keep` holds to the front; gives how many.
fn partition_in_place(seeds: &mut [Seed], keep: impl Fn(&Seed) -> bool) -> usize {
    let mut n = 0;
    for i in 0..seeds.len() {
        if keep(&seeds[i]) {
            seeds.swap(n, i);
            n += 1;
        }
    }
    n
}

/// Grows every seed into the maximal exact match on its diagonal, skipping
/// seeds inside a match already grown and seeds whose chars differ (hash
/// collisions). Sorts `seeds` by diagonal.
fn exact_matches(a: &[char], b: &[char], seeds: &mut [Seed], k: usize) -> Vec<Exact> {
    seeds.sort_unstable_by_key(|s| (s.diagonal(), s.pa));
    let mut out: Vec<Exact> = Vec::new();
    let mut last: Option<(i64, usize)> = None; // diagonal and end of the last match
    for s in seeds.iter() {
        let (pa, pb) = (s.pa as usize, s.pb as usize);
        if last.is_some_and(|(d, a1)| d == s.diagonal() && pa + k <= a1) {
            continue;
        }
        if pa + k > a.len() || pb + k > b.len() || a[pa..pa + k] != b[pb..pb + k] {
            continue;
        }
        let left = a[..pa]
            .iter()
            .rev()
            .zip(b[..pb].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        let right = a[pa + k..]
            .iter()
            .zip(&b[pb + k..])
            .take_while(|(x, y)| x == y)
            .count();
        let e = Exact {
            a0: pa - left,
            a1: pa + k + right,
            b0: pb - left,
        };
        last = Some((s.diagonal(), e.a1));
        out.push(e);
    }
    out
}

/// How two regions of a pair stand to each other.
enum Stand {
    /// Far apart on some side, or the two would make sides of unlike
    /// lengths (one stretch standing for two): two passages.
    Apart,
    /// Near or overlapping on each side, not on both, making sides of like
    /// lengths (a sentence dropped, moved or swapped inside a copy): one
    /// passage.
    Near,
    /// Overlapping on both sides: one passage, or two readings of one
    /// stretch of which only the stronger stays.
    Overlapping,
}

/// Chars between two spans, 0 when they touch, `None` when they overlap.
fn gap(x0: usize, x1: usize, y0: usize, y1: usize) -> Option<usize> {
    if x1 <= y0 {
        Some(y0 - x1)
    } else if y1 <= x0 {
        Some(x0 - y1)
    } else {
        None
    }
}

/// How `x` and `y` stand. Near takes, on each side, a gap within the reach
/// of the longer (`max_gap`, or half its length when more, at most
/// `8 × max_gap`) or an overlap, and a join whose two sides differ in
/// length by at most a third (or `max_gap`): a copy is about as long as
/// what it copies, a sentence or two dropped, while one list item standing
/// for two is half as long.
fn stand(x: &Region, y: &Region, max_gap: usize) -> Stand {
    let ga = gap(x.a0, x.a1, y.a0, y.a1);
    let gb = gap(x.b0, x.b1, y.b0, y.b1);
    if ga.is_none() && gb.is_none() {
        return Stand::Overlapping;
    }
    let longer = (x.a1 - x.a0).max(y.a1 - y.a0);
    let reach = max_gap.max((longer / 2).min(8 * max_gap));
    let len_a = x.a1.max(y.a1) - x.a0.min(y.a0);
    let len_b = x.b1.max(y.b1) - x.b0.min(y.b0);
    let alike = len_a.abs_diff(len_b) <= max_gap.max(len_a.max(len_b) / 3);
    let near = |g: Option<usize>| g.is_none_or(|g| g <= reach);
    if near(ga) && near(gb) && alike {
        Stand::Near
    } else {
        Stand::Apart
    }
}

/// The region spanning `x` and `y`, with the matched chars of both, less
/// what their spans share (never fewer than either's).
fn union(x: &Region, y: &Region) -> Region {
    let shared_a = x.a1.min(y.a1).saturating_sub(x.a0.max(y.a0));
    let shared_b = x.b1.min(y.b1).saturating_sub(x.b0.max(y.b0));
    let (a0, a1) = (x.a0.min(y.a0), x.a1.max(y.a1));
    let (b0, b1) = (x.b0.min(y.b0), x.b1.max(y.b1));
    Region {
        a0,
        a1,
        b0,
        b1,
        matched: (x.matched + y.matched)
            .saturating_sub(shared_a.min(shared_b))
            .max(x.matched)
            .max(y.matched)
            .min(a1 - a0)
            .min(b1 - b0),
        head: if x.a0 <= y.a0 { x.head } else { y.head },
        tail: if x.a1 >= y.a1 { x.tail } else { y.tail },
    }
}

/// Joins the regions of a pair into passages: regions near each other
/// ([`stand`]) join when the join stays covered by exact matches for
/// `min_coverage` of it; of two overlapping on both sides, the weaker
/// joins the stronger when at least half of it lies inside the stronger on
/// both sides, and is dropped otherwise. Within one text (`same`) it joins
/// only on nearly the same diagonal: a text repeating one item aligns with
/// itself shifted by one item, by two, and so on, and those are readings
/// of one repeat, not parts of one. Repeats until nothing joins, so no two
/// passages of a pair overlap on both sides. Sorted by first side.
fn join(mut regions: Vec<Region>, same: bool, p: &AlignParams) -> Vec<Region> {
    let mut joined = true;
    while joined {
        joined = false;
        regions.sort_unstable_by_key(|r| (r.a0, r.b0, r.a1, r.b1));
        let mut out: Vec<Region> = Vec::with_capacity(regions.len());
        let mut open: Vec<usize> = Vec::new(); // places in `out`
        let far = 8 * p.max_gap;
        for r in regions {
            open.retain(|&i| out[i].a1 + far.max(out[i].a1 - out[i].a0) >= r.a0);
            let mut keep = true;
            for &i in &open {
                let x = out[i];
                match stand(&x, &r, p.max_gap) {
                    Stand::Apart => continue,
                    Stand::Near => {
                        let u = union(&x, &r);
                        if !covered(&u, p.min_coverage) {
                            continue;
                        }
                        out[i] = u;
                    }
                    Stand::Overlapping => {
                        let (strong, weak) = if (x.matched, r.a1 - r.a0) >= (r.matched, x.a1 - x.a0)
                        {
                            (x, r)
                        } else {
                            (r, x)
                        };
                        let shift = (strong.b0 as i64 - strong.a0 as i64)
                            .abs_diff(weak.b0 as i64 - weak.a0 as i64);
                        let aligned = !same || shift <= p.max_gap as u64;
                        out[i] = if aligned && mostly_inside(&weak, &strong) {
                            union(&strong, &weak)
                        } else {
                            strong
                        };
                    }
                }
                keep = false;
                joined = true;
                break;
            }
            if keep {
                out.push(r);
                open.push(out.len() - 1);
            }
        }
        regions = out;
    }
    regions
}

/// True when at least half of `x` lies inside `y` on both sides.
fn mostly_inside(x: &Region, y: &Region) -> bool {
    let in_a = x.a1.min(y.a1).saturating_sub(x.a0.max(y.a0));
    let in_b = x.b1.min(y.b1).saturating_sub(x.b0.max(y.b0));
    2 * in_a >= x.a1 - x.a0 && 2 * in_b >= x.b1 - x.b0
}

/// True when exact matches cover at least `min` of the region on both
/// sides.
fn covered(r: &Region, min: f64) -> bool {
    let len = (r.a1 - r.a0).max(r.b1 - r.b0);
    r.matched as f64 >= min * len as f64
}

/// The passage of a region: ends trimmed back to a paragraph start when
/// they reach less than `k` chars into another paragraph, and, within one
/// text, the first copy cut where the second begins.
fn finish(ta: &Text, tb: &Text, same: bool, r: &Region, k: usize) -> Option<Aligned> {
    let (mut sa, mut sb) = (r.a0, r.b0);
    let (mut ea, mut eb) = (r.a1, r.b1);
    let head = [
        ta.last_break_in(sa, sa + k).map(|b| b - sa),
        tb.last_break_in(sb, sb + k).map(|b| b - sb),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    if head < r.head {
        sa += head;
        sb += head;
    }
    let tail = [
        ta.first_break_in(ea.saturating_sub(k), ea).map(|b| ea - b),
        tb.first_break_in(eb.saturating_sub(k), eb).map(|b| eb - b),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    if tail < r.tail && tail < ea - sa && tail < eb - sb {
        ea -= tail;
        eb -= tail;
    }
    if same {
        if sb <= sa {
            return None;
        }
        if sb < ea {
            // A stretch matching itself shifted: its first period against
            // the next one, periods taken together up to at least 2k chars
            // when the stretch holds them (a list repeating an item of a
            // few chars repeats it, as a finding, in a span long enough to
            // report).
            let period = sb - sa;
            let span = period * (2 * k).div_ceil(period);
            let span = if sa + 2 * span <= r.b1 { span } else { period };
            ea = sa + span;
            sb = ea;
            eb = eb.min(sb + span);
        }
    }
    let matched = 2 * r.matched.min(ea - sa).min(eb - sb);
    (sa < ea && sb < eb).then_some(Aligned {
        sa,
        ea,
        sb,
        eb,
        matched,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::winnow::winnow;

    const P: AlignParams = AlignParams {
        k: 6,
        max_gap: 20,
        min_coverage: 0.5,
    };

    fn text(s: &str) -> Text {
        Text::new(&NormText::from_plain(s))
    }

    /// Seeds from every shared fingerprint, as the index would give them.
    fn seeds(a: &Text, b: &Text, same: bool) -> Vec<Seed> {
        let fa = winnow(&a.m.chars, P.k, 8);
        let fb = winnow(&b.m.chars, P.k, 8);
        let mut out = Vec::new();
        for x in &fa {
            for y in &fb {
                if x.hash == y.hash && (!same || x.pos < y.pos) {
                    out.push(Seed {
                        pa: x.pos,
                        pb: y.pos,
                    });
                }
            }
        }
        out
    }

    fn run(a: &str, b: &str) -> Vec<(String, String)> {
        let (ta, tb) = (text(a), text(b));
        let mut s = seeds(&ta, &tb, false);
        align(&ta, &tb, false, &mut s, &P)
            .into_iter()
            .map(|x| {
                (
                    ta.m.chars[x.sa..x.ea].iter().collect(),
                    tb.m.chars[x.sb..x.eb].iter().collect(),
                )
            })
            .collect()
    }

    #[test]
    fn paragraph_starts_are_found_in_matchable_chars() {
        let t = text("甲乙，丙\n\n丁戊\n。己");
        assert_eq!(t.breaks, vec![3, 5]);
    }

    #[test]
    fn substitutions_and_a_deletion_chain_into_one_passage() {
        let a = "前文不同的内容在此处山东省高度重视工业互联网产业山东省委书记主持召开工业互联网工作专题会议时强调要加强战略谋划推动工业互联网健康发展后面也不同";
        let b = "另一篇文章开头山东省高度重视工业互联网产业山东省委书纪主持召开工业互联网工作专题会议时强调加强战略谋划推动工业互联网健康发展完全无关的结尾";
        let got = run(a, b);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0.starts_with("山东省高度重视"), "{got:?}");
        assert!(got[0].0.ends_with("健康发展"), "{got:?}");
    }

    #[test]
    fn unrelated_texts_align_nothing() {
        let got = run(
            "青岛全面助推工业互联网发展打造世界工业互联网之都",
            "金庸先生从外表看是一位文弱书生但其内心非常波澜壮阔",
        );
        assert!(got.is_empty());
    }

    #[test]
    fn a_text_repeating_itself_gives_copies_that_do_not_overlap() {
        let unit = "一二三四五六七八九十";
        let s = unit.repeat(6);
        let t = text(&s);
        let mut sd = seeds(&t, &t, true);
        for x in align(&t, &t, true, &mut sd, &P) {
            assert!(x.ea <= x.sb, "{x:?}");
            assert_eq!(
                t.m.chars[x.sa..x.ea],
                t.m.chars[x.sb..x.sb + (x.ea - x.sa)],
                "{x:?}"
            );
        }
    }

    #[test]
    fn a_list_repeating_one_name_is_never_aligned_onto_itself() {
        // Items closer together than max_gap: a walk from one item to the
        // next could step onto the same place on both sides (the identity)
        // and swallow the text; the join then kept only that, and
        // `finish` dropped it, so nothing at all was found.
        let other: Vec<char> = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬东南西北金木水火土天地玄黄宇宙洪荒"
            .chars()
            .collect();
        // A name of 7 chars, then 8 chars of no other item: items 15 apart.
        let items: String = (0..5)
            .map(|i| {
                let own: String = other[8 * i..8 * i + 8].iter().collect();
                format!("罗纳尔多皇马队{own}")
            })
            .collect();
        let s = format!("前言是一段与众不同的开头文字{items}结尾另有一段完全不同的话");
        let t = text(&s);
        let mut sd = seeds(&t, &t, true);
        let got = align(&t, &t, true, &mut sd, &P);
        assert!(!got.is_empty());
        for x in &got {
            assert!(x.sa < x.ea && x.ea <= x.sb && x.sb < x.eb, "{x:?}");
            assert!(x.ea - x.sa < t.m.len() / 2, "{x:?}");
        }
    }

    #[test]
    fn a_sliver_of_the_next_paragraph_is_trimmed() {
        // Both next paragraphs happen to start with 据.
        let a = "甲文开头\n山东省高度重视工业互联网产业山东省委书记主持召开会议\n据悉甲文另有说法";
        let b = "乙文开头\n山东省高度重视工业互联网产业山东省委书记主持召开会议\n据报道乙文不同";
        let got = run(a, b);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].0,
            "山东省高度重视工业互联网产业山东省委书记主持召开会议"
        );
    }
}
