//! The per-document stage of near-duplicate detection as plain rows, and
//! the exact verification of pairs from those rows: the contract between
//! `chachong sign`, a cluster job (Spark) and `chachong verify`.
//!
//! [`sign`] takes an [`Analysis`], checked [`DupsParams`] and a [`Shard`] and
//! gives, for each document of the shard, exactly what [`super::run`]
//! computes for it: its shingle set (through the same `shingles_of`: the
//! same `min_doc_chars` and damaged rules), its MinHash signature
//! ([`MinHasher`]) cut into the same band keys ([`lsh::band_key`]), and its
//! containment sample ([`Sample`] with [`CONTAIN_SALT`] and
//! [`CONTAIN_SAMPLE_BITS`]). Nothing is re-implemented, so the two paths
//! cannot drift:
//!
//! - [`DocumentRow`]: the document's place in the corpus (`doc`, the key
//!   every table joins on), id, the metadata the `near_duplicates` JSON
//!   needs (title, date, characters, body characters for the cluster
//!   representative), the size of its shingle set, and what its shingles
//!   are made of (the matchable characters, or the term words with
//!   `shingle_words`), `None` when it takes no part. Not the text as read:
//!   nothing downstream needs it, and it would double the file.
//! - [`BandRow`]: `(doc, band, key)`; two documents sharing a key are an LSH
//!   candidate. Buckets larger than [`lsh::MAX_BUCKET`] are the cluster
//!   job's to cap.
//! - [`min_shared_table`]: the containment threshold by sample size, in
//!   the shard's JSON, so the job needs no copy of the formula.
//! - [`SampleRow`]: `(doc, shingle)`, the full containment sample. The
//!   local path drops the shingles in more than `boilerplate_df` documents
//!   before sampling; sampling keeps a hash in every set that holds it, so
//!   a sampled shingle's document count in this table is its count in the
//!   corpus, and the cluster job drops the same shingles by counting here.
//!
//! [`verify`] takes candidate pairs and the documents rows and gives the
//! kept pairs with the scores and kinds [`super::run`] gives them. The
//! Parquet files (`documents-SHARD.parquet`, `bands-SHARD.parquet`,
//! `sample-SHARD.parquet`) are read and written by [`parquet_io`].
//!
//! A document's place is its position in the corpus as every command reads
//! it (inputs sorted, records in file order), after `--skip-shorter`: the
//! same number `dups` uses, so verified pairs come out in the local order.
//! A batch of input files is signed without knowing how many documents
//! the batches before it hold (so that machines can sign batches at once):
//! its files count places from 0, and whoever reads the whole folder adds
//! the batch's first place ([`dir::first_places`]).

pub mod dir;
pub mod parquet_io;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::minhash::MinHasher;
use super::{CONTAIN_SAMPLE_BITS, DupsParams, NearDuplicatePair, ScoredPair, lsh, shingles_of};
use crate::analyze::{Analysis, Analyzed, DocIdx};
use crate::fingerprint::matchable;
use crate::fingerprint::sample::{CONTAIN_SALT, Sample};
use crate::fingerprint::shingle::{ShingleSet, char_shingles, word_shingles};
use crate::params::{Checked, ParamGuard};
use crate::round4;

/// The version of the rows and files; a reader refuses another.
pub const FORMAT: u32 = 5;

/// Shard `index` of `count`: the documents whose place `doc` has
/// `doc % count == index` (or, for a folder signed in batches, the
/// `index`-th batch of input files; `--shard` then picks batches by the
/// same rule). By place rather than a hash of the id: every shard reads the
/// whole corpus anyway (site boilerplate is found over the whole corpus,
/// so a document's body depends on the others), places are dense, so
/// shards are balanced to one document, and the place is the join key of
/// every table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The whole corpus as one shard.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Whether the document at `doc` falls in this shard.
    pub fn holds(&self, doc: usize) -> bool {
        doc % self.count as usize == self.index as usize
    }

    /// The shard's part of a file name: `I-of-N`.
    pub fn tag(&self) -> String {
        format!("{}-of-{}", self.index, self.count)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A `--shard` that is not `I/N` with `0 <= I < N`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("shard must be I/N with 0 <= I < N (for example 0/4), not {0:?}")]
