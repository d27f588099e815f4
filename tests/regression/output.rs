//! Regressions: output.

#[allow(unused_imports)]
use super::*;
