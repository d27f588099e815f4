//! `chachong report INPUT... [--out DIR]`: the main job.
//!
//! Reads the corpus, runs the pipeline ([`chachong::pipeline::run`]:
//! near-duplicates, passages, topics, the comparison) and writes the
//! report folder (default `reports/<input name>/`): `index.html`,
//! `report.md`, `report.json` and `charts/*.svg`, whole or not at all.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use chachong::compare::CompareParams;
use chachong::pipeline::{self, Comparing, PipelineParams};
use chachong::report::{self, Limits};
use chachong::topics::TopicParams;

use super::compare::CompareSettingsArgs;
use super::dups::MatchArgs;
use super::topics::TopicModelArgs;
use super::{CorpusArgs, Exit, FilterArgs, LangArg, Progress, RegionArgs};

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The report folder (default: reports/<name of the first input>).
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace `--out` even when it is a folder or file that is not an
    /// earlier report (never the working folder, an input or a folder
    /// holding one).
    #[arg(long)]
    pub force: bool,
    /// Compare groups by this field (as `compare --by`: a metadata field,
    /// date:year, date:month, `folder`, `path:N`, `region` or
    /// `region:city`; default: `source` when documents have one, else
    /// `region` when some document names one; `none` to leave the
    /// comparison out).
    #[arg(long, value_name = "FIELD")]
    pub by: Option<String>,
    /// The two groups of the distinctive-terms chart (default: the two
    /// largest).
    #[arg(long, value_name = "A,B", value_parser = super::compare::parse_pair)]
    pub groups: Option<(String, String)>,
    /// Seed of every random choice (near-duplicate hashing and topics).
    #[arg(long, default_value_t = TopicParams::default().seed, value_name = "N")]
    pub seed: u64,
    /// Language of the page's, the Markdown's and the charts' labels
    /// (corpus text is shown as it is).
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub model: TopicModelArgs,
    #[command(flatten)]
    pub compare: CompareSettingsArgs,
    #[command(flatten)]
    pub regions: RegionArgs,
}

impl ReportArgs {
    /// The pipeline's settings: near-duplicates with the matching flags,
    /// topics with the model flags, and the comparison `--by` and
    /// `--groups` ask for (by `source` when documents have one, the two
    /// largest groups pairwise, by default).
    fn pipeline_params(&self) -> Result<PipelineParams> {
        let compare = match self.by.as_deref() {
            Some("none") => None,
            by => Some(Comparing {
                params: self.compare.params(
                    by.unwrap_or(&CompareParams::default().by),
                    self.groups.clone(),
                )?,
                only_if_present: by.is_none(),
                largest_pair: true,
                or_regions: by.is_none(),
            }),
        };
        Ok(PipelineParams {
            dups: self.matching.params(self.seed)?,
            full_dups: true,
            dedup: true,
            topics: self
                .model
                .params(self.seed, self.matching.clusters.keep_damaged)?,
            compare,
            regions: true,
            region_mapping: self.regions.mapping()?,
        })
    }
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

/// Without `--by`, says on stderr when no document has a `source` to
/// compare by, and which fields it could compare by instead.
fn default_by_note(analysis: &chachong::Analysis, progress: &Progress, quiet: bool) {
    let by = CompareParams::default().by;
    let Err(e) = chachong::compare::check_field(analysis, &by) else {
        return;
    };
    if quiet {
        return;
    }
    // The fields worth grouping by: not the title, nor one every document
    // has alone.
    let present: Vec<(String, usize)> = e
        .present
        .into_iter()
        .filter(|(name, _)| name != "title")
        .collect();
    progress.suspend(|| {
        eprintln!(
            "chachong: no document has a `{by}` field, so the report compares by the regions \
             read from the text (when some document names one); --by FIELD compares by another ({})",
            chachong::safe::terminal(&chachong::compare::present_line(&present))
        )
    });
}

pub fn run(args: ReportArgs) -> Result<Exit> {
    let progress = Progress::new(args.corpus.quiet);
    let params = args.pipeline_params()?;
    let analysis = args.corpus.load_filtered(&args.filter, &progress)?;
    match args.by.as_deref() {
        Some("none") => {}
        Some(by) => super::compare::require_field(&analysis, by)?,
        None => default_by_note(&analysis, &progress, args.corpus.quiet),
    }
    let settings = args.corpus.analyze_params()?;
    let found = pipeline::run(&analysis, &params, |stage| {
        progress.stage(stage.to_string())
    })?;
    progress.stage("drawing charts and writing the report");
    let dups = found
        .dups
        .context("the pipeline ran without finding passages")?;
    let model = report::build(
        &analysis,
        &args.corpus.inputs,
        &settings,
        &dups,
        &found.topics,
        found.comparison,
        Limits::default(),
    );
    let model = match &found.regions {
        Some(regions) => model.with_regions(regions),
        None => model,
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&args.corpus.inputs));
    let files = report::render(&model, args.lang.into()).context("drawing the charts")?;
    report::write_files(&out, &files, &args.corpus.inputs, args.force)
        .map_err(|e| super::write_error(e, &out, "--out", true))?;
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
