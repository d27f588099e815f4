//! Steps 2 and 3: the draft and its candidates as documents, and the
//! passages they share.
//!
//! Takes the prepared draft and candidate sources ([`Places`]) and gives
//! the passages the draft shares with a source ([`SharedPassage`], spans in
//! both) and the passages repeated inside the draft ([`InternalRepeat`]),
//! found by the crate's one aligner, [`passages::find`].

use crate::analyze::{Analyzed, DocIdx};
use crate::dups::passages::{self, PassageParams};
use crate::params::{Checked, ParamGuard};
use crate::span::{CharIndex, Span};

use super::{CheckParams, DraftSpan, InternalRepeat, SharedPassage, SourceSpan};

/// The draft and its candidate sources, each at its place: the draft is
/// place 0, source `i` of the candidates place `i + 1`. Documents are told
/// apart by place (passage copies name them by place, a [`DocIdx`]), never
/// by id: a corpus id can be anything, so no id can mark the draft.
pub(super) struct Places {
    pub docs: Vec<Analyzed>,
}

impl Places {
    /// The draft and its sources at their places.
    pub fn new(draft: Analyzed, sources: Vec<Analyzed>) -> Places {
        Places {
            docs: std::iter::once(draft).chain(sources).collect(),
        }
    }

    /// The draft.
    pub fn draft(&self) -> &Analyzed {
        &self.docs[0]
    }

    /// The sources, with their places.
    pub fn sources(&self) -> impl Iterator<Item = &Analyzed> {
        self.docs.iter().skip(1)
    }
}

/// The passage settings of `check`: the defaults with `min_chars` (at least
/// 1, so they always pass their check).
fn passage_params(min_chars: u32) -> Checked<PassageParams> {
    PassageParams {
        min_chars: min_chars.max(1),
        ..PassageParams::default()
    }
    .check()
    .unwrap_or_else(|_| unreachable!("the default passage settings with min_chars >= 1 pass"))
}

/// One alignment of the draft with a source: the draft's span, the
/// source's number among the sources (place − 1) and its span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RawCopy {
    pub draft: Span,
    pub source: usize,
    pub source_span: Span,
    /// The alignment's similarity: 1 for an exact copy.
    pub similarity: f64,
}

/// The alignments of the draft with its sources (never the same pair of
/// places twice), sorted by draft start, and the passages repeated inside
/// the draft.
pub(super) fn copies_and_internal(
    places: &Places,
    params: &CheckParams,
) -> (Vec<RawCopy>, Vec<InternalRepeat>) {
    let draft = places.draft();
    let ix = CharIndex::new(&draft.doc.text);
    let text = |span: Span| ix.slice(&draft.doc.text, span).to_string();
    let mut internal = Vec::new();
    let found = passages::find(&places.docs, &passage_params(params.min_chars));
    for g in &found.groups {
        // The draft is place 0, so its copies come first.
        let mine: Vec<_> = g.copies.iter().filter(|c| c.doc == DocIdx(0)).collect();
        if mine.len() >= 2 {
            internal.push(InternalRepeat {
                chars: mine[0].end - mine[0].start,
                text: text(Span::new(mine[0].start, mine[0].end)),
                copies: mine.iter().map(|c| Span::new(c.start, c.end)).collect(),
            });
        }
    }
    let mut copies: Vec<RawCopy> = found
        .alignments
        .iter()
        // The draft is place 0, so it is always `a`.
        .filter(|x| x.a.doc == DocIdx(0) && x.b.doc != DocIdx(0))
        .map(|x| RawCopy {
            draft: Span::new(x.a.start, x.a.end),
            source: x.b.doc.get() - 1,
            source_span: Span::new(x.b.start, x.b.end),
            similarity: x.similarity,
        })
        .collect();
    copies.sort_by_key(|c| (c.draft.start, c.source, c.source_span.start));
    (copies, internal)
}

/// The source span of a copy, with the source's id and metadata.
pub(super) fn source_span(places: &Places, c: &RawCopy) -> SourceSpan {
    let source = &places.docs[c.source + 1].doc;
    let meta = &source.meta;
    SourceSpan {
        id: source.id.clone(),
        title: meta.title.clone(),
        date: meta.date.clone(),
        source: meta.source.clone(),
        start: c.source_span.start,
        end: c.source_span.end,
    }
}

