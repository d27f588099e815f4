//! Regressions: `index` and `check` (issue 11, "Trust").

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use chachong::corpus::{Document, Excluded, Exclusion, Format};
use chachong::index::format::{reseal, section_range};
use chachong::index::{DocEntry, IndexData, IndexParams, IndexView};
use chachong::segment::Segmenter;
use chachong::{Analyzed, ParamGuard, Span};

use crate::util::{
    Dir, LIMIT, Out, chachong, finish, git, indexed_ids, root, run_in, seed, seed_paragraphs,
    segment_files, start,
};

/// A paragraph of seed 003, long enough to fail any draft that copies it.
fn paragraph() -> String {
    seed_paragraphs("003")
        .into_iter()
        .max_by_key(|p| p.chars().count())
        .unwrap()
}

const FRESH: &str = "海洋里生活着数以万计的浮游生物，它们是整个海洋食物链的基础。科学家们利用新型采样设备，\
    在不同深度连续观测了三个季节，发现水温的细微变化会显著影响浮游生物的种类和数量。";

/// Exit 2, `name` in the message, no panic.
fn refused(o: &Out, name: &str) {
    o.assert_no_panic();
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains(name), "{o:?}");
}

// 1. `-o` naming an input, a file inside an input folder, or a file that is
// not an index.

#[test]
fn index_output_naming_an_input_is_refused_and_nothing_written() {
    let dir = Dir::new();
    let record = format!("{{\"id\": \"a\", \"text\": \"{}\"}}\n", paragraph());
    dir.write("in.jsonl", &record);
    for out in ["in.jsonl", "./in.jsonl"] {
        let o = dir.run(&["index", "in.jsonl", "-o", out]);
        refused(&o, "in.jsonl");
        assert_eq!(fs::read_to_string(dir.join("in.jsonl")).unwrap(), record);
    }

    dir.seed("000", "corpus/a.txt");
    let o = dir.run(&["index", "corpus", "-o", "corpus/c.idx"]);
    refused(&o, "corpus/c.idx");
    assert!(!dir.join("corpus/c.idx").exists());
    assert_eq!(fs::read_dir(dir.join("corpus")).unwrap().count(), 1);

    dir.write("notes.txt", "my notes");
    for args in [
        &["index", "corpus", "-o", "notes.txt"][..],
        &["index", "--add", "corpus", "-o", "notes.txt"][..],
    ] {
        let o = dir.run(args);
        refused(&o, "notes.txt");
        assert!(o.stderr.contains("not a chachong index"), "{o:?}");
        assert_eq!(
            fs::read_to_string(dir.join("notes.txt")).unwrap(),
            "my notes"
        );
    }

    // A folder that is not an index is never written into.
    dir.write("mine/notes.txt", "my notes");
    let o = dir.run(&["index", "corpus", "-o", "mine"]);
    refused(&o, "mine");
    assert!(o.stderr.contains("not a chachong index"), "{o:?}");
    assert_eq!(fs::read_dir(dir.join("mine")).unwrap().count(), 1);

    // An index is still replaced, and an empty folder may be the output.
    assert_eq!(dir.run(&["index", "corpus", "-o", "c.idx", "-q"]).code, 0);
    assert_eq!(dir.run(&["index", "corpus", "-o", "c.idx", "-q"]).code, 0);
    assert_eq!(indexed_ids(&dir.join("c.idx")).len(), 1);
    assert_eq!(segment_files(&dir.join("c.idx")).len(), 1);
    fs::create_dir(dir.join("empty.idx")).unwrap();
    assert_eq!(
        dir.run(&["index", "corpus", "-o", "empty.idx", "-q"]).code,
        0
    );
    assert_eq!(indexed_ids(&dir.join("empty.idx")).len(), 1);
}

// 2. Concurrent `--add`s: writers are serialised by a lock.

