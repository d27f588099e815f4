//! Passage groups ranked by interest: what an analyst reads first.
//!
//! Takes the groups [`find`](super::find) gives (in place order) and
//! orders them, most interesting first, by `chars × (sources − 1)`
//! ([`PassageGroup::interest`]): the characters copied from one source to
//! another. A document's source is its `source` metadata, else the document
//! itself ([`sources`]), so a passage repeated inside one document, or only
//! among documents of one source, has interest 0 and comes after every
//! passage copied across sources, still listed. Ties go to more copies,
//! then the longer passage, then the first copy's place (document order,
//! then start), then the order `find` gave.

use crate::analyze::Analyzed;
use crate::span::Span;

use super::PassageGroup;

/// Where a copy comes from: the document's `source`, else the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Origin<'a> {
    Source(&'a str),
    Document(u32),
}

/// The number of distinct sources among the documents of `places` (places
/// in `docs`).
pub(super) fn sources(places: &[(u32, Span)], docs: &[Analyzed]) -> u32 {
    let mut origins: Vec<Origin> = places
        .iter()
        .map(
            |&(d, _)| match docs[d as usize].doc.meta.source.as_deref() {
                Some(s) => Origin::Source(s),
                None => Origin::Document(d),
            },
        )
        .collect();
    origins.sort_unstable();
    origins.dedup();
    origins.len() as u32
}

impl<D> PassageGroup<D> {
    /// Characters copied across sources: `chars × (sources − 1)`, 0 for a
    /// passage that stays inside one source.
    pub fn interest(&self) -> u64 {
        u64::from(self.chars) * u64::from(self.sources.saturating_sub(1))
    }
}

/// Orders `groups` by interest, most first (see the module docs).
pub fn rank(groups: &mut [PassageGroup]) {
    groups.sort_by(|x, y| {
        y.interest()
            .cmp(&x.interest())
            .then(y.copies.len().cmp(&x.copies.len()))
            .then(y.chars.cmp(&x.chars))
            .then_with(|| {
                let place = |g: &PassageGroup| g.copies.first().map(|c| (c.doc, c.start));
                place(x).cmp(&place(y))
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::DocIdx;
    use crate::dups::passages::Copy;

    fn group(chars: u32, sources: u32, copies: &[(u32, u32)]) -> PassageGroup {
        PassageGroup {
            nested: Vec::new(),
            chars,
            sources,
            text: String::new(),
            copies: copies
                .iter()
                .map(|&(d, start)| Copy {
                    doc: DocIdx(d),
                    start,
                    end: start + chars,
                })
                .collect(),
        }
    }

    #[test]
    fn copies_across_sources_come_before_repeats_then_copies_then_length_then_place() {
        let mut groups = vec![
            group(40, 1, &[(0, 0), (0, 100), (0, 200), (0, 300)]), // repeat, 4 copies
            group(300, 1, &[(1, 0), (1, 500)]),                    // long repeat
            group(50, 2, &[(2, 0), (3, 0)]),                       // interest 50
            group(30, 3, &[(4, 0), (5, 0), (6, 0)]),               // interest 60
            group(50, 2, &[(1, 900), (3, 90)]),                    // interest 50, later
            group(40, 1, &[(0, 10), (0, 400), (0, 600), (0, 700)]),
        ];
        rank(&mut groups);
        let order: Vec<(u32, u32, u64)> = groups
            .iter()
            .map(|g| (g.copies[0].doc.0, g.copies[0].start, g.interest()))
            .collect();
        assert_eq!(
            order,
            vec![
                (4, 0, 60),
                (1, 900, 50),
                (2, 0, 50),
                (0, 0, 0),
                (0, 10, 0),
                (1, 0, 0),
            ]
        );
    }
}
