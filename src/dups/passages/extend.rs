//! An exact match grown outward through the small edits of a copy.
//!
//! Takes two texts' matchable chars and a maximal exact match between them
//! and gives the [`Region`] the copy holding it stands in. From each end of
//! the match, the next exact match of at least [`FILL_K`] chars is looked
//! for within `max_gap` chars on both sides, in windows of 8, 16, ... chars
//! (nearest first); of the matches found in the smallest window holding
//! any, the one that adds most (its full length less the gap it leaves) is
//! taken, and the search goes on from its end. A substituted char leaves a
//! gap of one on both sides, a dropped or added one a gap of one on one
//! side, so a copy with one edit in twenty chars is walked through whole,
//! though the winnowed seeds alone would leave most of it out.
//!
//! Each step scores as a local alignment does: `+1` per matched char, `-1`
//! per char of the longer side of the gap before it. The region ends where
//! the score was highest, so a short chance match after the end of a copy
//! is never taken in, and the walk stops once the score has fallen
//! `max_gap` below its best, or when no match is found. Every step moves at
//! least [`FILL_K`] chars outward and looks at `O(max_gap)` chars, so the
//! time is linear in the length of the region.

use super::align::Exact;

/// Shortest exact match that continues a region across an edit.
pub(super) const FILL_K: usize = 4;

/// Where two texts align: matchable chars `[a0, a1)` of the first stand for
/// `[b0, b1)` of the second, `matched` of them (counted on the first) inside
/// exact matches. `head` and `tail` are the lengths of the first and last
/// of those matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Region {
    pub a0: usize,
    pub a1: usize,
    pub b0: usize,
    pub b1: usize,
    pub matched: usize,
    pub head: usize,
    pub tail: usize,
}

impl Region {
    /// True when `e` lies inside the region on both sides.
    pub fn holds(&self, e: &Exact) -> bool {
        self.a0 <= e.a0 && e.a1 <= self.a1 && self.b0 <= e.b0 && e.b1() <= self.b1
    }
}

/// The region the exact match `e` stands in: `e` grown outward on both
/// sides across gaps of at most `max_gap` chars.
pub(super) fn extend(a: &[char], b: &[char], e: &Exact, max_gap: usize) -> Region {
    let len = e.a1 - e.a0;
    let right = walk(
        Side::new(a, e.a1, Dir::Right),
        Side::new(b, e.b1(), Dir::Right),
        max_gap,
    );
    let left = walk(
        Side::new(a, e.a0, Dir::Left),
        Side::new(b, e.b0, Dir::Left),
        max_gap,
    );
    Region {
        a0: e.a0 - left.a,
        a1: e.a1 + right.a,
        b0: e.b0 - left.b,
        b1: e.b1() + right.b,
        matched: len + left.matched + right.matched,
        head: if left.a > 0 { left.last } else { len },
        tail: if right.a > 0 { right.last } else { len },
    }
}

/// Which way a walk goes from its edge.
#[derive(Debug, Clone, Copy)]
enum Dir {
    Right,
    Left,
}

/// One text seen outward from an edge: offset 0 is the char just past it.
#[derive(Debug, Clone, Copy)]
struct Side<'a> {
    chars: &'a [char],
    edge: usize,
    dir: Dir,
}

impl<'a> Side<'a> {
    fn new(chars: &'a [char], edge: usize, dir: Dir) -> Self {
        Side { chars, edge, dir }
    }

    /// The char `t` places outward from the edge.
    fn at(&self, t: usize) -> Option<char> {
        self.place(t).map(|i| self.chars[i])
    }

    /// The index in the text of the char `t` places outward, if any.
    fn place(&self, t: usize) -> Option<usize> {
        match self.dir {
            Dir::Right => Some(self.edge + t).filter(|&i| i < self.chars.len()),
            Dir::Left => self.edge.checked_sub(t + 1),
        }
    }

