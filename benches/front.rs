//! Benchmark of the shared front on real data: read + clean + normalise +
//! segment + TF-IDF of ../shared/data/sina-news-6class.jsonl.gz.
//!
//! Reads and analyses as the commands do (`analyze_inputs`: documents are
//! analysed while later ones are still being decompressed), with the TF-IDF
//! fit timed on its own.
//!
//! Run: `cargo bench --bench front` (prints stage timings; asserts the counts
//! it computes so a fast wrong answer fails). Skips with a message when the
//! data file is absent.

mod common;

use std::time::Instant;

use chachong::analyze::{AnalyzeParams, Analyzed};
use chachong::corpus::read_corpus_map;
use chachong::params::Checked;
use chachong::segment::Segmenter;
use chachong::tfidf::{TfidfParams, fit};

fn main() {
    let Some(path) = common::sina() else {
        return;
    };
    // As the commands do (`analyze_inputs`): documents are analysed while
    // later ones are still being decompressed, and jieba's dictionary loads
    // on the first document analysed.
    let t0 = Instant::now();
    let params = AnalyzeParams::default();
    let (analyzed, skipped) = read_corpus_map(
        std::slice::from_ref(&path),
        &Checked::default(),
        |d| Analyzed::new(d, Segmenter::shared(), &params),
        |(a, _)| &mut a.doc,
    );
    let (docs, counts): (Vec<Analyzed>, Vec<_>) = analyzed.into_iter().unzip();
    let t_read_analyze = t0.elapsed();
    let text_bytes: usize = docs.iter().map(|d| d.doc.text.len()).sum();

    let t = Instant::now();
    let tfidf = fit(&counts, &TfidfParams::default());
    let t_tfidf = t.elapsed();
    let total = t0.elapsed();

    // Where the time goes, on one thread over the first 2,000 documents
    // (not part of the total).
    let seg = Segmenter::shared();
    let sample = &docs[..docs.len().min(2000)];
    let (mut c_clean, mut c_norm, mut c_seg, mut c_count) = (0.0, 0.0, 0.0, 0.0);
    for d in sample.iter().map(|a| &a.doc) {
        let t = Instant::now();
        let cleaned = chachong::clean::clean(d);
        c_clean += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let norm = chachong::normalize::normalize(d, &cleaned, &params.norm);
        c_norm += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let toks = seg.tokens(&norm);
        c_seg += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let counts = chachong::tfidf::count_terms(
            toks.iter()
                .filter(|t| chachong::segment::is_term(t.word(&norm), t.kind))
                .map(|t| t.word(&norm)),
        );
        std::hint::black_box(counts);
        c_count += t.elapsed().as_secs_f64();
    }
    let sample_mb = sample.iter().map(|d| d.doc.text.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "one thread, {:.1} MB: clean {c_clean:.3} s, normalise {c_norm:.3} s, segment {c_seg:.3} s, count terms {c_count:.3} s",
        sample_mb
    );

    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    println!("documents        {}", docs.len());
    println!("skipped records  {}", skipped.len());
    println!("text             {:.1} MB", text_bytes as f64 / 1e6);
    println!("tokens           {tokens}");
    println!("vocabulary       {}", tfidf.vocab.len());
    println!(
        "read+clean+norm+seg {:>5.3} s  ({:.1} MB/s; dictionary load included)",
        t_read_analyze.as_secs_f64(),
        text_bytes as f64 / 1e6 / t_read_analyze.as_secs_f64()
    );
    println!("tf-idf fit       {:>8.3} s", t_tfidf.as_secs_f64());
    println!("total            {:>8.3} s", total.as_secs_f64());
    // The counts this file must give (see ../shared/data/README.md).
    assert_eq!(docs.len() + skipped.len(), 12_461);
    assert!(tokens > 8_000_000, "too few tokens: {tokens}");
    assert_eq!(tfidf.vectors.len(), docs.len());
}
