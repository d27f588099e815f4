//! Writing an [`IndexData`] as the bytes of one index file.
//!
//! Takes the settings and the document entries and gives the whole file
//! ([`IndexData::to_bytes`]), section by section ([`super::kind`]): the
//! settings; the stored records and the ids, each behind an offset table;
//! the fingerprints and the sampled shingles as tables sorted by hash
//! ([`SortedTable`]); the vocabulary (terms sorted, with document
//! frequency) and each term's `(doc, tf)` postings; and each document's
//! TF-IDF norm under the IDF of all indexed documents. The byte layout of
//! sections and blocks is [`super::format`]'s.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::tfidf::{idf, tf_weight};

use super::format::{SortedTable, Writer};
use super::params::StoredParams;
use super::{DocEntry, IndexData, IndexParams, kind};

/// Documents of an index outside the file being written (the other
/// segments): how many, and the document frequency of each term of this
/// file's documents there, so norms are computed under the IDF of the
/// whole index.
#[derive(Debug, Clone, Default)]
pub struct Outside {
    pub docs: u32,
    pub df: FxHashMap<String, u32>,
}

impl IndexData {
    /// The whole index file, its norms under the IDF of its own documents.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_segment_bytes(&Outside::default())
    }

    /// The file of one segment of a larger index: norms under the IDF of
    /// its documents and those `outside` it.
    pub fn to_segment_bytes(&self, outside: &Outside) -> Vec<u8> {
        let postings = postings_by_term(&self.docs);
        let norms = doc_norms(&self.docs, &postings, outside);
        let vocabulary = Vocabulary::new(&postings);
        drop(postings);

        let mut w = Writer::default();
        let stored = StoredParams {
            params: IndexParams::clone(&self.params),
            n_docs: self.docs.len() as u32,
            n_terms: vocabulary.dfs.len() as u32,
            history: self.history.clone(),
        };
        w.section(
            kind::PARAMS,
            serde_json::to_vec(&stored).unwrap_or_default(),
        );
        write_records_and_ids(&mut w, &self.docs);
        let mut ids: Vec<(u64, u32)> = (self.docs.iter().enumerate())
            .map(|(d, e)| (id_hash(&e.id), d as u32))
            .collect();
        ids.sort_unstable();
        for (kind, bytes) in [kind::ID_HASHES, kind::ID_DOCS, kind::ID_DIR]
            .into_iter()
            .zip(SortedTable::encode(&ids))
        {
            w.section(kind, bytes);
        }
        write_table(
            &mut w,
            [kind::FP_HASHES, kind::FP_DOCS, kind::FP_DIR],
            &self.docs,
            |e| &e.fingerprints,
        );
        write_table(
            &mut w,
            [kind::SAMPLE_HASHES, kind::SAMPLE_DOCS, kind::SAMPLE_DIR],
            &self.docs,
            |e| &e.sample,
        );
        let sample_len: Vec<u32> = self.docs.iter().map(|e| e.sample.len() as u32).collect();
        w.section(kind::SAMPLE_LEN, le_u32(&sample_len));
        vocabulary.write(&mut w);
        let norms: Vec<u32> = norms.iter().map(|x| x.to_bits()).collect();
        w.section(kind::DOC_NORM, le_u32(&norms));
        w.finish()
    }
}

/// Each term with its `(doc, tf)` postings in document order, terms
/// sorted. Grouping by hash first sorts ~150k distinct terms instead of
/// millions of (term, doc) pairs.
fn postings_by_term(docs: &[DocEntry]) -> Vec<(&str, Vec<(u32, u32)>)> {
    let mut by_term: FxHashMap<&str, Vec<(u32, u32)>> = FxHashMap::default();
    for (d, e) in docs.iter().enumerate() {
        for (t, tf) in &e.terms {
            by_term.entry(t.as_str()).or_default().push((d as u32, *tf));
        }
    }
    let mut terms: Vec<(&str, Vec<(u32, u32)>)> = by_term.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    terms
}

