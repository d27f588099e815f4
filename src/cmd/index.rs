//! `chachong index INPUT... -o corpus.idx [--add]`: build or extend an index.
//!
//! Refuses an output that names an input, lies inside an input folder or is
//! an existing file that is not an index ([`index::check_output`]). Reads and
//! analyses the inputs and builds [`chachong::index::IndexData`]; then, under
//! the index's writer lock ([`index::WriterLock`], waited for when another
//! writer holds it), removes temporary files a killed writer left, reads the
//! old index into memory with `--add` (its documents are copied, not
//! re-analysed; documents with the same id are replaced and named, new ones
//! appended, vocabulary and IDF rebuilt over all) and writes the new one
//! atomically. Prints a summary on stderr, or as JSON on stdout with
//! `--format json`:
//!
//! ```text
//! {"index", "documents", "read", "added", "replaced": ["id", ...], "bytes",
//!  "skipped": [{"path", "line", "reason"}]}
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::Args;
use serde::Serialize;

use chachong::corpus::{ReadParams, Skipped, read_corpus};
use chachong::index::{self, IndexData, IndexError, IndexParams, WriterLock};
use chachong::normalize::NormParams;
use chachong::safe::terminal;
use chachong::segment::Segmenter;

use super::{Exit, OutputFormat, report_skipped, report_warnings};

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files, folders (read recursively) or `-` for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The index file to write (never an input, nor inside an input folder).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
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

/// The index settings for a normalisation choice.
pub fn index_params(no_t2s: bool) -> IndexParams {
    IndexParams {
        norm: NormParams {
            traditional_to_simplified: !no_t2s,
        },
        ..IndexParams::default()
    }
}

/// Reads `inputs` (reporting skipped files on stderr) and indexes them.
/// Fails when no document was read: an index of nothing would pass every
/// draft.
pub fn build_index(
    inputs: &[PathBuf],
    params: &IndexParams,
    max_file_mib: u64,
    keep_paths: bool,
    quiet: bool,
) -> Result<(IndexData, Vec<Skipped>)> {
    let read = super::read_params(max_file_mib)?;
    // Load jieba's dictionary while the files are read.
    let (segmenter, corpus) = std::thread::scope(|s| {
        let segmenter = s.spawn(Segmenter::shared);
        let corpus = read_corpus(inputs, &read);
        (segmenter.join(), corpus)
    });
    let segmenter = segmenter.map_err(|_| anyhow::anyhow!("loading the dictionary failed"))?;
    report_skipped(&corpus.skipped, quiet);
    report_warnings(corpus.documents.iter(), quiet);
    if corpus.documents.is_empty() {
        let names: Vec<String> = inputs
            .iter()
            .map(|p| terminal(&p.to_string_lossy()).into_owned())
            .collect();
        match corpus.skipped.len() {
            0 => bail!("no documents found in {}", names.join(", ")),
            n => bail!(
                "nothing usable was read from {} (all {n} inputs skipped)",
                names.join(", ")
            ),
        }
    }
    let skipped = corpus.skipped.clone();
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
    index::check_output(&args.output, &args.inputs)?;
    let params = index_params(args.no_t2s);
    let (new, skipped) = build_index(
        &args.inputs,
        &params,
        args.max_file_mib,
        args.keep_paths,
        args.quiet,
    )?;
    let lock = WriterLock::acquire(&args.output, |lock| {
        eprintln!(
            "chachong: waiting for the lock on {} (another index writer is running)",
            terminal(&lock.to_string_lossy())
        );
    })?;
    lock.remove_stale_temps()?;
    let mut data = if args.add && args.output.exists() {
        old_index(&args.output, &params)?
    } else {
        IndexData {
            params: params.clone(),
            docs: Vec::new(),
        }
    };
    let read = new.docs.len();
    let added = data.add(new.docs);
    let bytes = data.to_bytes();
    lock.write(&bytes)?;
    drop(lock);

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
            index: args.output.to_string_lossy().into_owned(),
            documents: data.docs.len(),
            read,
            added: added.added,
            replaced: &added.replaced,
            bytes: bytes.len(),
            skipped: &skipped,
        };
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
        out.flush()?;
    } else if !args.quiet {
        eprintln!(
            "chachong: indexed {} documents ({read} read, {} new, {} replaced) into {} ({} bytes)",
            data.docs.len(),
            added.added,
            added.replaced.len(),
            terminal(&args.output.to_string_lossy()),
            bytes.len()
        );
    }
    Ok(Exit::Ok)
}

/// The index at `path` read back into memory (never mapped: another
/// program shrinking the file in place must not crash us), with the same
/// settings as `params`.
fn old_index(path: &Path, params: &IndexParams) -> Result<IndexData, IndexError> {
    let bytes = index::read_owned(path)?;
    let view = index::view(path, &bytes)?;
    if view.params != *params {
        return Err(IndexError::Settings {
            path: path.to_path_buf(),
            what: "normalisation or fingerprint settings differ".into(),
        });
    }
    view.to_data().map_err(index::format_err(path))
}
