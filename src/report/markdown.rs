//! `report.md`: a readable summary that renders on a code-hosting site.
//!
//! Takes a [`Report`] and gives Markdown: the corpus summary, the charts as
//! images, near-duplicate clusters, rewrites, the top repeated passages with
//! their copies, topics and the documents table. Corpus text is escaped with
//! [`md_esc`] so it cannot open a link, an HTML tag or a table cell.

use std::fmt::Write as _;

use super::view::likeness;
use super::{CHARTS, Report, caption};
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

/// Renders the Markdown report.
pub fn render(r: &Report, lang: Lang) -> String {
    let mut m = String::new();
    let s = &r.summary;
    let _ = writeln!(
        m,
        "# 查重 chachong report: {}\n",
        md_esc(&r.inputs.join(", "))
    );
    let _ = writeln!(
        m,
        "chachong {} · full data in `report.json` · open `index.html` for the page with highlighted copies.\n",
        r.chachong
    );
    let _ = writeln!(m, "## Summary\n");
    let _ = writeln!(m, "| | |\n|---|---|");
    let dates = s
        .date_range
        .as_ref()
        .map(|(a, b)| format!("{} – {}", md_esc(a), md_esc(b)))
        .unwrap_or_else(|| "no dates".into());
    let rows = [
        ("documents", s.documents.to_string()),
        ("body characters", s.body_chars.to_string()),
        ("sources", s.sources.len().to_string()),
        ("dates", dates),
        (
            "near-duplicate clusters",
            r.dups.near_duplicates.clusters.len().to_string(),
        ),
        ("rewrites", r.dups.rewrites.len().to_string()),
        ("repeated passages", r.dups.passages.len().to_string()),
        (
            "site boilerplate passages",
            r.dups.boilerplate.len().to_string(),
        ),
        ("topics", r.topics.k.to_string()),
        ("damaged documents", s.damaged.len().to_string()),
        ("skipped files or records", s.skipped.len().to_string()),
    ];
    for (k, v) in rows {
        let _ = writeln!(m, "| {k} | {} |", md_esc(&v));
    }
    if !s.skipped.is_empty() {
        let _ = writeln!(m, "\nSkipped:\n");
        for sk in s.skipped.iter().take(20) {
            let line = sk.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(
                m,
                "- {}{line}: {}",
                md_esc(&sk.path.display().to_string()),
                md_esc(&sk.reason)
            );
        }
        if s.skipped.len() > 20 {
            let _ = writeln!(m, "- … and {} more in report.json", s.skipped.len() - 20);
        }
    }

    damaged(&mut m, r);

    let _ = writeln!(m, "\n## Charts\n");
    for (file, _, _) in CHARTS {
        if r.charts.iter().any(|c| c == file) {
            let caption = caption(file, lang);
            let _ = writeln!(m, "![{caption}](charts/{file})\n");
        }
    }

    let d = &r.dups;
    let _ = writeln!(m, "## Near-duplicate documents\n");
    if d.near_duplicates.pairs.is_empty() {
        let _ = writeln!(m, "None.\n");
    } else {
        let _ = writeln!(
            m,
            "| a | b | kind | Jaccard | containment |\n|---|---|---|---:|---:|"
        );
        for p in d.near_duplicates.pairs.iter().take(50) {
            let kind = match &p.kind {
                PairKind::NearDuplicate => "near duplicate (both ways)".to_string(),
                PairKind::Containment { inside, within } => format!(
                    "{} is {:.0}% inside {}",
                    md_esc(inside),
                    p.containment * 100.0,
                    md_esc(within)
                ),
            };
            let _ = writeln!(
                m,
                "| {} | {} | {kind} | {:.3} | {:.3} |",
                md_esc(&p.a),
                md_esc(&p.b),
                p.jaccard,
                p.containment
            );
        }
        if d.near_duplicates.pairs.len() > 50 {
            let _ = writeln!(
                m,
                "\n… {} pairs in all, in report.json.",
                d.near_duplicates.pairs.len()
            );
        }
        let _ = writeln!(m);
    }
    if !d.rewrites.is_empty() {
        let _ = writeln!(m, "### Rewrites\n\n| a | b | cosine |\n|---|---|---:|");
        for p in d.rewrites.iter().take(50) {
            let _ = writeln!(
                m,
                "| {} | {} | {:.3} |",
                md_esc(&p.a),
                md_esc(&p.b),
                p.cosine
            );
        }
        let _ = writeln!(m);
    }

    let _ = writeln!(m, "## Repeated passages\n");
    if r.views.passages.is_empty() {
        let _ = writeln!(m, "None.\n");
    } else {
        let _ = writeln!(
            m,
            "Most characters copied across sources first; repeats inside one source last.\n"
        );
    }
    for (n, p) in r.views.passages.iter().take(30).enumerate() {
        let inside = if p.internal {
            " (repeated inside one document)"
        } else {
            ""
        };
        let _ = writeln!(
            m,
            "**Passage {}** · {} characters · {} copies · {} {}{inside}\n",
            n + 1,
            p.chars,
            p.total_copies,
            p.sources,
            if p.sources == 1 { "source" } else { "sources" }
        );
        let _ = writeln!(m, "> {}\n", snippet(&p.copies[0].text, 120));
        for c in &p.copies {
            let alike = likeness(c.similarity)
                .map(|l| format!(" · {l}"))
                .unwrap_or_default();
            let _ = writeln!(
                m,
                "- {} characters {}–{}{alike}",
                md_esc(&c.doc),
                c.start,
                c.end
            );
        }
        for n in &p.nested {
            let _ = writeln!(
                m,
                "- inside it, {} characters (“{}”) also stand in:",
                n.chars,
                snippet(&n.text, 40)
            );
            for c in &n.copies {
                let _ = writeln!(m, "  - {} characters {}–{}", md_esc(&c.doc), c.start, c.end);
            }
        }
        let _ = writeln!(m);
    }
    if d.passages.len() > 30 {
        let _ = writeln!(
            m,
            "… {} passages in all, in report.json.\n",
            d.passages.len()
        );
    }

    boilerplate(&mut m, r);

    let t = &r.topics;
    let _ = writeln!(m, "## Topics\n");
    for note in &t.notes {
        let _ = writeln!(m, "_{}_\n", md_esc(note));
    }
    let _ = writeln!(
        m,
        "| topic | label | size | top terms | phrases |\n|---:|---|---:|---|---|"
    );
    for topic in &t.topics {
        let terms: Vec<String> = topic
            .terms
            .iter()
            .take(8)
            .map(|w| md_esc(&w.term))
            .collect();
        let phrases: Vec<String> = topic.phrases.iter().take(5).map(|p| md_esc(p)).collect();
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} |",
            topic.id,
            md_esc(&topic.label),
            topic.size,
            terms.join(" · "),
            phrases.join(" · ")
        );
    }

    if let Some(c) = &r.compare {
        let _ = writeln!(m, "\n## Compare by {}\n", md_esc(&c.by));
        for note in &c.notes {
            let _ = writeln!(m, "_{}_\n", md_esc(note));
        }
        let _ = writeln!(
            m,
            "| group | documents | before collapsing | distinctive terms (z) |\n|---|---:|---:|---|"
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
                "| {}{warn} | {} | {} | {} |",
                md_esc(&g.name),
                g.docs,
                g.docs_before_dedup,
                terms.join(" · ")
            );
        }
    }

    let _ = writeln!(
        m,
        "\n## Documents\n\n| id | title | date | source | body chars | top terms |\n|---|---|---|---|---:|---|"
    );
    for doc in s.docs.iter().take(50) {
        let terms: Vec<String> = doc
            .top_terms
            .iter()
            .take(5)
            .map(|w| md_esc(&w.term))
            .collect();
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} |",
            md_esc(&doc.id),
            md_esc(doc.title.as_deref().unwrap_or("")),
            md_esc(doc.date.as_deref().unwrap_or("")),
            md_esc(doc.source.as_deref().unwrap_or("")),
            doc.body_chars,
            terms.join(" · ")
        );
    }
    if s.docs.len() > 50 {
        let _ = writeln!(m, "\n… {} documents in all, in report.json.", s.docs.len());
    }
    m
}

