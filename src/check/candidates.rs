//! Step 1: the indexed documents worth comparing with a draft.
//!
//! Takes the draft's matchable chars and shingles and gives the numbers of
//! the candidate sources, sorted, none of them allowed by its id:
//!
//! - by fingerprint: every k-gram of the draft is looked up in the
//!   fingerprint table (a shared run of `window + kgram - 1` matchable chars
//!   always hits); the `max_candidates` documents with the most hits join,
//!   most hits first;
//! - by sample: the draft's sampled shingles are counted per document, and a
//!   document whose count could reach the lowest containment threshold
//!   ([`min_shared`]) joins, as do the five with the most shared samples
//!   (two or more).
//!
//! Hashes in more documents than a limit are boilerplate or common phrases
//! and are not counted.

use rustc_hash::FxHashMap;

use crate::fingerprint::sample::min_shared;
use crate::index::Snapshot;
use crate::index::format::FormatError;

use super::CheckParams;
use super::select::SourcePattern;

/// Sampled shingles in more documents than this are common phrases that
/// say nothing about one source; they are not counted.
const MAX_SAMPLE_POSTINGS: usize = 1000;

/// The candidate sources of a draft with matchable chars `chars` and
/// shingle set `shingles`, sorted by document number.
pub(super) fn candidates(
    index: &Snapshot,
    chars: &[char],
    shingles: &[u64],
    params: &CheckParams,
    allow: &[SourcePattern],
) -> Result<Vec<u32>, FormatError> {
    let mut candidates = by_fingerprint(index, chars, params, allow)?;
    add_by_sample(index, shingles, params, allow, &mut candidates)?;
    candidates.sort_unstable();
    Ok(candidates)
}

/// Whether document `d` is exempted by its id alone (patterns on metadata
/// are applied once candidates are decoded).
fn allowed(index: &Snapshot, allow: &[SourcePattern], d: u32) -> Result<bool, FormatError> {
    let id = index.id(d)?;
    Ok(allow.iter().any(|p| p.matches_id(id)))
}

/// The documents with the most fingerprint hits, most first, at most
/// `max_candidates`.
fn by_fingerprint(
    index: &Snapshot,
    chars: &[char],
    params: &CheckParams,
    allow: &[SourcePattern],
) -> Result<Vec<u32>, FormatError> {
    let mut hashes = index.params.kgram_hashes(chars);
    hashes.sort_unstable();
    hashes.dedup();
    let hits = count_per_doc(&hashes, params.max_postings, |h, max| {
        index.fingerprint_docs(h, max)
    })?;
    let mut out = Vec::new();
    for (_, d) in ranked(hits) {
        if out.len() >= params.max_candidates {
            break;
        }
        if !allowed(index, allow, d)? {
            out.push(d);
        }
    }
    Ok(out)
}

/// Adds the documents whose shared sampled shingles could reach the lowest
/// containment threshold, and the five sharing the most (two or more).
fn add_by_sample(
    index: &Snapshot,
    shingles: &[u64],
    params: &CheckParams,
    allow: &[SourcePattern],
    candidates: &mut Vec<u32>,
) -> Result<(), FormatError> {
    let sample = index.params.sample().of(shingles);
    let counts = count_per_doc(&sample, MAX_SAMPLE_POSTINGS, |h, max| {
        index.sample_docs(h, max)
    })?;
    let lowest = params
        .fail_containment
        .min(params.threshold)
        .min(params.containment);
    for (rank, (n, d)) in ranked(counts).into_iter().enumerate() {
        let smaller = sample.len().min(index.sample_len(d)? as usize);
        let could = n as usize >= min_shared(smaller, lowest);
        if (could || (rank < 5 && n >= 2)) && !candidates.contains(&d) && !allowed(index, allow, d)?
        {
            candidates.push(d);
        }
    }
    Ok(())
}

/// For each document, how many of `hashes` it holds, counting only hashes
/// in at most `max` documents.
fn count_per_doc(
    hashes: &[u64],
    max: usize,
    lookup: impl Fn(u64, usize) -> Result<Vec<u32>, FormatError>,
) -> Result<FxHashMap<u32, u32>, FormatError> {
    let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
    for &h in hashes {
        let docs = lookup(h, max)?;
        if docs.len() > max {
            continue;
        }
        for d in docs {
            *counts.entry(d).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// `(count, doc)` pairs, highest count first, then by document.
fn ranked(counts: FxHashMap<u32, u32>) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = counts.into_iter().map(|(d, n)| (n, d)).collect();
    out.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    out
}
