//! Checking a draft against an index: what it shares with indexed sources.
//!
//! Takes an [`IndexView`] and one draft [`Document`] and gives a
//! [`DraftReport`]: every passage the draft shares with an indexed document
//! (spans in both), passages repeated inside the draft, the highest
//! containment of the draft in one source, near-duplicate sources, rewrites
//! (optional) and a verdict.
//!
//! 1. Candidates. Every k-gram of the draft's matchable chars is looked up
//!    in the fingerprint table (a shared run of 21 matchable chars always
//!    hits); the draft's sampled shingles are counted per document, and a
//!    document whose count could reach the lowest containment threshold
//!    (three-sigma bound, [`crate::dups::contain::min_shared`]) joins, as do
//!    the five with the most shared samples. At most `max_candidates`
//!    passage candidates are kept (most hits first).
//! 2. Only candidates are decoded from the index, cleaned and normalised.
//! 3. Passages: [`crate::dups::passages::find`] on the draft and its
//!    candidates; groups with a draft copy and a source copy are shared
//!    passages, groups with two draft copies are internal repeats. There is
//!    one aligner in the crate.
//! 4. Scores, exact on the candidates: containment of the draft's character
//!    5-gram shingles in each source, Jaccard and containment of the smaller
//!    as in `dups` (over all shingles: a draft seldom carries site
//!    boilerplate), and with a segmenter, TF-IDF cosine accumulated over the
//!    index's postings with the IDF of all indexed documents.
//!
//! A draft fails when a shared passage reaches `fail_passage_chars`, its
//! containment in one source reaches `fail_containment`, or a near duplicate
//! is found. Sources named in `allow` are left out entirely.
//!
//! # JSON contract (`chachong check --format json`)
//!
//! ```text
//! {"drafts": [{"id",                       // as read: the path, or FILE:LINE / id for JSONL
//!              "chars",                    // characters of the draft as read
//!              "verdict": "pass" | "fail",
//!              "reasons": ["..."],         // why it fails; empty when it passes
//!              "max_containment": {"source", "containment"} | null,
//!              "passages": [{"chars",      // length of the draft's span
//!                            "draft": {"start", "end", "text"},
//!                            "source": {"id", "title", "date", "source", "start", "end"}}],
//!              "internal": [{"chars", "text", "copies": [{"start", "end"}]}],
//!              "near_duplicates": [{"source", "title", "jaccard", "containment"}],
//!              "rewrites": [{"source", "title", "cosine"}]}],
//!  "settings": {"index", "documents", "min_chars", "fail_passage_chars",
//!               "fail_containment", "threshold", "containment",
//!               "rewrites", "rewrite_threshold", "allow"}}
//! ```
//!
//! Offsets are Unicode characters of the text as read (draft or source),
//! end exclusive. `title`, `date`, `source` are null when unknown. Scores
//! are rounded to 4 decimals. Passages are sorted by draft start, then
//! source id; near duplicates and rewrites by score, highest first, then id.
//! `max_containment` is exact for the source it names; it is the highest
//! over the candidates, so a value below about 0.05 may miss an unrelated
//! source with a slightly higher one.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analyze::Analyzed;
use crate::clean::clean;
use crate::corpus::Document;
use crate::dups::contain::min_shared;
use crate::dups::matchable::matchable;
use crate::dups::passages::{self, PassageParams};
use crate::dups::shingle::{overlap, similarity};
use crate::index::format::FormatError;
use crate::index::{IndexView, idf, tf_weight};
use crate::normalize::normalize;
use crate::params::ParamGuard;
use crate::round4;
use crate::segment::Segmenter;
use crate::span::{CharIndex, Span};
use crate::tfidf::count_terms;

