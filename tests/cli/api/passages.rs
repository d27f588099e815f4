//! Repeated passages through the library: seed files read and analysed as
//! the `dups` command does, and small corpora with planted copies.

use chachong::analyze::{Analyzed, DocIdx};
use chachong::corpus::{Document, Format};
use chachong::dups::passages::{Copy, PassageGroup, PassageParams, find};
use chachong::segment::Segmenter;
use chachong::span::char_offset;
use chachong::{AnalyzeParams, Checked, ParamGuard, analyze, read_corpus};

use crate::util::seeds_dir;

const EXPO: &str = "2021年9月24日-26日,2021中国国际消费电子博览会(简称“电博会”)与青岛国际软件融合创新博览会(简称“软博会”)在青岛国际会展中心举行。";

/// Unrelated sentences to surround planted copies.
const FILLER: [&str; 6] = [
    "新京报讯记者从市园林局获悉，今年秋季全市将新增绿地二十余处，多数位于老城区。",
    "这场比赛双方都派出了主力阵容，上半场客队凭借一次角球破门取得领先。",
    "专家提醒，换季时节昼夜温差较大，老人和儿童应注意及时增减衣物，预防感冒。",
    "该校今年首次开设人工智能通识课程，选课人数在开放当天就超过了八百人。",
    "秋冬新款大衣以驼色和燕麦色为主，廓形宽松，搭配高领毛衣更显温柔。",
    "演唱会门票开售不到十分钟即告售罄，主办方表示将考虑在年底加开一场。",
];

fn seeds() -> Vec<Analyzed> {
    let corpus = read_corpus(&[seeds_dir()], &Default::default());
    analyze(corpus, Segmenter::shared(), &AnalyzeParams::default()).docs
}

fn doc(id: &str, text: String) -> Analyzed {
    let doc = Document::new(id, Format::Jsonl, text);
    Analyzed::new(doc, Segmenter::shared(), &Default::default()).0
}

/// Char span of the `nth` occurrence (0-based) of `needle` in `text`.
fn char_span(text: &str, needle: &str, nth: usize) -> (u32, u32) {
    let byte = text
        .match_indices(needle)
        .nth(nth)
        .map(|(b, _)| b)
        .unwrap_or_else(|| panic!("occurrence {nth} of {needle:?} not in text"));
    let start = char_offset(text, byte);
    (start, start + needle.chars().count() as u32)
}

fn groups_with(groups: &[PassageGroup], doc: DocIdx) -> Vec<PassageGroup> {
    groups
        .iter()
        .filter(|g| g.copies.iter().any(|c| c.doc == doc))
        .cloned()
        .collect()
}

#[test]
fn seed_004_expo_paragraph_is_one_group_of_two_exact_copies() {
    let docs = seeds();
    let at = docs
        .iter()
        .position(|d| d.doc.id.starts_with("seeds/004_"))
        .expect("seed 004 is read");
    let seed = &docs[at];
    let groups = find(&docs, &Checked::default()).groups;
    let first = char_span(&seed.doc.text, EXPO, 0);
    let second = char_span(&seed.doc.text, EXPO, 1);
    let expo: Vec<&PassageGroup> = groups
        .iter()
        .filter(|g| {
            g.copies
                .iter()
                .any(|c| c.doc == DocIdx::of(at) && c.start == first.0)
        })
        .collect();
    assert_eq!(expo.len(), 1, "{expo:#?}");
    let copy = |(start, end)| Copy {
        doc: DocIdx::of(at),
        start,
        end,
    };
    assert_eq!(expo[0].copies, vec![copy(first), copy(second)]);
    assert_eq!(expo[0].text, EXPO);
    assert_eq!(expo[0].chars as usize, EXPO.chars().count());
}

