//! `chachong dups INPUT... [--format text|json] [settings]`: near-duplicate
//! documents, rewrites and repeated passages.
//!
//! Reads the corpus, runs [`chachong::dups::run`] and prints the result: JSON
//! (the [`DupsResult`] contract) or a readable text listing.
//!
//! With `--engine spark` (feature `spark`) the near-duplicate pairs are
//! found by the Spark job instead ([`chachong::dups::spark`]): the corpus is
//! signed into a work folder (or, with `--spark-signed`, INPUT is a folder
//! `chachong sign` wrote, on many machines perhaps), the job runs through
//! `spark-submit`, and the clusters are made here from its pairs
//! ([`chachong::dups::clusters_by`]).
//! The output then holds `documents`, `near_duplicates` (byte-identical to
//! `--engine local`'s), `settings` and `"engine": "spark"`; rewrites,
//! passages and the rest are `--engine local`'s only, and absent rather
//! than empty.

use std::io::Write;

use anyhow::Result;
use clap::Args;

use chachong::dups::passages::PassageParams;
use chachong::dups::{DocumentEntry, DupsParams, DupsResult, NearDuplicates, PairKind};
use chachong::report::view::sites_line;
use chachong::{Analysis, Checked, DocIdx, ParamGuard};

use super::{CorpusArgs, Exit, FilterArgs, OutputFormat, Progress};

#[derive(Debug, Args)]
pub struct DupsArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format (default: text on a terminal, JSON when piped).
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Text output: show at most this many items of each list (pairs,
    /// clusters, rewrites, passages, ...), best first, then say how many
    /// more (0: all). JSON always holds every item.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// Seed of every hash.
    #[arg(long, default_value_t = DupsParams::default().seed, value_name = "N")]
    pub seed: u64,
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Where near-duplicates are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// In memory, in this process.
    Local,
    /// On Apache Spark, through `spark-submit` (build with `--features spark`).
    Spark,
}

/// `--engine` and the Spark settings.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Engine")]
pub struct EngineArgs {
    /// Where near-duplicate pairs are found: local (in memory, everything
    /// `dups` reports) or spark (near-duplicate pairs and clusters only).
    #[arg(long, value_enum, default_value = "local")]
    pub engine: Engine,
    /// Spark master URL for --engine spark: local[2], spark://HOST:7077,
    /// yarn, k8s://...
    #[arg(long, default_value = "local[2]", value_name = "URL")]
    pub spark_master: String,
    /// The spark-submit to run (from PySpark or a Spark install).
    #[arg(long, default_value = "spark-submit", value_name = "PATH")]
    pub spark_submit: std::path::PathBuf,
    /// The chachong binary as every executor sees it (default: this one,
    /// which serves on one machine; on a cluster, a path every node has).
    #[arg(long, value_name = "PATH")]
    pub spark_chachong: Option<std::path::PathBuf>,
    /// Folder for the signed corpus, the job's output and its log (made if
    /// absent, and it must be empty; on a cluster, shared storage every
    /// executor reads). Default: a new temporary folder, removed after a
    /// successful run and kept, with its log, after a failed one.
    #[arg(long, value_name = "DIR")]
    pub spark_work: Option<std::path::PathBuf>,
    /// Sign the corpus K input files at a time, so that this process holds
    /// one batch rather than the corpus (site boilerplate is then found
    /// within each batch; see `chachong sign --batch-files`).
    #[arg(long, value_name = "K")]
    pub spark_batch_files: Option<usize>,
    /// INPUT is one folder `chachong sign` wrote (on this machine or on
    /// many, signed with the settings given here): run the job on it
    /// rather than signing the corpus again. The folder is only read.
    #[arg(long)]
    pub spark_signed: bool,
    /// Extra Spark setting KEY=VALUE (repeatable), passed as --conf.
    #[arg(long, value_name = "KEY=VALUE")]
    pub spark_conf: Vec<String>,
}

