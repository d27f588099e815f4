//! The names and versions of chachong's JSON outputs.
//!
//! Every JSON document chachong writes (each command's `--format json`, and
//! `report.json`) opens with `"chachong_version"` (the version that wrote
//! it) and `"schema"`, a name and a version: `chachong.dups/1`. The version
//! goes up when a key is renamed or removed or its meaning changes; keys
//! may be added within a version. The JSON Schema of each is in the
//! repository's `schemas/` folder (`schemas/dups.schema.json`, ...), and
//! the tests check real output against them.
//!
//! [`Versioned`] puts the two keys in front of any serde value that
//! serialises as a map (a struct):
//!
//! ```
//! use chachong::schema::{self, Versioned};
//! #[derive(serde::Serialize)]
//! struct Out { n: u32 }
//! let json = serde_json::to_string(&Versioned::new(schema::DUPS, &Out { n: 3 })).unwrap();
//! assert!(json.starts_with(r#"{"chachong_version":""#));
//! assert!(json.ends_with(r#","schema":"chachong.dups/1","n":3}"#));
//! ```

use serde::Serialize;

/// `chachong dups --format json`.
pub const DUPS: &str = "chachong.dups/1";
/// `chachong topics --format json`.
pub const TOPICS: &str = "chachong.topics/1";
/// `chachong compare --format json`.
pub const COMPARE: &str = "chachong.compare/1";
/// `chachong check --format json`.
pub const CHECK: &str = "chachong.check/1";
/// `chachong index --format json`.
pub const INDEX: &str = "chachong.index/1";
/// `chachong inspect --format json`.
pub const INSPECT: &str = "chachong.inspect/1";
/// `report.json` of `chachong report`.
pub const REPORT: &str = "chachong.report/1";

/// `value` with `chachong_version` and `schema` in front of its own keys.
#[derive(Debug, Serialize)]
pub struct Versioned<'a, T: Serialize> {
    pub chachong_version: &'static str,
    pub schema: &'static str,
    #[serde(flatten)]
    pub value: &'a T,
}

impl<'a, T: Serialize> Versioned<'a, T> {
    /// `value` as the JSON of `schema`, written by this version.
    pub fn new(schema: &'static str, value: &'a T) -> Self {
        Versioned {
            chachong_version: crate::VERSION,
            schema,
            value,
        }
    }
}

/// `value` as the pretty-printed JSON of `schema` (two-space indent, the
/// one style of every chachong JSON output), with a final newline.
pub fn to_json<T: Serialize>(schema: &'static str, value: &T) -> serde_json::Result<String> {
    let mut s = serde_json::to_string_pretty(&Versioned::new(schema, value))?;
    s.push('\n');
    Ok(s)
}
