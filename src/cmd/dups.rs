//! `chachong dups INPUT... [--format text|json] [settings]`: near-duplicate
//! documents, rewrites and repeated passages.
//!
//! Reads the corpus, runs [`chachong::dups::run`] and prints the result: JSON
//! (the [`DupsResult`] contract) or a readable text listing.

use std::io::Write;

use anyhow::Result;
use clap::Args;

use chachong::dups::passages::PassageParams;
use chachong::dups::{DupsParams, DupsResult, PairKind};
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
fn pairs_by_score(r: &DupsResult) -> Vec<&chachong::dups::NearDuplicatePair> {
    let mut pairs: Vec<_> = r.near_duplicates.pairs.iter().collect();
    pairs.sort_by(|x, y| {
        let score = |p: &chachong::dups::NearDuplicatePair| p.jaccard.max(p.containment);
        score(y)
            .total_cmp(&score(x))
            .then(y.jaccard.total_cmp(&x.jaccard))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    pairs
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
    let nd = &r.near_duplicates;
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
    writeln!(
        out,
        "{} documents; {} near-duplicate pairs{kinds} in {} clusters; {} rewrites; {} repeated passages; {} damaged",
        r.documents.len(),
        nd.pairs.len(),
        nd.clusters.len(),
        r.rewrites.len(),
        r.passages.len(),
        r.damaged.len()
    )?;
    if !nd.pairs.is_empty() {
        writeln!(
            out,
            "\nNear duplicates (jaccard, containment, kind; highest score first):"
        )?;
        let pairs = pairs_by_score(r);
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
