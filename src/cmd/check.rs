//! `chachong check DRAFT... --against corpus.idx`: does a draft copy the
//! corpus?
//!
//! Reads the index (or indexes a folder or file given to `--against` in
//! memory), reads the drafts in any corpus format (`-` for stdin), runs
//! [`chachong::check::check`] on each and prints a verdict per draft: JSON
//! (the contract in [`chachong::check`]) or text with the copied passages
//! highlighted. Exit 0 when every draft passes, 1 when one fails, 2 on error
//! (an index holding no documents is an error: it would pass every draft).
//!
//! Every id, title, file name and passage printed as text goes through
//! [`chachong::safe::terminal`], so a corpus cannot send escape sequences
//! to the terminal; the tool's own colours are used only on a terminal.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;

use chachong::check::page::{self, Lang};
use chachong::check::{CheckOutput, CheckParams, DraftReport, Settings, Verdict, check};
use chachong::corpus::{Document, ReadParams, read_corpus, read_one};
use chachong::index::{self, Index, IndexBytes, IndexError, format};
use chachong::params::{Checked, ParamGuard};
use chachong::report::write_files;
use chachong::safe::terminal;
use chachong::segment::Segmenter;
use chachong::span::{CharIndex, Span};

use super::{Exit, LangArg, OutputFormat, Progress};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Drafts: files, folders (read recursively) or `-` for stdin.
    #[arg(required = true, value_name = "DRAFT")]
    pub drafts: Vec<PathBuf>,
    /// An index built by `chachong index`, or a corpus folder or file to
    /// index in memory.
    #[arg(long, value_name = "INDEX")]
    pub against: PathBuf,
    /// Output format (default: text on a terminal, JSON when piped).
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Shortest shared passage reported, in characters.
    #[arg(long, default_value_t = CheckParams::default().min_chars, value_name = "N")]
    pub min_chars: u32,
    /// A shared passage of this many characters fails the draft.
    #[arg(long, default_value_t = CheckParams::default().fail_passage_chars, value_name = "N")]
    pub fail_passage_chars: u32,
    /// Containment of the draft in one source (5-gram shingles) that fails it.
    #[arg(long, default_value_t = CheckParams::default().fail_containment, value_name = "X")]
    pub fail_containment: f64,
    /// Jaccard at or above which a source is a near duplicate (fails).
    #[arg(long, default_value_t = CheckParams::default().threshold, value_name = "X")]
    pub threshold: f64,
    /// Containment of the smaller text in the larger at or above which a
    /// source is a near duplicate (fails).
    #[arg(long, default_value_t = CheckParams::default().containment, value_name = "X")]
    pub containment: f64,
    /// Also look for rewrites (TF-IDF cosine); loads jieba's dictionary,
    /// about 120 ms.
    #[arg(long)]
    pub rewrites: bool,
    /// TF-IDF cosine at or above which a source is a rewrite (reported, does
    /// not fail).
    #[arg(long, default_value_t = CheckParams::default().rewrite_threshold, value_name = "X")]
    pub rewrite_threshold: f64,
    /// Share of the draft copied (quotations and --self sources apart,
    /// `copy_ratio_net`) that fails it.
    #[arg(long, default_value_t = CheckParams::default().fail_total, value_name = "X")]
    pub fail_total: f64,
    /// Share copied from one source (quotations apart; not --self) that
    /// fails the draft.
    #[arg(long, default_value_t = CheckParams::default().fail_single, value_name = "X")]
    pub fail_single: f64,
    /// Share of one section copied (quotations and --self apart) that fails
    /// the draft.
    #[arg(long, default_value_t = CheckParams::default().fail_section, value_name = "X")]
    pub fail_section: f64,
    /// Share of the draft reworded from sources (not also copied) that
    /// fails it.
    #[arg(long, default_value_t = CheckParams::default().fail_reworded, value_name = "X")]
    pub fail_reworded: f64,
    /// Share of one source that attributed quotations may take and still
    /// stand apart (适当引用: a tenth of a prose work); beyond it they count
    /// as copies.
    #[arg(long, default_value_t = CheckParams::default().max_quoted_share, value_name = "X")]
    pub max_quoted_share: f64,
    /// An alignment with a source at least this alike is a copy; below, a
    /// rewording.
    #[arg(long, default_value_t = CheckParams::default().copy_similarity, value_name = "X")]
    pub copy_similarity: f64,
    /// Character-bigram likeness at or above which a paragraph is reported
    /// as reworded from a source paragraph.
    #[arg(long, default_value_t = CheckParams::default().reworded_threshold, value_name = "X")]
    pub reworded_threshold: f64,
    /// Leave a source out entirely (repeatable): an id, a source name
    /// (人民日报), `field=value`, a glob on the id (`seeds/00*`) or an id
    /// prefix ending in `/`.
    #[arg(long, value_name = "PATTERN")]
    pub allow: Vec<String>,
    /// The author's own or partner sources (repeatable, the forms of
    /// --allow): shown and counted in copy_ratio, left out of
    /// copy_ratio_excluding_self, copy_ratio_net and the verdict.
    #[arg(long = "self", value_name = "PATTERN")]
    pub self_sources: Vec<String>,
    /// When indexing --against in memory: do not fold traditional characters.
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
    /// Also write a page per draft into this folder (`index.html`; with
    /// several drafts one page each and `index.html` listing them), whole
    /// or not at all; never inside an input or the working folder.
    #[arg(long, value_name = "DIR")]
    pub html: Option<PathBuf>,
    /// Language of the page's labels.
    #[arg(long, value_enum, default_value_t = LangArg::Zh, requires = "html")]
    pub lang: LangArg,
    /// No messages on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

