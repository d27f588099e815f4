//! Checking a draft against an index: what it copies, from where, and how
//! much.
//!
//! Takes an index [`Snapshot`] and one draft [`Document`] and gives a
//! [`DraftReport`]: the copy ratios Chinese 查重 reports show ([`Measures`]:
//! 总文字复制比 and the same without attributed quotations, without the
//! writer's own sources, or both; per source and per section; the longest
//! copied run; the reworded share), every copy with its spans in draft and
//! source, attributed quotations, reworded paragraphs, passages repeated
//! inside the draft, the highest containment in one source, near-duplicate
//! sources, rewrites (optional), the index it saw, and a verdict.
//!
//! 1. Candidates (`candidates.rs`). Every k-gram of the draft's matchable
//!    chars is looked up in the fingerprint table (a shared run of 21
//!    matchable chars always hits); the draft's sampled shingles are counted
//!    per document, and a document whose count could reach the lowest
//!    containment threshold (three-sigma bound,
//!    [`crate::fingerprint::sample::min_shared`]) joins, as do the five with
//!    the most shared samples. At most `max_candidates` passage candidates
//!    are kept (most hits first); `allow` patterns on the id drop sources
//!    here, patterns on metadata once decoded ([`select`]).
//! 2. Only candidates are decoded from the index, cleaned and normalised.
//! 3. Copies (`passages.rs`): [`crate::dups::passages::find`] on the draft
//!    and its candidates, the crate's one aligner; each alignment of the
//!    draft with a source at least `copy_similarity` alike is a copy, a
//!    looser one a rewording; groups with two draft copies are internal
//!    repeats. Copies overlapping in the draft are one finding naming the
//!    earliest source (`also_in` the others).
//! 4. Quotations ([`quotes`]), sections ([`sections`]) and reworded
//!    paragraphs (`reworded.rs`: character-bigram Dice against stretches
//!    of the sources). Quotations stand apart only within measure: those
//!    quoting more than `max_quoted_share` of one source (and more than
//!    [`QUOTED_ALWAYS_CHARS`]) count as copies.
//! 5. Measures (`measures.rs`): every body character of the draft marked
//!    copied (by an own source or not), quoted, reworded; each ratio counts
//!    marked characters over the same body count.
//! 6. Scores, exact on the candidates (`scores.rs`): containment of the
//!    draft's character 5-gram shingles in each source, Jaccard and
//!    containment of the smaller as in `dups`, with the pair's kind.
//! 7. With a segmenter, rewrites (`rewrites.rs`): TF-IDF cosine accumulated
//!    over the index's postings with the IDF of all indexed documents.
//! 8. The verdict (`verdict.rs`): the gates of [`CheckParams`], none of
//!    which attributed quotations within measure or `self_sources` can
//!    trip.
//!
//! The settings are in `params.rs`, the result's types in `report.rs`.
//! Drafts and sources are fingerprinted with the index's settings, through
//! [`crate::fingerprint`].
//!
//! # JSON contract (`chachong check --format json`)
//!
//! ```text
//! {"drafts": [{"id",                       // as read: the path, or FILE:LINE / id for JSONL
//!              "text_chars",               // characters of the draft as read
//!              "verdict": "pass" | "fail",
//!              "reasons": ["..."],         // why it fails; empty when it passes
//!              "chars", "copied_chars",    // body characters (letters, digits, CJK), copied ones
//!              "copy_ratio", "copy_ratio_excluding_quotes", "copy_ratio_excluding_self",
//!              "copy_ratio_net", "reworded_chars", "reworded_ratio", "longest_copy_chars",
//!              "max_single_source": {"id", "title", "date", "source", "copied_chars",
//!                                    "ratio", "ratio_excluding_quotes", "self"} | null,
//!              "max_section_ratio",
//!              "sources": [{...as max_single_source}],
//!              "sections": [{"start", "end", "heading", "chars", "copied_chars", "copy_ratio",
//!                            "copy_ratio_excluding_quotes", "copy_ratio_net"}],
//!              "quotes": [{"start", "end", "chars", "copied_chars", "text", "attribution",
//!                          "excessive"}],
//!              "reworded": [{"score", "basis": "bigrams" | "alignment", "chars",
//!                            "draft": {"start", "end", "text"}, "source": {...as below}}],
//!              "max_containment": {"source", "containment"} | null,
//!              "passages": [{"chars",      // length of the draft's span
//!                            "draft": {"start", "end", "text"},
//!                            "source": {"id", "title", "date", "source", "start", "end"},
//!                            "similarity", "quoted", "self",
//!                            "also_in": [{...as source}]}],
//!              "internal": [{"chars", "text", "copies": [{"start", "end"}]}],
//!              "near_duplicates": [{"source", "title", "kind": "near_duplicate",
//!                                   "jaccard", "containment"}
//!                                  | {"source", "title", "kind": "containment",
//!                                     "inside": "draft" | "source", "within": "source" | "draft",
//!                                     "jaccard", "containment"}],
//!              "rewrites": [{"source", "title", "cosine"}],
//!              "index": {"format_version", "checksum", "documents", "created", "updated",
//!                        "generation"}}],
//!  "settings": {"index", "documents", "min_chars", "fail_passage_chars",
//!               "fail_containment", "threshold", "containment",
//!               "rewrites", "rewrite_threshold", "fail_total", "fail_single",
//!               "fail_section", "fail_reworded", "max_quoted_share", "min_section_chars",
//!               "copy_similarity", "reworded_threshold", "allow", "self"}}
//! ```
//!
//! Offsets are Unicode characters of the text as read (draft or source),
//! end exclusive. `title`, `date`, `source` are null when unknown. Scores
//! and ratios are rounded to 4 decimals. Passages are sorted by draft
//! start, then source id; sources by copied characters, then date, then
//! id; near duplicates and rewrites by score, highest first, then id.
//! `max_containment` is exact for the source it names; it is the highest
//! over the candidates, so a value below about 0.05 may miss an unrelated
//! source with a slightly higher one.

