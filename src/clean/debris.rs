//! Debris: program code, style sheets, data and widgets inside the body.
//!
//! Takes a document's text and its body spans (what the reader left as body)
//! and gives the spans of the body that are debris, each with a reason:
//! [`Exclusion::Code`] (script, JSON and object literals, markup residue),
//! [`Exclusion::Style`] (CSS) or [`Exclusion::Widget`] (script that loads ad,
//! tracking or share widgets). Scraped pages carry these in their plain text
//! (`SinaPage.loadWidget({…})`, `a:visited{color:#666}`); HTML and Markdown
//! text nodes go through the same test. What counts is what the text is,
//! never whether it repeats elsewhere:
//!
//! - Each line of the body is scanned once into tokens ([`scan`]) whose
//!   [`shape::Shape`] holds the evidence: keywords and token shapes of
//!   JavaScript, CSS rules and declarations, JSON pairs, template residue,
//!   widget names; only where the line is mostly ASCII outside strings and
//!   comments, so Chinese prose quoting a URL, a name, a formula, a version
//!   or a stock code is never debris.
//! - A line shaped as code is debris whole. If it leaves a bracket open it
//!   starts a construct: the lines after it belong to it while each can sit
//!   inside one ([`shape::Shape::continues`]: pairs, declarations, brackets,
//!   comments), until its brackets close or a line of prose ends it. A
//!   construct is excluded whole, with one reason from all its lines: a
//!   function body or an object spread over lines, strings and comments in
//!   Chinese included.
//! - Right after debris, comment-only and bracket-only lines are debris too
//!   (a bracket-only line always is: it holds no prose).
//! - In any other line, each stretch between non-ASCII characters is judged
//!   alone: one of at least [`MIN_RUN`] characters shaped as code is
//!   excluded and the prose around it kept; complete HTML tags and comments
//!   are excluded as markup residue ([`tags`]).
//!
//! Spans are char offsets of the text as read, trimmed to the first and last
//! character of the debris; debris of one reason separated only by
//! whitespace is one span. Time and memory are linear: every character is
//! scanned once, bracket depth is a counter (no recursion on nesting, no
//! backtracking), and a construct holds only the spans of its lines.

pub mod scan;
pub mod shape;
pub mod tags;

use crate::corpus::{Excluded, Exclusion, tidy_exclusions};
use crate::span::{CharIndex, Span};

use scan::{Scanner, Tok};
use shape::{Evidence, Shape};
use tags::Tags;

/// The fewest characters (outside whitespace) a stretch inside a line of
/// prose needs to be judged code: `x=1;` and `a.b()` next to Chinese stay.
pub const MIN_RUN: u32 = 8;

/// A line is judged whole when it has at least this many ASCII characters
/// for every other one outside strings and comments; a line with more prose
/// than that is judged stretch by stretch.
pub const WHOLE_LINE: u32 = 10;

/// The debris in the body of `text`, sorted and disjoint.
pub fn find(text: &str, ix: &CharIndex, body: &[Span]) -> Vec<Excluded> {
    let mut d = Detector::default();
    for span in body {
        let mut at = span.start;
        for line in ix.slice(text, *span).split('\n') {
            d.line(line, at);
            at += line.chars().count() as u32 + 1;
        }
    }
    d.close();
    merge(text, ix, body, d.out)
}

/// What one line shows.
#[derive(Debug, Default)]
struct Look {
    whole: Shape,
    /// Stretches between non-ASCII characters that are debris by themselves.
    runs: Vec<(Span, Evidence)>,
    /// Brackets the last of `runs` leaves open when it ends the line.
    tail_open: i64,
    /// Complete HTML tags and comments.
    tags: Vec<Span>,
}

