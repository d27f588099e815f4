//! `chachong index INPUT... -o corpus.idx [--add]`: build or extend an index.
//!
//! Refuses an output that names an input, lies inside an input folder or is
//! an existing file that is not an index ([`index::check_output`]). Reads and
//! analyses the inputs and builds [`chachong::index::IndexData`]; then
//! [`index::write_index`] writes it under the index's writer lock (saying so
//! when it waits for another writer), with `--add` merged into the old index
//! (its documents are copied, not re-analysed; documents with the same id
//! are replaced and named, new ones appended, vocabulary and IDF rebuilt
//! over all). Prints a summary on stderr, or as JSON on stdout with
//! `--format json`:
//!
//! ```text
//! {"chachong_version", "schema": "chachong.index/1", "index", "documents",
//!  "read", "added", "replaced": ["id", ...], "bytes",
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
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The index file to write (never an input, nor inside an input folder).
    /// `--output` is the old spelling.
    #[arg(short, long, value_name = "FILE", alias = "output")]
    pub out: PathBuf,
    /// Add the inputs to an existing index (same id: replaced, and named).
    #[arg(long)]
    pub add: bool,
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
    bytes: usize,
    skipped: &'a [Skipped],
}

/// Replaced ids named on stderr before "... and N more".
const MAX_REPLACED_SHOWN: usize = 20;

pub fn run(args: IndexArgs) -> Result<Exit> {
    index::check_output(&args.out, &args.inputs)?;
    let params = index_params(args.no_t2s)?;
    let progress = Progress::new(args.quiet);
    let (new, skipped) = build_index(
        &args.inputs,
        &params,
        args.max_file_mib,
        args.keep_paths,
        args.quiet,
        &progress,
    )?;
    let read = new.docs.len();
    progress.stage("writing the index");
    let written = index::write_index(&args.out, new, args.add, |lock| {
        progress.suspend(|| {
            eprintln!(
                "chachong: waiting for the lock on {} (another index writer is running)",
                terminal(&lock.to_string_lossy())
            )
        });
    })?;
    progress.finish();
    let added = &written.added;

    for id in added.replaced.iter().take(MAX_REPLACED_SHOWN) {
        eprintln!("chachong: replaced: {}", terminal(id));
    }
    if added.replaced.len() > MAX_REPLACED_SHOWN {
        eprintln!(
            "chachong: ... and {} more replaced (all are listed with --format json)",
            added.replaced.len() - MAX_REPLACED_SHOWN
        );
    }
    if args.format == Some(OutputFormat::Json) {
        let summary = Summary {
            index: args.out.to_string_lossy().into_owned(),
            documents: written.documents,
            read,
            added: added.added,
            replaced: &added.replaced,
            bytes: written.bytes,
            skipped: &skipped,
        };
        super::print(&super::json(chachong::schema::INDEX, &summary)?)?;
    } else if !args.quiet {
        eprintln!(
            "chachong: indexed {} documents ({read} read, {} new, {} replaced) into {} ({})",
            written.documents,
            added.added,
            added.replaced.len(),
            terminal(&args.out.to_string_lossy()),
            super::human_bytes(written.bytes as u64)
        );
    }
    Ok(Exit::Ok)
}
