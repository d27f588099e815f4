//! `report.md`: a readable summary that renders on a code-hosting site.
//!
//! Takes a [`Report`] and gives Markdown in the report's language, in the
//! page's order: the findings (copied share, most-copied documents and
//! sources, topics in one line), how to read it, near-duplicates and
//! rewrites, the top repeated passages with their copies, boilerplate,
//! topics, the comparison, the documents table by copied share with every
//! metadata field, and the skipped inputs; each chart as an image beside its
//! section. Corpus text is escaped with
//! [`md_esc`] so it cannot open a link, an HTML tag or a table cell.

use std::fmt::Write as _;

use super::html::{doc_rows, grouped, howto_items, percent};
use super::view::likeness;
use super::{Report, caption};
use crate::dups::PairKind;
use crate::lang::Lang;
use crate::quality::describe;

/// Escapes text for a Markdown table cell or line: Markdown punctuation
/// (strikethrough's `~` too) backslashed, `<`, `>` and `&` as entities, line
/// breaks as spaces, control characters left out; and GitHub's bare-URL
/// autolinks broken, so corpus text never becomes a clickable link: the `:`
/// of `://`, the `.` of `www.` and every `@` are written as character
/// references, which a renderer shows as the same characters but its
/// autolink scanner does not see.
pub fn md_esc(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("&#64;"),
            ':' if chars.get(i + 1) == Some(&'/') => out.push_str("&#58;"),
            '.' if i >= 3 && chars[i - 3..i].iter().all(|w| w.eq_ignore_ascii_case(&'w')) => {
                out.push_str("&#46;")
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            _ => out.push(c),
        }
    }
    out
}

fn snippet(s: &str, n: usize) -> String {
    md_esc(&super::view::excerpt(s, n))
}

/// Renders the Markdown report: findings first, then the copies, topics,
/// the comparison, the documents and the skipped inputs, each chart as an
/// image beside its section.
pub fn render(r: &Report, lang: Lang) -> String {
    let mut m = String::new();
    let s = &r.summary;
    let _ = writeln!(
        m,
        "# {}: {}\n",
        lang.tr("查重报告 chachong", "查重 chachong report"),
        md_esc(&r.inputs.join(", "))
    );
    let _ = writeln!(
        m,
        "{}\n",
        match lang {
            Lang::Zh => format!(
                "chachong {} · {} 篇文章 · 完整数据见 `report.json` · 打开 `index.html` 可看到标出复制文字的页面。",
                r.chachong, s.documents
            ),
            Lang::En => format!(
                "chachong {} · {} documents · full data in `report.json` · open `index.html` for the page with highlighted copies.",
                r.chachong, s.documents
            ),
        }
    );
    let mut charts = Charts {
        names: &r.charts,
        used: Vec::new(),
    };
    findings(&mut m, r, lang);
    let _ = writeln!(
        m,
        "## {}\n",
        lang.tr("如何阅读本报告", "How to read this report")
    );
    for (term, text) in howto_items(lang, r.dups.settings.params.passages.min_chars) {
        let _ = writeln!(m, "- **{term}**{}{text}", lang.tr("：", ": "));
    }
    let _ = writeln!(m);
    duplicates(&mut m, r, lang);
    charts.show(
        &mut m,
        &["similarity.svg", "cluster_sizes.svg", "passage_sizes.svg"],
        lang,
    );
    passages(&mut m, r, lang);
    boilerplate(&mut m, r, lang);
    topics(&mut m, r, lang);
    charts.show(
        &mut m,
        &[
            "topic_sizes.svg",
            "topic_terms.svg",
            "document_map.svg",
            "silhouette.svg",
        ],
        lang,
    );
    if let Some(c) = &r.compare {
        compare(&mut m, r, c, lang);
        charts.show(
            &mut m,
            &[
                "topic_share_by_group.svg",
                "topic_share_over_time.svg",
                "topic_share_by_group_over_time.svg",
                "distinctive_terms.svg",
            ],
            lang,
        );
    }
    documents(&mut m, r, lang);
    damaged(&mut m, r, lang);
    let rest: Vec<&str> = r
        .charts
        .iter()
        .map(String::as_str)
        .filter(|n| !charts.used.contains(n))
        .collect();
    if !rest.is_empty() {
        let _ = writeln!(m, "## {}\n", lang.tr("其他图表", "More charts"));
        charts.show(&mut m, &rest, lang);
    }
    skipped(&mut m, r, lang);
    m
}

