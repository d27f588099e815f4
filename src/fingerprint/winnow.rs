//! Winnowing (Schleimer, Wilkerson and Aiken 2003) over k-grams of chars.
//!
//! Takes a document's matchable chars and gives its fingerprints: every
//! k-gram is hashed, and in each window of `w` consecutive k-grams the
//! smallest hash is kept (ties go to the one already kept, else the
//! rightmost: "robust winnowing"). Two texts that share a run of at least
//! `w + k - 1` chars share at least one fingerprint, since that run holds a
//! whole window of the same k-grams. Texts shorter than `k` have none.

use super::{POLY, mix64};

/// One kept k-gram: its hash and the index of its first char.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u64,
    pub pos: u32,
}

/// The hash of every k-gram of `chars`, in order (`chars.len() - k + 1` of
/// them, none when the text is shorter than `k` or `k` is 0): a polynomial
/// over the mixed chars, rolled from one k-gram to the next, then mixed.
pub fn kgram_hashes(chars: &[char], k: usize) -> Vec<u64> {
    if k == 0 || chars.len() < k {
        return Vec::new();
    }
    let x: Vec<u64> = chars.iter().map(|&c| mix64(u64::from(c))).collect();
    // POLY^(k-1), to remove the char leaving the window.
    let top = (1..k).fold(1u64, |p, _| p.wrapping_mul(POLY));
    let mut h = x[..k]
        .iter()
        .fold(0u64, |h, &v| h.wrapping_mul(POLY).wrapping_add(v));
    let mut out = Vec::with_capacity(chars.len() - k + 1);
    out.push(mix64(h));
    for i in k..x.len() {
        h = h
            .wrapping_sub(x[i - k].wrapping_mul(top))
            .wrapping_mul(POLY)
            .wrapping_add(x[i]);
        out.push(mix64(h));
    }
    out
}

/// The fingerprints of `chars` with k-grams of `k` chars and windows of `w`
/// k-grams, in increasing position. A text with fewer than `w` k-grams keeps
/// the smallest of them.
pub fn winnow(chars: &[char], k: usize, w: usize) -> Vec<Fingerprint> {
    let hashes = kgram_hashes(chars, k);
    if hashes.is_empty() {
        return Vec::new();
    }
    let w = w.clamp(1, hashes.len());
    let mut out: Vec<Fingerprint> = Vec::with_capacity(2 * hashes.len() / (w + 1) + 1);
    // Indices whose hashes increase strictly from front to back: the front
    // is the rightmost minimum of the current window.
    let mut queue = std::collections::VecDeque::with_capacity(w);
    let mut kept: Option<usize> = None;
    for (j, &h) in hashes.iter().enumerate() {
        while queue.back().is_some_and(|&b| hashes[b] >= h) {
            queue.pop_back();
        }
        queue.push_back(j);
        if j + 1 < w {
            continue;
        }
        let first = j + 1 - w;
        while queue.front().is_some_and(|&f| f < first) {
            queue.pop_front();
        }
        let Some(&min) = queue.front() else { continue };
        // Robust winnowing: keep the previous pick while it is still in
        // the window and still minimal.
        let keep_old = kept.is_some_and(|o| o >= first && hashes[o] == hashes[min]);
        if !keep_old && kept != Some(min) {
            kept = Some(min);
            out.push(Fingerprint {
                hash: hashes[min],
                pos: min as u32,
            });
        }
    }
    out
}

/// The winnowed hashes of `chars` ([`winnow`]), sorted, no repeats: the
/// smallest k-gram hash of every window, as the index stores them.
pub fn winnowed_hashes(chars: &[char], k: usize, w: usize) -> Vec<u64> {
    let mut out: Vec<u64> = winnow(chars, k, w).iter().map(|f| f.hash).collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn rolling_hash_matches_direct_hash() {
        let text = chars("中国国际消费电子博览会与青岛国际软件融合创新博览会");
        let rolled = kgram_hashes(&text, 5);
        for (i, h) in rolled.iter().enumerate() {
            assert_eq!(*h, kgram_hashes(&text[i..i + 5], 5)[0], "k-gram {i}");
        }
        assert!(kgram_hashes(&text[..4], 5).is_empty());
    }

    #[test]
    fn every_window_holds_a_fingerprint() {
        let text = chars(
            "站在十四五的历史新起点上青岛目前正处于转型发展的窗口期也迎来了跨越式发展的关键期和破局突围的攻坚期",
        );
        let (k, w) = (6, 5);
        let fps = winnow(&text, k, w);
        let n = text.len() - k + 1;
        for first in 0..=n - w {
            assert!(
                fps.iter()
                    .any(|f| (first..first + w).contains(&(f.pos as usize))),
                "window at {first} has no fingerprint"
            );
        }
        assert!(fps.windows(2).all(|p| p[0].pos < p[1].pos));
    }

    #[test]
    fn shared_run_of_w_plus_k_minus_1_shares_a_fingerprint() {
        let shared = "工业互联网是互联网的下半场是继移动互联网之后";
        let (k, w) = (8, 10);
        assert!(shared.chars().count() >= w + k - 1);
        let a = chars(&format!("甲乙丙丁戊己庚辛壬癸{shared}子丑寅卯"));
        let b = chars(&format!("春夏秋冬{shared}东南西北中发白"));
        let fa: Vec<u64> = winnow(&a, k, w).iter().map(|f| f.hash).collect();
        let fb: Vec<u64> = winnow(&b, k, w).iter().map(|f| f.hash).collect();
        assert!(fa.iter().any(|h| fb.contains(h)));
    }

    #[test]
    fn winnowed_hashes_are_the_minimum_of_every_window() {
        let text =
            chars("长江大桥长江大桥江大桥长江工业互联网平台助推制造业转型工业互联网平台再出发");
        for (k, w) in [(1, 1), (3, 4), (5, 12), (10, 100)] {
            let hashes = kgram_hashes(&text, k);
            let mut minima: Vec<u64> = hashes
                .windows(w.min(hashes.len()))
                .filter_map(|win| win.iter().min().copied())
                .collect();
            minima.sort_unstable();
            minima.dedup();
            assert_eq!(winnowed_hashes(&text, k, w), minima, "k {k}, w {w}");
        }
        assert!(winnowed_hashes(&text[..3], 5, 12).is_empty());
        assert!(winnowed_hashes(&text, 0, 12).is_empty());
    }

    #[test]
    fn a_run_of_one_char_keeps_few_fingerprints() {
        let text: Vec<char> = std::iter::repeat_n('哈', 200).collect();
        assert!(winnow(&text, 8, 10).len() <= 200 / 10 + 1);
    }
}
