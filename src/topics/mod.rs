//! Topics: what the corpus is written about.
//!
//! Takes an [`Analysis`](crate::analyze::Analysis), the near-duplicate
//! structure ([`DuplicateOf`](crate::dups::DuplicateOf): the document that
//! stands for each) and checked [`TopicParams`], and gives [`Topics`]:
//!
//! 1. site boilerplate ([`boilerplate`]: sentences found verbatim in many
//!    documents) is left out of the topic term counts;
//! 2. a TF-IDF refitted for clustering on the representatives' term counts
//!    (sublinear tf, `min_df` scaled down for small corpora, `max_df`,
//!    a vocabulary cap), so reprints do not weigh twice;
//! 3. LSA: a randomized truncated SVD ([`svd`]) to `dims` dimensions, rows
//!    L2-normalised;
//! 4. k-means ([`kmeans`]) with `n_runs` seeded starts, then spherical
//!    k-means on the full TF-IDF vectors from that clustering ([`refine`]);
//!    `k` fixed or chosen from the silhouette curve ([`silhouette`], on
//!    seeded samples) by a [`KRule`];
//! 5. for each topic c-TF-IDF terms, phrases and a label ([`labels`]) and the
//!    documents nearest its centroid;
//! 6. 2-D coordinates for every document ([`pca`]).
//!
//! Near-duplicates are not clustered: each takes its representative's topic,
//! and topic sizes count them. Floats are rounded to 4 decimals and every
//! order is fixed, so the same input and seed give byte-identical JSON.
//! Where the data cannot support what was asked (too few documents, empty
//! clusters) `notes` says so instead of failing.
//!
//! [`run()`] is the stage, one function per step; how k is chosen and the
//! documents clustered is its own module (`choose_k`). The settings
//! ([`TopicParams`], `params`) and the result ([`Topics`], `result`) have
//! theirs; the public submodules are the algorithms the steps use.

pub mod boilerplate;
mod choose_k;
pub mod kmeans;
pub mod labels;
pub mod note;
mod params;
pub mod pca;
pub mod refine;
mod result;
mod run;
pub mod silhouette;
pub mod svd;

pub use kmeans::KMeansAlgo;
pub use note::TopicNote;
pub use params::{KChoice, KRule, TopicParams, TopicParamsError};
pub use result::{
    Assignment, KChosenBy, SilhouettePoint, TermWeight, Topic, TopicOf, TopicOutOfRange,
    TopicSettings, Topics,
};
pub use run::run;
