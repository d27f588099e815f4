//! `chachong inspect FILE`: how one file was read.
//!
//! Shows metadata, encoding, the quality judgement (whether the text is
//! damaged, and the measures), how much of the text each reason excludes,
//! the text with every part that is not body marked with its reason,
//! sentences, tokens, top terms, and the regions it is about with every
//! place name behind them, as text or JSON. For a
//! JSONL file, every record (or `--record ID`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Result, bail};
use clap::Args;
use serde::Serialize;

use chachong::analyze::{Analyzed, analyze};
use chachong::clean::{paragraphs, sentences};
use chachong::corpus::{Corpus, Excluded, Exclusion, Meta, read_one};
use chachong::quality::{Quality, describe};
use chachong::regions::{self, DocRegions, Mention, RegionSource};
use chachong::segment::{TokenKind, is_term};
use chachong::span::CharIndex;

use super::{CorpusArgs, Exit, OutputFormat, RegionArgs, report_skipped, report_warnings};

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// For JSONL files: only the record with this id.
    #[arg(long, value_name = "ID")]
    pub record: Option<String>,
    /// Output format (default: text on a terminal, JSON when piped).
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// How many top terms to show.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    #[command(flatten)]
    pub regions: RegionArgs,
}

#[derive(Serialize)]
struct SpanText {
    start: u32,
    end: u32,
    text: String,
}

#[derive(Serialize)]
struct ExcludedText {
    start: u32,
    end: u32,
    reason: Exclusion,
    text: String,
}

/// How much of the text one reason excludes.
#[derive(Serialize)]
struct ReasonCount {
    reason: Exclusion,
    spans: usize,
    chars: u32,
}

#[derive(Serialize)]
struct TokenOut {
    word: String,
    kind: TokenKind,
    term: bool,
    start: u32,
    end: u32,
}

#[derive(Serialize)]
struct Inspection {
    id: String,
    path: String,
    line: Option<usize>,
    format: chachong::corpus::Format,
    encoding: String,
    chars: u32,
    body_chars: u32,
    quality: Quality,
    meta: Meta,
    /// Spans and chars excluded, by reason (in the order of [`Exclusion`]).
    excluded_by_reason: Vec<ReasonCount>,
    excluded: Vec<ExcludedText>,
    body: Vec<SpanText>,
    paragraphs: Vec<SpanText>,
    sentences: Vec<SpanText>,
    tokens: Vec<TokenOut>,
    top_terms: Vec<(String, f32)>,
    /// `regions`, `region`, `region_confidence`, `region_from`.
    #[serde(flatten)]
    regions: DocRegions,
    /// Every place name found and whether it counts.
    region_mentions: Vec<Mention>,
}

fn inspection(a: &Analyzed, top_terms: Vec<(String, f32)>, regions: DocRegions) -> Inspection {
    let doc = &a.doc;
    let ix = CharIndex::new(&doc.text);
    let text_of = |s: chachong::Span| SpanText {
        start: s.start,
        end: s.end,
        text: ix.slice(&doc.text, s).to_string(),
    };
    Inspection {
        id: doc.id.clone(),
        path: doc.path.display().to_string(),
        line: doc.line,
        format: doc.format,
        encoding: doc.encoding.clone(),
        chars: doc.chars(),
        body_chars: a.cleaned.body_chars(),
        quality: a.quality.clone(),
        meta: doc.meta.clone(),
        excluded_by_reason: by_reason(&a.cleaned.excluded),
        excluded: a
            .cleaned
            .excluded
            .iter()
            .map(|e| ExcludedText {
                start: e.span.start,
                end: e.span.end,
                reason: e.reason,
                text: ix.slice(&doc.text, e.span).to_string(),
            })
            .collect(),
        body: a.cleaned.body.iter().map(|s| text_of(*s)).collect(),
        paragraphs: paragraphs(doc, &a.cleaned)
            .into_iter()
            .map(text_of)
            .collect(),
        sentences: sentences(doc, &a.cleaned)
            .into_iter()
            .map(text_of)
            .collect(),
        tokens: a
            .tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Space)
            .map(|t| {
                let word = t.word(&a.norm);
                let span = a.norm.orig_span(t.start as usize, t.end as usize);
                TokenOut {
                    word: word.to_string(),
                    kind: t.kind,
                    term: is_term(word, t.kind),
                    start: span.start,
                    end: span.end,
                }
            })
            .collect(),
        top_terms,
        region_mentions: regions.mentions.clone(),
        regions,
    }
}