/// One finding per stretch of copied draft text: copies whose draft spans
/// overlap by at least half of the later one are one passage, named by its
/// longest copy (of copies within a tenth of it, the earliest dated, then
/// the first id), the others listed in `also_in`. `quoted(span)` says
/// whether a draft span is mostly quoted, `own[s]` whether `--self` names
/// source `s`. Sorted by draft start, then source id.
pub(super) fn findings(
    places: &Places,
    copies: &[RawCopy],
    own: &[bool],
    quoted: impl Fn(Span) -> bool,
) -> Vec<SharedPassage> {
    let draft = places.draft();
    let ix = CharIndex::new(&draft.doc.text);
    let mut sorted: Vec<&RawCopy> = copies.iter().collect();
    sorted.sort_by_key(|c| (c.draft.start, std::cmp::Reverse(c.draft.end)));
    let mut clusters: Vec<(Span, Vec<&RawCopy>)> = Vec::new();
    for c in sorted {
        match clusters.last_mut() {
            Some((span, members))
                if 2 * overlap(*span, c.draft) >= c.draft.len().min(span.len()) =>
            {
                span.end = span.end.max(c.draft.end);
                members.push(c);
            }
            _ => clusters.push((c.draft, vec![c])),
        }
    }
    let mut out: Vec<SharedPassage> = clusters
        .into_iter()
        .map(|(_, members)| {
            let longest = members.iter().map(|c| c.draft.len()).max().unwrap_or(0);
            let primary = *members
                .iter()
                .filter(|c| 10 * c.draft.len() >= 9 * longest)
                .min_by(|a, b| {
                    let (sa, sb) = (source_span(places, a), source_span(places, b));
                    earliest(&sa, &sb)
                })
                .unwrap_or(&members[0]);
            let mut also_in: Vec<SourceSpan> = members
                .iter()
                .filter(|c| !std::ptr::eq(**c, primary))
                .map(|c| source_span(places, c))
                .collect();
            also_in.sort_by(earliest);
            SharedPassage {
                chars: primary.draft.len(),
                draft: DraftSpan {
                    start: primary.draft.start,
                    end: primary.draft.end,
                    text: ix.slice(&draft.doc.text, primary.draft).to_string(),
                },
                source: source_span(places, primary),
                similarity: primary.similarity,
                quoted: quoted(primary.draft),
                own: members.iter().all(|c| own[c.source]),
                also_in,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.draft.start, &a.source.id, a.source.start).cmp(&(
            b.draft.start,
            &b.source.id,
            b.source.start,
        ))
    });
    out
}

/// Characters two spans share.
fn overlap(a: Span, b: Span) -> u32 {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Earliest date first (unknown last), then id, then start.
fn earliest(a: &SourceSpan, b: &SourceSpan) -> std::cmp::Ordering {
    dated_first(&a.date, &b.date)
        .then_with(|| a.id.cmp(&b.id))
        .then(a.start.cmp(&b.start))
}

/// Earlier dates first, unknown dates last.
pub(super) fn dated_first(a: &Option<String>, b: &Option<String>) -> std::cmp::Ordering {
    a.is_none().cmp(&b.is_none()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format};
    use crate::segment::Segmenter;

    fn analyzed(id: &str, text: &str) -> Analyzed {
        let doc = Document::new(id, Format::Text, text);
        Analyzed::new(doc, Segmenter::shared(), &Default::default()).0
    }

    #[test]
    fn the_draft_is_told_apart_by_place_whatever_the_ids() {
        // Sources whose ids look like the draft's place or an old marker.
        let para = "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究，支撑行业管理和产业发展。";
        let places = Places::new(
            analyzed("0", &format!("草稿开头。{para}")),
            vec![
                analyzed("0", &format!("{para}来源甲结尾。")),
                analyzed(
                    "\0draft",
                    "来源乙与此无关，说的是另一件事情，没有相同的段落。",
                ),
            ],
        );
        let (copies, internal) = copies_and_internal(&places, &CheckParams::default());
        let shared = findings(&places, &copies, &[false, false], |_| false);
        assert_eq!(shared.len(), 1, "{shared:?}");
        assert_eq!(shared[0].source.id, "0");
        assert_eq!(shared[0].source.start, 0);
        assert_eq!(shared[0].draft.start, "草稿开头。".chars().count() as u32);
        assert!(internal.is_empty());
    }
}
