//! Regressions: corpus (walking inputs, ids, resource bounds).

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{Dir, LIMIT, Out, run_in, seed_paragraphs};

/// The ids of the documents `dups --format json` read.
fn doc_ids(out: &Out) -> Vec<String> {
    out.json()["documents"]
        .as_array()
        .unwrap_or_else(|| panic!("no documents: {out:?}"))
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn two_symlinks_to_dot_do_not_walk_forever() {
    let dir = Dir::new();
    dir.seed("000", "corpus/a.txt");
    symlink(".", dir.join("corpus/x")).unwrap();
    symlink(".", dir.join("corpus/y")).unwrap();
    let out = dir.run(&["dups", "corpus", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(doc_ids(&out), vec!["corpus/a.txt"]);
    assert!(out.stderr.contains("loop"), "{}", out.stderr);
}

#[test]
fn symlink_to_dot_does_not_read_each_file_again() {
    let dir = Dir::new();
    dir.seed("000", "corpus/a.txt");
    dir.seed("001", "corpus/b.txt");
    symlink(".", dir.join("corpus/self")).unwrap();
    let out = dir.run(&["dups", "corpus", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(doc_ids(&out), vec!["corpus/a.txt", "corpus/b.txt"]);
    assert_eq!(
        out.json()["near_duplicates"]["pairs"],
        serde_json::json!([])
    );
}

#[test]
fn a_file_reached_by_two_paths_is_read_once() {
    let dir = Dir::new();
    dir.seed("000", "corpus/a/x.txt");
    dir.seed("001", "corpus/c/y.txt");
    // Another folder name for the same folder, and a hard link.
    symlink("a", dir.join("corpus/b")).unwrap();
    fs::hard_link(dir.join("corpus/c/y.txt"), dir.join("corpus/c/z.txt")).unwrap();
    let out = dir.run(&["dups", "corpus", "corpus/a/x.txt", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(doc_ids(&out), vec!["corpus/a/x.txt", "corpus/c/y.txt"]);
    assert_eq!(
        out.json()["near_duplicates"]["pairs"],
        serde_json::json!([])
    );
}

#[test]
fn fifo_in_a_corpus_folder_is_skipped_not_waited_for() {
    let dir = Dir::new();
    dir.seed("000", "corpus/a.txt");
    mkfifo(&dir.join("corpus/pipe.txt"));
    let out = dir.run(&["dups", "corpus", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(doc_ids(&out), vec!["corpus/a.txt"]);
    assert!(
        out.stderr.contains("pipe.txt: not a regular file: a FIFO"),
        "{}",
        out.stderr
    );
}

#[test]
fn fifo_given_as_an_input_is_refused_by_every_reader() {
    let dir = Dir::new();
    dir.seed("000", "a.txt");
    mkfifo(&dir.join("pipe.txt"));
    let out = dir.run(&["dups", "pipe.txt", "a.txt", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(doc_ids(&out), vec!["a.txt"]);
    assert!(out.stderr.contains("not a regular file: a FIFO"), "{out:?}");
    // `inspect` and `check` (for its drafts) read one file with `read_one`.
    let out = dir.run(&["inspect", "pipe.txt"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("not a regular file: a FIFO"), "{out:?}");
    let out = dir.run(&["index", "a.txt", "-o", "c.idx", "-q"]);
    assert_eq!(out.code, 0, "{out:?}");
    let out = dir.run(&["check", "pipe.txt", "--against", "c.idx"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("not a regular file: a FIFO"), "{out:?}");
}

#[test]
fn index_add_of_another_folder_keeps_documents_with_the_same_relative_path() {
    let dir = Dir::new();
    dir.seed("000", "jan/001.txt");
    dir.seed("001", "feb/001.txt");
    dir.seed("000", "draft.txt");
    let out = dir.run(&["index", "jan", "-o", "c.idx", "-q"]);
    assert_eq!(out.code, 0, "{out:?}");
    let out = dir.run(&["index", "--add", "feb", "-o", "c.idx", "-q"]);
    assert_eq!(out.code, 0, "{out:?}");
    // The draft copies the January article: it must still be found.
    let out = dir.check_json("draft.txt", "c.idx");
    assert_eq!(out.code, 1, "{out:?}");
    let json = out.json();
    let ids: Vec<&str> = json["drafts"][0]["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"]["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"jan/001.txt"), "{ids:?}");
}

#[test]
fn folder_ids_start_with_the_folder_name_and_file_ids_are_paths_as_given() {
    let dir = Dir::new();
    dir.seed("000", "mycorpus/sub/a.txt");
    dir.seed("001", "other/b.txt");
    let out = dir.run(&["dups", "mycorpus/", "./other/b.txt", "--format", "json"]);
    assert_eq!(doc_ids(&out), vec!["mycorpus/sub/a.txt", "other/b.txt"]);
    // `.` is named by the folder's real name.
    let out = run_in(
        &dir.join("mycorpus"),
        &["dups", ".", "--format", "json"],
        None,
        LIMIT,
    );
    assert_eq!(doc_ids(&out), vec!["mycorpus/sub/a.txt"]);
}

#[test]
fn a_repeat_suffix_never_makes_a_duplicate_id() {
    let dir = Dir::new();
    let p = seed_paragraphs("004");
    let rec =
        |id: &str, i: usize| serde_json::json!({"id": id, "text": p[i % p.len()]}).to_string();
    let lines = [rec("a", 0), rec("a", 1), rec("a#2", 2), rec("a", 3)];
    dir.write("r.jsonl", lines.join("\n"));
    let out = dir.run(&["dups", "r.jsonl", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(doc_ids(&out), vec!["a", "a#3", "a#2", "a#4"]);
}

#[test]
fn control_characters_in_ids_and_names_are_escaped() {
    let dir = Dir::new();
    let p = seed_paragraphs("001");
    let lines = [
        serde_json::json!({"id": "\u{0}draft", "text": p[0]}).to_string(),
        serde_json::json!({"id": "x\u{1b}[2J", "text": p[1]}).to_string(),
    ];
    dir.write("c/r.jsonl", lines.join("\n"));
    dir.seed("000", "c/e\x1b[2Jx.txt");
    dir.write("c/bad\x1b[2J.pdf", "not read");
    let out = dir.run(&["dups", "c", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        doc_ids(&out),
        vec!["c/e\\u{1b}[2Jx.txt", "\\u{0}draft", "x\\u{1b}[2J"]
    );
    // The skipped file's name reaches the terminal escaped.
    assert!(!out.stderr.contains('\x1b'), "{:?}", out.stderr);
    assert!(out.stderr.contains("bad\\u{1b}[2J.pdf"), "{:?}", out.stderr);
}

#[test]
fn an_empty_corpus_is_an_error_for_every_command() {
    let dir = Dir::new();
    fs::create_dir_all(dir.join("empty")).unwrap();
    dir.write("hidden/.a.txt", "隐藏的文件不读");
    for input in ["empty", "hidden"] {
        for args in [
            vec!["dups", input],
            vec!["topics", input],
            vec!["compare", input, "--by", "source"],
            vec!["report", input, "-o", "out"],
        ] {
            let out = dir.run(&args);
            assert_eq!(out.code, 2, "{args:?}: {out:?}");
            assert!(
                out.stderr
                    .contains(&format!("no documents found in {input}")),
                "{args:?}: {}",
                out.stderr
            );
        }
    }
    assert!(!dir.join("out").exists());
}

#[test]
fn gzip_bomb_stops_inflating_at_the_document_limit() {
    let dir = Dir::new();
    dir.seed("000", "c/a.txt");
    dir.write("c/bomb.txt.gz", gzip(&vec![0u8; 100 << 20]));
    let out = dir.run(&["dups", "c", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    // Refused for its size at 16 MiB, before its bytes were even looked at.
    assert!(
        out.stderr
            .contains("c/bomb.txt.gz: too large: over the limit of 16 MiB of text per document"),
        "{}",
        out.stderr
    );
    assert_eq!(doc_ids(&out), vec!["c/a.txt"]);
    // With a lower --max-file-mib, at that limit.
    let out = dir.run(&["dups", "c", "--format", "json", "--max-file-mib", "1"]);
    assert!(
        out.stderr
            .contains("c/bomb.txt.gz: too large: over the limit of 1 MiB per file"),
        "{}",
        out.stderr
    );
}

#[test]
fn jsonl_record_over_the_document_limit_is_skipped_with_its_line() {
    let dir = Dir::new();
    let p = seed_paragraphs("004");
    let huge = "一".repeat(6 << 20);
    let lines = [
        serde_json::json!({"id": "ok", "text": p[0]}).to_string(),
        serde_json::json!({"id": "huge", "text": huge}).to_string(),
        serde_json::json!({"id": "ok2", "text": p[1]}).to_string(),
    ];
    dir.write("r.jsonl.gz", gzip(lines.join("\n").as_bytes()));
    let out = dir.run(&["dups", "r.jsonl.gz", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(doc_ids(&out), vec!["ok", "ok2"]);
    assert!(
        out.stderr
            .contains("r.jsonl.gz:2: too large: over the limit of 16 MiB of text per document"),
        "{}",
        out.stderr
    );
}

#[test]
fn endless_stdin_is_refused_at_the_document_limit() {
    let dir = Dir::new();
    let text = "没有尽头的输入。\n".repeat((40 << 20) / 25);
    let start = Instant::now();
    let out = dir.run_stdin(&["dups", "-", "--format", "json"], Some(text.as_bytes()));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("-: too large: over the limit of 16 MiB of text per document"),
        "{}",
        out.stderr
    );
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn max_file_mib_that_would_overflow_is_rejected() {
    let dir = Dir::new();
    dir.seed("000", "a.txt");
    for bad in ["18446744073709551615", "17592186044416", "0"] {
        let out = dir.run(&["dups", "a.txt", "--max-file-mib", bad]);
        assert_eq!(out.code, 2, "{out:?}");
        assert!(out.stderr.contains("--max-file-mib"), "{}", out.stderr);
        assert!(!out.stderr.contains("too large"), "{}", out.stderr);
    }
}

#[test]
fn a_missing_input_names_its_reason_once() {
    let dir = Dir::new();
    let out = dir.run(&["inspect", "nope.txt"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stderr.matches("No such file or directory").count(),
        1,
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("nope.txt"), "{}", out.stderr);
}