/// Spans and chars of `excluded`, by reason, in the order of [`Exclusion`].
fn by_reason(excluded: &[Excluded]) -> Vec<ReasonCount> {
    let mut counts: BTreeMap<Exclusion, (usize, u32)> = BTreeMap::new();
    for e in excluded {
        let c = counts.entry(e.reason).or_default();
        c.0 += 1;
        c.1 += e.span.len();
    }
    counts
        .into_iter()
        .map(|(reason, (spans, chars))| ReasonCount {
            reason,
            spans,
            chars,
        })
        .collect()
}

/// The name of a reason as JSON writes it (`front_matter`, `code`).
fn reason_name(r: Exclusion) -> String {
    serde_json::to_value(r)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn run(args: InspectArgs) -> Result<Exit> {
    if args.corpus.inputs.len() != 1 {
        bail!(
            "inspect takes one file (or `-`), not {}",
            args.corpus.inputs.len()
        );
    }
    let path = &args.corpus.inputs[0];
    let mapping = args.regions.mapping()?;
    let (mut documents, skipped) = read_one(path, &args.corpus.read_params()?)?;
    if let Some(id) = &args.record {
        documents.retain(|d| &d.id == id);
        if documents.is_empty() {
            bail!("{}: no record with id {id:?}", path.display());
        }
    }
    let corpus = Corpus { documents, skipped };
    report_skipped(&corpus.skipped, args.corpus.quiet);
    report_warnings(corpus.documents.iter(), args.corpus.quiet);
    if corpus.documents.is_empty() {
        bail!("{}: no document could be read", path.display());
    }
    let analysis = analyze(
        corpus,
        args.corpus.segmenter()?,
        &args.corpus.analyze_params()?,
    );
    let single = analysis.docs.len() == 1;
    let out: Vec<Inspection> = analysis
        .docs
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let regions = regions::tag(a, mapping.as_ref());
            inspection(a, analysis.tfidf.top_terms(i, args.top), regions)
        })
        .collect();
    let format = OutputFormat::resolve(args.format);
    let mut stdout = std::io::stdout().lock();
    use std::io::Write;
    match format {
        OutputFormat::Json => {
            // One document: its inspection; several (a JSONL file):
            // `{"documents": [...]}`; both with the version and schema.
            #[derive(Serialize)]
            struct Documents<'a> {
                documents: &'a [Inspection],
            }
            let schema = chachong::schema::INSPECT;
            let json = if single {
                super::json(schema, &out[0])?
            } else {
                super::json(schema, &Documents { documents: &out })?
            };
            write!(stdout, "{json}")?;
        }
        OutputFormat::Text => {
            for (k, (ins, a)) in out.iter().zip(&analysis.docs).enumerate() {
                if k > 0 {
                    writeln!(stdout)?;
                }
                // The file's text can hold control characters.
                let text = render_text(ins, a, single);
                write!(stdout, "{}", chachong::safe::terminal_text(&text))?;
            }
        }
    }
    Ok(Exit::Ok)
}

/// Shortens `s` to `n` chars with an ellipsis, on one line.
fn snippet(s: &str, n: usize) -> String {
    let flat: String = s.chars().map(|c| if c == '\n' { '⏎' } else { c }).collect();
    if flat.chars().count() <= n {
        flat
    } else {
        format!("{}…", flat.chars().take(n).collect::<String>())
    }
}

/// The regions, then every place name found and why it counts or not.
fn render_regions(o: &mut String, ins: &Inspection) {
    let r = &ins.regions;
    let primary = match &r.region {
        Some(name) => format!("{name} (confidence {:.2})", r.confidence),
        None => "none".to_string(),
    };
    let from = match r.from {
        RegionSource::Text => "from the text",
        RegionSource::Mapping => "set by the --regions file",
    };
    let _ = writeln!(o, "\n-- regions: {primary}, {from} --");
    for region in &r.regions {
        let _ = writeln!(
            o,
            "{:>9} {} {}  weight {:.2}, {} mentions",
            format!("{:?}", region.level).to_lowercase(),
            region.code,
            region.name,
            region.weight,
            region.mentions
        );
    }
    for m in &ins.region_mentions {
        let at = m.span.map_or_else(
            || "title".to_string(),
            |s| format!("{}..{}", s.start, s.end),
        );
        let _ = writeln!(
            o,
            "  {} {:<9} {at:>11} {} → {} {}{}",
            if m.counted { "✓" } else { "✗" },
            format!("{:?}", m.part).to_lowercase(),
            m.written(),
            m.code(),
            m.name(),
            m.why_not.map(|w| format!(" ({w})")).unwrap_or_default()
        );
    }
}