/// The hash an id is found by in the id table (FNV-1a, 64 bits: stable
/// across builds and platforms, unlike the hashers of hash maps).
pub(super) fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Each document's TF-IDF vector norm, under the IDF of all `docs` and
/// those `outside` them.
fn doc_norms(
    docs: &[DocEntry],
    postings: &[(&str, Vec<(u32, u32)>)],
    outside: &Outside,
) -> Vec<f32> {
    let n = docs.len() as u32 + outside.docs;
    let term_idf: FxHashMap<&str, f32> = postings
        .iter()
        .map(|(t, p)| {
            let df = p.len() as u32 + outside.df.get(*t).copied().unwrap_or(0);
            (*t, idf(n, df))
        })
        .collect();
    docs.par_iter()
        .map(|e| {
            e.terms
                .iter()
                .map(|(t, tf)| {
                    let x = tf_weight(*tf) * term_idf.get(t.as_str()).copied().unwrap_or(0.0);
                    x * x
                })
                .sum::<f32>()
                .sqrt()
        })
        .collect()
}

/// The vocabulary and postings sections: terms as offsets into one blob,
/// with their document frequencies, and each term's postings as offsets
/// into parallel document and tf arrays.
struct Vocabulary {
    term_offsets: Vec<u32>,
    term_blob: Vec<u8>,
    dfs: Vec<u32>,
    post_offsets: Vec<u64>,
    post_docs: Vec<u32>,
    post_tf: Vec<u32>,
}

impl Vocabulary {
    fn new(postings: &[(&str, Vec<(u32, u32)>)]) -> Vocabulary {
        let mut v = Vocabulary {
            term_offsets: vec![0],
            term_blob: Vec::new(),
            dfs: Vec::new(),
            post_offsets: vec![0],
            post_docs: Vec::new(),
            post_tf: Vec::new(),
        };
        for (term, list) in postings {
            v.term_blob.extend_from_slice(term.as_bytes());
            v.term_offsets.push(v.term_blob.len() as u32);
            v.dfs.push(list.len() as u32);
            for &(d, tf) in list {
                v.post_docs.push(d);
                v.post_tf.push(tf);
            }
            v.post_offsets.push(v.post_docs.len() as u64);
        }
        v
    }

    fn write(self, w: &mut Writer) {
        w.section(kind::TERM_OFFSETS, le_u32(&self.term_offsets));
        w.section(kind::TERM_BLOB, self.term_blob);
        w.section(kind::TERM_DF, le_u32(&self.dfs));
        w.section(kind::POST_OFFSETS, le_u64(&self.post_offsets));
        w.section(kind::POST_DOCS, le_u32(&self.post_docs));
        w.section(kind::POST_TF, le_u32(&self.post_tf));
    }
}

/// The records and ids sections, each behind a table of offsets.
fn write_records_and_ids(w: &mut Writer, docs: &[DocEntry]) {
    let mut offsets = Vec::with_capacity(docs.len() + 1);
    let mut records = Vec::new();
    offsets.push(0u64);
    for e in docs {
        records.extend_from_slice(&e.record);
        offsets.push(records.len() as u64);
    }
    w.section(kind::DOC_OFFSETS, le_u64(&offsets));
    w.section(kind::DOC_RECORDS, records);
    let mut id_offsets = vec![0u32];
    let mut ids = Vec::new();
    for e in docs {
        ids.extend_from_slice(e.id.as_bytes());
        id_offsets.push(ids.len() as u32);
    }
    w.section(kind::ID_OFFSETS, le_u32(&id_offsets));
    w.section(kind::ID_BLOB, ids);
}

/// The hashes `pick` gives of every document, as a table sorted by hash in
/// the three sections `kinds` (hashes, documents, directory).
fn write_table(w: &mut Writer, kinds: [u32; 3], docs: &[DocEntry], pick: fn(&DocEntry) -> &[u64]) {
    let mut pairs: Vec<(u64, u32)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, e)| pick(e).iter().map(move |&h| (h, d as u32)))
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    for (kind, bytes) in kinds.into_iter().zip(SortedTable::encode(&pairs)) {
        w.section(kind, bytes);
    }
}

fn le_u32(xs: &[u32]) -> Vec<u8> {
    xs.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn le_u64(xs: &[u64]) -> Vec<u8> {
    xs.iter().flat_map(|x| x.to_le_bytes()).collect()
}
