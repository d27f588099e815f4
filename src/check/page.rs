//! The writer's page: one [`DraftReport`] as a self-contained HTML page,
//! laid out the way a Chinese 查重 report reads.
//!
//! Takes a report, the draft's text as read and a [`Lang`], and gives the
//! page as a string ([`render`]); [`render_index`] gives the page listing
//! several drafts. Top to bottom: the verdict and its reasons, the measures
//! (总文字复制比 and the ratios beside it, the index checked against), the
//! draft with verbatim copies in red, reworded paragraphs in orange and
//! attributed quotations in yellow, the section table, the sources, and
//! each passage and reworded paragraph side by side with its source in
//! context.
//!
//! The source side needs the sources' text, which only [`super::check`]
//! holds: it keeps each cited source span with about [`CONTEXT_CHARS`]
//! body characters either side in [`DraftReport::source_context`]
//! ([`SourceContext`], left out of the JSON), so the page needs neither
//! the index nor the corpus.
//!
//! Safety: every piece of draft and corpus text goes through
//! [`crate::report::html::esc`]; the page has inline CSS only, no script,
//! no external font, image or link target, and a Content-Security-Policy
//! that forbids loading anything, so it opens from the file system and
//! sends no request. The same report gives the same bytes.

use std::fmt::Write as _;

use crate::analyze::Analyzed;
use crate::clean::visible;
pub use crate::lang::Lang;
use crate::report::html::esc;
use crate::span::{CharIndex, Span};

use super::report::{DraftReport, SourceShare, SourceSpan, Verdict};

/// Body characters of context kept on each side of a source span.
pub const CONTEXT_CHARS: usize = 80;

/// Characters of the draft shown on each side of a passage.
const DRAFT_CONTEXT: u32 = 60;

/// A source span with the body text around it, for the page (not in the
/// JSON): `before` and `after` hold up to [`CONTEXT_CHARS`] body
/// characters on one line (whitespace runs as one space); `text` is the
/// span's body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceContext {
    pub id: String,
    pub start: u32,
    pub end: u32,
    pub before: String,
    pub text: String,
    pub after: String,
}

/// The context of each `(source number, span)` among `sources`, sorted by
/// id and span, each span once.
pub(super) fn contexts(
    sources: &[&Analyzed],
    spans: impl IntoIterator<Item = (usize, Span)>,
) -> Vec<SourceContext> {
    let mut spans: Vec<(usize, Span)> = spans.into_iter().collect();
    spans.sort_by_key(|&(s, span)| (s, span.start, span.end));
    spans.dedup();
    let mut out = Vec::with_capacity(spans.len());
    let mut ix: Option<(usize, CharIndex)> = None;
    for (s, span) in spans {
        let a = sources[s];
        let doc = &a.doc;
        if ix.as_ref().is_none_or(|(i, _)| *i != s) {
            ix = Some((s, CharIndex::new(&doc.text)));
        }
        let Some((_, ix)) = ix.as_ref() else { continue };
        let n = ix.chars();
        let (start, end) = (span.start.min(n), span.end.min(n));
        // Body text only: look three times as far in the text as read,
        // then keep CONTEXT_CHARS visible chars.
        let reach = 3 * CONTEXT_CHARS as u32;
        let body = &a.cleaned.body;
        let seen = |from: u32, to: u32| visible(&doc.text, ix, body, Span::new(from, to));
        let before = seen(start.saturating_sub(reach), start);
        let skip = before.chars().count().saturating_sub(CONTEXT_CHARS);
        out.push(SourceContext {
            id: doc.id.clone(),
            start: span.start,
            end: span.end,
            before: flat(&before.chars().skip(skip).collect::<String>())
                .trim_start()
                .to_string(),
            text: seen(start, end),
            after: flat(
                &seen(end, (end + reach).min(n))
                    .chars()
                    .take(CONTEXT_CHARS)
                    .collect::<String>(),
            ),
        });
    }
    out.sort_by(|a, b| (&a.id, a.start, a.end).cmp(&(&b.id, b.start, b.end)));
    out
}

/// A table's header row: `#`, then each label, right-aligned when numeric.
fn header_row(h: &mut String, cols: &[(&str, bool)]) {
    h.push_str("<tr><th>#</th>");
    for (label, numeric) in cols {
        let class = if *numeric { " class=\"num\"" } else { "" };
        let _ = write!(h, "<th{class}>{label}</th>");
    }
    h.push_str("</tr>");
}

