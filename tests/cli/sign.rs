//! `chachong sign` and `chachong verify` (feature `spark`) run as a user
//! would: the Parquet rows of two shards are the rows of one, and `verify`
//! on every pair gives exactly the pairs of `dups`.

use std::fs;
use std::path::Path;

use serde_json::Value;

use chachong::dups::sign::dir::{checked_file, first_places, read_placed_shards, read_shards};
use chachong::dups::sign::{BandRow, DocumentRow, SampleRow, parquet_io};

use crate::util::{Dir, seed, seed_paragraphs};

/// The seeds, a reprint of one, a story quoting most of another (a
/// containment), and a document too short to take part, in `corpus/`
/// (the Spark tests use it too).
pub(crate) fn corpus() -> Dir {
    let dir = Dir::new();
    for p in ["000", "001", "002", "003", "004"] {
        let s = seed(p);
        dir.write(
            &format!("corpus/{}", s.file_name().unwrap().to_string_lossy()),
            fs::read(&s).unwrap(),
        );
    }
    let body = seed_paragraphs("001").join("\n\n");
    dir.write(
        "corpus/reprint.txt",
        format!("本报讯\n\n{body}\n\n本文转载自新闻网，如有侵权请联系删除。责任编辑：李明\n"),
    );
    let quoted = seed_paragraphs("003");
    let quoted = quoted[..quoted.len().min(3)].join("\n\n");
    let surround = "连日来，不少读者来信询问此事的来龙去脉。记者走访了多位业内人士和相关部门负责人，\
        他们普遍认为，此事影响深远，值得持续关注。一位不愿具名的专家表示，相关政策的落实还需要时间，\
        各方应当保持耐心，同时加强沟通协调，形成工作合力。";
    dir.write(
        "corpus/quote.txt",
        format!("{surround}\n\n{quoted}\n\n{surround}{surround}\n"),
    );
    dir.write("corpus/short.txt", "一条短讯。\n");
    dir
}

fn sign(dir: &Dir, extra: &[&str]) -> crate::util::Out {
    let mut args = vec!["sign", "corpus", "-q"];
    args.extend_from_slice(extra);
    dir.run(&args)
}

/// Every row of a sign folder, read back from its Parquet files, by place.
fn rows(folder: &Path) -> (Vec<DocumentRow>, Vec<BandRow>, Vec<SampleRow>) {
    let (mut d, mut b, mut s) = (Vec::new(), Vec::new(), Vec::new());
    for (info, first) in read_placed_shards(folder).unwrap().1 {
        let file = |which| checked_file(folder, &info, which).unwrap();
        d.extend(parquet_io::read_documents(&file(0), first, |_| true).unwrap());
        b.extend(parquet_io::read_bands(&file(1), first).unwrap());
        s.extend(parquet_io::read_sample(&file(2), first).unwrap());
    }
    d.sort_by_key(|r| r.doc);
    b.sort();
    s.sort();
    (d, b, s)
}

#[test]
fn sign_in_two_shards_gives_the_rows_of_one() {
    let dir = corpus();
    let o = sign(&dir, &["--out", "one"]);
    assert!(o.ok(), "{}", o.stderr);
    for shard in ["0/2", "1/2"] {
        let o = sign(&dir, &["--out", "two", "--shard", shard]);
        assert!(o.ok(), "{}", o.stderr);
    }
    let one = rows(&dir.join("one"));
    let two = rows(&dir.join("two"));
    assert_eq!(one, two);
    let (docs, bands, sample) = one;
    assert_eq!(docs.len(), 8);
    assert_eq!(
        docs.iter().map(|d| d.doc).collect::<Vec<_>>(),
        (0..8).collect::<Vec<_>>()
    );
    // The short one takes part in nothing; the others have every band.
    let short = docs.iter().find(|d| d.id.ends_with("short.txt")).unwrap();
    assert!(short.units.is_none());
    assert!(!bands.iter().any(|b| b.doc == short.doc));
    let per_doc = bands.iter().filter(|b| b.doc == 0).count();
    assert!(per_doc > 10, "{per_doc}");
    assert_eq!(bands.len(), per_doc * 7);
    assert!(!sample.is_empty());
}

