//! `chachong index INPUT... -o corpus.idx [--add]`: build or extend an index.
//!
//! Reads and analyses the inputs, builds [`chachong::index::IndexData`] and
//! writes it atomically. With `--add`, the existing index is read back (its
//! documents are copied, not re-analysed), documents with the same id are
//! replaced, new ones appended, and vocabulary/IDF rebuilt over all.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;

use chachong::corpus::{ReadParams, read_corpus};
use chachong::index::{self, IndexData, IndexError, IndexParams};
use chachong::normalize::NormParams;
use chachong::segment::Segmenter;

use super::{Exit, report_skipped};

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files, folders (read recursively) or `-` for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The index file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Add the inputs to an existing index (same id: replaced).
    #[arg(long)]
    pub add: bool,
    /// Do not fold traditional characters to simplified ones for matching.
    #[arg(long)]
    pub no_t2s: bool,
    /// Refuse files larger than this many MiB (after decompression).
    #[arg(long, default_value_t = 2048, value_name = "MIB")]
    pub max_file_mib: u64,
    /// No progress or skip messages on stderr.
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
/// Fails only when nothing usable was read.
pub fn build_index(
    inputs: &[PathBuf],
    params: &IndexParams,
    max_file_mib: u64,
    quiet: bool,
) -> Result<IndexData> {
    let read = ReadParams {
        max_file_bytes: max_file_mib << 20,
    };
    // Load jieba's dictionary while the files are read.
    let (segmenter, corpus) = std::thread::scope(|s| {
        let segmenter = s.spawn(Segmenter::shared);
        let corpus = read_corpus(inputs, &read);
        (segmenter.join(), corpus)
    });
    let segmenter = segmenter.map_err(|_| anyhow::anyhow!("loading the dictionary failed"))?;
    report_skipped(&corpus.skipped, quiet);
    if corpus.documents.is_empty() && !corpus.skipped.is_empty() {
        let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "nothing usable was read from {} (all {} inputs skipped)",
            names.join(", "),
            corpus.skipped.len()
        );
    }
    Ok(IndexData::from_corpus(corpus, segmenter, params))
}

pub fn run(args: IndexArgs) -> Result<Exit> {
    let params = index_params(args.no_t2s);
    let new = build_index(&args.inputs, &params, args.max_file_mib, args.quiet)?;
    let mut data = if args.add && args.output.exists() {
        let bytes = index::read_file(&args.output)?;
        let view = index::view(&args.output, &bytes)?;
        if view.params != params {
            return Err(IndexError::Settings {
                path: args.output.clone(),
                what: "normalisation or fingerprint settings differ".into(),
            }
            .into());
        }
        view.to_data().map_err(|source| IndexError::Format {
            path: args.output.clone(),
            source,
        })?
    } else {
        IndexData {
            params: params.clone(),
            docs: Vec::new(),
        }
    };
    let before = data.docs.len();
    let read = new.docs.len();
    data.add(new.docs);
    let bytes = data.to_bytes();
    index::write_atomic(&args.output, &bytes)
        .with_context(|| format!("writing the index {}", args.output.display()))?;
    if !args.quiet {
        eprintln!(
            "chachong: indexed {} documents ({} read, {} new) into {} ({} bytes)",
            data.docs.len(),
            read,
            data.docs.len() - before,
            args.output.display(),
            bytes.len()
        );
    }
    Ok(Exit::Ok)
}
