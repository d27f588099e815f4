//! Reading an index in place: a file's bytes in, answers out.
//!
//! Takes the bytes of an index file (mapped or read) and gives an
//! [`IndexView`] that answers from them without decoding them up front:
//! the settings, each document's id, record, sample size and TF-IDF norm,
//! the fingerprint and sample tables ([`SortedTable`]), a term's id and
//! postings, and the whole index back in memory for `--add`
//! ([`IndexView::to_data`]). Every value is checked where it is used, so a
//! crafted file gives an error, never a panic.

use std::path::Path;

use crate::corpus::Document;
use crate::params::{Checked, ParamGuard};
use crate::span::Span;

use super::error::{IndexError, format_err};
use super::format::{FormatError, Section, Sections, SortedTable, U32s, U64s};
use super::params::StoredParams;
use super::{DocEntry, IndexData, IndexHistory, IndexParams, kind};

/// An index used in place from its file's bytes.
#[derive(Debug)]
pub struct IndexView<'a> {
    /// The settings the index was built with, checked on open.
    pub params: Checked<IndexParams>,
    /// When the file was first written and last changed.
    pub history: IndexHistory,
    /// The CRC-32 the header keeps of the section table and every block
    /// checksum: it changes with any byte of the index, so it names the
    /// corpus version a verdict saw.
    pub checksum: u32,
    n_docs: u32,
    sections: Sections<'a>,
    doc_offsets: U64s<'a>,
    records: Section<'a>,
    id_offsets: U32s<'a>,
    ids: Section<'a>,
    pub fingerprints: SortedTable<'a>,
    pub sample: SortedTable<'a>,
    sample_len: U32s<'a>,
    term_offsets: U32s<'a>,
    term_blob: Section<'a>,
    term_df: U32s<'a>,
    post_offsets: U64s<'a>,
    post_docs: U32s<'a>,
    post_tf: U32s<'a>,
    doc_norm: U32s<'a>,
    /// Ids by hash; absent in files written before segments.
    id_table: Option<SortedTable<'a>>,
}

fn bad(what: impl Into<String>) -> FormatError {
    FormatError::Malformed(what.into())
}

