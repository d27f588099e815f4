//! Property tests of the offset contract and of passage finding, on text
//! that proptest makes: whatever the text, every span the stages give lies
//! on characters of the text as read, the normalised view maps back exactly,
//! and a planted copy is found whole whatever surrounds it.

use proptest::prelude::*;

use chachong::Checked;
use chachong::analyze::{Analyzed, DocIdx};
use chachong::corpus::{Document, Format};
use chachong::dups::passages::find;
use chachong::normalize::check_offsets;
use chachong::segment::Segmenter;
use chachong::span::CharIndex;

/// Text made of what real and hostile articles hold: Chinese, look-alike
/// radicals and compatibility ideographs, full-width and ASCII letters,
/// markup, entities (whole, broken, next to Chinese), line breaks, controls.
fn mixed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[\u{4e00}-\u{4fff}]{1,12}",
        1 => "[\u{2f00}-\u{2fd5}\u{2e80}-\u{2ef3}\u{f900}-\u{faff}]{1,3}",
        1 => "[Ａ-ｚ０-９a-zA-Z0-9 ]{1,6}",
        1 => "[，。！？、“”（）《》：；]",
        1 => prop::sample::select(vec![
            "&amp;", "&", "R&D", "&#x4e00;", "&#20108;", "&bogus;", "&#xD800;", "&#99999999;",
            "<p>", "</p>", "<br>", "<li>", "[", "](u)", "`", "#", "*", "\n", "\n\n", "\r\n", "\t",
            "\u{0}", "\u{1b}[2J", "\u{feff}", "\u{200b}", "\u{fffd}",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// Chinese text only, from a pool apart from [`mixed_text`]'s, so a planted
/// passage cannot be extended by chance far beyond its ends.
fn passage() -> impl Strategy<Value = String> {
    "[\u{6000}-\u{6fff}]{40,200}"
}

fn analyzed(id: &str, format: Format, text: String) -> Analyzed {
    Analyzed::new(
        Document::new(id, format, text),
        Segmenter::shared(),
        &Default::default(),
    )
    .0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Clean, normalise and segment keep every offset on the text as read.
    #[test]
    fn every_span_maps_to_characters_of_the_text(
        text in mixed_text(),
        format in prop::sample::select(vec![Format::Text, Format::Markdown, Format::Html]),
    ) {
        let a = analyzed("d", format, text.clone());
        prop_assert_eq!(check_offsets(&a.doc, &a.cleaned, &a.norm), Ok(()));
        let ix = CharIndex::new(&text);
        for b in &a.cleaned.body {
            // Slicing by a span never cuts a character.
            let _ = ix.slice(&text, *b);
        }
        for t in &a.tokens {
            let word = t.word(&a.norm);
            prop_assert!(!word.is_empty());
        }
    }

    /// The same passage planted in two documents is found as one copy in
    /// each, covering the whole plant, whatever text stands around it.
    #[test]
    fn a_planted_copy_is_found_whatever_surrounds_it(
        p in passage(),
        before_a in mixed_text(),
        after_a in mixed_text(),
        before_b in mixed_text(),
        after_b in mixed_text(),
    ) {
        // Start and end on a line of its own: a plant glued to a word of
        // the same pool could be extended by one character by chance.
        let plant = |before: &str, after: &str| {
            let text = format!("{before}\n{p}\n{after}");
            let start = before.chars().count() as u32 + 1;
            (text, start)
        };
        let (ta, sa) = plant(&before_a, &after_a);
        let (tb, sb) = plant(&before_b, &after_b);
        let len = p.chars().count() as u32;
        let docs = vec![analyzed("a", Format::Text, ta), analyzed("b", Format::Text, tb)];
        let groups = find(&docs, &Checked::default()).groups;
        let covers = |doc: u32, start: u32| {
            groups.iter().any(|g| {
                g.copies.iter().any(|c| c.doc == DocIdx(doc) && c.start <= start && c.end >= start + len)
            })
        };
        prop_assert!(covers(0, sa), "a: {:?}", groups);
        prop_assert!(covers(1, sb), "b: {:?}", groups);
    }
}