pub struct ShardError(pub String);

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Shard, ShardError> {
        let bad = || ShardError(s.to_string());
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// The settings the rows depend on, written beside them (`sign-SHARD.json`)
/// so that `verify` and the cluster job use the same ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignSettings {
    pub format: u32,
    pub shingle: usize,
    pub shingle_words: bool,
    pub threshold: f64,
    pub containment: f64,
    pub num_perm: usize,
    pub seed: u64,
    pub min_doc_chars: usize,
    pub boilerplate_df: usize,
    pub keep_damaged: bool,
    /// The band layout of `threshold` and `num_perm`.
    pub bands: usize,
    pub rows: usize,
    /// The containment sample keeps one shingle in `2^sample_bits`.
    pub sample_bits: u32,
    /// Buckets larger than this are capped by the cluster job as
    /// [`lsh::candidates`] caps them.
    pub max_bucket: usize,
}

impl SignSettings {
    pub fn of(params: &DupsParams) -> SignSettings {
        let bands = params.bands();
        SignSettings {
            format: FORMAT,
            shingle: params.shingle,
            shingle_words: params.shingle_words,
            threshold: params.threshold,
            containment: params.containment,
            num_perm: params.num_perm,
            seed: params.seed,
            min_doc_chars: params.min_doc_chars,
            boilerplate_df: params.boilerplate_df,
            keep_damaged: params.keep_damaged,
            bands: bands.bands,
            rows: bands.rows,
            sample_bits: CONTAIN_SAMPLE_BITS,
            max_bucket: lsh::MAX_BUCKET,
        }
    }

    /// The near-duplicate settings these were made from, checked; an error
    /// when they are not valid or not of this version.
    pub fn params(&self) -> Result<Checked<DupsParams>, String> {
        if self.format != FORMAT {
            return Err(format!(
                "format {} (this chachong reads format {FORMAT})",
                self.format
            ));
        }
        let params = DupsParams {
            shingle: self.shingle,
            shingle_words: self.shingle_words,
            threshold: self.threshold,
            containment: self.containment,
            num_perm: self.num_perm,
            seed: self.seed,
            min_doc_chars: self.min_doc_chars,
            boilerplate_df: self.boilerplate_df,
            keep_damaged: self.keep_damaged,
            ..DupsParams::default()
        }
        .check()
        .map_err(|e| e.to_string())?;
        if SignSettings::of(&params) != *self {
            return Err("settings that do not fit together (bands, sample)".into());
        }
        Ok(params)
    }
}

/// One document: see the module doc.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRow {
    /// The place in the corpus.
    pub doc: u32,
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    /// Characters of the text as read.
    pub chars: u32,
    /// Characters of the normalised body (the representative's tie-break).
    pub body_chars: u32,
    /// The size of the full shingle set (0 when the document takes no
    /// part): which side of a containment candidate is the smaller.
    pub shingles: u32,
    /// What the shingles are made of; `None` when the document takes no
    /// part (damaged, or fewer than `min_doc_chars` matchable characters).
    pub units: Option<Units>,
}

/// What a document's shingles are made of.
#[derive(Debug, Clone, PartialEq)]
pub enum Units {
    /// The matchable characters (character shingles).
    Chars(String),
    /// The term words (`shingle_words`).
    Words(Vec<String>),
}

impl Units {
    /// The shingle set, as [`super::run`] makes it.
    pub fn shingles(&self, n: usize) -> ShingleSet {
        match self {
            Units::Chars(s) => char_shingles(&s.chars().collect::<Vec<char>>(), n),
            Units::Words(w) => word_shingles(w.iter().map(String::as_str), n),
        }
    }
}

/// A band key of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BandRow {
    pub doc: u32,
    pub band: u32,
    pub key: u64,
}

/// A sampled shingle of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SampleRow {
    pub doc: u32,
    pub shingle: u64,
}

/// The rows of one shard, each table sorted by `doc`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signed {
    pub documents: Vec<DocumentRow>,
    pub bands: Vec<BandRow>,
    pub sample: Vec<SampleRow>,
}