impl<'a> IndexView<'a> {
    /// Checks the bytes of a whole index file (header, length, section
    /// table, sizes; the contents block by block as they are read) and
    /// gives a view of it.
    pub fn new(bytes: &'a [u8]) -> Result<IndexView<'a>, FormatError> {
        let s = Sections::parse(bytes)?;
        let stored: StoredParams = serde_json::from_slice(s.get(kind::PARAMS)?.all()?)
            .map_err(|e| bad(format!("settings: {e}")))?;
        let params = stored.params.check().map_err(|e| bad(e.to_string()))?;
        let n = stored.n_docs as usize;
        let m = stored.n_terms as usize;
        let checksum = bytes
            .get(24..28)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let v = IndexView {
            params,
            history: stored.history,
            checksum,
            n_docs: stored.n_docs,
            doc_offsets: U64s::new(s.get(kind::DOC_OFFSETS)?)?,
            records: s.get(kind::DOC_RECORDS)?,
            id_offsets: U32s::new(s.get(kind::ID_OFFSETS)?)?,
            ids: s.get(kind::ID_BLOB)?,
            fingerprints: SortedTable::new(
                s.get(kind::FP_HASHES)?,
                s.get(kind::FP_DOCS)?,
                s.get(kind::FP_DIR)?,
            )?,
            sample: SortedTable::new(
                s.get(kind::SAMPLE_HASHES)?,
                s.get(kind::SAMPLE_DOCS)?,
                s.get(kind::SAMPLE_DIR)?,
            )?,
            sample_len: U32s::new(s.get(kind::SAMPLE_LEN)?)?,
            term_offsets: U32s::new(s.get(kind::TERM_OFFSETS)?)?,
            term_blob: s.get(kind::TERM_BLOB)?,
            term_df: U32s::new(s.get(kind::TERM_DF)?)?,
            post_offsets: U64s::new(s.get(kind::POST_OFFSETS)?)?,
            post_docs: U32s::new(s.get(kind::POST_DOCS)?)?,
            post_tf: U32s::new(s.get(kind::POST_TF)?)?,
            doc_norm: U32s::new(s.get(kind::DOC_NORM)?)?,
            id_table: match (
                s.get(kind::ID_HASHES),
                s.get(kind::ID_DOCS),
                s.get(kind::ID_DIR),
            ) {
                (Ok(h), Ok(d), Ok(dir)) => Some(SortedTable::new(h, d, dir)?),
                _ => None,
            },
            sections: s,
        };
        if v.doc_offsets.len() != n + 1
            || v.id_offsets.len() != n + 1
            || v.sample_len.len() != n
            || v.doc_norm.len() != n
            || v.term_offsets.len() != m + 1
            || v.term_df.len() != m
            || v.post_offsets.len() != m + 1
            || v.post_docs.len() != v.post_tf.len()
        {
            return Err(bad("table sizes disagree with the document count"));
        }
        Ok(v)
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.n_docs as usize
    }

    pub fn is_empty(&self) -> bool {
        self.n_docs == 0
    }

    /// Verifies every block of the file (opening verifies only small files
    /// whole).
    pub fn verify_all(&self) -> Result<(), FormatError> {
        self.sections.verify_all()
    }

    /// Document `d` itself, or an error when the file names a document
    /// past its count.
    fn doc_number(&self, d: u32) -> Result<usize, FormatError> {
        if d < self.n_docs {
            Ok(d as usize)
        } else {
            Err(bad(format!(
                "a table names document {d}, but the index holds {}",
                self.n_docs
            )))
        }
    }

    /// The id of document `d`.
    pub fn id(&self, d: u32) -> Result<&'a str, FormatError> {
        let d = self.doc_number(d)?;
        let (a, b) = (self.id_offsets.get(d)?, self.id_offsets.get(d + 1)?);
        if a > b {
            return Err(bad(format!("id of document {d}: offsets out of order")));
        }
        let bytes = self.ids.get(a as usize..b as usize)?;
        std::str::from_utf8(bytes).map_err(|_| bad(format!("id of document {d} is not UTF-8")))
    }

    /// The document whose id is `id`, if any: through the id table, or by
    /// reading every id in a file written before it was kept.
    pub fn find_id(&self, id: &str) -> Result<Option<u32>, FormatError> {
        match &self.id_table {
            Some(t) => {
                for d in t.lookup(super::encode::id_hash(id), usize::MAX - 1)? {
                    if self.id(d)? == id {
                        return Ok(Some(d));
                    }
                }
                Ok(None)
            }
            None => {
                for d in 0..self.n_docs {
                    if self.id(d)? == id {
                        return Ok(Some(d));
                    }
                }
                Ok(None)
            }
        }
    }

    /// The stored record of document `d`, decoded and checked: its id is
    /// the id table's, and its excluded spans and entities lie inside its
    /// text, each start at most its end, sorted and disjoint (what the
    /// clean and normalise stages rely on).
    pub fn document(&self, d: u32) -> Result<Document, FormatError> {
        let doc: Document = serde_json::from_slice(self.record(d)?)
            .map_err(|e| bad(format!("record of document {d}: {e}")))?;
        if doc.id != self.id(d)? {
            return Err(bad(format!(
                "record of document {d} has another id than the id table"
            )));
        }
        let n = doc.chars();
        let spans = |what: &str, spans: &mut dyn Iterator<Item = Span>| {
            let mut last = 0u32;
            for s in spans {
                if s.start > s.end || s.end > n || s.start < last {
                    return Err(bad(format!(
                        "record of document {d}: {what} {}..{} out of order or outside its text of {n} chars",
                        s.start, s.end
                    )));
                }
                last = s.end;
            }
            Ok(())
        };
        spans("excluded span", &mut doc.excluded.iter().map(|e| e.span))?;
        spans("entity", &mut doc.entities.iter().copied())?;
        if let Some(e) = doc.entities.iter().find(|e| e.start == e.end) {
            return Err(bad(format!(
                "record of document {d}: empty entity at {}",
                e.start
            )));
        }
        Ok(doc)
    }

