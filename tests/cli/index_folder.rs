//! `chachong index` as an index that grows (issue 17): deletions, the
//! single-file format, merges, and writers killed at any moment.

use std::fs;
use std::time::{Duration, Instant};

use chachong::ParamGuard;
use chachong::corpus::{Document, Format};
use chachong::index::{DocEntry, IndexData, IndexParams};
use chachong::segment::Segmenter;

use crate::util::{Dir, chachong, indexed, indexed_ids, seed, seed_paragraphs, segment_files};

/// A draft copying the longest paragraph of seed `prefix`.
fn copying(prefix: &str) -> String {
    let p = seed_paragraphs(prefix)
        .into_iter()
        .max_by_key(|p| p.chars().count())
        .unwrap();
    format!(
        "编者按：以下为新稿。\n\n{p}\n\n这是作者自己写的结尾，谈的是山区的交通建设和桥梁维护工作。"
    )
}

#[test]
fn a_deleted_document_no_longer_fails_a_draft_copying_it() {
    let dir = indexed(&["000", "001", "003"]);
    dir.write("draft.txt", copying("003"));
    let o = dir.check_json("draft.txt", "corpus.idx");
    assert_eq!(o.code, 1, "{o:?}");
    let id = indexed_ids(&dir.join("corpus.idx"))
        .into_iter()
        .find(|i| i.contains("003_"))
        .unwrap();

    let o = dir.run(&[
        "index",
        "-o",
        "corpus.idx",
        "--delete",
        &id,
        "no-such-id",
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 0, "{o:?}");
    let v = o.json();
    assert_eq!(v["deleted"], serde_json::json!([id]), "{v}");
    assert_eq!(v["not_found"], serde_json::json!(["no-such-id"]), "{v}");
    assert_eq!(v["documents"], 2, "{v}");
    assert!(o.stderr.contains("not found: no-such-id"), "{o:?}");

    let o = dir.check_json("draft.txt", "corpus.idx");
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(o.json()["drafts"][0]["index"]["documents"], 2);
    assert_eq!(indexed_ids(&dir.join("corpus.idx")).len(), 2);
}

#[test]
fn delete_needs_an_index_and_add_to_go_with_inputs() {
    let dir = indexed(&["000"]);
    let o = dir.run(&["index", "-o", "missing.idx", "--delete", "x"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("missing.idx"), "{o:?}");
    assert!(!dir.join("missing.idx").exists());
    let o = dir.run(&["index", "corpus", "-o", "corpus.idx", "--delete", "x"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("--add"), "{o:?}");
    assert_eq!(indexed_ids(&dir.join("corpus.idx")).len(), 1);
}

#[test]
fn a_single_file_index_is_checked_against_but_refused_for_additions() {
    let dir = Dir::new();
    let text = fs::read_to_string(seed("003")).unwrap();
    let doc = Document::new("old-003", Format::Text, text);
    let a = chachong::Analyzed::new(doc, Segmenter::shared(), &Default::default()).0;
    let params = IndexParams::default().check().unwrap();
    let data = IndexData {
        docs: vec![DocEntry::new(&a, &params)],
        params,
        history: Default::default(),
    };
    dir.write("old.idx", data.to_bytes());
    dir.write("draft.txt", copying("003"));
    let o = dir.check_json("draft.txt", "old.idx");
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(o.json()["drafts"][0]["index"]["format_version"], 5);

    dir.seed("001", "new/a.txt");
    for args in [
        &["index", "--add", "new", "-o", "old.idx"][..],
        &["index", "new", "-o", "old.idx"][..],
    ] {
        let o = dir.run(args);
        assert_eq!(o.code, 2, "{o:?}");
        assert!(o.stderr.contains("single-file format"), "{o:?}");
        assert!(o.stderr.contains("chachong index"), "{o:?}");
    }
    assert_eq!(fs::read(dir.join("old.idx")).unwrap(), data.to_bytes());
}

#[test]
fn one_document_at_a_time_the_segments_stay_few_and_every_document_stays() {
    let dir = indexed(&["000"]);
    let mut want = indexed_ids(&dir.join("corpus.idx"));
    let paragraphs = seed_paragraphs("004");
    for i in 0..10 {
        let p = &paragraphs[i % paragraphs.len()];
        dir.write(&format!("new{i}/n{i}.txt"), format!("第{i}篇。\n{p}"));
        let o = dir.run(&[
            "index",
            "--add",
            &format!("new{i}"),
            "-o",
            "corpus.idx",
            "-q",
        ]);
        assert_eq!(o.code, 0, "{o:?}");
        want.push(format!("new{i}/n{i}.txt"));
    }
    // Ten additions of one document: the eight small segments merged.
    let segments = segment_files(&dir.join("corpus.idx"));
    assert!(segments.len() <= 4, "{segments:?}");
    let mut got = indexed_ids(&dir.join("corpus.idx"));
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

/// Writers killed with SIGKILL at seeded random moments: after each, the
/// index opens, and every addition a writer finished (exit 0) is in it.
#[test]
#[ignore = "heavy: 20 writer processes killed; .ci/run runs it"]
fn writers_killed_at_any_moment_lose_no_acknowledged_addition() {
    let dir = indexed(&["000"]);
    let mut acknowledged = indexed_ids(&dir.join("corpus.idx"));
    let paragraphs = seed_paragraphs("004");
    // A small linear congruential generator: the same moments every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        state >> 33
    };
    // How long one addition takes here: the kills fall anywhere in it.
    dir.write("warm/w.txt", copying("001"));
    let start = Instant::now();
    let o = dir.run(&["index", "--add", "warm", "-o", "corpus.idx", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    acknowledged.push("warm/w.txt".into());
    let span = start.elapsed().as_millis() as u64 + 1;
    let mut killed = 0;
    for round in 0..30 {
        let p = &paragraphs[round % paragraphs.len()];
        let id = format!("k{round}/k.txt");
        dir.write(&id, format!("第{round}轮。\n{p}"));
        let mut child = chachong(
            dir.path(),
            &[
                "index",
                "--add",
                &format!("k{round}"),
                "-o",
                "corpus.idx",
                "-q",
            ],
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
        let wait = Duration::from_millis(next() % span);
        let start = Instant::now();
        let mut status = None;
        while start.elapsed() < wait {
            if let Some(s) = child.try_wait().unwrap() {
                status = Some(s);
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        match status {
            Some(s) => {
                assert!(s.success(), "round {round}: {s:?}");
                acknowledged.push(id);
            }
            None => {
                child.kill().unwrap();
                let s = child.wait().unwrap();
                if s.success() {
                    acknowledged.push(id);
                } else {
                    killed += 1;
                }
            }
        }
        let ids = indexed_ids(&dir.join("corpus.idx"));
        for a in &acknowledged {
            assert!(ids.contains(a), "round {round}: {a} lost; {ids:?}");
        }
    }
    assert!(killed >= 20, "only {killed} writers were killed mid-write");
    // The next writer cleans up what the killed ones left.
    let o = dir.run(&["index", "--add", "k0", "-o", "corpus.idx", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    let named = segment_files(&dir.join("corpus.idx")).len();
    let on_disk = fs::read_dir(dir.join("corpus.idx"))
        .unwrap()
        .filter(|e| {
            let n = e.as_ref().unwrap().file_name().into_string().unwrap();
            n.starts_with("seg-") || n.contains(".tmp-")
        })
        .count();
    assert_eq!(on_disk, named);
}
