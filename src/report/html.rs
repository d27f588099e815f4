//! `index.html`: the report as one self-contained page.
//!
//! Takes a [`Report`] and gives the page as a string: inline CSS, no script,
//! no external fonts or images (charts are the report's own `charts/*.svg`,
//! referenced relatively), so it opens from the file system. Every piece of
//! corpus text goes through [`esc`]: a corpus is untrusted input.

use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use super::view::{CopyView, excerpt, likeness};
use super::{CHARTS, Report};
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
.passage { border-top: 1px solid var(--line); padding-top: 8px; margin-top: 12px; }
.copies { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 10px; }
.copy { border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; font-size: 14px; }
.nested { margin: 8px 0 0 24px; }
.copy .where { color: var(--muted); font-size: 12px; margin-bottom: 4px; }
.tag { display: inline-block; background: #fde7c7; color: #7a4300; border-radius: 3px; padding: 0 6px; font-size: 12px; margin-left: 6px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.charts figure { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: 8px; background: #fff; max-width: 100%; }
.charts img { display: block; max-width: 100%; height: auto; }
.charts figcaption { font-size: 13px; color: var(--muted); }
.doctext { white-space: pre-wrap; font-size: 14px; border-left: 3px solid var(--line); padding-left: 12px; }
.doctext .skip { color: #9aa4ae; }
a { color: var(--accent); }
"#;

/// Renders the page.
pub fn render(report: &Report, lang: Lang) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let inputs = report.inputs.join(", ");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>chachong report: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang.html(),
        esc(&inputs)
    );
    let _ = writeln!(
        h,
        "<header><h1>查重 chachong report</h1><p>{} · chachong {} · {} documents</p></header>",
        esc(&inputs),
        esc(report.chachong),
        report.summary.documents
    );
    h.push_str("<nav><a href=\"#summary\">Summary</a>");
    if !report.summary.damaged.is_empty() {
        h.push_str("<a href=\"#damaged\">Damaged documents</a>");
    }
    h.push_str("<a href=\"#charts\">Charts</a><a href=\"#duplicates\">Near-duplicates</a><a href=\"#passages\">Repeated passages</a><a href=\"#boilerplate\">Boilerplate</a><a href=\"#topics\">Topics</a>");
    if report.compare.is_some() {
        h.push_str("<a href=\"#compare\">Compare</a>");
    }
    h.push_str("<a href=\"#documents\">Documents</a></nav>\n<main>\n");

    // Anchors of documents whose text is on the page.
    let anchors: FxHashMap<&str, usize> = report
        .views
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let link = |id: &str| match anchors.get(id) {
        Some(i) => format!("<a href=\"#doc-{i}\">{}</a>", esc(id)),
        None => esc(id),
    };

    summary(&mut h, report);
    damaged(&mut h, report);
    charts(&mut h, report);
    duplicates(&mut h, report, &link);
    passages(&mut h, report, &link);
    boilerplate(&mut h, report);
    topics(&mut h, report, &link);
    if let Some(c) = &report.compare {
        compare(&mut h, report, c);
    }
    documents(&mut h, report, &link);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn summary(h: &mut String, r: &Report) {
    let s = &r.summary;
    h.push_str("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
    let dates = s
        .date_range
        .as_ref()
        .map(|(a, b)| format!("{a} – {b}"))
        .unwrap_or_else(|| "no dates".into());
    let near = r.dups.near_duplicates.clusters.len();
    let internal = r.views.passages.iter().filter(|p| p.internal).count();
    for (value, label) in [
        (s.documents.to_string(), "documents"),
        (s.body_chars.to_string(), "body characters"),
        (s.sources.len().to_string(), "sources"),
        (dates, "dates"),
        (near.to_string(), "near-duplicate clusters"),
        (r.dups.passages.len().to_string(), "repeated passages"),
        (internal.to_string(), "repeated inside one document"),
        (
            r.dups.boilerplate.len().to_string(),
            "site boilerplate passages",
        ),
        (r.topics.k.to_string(), "topics"),
        (s.damaged.len().to_string(), "damaged documents"),
        (s.skipped.len().to_string(), "skipped files or records"),
    ] {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{}</b><span>{label}</span></div>",
            esc(&value)
        );
    }
    h.push_str("</div>");
    if !s.sources.is_empty() {
        h.push_str("<h3>Sources</h3><p>");
        let list: Vec<String> = s
            .sources
            .iter()
            .map(|(k, v)| format!("{} ({v})", esc(k)))
            .collect();
        h.push_str(&list.join(" · "));
        h.push_str("</p>");
    }
    if !s.skipped.is_empty() {
        let _ = write!(
            h,
            "<h3>Skipped ({})</h3><table><tr><th>file</th><th>line</th><th>reason</th></tr>",
            s.skipped.len()
        );
        for sk in s.skipped.iter().take(r.views.limits.table_rows) {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&sk.path.display().to_string()),
                sk.line.map(|l| l.to_string()).unwrap_or_default(),
                esc(&sk.reason)
            );
        }
        h.push_str("</table>");
        if s.skipped.len() > r.views.limits.table_rows {
            let _ = write!(
                h,
                "<p class=\"note\">{} more in report.json.</p>",
                s.skipped.len() - r.views.limits.table_rows
            );
        }
    }
    h.push_str("</section>\n");
}

