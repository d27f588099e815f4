//! Containment candidates: pairs where most of a smaller set is in a larger.
//!
//! A short release inside a long story has a low Jaccard (containment 0.8 at
//! a size ratio of 5 is Jaccard 0.15), which MinHash banding tuned for 0.5
//! misses. This module takes the documents' [`ShingleSet`]s and gives the
//! index pairs whose estimated containment could reach the threshold.
//!
//! Every document keeps the same consistent sample of its shingles
//! ([`crate::fingerprint::sample`]), so the sample of `A ∩ B` is the
//! intersection of the samples. An inverted index over the samples counts,
//! for each document `A`, the sampled shingles it shares with every larger
//! document `B` (larger by its full set, every shingle counted, as
//! verification decides which side is inside: `sizes`; ties go to the
//! later document); the pair is a candidate when that count reaches a
//! three-sigma binomial lower bound of `containment × |sample(A)|`
//! ([`min_shared`]). `dups` gives it the sets without the shingles in
//! more than `boilerplate_df` documents
//! ([`crate::fingerprint::shingle::common_shingles`]), which bounds every
//! posting list; candidates are verified exactly afterwards, on the full
//! sets.

use rayon::prelude::*;

use crate::dups::lsh::{pack, unpack};
use crate::fingerprint::ShingleSet;
use crate::fingerprint::sample::{CONTAIN_SALT, Sample, min_shared};

/// How the sample is drawn and filtered.
#[derive(Debug, Clone, Copy)]
pub struct SampleParams {
    /// Keep one shingle in `2^rate_bits` (every shingle at 0).
    pub rate_bits: u32,
    pub seed: u64,
}

/// Candidate pairs `(a, b)`, `a < b`, sorted, for containment `containment`.
/// `sizes[d]` is the size of document `d`'s full set, before shingles were
/// taken out of `sets[d]`. Empty sets take no part.
pub fn candidates(
    sets: &[ShingleSet],
    sizes: &[usize],
    containment: f64,
    params: &SampleParams,
) -> Vec<(u32, u32)> {
    let sample = Sample::new(params.seed, CONTAIN_SALT, params.rate_bits);
    let samples: Vec<Vec<u64>> = sets.par_iter().map(|s| sample.of(s)).collect();
    // Postings: (shingle, document) pairs sorted, so each shingle's documents
    // stand together in document order: `keys[i]` has
    // `docs[offsets[i]..offsets[i + 1]]`.
    let mut flat: Vec<(u64, u32)> = samples
        .iter()
        .enumerate()
        .flat_map(|(doc, sample)| sample.iter().map(move |&h| (h, doc as u32)))
        .collect();
    flat.par_sort_unstable();
    let mut keys: Vec<u64> = Vec::new();
    let mut offsets: Vec<u32> = Vec::new();
    for (i, &(h, _)) in flat.iter().enumerate() {
        if keys.last() != Some(&h) {
            keys.push(h);
            offsets.push(i as u32);
        }
    }
    offsets.push(flat.len() as u32);
    let docs: Vec<u32> = flat.iter().map(|p| p.1).collect();
    let rank = |d: u32| (sizes[d as usize], d);
    let n = sets.len();
    let mut pairs: Vec<u64> = (0..n)
        .into_par_iter()
        .map_init(
            // Per thread: a counter for every document and the ones touched.
            || (vec![0u32; n], Vec::<u32>::new()),
            |(counts, touched), a| {
                let a = a as u32;
                let sample = &samples[a as usize];
                for h in sample {
                    // Every sampled shingle is indexed.
                    let Ok(i) = keys.binary_search(h) else {
                        continue;
                    };
                    for &b in &docs[offsets[i] as usize..offsets[i + 1] as usize] {
                        if rank(b) > rank(a) {
                            if counts[b as usize] == 0 {
                                touched.push(b);
                            }
                            counts[b as usize] += 1;
                        }
                    }
                }
                let need = min_shared(sample.len(), containment) as u32;
                let mut out = Vec::new();
                for b in touched.drain(..) {
                    if counts[b as usize] >= need {
                        out.push(pack(a, b));
                    }
                    counts[b as usize] = 0;
                }
                out
            },
        )
        .flatten_iter()
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs.into_iter().map(unpack).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::mix64;

    fn set(r: std::ops::Range<u64>) -> ShingleSet {
        let mut v: Vec<u64> = r.map(mix64).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn short_set_inside_long_one_is_a_candidate() {
        let p = SampleParams {
            rate_bits: 2,
            seed: 3,
        };
        let sets = vec![
            set(0..5000),    // 0: a long story
            set(1000..1400), // 1: a release inside it (containment 1, J 0.08)
            set(9000..9400), // 2: unrelated
            set(1300..1500), // 3: inside 0, half inside 1
            Vec::new(),      // 4: too short
        ];
        let sizes: Vec<usize> = sets.iter().map(Vec::len).collect();
        assert_eq!(candidates(&sets, &sizes, 0.8, &p), vec![(0, 1), (0, 3)]);
    }
}
