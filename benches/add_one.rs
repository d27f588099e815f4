//! Adding one article to an index that grows (issue 17): what it costs,
//! and whether that grows with the index.
//!
//!     cargo bench --bench add_one -- INDEX_DIR [N]
//!
//! Takes an index folder (built with `chachong index`, e.g. of the Sina
//! file or of `benches/scale_corpus.py`'s million documents) and N (200)
//! Sina articles of at least 1,000 chars (`$CHACHONG_SINA`, else
//! ../shared/data/sina-news-6class.jsonl.gz; skips with a message when
//! absent). Adds them one at a time, each a durable commit
//! (`index::commit`: segment file and manifest written, fsynced and
//! renamed), while a second thread merges segments as `chachong serve`
//! does. Prints, in milliseconds, p50, p99 and max of the commit alone and
//! of analysis plus commit, the segments before and after, and then
//! deletes the articles it added (one commit), so the index is as it was.
//! `ADD_ONE_MERGE=0` runs without the merging thread.
//! Asserts every added id is found after its commit.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use chachong::corpus::{ReadParams, read_corpus};
use chachong::index::{self, Batch, DocEntry, Index, MergePolicy};
use chachong::segment::Segmenter;
use chachong::{Analyzed, ParamGuard};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn summary(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{what}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms over {} additions",
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        ms[ms.len() - 1],
        ms.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench add_one -- INDEX_DIR [N]");
        std::process::exit(2);
    };
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(200);
    let sina = std::env::var("CHACHONG_SINA")
        .unwrap_or_else(|_| "../shared/data/sina-news-6class.jsonl.gz".into());
    if !Path::new(&sina).exists() {
        println!("SKIPPED add_one: {sina} is absent");
        return;
    }
    let corpus = read_corpus(
        &[PathBuf::from(&sina)],
        &ReadParams::default().check().unwrap(),
    );
    let articles: Vec<_> = corpus
        .documents
        .into_iter()
        .filter(|d| d.text.chars().count() >= 1000)
        .take(n)
        .collect();
    let params = Index::open(&dir)
        .unwrap()
        .manifest()
        .params
        .clone()
        .check()
        .unwrap();
    let before = Index::open(&dir).unwrap().stats();
    println!(
        "index: {} documents, {} segments",
        before.documents, before.segments
    );
    let segmenter = Segmenter::shared();

    let stop = AtomicBool::new(false);
    let (mut commit_ms, mut total_ms, mut ids) = (Vec::new(), Vec::new(), Vec::new());
    let merges = std::thread::scope(|s| {
        let merger = s.spawn(|| {
            let mut done = 0;
            let merging = std::env::var("ADD_ONE_MERGE").map_or(true, |v| v != "0");
            while merging && !stop.load(Ordering::Relaxed) {
                match index::merge(&dir, &MergePolicy::default()).unwrap() {
                    Some(_) => done += 1,
                    None => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
            done
        });
        for (i, mut doc) in articles.into_iter().enumerate() {
            doc.id = format!("bench-add-{i}");
            let id = doc.id.clone();
            let t0 = Instant::now();
            let (a, counts) = Analyzed::new(doc, segmenter, &Default::default());
            let entry = DocEntry::with_counts(&a, counts, &params, false);
            let t1 = Instant::now();
            let batch = Batch {
                upserts: vec![entry],
                ..Batch::default()
            };
            index::commit(&dir, &params, batch, |_| {}).unwrap();
            let t2 = Instant::now();
            commit_ms.push((t2 - t1).as_secs_f64() * 1000.0);
            total_ms.push((t2 - t0).as_secs_f64() * 1000.0);
            let ix = Index::open(&dir).unwrap();
            assert!(
                ix.snapshot().unwrap().find_id(&id).unwrap().is_some(),
                "{id} not found"
            );
            ids.push(id);
        }
        stop.store(true, Ordering::Relaxed);
        merger.join().unwrap()
    });
    summary("commit (durable)", commit_ms);
    summary("analysis + commit", total_ms);
    let after = Index::open(&dir).unwrap().stats();
    println!(
        "after: {} documents, {} segments, {merges} merges meanwhile",
        after.documents, after.segments
    );
    let batch = Batch {
        deletes: ids,
        ..Batch::default()
    };
    let done = index::commit(&dir, &params, batch, |_| {}).unwrap();
    index::merge_all(&dir, &MergePolicy::default()).unwrap();
    println!(
        "deleted the {} added; {} documents",
        done.deleted.len(),
        done.documents
    );
}
