//! `chachong verify (--sign DIR | --settings JSON)`: candidate pairs on
//! stdin, verified pairs on stdout, scored exactly as `dups` scores them.
//!
//! Reads candidate pairs from stdin, one a line, in either form:
//!
//! - two document places (the `doc` column of the sign files) separated by
//!   whitespace: the documents are read from every shard of `--sign DIR`
//!   (an incomplete DIR is refused);
//! - a JSON [`CarriedPair`], both documents on the line: what the Spark job
//!   joins onto each candidate, so an executor reads no file and needs only
//!   `--settings`.
//!
//! Lines of text because that is what `RDD.pipe` feeds a process on every
//! executor, with no Arrow version or pyarrow to match between the JVM,
//! Python and Rust. Runs [`chachong::dups::sign::verify`] and writes one
//! JSON [`chachong::dups::sign::VerifiedPair`] a line: the places and the
//! pair as `near_duplicates.pairs` of `chachong dups --format json` holds
//! it, in the local order.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;

use chachong::dups::sign::dir::{checked_file, read_placed_shards, read_shards};
use chachong::dups::sign::{self, CarriedPair, Side, SignSettings, parquet_io};

use super::Exit;

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct VerifyArgs {
    /// A folder `chachong sign` wrote, with every shard: its settings, and
    /// the documents of candidate lines that carry only places.
    #[arg(long, value_name = "DIR")]
    pub sign: Option<PathBuf>,
    /// The `settings` object of a `sign-I-of-N.json`, as JSON text, when
    /// every candidate line carries its documents (what the Spark job
    /// passes: executors then read no file).
    #[arg(long, value_name = "JSON")]
    pub settings: Option<String>,
}

/// The candidates read from stdin: pairs of places, and the documents
/// the lines carried.
#[derive(Debug, Default, PartialEq)]
struct Candidates {
    pairs: Vec<(u32, u32)>,
    carried: Vec<Side>,
}

/// The candidate pairs of `input`, one a line: two places separated by
/// whitespace, or a JSON [`CarriedPair`]; blank lines skipped.
fn candidates(input: impl BufRead) -> Result<Candidates> {
    let mut out = Candidates::default();
    for (n, line) in input.lines().enumerate() {
        let line = line.context("reading candidate pairs from stdin")?;
        let shown = || line.chars().take(80).collect::<String>();
        if line.trim_start().starts_with('{') {
            let pair: CarriedPair = serde_json::from_str(&line).with_context(|| {
                format!(
                    "stdin line {}: not a candidate pair with its documents: {:?}",
                    n + 1,
                    shown()
                )
            })?;
            out.pairs.push((pair.a.doc, pair.b.doc));
            out.carried.push(pair.a.into());
            out.carried.push(pair.b.into());
            continue;
        }
        let mut parts = line.split_whitespace();
        let pair = match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => continue,
            (Some(a), Some(b), None) => a.parse::<u32>().ok().zip(b.parse::<u32>().ok()),
            _ => None,
        };
        let Some(pair) = pair else {
            bail!(
                "stdin line {}: expected two document places (the doc column of the sign files), found {:?}",
                n + 1,
                shown()
            );
        };
        out.pairs.push(pair);
    }
    Ok(out)
}

pub fn run(args: VerifyArgs) -> Result<Exit> {
    let settings: SignSettings = match (&args.sign, &args.settings) {
        (Some(dir), _) => read_shards(dir)?.0,
        (None, Some(json)) => serde_json::from_str(json).context("--settings")?,
        (None, None) => bail!("give --sign DIR or --settings JSON"),
    };
    let params = settings.params().map_err(|e| match &args.sign {
        Some(dir) => anyhow::anyhow!("{}: {e}", dir.display()),
        None => anyhow::anyhow!("--settings: {e}"),
    })?;
    let Candidates { pairs, mut carried } = candidates(std::io::stdin().lock())?;
    let known: HashSet<u32> = carried.iter().map(|s| s.doc).collect();
    let needed: HashSet<u32> = pairs
        .iter()
        .flat_map(|&(a, b)| [a, b])
        .filter(|d| !known.contains(d))
        .collect();
    if !needed.is_empty() {
        let Some(dir) = &args.sign else {
            bail!("candidate lines of two places need --sign DIR, to read their documents");
        };
        for (info, first) in read_placed_shards(dir)?.1 {
            let path = checked_file(dir, &info, 0)?;
            let rows = parquet_io::read_documents(&path, first, |d| needed.contains(&d))?;
            carried.extend(rows.iter().map(|r| r.side()));
        }
    }
    let kept = sign::verify(&carried, &pairs, &params)?;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for p in &kept {
        serde_json::to_writer(&mut stdout, p)?;
        stdout.write_all(b"\n")?;
    }
    match stdout.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Exit::Ok),
        r => r.map(|()| Exit::Ok).context("writing to stdout"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_lines_are_two_places_or_a_clear_error() {
        let ok = candidates("0 3\n\n  7\t2 \n".as_bytes()).unwrap();
        assert_eq!(ok.pairs, [(0, 3), (7, 2)]);
        let line =
            r#"{"a": {"doc": 4, "id": "x", "matchable": "abc"}, "b": {"doc": 1, "id": "y"}}"#;
        let carried = candidates(line.as_bytes()).unwrap();
        assert_eq!(carried.pairs, [(4, 1)]);
        assert_eq!(carried.carried[1].units, None);
        let err = candidates(r#"{"a": 1}"#.as_bytes()).unwrap_err();
        assert!(format!("{err:#}").contains("stdin line 1"), "{err:#}");
        for bad in ["0\n", "0 1 2\n", "a b\n", "-1 2\n"] {
            let err = candidates(bad.as_bytes()).unwrap_err().to_string();
            assert!(err.contains("stdin line 1"), "{bad:?}: {err}");
        }
    }
}
