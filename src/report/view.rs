//! What the report shows beyond the stage results: passage copies in their
//! context, document texts with copies marked, and the similarity matrix.
//!
//! Takes the analysed corpus and the dups result and gives [`Views`], plain
//! serde data that `report.json` carries and the HTML and Markdown render, so
//! the JSON holds everything the page shows. Large corpora are cut to the
//! top of each list ([`Limits`]); the full stage results stay in the JSON.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analyze::{Analysis, DocIdx};
use crate::clean::visible;
use crate::dups::DupsResult;
use crate::dups::passages::{Alignment, Copy};
use crate::lang::Lang;
use crate::round4;
use crate::span::{CharIndex, Span};

/// How much the page shows; the rest is in the JSON's stage results.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Limits {
    /// Passage groups shown with their copies in context: the first, in
    /// the dups result's order (most interesting first).
    pub passages: usize,
    /// Copies shown per passage group.
    pub copies: usize,
    /// Documents whose text is shown with copies marked.
    pub documents: usize,
    /// Documents in the similarity heatmap.
    pub heatmap: usize,
    /// Rows of the documents table.
    pub table_rows: usize,
    /// Characters of context on each side of a copy.
    pub context: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            passages: 100,
            copies: 12,
            documents: 40,
            heatmap: 40,
            table_rows: 200,
            context: 40,
        }
    }
}

/// One copy of a passage with the text around it.
#[derive(Debug, Clone, Serialize)]
pub struct CopyView {
    pub doc: String,
    pub title: Option<String>,
    pub start: u32,
    pub end: u32,
    pub before: String,
    pub text: String,
    pub after: String,
    /// For a copy after the first: the similarity of its alignment with
    /// the first copy ([`crate::dups::passages::Alignment`]), 1 for an exact
    /// copy; none when the two were not aligned directly.
    pub similarity: Option<f64>,
}

/// A passage group as shown: its copies, and whether they share a document.
#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    /// Index into `dups.passages`.
    pub group: usize,
    pub chars: u32,
    /// Distinct sources of the copies (see [`crate::dups::passages::rank`]).
    pub sources: u32,
    /// True when two or more copies stand in the same document.
    pub internal: bool,
    /// Copies of the group in all; `copies` holds the first few.
    pub total_copies: usize,
    pub copies: Vec<CopyView>,
    /// Shorter passages inside this one that stand elsewhere too, each with
    /// its copies outside this passage's copies.
    pub nested: Vec<NestedView>,
}

/// A passage inside a longer one, shown with the longer one: where else it
/// stands.
#[derive(Debug, Clone, Serialize)]
pub struct NestedView {
    pub chars: u32,
    /// Its text, from its first copy.
    pub text: String,
    /// Its copies outside the longer passage's copies, in all; `copies`
    /// holds the first few.
    pub total_copies: usize,
    pub copies: Vec<CopyView>,
}

/// A piece of a document's text, marked when it is a passage copy.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub text: String,
    /// The passage group this piece is a copy of.
    pub group: Option<usize>,
    /// True for text that is not body (shown dimmed).
    pub excluded: bool,
}

/// A document's whole text, cut into marked and unmarked pieces.
#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub segments: Vec<Segment>,
}

/// TF-IDF cosine between the shown documents.
#[derive(Debug, Clone, Serialize)]
pub struct Similarity {
    pub docs: Vec<String>,
    pub cosine: Vec<Vec<f64>>,
}

/// How much of the corpus's body text is copied from elsewhere in the
/// corpus: the page's headline figure.
///
/// A body character counts as copied when it lies inside a copy of a
/// repeated passage (`dups.passages`, nested passages included) whose group
/// has copies in at least two documents. A passage repeated only inside one
/// document does not count; text that is not body (markup, site
/// boilerplate) never counts. Both sides of a copy count (the corpus does
/// not say which came first), each character once however many passages
/// hold it. Near-duplicate documents count through the passages they share.
#[derive(Debug, Clone, Serialize)]
pub struct Copied {
    /// Body characters of the corpus.
    pub body_chars: u64,
    /// Body characters copied from elsewhere in the corpus.
    pub copied_chars: u64,
    /// `copied_chars / body_chars` (0 for an empty corpus).
    pub share: f64,
    /// Documents with at least one copied body character.
    pub documents: usize,
    /// Documents in a near-duplicate cluster.
    pub near_duplicate_documents: usize,
    /// Every document with copied characters, by copied share (highest
    /// first), then id.
    pub docs: Vec<DocCopied>,
    /// Sources of the documents with copies, by copied characters (most
    /// first), then name; documents without a source are left out.
    pub sources: Vec<SourceCopied>,
}

