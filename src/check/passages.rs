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

/// The passages the draft shares with its sources, sorted by draft start,
/// then source id and start, and the passages repeated inside the draft.
pub(super) fn shared_and_internal(
    places: &Places,
    params: &CheckParams,
) -> (Vec<SharedPassage>, Vec<InternalRepeat>) {
    let draft = places.draft();
    let ix = CharIndex::new(&draft.doc.text);
    let text = |span: Span| ix.slice(&draft.doc.text, span).to_string();
    let mut shared = Vec::new();
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
    // One shared passage per alignment of the draft with a source: never
    // the same pair of places twice.
    for x in &found.alignments {
        // The draft is place 0, so it is always `a`.
        let (d, s) = (&x.a, &x.b);
        if d.doc != DocIdx(0) || s.doc == DocIdx(0) {
            continue;
        }
        let source = &places.docs[s.doc.get()].doc;
        let meta = &source.meta;
        let span = Span::new(d.start, d.end);
        shared.push(SharedPassage {
            chars: span.len(),
            draft: DraftSpan {
                start: d.start,
                end: d.end,
                text: text(span),
            },
            source: SourceSpan {
                id: source.id.clone(),
                title: meta.title.clone(),
                date: meta.date.clone(),
                source: meta.source.clone(),
                start: s.start,
                end: s.end,
            },
        });
    }
    shared.sort_by(|a, b| {
        (a.draft.start, &a.source.id, a.source.start).cmp(&(
            b.draft.start,
            &b.source.id,
            b.source.start,
        ))
    });
    (shared, internal)
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
        let (shared, internal) = shared_and_internal(&places, &CheckParams::default());
        assert_eq!(shared.len(), 1, "{shared:?}");
        assert_eq!(shared[0].source.id, "0");
        assert_eq!(shared[0].source.start, 0);
        assert_eq!(shared[0].draft.start, "草稿开头。".chars().count() as u32);
        assert!(internal.is_empty());
    }
}
