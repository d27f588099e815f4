//! `index.html`: the report as one self-contained page.
//!
//! Takes a [`Report`] (and its drawn charts) and gives the page as a string:
//! inline CSS, no script, no external fonts or images; the charts are inline
//! SVG, so `index.html` copied alone still shows them. Findings come first
//! (the headline block: how much of the corpus is copied), then the copies,
//! the topics, the comparison, the documents, and the skipped inputs at the
//! end; each chart stands beside the section it explains. Labels are in the
//! report's [`Lang`]; every piece of corpus text goes through [`esc`]: a
//! corpus is untrusted input.

use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use super::view::{CopyView, excerpt, likeness};
use super::{CHARTS, Report, caption};
use crate::dups::PairKind;
use crate::lang::Lang;
use crate::quality::describe;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { --ink: #1d2733; --muted: #5b6875; --line: #d9dee4; --mark: #ffe08a; --accent: #1f5c99; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #f6f7f9; line-height: 1.6; }
header { background: #17324d; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: #c8d4e0; font-size: 14px; }
nav { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 32px; z-index: 2; }
nav a { margin-right: 18px; color: var(--accent); text-decoration: none; font-size: 14px; }
main { max-width: 1200px; margin: 0 auto; padding: 8px 32px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 16px 24px; margin: 20px 0; }
h2 { font-size: 20px; margin: 4px 0 12px; }
h3 { font-size: 16px; margin: 16px 0 8px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 140px; }
.card b { display: block; font-size: 22px; }
.card span { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f0f3f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: var(--muted); font-size: 13px; }
.warn { color: #8a4b00; font-size: 13px; }
mark { background: var(--mark); padding: 0 1px; }
.kwic .term { margin: 6px 0 0 12px; }
.kwic ul { margin: 2px 0 6px; padding-left: 22px; font-size: 14px; }
.kwic .src { color: var(--muted); font-size: 12px; }
.passage { border-top: 1px solid var(--line); padding-top: 8px; margin-top: 12px; }
.copies { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 10px; }
.copy { border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; font-size: 14px; }
.nested { margin: 8px 0 0 24px; }
.copy .where { color: var(--muted); font-size: 12px; margin-bottom: 4px; }
.tag { display: inline-block; background: #fde7c7; color: #7a4300; border-radius: 3px; padding: 0 6px; font-size: 12px; margin-left: 6px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.charts figure { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: 8px; background: #fff; max-width: 100%; }
.charts img, .charts svg { display: block; max-width: 100%; height: auto; }
.charts figcaption { font-size: 13px; color: var(--muted); }
.doctext { white-space: pre-wrap; font-size: 14px; border-left: 3px solid var(--line); padding-left: 12px; }
a { color: var(--accent); }
section, .copy, .card, figure, .doctext, p, li, header p, summary { overflow-wrap: anywhere; }
td, th { overflow-wrap: break-word; }
td.num, th.num, .nowrap { white-space: nowrap; }
td a { text-decoration: none; }
.headline { border: 2px solid var(--accent); }
.big { font-size: 18px; margin: 4px 0 12px; }
.big b { font-size: 34px; color: #b3261e; margin-right: 6px; }
.findings { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 8px 24px; margin-top: 12px; font-size: 14px; }
.findings h3 { margin: 4px 0; font-size: 15px; }
.findings ol { margin: 0; padding-left: 22px; }
.howto { background: #f3f8fd; font-size: 14px; }
.howto ul { margin: 4px 0; padding-left: 20px; }
.id { color: var(--muted); font-size: 12px; display: block; }
.share { display: inline-block; min-width: 44px; }
.bar { display: inline-block; height: 8px; background: #d9534f; vertical-align: middle; margin-left: 4px; }
details summary { cursor: pointer; color: var(--accent); margin: 6px 0; }
"#;

/// A percentage for the page: one decimal below 10%, none above.
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 10.0 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

/// A count with thousands grouped: `15,031,571`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the page needs to name documents: their titles and where their
/// texts stand on the page.
struct Names<'a> {
    title: FxHashMap<&'a str, &'a str>,
    anchor: FxHashMap<&'a str, usize>,
    /// Rows of the documents table (`row-N`).
    row: FxHashMap<&'a str, usize>,
}

impl Names<'_> {
    /// A document's title cut to `n` chars (its id when it has none),
    /// escaped.
    fn title(&self, id: &str, n: usize) -> String {
        self.title
            .get(id)
            .map(|t| esc(&excerpt(t, n)))
            .unwrap_or_else(|| esc(id))
    }

    /// A document by title (its id when it has none), linked to its text
    /// when the page shows it, with the id in small type below.
    fn doc(&self, id: &str) -> String {
        let shown = self.title(id, 60);
        let named = match self.anchor.get(id) {
            Some(i) => format!("<a href=\"#doc-{i}\">{shown}</a>"),
            None => shown,
        };
        if self.title.contains_key(id) {
            format!("{named}<span class=\"id\">{}</span>", esc(id))
        } else {
            named
        }
    }

    /// A document by title on one line, linked to its text when the page
    /// shows it, else to its row of the documents table when that does.
    fn located(&self, id: &str) -> String {
        match self.row.get(id) {
            Some(k) if !self.anchor.contains_key(id) => {
                format!("<a href=\"#row-{k}\">{}</a>", self.title(id, 40))
            }
            _ => self.short(id),
        }
    }

    /// A document by title on one line, without its id.
    fn short(&self, id: &str) -> String {
        let shown = self.title(id, 40);
        match self.anchor.get(id) {
            Some(i) => format!("<a href=\"#doc-{i}\">{shown}</a>"),
            None => shown,
        }
    }
}

/// The drawn charts by name, placed on the page beside their sections;
/// what is left is shown at the end.
struct Figures<'a> {
    svg: Vec<(&'a str, &'a str)>,
    used: Vec<&'a str>,
}

impl<'a> Figures<'a> {
    fn new(r: &Report, drawn: &'a [(String, String)]) -> Self {
        Figures {
            svg: drawn
                .iter()
                .filter(|(n, _)| r.charts.iter().any(|c| c == n))
                .map(|(n, s)| (n.as_str(), s.as_str()))
                .collect(),
            used: Vec::new(),
        }
    }

    /// The charts among `names` that were drawn, in that order, as one row
    /// of figures; nothing when none was.
    fn show(&mut self, h: &mut String, names: &[&str], lang: Lang) {
        let found: Vec<(&'a str, &'a str)> = names
            .iter()
            .filter_map(|n| self.svg.iter().find(|(m, _)| m == n).copied())
            .filter(|(n, _)| !self.used.contains(n))
            .collect();
        self.place(h, &found, lang);
    }

    /// The charts not shown yet.
    fn rest(&mut self, h: &mut String, lang: Lang) {
        let left: Vec<(&'a str, &'a str)> = self
            .svg
            .iter()
            .filter(|(n, _)| !self.used.contains(n))
            .copied()
            .collect();
        if left.is_empty() {
            return;
        }
        let _ = write!(
            h,
            "<section id=\"more-charts\"><h2>{}</h2>",
            lang.tr("其他图表", "More charts")
        );
        self.place(h, &left, lang);
        h.push_str("</section>\n");
    }

    fn place(&mut self, h: &mut String, found: &[(&'a str, &'a str)], lang: Lang) {
        if found.is_empty() {
            return;
        }
        h.push_str("<div class=\"charts\">");
        for (name, svg) in found {
            let n = CHARTS
                .iter()
                .position(|c| c.0 == *name)
                .unwrap_or(CHARTS.len() + self.used.len());
            let cap = match caption(name, lang) {
                "" => name.trim_end_matches(".svg"),
                c => c,
            };
            let stem = name.trim_end_matches(".svg");
            let body = inline_svg(svg, &format!("c{n}-")).unwrap_or_else(|| {
                format!("<img src=\"charts/{}\" alt=\"{}\">", esc(name), esc(cap))
            });
            let _ = write!(
                h,
                "<figure class=\"chart\" id=\"chart-{}\">{body}<figcaption>{} · <a href=\"charts/{}\">{}</a></figcaption></figure>",
                esc(stem),
                esc(cap),
                esc(name),
                esc(name)
            );
            self.used.push(name);
        }
        h.push_str("</div>");
    }
}

/// An SVG document ready to stand inside the page: the XML prolog and any
/// doctype or comment before `<svg` dropped, every `id` (and the
/// references to it) given `prefix` so several charts never clash. None
/// when it is not a plain SVG or holds anything active (script, foreign
/// HTML, event handlers, `javascript:`): the page then links the file.
pub fn inline_svg(svg: &str, prefix: &str) -> Option<String> {
    let start = svg.find("<svg")?;
    let body = svg[start..].trim_end();
    if !body.ends_with("</svg>") {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let active = [
        "<script",
        "<foreignobject",
        "javascript:",
        "<!entity",
        "<iframe",
    ]
    .iter()
    .any(|bad| lower.contains(bad))
        || has_event_attribute(&lower);
    if active {
        return None;
    }
    let out = body
        .replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"));
    Some(out)
}

/// True when some tag of `lower` (an SVG, lower-cased) has an `on...=`
/// attribute. Text between tags is escaped by the chart drawer, so only
/// what stands inside `<...>` is looked at.
fn has_event_attribute(lower: &str) -> bool {
    lower.split('<').skip(1).any(|tag| {
        let tag = tag.split('>').next().unwrap_or("");
        // Attribute values are quoted; look only outside the quotes.
        tag.split('"').step_by(2).any(|outside| {
            outside
                .split_whitespace()
                .any(|w| w.starts_with("on") && w.contains('='))
        })
    })
}

/// Renders the page with `drawn` charts (file name, SVG, as
/// [`super::figures::draw`] gives them) inline.
pub fn render(report: &Report, lang: Lang, drawn: &[(String, String)]) -> String {
    let r = report;
    let mut h = String::with_capacity(64 * 1024);
    let inputs = r.inputs.join(", ");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang.html(),
        lang.tr("查重报告", "chachong report"),
        esc(&inputs)
    );
    let _ = writeln!(
        h,
        "<header><h1>{}</h1><p>{} · chachong {} · {}</p></header>",
        lang.tr("查重报告 chachong", "查重 chachong report"),
        esc(&inputs),
        esc(r.chachong),
        match lang {
            Lang::Zh => format!("{} 篇文章", r.summary.documents),
            Lang::En => format!("{} documents", r.summary.documents),
        }
    );
    let mut nav: Vec<(&str, &str)> = vec![
        ("findings", lang.tr("主要发现", "Findings")),
        ("howto", lang.tr("如何阅读", "How to read")),
        ("duplicates", lang.tr("近似文章", "Near-duplicates")),
        ("passages", lang.tr("重复段落", "Repeated passages")),
        ("boilerplate", lang.tr("网站样板文字", "Boilerplate")),
        ("topics", lang.tr("主题", "Topics")),
    ];
    if r.compare.is_some() {
        nav.push(("compare", lang.tr("分组比较", "Comparison")));
    }
    nav.push(("documents", lang.tr("文章", "Documents")));
    if !r.summary.damaged.is_empty() {
        nav.push(("damaged", lang.tr("受损文章", "Damaged documents")));
    }
    if !r.summary.skipped.is_empty() {
        nav.push(("skipped", lang.tr("跳过的输入", "Skipped inputs")));
    }
    h.push_str("<nav>");
    for (id, label) in nav {
        let _ = write!(h, "<a href=\"#{id}\">{label}</a>");
    }
    h.push_str("</nav>\n<main>\n");

    let names = Names {
        title: r
            .summary
            .docs
            .iter()
            .filter_map(|d| d.title.as_deref().map(|t| (d.id.as_str(), t)))
            .collect(),
        anchor: r
            .views
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect(),
        row: doc_rows(r)
            .iter()
            .take(r.views.limits.table_rows)
            .enumerate()
            .map(|(k, row)| (row.doc.id.as_str(), k))
            .collect(),
    };
    let mut figures = Figures::new(r, drawn);

    findings(&mut h, r, &names, lang);
    howto(&mut h, r, lang);
    duplicates(&mut h, r, &names, lang);
    figures.show(
        &mut h,
        &["similarity.svg", "cluster_sizes.svg", "passage_sizes.svg"],
        lang,
    );
    h.push_str("</section>\n");
    passages(&mut h, r, &names, lang);
    boilerplate(&mut h, r, lang);
    topics(&mut h, r, &names, lang);
    figures.show(
        &mut h,
        &[
            "topic_sizes.svg",
            "topic_terms.svg",
            "document_map.svg",
            "silhouette.svg",
        ],
        lang,
    );
    h.push_str("</section>\n");
    if let Some(c) = &r.compare {
        compare(&mut h, r, c, &names, lang);
        figures.show(
            &mut h,
            &[
                "topic_share_by_group.svg",
                "topic_share_over_time.svg",
                "topic_share_by_group_over_time.svg",
                "distinctive_terms.svg",
            ],
            lang,
        );
        h.push_str("</section>\n");
    }
    documents(&mut h, r, &names, lang);
    damaged(&mut h, r, &names, lang);
    figures.rest(&mut h, lang);
    skipped(&mut h, r, lang);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// The headline block: how much is copied, by whom, and the topics in one
/// line; the skipped inputs by reason.
fn findings(h: &mut String, r: &Report, names: &Names, lang: Lang) {
    let c = &r.views.copied;
    let s = &r.summary;
    let _ = write!(
        h,
        "<section id=\"findings\" class=\"headline\"><h2>{}</h2><p class=\"big\"><b>{}</b>{}</p><div class=\"cards\">",
        lang.tr("主要发现", "Findings"),
        percent(c.share),
        match lang {
            Lang::Zh => format!(
                "的正文文字（{} / {} 字）在本库其他文章中也出现（复制比）。",
                grouped(c.copied_chars),
                grouped(c.body_chars)
            ),
            Lang::En => format!(
                " of the corpus's body text ({} of {} characters) also stands in another document of the corpus (copied share).",
                grouped(c.copied_chars),
                grouped(c.body_chars)
            ),
        }
    );
    let mut cards: Vec<(String, &str)> = vec![
        (
            format!("{} / {}", c.documents, s.documents),
            lang.tr("篇文章含有复制文字", "documents with copied text"),
        ),
        (
            r.dups.near_duplicates.clusters.len().to_string(),
            lang.tr("组近似文章", "near-duplicate clusters"),
        ),
        (
            c.near_duplicate_documents.to_string(),
            lang.tr("篇文章有近似文章", "documents in them"),
        ),
        (
            r.dups.passages.len().to_string(),
            lang.tr("组重复段落", "repeated passages"),
        ),
        (r.topics.k.to_string(), lang.tr("个主题", "topics")),
    ];
    if !s.sources.is_empty() {
        cards.push((s.sources.len().to_string(), lang.tr("个来源", "sources")));
    }
    for (value, label) in cards {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{}</b><span>{label}</span></div>",
            esc(&value)
        );
    }
    h.push_str("</div>");
    if c.copied_chars == 0 && !r.dups.passages.is_empty() {
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>",
            lang.tr(
                "本库的重复段落都只在同一篇文章内部重复，没有跨文章复制。",
                "The repeated passages of this corpus all repeat inside one document; nothing is copied across documents."
            )
        );
    }
    h.push_str("<div class=\"findings\">");
    // The documents with the most copied characters.
    let mut most: Vec<&super::view::DocCopied> = c.docs.iter().collect();
    most.sort_by(|a, b| b.copied_chars.cmp(&a.copied_chars).then(a.id.cmp(&b.id)));
    if !most.is_empty() {
        let _ = write!(
            h,
            "<div><h3>{}</h3><ol>",
            lang.tr("复制文字最多的文章", "Documents with the most copied text")
        );
        for d in most.iter().take(5) {
            let _ = write!(
                h,
                "<li>{} <span class=\"note\">{}</span></li>",
                names.short(&d.id),
                match lang {
                    Lang::Zh => format!("{} 字，复制比 {}", d.copied_chars, percent(d.share)),
                    Lang::En => format!("{} chars, {} copied", d.copied_chars, percent(d.share)),
                }
            );
        }
        h.push_str("</ol></div>");
    }
    if !c.sources.is_empty() {
        let _ = write!(
            h,
            "<div><h3>{}</h3><ol>",
            lang.tr("复制文字最多的来源", "Sources with the most copied text")
        );
        for src in c.sources.iter().take(5) {
            let _ = write!(
                h,
                "<li>{} <span class=\"note\">{}</span></li>",
                esc(&excerpt(&src.source, 40)),
                match lang {
                    Lang::Zh => format!(
                        "{} 篇，{} 字，占其正文 {}",
                        src.documents,
                        src.copied_chars,
                        percent(src.share)
                    ),
                    Lang::En => format!(
                        "{} documents, {} chars, {} of its body text",
                        src.documents,
                        src.copied_chars,
                        percent(src.share)
                    ),
                }
            );
        }
        h.push_str("</ol></div>");
    }
    h.push_str("</div>");
    if !r.topics.topics.is_empty() {
        let mut t: Vec<&crate::topics::Topic<String>> = r.topics.topics.iter().collect();
        t.sort_by(|a, b| b.size.cmp(&a.size).then(a.id.cmp(&b.id)));
        let line: Vec<String> = t
            .iter()
            .map(|t| format!("{} ({})", esc(&t.label), t.size))
            .collect();
        let _ = write!(
            h,
            "<p><b>{}</b>{}</p>",
            lang.tr("主题：", "Topics: "),
            line.join(" · ")
        );
    }
    if !r.views.skipped.is_empty() {
        let _ = write!(
            h,
            "<p class=\"note\"><b>{}</b>",
            match lang {
                Lang::Zh => format!("跳过 {} 项输入：", s.skipped.len()),
                Lang::En => format!("{} inputs skipped: ", s.skipped.len()),
            }
        );
        let lines: Vec<String> = r
            .views
            .skipped
            .iter()
            .take(5)
            .map(|k| format!("{} ({})", esc(&excerpt(&k.reason, 80)), k.count))
            .collect();
        h.push_str(&lines.join("; "));
        if r.views.skipped.len() > 5 {
            let _ = write!(
                h,
                "{}",
                match lang {
                    Lang::Zh => format!("；另有 {} 种原因", r.views.skipped.len() - 5),
                    Lang::En => format!("; {} more reasons", r.views.skipped.len() - 5),
                }
            );
        }
        let _ = write!(
            h,
            " · <a href=\"#skipped\">{}</a></p>",
            lang.tr("完整列表", "full list")
        );
    }
    if !s.damaged.is_empty() {
        let _ = write!(
            h,
            "<p class=\"note\">{} · <a href=\"#damaged\">{}</a></p>",
            match lang {
                Lang::Zh => format!("{} 篇受损文章（乱码、代码为主）未参与分析", s.damaged.len()),
                Lang::En => format!(
                    "{} damaged documents (mostly mojibake or code) left out of the analysis",
                    s.damaged.len()
                ),
            },
            lang.tr("列表", "list")
        );
    }
    h.push_str("</section>\n");
}

/// The "how to read this report" box: the words of the page, in plain
/// terms, and what the headline figure counts.
fn howto(h: &mut String, r: &Report, lang: Lang) {
    let p = &r.dups.settings.params;
    let min = p.passages.min_chars;
    let _ = write!(
        h,
        "<section id=\"howto\" class=\"howto\"><h2>{}</h2><ul>",
        lang.tr("如何阅读本报告", "How to read this report")
    );
    for (term, text) in howto_items(lang, min) {
        let _ = write!(h, "<li><b>{term}</b>{}{text}</li>", lang.tr("：", ": "));
    }
    let _ = write!(
        h,
        "<li>{}</li>",
        lang.tr(
            "复制的文字用<mark>黄色</mark>标出；每张表只列出前几行时会写明共有多少条，完整数据在 report.json。",
            "Copied text is <mark>highlighted</mark>; where a table shows only its first rows, the page says how many there are; all data is in report.json."
        )
    );
    h.push_str("</ul></section>\n");
}

/// The words of the report in plain terms: (term, what it means), for the
/// page's and the Markdown's "how to read" box. `min` is the shortest
/// passage in characters.
pub fn howto_items(lang: Lang, min: u32) -> Vec<(&'static str, String)> {
    match lang {
        Lang::Zh => vec![
            ("复制比", "正文中有多少文字在本库另一篇文章里也出现。一个字只要落在某个跨文章的重复段落里就算“复制”，原文和转载两边都算（本库无法判断谁先谁后）；只在同一篇文章内部重复的段落、网页标记和网站样板文字不算。".to_string()),
            ("重复段落", format!("至少 {min} 个字、出现在两处或更多处的一段文字，可以是原样复制，也可以略有改动。")),
            ("近似文章", "几乎整篇相同的两篇文章。重合度是两篇共有的字片段占两篇全部字片段的比例（Jaccard）；包含率是较短一篇有多少落在另一篇里，转载时删节也能认出。".to_string()),
            ("改写", "用词高度相近、但逐字不同的两篇文章（按词频加权的余弦相似度）。".to_string()),
            ("主题", "按用词把文章自动分组，每组列出关键词和代表文章；主题名取自关键词，仅供参考。".to_string()),
            ("分组比较", "按元数据字段（如来源）分组，看各组的主题占比和特色词（比其他组用得明显更多的词）。".to_string()),
        ],
        Lang::En => vec![
            ("Copied share", "how much body text also stands in another document of this corpus. A character counts when it lies inside a passage repeated across documents; both the original and the copy count (the corpus does not say which came first); passages repeated only inside one document, markup and site boilerplate do not.".to_string()),
            ("Repeated passages", format!("text of at least {min} characters that stands in two or more places, copied exactly or with small edits.")),
            ("Near-duplicate documents", "two documents that are almost wholly the same. Overlap is the share of all their character pieces that both have (Jaccard); containment is how much of the shorter one stands in the other, so a shortened reprint still counts.".to_string()),
            ("Rewrites", "two documents with very similar wording but few exact matches (cosine similarity of weighted word counts).".to_string()),
            ("Topics", "documents grouped automatically by their words, each with its key terms and typical documents; topic names come from the key terms.".to_string()),
            ("Comparison", "groups by a metadata field (such as source), their topic shares and distinctive terms (words a group uses clearly more than the rest).".to_string()),
        ],
    }
}

/// Near-duplicate pairs by score (the higher of overlap and containment),
/// clusters and rewrites. Leaves the section open for its charts.
fn duplicates(h: &mut String, r: &Report, names: &Names, lang: Lang) {
    let d = &r.dups;
    let _ = write!(
        h,
        "<section id=\"duplicates\"><h2>{}</h2>",
        lang.tr("近似文章", "Near-duplicate documents")
    );
    let p = &d.settings.params;
    let _ = write!(
        h,
        "<p class=\"note\">{}</p>",
        match lang {
            Lang::Zh => format!(
                "两篇文章按 {} 字一片切开比较：重合度（Jaccard）达到 {} 即为近似文章，较短一篇的包含率达到 {} 即为“被包含”，均经逐字核对；改写：词频余弦相似度至少 {}。",
                p.shingle, p.threshold, p.containment, p.rewrite_threshold
            ),
            Lang::En => format!(
                "Documents cut into {}-character pieces: near duplicates when their overlap (Jaccard) reaches {}, one inside the other when the shorter one's containment reaches {}, verified exactly. Rewrites: cosine similarity of weighted word counts at least {}.",
                p.shingle, p.threshold, p.containment, p.rewrite_threshold
            ),
        }
    );
    let limit = r.views.limits.table_rows;
    if d.near_duplicates.pairs.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            lang.tr("没有近似文章。", "No near-duplicate documents.")
        );
    } else {
        let mut pairs: Vec<&crate::dups::NearDuplicatePair<String>> =
            d.near_duplicates.pairs.iter().collect();
        let score = |p: &crate::dups::NearDuplicatePair<String>| p.jaccard.max(p.containment);
        pairs.sort_by(|a, b| {
            score(b)
                .total_cmp(&score(a))
                .then_with(|| (&a.a, &a.b).cmp(&(&b.a, &b.b)))
        });
        let _ = write!(
            h,
            "<h3>{} ({})</h3><table><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr>",
            lang.tr("文章对", "Pairs"),
            pairs.len(),
            lang.tr("文章 A", "document A"),
            lang.tr("文章 B", "document B"),
            lang.tr("关系", "relation"),
            lang.tr("重合度", "overlap (Jaccard)"),
            lang.tr("包含率", "containment"),
        );
        for pair in pairs.iter().take(limit) {
            let kind = match (&pair.kind, lang) {
                (PairKind::NearDuplicate, Lang::Zh) => "近似（互相）".to_string(),
                (PairKind::NearDuplicate, Lang::En) => "near duplicate (both ways)".to_string(),
                (PairKind::Containment { inside, within }, Lang::Zh) => format!(
                    "{} 的 {:.0}% 在 {} 中",
                    names.short(inside),
                    pair.containment * 100.0,
                    names.short(within)
                ),
                (PairKind::Containment { inside, within }, Lang::En) => format!(
                    "{} is {:.0}% inside {}",
                    names.short(inside),
                    pair.containment * 100.0,
                    names.short(within)
                ),
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{kind}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td></tr>",
                names.doc(&pair.a),
                names.doc(&pair.b),
                pair.jaccard,
                pair.containment
            );
        }
        h.push_str("</table>");
        more(h, pairs.len(), limit, lang);
        let _ = write!(
            h,
            "<h3>{} ({})</h3><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            lang.tr("近似文章簇", "Clusters"),
            d.near_duplicates.clusters.len(),
            lang.tr("簇", "cluster"),
            lang.tr("代表文章", "representative"),
            lang.tr("其他成员", "other members"),
        );
        for (i, c) in d.near_duplicates.clusters.iter().enumerate().take(limit) {
            let members: Vec<String> = c
                .members
                .iter()
                .filter(|m| **m != c.representative)
                .map(|m| names.doc(m))
                .collect();
            let _ = write!(
                h,
                "<tr id=\"cluster-{}\"><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                i + 1,
                names.doc(&c.representative),
                members.join("")
            );
        }
        h.push_str("</table>");
        more(h, d.near_duplicates.clusters.len(), limit, lang);
    }
    let _ = write!(h, "<h3>{}</h3>", lang.tr("改写", "Rewrites"));
    if d.rewrites.is_empty() {
        let _ = write!(h, "<p>{}</p>", lang.tr("没有改写。", "No rewrites."));
    } else {
        let _ = write!(
            h,
            "<table><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr>",
            lang.tr("文章 A", "document A"),
            lang.tr("文章 B", "document B"),
            lang.tr("用词相似度（余弦）", "word similarity (cosine)"),
        );
        for rw in d.rewrites.iter().take(limit) {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.3}</td></tr>",
                names.doc(&rw.a),
                names.doc(&rw.b),
                rw.cosine
            );
        }
        h.push_str("</table>");
        more(h, d.rewrites.len(), limit, lang);
    }
}