/// One document's copied body text.
#[derive(Debug, Clone, Serialize)]
pub struct DocCopied {
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub body_chars: u32,
    pub copied_chars: u32,
    /// `copied_chars / body_chars`.
    pub share: f64,
}

/// One source's copied body text.
#[derive(Debug, Clone, Serialize)]
pub struct SourceCopied {
    pub source: String,
    /// Its documents with copies.
    pub documents: usize,
    pub copied_chars: u64,
    /// Body characters of all its documents.
    pub body_chars: u64,
    /// `copied_chars / body_chars`.
    pub share: f64,
}

/// The skipped inputs counted by reason, most first, then by reason.
#[derive(Debug, Clone, Serialize)]
pub struct SkipReason {
    pub reason: String,
    pub count: usize,
}

/// Everything the page shows that the stages do not give directly.
#[derive(Debug, Clone, Serialize)]
pub struct Views {
    pub limits: Limits,
    /// The headline figure: body text copied from elsewhere in the corpus.
    pub copied: Copied,
    /// `summary.skipped` counted by reason (the full list stays there).
    pub skipped: Vec<SkipReason>,
    pub passages: Vec<PassageView>,
    pub documents: Vec<DocView>,
    pub similarity: Similarity,
}

/// Builds the views.
pub fn build(analysis: &Analysis, dups: &DupsResult, limits: Limits) -> Views {
    let mut char_index: FxHashMap<usize, CharIndex> = FxHashMap::default();

    // Passages: the first groups, in the dups result's order (by interest).
    let aligned = Aligned::new(dups);
    let shown = dups.passages.len().min(limits.passages);
    let passages: Vec<PassageView> = (0..shown)
        .map(|g| {
            let group = &dups.passages[g];
            let first = &group.copies[0];
            let mut view = |c: &Copy| {
                let mut v = copy_view(analysis, &mut char_index, c, limits.context);
                if c != first {
                    v.similarity = aligned.similarity(first, c);
                }
                v
            };
            let copies: Vec<CopyView> = group
                .copies
                .iter()
                .take(limits.copies)
                .map(&mut view)
                .collect();
            let nested = group
                .nested
                .iter()
                .map(|n| {
                    let outside: Vec<&Copy> = n
                        .copies
                        .iter()
                        // Inside: at least half of it within a copy of
                        // the longer passage (as the nesting decided).
                        .filter(|c| {
                            !group
                                .copies
                                .iter()
                                .any(|p| 2 * p.overlap(c) >= c.end - c.start)
                        })
                        .collect();
                    NestedView {
                        chars: n.chars,
                        text: n.text.clone(),
                        total_copies: outside.len(),
                        copies: outside
                            .iter()
                            .take(limits.copies)
                            .map(|c| copy_view(analysis, &mut char_index, c, limits.context))
                            .collect(),
                    }
                })
                .collect();
            let mut docs: Vec<DocIdx> = group.copies.iter().map(|c| c.doc).collect();
            let all = docs.len();
            docs.sort_unstable();
            docs.dedup();
            PassageView {
                group: g,
                chars: group.chars,
                sources: group.sources,
                internal: docs.len() < all,
                total_copies: group.copies.len(),
                copies,
                nested,
            }
        })
        .collect();

    // Documents to show: those involved in duplicates first, then the rest,
    // in corpus order.
    let mut involvement = vec![0usize; analysis.docs.len()];
    for p in &dups.passages {
        for c in p
            .copies
            .iter()
            .chain(p.nested.iter().flat_map(|n| &n.copies))
        {
            involvement[c.doc.get()] += 1;
        }
    }
    for pair in &dups.near_duplicates.pairs {
        for id in [&pair.a, &pair.b] {
            involvement[id.get()] += 2;
        }
    }
    let mut ranked: Vec<usize> = (0..analysis.docs.len()).collect();
    ranked.sort_by(|&a, &b| involvement[b].cmp(&involvement[a]).then(a.cmp(&b)));
    let mut shown_docs: Vec<usize> = ranked.iter().copied().take(limits.documents).collect();
    shown_docs.sort_unstable();
    let documents = shown_docs
        .iter()
        .map(|&i| doc_view(analysis, i, dups))
        .collect();

    let mut heat: Vec<usize> = ranked.into_iter().take(limits.heatmap).collect();
    heat.sort_unstable();
    let vectors = &analysis.tfidf.vectors;
    let similarity = Similarity {
        docs: heat
            .iter()
            .map(|&i| analysis.docs[i].doc.id.clone())
            .collect(),
        cosine: heat
            .iter()
            .map(|&a| {
                heat.iter()
                    .map(|&b| match (vectors.get(a), vectors.get(b)) {
                        (Some(va), Some(vb)) => round4(va.dot(vb) as f64),
                        _ => 0.0,
                    })
                    .collect()
            })
            .collect(),
    };
    Views {
        limits,
        copied: copied(analysis, dups),
        skipped: skip_reasons(&analysis.skipped),
        passages,
        documents,
        similarity,
    }
}

