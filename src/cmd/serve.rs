//! `chachong serve --index PATH`: the pre-publish gate as an HTTP service.
//!
//! Parses the flags into a [`ServeConfig`] (tokens from `--tokens` and the
//! environment, sizes and durations checked) and calls
//! [`chachong::serve::run`]; every endpoint and rule is described there and
//! in `schemas/openapi.json`. Exit 0 after a graceful shutdown, 2 when the
//! service cannot start.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;

use chachong::serve::auth::Tokens;
use chachong::serve::{ServeConfig, run as serve};

use super::Exit;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The index to answer from (built by `chachong index`).
    #[arg(long, value_name = "PATH")]
    pub index: PathBuf,
    /// Address to listen on; port 0 picks a free port. A non-loopback
    /// address needs tokens.
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR")]
    pub addr: SocketAddr,
    /// Tokens file: lines `read TOKEN` or `write TOKEN` (a write token may
    /// also read). Also read: CHACHONG_READ_TOKEN, CHACHONG_WRITE_TOKEN.
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// Largest request body (B, KiB, MiB).
    #[arg(long, default_value = "8MiB", value_name = "SIZE", value_parser = parse_size)]
    pub max_body: usize,
    /// Largest draft, in characters.
    #[arg(long, default_value_t = 200_000, value_name = "N")]
    pub max_draft_chars: usize,
    /// Time limit of one request (`30s`, `2m`, `500ms`).
    #[arg(long, default_value = "30s", value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Duration,
    /// CPU jobs (checks, reading batches) at once; more are answered 503
    /// (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub max_concurrent: Option<usize>,
    /// For tests: hold every CPU job and task this long.
    #[arg(long, hide = true, default_value = "0s", value_parser = parse_duration)]
    pub test_delay: Duration,
}

fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: usize = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size such as 8MiB, 512KiB or 1000"))?;
    let mult = match unit.trim() {
        "" | "B" => 1,
        "KiB" | "K" | "KB" => 1 << 10,
        "MiB" | "M" | "MB" => 1 << 20,
        "GiB" | "G" | "GB" => 1 << 30,
        other => return Err(format!("unknown unit {other:?}: use B, KiB, MiB or GiB")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("{s:?} is too large"))
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s).map_err(|e| format!("{s:?}: {e}"))
}

pub fn run(args: ServeArgs) -> Result<Exit> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let tokens = Tokens::load(
        args.tokens.as_deref(),
        env("CHACHONG_READ_TOKEN"),
        env("CHACHONG_WRITE_TOKEN"),
    )
    .context("reading the tokens")?;
    let max_concurrent = match args.max_concurrent {
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(2, |n| n.get()),
    };
    if !args.index.exists() {
        bail!(
            "{}: no index there; build one with `chachong index INPUT... -o {}`",
            chachong::safe::terminal(&args.index.to_string_lossy()),
            chachong::safe::terminal(&args.index.to_string_lossy())
        );
    }
    init_logging();
    serve(ServeConfig {
        index: args.index,
        addr: args.addr,
        tokens,
        max_body: args.max_body,
        max_draft_chars: args.max_draft_chars,
        timeout: args.timeout,
        max_concurrent,
        test_delay: args.test_delay,
    })?;
    Ok(Exit::Ok)
}

/// Logs on stderr, `RUST_LOG` choosing what (default: info).
fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_parse() {
        assert_eq!(parse_size("8MiB"), Ok(8 << 20));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("8 parsecs").is_err());
        assert!(parse_size("MiB").is_err());
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert!(parse_duration("soon").is_err());
    }
}
