//! From aligned pairs to passages with all their copies.
//!
//! Takes pairs of places that align (document index and span of the text as
//! read, for both sides) and gives groups: one per repeated passage, each the
//! list of places it stands in. Places joined by a pair belong to one group,
//! and so do places of one document that overlap by at least `min_overlap` of
//! the longer of the two (a paragraph reprinted five times gives ten pairs
//! whose spans in each document nearly coincide). Within a group, places of
//! one document that overlap that much are one copy, spanning them all.
//!
//! [`nest`] then finds the groups that would repeat a finding: a shorter
//! passage two of whose copies lie inside two copies of a longer one (a
//! long copy, and inside it a paragraph that a third document also took).
//! Such a group is shown inside the longer one, so no pair of documents is
//! reported twice for one stretch of text.

use crate::span::Span;

/// A place: document index and span of its text as read.
pub(crate) type Place = (u32, Span);

/// Two places holding the same passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Pair {
    pub a: Place,
    pub b: Place,
}

/// Disjoint sets over `0..n`, with path halving.
struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Joins the sets of `x` and `y`; the smaller root stays root.
    fn union(&mut self, x: u32, y: u32) {
        let (rx, ry) = (self.find(x), self.find(y));
        let (lo, hi) = (rx.min(ry), rx.max(ry));
        self.parent[hi as usize] = lo;
    }
}

/// True when `x` and `y` overlap by at least `min` of the longer one.
fn substantial(x: Span, y: Span, min: f64) -> bool {
    let overlap = x.end.min(y.end).saturating_sub(x.start.max(y.start));
    overlap > 0 && f64::from(overlap) >= min * f64::from(x.len().max(y.len()))
}

/// Groups the places of `pairs`; each group is sorted by (document, start)
/// and holds at least two copies; groups are sorted by their first copy.
pub(crate) fn group(pairs: &[Pair], min_overlap: f64) -> Vec<Vec<Place>> {
    // The distinct places, sorted: a passage aligned with each of 5,000
    // reprints gives 5,000 places in its first document that coincide, one
    // node here, so the sweep below does not compare them all with one
    // another.
    let mut places: Vec<Place> = pairs.iter().flat_map(|p| [p.a, p.b]).collect();
    places.sort_unstable();
    places.dedup();
    let node = |place: &Place| places.binary_search(place).unwrap_or_default() as u32;
    let n = places.len();
    let mut all = UnionFind::new(n);
    let mut same = UnionFind::new(n);
    for p in pairs {
        all.union(node(&p.a), node(&p.b));
    }
    let mut active: Vec<u32> = Vec::new();
    let mut doc = None;
    for i in 0..n as u32 {
        let (d, span) = places[i as usize];
        if doc != Some(d) {
            active.clear();
            doc = Some(d);
        }
        active.retain(|&q| places[q as usize].1.end > span.start);
        for &q in &active {
            if substantial(places[q as usize].1, span, min_overlap) {
                all.union(q, i);
                same.union(q, i);
            }
        }
        active.push(i);
    }

    // (group root, copy root, place), sorted so each group and each copy
    // in it is a run.
    let mut tagged: Vec<(u32, u32, Place)> = (0..n as u32)
        .map(|i| (all.find(i), same.find(i), places[i as usize]))
        .collect();
    tagged.sort_unstable();
    let mut groups: Vec<Vec<Place>> = tagged
        .chunk_by(|x, y| x.0 == y.0)
        .filter_map(|members| {
            let mut copies: Vec<Place> = members
                .chunk_by(|x, y| x.1 == y.1)
                .map(|copy| {
                    let (d, first) = copy[0].2;
                    let start = copy
                        .iter()
                        .map(|t| t.2.1.start)
                        .min()
                        .unwrap_or(first.start);
                    let end = copy.iter().map(|t| t.2.1.end).max().unwrap_or(first.end);
                    (d, Span::new(start, end))
                })
                .collect();
            copies.sort_unstable();
            copies = merge_copies(copies, min_overlap);
            (copies.len() >= 2).then_some(copies)
        })
        .collect();
    groups.sort_unstable();
    groups
}