impl Look {
    fn new(line: &str) -> Look {
        let mut look = Look::default();
        let mut run = Shape::default();
        let mut tags = Tags::default();
        for t in Scanner::new(line) {
            look.whole.feed(&t);
            if let Some(tag) = tags.feed(&t) {
                look.add_tag(tag);
            }
            if t.tok == Tok::Other {
                look.end_run(std::mem::take(&mut run));
            } else {
                run.feed(&t);
            }
        }
        let delta = run.delta();
        if look.end_run(run) && delta > 0 {
            look.tail_open = delta;
        }
        look
    }

    /// Keeps a tag, joined to the one before when they touch (`<p><p>`).
    fn add_tag(&mut self, tag: Span) {
        match self.tags.last_mut() {
            Some(last) if last.end == tag.start => last.end = tag.end,
            _ => self.tags.push(tag),
        }
    }

    /// Keeps a finished stretch if it is debris; says whether it was.
    fn end_run(&mut self, run: Shape) -> bool {
        if run.chars() < MIN_RUN {
            return false;
        }
        let Some(ev) = run.strong() else {
            return false;
        };
        self.runs.push((Span::new(run.start, run.end), ev));
        true
    }
}

/// An open construct: the spans of its lines and what they showed.
#[derive(Debug)]
struct Block {
    spans: Vec<Span>,
    ev: Evidence,
}

/// The line-by-line state: one open construct at most, and the reason of
/// the debris just before while only blank lines and filler followed it.
#[derive(Debug, Default)]
struct Detector {
    out: Vec<Excluded>,
    open: Option<Block>,
    depth: i64,
    region: Option<Exclusion>,
}

impl Detector {
    fn line(&mut self, line: &str, at: u32) {
        let look = Look::new(line);
        let whole = &look.whole;
        if whole.is_blank() {
            return;
        }
        let span = Span::new(at + whole.start, at + whole.end);
        if self.open.is_some() {
            if whole.continues() {
                self.extend(span, whole.evidence(), whole.delta());
                return;
            }
            self.close();
        }
        if let Some(ev) = whole
            .strong()
            .filter(|_| whole.other * WHOLE_LINE <= whole.ascii)
        {
            self.start(span, ev, whole.delta());
        } else if whole.brackets_only() && whole.delta() > 0 {
            self.start(span, Evidence::default(), whole.delta());
        } else if whole.brackets_only() {
            self.push(span, self.region.unwrap_or(Exclusion::Code));
        } else if let (true, Some(r)) = (whole.comment_only(), self.region) {
            self.push(span, r);
        } else {
            self.region = None;
            self.inline(look, at);
        }
    }

    /// Debris runs and tags inside a line of prose; the last run may open a
    /// construct.
    fn inline(&mut self, look: Look, at: u32) {
        let shift = |s: Span| Span::new(at + s.start, at + s.end);
        for s in look.tags {
            self.push(shift(s), Exclusion::Code);
        }
        let n = look.runs.len();
        for (k, (s, ev)) in look.runs.into_iter().enumerate() {
            if k + 1 == n && look.tail_open > 0 {
                self.start(shift(s), ev, look.tail_open);
            } else {
                self.push(shift(s), ev.reason());
            }
        }
    }

    fn push(&mut self, span: Span, reason: Exclusion) {
        self.out.push(Excluded { span, reason });
    }

    fn start(&mut self, span: Span, ev: Evidence, delta: i64) {
        self.open = Some(Block {
            spans: vec![span],
            ev,
        });
        self.depth = 0;
        self.deepen(delta);
    }

    fn extend(&mut self, span: Span, ev: Evidence, delta: i64) {
        if let Some(b) = self.open.as_mut() {
            b.spans.push(span);
            b.ev = b.ev.or(ev);
        }
        self.deepen(delta);
    }

    fn deepen(&mut self, delta: i64) {
        self.depth = (self.depth + delta).max(0);
        if self.depth == 0 {
            self.close();
        }
    }

    /// Ends the open construct, if any: all its lines get one reason.
    fn close(&mut self) {
        if let Some(b) = self.open.take() {
            let reason = b.ev.reason();
            self.out
                .extend(b.spans.into_iter().map(|span| Excluded { span, reason }));
            self.region = Some(reason);
        }
        self.depth = 0;
    }
}