/// The charts of the report as images, each once.
struct Charts<'a> {
    names: &'a [String],
    used: Vec<&'a str>,
}

impl<'a> Charts<'a> {
    fn show(&mut self, m: &mut String, names: &[&str], lang: Lang) {
        for name in names {
            let Some(found) = self.names.iter().find(|c| c == name) else {
                continue;
            };
            if self.used.contains(&found.as_str()) {
                continue;
            }
            let cap = match caption(found, lang) {
                "" => found.trim_end_matches(".svg"),
                c => c,
            };
            let _ = writeln!(m, "![{}](charts/{})\n", md_esc(cap), md_esc(found));
            self.used.push(found.as_str());
        }
    }
}

/// A document's title (its id when it has none), from the summary.
fn title_of<'a>(r: &'a Report, id: &'a str) -> &'a str {
    r.summary
        .docs
        .iter()
        .find(|d| d.id == id)
        .and_then(|d| d.title.as_deref())
        .unwrap_or(id)
}

fn findings(m: &mut String, r: &Report, lang: Lang) {
    let c = &r.views.copied;
    let s = &r.summary;
    let _ = writeln!(m, "## {}\n", lang.tr("主要发现", "Findings"));
    let _ = writeln!(
        m,
        "{}\n",
        match lang {
            Lang::Zh => format!(
                "**{}** 的正文文字（{} / {} 字）在本库其他文章中也出现（复制比）。",
                percent(c.share),
                grouped(c.copied_chars),
                grouped(c.body_chars)
            ),
            Lang::En => format!(
                "**{}** of the corpus's body text ({} of {} characters) also stands in another document of the corpus (copied share).",
                percent(c.share),
                grouped(c.copied_chars),
                grouped(c.body_chars)
            ),
        }
    );
    let _ = writeln!(
        m,
        "{}\n",
        match lang {
            Lang::Zh => format!(
                "- {} / {} 篇文章含有复制文字\n- {} 组近似文章（{} 篇）\n- {} 组重复段落\n- {} 个主题，{} 个来源",
                c.documents,
                s.documents,
                r.dups.near_duplicates.clusters.len(),
                c.near_duplicate_documents,
                r.dups.passages.len(),
                r.topics.k,
                s.sources.len()
            ),
            Lang::En => format!(
                "- {} of {} documents with copied text\n- {} near-duplicate clusters ({} documents)\n- {} repeated passages\n- {} topics, {} sources",
                c.documents,
                s.documents,
                r.dups.near_duplicates.clusters.len(),
                c.near_duplicate_documents,
                r.dups.passages.len(),
                r.topics.k,
                s.sources.len()
            ),
        }
    );
    let mut most: Vec<&super::view::DocCopied> = c.docs.iter().collect();
    most.sort_by(|a, b| b.copied_chars.cmp(&a.copied_chars).then(a.id.cmp(&b.id)));
    if !most.is_empty() {
        let _ = writeln!(
            m,
            "**{}**\n",
            lang.tr("复制文字最多的文章", "Documents with the most copied text")
        );
        for (i, d) in most.iter().take(5).enumerate() {
            let _ = writeln!(
                m,
                "{}. {} ({})",
                i + 1,
                snippet(d.title.as_deref().unwrap_or(&d.id), 40),
                match lang {
                    Lang::Zh => format!("{} 字，复制比 {}", d.copied_chars, percent(d.share)),
                    Lang::En => format!("{} chars, {} copied", d.copied_chars, percent(d.share)),
                }
            );
        }
        let _ = writeln!(m);
    }
    if !c.sources.is_empty() {
        let _ = writeln!(
            m,
            "**{}**\n",
            lang.tr("复制文字最多的来源", "Sources with the most copied text")
        );
        for (i, src) in c.sources.iter().take(5).enumerate() {
            let _ = writeln!(
                m,
                "{}. {} ({})",
                i + 1,
                snippet(&src.source, 40),
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
        let _ = writeln!(m);
    }
    if !r.topics.topics.is_empty() {
        let mut t: Vec<&crate::topics::Topic<String>> = r.topics.topics.iter().collect();
        t.sort_by(|a, b| b.size.cmp(&a.size).then(a.id.cmp(&b.id)));
        let line: Vec<String> = t
            .iter()
            .map(|t| format!("{} ({})", md_esc(&t.label), t.size))
            .collect();
        let _ = writeln!(
            m,
            "**{}**{}\n",
            lang.tr("主题：", "Topics: "),
            line.join(" · ")
        );
    }
    if !r.views.skipped.is_empty() {
        let lines: Vec<String> = r
            .views
            .skipped
            .iter()
            .take(5)
            .map(|k| format!("{} ({})", snippet(&k.reason, 80), k.count))
            .collect();
        let _ = writeln!(
            m,
            "{}{}\n",
            match lang {
                Lang::Zh => format!("跳过 {} 项输入：", s.skipped.len()),
                Lang::En => format!("{} inputs skipped: ", s.skipped.len()),
            },
            lines.join("; ")
        );
    }
    if !s.damaged.is_empty() {
        let _ = writeln!(
            m,
            "{}\n",
            match lang {
                Lang::Zh => format!("{} 篇受损文章（乱码、代码为主），见文末。", s.damaged.len()),
                Lang::En => format!(
                    "{} damaged documents (mostly mojibake or code), listed at the end.",
                    s.damaged.len()
                ),
            }
        );
    }
}

fn more(m: &mut String, total: usize, shown: usize, lang: Lang) {
    if total > shown {
        let _ = writeln!(
            m,
            "\n{}",
            match lang {
                Lang::Zh => format!("共 {total} 条，此处列出 {shown} 条；全部见 report.json。"),
                Lang::En => format!("Showing {shown} of {total}; all are in report.json."),
            }
        );
    }
}

fn duplicates(m: &mut String, r: &Report, lang: Lang) {
    let d = &r.dups;
    let _ = writeln!(
        m,
        "## {}\n",
        lang.tr("近似文章", "Near-duplicate documents")
    );
    if d.near_duplicates.pairs.is_empty() {
        let _ = writeln!(m, "{}\n", lang.tr("没有近似文章。", "None."));
    } else {
        let mut pairs: Vec<&crate::dups::NearDuplicatePair<String>> =
            d.near_duplicates.pairs.iter().collect();
        let score = |p: &crate::dups::NearDuplicatePair<String>| p.jaccard.max(p.containment);
        pairs.sort_by(|a, b| {
            score(b)
                .total_cmp(&score(a))
                .then_with(|| (&a.a, &a.b).cmp(&(&b.a, &b.b)))
        });
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|",
            lang.tr("文章 A", "document A"),
            lang.tr("文章 B", "document B"),
            lang.tr("关系", "relation"),
            lang.tr("重合度", "overlap (Jaccard)"),
            lang.tr("包含率", "containment"),
        );
        for p in pairs.iter().take(50) {
            let kind = match (&p.kind, lang) {
                (PairKind::NearDuplicate, Lang::Zh) => "近似（互相）".to_string(),
                (PairKind::NearDuplicate, Lang::En) => "near duplicate (both ways)".to_string(),
                (PairKind::Containment { inside, within }, Lang::Zh) => format!(
                    "{} 的 {:.0}% 在 {} 中",
                    md_esc(inside),
                    p.containment * 100.0,
                    md_esc(within)
                ),
                (PairKind::Containment { inside, within }, Lang::En) => format!(
                    "{} is {:.0}% inside {}",
                    md_esc(inside),
                    p.containment * 100.0,
                    md_esc(within)
                ),
            };
            let _ = writeln!(
                m,
                "| {} | {} | {kind} | {:.3} | {:.3} |",
                snippet(title_of(r, &p.a), 40),
                snippet(title_of(r, &p.b), 40),
                p.jaccard,
                p.containment
            );
        }
        more(m, pairs.len(), 50, lang);
        let _ = writeln!(m);
    }
    if !d.rewrites.is_empty() {
        let _ = writeln!(
            m,
            "### {}\n\n| {} | {} | {} |\n|---|---|---:|",
            lang.tr("改写", "Rewrites"),
            lang.tr("文章 A", "document A"),
            lang.tr("文章 B", "document B"),
            lang.tr("用词相似度（余弦）", "word similarity (cosine)"),
        );
        for p in d.rewrites.iter().take(50) {
            let _ = writeln!(
                m,
                "| {} | {} | {:.3} |",
                snippet(title_of(r, &p.a), 40),
                snippet(title_of(r, &p.b), 40),
                p.cosine
            );
        }
        more(m, d.rewrites.len(), 50, lang);
        let _ = writeln!(m);
    }
}

fn passages(m: &mut String, r: &Report, lang: Lang) {
    let d = &r.dups;
    let _ = writeln!(m, "## {}\n", lang.tr("重复段落", "Repeated passages"));
    if r.views.passages.is_empty() {
        let _ = writeln!(m, "{}\n", lang.tr("没有重复段落。", "None."));
    } else {
        let _ = writeln!(
            m,
            "{}\n",
            lang.tr(
                "跨来源复制字数最多的排在前面，同一来源内的重复排在最后。",
                "Most characters copied across sources first; repeats inside one source last."
            )
        );
    }
    for (n, p) in r.views.passages.iter().take(30).enumerate() {
        let inside = if p.internal {
            lang.tr("（同一篇内重复）", " (repeated inside one document)")
        } else {
            ""
        };
        let _ = writeln!(
            m,
            "{}\n",
            match lang {
                Lang::Zh => format!(
                    "**段落 {}** · {} 字 · {} 处 · {} 个来源{inside}",
                    n + 1,
                    p.chars,
                    p.total_copies,
                    p.sources
                ),
                Lang::En => format!(
                    "**Passage {}** · {} characters · {} copies · {} {}{inside}",
                    n + 1,
                    p.chars,
                    p.total_copies,
                    p.sources,
                    if p.sources == 1 { "source" } else { "sources" }
                ),
            }
        );
        let _ = writeln!(m, "> {}\n", snippet(&p.copies[0].text, 120));
        for c in &p.copies {
            let alike = likeness(c.similarity, lang)
                .map(|l| format!(" · {l}"))
                .unwrap_or_default();
            let _ = writeln!(
                m,
                "- {} ({}) {}–{}{alike}",
                snippet(c.title.as_deref().unwrap_or(&c.doc), 40),
                md_esc(&c.doc),
                c.start,
                c.end
            );
        }
        for n in &p.nested {
            let _ = writeln!(
                m,
                "- {}",
                match lang {
                    Lang::Zh => format!(
                        "其中 {} 字（“{}”）还出现在：",
                        n.chars,
                        snippet(&n.text, 40)
                    ),
                    Lang::En => format!(
                        "inside it, {} characters (“{}”) also stand in:",
                        n.chars,
                        snippet(&n.text, 40)
                    ),
                }
            );
            for c in &n.copies {
                let _ = writeln!(
                    m,
                    "  - {} ({}) {}–{}",
                    snippet(c.title.as_deref().unwrap_or(&c.doc), 40),
                    md_esc(&c.doc),
                    c.start,
                    c.end
                );
            }
        }
        let _ = writeln!(m);
    }
    if d.passages.len() > 30 {
        more(m, d.passages.len(), 30, lang);
        let _ = writeln!(m);
    }
}

fn topics(m: &mut String, r: &Report, lang: Lang) {
    let t = &r.topics;
    let _ = writeln!(m, "## {}\n", lang.tr("主题", "Topics"));
    for note in &t.notes {
        let _ = writeln!(m, "_{}_\n", md_esc(&note.text(lang)));
    }
    let _ = writeln!(
        m,
        "| {} | {} | {} | {} | {} | {} |\n|---:|---|---:|---|---|---|",
        lang.tr("编号", "topic"),
        lang.tr("主题名", "label"),
        lang.tr("文章数", "size"),
        lang.tr("关键词", "top terms"),
        lang.tr("常见短语", "phrases"),
        lang.tr("代表文章", "representative documents"),
    );
    for topic in &t.topics {
        let terms: Vec<String> = topic
            .terms
            .iter()
            .take(8)
            .map(|w| md_esc(&w.term))
            .collect();
        let phrases: Vec<String> = topic.phrases.iter().take(5).map(|p| md_esc(p)).collect();
        let reps: Vec<String> = topic
            .representatives
            .iter()
            .take(3)
            .map(|d| snippet(title_of(r, d), 30))
            .collect();
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} |",
            topic.id,
            md_esc(&topic.label),
            topic.size,
            terms.join(" · "),
            phrases.join(" · "),
            reps.join(" · ")
        );
    }
    let _ = writeln!(m);
}

