//! The command line: flags shared by every subcommand, and dispatch.
//!
//! Each subcommand lives in its own file with its args struct and one `run`.

mod check;
mod compare;
mod dups;
mod index;
mod inspect;
mod report;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "spark")]
mod sign;
mod topics;
#[cfg(feature = "spark")]
mod verify;

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use chachong::boilerplate::BoilerplateParams;
use chachong::corpus::{Document, ReadParams, Skipped};
use chachong::normalize::NormParams;
use chachong::params::{Checked, ParamGuard};
use chachong::safe::terminal;
use chachong::segment::Segmenter;
use chachong::tfidf::TfidfParams;
use chachong::{Analysis, AnalyzeParams, analyze_inputs};

/// 查重: find copied passages, near-duplicate articles and topics in a corpus
/// of Chinese articles.
#[derive(Debug, Parser)]
#[command(name = "chachong", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a corpus and write a report folder (report.json, ...).
    Report(report::ReportArgs),
    /// Show how one file was read: metadata, body, sentences, tokens, terms.
    Inspect(inspect::InspectArgs),
    /// Find topics: LSA, k-means, labels, 2-D coordinates.
    Topics(topics::TopicsArgs),
    /// Find near-duplicate documents, rewrites and repeated passages.
    Dups(dups::DupsArgs),
    /// Compare groups of documents by a metadata field: topics, words, time.
    Compare(compare::CompareArgs),
    /// Build (or --add to) a single-file index of a corpus for `check`.
    Index(index::IndexArgs),
    /// Check drafts against an index: shared passages, containment, near
    /// duplicates; exit 1 when a draft fails.
    Check(check::CheckArgs),
    /// Serve checks and index updates over HTTP (the pre-publish gate as a
    /// service).
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
    /// Write the per-document stage of near-duplicates (band keys,
    /// containment sample, texts) as Parquet, for a cluster job (feature
    /// `spark`).
    #[cfg(feature = "spark")]
    Sign(sign::SignArgs),
    /// Verify candidate pairs (two document places a line on stdin)
    /// against a folder `sign` wrote: kept pairs as JSON lines (feature
    /// `spark`).
    #[cfg(feature = "spark")]
    Verify(verify::VerifyArgs),
}

/// Exit codes: 0 success (or all drafts pass), 1 a failing result, 2 error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Fail = 1,
    Error = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Report(args) => report::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Topics(args) => topics::run(args),
        Command::Dups(args) => dups::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Index(args) => index::run(args),
        Command::Check(args) => check::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
        #[cfg(feature = "spark")]
        Command::Sign(args) => sign::run(args),
        #[cfg(feature = "spark")]
        Command::Verify(args) => verify::run(args),
    }
}

/// Output format of commands that print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

impl OutputFormat {
    /// The format to use: the one asked for, else text on a terminal and
    /// JSON when piped.
    pub fn resolve(asked: Option<OutputFormat>) -> OutputFormat {
        asked.unwrap_or(if std::io::stdout().is_terminal() {
            OutputFormat::Text
        } else {
            OutputFormat::Json
        })
    }
}