#[test]
fn concurrent_adds_keep_both_batches() {
    for trial in 0..4 {
        let dir = Dir::new();
        dir.seed("000", "base/base.txt");
        assert_eq!(dir.run(&["index", "base", "-o", "c.idx", "-q"]).code, 0);
        dir.seed("001", "one/one.txt");
        dir.seed("002", "two/two.txt");
        let p = dir.path().to_path_buf();
        let first = std::thread::spawn(move || {
            run_in(
                &p,
                &["index", "--add", "one", "-o", "c.idx", "-q"],
                None,
                LIMIT,
            )
        });
        let second = dir.run(&["index", "--add", "two", "-o", "c.idx", "-q"]);
        let first = first.join().unwrap();
        assert_eq!(first.code, 0, "{first:?}");
        assert_eq!(second.code, 0, "{second:?}");
        let ids = indexed_ids(&dir.join("c.idx"));
        assert_eq!(ids.len(), 3, "trial {trial}: {ids:?}");
        for name in ["base.txt", "one.txt", "two.txt"] {
            assert!(
                ids.iter().any(|i| i.ends_with(name)),
                "trial {trial}: {ids:?}"
            );
        }
    }
}

#[test]
fn second_writer_waits_for_the_lock_and_says_so() {
    let dir = Dir::new();
    dir.seed("000", "base/base.txt");
    assert_eq!(dir.run(&["index", "base", "-o", "c.idx", "-q"]).code, 0);
    dir.seed("001", "one/one.txt");
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("c.idx/LOCK"))
        .unwrap();
    lock.lock().unwrap();
    let args = ["index", "--add", "one", "-o", "c.idx"];
    let mut child = start(&mut chachong(dir.path(), &args), None);
    std::thread::sleep(Duration::from_secs(3));
    let waited = child.try_wait().unwrap().is_none();
    lock.unlock().unwrap();
    let out = finish(child, "the second writer", LIMIT);
    assert!(waited, "the second writer did not wait: {out:?}");
    let err = &out.stderr;
    assert_eq!(out.code, 0, "{err}");
    assert_eq!(err.matches("waiting for the lock on").count(), 1, "{err}");
    assert!(err.contains("LOCK"), "{err}");
    assert_eq!(indexed_ids(&dir.join("c.idx")).len(), 2);
}

// 3. A replaced id is never silent.

#[test]
fn add_names_each_replaced_id_on_stderr_and_in_json() {
    let dir = Dir::new();
    dir.write("a/doc.txt", format!("第一版。\n{}", paragraph()));
    dir.write("a/other.txt", FRESH);
    assert_eq!(dir.run(&["index", "a", "-o", "c.idx", "-q"]).code, 0);
    dir.write("a/doc.txt", "第二版只谈山区的交通建设和桥梁维护工作。");
    dir.write("a/new.txt", "新来源。");
    let o = dir.run(&["index", "--add", "a", "-o", "c.idx"]);
    assert_eq!(o.code, 0, "{o:?}");
    let replaced: Vec<&str> = o
        .stderr
        .lines()
        .filter_map(|l| l.split_once("replaced: ").map(|x| x.1))
        .collect();
    assert_eq!(replaced.len(), 2, "{o:?}");
    assert!(replaced.iter().any(|r| r.ends_with("doc.txt")), "{o:?}");
    assert!(replaced.iter().any(|r| r.ends_with("other.txt")), "{o:?}");

    dir.write("a/doc.txt", "第三版。");
    let o = dir.run(&[
        "index", "--add", "a", "-o", "c.idx", "-q", "--format", "json",
    ]);
    assert_eq!(o.code, 0, "{o:?}");
    let v = o.json();
    assert_eq!(v["documents"], 3, "{v}");
    assert_eq!(v["added"], 0, "{v}");
    assert_eq!(v["replaced"].as_array().unwrap().len(), 3, "{v}");
    assert_eq!(v["index"], "c.idx", "{v}");
    let on_disk: u64 = segment_files(&dir.join("c.idx"))
        .iter()
        .map(|f| fs::metadata(f).unwrap().len())
        .sum();
    assert_eq!(v["bytes"].as_u64().unwrap(), on_disk);
    // Replacements are named even with -q.
    assert_eq!(o.stderr.matches("replaced: ").count(), 3, "{o:?}");
}

// 4. A crafted index with valid checksums is an error, not a panic.

fn analyzed(id: &str, text: &str) -> Analyzed {
    let doc = Document::new(id, Format::Text, text);
    Analyzed::new(doc, Segmenter::shared(), &Default::default()).0
}