mod candidates;
mod measures;
mod output;
pub mod page;
mod params;
mod passages;
pub mod quotes;
mod report;
mod reworded;
mod rewrites;
mod scores;
pub mod sections;
pub mod select;
mod verdict;

pub use output::{CheckOutput, Settings};
pub use params::{CheckParams, CheckParamsError};
pub use report::{
    Basis, DraftReport, DraftSpan, IndexStamp, InternalRepeat, MaxContainment, Measures,
    NearDuplicate, Quote, Reason, Reworded, Rewrite, Section, SharedPassage, Side, SourceShare,
    SourceSpan, Verdict,
};
pub use select::{PatternError, SourcePattern};

use crate::analyze::{AnalyzeParams, Analyzed};
use crate::clean::clean;
use crate::corpus::Document;
use crate::fingerprint::matchable;
use crate::index::Snapshot;
use crate::index::format::FormatError;
use crate::normalize::normalize;
use crate::params::Checked;
use crate::quality::Quality;
use crate::segment::Segmenter;
use crate::tfidf::TermCounts;

use crate::clean::paragraphs;
use crate::round4;
use crate::span::{CharIndex, Span};
use measures::{Body, CopySpan, Marks};
use passages::Places;

/// Characters of one source that quotations may always take, whatever its
/// length: about two sentences, so quoting a sentence of a short brief
/// stands apart (`max_quoted_share` bites above it).
pub const QUOTED_ALWAYS_CHARS: u32 = 100;

