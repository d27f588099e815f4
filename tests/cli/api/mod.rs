//! The library API, called directly: the seed articles read and cleaned
//! ([`seeds`]), repeated passages found ([`passages`]), and property tests
//! of the offset contract ([`offsets`]).

mod alignments;
mod offsets;
mod passages;
mod seeds;