/// On one line: every run of whitespace as one space.
fn flat(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space && !out.is_empty() {
        out.push(' ');
    }
    out
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

const CSS: &str = r#"
:root { --ink: #1d2733; --muted: #5b6875; --line: #d9dee4; --accent: #1f5c99;
  --copy: #f5a9a9; --own: #f9dada; --reworded: #ffc57a; --quote: #fff1a8; --copyline: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #f6f7f9; line-height: 1.7; }
header { background: #17324d; color: #fff; padding: 18px 32px; display: flex; align-items: center; gap: 20px; flex-wrap: wrap; }
header h1 { margin: 0; font-size: 22px; }
header .id { margin: 2px 0 0; color: #c8d4e0; font-size: 14px; word-break: break-all; }
header a { color: #c8d4e0; font-size: 13px; }
.verdict { font-size: 20px; font-weight: bold; padding: 4px 16px; border-radius: 4px; white-space: nowrap; }
.verdict.fail { background: #c62828; color: #fff; }
.verdict.pass { background: #2e7d32; color: #fff; }
nav { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--line); padding: 6px 32px; z-index: 2; }
nav a { margin-right: 18px; color: var(--accent); text-decoration: none; font-size: 14px; }
main { max-width: 1200px; margin: 0 auto; padding: 4px 32px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 24px; margin: 18px 0; }
h2 { font-size: 19px; margin: 4px 0 10px; }
h3 { font-size: 15px; margin: 0 0 6px; }
ul.reasons { margin: 0 0 10px; padding-left: 20px; color: #8e1c1c; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f0f3f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.measures td:first-child { white-space: nowrap; width: 13em; }
table.measures td.num { width: 7em; font-size: 16px; font-weight: 600; }
tr.top td { background: #fdecec; }
.note { color: var(--muted); font-size: 13px; }
.tag { display: inline-block; border-radius: 3px; padding: 0 6px; font-size: 12px; margin-left: 6px; background: #e8edf2; color: #33414f; }
.tag.own { background: #e3ecf9; color: #1f4f8a; }
.tag.quoted { background: var(--quote); color: #5c4a00; }
.tag.top { background: #c62828; color: #fff; }
mark { padding: 0 1px; border-radius: 2px; color: inherit; }
mark.copy { background: var(--copy); }
mark.copy.own { background: var(--own); border-bottom: 2px dashed var(--copyline); }
mark.reworded { background: var(--reworded); }
mark.quote { background: var(--quote); }
mark.quote.copied { text-decoration: underline 2px var(--copyline); text-underline-offset: 4px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; margin-bottom: 10px; }
.doctext { white-space: pre-wrap; word-break: break-word; font-size: 15px; border-left: 3px solid var(--line); padding-left: 14px; }
sup.ref { font-size: 11px; margin: 0 1px; }
sup.ref a { text-decoration: none; }
.pair { border-top: 1px solid var(--line); padding-top: 10px; margin-top: 12px; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.side { border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; font-size: 14px; word-break: break-word; }
.side .where { color: var(--muted); font-size: 12px; margin-bottom: 4px; }
.side .ctx { color: #6b7784; }
a { color: var(--accent); }
@media (max-width: 760px) { .sides { grid-template-columns: 1fr; } main { padding: 4px 12px 32px; } }
"#;

/// The page's head, up to and including `<body>`.
fn head(h: &mut String, lang: Lang, title: &str) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"chachong {}\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang.tr("zh-CN", "en"),
        esc(crate::VERSION),
        esc(title)
    );
}

fn verdict_badge(lang: Lang, v: Verdict) -> String {
    match v {
        Verdict::Pass => format!(
            "<span class=\"verdict pass\">{}</span>",
            lang.tr("通过", "Pass")
        ),
        Verdict::Fail => format!(
            "<span class=\"verdict fail\">{}</span>",
            lang.tr("不通过", "Fail")
        ),
    }
}

/// Renders the page of one draft. `draft_text` is the draft as read (the
/// text the report's offsets point into); `back`, when given, is the
/// address of the page listing every draft, linked from the header.
pub fn render(report: &DraftReport, draft_text: &str, lang: Lang, back: Option<&str>) -> String {
    let mut h = String::with_capacity(32 * 1024 + 4 * draft_text.len());
    let title = format!("{}{}", lang.tr("查重报告：", "Copy check: "), report.id);
    head(&mut h, lang, &title);
    let _ = write!(
        h,
        "<header><div><h1>{}</h1><p class=\"id\">{}</p></div>{}",
        lang.tr("查重报告", "Copy check report"),
        esc(&report.id),
        verdict_badge(lang, report.verdict)
    );
    if let Some(back) = back {
        let _ = write!(
            h,
            "<a href=\"{}\">{}</a>",
            esc(back),
            lang.tr("← 全部稿件", "← all drafts")
        );
    }
    h.push_str("</header>\n");
    let _ = write!(
        h,
        "<nav><a href=\"#measures\">{}</a><a href=\"#text\">{}</a><a href=\"#sections\">{}</a><a href=\"#sources\">{}</a><a href=\"#passages\">{}</a>",
        lang.tr("结论与指标", "Verdict and measures"),
        lang.tr("全文标注", "Marked text"),
        lang.tr("分段", "Sections"),
        lang.tr("来源", "Sources"),
        lang.tr("重复片段", "Copied passages"),
    );
    if !report.reworded.is_empty() {
        let _ = write!(
            h,
            "<a href=\"#reworded\">{}</a>",
            lang.tr("疑似改写", "Reworded")
        );
    }
    h.push_str("</nav>\n<main>\n");
    measures(&mut h, report, lang);
    marked_text(&mut h, report, draft_text, lang);
    sections(&mut h, report, draft_text, lang);
    sources(&mut h, report, lang);
    passages(&mut h, report, draft_text, lang);
    reworded(&mut h, report, draft_text, lang);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// A source's name for people: its title, else its id.
fn source_name(s: &SourceShare) -> &str {
    s.title.as_deref().unwrap_or(&s.id)
}

fn measures(h: &mut String, r: &DraftReport, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"measures\"><h2>{}</h2>",
        lang.tr("结论与指标", "Verdict and measures")
    );
    if r.reasons.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            lang.tr("未达到任何不通过条件。", "No failing condition is reached.")
        );
    } else {
        let _ = write!(
            h,
            "<p>{}</p><ul class=\"reasons\">",
            lang.tr("不通过的原因：", "Why it fails:")
        );
        for reason in &r.reasons {
            let _ = write!(h, "<li>{}</li>", esc(&reason.text(lang)));
        }
        h.push_str("</ul>");
    }
    let m = &r.measures;
    h.push_str("<table class=\"measures\">");
    let mut row = |label: &str, value: String, note: String| {
        let _ = write!(
            h,
            "<tr><td>{label}</td><td class=\"num\">{value}</td><td>{note}</td></tr>"
        );
    };
    row(
        lang.tr("总文字复制比", "Copy ratio (total)"),
        pct(m.copy_ratio),
        format!(
            "{} {}",
            m.copied_chars,
            lang.tr(
                "字与已收录文献重复",
                "characters found in indexed documents"
            )
        ),
    );
    row(
        lang.tr("去除引用复制比", "Excluding quotations"),
        pct(m.copy_ratio_excluding_quotes),
        lang.tr("有出处的引用不计", "attributed quotations not counted")
            .into(),
    );
    row(
        lang.tr("去除本人复制比", "Excluding own sources"),
        pct(m.copy_ratio_excluding_self),
        lang.tr(
            "本人（--self）来源不计",
            "copies from own (--self) sources not counted",
        )
        .into(),
    );
    row(
        lang.tr("去除引用与本人复制比", "Excluding both (net)"),
        pct(m.copy_ratio_net),
        lang.tr("判定所用的复制比", "the ratio the verdict reads")
            .into(),
    );
    let (single, single_note) = match &m.max_single_source {
        Some(s) => (pct(s.ratio), esc(source_name(s))),
        None => ("0.0%".to_string(), lang.tr("无", "none").to_string()),
    };
    row(
        lang.tr("单篇最大复制比", "Largest single source"),
        single,
        single_note,
    );
    row(
        lang.tr("最大连续重复字数", "Longest copied run"),
        m.longest_copy_chars.to_string(),
        lang.tr("字", "characters").into(),
    );
    row(
        lang.tr("疑似改写比例", "Reworded"),
        pct(m.reworded_ratio),
        format!(
            "{} {}",
            m.reworded_chars,
            lang.tr(
                "字在疑似改写段落中",
                "characters in paragraphs reworded from a source"
            )
        ),
    );
    row(
        lang.tr("最高分段复制比", "Highest section"),
        pct(m.max_section_ratio),
        String::new(),
    );
    row(
        lang.tr("字数", "Characters"),
        m.chars.to_string(),
        format!(
            "{} {} {}",
            lang.tr(
                "正文文字，不计空白与标点；全文共",
                "body characters, whitespace and punctuation not counted; the file has"
            ),
            r.text_chars,
            lang.tr("个字符", "characters in all")
        ),
    );
    h.push_str("</table>");
    let ix = &r.index;
    let when = match &ix.updated {
        Some(t) => match lang {
            Lang::Zh => format!("更新于 {} · 第 {} 版", esc(t), ix.generation),
            Lang::En => format!("updated {} · generation {}", esc(t), ix.generation),
        },
        None => lang.tr("内存中建立", "built in memory").to_string(),
    };
    let _ = writeln!(
        h,
        "<p class=\"note\">{} {} · {} {} · {when}</p></section>",
        lang.tr("比对库：校验和", "Index checked against: checksum"),
        esc(&ix.checksum),
        ix.documents,
        lang.tr("篇文献", "documents"),
    );
}

/// What a stretch of the draft is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    /// A verbatim copy: the passage's number, whether from own sources only.
    Copy(usize, bool),
    /// A reworded paragraph: its number.
    Reworded(usize),
    /// An attributed quotation, and whether it is also copied.
    Quote(bool),
}

/// The draft's stretches, each with what it is part of: a quotation wins
/// over a copy (shown yellow, underlined in red when copied), a copy over
/// a reworded paragraph. An excessive quotation is shown as the copy it
/// counts as.
fn stretches(r: &DraftReport, n: u32) -> Vec<(Span, Kind)> {
    let clamp = |s: u32, e: u32| Span::new(s.min(n), e.min(n).max(s.min(n)));
    let copies: Vec<(Span, usize, bool)> = r
        .passages
        .iter()
        .enumerate()
        .map(|(i, p)| (clamp(p.draft.start, p.draft.end), i, p.own))
        .collect();
    let reworded: Vec<(Span, usize)> = r
        .reworded
        .iter()
        .enumerate()
        .map(|(i, w)| (clamp(w.draft.start, w.draft.end), i))
        .collect();
    let quotes: Vec<Span> = r
        .quotes
        .iter()
        .filter(|q| !q.excessive)
        .map(|q| clamp(q.start, q.end))
        .collect();
    let mut cuts: Vec<u32> = vec![0, n];
    cuts.extend(copies.iter().flat_map(|c| [c.0.start, c.0.end]));
    cuts.extend(reworded.iter().flat_map(|c| [c.0.start, c.0.end]));
    cuts.extend(quotes.iter().flat_map(|q| [q.start, q.end]));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(Span, Kind)> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let inside = |s: &Span| s.start <= a && b <= s.end;
        let copy = copies.iter().find(|c| inside(&c.0));
        let kind = if quotes.iter().any(inside) {
            Kind::Quote(copy.is_some())
        } else if let Some(&(_, i, own)) = copy {
            Kind::Copy(i, own)
        } else if let Some(&(_, i)) = reworded.iter().find(|c| inside(&c.0)) {
            Kind::Reworded(i)
        } else {
            Kind::Plain
        };
        match out.last_mut() {
            Some((span, k)) if *k == kind => span.end = b,
            _ => out.push((Span::new(a, b), kind)),
        }
    }
    out
}

fn marked_text(h: &mut String, r: &DraftReport, text: &str, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"text\"><h2>{}</h2><div class=\"legend\">\
         <span><mark class=\"copy\">{}</mark> {}</span>\
         <span><mark class=\"copy own\">{}</mark> {}</span>\
         <span><mark class=\"reworded\">{}</mark> {}</span>\
         <span><mark class=\"quote\">{}</mark> {}</span>\
         <span><mark class=\"quote copied\">{}</mark> {}</span></div>\
         <p class=\"note\">{}</p><div class=\"doctext\">",
        lang.tr("全文标注", "The draft, marked"),
        lang.tr("红色", "red"),
        lang.tr("与来源逐字重复", "copied verbatim from a source"),
        lang.tr("红色虚线", "dashed red"),
        lang.tr("与本人来源重复", "copied from an own (--self) source"),
        lang.tr("橙色", "orange"),
        lang.tr("疑似改写", "reworded from a source paragraph"),
        lang.tr("黄色", "yellow"),
        lang.tr("有出处的引用", "attributed quotation"),
        lang.tr("黄色加红线", "yellow, red underline"),
        lang.tr("引用且与来源重复（引用优先，不计入去除引用复制比）",
            "a quotation that is also copied (the quotation wins: not counted when quotations are left out)"
        ),
        lang.tr("上标数字链接到下方的重复片段，“改”加数字链接到疑似改写段落。",
            "Superscript numbers link to the copied passages below, R and a number to the reworded paragraphs."
        ),
    );
    let ix = CharIndex::new(text);
    let n = ix.chars();
    let parts = stretches(r, n);
    // Each passage's and reworded paragraph's number follows its end.
    let mut refs: Vec<(u32, String)> = r
        .passages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                p.draft.end.min(n),
                format!("<sup class=\"ref\"><a href=\"#p{0}\">{0}</a></sup>", i + 1),
            )
        })
        .chain(r.reworded.iter().enumerate().map(|(i, w)| {
            (
                w.draft.end.min(n),
                format!(
                    "<sup class=\"ref\"><a href=\"#r{0}\">{1}{0}</a></sup>",
                    i + 1,
                    lang.tr("改", "R")
                ),
            )
        }))
        .collect();
    refs.sort_by_key(|(end, _)| *end);
    let mut next_ref = refs.iter().peekable();
    for &(span, kind) in &parts {
        let s = esc(ix.slice(text, span));
        match kind {
            Kind::Plain => h.push_str(&s),
            Kind::Copy(p, own) => {
                let src = &r.passages[p].source;
                let _ = write!(
                    h,
                    "<mark class=\"copy{}\" title=\"{}\">{s}</mark>",
                    if own { " own" } else { "" },
                    esc(src.title.as_deref().unwrap_or(&src.id))
                );
            }
            Kind::Reworded(_) => {
                let _ = write!(h, "<mark class=\"reworded\">{s}</mark>");
            }
            Kind::Quote(copied) => {
                let _ = write!(
                    h,
                    "<mark class=\"quote{}\">{s}</mark>",
                    if copied { " copied" } else { "" }
                );
            }
        }
        while let Some((_, html)) = next_ref.next_if(|(end, _)| *end <= span.end) {
            h.push_str(html);
        }
    }
    h.push_str("</div></section>\n");
}

/// The first `n` chars of `s` on one line, with `…` when cut.
fn first_chars(s: &str, n: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one.chars().take(n).collect();
    if one.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

fn sections(h: &mut String, r: &DraftReport, text: &str, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"sections\"><h2>{}</h2><p class=\"note\">{}</p>",
        lang.tr("分段检测结果", "Sections"),
        lang.tr("按标题分段，没有标题时按自然段；复制比最高的一段已标出。",
            "The draft split at its headings, else at its paragraphs; the section with the highest copy ratio is marked."
        )
    );
    if r.sections.is_empty() {
        let _ = writeln!(h, "<p>{}</p></section>", lang.tr("无", "None."));
        return;
    }
    // The highest copy ratio above zero, the first of equals.
    let top = r
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.copy_ratio > 0.0)
        .fold(None::<(usize, f64)>, |best, (i, s)| match best {
            Some((_, b)) if b >= s.copy_ratio => best,
            _ => Some((i, s.copy_ratio)),
        })
        .map(|(i, _)| i);
    h.push_str("<table>");
    header_row(
        h,
        &[
            (lang.tr("标题或开头", "Heading or opening words"), false),
            (lang.tr("字数", "Characters"), true),
            (lang.tr("复制比", "Copy ratio"), true),
            (lang.tr("去除引用", "Excl. quotations"), true),
            (lang.tr("去除引用与本人", "Excl. both"), true),
        ],
    );
    let ix = CharIndex::new(text);
    let n = ix.chars();
    for (i, s) in r.sections.iter().enumerate() {
        let name = match &s.heading {
            Some(hd) => esc(&first_chars(hd, 40)),
            None => {
                let span = Span::new(s.start.min(n), s.end.min(n).max(s.start.min(n)));
                format!(
                    "<span class=\"note\">{}</span>",
                    esc(&first_chars(ix.slice(text, span), 24))
                )
            }
        };
        let is_top = top == Some(i);
        let _ = write!(
            h,
            "<tr{}><td>{}</td><td>{name}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            if is_top { " class=\"top\"" } else { "" },
            i + 1,
            if is_top {
                format!(
                    "<span class=\"tag top\">{}</span>",
                    lang.tr("最高", "highest")
                )
            } else {
                String::new()
            },
            s.chars,
            pct(s.copy_ratio),
            pct(s.copy_ratio_excluding_quotes),
            pct(s.copy_ratio_net),
        );
    }
    h.push_str("</table></section>\n");
}

fn sources(h: &mut String, r: &DraftReport, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"sources\"><h2>{} ({})</h2>",
        lang.tr("相似来源", "Sources"),
        r.sources.len()
    );
    if r.sources.is_empty() {
        let _ = writeln!(
            h,
            "<p>{}</p></section>",
            lang.tr(
                "未发现与已收录文献重复的内容。",
                "Nothing copied from an indexed document."
            )
        );
        return;
    }
    h.push_str("<table>");
    header_row(
        h,
        &[
            (lang.tr("来源", "Source"), false),
            (lang.tr("日期", "Date"), false),
            (lang.tr("媒体", "Outlet"), false),
            (lang.tr("重复字数", "Copied characters"), true),
            (lang.tr("复制比", "Ratio"), true),
            (lang.tr("去除引用", "Excl. quotations"), true),
        ],
    );
    for (i, s) in r.sources.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}{}<br><span class=\"note\">{}</span></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            i + 1,
            esc(source_name(s)),
            if s.own {
                format!("<span class=\"tag own\">{}</span>", lang.tr("本人", "own"))
            } else {
                String::new()
            },
            esc(&s.id),
            esc(s.date.as_deref().unwrap_or("")),
            esc(s.source.as_deref().unwrap_or("")),
            s.copied_chars,
            pct(s.ratio),
            pct(s.ratio_excluding_quotes),
        );
    }
    h.push_str("</table></section>\n");
}

