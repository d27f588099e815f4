//! `chachong index INPUT... -o corpus.idx [--add] [--delete ID...]`: build
//! an index folder, add to it, or delete from it.
//!
//! Refuses an output that names an input, lies inside an input folder, or
//! is anything but an index folder, an empty folder or a new path
//! ([`index::check_output`]). Reads and analyses the inputs and builds
//! [`chachong::index::IndexData`]; then [`index::commit`] writes it as one
//! new segment under the index's writer lock (saying so when it waits for
//! another writer): without `--add` the index starts afresh, with it the
//! documents are added (same id: replaced, and named). `--delete` removes
//! documents by id (alone, or with `--add`). Segments are merged after the
//! commit when the merge policy says so ([`index::merge_all`]). Prints a
//! summary on stderr, or as JSON on stdout with `--format json`:
//!
//! ```text
//! {"chachong_version", "schema": "chachong.index/1", "index", "documents",
//!  "read", "added", "replaced": ["id", ...], "deleted": ["id", ...],
//!  "not_found": ["id", ...], "segments", "bytes",
//!  "skipped": [{"path", "line", "reason"}]}
//! ```

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

use chachong::corpus::{ReadParams, Skipped, read_corpus};
use chachong::index::{self, IndexData, IndexParams};
use chachong::normalize::NormParams;
use chachong::params::{Checked, ParamGuard};
use chachong::safe::terminal;
use chachong::segment::Segmenter;

use super::{Exit, OutputFormat, Progress, report_skipped, report_warnings};

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files, folders (read recursively) or `-` for stdin.
    #[arg(required_unless_present = "delete", value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The index folder to write (never an input, nor inside an input
    /// folder). `--output` is the old spelling.
    #[arg(short, long, value_name = "DIR", alias = "output")]
    pub out: PathBuf,
    /// Add the inputs to an existing index (same id: replaced, and named).
    #[arg(long)]
    pub add: bool,
    /// Delete these documents (by id) from an existing index; with INPUTs,
    /// also give `--add`.
    #[arg(long, num_args = 1.., value_name = "ID")]
    pub delete: Vec<String>,
    /// Keep each document's file path (as given on this machine) in the
    /// index; by default it is left out, since an index is shared.
    #[arg(long)]
    pub keep_paths: bool,
    /// Do not fold traditional characters to simplified ones for matching.
    #[arg(long)]
    pub no_t2s: bool,
    /// Refuse files larger than this many MiB (after decompression).
    #[arg(
        long,
        default_value_t = ReadParams::default().max_file_mib,
        value_name = "MIB",
        value_parser = super::max_file_mib()
    )]
    pub max_file_mib: u64,
    /// `json`: print a summary as JSON on stdout (default: a line on stderr).
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// No progress or skip messages on stderr (replaced ids are still named).
    #[arg(long, short)]
    pub quiet: bool,
}

/// The index settings for a normalisation choice, checked.
pub fn index_params(no_t2s: bool) -> Result<Checked<IndexParams>> {
    IndexParams {
        norm: NormParams {
            traditional_to_simplified: !no_t2s,
        },
        ..IndexParams::default()
    }
    .check()
    .context("bad index settings")
}

/// Reads `inputs` (reporting skipped files on stderr) and indexes them.
/// Fails when no document was read: an index of nothing would pass every
/// draft.
pub fn build_index(
    inputs: &[PathBuf],
    params: &Checked<IndexParams>,
    max_file_mib: u64,
    keep_paths: bool,
    quiet: bool,
    progress: &Progress,
) -> Result<(IndexData, Vec<Skipped>)> {
    let read = super::read_params(max_file_mib)?;
    progress.stage("reading");
    // Load jieba's dictionary while the files are read.
    let (segmenter, corpus) = std::thread::scope(|s| {
        let segmenter = s.spawn(Segmenter::shared);
        let corpus = read_corpus(inputs, &read);
        (segmenter.join(), corpus)
    });
    let segmenter = segmenter.map_err(|_| anyhow::anyhow!("loading the dictionary failed"))?;
    progress.suspend(|| {
        report_skipped(&corpus.skipped, quiet);
        report_warnings(corpus.documents.iter(), quiet);
    });
    if corpus.documents.is_empty() {
        return Err(super::nothing_read(inputs, &corpus.skipped));
    }
    let skipped = corpus.skipped.clone();
    progress.stage(format!("indexing {} documents", corpus.documents.len()));
    Ok((
        IndexData::from_corpus(corpus, segmenter, params, keep_paths),
        skipped,
    ))
}

