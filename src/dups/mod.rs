//! Near-duplicate documents and repeated passages (being written).

pub mod matchable;
pub mod passages;