fn compare(m: &mut String, r: &Report, c: &crate::compare::Comparison, lang: Lang) {
    let _ = writeln!(
        m,
        "## {} {}\n",
        lang.tr("分组比较：按", "Comparison by"),
        md_esc(&c.by)
    );
    for note in &c.notes {
        let _ = writeln!(m, "_{}_\n", md_esc(&note.text(lang)));
    }
    let _ = writeln!(
        m,
        "| {} | {} | {} | {} | {} |\n|---|---:|---:|---|---|",
        lang.tr("组", "group"),
        lang.tr("文章数", "documents"),
        lang.tr("合并近似文章前", "before collapsing"),
        lang.tr("主要主题（篇数）", "main topics (documents)"),
        lang.tr("特色词 (z)", "distinctive terms (z)"),
    );
    for g in c.groups.iter().take(50) {
        let terms: Vec<String> = g
            .distinctive_terms
            .iter()
            .take(6)
            .map(|t| format!("{} ({:.1})", md_esc(&t.term), t.z))
            .collect();
        let warn = if g.warning.is_some() { " ⚠" } else { "" };
        let _ = writeln!(
            m,
            "| {}{warn} | {} | {} | {} | {} |",
            md_esc(&g.name),
            g.docs,
            g.docs_before_dedup,
            main_topics(r, g),
            terms.join(" · ")
        );
    }
    more(m, c.groups.len(), 50, lang);
    let _ = writeln!(m);
    examples(m, r, c.groups.iter(), lang);
    if let Some(p) = &c.pairwise {
        let _ = writeln!(
            m,
            "### {} {} {}\n",
            md_esc(&p.a.name),
            lang.tr("对比", "against"),
            md_esc(&p.b.name)
        );
        examples(m, r, [&p.a, &p.b].into_iter(), lang);
    }
}