fn more(h: &mut String, total: usize, shown: usize, lang: Lang) {
    if total > shown {
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>",
            match lang {
                Lang::Zh => format!("共 {total} 条，此处列出 {shown} 条；全部见 report.json。"),
                Lang::En => format!("Showing {shown} of {total}; all are in report.json."),
            }
        );
    }
}

fn passages(h: &mut String, r: &Report, names: &Names, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"passages\"><h2>{} ({})</h2><p class=\"note\">{}</p>",
        lang.tr("重复段落", "Repeated passages"),
        r.dups.passages.len(),
        match lang {
            Lang::Zh => format!(
                "至少 {} 个字、出现在两处或更多处的段落（同一篇内或不同文章间）；跨来源复制字数最多的排在前面（来源取文章的 source 字段，没有则为文章本身），同一来源内的重复排在最后。位置是原文中的字符序号。",
                r.dups.settings.params.passages.min_chars
            ),
            Lang::En => format!(
                "Every passage of at least {} characters that stands in two or more places, inside one document or across documents, most characters copied across sources first (a document's source is its source field, else the document itself); repeats inside one source come last. Offsets are characters of the text as read.",
                r.dups.settings.params.passages.min_chars
            ),
        }
    );
    if r.views.passages.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            lang.tr("没有重复段落。", "No repeated passages.")
        );
    }
    for (n, p) in r.views.passages.iter().enumerate() {
        let head = match lang {
            Lang::Zh => format!(
                "段落 {} · {} 字 · {} 处 · {} 个来源",
                n + 1,
                p.chars,
                p.total_copies,
                p.sources
            ),
            Lang::En => format!(
                "Passage {} · {} characters · {} copies · {} {}",
                n + 1,
                p.chars,
                p.total_copies,
                p.sources,
                if p.sources == 1 { "source" } else { "sources" }
            ),
        };
        let _ = write!(
            h,
            "<div class=\"passage\" id=\"passage-{}\"><h3>{head}{}</h3><div class=\"copies\">",
            p.group,
            if p.internal {
                format!(
                    "<span class=\"tag\">{}</span>",
                    lang.tr("同一篇内重复", "repeated inside one document")
                )
            } else {
                String::new()
            }
        );
        for c in &p.copies {
            copy(h, c, names, lang);
        }
        h.push_str("</div>");
        if p.total_copies > p.copies.len() {
            more(h, p.total_copies, p.copies.len(), lang);
        }
        for n in &p.nested {
            let _ = write!(
                h,
                "<div class=\"nested\"><p>{}</p><div class=\"copies\">",
                match lang {
                    Lang::Zh => format!(
                        "其中 {} 字（“{}”）还出现在另外 {} 处：",
                        n.chars,
                        esc(&excerpt(&n.text, 40)),
                        n.total_copies
                    ),
                    Lang::En => format!(
                        "Inside it, {} characters (“{}”) also stand in {} more {}:",
                        n.chars,
                        esc(&excerpt(&n.text, 40)),
                        n.total_copies,
                        if n.total_copies == 1 {
                            "place"
                        } else {
                            "places"
                        }
                    ),
                }
            );
            for c in &n.copies {
                copy(h, c, names, lang);
            }
            h.push_str("</div></div>");
        }
        h.push_str("</div>");
    }
    more(h, r.dups.passages.len(), r.views.passages.len(), lang);
    h.push_str("</section>\n");
}

