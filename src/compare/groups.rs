//! The groups compare compares and how a set of documents is counted:
//! [`field_values`] gives a document's values of a field (its metadata, or
//! `folder` and `path:N` from where it was read); [`fields_present`] names
//! the fields a corpus has, for a `by` none has ([`check_field`]);
//! [`group_members`] puts each document under every value of the field it
//! has (or [`NONE_GROUP`]), or every region it is about with its weight
//! ([`region_level`]); [`count_once`] keeps one document of each
//! near-duplicate cluster in a set; [`topic_share`] is the share of each
//! topic among a set's documents.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::analyze::Analysis;
use crate::corpus::Document;
use crate::dups::DuplicateOf;
use crate::regions::{DocRegions, Level};
use crate::round4;

/// The name of the group of documents without the field.
pub const NONE_GROUP: &str = "(none)";

/// The values of the field `by` of `doc`: its metadata values
/// ([`Meta::values`](crate::corpus::Meta::values): `source`, `date:year`,
/// any JSONL or front-matter field, ...), and two fields of where it was
/// read, for corpora kept one folder per source or region:
///
/// - `folder`: the document's own `folder` field when it has one, else the
///   folder its file is in, the last folder of its id (`corpus/新华社/a.txt`
///   gives `新华社`; a JSONL record without an `id` gives its file's
///   folder);
/// - `path:N`: the Nth folder of its id, from 1 (`corpus/华北/北京/a.txt`:
///   `path:1` is `corpus`, `path:2` `华北`, `path:3` `北京`); none when the
///   id has fewer folders.
///
/// ```
/// use chachong::compare::field_values;
/// use chachong::corpus::{Document, Format};
/// let doc = Document::new("corpus/华北/北京/a.txt", Format::Text, "正文");
/// assert_eq!(field_values(&doc, "folder"), ["北京"]);
/// assert_eq!(field_values(&doc, "path:2"), ["华北"]);
/// assert!(field_values(&doc, "path:4").is_empty());
/// assert!(field_values(&doc, "source").is_empty());
/// ```
pub fn field_values(doc: &Document, by: &str) -> Vec<String> {
    if by == "folder" {
        let own = doc.meta.values("folder");
        if !own.is_empty() {
            return own;
        }
        return folders(doc)
            .last()
            .map(|f| f.to_string())
            .into_iter()
            .collect();
    }
    if let Some(n) = path_level(by) {
        return n
            .and_then(|n| folders(doc).get(n - 1).map(|f| f.to_string()))
            .into_iter()
            .collect();
    }
    doc.meta.values(by)
}

/// For `path:N`, `Some(Some(N))` (N from 1) or `Some(None)` for a bad N;
/// `None` for any other field.
pub(super) fn path_level(by: &str) -> Option<Option<usize>> {
    let n = by.strip_prefix("path:")?;
    Some(n.parse::<usize>().ok().filter(|&n| n >= 1))
}

/// The folders of a document's id: its `/`-separated parts but the last
/// (for a JSONL record read without an `id`, `FILE:LINE`, the file's
/// folders).
fn folders(doc: &Document) -> Vec<&str> {
    let mut parts: Vec<&str> = doc.id.split('/').collect();
    parts.pop();
    parts.retain(|p| !p.is_empty() && *p != ".");
    parts
}