/// The draft's span with up to [`DRAFT_CONTEXT`] chars either side, the
/// span marked with `class`.
fn draft_side(text: &str, start: u32, end: u32, class: &str) -> String {
    let ix = CharIndex::new(text);
    let n = ix.chars();
    let (s, e) = (start.min(n), end.min(n).max(start.min(n)));
    let from = s.saturating_sub(DRAFT_CONTEXT);
    let to = (e + DRAFT_CONTEXT).min(n);
    let before = flat(ix.slice(text, Span::new(from, s)));
    let after = flat(ix.slice(text, Span::new(e, to)));
    format!(
        "<span class=\"ctx\">{}{}</span><mark class=\"{class}\">{}</mark><span class=\"ctx\">{}{}</span>",
        if from > 0 { "…" } else { "" },
        esc(&before),
        esc(flat(ix.slice(text, Span::new(s, e))).trim()),
        esc(&after),
        if to < n { "…" } else { "" },
    )
}

/// A source span in its context, marked with `class`, or a note when the
/// report holds no context for it.
fn source_side(r: &DraftReport, s: &SourceSpan, class: &str, lang: Lang) -> String {
    match r
        .source_context
        .iter()
        .find(|c| c.id == s.id && c.start == s.start && c.end == s.end)
    {
        Some(c) => format!(
            "<span class=\"ctx\">…{}</span><mark class=\"{class}\">{}</mark><span class=\"ctx\">{}…</span>",
            esc(&c.before),
            esc(flat(&c.text).trim()),
            esc(&c.after)
        ),
        None => format!(
            "<span class=\"note\">{}</span>",
            lang.tr("（来源原文不可用）", "(source text not available)")
        ),
    }
}

