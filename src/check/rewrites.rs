//! Step 5 (with a segmenter): sources the draft rewrites in other words.
//!
//! Takes the draft's term counts and gives the indexed documents whose
//! TF-IDF cosine with the draft reaches `rewrite_threshold` and that are
//! neither near duplicates nor allowed ([`Rewrite`]). The cosine is
//! accumulated over the index's postings of the draft's terms, with the IDF
//! of all indexed documents and each document's stored norm, so every
//! document is scored, not only the candidates.

use crate::index::Snapshot;
use crate::index::format::FormatError;
use crate::round4;
use crate::tfidf::{TermCounts, idf, tf_weight};

use super::{CheckParams, NearDuplicate, Rewrite};

/// The rewrites of a draft with term counts `counts`, highest cosine first,
/// then by id. None when the draft is shorter than `min_doc_chars`
/// matchable chars (`draft_long` false).
pub(super) fn rewrites(
    index: &Snapshot,
    counts: &TermCounts,
    draft_long: bool,
    params: &CheckParams,
    near: &[NearDuplicate],
) -> Result<Vec<Rewrite>, FormatError> {
    if !draft_long || index.is_empty() {
        return Ok(Vec::new());
    }
    let (dots, q_norm) = dot_products(index, counts)?;
    if q_norm == 0.0 {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (d, &dot) in dots.iter().enumerate() {
        let norm = index.doc_norm(d as u32)?;
        if dot <= 0.0 || norm <= 0.0 {
            continue;
        }
        let cos = f64::from(dot / (q_norm * norm));
        if cos < params.rewrite_threshold {
            continue;
        }
        let id = index.id(d as u32)?;
        if params.allow.iter().any(|a| a == id) || near.iter().any(|x| x.source == id) {
            continue;
        }
        let title = index.document(d as u32)?.meta.title;
        out.push(Rewrite {
            source: id.to_string(),
            title,
            cosine: round4(cos.min(1.0)),
        });
    }
    out.sort_by(|a, b| b.cosine.total_cmp(&a.cosine).then(a.source.cmp(&b.source)));
    Ok(out)
}

/// The dot product of the draft's TF-IDF vector with every indexed
/// document's (unnormalised), and the norm of the draft's vector. Terms
/// are visited in sorted order, so the sums are the same on every run.
fn dot_products(index: &Snapshot, counts: &TermCounts) -> Result<(Vec<f32>, f32), FormatError> {
    let n = index.slots();
    let mut dots = vec![0f32; n as usize];
    let mut q_norm = 0f32;
    let mut terms: Vec<(&String, &u32)> = counts.iter().collect();
    terms.sort_unstable();
    for (term, &tf) in terms {
        let Some((df, postings)) = index.term(term)? else {
            continue;
        };
        let w = idf(n, df);
        let q = tf_weight(tf) * w;
        q_norm += q * q;
        for (d, dtf) in postings {
            if let Some(a) = dots.get_mut(d as usize) {
                *a += q * tf_weight(dtf) * w;
            }
        }
    }
    Ok((dots, q_norm.sqrt()))
}