/// Reading, segmentation and TF-IDF settings shared by the commands that read
/// a corpus.
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// Files, folders (read recursively) or `-` for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Extra words for segmentation, in jieba's format (`word [freq] [tag]`).
    #[arg(long, value_name = "FILE")]
    pub user_dict: Option<PathBuf>,
    /// Do not fold traditional characters to simplified ones for matching.
    #[arg(long)]
    pub no_t2s: bool,
    /// Keep terms in at least this many documents.
    #[arg(long, default_value_t = TfidfParams::default().min_df, value_name = "N")]
    pub min_df: u32,
    /// Keep terms in at most this fraction of documents.
    #[arg(long, default_value_t = TfidfParams::default().max_df, value_name = "FRACTION")]
    pub max_df: f64,
    /// Refuse files larger than this many MiB (after decompression), 1 to
    /// 65536. A document holds at most 16 MiB of text whatever this says.
    #[arg(
        long,
        default_value_t = ReadParams::default().max_file_mib,
        value_name = "MIB",
        value_parser = max_file_mib()
    )]
    pub max_file_mib: u64,
    /// Site boilerplate: a passage in at least this many documents (2 or
    /// more) may be boilerplate (see --boilerplate-max-share and
    /// --boilerplate-site-share; a dated text never is).
    #[arg(long, default_value_t = BoilerplateParams::default().min_docs, value_name = "N")]
    pub boilerplate_docs: usize,
    /// Site boilerplate covers at most this median share of its documents'
    /// bodies (a reprinted article is its documents' body: not boilerplate).
    #[arg(long, default_value_t = BoilerplateParams::default().max_share, value_name = "FRACTION")]
    pub boilerplate_max_share: f64,
    /// Site boilerplate has at least this share of its documents on one
    /// site (`site`, `source` or `folder` field, else the input folder).
    #[arg(long, default_value_t = BoilerplateParams::default().min_site_share, value_name = "FRACTION")]
    pub boilerplate_site_share: f64,
    /// Keep site boilerplate in the bodies: do not look for it.
    #[arg(long)]
    pub keep_boilerplate: bool,
    /// No progress or skip messages on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

impl CorpusArgs {
    pub fn analyze_params(&self) -> Result<AnalyzeParams> {
        let tfidf = TfidfParams {
            min_df: self.min_df,
            max_df: self.max_df,
            ..TfidfParams::default()
        }
        .check()
        .map_err(|e| flag_error(e, &[("max_df", "--max-df")]))?;
        let Ok(norm) = NormParams {
            traditional_to_simplified: !self.no_t2s,
        }
        .check();
        let boilerplate = if self.keep_boilerplate {
            None
        } else {
            let params = BoilerplateParams {
                min_docs: self.boilerplate_docs,
                max_share: self.boilerplate_max_share,
                min_site_share: self.boilerplate_site_share,
            };
            Some(params.check().map_err(|e| {
                flag_error(
                    e,
                    &[
                        ("boilerplate min_docs", "--boilerplate-docs"),
                        ("boilerplate max_share", "--boilerplate-max-share"),
                        ("boilerplate min_site_share", "--boilerplate-site-share"),
                    ],
                )
            })?)
        };
        Ok(AnalyzeParams {
            norm,
            quality: Checked::default(),
            tfidf,
            boilerplate,
        })
    }