    /// True when `self` at `i` and `other` at `j` are one place of one
    /// text: a text aligned with itself must never match a place with
    /// itself, or a walk could step onto the whole text.
    fn same_place(&self, i: usize, other: &Side, j: usize) -> bool {
        std::ptr::eq(self.chars, other.chars) && self.place(i) == other.place(j)
    }

    /// Chars left outward of the edge.
    fn room(&self) -> usize {
        match self.dir {
            Dir::Right => self.chars.len() - self.edge,
            Dir::Left => self.edge,
        }
    }

    /// The same text seen from `t` places further out.
    fn past(&self, t: usize) -> Self {
        let edge = match self.dir {
            Dir::Right => self.edge + t,
            Dir::Left => self.edge - t,
        };
        Side { edge, ..*self }
    }

    /// The chars at offsets `0..n` (fewer near the end of the text), as
    /// `u32`s in `stack` when they fit, else in `heap`.
    fn window<'b>(&self, n: usize, stack: &'b mut [u32], heap: &'b mut Vec<u32>) -> &'b [u32] {
        let n = n.min(self.room());
        let out: &mut [u32] = if n <= stack.len() {
            &mut stack[..n]
        } else {
            heap.resize(n, 0);
            heap
        };
        for (t, slot) in out.iter_mut().enumerate() {
            *slot = self.at(t).map_or(0, u32::from);
        }
        out
    }

    /// How many chars from offsets `i` here and `j` in `other` are equal.
    fn run(&self, i: usize, other: &Side, j: usize) -> usize {
        (0..)
            .take_while(
                |&x| matches!((self.at(i + x), other.at(j + x)), (Some(p), Some(q)) if p == q),
            )
            .count()
    }
}

/// How far a walk reached at its best score: chars outward on each side,
/// chars matched on the way, and the length of the last match.
#[derive(Debug, Clone, Copy, Default)]
struct Walk {
    a: usize,
    b: usize,
    matched: usize,
    last: usize,
}

/// Walks outward from the edges of `a` and `b` from match to match (see the
/// module docs).
fn walk(a: Side, b: Side, max_gap: usize) -> Walk {
    let mut at = Walk::default();
    let mut best = Walk::default();
    let (mut score, mut best_score) = (0i64, 0i64);
    while let Some((i, j, len)) = next_match(&a.past(at.a), &b.past(at.b), max_gap) {
        score += len as i64 - i.max(j) as i64;
        at = Walk {
            a: at.a + i + len,
            b: at.b + j + len,
            matched: at.matched + len,
            last: len,
        };
        if score > best_score {
            best_score = score;
            best = at;
        } else if score < best_score - max_gap as i64 {
            break;
        }
    }
    best
}

/// How a candidate match ranks, least first: smallest window, then most
/// gain (least `gap - len`), then least gap, then first place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    window: u32,
    loss: i64,
    gap: usize,
    i: usize,
    j: usize,
}

/// Windows up to this many chars are copied to the stack.
const STACK: usize = 64;