/// A group's three largest topics with their shares and documents:
/// `0 label 60% (3)`.
fn main_topics(r: &Report, g: &crate::compare::Group) -> String {
    let mut shares: Vec<(usize, f64)> = g.topic_share.iter().copied().enumerate().collect();
    shares.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    shares
        .iter()
        .filter(|s| s.1 > 0.0)
        .take(3)
        .map(|&(t, x)| {
            let label = r
                .topics
                .topics
                .iter()
                .find(|x| x.id == t)
                .map(|x| format!("{t} {}", x.label))
                .unwrap_or_else(|| t.to_string());
            let n = g.topic_docs.get(t).copied().unwrap_or(0);
            format!("{} {:.0}% ({n})", md_esc(&label), x * 100.0)
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Groups and terms per group whose example sentences are listed.
const EXAMPLE_GROUPS: usize = 30;
const EXAMPLE_TERMS: usize = 6;

/// Under each group's first distinctive terms, the sentences they stand
/// for, the term in bold, each naming its document and linking to its text
/// in `index.html` when the page shows it.
fn examples<'g>(
    m: &mut String,
    r: &Report,
    groups: impl ExactSizeIterator<Item = &'g crate::compare::Group>,
    lang: Lang,
) {
    let total = groups.len();
    let shown = super::view::example_terms(groups, EXAMPLE_GROUPS, EXAMPLE_TERMS);
    for (i, (g, terms)) in shown.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(
                m,
                "{}\n",
                lang.tr(
                    "**特色词出自哪些句子**（每个词在该组不同文章中的例句；全部见 `report.json`）",
                    "**Where the distinctive terms stand** (each in sentences from different documents of its group; all are in `report.json`)"
                )
            );
        }
        let _ = writeln!(m, "_{}_\n", md_esc(&g.name));
        for t in terms {
            let _ = writeln!(m, "- **{}** (z {:.1})", md_esc(&t.term), t.z);
            for e in &t.examples {
                let shown = match super::view::kwic_parts(&e.text, &t.term) {
                    Some((before, term, after)) => {
                        format!("{}**{}**{}", md_esc(&before), md_esc(&term), md_esc(&after))
                    }
                    None => md_esc(&e.text),
                };
                let _ = writeln!(m, "  - {shown} — {}", doc_link(r, &e.doc));
            }
        }
        let _ = writeln!(m);
    }
    if !shown.is_empty() {
        more(m, total, EXAMPLE_GROUPS, lang);
    }
}

