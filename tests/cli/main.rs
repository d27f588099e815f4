//! The integration tests, one binary (as ripgrep's `tests/integration.rs`):
//! it links once, so `cargo test` builds one test executable, not one per
//! file.
//!
//! - One module per command, run as a user would run the real binary:
//!   [`check`] (with `index`), [`compare`], [`dups`], [`read`] (reading
//!   input, `inspect`), [`report`], [`topics`]; [`quality`]: damaged
//!   documents across `dups`, `topics`, `compare`, `inspect` and the report.
//! - [`page`]: the report page and Markdown as a reader meets them (the
//!   headline figure, the documents table, skipped inputs, both languages).
//! - [`debris`]: code, style sheets and widgets in bodies, as `inspect` and
//!   `dups` see them; [`boilerplate`]: site boilerplate found and left out.
//! - [`command_line`]: what every command shares: progress only on a
//!   terminal, errors said once with flag names, `--by folder`/`path:N`,
//!   one name per idea; [`schemas`]: the JSON Schemas of `schemas/`
//!   against real output.
//! - [`serve`]: `chachong serve` over HTTP on loopback: the same verdicts
//!   as `check`, tokens, limits, shutdown, `kill -9` durability.
//! - [`regression`]: one test per bug found, each named for its bug.
//! - [`hostile`]: hostile input and conditions (symlink loops, FIFOs, gzip
//!   bombs, crafted indexes, concurrent writers, kills, terminal escapes,
//!   input built to take quadratic time), grouped by where the bugs lived.
//! - [`api`]: the library API on the seeds and on made-up text, with
//!   property tests.
//! - [`util`]: what they share: the binary run with a time limit, temporary
//!   folders, the seed articles, `git`.
//!
//! A few tests of linear time on large hostile input take 5 to 20 s in a
//! debug build; they are `#[ignore]`d so that `cargo test` stays quick, and
//! `.ci/run` runs them (`cargo test --test cli -- --ignored`).

mod api;
mod boilerplate;
mod check;
mod check_page;
mod command_line;
mod compare;
mod debris;
mod dups;
mod hostile;
mod index_folder;
mod page;
mod quality;
mod ratios;
mod read;
mod regions;
mod regression;
mod report;
mod schemas;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "spark")]
mod sign;
#[cfg(feature = "spark")]
mod spark;
mod topics;
mod util;

/// Text escaped as the report page escapes it.
pub fn report_esc(s: &str) -> String {
    chachong::report::html::esc(s)
}