    pub fn segmenter(&self) -> Result<&'static Segmenter> {
        match &self.user_dict {
            // Lives as long as the process, like the shared one.
            Some(path) => Ok(Box::leak(Box::new(Segmenter::with_user_dict(path)?))),
            None => Ok(Segmenter::shared()),
        }
    }

    pub fn read_params(&self) -> Result<Checked<ReadParams>> {
        read_params(self.max_file_mib)
    }

    /// The analysis `analyze` makes with these flags' read and analysis
    /// settings and segmenter, its skipped inputs and warnings reported out
    /// of the way of `progress`: what [`CorpusArgs::load_with`] and
    /// `load_batch` share.
    fn analyze_read(
        &self,
        progress: &Progress,
        analyze: impl FnOnce(
            &Checked<ReadParams>,
            &(dyn Fn() -> &'static Segmenter + Sync),
            &AnalyzeParams,
        ) -> Analysis,
    ) -> Result<Analysis> {
        let params = self.analyze_params()?;
        let read = self.read_params()?;
        // A user dictionary is loaded (and checked) first; jieba's default
        // one loads on the first document analysed, while reading goes on.
        let user = match &self.user_dict {
            Some(_) => Some(self.segmenter()?),
            None => None,
        };
        let analysis = analyze(&read, &|| user.unwrap_or_else(Segmenter::shared), &params);
        progress.0.suspend(|| {
            report_skipped(&analysis.skipped, self.quiet);
            report_warnings(analysis.docs.iter().map(|a| &a.doc), self.quiet);
        });
        Ok(analysis)
    }

    /// [`CorpusArgs::load`], with `progress` naming the stage and kept out
    /// of the way of the skip messages.
    pub fn load_with(&self, progress: &Progress) -> Result<Analysis> {
        progress.stage("reading and segmenting");
        let analysis = self.analyze_read(progress, |read, segmenter, params| {
            analyze_inputs(&self.inputs, read, segmenter, params)
        })?;
        if analysis.docs.is_empty() {
            return Err(nothing_read(&self.inputs, &analysis.skipped));
        }
        Ok(analysis)
    }

    #[cfg(feature = "spark")]
    /// [`CorpusArgs::load_filtered`] of one batch of the input files
    /// ([`chachong::corpus::input_batches`]); an empty batch (every
    /// document skipped or too short) is no error.
    pub fn load_batch(
        &self,
        batch: &chachong::corpus::InputBatch,
        filter: &FilterArgs,
        progress: &Progress,
    ) -> Result<Analysis> {
        let mut analysis = self.analyze_read(progress, |read, segmenter, params| {
            chachong::analyze::analyze_batch(batch, read, segmenter, params)
        })?;
        analysis.retain_min_chars(filter.skip_shorter);
        Ok(analysis)
    }

    /// [`CorpusArgs::load_with`], then the documents shorter than
    /// `--skip-shorter` left out (saying how many on stderr). Fails when
    /// none is left.
    pub fn load_filtered(&self, filter: &FilterArgs, progress: &Progress) -> Result<Analysis> {
        let mut analysis = self.load_with(progress)?;
        let dropped = analysis.retain_min_chars(filter.skip_shorter);
        if dropped > 0 && !self.quiet {
            progress.0.suspend(|| {
                eprintln!(
                    "chachong: left out {dropped} documents with fewer than {} characters (--skip-shorter)",
                    filter.skip_shorter
                )
            });
        }
        if analysis.docs.is_empty() {
            anyhow::bail!(
                "no documents left in {}: all {dropped} are shorter than --skip-shorter {}",
                display_inputs(&self.inputs),
                filter.skip_shorter
            );
        }
        Ok(analysis)
    }
}

/// The user's mapping of sources and folders to regions, shared by
/// `inspect`, `compare` and `report`.
#[derive(Debug, Clone, Args)]
pub struct RegionArgs {
    /// Regions set by source or folder, which win over the text: one rule
    /// a line, `齐鲁网 = 山东`, `source:青岛日报 = 青岛`, `folder:江苏 = 江苏, 苏州`.
    #[arg(long = "regions", value_name = "FILE")]
    pub mapping: Option<PathBuf>,
}

impl RegionArgs {
    /// The mapping file read and checked, if one was given.
    pub fn mapping(&self) -> Result<Option<chachong::regions::Mapping>> {
        let Some(path) = &self.mapping else {
            return Ok(None);
        };
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).with_context(|| format!("--regions {shown}"))?;
        // A mapping is a few lines; a huge file is a mistake, not a mapping.
        if meta.len() > 16 << 20 {
            anyhow::bail!(
                "--regions {shown}: {} bytes is too large for a mapping file",
                meta.len()
            );
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("--regions {shown}: not readable as UTF-8 text"))?;
        Ok(Some(chachong::regions::Mapping::parse(&shown, &text)?))
    }
}

/// The document filter shared by `dups`, `topics`, `compare` and
/// `report`: one name for one idea (a passage length is `--min-chars`,
/// a document's part in near-duplicates `--min-doc-chars`).
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Leave out documents with fewer than this many characters of text
    /// (letters, digits and CJK; whitespace and punctuation not counted)
    /// before anything else (0: keep all).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub skip_shorter: usize,
}

/// The values `--max-file-mib` takes: those [`ReadParams`] takes (1 to
/// 65536, 64 GiB), so that the limit in bytes never overflows and never
/// wraps to 0.
pub fn max_file_mib() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(ReadParams::MAX_FILE_MIB)
}