/// A document by title (its id when it has none), linked to its text in
/// `index.html` when the page shows it, else with its id.
fn doc_link(r: &Report, id: &str) -> String {
    let title = snippet(title_of(r, id), 40);
    match r.views.documents.iter().position(|d| d.id == id) {
        Some(i) => format!("[{title}](index.html#doc-{i})"),
        None if title_of(r, id) == id => title,
        None => format!("{title} ({})", md_esc(id)),
    }
}

fn documents(m: &mut String, r: &Report, lang: Lang) {
    let s = &r.summary;
    let extra = crate::summary::extra_field_names(&s.docs);
    let _ = writeln!(
        m,
        "## {} ({})\n\n{}\n",
        lang.tr("文章", "Documents"),
        s.documents,
        lang.tr("按复制比从高到低排列。", "By copied share, highest first.")
    );
    let mut head = vec![
        lang.tr("标题", "title").to_string(),
        lang.tr("复制比", "copied share").to_string(),
        lang.tr("主题", "topic").to_string(),
        lang.tr("近似文章簇", "near-duplicate cluster").to_string(),
    ];
    let mut align = vec!["---", "---:", "---", "---:"];
    // Date and source only when some document has one.
    let dates = s.docs.iter().any(|d| d.date.is_some());
    let sources = s.docs.iter().any(|d| d.source.is_some());
    if dates {
        head.push(lang.tr("日期", "date").to_string());
        align.push("---");
    }
    if sources {
        head.push(lang.tr("来源", "source").to_string());
        align.push("---");
    }
    head.extend(extra.iter().map(|f| md_esc(f)));
    head.push(lang.tr("正文字数", "body chars").to_string());
    align.extend(extra.iter().map(|_| "---"));
    align.push("---:");
    let _ = writeln!(m, "| {} |\n|{}|", head.join(" | "), align.join("|"));
    let rows = doc_rows(r);
    for row in rows.iter().take(50) {
        let d = row.doc;
        let mut cells = vec![
            format!(
                "{} ({})",
                snippet(d.title.as_deref().unwrap_or(&d.id), 40),
                md_esc(&d.id)
            ),
            if row.copied_chars == 0 {
                "0".to_string()
            } else {
                percent(row.share)
            },
            row.topic
                .map(|(t, l)| md_esc(&format!("{t} {l}")))
                .unwrap_or_default(),
            row.cluster.map(|c| c.to_string()).unwrap_or_default(),
        ];
        if dates {
            cells.push(md_esc(d.date.as_deref().unwrap_or("")));
        }
        if sources {
            cells.push(md_esc(d.source.as_deref().unwrap_or("")));
        }
        let fields = d.extra_fields();
        for f in &extra {
            cells.push(
                fields
                    .iter()
                    .find(|(k, _)| k == f)
                    .map(|(_, v)| snippet(v, 60))
                    .unwrap_or_default(),
            );
        }
        cells.push(d.body_chars.to_string());
        let _ = writeln!(m, "| {} |", cells.join(" | "));
    }
    more(m, s.documents, 50, lang);
    let _ = writeln!(m);
}

