//! `chachong report INPUT... [--out DIR]`: the main job.
//!
//! Reads the corpus, runs the pipeline and writes the report folder
//! (default `reports/<input name>/`) whole or not at all.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use chachong::report;

use super::{CorpusArgs, Exit};

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// The report folder (default: reports/<name of the first input>).
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `reports/<stem>` for the first input: `seeds` for `seeds/`, `news` for
/// `news.jsonl.gz`, `stdin` for `-`.
fn default_out(inputs: &[PathBuf]) -> PathBuf {
    let first = &inputs[0];
    let name = if first.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        let abs = std::fs::canonicalize(first).unwrap_or_else(|_| first.clone());
        let name = abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "corpus".into());
        name.split('.')
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or("corpus")
            .to_string()
    };
    Path::new("reports").join(name)
}

pub fn run(args: ReportArgs) -> Result<Exit> {
    let analysis = args.corpus.load()?;
    let settings = args.corpus.analyze_params()?;
    let model = report::build(&analysis, &args.corpus.inputs, &settings);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&args.corpus.inputs));
    let files = vec![(
        PathBuf::from("report.json"),
        report::to_json(&model).into_bytes(),
    )];
    report::write_files(&out, &files, &args.corpus.inputs)
        .with_context(|| format!("writing the report to {}", out.display()))?;
    if !args.corpus.quiet {
        eprintln!(
            "chachong: read {} documents ({} skipped); report written to {}",
            model.summary.documents,
            model.summary.skipped.len(),
            out.display()
        );
    }
    Ok(Exit::Ok)
}
