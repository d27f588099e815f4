//! Compare: how groups of documents differ in what they write about.
//!
//! Takes an [`Analysis`](crate::analyze::Analysis), each document's topic
//! ([`TopicOf`](crate::topics::TopicOf), from the topics stage; none
//! without topics), the near-duplicate structure
//! ([`DuplicateOf`](crate::dups::DuplicateOf): the document that stands
//! for each) and checked [`CompareParams`]; gives a [`Comparison`], one
//! serde value:
//!
//! - a [`Group`] per value of the metadata field `by` (`source`, `author`,
//!   `categories`, any JSONL or front-matter field, `date:year`,
//!   `date:month`, or where the document was read: `folder`, `path:N`; see
//!   [`field_values`]; [`check_field`] says when no document has `by`). A document with several values (categories, tags) is in
//!   each of their groups; documents without the field form the group
//!   `(none)`, which exists only when such documents do. Each group gives
//!   its documents before and after collapsing near-duplicates, the share of
//!   each topic among them (with the count of documents behind it), and its distinctive terms against the rest of
//!   the corpus by the log-odds ratio with an informative Dirichlet prior
//!   ([`fightin`]), each with example sentences from the group's documents
//!   (keyword in context, as char spans of the text as read);
//! - with `groups: Some((a, b))`, the same for `a` against `b` alone, both
//!   ways ([`Pairwise`]);
//! - topic shares per month or year when documents have dates
//!   ([`over_time`]);
//! - a warning on every group smaller than `min_group_docs`, and `notes` on
//!   the corpus as a whole.
//!
//! Near-duplicates count once: within a set of documents (a group, the rest
//! of the corpus, a period) a cluster is counted through its representative
//! when the representative is in the set, else through its earliest member
//! there. Term counts are the documents' term tokens
//! ([`Analyzed::term_words`](crate::analyze::Analyzed::term_words)) from
//! those documents only. Floats are rounded to 4 decimals and every list has
//! a fixed order, so the same input gives byte-identical JSON.
//!
//! [`run()`] is the stage; the groups and how a set of documents is counted
//! once are in `groups`, the term counts and statistics every group is
//! computed from in `context`. The settings ([`CompareParams`], `params`)
//! and the result ([`Comparison`], `result`) have their own modules.

mod context;
mod examples;
pub mod fightin;
mod groups;
pub mod note;
pub mod over_time;
mod params;
mod result;
mod run;

pub use groups::{
    NONE_GROUP, UnknownField, check_field, field_values, fields_present, present_line, region_level,
};
pub use note::CompareNote;
pub use over_time::Period;
pub use params::{CompareParams, CompareParamsError};
pub use result::{
    CONTEXT_CHARS, CompareSettings, Comparison, DistinctiveTerm, Example, Group, Pairwise,
    documents,
};
pub use run::{largest_pair, run};