/// The skipped inputs by reason, and the first of them one by one.
fn skipped(m: &mut String, r: &Report, lang: Lang) {
    let s = &r.summary;
    if s.skipped.is_empty() {
        return;
    }
    let _ = writeln!(
        m,
        "## {} ({})\n",
        lang.tr("跳过的输入", "Skipped inputs"),
        s.skipped.len()
    );
    for k in &r.views.skipped {
        let _ = writeln!(m, "- {} ({})", md_esc(&k.reason), k.count);
    }
    let _ = writeln!(
        m,
        "\n<details><summary>{}</summary>\n",
        match lang {
            Lang::Zh => format!("逐项列表（{} 项）", s.skipped.len()),
            Lang::En => format!("One by one ({})", s.skipped.len()),
        }
    );
    let limit = r.views.limits.table_rows;
    for sk in s.skipped.iter().take(limit) {
        let line = sk.line.map(|l| format!(":{l}")).unwrap_or_default();
        let _ = writeln!(
            m,
            "- {}{line}: {}",
            md_esc(&sk.path.display().to_string()),
            md_esc(&sk.reason)
        );
    }
    more(m, s.skipped.len(), limit, lang);
    let _ = writeln!(m, "\n</details>");
}

/// Site boilerplate: each passage once, with the evidence of the rule.
fn boilerplate(m: &mut String, r: &Report, lang: Lang) {
    let found = &r.dups.boilerplate;
    let _ = writeln!(m, "## {}\n", lang.tr("网站样板文字", "Site boilerplate"));
    let _ = writeln!(
        m,
        "{}\n",
        md_esc(&super::view::boilerplate_rule(&r.settings, lang))
    );
    if found.is_empty() {
        let _ = writeln!(m, "{}\n", lang.tr("没有网站样板文字。", "None."));
        return;
    }
    let _ = writeln!(
        m,
        "| {} | {} | {} | {} | {} |\n|---|---:|---|---:|---:|",
        lang.tr("文字", "text"),
        lang.tr("文章数", "documents"),
        lang.tr("网站", "sites"),
        lang.tr("占正文比例（中位数）", "median share of body"),
        lang.tr("位于正文开头或结尾", "opens or closes the body"),
    );
    for b in found.iter().take(30) {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {:.0}% | {:.0}% |",
            snippet(&b.text, 80),
            b.documents,
            md_esc(&super::view::sites_line_in(&b.sites, 3, lang)),
            b.evidence.median_share * 100.0,
            b.evidence.at_edge * 100.0
        );
    }
    more(m, found.len(), 30, lang);
    let _ = writeln!(m);
}

