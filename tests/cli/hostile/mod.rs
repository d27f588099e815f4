//! Hostile input and conditions, through the real binary: one test per bug
//! found while making chachong trustworthy on input it does not control,
//! grouped by where the bug lived: reading a corpus ([`corpus`],
//! [`corpus_parsers`]), the normalised view ([`normalize`]), indexing and
//! checking ([`index`]), writing and printing output ([`output`]), time and
//! memory on large input ([`scale`]). Every run goes through
//! [`crate::util`], with a time limit, so a hang fails its test.

mod corpus;
mod corpus_parsers;
mod index;
mod normalize;
mod output;
mod scale;