/// Checks one draft. With a `segmenter`, rewrites are looked for too.
/// Errors only when the index is malformed (a record that does not decode).
///
/// ```
/// use chachong::check::{CheckParams, Verdict, check};
/// use chachong::corpus::{Document, Format};
/// use chachong::index::{IndexData, IndexParams, IndexView, Snapshot};
/// use chachong::segment::Segmenter;
/// use chachong::{Analyzed, ParamGuard};
///
/// let para = "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究。";
/// let source = Document::new("src", Format::Text, format!("青岛全面助推工业互联网发展。{para}"));
/// let analyzed = Analyzed::new(source, Segmenter::shared(), &Default::default()).0;
/// let bytes = IndexData::build(&[analyzed], &IndexParams::default().check()?).to_bytes();
/// let index = Snapshot::of_view(IndexView::new(&bytes)?);
///
/// let draft = Document::new("draft", Format::Text, format!("{para}这是新写的结尾。"));
/// let report = check(&index, draft, None, &CheckParams::default().check()?)?;
/// assert_eq!(report.verdict, Verdict::Fail);
/// assert_eq!(report.passages[0].source.id, "src");
/// assert_eq!(report.passages[0].draft.start, 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(
    index: &Snapshot,
    draft: Document,
    segmenter: Option<&Segmenter>,
    params: &Checked<CheckParams>,
) -> Result<DraftReport, FormatError> {
    // Checked settings parse.
    let allow = params.allow_patterns().unwrap_or_default();
    let own = params.self_patterns().unwrap_or_default();
    let (draft, counts) = prepare_draft(draft, index, segmenter);
    let m = matchable(&draft.norm);
    let draft_long = m.chars.len() >= params.min_doc_chars;
    let shingles = index.params.shingles(&m.chars);
    let body = Body::new(m.pos.iter().map(|&p| draft.norm.orig(p as usize)).collect());

    let found = candidates::candidates(index, &m.chars, &shingles, params, &allow)?;
    let mut sources = Vec::with_capacity(found.len());
    for d in found {
        let doc = index.document(d)?;
        if !select::any_matches(&allow, &doc.id, &doc.meta) {
            sources.push(prepare(doc, index));
        }
    }
    let places = Places::new(draft, sources);
    let is_own: Vec<bool> = places
        .sources()
        .map(|s| select::any_matches(&own, &s.doc.id, &s.doc.meta))
        .collect();
    let (aligned, internal) = passages::copies_and_internal(&places, params);
    // An alignment is a copy when it is alike enough or keeps a run the
    // index guarantees to find (21 matchable chars); else a rewording.
    let run = (index.params.window + index.params.kgram - 1) as usize;
    let mut matchable_of: rustc_hash::FxHashMap<usize, (Vec<char>, Vec<u32>)> = Default::default();
    let mut copies = Vec::new();
    let mut loose = Vec::new();
    for c in aligned {
        if c.similarity >= params.copy_similarity {
            copies.push(c);
            continue;
        }
        let (chars, at) = matchable_of.entry(c.source).or_insert_with(|| {
            let s = &places.docs[c.source + 1];
            let sm = matchable(&s.norm);
            let at = sm.pos.iter().map(|&p| s.norm.orig(p as usize)).collect();
            (sm.chars, at)
        });
        if keeps_run((&m.chars, body.offsets()), (chars, at), &c, run) {
            copies.push(c);
        } else {
            loose.push(c);
        }
    }
    let draft = places.draft();
    let paragraphs = paragraphs(&draft.doc, &draft.cleaned);
    let quotations = quotes::quotations(&draft.doc, &paragraphs);
    let quote_spans: Vec<Span> = quotations.iter().map(|q| q.span).collect();
    let spans: Vec<CopySpan> = copies
        .iter()
        .map(|c| CopySpan {
            draft: c.draft,
            source: c.source,
            own: is_own[c.source],
        })
        .collect();

    // Reworded: paragraphs long enough of which less than half is copied,
    // by bigrams; then the loose alignments outside them.
    let verbatim = Marks::new(&body, &spans, &[], &[]);
    let sources: Vec<&Analyzed> = places.sources().collect();
    let mut rewordings = reworded::reworded(
        draft,
        &paragraphs,
        &sources,
        params.reworded_threshold,
        |span| {
            let n = body.count(span);
            n >= params.reworded_min_chars && 2 * verbatim.copied_in(&body, span).0 < n
        },
    );
    // A loose alignment holding at least half of a paragraph not mostly
    // copied stands for the whole paragraph, the unit a rewording is read
    // in; one per paragraph, the first. Only the paragraphs it overlaps are
    // looked at (found by binary search).
    for c in &loose {
        let first = paragraphs.partition_point(|p| p.end <= c.draft.start);
        let span = paragraphs[first..]
            .iter()
            .take_while(|p| p.start < c.draft.end)
            .find(|p| {
                let n = body.count(**p);
                let (from, to) = (c.draft.start.max(p.start), c.draft.end.min(p.end));
                let inside = if from < to {
                    body.count(Span::new(from, to))
                } else {
                    0
                };
                n > 0 && 2 * inside >= n && 2 * verbatim.copied_in(&body, **p).0 < n
            })
            .copied()
            .unwrap_or(c.draft);
        if rewordings
            .iter()
            .any(|r| r.draft.start <= span.start && span.end <= r.draft.end)
        {
            continue;
        }
        rewordings.push(reworded::Found {
            draft: span,
            source: c.source,
            source_span: c.source_span,
            score: c.similarity,
            basis: reworded::Basis::Alignment,
        });
    }
    rewordings.sort_by_key(|r| (r.draft.start, r.source));
    let reworded_spans: Vec<Span> = rewordings.iter().map(|r| r.draft).collect();
    // Quotations stand apart only within measure (适当引用). A copy of what
    // its source itself quotes (two reports quoting one speaker) takes
    // nothing from the source's measure.
    let mut quoted_by: rustc_hash::FxHashMap<usize, Vec<Span>> = Default::default();
    let own_words: Vec<CopySpan> = if quote_spans.is_empty() {
        Vec::new()
    } else {
        copies
            .iter()
            .zip(&spans)
            .filter(|(c, _)| {
                let theirs = quoted_by.entry(c.source).or_insert_with(|| {
                    let s = &places.docs[c.source + 1];
                    let theirs = crate::clean::paragraphs(&s.doc, &s.cleaned);
                    quotes::quotations(&s.doc, &theirs)
                        .into_iter()
                        .map(|q| q.span)
                        .collect()
                });
                let inside = c.source_span.covered_by(theirs);
                inside < c.source_span.len() - inside
            })
            .map(|(_, s)| *s)
            .collect()
    };
    let excessive = measures::excessive_quotes(
        &body,
        &own_words,
        &quote_spans,
        |s| matchable(&places.docs[s + 1].norm).chars.len() as u32,
        params.max_quoted_share,
        QUOTED_ALWAYS_CHARS,
    );
    let apart: Vec<Span> = quote_spans
        .iter()
        .zip(&excessive)
        .filter(|(_, e)| e.is_none())
        .map(|(q, _)| *q)
        .collect();
    let marks = Marks::new(&body, &spans, &apart, &reworded_spans);

    let mut measures = measures::measures(&body, &marks, &spans);
    let shares = measures::sources(&body, &marks, &spans, sources.len(), |s| {
        let doc = &sources[s].doc;
        SourceShare {
            id: doc.id.clone(),
            title: doc.meta.title.clone(),
            date: doc.meta.date.clone(),
            source: doc.meta.source.clone(),
            copied_chars: 0,
            ratio: 0.0,
            ratio_excluding_quotes: 0.0,
            own: is_own[s],
        }
    });
    measures.max_single_source = shares.first().cloned();
    let ix = CharIndex::new(&draft.doc.text);
    let text = |span: Span| ix.slice(&draft.doc.text, span).to_string();
    let section_table = measures::sections(
        &body,
        &marks,
        &sections::sections(&draft.doc, &paragraphs),
        |h| text(h).trim().trim_start_matches(['#', ' ']).to_string(),
    );
    measures.max_section_ratio = section_table
        .iter()
        .filter(|s| s.chars >= params.min_section_chars)
        .map(|s| s.copy_ratio)
        .fold(0.0, f64::max);
    let quotes = quotations
        .iter()
        .zip(&excessive)
        .map(|(q, excessive)| {
            let (copied, _) = marks.copied_in(&body, q.span);
            Quote {
                start: q.span.start,
                end: q.span.end,
                chars: body.count(q.span),
                copied_chars: copied,
                text: text(q.span),
                attribution: q.attribution.clone(),
                excessive: excessive.is_some(),
            }
        })
        .collect();
    let reworded = rewordings
        .iter()
        .map(|r| Reworded {
            score: round4(r.score),
            basis: r.basis,
            chars: r.draft.len(),
            draft: DraftSpan {
                start: r.draft.start,
                end: r.draft.end,
                text: text(r.draft),
            },
            source: passages::source_span(
                &places,
                &passages::RawCopy {
                    draft: r.draft,
                    source: r.source,
                    source_span: r.source_span,
                    similarity: r.score,
                },
            ),
        })
        .collect();
    let shared = passages::findings(&places, &copies, &is_own, |span| {
        marks.mostly_quoted(&body, span)
    });

    let source_context = page::contexts(
        &sources,
        copies
            .iter()
            .map(|c| (c.source, c.source_span))
            .chain(rewordings.iter().map(|r| (r.source, r.source_span))),
    );

    let scores = scores::scores(&places, &shingles, draft_long, &index.params, params);
    let rewrites = match &counts {
        Some(counts) => rewrites::rewrites(index, counts, draft_long, params, &scores.near)?,
        None => Vec::new(),
    };
    let own_ids: Vec<&str> = sources
        .iter()
        .zip(&is_own)
        .filter(|(_, o)| **o)
        .map(|(s, _)| s.doc.id.as_str())
        .collect();
    let loose_gate: Vec<(u32, String)> = loose
        .iter()
        .filter(|c| !is_own[c.source] && !marks.mostly_quoted(&body, c.draft))
        .map(|c| (c.draft.len(), sources[c.source].doc.id.clone()))
        .collect();
    let reasons = verdict::reasons(
        &verdict::Gate {
            shared: &shared,
            loose: &loose_gate,
            measures: &measures,
            shares: &shares,
            sections: &section_table,
            max_containment: scores.max_containment.as_ref(),
            near: &scores.near,
            own: &own_ids,
        },
        params,
    );
    Ok(DraftReport {
        id: draft.doc.id.clone(),
        text_chars: draft.doc.chars(),
        verdict: verdict::verdict(&reasons),
        reasons,
        measures,
        sources: shares,
        sections: section_table,
        quotes,
        reworded,
        max_containment: scores.max_containment,
        passages: shared,
        internal,
        near_duplicates: scores.near,
        rewrites,
        index: stamp(index),
        source_context,
    })
}

