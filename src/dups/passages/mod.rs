//! Repeated passages: text that stands in two or more places.
//!
//! Takes analysed documents ([`Analyzed`]) and gives [`Passages`]: one
//! [`PassageGroup`] per passage of at least [`PassageParams::min_chars`]
//! characters that stands in two or more places, in one document or in
//! several, with every place it stands in ([`Copy`](struct@Copy), a span of
//! the text as read), and one [`Alignment`] per pair of places and passage.
//!
//! Matching compares the matchable chars of each body's normalised view
//! (see [`crate::fingerprint::matchable`](mod@crate::fingerprint::matchable)), so punctuation, spacing, full/half
//! width, case and traditional/simplified variants never break a match. The
//! steps, each in its own file:
//!
//! 1. [`winnow`]: every document's k-grams of matchable chars are hashed and
//!    winnowed; fingerprints go into an inverted index (hash → postings).
//! 2. `align.rs`: postings shared by two places become seeds; seeds grow into
//!    exact matches; each grows outward through edits (`extend.rs`: changed,
//!    dropped or added chars), and the regions join across a dropped, moved
//!    or swapped sentence into aligned passages, no two of one pair of
//!    documents overlapping on both sides.
//! 3. `group.rs`: aligned pairs join into groups, one per passage, with one
//!    copy per place, and the number of distinct sources of its copies; a
//!    shorter group that would repeat a pair of a longer one is nested in
//!    it.
//!
//! [`find`] gives the groups in place order; [`rank`] (`rank.rs`, which
//! `dups` applies) orders them by interest: characters copied across
//! distinct sources first, repeats inside one document or source after.
//!
//! # Guarantee
//!
//! With k-grams of `kgram` chars and windows of `window` k-grams, any run of
//! at least `window + kgram - 1` identical matchable chars (21 with the
//! defaults, [`PassageParams::guarantee`]) shared by two places yields a
//! seed, as long as its fingerprints stand in at most `max_postings` places.
//! A passage of `min_chars` = 30 characters as read holds 21 matchable
//! chars unless more than a quarter of it is punctuation or space, so an
//! exact copy of it is always found; an edited copy is found when one of
//! its unchanged stretches holds a seed, and is reported whole when exact
//! matches of at least 4 chars follow one another across its edits within
//! `max_gap` and cover `min_coverage` of it.
//!
//! A fingerprint in more places (5,000 reprints of one paragraph) seeds
//! only its first place (in input order) against each other place, so seeds,
//! alignments and groups stay linear in the places, and a passage
//! reprinted thousands of times is one group with every copy as long as its
//! first copy holds it whole. A document holding one fingerprint more than
//! `max_postings` times (a text repeating one stretch) is left out of that
//! fingerprint's seeds.
//!
//! # Example
//!
//! ```
//! use chachong::analyze::{Analyzed, DocIdx};
//! use chachong::corpus::{Document, Format};
//! use chachong::params::ParamGuard;
//! use chachong::dups::passages::{PassageParams, find};
//! use chachong::segment::Segmenter;
//!
//! let para = "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究。";
//! let doc = |id: &str, text: String| {
//!     let doc = Document {
//!         id: id.into(),
//!         path: id.into(),
//!         line: None,
//!         format: Format::Jsonl,
//!         encoding: "UTF-8".into(),
//!         text,
//!         meta: Default::default(),
//!         excluded: vec![],
//!         entities: vec![],
//!     };
//!     Analyzed::new(doc, Segmenter::shared(), &Default::default()).0
//! };
//! let docs = vec![
//!     doc("a", format!("青岛全面助推工业互联网发展。{para}")),
//!     doc("b", format!("{para}会展中心今日举行开幕式。")),
//! ];
//! let params = PassageParams::default().check()?;
//! let groups = find(&docs, &params).groups;
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].text, para);
//! assert_eq!(groups[0].copies[1].doc, DocIdx(1));
//! assert_eq!(groups[0].copies[1].start, 0);
//! # Ok::<(), chachong::dups::passages::PassageParamsError>(())
//! ```

mod align;
mod extend;
mod group;
mod rank;

pub use rank::rank;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::{Analyzed, DocIdx};
use crate::fingerprint::{matchable, winnow};
use crate::params::{Checked, ParamGuard};
use crate::span::{CharIndex, Span};

use align::{AlignParams, Seed, Text};
use group::{Pair, Place};

