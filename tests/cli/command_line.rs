//! The command line as a whole (issue 16): progress only on a terminal,
//! mistakes as errors (exit 2) that say each thing once and name flags,
//! `--by folder` and `--by path:N`, one name per idea, `dups --limit`,
//! topic representatives by title, and the JSON's version and schema keys.

use std::process::Command;

use serde_json::Value;

use crate::compare::{SPORT, TECH, article};
use crate::util::{BIN, Dir, LIMIT, arg, run, run_cmd, seeds_dir};

/// 15 football articles in `corpus/体育/` (five of them one level deeper,
/// in `corpus/体育/2021/`) and 15 chip articles in `corpus/科技/`, as
/// plain text without metadata, so the folders are all that tells the
/// sources apart.
fn by_folders(dir: &Dir) {
    for i in 0..15 {
        let sub = if i < 5 { "体育/2021" } else { "体育" };
        dir.write(&format!("corpus/{sub}/{i:02}.txt"), article(&SPORT, i));
        dir.write(&format!("corpus/科技/{i:02}.txt"), article(&TECH, i));
    }
}

/// The names and `docs_before_dedup` of a comparison's groups.
pub(crate) fn groups(v: &Value) -> Vec<(String, u64)> {
    v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap().to_string(),
                g["docs_before_dedup"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn seeds() -> String {
    arg(&seeds_dir()).to_string()
}

#[test]
fn progress_stays_off_when_stderr_is_piped() {
    let dir = Dir::new();
    by_folders(&dir);
    let seeds = seeds();
    let runs: [&[&str]; 6] = [
        &["dups", &seeds, "--format", "json"],
        &["topics", &seeds, "--format", "json"],
        &["compare", &seeds, "--by", "source", "--format", "json"],
        &["index", &seeds, "-o", "s.idx"],
        &["check", "corpus", "--against", "s.idx", "--format", "json"],
        &["report", &seeds, "--out", "r"],
    ];
    for args in runs {
        // The tests' runner pipes stderr: no terminal.
        let o = dir.run(args);
        assert!(o.code == 0 || o.code == 1, "{args:?}: {o:?}");
        for stage in [
            "reading and segmenting",
            "finding topics",
            "finding near-duplicates",
            "checking drafts",
            "indexing",
            "\r",
            "\u{1b}[",
        ] {
            assert!(
                !o.stderr.contains(stage),
                "{args:?}: progress on a pipe ({stage:?}): {}",
                o.stderr
            );
        }
    }
}

/// `script` runs a command on a pseudo-terminal: what the spinner draws
/// there, with and without `--quiet`.
#[test]
fn progress_shows_on_a_terminal_unless_quiet() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED progress_shows_on_a_terminal_unless_quiet: no `script` (util-linux)");
        return;
    }
    let dir = Dir::new();
    by_folders(&dir);
    let on_tty = |extra: &str| {
        let cmd = format!("{BIN} topics corpus --format json --k 2 {extra} >/dev/null");
        let mut c = Command::new("script");
        c.args(["-qec", &cmd, "/dev/null"]).current_dir(dir.path());
        run_cmd(&mut c, None, LIMIT)
    };
    let o = on_tty("");
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        o.stdout.contains("reading and segmenting") || o.stdout.contains("finding"),
        "no stage named on the terminal: {o:?}"
    );
    let o = on_tty("--quiet");
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        !o.stdout.contains("finding"),
        "--quiet drew progress: {o:?}"
    );
}

