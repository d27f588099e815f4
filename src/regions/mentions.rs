//! Where a document names a place: [`find`] takes a document's normalised
//! body ([`NormText`], with its tokens) and its title, and gives every
//! [`Mention`] of a division with the part of the document it stands in
//! ([`Part`]: title, dateline, lead, body) and whether it counts.
//!
//! - Names are found by one leftmost-longest pass of the gazetteer's
//!   automaton, so `广西安全` gives 广西 and not 西安. In the body a name
//!   must begin a token; a weak name (see [`super::gazetteer`]) must be a
//!   whole token, so `中山大学` and `阿里巴巴` give nothing. A name followed by
//!   `时间` (北京时间, the time zone) is not a place.
//! - The dateline is an agency or `本报` directly followed by one or two
//!   place names, an optional date and `电` or `讯` in the first 100
//!   characters (`新华社济南11月30日电`, `本报青岛讯`, `中新网四川乐山10月3日电`).
//! - The lead is the first [`LEAD_CHARS`] characters of the body.
//! - A weak name counts only when the document names its province another
//!   way, or right after a word of place (`在`, `赴`, `来自`, ...): 朝阳 the
//!   adjective does not make a document about 辽宁, 朝阳 beside 辽宁 does.

use serde::Serialize;

use super::gazetteer::Gazetteer;
use crate::normalize::{NormText, fold_str};
use crate::segment::Token;
use crate::span::Span;

/// Characters of the body that make its lead.
pub const LEAD_CHARS: usize = 150;

/// The characters of the body the dateline is looked for in.
const DATELINE_CHARS: usize = 100;

/// Who writes a dateline: news agencies and the paper itself.
const AGENCIES: &[&str] = &[
    "新华社",
    "中新社",
    "中新网客户端",
    "中新网",
    "中国新闻网",
    "人民网",
    "新华网",
    "央视网",
    "央广网",
    "光明网",
    "中国日报网",
    "国际在线",
    "澎湃新闻",
    "海外网",
    "环球网",
    "本报记者",
    "本报",
    "本网",
    "本台",
];

/// Words right before a weak name that make it a place.
const CUES: &[&str] = &[
    "在", "赴", "到", "来自", "位于", "落户", "前往", "走进", "抵达", "地处",
];

/// Where in a document a mention stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Title,
    Dateline,
    Lead,
    Body,
}

impl Part {
    /// How much one mention here counts.
    pub fn weight(self) -> f64 {
        match self {
            Part::Dateline => 6.0,
            Part::Title => 3.0,
            Part::Lead => 2.0,
            Part::Body => 1.0,
        }
    }
}

/// One place name in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// The place, by index into the gazetteer.
    #[serde(skip)]
    pub place: usize,
    /// The place as news names it (`青岛`, `黄岛区`) and its code.
    pub name: String,
    pub code: String,
    /// The province it counts toward.
    pub province: String,
    /// The name as written (after normalising: simplified characters).
    pub written: String,
    pub part: Part,
    /// Where it stands in the text as read; none in the title.
    pub span: Option<Span>,
    /// Whether it counts toward the document's regions.
    pub counted: bool,
    /// Why it does not count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_not: Option<&'static str>,
}

/// A name found, before weak names are judged.
struct Found {
    place: usize,
    weak: bool,
    /// Byte range in the searched text.
    start: usize,
    end: usize,
}

/// The names in `text`; `tokens` (byte offsets) set where words begin and
/// end, or every boundary counts when there are none.
fn names_in(g: &Gazetteer, text: &str, tokens: Option<&[Token]>) -> Vec<Found> {
    let begins = |b: usize| {
        tokens.is_none_or(|t| {
            t.binary_search_by_key(&(b as u32), |t| t.byte_start)
                .is_ok()
        })
    };
    let ends = |b: usize| {
        tokens.is_none_or(|t| t.binary_search_by_key(&(b as u32), |t| t.byte_end).is_ok())
    };
    let mut out = Vec::new();
    for m in g.automaton.find_iter(text) {
        let form = g.forms[m.pattern().as_usize()];
        if text[m.end()..].starts_with("时间") || !begins(m.start()) {
            continue;
        }
        if form.weak && !ends(m.end()) {
            continue;
        }
        out.push(Found {
            place: form.place,
            weak: form.weak,
            start: m.start(),
            end: m.end(),
        });
    }
    out
}

