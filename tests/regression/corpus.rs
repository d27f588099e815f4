//! Regressions: corpus.

#[allow(unused_imports)]
use super::*;
