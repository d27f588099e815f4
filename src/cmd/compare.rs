//! `chachong compare INPUT... --by FIELD [--groups A,B] [--top N] [--examples N]
//! [--k N|auto] [--seed N] [--format text|json]`: how groups of documents
//! differ in topics and words, and topics over time.
//!
//! Reads and analyses the corpus, fails (exit 2) when no document has the
//! field `--by` (naming the fields present), runs the pipeline
//! ([`chachong::pipeline::run`]: near-duplicates with the given matching
//! flags, so a reprint counts once; topics with the model flags; the
//! comparison) and prints a table per group, each distinctive term with
//! its example sentences and their documents (text), or the
//! [`Comparison`] (JSON).

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use clap::Args;

use chachong::compare::{CompareParams, Comparison, Group, documents};
use chachong::pipeline::{self, Comparing, PipelineParams};
use chachong::topics::TopicParams;
use chachong::{Checked, ParamGuard};

use super::dups::ClusterArgs;
use super::topics::TopicModelArgs;
use super::{CorpusArgs, Exit, FilterArgs, OutputFormat, Progress, RegionArgs};

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The field that makes the groups: source, author, categories, tags,
    /// any JSONL or front-matter field, date:year, date:month; `folder`
    /// (the folder a document's file is in) or `path:N` (the Nth folder of
    /// its id); `region` (province) or `region:city`, read from the text
    /// (see --regions).
    #[arg(long, value_name = "FIELD")]
    pub by: String,
    /// Also compare these two groups with each other alone.
    #[arg(long, value_name = "A,B", value_parser = parse_pair)]
    pub groups: Option<(String, String)>,
    #[command(flatten)]
    pub settings: CompareSettingsArgs,
    /// Seed of every random choice (topics and near-duplicate hashing).
    #[arg(long, default_value_t = TopicParams::default().seed, value_name = "N")]
    pub seed: u64,
    /// Output format (default: text on a terminal, JSON when piped).
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    #[command(flatten)]
    pub clusters: ClusterArgs,
    #[command(flatten)]
    pub model: TopicModelArgs,
    #[command(flatten)]
    pub regions: RegionArgs,
}

/// The comparison's settings besides `--by` and `--groups`, shared by
/// `compare` and `report`; one flag per field of [`CompareParams`].
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Comparison")]
pub struct CompareSettingsArgs {
    /// Distinctive terms given per group.
    #[arg(long, default_value_t = CompareParams::default().top_terms, value_name = "N")]
    pub top: usize,
    /// Groups with fewer documents (near-duplicates counted once) are
    /// marked unreliable.
    #[arg(long, default_value_t = CompareParams::default().min_group_docs, value_name = "N")]
    pub min_group_docs: usize,
    /// Pseudo-counts of the Dirichlet prior in all; larger pulls small
    /// groups toward the corpus rates.
    #[arg(long, default_value_t = CompareParams::default().prior_scale, value_name = "X")]
    pub prior_scale: f64,
    /// Example sentences per distinctive term, each from a different
    /// document of the group (0 for none).
    #[arg(long, default_value_t = CompareParams::default().examples, value_name = "N")]
    pub examples: usize,
}

impl CompareSettingsArgs {
    /// The settings comparing by `by`, with `groups`, checked.
    pub fn params(
        &self,
        by: &str,
        groups: Option<(String, String)>,
    ) -> Result<Checked<CompareParams>> {
        CompareParams {
            by: by.trim().to_string(),
            groups,
            top_terms: self.top,
            min_group_docs: self.min_group_docs,
            prior_scale: self.prior_scale,
            examples: self.examples,
        }
        .check()
        .map_err(|e| {
            super::flag_error(
                e,
                &[
                    ("top_terms", "--top"),
                    ("prior_scale", "--prior-scale"),
                    ("the field to group by", "--by"),
                    ("a group name to compare", "a --groups name"),
                ],
            )
        })
    }
}

/// Fails when no document of `analysis` has the field `by`, naming the
/// fields they have with their counts.
pub fn require_field(analysis: &chachong::Analysis, by: &str) -> Result<()> {
    chachong::compare::check_field(analysis, by).context("--by")
}

/// `A,B` as two group names.
pub fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && !b.contains(',') => {
            Ok((a.trim().to_string(), b.trim().to_string()))
        }
        _ => Err(format!("expected two group names as `A,B`, not `{s}`")),
    }
}

impl CompareArgs {
    /// The checked settings.
    pub fn params(&self) -> Result<Checked<CompareParams>> {
        self.settings.params(&self.by, self.groups.clone())
    }
}

