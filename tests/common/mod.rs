//! Helpers the CLI tests share: run the real binary, parse its JSON.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Runs `chachong ARGS`: stdout, stderr, and whether it succeeded.
pub fn chachong(args: &[&str]) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_chachong"))
        .args(args)
        .output()
        .expect("run chachong");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

/// Runs `chachong ARGS`, which must succeed, and parses its stdout as JSON;
/// gives the raw text too, for byte comparisons.
pub fn json(args: &[&str]) -> (Value, String) {
    let (stdout, stderr, ok) = chachong(args);
    assert!(ok, "chachong {args:?} failed: {stderr}");
    (serde_json::from_str(&stdout).expect("valid JSON"), stdout)
}

/// The bundled seed corpus.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}
