//! `chachong topics INPUT... [--k N|auto] [--seed N] [--dims N] [--runs N]
//! [--format text|json]`: what the corpus is written about.
//!
//! Reads and analyses the corpus, optionally drops near-empty records
//! (`--skip-shorter`), runs the pipeline ([`chachong::pipeline::run`]: the
//! near-duplicate clusters with the given matching flags, so a reprint is
//! clustered once through its representative, `--keep-duplicates` skips
//! this; then topics) and prints the topics, representatives named by
//! title (text), or the whole [`Topics`] value (JSON).

use std::collections::HashMap;

use anyhow::Result;
use clap::Args;

use chachong::pipeline::{self, PipelineParams};
use chachong::topics::{self, KChoice, KMeansAlgo, KRule, TopicParams, Topics};
use chachong::{Checked, ParamGuard};

use super::dups::ClusterArgs;
use super::{CorpusArgs, Exit, FilterArgs, OutputFormat, Progress};

#[derive(Debug, Args)]
pub struct TopicsArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Seed of every random choice (topics and near-duplicate hashing).
    #[arg(long, default_value_t = TopicParams::default().seed, value_name = "N")]
    pub seed: u64,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Cluster every document on its own instead of counting each
    /// near-duplicate cluster once through its representative.
    #[arg(long)]
    pub keep_duplicates: bool,
    /// Output format (default: text on a terminal, JSON when piped).
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    #[command(flatten)]
    pub clusters: ClusterArgs,
    #[command(flatten)]
    pub model: TopicModelArgs,
}

/// The topic model's settings, shared by `topics`, `compare` and `report`;
/// one flag per field of [`TopicParams`] (the seed is the command's own).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Topic model")]
pub struct TopicModelArgs {
    /// Number of topics, or `auto` to choose it from the silhouette curve.
    #[arg(long, default_value_t = TopicParams::default().k, value_name = "N|auto")]
    pub k: KChoice,
    /// How `--k auto` reads the silhouette curve: its first peak (the
    /// smallest k scoring at least as well as k + 1 less one standard error
    /// of k + 1) or its best point.
    #[arg(long, value_enum, default_value_t = TopicParams::default().k_rule.into())]
    pub k_rule: KRuleArg,
    /// Largest k tried by `--k auto`.
    #[arg(long, default_value_t = TopicParams::default().k_max, value_name = "N")]
    pub k_max: usize,
    /// LSA dimensions.
    #[arg(long, default_value_t = TopicParams::default().dims, value_name = "N")]
    pub dims: usize,
    /// k-means starts; the best is kept.
    #[arg(long, default_value_t = TopicParams::default().n_runs, value_name = "N")]
    pub runs: usize,
    /// k-means engine.
    #[arg(long, value_enum, default_value_t = TopicParams::default().algo.into())]
    pub kmeans: KMeansArg,
    /// Power iterations of the randomized SVD.
    #[arg(long, default_value_t = TopicParams::default().power_iters, value_name = "N")]
    pub power_iters: usize,
    /// Topic vocabulary: keep terms in at least this many documents (scaled
    /// down for small corpora).
    #[arg(long, default_value_t = TopicParams::default().min_df, value_name = "N")]
    pub topic_min_df: u32,
    /// Topic vocabulary: keep terms in at most this fraction of documents.
    #[arg(long, default_value_t = TopicParams::default().max_df, value_name = "FRACTION")]
    pub topic_max_df: f64,
    /// Topic vocabulary: keep at most this many terms (0: no cap).
    #[arg(long, default_value_t = TopicParams::default().max_features.unwrap_or(0), value_name = "N")]
    pub max_features: usize,
    /// Topic vocabulary: a sentence found verbatim in at least this many
    /// documents is site boilerplate and does not count (0: off).
    #[arg(long, default_value_t = TopicParams::default().boilerplate_min_docs, value_name = "N")]
    pub boilerplate_min_docs: usize,
    /// Rounds of spherical k-means on the full TF-IDF vectors after the LSA
    /// k-means (0: off).
    #[arg(long, default_value_t = TopicParams::default().refine_iters, value_name = "N")]
    pub refine_iters: usize,
}

/// `--k-rule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KRuleArg {
    FirstPeak,
    Best,
}

impl From<KRule> for KRuleArg {
    fn from(rule: KRule) -> Self {
        match rule {
            KRule::FirstPeak => KRuleArg::FirstPeak,
            KRule::Best => KRuleArg::Best,
        }
    }
}

impl From<KRuleArg> for KRule {
    fn from(rule: KRuleArg) -> Self {
        match rule {
            KRuleArg::FirstPeak => KRule::FirstPeak,
            KRuleArg::Best => KRule::Best,
        }
    }
}