/// The near-duplicate settings that decide the clusters, shared by `dups`,
/// `report`, `topics` and `compare` (so that the same flags give the same
/// clusters everywhere); one flag per field of [`DupsParams`].
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Near-duplicates")]
pub struct ClusterArgs {
    /// Shingle size in characters (or words with --shingle-words).
    #[arg(long, default_value_t = DupsParams::default().shingle, value_name = "N")]
    pub shingle: usize,
    /// Shingle term tokens instead of characters.
    #[arg(long)]
    pub shingle_words: bool,
    /// Jaccard at or above which two documents are near duplicates.
    #[arg(long, default_value_t = DupsParams::default().threshold, value_name = "X")]
    pub threshold: f64,
    /// Share of the smaller document found in the larger at or above which
    /// two documents are near duplicates.
    #[arg(long, default_value_t = DupsParams::default().containment, value_name = "X")]
    pub containment: f64,
    /// MinHash signature length.
    #[arg(long, default_value_t = DupsParams::default().num_perm, value_name = "N")]
    pub num_perm: usize,
    /// Documents with fewer letters, digits and CJK characters take no part.
    #[arg(long, default_value_t = DupsParams::default().min_doc_chars, value_name = "N")]
    pub min_doc_chars: usize,
    /// Shingles in more than this many documents are left out of the
    /// containment candidate search (they still count in every score).
    #[arg(long, default_value_t = DupsParams::default().boilerplate_df, value_name = "N")]
    pub boilerplate_df: usize,
    /// Let damaged documents (mostly code, replacement characters,
    /// mojibake) take part in near-duplicates, passages and topics; by
    /// default they are left out and listed apart.
    #[arg(long)]
    pub keep_damaged: bool,
}

impl ClusterArgs {
    /// The checked settings, with `seed` and the other fields' defaults.
    pub fn params(&self, seed: u64) -> Result<Checked<DupsParams>> {
        self.with(DupsParams::default(), seed)
    }

    /// `base` with these flags and `seed`, checked.
    fn with(&self, base: DupsParams, seed: u64) -> Result<Checked<DupsParams>> {
        DupsParams {
            shingle: self.shingle,
            shingle_words: self.shingle_words,
            threshold: self.threshold,
            containment: self.containment,
            num_perm: self.num_perm,
            seed,
            min_doc_chars: self.min_doc_chars,
            boilerplate_df: self.boilerplate_df,
            keep_damaged: self.keep_damaged,
            ..base
        }
        .check()
        .map_err(|e| {
            super::flag_error(
                e,
                &[
                    ("shingle size", "--shingle"),
                    ("threshold", "--threshold"),
                    ("containment", "--containment"),
                    ("rewrite_threshold", "--rewrite-threshold"),
                    ("num_perm", "--num-perm"),
                    ("boilerplate_df", "--boilerplate-df"),
                ],
            )
        })
    }
}

/// The near-duplicate, rewrite and passage settings, shared by `dups` and
/// `report`.
#[derive(Debug, Clone, Args)]
pub struct MatchArgs {
    #[command(flatten)]
    pub clusters: ClusterArgs,
    /// TF-IDF cosine at or above which two documents are rewrites.
    #[arg(long, default_value_t = DupsParams::default().rewrite_threshold, value_name = "X", help_heading = "Near-duplicates")]
    pub rewrite_threshold: f64,
    /// Shortest repeated passage reported, in characters.
    #[arg(long, default_value_t = PassageParams::default().min_chars, value_name = "N", help_heading = "Near-duplicates")]
    pub min_chars: u32,
}

impl MatchArgs {
    /// The checked settings, with `seed`.
    pub fn params(&self, seed: u64) -> Result<Checked<DupsParams>> {
        let passages = PassageParams {
            min_chars: self.min_chars,
            ..PassageParams::default()
        }
        .check()
        .map_err(|e| super::flag_error(e, &[("min_chars", "--min-chars")]))?;
        let base = DupsParams {
            rewrite_threshold: self.rewrite_threshold,
            passages,
            ..DupsParams::default()
        };
        self.clusters.with(base, seed)
    }
}