/// Whether the draft and source spans of `c` share a run of `run`
/// matchable chars; `draft` is the draft's matchable chars and their
/// offsets in its text, `source(s)` the same for source `s`.
fn keeps_run(
    draft: (&[char], &[u32]),
    source: (&[char], &[u32]),
    c: &passages::RawCopy,
    run: usize,
) -> bool {
    let in_span = |(chars, at): (&[char], &[u32]), span: Span| -> Vec<char> {
        let lo = at.partition_point(|&o| o < span.start);
        let hi = at.partition_point(|&o| o < span.end).max(lo);
        chars[lo..hi].to_vec()
    };
    let theirs = in_span(source, c.source_span);
    let grams: rustc_hash::FxHashSet<&[char]> = theirs.windows(run).collect();
    in_span(draft, c.draft)
        .windows(run)
        .any(|w| grams.contains(w))
}

/// The index's version, as a result records it.
fn stamp(index: &Snapshot) -> IndexStamp {
    IndexStamp {
        format_version: index.format_version,
        checksum: format!("{:08x}", index.checksum),
        documents: index.len(),
        created: index.history.created.clone(),
        updated: index.history.updated.clone(),
        generation: index.history.generation,
    }
}

/// A document cleaned and normalised with the index's settings; no tokens
/// (passage finding does not use them) and no quality judgement (`check`
/// compares a draft with every source).
fn prepare(doc: Document, index: &Snapshot) -> Analyzed {
    let cleaned = clean(&doc);
    let norm = normalize(&doc, &cleaned, &index.params.checked_norm());
    Analyzed {
        doc,
        cleaned,
        norm,
        tokens: Vec::new(),
        terms: 0,
        quality: Quality::default(),
    }
}

