//! Damaged documents: a judgement of each document's text, by what its
//! characters are, never by whether it repeats.
//!
//! Takes a [`Document`] and its [`Cleaned`] body and gives [`Quality`]: four
//! measures, each a share of non-space characters, and the reasons
//! ([`Damage`]) whose share reaches its threshold in [`QualityParams`]:
//!
//! | reason | share of | over |
//! |---|---|---|
//! | `mostly_excluded` | characters the clean stage excluded as `code`, `style` or `widget` | the text outside the reader's markup |
//! | `mostly_code` | characters on code lines ([`code`]: no East Asian prose, code symbols) | the text outside the reader's markup |
//! | `replacement_chars` | U+FFFD | the body |
//! | `mojibake` | marks of a wrong decoding ([`mojibake`]) | the body |
//!
//! "The text outside the reader's markup" is the whole text for plain text
//! and JSONL, where nothing tells code from prose but the clean stage; for
//! HTML and Markdown it leaves out what the reader marked (tags, `<script>`
//! and `<style>` elements, code blocks), which are the page's structure,
//! not damage: a saved web page is mostly script by volume, a tutorial
//! mostly code blocks. `mostly_code` is measured apart from the clean
//! stage, so a page that is mostly code is flagged even where the clean
//! stage leaves some of it in the body.
//!
//! A damaged document ([`Quality::is_damaged`]) takes no part in
//! near-duplicates, repeated passages or the topic model unless the stage's
//! `keep_damaged` is set; the summary, `dups` and the report list it apart.
//!
//! ```
//! use chachong::clean::clean;
//! use chachong::corpus::{Document, Format};
//! use chachong::quality::{DamageReason, judge};
//!
//! let page = Document::new("p", Format::Jsonl, "\u{FFFD}".repeat(40));
//! let quality = judge(&page, &clean(&page), &Default::default());
//! assert_eq!(quality.reasons[0].reason, DamageReason::ReplacementChars);
//! assert_eq!(quality.reasons[0].share, 1.0);
//!
//! let news = Document::new("n", Format::Jsonl, "青岛推动工业互联网平台建设，详见 https://example.com/a?id=1。");
//! assert!(!judge(&news, &clean(&news), &Default::default()).is_damaged());
//! ```

pub mod code;
pub mod mojibake;

use serde::Serialize;

use crate::analyze::{Analysis, DocIdx};
use crate::clean::Cleaned;
use crate::corpus::{Document, Excluded, Exclusion, Format, tidy_exclusions};
use crate::params::{Checked, ParamGuard};
use crate::round4;

use code::CodeLines;
use mojibake::Mojibake;

/// The thresholds: a document is damaged for a reason when that share of
/// its characters reaches the threshold, over at least `min_chars`
/// characters. Every share is in (0, 1].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityParams {
    /// A share over fewer non-space characters decides nothing (default
    /// 20): one rare ideograph in a six-character record is 17%, and says
    /// nothing about its encoding.
    pub min_chars: u32,
    /// `mostly_excluded` (default 0.8). Sina pages with a real short item
    /// and an ad script after it hold up to about 0.7 of script; the failed
    /// scrapes that are all script, 0.95 and more.
    pub excluded_share: f64,
    /// `mostly_code` (default 0.8), the same measure by line shape.
    pub code_share: f64,
    /// `replacement_chars` (default 0.1). Text read in the wrong encoding
    /// and repaired with U+FFFD holds half or more; a scraped page with a
    /// few broken characters, under 0.01.
    pub replacement_share: f64,
    /// `mojibake` (default 0.5). UTF-8 read as GBK or Latin-1 gives 0.8
    /// and more; Sina news quoting traditional Chinese or naming herbs at
    /// most about 0.1; classical poetry, rich in characters beyond GB2312
    /// level 1, 0.13 to 0.17 (《离骚》, 《蒹葭》, 《关雎》), so the bar stays
    /// well above it.
    pub mojibake_share: f64,
}

impl Default for QualityParams {
    fn default() -> Self {
        QualityParams {
            min_chars: 20,
            excluded_share: 0.8,
            code_share: 0.8,
            replacement_share: 0.1,
            mojibake_share: 0.5,
        }
    }
}