impl CheckArgs {
    fn params(&self) -> Result<Checked<CheckParams>> {
        CheckParams {
            min_chars: self.min_chars,
            fail_passage_chars: self.fail_passage_chars,
            fail_containment: self.fail_containment,
            threshold: self.threshold,
            containment: self.containment,
            rewrite_threshold: self.rewrite_threshold,
            fail_total: self.fail_total,
            fail_single: self.fail_single,
            fail_section: self.fail_section,
            fail_reworded: self.fail_reworded,
            max_quoted_share: self.max_quoted_share,
            copy_similarity: self.copy_similarity,
            reworded_threshold: self.reworded_threshold,
            allow: self.allow.clone(),
            self_sources: self.self_sources.clone(),
            ..CheckParams::default()
        }
        .check()
        .map_err(|e| {
            let fields = super::same_names(&[
                "min_chars",
                "fail_passage_chars",
                "fail_containment",
                "threshold",
                "containment",
                "rewrite_threshold",
                "fail_total",
                "fail_single",
                "fail_section",
                "fail_reworded",
                "max_quoted_share",
                "reworded_threshold",
                "copy_similarity",
            ]);
            let flags: Vec<(&str, &str)> = fields.iter().map(|(f, l)| (*f, l.as_str())).collect();
            super::flag_error(e, &flags)
        })
    }
}

/// The index to check against: an index folder, an index file of the
/// single-file format (or a file named `*.idx`, so a damaged index is
/// reported as one), else the corpus at `path` (a folder, or a file in a
/// corpus format) indexed in memory. A path that does not exist is an
/// error naming it.
fn open_index(args: &CheckArgs, progress: &Progress) -> Result<Index> {
    let path = &args.against;
    if index::is_index_folder(path) {
        return Ok(Index::open(path)?);
    }
    if !path.is_dir() {
        let bytes = index::read_file(path)?;
        let named_idx = path.extension().is_some_and(|e| e == "idx");
        if named_idx || format::has_magic(&bytes) {
            return Ok(Index::from_file(path, bytes)?);
        }
    }
    let params = super::index::index_params(args.no_t2s)?;
    progress.stage("indexing --against in memory");
    let (data, _) = super::index::build_index(
        std::slice::from_ref(path),
        &params,
        args.max_file_mib,
        false,
        args.quiet,
        progress,
    )
    .with_context(|| format!("indexing {} in memory", terminal(&path.to_string_lossy())))?;
    Ok(Index::from_file(path, IndexBytes::Owned(data.to_bytes()))?)
}

/// Every draft document, or an error naming the first file that could not
/// be read.
fn read_drafts(inputs: &[PathBuf], params: &Checked<ReadParams>) -> Result<Vec<Document>> {
    let mut out = Vec::new();
    for input in inputs {
        let (docs, skipped) = if input.as_os_str() != "-" && input.is_dir() {
            let c = read_corpus(std::slice::from_ref(input), params);
            (c.documents, c.skipped)
        } else {
            read_one(input, params).map_err(|e| {
                anyhow::anyhow!("cannot read the draft {}", terminal(&e.to_string()))
            })?
        };
        if let Some(s) = skipped.first() {
            match s.line {
                Some(line) => bail!(
                    "cannot read the draft {}:{line}: {}",
                    shown(&s.path),
                    terminal(&s.reason)
                ),
                None => bail!(
                    "cannot read the draft {}: {}",
                    shown(&s.path),
                    terminal(&s.reason)
                ),
            }
        }
        if docs.is_empty() {
            bail!("no draft found in {}", shown(input));
        }
        out.extend(docs);
    }
    Ok(out)
}