/// Sorts and tidies the spans, then joins spans of one reason separated
/// only by whitespace inside one body span.
fn merge(text: &str, ix: &CharIndex, body: &[Span], mut out: Vec<Excluded>) -> Vec<Excluded> {
    tidy_exclusions(&mut out);
    let mut merged: Vec<Excluded> = Vec::with_capacity(out.len());
    for e in out {
        if let Some(last) = merged.last_mut()
            && last.reason == e.reason
            && same_body(body, last.span.end, e.span.start)
            && ix
                .slice(text, Span::new(last.span.end, e.span.start))
                .chars()
                .all(char::is_whitespace)
        {
            last.span.end = e.span.end;
            continue;
        }
        merged.push(e);
    }
    merged
}

/// Whether `from..to` lies inside one body span.
fn same_body(body: &[Span], from: u32, to: u32) -> bool {
    let k = body.partition_point(|b| b.end < to);
    body.get(k).is_some_and(|b| b.start <= from && to <= b.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::complement;
    use proptest::prelude::*;

    fn debris(text: &str) -> Vec<(String, Exclusion)> {
        let ix = CharIndex::new(text);
        let body = vec![Span::new(0, ix.chars())];
        find(text, &ix, &body)
            .into_iter()
            .map(|e| (ix.slice(text, e.span).to_string(), e.reason))
            .collect()
    }

    const WIDGET: &str = "\t\t\t\tSinaPage.loadWidget({\n\t\t\t\t    trigger: {\n\t\t\t\t        id: 'wb01'\n\t\t\t\t    },\n\t\t\t\t    require: [\n\t\t\t\t{\n\t\t\t\t\turl: \"//n.sinaimg.cn/finance/fe/doT.min.js\"\n\t\t\t\t}\n\t\t\t\t],\n\t\t\t\t    onAfterLoad: function () {\n\t\t\t\t\tnew SinaPageWeibo.WeiboCard({\n\t\t\t\t\t\twrap:'wb01',\n\t\t\t\t\t\tid:'4303068453968576'\n\t\t\t\t\t});\n\t\t\t\t    }\n\t\t\t\t});";

    #[test]
    fn a_widget_between_paragraphs_is_one_span() {
        let text = format!(
            "\u{3000}\u{3000}北京时间11月5日，上港发布公告。\n\n{WIDGET}\n\n\u{3000}\u{3000}上海上港官方公告如下："
        );
        let got = debris(&text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, WIDGET.trim_start());
        assert_eq!(got[0].1, Exclusion::Widget);
    }

    #[test]
    fn an_ad_loader_and_style_lines() {
        let ad = "(function(){\n    var adScript = document.createElement('script');\n    adScript.src = '//d1.sina.com.cn/x.js';\n    document.getElementsByTagName('head')[0].appendChild(adScript);\n})();";
        let css = ".tech-quotation{padding:20px;background:url(//n.sinaimg.cn/q.png) no-repeat 0 0 #f4f4f4;}\n.tech-con p{margin-bottom:30px}\n/* 注释 */\n.tech-con p a:visited{color: #4b729f !important;}";
        let text = format!("标题\n{css}\n\n正文第一段。\n{ad}");
        assert_eq!(
            debris(&text),
            vec![
                (css.to_string(), Exclusion::Style),
                (ad.to_string(), Exclusion::Widget)
            ]
        );
    }

    #[test]
    fn a_css_block_over_lines_and_json() {
        let css = ".share-box {\n  color: #666;\n  margin: 0 auto;\n}";
        let json = "{\n  \"id\": 1,\n  \"name\": \"张三\",\n  \"tags\": [\"a\", \"b\"]\n}";
        let text = format!("正文。\n{css}\n正文二。\n{json}\n结尾。");
        assert_eq!(
            debris(&text),
            vec![
                (css.to_string(), Exclusion::Style),
                (json.to_string(), Exclusion::Code)
            ]
        );
    }

    #[test]
    fn code_inside_a_line_of_prose_is_cut_exactly() {
        let text = "文章说明。.a{color:red;margin:0}后面的正文，var x = document.getElementById('a');结束<br/>。";
        assert_eq!(
            debris(text),
            vec![
                (".a{color:red;margin:0}".to_string(), Exclusion::Style),
                (
                    "var x = document.getElementById('a');".to_string(),
                    Exclusion::Code
                ),
                ("<br/>".to_string(), Exclusion::Code),
            ]
        );
    }

    #[test]
    fn prose_with_code_like_words_is_kept() {
        let text = "优信集团(Nasdaq:UXIN)公布R&D投入，C++与iPhone 15，令x=1，详见http://www.example.com/a?b=c 。\nThe function (f) maps x; new York (NY).\n2018-11-05 10:30; 比分 112-102\n{ 声音 }\n//@某人: 转发微博";
        assert!(debris(text).is_empty(), "{:?}", debris(text));
    }

    #[test]
    fn a_construct_ends_at_prose_when_never_closed() {
        let text = "var cfg = {\n  a: 1,\n正文继续，没有闭合。\n  b: 2,";
        assert_eq!(
            debris(text),
            vec![("var cfg = {\n  a: 1,".to_string(), Exclusion::Code)]
        );
    }

    #[test]
    fn hostile_lines_stay_linear_and_sane() {
        let n = 1 << 20;
        let text = format!(
            "正文。\n{}\n{}\n正文二。\n{}\n{}中\n{}",
            "{".repeat(n),
            ";".repeat(n),
            "{中".repeat(n / 2),
            "<p>".repeat(n / 3),
            "var a = {'".repeat(n / 10),
        );
        let got = debris(&text);
        let lens: Vec<usize> = got.iter().map(|(s, _)| s.len()).collect();
        // The braces and semicolons; the tags as one span; the last line
        // opens one construct (every `'` opens a string the next closes).
        assert_eq!(lens, vec![2 * n + 1, n / 3 * 3, n / 10 * 10], "{lens:?}");
        assert!(
            got.iter()
                .all(|(s, r)| !s.contains('正') && *r == Exclusion::Code)
        );
    }

    fn ascii_free() -> impl Strategy<Value = String> {
        "[\u{4e00}-\u{4fff}，。！？、“”（）《》：；\u{3000}\n ]{0,300}"
    }

    fn mixed() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            3 => "[\u{4e00}-\u{4fff}，。]{1,12}",
            1 => prop::sample::select(vec![
                "var a = 1;", "{", "}", "(", ")", ";", "\n", "a:b;", ".x{c:d}", "'", "\"",
                "//", "/*", "*/", "<p>", "</a>", "<!--", "foo.bar(", "\\", "\t", " ",
            ])
            .prop_map(str::to_string),
        ];
        prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn spans_are_sorted_disjoint_and_inside_the_body(text in mixed(), cut in 0usize..40) {
            let ix = CharIndex::new(&text);
            let len = ix.chars();
            // Some text excluded by a reader, to test that debris stays in the body.
            let reader = vec![Excluded {
                span: Span::new((cut as u32).min(len), (cut as u32 + 5).min(len)),
                reason: Exclusion::Markup,
            }];
            let body = complement(&reader, len);
            let got = find(&text, &ix, &body);
            for w in got.windows(2) {
                prop_assert!(w[0].span.end <= w[1].span.start, "{:?}", got);
            }
            for e in &got {
                prop_assert!(!e.span.is_empty());
                prop_assert!(body.iter().any(|b| b.start <= e.span.start && e.span.end <= b.end));
            }
        }

        #[test]
        fn text_without_ascii_is_never_debris(text in ascii_free()) {
            prop_assert!(debris(&text).is_empty());
        }
    }
}