/// Every field some document of `analysis` has a value of, with the number
/// of documents that have it, most documents first (then by name): the
/// metadata fields, `date:year` and `date:month` with `date`, `folder` and
/// each `path:N` that some document's id reaches.
pub fn fields_present(analysis: &Analysis) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for a in &analysis.docs {
        let meta = &a.doc.meta;
        let mut names: BTreeSet<String> = BTreeSet::new();
        let named = [
            ("title", meta.title.is_some()),
            ("date", meta.date.is_some()),
            ("date:year", meta.date.is_some()),
            ("date:month", meta.date.is_some()),
            ("source", meta.source.is_some()),
            ("author", meta.author.is_some()),
            ("categories", !meta.categories.is_empty()),
            ("tags", !meta.tags.is_empty()),
        ];
        names.extend(
            named
                .iter()
                .filter(|(_, has)| *has)
                .map(|(n, _)| n.to_string()),
        );
        names.extend(meta.fields.keys().cloned());
        let depth = folders(&a.doc).len();
        if depth > 0 || meta.fields.contains_key("folder") {
            names.insert("folder".to_string());
        }
        names.extend((1..=depth).map(|n| format!("path:{n}")));
        for n in names {
            *counts.entry(n).or_default() += 1;
        }
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// `by` names a field no document has: the field, and the fields present
/// with their document counts ([`fields_present`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no document has the field `{by}`; {}", present_line(.present))]
pub struct UnknownField {
    pub by: String,
    pub present: Vec<(String, usize)>,
}

/// `fields present (documents): source 5, date 5, ...`, or that there are
/// none.
pub fn present_line(present: &[(String, usize)]) -> String {
    if present.is_empty() {
        return "no document has any field".to_string();
    }
    let shown: Vec<String> = present
        .iter()
        .map(|(name, n)| format!("{name} ({n})"))
        .collect();
    format!("fields present (documents): {}", shown.join(", "))
}

/// Whether some document of `analysis` has a value of `by` (`region` and
/// `region:city`, read from the text, always do: documents without one
/// form [`NONE_GROUP`]); else the
/// [`UnknownField`] error naming the fields that documents have.
pub fn check_field(analysis: &Analysis, by: &str) -> Result<(), UnknownField> {
    if region_level(by).is_some()
        || analysis
            .docs
            .iter()
            .any(|a| !field_values(&a.doc, by).is_empty())
    {
        return Ok(());
    }
    Err(UnknownField {
        by: by.to_string(),
        present: fields_present(analysis),
    })
}

/// Each document's representative, by position.
pub(super) fn roots(duplicate_of: &DuplicateOf) -> Vec<usize> {
    duplicate_of.as_slice().iter().map(|r| r.get()).collect()
}

/// The documents of one group, ascending, and the weight each counts with:
/// 1 for a value of a field, its share for a region (a document about two
/// provinces counts in each with its weight).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Members {
    pub(super) docs: Vec<usize>,
    /// `weights[k]` of `docs[k]`; none when every weight is 1.
    weights: Option<Vec<f64>>,
}

impl Members {
    /// `docs` (ascending) with `weights`, or weight 1 each when empty.
    #[cfg(test)]
    pub(super) fn of(docs: &[usize], weights: &[f64]) -> Members {
        let mut m = Members::default();
        for (k, &d) in docs.iter().enumerate() {
            m.push(d, weights.get(k).copied().unwrap_or(1.0));
        }
        m
    }

    /// No documents yet, each to count with its own weight.
    fn weighed() -> Members {
        Members {
            docs: Vec::new(),
            weights: Some(Vec::new()),
        }
    }

    fn push(&mut self, doc: usize, weight: f64) {
        if weight != 1.0 && self.weights.is_none() {
            self.weights = Some(vec![1.0; self.docs.len()]);
        }
        self.docs.push(doc);
        if let Some(w) = &mut self.weights {
            w.push(weight);
        }
    }

    /// The weight of `doc`, a member.
    pub(super) fn weight(&self, doc: usize) -> f64 {
        match (&self.weights, self.docs.binary_search(&doc)) {
            (Some(w), Ok(k)) => w[k],
            (None, Ok(_)) => 1.0,
            (_, Err(_)) => 0.0,
        }
    }

    /// Whether members count with their own weights (regions), not 1 each.
    pub(super) fn weighted(&self) -> bool {
        self.weights.is_some()
    }
}

/// The regions level `by` groups by: `region` the provinces,
/// `region:city` the prefecture-level cities; none for any other field.
pub fn region_level(by: &str) -> Option<Level> {
    match by {
        "region" => Some(Level::Province),
        "region:city" => Some(Level::City),
        _ => None,
    }
}

/// The documents of each value of `field`, in corpus order, by value; the
/// documents without it under [`NONE_GROUP`]. For `region` and
/// `region:city`, the regions of each document (`regions`, or read from the
/// text when none are given), each with its weight.
pub(super) fn group_members(
    analysis: &Analysis,
    field: &str,
    regions: Option<&[DocRegions]>,
) -> BTreeMap<String, Members> {
    let mut members: BTreeMap<String, Members> = BTreeMap::new();
    if let Some(level) = region_level(field) {
        let tagged;
        let regions = match regions {
            Some(r) if r.len() == analysis.docs.len() => r,
            _ => {
                tagged = crate::regions::tag_all(analysis, None);
                &tagged
            }
        };
        for (i, d) in regions.iter().enumerate() {
            let mut any = false;
            for r in d.at(level) {
                members
                    .entry(r.name.clone())
                    .or_insert_with(Members::weighed)
                    .push(i, r.weight);
                any = true;
            }
            if !any {
                members
                    .entry(NONE_GROUP.to_string())
                    .or_insert_with(Members::weighed)
                    .push(i, 1.0);
            }
        }
        return members;
    }
    for (i, d) in analysis.docs.iter().enumerate() {
        let values: BTreeSet<String> = field_values(&d.doc, field).into_iter().collect();
        if values.is_empty() {
            members
                .entry(NONE_GROUP.to_string())
                .or_default()
                .push(i, 1.0);
        }
        for v in values {
            members.entry(v).or_default().push(i, 1.0);
        }
    }
    members
}

