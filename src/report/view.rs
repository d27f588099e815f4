//! What the report shows beyond the stage results: passage copies in their
//! context, document texts with copies marked, and the similarity matrix.
//!
//! Takes the analysed corpus and the dups result and gives [`Views`], plain
//! serde data that `report.json` carries and the HTML and Markdown render, so
//! the JSON holds everything the page shows. Large corpora are cut to the
//! top of each list ([`Limits`]); the full stage results stay in the JSON.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analyze::Analysis;
use crate::clean::visible;
use crate::dups::DupsResult;
use crate::round4;
use crate::span::{CharIndex, Span};

/// How much the page shows; the rest is in the JSON's stage results.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Limits {
    /// Passage groups shown with their copies in context.
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
}

/// A passage group as shown: its copies, and whether they share a document.
#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    /// Index into `dups.passages`.
    pub group: usize,
    pub chars: u32,
    /// True when two or more copies stand in the same document.
    pub internal: bool,
    /// Copies of the group in all; `copies` holds the first few.
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

/// Everything the page shows that the stages do not give directly.
#[derive(Debug, Clone, Serialize)]
pub struct Views {
    pub limits: Limits,
    pub passages: Vec<PassageView>,
    pub documents: Vec<DocView>,
    pub similarity: Similarity,
}

/// Builds the views.
pub fn build(analysis: &Analysis, dups: &DupsResult, limits: Limits) -> Views {
    let index: FxHashMap<&str, usize> = analysis
        .docs
        .iter()
        .enumerate()
        .map(|(i, a)| (a.doc.id.as_str(), i))
        .collect();
    let mut char_index: FxHashMap<usize, CharIndex> = FxHashMap::default();

    // Passages: the groups with the most copies, then the longest.
    let mut order: Vec<usize> = (0..dups.passages.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&dups.passages[a], &dups.passages[b]);
        pb.copies
            .len()
            .cmp(&pa.copies.len())
            .then(pb.chars.cmp(&pa.chars))
            .then(a.cmp(&b))
    });
    order.truncate(limits.passages);
    order.sort_unstable();
    let passages: Vec<PassageView> = order
        .iter()
        .map(|&g| {
            let group = &dups.passages[g];
            let copies: Vec<CopyView> = group
                .copies
                .iter()
                .take(limits.copies)
                .filter_map(|c| {
                    let &i = index.get(c.doc.as_str())?;
                    let a = &analysis.docs[i];
                    let doc = &a.doc;
                    let ix = char_index
                        .entry(i)
                        .or_insert_with(|| CharIndex::new(&doc.text));
                    let n = ix.chars();
                    let (s, e) = (c.start.min(n), c.end.min(n));
                    // Context is body text only: look three times as far in
                    // the text as read, then keep `context` visible chars.
                    let reach = 3 * limits.context as u32;
                    let body = &a.cleaned.body;
                    let seen =
                        |from: u32, to: u32| visible(&doc.text, ix, body, Span::new(from, to));
                    let before = seen(s.saturating_sub(reach), s);
                    let after = seen(e, (e + reach).min(n));
                    let skip = before.chars().count().saturating_sub(limits.context);
                    Some(CopyView {
                        doc: c.doc.clone(),
                        title: doc.meta.title.clone(),
                        start: c.start,
                        end: c.end,
                        before: flat(&before.chars().skip(skip).collect::<String>()),
                        text: seen(s, e),
                        after: flat(&after.chars().take(limits.context).collect::<String>()),
                    })
                })
                .collect();
            let mut docs: Vec<&str> = group.copies.iter().map(|c| c.doc.as_str()).collect();
            let all = docs.len();
            docs.sort_unstable();
            docs.dedup();
            PassageView {
                group: g,
                chars: group.chars,
                internal: docs.len() < all,
                total_copies: group.copies.len(),
                copies,
            }
        })
        .collect();

    // Documents to show: those involved in duplicates first, then the rest,
    // in corpus order.
    let mut involvement = vec![0usize; analysis.docs.len()];
    for p in &dups.passages {
        for c in &p.copies {
            if let Some(&i) = index.get(c.doc.as_str()) {
                involvement[i] += 1;
            }
        }
    }
    for pair in &dups.near_duplicates.pairs {
        for id in [&pair.a, &pair.b] {
            if let Some(&i) = index.get(id.as_str()) {
                involvement[i] += 2;
            }
        }
    }
    let mut ranked: Vec<usize> = (0..analysis.docs.len()).collect();
    ranked.sort_by(|&a, &b| involvement[b].cmp(&involvement[a]).then(a.cmp(&b)));
    let mut shown_docs: Vec<usize> = ranked.iter().copied().take(limits.documents).collect();
    shown_docs.sort_unstable();
    let documents = shown_docs
        .iter()
        .map(|&i| doc_view(analysis, i, dups, &index))
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
        passages,
        documents,
        similarity,
    }
}

/// Newlines to spaces, for one-line context.
fn flat(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect()
}

fn doc_view(
    analysis: &Analysis,
    i: usize,
    dups: &DupsResult,
    index: &FxHashMap<&str, usize>,
) -> DocView {
    let a = &analysis.docs[i];
    let doc = &a.doc;
    let ix = CharIndex::new(&doc.text);
    let n = ix.chars();
    // Boundaries: copies of passages in this document, and body/not-body.
    let mut marks: Vec<(u32, u32, usize)> = Vec::new();
    for (g, p) in dups.passages.iter().enumerate() {
        for c in &p.copies {
            if index.get(c.doc.as_str()) == Some(&i) {
                marks.push((c.start.min(n), c.end.min(n), g));
            }
        }
    }
    marks.sort_unstable();
    let mut cuts: Vec<u32> = vec![0, n];
    for m in &marks {
        cuts.push(m.0);
        cuts.push(m.1);
    }
    for e in &a.cleaned.excluded {
        cuts.push(e.span.start.min(n));
        cuts.push(e.span.end.min(n));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut segments: Vec<Segment> = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        if s == e {
            continue;
        }
        let group = marks.iter().find(|m| m.0 <= s && e <= m.1).map(|m| m.2);
        let excluded = a
            .cleaned
            .excluded
            .iter()
            .any(|x| x.span.start <= s && e <= x.span.end);
        let text = ix.slice(&doc.text, Span::new(s, e));
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