pub fn run(args: DupsArgs) -> Result<Exit> {
    let params = args.matching.params(args.seed)?;
    if args.engine.engine == Engine::Spark {
        return spark(args, params);
    }
    if args.engine.spark_signed {
        anyhow::bail!("--spark-signed needs --engine spark");
    }
    let progress = Progress::new(args.corpus.quiet);
    let analysis = args.corpus.load_filtered(&args.filter, &progress)?;
    progress.stage(chachong::pipeline::Stage::Duplicates.to_string());
    let result = chachong::dups::run(&analysis, &params);
    progress.finish();
    let out = match OutputFormat::resolve(args.format) {
        OutputFormat::Json => super::json(chachong::schema::DUPS, &result.named(&analysis))?,
        OutputFormat::Text => {
            // Corpus text (ids, titles, passages) can hold control characters.
            let mut text = Vec::new();
            write_text(&mut text, &result, &analysis, Limit(args.limit))?;
            let text = String::from_utf8_lossy(&text);
            chachong::safe::terminal_text(&text).into_owned()
        }
    };
    super::print(&out)
}

#[cfg(not(feature = "spark"))]
fn spark(_: DupsArgs, _: Checked<DupsParams>) -> Result<Exit> {
    anyhow::bail!(
        "--engine spark: this chachong was built without Spark support (build it with `cargo build --release --features spark`)"
    )
}