pub fn run(args: CheckArgs) -> Result<Exit> {
    let params = args.params()?;
    let read = super::read_params(args.max_file_mib)?;
    let progress = Progress::new(args.quiet);
    progress.stage("reading the drafts");
    let drafts = read_drafts(&args.drafts, &read)?;
    progress.suspend(|| super::report_warnings(drafts.iter(), args.quiet));
    let index = open_index(&args, &progress)?;
    let view = index.snapshot()?;
    if view.is_empty() {
        return Err(IndexError::Empty {
            path: args.against.clone(),
        }
        .into());
    }
    let segmenter = args.rewrites.then(Segmenter::shared);
    // Kept for showing passages in context.
    let texts: Vec<String> = drafts.iter().map(|d| d.text.clone()).collect();
    let total = drafts.len();
    let mut reports = Vec::with_capacity(total);
    for (i, draft) in drafts.into_iter().enumerate() {
        progress.count("checking drafts", i + 1, total);
        let r =
            check(&view, draft, segmenter, &params).map_err(index::format_err(&args.against))?;
        reports.push(r);
    }
    let failed = reports.iter().any(|r| r.verdict == Verdict::Fail);
    if let Some(dir) = &args.html {
        progress.stage("writing the pages");
        write_pages(dir, &args, &reports, &texts)?;
    }
    progress.finish();

    let stdout = std::io::stdout();
    let color = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match OutputFormat::resolve(args.format) {
        OutputFormat::Json => {
            let output = CheckOutput {
                drafts: &reports,
                settings: Settings::new(
                    args.against.display().to_string(),
                    view.len(),
                    &params,
                    args.rewrites,
                ),
            };
            out.write_all(super::json(chachong::schema::CHECK, &output)?.as_bytes())?;
        }
        OutputFormat::Text => {
            for (r, text) in reports.iter().zip(&texts) {
                write_text(&mut out, r, text, color)?;
            }
        }
    }
    out.flush()?;
    Ok(if failed { Exit::Fail } else { Exit::Ok })
}

/// Writes the pages of `reports` into `dir` (whole or not at all, never
/// inside an input): with one draft, `index.html` is its page; with
/// several, `draft-N.html` each and `index.html` listing them.
fn write_pages(
    dir: &std::path::Path,
    args: &CheckArgs,
    reports: &[DraftReport],
    texts: &[String],
) -> Result<()> {
    let lang = Lang::from(args.lang);
    let files: Vec<(PathBuf, Vec<u8>)> = if let [r] = reports {
        vec![(
            PathBuf::from("index.html"),
            page::render(r, &texts[0], lang, None).into_bytes(),
        )]
    } else {
        let names: Vec<String> = (1..=reports.len())
            .map(|n| format!("draft-{n}.html"))
            .collect();
        let mut files: Vec<(PathBuf, Vec<u8>)> = reports
            .iter()
            .zip(texts)
            .zip(&names)
            .map(|((r, text), name)| {
                let html = page::render(r, text, lang, Some("index.html"));
                (PathBuf::from(name), html.into_bytes())
            })
            .collect();
        let listed: Vec<(&DraftReport, &str)> = reports
            .iter()
            .zip(names.iter().map(String::as_str))
            .collect();
        files.push((
            PathBuf::from("index.html"),
            page::render_index(&listed, lang).into_bytes(),
        ));
        files
    };
    let inputs: Vec<PathBuf> = args
        .drafts
        .iter()
        .chain(std::iter::once(&args.against))
        .cloned()
        .collect();
    write_files(dir, &files, &inputs, false)
        .map_err(|e| super::write_error(e, dir, "--html", false))?;
    if !args.quiet {
        eprintln!("chachong: pages written to {}", shown(dir));
    }
    Ok(())
}

/// A path as it may be printed on a terminal.
fn shown(path: &std::path::Path) -> String {
    terminal(&path.to_string_lossy()).into_owned()
}

/// Characters of context shown either side of a passage.
const CONTEXT: u32 = 12;

/// `text[span]` highlighted with a little context, on one line.
fn highlight(text: &str, span: Span, color: bool) -> String {
    let ix = CharIndex::new(text);
    let n = ix.chars();
    let before = Span::new(span.start.saturating_sub(CONTEXT), span.start);
    let after = Span::new(span.end.min(n), (span.end + CONTEXT).min(n));
    let (open, close) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("⟦", "⟧")
    };
    // One line, and no control character of the text reaches the terminal.
    let one_line =
        |s: &str| terminal(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
    format!(
        "…{}{open}{}{close}{}…",
        one_line(ix.slice(text, before)),
        one_line(ix.slice(text, Span::new(span.start, span.end.min(n)))),
        one_line(ix.slice(text, after)),
    )
}

