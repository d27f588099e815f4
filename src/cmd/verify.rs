//! `chachong verify --sign DIR`: candidate pairs on stdin, verified pairs
//! on stdout, scored exactly as `dups` scores them.
//!
//! Reads candidate pairs from stdin, one a line: two document places (the
//! `doc` column of the sign files) separated by whitespace. Lines of text
//! because that is what `RDD.pipe` feeds a process on every executor, with
//! no Arrow version or pyarrow to match between the JVM, Python and Rust,
//! and places because they are integers with nothing to escape (ids can
//! hold any character). Loads the documents rows of those places from
//! every shard of DIR (refusing an incomplete DIR), runs
//! [`chachong::dups::sign::verify`] and writes one JSON object a line, the
//! kept pairs in the order and form of `near_duplicates.pairs` of
//! `chachong dups --format json`.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;

use chachong::dups::sign::dir::{read_shards, shard_file};
use chachong::dups::sign::{self, parquet_io};

use super::Exit;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A folder `chachong sign` wrote, with every shard.
    #[arg(long, value_name = "DIR")]
    pub sign: PathBuf,
}

/// The candidate pairs of `input`: two places a line; blank lines skipped.
fn candidates(input: impl BufRead) -> Result<Vec<(u32, u32)>> {
    let mut out = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let line = line.context("reading candidate pairs from stdin")?;
        let mut parts = line.split_whitespace();
        let pair = match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => continue,
            (Some(a), Some(b), None) => a.parse::<u32>().ok().zip(b.parse::<u32>().ok()),
            _ => None,
        };
        let Some(pair) = pair else {
            let shown: String = line.chars().take(80).collect();
            bail!(
                "stdin line {}: expected two document places (the doc column of the sign files), found {shown:?}",
                n + 1
            );
        };
        out.push(pair);
    }
    Ok(out)
}

pub fn run(args: VerifyArgs) -> Result<Exit> {
    let (settings, shards) = read_shards(&args.sign)?;
    let params = settings
        .params()
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.sign.display()))?;
    let pairs = candidates(std::io::stdin().lock())?;
    let needed: HashSet<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    let mut documents = Vec::new();
    for info in &shards {
        let path = shard_file(&args.sign, info.shard, 0);
        documents.extend(parquet_io::read_documents(&path, |d| needed.contains(&d))?);
    }
    let kept = sign::verify(&documents, &pairs, &params)?;
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
        assert_eq!(ok, [(0, 3), (7, 2)]);
        for bad in ["0\n", "0 1 2\n", "a b\n", "-1 2\n"] {
            let err = candidates(bad.as_bytes()).unwrap_err().to_string();
            assert!(err.contains("stdin line 1"), "{bad:?}: {err}");
        }
    }
}