/// Settings for passage finding. Lengths in chars are matchable chars
/// (letters, digits, CJK) except `min_chars`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PassageParams {
    /// Shortest passage reported, in characters of the text as read (every
    /// copy must be this long). Default 30.
    pub min_chars: u32,
    /// Size of the hashed k-grams. Default 10.
    pub kgram: u32,
    /// Winnowing window, in k-grams. Default 12.
    pub window: u32,
    /// Largest gap, on each side, across which an exact match grows
    /// through edits into the next; regions join across gaps of up to half
    /// the longer when that is more (a dropped or moved sentence), at most
    /// 8 × `max_gap`. Default 30.
    pub max_gap: u32,
    /// Least share of a passage, on each side, that exact matches must
    /// cover. Default 0.5.
    pub min_coverage: f64,
    /// Places sharing a fingerprint are all aligned with one another up to
    /// this many places. A fingerprint standing in more places (a mass
    /// reprint, boilerplate) aligns its first place with each other place
    /// instead, so time and memory stay linear in the places; a document
    /// holding it more than this many times itself (a text repeating one
    /// stretch) takes no part through it. Default 64.
    pub max_postings: u32,
    /// Places of one document overlapping by at least this share of the
    /// longer are one copy of one passage. Default 0.5.
    pub min_overlap: f64,
}

impl Default for PassageParams {
    fn default() -> Self {
        PassageParams {
            min_chars: 30,
            kgram: 10,
            window: 12,
            max_gap: 30,
            min_coverage: 0.5,
            max_postings: 64,
            min_overlap: 0.5,
        }
    }
}

/// Why passage settings are unusable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PassageParamsError {
    #[error("min_chars must be at least 1")]
    MinChars,
    #[error("kgram must be between 4 and 64, not {0}")]
    Kgram(u32),
    #[error("window must be between 1 and 1000, not {0}")]
    Window(u32),
    #[error("max_gap must be at most 1000, not {0}")]
    MaxGap(u32),
    #[error("{name} must be a share between 0 and 1, not {value}")]
    Share { name: &'static str, value: f64 },
    #[error("max_postings must be at least 2, not {0}")]
    MaxPostings(u32),
}

impl ParamGuard for PassageParams {
    type Error = PassageParamsError;

    fn validate(&self) -> Result<(), PassageParamsError> {
        if self.min_chars == 0 {
            return Err(PassageParamsError::MinChars);
        }
        if !(4..=64).contains(&self.kgram) {
            return Err(PassageParamsError::Kgram(self.kgram));
        }
        if !(1..=1000).contains(&self.window) {
            return Err(PassageParamsError::Window(self.window));
        }
        if self.max_gap > 1000 {
            return Err(PassageParamsError::MaxGap(self.max_gap));
        }
        for (name, value) in [
            ("min_coverage", self.min_coverage),
            ("min_overlap", self.min_overlap),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(PassageParamsError::Share { name, value });
            }
        }
        if self.max_postings < 2 {
            return Err(PassageParamsError::MaxPostings(self.max_postings));
        }
        Ok(())
    }
}

impl PassageParams {
    /// The length, in matchable chars, of a shared run that is always found:
    /// `window + kgram - 1`.
    pub fn guarantee(&self) -> u32 {
        self.window + self.kgram - 1
    }
}

/// One copy of a passage: a span of one document's text as read. `D` names
/// the document: its [`DocIdx`] in the stage's result, its id in output
/// ([`PassageGroup::named`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Copy<D = DocIdx> {
    /// The document.
    pub doc: D,
    /// First character, as a char offset into the text as read.
    pub start: u32,
    /// One past the last character.
    pub end: u32,
}

/// A passage that stands in two or more places.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassageGroup<D = DocIdx> {
    /// Length of the first copy in characters.
    pub chars: u32,
    /// Distinct sources among the copies' documents: a document's `source`
    /// metadata, else the document itself (1 for a passage repeated inside
    /// one document).
    pub sources: u32,
    /// The text of the first copy, as read.
    pub text: String,
    /// Every place the passage stands in, sorted by the documents' order in
    /// the input and then by start.
    pub copies: Vec<Copy<D>>,
    /// Shorter passages inside this one that stand in other places too:
    /// each has two copies inside two copies of this one (so it would
    /// repeat a pair of places this one reports) and at least one copy
    /// elsewhere. Sorted by first copy; nested groups have none of their
    /// own. Left out of JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nested: Vec<PassageGroup<D>>,
}