/// The copied body characters of every document and their sums: see
/// [`Copied`]. Linear in the copies and body spans.
pub fn copied(analysis: &Analysis, dups: &DupsResult) -> Copied {
    let n = analysis.docs.len();
    let mut spans: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
    let groups = dups
        .passages
        .iter()
        .flat_map(|p| std::iter::once(p).chain(p.nested.iter()));
    for g in groups {
        let first = g.copies.first().map(|c| c.doc);
        if !g.copies.iter().any(|c| Some(c.doc) != first) {
            continue; // repeated inside one document only
        }
        for c in &g.copies {
            if let Some(v) = spans.get_mut(c.doc.get()) {
                v.push((c.start, c.end));
            }
        }
    }
    let mut docs: Vec<DocCopied> = Vec::new();
    let mut by_source: FxHashMap<&str, (usize, u64)> = FxHashMap::default();
    let mut source_body: FxHashMap<&str, u64> = FxHashMap::default();
    let mut body_total = 0u64;
    for (i, a) in analysis.docs.iter().enumerate() {
        let body = a.cleaned.body_chars();
        body_total += u64::from(body);
        if let Some(s) = &a.doc.meta.source {
            *source_body.entry(s.as_str()).or_default() += u64::from(body);
        }
        let copied = covered(&mut spans[i], &a.cleaned.body);
        if copied == 0 {
            continue;
        }
        if let Some(s) = &a.doc.meta.source {
            let e = by_source.entry(s.as_str()).or_default();
            e.0 += 1;
            e.1 += u64::from(copied);
        }
        docs.push(DocCopied {
            id: a.doc.id.clone(),
            title: a.doc.meta.title.clone(),
            source: a.doc.meta.source.clone(),
            body_chars: body,
            copied_chars: copied,
            share: ratio(u64::from(copied), u64::from(body)),
        });
    }
    docs.sort_by(|x, y| y.share.total_cmp(&x.share).then_with(|| x.id.cmp(&y.id)));
    let mut sources: Vec<SourceCopied> = by_source
        .into_iter()
        .map(|(s, (documents, copied_chars))| {
            let body_chars = source_body.get(s).copied().unwrap_or(0);
            SourceCopied {
                source: s.to_string(),
                documents,
                copied_chars,
                body_chars,
                share: ratio(copied_chars, body_chars),
            }
        })
        .collect();
    sources.sort_by(|x, y| {
        y.copied_chars
            .cmp(&x.copied_chars)
            .then_with(|| x.source.cmp(&y.source))
    });
    let copied_chars = docs.iter().map(|d| u64::from(d.copied_chars)).sum();
    let near: BTreeSet<DocIdx> = dups
        .near_duplicates
        .clusters
        .iter()
        .flat_map(|c| c.members.iter().copied())
        .collect();
    Copied {
        body_chars: body_total,
        copied_chars,
        share: ratio(copied_chars, body_total),
        documents: docs.len(),
        near_duplicate_documents: near.len(),
        docs,
        sources,
    }
}