/// Title · date · outlet · id of a source span.
fn where_line(s: &SourceSpan, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = &s.title {
        parts.push(format!("<b>{}</b>", esc(t)));
    }
    for x in [&s.date, &s.source].into_iter().flatten() {
        parts.push(esc(x));
    }
    parts.push(esc(&s.id));
    parts.push(format!(
        "{} {}–{}",
        lang.tr("位置", "chars"),
        s.start,
        s.end
    ));
    parts.join(" · ")
}

fn passages(h: &mut String, r: &DraftReport, text: &str, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"passages\"><h2>{} ({})</h2><p class=\"note\">{}</p>",
        lang.tr("重复片段", "Copied passages"),
        r.passages.len(),
        lang.tr("左为稿件，右为来源原文及其上下文；位置以字符计，从 0 开始，按原文件计算。",
            "Left the draft, right the source in its context; positions are characters of the file as read, from 0."
        )
    );
    if r.passages.is_empty() {
        let _ = write!(h, "<p>{}</p>", lang.tr("无。", "None."));
    }
    for (i, p) in r.passages.iter().enumerate() {
        let _ = write!(
            h,
            "<div class=\"pair\" id=\"p{}\"><h3>{} {} · {} {}{}{}</h3><div class=\"sides\">",
            i + 1,
            lang.tr("片段", "Passage"),
            i + 1,
            p.chars,
            lang.tr("字", "characters"),
            if p.quoted {
                format!(
                    "<span class=\"tag quoted\">{}</span>",
                    lang.tr("在引用中", "inside a quotation")
                )
            } else {
                String::new()
            },
            if p.own {
                format!(
                    "<span class=\"tag own\">{}</span>",
                    lang.tr("本人来源", "own source")
                )
            } else {
                String::new()
            },
        );
        let class = if p.own { "copy own" } else { "copy" };
        // The draft side as the marked text shows it.
        let draft_class = if p.quoted { "quote copied" } else { class };
        let _ = write!(
            h,
            "<div class=\"side\"><div class=\"where\">{} · {} {}–{}</div>{}</div>",
            lang.tr("稿件", "Draft"),
            lang.tr("位置", "chars"),
            p.draft.start,
            p.draft.end,
            draft_side(text, p.draft.start, p.draft.end, draft_class)
        );
        let _ = write!(
            h,
            "<div class=\"side\"><div class=\"where\">{}</div>{}</div></div>",
            where_line(&p.source, lang),
            source_side(r, &p.source, class, lang)
        );
        if !p.also_in.is_empty() {
            let ids: Vec<String> = p.also_in.iter().map(|s| esc(&s.id)).collect();
            let _ = write!(
                h,
                "<p class=\"note\">{} {} {}{}</p>",
                lang.tr("另见于其他", "Also in"),
                p.also_in.len(),
                lang.tr("个来源：", "other sources: "),
                ids.join(", ")
            );
        }
        h.push_str("</div>");
    }
    h.push_str("</section>\n");
}