impl PassageGroup {
    /// The group with its documents (places in `docs`) named by id, for
    /// output.
    pub fn named(&self, docs: &[Analyzed]) -> PassageGroup<String> {
        PassageGroup {
            chars: self.chars,
            sources: self.sources,
            text: self.text.clone(),
            copies: self.copies.iter().map(|c| c.named(docs)).collect(),
            nested: self.nested.iter().map(|g| g.named(docs)).collect(),
        }
    }
}

impl<D: PartialEq> Copy<D> {
    /// Characters this copy and `other` share: 0 in different documents.
    pub fn overlap(&self, other: &Copy<D>) -> u32 {
        if self.doc != other.doc {
            return 0;
        }
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }
}

impl Copy {
    /// The copy with its document (a place in `docs`) named by id, for
    /// output.
    pub fn named(&self, docs: &[Analyzed]) -> Copy<String> {
        Copy {
            doc: docs[self.doc.get()].doc.id.clone(),
            start: self.start,
            end: self.end,
        }
    }
}

/// Two places holding one passage: one finding per document pair and
/// passage. Of one pair of documents, no two alignments overlap on both
/// sides; `a` is the earlier document in the input (the earlier place, for
/// a passage repeated inside one document).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment<D = DocIdx> {
    pub a: Copy<D>,
    pub b: Copy<D>,
    /// Length of `a` in characters.
    pub chars: u32,
    /// The share of the matchable chars of both sides that stand in exact
    /// matches between them: 1 for an exact copy, lower the more it was
    /// edited. Rounded to 4 decimals.
    pub similarity: f64,
}

impl Alignment {
    /// The alignment with its documents (places in `docs`) named by id,
    /// for output.
    pub fn named(&self, docs: &[Analyzed]) -> Alignment<String> {
        Alignment {
            a: self.a.named(docs),
            b: self.b.named(docs),
            chars: self.chars,
            similarity: self.similarity,
        }
    }
}

/// What [`find`] gives: the passages with every place they stand in, and
/// every pair of places aligned.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Passages {
    /// One group per passage, sorted by (first copy's document, start).
    pub groups: Vec<PassageGroup>,
    /// One alignment per pair of places and passage, sorted by the pair of
    /// documents, then by the start of `a`.
    pub alignments: Vec<Alignment>,
}

/// A fingerprint of one document, in the inverted index.
#[derive(Debug, Clone, Copy)]
struct Posting {
    hash: u64,
    doc: u32,
    pos: u32,
}

/// A seed between documents `a <= b`.
#[derive(Debug, Clone, Copy)]
struct PairSeed {
    a: u32,
    b: u32,
    seed: Seed,
}

/// Finds every passage that stands in two or more places.
///
/// Copies name documents by their place in `docs`. Groups come sorted by
/// (first copy's document, start); the output depends only on `docs` and
/// `params`.
pub fn find(docs: &[Analyzed], params: &Checked<PassageParams>) -> Passages {
    find_among(docs, |_| true, params)
}

/// [`find`] among the documents for which `takes_part` holds: the others
/// have no fingerprints, so no copy stands in them. Copies still name
/// documents by their place in `docs`.
pub fn find_among(
    docs: &[Analyzed],
    takes_part: impl Fn(&Analyzed) -> bool + Sync,
    params: &Checked<PassageParams>,
) -> Passages {
    find_seeded(docs, takes_part, params, 1, true)
}

/// The passages whose seeds stand in at least `min_docs` documents, among
/// the documents for which `takes_part` holds: what [`find_among`] gives,
/// restricted to text shared that widely (site boilerplate, mass reprints),
/// at the cost of the documents holding it. A group may still have fewer
/// documents than `min_docs` (an alignment can cover less than its seed's
/// places); callers count.
pub fn find_widespread(
    docs: &[Analyzed],
    takes_part: impl Fn(&Analyzed) -> bool + Sync,
    params: &Checked<PassageParams>,
    min_docs: usize,
) -> Vec<PassageGroup> {
    find_seeded(docs, takes_part, params, min_docs, false).groups
}