#[test]
fn a_by_field_no_document_has_exits_2_listing_the_fields_present() {
    let dir = Dir::new();
    let seeds = seeds();
    for args in [
        &["compare", &seeds, "--by", "nonexistent", "-q"][..],
        &["report", &seeds, "--by", "nonexistent", "--out", "r", "-q"][..],
    ] {
        let o = dir.run(args);
        assert_eq!(o.code, 2, "{args:?}: {o:?}");
        let err = o.stderr.trim();
        assert!(
            err.starts_with("chachong: error: --by: no document has the field `nonexistent`;"),
            "{args:?}: {err}"
        );
        // Every seed has a date, four a source.
        for field in ["date (5)", "date:year (5)", "source (4)", "folder (5)"] {
            assert!(err.contains(field), "{args:?}: {field} missing: {err}");
        }
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert!(!dir.join("r").exists(), "a report was written");
}

#[test]
fn an_input_with_nothing_usable_exits_2() {
    let dir = Dir::new();
    std::fs::create_dir(dir.join("empty")).unwrap();
    dir.write("bad/a.jsonl", "{not json\n{\"id\": \"x\"}\n");
    for (input, says) in [
        (
            "empty",
            "no documents found in empty (0 files with a known extension",
        ),
        (
            "bad",
            "no documents found in bad (nothing usable; skipped: 2)",
        ),
    ] {
        let runs: [&[&str]; 5] = [
            &["dups", input],
            &["topics", input],
            &["compare", input, "--by", "source"],
            &["report", input, "--out", "r"],
            &["index", input, "-o", "x.idx"],
        ];
        for args in runs {
            let o = dir.run(args);
            assert_eq!(o.code, 2, "{args:?}: {o:?}");
            assert!(o.stderr.contains(says), "{args:?}: {}", o.stderr);
            assert!(o.stdout.is_empty(), "{args:?}: {}", o.stdout);
        }
    }
    // Every document left out by --skip-shorter is nothing usable too.
    let o = run(&["topics", &seeds(), "--skip-shorter", "1000000", "-q"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stderr
            .contains("all 5 are shorter than --skip-shorter 1000000"),
        "{o:?}"
    );
}

#[test]
fn by_folder_and_by_path_group_a_corpus_kept_one_folder_per_source() {
    let dir = Dir::new();
    by_folders(&dir);
    let compare = |by: &str| {
        let o = dir.run(&["compare", "corpus", "--by", by, "--format", "json", "-q"]);
        assert_eq!(o.code, 0, "--by {by}: {o:?}");
        o.json()
    };
    // `folder` is the folder a file is in: 体育/2021 is its own.
    assert_eq!(
        groups(&compare("folder")),
        [("2021".into(), 5), ("体育".into(), 10), ("科技".into(), 15)]
    );
    // `path:2` is the second folder of the id: the source, at any depth.
    assert_eq!(
        groups(&compare("path:2")),
        [("体育".into(), 15), ("科技".into(), 15)]
    );
    assert_eq!(groups(&compare("path:1")), [("corpus".into(), 30)]);
    // Only the five deeper files have a third folder.
    assert_eq!(
        groups(&compare("path:3")),
        [("(none)".into(), 25), ("2021".into(), 5)]
    );
    // The groups really differ: each source's own words.
    let v = compare("path:2");
    let sport = &v["groups"][0]["distinctive_terms"][0]["term"];
    assert_eq!(sport, "球队", "{v}");

    let o = dir.run(&["compare", "corpus", "--by", "path:0", "-q"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stderr.contains("path:N takes a folder number from 1"),
        "{o:?}"
    );

    let o = dir.run(&["report", "corpus", "--by", "path:2", "--out", "r", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r/report.json")).unwrap()).unwrap();
    assert_eq!(report["compare"]["by"], "path:2");
    assert_eq!(
        groups(&report["compare"]),
        [("体育".into(), 15), ("科技".into(), 15)]
    );
}

#[test]
fn a_report_without_sources_says_which_fields_it_could_compare_by() {
    let dir = Dir::new();
    let lines: Vec<String> = (0..6)
        .map(|i| {
            let (label, text) = if i % 2 == 0 {
                ("sports", article(&SPORT, i))
            } else {
                ("tech", article(&TECH, i))
            };
            serde_json::json!({"id": format!("d{i}"), "label": label, "text": text}).to_string()
        })
        .collect();
    dir.write("c.jsonl", lines.join("\n"));
    let o = dir.run(&["report", "c.jsonl", "--out", "r"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        o.stderr.contains(
            "no document has a `source` field, so the report compares by the regions read \
             from the text (when some document names one); --by FIELD compares by another \
             (fields present (documents): label (6)"
        ),
        "{}",
        o.stderr
    );
    // These articles name no place: no comparison.
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r/report.json")).unwrap()).unwrap();
    assert!(report["compare"].is_null(), "{}", report["compare"]);
    let o = dir.run(&["report", "c.jsonl", "--out", "r", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(o.stderr.is_empty(), "--quiet: {}", o.stderr);
    let o = dir.run(&["report", "c.jsonl", "--out", "r", "--by", "label", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
}

/// The text of `err` after `chachong: error: `, which must be one line.
fn error_line(o: &crate::util::Out) -> &str {
    let err = o.stderr.trim_end();
    assert_eq!(err.lines().count(), 1, "{err}");
    err.strip_prefix("chachong: error: ")
        .unwrap_or_else(|| panic!("not an error line: {err}"))
}

#[test]
fn error_messages_say_each_thing_once_and_name_flags() {
    let dir = Dir::new();
    let draft = crate::util::seed("000");
    let draft = arg(&draft);

    let o = dir.run(&["check", draft, "--against", "nope.idx"]);
    assert_eq!(o.code, 2, "{o:?}");
    let err = error_line(&o);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(err.starts_with("nope.idx: "), "{err}");

    let o = dir.run(&[
        "check",
        draft,
        "--against",
        "nope.idx",
        "--fail-containment",
        "1.5",
    ]);
    assert_eq!(o.code, 2, "{o:?}");
    assert_eq!(
        error_line(&o),
        "--fail-containment must be in (0, 1], not 1.5"
    );

    let o = dir.run(&["dups", draft, "--threshold", "0", "-q"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert_eq!(error_line(&o), "--threshold must be in (0, 1], not 0");

    let o = dir.run(&["topics", draft, "--topic-max-df", "2", "-q"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert_eq!(error_line(&o), "--topic-max-df must be in (0, 1], not 2");

    // A page folder refused names --html, not --out.
    dir.write("corpus/a.txt", article(&SPORT, 0));
    let o = dir.run(&["index", "corpus", "-o", "c.idx", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    let o = dir.run(&[
        "check",
        "corpus/a.txt",
        "--against",
        "c.idx",
        "--html",
        "corpus",
        "-q",
    ]);
    assert_eq!(o.code, 2, "{o:?}");
    let err = error_line(&o);
    assert!(err.ends_with("(choose another --html)"), "{err}");
    assert!(!err.contains("--out"), "{err}");
    assert_eq!(err.matches("corpus/a.txt").count(), 1, "{err}");

    // A report folder refused names --out, and --force where it helps.
    let o = dir.run(&["report", "corpus", "--out", "corpus", "-q"]);
    assert_eq!(o.code, 2, "{o:?}");
    let err = error_line(&o);
    assert!(err.ends_with("(choose another --out)"), "{err}");
    assert_eq!(err.matches("refusing").count(), 1, "{err}");
    dir.write("notes/x.txt", "not a report");
    let o = dir.run(&["report", "corpus", "--out", "notes", "-q"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        error_line(&o).ends_with("(choose another --out, or --force to replace it)"),
        "{o:?}"
    );
}

#[test]
fn one_name_per_idea_across_commands() {
    let dir = Dir::new();
    by_folders(&dir);
    // A passage length in every command that takes it.
    for args in [
        &[
            "dups",
            "corpus",
            "--min-chars",
            "40",
            "--format",
            "json",
            "-q",
        ][..],
        &["report", "corpus", "--min-chars", "40", "--out", "r", "-q"][..],
    ] {
        let o = dir.run(args);
        assert_eq!(o.code, 0, "{args:?}: {o:?}");
    }
    // `topics --min-chars` was a document filter: it is `--skip-shorter`
    // now, in every command that reads a corpus.
    let o = dir.run(&["topics", "corpus", "--min-chars", "5", "-q"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stderr.contains("unexpected argument '--min-chars'"),
        "{o:?}"
    );
    for cmd in ["dups", "topics"] {
        let o = dir.run(&[
            cmd,
            "corpus",
            "--skip-shorter",
            "1",
            "--format",
            "json",
            "-q",
        ]);
        assert_eq!(o.code, 0, "{cmd}: {o:?}");
    }
    let o = dir.run(&[
        "compare",
        "corpus",
        "--by",
        "path:2",
        "--skip-shorter",
        "1",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(o.code, 0, "{o:?}");
    // The comparison's settings are taken by report too.
    let o = dir.run(&[
        "report",
        "corpus",
        "--by",
        "path:2",
        "--top",
        "3",
        "--min-group-docs",
        "2",
        "--prior-scale",
        "100",
        "--skip-shorter",
        "1",
        "--out",
        "r",
        "-q",
    ]);
    assert_eq!(o.code, 0, "{o:?}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r/report.json")).unwrap()).unwrap();
    assert_eq!(report["compare"]["settings"]["top_terms"], 3);
    assert_eq!(report["compare"]["settings"]["min_group_docs"], 2);
    assert!(
        report["compare"]["groups"][0]["distinctive_terms"]
            .as_array()
            .unwrap()
            .len()
            <= 3,
        "{}",
        report["compare"]
    );
    // -o/--out writes an index as it writes a report; --output still works.
    for flag in ["-o", "--out", "--output"] {
        let o = dir.run(&["index", "corpus", flag, "c.idx", "-q"]);
        assert_eq!(o.code, 0, "{flag}: {o:?}");
    }
}

/// The pair lines of `dups` text: their first score.
fn pair_scores(text: &str) -> Vec<f64> {
    let section = text
        .split("\nNear duplicates")
        .nth(1)
        .expect("a pairs section")
        .split("\n\n")
        .next()
        .unwrap();
    section
        .lines()
        .filter(|l| l.starts_with("  0.") || l.starts_with("  1."))
        .map(|l| {
            let mut scores = l
                .split_whitespace()
                .take(2)
                .map(|s| s.parse::<f64>().unwrap());
            let (j, c) = (scores.next().unwrap(), scores.next().unwrap());
            j.max(c)
        })
        .collect()
}

#[test]
fn dups_text_is_sorted_by_score_and_cut_at_the_limit() {
    let dir = Dir::new();
    // One article, an exact copy, and copies with more and more of it cut:
    // six documents, all near-duplicates of each other at various scores.
    let base: String = (0..15).map(|i| SPORT[i]).collect();
    dir.write("c/0.txt", &base);
    dir.write("c/1.txt", &base);
    let chars: Vec<char> = base.chars().collect();
    for (k, cut) in [(2, 20), (3, 45), (4, 70), (5, 90)] {
        let s: String = chars[..chars.len() - cut].iter().collect();
        dir.write(&format!("c/{k}.txt"), s);
    }
    let o = dir.run(&["dups", "c", "--format", "text", "--limit", "0", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    let all = pair_scores(&o.stdout);
    assert!(all.len() > 3, "{}", o.stdout);
    assert!(
        all.windows(2).all(|w| w[0] >= w[1]),
        "not by score: {all:?}"
    );
    assert_eq!(all[0], 1.0, "the exact copy first: {all:?}");

    let o = dir.run(&["dups", "c", "--format", "text", "--limit", "2", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(pair_scores(&o.stdout), all[..2]);
    assert!(
        o.stdout.contains(&format!(
            "  ... and {} more pairs (--limit 0 shows all; --format json lists every one)",
            all.len() - 2
        )),
        "{}",
        o.stdout
    );
    // The default is a screenful: 20.
    let o = dir.run(&["dups", "c", "--format", "text", "-q"]);
    assert_eq!(pair_scores(&o.stdout).len(), all.len().min(20));
    // JSON holds every pair whatever the limit.
    let o = dir.run(&["dups", "c", "--format", "json", "--limit", "1", "-q"]);
    assert_eq!(
        o.json()["near_duplicates"]["pairs"]
            .as_array()
            .unwrap()
            .len(),
        all.len()
    );
}

#[test]
fn topics_text_names_representatives_by_title() {
    let o = run(&["topics", &seeds(), "--format", "text", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        o.stdout
            .contains("    - 山东工业互联网何以“领跑”全国？  (seeds/001_f0a55db7695c555a.txt)"),
        "{}",
        o.stdout
    );
}

#[test]
fn compare_json_carries_the_topic_labels() {
    let o = run(&[
        "compare",
        &seeds(),
        "--by",
        "source",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(o.code, 0, "{o:?}");
    let v = o.json();
    let labels = v["topic_labels"].as_array().expect("topic_labels");
    let topics = run(&["topics", &seeds(), "--format", "json", "-q"]).json();
    let want: Vec<&Value> = topics["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["label"])
        .collect();
    assert_eq!(labels.iter().collect::<Vec<_>>(), want);
    assert!(
        labels.iter().all(|l| !l.as_str().unwrap().is_empty()),
        "{v}"
    );
    assert_eq!(
        v["groups"][0]["topic_share"].as_array().unwrap().len(),
        labels.len()
    );
}

#[test]
fn every_json_output_opens_with_its_version_and_schema() {
    let dir = Dir::new();
    let seeds = seeds();
    let seed_file = arg(&crate::util::seed("000")).to_string();
    let o = dir.run(&["index", &seeds, "-o", "s.idx", "--format", "json", "-q"]);
    let runs: Vec<(Vec<&str>, &str)> = vec![
        (vec!["dups", &seeds], "chachong.dups/1"),
        (vec!["topics", &seeds], "chachong.topics/1"),
        (
            vec!["compare", &seeds, "--by", "source"],
            "chachong.compare/1",
        ),
        (
            vec!["check", &seeds, "--against", "s.idx"],
            "chachong.check/1",
        ),
        (vec!["inspect", &seed_file], "chachong.inspect/1"),
    ];
    let mut outputs = vec![(o.stdout, "chachong.index/1")];
    for (mut args, schema) in runs {
        args.extend(["--format", "json", "-q"]);
        let o = dir.run(&args);
        assert!(o.code == 0 || o.code == 1, "{args:?}: {o:?}");
        outputs.push((o.stdout, schema));
    }
    let o = dir.run(&["report", &seeds, "--out", "r", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    outputs.push((
        std::fs::read_to_string(dir.join("r/report.json")).unwrap(),
        "chachong.report/1",
    ));
    let version = env!("CARGO_PKG_VERSION");
    for (json, schema) in outputs {
        // One style: pretty, two spaces, the two keys first.
        let head =
            format!("{{\n  \"chachong_version\": \"{version}\",\n  \"schema\": \"{schema}\",\n");
        assert!(
            json.starts_with(&head),
            "{schema}: {}",
            &json[..json.len().min(200)]
        );
        assert!(json.ends_with("}\n"), "{schema}");
    }
}