fn reworded(h: &mut String, r: &DraftReport, text: &str, lang: Lang) {
    if r.reworded.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<section id=\"reworded\"><h2>{} ({})</h2><p class=\"note\">{}</p>",
        lang.tr("疑似改写", "Reworded paragraphs"),
        r.reworded.len(),
        lang.tr("用不同字词表达来源段落内容的稿件段落；相似度为两段字符二元组的 Dice 系数。",
            "Draft paragraphs that say what a source paragraph says in changed words; likeness is the character-bigram Dice coefficient of the two."
        )
    );
    for (i, w) in r.reworded.iter().enumerate() {
        let _ = write!(
            h,
            "<div class=\"pair\" id=\"r{}\"><h3>{} {} · {} {} · {} {}</h3><div class=\"sides\">",
            i + 1,
            lang.tr("改写", "Reworded"),
            i + 1,
            w.chars,
            lang.tr("字", "characters"),
            lang.tr("相似度", "likeness"),
            w.score
        );
        let _ = write!(
            h,
            "<div class=\"side\"><div class=\"where\">{} · {} {}–{}</div>{}</div>",
            lang.tr("稿件", "Draft"),
            lang.tr("位置", "chars"),
            w.draft.start,
            w.draft.end,
            draft_side(text, w.draft.start, w.draft.end, "reworded")
        );
        let _ = write!(
            h,
            "<div class=\"side\"><div class=\"where\">{}</div>{}</div></div></div>",
            where_line(&w.source, lang),
            source_side(r, &w.source, "reworded", lang)
        );
    }
    h.push_str("</section>\n");
}