/// The names that make the dateline: those right after an agency in the
/// first [`DATELINE_CHARS`] characters, one after the other, followed by an
/// optional date and `电` or `讯`. Indices into `found`.
fn dateline(text: &str, found: &[Found]) -> Vec<usize> {
    let head_end = text
        .char_indices()
        .nth(DATELINE_CHARS)
        .map_or(text.len(), |(b, _)| b);
    for (at, _) in text[..head_end].char_indices() {
        let Some(agency) = AGENCIES.iter().find(|a| text[at..].starts_with(*a)) else {
            continue;
        };
        let mut pos = at + agency.len();
        let mut names = Vec::new();
        while let Some(k) = found.iter().position(|f| f.start == pos) {
            names.push(k);
            pos = found[k].end;
        }
        if names.is_empty() || names.len() > 2 {
            continue;
        }
        let rest = skip_date(&text[pos..]);
        if rest.starts_with('电') || rest.starts_with('讯') {
            return names;
        }
    }
    Vec::new()
}

/// `s` after a leading `11月30日` (or `30日`), if any.
fn skip_date(s: &str) -> &str {
    let digits = |s: &str| s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut rest = s;
    for unit in ['月', '日'] {
        let after = &rest[rest.len() - digits(rest)..];
        if after.len() < rest.len()
            && let Some(r) = after.strip_prefix(unit)
        {
            rest = r;
        }
    }
    rest
}

/// Every place named in the title and the body, in order (title first).
pub fn find(g: &Gazetteer, title: Option<&str>, norm: &NormText, tokens: &[Token]) -> Vec<Mention> {
    let mut mentions = Vec::new();
    let mut weak = Vec::new();
    let mut cued = Vec::new();
    if let Some(title) = title {
        let title = fold_str(title);
        for f in names_in(g, &title, None) {
            weak.push(f.weak);
            cued.push(follows_cue(&title, f.start));
            mentions.push(Mention {
                written: title[f.start..f.end].to_string(),
                part: Part::Title,
                ..mention(g, f.place)
            });
        }
    }
    let text = norm.text.as_str();
    let found = names_in(g, text, Some(tokens));
    let datelined = dateline(text, &found);
    let char_of = char_offsets(text);
    for (k, f) in found.iter().enumerate() {
        let (a, b) = (char_of(f.start), char_of(f.end));
        let part = if datelined.contains(&k) {
            Part::Dateline
        } else if a < LEAD_CHARS {
            Part::Lead
        } else {
            Part::Body
        };
        weak.push(f.weak);
        cued.push(follows_cue(text, f.start));
        mentions.push(Mention {
            written: text[f.start..f.end].to_string(),
            part,
            span: Some(norm.orig_span(a, b)),
            ..mention(g, f.place)
        });
    }
    // A weak name counts with a strong mention of its province or a cue.
    let strong_provinces: Vec<usize> = mentions
        .iter()
        .zip(&weak)
        .filter(|(_, w)| !**w)
        .map(|(m, _)| g.places[m.place].province)
        .collect();
    for ((m, w), c) in mentions.iter_mut().zip(weak).zip(cued) {
        if w && !c && !strong_provinces.contains(&g.places[m.place].province) {
            m.counted = false;
            m.why_not =
                Some("a name that is also an everyday word, with no other mention of its province");
        }
    }
    mentions
}