/// The damaged documents, apart, with their reasons and shares; nothing
/// when there are none.
fn damaged(h: &mut String, r: &Report) {
    let list = &r.summary.damaged;
    if list.is_empty() {
        return;
    }
    let what = if r.dups.settings.params.keep_damaged {
        "They were kept in near-duplicates, passages and the topic model (<code>--keep-damaged</code>)."
    } else {
        "They take no part in near-duplicates, passages or the topic model (each takes the nearest topic); <code>--keep-damaged</code> keeps them in."
    };
    let _ = write!(
        h,
        "<section id=\"damaged\"><h2>Damaged documents ({})</h2><p class=\"note\">Documents whose text is mostly code, replacement characters (U+FFFD) or mojibake, with the share of characters that says so. {what}</p>",
        list.len()
    );
    let title: FxHashMap<&str, &str> = r
        .summary
        .docs
        .iter()
        .filter_map(|d| d.title.as_deref().map(|t| (d.id.as_str(), t)))
        .collect();
    h.push_str("<table><tr><th>document</th><th>title</th><th>reasons</th></tr>");
    let limit = r.views.limits.table_rows;
    for d in list.iter().take(limit) {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.doc),
            esc(title.get(d.doc.as_str()).copied().unwrap_or("")),
            esc(&describe(&d.reasons))
        );
    }
    h.push_str("</table>");
    more(h, list.len(), limit);
    h.push_str("</section>\n");
}

fn charts(h: &mut String, r: &Report) {
    h.push_str("<section id=\"charts\"><h2>Charts</h2><div class=\"charts\">");
    for (file, caption, _) in CHARTS {
        if r.charts.iter().any(|c| c == file) {
            let _ = write!(
                h,
                "<figure><img src=\"charts/{file}\" alt=\"{caption}\"><figcaption>{caption}</figcaption></figure>"
            );
        }
    }
    h.push_str("</div>");
    let missing: Vec<&str> = CHARTS
        .iter()
        .filter(|(f, _, _)| !r.charts.iter().any(|c| c == f))
        .map(|(_, c, _)| *c)
        .collect();
    if !missing.is_empty() {
        let _ = write!(
            h,
            "<p class=\"note\">Not drawn for this corpus (no data for them): {}.</p>",
            missing.join("; ")
        );
    }
    h.push_str("</section>\n");
}

