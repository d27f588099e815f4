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

use rustc_hash::FxHashSet;
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

/// One place name in a document. Small (no strings): a document can
/// name places a million times. It is written to JSON as
/// `{"name", "code", "province", "written", "part", "span", "counted",
/// "why_not"}`, the names looked up in the shared gazetteer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mention {
    /// The name form matched, by index into the gazetteer's names (and
    /// forms): the name as written after folding (simplified characters),
    /// which gives the place.
    pub form: usize,
    pub part: Part,
    /// Where it stands in the text as read; none in the title.
    pub span: Option<Span>,
    /// Whether it counts toward the document's regions.
    pub counted: bool,
    /// Why it does not count.
    pub why_not: Option<&'static str>,
}

impl Mention {
    /// The place, by index into the gazetteer.
    pub fn place(&self) -> usize {
        Gazetteer::shared().forms[self.form].place
    }

    /// The place as news names it (`青岛`, `黄岛区`).
    pub fn name(&self) -> &'static str {
        &Gazetteer::shared().places[self.place()].short
    }

    /// Its six-digit GB/T 2260 code.
    pub fn code(&self) -> String {
        format!("{:06}", Gazetteer::shared().places[self.place()].code)
    }

    /// The province it counts toward.
    pub fn province(&self) -> &'static str {
        let g = Gazetteer::shared();
        &g.places[g.places[self.place()].province].short
    }

    /// The name as written, after folding (simplified characters).
    pub fn written(&self) -> &'static str {
        &Gazetteer::shared().names[self.form]
    }
}

impl Serialize for Mention {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Mention", 8)?;
        m.serialize_field("name", self.name())?;
        m.serialize_field("code", &self.code())?;
        m.serialize_field("province", self.province())?;
        m.serialize_field("written", self.written())?;
        m.serialize_field("part", &self.part)?;
        m.serialize_field("span", &self.span)?;
        m.serialize_field("counted", &self.counted)?;
        if let Some(why) = self.why_not {
            m.serialize_field("why_not", why)?;
        }
        m.end()
    }
}

/// A name found, before weak names are judged.
struct Found {
    /// Index into the gazetteer's names and forms.
    form: usize,
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
            form: m.pattern().as_usize(),
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
        while let Ok(k) = found.binary_search_by_key(&pos, |f| f.start) {
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
/// Linear in the text: one automaton pass, one walk from byte to char
/// offsets, one set of the provinces named.
pub fn find(g: &Gazetteer, title: Option<&str>, norm: &NormText, tokens: &[Token]) -> Vec<Mention> {
    let mut mentions = Vec::new();
    // Per mention: whether its name is weak and has no cue before it.
    let mut unsupported = Vec::new();
    let mention = |f: &Found, part, span| Mention {
        form: f.form,
        part,
        span,
        counted: true,
        why_not: None,
    };
    if let Some(title) = title {
        let title = fold_str(title);
        for f in names_in(g, &title, None) {
            unsupported.push(g.forms[f.form].weak && !follows_cue(&title, f.start));
            mentions.push(mention(&f, Part::Title, None));
        }
    }
    let text = norm.text.as_str();
    let found = names_in(g, text, Some(tokens));
    let datelined = dateline(text, &found);
    // Byte offsets to char offsets, walking forward once.
    let (mut byte, mut char) = (0usize, 0usize);
    let mut char_at = |b: usize| {
        char += text[byte..b].chars().count();
        byte = b;
        char
    };
    for (k, f) in found.iter().enumerate() {
        let a = char_at(f.start);
        let b = char_at(f.end);
        let part = if datelined.contains(&k) {
            Part::Dateline
        } else if a < LEAD_CHARS {
            Part::Lead
        } else {
            Part::Body
        };
        unsupported.push(g.forms[f.form].weak && !follows_cue(text, f.start));
        mentions.push(mention(f, part, Some(norm.orig_span(a, b))));
    }
    // A weak name counts with a strong mention of its province or a cue.
    let strong: FxHashSet<usize> = mentions
        .iter()
        .zip(&unsupported)
        .filter(|(m, _)| !g.forms[m.form].weak)
        .map(|(m, _)| g.places[m.place()].province)
        .collect();
    for (m, unsupported) in mentions.iter_mut().zip(unsupported) {
        if unsupported && !strong.contains(&g.places[m.place()].province) {
            m.counted = false;
            m.why_not =
                Some("a name that is also an everyday word, with no other mention of its province");
        }
    }
    mentions
}

/// Whether a word of place stands right before byte `at`.
fn follows_cue(text: &str, at: usize) -> bool {
    CUES.iter().any(|c| text[..at].ends_with(c))
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
                    g.names[m.form].clone(),
                    g.places[g.places[m.place()].province].short.clone(),
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
        assert_eq!((found[0].written(), found[0].part), ("青岛", Part::Title));
        assert_eq!(found[0].span, None);
    }

    #[test]
    fn a_text_naming_places_a_hundred_thousand_times_is_judged_in_linear_time() {
        // Weak names were once checked against a list of every strong
        // mention: quadratic, hours on a hostile 16 MiB text.
        let g = Gazetteer::shared();
        let body = "朝阳，北京。".repeat(50_000);
        let norm = NormText::from_plain(&body);
        let tokens = Segmenter::shared().tokens(&norm);
        let found = find(g, None, &norm, &tokens);
        assert_eq!(found.len(), 100_000);
        // 朝阳 is in 辽宁, which nothing else names.
        assert_eq!(found.iter().filter(|m| m.counted).count(), 50_000);
        let last = found.last().unwrap().span.unwrap();
        assert_eq!((last.start, last.end), (299_997, 299_999));
    }

    #[test]
    fn dates_before_the_dateline_mark_are_skipped() {
        assert_eq!(skip_date("11月30日电"), "电");
        assert_eq!(skip_date("30日讯"), "讯");
        assert_eq!(skip_date("电"), "电");
        assert_eq!(skip_date("年底"), "年底");
    }
}