/// The rows of the documents of `shard`: see the module doc.
pub fn sign(analysis: &Analysis, params: &Checked<DupsParams>, shard: Shard) -> Signed {
    let signer = MinHasher::new(params.num_perm, params.seed);
    let layout = params.bands();
    let sample = Sample::new(params.seed, CONTAIN_SALT, CONTAIN_SAMPLE_BITS);
    let per_doc: Vec<(DocumentRow, Vec<BandRow>, Vec<SampleRow>)> = analysis
        .docs
        .par_iter()
        .enumerate()
        .filter(|(i, _)| shard.holds(*i))
        .map(|(i, d)| {
            let doc = i as u32;
            let set = shingles_of(d, params);
            let mut bands = Vec::new();
            let mut sampled = Vec::new();
            if let Some(set) = &set
                && let Some(sig) = signer.sign(set.iter().copied())
            {
                bands = (0..layout.bands)
                    .map(|band| BandRow {
                        doc,
                        band: band as u32,
                        key: lsh::band_key(&sig, band, layout.rows_of(band)),
                    })
                    .collect();
                sampled = sample
                    .of(set)
                    .into_iter()
                    .map(|shingle| SampleRow { doc, shingle })
                    .collect();
            }
            let units = set.as_ref().map(|_| units_of(d, params));
            let size = set.as_ref().map_or(0, Vec::len) as u32;
            (row(doc, d, size, units), bands, sampled)
        })
        .collect();
    let mut out = Signed::default();
    for (d, b, s) in per_doc {
        out.documents.push(d);
        out.bands.extend(b);
        out.sample.extend(s);
    }
    out
}

/// `min_shared` of [`crate::fingerprint::sample`] for every sample size
/// up to the largest sample in `rows`: entry `s` is how many sampled
/// shingles a document whose sample (without the shingles in more than
/// `boilerplate_df` documents) holds `s` must share with a larger one to be
/// a containment candidate. A table rather than the formula, so that the
/// cluster job cannot compute it differently.
pub fn min_shared_table(rows: &Signed, containment: f64) -> Vec<u32> {
    let longest = rows
        .sample
        .chunk_by(|x, y| x.doc == y.doc)
        .map(<[SampleRow]>::len)
        .max()
        .unwrap_or(0);
    (0..=longest)
        .map(|s| crate::fingerprint::sample::min_shared(s, containment) as u32)
        .collect()
}

/// What the shingles of a document taking part are made of, from the same
/// views `shingles_of` reads.
fn units_of(d: &Analyzed, params: &DupsParams) -> Units {
    if params.shingle_words {
        Units::Words(d.term_words().map(str::to_string).collect())
    } else {
        Units::Chars(matchable::matchable(&d.norm).chars.into_iter().collect())
    }
}

fn row(doc: u32, d: &Analyzed, shingles: u32, units: Option<Units>) -> DocumentRow {
    DocumentRow {
        doc,
        id: d.doc.id.clone(),
        title: d.doc.meta.title.clone(),
        date: d.doc.meta.date.clone(),
        chars: d.doc.chars(),
        body_chars: d.norm.len() as u32,
        shingles,
        units,
    }
}

/// What verification needs of one document: its place, its id, and what
/// its shingles are made of (`None` when it takes no part).
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub doc: u32,
    pub id: String,
    pub units: Option<Units>,
}

impl DocumentRow {
    /// The part of the row verification needs.
    pub fn side(&self) -> Side {
        Side {
            doc: self.doc,
            id: self.id.clone(),
            units: self.units.clone(),
        }
    }
}

/// A candidate pair carrying both documents, one JSON object a line on
/// `chachong verify`'s stdin: what the cluster job joins onto each pair, so
/// that verification reads no file:
/// `{"a": {"doc", "id", "matchable" | "words"}, "b": {...}}` (a side
/// without either takes no part).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarriedPair {
    pub a: CarriedSide,
    pub b: CarriedSide,
}

/// One side of a [`CarriedPair`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarriedSide {
    pub doc: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matchable: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<String>>,
}

impl From<CarriedSide> for Side {
    fn from(c: CarriedSide) -> Side {
        let units = match (c.matchable, c.words) {
            (Some(m), _) => Some(Units::Chars(m)),
            (None, Some(w)) => Some(Units::Words(w)),
            (None, None) => None,
        };
        Side {
            doc: c.doc,
            id: c.id,
            units,
        }
    }
}

/// A kept pair as `chachong verify` writes it, one JSON object a line:
/// the two places (`a < b`, the order of the local output) and the pair as
/// `near_duplicates.pairs` of `dups --format json` holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerifiedPair {
    pub places: (u32, u32),
    pub pair: NearDuplicatePair<String>,
}

