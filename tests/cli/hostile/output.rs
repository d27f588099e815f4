//! Regressions: writing and showing output (report folders, Markdown, SVG,
//! the terminal).

use std::fs;
use std::time::Duration;

use crate::util::{Dir, LIMIT, chachong, run_in, seed_paragraphs, start};

/// A small corpus of two seeds in `corpus/` of `dir`.
fn corpus(dir: &Dir) {
    dir.seed("000", "corpus/a.md");
    dir.seed("004", "corpus/b.md");
}

#[test]
fn report_out_refuses_an_unrelated_folder_and_keeps_its_files() {
    let dir = Dir::new();
    corpus(&dir);
    dir.write("mine/notes.txt", "my notes");
    let out = dir.run(&["report", "corpus", "-o", "mine", "--k", "2", "-q"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("mine") && out.stderr.contains("--force"),
        "{}",
        out.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.join("mine/notes.txt")).unwrap(),
        "my notes"
    );
    // --force replaces it, and the result is a report that a later run may
    // replace without --force.
    let out = dir.run(&[
        "report", "corpus", "-o", "mine", "--k", "2", "-q", "--force",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!dir.join("mine/notes.txt").exists());
    let out = dir.run(&["report", "corpus", "-o", "mine", "--k", "2", "-q"]);
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn report_out_dot_never_empties_the_working_folder() {
    let dir = Dir::new();
    corpus(&dir);
    dir.write("work/keep.txt", "x");
    let cwd = dir.join("work");
    for target in [".", "..", "./"] {
        let out = run_in(
            &cwd,
            &["report", "../corpus", "-o", target, "--force", "-q"],
            None,
            LIMIT,
        );
        assert_eq!(out.code, 2, "-o {target}: {out:?}");
        assert!(out.stderr.contains("working folder"), "{}", out.stderr);
    }
    assert!(dir.join("work/keep.txt").exists());
    assert!(dir.join("corpus/a.md").exists());
}

#[test]
fn report_out_refusal_names_the_relation_the_right_way_round() {
    let dir = Dir::new();
    corpus(&dir);
    let out = dir.run(&["report", "corpus", "-o", "corpus/r", "--force", "-q"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("corpus/r: it is inside the input corpus"),
        "{}",
        out.stderr
    );
    // A folder holding an input is never replaced, even with --force.
    let out = dir.run(&["report", "corpus/a.md", "-o", "corpus", "--force", "-q"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("it is or holds the input corpus/a.md"),
        "{}",
        out.stderr
    );
    assert!(dir.join("corpus/a.md").exists());
}

#[test]
fn report_killed_between_renames_keeps_the_old_report() {
    let dir = Dir::new();
    corpus(&dir);
    let out = dir.run(&["report", "corpus", "-o", "r", "--k", "2", "-q"]);
    assert_eq!(out.code, 0, "{out:?}");
    let old = fs::read(dir.join("r/report.json")).unwrap();
    // What a kill -9 between "old aside" and "new into place" leaves: the
    // old report set aside, nothing at --out, and a half-written temporary
    // folder.
    fs::rename(dir.join("r"), dir.join(".r.old-4242")).unwrap();
    dir.write(".r.tmp-4243/.chachong-report", "x");
    dir.write(".r.tmp-4243/report.json", "{half");
    // A reader between the kill and the next run finds nothing at r; the
    // next run restores the old report first, then replaces it whole.
    let out = dir.run(&["report", "corpus", "-o", "r", "--k", "2", "-q"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(fs::read(dir.join("r/report.json")).unwrap(), old);
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains(".tmp-") || n.contains(".old-")),
        "left behind: {names:?}"
    );
}

#[test]
fn report_killed_at_random_never_loses_the_old_report() {
    let dir = Dir::new();
    corpus(&dir);
    let out = dir.run(&["report", "corpus", "-o", "r", "--k", "2", "-q"]);
    assert_eq!(out.code, 0, "{out:?}");
    for i in 0..4u64 {
        let args = ["report", "corpus", "-o", "r", "--k", "2", "-q"];
        let mut child = start(&mut chachong(dir.path(), &args), None);
        std::thread::sleep(Duration::from_millis(300 + 250 * i));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever the moment of the kill, a report is in place (the old
        // or the new one), or the next run puts the old one back.
        let out = dir.run(&["report", "corpus", "-o", "r", "--k", "2", "-q"]);
        assert_eq!(out.code, 0, "{out:?}");
        assert!(dir.join("r/report.json").is_file());
    }
}

/// A JSONL corpus whose titles and text carry control characters, bare
/// URLs, an email address and strikethrough marks.
fn hostile_jsonl(dir: &Dir) {
    let paras = seed_paragraphs("000");
    let mut lines = String::new();
    for (i, p) in paras.iter().take(4).enumerate() {
        let rec = serde_json::json!({
            "id": format!("doc{i}"),
            "title": format!("标题{i}\u{1b}[2J\u{8}\u{0}"),
            "source": format!("来源{}\u{1b}[2J", i % 2),
            "text": format!("{p}\u{1b}[31m{p} 详见 https://evil.example/x 和 www.evil.cn，联系 a@b.cn，~~删除~~。{p}"),
        });
        lines.push_str(&rec.to_string());
        lines.push('\n');
    }
    dir.write("c.jsonl", lines);
}

#[test]
fn report_md_has_no_autolinks_or_strikethrough_from_corpus_text() {
    let dir = Dir::new();
    hostile_jsonl(&dir);
    let out = dir.run(&["report", "c.jsonl", "-o", "r", "--k", "2", "-q"]);
    assert_eq!(out.code, 0, "{out:?}");
    let md = fs::read_to_string(dir.join("r/report.md")).unwrap();
    for bad in ["https://evil", "www.evil", "a@b.cn", "~~删除", "\u{1b}"] {
        assert!(!md.contains(bad), "report.md holds {bad:?}");
    }
}

#[test]
fn control_characters_in_titles_keep_every_svg_valid() {
    let dir = Dir::new();
    hostile_jsonl(&dir);
    let out = dir.run(&["report", "c.jsonl", "-o", "r", "--k", "2", "-q"]);
    assert_eq!(out.code, 0, "{out:?}");
    let mut n = 0;
    for e in fs::read_dir(dir.join("r/charts")).unwrap() {
        let path = e.unwrap().path();
        let svg = fs::read_to_string(&path).unwrap();
        let bad = svg
            .chars()
            .find(|&c| c < ' ' && !matches!(c, '\n' | '\t' | '\r'));
        assert_eq!(bad, None, "{} is not valid XML", path.display());
        n += 1;
    }
    assert!(n >= 5, "only {n} charts");
}

#[test]
fn text_output_and_errors_escape_terminal_control_sequences() {
    let dir = Dir::new();
    hostile_jsonl(&dir);
    let raw = |s: &str| {
        s.chars()
            .any(|c| c == '\u{1b}' || c == '\u{8}' || c == '\u{0}')
    };
    // Whether the command shows the hostile field (as a visible escape).
    for (cmd, shows) in [
        (
            &["dups", "c.jsonl", "--format", "text", "--min-chars", "20"][..],
            false,
        ),
        (
            &["topics", "c.jsonl", "--format", "text", "--k", "2"][..],
            false,
        ),
        (
            &[
                "compare", "c.jsonl", "--by", "source", "--format", "text", "--k", "2",
            ][..],
            true,
        ),
        (&["inspect", "c.jsonl", "--format", "text"][..], true),
    ] {
        let out = dir.run(cmd);
        assert_eq!(out.code, 0, "{cmd:?}: {out:?}");
        assert!(!raw(&out.stdout), "{cmd:?} printed a raw control character");
        assert!(
            !shows || out.stdout.contains("\\u{1b}["),
            "{cmd:?}: {}",
            out.stdout
        );
    }
    let out = dir.run(&["dups", "missing\u{1b}[2J.txt"]);
    assert_eq!(out.code, 2);
    assert!(!raw(&out.stderr), "{:?}", out.stderr);
}