/// A quality threshold out of range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{name} must be a share in (0, 1], not {value}")]
pub struct QualityParamsError {
    pub name: &'static str,
    pub value: f64,
}

impl ParamGuard for QualityParams {
    type Error = QualityParamsError;

    fn validate(&self) -> Result<(), QualityParamsError> {
        for (name, value) in [
            ("excluded_share", self.excluded_share),
            ("code_share", self.code_share),
            ("replacement_share", self.replacement_share),
            ("mojibake_share", self.mojibake_share),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(QualityParamsError { name, value });
            }
        }
        Ok(())
    }
}

/// Why a document is damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DamageReason {
    /// Most of the text is excluded as code, style or widgets.
    MostlyExcluded,
    /// Most of the text is on lines shaped like code.
    MostlyCode,
    /// A large share of the body is U+FFFD.
    ReplacementChars,
    /// A large share of the body was decoded with the wrong encoding.
    Mojibake,
}

impl DamageReason {
    /// The name, as serialised.
    pub fn name(self) -> &'static str {
        match self {
            DamageReason::MostlyExcluded => "mostly_excluded",
            DamageReason::MostlyCode => "mostly_code",
            DamageReason::ReplacementChars => "replacement_chars",
            DamageReason::Mojibake => "mojibake",
        }
    }
}

/// Reasons with their shares on one line: `mostly_code 94.9%, mojibake 31.0%`.
pub fn describe(reasons: &[Damage]) -> String {
    reasons
        .iter()
        .map(|d| format!("{} {:.1}%", d.reason.name(), d.share * 100.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One reason with its evidence: the share measured, rounded to 4 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Damage {
    pub reason: DamageReason,
    pub share: f64,
}

/// Every measure of one document, whether or not it reaches a threshold.
/// Shares are rounded to 4 decimals; 0 when there is nothing to measure.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Measures {
    /// Non-space characters outside the reader's markup.
    pub chars: u32,
    /// Non-space characters of the body.
    pub body_chars: u32,
    /// Share of `chars` excluded as code, style or widget.
    pub excluded: f64,
    /// Share of `chars` on code lines.
    pub code: f64,
    /// Share of `body_chars` that are U+FFFD.
    pub replacement: f64,
    /// Share of `body_chars` that are mojibake markers.
    pub mojibake: f64,
}

/// The judgement of one document.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Quality {
    pub measures: Measures,
    /// The reasons it is damaged, in [`DamageReason`] order; empty for a
    /// sound document.
    pub reasons: Vec<Damage>,
}

impl Quality {
    /// True when some measure reached its threshold.
    pub fn is_damaged(&self) -> bool {
        !self.reasons.is_empty()
    }
}

/// A damaged document and why, for listing. `D` names it: [`DocIdx`]
/// between stages, the id in output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Damaged<D = DocIdx> {
    pub doc: D,
    pub reasons: Vec<Damage>,
}

impl Damaged {
    /// The entry with its document named by id.
    pub fn named(&self, analysis: &Analysis) -> Damaged<String> {
        Damaged {
            doc: analysis.id(self.doc).to_string(),
            reasons: self.reasons.clone(),
        }
    }
}

/// The damaged documents of `analysis`, in corpus order.
pub fn damaged(analysis: &Analysis) -> Vec<Damaged> {
    analysis
        .docs
        .iter()
        .enumerate()
        .filter(|(_, a)| a.quality.is_damaged())
        .map(|(i, a)| Damaged {
            doc: DocIdx::of(i),
            reasons: a.quality.reasons.clone(),
        })
        .collect()
}

/// Judges one document.
pub fn judge(doc: &Document, cleaned: &Cleaned, params: &Checked<QualityParams>) -> Quality {
    let m = measure(doc, cleaned);
    let (all, body) = (m.chars, m.body_chars);
    let reasons = [
        (
            DamageReason::MostlyExcluded,
            m.excluded,
            all,
            params.excluded_share,
        ),
        (DamageReason::MostlyCode, m.code, all, params.code_share),
        (
            DamageReason::ReplacementChars,
            m.replacement,
            body,
            params.replacement_share,
        ),
        (
            DamageReason::Mojibake,
            m.mojibake,
            body,
            params.mojibake_share,
        ),
    ]
    .into_iter()
    .filter(|&(_, share, over, threshold)| over >= params.min_chars && share >= threshold)
    .map(|(reason, share, _, _)| Damage { reason, share })
    .collect();
    Quality {
        measures: m,
        reasons,
    }
}