/// A counted body mention of `place`, to fill in.
fn mention(g: &Gazetteer, place: usize) -> Mention {
    let p = &g.places[place];
    Mention {
        place,
        name: p.short.clone(),
        code: format!("{:06}", p.code),
        province: g.places[p.province].short.clone(),
        written: String::new(),
        part: Part::Body,
        span: None,
        counted: true,
        why_not: None,
    }
}

/// Whether a word of place stands right before byte `at`.
fn follows_cue(text: &str, at: usize) -> bool {
    CUES.iter().any(|c| text[..at].ends_with(c))
}

/// Byte offset to char index in `text`, for offsets at char boundaries.
fn char_offsets(text: &str) -> impl Fn(usize) -> usize + '_ {
    let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    move |b| starts.partition_point(|&s| s < b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segmenter;

    fn mentions(title: Option<&str>, body: &str) -> Vec<(String, String, Part, bool)> {
        let g = Gazetteer::shared();
        let norm = NormText::from_plain(body);
        let tokens = Segmenter::shared().tokens(&norm);
        find(g, title, &norm, &tokens)
            .into_iter()
            .map(|m| {
                (
                    m.written,
                    g.places[g.places[m.place].province].short.clone(),
                    m.part,
                    m.counted,
                )
            })
            .collect()
    }

    #[test]
    fn the_dateline_is_found_and_weighed_apart() {
        let found = mentions(None, "新华社济南11月30日电 记者从山东省获悉，青岛的企业……");
        assert_eq!(found[0].0, "济南");
        assert_eq!(found[0].2, Part::Dateline);
        assert!(found[1..].iter().all(|m| m.2 == Part::Lead));
        let local = mentions(None, "本报青岛讯 今天上午，会议召开。");
        assert_eq!((local[0].0.as_str(), local[0].2), ("青岛", Part::Dateline));
        let two = mentions(None, "中新网四川乐山10月3日电 游客……");
        assert_eq!(two.len(), 2);
        assert!(two.iter().all(|m| m.2 == Part::Dateline && m.1 == "四川"));
        // A place later in the text is not a dateline.
        let body = format!("{}新华社济南电", "文".repeat(200));
        assert_eq!(mentions(None, &body)[0].2, Part::Body);
    }

    #[test]
    fn ambiguous_names_count_only_with_their_province_or_a_cue() {
        // 朝阳 the adjective, 中山 the man, 阿里 the company.
        let alone = mentions(None, "朝阳产业蓬勃发展，中山先生的理想，阿里巴巴的股价。");
        assert!(alone.iter().all(|m| !m.3), "{alone:?}");
        let placed = mentions(None, "辽宁朝阳的企业，朝阳市政府表示。");
        assert!(placed.iter().all(|m| m.3 && m.1 == "辽宁"), "{placed:?}");
        let cued = mentions(None, "他来自朝阳，在朝阳工作。");
        assert!(cued.iter().all(|m| m.3), "{cued:?}");
        // Beijing time is not Beijing.
        assert!(mentions(None, "北京时间11月20日，比赛开始。").is_empty());
        // 广西安全: 广西, not 西安.
        let left = mentions(None, "广西安全生产形势平稳。");
        assert_eq!(left[0].0, "广西");
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn title_mentions_have_no_span() {
        let g = Gazetteer::shared();
        let norm = NormText::from_plain("正文没有地名。");
        let tokens = Segmenter::shared().tokens(&norm);
        let found = find(g, Some("青島工業互聯網"), &norm, &tokens);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].written.as_str(), found[0].part),
            ("青岛", Part::Title)
        );
        assert_eq!(found[0].span, None);
    }

    #[test]
    fn dates_before_the_dateline_mark_are_skipped() {
        assert_eq!(skip_date("11月30日电"), "电");
        assert_eq!(skip_date("30日讯"), "讯");
        assert_eq!(skip_date("电"), "电");
        assert_eq!(skip_date("年底"), "年底");
    }
}