/// `--kmeans`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KMeansArg {
    Lloyd,
    Linfa,
}

impl From<KMeansAlgo> for KMeansArg {
    fn from(algo: KMeansAlgo) -> Self {
        match algo {
            KMeansAlgo::Lloyd => KMeansArg::Lloyd,
            KMeansAlgo::Linfa => KMeansArg::Linfa,
        }
    }
}

impl From<KMeansArg> for KMeansAlgo {
    fn from(algo: KMeansArg) -> Self {
        match algo {
            KMeansArg::Lloyd => KMeansAlgo::Lloyd,
            KMeansArg::Linfa => KMeansAlgo::Linfa,
        }
    }
}

impl TopicModelArgs {
    /// The checked settings, with `seed` and `keep_damaged` (the
    /// near-duplicate flag `--keep-damaged`, which keeps damaged documents
    /// in the topic model too).
    pub fn params(&self, seed: u64, keep_damaged: bool) -> Result<Checked<TopicParams>> {
        TopicParams {
            k: self.k,
            k_max: self.k_max,
            k_rule: self.k_rule.into(),
            seed,
            dims: self.dims,
            n_runs: self.runs,
            scan_runs: self.runs.min(TopicParams::default().scan_runs),
            algo: self.kmeans.into(),
            power_iters: self.power_iters,
            min_df: self.topic_min_df,
            max_df: self.topic_max_df,
            max_features: (self.max_features > 0).then_some(self.max_features),
            boilerplate_min_docs: self.boilerplate_min_docs,
            refine_iters: self.refine_iters,
            keep_damaged,
            ..TopicParams::default()
        }
        .check()
        .map_err(|e| {
            super::flag_error(
                e,
                &[
                    ("k", "--k"),
                    ("k_max", "--k-max"),
                    ("dims", "--dims"),
                    ("the number of k-means starts", "--runs"),
                    ("max_df", "--topic-max-df"),
                    ("max_features", "--max-features"),
                ],
            )
        })
    }
}

pub fn run(args: TopicsArgs) -> Result<Exit> {
    let params = PipelineParams {
        dups: args.clusters.params(args.seed)?,
        full_dups: false,
        dedup: !args.keep_duplicates,
        topics: args.model.params(args.seed, args.clusters.keep_damaged)?,
        compare: None,
        regions: false,
        region_mapping: None,
    };
    let progress = Progress::new(args.corpus.quiet);
    let analysis = args.corpus.load_filtered(&args.filter, &progress)?;
    let found = pipeline::run(&analysis, &params, super::on_stage(&progress))?;
    progress.finish();
    let result = found.topics.named(&analysis);
    let out = match OutputFormat::resolve(args.format) {
        OutputFormat::Json => super::json(chachong::schema::TOPICS, &result)?,
        OutputFormat::Text => {
            let titles: HashMap<&str, &str> = analysis
                .docs
                .iter()
                .filter_map(|a| Some((a.doc.id.as_str(), a.doc.meta.title.as_deref()?)))
                .collect();
            // Corpus text (labels, titles) can hold control characters.
            chachong::safe::terminal_text(&render_text(&result, &titles)).into_owned()
        }
    };
    super::print(&out)
}

/// `titles[id]` names a document in the text, its id after it; a document
/// without a title is named by its id.
fn render_text(t: &Topics<String>, titles: &HashMap<&str, &str>) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let how = match t.k_chosen_by {
        topics::KChosenBy::Silhouette => "chosen by silhouette",
        topics::KChosenBy::Fixed => "fixed",
    };
    let _ = writeln!(
        s,
        "{} topics ({how}) over {} documents",
        t.k, t.settings.documents
    );
    if !t.silhouette.is_empty() {
        let curve: Vec<String> = t
            .silhouette
            .iter()
            .map(|p| format!("k={} {:.4}", p.k, p.score))
            .collect();
        let _ = writeln!(s, "silhouette: {}", curve.join(", "));
    }
    for note in &t.notes {
        let _ = writeln!(s, "note: {note}");
    }
    for topic in &t.topics {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "[{}] {}  ({} documents)",
            topic.id, topic.label, topic.size
        );
        let terms: Vec<String> = topic
            .terms
            .iter()
            .map(|w| format!("{} {:.4}", w.term, w.weight))
            .collect();
        let _ = writeln!(s, "    terms: {}", terms.join(", "));
        if !topic.phrases.is_empty() {
            let _ = writeln!(s, "    phrases: {}", topic.phrases.join(", "));
        }
        for r in &topic.representatives {
            match titles.get(r.as_str()) {
                Some(title) => {
                    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                    let _ = writeln!(s, "    - {title}  ({r})");
                }
                None => {
                    let _ = writeln!(s, "    - {r}");
                }
            }
        }
    }
    s
}