fn duplicates(h: &mut String, r: &Report, link: &dyn Fn(&str) -> String) {
    let d = &r.dups;
    let title: FxHashMap<&str, &str> = d
        .documents
        .iter()
        .filter_map(|e| e.title.as_deref().map(|t| (e.id.as_str(), t)))
        .collect();
    let named = |id: &str| match title.get(id) {
        Some(t) => format!("{} <span class=\"note\">{}</span>", link(id), esc(t)),
        None => link(id),
    };
    h.push_str("<section id=\"duplicates\"><h2>Near-duplicate documents</h2>");
    let p = &d.settings.params;
    let _ = write!(
        h,
        "<p class=\"note\">Pairs whose character {}-gram Jaccard reaches {} (near duplicates, both ways) or whose containment reaches {} (the document with fewer shingles inside the other), both over the same shingles, verified exactly. Rewrites: TF-IDF cosine at least {}.</p>",
        p.shingle, p.threshold, p.containment, p.rewrite_threshold
    );
    let limit = r.views.limits.table_rows;
    if d.near_duplicates.clusters.is_empty() {
        h.push_str("<p>No near-duplicate documents.</p>");
    } else {
        let _ = write!(
            h,
            "<h3>Clusters ({})</h3><table><tr><th>representative</th><th>members</th></tr>",
            d.near_duplicates.clusters.len()
        );
        for c in d.near_duplicates.clusters.iter().take(limit) {
            let members: Vec<String> = c
                .members
                .iter()
                .filter(|m| **m != c.representative)
                .map(|m| named(m))
                .collect();
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                named(&c.representative),
                members.join("<br>")
            );
        }
        h.push_str("</table>");
        let _ = write!(
            h,
            "<h3>Pairs ({})</h3><table><tr><th>a</th><th>b</th><th>kind</th><th>Jaccard</th><th>containment</th></tr>",
            d.near_duplicates.pairs.len()
        );
        for pair in d.near_duplicates.pairs.iter().take(limit) {
            let kind = match &pair.kind {
                PairKind::NearDuplicate => "near duplicate (both ways)".to_string(),
                PairKind::Containment { inside, within } => format!(
                    "{} is {:.0}% inside {}",
                    link(inside),
                    pair.containment * 100.0,
                    link(within)
                ),
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{kind}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td></tr>",
                named(&pair.a),
                named(&pair.b),
                pair.jaccard,
                pair.containment
            );
        }
        h.push_str("</table>");
        more(h, d.near_duplicates.pairs.len(), limit);
    }
    if d.rewrites.is_empty() {
        h.push_str("<h3>Rewrites</h3><p>No rewrites.</p>");
    } else {
        let _ = write!(
            h,
            "<h3>Rewrites ({})</h3><table><tr><th>a</th><th>b</th><th>cosine</th></tr>",
            d.rewrites.len()
        );
        for rw in d.rewrites.iter().take(limit) {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.3}</td></tr>",
                named(&rw.a),
                named(&rw.b),
                rw.cosine
            );
        }
        h.push_str("</table>");
        more(h, d.rewrites.len(), limit);
    }
    h.push_str("</section>\n");
}

fn more(h: &mut String, total: usize, shown: usize) {
    if total > shown {
        let _ = write!(
            h,
            "<p class=\"note\">Showing {shown} of {total}; all are in report.json.</p>"
        );
    }
}

fn passages(h: &mut String, r: &Report, link: &dyn Fn(&str) -> String) {
    let _ = write!(
        h,
        "<section id=\"passages\"><h2>Repeated passages ({})</h2>",
        r.dups.passages.len()
    );
    let _ = write!(
        h,
        "<p class=\"note\">Every passage of at least {} characters that stands in two or more places, inside one document or across documents, most characters copied across sources first (a document's source is its source field, else the document itself); repeats inside one source come last. Offsets are characters of the text as read.</p>",
        r.dups.settings.params.passages.min_chars
    );
    if r.views.passages.is_empty() {
        h.push_str("<p>No repeated passages.</p>");
    }
    for (n, p) in r.views.passages.iter().enumerate() {
        let _ = write!(
            h,
            "<div class=\"passage\" id=\"passage-{}\"><h3>Passage {} · {} characters · {} copies · {} {}{}</h3><div class=\"copies\">",
            p.group,
            n + 1,
            p.chars,
            p.total_copies,
            p.sources,
            if p.sources == 1 { "source" } else { "sources" },
            if p.internal {
                "<span class=\"tag\">repeated inside one document</span>"
            } else {
                ""
            }
        );
        for c in &p.copies {
            copy(h, c, link);
        }
        h.push_str("</div>");
        if p.total_copies > p.copies.len() {
            let _ = write!(
                h,
                "<p class=\"note\">Showing {} of {} copies; all are in report.json.</p>",
                p.copies.len(),
                p.total_copies
            );
        }
        for n in &p.nested {
            let _ = write!(
                h,
                "<div class=\"nested\"><p>Inside it, {} characters (“{}”) also stand in {} more {}:</p><div class=\"copies\">",
                n.chars,
                esc(&excerpt(&n.text, 40)),
                n.total_copies,
                if n.total_copies == 1 {
                    "place"
                } else {
                    "places"
                }
            );
            for c in &n.copies {
                copy(h, c, link);
            }
            h.push_str("</div></div>");
        }
        h.push_str("</div>");
    }
    more(h, r.dups.passages.len(), r.views.passages.len());
    h.push_str("</section>\n");
}

