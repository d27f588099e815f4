//! Shingle sets and their exact overlap.
//!
//! Takes a document's matchable characters (or its term words) and gives its
//! shingle set: every n-gram hashed to a `u64`, sorted and deduplicated
//! ([`ShingleSet`]). Two sets are compared exactly by merge-intersection
//! ([`similarity`]): Jaccard `|A ∩ B| / |A ∪ B|` and containment
//! `|A ∩ B| / min(|A|, |B|)`. A text shorter than the shingle size has an
//! empty set and matches nothing. Shingles found in many sets (site
//! boilerplate) can be found and left out ([`common_shingles`],
//! [`without`]).

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashSet, FxHasher};

use super::{POLY, mix64};

/// A document's shingles as hashes, sorted ascending, no repeats.
pub type ShingleSet = Vec<u64>;

/// Hashes of the `n`-grams of a sequence of item values, sorted and
/// deduped: a polynomial in an odd constant over the items (distinct for
/// distinct short n-grams in practice), then mixed.
fn ngrams(items: &[u64], n: usize) -> ShingleSet {
    if n == 0 || items.len() < n {
        return Vec::new();
    }
    let mut set: Vec<u64> = items
        .windows(n)
        .map(|w| {
            mix64(
                w.iter()
                    .fold(0, |h: u64, &x| h.wrapping_mul(POLY).wrapping_add(x)),
            )
        })
        .collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// The character `n`-grams of `chars`.
pub fn char_shingles(chars: &[char], n: usize) -> ShingleSet {
    let items: Vec<u64> = chars.iter().map(|&c| c as u64).collect();
    ngrams(&items, n)
}

/// The word `n`-grams of `words`.
pub fn word_shingles<'a>(words: impl IntoIterator<Item = &'a str>, n: usize) -> ShingleSet {
    let items: Vec<u64> = words
        .into_iter()
        .map(|w| {
            let mut h = FxHasher::default();
            w.hash(&mut h);
            mix64(h.finish())
        })
        .collect();
    ngrams(&items, n)
}

/// Number of hashes two sorted, deduped sets share.
pub fn overlap(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The shingles found in more than `boilerplate_df` of the sets: site boilerplate
/// (footers, bylines, share prompts) rather than content.
pub fn common_shingles(sets: &[ShingleSet], max_df: usize) -> FxHashSet<u64> {
    let mut all: Vec<u64> = sets.iter().flatten().copied().collect();
    all.par_sort_unstable();
    all.chunk_by(|a, b| a == b)
        .filter(|run| run.len() > max_df)
        .map(|run| run[0])
        .collect()
}

/// `set` without the hashes in `common`.
pub fn without(set: &[u64], common: &FxHashSet<u64>) -> ShingleSet {
    set.iter()
        .copied()
        .filter(|h| !common.contains(h))
        .collect()
}

/// Exact similarity of two shingle sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// `|A ∩ B| / |A ∪ B|`.
    pub jaccard: f64,
    /// `|A ∩ B| / min(|A|, |B|)`: how much of the smaller set is in the larger.
    pub containment: f64,
}

/// Jaccard and containment of two sets; both 0 when either set is empty.
///
/// ```
/// use chachong::fingerprint::{char_shingles, similarity};
///
/// let chars = |s: &str| s.chars().collect::<Vec<char>>();
/// let story = char_shingles(&chars("工业互联网平台赋能制造业"), 5); // 8 shingles
/// let quote = char_shingles(&chars("互联网平台赋能"), 5); // 3, all in `story`
/// let s = similarity(&story, &quote);
/// assert_eq!(s.containment, 1.0);
/// assert_eq!(s.jaccard, 3.0 / 8.0);
/// ```
pub fn similarity(a: &[u64], b: &[u64]) -> Similarity {
    if a.is_empty() || b.is_empty() {
        return Similarity {
            jaccard: 0.0,
            containment: 0.0,
        };
    }
    let shared = overlap(a, b) as f64;
    let union = (a.len() + b.len()) as f64 - shared;
    Similarity {
        jaccard: shared / union,
        containment: shared / a.len().min(b.len()) as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn char_shingles_count_distinct_ngrams() {
        // 7 chars -> 3 five-grams, all distinct.
        assert_eq!(char_shingles(&chars("工业互联网平台"), 5).len(), 3);
        // A repeated text gives repeated n-grams only once.
        assert_eq!(char_shingles(&chars("ababab"), 2).len(), 2);
        // Shorter than n: no shingles.
        assert!(char_shingles(&chars("工业互联"), 5).is_empty());
        let s = char_shingles(&chars("数字经济发展新路径"), 3);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn ngram_order_matters() {
        let a = char_shingles(&chars("abc"), 3);
        let b = char_shingles(&chars("cba"), 3);
        assert_ne!(a, b);
        let w = word_shingles(["工业", "互联网"], 2);
        let v = word_shingles(["互联网", "工业"], 2);
        assert_ne!(w, v);
    }

    #[test]
    fn common_shingles_are_those_in_more_than_max_df_sets() {
        let sets = vec![vec![1, 2, 3], vec![2, 3, 4], vec![3, 5], vec![6]];
        let common = common_shingles(&sets, 2);
        assert_eq!(common.len(), 1);
        assert!(common.contains(&3));
        assert_eq!(without(&sets[1], &common), vec![2, 4]);
        assert_eq!(common_shingles(&sets, 1).len(), 2);
    }

    #[test]
    fn exact_jaccard_and_containment() {
        let a = vec![1, 2, 3, 4];
        let b = vec![3, 4, 5, 6, 7, 8];
        assert_eq!(overlap(&a, &b), 2);
        let s = similarity(&a, &b);
        assert!((s.jaccard - 2.0 / 8.0).abs() < 1e-12);
        assert!((s.containment - 0.5).abs() < 1e-12);
        let inside = similarity(&[3, 4], &b);
        assert_eq!(inside.containment, 1.0);
        assert!((inside.jaccard - 2.0 / 6.0).abs() < 1e-12);
        assert_eq!(similarity(&[], &b).jaccard, 0.0);
    }
}
