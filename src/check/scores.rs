//! Step 4: exact scores of the draft against each candidate source.
//!
//! Takes the draft's shingle set and the candidate sources ([`Places`]) and
//! gives the highest containment of the draft in one source
//! ([`MaxContainment`]) and the near-duplicate sources ([`NearDuplicate`]):
//! Jaccard and containment of the smaller as in `dups`, both over the same
//! full shingle sets (so containment is never below Jaccard), for draft and
//! source of at least `min_doc_chars` matchable chars, with their kind: a
//! near duplicate, or the side with fewer shingles (the draft when both
//! have as many) inside the other.

use crate::dups::PairKind;
use crate::fingerprint::{matchable, overlap, similarity};
use crate::index::IndexParams;
use crate::round4;

use super::passages::Places;
use super::{CheckParams, MaxContainment, NearDuplicate, Side};

/// The highest containment of the draft in one source and the near
/// duplicates, scores rounded.
pub(super) struct Scores {
    pub max_containment: Option<MaxContainment>,
    /// Highest Jaccard first, then by id.
    pub near: Vec<NearDuplicate>,
}

/// The scores of the draft, with shingles `shingles` and `draft_long` when
/// it has at least `min_doc_chars` matchable chars, against every source of
/// `places`, its shingles taken with the index's settings `ip`.
pub(super) fn scores(
    places: &Places,
    shingles: &[u64],
    draft_long: bool,
    ip: &IndexParams,
    params: &CheckParams,
) -> Scores {
    let mut max_containment: Option<MaxContainment> = None;
    let mut near = Vec::new();
    for src in places.sources() {
        let id = &src.doc.id;
        let sm = matchable(&src.norm);
        let set = ip.shingles(&sm.chars);
        if shingles.is_empty() || set.is_empty() {
            continue;
        }
        let c = overlap(shingles, &set) as f64 / shingles.len() as f64;
        if max_containment.as_ref().is_none_or(|mc| c > mc.containment) {
            max_containment = Some(MaxContainment {
                source: id.clone(),
                containment: c,
            });
        }
        if draft_long && sm.len() >= params.min_doc_chars {
            let s = similarity(shingles, &set);
            if s.jaccard >= params.threshold || s.containment >= params.containment {
                let (smaller, larger) = if set.len() < shingles.len() {
                    (Side::Source, Side::Draft)
                } else {
                    (Side::Draft, Side::Source)
                };
                near.push(NearDuplicate {
                    source: id.clone(),
                    title: src.doc.meta.title.clone(),
                    kind: PairKind::of(s.jaccard, params.threshold, smaller, larger),
                    jaccard: round4(s.jaccard),
                    containment: round4(s.containment),
                });
            }
        }
    }
    if let Some(mc) = &mut max_containment {
        mc.containment = round4(mc.containment);
    }
    near.sort_by(|a, b| {
        b.jaccard
            .total_cmp(&a.jaccard)
            .then(a.source.cmp(&b.source))
    });
    Scores {
        max_containment,
        near,
    }
}