/// Settings of `check`, with documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckParams {
    /// Shortest shared passage reported, in characters (default 30).
    pub min_chars: u32,
    /// A shared passage at least this long fails the draft (default 50).
    pub fail_passage_chars: u32,
    /// Containment of the draft in one source that fails it (default 0.3).
    pub fail_containment: f64,
    /// Jaccard at or above which a source is a near duplicate (default 0.5).
    pub threshold: f64,
    /// Containment of the smaller in the larger at or above which a source
    /// is a near duplicate (default 0.8).
    pub containment: f64,
    /// TF-IDF cosine at or above which a source is a rewrite (default 0.8;
    /// rewrites are looked for only when a segmenter is given).
    pub rewrite_threshold: f64,
    /// Texts with fewer matchable chars take no part in near duplicates
    /// (default 50, as in `dups`).
    pub min_doc_chars: usize,
    /// Most passage candidates decoded per draft (default 64).
    pub max_candidates: usize,
    /// Fingerprints in more documents are boilerplate and not looked up
    /// (default 64, as in passages).
    pub max_postings: usize,
    /// Sources exempted by id.
    pub allow: Vec<String>,
}

impl Default for CheckParams {
    fn default() -> Self {
        CheckParams {
            min_chars: 30,
            fail_passage_chars: 50,
            fail_containment: 0.3,
            threshold: 0.5,
            containment: 0.8,
            rewrite_threshold: 0.8,
            min_doc_chars: 50,
            max_candidates: 64,
            max_postings: 64,
            allow: Vec::new(),
        }
    }
}

/// Bad `check` settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CheckParamsError {
    #[error("min_chars and fail_passage_chars must be at least 1")]
    Chars,
    #[error("{name} must be in (0, 1], not {value}")]
    Fraction { name: &'static str, value: f64 },
    #[error("max_candidates and max_postings must be at least 1")]
    Limits,
}

impl CheckParams {
    pub fn check(&self) -> Result<(), CheckParamsError> {
        if self.min_chars == 0 || self.fail_passage_chars == 0 {
            return Err(CheckParamsError::Chars);
        }
        for (name, value) in [
            ("fail_containment", self.fail_containment),
            ("threshold", self.threshold),
            ("containment", self.containment),
            ("rewrite_threshold", self.rewrite_threshold),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(CheckParamsError::Fraction { name, value });
            }
        }
        if self.max_candidates == 0 || self.max_postings == 0 {
            return Err(CheckParamsError::Limits);
        }
        Ok(())
    }
}

/// Whether a draft passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
}