/// The draft prepared as its sources are; with a segmenter, also
/// segmented, with its term counts for rewrites.
fn prepare_draft(
    draft: Document,
    index: &Snapshot,
    segmenter: Option<&Segmenter>,
) -> (Analyzed, Option<TermCounts>) {
    match segmenter {
        Some(seg) => {
            let front = AnalyzeParams {
                norm: index.params.checked_norm(),
                ..AnalyzeParams::default()
            };
            let (a, counts) = Analyzed::new(draft, seg, &front);
            (a, Some(counts))
        }
        None => (prepare(draft, index), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use crate::dups::PairKind;
    use crate::index::{DocEntry, IndexData, IndexParams, IndexView};
    use crate::params::ParamGuard;
    use crate::span::Span;

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
        IndexData::build(&docs, &IndexParams::default().check().unwrap()).to_bytes()
    }

    #[test]
    fn copied_paragraph_fails_with_both_spans_fresh_text_passes() {
        let bytes = index_bytes();
        let index = Snapshot::of_view(IndexView::new(&bytes).unwrap());
        let copied = &SOURCE[..SOURCE.find('。').unwrap() + '。'.len_utf8()];
        let text = format!("我们的新稿件开头。{copied}结尾是全新的内容，与任何来源都不相同。");
        let r = check(&index, doc("draft", &text), None, &Checked::default()).unwrap();
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
            &Checked::default(),
        )
        .unwrap();
        assert_eq!(fresh.verdict, Verdict::Pass);
        assert!(fresh.passages.is_empty());

        let allow = CheckParams {
            allow: vec!["src".into()],
            ..CheckParams::default()
        }
        .check()
        .unwrap();
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
                        let index = Snapshot::of_view(IndexView::new(&bytes)?);
                        check(
                            &index,
                            draft.clone(),
                            Some(Segmenter::shared()),
                            &Checked::default(),
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
        let params = IndexParams::default().check().unwrap();
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
                history: Default::default(),
            }
            .to_bytes();
            let index = Snapshot::of_view(IndexView::new(&bytes).unwrap());
            assert!(index.document(0).is_err(), "{what}");
            let r = check(&index, doc("d", SOURCE), None, &Checked::default());
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
            history: Default::default(),
        }
        .to_bytes();
        assert!(IndexView::new(&bytes).unwrap().document(0).is_ok());
    }

    #[test]
    fn whole_copy_is_a_near_duplicate_and_rewrite_scoring_runs() {
        let bytes = index_bytes();
        let index = Snapshot::of_view(IndexView::new(&bytes).unwrap());
        let r = check(
            &index,
            doc("copy", SOURCE),
            Some(Segmenter::shared()),
            &Checked::default(),
        )
        .unwrap();
        assert_eq!(r.near_duplicates.len(), 1);
        assert_eq!(r.near_duplicates[0].jaccard, 1.0);
        assert_eq!(r.near_duplicates[0].kind, PairKind::NearDuplicate);
        assert_eq!(r.max_containment.as_ref().unwrap().containment, 1.0);
        // A near duplicate is not also a rewrite.
        assert!(r.rewrites.is_empty());
    }

    #[test]
    fn a_draft_inside_a_source_and_a_source_inside_a_draft_say_which_is_inside() {
        let bytes = index_bytes();
        let index = Snapshot::of_view(IndexView::new(&bytes).unwrap());
        // Jaccard below 0.8 is not a near duplicate.
        let params = CheckParams {
            threshold: 0.8,
            ..CheckParams::default()
        }
        .check()
        .unwrap();
        let near = |text: &str| {
            let r = check(&index, doc("d", text), None, &params).unwrap();
            assert_eq!(r.near_duplicates.len(), 1, "{r:?}");
            let n = r.near_duplicates[0].clone();
            assert!(n.jaccard < 0.8 && n.containment == 1.0, "{n:?}");
            (n, r.reasons)
        };
        // The draft quotes the source's first sentence.
        let first = &SOURCE[..SOURCE.find('。').unwrap() + '。'.len_utf8()];
        let (n, reasons) = near(first);
        assert_eq!(
            n.kind,
            PairKind::Containment {
                inside: Side::Draft,
                within: Side::Source
            }
        );
        assert!(
            reasons
                .iter()
                .any(|r| r.to_string().starts_with("the draft is 100% inside src")),
            "{reasons:?}"
        );
        // The draft holds the whole source and as much again of its own.
        let own = "记者在卡奥斯平台展厅看到，一台台设备的运行数据实时汇入云端，工程师在屏幕前就能远程诊断故障，\
            一家纺织企业负责人说，接入平台后订单交付周期缩短了三分之一，库存占用资金下降了两成，\
            专家指出平台建设要坚持需求导向，避免重复投入，推动数据互联互通，让中小企业用得起用得好。";
        let (n, reasons) = near(&format!("{SOURCE}{own}"));
        assert_eq!(
            n.kind,
            PairKind::Containment {
                inside: Side::Source,
                within: Side::Draft
            }
        );
        assert!(
            reasons
                .iter()
                .any(|r| r.to_string().starts_with("src is 100% inside the draft")),
            "{reasons:?}"
        );
    }
}
