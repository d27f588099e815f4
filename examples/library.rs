//! chachong as a library: read a folder, then print its near-duplicate
//! clusters, repeated passages and topics.
//!
//! ```sh
//! cargo run --release --example library -- seeds
//! ```
//!
//! The same chain `chachong report` runs, without the report: read
//! ([`chachong::read_corpus`]), analyse ([`chachong::analyze`]), then the
//! pipeline ([`chachong::pipeline::run`]). Corpus text is untrusted, so
//! everything printed from it goes through [`chachong::safe::terminal`].

use std::path::PathBuf;

use chachong::pipeline::{self, PipelineParams};
use chachong::safe::terminal;
use chachong::segment::Segmenter;
use chachong::{Analysis, AnalyzeParams, DocIdx, ParamGuard, ReadParams, analyze, read_corpus};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("seeds"), PathBuf::from);
    let corpus = read_corpus(&[folder], &ReadParams::default().check()?);
    for skipped in &corpus.skipped {
        let place = match skipped.line {
            Some(line) => format!("{}:{line}", skipped.path.display()),
            None => skipped.path.display().to_string(),
        };
        eprintln!(
            "skipped {}: {}",
            terminal(&place),
            terminal(&skipped.reason)
        );
    }
    let analysis = analyze(corpus, Segmenter::shared(), &AnalyzeParams::default());

    // Near-duplicates with passages and rewrites, topics; no comparison.
    let params = PipelineParams {
        compare: None,
        ..PipelineParams::default()
    };
    let found = pipeline::run(&analysis, &params, |_| {})?;

    println!("{} documents", analysis.docs.len());
    if let Some(dups) = &found.dups {
        println!(
            "\nnear-duplicate clusters: {}",
            dups.near_duplicates.clusters.len()
        );
        for cluster in &dups.near_duplicates.clusters {
            println!(
                "  {} ({} members)",
                name(&analysis, cluster.representative),
                cluster.members.len()
            );
        }
        println!("\nrepeated passages: {}", dups.passages.len());
        for group in &dups.passages {
            let places: Vec<String> = group
                .copies
                .iter()
                .map(|c| format!("{} [{}..{})", terminal(analysis.id(c.doc)), c.start, c.end))
                .collect();
            println!("  {} chars in {}", group.chars, places.join(", "));
        }
    }
    println!("\ntopics: {}", found.topics.k);
    for topic in &found.topics.topics {
        println!(
            "  [{}] {} ({} documents)",
            topic.id,
            terminal(&topic.label),
            topic.size
        );
        for &doc in &topic.representatives {
            println!("      {}", name(&analysis, doc));
        }
    }
    Ok(())
}

/// A document's id and title, safe for the terminal.
fn name(analysis: &Analysis, doc: DocIdx) -> String {
    let d = &analysis.doc(doc).doc;
    match &d.meta.title {
        Some(title) => format!("{} {}", terminal(&d.id), terminal(title)),
        None => terminal(&d.id).into_owned(),
    }
}
