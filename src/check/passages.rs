//! Steps 2 and 3: the draft and its candidates as documents, and the
//! passages they share.
//!
//! Takes the prepared draft and candidate sources ([`Places`]) and gives
//! the passages the draft shares with a source ([`SharedPassage`], spans in
//! both) and the passages repeated inside the draft ([`InternalRepeat`]),
//! found by the crate's one aligner, [`passages::find`].

use crate::analyze::Analyzed;
use crate::dups::passages::{self, PassageParams};
use crate::span::{CharIndex, Span};

use super::{CheckParams, DraftSpan, InternalRepeat, SharedPassage, SourceSpan};

/// The draft and its candidate sources, each at its place: the draft is
/// place 0, source `i` of the candidates place `i + 1`.
pub(super) struct Places {
    pub docs: Vec<Analyzed>,
    /// The documents' true ids, by place.
    pub ids: Vec<String>,
}

impl Places {
    /// The draft and its sources at their places. Documents are told apart
    /// by place, never by id: a corpus id can be anything, so no id can mark
    /// the draft. Passage copies name documents by id, so every document's
    /// id is set to its place ("0", "1", ...) and the true ids are kept in
    /// [`Places::ids`].
    pub fn new(draft: Analyzed, sources: Vec<Analyzed>) -> Places {
        let mut places = Places {
            docs: Vec::with_capacity(sources.len() + 1),
            ids: Vec::with_capacity(sources.len() + 1),
        };
        for mut a in std::iter::once(draft).chain(sources) {
            let place = places.docs.len().to_string();
            places.ids.push(std::mem::replace(&mut a.doc.id, place));
            places.docs.push(a);
        }
        places
    }

    /// The place of the document a passage copy names.
    pub fn place(&self, doc: &str) -> Option<usize> {
        doc.parse().ok().filter(|&i| i < self.docs.len())
    }

    /// The draft.
    pub fn draft(&self) -> &Analyzed {
        &self.docs[0]
    }
}

/// The passages the draft shares with its sources, sorted by draft start,
/// then source id and start, and the passages repeated inside the draft.
pub(super) fn shared_and_internal(
    places: &Places,
    params: &CheckParams,
) -> (Vec<SharedPassage>, Vec<InternalRepeat>) {
    let pp = PassageParams {
        min_chars: params.min_chars,
        ..PassageParams::default()
    };
    let draft = places.draft();
    let ix = CharIndex::new(&draft.doc.text);
    let text = |span: Span| ix.slice(&draft.doc.text, span).to_string();
    let mut shared = Vec::new();
    let mut internal = Vec::new();
    for g in &passages::find(&places.docs, &pp) {
        // The draft is place 0, so its copies come first.
        let (mine, theirs): (Vec<_>, Vec<_>) = g
            .copies
            .iter()
            .partition(|c| places.place(&c.doc) == Some(0));
        if mine.len() >= 2 {
            internal.push(InternalRepeat {
                chars: mine[0].end - mine[0].start,
                text: text(Span::new(mine[0].start, mine[0].end)),
                copies: mine.iter().map(|c| Span::new(c.start, c.end)).collect(),
            });
        }
        for d in &mine {
            for s in &theirs {
                let Some(i) = places.place(&s.doc) else {
                    continue;
                };
                let meta = &places.docs[i].doc.meta;
                let span = Span::new(d.start, d.end);
                shared.push(SharedPassage {
                    chars: span.len(),
                    draft: DraftSpan {
                        start: d.start,
                        end: d.end,
                        text: text(span),
                    },
                    source: SourceSpan {
                        id: places.ids[i].clone(),
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
    (shared, internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format};
    use crate::normalize::NormParams;
    use crate::segment::Segmenter;

    fn analyzed(id: &str, text: &str) -> Analyzed {
        let doc = Document::new(id, Format::Text, text);
        Analyzed::new(doc, Segmenter::shared(), &NormParams::default()).0
    }

    #[test]
    fn places_tell_documents_apart_whatever_their_ids() {
        let places = Places::new(
            analyzed("1", "草稿"),
            vec![analyzed("0", "来源甲"), analyzed("\0draft", "来源乙")],
        );
        assert_eq!(places.ids, ["1", "0", "\0draft"]);
        assert_eq!(places.draft().doc.text, "草稿");
        assert_eq!(places.place("0"), Some(0));
        assert_eq!(places.place("2"), Some(2));
        assert_eq!(places.place("3"), None);
        assert_eq!(places.place("\0draft"), None);
    }
}