fn find_seeded(
    docs: &[Analyzed],
    takes_part: impl Fn(&Analyzed) -> bool + Sync,
    params: &Checked<PassageParams>,
    min_docs: usize,
    nested: bool,
) -> Passages {
    let p: &PassageParams = params;
    let (k, w) = (p.kgram as usize, p.window as usize);

    // 1. The inverted index: postings sorted by hash.
    let mut postings: Vec<Posting> = docs
        .par_iter()
        .enumerate()
        .filter(|(_, a)| takes_part(a))
        .flat_map_iter(|(d, a)| {
            winnow::winnow(&matchable(&a.norm).chars, k, w)
                .into_iter()
                .map(move |f| Posting {
                    hash: f.hash,
                    doc: d as u32,
                    pos: f.pos,
                })
        })
        .collect();
    postings.par_sort_unstable_by_key(|x| (x.hash, x.doc, x.pos));

    // 2. Seeds: every two places sharing a fingerprint; a fingerprint in
    // more than `max_postings` places pairs its first place with each other
    // (linear in the places), leaving out documents holding it more than
    // `max_postings` times themselves. Grouped by pair of documents.
    let max = p.max_postings as usize;
    let mut seeds: Vec<PairSeed> = postings
        .par_chunk_by(|x, y| x.hash == y.hash)
        .filter(|run| run.len() >= 2 && (min_docs <= 1 || in_docs(run) >= min_docs))
        .flat_map_iter(|run| -> Box<dyn Iterator<Item = PairSeed> + '_> {
            let seed = |x: &Posting, y: &Posting| PairSeed {
                a: x.doc,
                b: y.doc,
                seed: Seed {
                    pa: x.pos,
                    pb: y.pos,
                },
            };
            if run.len() <= max {
                return Box::new(
                    run.iter()
                        .enumerate()
                        .flat_map(move |(i, x)| run[i + 1..].iter().map(move |y| seed(x, y))),
                );
            }
            let first = &run[0];
            Box::new(
                run.chunk_by(|x, y| x.doc == y.doc)
                    .filter(move |places| places.len() <= max)
                    .flatten()
                    .filter(move |y| y.doc != first.doc || y.pos != first.pos)
                    .map(move |y| seed(first, y)),
            )
        })
        .collect();
    drop(postings);
    seeds.par_sort_unstable_by_key(|s| (s.a, s.b, s.seed));

    // 3. Alignment of each pair of documents, on the texts of the documents
    // that share anything.
    let mut involved = vec![false; docs.len()];
    for s in &seeds {
        involved[s.a as usize] = true;
        involved[s.b as usize] = true;
    }
    let texts: Vec<Option<Text>> = docs
        .par_iter()
        .zip(involved)
        .map(|(a, yes)| yes.then(|| Text::new(&a.norm)))
        .collect();
    let align_params = AlignParams {
        k,
        max_gap: p.max_gap as usize,
        min_coverage: p.min_coverage,
    };
    let aligned: Vec<(Pair, f64)> = seeds
        .par_chunk_by_mut(|x, y| (x.a, x.b) == (y.a, y.b))
        .flat_map_iter(|run| {
            let (a, b) = (run[0].a, run[0].b);
            let mut pair_seeds: Vec<Seed> = run.iter().map(|s| s.seed).collect();
            let (Some(ta), Some(tb)) = (&texts[a as usize], &texts[b as usize]) else {
                return Vec::new();
            };
            let (na, nb) = (&docs[a as usize].norm, &docs[b as usize].norm);
            align::align(ta, tb, a == b, &mut pair_seeds, &align_params)
                .into_iter()
                .filter_map(|x| {
                    let sa = ta.orig_span(na, x.sa, x.ea);
                    let sb = tb.orig_span(nb, x.sb, x.eb);
                    let both = (x.ea - x.sa + x.eb - x.sb) as f64;
                    (sa.len() >= p.min_chars && sb.len() >= p.min_chars).then_some((
                        Pair {
                            a: (a, sa),
                            b: (b, sb),
                        },
                        (x.matched as f64 / both).min(1.0),
                    ))
                })
                .collect()
        })
        .collect();
    drop(seeds);
    drop(texts);
    let pairs: Vec<Pair> = aligned.iter().map(|x| x.0).collect();
    let alignments = aligned
        .into_iter()
        .map(|(pair, similarity)| {
            let copy = |(d, span): Place| Copy {
                doc: DocIdx(d),
                start: span.start,
                end: span.end,
            };
            Alignment {
                a: copy(pair.a),
                b: copy(pair.b),
                chars: pair.a.1.len(),
                similarity: (similarity * 1e4).round() / 1e4,
            }
        })
        .collect();

    // 4. Groups, with the text of their first copy. The groups whose first
    // copy is in one document share one char index of it (a long document
    // repeating itself can be the first of thousands of groups; indexing it
    // once per group was quadratic).
    let groups = group::group(&pairs, p.min_overlap);
    let mut by_doc: Vec<usize> = (0..groups.len()).collect();
    by_doc.sort_by_key(|&g| groups[g][0].0);
    let mut texts: Vec<(usize, String)> = by_doc
        .par_chunk_by(|&x, &y| groups[x][0].0 == groups[y][0].0)
        .flat_map_iter(|run| {
            let text = &docs[groups[run[0]][0].0 as usize].doc.text;
            let ix = CharIndex::new(text);
            run.iter()
                .map(|&g| (g, ix.slice(text, groups[g][0].1).to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    texts.sort_unstable_by_key(|t| t.0);
    let parents = if nested {
        group::nest(&groups, p.min_overlap)
    } else {
        vec![None; groups.len()]
    };
    let groups: Vec<PassageGroup> = groups
        .into_par_iter()
        .zip(texts)
        .map(|(places, (_, text))| to_group(&places, text, docs))
        .collect();
    Passages {
        groups: assemble(groups, &parents),
        alignments,
    }
}

/// The groups with each one whose parent is given moved into its parent's
/// `nested` (parents are never nested themselves), in order.
fn assemble(flat: Vec<PassageGroup>, parents: &[Option<usize>]) -> Vec<PassageGroup> {
    let mut slots: Vec<Option<PassageGroup>> = flat.into_iter().map(Some).collect();
    for (i, parent) in parents.iter().enumerate() {
        if let Some(p) = *parent
            && p != i
            && slots.get(p).is_some_and(Option::is_some)
            && let Some(child) = slots[i].take()
            && let Some(top) = &mut slots[p]
        {
            top.nested.push(child);
        }
    }
    slots.into_iter().flatten().collect()
}

/// The number of documents among `run`'s postings (sorted by document).
fn in_docs(run: &[Posting]) -> usize {
    run.chunk_by(|x, y| x.doc == y.doc).count()
}

/// The passage group of sorted places in `docs`, given the text of the
/// first.
fn to_group(places: &[(u32, Span)], text: String, docs: &[Analyzed]) -> PassageGroup {
    PassageGroup {
        chars: places[0].1.len(),
        sources: rank::sources(places, docs),
        text,
        copies: places
            .iter()
            .map(|&(d, span)| Copy {
                doc: DocIdx(d),
                start: span.start,
                end: span.end,
            })
            .collect(),
        nested: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format};
    use crate::segment::Segmenter;

    const PARA: &str = "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究，支撑行业管理和产业发展。";

    fn doc(id: String, text: String) -> Analyzed {
        let doc = Document::new(&id, Format::Jsonl, &text);
        Analyzed::new(doc, Segmenter::shared(), &Default::default()).0
    }

    #[test]
    fn a_passage_in_more_places_than_max_postings_is_one_group_with_every_copy() {
        let p = Checked::<PassageParams>::default();
        let n = 3 * p.max_postings as usize;
        let docs: Vec<Analyzed> = (0..n)
            .map(|i| doc(format!("d{i}"), format!("第{i}篇。\n{PARA}")))
            .collect();
        let groups = find(&docs, &p).groups;
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].text, PARA);
        let len = PARA.chars().count() as u32;
        let copies: Vec<(DocIdx, u32, u32)> = groups[0]
            .copies
            .iter()
            .map(|c| (c.doc, c.start, c.end))
            .collect();
        let expected: Vec<(DocIdx, u32, u32)> = (0..n)
            .map(|i| {
                let start = format!("第{i}篇。\n").chars().count() as u32;
                (DocIdx::of(i), start, start + len)
            })
            .collect();
        assert_eq!(copies, expected);
    }

    #[test]
    fn a_text_repeating_one_char_does_not_align_with_itself_everywhere() {
        // Every 10-gram is the same: one fingerprint in thousands of places
        // of one document, left out of its own seeds (each would grow an
        // exact match the length of the text: quadratic).
        let docs = vec![
            doc("long".into(), "哈".repeat(200_000)),
            doc("short".into(), "哈".repeat(600)),
        ];
        let groups = find(&docs, &Checked::default()).groups;
        // The short text against the start of the long one: seeded from
        // the long text's first place to each of the short one's.
        assert_eq!(groups.len(), 1);
        let copies: Vec<(DocIdx, u32, u32)> = groups[0]
            .copies
            .iter()
            .map(|c| (c.doc, c.start, c.end))
            .collect();
        assert_eq!(copies, vec![(DocIdx(0), 0, 600), (DocIdx(1), 0, 600)]);
    }
}