/// One copy of a passage in its context, with how closely it matches the
/// first copy.
fn copy(h: &mut String, c: &CopyView, link: &dyn Fn(&str) -> String) {
    let alike = likeness(c.similarity)
        .map(|l| format!(" · {l}"))
        .unwrap_or_default();
    let _ = write!(
        h,
        "<div class=\"copy\"><div class=\"where\">{} {} · {}–{}{alike}</div>…{}<mark>{}</mark>{}…</div>",
        link(&c.doc),
        esc(c.title.as_deref().unwrap_or("")),
        c.start,
        c.end,
        esc(&c.before),
        esc(&c.text),
        esc(&c.after)
    );
}

/// Site boilerplate: each passage once, with the evidence of the rule.
fn boilerplate(h: &mut String, r: &Report) {
    let found = &r.dups.boilerplate;
    let _ = write!(
        h,
        "<section id=\"boilerplate\"><h2>Site boilerplate ({})</h2><p class=\"note\">{}</p>",
        found.len(),
        esc(&crate::report::view::boilerplate_rule(&r.settings))
    );
    if found.is_empty() {
        h.push_str("<p>No site boilerplate.</p></section>\n");
        return;
    }
    h.push_str("<table><tr><th>text</th><th>documents</th><th>sites</th><th>median share of body</th><th>opens or closes the body</th></tr>");
    let rows = r.views.limits.table_rows;
    for b in found.iter().take(rows) {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{:.0}%</td><td class=\"num\">{:.0}%</td></tr>",
            esc(&excerpt(&b.text, 120)),
            b.documents,
            esc(&crate::report::view::sites_line(&b.sites, 3)),
            b.evidence.median_share * 100.0,
            b.evidence.at_edge * 100.0
        );
    }
    h.push_str("</table>");
    more(h, found.len(), found.len().min(rows));
    h.push_str("</section>\n");
}

fn topics(h: &mut String, r: &Report, link: &dyn Fn(&str) -> String) {
    let t = &r.topics;
    let _ = write!(h, "<section id=\"topics\"><h2>Topics ({})</h2>", t.k);
    let _ = write!(
        h,
        "<p class=\"note\">k chosen by {}.</p>",
        esc(&format!("{:?}", t.k_chosen_by).to_lowercase())
    );
    for note in &t.notes {
        let _ = write!(h, "<p class=\"warn\">{}</p>", esc(note));
    }
    h.push_str("<table><tr><th>topic</th><th>label</th><th class=\"num\">size</th><th>top terms</th><th>phrases</th><th>representative documents</th></tr>");
    for topic in &t.topics {
        let terms: Vec<String> = topic.terms.iter().take(10).map(|x| esc(&x.term)).collect();
        let phrases: Vec<String> = topic.phrases.iter().map(|x| esc(x)).collect();
        let reps: Vec<String> = topic.representatives.iter().map(|d| link(d)).collect();
        let _ = write!(
            h,
            "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            topic.id,
            esc(&topic.label),
            topic.size,
            terms.join(" · "),
            phrases.join(" · "),
            reps.join("<br>")
        );
    }
    h.push_str("</table></section>\n");
}