/// The reading settings of `--max-file-mib`, checked.
pub fn read_params(max_file_mib: u64) -> Result<Checked<ReadParams>> {
    ReadParams { max_file_mib }
        .check()
        .context("bad --max-file-mib")
}

/// The error of a command that read no document from `inputs`: what was
/// looked at, and that every file or record found was skipped (listed on
/// stderr before) or that no file with a known extension was found.
pub fn nothing_read(inputs: &[PathBuf], skipped: &[Skipped]) -> anyhow::Error {
    if skipped.is_empty() {
        anyhow::anyhow!(
            "no documents found in {} (0 files with a known extension: \
             .md, .markdown, .html, .htm, .txt, .jsonl, .ndjson, or these .gz)",
            display_inputs(inputs)
        )
    } else {
        anyhow::anyhow!(
            "no documents found in {} (nothing usable; skipped: {})",
            display_inputs(inputs),
            skipped.len()
        )
    }
}

fn display_inputs(inputs: &[PathBuf]) -> String {
    inputs
        .iter()
        .map(|p| chachong::safe::terminal(&p.display().to_string()).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A spinner on stderr naming the stage a long command is in, with the time
/// it has run (and a count, for work done item by item). Hidden when stderr
/// is not a terminal or with `--quiet`.
pub struct Progress(indicatif::ProgressBar);

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(indicatif::ProgressBar::hidden());
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} [{elapsed}] {msg}")
                .expect("a valid template"),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(bar)
    }

    /// Names the stage now running.
    pub fn stage(&self, msg: impl Into<std::borrow::Cow<'static, str>>) {
        self.0.set_message(msg);
    }

    /// Names the stage now running, on item `n` of `total`.
    pub fn count(&self, what: &str, n: usize, total: usize) {
        self.0.set_message(format!("{what} ({n} of {total})"));
    }

    /// Runs `f` with the spinner out of the way of what it prints.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.0.suspend(f)
    }

    /// Removes the spinner before the command prints its summary.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Drop for Progress {
    /// An error on the way out also clears the spinner.
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// Lists the warnings of documents that were read, but not whole (front
/// matter that is not YAML), on stderr: at most 20, then a count.
pub fn report_warnings<'a>(docs: impl Iterator<Item = &'a Document>, quiet: bool) {
    if quiet {
        return;
    }
    let mut n = 0;
    for doc in docs {
        for w in &doc.meta.warnings {
            n += 1;
            if n <= 20 {
                let place = match doc.line {
                    Some(line) => format!("{}:{line}", doc.path.display()),
                    None => doc.path.display().to_string(),
                };
                eprintln!("chachong: warning: {}: {}", terminal(&place), terminal(w));
            }
        }
    }
    if n > 20 {
        eprintln!(
            "chachong: ... and {} more warnings (all are listed in the JSON output)",
            n - 20
        );
    }
}

/// Lists skipped files and records on stderr (at most 20, then a count),
/// file names and reasons escaped for the terminal.
pub fn report_skipped(skipped: &[Skipped], quiet: bool) {
    use chachong::safe::terminal;
    if quiet || skipped.is_empty() {
        return;
    }
    for s in skipped.iter().take(20) {
        let path = s.path.display().to_string();
        let (path, reason) = (terminal(&path), terminal(&s.reason));
        match s.line {
            Some(line) => eprintln!("chachong: skipped {path}:{line}: {reason}"),
            None => eprintln!("chachong: skipped {path}: {reason}"),
        }
    }
    if skipped.len() > 20 {
        eprintln!(
            "chachong: ... and {} more skipped (all are listed in the JSON output)",
            skipped.len() - 20
        );
    }
}

/// `--lang`: the language of a page's and its charts' labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for chachong::lang::Lang {
    fn from(l: LangArg) -> chachong::lang::Lang {
        match l {
            LangArg::Zh => chachong::lang::Lang::Zh,
            LangArg::En => chachong::lang::Lang::En,
        }
    }
}