/// The page listing several drafts: `pages` holds each draft's report and
/// the address of its page.
pub fn render_index(pages: &[(&DraftReport, &str)], lang: Lang) -> String {
    let mut h = String::with_capacity(8 * 1024);
    head(
        &mut h,
        lang,
        lang.tr("查重报告：全部稿件", "Copy check: all drafts"),
    );
    let failed = pages
        .iter()
        .filter(|(r, _)| r.verdict == Verdict::Fail)
        .count();
    let _ = write!(
        h,
        "<header><div><h1>{}</h1><p class=\"id\">{} {} · {} {}</p></div></header>\n<main>\n",
        lang.tr("查重报告", "Copy check report"),
        pages.len(),
        lang.tr("篇稿件", "drafts"),
        failed,
        lang.tr("篇不通过", "fail"),
    );
    h.push_str("<section><table>");
    header_row(
        &mut h,
        &[
            (lang.tr("稿件", "Draft"), false),
            (lang.tr("结论", "Verdict"), false),
            (lang.tr("总文字复制比", "Copy ratio"), true),
            (lang.tr("去除引用与本人复制比", "Net ratio"), true),
            (lang.tr("单篇最大复制比", "Largest single source"), true),
            (lang.tr("最大来源", "From"), false),
            (lang.tr("字数", "Characters"), true),
        ],
    );
    for (i, (r, href)) in pages.iter().enumerate() {
        let m = &r.measures;
        let (single, from) = match &m.max_single_source {
            Some(s) => (pct(s.ratio), esc(source_name(s))),
            None => ("0.0%".into(), String::new()),
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            i + 1,
            esc(href),
            esc(&r.id),
            match r.verdict {
                Verdict::Pass => lang.tr("通过", "Pass"),
                Verdict::Fail => lang.tr("不通过", "Fail"),
            },
            pct(m.copy_ratio),
            pct(m.copy_ratio_net),
            single,
            from,
            m.chars
        );
    }
    h.push_str("</table>");
    if let Some((r, _)) = pages.first() {
        let ix = &r.index;
        let _ = write!(
            h,
            "<p class=\"note\">{} {} · {} {}</p>",
            lang.tr("比对库：校验和", "Index checked against: checksum"),
            esc(&ix.checksum),
            ix.documents,
            lang.tr("篇文献", "documents"),
        );
    }
    h.push_str("</section>\n</main>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{
        DraftSpan, IndexStamp, Measures, Quote, Reason, Reworded, Section, SharedPassage,
    };

    const HOSTILE: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>&amp;";

    fn span(id: &str, start: u32, end: u32) -> SourceSpan {
        SourceSpan {
            id: id.into(),
            title: Some(format!("title{HOSTILE}")),
            date: Some("2021-09-24".into()),
            source: Some(HOSTILE.into()),
            start,
            end,
        }
    }

    /// A draft of three paragraphs: copied, reworded, quoted (and copied);
    /// every piece of text hostile. `ascii`: no Chinese in any text.
    fn fixture(ascii: bool) -> (DraftReport, String) {
        let w = |zh: &'static str, en: &'static str| if ascii { en } else { zh };
        let copied = format!(
            "{}{HOSTILE}",
            w("工业互联网平台赋能千行百业", "industrial internet")
        );
        let reworded = w(
            "平台把千家万户的企业都连接了起来，效果很好。",
            "the platform links firms",
        );
        let quote = w(
            "我们要坚持需求导向避免重复投入",
            "we keep to what is needed",
        );
        let (open, close) = (w("他表示：“", "he said: \""), w("”。", "\"."));
        let text = format!("{copied}\n\n{reworded}\n\n{open}{quote}{close}");
        let n = |s: &str| s.chars().count() as u32;
        let (c0, c1) = (0, n(&copied));
        let r0 = c1 + 2;
        let r1 = r0 + n(reworded);
        let q0 = r1 + 2 + n(open);
        let q1 = q0 + n(quote);
        let share = SourceShare {
            id: format!("src{HOSTILE}"),
            title: Some(HOSTILE.into()),
            date: None,
            source: None,
            copied_chars: 20,
            ratio: 0.5,
            ratio_excluding_quotes: 0.4,
            own: false,
        };
        let report = DraftReport {
            id: format!("draft{HOSTILE}"),
            text_chars: n(&text),
            verdict: Verdict::Fail,
            reasons: vec![Reason::SingleSource {
                ratio: 0.4,
                source: format!("src{HOSTILE}"),
                fail: 0.2,
            }],
            measures: Measures {
                chars: 40,
                copied_chars: 20,
                copy_ratio: 0.5,
                copy_ratio_excluding_quotes: 0.4,
                copy_ratio_excluding_self: 0.5,
                copy_ratio_net: 0.4,
                reworded_chars: 10,
                reworded_ratio: 0.25,
                longest_copy_chars: 14,
                max_single_source: Some(share.clone()),
                max_section_ratio: 1.0,
            },
            sources: vec![share],
            sections: vec![Section {
                start: 0,
                end: c1,
                heading: Some(format!("# {HOSTILE}")),
                chars: 20,
                copied_chars: 20,
                copy_ratio: 1.0,
                copy_ratio_excluding_quotes: 1.0,
                copy_ratio_net: 1.0,
            }],
            quotes: vec![Quote {
                start: q0,
                end: q1,
                chars: n(quote),
                copied_chars: n(quote),
                text: quote.into(),
                attribution: w("他表示", "he said").into(),
                excessive: false,
            }],
            reworded: vec![Reworded {
                score: 0.41,
                basis: crate::check::Basis::Bigrams,
                chars: n(reworded),
                draft: DraftSpan {
                    start: r0,
                    end: r1,
                    text: reworded.into(),
                },
                source: span("src2", 3, 20),
            }],
            max_containment: None,
            passages: vec![
                SharedPassage {
                    chars: c1 - c0,
                    draft: DraftSpan {
                        start: c0,
                        end: c1,
                        text: copied.clone(),
                    },
                    source: span(&format!("src{HOSTILE}"), 5, 5 + c1),
                    similarity: 1.0,
                    quoted: false,
                    own: false,
                    also_in: vec![span(&format!("other{HOSTILE}"), 0, c1)],
                },
                SharedPassage {
                    chars: q1 - q0,
                    draft: DraftSpan {
                        start: q0,
                        end: q1,
                        text: quote.into(),
                    },
                    source: span("src3", 0, q1 - q0),
                    similarity: 1.0,
                    quoted: true,
                    own: false,
                    also_in: vec![],
                },
            ],
            internal: vec![],
            near_duplicates: vec![],
            rewrites: vec![],
            index: IndexStamp {
                format_version: 1,
                checksum: "0badf00d".into(),
                documents: 7,
                created: None,
                updated: Some("2026-11-02T10:00:00Z".into()),
                generation: 3,
            },
            source_context: vec![SourceContext {
                id: format!("src{HOSTILE}"),
                start: 5,
                end: 5 + c1,
                before: format!("{}{HOSTILE}", w("前文", "before")),
                text: copied,
                after: format!("{}{HOSTILE}", w("后文", "after")),
            }],
        };
        (report, text)
    }

    fn report() -> (DraftReport, String) {
        fixture(false)
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let (r, text) = report();
        for lang in [Lang::Zh, Lang::En] {
            let page = render(&r, &text, lang, Some("index.html"));
            assert!(!page.contains("<script"), "a script tag got through");
            assert!(!page.contains("<img"), "an img tag got through");
            assert!(!page.contains("&amp;\"") && !page.contains(";&amp;<"));
            assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
            assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
            // `&amp;` in the text is shown as typed, so escaped once more.
            assert!(page.contains("&amp;amp;"));
            // Context, also_in ids, reasons and headings are all there.
            assert!(page.contains("前文&lt;script&gt;"));
            assert!(page.contains("other&lt;script&gt;"));
            assert!(page.contains("src&lt;script&gt;alert(1)"));
            assert!(page.contains(lang.tr("单一来源", "copied from src")));
            let index = render_index(&[(&r, "draft-1.html")], lang);
            assert!(!index.contains("<script") && !index.contains("<img"));
            assert!(index.contains("draft&lt;script&gt;"));
        }
    }

    #[test]
    fn copies_reworded_and_quotes_each_have_their_class() {
        let (r, text) = report();
        let page = render(&r, &text, Lang::Zh, None);
        let body = &page[page.find("<div class=\"doctext\">").unwrap()..];
        let body = &body[..body.find("</div>").unwrap()];
        assert!(body.contains("<mark class=\"copy\" title="), "no copy mark");
        assert!(
            body.contains("<mark class=\"reworded\">平台把"),
            "no reworded mark"
        );
        assert!(
            body.contains("<mark class=\"quote copied\">我们要坚持"),
            "a copied quotation is shown as a quotation, underlined"
        );
        assert!(body.contains("href=\"#p1\"") && body.contains("href=\"#r1\""));
        // Paragraph breaks are kept.
        assert!(body.contains("</sup>\n\n<mark class=\"reworded\">"));
        // Without any finding: plain text, no mark.
        let mut plain = r.clone();
        plain.passages.clear();
        plain.reworded.clear();
        plain.quotes.clear();
        let page = render(&plain, &text, Lang::Zh, None);
        let body = &page[page.find("<div class=\"doctext\">").unwrap()..];
        let body = &body[..body.find("</div>").unwrap()];
        assert!(!body.contains("<mark"), "{body}");
        // Deterministic.
        assert_eq!(
            render(&r, &text, Lang::Zh, None),
            render(&r, &text, Lang::Zh, None)
        );
    }

    #[test]
    fn chinese_by_default_english_with_lang_en() {
        let (r, text) = report();
        let zh = render(&r, &text, Lang::default(), None);
        assert!(zh.contains("<html lang=\"zh-CN\">"));
        for label in [
            "总文字复制比",
            "去除引用复制比",
            "去除本人复制比",
            "去除引用与本人复制比",
            "单篇最大复制比",
            "最大连续重复字数",
            "疑似改写比例",
            "不通过",
            "0badf00d",
        ] {
            assert!(zh.contains(label), "{label}");
        }
        let en = render(&r, &text, Lang::En, None);
        assert!(en.contains("<html lang=\"en\">"));
        assert!(en.contains("Copy ratio (total)") && en.contains(">Fail<"));
        // Every label is English: with no Chinese in the report, none is
        // on the page.
        let (r, text) = fixture(true);
        for page in [
            render(&r, &text, Lang::En, Some("index.html")),
            render_index(&[(&r, "draft-1.html")], Lang::En),
        ] {
            let cjk: String = page
                .chars()
                .filter(|c| !c.is_ascii() && !"…–·←".contains(*c))
                .collect();
            assert!(cjk.is_empty(), "not English on the English page: {cjk}");
        }
    }
}