/// One copy of a passage in its context, with how closely it matches the
/// first copy.
fn copy(h: &mut String, c: &CopyView, names: &Names, lang: Lang) {
    let alike = likeness(c.similarity, lang)
        .map(|l| format!(" · {l}"))
        .unwrap_or_default();
    // A long copy shows its start; the rest is one click away.
    const SHOWN: usize = 300;
    let n = c.text.chars().count();
    let text = if n > SHOWN + 100 {
        let head: String = c.text.chars().take(SHOWN).collect();
        let rest: String = c.text.chars().skip(SHOWN).collect();
        format!(
            "<mark>{}</mark><details><summary>{}</summary><mark>{}</mark></details>",
            esc(&head),
            match lang {
                Lang::Zh => format!("展开其余 {} 字", n - SHOWN),
                Lang::En => format!("{} more characters", n - SHOWN),
            },
            esc(&rest)
        )
    } else {
        format!("<mark>{}</mark>", esc(&c.text))
    };
    let _ = write!(
        h,
        "<div class=\"copy\"><div class=\"where\">{} · {}–{}{alike}</div>…{}{text}{}…</div>",
        names.doc(&c.doc),
        c.start,
        c.end,
        esc(&c.before),
        esc(&c.after)
    );
}

/// Site boilerplate: each passage once, with the evidence of the rule.
fn boilerplate(h: &mut String, r: &Report, lang: Lang) {
    let found = &r.dups.boilerplate;
    let _ = write!(
        h,
        "<section id=\"boilerplate\"><h2>{} ({})</h2><p class=\"note\">{}</p>",
        lang.tr("网站样板文字", "Site boilerplate"),
        found.len(),
        esc(&super::view::boilerplate_rule(&r.settings, lang))
    );
    if found.is_empty() {
        let _ = writeln!(
            h,
            "<p>{}</p></section>",
            lang.tr("没有网站样板文字。", "No site boilerplate.")
        );
        return;
    }
    let _ = write!(
        h,
        "<table><tr><th>{}</th><th class=\"num\">{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr>",
        lang.tr("文字", "text"),
        lang.tr("文章数", "documents"),
        lang.tr("网站", "sites"),
        lang.tr("占正文比例（中位数）", "median share of body"),
        lang.tr("位于正文开头或结尾", "opens or closes the body"),
    );
    let rows = r.views.limits.table_rows;
    for b in found.iter().take(rows) {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{:.0}%</td><td class=\"num\">{:.0}%</td></tr>",
            esc(&excerpt(&b.text, 120)),
            b.documents,
            esc(&super::view::sites_line_in(&b.sites, 3, lang)),
            b.evidence.median_share * 100.0,
            b.evidence.at_edge * 100.0
        );
    }
    h.push_str("</table>");
    more(h, found.len(), found.len().min(rows), lang);
    h.push_str("</section>\n");
}