/// The documents of `members` (ascending) that count once each cluster: its
/// representative when present, else its earliest member there. Ascending.
pub(super) fn count_once(members: &[usize], root: &[usize]) -> Vec<usize> {
    let mut chosen: FxHashMap<usize, usize> = FxHashMap::default();
    for &i in members {
        let r = root[i];
        let slot = chosen.entry(r).or_insert(i);
        if i == r {
            *slot = i;
        }
    }
    let mut out: Vec<usize> = chosen.into_values().collect();
    out.sort_unstable();
    out
}

/// The share of each topic among `docs`, each counting with `weight`,
/// rounded; empty without topics.
pub(super) fn topic_share(
    docs: &[usize],
    weight: impl Fn(usize) -> f64,
    topic_of: &[usize],
    n_topics: usize,
) -> Vec<f64> {
    if topic_of.is_empty() || n_topics == 0 {
        return Vec::new();
    }
    let mut mass = vec![0f64; n_topics];
    for &i in docs {
        if let Some(m) = topic_of.get(i).and_then(|&t| mass.get_mut(t)) {
            *m += weight(i);
        }
    }
    let total: f64 = mass.iter().sum();
    mass.iter()
        .map(|&m| if total > 0.0 { round4(m / total) } else { 0.0 })
        .collect()
}

/// The number of `docs` in each topic; empty without topics. Parallel to
/// [`topic_share`] over the same documents.
pub(super) fn topic_docs(docs: &[usize], topic_of: &[usize], n_topics: usize) -> Vec<usize> {
    if topic_of.is_empty() || n_topics == 0 {
        return Vec::new();
    }
    let mut counts = vec![0usize; n_topics];
    for &i in docs {
        if let Some(c) = topic_of.get(i).and_then(|&t| counts.get_mut(t)) {
            *c += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    fn doc(id: &str) -> Document {
        Document::new(id, Format::Text, "正文")
    }

    #[test]
    fn folder_and_path_come_from_the_id_unless_the_document_has_a_folder() {
        let d = doc("sina/体育/2020/a.txt");
        assert_eq!(field_values(&d, "folder"), ["2020"]);
        assert_eq!(field_values(&d, "path:1"), ["sina"]);
        assert_eq!(field_values(&d, "path:3"), ["2020"]);
        assert!(field_values(&d, "path:4").is_empty());
        assert!(field_values(&d, "path:0").is_empty());
        assert!(field_values(&doc("a.txt"), "folder").is_empty());
        let mut own = doc("x/a.txt");
        own.meta.set("folder", "Sports");
        assert_eq!(field_values(&own, "folder"), ["Sports"]);
        assert_eq!(path_level("path:2"), Some(Some(2)));
        assert_eq!(path_level("path:x"), Some(None));
        assert_eq!(path_level("source"), None);
    }

    #[test]
    fn the_fields_present_are_listed_with_counts() {
        let line = present_line(&[("source".into(), 3), ("path:1".into(), 1)]);
        assert_eq!(line, "fields present (documents): source (3), path:1 (1)");
        assert_eq!(present_line(&[]), "no document has any field");
    }

    #[test]
    fn a_cluster_counts_once_through_its_representative_or_earliest_member() {
        // Documents 1 and 3 are near-duplicates of 0.
        let root = [0, 0, 2, 0, 4];
        assert_eq!(count_once(&[0, 1, 2, 3], &root), [0, 2]);
        assert_eq!(count_once(&[1, 3, 4], &root), [1, 4]);
        assert_eq!(count_once(&[3], &root), [3]);
        assert!(count_once(&[], &root).is_empty());
    }

    #[test]
    fn topic_shares_are_over_the_documents_given() {
        let topic_of = [0, 1, 1, 2];
        let one = |_| 1.0;
        assert_eq!(
            topic_share(&[0, 1, 2], one, &topic_of, 3),
            [0.3333, 0.6667, 0.0]
        );
        assert_eq!(topic_share(&[], one, &topic_of, 3), [0.0, 0.0, 0.0]);
        assert!(topic_share(&[0, 1], one, &[], 0).is_empty());
        // Document 0 counts half: 0.5 of topic 0 against 1 of topic 1.
        let half = |i| if i == 0 { 0.5 } else { 1.0 };
        assert_eq!(topic_share(&[0, 1], half, &topic_of, 2), [0.3333, 0.6667]);
        assert_eq!(topic_docs(&[0, 1, 2], &topic_of, 3), [1, 2, 0]);
        assert!(topic_docs(&[0, 1], &[], 0).is_empty());
    }
}