fn compare(h: &mut String, r: &Report, c: &crate::compare::Comparison) {
    let _ = write!(
        h,
        "<section id=\"compare\"><h2>Compare by {}</h2>",
        esc(&c.by)
    );
    for note in &c.notes {
        let _ = write!(h, "<p class=\"warn\">{}</p>", esc(note));
    }
    let label = |t: usize| {
        r.topics
            .topics
            .iter()
            .find(|x| x.id == t)
            .map(|x| format!("{t} {}", x.label))
            .unwrap_or_else(|| t.to_string())
    };
    h.push_str("<p class=\"note\">Distinctive terms: log-odds ratio with an informative Dirichlet prior against the rest of the corpus (Monroe, Colaresi and Quinn 2008), z-scores; near-duplicates counted once.</p>");
    h.push_str("<table><tr><th>group</th><th class=\"num\">documents</th><th class=\"num\">before collapsing duplicates</th><th>main topics</th><th>distinctive terms (z)</th></tr>");
    for g in c.groups.iter().take(r.views.limits.table_rows) {
        let mut shares: Vec<(usize, f64)> = g.topic_share.iter().copied().enumerate().collect();
        shares.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let topics: Vec<String> = shares
            .iter()
            .filter(|s| s.1 > 0.0)
            .take(3)
            .map(|(t, s)| format!("{} {:.0}%", esc(&label(*t)), s * 100.0))
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
            .map(|w| format!("<br><span class=\"warn\">{}</span>", esc(w)))
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
    more(h, c.groups.len(), r.views.limits.table_rows);
    if let Some(p) = &c.pairwise {
        let _ = write!(
            h,
            "<h3>{} against {}</h3><table><tr><th>group</th><th>terms it uses more than the other (z)</th></tr>",
            esc(&p.a.name),
            esc(&p.b.name)
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
    }
    h.push_str("</section>\n");
}

fn documents(h: &mut String, r: &Report, link: &dyn Fn(&str) -> String) {
    let s = &r.summary;
    let limit = r.views.limits.table_rows;
    let _ = write!(
        h,
        "<section id=\"documents\"><h2>Documents ({})</h2><table><tr><th>id</th><th>title</th><th>date</th><th>source</th><th>encoding</th><th class=\"num\">body chars</th><th class=\"num\">tokens</th><th>top terms</th></tr>",
        s.documents
    );
    for d in s.docs.iter().take(limit) {
        let terms: Vec<String> = d.top_terms.iter().take(6).map(|t| esc(&t.term)).collect();
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            link(&d.id),
            esc(d.title.as_deref().unwrap_or("")),
            esc(d.date.as_deref().unwrap_or("")),
            esc(d.source.as_deref().unwrap_or("")),
            esc(&d.encoding),
            d.body_chars,
            d.tokens,
            terms.join(" · ")
        );
    }
    h.push_str("</table>");
    more(h, s.documents, limit);
    let _ = write!(
        h,
        "<h3>Texts</h3><p class=\"note\">{} documents shown in full, those most involved in duplication first; copies of repeated passages are <mark>marked</mark>, text that is not body is dimmed.</p>",
        r.views.documents.len()
    );
    for (i, d) in r.views.documents.iter().enumerate() {
        let _ = write!(
            h,
            "<article id=\"doc-{i}\"><h3>{} <span class=\"note\">{} · {} · {}</span></h3><div class=\"doctext\">",
            esc(d.title.as_deref().unwrap_or(&d.id)),
            esc(&d.id),
            esc(d.date.as_deref().unwrap_or("")),
            esc(d.source.as_deref().unwrap_or(""))
        );
        for seg in &d.segments {
            match (seg.group, seg.excluded) {
                (Some(g), _) => {
                    let _ = write!(
                        h,
                        "<a href=\"#passage-{g}\"><mark>{}</mark></a>",
                        esc(&seg.text)
                    );
                }
                (None, true) => {
                    let _ = write!(h, "<span class=\"skip\">{}</span>", esc(&seg.text));
                }
                (None, false) => h.push_str(&esc(&seg.text)),
            }
        }
        h.push_str("</div></article>");
    }
    h.push_str("</section>\n");
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
}