/// The topics table. Leaves the section open for its charts.
fn topics(h: &mut String, r: &Report, names: &Names, lang: Lang) {
    let t = &r.topics;
    let _ = write!(
        h,
        "<section id=\"topics\"><h2>{} ({})</h2>",
        lang.tr("主题", "Topics"),
        t.k
    );
    let how = format!("{:?}", t.k_chosen_by).to_lowercase();
    let _ = write!(
        h,
        "<p class=\"note\">{}</p>",
        match lang {
            Lang::Zh => format!(
                "主题数 k 的选取方式：{}（轮廓系数越高，主题之间分得越开）。",
                esc(&how)
            ),
            Lang::En => format!(
                "k chosen by {} (the higher the silhouette score, the better the topics stand apart).",
                esc(&how)
            ),
        }
    );
    for note in &t.notes {
        let _ = write!(h, "<p class=\"warn\">{}</p>", esc(&note.text(lang)));
    }
    let _ = write!(
        h,
        "<table><tr><th class=\"num\">{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.tr("编号", "topic"),
        lang.tr("主题名", "label"),
        lang.tr("文章数", "size"),
        lang.tr("关键词", "top terms"),
        lang.tr("常见短语", "phrases"),
        lang.tr("代表文章", "representative documents"),
    );
    for topic in &t.topics {
        let terms: Vec<String> = topic.terms.iter().take(10).map(|x| esc(&x.term)).collect();
        let phrases: Vec<String> = topic.phrases.iter().map(|x| esc(x)).collect();
        let reps: Vec<String> = topic
            .representatives
            .iter()
            .map(|d| names.short(d))
            .collect();
        let _ = write!(
            h,
            "<tr id=\"topic-{}\"><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            topic.id,
            topic.id,
            esc(&topic.label),
            topic.size,
            terms.join(" · "),
            phrases.join(" · "),
            reps.join("<br>")
        );
    }
    h.push_str("</table>");
}