/// All pairs `i < j` of `n` places, one a line.
fn all_pairs(n: u32) -> String {
    let mut s = String::new();
    for i in 0..n {
        for j in i + 1..n {
            s.push_str(&format!("{j} {i}\n"));
        }
    }
    s
}

#[test]
fn verify_of_every_pair_gives_exactly_the_pairs_of_dups() {
    let dir = corpus();
    let local = dir.run(&["dups", "corpus", "--format", "json", "-q"]);
    assert!(local.ok(), "{}", local.stderr);
    let local: Value = local.json();
    let want = local["near_duplicates"]["pairs"]
        .as_array()
        .unwrap()
        .clone();
    let kinds: Vec<&str> = want.iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"near_duplicate") && kinds.contains(&"containment"),
        "{want:?}"
    );
    for (out, shards) in [("one", &["0/1"][..]), ("two", &["1/2", "0/2"][..])] {
        for shard in shards {
            let o = sign(&dir, &["--out", out, "--shard", shard]);
            assert!(o.ok(), "{}", o.stderr);
        }
        let stdin = all_pairs(8);
        let o = dir.run_stdin(&["verify", "--sign", out], Some(stdin.as_bytes()));
        assert!(o.ok(), "{}", o.stderr);
        let got: Vec<Value> = o
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .collect();
        // Each line: the two places in the local order, and the pair.
        let places: Vec<(u64, u64)> = got
            .iter()
            .map(|v| {
                (
                    v["places"][0].as_u64().unwrap(),
                    v["places"][1].as_u64().unwrap(),
                )
            })
            .collect();
        assert!(places.windows(2).all(|w| w[0] < w[1]) && places.iter().all(|p| p.0 < p.1));
        let got: Vec<Value> = got.into_iter().map(|v| v["pair"].clone()).collect();
        assert_eq!(got, want, "{out}");
    }
    // No candidates, no pairs; a place no shard holds is an error.
    let o = dir.run_stdin(&["verify", "--sign", "one"], Some(b""));
    assert!(o.ok() && o.stdout.is_empty(), "{o:?}");
    let o = dir.run_stdin(&["verify", "--sign", "one"], Some(b"0 99\n"));
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("document 99"), "{}", o.stderr);
}

#[test]
fn a_folder_that_is_not_signs_is_refused() {
    let dir = corpus();
    dir.write("notes/todo.txt", "mine");
    let o = sign(&dir, &["--out", "notes"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("refusing to write into"), "{}", o.stderr);
    assert_eq!(fs::read_dir(dir.join("notes")).unwrap().count(), 1);
    // Shards of another count, or other settings, are not mixed in.
    assert!(sign(&dir, &["--out", "s", "--shard", "0/2"]).ok());
    let o = sign(&dir, &["--out", "s", "--shard", "0/3"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("as 2 shards, not 3"), "{}", o.stderr);
    let o = sign(
        &dir,
        &["--out", "s", "--shard", "1/2", "--threshold", "0.7"],
    );
    assert!(o.stderr.contains("with other settings"), "{}", o.stderr);
    // Half a folder is never verified as a whole corpus.
    let o = dir.run_stdin(&["verify", "--sign", "s"], Some(b"0 1\n"));
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("shard 1 of 2 is missing"), "{}", o.stderr);
}

#[test]
fn a_bad_shard_is_a_clear_error() {
    let dir = corpus();
    for bad in ["2/2", "0/0", "1", "x/3"] {
        let o = sign(&dir, &["--out", "s", "--shard", bad]);
        assert_eq!(o.code, 2, "{bad}: {o:?}");
        assert!(
            o.stderr.contains("I/N with 0 <= I < N"),
            "{bad}: {}",
            o.stderr
        );
        o.assert_no_panic();
    }
    assert!(!dir.join("s").exists());
}

/// A documents file the parquet crate panics on (a page claiming no
/// values, found by the fuzz target `sign_files`): `verify` refuses it by
/// its CRC-32 before decoding it, names the file and stops.
#[test]
fn a_damaged_documents_file_the_parquet_reader_panics_on_is_a_clear_error() {
    let dir = corpus();
    assert!(sign(&dir, &["--out", "s"]).ok());
    fs::copy(
        crate::util::root().join("tests/fixtures/sign/page-claiming-no-values.documents.parquet"),
        dir.join("s/documents-0-of-1.parquet"),
    )
    .unwrap();
    let o = dir.run_stdin(&["verify", "--sign", "s"], Some(b"0 1\n"));
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stderr
            .contains("documents-0-of-1.parquet: damaged or replaced since it was signed"),
        "{}",
        o.stderr
    );
    o.assert_no_panic();
}