fn write_text(out: &mut impl Write, r: &DraftReport, text: &str, color: bool) -> Result<()> {
    let verdict = match (r.verdict, color) {
        (Verdict::Pass, true) => "\x1b[1;32mPASS\x1b[0m",
        (Verdict::Pass, false) => "PASS",
        (Verdict::Fail, true) => "\x1b[1;31mFAIL\x1b[0m",
        (Verdict::Fail, false) => "FAIL",
    };
    let m = &r.measures;
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    writeln!(
        out,
        "{}: {verdict} ({} body chars of {})",
        terminal(&r.id),
        m.chars,
        r.text_chars
    )?;
    for reason in &r.reasons {
        writeln!(out, "  - {}", terminal(&reason.to_string()))?;
    }
    writeln!(
        out,
        "  copied {} ({} chars); quotations apart {}; own sources apart {}; both apart {}; reworded {}; longest copy {} chars",
        pct(m.copy_ratio),
        m.copied_chars,
        pct(m.copy_ratio_excluding_quotes),
        pct(m.copy_ratio_excluding_self),
        pct(m.copy_ratio_net),
        pct(m.reworded_ratio),
        m.longest_copy_chars
    )?;
    for s in &r.sources {
        writeln!(
            out,
            "  source {} {}{}",
            pct(s.ratio),
            terminal(&s.id),
            if s.own { " (own)" } else { "" }
        )?;
    }
    for q in &r.quotes {
        writeln!(
            out,
            "  quotation [{}..{}] attributed to {}{}",
            q.start,
            q.end,
            terminal(&q.attribution),
            if q.excessive {
                " (quotes too much of a source: counted as copied)"
            } else {
                ""
            }
        )?;
    }
    for w in &r.reworded {
        writeln!(
            out,
            "  reworded [{}..{}] <- {} [{}..{}] (likeness {})",
            w.draft.start,
            w.draft.end,
            terminal(&w.source.id),
            w.source.start,
            w.source.end,
            w.score
        )?;
        let span = Span::new(w.draft.start, w.draft.end);
        writeln!(out, "    {}", highlight(text, span, color))?;
    }
    for p in &r.passages {
        let s = &p.source;
        let about: Vec<String> = [s.title.as_deref(), s.date.as_deref(), s.source.as_deref()]
            .into_iter()
            .flatten()
            .map(|x| terminal(x).into_owned())
            .collect();
        writeln!(
            out,
            "  passage of {} chars, draft [{}..{}] <- {} [{}..{}]{}",
            p.chars,
            p.draft.start,
            p.draft.end,
            terminal(&s.id),
            s.start,
            s.end,
            if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", about.join(", "))
            }
        )?;
        if !p.also_in.is_empty() {
            let ids: Vec<String> = p
                .also_in
                .iter()
                .map(|s| terminal(&s.id).into_owned())
                .collect();
            writeln!(out, "    also in {}: {}", p.also_in.len(), ids.join(", "))?;
        }
        if p.quoted || p.own {
            writeln!(
                out,
                "    {}",
                if p.quoted {
                    "inside an attributed quotation"
                } else {
                    "from an own source"
                }
            )?;
        }
        let span = Span::new(p.draft.start, p.draft.end);
        writeln!(out, "    {}", highlight(text, span, color))?;
    }
    for i in &r.internal {
        let spans: Vec<String> = i
            .copies
            .iter()
            .map(|c| format!("[{}..{}]", c.start, c.end))
            .collect();
        writeln!(
            out,
            "  repeated inside the draft, {} chars at {}",
            i.chars,
            spans.join(", ")
        )?;
        for c in &i.copies {
            writeln!(out, "    {}", highlight(text, *c, color))?;
        }
    }
    if let Some(mc) = &r.max_containment {
        writeln!(
            out,
            "  highest containment: {} in {}",
            mc.containment,
            terminal(&mc.source)
        )?;
    }
    for n in &r.near_duplicates {
        writeln!(out, "  {}", n.describe(&terminal(&n.source)))?;
    }
    for w in &r.rewrites {
        writeln!(
            out,
            "  rewrite of {} (cosine {})",
            terminal(&w.source),
            w.cosine
        )?;
    }
    Ok(())
}