/// The comparison of groups. Leaves the section open for its charts.
fn compare(h: &mut String, r: &Report, c: &crate::compare::Comparison, names: &Names, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"compare\"><h2>{} {}</h2>",
        lang.tr("分组比较：按", "Comparison by"),
        esc(&c.by)
    );
    for note in &c.notes {
        let _ = write!(h, "<p class=\"warn\">{}</p>", esc(&note.text(lang)));
    }
    let label = |t: usize| {
        r.topics
            .topics
            .iter()
            .find(|x| x.id == t)
            .map(|x| format!("{t} {}", x.label))
            .unwrap_or_else(|| t.to_string())
    };
    let _ = write!(
        h,
        "<p class=\"note\">{}</p>",
        lang.tr(
            "特色词：某组比其余文章用得明显更多的词，括号里的 z 值越大越突出（带先验的对数几率比，Monroe 等 2008）；近似文章只计一次。",
            "Distinctive terms: words a group uses clearly more than the rest of the corpus; the larger z in brackets, the more so (log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi and Quinn 2008); near-duplicates counted once."
        )
    );
    let _ = write!(
        h,
        "<table><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr>",
        lang.tr("组", "group"),
        lang.tr("文章数", "documents"),
        lang.tr("合并近似文章前", "before collapsing duplicates"),
        lang.tr("主要主题", "main topics"),
        lang.tr("特色词 (z)", "distinctive terms (z)"),
    );
    for g in c.groups.iter().take(r.views.limits.table_rows) {
        let mut shares: Vec<(usize, f64)> = g.topic_share.iter().copied().enumerate().collect();
        shares.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let topics: Vec<String> = shares
            .iter()
            .filter(|s| s.1 > 0.0)
            .take(3)
            .map(|&(t, s)| {
                let n = g.topic_docs.get(t).copied().unwrap_or(0);
                let docs = match lang {
                    Lang::Zh => format!("（{n} 篇）"),
                    Lang::En => format!(" ({})", crate::compare::documents(n)),
                };
                format!(
                    "{} <span class=\"nowrap\">{:.0}%{docs}</span>",
                    esc(&label(t)),
                    s * 100.0
                )
            })
            .collect();
        let terms: Vec<String> = g
            .distinctive_terms
            .iter()
            .take(8)
            .map(|t| format!("{} ({:.1})", esc(&t.term), t.z))
            .collect();
        let warning = g
            .warning
            .as_ref()
            .map(|w| format!("<br><span class=\"warn\">{}</span>", esc(&w.text(lang))))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<tr><td>{}{warning}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&g.name),
            g.docs,
            g.docs_before_dedup,
            topics.join("<br>"),
            terms.join(" · ")
        );
    }
    h.push_str("</table>");
    more(h, c.groups.len(), r.views.limits.table_rows, lang);
    examples(h, c.groups.iter(), names, lang);
    if let Some(p) = &c.pairwise {
        let _ = write!(
            h,
            "<h3>{} {} {}</h3><table><tr><th>{}</th><th>{}</th></tr>",
            esc(&p.a.name),
            lang.tr("对比", "against"),
            esc(&p.b.name),
            lang.tr("组", "group"),
            lang.tr(
                "比另一组用得多的词 (z)",
                "terms it uses more than the other (z)"
            ),
        );
        for g in [&p.a, &p.b] {
            let terms: Vec<String> = g
                .distinctive_terms
                .iter()
                .take(15)
                .map(|t| format!("{} ({:.1})", esc(&t.term), t.z))
                .collect();
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&g.name),
                terms.join(" · ")
            );
        }
        h.push_str("</table>");
        examples(h, [&p.a, &p.b].into_iter(), names, lang);
    }
}