#[test]
fn sign_in_batches_of_files_gives_the_rows_of_one_and_resumes() {
    let dir = corpus();
    assert!(sign(&dir, &["--out", "one"]).ok());
    let o = sign(&dir, &["--out", "batched", "--batch-files", "3"]);
    assert!(o.ok(), "{}", o.stderr);
    // Eight files, three a batch: three shards. No site boilerplate in this
    // corpus, so each batch analysed alone gives the rows of the whole.
    let (_, shards) = read_shards(&dir.join("batched")).unwrap();
    assert_eq!(shards.len(), 3);
    assert_eq!(first_places(&shards).unwrap(), [0, 3, 6]);
    assert_eq!(rows(&dir.join("one")), rows(&dir.join("batched")));
    // A run stopped after two batches goes on with the third.
    for f in ["sign-2-of-3.json", "documents-2-of-3.parquet"] {
        fs::remove_file(dir.join("batched").join(f)).unwrap();
    }
    let o = sign(&dir, &["--out", "batched", "--batch-files", "3"]);
    assert!(o.ok(), "{}", o.stderr);
    assert_eq!(rows(&dir.join("one")), rows(&dir.join("batched")));
    // Batches and shards by place do not mix in one folder.
    let o = sign(&dir, &["--out", "batched", "--shard", "0/3"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("split another way"), "{}", o.stderr);
    // Nor do batches of other files: a file added shifts every batch
    // after it.
    dir.write("corpus/0-added.txt", "新加的一篇稿件，排在最前面。");
    fs::remove_file(dir.join("batched/sign-2-of-3.json")).unwrap();
    let o = sign(&dir, &["--out", "batched", "--batch-files", "3"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("another batching"), "{}", o.stderr);
    let o = sign(&dir, &["--out", "zero", "--batch-files", "0"]);
    assert_eq!(o.code, 2, "{o:?}");
}

#[test]
fn machines_signing_batches_at_once_give_the_rows_of_one_run() {
    let dir = corpus();
    assert!(sign(&dir, &["--out", "one"]).ok());
    // Two "machines" share the output folder and sign alternate batches at
    // the same time; neither knows how many documents the other's hold.
    let outs: Vec<_> = std::thread::scope(|s| {
        let runs: Vec<_> = ["0/2", "1/2"]
            .into_iter()
            .map(|part| {
                let dir = &dir;
                s.spawn(move || {
                    sign(
                        dir,
                        &["--out", "shared", "--batch-files", "2", "--shard", part],
                    )
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for o in &outs {
        assert!(o.ok(), "{}", o.stderr);
    }
    // Eight files, two a batch: four shards, the first places counted
    // when the folder is read, and the rows those of one signing.
    let (_, shards) = read_shards(&dir.join("shared")).unwrap();
    assert_eq!(shards.len(), 4);
    assert!(shards.iter().all(|s| s.files.len() == 2), "{shards:?}");
    assert_eq!(first_places(&shards).unwrap(), [0, 2, 4, 6]);
    assert_eq!(rows(&dir.join("one")), rows(&dir.join("shared")));
    // verify --sign reads the documents at their places: the reprint
    // (6) of 001 (1), and the quotation (5) of 003 (3) across two batches.
    let o = dir.run_stdin(&["verify", "--sign", "shared"], Some(b"1 6\n3 5\n"));
    assert!(o.ok(), "{}", o.stderr);
    assert_eq!(o.stdout.lines().count(), 2, "{}", o.stdout);
    let one = dir.run_stdin(&["verify", "--sign", "one"], Some(b"1 6\n3 5\n"));
    assert_eq!(o.stdout, one.stdout);
    // A machine that sees the corpus cut another way is refused.
    dir.write("corpus/0-added.txt", "新加的一篇稿件，排在最前面。");
    let o = sign(
        &dir,
        &["--out", "shared", "--batch-files", "2", "--shard", "0/2"],
    );
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stderr
            .contains("another batching (4 batches there, 5 here"),
        "{}",
        o.stderr
    );
}