/// The next exact match of at least [`FILL_K`] chars outward from the two
/// edges, starting at most `max_gap` chars out on each side: `(i, j, len)`,
/// its offsets on `a` and `b` and its full length.
///
/// Of the places where a match starts (the chars just before differ, so a
/// long match is measured once), those in the smallest window (gap
/// `max(i, j)` below 8, 16, 32, ...) holding any are taken, and of them the
/// one of most gain, then least gap. The windows' chars are copied once
/// into arrays (on the stack unless `max_gap` is large), so the search is
/// a tight loop over them: this runs at both ends of every region, and at
/// the end of an exact copy it finds nothing.
fn next_match(a: &Side, b: &Side, max_gap: usize) -> Option<(usize, usize, usize)> {
    let w = max_gap + 1;
    let (mut stack_a, mut stack_b) = ([0u32; STACK], [0u32; STACK]);
    let (mut heap_a, mut heap_b) = (Vec::new(), Vec::new());
    let xa = a.window(w, &mut stack_a, &mut heap_a);
    let xb = b.window(w, &mut stack_b, &mut heap_b);
    // Which chars `b`'s window holds, by their low 7 bits: most chars of
    // `a`'s window are in none, and their rows are skipped.
    let bit = |c: u32| 1u128 << (c & 127);
    let held = xb.iter().fold(0u128, |m, &d| m | bit(d));
    let mut best: Option<(Rank, usize)> = None;
    for (i, &c) in xa.iter().enumerate() {
        if held & bit(c) == 0 {
            continue;
        }
        for (j, &d) in xb.iter().enumerate() {
            if c != d || (i > 0 && j > 0 && xa[i - 1] == xb[j - 1]) || a.same_place(i, b, j) {
                continue;
            }
            let len = a.run(i, b, j);
            if len < FILL_K {
                continue;
            }
            let gap = i.max(j);
            let window = (usize::BITS - gap.leading_zeros()).saturating_sub(3);
            let key = Rank {
                window,
                loss: gap as i64 - len as i64,
                gap,
                i,
                j,
            };
            if best.is_none_or(|(k, _)| key < k) {
                best = Some((key, len));
            }
        }
    }
    best.map(|(k, len)| (k.i, k.j, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The region of the exact match of `at` chars starting at `(pa, pb)`,
    /// as the two texts' strings.
    fn region(a: &str, b: &str, pa: usize, pb: usize, len: usize) -> (String, String, Region) {
        let (a, b) = (chars(a), chars(b));
        let r = extend(
            &a,
            &b,
            &Exact {
                a0: pa,
                a1: pa + len,
                b0: pb,
            },
            30,
        );
        (
            a[r.a0..r.a1].iter().collect(),
            b[r.b0..r.b1].iter().collect(),
            r,
        )
    }

    #[test]
    fn a_substitution_a_deletion_and_an_insertion_are_walked_through() {
        // b: 书记 → 书纪 (substituted), 要 dropped, 新 added.
        let a = "无关开头甲乙山东省委书记主持召开工业互联网工作专题会议时强调要加强战略谋划推动工业互联网健康发展丙丁无关结尾";
        let b = "另一开头山东省委书纪主持召开工业互联网工作专题会议时强调加强战略谋划推动新工业互联网健康发展完全不同的尾";
        let start = a.find("主持").map(|x| a[..x].chars().count()).unwrap_or(0);
        let pb = b.find("主持").map(|x| b[..x].chars().count()).unwrap_or(0);
        let (ra, rb, r) = region(a, b, start, pb, 16);
        assert_eq!(
            ra,
            "山东省委书记主持召开工业互联网工作专题会议时强调要加强战略谋划推动工业互联网健康发展"
        );
        assert_eq!(
            rb,
            "山东省委书纪主持召开工业互联网工作专题会议时强调加强战略谋划推动新工业互联网健康发展"
        );
        assert_eq!((r.head, r.tail), (5, 9), "山东省委书, 工业互联网健康发展");
    }

    #[test]
    fn a_chance_match_after_the_copy_is_not_taken_in() {
        // After the copy, both texts go on differently but share 发展 and
        // 工作 (shorter than FILL_K) and 工业互联 (a FILL_K match 20 chars
        // on: it adds 4 and costs 20).
        let a = "主持召开工业互联网工作专题会议时强调加强战略谋划此后各方面的说法截然不同甲乙丙丁戊己庚辛工业互联";
        let b = "主持召开工业互联网工作专题会议时强调加强战略谋划记者另外了解到一些情况子丑寅卯辰巳午未申酉工业互联";
        let (ra, _, _) = region(a, b, 0, 0, 24);
        assert_eq!(ra, "主持召开工业互联网工作专题会议时强调加强战略谋划");
    }

    #[test]
    fn walks_stop_at_the_ends_of_the_texts() {
        let (ra, rb, r) = region("甲乙丙丁戊己庚", "甲乙丙丁戊己辛", 0, 0, 6);
        assert_eq!((ra.as_str(), rb.as_str()), ("甲乙丙丁戊己", "甲乙丙丁戊己"));
        assert_eq!(r.matched, 6);
    }
}
