//! `chachong sign INPUT... --out DIR [--shard I/N]`: the per-document stage
//! of near-duplicate detection written as Parquet, for a cluster job.
//!
//! Reads the corpus as `dups` does (the same flags, the same places after
//! `--skip-shorter`), runs [`chachong::dups::sign::sign`] for one shard and
//! writes its files into DIR through [`chachong::dups::sign::dir`]: whole or
//! not at all, never into a folder holding anything else.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use chachong::dups::DupsParams;
use chachong::dups::sign::dir::{ShardInfo, write_shard};
use chachong::dups::sign::{self, Shard, SignSettings};

use super::dups::ClusterArgs;
use super::{CorpusArgs, Exit, FilterArgs, Progress};

#[derive(Debug, Args)]
pub struct SignArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Folder for the Parquet files (made if absent; it must be empty or
    /// hold only sign output of the same settings).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Sign only the documents at places p (in corpus order) with
    /// p mod N = I, so that N machines can sign one corpus; default 0/1,
    /// all of it.
    #[arg(long, value_name = "I/N", default_value = "0/1")]
    pub shard: Shard,
    /// Seed of every hash.
    #[arg(long, default_value_t = DupsParams::default().seed, value_name = "N")]
    pub seed: u64,
    #[command(flatten)]
    pub clusters: ClusterArgs,
}

pub fn run(args: SignArgs) -> Result<Exit> {
    let params = args.clusters.params(args.seed)?;
    let progress = Progress::new(args.corpus.quiet);
    let analysis = args.corpus.load_filtered(&args.filter, &progress)?;
    progress.stage("signing");
    let rows = sign::sign(&analysis, &params, args.shard);
    let info = ShardInfo {
        chachong: env!("CARGO_PKG_VERSION").to_string(),
        settings: SignSettings::of(&params),
        shard: args.shard,
        documents: rows.documents.len(),
        taking_part: rows.documents.iter().filter(|d| d.units.is_some()).count(),
        bands: rows.bands.len(),
        sample: rows.sample.len(),
        min_shared: sign::min_shared_table(&rows, params.containment),
    };
    progress.stage("writing Parquet");
    write_shard(&args.out, &info, &rows)
        .with_context(|| format!("--out {}", args.out.display()))?;
    progress.finish();
    if !args.corpus.quiet {
        eprintln!(
            "chachong: signed shard {} of {} documents ({} taking part): {} band keys, {} sampled shingles in {}",
            args.shard,
            info.documents,
            info.taking_part,
            info.bands,
            info.sample,
            args.out.display()
        );
    }
    Ok(Exit::Ok)
}
