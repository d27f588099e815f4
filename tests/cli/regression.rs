//! One test per bug found, each named for the bug it guards against and
//! saying in its doc what went wrong (as ripgrep's `tests/regression.rs`).
//! A new bug gets its test here, written to fail before the fix.