/// `dups --engine spark`: sign (or, with `--spark-signed`, take a folder
/// signed elsewhere), run the job, cluster its pairs. After signing,
/// nothing holds the corpus: documents and clusters are made from the
/// documents files' rows, without their text.
#[cfg(feature = "spark")]
fn spark(args: DupsArgs, params: Checked<DupsParams>) -> Result<Exit> {
    use anyhow::Context;
    use chachong::dups::cluster::Candidate;
    use chachong::dups::sign::dir::{checked_file, read_placed_shards};
    use chachong::dups::sign::parquet_io::read_document_meta;
    use chachong::dups::spark::{self as job, SparkJob};
    use chachong::dups::{NearDuplicates, Settings};

    let engine = &args.engine;
    let (work, temporary) = match &engine.spark_work {
        Some(dir) => {
            let empty = match std::fs::read_dir(dir) {
                Ok(mut entries) => entries.next().is_none(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
                Err(e) => {
                    return Err(e).with_context(|| format!("--spark-work {}", dir.display()));
                }
            };
            if !empty {
                anyhow::bail!(
                    "refusing to use --spark-work {}: it is not empty (give a new or empty folder)",
                    dir.display()
                );
            }
            (dir.clone(), false)
        }
        None => {
            let dir = std::env::temp_dir().join(format!(
                "chachong-spark-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            ));
            (dir, true)
        }
    };
    let chachong = match &engine.spark_chachong {
        Some(p) => p.clone(),
        None => std::env::current_exe().context("finding this chachong binary")?,
    };
    let progress = Progress::new(args.corpus.quiet);
    let signed = spark_sign(&args, &params, &work, &progress);
    // A temporary folder is removed when signing failed: what it holds is
    // of no use to anyone.
    let sign_dir = match signed {
        Ok(dir) => dir,
        Err(e) => {
            if temporary {
                let _ = std::fs::remove_dir_all(&work);
            }
            return Err(e);
        }
    };
    progress.stage(format!("running the Spark job ({})", engine.spark_master));
    let spec = SparkJob {
        submit: engine.spark_submit.clone(),
        master: engine.spark_master.clone(),
        chachong,
        conf: engine.spark_conf.clone(),
    };
    let ran = job::run(&spec, &sign_dir, &work.join("job"));
    // The documents, in corpus order, without their text.
    let meta = ran.as_ref().ok().map(|_| -> Result<_> {
        let mut meta = Vec::new();
        for (info, first) in read_placed_shards(&sign_dir)?.1 {
            meta.extend(read_document_meta(
                &checked_file(&sign_dir, &info, 0)?,
                first,
            )?);
        }
        meta.sort_by_key(|m| m.doc);
        Ok(meta)
    });
    progress.finish();
    // A temporary folder is kept after the job failed, for its log (the
    // error names it), and removed otherwise.
    if temporary && !matches!(ran, Err(job::SparkError::Failed { .. })) {
        let _ = std::fs::remove_dir_all(&work);
    }
    let (verified, _) = ran?;
    let meta = meta.expect("read after a run")?;
    if meta.iter().enumerate().any(|(i, m)| m.doc as usize != i) {
        anyhow::bail!("the signed documents are not the places 0..{}", meta.len());
    }
    let near = NearDuplicates {
        pairs: verified.iter().map(|v| v.indexed()).collect(),
        clusters: chachong::dups::clusters_by(meta.len(), verified.iter().map(|v| v.places), |i| {
            let m = &meta[i as usize];
            Candidate {
                date: m.date.as_deref(),
                body_chars: m.body_chars as usize,
                id: &m.id,
            }
        }),
    };
    let documents: Vec<DocumentEntry> = meta
        .iter()
        .map(|m| DocumentEntry {
            id: m.id.clone(),
            title: m.title.clone(),
            chars: m.chars,
        })
        .collect();
    let id = |i: DocIdx| meta[i.get()].id.as_str();
    let out = match OutputFormat::resolve(args.format) {
        OutputFormat::Json => {
            #[derive(serde::Serialize)]
            struct SparkDups<'a> {
                documents: &'a [DocumentEntry],
                near_duplicates: NearDuplicates<String>,
                settings: Settings,
                engine: &'static str,
            }
            let named = NearDuplicates {
                pairs: verified.iter().map(|v| v.pair.clone()).collect(),
                clusters: near
                    .clusters
                    .iter()
                    .map(|c| chachong::dups::Cluster {
                        representative: id(c.representative).to_string(),
                        members: c.members.iter().map(|&m| id(m).to_string()).collect(),
                    })
                    .collect(),
            };
            super::json(
                chachong::schema::DUPS,
                &SparkDups {
                    documents: &documents,
                    near_duplicates: named,
                    settings: Settings::of(&params),
                    engine: "spark",
                },
            )?
        }
        OutputFormat::Text => {
            let mut text = Vec::new();
            writeln!(
                text,
                "{} documents; {} (engine spark: rewrites, passages and damaged documents are listed by --engine local)",
                documents.len(),
                summary_of(&near)
            )?;
            write_near(&mut text, &near, &documents, &id, Limit(args.limit))?;
            let text = String::from_utf8_lossy(&text);
            chachong::safe::terminal_text(&text).into_owned()
        }
    };
    super::print(&out)
}

/// The sign folder for `dups --engine spark`: INPUT itself with
/// `--spark-signed` (its settings checked against the flags), else the
/// corpus signed into `work/sign`.
#[cfg(feature = "spark")]
fn spark_sign(
    args: &DupsArgs,
    params: &Checked<DupsParams>,
    work: &std::path::Path,
    progress: &Progress,
) -> Result<std::path::PathBuf> {
    use chachong::dups::sign::dir::read_shards;
    use chachong::dups::sign::{Shard, SignSettings};

    use super::sign::{Split, sign_into};

    let engine = &args.engine;
    if engine.spark_signed {
        let [dir] = args.corpus.inputs.as_slice() else {
            anyhow::bail!("--spark-signed takes one INPUT: the folder chachong sign wrote");
        };
        let (settings, _) = read_shards(dir)?;
        let here = SignSettings::of(params);
        if settings != here {
            anyhow::bail!(
                "{} was signed with other settings than these flags ({}); give the flags it was signed with",
                dir.display(),
                settings_differ(&settings, &here)
            );
        }
        Ok(dir.clone())
    } else {
        let split = match engine.spark_batch_files {
            Some(0) => anyhow::bail!("--spark-batch-files must be at least 1"),
            Some(files) => Split::Batches {
                files,
                part: Shard::WHOLE,
            },
            None => Split::Shard(Shard::WHOLE),
        };
        let dir = work.join("sign");
        sign_into(&args.corpus, &args.filter, params, &dir, split, progress)?;
        Ok(dir)
    }
}

/// The settings that differ between a sign folder's and the flags', as
/// `name value there, value here`.
#[cfg(feature = "spark")]
fn settings_differ(
    there: &chachong::dups::sign::SignSettings,
    here: &chachong::dups::sign::SignSettings,
) -> String {
    let object = |s| match serde_json::to_value(s) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let (a, b) = (object(there), object(here));
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, v)| {
            let h = b.get(k).unwrap_or(&serde_json::Value::Null);
            format!("{k} {v} there, {h} here")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many items of each list the text shows (0: all).
#[derive(Debug, Clone, Copy)]
struct Limit(usize);

impl Limit {
    /// The first items of `items` to show.
    fn of<T>(self, items: &[T]) -> &[T] {
        if self.0 == 0 {
            items
        } else {
            &items[..items.len().min(self.0)]
        }
    }

    /// The line after a cut list: how many more, and how to see them.
    fn more(self, out: &mut impl Write, total: usize, what: &str) -> Result<()> {
        let shown = if self.0 == 0 {
            total
        } else {
            total.min(self.0)
        };
        if shown < total {
            writeln!(
                out,
                "  ... and {} more {what} (--limit 0 shows all; --format json lists every one)",
                total - shown
            )?;
        }
        Ok(())
    }
}

/// At most `n` chars of `s` on one line, with an ellipsis when cut.
fn snippet(s: &str, n: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut out: String = flat.chars().take(n).collect();
    if flat.chars().count() > n {
        out.push('…');
    }
    out
}

/// The near-duplicate pairs by score, highest first: the larger of Jaccard
/// and containment, then Jaccard, then corpus order.
fn pairs_by_score(nd: &NearDuplicates) -> Vec<&chachong::dups::NearDuplicatePair> {
    let mut pairs: Vec<_> = nd.pairs.iter().collect();
    pairs.sort_by(|x, y| {
        let score = |p: &chachong::dups::NearDuplicatePair| p.jaccard.max(p.containment);
        score(y)
            .total_cmp(&score(x))
            .then(y.jaccard.total_cmp(&x.jaccard))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    pairs
}

/// `P near-duplicate pairs (B both ways, C containments) in K clusters`.
fn summary_of(nd: &NearDuplicates) -> String {
    let contained = nd
        .pairs
        .iter()
        .filter(|p| matches!(p.kind, PairKind::Containment { .. }))
        .count();
    let kinds = if nd.pairs.is_empty() {
        String::new()
    } else {
        let s = if contained == 1 { "" } else { "s" };
        format!(
            " ({} both ways, {contained} containment{s})",
            nd.pairs.len() - contained
        )
    };
    format!(
        "{} near-duplicate pairs{kinds} in {} clusters",
        nd.pairs.len(),
        nd.clusters.len()
    )
}

/// The near-duplicate pairs (highest score first) and clusters (largest
/// first) of `nd`, as text.
fn write_near<'a>(
    out: &mut impl Write,
    nd: &NearDuplicates,
    documents: &[DocumentEntry],
    id: &impl Fn(DocIdx) -> &'a str,
    limit: Limit,
) -> Result<()> {
    let title = |i: DocIdx| {
        documents[i.get()]
            .title
            .as_deref()
            .map(|t| snippet(t, 40))
            .unwrap_or_default()
    };
    if !nd.pairs.is_empty() {
        writeln!(
            out,
            "\nNear duplicates (jaccard, containment, kind; highest score first):"
        )?;
        let pairs = pairs_by_score(nd);
        for p in limit.of(&pairs) {
            let kind = match p.kind {
                PairKind::NearDuplicate => "near duplicate (both ways)".to_string(),
                PairKind::Containment { inside, within } => format!(
                    "containment: {} is {:.0}% inside {}",
                    id(inside),
                    p.containment * 100.0,
                    id(within)
                ),
            };
            writeln!(
                out,
                "  {:.4}  {:.4}  {kind}\n    {}  {}\n    {}  {}",
                p.jaccard,
                p.containment,
                id(p.a),
                title(p.a),
                id(p.b),
                title(p.b)
            )?;
        }
        limit.more(out, pairs.len(), "pairs")?;
    }
    if !nd.clusters.is_empty() {
        writeln!(out, "\nClusters (largest first; representative first):")?;
        let mut clusters: Vec<_> = nd.clusters.iter().collect();
        clusters.sort_by_key(|c| std::cmp::Reverse(c.members.len()));
        for c in limit.of(&clusters) {
            let others: Vec<&str> = c
                .members
                .iter()
                .filter(|&&m| m != c.representative)
                .map(|&m| id(m))
                .collect();
            writeln!(
                out,
                "  {} members: {}  {}\n    also: {}",
                c.members.len(),
                id(c.representative),
                title(c.representative),
                others.join(", ")
            )?;
        }
        limit.more(out, clusters.len(), "clusters")?;
    }
    Ok(())
}

fn write_text(
    out: &mut impl Write,
    r: &DupsResult,
    analysis: &Analysis,
    limit: Limit,
) -> Result<()> {
    let id = |i: DocIdx| analysis.id(i);
    let title = |i: DocIdx| {
        r.documents[i.get()]
            .title
            .as_deref()
            .map(|t| snippet(t, 40))
            .unwrap_or_default()
    };
    writeln!(
        out,
        "{} documents; {}; {} rewrites; {} repeated passages; {} damaged",
        r.documents.len(),
        summary_of(&r.near_duplicates),
        r.rewrites.len(),
        r.passages.len(),
        r.damaged.len()
    )?;
    write_near(
        out,
        &r.near_duplicates,
        &r.documents,
        &|i| analysis.id(i),
        limit,
    )?;
    if !r.rewrites.is_empty() {
        writeln!(out, "\nRewrites (cosine, highest first):")?;
        let mut rewrites: Vec<_> = r.rewrites.iter().collect();
        rewrites.sort_by(|x, y| {
            y.cosine
                .total_cmp(&x.cosine)
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        for w in limit.of(&rewrites) {
            writeln!(
                out,
                "  {:.4}  {}  {}\n          {}  {}",
                w.cosine,
                id(w.a),
                title(w.a),
                id(w.b),
                title(w.b)
            )?;
        }
        limit.more(out, rewrites.len(), "rewrites")?;
    }
    write_damaged(out, r, analysis, limit)?;
    if !r.passages.is_empty() {
        writeln!(
            out,
            "\nRepeated passages (most characters copied across sources first):"
        )?;
        for g in limit.of(&r.passages) {
            writeln!(
                out,
                "  {} chars, {} copies in {} {}: {}",
                g.chars,
                g.copies.len(),
                g.sources,
                if g.sources == 1 { "source" } else { "sources" },
                snippet(&g.text, 60)
            )?;
            for c in &g.copies {
                writeln!(out, "    {} [{}..{})", id(c.doc), c.start, c.end)?;
            }
            for n in &g.nested {
                writeln!(
                    out,
                    "    inside it, {} chars also in {} places in all: {}",
                    n.chars,
                    n.copies.len(),
                    snippet(&n.text, 40)
                )?;
                for c in &n.copies {
                    writeln!(out, "      {} [{}..{})", id(c.doc), c.start, c.end)?;
                }
            }
        }
        limit.more(out, r.passages.len(), "passages")?;
    }
    if !r.boilerplate.is_empty() {
        writeln!(
            out,
            "\nSite boilerplate (left out of everything above; documents, sites, median share of body):"
        )?;
        for b in limit.of(&r.boilerplate) {
            writeln!(
                out,
                "  {} documents, {}, {:.0}%: {}",
                b.documents,
                sites_line(&b.sites, 3),
                b.evidence.median_share * 100.0,
                snippet(&b.text, 60)
            )?;
        }
        limit.more(out, r.boilerplate.len(), "boilerplate passages")?;
    }
    Ok(())
}

/// The damaged documents, each with its reasons and their shares.
fn write_damaged(
    out: &mut impl Write,
    r: &DupsResult,
    analysis: &Analysis,
    limit: Limit,
) -> Result<()> {
    if r.damaged.is_empty() {
        return Ok(());
    }
    let how = if r.settings.params.keep_damaged {
        "kept in"
    } else {
        "left out"
    };
    writeln!(out, "\nDamaged documents ({how}):")?;
    for d in limit.of(&r.damaged) {
        writeln!(
            out,
            "  {}  {}",
            analysis.id(d.doc),
            chachong::quality::describe(&d.reasons)
        )?;
    }
    limit.more(out, r.damaged.len(), "damaged documents")
}
