//! Alignments through the library: planted copies of a real passage, edited
//! one char in twenty or copied into several documents, each found as one
//! alignment of the right extent per pair of documents, and a short passage
//! inside a long copy shown inside it.

use std::collections::BTreeMap;

use chachong::analyze::{Analyzed, DocIdx};
use chachong::corpus::{Document, Format};
use chachong::dups::passages::{Alignment, PassageGroup, find};
use chachong::segment::Segmenter;
use chachong::{Checked, span::char_offset};

use crate::util::seeds_dir;

/// Unrelated sentences around planted copies, none in two documents.
const FILLER: [&str; 8] = [
    "新京报讯记者从市园林局获悉，今年秋季全市将新增绿地二十余处，多数位于老城区。",
    "这场比赛双方都派出了主力阵容，上半场客队凭借一次角球破门取得领先。",
    "专家提醒，换季时节昼夜温差较大，老人和儿童应注意及时增减衣物，预防感冒。",
    "该校今年首次开设人工智能通识课程，选课人数在开放当天就超过了八百人。",
    "秋冬新款大衣以驼色和燕麦色为主，廓形宽松，搭配高领毛衣更显温柔。",
    "演唱会门票开售不到十分钟即告售罄，主办方表示将考虑在年底加开一场。",
    "气象台预计本周后半段将有一次明显降温过程，局地有中到大雨。",
    "图书馆延长了周末开放时间，自习区座位可提前一天在线预约。",
];

/// Document `n`'s text: `copy` between two sentences of its own.
fn planted(n: usize, copy: &str) -> String {
    format!("{}\n{copy}\n{}", FILLER[2 * n], FILLER[2 * n + 1])
}

/// Where `copy` starts in [`planted`] text.
fn head(n: usize) -> u32 {
    FILLER[2 * n].chars().count() as u32 + 1
}

/// Four paragraphs of seed 003 (a speech), joined into one of 634 chars.
fn passage() -> Vec<char> {
    let text = std::fs::read_to_string(seeds_dir().join("003_d80579fa8158c2f6.txt"))
        .expect("seed 003 is readable");
    let from = text.find("她指出").expect("seed 003 holds 她指出");
    let to = text.find("四是融通").expect("seed 003 holds 四是融通");
    text[from..to]
        .split_whitespace()
        .collect::<String>()
        .chars()
        .collect()
}

fn doc(id: &str, text: &str) -> Analyzed {
    let doc = Document::new(id, Format::Jsonl, text);
    Analyzed::new(doc, Segmenter::shared(), &Default::default()).0
}

/// `chars` edited at one char in twenty (the 8th of every 20): in turn
/// substituted by a homophone, dropped, or followed by an added char.
fn edit_one_in_twenty(chars: &[char]) -> String {
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if i % 20 != 7 {
            out.push(c);
            continue;
        }
        match (i / 20) % 3 {
            0 => out.push(if c == '的' { '地' } else { '的' }),
            1 => {}
            _ => {
                out.push(c);
                out.push('再');
            }
        }
    }
    out
}

/// The char span of `part` in `text`.
fn span_of(text: &str, part: &str) -> (u32, u32) {
    let byte = text.find(part).expect("part is in text");
    let start = char_offset(text, byte);
    (start, start + part.chars().count() as u32)
}

fn spans(x: &Alignment) -> ((DocIdx, u32, u32), (DocIdx, u32, u32)) {
    ((x.a.doc, x.a.start, x.a.end), (x.b.doc, x.b.start, x.b.end))
}

/// The alignments of each pair of documents.
fn by_pair(alignments: &[Alignment]) -> BTreeMap<(DocIdx, DocIdx), Vec<&Alignment>> {
    let mut out: BTreeMap<(DocIdx, DocIdx), Vec<&Alignment>> = BTreeMap::new();
    for x in alignments {
        out.entry((x.a.doc, x.b.doc)).or_default().push(x);
    }
    out
}

/// The pairs of documents two copies of a top-level group stand in, with
/// the number of groups giving each.
fn pairs_in_groups(groups: &[PassageGroup]) -> BTreeMap<(DocIdx, DocIdx), usize> {
    let mut out = BTreeMap::new();
    for g in groups {
        let mut docs: Vec<DocIdx> = g.copies.iter().map(|c| c.doc).collect();
        docs.dedup();
        for (i, &x) in docs.iter().enumerate() {
            for &y in &docs[i + 1..] {
                *out.entry((x, y)).or_insert(0) += 1;
            }
        }
    }
    out
}