/// An index of one source holding `paragraph()`, whose stored record is
/// changed by `f` after its entry was computed from the true text.
fn crafted(f: impl FnOnce(&mut Document)) -> Vec<u8> {
    let params = IndexParams::default().check().unwrap();
    let a = analyzed("src", &paragraph());
    let mut entry = DocEntry::new(&a, &params);
    let mut doc = a.doc.clone();
    f(&mut doc);
    entry.record = serde_json::to_vec(&doc).unwrap();
    let other = DocEntry::new(&analyzed("other", FRESH), &params);
    IndexData {
        params,
        docs: vec![entry, other],
        history: Default::default(),
    }
    .to_bytes()
}

#[test]
fn crafted_index_with_valid_checksums_is_an_error_not_a_panic() {
    let dir = Dir::new();
    dir.write("draft.txt", format!("{FRESH}\n{}", paragraph()));
    let n = paragraph().chars().count() as u32;
    // Not `Span::new`, which asserts order in debug builds.
    let excluded = |start, end| Excluded {
        span: Span { start, end },
        reason: Exclusion::Markup,
    };
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "excluded past the text",
            crafted(|d| d.excluded = vec![excluded(n - 2, n + 40)]),
        ),
        (
            "excluded far past the text",
            crafted(|d| d.excluded = vec![excluded(u32::MAX - 1, u32::MAX)]),
        ),
        (
            "excluded start after end",
            crafted(|d| d.excluded = vec![excluded(20, 10)]),
        ),
        (
            "excluded out of order",
            crafted(|d| d.excluded = vec![excluded(30, 40), excluded(5, 35)]),
        ),
        (
            "entity past the text",
            crafted(|d| {
                d.entities = vec![Span {
                    start: n - 1,
                    end: n + 5,
                }]
            }),
        ),
        (
            "entities out of order",
            crafted(|d| d.entities = vec![Span { start: 30, end: 34 }, Span { start: 2, end: 31 }]),
        ),
        (
            "record names another id",
            crafted(|d| d.id = "other".into()),
        ),
    ];
    // An id that is not UTF-8.
    let mut bad_id = crafted(|_| {});
    let at = section_range(&bad_id, 5).unwrap().start;
    bad_id[at] = 0xff;
    reseal(&mut bad_id);
    cases.push(("id not UTF-8", bad_id));
    // A posting naming a document that does not exist.
    let mut bad_doc = crafted(|_| {});
    let r = section_range(&bad_doc, 7).unwrap();
    bad_doc[r].fill(0xee);
    reseal(&mut bad_doc);
    cases.push(("posting past the documents", bad_doc));
    // Record offsets out of order.
    let mut bad_offsets = crafted(|_| {});
    let r = section_range(&bad_offsets, 2).unwrap();
    bad_offsets[r.start + 8..r.start + 16].copy_from_slice(&u64::MAX.to_le_bytes());
    reseal(&mut bad_offsets);
    cases.push(("record offsets out of order", bad_offsets));

    for (what, bytes) in cases {
        // The crafted file passes every checksum.
        assert!(IndexView::new(&bytes).is_ok(), "{what}");
        dir.write("bad.idx", &bytes);
        for extra in [&[][..], &["--rewrites"][..]] {
            let mut args = vec![
                "check",
                "draft.txt",
                "--against",
                "bad.idx",
                "--format",
                "json",
            ];
            args.extend_from_slice(extra);
            let o = dir.run(&args);
            o.assert_no_panic();
            assert_eq!(o.code, 2, "{what}: {o:?}");
            assert!(o.stderr.contains("bad.idx"), "{what}: {o:?}");
            assert!(o.stderr.contains("corrupt"), "{what}: {o:?}");
        }
    }
}

// 5. A segment damaged in place makes `--add` an error naming it, and
// loses nothing: once restored, the next add works.