impl VerifiedPair {
    /// The pair with its documents named by place, as [`super::run`] holds
    /// it (`inside` and `within` told apart by id).
    pub fn indexed(&self) -> NearDuplicatePair {
        let (a, b) = (DocIdx(self.places.0), DocIdx(self.places.1));
        NearDuplicatePair {
            a,
            b,
            kind: self
                .pair
                .kind
                .map(|id| if *id == self.pair.a { a } else { b }),
            jaccard: self.pair.jaccard,
            containment: self.pair.containment,
        }
    }
}

/// A candidate that names a document not among the rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("candidate pair names document {0}, which no shard holds")]
pub struct UnknownDoc(pub u32);

/// The kept pairs among `candidates` (places, either order, repeats
/// allowed), scored exactly on the full shingle sets rebuilt from `sides`:
/// the same pairs, scores (rounded to 4 decimals) and kinds as
/// [`super::run`] gives when they are its candidates, sorted by places,
/// documents named by id. A pair with a document taking no part, or of a
/// document with itself, is not kept.
pub fn verify(
    sides: &[Side],
    candidates: &[(u32, u32)],
    params: &Checked<DupsParams>,
) -> Result<Vec<VerifiedPair>, UnknownDoc> {
    let by_doc: HashMap<u32, &Side> = sides.iter().map(|d| (d.doc, d)).collect();
    let mut pairs: Vec<(u32, u32)> = candidates
        .iter()
        .filter(|(a, b)| a != b)
        .map(|&(a, b)| (a.min(b), a.max(b)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut needed: Vec<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    needed.sort_unstable();
    needed.dedup();
    let mut sets: HashMap<u32, ShingleSet> = HashMap::with_capacity(needed.len());
    for doc in needed {
        let side = by_doc.get(&doc).ok_or(UnknownDoc(doc))?;
        if let Some(units) = &side.units {
            sets.insert(doc, units.shingles(params.shingle));
        }
    }
    let id = |doc: &u32| by_doc[doc].id.clone();
    Ok(pairs
        .into_par_iter()
        .filter_map(|(a, b)| {
            let p = ScoredPair::of(a, sets.get(&a)?, b, sets.get(&b)?);
            p.is_near(params).then(|| VerifiedPair {
                places: (a, b),
                pair: NearDuplicatePair {
                    a: id(&p.a),
                    b: id(&p.b),
                    kind: p.kind(params).map(|d| id(&d.0)),
                    jaccard: round4(p.jaccard),
                    containment: round4(p.containment),
                },
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format};
    use crate::segment::Segmenter;
    use crate::{AnalyzeParams, Corpus, analyze};

    const STORY: &str = "近年来党中央国务院高度重视数字经济发展，工业互联网平台作为新一代信息通信技术与制造业深度融合的产物，\
        已成为制造业数字化网络化智能化转型的重要载体。青岛市以卡奥斯平台为抓手，推动五千余家企业上云用平台，\
        带动全市规模以上工业企业营业收入增长百分之十二，形成了一批可复制可推广的经验做法。";

    fn analysis() -> Analysis {
        let texts = [
            STORY.to_string(),
            format!("本报讯 {STORY} 责任编辑：王五"),
            "今天天气晴朗，气温十八度，适合户外运动和郊游，市民纷纷走出家门享受春光，公园里游人如织热闹非凡。".to_string(),
            "短讯".to_string(),
            format!("{STORY}与此同时，青岛还将建设工业互联网产业园区，引进上下游配套企业两百余家，培育专精特新中小企业。"),
        ];
        let documents = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}"), Format::Text, t))
            .collect();
        let corpus = Corpus {
            documents,
            skipped: Vec::new(),
        };
        analyze(corpus, Segmenter::shared(), &AnalyzeParams::default())
    }

    /// The pairs sharing a band key in `bands`, every pair of a bucket.
    fn bucket_pairs(bands: &[BandRow]) -> Vec<(u32, u32)> {
        let mut keyed: Vec<((u32, u64), u32)> =
            bands.iter().map(|b| ((b.band, b.key), b.doc)).collect();
        keyed.sort_unstable();
        let mut pairs = Vec::new();
        for run in keyed.chunk_by(|x, y| x.0 == y.0) {
            for (i, x) in run.iter().enumerate() {
                pairs.extend(run[i + 1..].iter().map(|y| (x.1, y.1)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    #[test]
    fn band_keys_are_the_keys_of_local_lsh_for_every_document() {
        let a = analysis();
        for words in [false, true] {
            let params = DupsParams {
                shingle: if words { 3 } else { 5 },
                shingle_words: words,
                ..DupsParams::default()
            }
            .check()
            .unwrap();
            let signed = sign(&a, &params, Shard::WHOLE);
            // The local path: the same sets, signatures and banding.
            let signer = MinHasher::new(params.num_perm, params.seed);
            let sigs: Vec<_> = a
                .docs
                .iter()
                .map(|d| signer.sign(shingles_of(d, &params)?.iter().copied()))
                .collect();
            let layout = params.bands();
            for (doc, sig) in sigs.iter().enumerate() {
                let want: Vec<u64> = match sig {
                    Some(sig) => (0..layout.bands)
                        .map(|b| lsh::band_key(sig, b, layout.rows_of(b)))
                        .collect(),
                    None => Vec::new(),
                };
                let got: Vec<u64> = signed
                    .bands
                    .iter()
                    .filter(|b| b.doc == doc as u32)
                    .map(|b| b.key)
                    .collect();
                assert_eq!(got, want, "document {doc}");
            }
            // Grouping the rows by key gives the local LSH candidates.
            assert_eq!(
                bucket_pairs(&signed.bands),
                lsh::candidates(&sigs, layout).pairs
            );
            assert!(bucket_pairs(&signed.bands).contains(&(0, 1)));
            // The short document takes part in nothing; units rebuild the sets.
            assert!(signed.documents[3].units.is_none());
            for d in &signed.documents {
                let local = shingles_of(&a.docs[d.doc as usize], &params);
                assert_eq!(d.units.as_ref().map(|u| u.shingles(params.shingle)), local);
            }
        }
    }

    #[test]
    fn shards_partition_the_rows_of_the_whole() {
        let a = analysis();
        let params = DupsParams::default().check().unwrap();
        let whole = sign(&a, &params, Shard::WHOLE);
        let mut joined = Signed::default();
        for index in 0..3 {
            let part = sign(&a, &params, Shard { index, count: 3 });
            joined.documents.extend(part.documents);
            joined.bands.extend(part.bands);
            joined.sample.extend(part.sample);
        }
        joined.documents.sort_by_key(|d| d.doc);
        joined.bands.sort();
        joined.sample.sort();
        let mut whole_sorted = whole.clone();
        whole_sorted.bands.sort();
        whole_sorted.sample.sort();
        assert_eq!(joined, whole_sorted);
    }

    #[test]
    fn verify_gives_the_pairs_of_run() {
        let a = analysis();
        let params = DupsParams::default().check().unwrap();
        let signed = sign(&a, &params, Shard::WHOLE);
        let n = a.docs.len() as u32;
        let all: Vec<(u32, u32)> = (0..n).flat_map(|i| (0..n).map(move |j| (j, i))).collect();
        let sides: Vec<Side> = signed.documents.iter().map(DocumentRow::side).collect();
        let got: Vec<_> = verify(&sides, &all, &params)
            .unwrap()
            .into_iter()
            .map(|v| v.pair)
            .collect();
        let want = super::super::run(&a, &params)
            .named(&a)
            .near_duplicates
            .pairs;
        assert!(!want.is_empty());
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            serde_json::to_value(&want).unwrap()
        );
        assert!(matches!(
            verify(&sides, &[(0, 9)], &params),
            Err(UnknownDoc(9))
        ));
    }

    #[test]
    fn shards_parse_or_say_what_is_wrong() {
        assert_eq!("1/4".parse(), Ok(Shard { index: 1, count: 4 }));
        for bad in ["4/4", "0/0", "1", "a/2", "-1/2", "1/2/3", ""] {
            let err = bad.parse::<Shard>().unwrap_err();
            assert!(err.to_string().contains("I/N"), "{bad}: {err}");
        }
        let s = Shard { index: 1, count: 3 };
        let held: Vec<usize> = (0..7).filter(|&i| s.holds(i)).collect();
        assert_eq!(held, [1, 4]);
        assert_eq!(s.tag(), "1-of-3");
    }

    #[test]
    fn settings_round_trip_to_params_and_refuse_another_format() {
        let params = DupsParams::default().check().unwrap();
        let s = SignSettings::of(&params);
        assert_eq!(*s.params().unwrap(), *params);
        let other = SignSettings {
            format: 99,
            ..s.clone()
        };
        assert!(other.params().unwrap_err().contains("format 99"));
        let odd = SignSettings { rows: 1, ..s };
        assert!(odd.params().is_err());
    }
}
