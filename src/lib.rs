//! chachong (查重): find what is copied, near-duplicated and written about in a
//! corpus of Chinese articles.
//!
//! The library does the work as a one-way chain of typed stages; the
//! `chachong` binary parses flags, calls them, writes files and picks the
//! exit code. See ARCHITECTURE.md for the map.
//!
//! ```text
//! corpus  -> clean -> normalize -> segment -> tfidf        (analyze runs these)
//!         -> summary (report model) -> report (writers)
//! ```

pub mod analyze;
pub mod boilerplate;
pub mod check;
pub mod clean;
pub mod compare;
pub mod corpus;
pub mod dups;
pub mod fingerprint;
pub mod index;
pub mod lang;
pub mod normalize;
pub mod params;
pub mod pipeline;
pub mod quality;
pub mod regions;
pub mod report;
pub mod safe;
pub mod schema;
pub mod segment;
#[cfg(feature = "serve")]
pub mod serve;
pub mod span;
pub mod summary;
pub mod tfidf;
pub mod topics;

pub use analyze::{Analysis, AnalyzeParams, Analyzed, DocIdx, analyze, analyze_inputs};
pub use corpus::{Corpus, Document, ReadParams, read_corpus, read_corpus_map};
pub use params::{Checked, ParamGuard};
pub use span::Span;

/// Rounds to 4 decimals (and turns -0 into 0): every score in chachong's
/// JSON goes through it, so output is stable across runs and platforms.
pub fn round4(x: f64) -> f64 {
    let r = (x * 1e4).round() / 1e4;
    if r == 0.0 { 0.0 } else { r }
}

/// The version of chachong, as written into reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
