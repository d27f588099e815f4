//! Clusters of near-duplicate documents.
//!
//! Takes the flagged pairs (document indices) and gives the connected
//! groups of two or more documents, found with a union-find. [`clusters`]
//! returns each group's members in corpus order; the caller picks the
//! representative ([`representative`]: earliest date, else longest body,
//! else smallest id).

/// Disjoint sets over `0..n` with path halving and union by size.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    /// The root of `x`'s set.
    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Joins the sets of `a` and `b`; false when they were already one.
    pub fn union(&mut self, a: u32, b: u32) -> bool {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        if self.size[ra as usize] < self.size[rb as usize] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb as usize] = ra;
        self.size[ra as usize] += self.size[rb as usize];
        true
    }
}

/// Groups of two or more of `0..n` joined by `pairs`, each in ascending
/// order, the groups ordered by their first member.
pub fn clusters(n: usize, pairs: impl IntoIterator<Item = (u32, u32)>) -> Vec<Vec<u32>> {
    let mut uf = UnionFind::new(n);
    for (a, b) in pairs {
        uf.union(a, b);
    }
    let mut by_root: Vec<Vec<u32>> = vec![Vec::new(); n];
    for x in 0..n as u32 {
        let r = uf.find(x);
        by_root[r as usize].push(x);
    }
    let mut groups: Vec<Vec<u32>> = by_root.into_iter().filter(|g| g.len() >= 2).collect();
    groups.sort_unstable_by_key(|g| g[0]);
    groups
}

/// What decides a cluster's representative, for one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// `YYYY-MM-DD`, when known.
    pub date: Option<&'a str>,
    /// Body length in characters.
    pub body_chars: usize,
    pub id: &'a str,
}

/// The place in `members` of the member that stands for a cluster: the
/// earliest date (dated before undated), then the longest body, then the
/// smallest id. `None` only for an empty list.
pub fn representative(members: &[Candidate<'_>]) -> Option<usize> {
    (0..members.len()).min_by(|&x, &y| {
        let (x, y) = (&members[x], &members[y]);
        let date = match (x.date, y.date) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        date.then(y.body_chars.cmp(&x.body_chars))
            .then(x.id.cmp(y.id))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_joins_transitively() {
        let mut uf = UnionFind::new(6);
        assert!(uf.union(0, 1));
        assert!(uf.union(4, 1));
        assert!(!uf.union(0, 4));
        assert_eq!(uf.find(4), uf.find(0));
        assert_ne!(uf.find(2), uf.find(0));
    }

    #[test]
    fn clusters_are_components_of_two_or_more() {
        let groups = clusters(7, [(5, 3), (1, 0), (3, 6), (0, 1)]);
        assert_eq!(groups, vec![vec![0, 1], vec![3, 5, 6]]);
        assert!(clusters(3, []).is_empty());
    }

    #[test]
    fn representative_prefers_earliest_date_then_longest_then_id() {
        let c = |date, body_chars, id| Candidate {
            date,
            body_chars,
            id,
        };
        let m = [
            c(None, 5000, "a"),
            c(Some("2022-03-31"), 100, "z"),
            c(Some("2022-01-02"), 90, "y"),
        ];
        assert_eq!(representative(&m), Some(2));
        let undated = [c(None, 100, "b"), c(None, 300, "c"), c(None, 300, "a")];
        assert_eq!(representative(&undated), Some(2));
        assert!(representative(&[]).is_none());
    }
}
