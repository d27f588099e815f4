//! Regressions: index.

#[allow(unused_imports)]
use super::*;
