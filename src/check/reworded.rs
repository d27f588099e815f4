//! Reworded paragraphs (疑似改写): draft paragraphs that say what a
//! source paragraph says in changed words.
//!
//! Takes the draft and its candidate sources ([`Places`]), the draft's
//! paragraphs and body characters, and the marks of what is copied; gives,
//! for each draft paragraph of at least `min_chars` body characters of
//! which less than half is inside a verbatim copy, the stretch of a source
//! most like it, when their likeness reaches `reworded_threshold`. A
//! stretch is a run of consecutive source sentences holding half to twice
//! the paragraph's matchable characters (scraped articles often have no
//! paragraph breaks, so whole source paragraphs would be whole articles).
//! Likeness is the Dice coefficient of the two sets of character bigrams
//! over matchable characters (the normalised view): a rewrite keeps most
//! names, numbers and terms and many bigrams across changed words, while
//! two passages on one subject share far fewer. A source whose whole text
//! holds too few of the paragraph's bigrams for any stretch to reach the
//! threshold is skipped without looking at its stretches. A stretch holds
//! at most 16 sentences, and the search over one draft stops after a fixed
//! amount of work (far above what real drafts need), so hostile text cannot
//! make it quadratic. The threshold is calibrated on the planted-draft benchmark
//! (`benches/check_planted.rs`).
//!
//! Beside these, an alignment of the draft with a source whose similarity
//! is below `copy_similarity` (more than light edits: changed words, moved
//! clauses) is a rewording too ([`Basis::Alignment`]), not a copy.

use crate::analyze::Analyzed;
use crate::clean::sentences;
use crate::fingerprint::{matchable, overlap};
use crate::span::Span;

/// A reworded draft span: its span, the source's place among the
/// sources, the source span, the likeness and what it was found by.
pub(super) struct Found {
    pub draft: Span,
    pub source: usize,
    pub source_span: Span,
    pub score: f64,
    pub basis: Basis,
}

/// How a rewording was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// An alignment less alike than `copy_similarity`; the score is its
    /// similarity.
    Alignment,
    /// A paragraph's character bigrams; the score is their Dice coefficient.
    Bigrams,
}

/// A paragraph or sentence: its span, matchable characters, and sorted
/// set of character bigrams.
struct Para {
    span: Span,
    chars: usize,
    bigrams: Vec<u64>,
}

/// The pieces of `a` at `spans` with their bigram sets; pieces with fewer
/// than two matchable characters are left out.
fn paras(a: &Analyzed, spans: &[Span]) -> Vec<Para> {
    let m = matchable(&a.norm);
    let orig: Vec<u32> = m.pos.iter().map(|&p| a.norm.orig(p as usize)).collect();
    spans
        .iter()
        .filter_map(|&span| {
            let lo = orig.partition_point(|&o| o < span.start);
            let hi = orig.partition_point(|&o| o < span.end);
            let chars = &m.chars[lo..hi.max(lo)];
            let mut bigrams: Vec<u64> = chars
                .windows(2)
                .map(|w| (w[0] as u64) << 32 | w[1] as u64)
                .collect();
            bigrams.sort_unstable();
            bigrams.dedup();
            (!bigrams.is_empty()).then_some(Para {
                span,
                chars: chars.len(),
                bigrams,
            })
        })
        .collect()
}

/// Most sentences in one stretch of a source.
const MAX_SENTENCES: usize = 16;
/// Set elements merged or compared, over one draft, before the search
/// stops (about a tenth of a second): hostile text of tiny sentences or
/// huge paragraphs cannot make it quadratic. No real draft comes near it
/// (a 3,000-char draft against 64 news sources: about 2 million).
const BUDGET: u64 = 200_000_000;

/// The union of two sorted sets, merged in one pass.
fn union(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    2.0 * overlap(a, b) as f64 / (a.len() + b.len()) as f64
}