#[test]
fn truncating_a_segment_makes_add_an_error_not_a_crash() {
    let dir = Dir::new();
    for (i, s) in ["000", "001", "002", "003", "004"].iter().enumerate() {
        let text = fs::read_to_string(seed(s)).unwrap();
        dir.write(&format!("base/{i}.txt"), text);
    }
    assert_eq!(dir.run(&["index", "base", "-o", "c.idx", "-q"]).code, 0);
    let seg = segment_files(&dir.join("c.idx")).remove(0);
    let good = fs::read(&seg).unwrap();
    dir.write("new/x.txt", FRESH);
    fs::write(&seg, &good[..good.len() / 3]).unwrap();
    let o = dir.run(&["index", "--add", "new", "-o", "c.idx", "-q"]);
    refused(&o, seg.file_name().unwrap().to_str().unwrap());
    assert!(o.stderr.contains("truncated"), "{o:?}");
    fs::write(&seg, &good).unwrap();
    let o = dir.run(&["index", "--add", "new", "-o", "c.idx", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(indexed_ids(&dir.join("c.idx")).len(), 6);
}

// 6. The draft is not told apart by an id a corpus can hold.

#[test]
fn corpus_id_equal_to_the_old_draft_marker_is_a_source() {
    let dir = Dir::new();
    let params = IndexParams::default().check().unwrap();
    let data = IndexData::build(
        &[
            analyzed("\u{0}draft", &paragraph()),
            analyzed("other", FRESH),
        ],
        &params,
    );
    dir.write("c.idx", data.to_bytes());
    dir.write(
        "draft.txt",
        format!("开头是新写的一句话。\n{}", paragraph()),
    );
    let o = dir.check_json("draft.txt", "c.idx");
    assert_eq!(o.code, 1, "{o:?}");
    let v = o.json();
    let d = &v["drafts"][0];
    assert_eq!(d["verdict"], "fail", "{v}");
    let passages = d["passages"].as_array().unwrap();
    assert!(!passages.is_empty(), "{v}");
    assert!(
        passages.iter().all(|p| p["source"]["id"] == "\u{0}draft"),
        "{v}"
    );
    assert!(d["internal"].as_array().unwrap().is_empty(), "{v}");
}

// 7. An empty corpus makes no index, and an empty index passes nothing.

#[test]
fn empty_corpus_is_refused_by_index_and_empty_index_by_check() {
    let dir = Dir::new();
    fs::create_dir(dir.join("empty")).unwrap();
    let o = dir.run(&["index", "empty", "-o", "c.idx"]);
    refused(&o, "empty");
    assert!(!dir.join("c.idx").exists());

    dir.write("draft.txt", paragraph());
    dir.write("none.idx", IndexData::default().to_bytes());
    let o = dir.run(&["check", "draft.txt", "--against", "none.idx"]);
    refused(&o, "none.idx");
    assert!(o.stderr.contains("no documents"), "{o:?}");
}

// 8. The indexing machine's paths stay out of the index unless asked.

#[test]
fn index_keeps_no_file_paths_unless_asked() {
    let dir = Dir::new();
    dir.seed("000", "corpus/a.txt");
    let root = dir.join("corpus");
    let root = root.to_str().unwrap();
    assert_eq!(dir.run(&["index", root, "-o", "c.idx", "-q"]).code, 0);
    let bytes = fs::read(&segment_files(&dir.join("c.idx"))[0]).unwrap();
    let tmp = dir.path().to_str().unwrap().as_bytes();
    assert!(!bytes.windows(tmp.len()).any(|w| w == tmp), "path stored");
    let v = IndexView::new(&bytes).unwrap();
    assert_eq!(v.document(0).unwrap().path, PathBuf::new());

    let o = dir.run(&["index", root, "-o", "k.idx", "-q", "--keep-paths"]);
    assert_eq!(o.code, 0, "{o:?}");
    let bytes = fs::read(&segment_files(&dir.join("k.idx"))[0]).unwrap();
    let v = IndexView::new(&bytes).unwrap();
    assert_eq!(v.document(0).unwrap().path, dir.join("corpus/a.txt"));
}

// 9. The example hook checks every staged draft, hidden or Chinese-named.

/// A git repository with the example hook and an index of seeds 000-003.
fn hooked_repo() -> Dir {
    let dir = Dir::new();
    for s in ["000", "001", "002", "003"] {
        dir.seed(s, &format!("corpus/{s}.txt"));
    }
    assert_eq!(
        dir.run(&["index", "corpus", "-o", "corpus.idx", "-q"]).code,
        0
    );
    assert!(git(&["init", "-q"], dir.path()).ok());
    let hook = dir.join(".git/hooks/pre-commit");
    fs::copy(root().join("examples/pre-commit"), &hook).unwrap();
    dir.write("drafts/fresh.md", FRESH);
    git(&["add", "drafts/fresh.md"], dir.path());
    let o = git(&["commit", "-q", "-m", "fresh"], dir.path());
    assert!(o.ok(), "{}", o.stderr);
    dir
}

fn commit_blocked(dir: &Dir, rel: &str) -> String {
    dir.write(rel, format!("{FRESH}\n\n{}", paragraph()));
    git(&["add", rel], dir.path());
    let o = git(&["commit", "-q", "-m", "copied"], dir.path());
    assert!(!o.ok(), "{rel} was committed: {o:?}");
    let (out, err) = (o.stdout, o.stderr);
    assert!(err.contains("a draft copies the corpus"), "{out}{err}");
    // Git sends a hook's stdout to its stderr.
    format!("{out}{err}")
}

#[test]
fn pre_commit_checks_a_hidden_staged_draft() {
    let dir = hooked_repo();
    let out = commit_blocked(&dir, "drafts/.copied.md");
    assert!(out.contains(".copied.md: FAIL"), "{out}");
}

#[test]
fn pre_commit_checks_a_draft_with_a_chinese_name() {
    let dir = hooked_repo();
    let out = commit_blocked(&dir, "drafts/抄袭 稿件.md");
    assert!(out.contains("抄袭 稿件.md: FAIL"), "{out}");
}

// 10. `--against` a folder (even one named like an index) is indexed in
// memory; a missing index is named.

#[test]
fn against_a_folder_named_like_an_index_reads_the_corpus() {
    let dir = Dir::new();
    dir.seed("003", "corpus.idx/003.txt");
    dir.write("draft.txt", format!("{FRESH}\n{}", paragraph()));
    for against in ["corpus.idx", "corpus.idx/"] {
        let o = dir.run(&[
            "check",
            "draft.txt",
            "--against",
            against,
            "--format",
            "json",
            "-q",
        ]);
        assert_eq!(o.code, 1, "{o:?}");
        assert!(o.stdout.contains("003.txt"), "{o:?}");
    }
    let o = dir.run(&["check", "draft.txt", "--against", "missing.idx"]);
    refused(&o, "missing.idx");
}

// 11. Corpus text never acts on the terminal.

#[test]
fn terminal_escapes_in_corpus_and_names_are_shown_not_sent() {
    let dir = Dir::new();
    let para: Vec<char> = paragraph().chars().collect();
    let (head, tail): (String, String) = (para[..40].iter().collect(), para[40..].iter().collect());
    let passage = format!("{head}\r\u{1b}[32mPASS{tail}");
    let record = serde_json::json!({
        "id": "src\u{1b}[2J",
        "title": "\u{1b}[2J\u{1b}[HPASS",
        "source": "\u{1b}]0;owned\u{7}",
        "text": passage,
    });
    dir.write("corpus.jsonl", format!("{record}\n"));
    assert_eq!(
        dir.run(&["index", "corpus.jsonl", "-o", "c.idx", "-q"])
            .code,
        0
    );
    let draft = "d\u{1b}[2J.txt";
    dir.write(draft, format!("{FRESH}\n{passage}\n{passage}"));
    for against in ["c.idx", "corpus.jsonl"] {
        let o = dir.run(&["check", draft, "--against", against, "--format", "text"]);
        assert_eq!(o.code, 1, "{o:?}");
        assert!(o.stdout.contains("FAIL"), "{o:?}");
        for out in [&o.stdout, &o.stderr] {
            assert!(!out.contains(['\u{1b}', '\r', '\u{7}']), "{o:?}");
        }
        assert!(o.stdout.contains("\\u{1b}[2J"), "{o:?}");
    }
    // Messages of `index` too.
    let o = dir.run(&["index", "--add", "corpus.jsonl", "-o", "c.idx"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(o.stderr.contains("replaced: src\\u{1b}[2J"), "{o:?}");
    assert!(!o.stderr.contains('\u{1b}'), "{o:?}");
}

// 12. Index errors say their reason once.

#[test]
fn index_errors_say_their_reason_once() {
    let dir = Dir::new();
    dir.write("draft.txt", FRESH);
    let o = dir.run(&["check", "draft.txt", "--against", "nope.idx"]);
    refused(&o, "nope.idx");
    assert_eq!(o.stderr.matches("No such file").count(), 1, "{o:?}");

    dir.write(
        "bad.idx",
        b"CHCHIDX\x1a but not really an index at all, just bytes",
    );
    let o = dir.run(&["check", "draft.txt", "--against", "bad.idx"]);
    refused(&o, "bad.idx");
    assert_eq!(o.stderr.matches("damaged").count(), 1, "{o:?}");
    assert_eq!(o.stderr.matches("bad.idx").count(), 1, "{o:?}");
}

// 13. Temporary files left by a killed writer are removed by the next one.

#[test]
fn stale_temp_files_of_the_index_are_removed_by_the_next_write() {
    let dir = Dir::new();
    dir.seed("000", "corpus/a.txt");
    assert_eq!(dir.run(&["index", "corpus", "-o", "c.idx", "-q"]).code, 0);
    // Processes above the largest pid Linux allows (2^22) never run.
    let stale = [
        "c.idx/.seg-00000007.idx.tmp-4194305-0",
        "c.idx/.manifest.json.tmp-4194306-12",
        // A segment no manifest names: a writer killed before its commit.
        "c.idx/seg-00000099.idx",
    ];
    let me = std::process::id();
    let kept = [
        "c.idx/.seg-00000007.idx.tmp-notes".to_string(),
        "c.idx/.seg-00000007.idx.tmp-4194305-0.bak".to_string(),
        "c.idx/seg-notes.idx".to_string(),
        "c.idx/notes.txt".to_string(),
        // A live process's (this test's) temporary file.
        format!("c.idx/.seg-00000007.idx.tmp-{me}-0"),
    ];
    for f in stale.iter().copied().chain(kept.iter().map(|s| s.as_str())) {
        dir.write(f, vec![7u8; 4096]);
    }
    dir.seed("001", "more/b.txt");
    let o = dir.run(&["index", "--add", "more", "-o", "c.idx", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    for f in stale {
        assert!(!dir.join(f).exists(), "{f} left behind");
    }
    for f in &kept {
        assert!(dir.join(f).exists(), "{f} removed");
    }
    assert_eq!(indexed_ids(&dir.join("c.idx")).len(), 2);
}

/// The quotation finder once looked for each opening mark's closer to the
/// end of its paragraph, and each blockquote's paragraphs among all of
/// them: a draft of nothing but opening marks, or of thousands of
/// blockquotes, took quadratic time. Both are one pass now.
#[test]
fn a_draft_of_quotation_marks_and_blockquotes_is_checked_in_linear_time() {
    let dir = Dir::new();
    dir.write("corpus/a.txt", format!("{}\n", paragraph()));
    assert_eq!(dir.run(&["index", "corpus", "-o", "c.idx", "-q"]).code, 0);
    let marks = "“「『‘\"".repeat(60_000) + &"他说：“工业互联网平台建设”".repeat(2_000);
    dir.write("marks.txt", &marks);
    let quotes = "<p>专家表示：</p><blockquote>工业互联网平台是数字化转型的关键载体。</blockquote>"
        .repeat(20_000);
    dir.write("quotes.html", format!("<html><body>{quotes}</body></html>"));
    for draft in ["marks.txt", "quotes.html"] {
        let started = std::time::Instant::now();
        let o = dir.check_json(draft, "c.idx");
        o.assert_no_panic();
        assert!(o.code == 0 || o.code == 1, "{draft}: {}", o.stderr);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{draft}: {:?}",
            started.elapsed()
        );
    }
    // The quotations are still found: every blockquote, attributed.
    let v = dir.check_json("quotes.html", "c.idx").json();
    assert_eq!(v["drafts"][0]["quotes"].as_array().unwrap().len(), 20_000);
}

/// Rewording compares draft paragraphs with stretches of source sentences:
/// a source of tens of thousands of two-character sentences and a draft of
/// one huge paragraph on the same characters stay bounded (at most 16
/// sentences a stretch, and a budget of work per draft).
#[test]
fn rewording_search_on_tiny_sentences_and_a_huge_paragraph_is_bounded() {
    let dir = Dir::new();
    let source: String = (0..40_000)
        .map(|i| {
            format!(
                "{}{}。",
                char::from_u32(0x4E00 + i % 97).unwrap(),
                char::from_u32(0x4E00 + i % 89).unwrap()
            )
        })
        .collect();
    dir.write("corpus/a.txt", format!("{source}\n"));
    assert_eq!(dir.run(&["index", "corpus", "-o", "c.idx", "-q"]).code, 0);
    let draft: String = (0..60_000)
        .map(|i| char::from_u32(0x4E00 + (i * 7) % 97).unwrap())
        .collect();
    dir.write("draft.txt", format!("{draft}\n"));
    let started = std::time::Instant::now();
    let o = dir.check_json("draft.txt", "c.idx");
    o.assert_no_panic();
    assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}