/// For each group, the group it is shown inside, if any: the longest
/// group (of the top level, so nesting is one level deep) two of whose
/// copies, in distinct places, hold two of its copies, each at least
/// `min_overlap` inside (groups as [`group`] gives them).
pub(crate) fn nest(groups: &[Vec<Place>], min_overlap: f64) -> Vec<Option<usize>> {
    let longest = |g: &[Place]| g.iter().map(|p| p.1.len()).max().unwrap_or(0);
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&g| (std::cmp::Reverse(longest(&groups[g])), g));
    let mut parent: Vec<Option<usize>> = vec![None; groups.len()];
    // The copies of the top-level groups placed so far, by document, with
    // the group's place in `order` (longest first) and the copy.
    let mut by_doc: std::collections::HashMap<u32, Vec<(Span, usize, usize)>> =
        std::collections::HashMap::new();
    for (k, &g) in order.iter().enumerate() {
        // (parent's place in `order`, its copy, copy of `g` it holds).
        let mut holders: Vec<(usize, usize, usize)> = Vec::new();
        for (i, &(d, x)) in groups[g].iter().enumerate() {
            for &(span, p, c) in by_doc.get(&d).into_iter().flatten() {
                let overlap = x.end.min(span.end).saturating_sub(x.start.max(span.start));
                if span.len() > x.len() && f64::from(overlap) >= min_overlap * f64::from(x.len()) {
                    holders.push((p, c, i));
                }
            }
        }
        holders.sort_unstable();
        // The first parent (longest, placed first) holding two copies of
        // `g` in two of its own.
        let found = holders.chunk_by(|x, y| x.0 == y.0).find_map(|run| {
            let mut theirs: Vec<usize> = run.iter().map(|h| h.1).collect();
            let mut mine: Vec<usize> = run.iter().map(|h| h.2).collect();
            theirs.dedup();
            mine.sort_unstable();
            mine.dedup();
            // Both at least two: then two copies of `g` lie in two
            // distinct copies of the parent.
            (theirs.len() >= 2 && mine.len() >= 2).then_some(order[run[0].0])
        });
        match found {
            Some(p) => parent[g] = Some(p),
            None => {
                for (c, &(d, span)) in groups[g].iter().enumerate() {
                    by_doc.entry(d).or_default().push((span, k, c));
                }
            }
        }
    }
    parent
}

/// Merges neighbouring copies of one document that overlap substantially
/// (copies are sorted by document and start).
fn merge_copies(copies: Vec<Place>, min_overlap: f64) -> Vec<Place> {
    let mut out: Vec<Place> = Vec::with_capacity(copies.len());
    for (d, span) in copies {
        match out.last_mut() {
            Some((ld, last))
                if *ld == d && (*last == span || substantial(*last, span, min_overlap)) =>
            {
                *last = Span::new(last.start, last.end.max(span.end));
            }
            _ => out.push((d, span)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: u32, sa: (u32, u32), b: u32, sb: (u32, u32)) -> Pair {
        Pair {
            a: (a, Span::new(sa.0, sa.1)),
            b: (b, Span::new(sb.0, sb.1)),
        }
    }

    #[test]
    fn all_pairs_of_five_copies_make_one_group_of_five() {
        let spans = [
            (0, (10, 60)),
            (1, (0, 50)),
            (2, (5, 56)),
            (3, (100, 149)),
            (4, (7, 57)),
        ];
        let mut pairs = Vec::new();
        for (i, &(a, sa)) in spans.iter().enumerate() {
            for &(b, sb) in &spans[i + 1..] {
                // Ends vary by a char or two from pair to pair.
                pairs.push(pair(a, (sa.0 + b % 2, sa.1), b, (sb.0, sb.1 - a % 2)));
            }
        }
        let groups = group(&pairs, 0.5);
        assert_eq!(groups.len(), 1, "{groups:?}");
        let docs: Vec<u32> = groups[0].iter().map(|p| p.0).collect();
        assert_eq!(docs, vec![0, 1, 2, 3, 4]);
        assert_eq!(groups[0][0].1, Span::new(10, 60));
    }

    #[test]
    fn a_short_passage_inside_a_long_one_is_its_own_group() {
        let pairs = [
            pair(0, (0, 600), 1, (0, 600)),
            pair(0, (100, 200), 2, (50, 150)),
        ];
        let groups = group(&pairs, 0.5);
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert_eq!(
            groups[0],
            vec![(0, Span::new(0, 600)), (1, Span::new(0, 600))]
        );
        assert_eq!(
            groups[1],
            vec![(0, Span::new(100, 200)), (2, Span::new(50, 150))]
        );
    }

    #[test]
    fn thousands_of_pairs_with_one_place_are_one_group() {
        // Each reprint aligned with the first document only (a fingerprint
        // in more than `max_postings` places): the first document's places
        // coincide.
        let pairs: Vec<Pair> = (1..5000)
            .map(|d| pair(0, (63, 263), d, (63, 263)))
            .collect();
        let groups = group(&pairs, 0.5);
        assert_eq!(groups.len(), 1);
        let expected: Vec<Place> = (0..5000).map(|d| (d, Span::new(63, 263))).collect();
        assert_eq!(groups[0], expected);
    }

    #[test]
    fn two_copies_in_one_document_stay_two() {
        let groups = group(&[pair(3, (10, 70), 3, (200, 260))], 0.5);
        assert_eq!(
            groups,
            vec![vec![(3, Span::new(10, 70)), (3, Span::new(200, 260))]]
        );
    }
}