/// The JSON summary of `index --format json`.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    index: String,
    documents: usize,
    read: usize,
    added: usize,
    replaced: &'a [String],
    deleted: &'a [String],
    not_found: &'a [String],
    segments: usize,
    bytes: u64,
    skipped: &'a [Skipped],
}

/// Ids named on stderr before "... and N more".
const MAX_IDS_SHOWN: usize = 20;

/// Names each id on stderr as `chachong: WHAT: ID`, at most
/// [`MAX_IDS_SHOWN`].
fn name_ids(what: &str, ids: &[String]) {
    for id in ids.iter().take(MAX_IDS_SHOWN) {
        eprintln!("chachong: {what}: {}", terminal(id));
    }
    if ids.len() > MAX_IDS_SHOWN {
        eprintln!(
            "chachong: ... and {} more {what} (all are listed with --format json)",
            ids.len() - MAX_IDS_SHOWN
        );
    }
}

pub fn run(args: IndexArgs) -> Result<Exit> {
    if !args.delete.is_empty() && !args.inputs.is_empty() && !args.add {
        eprintln!(
            "chachong: --delete changes an existing index; to add INPUTs in the same write, also give --add"
        );
        return Ok(Exit::Error);
    }
    index::check_output(&args.out, &args.inputs)?;
    if !args.delete.is_empty() && !index::is_index_folder(&args.out) {
        anyhow::bail!(
            "{}: no index folder to delete from",
            terminal(&args.out.to_string_lossy())
        );
    }
    let params = index_params(args.no_t2s)?;
    let progress = Progress::new(args.quiet);
    let (new, skipped) = if args.inputs.is_empty() {
        (IndexData::default(), Vec::new())
    } else {
        build_index(
            &args.inputs,
            &params,
            args.max_file_mib,
            args.keep_paths,
            args.quiet,
            &progress,
        )?
    };
    let read = new.docs.len();
    progress.stage("writing the index");
    let batch = index::Batch {
        upserts: new.docs,
        deletes: args.delete.clone(),
        replace_all: !args.add && args.delete.is_empty(),
    };
    let done = index::commit(&args.out, &params, batch, |lock| {
        progress.suspend(|| {
            eprintln!(
                "chachong: waiting for the lock on {} (another index writer is running)",
                terminal(&lock.to_string_lossy())
            )
        });
    })?;
    progress.stage("merging segments");
    // The write is committed; a merge that fails leaves more segments,
    // not a lost write, and the next write tries again.
    if let Err(e) = index::merge_all(&args.out, &index::MergePolicy::default()) {
        progress.suspend(|| {
            eprintln!("chachong: warning: the write is committed, but merging segments failed: {e}")
        });
    }
    let stats = index::Index::open(&args.out)?.stats();
    progress.finish();

    name_ids("replaced", &done.replaced);
    name_ids("deleted", &done.deleted);
    name_ids("not found", &done.not_found);
    if args.format == Some(OutputFormat::Json) {
        let summary = Summary {
            index: args.out.to_string_lossy().into_owned(),
            documents: done.documents,
            read,
            added: done.added,
            replaced: &done.replaced,
            deleted: &done.deleted,
            not_found: &done.not_found,
            segments: stats.segments,
            bytes: stats.bytes,
            skipped: &skipped,
        };
        super::print(&super::json(chachong::schema::INDEX, &summary)?)?;
    } else if !args.quiet {
        eprintln!(
            "chachong: indexed {} documents ({read} read, {} new, {} replaced, {} deleted) into {} ({} in {} segment{})",
            done.documents,
            done.added,
            done.replaced.len(),
            done.deleted.len(),
            terminal(&args.out.to_string_lossy()),
            super::human_bytes(stats.bytes),
            stats.segments,
            if stats.segments == 1 { "" } else { "s" }
        );
    }
    Ok(Exit::Ok)
}