#[test]
fn a_400_char_passage_with_one_edit_in_twenty_is_one_alignment_of_its_extent() {
    let p = passage();
    let source: String = p[..400].iter().collect();
    let copy = edit_one_in_twenty(&p[..400]);
    let a = planted(0, &source);
    let b = planted(1, &copy);
    let found = find(&[doc("a", &a), doc("b", &b)], &Checked::default());
    assert_eq!(found.alignments.len(), 1, "{:?}", found.alignments);
    let x = &found.alignments[0];
    let (sa, ea) = span_of(&a, &source);
    let (sb, eb) = span_of(&b, &copy);
    assert_eq!(
        spans(x),
        ((DocIdx(0), sa, ea), (DocIdx(1), sb, eb)),
        "the whole passage on both sides"
    );
    // 20 of 400 chars edited: 6 substituted, 7 dropped, 7 added.
    assert!(
        (0.9..0.97).contains(&x.similarity),
        "similarity {}",
        x.similarity
    );
    assert_eq!(found.groups.len(), 1);
}

#[test]
fn a_passage_copied_into_three_documents_gives_every_pair_once() {
    let p = passage();
    let part = |from: usize, to: usize| p[from..to].iter().collect::<String>();
    // The source holds all of it; each copy a different stretch, the three
    // overlapping each other differently, the third lightly edited.
    let source = planted(0, &part(0, 600));
    let copies = [
        part(0, 400),
        part(150, 550),
        edit_one_in_twenty(&p[250..450]),
    ];
    let mut docs = vec![doc("source", &source)];
    for (i, c) in copies.iter().enumerate() {
        docs.push(doc(&format!("copy{i}"), &planted(i + 1, c)));
    }
    let found = find(&docs, &Checked::default());
    let pairs = by_pair(&found.alignments);
    let expected: Vec<(DocIdx, DocIdx)> = (0..4)
        .flat_map(|x| (x + 1..4).map(move |y| (DocIdx(x), DocIdx(y))))
        .collect();
    assert_eq!(
        pairs.keys().copied().collect::<Vec<_>>(),
        expected,
        "{:?}",
        found.alignments
    );
    for (pair, xs) in &pairs {
        assert_eq!(xs.len(), 1, "pair {pair:?} twice: {xs:?}");
    }
    // The source and each copy: the copy whole, at its place in the source.
    let at = head(0);
    for (i, (from, len)) in [(0u32, 400u32), (150, 400)].into_iter().enumerate() {
        let x = pairs[&(DocIdx(0), DocIdx::of(i + 1))][0];
        assert_eq!(
            (x.a.start, x.a.end, x.b.start, x.b.end),
            (at + from, at + from + len, head(i + 1), head(i + 1) + len),
            "source and copy{i}"
        );
    }
    // copy0 and copy1 share chars 150..400 of the passage.
    let x = pairs[&(DocIdx(1), DocIdx(2))][0];
    assert_eq!(
        (x.a.start, x.a.end, x.b.start, x.b.end),
        (head(1) + 150, head(1) + 400, head(2), head(2) + 250)
    );
    // No pair of documents stands in two top-level groups.
    for (pair, n) in pairs_in_groups(&found.groups) {
        assert_eq!(n, 1, "pair {pair:?} in {n} groups: {:?}", found.groups);
    }
}

#[test]
fn a_short_passage_a_third_document_took_from_a_long_copy_is_shown_inside_it() {
    let p = passage();
    let whole: String = p[..600].iter().collect();
    let short: String = p[250..350].iter().collect();
    let docs = [
        doc("source", &planted(0, &whole)),
        doc("reprint", &planted(1, &whole)),
        doc("excerpt", &planted(2, &short)),
    ];
    let found = find(&docs, &Checked::default());
    assert_eq!(found.groups.len(), 1, "{:?}", found.groups);
    let top = &found.groups[0];
    let docs_of = |g: &PassageGroup| g.copies.iter().map(|c| c.doc.get()).collect::<Vec<_>>();
    assert_eq!(docs_of(top), [0, 1]);
    assert_eq!(top.chars, 600);
    assert_eq!(top.nested.len(), 1, "{top:?}");
    assert_eq!(docs_of(&top.nested[0]), [0, 1, 2]);
    assert_eq!(top.nested[0].text, short);
    // Three pairs, each once: the long copy, and the excerpt against each.
    let pairs = by_pair(&found.alignments);
    assert_eq!(pairs.len(), 3, "{:?}", found.alignments);
    assert!(pairs.values().all(|xs| xs.len() == 1), "{pairs:?}");
    assert_eq!(pairs[&(DocIdx(0), DocIdx(1))][0].chars, 600);
}
