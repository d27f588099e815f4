//! `chachong sign INPUT... --out DIR [--shard I/N | --batch-files K]`: the
//! per-document stage of near-duplicate detection written as Parquet, for
//! a cluster job.
//!
//! Reads the corpus as `dups` does (the same flags, the same places after
//! `--skip-shorter`), runs [`chachong::dups::sign::sign`] and writes the
//! rows into DIR through [`chachong::dups::sign::dir`]: whole or not at all,
//! never into a folder holding anything else.
//!
//! - `--shard I/N` signs the places `p` with `p mod N = I`: N machines sign
//!   one corpus, each reading all of it (site boilerplate is found over the
//!   whole corpus), and the N shards are exactly one signing of the whole.
//! - `--batch-files K` reads the input files K at a time, each run of K
//!   files analysed on its own and written as one shard, so memory holds one
//!   batch, not the corpus. Site boilerplate is then found within each
//!   batch; with every file in one batch the rows are those of one signing.
//!   A stopped run goes on from the first batch not written. With
//!   `--shard I/N` too, it signs the batches `b` with `b mod N = I`: N
//!   machines sign one corpus at once, each reading only its batches (a
//!   batch's files count places from 0, and the job places the batches
//!   one after another).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;

use chachong::Analysis;
use chachong::dups::DupsParams;
use chachong::dups::sign::dir::{ShardInfo, done_shards, write_shard};
use chachong::dups::sign::{self, Shard, SignSettings, Signed};
use chachong::params::Checked;

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
    /// p mod N = I, so that N machines can sign one corpus; with
    /// --batch-files, only the batches b with b mod N = I. Default 0/1, all
    /// of it.
    #[arg(long, value_name = "I/N", default_value = "0/1")]
    pub shard: Shard,
    /// Read and sign K input files at a time, one shard each, so that
    /// memory holds one batch (site boilerplate is found within a batch).
    /// N machines sharing the output folder sign the batches at once with
    /// --shard I/N each.
    #[arg(long, value_name = "K")]
    pub batch_files: Option<usize>,
    /// Seed of every hash.
    #[arg(long, default_value_t = DupsParams::default().seed, value_name = "N")]
    pub seed: u64,
    #[command(flatten)]
    pub clusters: ClusterArgs,
}

/// How a signing is split.
#[derive(Debug, Clone, Copy)]
pub enum Split {
    /// The places of one shard, the whole corpus read.
    Shard(Shard),
    /// Runs of `files` input files, one shard each; of them, the batches
    /// `b` with `b mod part.count = part.index`.
    Batches { files: usize, part: Shard },
}

pub fn run(args: SignArgs) -> Result<Exit> {
    let params = args.clusters.params(args.seed)?;
    let progress = Progress::new(args.corpus.quiet);
    let split = match args.batch_files {
        Some(0) => bail!("--batch-files must be at least 1"),
        Some(files) => Split::Batches {
            files,
            part: args.shard,
        },
        None => Split::Shard(args.shard),
    };
    let infos = sign_into(
        &args.corpus,
        &args.filter,
        &params,
        &args.out,
        split,
        &progress,
    )?;
    progress.finish();
    if !args.corpus.quiet {
        let sum = |f: fn(&ShardInfo) -> usize| infos.iter().map(f).sum::<usize>();
        eprintln!(
            "chachong: signed {} shard(s) of {} documents ({} taking part): {} band keys, {} sampled shingles in {}",
            infos.len(),
            sum(|i| i.documents),
            sum(|i| i.taking_part),
            sum(|i| i.bands),
            sum(|i| i.sample),
            args.out.display()
        );
    }
    Ok(Exit::Ok)
}

/// Signs the corpus into `out` as `split` says; gives the records of the
/// shards written (for batches, also those a stopped run had written).
pub fn sign_into(
    corpus: &CorpusArgs,
    filter: &FilterArgs,
    params: &Checked<DupsParams>,
    out: &Path,
    split: Split,
    progress: &Progress,
) -> Result<Vec<ShardInfo>> {
    let written = |info: &ShardInfo, rows: &Signed| {
        write_shard(out, info, rows).with_context(|| format!("--out {}", out.display()))
    };
    match split {
        Split::Shard(shard) => {
            let analysis = corpus.load_filtered(filter, progress)?;
            progress.stage("signing");
            let rows = sign::sign(&analysis, params, shard);
            let info = shard_info(params, shard, None, Vec::new(), &rows);
            progress.stage("writing Parquet");
            written(&info, &rows)?;
            Ok(vec![info])
        }
        Split::Batches { files, part } => {
            let (batches, skipped) = chachong::corpus::input_batches(&corpus.inputs, files);
            if batches.is_empty() {
                return Err(super::nothing_read(&corpus.inputs, &skipped));
            }
            let count = batches.len() as u32;
            let done = done_shards(out).with_context(|| format!("--out {}", out.display()))?;
            // Before any reading: another machine, or an earlier run, that
            // cut the corpus into another number of batches.
            if let Some(other) = done
                .iter()
                .find(|i| i.batch_files == Some(files) && i.shard.count != count)
            {
                bail!(
                    "--out {} holds shards of another batching ({} batches there, {count} here: input files added or removed?); use a new folder",
                    out.display(),
                    other.shard.count
                );
            }
            let mut infos = Vec::new();
            for (index, batch) in batches.iter().enumerate() {
                let shard = Shard {
                    index: index as u32,
                    count,
                };
                if !part.holds(index) {
                    continue;
                }
                let names = batch.names();
                if let Some(info) = done.iter().find(|i| i.shard == shard) {
                    // Written by a run that was stopped: checked, kept.
                    if info.batch_files != Some(files) || info.files != names {
                        bail!(
                            "--out {} holds shard {shard} of another batching (other input files); use a new folder",
                            out.display()
                        );
                    }
                    infos.push(info.clone());
                    continue;
                }
                progress.stage(format!("batch {} of {count}: reading", index + 1));
                let analysis: Analysis = corpus.load_batch(batch, filter, progress)?;
                progress.stage(format!("batch {} of {count}: signing", index + 1));
                let rows = sign::sign(&analysis, params, Shard::WHOLE);
                drop(analysis);
                let info = shard_info(params, shard, Some(files), names, &rows);
                written(&info, &rows)?;
                infos.push(info);
            }
            progress
                .0
                .suspend(|| super::report_skipped(&skipped, corpus.quiet));
            Ok(infos)
        }
    }
}

fn shard_info(
    params: &Checked<DupsParams>,
    shard: Shard,
    batch_files: Option<usize>,
    files: Vec<String>,
    rows: &Signed,
) -> ShardInfo {
    ShardInfo {
        chachong: env!("CARGO_PKG_VERSION").to_string(),
        settings: SignSettings::of(params),
        shard,
        documents: rows.documents.len(),
        taking_part: rows.documents.iter().filter(|d| d.units.is_some()).count(),
        bands: rows.bands.len(),
        sample: rows.sample.len(),
        min_shared: sign::min_shared_table(rows, params.containment),
        batch_files,
        files,
        // Set by `write_shard`, from the files as written.
        crc32: [0; 3],
    }
}