    fn record(&self, d: u32) -> Result<&'a [u8], FormatError> {
        let d = self.doc_number(d)?;
        let (a, b) = (self.doc_offsets.get(d)?, self.doc_offsets.get(d + 1)?);
        if a > b {
            return Err(bad(format!("record of document {d}: offsets out of order")));
        }
        self.records.get(a as usize..b as usize)
    }

    /// Size of document `d`'s shingle sample.
    pub fn sample_len(&self, d: u32) -> Result<u32, FormatError> {
        self.sample_len.get(self.doc_number(d)?)
    }

    /// Norm of document `d`'s TF-IDF vector.
    pub fn doc_norm(&self, d: u32) -> Result<f32, FormatError> {
        self.doc_norm.get(self.doc_number(d)?).map(f32::from_bits)
    }

    fn term(&self, t: usize) -> Result<&'a [u8], FormatError> {
        let (a, b) = (self.term_offsets.get(t)?, self.term_offsets.get(t + 1)?);
        if a > b {
            return Err(bad(format!("term {t}: offsets out of order")));
        }
        self.term_blob.get(a as usize..b as usize)
    }

    /// The id and document frequency of a term, if indexed.
    pub fn term_id(&self, term: &str) -> Result<Option<(u32, u32)>, FormatError> {
        let (mut lo, mut hi) = (0usize, self.term_df.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.term(mid)?.cmp(term.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return Ok(Some((mid as u32, self.term_df.get(mid)?)));
                }
            }
        }
        Ok(None)
    }

    /// The `(doc, tf)` postings of term `t`, each naming a document of the
    /// index.
    pub fn postings(&self, t: u32) -> Result<Vec<(u32, u32)>, FormatError> {
        let t = t as usize;
        let (a, b) = (self.post_offsets.get(t)?, self.post_offsets.get(t + 1)?);
        if a > b || b > self.post_docs.len() as u64 {
            return Err(bad(format!("postings of term {t}: offsets out of order")));
        }
        (a as usize..b as usize)
            .map(|i| {
                let d = self.post_docs.get(i)?;
                self.doc_number(d)?;
                Ok((d, self.post_tf.get(i)?))
            })
            .collect()
    }

    /// The whole index back in memory, for `--add`: records are copied as
    /// bytes, not re-analysed. Verifies the whole file first.
    pub fn to_data(&self) -> Result<IndexData, FormatError> {
        self.verify_all()?;
        let n = self.len();
        let mut docs: Vec<DocEntry> = Vec::with_capacity(n);
        for d in 0..n as u32 {
            docs.push(DocEntry {
                id: self.id(d)?.to_string(),
                record: self.record(d)?.to_vec(),
                fingerprints: Vec::new(),
                sample: Vec::new(),
                terms: Vec::new(),
            });
        }
        let slot = |d: u32| -> Result<usize, FormatError> {
            let d = d as usize;
            if d < n {
                Ok(d)
            } else {
                Err(bad(format!("posting names document {d} of {n}")))
            }
        };
        for (h, d) in self.fingerprints.pairs()? {
            docs[slot(d)?].fingerprints.push(h);
        }
        for (h, d) in self.sample.pairs()? {
            docs[slot(d)?].sample.push(h);
        }
        for t in 0..self.term_df.len() {
            let term = std::str::from_utf8(self.term(t)?).map_err(|_| bad(format!("term {t}")))?;
            for (d, tf) in self.postings(t as u32)? {
                docs[slot(d)?].terms.push((term.to_string(), tf));
            }
        }
        Ok(IndexData {
            params: self.params.clone(),
            docs,
            history: self.history.clone(),
        })
    }
}

/// Checks the bytes of the index file `path` and gives a view of it, naming
/// the file in any error.
pub fn view<'a>(path: &Path, bytes: &'a [u8]) -> Result<IndexView<'a>, IndexError> {
    IndexView::new(bytes).map_err(format_err(path))
}