#[test]
fn nothing_shorter_than_min_chars_is_reported() {
    let docs = seeds();
    for min_chars in [30, 60] {
        let params = PassageParams {
            min_chars,
            ..Default::default()
        }
        .check()
        .unwrap();
        for g in find(&docs, &params).groups {
            assert!(g.copies.len() >= 2, "{g:?}");
            assert_eq!(g.chars as usize, g.text.chars().count());
            for c in &g.copies {
                assert!(c.end - c.start >= min_chars, "{c:?} in {g:?}");
            }
        }
    }
    // A 20-char repeat is below the default minimum.
    let short = "打造世界工业互联网之都的决心和信心";
    assert!(short.chars().count() < 30);
    let docs = vec![
        doc("a", format!("{}{short}{}", FILLER[0], FILLER[1])),
        doc("b", format!("{}{short}{}", FILLER[2], FILLER[3])),
    ];
    assert!(find(&docs, &Checked::default()).groups.is_empty());
}

#[test]
fn a_lightly_edited_copy_is_found_with_spans_covering_it() {
    let original = "近年来，青岛市主动对接中国工业互联网研究院，积极争取在青岛设立山东分院分中心，按照“离工业最近”的总体要求，全面向工联院介绍青岛工业基础优势，抓紧研究省级分院分中心筹建方案，高效推进具体运作模式，得到了工联院的肯定和认可。";
    // Two substituted chars (积极→努力), half-width commas, full-width
    // digits, traditional characters (國, 業, 網, 發), one char dropped.
    let edited = "近年來,青島市主動對接中國工業互聯網研究院,努力爭取在青島設立山東分院分中心,按照“離工業最近”的總體要求,全面向工聯院介紹青島工業基礎優勢,抓緊研究省級分院分中心籌建方案,高效推進具體運作模式,得到工聯院的肯定和認可。";
    let docs = vec![
        doc("a", format!("{}\n{original}\n{}", FILLER[0], FILLER[1])),
        doc(
            "b",
            format!("{}{}\n{edited}\n{}", FILLER[2], FILLER[3], FILLER[4]),
        ),
    ];
    let groups = find(&docs, &Checked::default()).groups;
    assert_eq!(groups.len(), 1, "{groups:#?}");
    let planted = [
        char_span(&docs[0].doc.text, original, 0),
        char_span(&docs[1].doc.text, edited, 0),
    ];
    for (copy, (start, end)) in groups[0].copies.iter().zip(planted) {
        let overlap = copy.end.min(end).saturating_sub(copy.start.max(start));
        assert!(
            f64::from(overlap) >= 0.9 * f64::from(end - start),
            "{copy:?} covers too little of {start}..{end}"
        );
        assert!(
            copy.start + 2 >= start && copy.end <= end + 2,
            "{copy:?} spills out of {start}..{end}"
        );
    }
}

#[test]
fn a_paragraph_planted_in_five_documents_is_one_group_of_five() {
    let para = "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究，标识解析体系和网络、平台、安全体系建设等重要任务。";
    let docs: Vec<Analyzed> = (0..5)
        .map(|i| {
            // Each document its own filler, so that only the paragraph repeats.
            let filler = FILLER[i];
            doc(&format!("d{i}"), format!("{filler}\n\n{para}"))
        })
        .collect();
    let groups = find(&docs, &Checked::default()).groups;
    assert_eq!(groups.len(), 1, "{groups:#?}");
    let g = &groups[0];
    assert_eq!(g.text, para);
    let expected: Vec<Copy> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (start, end) = char_span(&d.doc.text, para, 0);
            Copy {
                doc: DocIdx::of(i),
                start,
                end,
            }
        })
        .collect();
    assert_eq!(g.copies, expected);
    assert_eq!(g.named(&docs).copies[4].doc, "d4");
    assert!(groups_with(&groups, DocIdx(4)).len() == 1);
}

#[test]
fn output_is_deterministic() {
    let docs = seeds();
    let params = Checked::default();
    let named = |groups: Vec<PassageGroup>| -> Vec<PassageGroup<String>> {
        groups.iter().map(|g| g.named(&docs)).collect()
    };
    let a = serde_json::to_string(&named(find(&docs, &params).groups)).expect("serialises");
    let b = serde_json::to_string(&named(find(&docs, &params).groups)).expect("serialises");
    assert_eq!(a, b);
}