fn render_text(ins: &Inspection, a: &Analyzed, single: bool) -> String {
    let mut o = String::new();
    let m = &ins.meta;
    let _ = writeln!(o, "== {} ==", ins.id);
    let _ = writeln!(
        o,
        "format: {:?}   encoding: {}   chars: {}   body chars: {}",
        ins.format, ins.encoding, ins.chars, ins.body_chars
    );
    let q = &ins.quality;
    let verdict = if q.is_damaged() {
        format!("DAMAGED ({})", describe(&q.reasons))
    } else {
        "sound".to_string()
    };
    let _ = writeln!(
        o,
        "quality: {verdict}   excluded as code {:.1}%, code lines {:.1}%, U+FFFD {:.1}%, mojibake {:.1}%",
        q.measures.excluded * 100.0,
        q.measures.code * 100.0,
        q.measures.replacement * 100.0,
        q.measures.mojibake * 100.0
    );
    let field = |o: &mut String, name: &str, v: &Option<String>| {
        let _ = writeln!(o, "{name:>10}: {}", v.as_deref().unwrap_or("-"));
    };
    field(&mut o, "title", &m.title);
    field(&mut o, "date", &m.date);
    field(&mut o, "source", &m.source);
    field(&mut o, "author", &m.author);
    if !m.categories.is_empty() {
        let _ = writeln!(o, "{:>10}: {}", "categories", m.categories.join(", "));
    }
    if !m.tags.is_empty() {
        let _ = writeln!(o, "{:>10}: {}", "tags", m.tags.join(", "));
    }
    for (k, v) in &m.fields {
        let _ = writeln!(o, "{:>10}: {}", k, snippet(v, 60));
    }
    let counts: Vec<String> = ins
        .excluded_by_reason
        .iter()
        .map(|c| format!("{} {} ({} chars)", reason_name(c.reason), c.spans, c.chars))
        .collect();
    let counts = if counts.is_empty() {
        "none".to_string()
    } else {
        counts.join(", ")
    };
    let _ = writeln!(o, "  excluded: {counts}");
    let _ = writeln!(
        o,
        "\n-- text (parts that are not body shown as ⟦reason: …⟧) --"
    );
    let doc = &a.doc;
    let ix = CharIndex::new(&doc.text);
    let mut at = 0u32;
    for e in &a.cleaned.excluded {
        if e.span.start > at {
            o.push_str(ix.slice(&doc.text, chachong::Span::new(at, e.span.start)));
        }
        let _ = write!(
            o,
            "⟦{}: {}⟧",
            reason_name(e.reason),
            snippet(ix.slice(&doc.text, e.span), 24)
        );
        at = e.span.end;
    }
    if at < ins.chars {
        o.push_str(ix.slice(&doc.text, chachong::Span::new(at, ins.chars)));
    }
    let _ = writeln!(o, "\n\n-- sentences ({}) --", ins.sentences.len());
    for (k, s) in ins.sentences.iter().enumerate() {
        let _ = writeln!(
            o,
            "{:>4} [{}..{}] {}",
            k + 1,
            s.start,
            s.end,
            snippet(&s.text, 70)
        );
    }
    let _ = writeln!(
        o,
        "\n-- tokens ({}; terms in [brackets]) --",
        ins.tokens.len()
    );
    let words: Vec<String> = ins
        .tokens
        .iter()
        .map(|t| {
            if t.term {
                format!("[{}]", t.word)
            } else {
                t.word.clone()
            }
        })
        .collect();
    let _ = writeln!(o, "{}", words.join(" "));
    render_regions(&mut o, ins);
    let note = if single {
        " (one document: weights are term frequencies, IDF is flat)"
    } else {
        ""
    };
    let _ = writeln!(o, "\n-- top terms{note} --");
    for (t, w) in &ins.top_terms {
        let _ = writeln!(o, "{w:.3}  {t}");
    }
    o
}