/// The result for one draft (see the JSON contract above).
#[derive(Debug, Clone, Serialize)]
pub struct DraftReport {
    pub id: String,
    pub chars: u32,
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    pub max_containment: Option<MaxContainment>,
    pub passages: Vec<SharedPassage>,
    pub internal: Vec<InternalRepeat>,
    pub near_duplicates: Vec<NearDuplicate>,
    pub rewrites: Vec<Rewrite>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MaxContainment {
    pub source: String,
    pub containment: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SharedPassage {
    pub chars: u32,
    pub draft: DraftSpan,
    pub source: SourceSpan,
}

#[derive(Debug, Clone, Serialize)]
pub struct DraftSpan {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceSpan {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct InternalRepeat {
    pub chars: u32,
    pub text: String,
    pub copies: Vec<Span>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NearDuplicate {
    pub source: String,
    pub title: Option<String>,
    pub jaccard: f64,
    pub containment: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rewrite {
    pub source: String,
    pub title: Option<String>,
    pub cosine: f64,
}

/// Sampled shingles in more documents than this are common phrases that
/// say nothing about one source; they are not counted.
const MAX_SAMPLE_POSTINGS: usize = 1000;

/// A document cleaned and normalised with the index's settings; no tokens
/// (passage finding does not use them).
fn prepare(doc: Document, index: &IndexView) -> Analyzed {
    let cleaned = clean(&doc);
    let Ok(fold) = index.params.norm.check();
    let norm = normalize(&doc, &cleaned, &fold);
    Analyzed {
        doc,
        cleaned,
        norm,
        tokens: Vec::new(),
        terms: 0,
    }
}

/// Checks one draft. With a `segmenter`, rewrites are looked for too.
/// Errors only when the index is malformed (a record that does not decode).
pub fn check(
    index: &IndexView,
    draft: Document,
    segmenter: Option<&Segmenter>,
    params: &CheckParams,
) -> Result<DraftReport, FormatError> {
    let draft = prepare(draft, index);
    let ip = &index.params;
    let m = matchable(&draft.norm);
    let allowed = |d: u32| -> Result<bool, FormatError> {
        let id = index.id(d)?;
        Ok(params.allow.iter().any(|a| a == id))
    };

    // 1. Candidates by fingerprint hits.
    let mut hashes = ip.kgram_hashes(&m.chars);
    hashes.sort_unstable();
    hashes.dedup();
    let mut hits: FxHashMap<u32, u32> = FxHashMap::default();
    for &h in &hashes {
        let docs = index.fingerprints.lookup(h, params.max_postings)?;
        if docs.len() > params.max_postings {
            continue;
        }
        for d in docs {
            *hits.entry(d).or_insert(0) += 1;
        }
    }
    let mut by_hits: Vec<(u32, u32)> = hits.into_iter().map(|(d, n)| (n, d)).collect();
    by_hits.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut candidates: Vec<u32> = Vec::new();
    for &(_, d) in &by_hits {
        if candidates.len() >= params.max_candidates {
            break;
        }
        if !allowed(d)? {
            candidates.push(d);
        }
    }

    // ... and by sampled shingles.
    let shingles = ip.shingles(&m.chars);
    let sample: Vec<u64> = shingles
        .iter()
        .copied()
        .filter(|&h| ip.sampled(h))
        .collect();
    let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
    for &h in &sample {
        let docs = index.sample.lookup(h, MAX_SAMPLE_POSTINGS)?;
        if docs.len() > MAX_SAMPLE_POSTINGS {
            continue;
        }
        for d in docs {
            *counts.entry(d).or_insert(0) += 1;
        }
    }
    let lowest = params
        .fail_containment
        .min(params.threshold)
        .min(params.containment);
    let mut by_count: Vec<(u32, u32)> = counts.into_iter().map(|(d, n)| (n, d)).collect();
    by_count.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (rank, &(n, d)) in by_count.iter().enumerate() {
        let smaller = sample.len().min(index.sample_len(d)? as usize);
        let could = n as usize >= min_shared(smaller, lowest);
        if (could || (rank < 5 && n >= 2)) && !candidates.contains(&d) && !allowed(d)? {
            candidates.push(d);
        }
    }
    candidates.sort_unstable();

    // 2. Candidates decoded (and checked) and prepared. The draft is
    // document 0 of `docs`, and each document is told apart by its place
    // there, never by its id: a corpus id can be anything, so no id can
    // mark the draft. Passage copies name documents by id, so while
    // passages are found every document's id is its place ("0", "1", ...),
    // and the true ids are kept in `ids`.
    let mut ids: Vec<String> = Vec::with_capacity(candidates.len() + 1);
    let mut docs: Vec<Analyzed> = Vec::with_capacity(candidates.len() + 1);
    for doc in std::iter::once(Ok(draft)).chain(
        candidates
            .iter()
            .map(|&d| index.document(d).map(|doc| prepare(doc, index))),
    ) {
        let mut a = doc?;
        ids.push(std::mem::replace(&mut a.doc.id, docs.len().to_string()));
        docs.push(a);
    }
    let place = |id: &str| -> Option<usize> { id.parse().ok().filter(|&i| i < docs.len()) };
    let draft = &docs[0];
    let draft_ix = CharIndex::new(&draft.doc.text);
    let draft_long = m.len() >= params.min_doc_chars;

    // 3. Passages.
    let pp = PassageParams {
        min_chars: params.min_chars,
        ..PassageParams::default()
    };
    let groups = passages::find(&docs, &pp);
    let mut shared = Vec::new();
    let mut internal = Vec::new();
    for g in &groups {
        // The draft is document 0, so its copies come first.
        let (mine, theirs): (Vec<_>, Vec<_>) =
            g.copies.iter().partition(|c| place(&c.doc) == Some(0));
        if mine.len() >= 2 {
            internal.push(InternalRepeat {
                chars: mine[0].end - mine[0].start,
                text: draft_ix
                    .slice(&draft.doc.text, Span::new(mine[0].start, mine[0].end))
                    .to_string(),
                copies: mine.iter().map(|c| Span::new(c.start, c.end)).collect(),
            });
        }
        for d in &mine {
            for s in &theirs {
                let Some(i) = place(&s.doc) else {
                    continue;
                };
                let meta = &docs[i].doc.meta;
                let span = Span::new(d.start, d.end);
                shared.push(SharedPassage {
                    chars: span.len(),
                    draft: DraftSpan {
                        start: d.start,
                        end: d.end,
                        text: draft_ix.slice(&draft.doc.text, span).to_string(),
                    },
                    source: SourceSpan {
                        id: ids[i].clone(),
                        title: meta.title.clone(),
                        date: meta.date.clone(),
                        source: meta.source.clone(),
                        start: s.start,
                        end: s.end,
                    },
                });
            }
        }
    }
    shared.sort_by(|a, b| {
        (a.draft.start, &a.source.id, a.source.start).cmp(&(
            b.draft.start,
            &b.source.id,
            b.source.start,
        ))
    });

    // 4. Exact scores on the candidates.
    let mut max_containment: Option<MaxContainment> = None;
    let mut near = Vec::new();
    for (src, id) in docs.iter().zip(&ids).skip(1) {
        let sm = matchable(&src.norm);
        let set = ip.shingles(&sm.chars);
        if shingles.is_empty() || set.is_empty() {
            continue;
        }
        let c = overlap(&shingles, &set) as f64 / shingles.len() as f64;
        if max_containment.as_ref().is_none_or(|mc| c > mc.containment) {
            max_containment = Some(MaxContainment {
                source: id.clone(),
                containment: c,
            });
        }
        if draft_long && sm.len() >= params.min_doc_chars {
            let s = similarity(&shingles, &set);
            if s.jaccard >= params.threshold || s.containment >= params.containment {
                near.push(NearDuplicate {
                    source: id.clone(),
                    title: src.doc.meta.title.clone(),
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

    let rewrites = match segmenter {
        Some(seg) => rewrites(index, draft, seg, params, &near)?,
        None => Vec::new(),
    };

    // Verdict.
    let mut reasons = Vec::new();
    if let Some(p) = shared
        .iter()
        .filter(|p| p.chars >= params.fail_passage_chars)
        .max_by(|a, b| {
            a.chars
                .cmp(&b.chars)
                .then(b.draft.start.cmp(&a.draft.start))
        })
    {
        let n = shared
            .iter()
            .filter(|p| p.chars >= params.fail_passage_chars)
            .count();
        reasons.push(format!(
            "{n} shared passage(s) of at least {} chars; longest {} chars from {}",
            params.fail_passage_chars, p.chars, p.source.id
        ));
    }
    if let Some(mc) = max_containment
        .as_ref()
        .filter(|mc| mc.containment >= params.fail_containment)
    {
        reasons.push(format!(
            "containment {} in {} (fail at {})",
            mc.containment, mc.source, params.fail_containment
        ));
    }
    for n in &near {
        reasons.push(format!(
            "near duplicate of {} (jaccard {}, containment {})",
            n.source, n.jaccard, n.containment
        ));
    }
    let draft = &docs[0];
    Ok(DraftReport {
        id: ids.swap_remove(0),
        chars: draft.doc.chars(),
        verdict: if reasons.is_empty() {
            Verdict::Pass
        } else {
            Verdict::Fail
        },
        reasons,
        max_containment,
        passages: shared,
        internal,
        near_duplicates: near,
        rewrites,
    })
}

/// Sources whose TF-IDF cosine with the draft reaches the threshold, that
/// are not near duplicates.
fn rewrites(
    index: &IndexView,
    draft: &Analyzed,
    segmenter: &Segmenter,
    params: &CheckParams,
    near: &[NearDuplicate],
) -> Result<Vec<Rewrite>, FormatError> {
    let m = matchable(&draft.norm);
    if m.len() < params.min_doc_chars || index.is_empty() {
        return Ok(Vec::new());
    }
    let tokens = segmenter.tokens(&draft.norm);
    let words = tokens
        .iter()
        .map(|t| (t.word(&draft.norm), t.kind))
        .filter(|(w, k)| crate::segment::is_term(w, *k))
        .map(|(w, _)| w);
    let counts = count_terms(words);
    let n = index.len() as u32;
    let mut acc = vec![0f32; index.len()];
    let mut q_norm = 0f32;
    let mut terms: Vec<(&String, &u32)> = counts.iter().collect();
    terms.sort_unstable();
    for (term, &tf) in terms {
        let Some((t, df)) = index.term_id(term)? else {
            continue;
        };
        let w = idf(n, df);
        let q = tf_weight(tf) * w;
        q_norm += q * q;
        for (d, dtf) in index.postings(t)? {
            if let Some(a) = acc.get_mut(d as usize) {
                *a += q * tf_weight(dtf) * w;
            }
        }
    }
    let q_norm = q_norm.sqrt();
    if q_norm == 0.0 {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (d, &dot) in acc.iter().enumerate() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use crate::index::{DocEntry, IndexData, IndexParams};

    fn doc(id: &str, text: &str) -> Document {
        Document::new(id, Format::Text, text)
    }

    const SOURCE: &str = "近年来党中央国务院高度重视数字经济发展，工业互联网平台作为新一代信息通信技术与制造业深度融合的产物，\
        已成为制造业数字化网络化智能化转型的重要载体。青岛市以卡奥斯平台为抓手，推动五千余家企业上云用平台。";
    const OTHER: &str = "今天天气晴朗，气温十八度，适合户外运动和郊游，市民纷纷走出家门享受春光，公园里游人如织热闹非凡。";

    fn index_bytes() -> Vec<u8> {
        let docs: Vec<Analyzed> = [doc("src", SOURCE), doc("other", OTHER)]
            .into_iter()
            .map(|d| Analyzed::new(d, Segmenter::shared(), &Default::default()).0)
            .collect();
        IndexData::build(&docs, &IndexParams::default()).to_bytes()
    }

    #[test]
    fn copied_paragraph_fails_with_both_spans_fresh_text_passes() {
        let bytes = index_bytes();
        let index = IndexView::new(&bytes).unwrap();
        let copied = &SOURCE[..SOURCE.find('。').unwrap() + '。'.len_utf8()];
        let text = format!("我们的新稿件开头。{copied}结尾是全新的内容，与任何来源都不相同。");
        let r = check(&index, doc("draft", &text), None, &CheckParams::default()).unwrap();
        assert_eq!(r.verdict, Verdict::Fail);
        assert_eq!(r.passages.len(), 1);
        let p = &r.passages[0];
        assert_eq!(p.source.id, "src");
        assert_eq!(p.source.start, 0);
        assert!(p.chars >= 50, "{}", p.chars);
        assert_eq!(p.draft.start, 9);

        let fresh = check(
            &index,
            doc(
                "fresh",
                "这是一篇全新的稿件，讨论海洋生物的多样性与保护措施，没有抄袭任何内容。",
            ),
            None,
            &CheckParams::default(),
        )
        .unwrap();
        assert_eq!(fresh.verdict, Verdict::Pass);
        assert!(fresh.passages.is_empty());

        let allow = CheckParams {
            allow: vec!["src".into()],
            ..CheckParams::default()
        };
        let r = check(&index, doc("draft", &text), None, &allow).unwrap();
        assert_eq!(r.verdict, Verdict::Pass);
    }

    /// A crafted index passes every checksum, so only checking each stored
    /// value on use stands between it and a panic: change bytes of every
    /// section (all of the small ones, a sample of the large tables), reseal
    /// the checksums, and check a draft copying the source. Every outcome is
    /// a report or an error, never a panic.
    #[test]
    fn resealed_byte_changes_never_panic() {
        use crate::index::format::{reseal, section_range};
        let good = index_bytes();
        let draft = doc("draft", &format!("开头。{SOURCE}"));
        let (mut tried, mut errors) = (0, 0);
        for kind in 1..=19u32 {
            let Some(range) = section_range(&good, kind) else {
                continue;
            };
            // A sample of the bytes: the fuzz target `index_sections`
            // mutates every section at length.
            let step = match range.len() {
                0..=256 => 3,
                257..=4096 => 41,
                _ => 8191,
            };
            for at in range.step_by(step) {
                for value in [0x00, 0xff, good[at] ^ 0x01] {
                    if value == good[at] {
                        continue;
                    }
                    let mut bytes = good.clone();
                    bytes[at] = value;
                    reseal(&mut bytes);
                    tried += 1;
                    let outcome = std::panic::catch_unwind(|| {
                        let index = IndexView::new(&bytes)?;
                        check(
                            &index,
                            draft.clone(),
                            Some(Segmenter::shared()),
                            &CheckParams::default(),
                        )
                    });
                    match outcome {
                        Ok(Ok(_)) => {}
                        Ok(Err(_)) => errors += 1,
                        Err(_) => panic!("section {kind}, byte {at} = {value:#x}: panic"),
                    }
                }
            }
        }
        assert!(
            tried > 1000 && errors > 300,
            "{tried} tried, {errors} errors"
        );
    }

    #[test]
    fn crafted_records_are_errors() {
        let params = IndexParams::default();
        let a = Analyzed::new(doc("src", SOURCE), Segmenter::shared(), &Default::default()).0;
        let n = a.doc.chars();
        let excluded = |start, end| crate::corpus::Excluded {
            span: Span { start, end },
            reason: crate::corpus::Exclusion::Markup,
        };
        type Craft = Box<dyn Fn(&mut Document)>;
        let cases: Vec<(&str, Craft)> = vec![
            (
                "past",
                Box::new(move |d| d.excluded = vec![excluded(n, n + 1)]),
            ),
            (
                "reversed",
                Box::new(move |d| d.excluded = vec![excluded(9, 3)]),
            ),
            (
                "overlapping",
                Box::new(move |d| d.excluded = vec![excluded(3, 9), excluded(8, 12)]),
            ),
            (
                "entity past",
                Box::new(move |d| {
                    d.entities = vec![Span {
                        start: n - 1,
                        end: n + 1,
                    }]
                }),
            ),
            (
                "empty entity",
                Box::new(|d| d.entities = vec![Span { start: 4, end: 4 }]),
            ),
            ("other id", Box::new(|d| d.id = "x".into())),
        ];
        for (what, f) in cases {
            let mut entry = DocEntry::new(&a, &params);
            let mut bad = a.doc.clone();
            f(&mut bad);
            entry.record = serde_json::to_vec(&bad).unwrap();
            let bytes = IndexData {
                params: params.clone(),
                docs: vec![entry],
            }
            .to_bytes();
            let index = IndexView::new(&bytes).unwrap();
            assert!(index.document(0).is_err(), "{what}");
            let r = check(&index, doc("d", SOURCE), None, &CheckParams::default());
            assert!(r.is_err(), "{what}");
        }
        // Spans at the very end of the text and touching ones are fine.
        let mut entry = DocEntry::new(&a, &params);
        let mut ok = a.doc.clone();
        ok.excluded = vec![excluded(0, 3), excluded(3, 5), excluded(n, n)];
        entry.record = serde_json::to_vec(&ok).unwrap();
        let bytes = IndexData {
            params,
            docs: vec![entry],
        }
        .to_bytes();
        assert!(IndexView::new(&bytes).unwrap().document(0).is_ok());
    }

    #[test]
    fn whole_copy_is_a_near_duplicate_and_rewrite_scoring_runs() {
        let bytes = index_bytes();
        let index = IndexView::new(&bytes).unwrap();
        let r = check(
            &index,
            doc("copy", SOURCE),
            Some(Segmenter::shared()),
            &CheckParams::default(),
        )
        .unwrap();
        assert_eq!(r.near_duplicates.len(), 1);
        assert_eq!(r.near_duplicates[0].jaccard, 1.0);
        assert_eq!(r.max_containment.as_ref().unwrap().containment, 1.0);
        // A near duplicate is not also a rewrite.
        assert!(r.rewrites.is_empty());
    }
}