/// The damaged documents, apart, with their reasons and shares; nothing
/// when there are none.
fn damaged(m: &mut String, r: &Report, lang: Lang) {
    let list = &r.summary.damaged;
    if list.is_empty() {
        return;
    }
    let what = match (r.dups.settings.params.keep_damaged, lang) {
        (true, Lang::Zh) => "它们仍参与了近似文章、重复段落和主题分析（`--keep-damaged`）。",
        (true, Lang::En) => {
            "They were kept in near-duplicates, passages and the topic model (`--keep-damaged`)."
        }
        (false, Lang::Zh) => {
            "它们不参与近似文章、重复段落和主题模型（各自归入最近的主题）；`--keep-damaged` 可保留它们。"
        }
        (false, Lang::En) => {
            "They take no part in near-duplicates, passages or the topic model (each takes the nearest topic); `--keep-damaged` keeps them in."
        }
    };
    let _ = writeln!(
        m,
        "## {} ({})\n\n{} {what}\n",
        lang.tr("受损文章", "Damaged documents"),
        list.len(),
        lang.tr(
            "正文大多是代码、替换字符（U+FFFD）或乱码的文章。",
            "Documents whose text is mostly code, replacement characters (U+FFFD) or mojibake."
        )
    );
    let _ = writeln!(
        m,
        "| {} | {} |\n|---|---|",
        lang.tr("文章", "document"),
        lang.tr("原因", "reasons")
    );
    for d in list.iter().take(50) {
        let _ = writeln!(
            m,
            "| {} | {} |",
            md_esc(&d.doc),
            md_esc(&describe(&d.reasons))
        );
    }
    more(m, list.len(), 50, lang);
    let _ = writeln!(m);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_neutralises_markup() {
        assert_eq!(
            md_esc("a|b <script> [x](y) *z*\n"),
            "a\\|b &lt;script&gt; \\[x\\](y) \\*z\\* "
        );
    }

    #[test]
    fn markdown_escaping_breaks_autolinks_and_strikethrough() {
        let out = md_esc("见 https://evil.example/x 和 www.evil.cn 或 a@b.cn ~~删除~~\u{1b}[2J");
        assert!(!out.contains("://") && !out.contains("www.") && !out.contains('@'));
        assert!(out.contains("\\~\\~删除\\~\\~"), "{out}");
        assert!(!out.contains('\u{1b}'));
        // The references show the same characters.
        assert!(out.contains("https&#58;//evil.example/x") && out.contains("www&#46;evil.cn"));
    }
}
