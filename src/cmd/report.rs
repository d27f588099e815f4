//! `chachong report INPUT... [--out DIR]`: the main job.
//!
//! Reads the corpus, runs the whole pipeline (dups, topics) and writes the
//! report folder (default `reports/<input name>/`): `index.html`,
//! `report.md`, `report.json` and `charts/*.svg`, whole or not at all.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use chachong::analyze::Analysis;
use chachong::compare::{self, CompareParams, Comparison, NONE_GROUP};
use chachong::dups;
use chachong::report::{self, Limits};
use chachong::topics;

use super::dups::MatchArgs;
use super::topics::TopicModelArgs;
use super::{CorpusArgs, Exit, Progress};

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// The report folder (default: reports/<name of the first input>).
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace `--out` even when it is a folder or file that is not an
    /// earlier report (never the working folder, an input or a folder
    /// holding one).
    #[arg(long)]
    pub force: bool,
    /// Compare groups by this metadata field (default: `source` when
    /// documents have one; `none` to leave the comparison out).
    #[arg(long, value_name = "FIELD")]
    pub by: Option<String>,
    /// The two groups of the distinctive-terms chart (default: the two
    /// largest).
    #[arg(long, value_name = "A,B", value_parser = super::compare::parse_pair)]
    pub groups: Option<(String, String)>,
    /// Seed of every random choice (near-duplicate hashing and topics).
    #[arg(long, default_value_t = 42, value_name = "N")]
    pub seed: u64,
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub model: TopicModelArgs,
}

/// Compares groups by `--by` (or `source` when documents have one), with the
/// pairwise comparison of `--groups` or of the two largest named groups.
fn comparison(
    args: &ReportArgs,
    analysis: &Analysis,
    topics: &topics::Topics,
    duplicate_of: &[Option<usize>],
) -> Result<Option<Comparison>> {
    let by = match args.by.as_deref() {
        Some("none") => return Ok(None),
        Some(field) => field.to_string(),
        None if analysis.docs.iter().any(|a| a.doc.meta.source.is_some()) => "source".into(),
        None => return Ok(None),
    };
    let topic_of: Vec<usize> = topics.assignments.iter().map(|a| a.topic).collect();
    let mut params = CompareParams {
        by,
        groups: args.groups.clone(),
        ..CompareParams::default()
    };
    params.check().context("bad --by or --groups")?;
    let n_topics = topics.topics.len();
    let mut result = compare::run(analysis, &topic_of, n_topics, duplicate_of, &params);
    if params.groups.is_none() {
        let mut named: Vec<_> = result
            .groups
            .iter()
            .filter(|g| g.name != NONE_GROUP)
            .collect();
        named.sort_by(|a, b| b.docs.cmp(&a.docs).then(a.name.cmp(&b.name)));
        if let [a, b, ..] = named[..] {
            params.groups = Some((a.name.clone(), b.name.clone()));
            result = compare::run(analysis, &topic_of, n_topics, duplicate_of, &params);
        }
    }
    Ok(Some(result))
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
    let progress = Progress::new(args.corpus.quiet);
    let analysis = args.corpus.load_with(&progress)?;
    let settings = args.corpus.analyze_params()?;
    let dups_params = args.matching.params(args.seed)?;
    let topic_params = args.model.params(args.seed)?;
    progress.stage("finding near-duplicates and repeated passages");
    let dups = dups::run(&analysis, &dups_params);
    let duplicate_of = dups::duplicate_of(&dups.near_duplicates.clusters, &analysis);
    progress.stage("finding topics");
    let topics = topics::run(&analysis, &duplicate_of, &topic_params);
    progress.stage("comparing groups");
    let compare = comparison(&args, &analysis, &topics, &duplicate_of)?;
    progress.stage("drawing charts and writing the report");
    let model = report::build(
        &analysis,
        &args.corpus.inputs,
        &settings,
        dups,
        topics,
        compare,
        Limits::default(),
    );
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&args.corpus.inputs));
    let files = report::render(&model).context("drawing the charts")?;
    report::write_files(&out, &files, &args.corpus.inputs, args.force)
        .with_context(|| format!("writing the report to {}", out.display()))?;
    progress.finish();
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