/// Writes `out` to stdout; a reader that went away (a broken pipe) is not
/// an error.
pub fn print(out: &str) -> Result<Exit> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Ok(Exit::Ok),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Exit::Ok),
        Err(e) => Err(e).context("writing to stdout"),
    }
}

/// `value` as the JSON of `schema` ([`chachong::schema::to_json`]).
pub fn json<T: serde::Serialize>(schema: &'static str, value: &T) -> Result<String> {
    chachong::schema::to_json(schema, value).context("encoding JSON")
}

/// The pipeline's stage names on `progress`.
pub fn on_stage(progress: &Progress) -> impl FnMut(chachong::pipeline::Stage) + '_ {
    |stage| progress.stage(stage.to_string())
}

/// A report or page folder that could not be written, for the user: a
/// refused place names the flag that chose it (`(choose another --html)`),
/// and `--force` when it would help and the command has it; an I/O error
/// says it was writing to `out`.
pub fn write_error(
    e: chachong::report::WriteError,
    out: &std::path::Path,
    flag: &str,
    has_force: bool,
) -> anyhow::Error {
    if e.refused() {
        let hint = if has_force && e.forceable() {
            format!("choose another {flag}, or --force to replace it")
        } else {
            format!("choose another {flag}")
        };
        anyhow::anyhow!("{} ({hint})", terminal(&e.to_string()))
    } else {
        anyhow::Error::new(e).context(format!(
            "writing to {flag} {}",
            terminal(&out.display().to_string())
        ))
    }
}

/// A size for people: `512 bytes`, `3.4 KiB`, `12.0 MiB`, `2.1 GiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut x = n as f64 / 1024.0;
    let mut unit = 0;
    while x >= 1024.0 && unit + 1 < UNITS.len() {
        x /= 1024.0;
        unit += 1;
    }
    format!("{x:.1} {}", UNITS[unit])
}

/// A settings error in the words of the command line: each name in
/// `flags` (a library field, `max_df`, or phrase, `shingle size`) that
/// stands as a whole word in `e`'s message becomes its flag
/// (`--topic-max-df`), so that the message names what the user typed.
pub fn flag_error(e: impl std::fmt::Display, flags: &[(&str, &str)]) -> anyhow::Error {
    anyhow::anyhow!("{}", in_flags(&e.to_string(), flags))
}

/// `msg` with each whole-word `name` of `flags` replaced by its flag.
fn in_flags(msg: &str, flags: &[(&str, &str)]) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let mut out = msg.to_string();
    for (name, flag) in flags {
        let mut from = 0;
        while let Some(at) = out[from..].find(name).map(|i| i + from) {
            let end = at + name.len();
            if word(out[..at].chars().next_back()) || word(out[end..].chars().next()) {
                from = end;
                continue;
            }
            out.replace_range(at..end, flag);
            from = at + flag.len();
        }
    }
    out
}

/// `field` as its flag: `fail_containment` as `--fail-containment`, for
/// settings whose flags are their fields' names.
pub fn same_names<'a>(fields: &[&'a str]) -> Vec<(&'a str, String)> {
    fields
        .iter()
        .map(|f| (*f, format!("--{}", f.replace('_', "-"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::human_bytes;

    #[test]
    fn sizes_read_in_human_units() {
        assert_eq!(human_bytes(0), "0 bytes");
        assert_eq!(human_bytes(1023), "1023 bytes");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(64 << 20), "64.0 MiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }

    #[test]
    fn settings_errors_name_flags_only_for_whole_words() {
        let flags = [("max_df", "--topic-max-df"), ("k", "--k")];
        assert_eq!(
            super::in_flags(
                "max_df must be in (0, 1], not 2; k must be at least 1; k_max",
                &flags
            ),
            "--topic-max-df must be in (0, 1], not 2; --k must be at least 1; k_max"
        );
        assert_eq!(super::in_flags("topic_max_df", &flags), "topic_max_df");
    }
}