/// `a / b` rounded to four places, 0 when `b` is 0.
fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        round4(a as f64 / b as f64)
    }
}

/// Characters of `body` (sorted disjoint spans) inside the union of
/// `spans` (sorted here).
fn covered(spans: &mut [(u32, u32)], body: &[Span]) -> u32 {
    spans.sort_unstable();
    let mut total = 0u32;
    let mut b = 0usize;
    let mut i = 0usize;
    while i < spans.len() {
        // One merged run of overlapping spans.
        let (start, mut end) = spans[i];
        i += 1;
        while i < spans.len() && spans[i].0 <= end {
            end = end.max(spans[i].1);
            i += 1;
        }
        while b < body.len() && body[b].end <= start {
            b += 1;
        }
        let mut k = b;
        while k < body.len() && body[k].start < end {
            total += body[k]
                .end
                .min(end)
                .saturating_sub(body[k].start.max(start));
            k += 1;
        }
    }
    total
}

/// The skipped inputs counted by reason.
pub fn skip_reasons(skipped: &[crate::corpus::Skipped]) -> Vec<SkipReason> {
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for s in skipped {
        *counts.entry(s.reason.as_str()).or_default() += 1;
    }
    let mut out: Vec<SkipReason> = counts
        .into_iter()
        .map(|(reason, count)| SkipReason {
            reason: reason.to_string(),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
    out
}

/// The boilerplate rule with its settings, in one sentence for the page.
pub fn boilerplate_rule(settings: &crate::analyze::AnalyzeParams, lang: Lang) -> String {
    match (&settings.boilerplate, lang) {
        (None, Lang::Zh) => "网站样板文字保留在正文中（--keep-boilerplate）。".into(),
        (None, Lang::En) => "Site boilerplate was kept in the bodies (--keep-boilerplate).".into(),
        (Some(p), Lang::Zh) => format!(
            "网站样板文字（导航、版权声明之类）不计入近似文章、重复段落和主题：一段文字出现在至少 {} 篇文章中，中位数只占正文的 {:.0}% 以内，至少 {:.0}% 的出处在同一网站，且不含日期或电头（带日期的文字是新闻，被复制即是发现）。",
            p.min_docs,
            p.max_share * 100.0,
            p.min_site_share * 100.0
        ),
        (Some(p), Lang::En) => format!(
            "A passage is site boilerplate, left out of near-duplicates, passages and topics, when it stands in at least {} documents, covers at most {:.0}% of their bodies (median), has at least {:.0}% of its documents on one site, and holds no date or dateline (a dated text is a news story, and copying it is a finding).",
            p.min_docs,
            p.max_share * 100.0,
            p.min_site_share * 100.0
        ),
    }
}

/// How closely a copy matches the first copy of its passage, in words.
pub fn likeness(similarity: Option<f64>, lang: Lang) -> Option<String> {
    similarity.map(|x| {
        if x >= 1.0 {
            lang.tr("原样复制", "exact copy").to_string()
        } else {
            // Floored: an edited copy never reads as 100% alike.
            let pct = (x * 100.0).floor();
            match lang {
                Lang::Zh => format!("改动后复制，相似 {pct:.0}%"),
                Lang::En => format!("edited copy, {pct:.0}% alike"),
            }
        }
    })
}

/// The first `n` chars of `s` on one line, with `…` when cut.
pub fn excerpt(s: &str, n: usize) -> String {
    let mut out: String = flat(s).chars().take(n).collect();
    if s.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

/// The first `n_groups` of `groups` with their first `n_terms`
/// distinctive terms that have example sentences; groups without any are
/// left out.
pub fn example_terms<'g>(
    groups: impl Iterator<Item = &'g crate::compare::Group>,
    n_groups: usize,
    n_terms: usize,
) -> Vec<(
    &'g crate::compare::Group,
    Vec<&'g crate::compare::DistinctiveTerm>,
)> {
    groups
        .take(n_groups)
        .map(|g| {
            let terms = g
                .distinctive_terms
                .iter()
                .take(n_terms)
                .filter(|t| !t.examples.is_empty())
                .collect::<Vec<_>>();
            (g, terms)
        })
        .filter(|(_, terms)| !terms.is_empty())
        .collect()
}

/// An example sentence of a distinctive term ([`Example::text`]) as the
/// text before the term, the term and the text after it. The sentence is
/// matched as the normalised view folds it
/// ([`fold_str`](crate::normalize::fold_str): one char for one, so
/// traditional characters are found by their simplified term): the
/// occurrence right after the cut context when the sentence is cut before
/// the term, else its first. `None` when the term is not found.
///
/// [`Example::text`]: crate::compare::Example::text
pub fn kwic_parts(text: &str, term: &str) -> Option<(String, String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = crate::normalize::fold_str(text).chars().collect();
    let term: Vec<char> = term.chars().collect();
    if term.is_empty() || folded.len() != chars.len() {
        return None;
    }
    let at = |i: usize| folded.get(i..i + term.len()) == Some(&term[..]);
    let cut = crate::compare::CONTEXT_CHARS + 1;
    let i = if chars.first() == Some(&'…') && at(cut) {
        cut
    } else {
        (0..folded.len()).find(|&i| at(i))?
    };
    let piece = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
    Some((
        piece(0..i),
        piece(i..i + term.len()),
        piece(i + term.len()..chars.len()),
    ))
}

/// `site (documents)` for the first `n` sites, and how many more.
pub fn sites_line(sites: &[crate::boilerplate::SiteCount], n: usize) -> String {
    sites_line_in(sites, n, Lang::En)
}

/// [`sites_line`] in `lang`.
pub fn sites_line_in(sites: &[crate::boilerplate::SiteCount], n: usize, lang: Lang) -> String {
    let mut parts: Vec<String> = sites
        .iter()
        .take(n)
        .map(|s| format!("{} ({})", s.site, s.documents))
        .collect();
    if sites.len() > n {
        parts.push(match lang {
            Lang::Zh => format!("另 {} 个", sites.len() - n),
            Lang::En => format!("{} more", sites.len() - n),
        });
    }
    parts.join(", ")
}

/// One copy in its context: up to `context` visible body chars on each
/// side.
fn copy_view(
    analysis: &Analysis,
    char_index: &mut FxHashMap<usize, CharIndex>,
    c: &Copy,
    context: usize,
) -> CopyView {
    let i = c.doc.get();
    let a = &analysis.docs[i];
    let doc = &a.doc;
    let ix = char_index
        .entry(i)
        .or_insert_with(|| CharIndex::new(&doc.text));
    let n = ix.chars();
    let (s, e) = (c.start.min(n), c.end.min(n));
    // Context is body text only: look three times as far in the text as
    // read, then keep `context` visible chars.
    let reach = 3 * context as u32;
    let body = &a.cleaned.body;
    let seen = |from: u32, to: u32| visible(&doc.text, ix, body, Span::new(from, to));
    let before = seen(s.saturating_sub(reach), s);
    let after = seen(e, (e + reach).min(n));
    let skip = before.chars().count().saturating_sub(context);
    CopyView {
        doc: doc.id.clone(),
        title: doc.meta.title.clone(),
        start: c.start,
        end: c.end,
        before: flat(&before.chars().skip(skip).collect::<String>()),
        text: seen(s, e),
        after: flat(&after.chars().take(context).collect::<String>()),
        similarity: None,
    }
}

/// The alignments of the dups result by pair of documents, to say how
/// closely two copies of a group match.
struct Aligned<'a> {
    by_pair: FxHashMap<(DocIdx, DocIdx), Vec<&'a Alignment>>,
}

impl<'a> Aligned<'a> {
    fn new(dups: &'a DupsResult) -> Self {
        let mut by_pair: FxHashMap<(DocIdx, DocIdx), Vec<&Alignment>> = FxHashMap::default();
        for x in &dups.alignments {
            by_pair.entry((x.a.doc, x.b.doc)).or_default().push(x);
        }
        Aligned { by_pair }
    }

    /// The highest similarity of an alignment between places overlapping
    /// copies `x` and `y`.
    fn similarity(&self, x: &Copy, y: &Copy) -> Option<f64> {
        let (x, y) = if (x.doc, x.start) <= (y.doc, y.start) {
            (x, y)
        } else {
            (y, x)
        };
        self.by_pair
            .get(&(x.doc, y.doc))?
            .iter()
            .filter(|al| x.overlap(&al.a) > 0 && y.overlap(&al.b) > 0)
            .map(|al| al.similarity)
            .max_by(f64::total_cmp)
    }
}

/// Newlines to spaces, for one-line context.
fn flat(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect()
}

fn doc_view(analysis: &Analysis, i: usize, dups: &DupsResult) -> DocView {
    let a = &analysis.docs[i];
    let doc = &a.doc;
    let ix = CharIndex::new(&doc.text);
    let n = ix.chars();
    // Boundaries: copies of passages in this document, and body/not-body.
    let mut marks: Vec<(u32, u32, usize)> = Vec::new();
    // Copies of a nested passage are marked as copies of the passage that
    // holds it, where the page shows them.
    for (g, p) in dups.passages.iter().enumerate() {
        for c in p
            .copies
            .iter()
            .chain(p.nested.iter().flat_map(|n| &n.copies))
        {
            if c.doc.get() == i {
                marks.push((c.start.min(n), c.end.min(n), g));
            }
        }
    }
    let excluded: Vec<Span> = a.cleaned.excluded.iter().map(|x| x.span).collect();
    let mut segments: Vec<Segment> = Vec::new();
    for (span, group, excluded) in pieces(n, marks, &excluded) {
        let text = ix.slice(&doc.text, span);
        match segments.last_mut() {
            Some(last) if last.group == group && last.excluded == excluded => {
                last.text.push_str(text)
            }
            _ => segments.push(Segment {
                text: text.to_string(),
                group,
                excluded,
            }),
        }
    }
    DocView {
        id: doc.id.clone(),
        title: doc.meta.title.clone(),
        date: doc.meta.date.clone(),
        source: doc.meta.source.clone(),
        segments,
    }
}

/// The pieces of a text of `n` chars between every start and end of the
/// `marks` (passage copies: start, end, group) and the `excluded` spans, in
/// order, with the group of the first mark (in sorted order) holding the
/// piece and whether some excluded span holds it.
///
/// One sweep (a document with 100,000 list items has 200,000 excluded tags:
/// looking each piece up in every span was quadratic). Every span starts
/// and ends on a cut, so a piece is either wholly inside a span or wholly
/// outside it.
fn pieces(
    n: u32,
    mut marks: Vec<(u32, u32, usize)>,
    excluded: &[Span],
) -> Vec<(Span, Option<usize>, bool)> {
    for m in &mut marks {
        (m.0, m.1) = (m.0.min(n), m.1.min(n));
    }
    marks.sort_unstable();
    let mut cuts: Vec<u32> = vec![0, n];
    for m in &marks {
        cuts.push(m.0);
        cuts.push(m.1);
    }
    for e in excluded {
        cuts.push(e.start.min(n));
        cuts.push(e.end.min(n));
    }
    cuts.sort_unstable();
    cuts.dedup();
    // Excluded spans that have started and those that have ended, by
    // position: a piece is excluded when more have started than ended.
    let (mut starts, mut ends): (Vec<u32>, Vec<u32>) = excluded
        .iter()
        .map(|x| (x.start.min(n), x.end.min(n)))
        .filter(|(s, e)| s < e)
        .unzip();
    starts.sort_unstable();
    ends.sort_unstable();
    let (mut started, mut ended) = (0, 0);
    // Marks that have started and not ended; the first is the piece's.
    let mut open: BTreeSet<(u32, u32, usize)> = BTreeSet::new();
    let mut closing: BinaryHeap<Reverse<(u32, u32, usize)>> = BinaryHeap::new();
    let mut next_mark = 0;
    let mut out = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        while next_mark < marks.len() && marks[next_mark].0 <= s {
            let m = marks[next_mark];
            if m.0 < m.1 {
                open.insert(m);
                closing.push(Reverse((m.1, m.0, m.2)));
            }
            next_mark += 1;
        }
        while let Some(&Reverse((end, start, g))) = closing.peek() {
            if end > s {
                break;
            }
            open.remove(&(start, end, g));
            closing.pop();
        }
        while started < starts.len() && starts[started] <= s {
            started += 1;
        }
        while ended < ends.len() && ends[ended] <= s {
            ended += 1;
        }
        out.push((Span::new(s, e), open.first().map(|m| m.2), started > ended));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kwic_parts_find_the_term_also_in_traditional_characters() {
        let parts =
            |text: &str, term: &str| kwic_parts(text, term).map(|(a, b, c)| format!("{a}[{b}]{c}"));
        assert_eq!(
            parts("他说芯片很好，芯片", "芯片").unwrap(),
            "他说[芯片]很好，芯片"
        );
        assert_eq!(parts("網絡平臺的發展", "发展").unwrap(), "網絡平臺的[發展]");
        assert_eq!(parts("没有", "芯片"), None);
        // Cut before the term: the occurrence right after the context.
        let text = format!(
            "…芯片{}芯片后",
            "的".repeat(crate::compare::CONTEXT_CHARS - 2)
        );
        let shown = parts(&text, "芯片").unwrap();
        assert!(shown.ends_with("的[芯片]后"), "{shown}");
    }

    /// The definition: each piece looked up in every mark and span.
    fn pieces_by_search(
        n: u32,
        mut marks: Vec<(u32, u32, usize)>,
        excluded: &[Span],
    ) -> Vec<(Span, Option<usize>, bool)> {
        for m in &mut marks {
            (m.0, m.1) = (m.0.min(n), m.1.min(n));
        }
        marks.sort_unstable();
        let mut cuts: Vec<u32> = vec![0, n];
        for m in &marks {
            cuts.extend([m.0, m.1]);
        }
        for e in excluded {
            cuts.extend([e.start.min(n), e.end.min(n)]);
        }
        cuts.sort_unstable();
        cuts.dedup();
        cuts.windows(2)
            .map(|w| {
                let (s, e) = (w[0], w[1]);
                let group = marks.iter().find(|m| m.0 <= s && e <= m.1).map(|m| m.2);
                let excluded = excluded.iter().any(|x| x.start <= s && e <= x.end);
                (Span::new(s, e), group, excluded)
            })
            .collect()
    }

    #[test]
    fn one_sweep_gives_what_searching_every_span_gives() {
        let mut x: u64 = 7;
        let mut next = |m: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) % m) as u32
        };
        for round in 0..200 {
            let n = 1 + next(300);
            let span = |next: &mut dyn FnMut(u64) -> u32| {
                // Now and then past the end, or empty.
                let s = next(u64::from(n) + 20);
                Span::new(s, s + next(60))
            };
            let marks: Vec<(u32, u32, usize)> = (0..next(12))
                .map(|_| {
                    let sp = span(&mut next);
                    (sp.start, sp.end, next(5) as usize)
                })
                .collect();
            let excluded: Vec<Span> = (0..next(12)).map(|_| span(&mut next)).collect();
            assert_eq!(
                pieces(n, marks.clone(), &excluded),
                pieces_by_search(n, marks.clone(), &excluded),
                "round {round}: n {n}, marks {marks:?}, excluded {excluded:?}"
            );
        }
    }

    #[test]
    fn nested_and_overlapping_spans() {
        let marks = vec![(2, 8, 1), (4, 6, 0), (6, 12, 2)];
        let excluded = [Span::new(0, 3), Span::new(1, 2), Span::new(10, 20)];
        let got: Vec<(u32, u32, Option<usize>, bool)> = pieces(15, marks, &excluded)
            .into_iter()
            .map(|(s, g, x)| (s.start, s.end, g, x))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 1, None, true),
                (1, 2, None, true),
                (2, 3, Some(1), true),
                (3, 4, Some(1), false),
                (4, 6, Some(1), false),
                (6, 8, Some(1), false),
                (8, 10, Some(2), false),
                (10, 12, Some(2), true),
                (12, 15, None, true),
            ]
        );
    }

    #[test]
    fn covered_counts_body_chars_under_the_union_of_copies_once() {
        // Body 0..10 and 20..30; copies overlap each other and a gap.
        let body = [Span::new(0, 10), Span::new(20, 30)];
        let mut spans = vec![(5, 12), (8, 25), (28, 40), (29, 31)];
        // 5..10 (5) + 20..25 (5) + 28..30 (2)
        assert_eq!(covered(&mut spans, &body), 12);
        assert_eq!(covered(&mut [], &body), 0);
        assert_eq!(covered(&mut [(0, 100)], &body), 20);
        assert_eq!(covered(&mut [(10, 20)], &body), 0);
    }
}