pub fn run(args: CompareArgs) -> Result<Exit> {
    let params = args.params()?;
    let pipeline_params = PipelineParams {
        dups: args.clusters.params(args.seed)?,
        full_dups: false,
        dedup: true,
        topics: args.model.params(args.seed, args.clusters.keep_damaged)?,
        compare: Some(Comparing {
            params: params.clone(),
            only_if_present: false,
            largest_pair: false,
            or_regions: false,
        }),
        regions: false,
        region_mapping: args.regions.mapping()?,
    };
    let progress = Progress::new(args.corpus.quiet);
    let analysis = args.corpus.load_filtered(&args.filter, &progress)?;
    require_field(&analysis, &params.by)?;
    let found = pipeline::run(&analysis, &pipeline_params, super::on_stage(&progress))?;
    progress.finish();
    let Some(result) = found.comparison else {
        bail!("the comparison by {} was not made", params.by);
    };
    if let Some((a, b)) = &params.groups {
        for name in [a, b] {
            if !result.groups.iter().any(|g| &g.name == name) {
                bail!(
                    "--groups: no document has {} = `{name}`; the groups are: {}",
                    params.by,
                    group_names(&result)
                );
            }
        }
    }

    let out = match OutputFormat::resolve(args.format) {
        OutputFormat::Json => super::json(chachong::schema::COMPARE, &result)?,
        // Corpus text (groups, terms) can hold control characters.
        OutputFormat::Text => {
            chachong::safe::terminal_text(&render_text(&result, &result.topic_labels)).into_owned()
        }
    };
    super::print(&out)
}

/// The first 20 group names, then a count of the others.
fn group_names(c: &Comparison) -> String {
    let mut names: Vec<String> = c
        .groups
        .iter()
        .take(20)
        .map(|g| format!("`{}`", g.name))
        .collect();
    if c.groups.len() > 20 {
        names.push(format!("and {} more", c.groups.len() - 20));
    }
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// A readable table per group, then the pairwise comparison and the periods.
/// `labels[t]` names topic `t`.
fn render_text(c: &Comparison, labels: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} groups by `{}` over {} ({} after collapsing near-duplicates), {} topics",
        c.groups.len(),
        c.by,
        documents(c.settings.documents),
        c.settings.documents_after_dedup,
        c.settings.topics
    );
    for note in &c.notes {
        let _ = writeln!(s, "note: {note}");
    }
    for g in &c.groups {
        render_group(&mut s, g, labels, "against the rest");
    }
    if let Some(p) = &c.pairwise {
        let _ = writeln!(s, "\n=== {} against {} alone", p.a.name, p.b.name);
        render_group(&mut s, &p.a, labels, &format!("against {}", p.b.name));
        render_group(&mut s, &p.b, labels, &format!("against {}", p.a.name));
    }
    if !c.over_time.is_empty() {
        let by = c.settings.over_time_by.unwrap_or("date");
        let _ = writeln!(s, "\nover time ({by}): period, documents, main topics");
        for p in &c.over_time {
            let _ = writeln!(
                s,
                "  {:<8} {:>6}  {}",
                p.period,
                p.docs,
                main_topics(&p.topic_share, &p.topic_docs, labels)
            );
        }
    }
    s
}

fn render_group(s: &mut String, g: &Group, labels: &[String], against: &str) {
    let weighted = g
        .weighted_docs
        .map(|w| format!(", {w:.1} by weight"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "\n[{}]  {} ({} before collapsing near-duplicates{weighted})",
        g.name,
        documents(g.docs),
        g.docs_before_dedup
    );
    if let Some(w) = &g.warning {
        let _ = writeln!(s, "  warning: {w}");
    }
    if !g.topic_share.is_empty() {
        let _ = writeln!(
            s,
            "  topics: {}",
            main_topics(&g.topic_share, &g.topic_docs, labels)
        );
    }
    if g.distinctive_terms.is_empty() {
        let _ = writeln!(s, "  no distinctive terms {against}");
        return;
    }
    let _ = writeln!(s, "  distinctive terms {against}:");
    let _ = writeln!(s, "  {:>8} {:>7}  term", "z", "count");
    for t in &g.distinctive_terms {
        let _ = writeln!(s, "  {:>8.2} {:>7}  {}", t.z, t.count, t.term);
        for e in &t.examples {
            let _ = writeln!(s, "  {:>17}  {} [{}]", "", e.text, e.doc);
        }
    }
}

/// The topics with a share, largest first, with their documents:
/// `[0] label 50.0% (3), ...`.
fn main_topics(share: &[f64], docs: &[usize], labels: &[String]) -> String {
    let mut shown: Vec<(usize, f64)> = share
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, x)| x > 0.0)
        .collect();
    shown.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    if shown.is_empty() {
        return "-".to_string();
    }
    shown
        .iter()
        .map(|&(t, x)| {
            let label = labels.get(t).map(String::as_str).unwrap_or("");
            let n = docs.get(t).copied().unwrap_or(0);
            format!("[{t}] {label} {:.1}% ({n})", x * 100.0)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_pairs_parse() {
        assert_eq!(
            parse_pair("新华网, 人民网"),
            Ok(("新华网".into(), "人民网".into()))
        );
        assert!(parse_pair("one").is_err());
        assert!(parse_pair("a,").is_err());
        assert!(parse_pair("a,b,c").is_err());
    }
}