/// Groups whose distinctive terms' example sentences are shown; the rest
/// are in report.json.
const EXAMPLE_GROUPS: usize = 30;
/// Terms per group whose example sentences are shown, as many as the
/// table names.
const EXAMPLE_TERMS: usize = 8;

/// Under each group's first distinctive terms, the sentences they stand
/// for, keyword in context, each naming and linking to its document. The
/// first three groups are open.
fn examples<'g>(
    h: &mut String,
    groups: impl ExactSizeIterator<Item = &'g crate::compare::Group>,
    names: &Names,
    lang: Lang,
) {
    let total = groups.len();
    let shown = super::view::example_terms(groups, EXAMPLE_GROUPS, EXAMPLE_TERMS);
    for (opened, (g, terms)) in shown.iter().enumerate() {
        if opened == 0 {
            let _ = write!(
                h,
                "<h3>{}</h3><p class=\"note\">{}</p>",
                lang.tr("特色词出自哪些句子", "Where the distinctive terms stand"),
                lang.tr(
                    "每个特色词在该组不同文章中的例句（用得最多的文章在前，取每篇第一次出现处），点击文章名可看全文（页面未收全文时跳到文章表中的那一行）；全部例句见 report.json。",
                    "Each distinctive term in sentences from different documents of its group (the documents that use it most first, its first occurrence in each); the document's name links to its text (to its row of the documents table when the page leaves the text out); all examples are in report.json."
                )
            );
        }
        let _ = write!(
            h,
            "<details class=\"kwic\"{}><summary>{}</summary>",
            if opened < 3 { " open" } else { "" },
            esc(&g.name)
        );
        for t in terms {
            let _ = write!(
                h,
                "<div class=\"term\"><b>{}</b> <span class=\"note\">z {:.1} · {}</span><ul>",
                esc(&t.term),
                t.z,
                match lang {
                    Lang::Zh => format!("{} 次", t.count),
                    Lang::En => format!("{} times", t.count),
                }
            );
            for e in &t.examples {
                let shown = match super::view::kwic_parts(&e.text, &t.term) {
                    Some((before, term, after)) => {
                        format!("{}<mark>{}</mark>{}", esc(&before), esc(&term), esc(&after))
                    }
                    None => esc(&e.text),
                };
                let _ = write!(
                    h,
                    "<li>{shown} <span class=\"src\">— {}</span></li>",
                    names.located(&e.doc)
                );
            }
            h.push_str("</ul></div>");
        }
        h.push_str("</details>");
    }
    if !shown.is_empty() {
        more(h, total, EXAMPLE_GROUPS, lang);
    }
}

/// One row of the documents table, in the order the table shows.
pub struct DocRow<'a> {
    pub doc: &'a crate::summary::DocSummary,
    pub copied_chars: u32,
    pub share: f64,
    /// Topic id and label.
    pub topic: Option<(usize, &'a str)>,
    /// Near-duplicate cluster, numbered from 1 in `dups` order.
    pub cluster: Option<usize>,
}