/// Site boilerplate: each passage once, with the evidence of the rule.
fn boilerplate(m: &mut String, r: &Report) {
    let found = &r.dups.boilerplate;
    let _ = writeln!(m, "## Site boilerplate\n");
    let _ = writeln!(
        m,
        "{}\n",
        md_esc(&super::view::boilerplate_rule(&r.settings))
    );
    if found.is_empty() {
        let _ = writeln!(m, "None.\n");
        return;
    }
    let _ = writeln!(
        m,
        "| text | documents | sites | median share of body | opens or closes the body |\n|---|---:|---|---:|---:|"
    );
    for b in found.iter().take(30) {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {:.0}% | {:.0}% |",
            snippet(&b.text, 80),
            b.documents,
            md_esc(&super::view::sites_line(&b.sites, 3)),
            b.evidence.median_share * 100.0,
            b.evidence.at_edge * 100.0
        );
    }
    if found.len() > 30 {
        let _ = writeln!(m, "\n… {} in all, in report.json.", found.len());
    }
    let _ = writeln!(m);
}

/// The damaged documents, apart, with their reasons and shares; nothing
/// when there are none.
fn damaged(m: &mut String, r: &Report) {
    let list = &r.summary.damaged;
    if list.is_empty() {
        return;
    }
    let what = if r.dups.settings.params.keep_damaged {
        "They were kept in near-duplicates, passages and the topic model (`--keep-damaged`)."
    } else {
        "They take no part in near-duplicates, passages or the topic model (each takes the nearest topic); `--keep-damaged` keeps them in."
    };
    let _ = writeln!(
        m,
        "\n## Damaged documents\n\n{} documents whose text is mostly code, replacement characters (U+FFFD) or mojibake. {what}\n",
        list.len()
    );
    let _ = writeln!(m, "| document | reasons |\n|---|---|");
    for d in list.iter().take(50) {
        let _ = writeln!(
            m,
            "| {} | {} |",
            md_esc(&d.doc),
            md_esc(&describe(&d.reasons))
        );
    }
    if list.len() > 50 {
        let _ = writeln!(
            m,
            "\n… {} damaged documents in all, in report.json.",
            list.len()
        );
    }
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