/// Walks sorted, disjoint spans along increasing offsets.
struct Cursor<'a> {
    spans: &'a [Excluded],
    next: usize,
}

impl<'a> Cursor<'a> {
    fn new(spans: &'a [Excluded]) -> Self {
        Cursor { spans, next: 0 }
    }

    /// The reason of the span holding offset `i`, if any; `i` never
    /// decreases between calls.
    fn at(&mut self, i: u32) -> Option<Exclusion> {
        while self.spans.get(self.next).is_some_and(|e| e.span.end <= i) {
            self.next += 1;
        }
        self.spans
            .get(self.next)
            .filter(|e| e.span.contains(i))
            .map(|e| e.reason)
    }
}

fn is_debris(reason: Exclusion) -> bool {
    matches!(
        reason,
        Exclusion::Code | Exclusion::Style | Exclusion::Widget
    )
}

/// The counts of one pass over the text.
#[derive(Default)]
struct Counts {
    scope: u32,
    debris: u32,
    body: u32,
    replacement: u32,
}

/// The four measures, in one pass over the text.
fn measure(doc: &Document, cleaned: &Cleaned) -> Measures {
    let mut markup: Vec<Excluded> = match doc.format {
        Format::Html | Format::Markdown => doc.excluded.clone(),
        Format::Text | Format::Jsonl | Format::Docx => Vec::new(),
    };
    tidy_exclusions(&mut markup);
    let (mut outside, mut excluded) = (Cursor::new(&markup), Cursor::new(&cleaned.excluded));
    let mut n = Counts::default();
    let mut lines = CodeLines::default();
    let mut mojibake = Mojibake::default();
    for (i, c) in (0u32..).zip(doc.text.chars()) {
        let in_scope = outside.at(i).is_none();
        let reason = excluded.at(i);
        let space = c.is_whitespace();
        if c == '\n' {
            lines.end_line();
        } else if in_scope {
            lines.feed(c);
        }
        if in_scope && !space {
            n.scope += 1;
            n.debris += u32::from(reason.is_some_and(is_debris));
        }
        if reason.is_some() {
            mojibake.gap();
            continue;
        }
        mojibake.feed(c);
        if !space {
            n.body += 1;
            n.replacement += u32::from(c == '\u{FFFD}');
        }
    }
    lines.end_line();
    let share = |part: u32, of: u32| {
        if of == 0 {
            0.0
        } else {
            round4(f64::from(part.min(of)) / f64::from(of))
        }
    };
    Measures {
        chars: n.scope,
        body_chars: n.body,
        excluded: share(n.debris, n.scope),
        code: share(lines.code(), n.scope),
        replacement: share(n.replacement, n.body),
        mojibake: share(mojibake.markers(), n.body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::span::Span;

    fn excluded(start: u32, end: u32, reason: Exclusion) -> Excluded {
        Excluded {
            span: Span::new(start, end),
            reason,
        }
    }

    fn judge_doc(doc: &Document) -> Quality {
        judge(doc, &clean(doc), &Checked::default())
    }

    fn reasons(q: &Quality) -> Vec<DamageReason> {
        q.reasons.iter().map(|d| d.reason).collect()
    }

    const NEWS: &str = "据《华盛顿邮报》报道，亚马逊很可能在美国弗吉尼亚州水晶城（Crystal City，Virginia）设置第二总部。\
        房地产开发商 BG Smith 已将旗下部分资源从租赁市场上撤下，员工将搬到贝尔街南 1851 号（1851 S. Bell Street）。\
        详见 https://www.example.com/news/2018/11/05/a.html?id=1&from=sina 的报道，当 x = 1 时 f(x) 最小。\
        金庸先生曾说：“飛雪連天射白鹿，笑書神俠倚碧鴛。”枸杞、茯苓与薏苡仁各十克。";

    #[test]
    fn news_with_english_urls_digits_and_traditional_quotes_is_sound() {
        for format in [Format::Jsonl, Format::Text, Format::Markdown, Format::Html] {
            let q = judge_doc(&Document::new("n", format, NEWS));
            assert!(!q.is_damaged(), "{format:?}: {q:?}");
            assert!(q.measures.mojibake < 0.1, "{q:?}");
            assert_eq!(q.measures.code, 0.0, "{q:?}");
        }
    }

    #[test]
    fn a_page_of_replacement_characters_is_damaged() {
        let text = format!("{}\n{}", "\u{FFFD}".repeat(300), "abc \u{FFFD}\u{FFFD} 12");
        let q = judge_doc(&Document::new("p", Format::Jsonl, text));
        assert_eq!(reasons(&q), [DamageReason::ReplacementChars]);
        assert!(q.reasons[0].share > 0.98, "{q:?}");
        // A few broken characters in an article are not damage.
        let few = format!("{NEWS}\u{FFFD}\u{FFFD}{NEWS}");
        assert!(!judge_doc(&Document::new("f", Format::Jsonl, few)).is_damaged());
    }

    #[test]
    fn mojibake_fixtures_are_damaged() {
        // UTF-8 of a Chinese sentence read as GBK, and as Windows-1252.
        let gbk = "闈掑矝鍏ㄩ潰鍔╂帹宸ヤ笟浜掕仈缃戝彂灞曪紝涓崇殑鍙戝睍鎴樼暐銆佽勫垝銆佹斂绛栥";
        let latin = "é’å²›å…¨é¢åŠ©æŽ¨å·¥ä¸šäº’è”ç½‘å‘å±•ï¼Œä¸\u{AD}å›½å·¥ä¸š";
        let burnt = "锟斤拷锟斤拷锟斤拷锟斤拷锟斤拷锟斤拷 标题";
        for text in [gbk, latin, burnt] {
            let q = judge_doc(&Document::new("m", Format::Jsonl, text));
            assert_eq!(reasons(&q), [DamageReason::Mojibake], "{text}: {q:?}");
            assert!(q.reasons[0].share >= 0.5, "{text}: {q:?}");
        }
    }

    #[test]
    fn a_mostly_code_page_is_damaged_by_its_lines_and_by_its_exclusions() {
        let code = "var ua = navigator.userAgent.toLowerCase();\nif(isIOS){\n  location.replace('http://x.cn/a');\n}\n\
            a:hover{color:#f00;text-decoration:underline;}\n.clearfix:after{content:'.';display:block;}\n";
        let text = format!("{}标题\n", code.repeat(20));
        let mut doc = Document::new("c", Format::Jsonl, text.clone());
        // The clean stage's debris detector excludes it too.
        let q = judge_doc(&doc);
        assert_eq!(
            reasons(&q),
            [DamageReason::MostlyExcluded, DamageReason::MostlyCode],
            "{q:?}"
        );
        // Set by hand, the clean stage's exclusions alone.
        let end = code.repeat(20).chars().count() as u32;
        doc.excluded = vec![
            excluded(0, end / 2, Exclusion::Code),
            excluded(end / 2, end, Exclusion::Style),
        ];
        let q = judge_doc(&doc);
        assert_eq!(
            reasons(&q),
            [DamageReason::MostlyExcluded, DamageReason::MostlyCode],
            "{q:?}"
        );
        assert!(
            q.measures.excluded > 0.95 && q.measures.body_chars == 2,
            "{q:?}"
        );
    }

    #[test]
    fn excluded_share_counts_only_code_style_and_widget() {
        let text = "导航 首页 新闻 体育 娱乐 财经 科技 时尚 教育 健康 返回首页 相关阅读 更多"
            .repeat(4)
            + "正文一句。";
        let n = text.chars().count() as u32;
        let mut doc = Document::new("f", Format::Jsonl, text);
        doc.excluded = vec![excluded(0, n - 5, Exclusion::Furniture)];
        let q = judge_doc(&doc);
        assert_eq!(q.measures.excluded, 0.0);
        assert!(!q.is_damaged());
        doc.excluded = vec![excluded(0, n - 5, Exclusion::Widget)];
        assert_eq!(reasons(&judge_doc(&doc)), [DamageReason::MostlyExcluded]);
    }

    #[test]
    fn markup_formats_do_not_count_the_readers_script_as_damage() {
        let script = "<script>var a = 1; var b = {c: 2};</script>\n".repeat(50);
        let text = format!("{script}<p>{NEWS}</p>");
        let (docs, _) = crate::corpus::read_file_bytes(
            std::path::Path::new("h.html"),
            text.clone().into_bytes(),
            &Checked::default(),
        )
        .unwrap();
        assert!(docs[0].excluded.iter().any(|e| e.reason == Exclusion::Code));
        let q = judge_doc(&docs[0]);
        assert!(!q.is_damaged(), "{q:?}");
        // Read as plain text, the same bytes are mostly code.
        let plain = judge_doc(&Document::new("h.txt", Format::Jsonl, text));
        assert!(plain.is_damaged(), "{plain:?}");
    }

    #[test]
    fn reasons_are_described_by_their_serialised_names() {
        let reasons = [
            Damage {
                reason: DamageReason::MostlyCode,
                share: 0.949,
            },
            Damage {
                reason: DamageReason::ReplacementChars,
                share: 0.1,
            },
        ];
        assert_eq!(
            describe(&reasons),
            "mostly_code 94.9%, replacement_chars 10.0%"
        );
        for d in reasons {
            assert_eq!(serde_json::to_value(d.reason).unwrap(), d.reason.name());
        }
    }

    #[test]
    fn thresholds_decide_and_are_checked() {
        let text = format!("{}{}", "\u{FFFD}".repeat(5), "青".repeat(95));
        let doc = Document::new("t", Format::Jsonl, text);
        let cleaned = clean(&doc);
        let at = |share: f64| {
            let p = QualityParams {
                replacement_share: share,
                ..QualityParams::default()
            };
            judge(&doc, &cleaned, &p.check().unwrap())
        };
        assert!(!at(0.1).is_damaged());
        assert_eq!(at(0.05).reasons[0].share, 0.05);
        // Too little text decides nothing.
        let short = Document::new("s", Format::Jsonl, "氪\u{FFFD}");
        let q = judge_doc(&short);
        assert!(
            q.measures.replacement >= 0.5 && q.measures.mojibake >= 0.5,
            "{q:?}"
        );
        assert!(!q.is_damaged(), "{q:?}");
        let p = QualityParams {
            min_chars: 0,
            ..QualityParams::default()
        };
        let q = judge(&short, &clean(&short), &p.check().unwrap());
        assert_eq!(
            reasons(&q),
            [DamageReason::ReplacementChars, DamageReason::Mojibake]
        );
        assert!(QualityParams::default().check().is_ok());
        for bad in [0.0, -0.1, 1.5, f64::NAN] {
            let p = QualityParams {
                mojibake_share: bad,
                ..QualityParams::default()
            };
            let err = p.validate().unwrap_err();
            assert_eq!(err.name, "mojibake_share");
        }
    }

    #[test]
    fn classical_poetry_rich_in_rare_characters_is_not_mojibake() {
        for text in [
            "帝高阳之苗裔兮，朕皇考曰伯庸。摄提贞于孟陬兮，惟庚寅吾以降。皇览揆余初度兮，肇锡余以嘉名：名余曰正则兮，字余曰灵均。纷吾既有此内美兮，又重之以修能。扈江离与辟芷兮，纫秋兰以为佩。汩余若将不及兮，恐年岁之不吾与。朝搴阰之木兰兮，夕揽洲之宿莽。",
            "蒹葭苍苍，白露为霜。所谓伊人，在水一方。溯洄从之，道阻且长。溯游从之，宛在水中央。蒹葭萋萋，白露未晞。所谓伊人，在水之湄。溯洄从之，道阻且跻。溯游从之，宛在水中坻。",
            "噫吁嚱，危乎高哉！蜀道之难，难于上青天！蚕丛及鱼凫，开国何茫然！尔来四万八千岁，不与秦塞通人烟。",
        ] {
            let q = judge_doc(&Document::new("poem", Format::Jsonl, text));
            assert!(!q.is_damaged(), "{text}: {q:?}");
            assert!(q.measures.mojibake < 0.25, "{text}: {q:?}");
        }
    }
}