/// The documents with their copied share, topic and cluster, by copied
/// share (highest first), then id.
pub fn doc_rows(r: &Report) -> Vec<DocRow<'_>> {
    let copied: FxHashMap<&str, (u32, f64)> = r
        .views
        .copied
        .docs
        .iter()
        .map(|d| (d.id.as_str(), (d.copied_chars, d.share)))
        .collect();
    let label: FxHashMap<usize, &str> = r
        .topics
        .topics
        .iter()
        .map(|t| (t.id, t.label.as_str()))
        .collect();
    let topic: FxHashMap<&str, usize> = r
        .topics
        .assignments
        .iter()
        .map(|a| (a.doc.as_str(), a.topic))
        .collect();
    let mut cluster: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, c) in r.dups.near_duplicates.clusters.iter().enumerate() {
        for m in &c.members {
            cluster.entry(m.as_str()).or_insert(i + 1);
        }
    }
    let mut rows: Vec<DocRow> = r
        .summary
        .docs
        .iter()
        .map(|d| {
            let (copied_chars, share) = copied.get(d.id.as_str()).copied().unwrap_or((0, 0.0));
            DocRow {
                doc: d,
                copied_chars,
                share,
                topic: topic
                    .get(d.id.as_str())
                    .map(|&t| (t, label.get(&t).copied().unwrap_or(""))),
                cluster: cluster.get(d.id.as_str()).copied(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then_with(|| a.doc.id.cmp(&b.doc.id))
    });
    rows
}

/// A document's regions in the documents table: the provinces, then the
/// cities in brackets (`山东（青岛）`), the primary province first; the codes,
/// weights and confidence on hover.
fn region_cell(regions: Option<&crate::regions::DocRegions>, lang: Lang) -> String {
    let Some(r) = regions.filter(|r| !r.regions.is_empty()) else {
        return "<td></td>".to_string();
    };
    let names = |level| {
        r.at(level)
            .map(|x| x.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    let provinces = names(crate::regions::Level::Province);
    let cities = names(crate::regions::Level::City);
    let shown = if cities.is_empty() || cities == provinces {
        provinces
    } else {
        format!("{provinces}（{cities}）")
    };
    let mut hover: Vec<String> = r
        .regions
        .iter()
        .map(|x| format!("{} {} {:.2}", x.code, x.name, x.weight))
        .collect();
    hover.push(match (&r.region, lang) {
        (Some(_), Lang::Zh) => format!("置信度 {:.2}", r.confidence),
        (Some(_), Lang::En) => format!("confidence {:.2}", r.confidence),
        (None, Lang::Zh) => "没有主要地区".to_string(),
        (None, Lang::En) => "no primary region".to_string(),
    });
    format!(
        "<td title=\"{}\">{}</td>",
        esc(&hover.join("; ")),
        esc(&shown)
    )
}

fn documents(h: &mut String, r: &Report, names: &Names, lang: Lang) {
    let s = &r.summary;
    let limit = r.views.limits.table_rows;
    let extra = crate::summary::extra_field_names(&s.docs);
    let dates = s.docs.iter().any(|d| d.date.is_some());
    let sources = s.docs.iter().any(|d| d.source.is_some());
    let regions = s
        .docs
        .iter()
        .any(|d| d.regions.as_ref().is_some_and(|r| !r.regions.is_empty()));
    let _ = write!(
        h,
        "<section id=\"documents\"><h2>{} ({})</h2><p class=\"note\">{}</p><table><tr><th>{}</th><th class=\"num\">{}</th><th>{}</th><th class=\"num\">{}</th>",
        lang.tr("文章", "Documents"),
        s.documents,
        lang.tr(
            "按复制比从高到低排列；复制比是这篇文章的正文有多少在本库其他文章中也出现。",
            "By copied share, highest first: how much of a document's body text also stands in another document of the corpus."
        ),
        lang.tr("标题", "title"),
        lang.tr("复制比", "copied share"),
        lang.tr("主题", "topic"),
        lang.tr("近似文章簇", "near-duplicate cluster"),
    );
    if dates {
        let _ = write!(h, "<th>{}</th>", lang.tr("日期", "date"));
    }
    if sources {
        let _ = write!(h, "<th>{}</th>", lang.tr("来源", "source"));
    }
    if regions {
        let _ = write!(h, "<th>{}</th>", lang.tr("地区", "region"));
    }
    for f in &extra {
        let _ = write!(h, "<th>{}</th>", esc(f));
    }
    let _ = write!(
        h,
        "<th class=\"num\">{}</th><th>{}</th></tr>",
        lang.tr("正文字数", "body chars"),
        lang.tr("关键词", "top terms")
    );
    let rows = doc_rows(r);
    for (k, row) in rows.iter().take(limit).enumerate() {
        let d = row.doc;
        let terms: Vec<String> = d.top_terms.iter().take(5).map(|t| esc(&t.term)).collect();
        let bar = (row.share * 60.0).round() as u32;
        let share = if row.copied_chars == 0 {
            "0".to_string()
        } else {
            format!(
                "<span class=\"share\">{}</span><span class=\"bar\" style=\"width:{bar}px\"></span>",
                percent(row.share)
            )
        };
        let topic = row
            .topic
            .map(|(t, l)| format!("<a href=\"#topic-{t}\">{}</a>", esc(&format!("{t} {l}"))))
            .unwrap_or_default();
        let cluster = row
            .cluster
            .map(|c| format!("<a href=\"#cluster-{c}\">{c}</a>"))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<tr id=\"row-{k}\"><td>{}</td><td class=\"num\">{share}</td><td>{topic}</td><td class=\"num\">{cluster}</td>",
            names.doc(&d.id),
        );
        if dates {
            let _ = write!(h, "<td>{}</td>", esc(d.date.as_deref().unwrap_or("")));
        }
        if sources {
            let _ = write!(h, "<td>{}</td>", esc(d.source.as_deref().unwrap_or("")));
        }
        if regions {
            h.push_str(&region_cell(d.regions.as_ref(), lang));
        }
        let fields = d.extra_fields();
        for f in &extra {
            let v = fields
                .iter()
                .find(|(k, _)| k == f)
                .map(|(_, v)| esc(&excerpt(v, 80)))
                .unwrap_or_default();
            let _ = write!(h, "<td>{v}</td>");
        }
        let _ = write!(
            h,
            "<td class=\"num\">{}</td><td>{}</td></tr>",
            d.body_chars,
            terms.join(" · ")
        );
    }
    h.push_str("</table>");
    more(h, s.documents, limit, lang);
    let _ = write!(
        h,
        "<h3>{}</h3><p class=\"note\">{}</p>",
        lang.tr("全文", "Texts"),
        match lang {
            Lang::Zh => format!(
                "{} 篇文章的正文全文，涉及复制最多的在前；复制的段落用<mark>黄色</mark>标出，点击可跳到该段落；网页标记等非正文内容已隐藏（位置序号不变）。",
                r.views.documents.len()
            ),
            Lang::En => format!(
                "{} documents' body text in full, those most involved in copying first; copies of repeated passages are <mark>highlighted</mark> and link to the passage; markup and other text that is not body is hidden (offsets unchanged).",
                r.views.documents.len()
            ),
        }
    );
    for (i, d) in r.views.documents.iter().enumerate() {
        let _ = write!(
            h,
            "<article id=\"doc-{i}\"><h3>{} <span class=\"note\">{}</span></h3><div class=\"doctext\">",
            esc(d.title.as_deref().unwrap_or(&d.id)),
            [Some(d.id.as_str()), d.date.as_deref(), d.source.as_deref()]
                .into_iter()
                .flatten()
                .map(esc)
                .collect::<Vec<_>>()
                .join(" · ")
        );
        body_text(h, &d.segments);
        h.push_str("</div></article>");
    }
    h.push_str("</section>\n");
}

/// A document's body text with copies marked: text that is not body is
/// left out, a line break standing in for a block of markup that breaks a
/// line (a paragraph, a list item, a line break) so paragraphs stay apart.
fn body_text(h: &mut String, segments: &[super::view::Segment]) {
    let mut last_newline = true;
    for seg in segments {
        if seg.excluded {
            if !last_newline && breaks_line(&seg.text) {
                h.push('\n');
                last_newline = true;
            }
            continue;
        }
        if seg.text.is_empty() {
            continue;
        }
        match seg.group {
            Some(g) => {
                let _ = write!(
                    h,
                    "<a href=\"#passage-{g}\"><mark>{}</mark></a>",
                    esc(&seg.text)
                );
            }
            None => h.push_str(&esc(&seg.text)),
        }
        last_newline = seg.text.ends_with('\n');
    }
}

/// True when hidden text ends a line as shown: it holds a line break or a
/// tag of a block (`<p>`, `<br>`, `<div>`, `<li>`, a heading, a row).
fn breaks_line(hidden: &str) -> bool {
    if hidden.contains('\n') {
        return true;
    }
    let lower = hidden.to_ascii_lowercase();
    [
        "<p",
        "</p",
        "<br",
        "<div",
        "</div",
        "<li",
        "</li",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "</h",
        "<tr",
        "</tr",
        "<blockquote",
        "</blockquote",
        "<section",
        "</section",
        "<article",
        "</article",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

/// The damaged documents, apart, with their reasons and shares; nothing
/// when there are none.
fn damaged(h: &mut String, r: &Report, names: &Names, lang: Lang) {
    let list = &r.summary.damaged;
    if list.is_empty() {
        return;
    }
    let what = match (r.dups.settings.params.keep_damaged, lang) {
        (true, Lang::Zh) => {
            "它们仍参与了近似文章、重复段落和主题分析（<code>--keep-damaged</code>）。"
        }
        (true, Lang::En) => {
            "They were kept in near-duplicates, passages and the topic model (<code>--keep-damaged</code>)."
        }
        (false, Lang::Zh) => {
            "它们不参与近似文章、重复段落和主题模型（各自归入最近的主题）；<code>--keep-damaged</code> 可保留它们。"
        }
        (false, Lang::En) => {
            "They take no part in near-duplicates, passages or the topic model (each takes the nearest topic); <code>--keep-damaged</code> keeps them in."
        }
    };
    let _ = write!(
        h,
        "<section id=\"damaged\"><h2>{} ({})</h2><p class=\"note\">{} {what}</p>",
        lang.tr("受损文章", "Damaged documents"),
        list.len(),
        lang.tr(
            "正文大多是代码、替换字符（U+FFFD）或乱码的文章，括号中是相应字符的比例。",
            "Documents whose text is mostly code, replacement characters (U+FFFD) or mojibake, with the share of characters that says so."
        )
    );
    let _ = write!(
        h,
        "<table><tr><th>{}</th><th>{}</th></tr>",
        lang.tr("文章", "document"),
        lang.tr("原因", "reasons")
    );
    let limit = r.views.limits.table_rows;
    for d in list.iter().take(limit) {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            names.doc(&d.doc),
            esc(&describe(&d.reasons))
        );
    }
    h.push_str("</table>");
    more(h, list.len(), limit, lang);
    h.push_str("</section>\n");
}

/// Every skipped input, collapsed: the headline counts them by reason.
fn skipped(h: &mut String, r: &Report, lang: Lang) {
    let s = &r.summary;
    if s.skipped.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<section id=\"skipped\"><h2>{} ({})</h2><ul>",
        lang.tr("跳过的输入", "Skipped inputs"),
        s.skipped.len()
    );
    for k in &r.views.skipped {
        let _ = write!(h, "<li>{} ({})</li>", esc(&k.reason), k.count);
    }
    let _ = write!(
        h,
        "</ul><details><summary>{}</summary><table><tr><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr>",
        match lang {
            Lang::Zh => format!("展开全部 {} 项", s.skipped.len()),
            Lang::En => format!("All {} skipped inputs", s.skipped.len()),
        },
        lang.tr("文件", "file"),
        lang.tr("行", "line"),
        lang.tr("原因", "reason"),
    );
    for sk in &s.skipped {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&sk.path.display().to_string()),
            sk.line.map(|l| l.to_string()).unwrap_or_default(),
            esc(&sk.reason)
        );
    }
    h.push_str("</table></details></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>a & \"b\" 'c'</script>"),
            "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/script&gt;"
        );
        assert_eq!(esc("工业互联网"), "工业互联网");
    }

    #[test]
    fn the_region_cell_names_provinces_then_cities_with_codes_on_hover() {
        use crate::regions::{DocRegions, Level, Region, RegionSource};
        let region = |name: &str, code: &str, level, weight| Region {
            name: name.into(),
            code: code.into(),
            level,
            mentions: 3,
            weight,
        };
        let r = DocRegions {
            regions: vec![
                region("山东", "370000", Level::Province, 1.0),
                region("济南", "370100", Level::City, 0.625),
                region("青岛", "370200", Level::City, 0.375),
            ],
            region: Some("山东".into()),
            confidence: 0.9,
            from: RegionSource::Text,
            mentions: vec![],
        };
        let cell = region_cell(Some(&r), Lang::En);
        assert_eq!(
            cell,
            "<td title=\"370000 山东 1.00; 370100 济南 0.62; 370200 青岛 0.38; confidence 0.90\">山东（济南、青岛）</td>"
        );
        assert_eq!(region_cell(None, Lang::En), "<td></td>");
        let none = DocRegions {
            regions: vec![],
            region: None,
            ..r
        };
        assert_eq!(region_cell(Some(&none), Lang::Zh), "<td></td>");
    }

    #[test]
    fn examples_escape_the_sentence_mark_the_term_and_link_the_document() {
        use crate::compare::{DistinctiveTerm, Example, Group};
        let example = |doc: &str, text: &str| Example {
            doc: doc.into(),
            start: 0,
            end: 2,
            text: text.into(),
        };
        let group = Group {
            name: "<b>组</b>".into(),
            docs: 2,
            docs_before_dedup: 2,
            weighted_docs: None,
            topic_share: vec![],
            topic_docs: vec![],
            over_time: vec![],
            distinctive_terms: vec![DistinctiveTerm {
                term: "平台".into(),
                z: 3.0,
                count: 4,
                examples: vec![
                    example("a", "<script>x</script>平臺建设"),
                    example("b", "平台"),
                    example("c", "又一个平台"),
                ],
            }],
            warning: None,
        };
        let names = Names {
            title: [("a", "标题<i>")].into_iter().collect(),
            anchor: [("a", 0)].into_iter().collect(),
            row: [("a", 5), ("b", 7)].into_iter().collect(),
        };
        let mut h = String::new();
        examples(&mut h, [&group].into_iter(), &names, Lang::Zh);
        assert!(!h.contains("<script>") && !h.contains("<b>组") && !h.contains("<i>"));
        assert!(
            h.contains("&lt;script&gt;x&lt;/script&gt;<mark>平臺</mark>建设"),
            "{h}"
        );
        assert!(h.contains("<a href=\"#doc-0\">标题&lt;i&gt;</a>"), "{h}");
        assert!(h.contains("<a href=\"#row-7\">b</a>"), "{h}");
        assert!(
            h.contains("又一个<mark>平台</mark> <span class=\"src\">— c</span>"),
            "{h}"
        );
    }

    #[test]
    fn an_inline_svg_loses_its_prolog_and_its_ids_get_a_prefix() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg width=\"10\"><defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\"/><use href=\"#g\"/><text>a &lt;b&gt;</text></svg>\n";
        let out = inline_svg(svg, "c3-").unwrap();
        assert!(out.starts_with("<svg width="), "{out}");
        assert!(
            out.contains("id=\"c3-g\"")
                && out.contains("url(#c3-g)")
                && out.contains("href=\"#c3-g\"")
        );
        assert!(out.contains("a &lt;b&gt;"), "escaped text stays escaped");
    }

    #[test]
    fn an_svg_with_anything_active_is_not_inlined() {
        for bad in [
            "<svg><script>alert(1)</script></svg>",
            "<svg><foreignObject><p>x</p></foreignObject></svg>",
            "<svg><rect onload=\"alert(1)\"/></svg>",
            "<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<svg><text>unclosed",
        ] {
            assert!(inline_svg(bad, "c0-").is_none(), "{bad}");
        }
        // Text that merely reads like a handler, escaped, is fine.
        assert!(inline_svg("<svg><text font-family=\"x\">onload=1</text></svg>", "c0-").is_some());
    }

    #[test]
    fn body_text_hides_markup_and_keeps_paragraphs_apart() {
        use crate::report::view::Segment;
        let seg = |text: &str, group: Option<usize>, excluded: bool| Segment {
            text: text.to_string(),
            group,
            excluded,
        };
        let mut h = String::new();
        body_text(
            &mut h,
            &[
                seg("<p>", None, true),
                seg("第一段", None, false),
                seg("</p><p class=\"x\">", None, true),
                seg("复制的", Some(2), false),
                seg("<b>", None, true),
                seg("第二段", None, false),
                seg("</b></p>", None, true),
            ],
        );
        assert_eq!(
            h,
            "第一段\n<a href=\"#passage-2\"><mark>复制的</mark></a>第二段\n"
        );
    }

    #[test]
    fn counts_are_grouped_and_shares_rounded_as_the_page_prints_them() {
        assert_eq!(grouped(15031571), "15,031,571");
        assert_eq!(grouped(999), "999");
        assert_eq!(percent(0.0834), "8.3%");
        assert_eq!(percent(0.199), "20%");
        assert_eq!(percent(0.0), "0%");
    }
}