/// The reworded paragraphs of `draft` among `sources`; `eligible(span)`
/// says whether a draft paragraph is long enough and not mostly copied.
/// Sorted by draft start.
pub(super) fn reworded(
    draft: &Analyzed,
    draft_paragraphs: &[Span],
    sources: &[&Analyzed],
    threshold: f64,
    eligible: impl Fn(Span) -> bool,
) -> Vec<Found> {
    let mine: Vec<Para> = paras(draft, draft_paragraphs)
        .into_iter()
        .filter(|p| eligible(p.span))
        .collect();
    if mine.is_empty() {
        return Vec::new();
    }
    let theirs: Vec<(Vec<Para>, Vec<u64>)> = sources
        .iter()
        .map(|s| {
            let ps = paras(s, &sentences(&s.doc, &s.cleaned));
            let mut all: Vec<u64> = ps.iter().flat_map(|p| p.bigrams.iter().copied()).collect();
            all.sort_unstable();
            all.dedup();
            (ps, all)
        })
        .collect();
    let mut out = Vec::new();
    let mut work: u64 = 0;
    for p in &mine {
        let mut best: Option<Found> = None;
        for (si, (ps, all)) in theirs.iter().enumerate() {
            work += (p.bigrams.len() + all.len()) as u64;
            if work > BUDGET {
                break;
            }
            // A stretch has at least half the paragraph's bigrams, so its
            // Dice is at most 2·shared / 1.5·|p| ≤ 4/3 of the paragraph's
            // containment in the whole source.
            let most = 4.0 / 3.0 * overlap(&p.bigrams, all) as f64 / p.bigrams.len() as f64;
            if most < threshold {
                continue;
            }
            for start in 0..ps.len() {
                let mut window: Vec<u64> = Vec::new();
                let mut chars = 0;
                for end in start..ps.len().min(start + MAX_SENTENCES) {
                    chars += ps[end].chars;
                    if chars > 2 * p.chars || work > BUDGET {
                        break;
                    }
                    work += (window.len() + ps[end].bigrams.len() + p.bigrams.len()) as u64;
                    window = union(&window, &ps[end].bigrams);
                    if 2 * chars < p.chars {
                        continue;
                    }
                    let score = dice(&p.bigrams, &window);
                    if score >= threshold && best.as_ref().is_none_or(|b| score > b.score) {
                        best = Some(Found {
                            draft: p.span,
                            source: si,
                            source_span: Span::new(ps[start].span.start, ps[end].span.end),
                            score,
                            basis: Basis::Bigrams,
                        });
                    }
                }
            }
        }
        out.extend(best);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format};
    use crate::segment::Segmenter;

    fn analyzed(text: &str) -> Analyzed {
        let doc = Document::new("d", Format::Text, text);
        Analyzed::new(doc, Segmenter::shared(), &Default::default()).0
    }

    const SOURCE: &str = "工业和信息化部日前公布了2021年跨行业跨领域工业互联网平台发展成效评估结果，\
        在全国15个双跨平台中，卡奥斯平台连续三年位居榜首，青岛市工业互联网发展走在全国前列。\n\n\
        另一段说的是天气，今天晴转多云，气温十八度，适合出门踏青。";
    const REWORDED: &str = "日前，工信部公布了跨行业跨领域工业互联网平台2021年的发展成效评估结果，\
        卡奥斯平台在全国十五个双跨平台中已经连续三年排名第一，青岛的工业互联网发展处在全国前列。";
    const OTHER: &str = "今年以来，各地加快推进工业互联网建设，一批企业积极上云用平台，\
        数字化转型步伐明显加快，专家认为仍需加强人才培养和安全保障。";

    fn run(draft: &str) -> Vec<Found> {
        let d = analyzed(draft);
        let s = analyzed(SOURCE);
        let p = crate::clean::paragraphs(&d.doc, &d.cleaned);
        reworded(&d, &p, &[&s], 0.45, |_| true)
    }

    #[test]
    fn a_rewrite_is_found_with_its_source_paragraph_and_a_paragraph_on_the_subject_is_not() {
        let found = run(REWORDED);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].source_span.start, 0);
        assert!(found[0].score >= 0.45, "{}", found[0].score);
        let other = run(OTHER);
        assert!(
            other.is_empty(),
            "{:?}",
            other.iter().map(|f| f.score).collect::<Vec<_>>()
        );
    }
}
