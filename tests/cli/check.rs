//! `chachong index` and `chachong check` run as the real binary on the seed
//! articles: verdicts, spans, internal repeats, damaged indexes, `--add`,
//! `--allow`, concurrent rewrites, and the example hook and CI script.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_chachong");

fn seed(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

/// A temp dir with `corpus/` holding the seeds named by prefix, indexed
/// into `corpus.idx`.
fn indexed(prefixes: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    for p in prefixes {
        let s = seed(p);
        fs::copy(&s, corpus.join(s.file_name().unwrap())).unwrap();
    }
    let o = run(&["index", "corpus", "-o", "corpus.idx", "-q"], dir.path());
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

/// Letters, digits and CJK only, lowercased: what matching compares.
fn matchable(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn seed_paragraph() -> String {
    fs::read_to_string(seed("003"))
        .unwrap()
        .lines()
        .find(|l| l.trim_start().starts_with("10月21至22日"))
        .unwrap()
        .trim()
        .to_string()
}

const FRESH: &str = "海洋里生活着数以万计的浮游生物，它们是整个海洋食物链的基础。科学家们利用新型采样设备，\
    在不同深度连续观测了三个季节，发现水温的细微变化会显著影响浮游生物的种类和数量。这项研究为渔业资源的\
    可持续管理提供了新的依据，也提醒人们关注气候变化对近海生态系统的长期影响。";

#[test]
fn copied_seed_paragraph_fails_with_both_spans() {
    let dir = indexed(&["000", "001", "002", "003"]);
    let para = seed_paragraph();
    let draft = format!("{FRESH}\n\n{para}\n\n编辑部补充说明：以上内容仅供内部讨论。");
    fs::write(dir.path().join("draft.md"), &draft).unwrap();
    let o = run(
        &[
            "check",
            "draft.md",
            "--against",
            "corpus.idx",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    let d = &v["drafts"][0];
    assert_eq!(d["verdict"], "fail");
    let seed_name = format!(
        "corpus/{}",
        seed("003").file_name().unwrap().to_string_lossy()
    );
    let p = d["passages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"]["id"] == seed_name.as_str())
        .expect("a passage from seed 003");
    let seed_text = fs::read_to_string(seed("003")).unwrap();
    let (ds, de) = (
        p["draft"]["start"].as_u64().unwrap(),
        p["draft"]["end"].as_u64().unwrap(),
    );
    let (ss, se) = (
        p["source"]["start"].as_u64().unwrap(),
        p["source"]["end"].as_u64().unwrap(),
    );
    let in_draft = matchable(&slice(&draft, ds, de));
    assert_eq!(in_draft, matchable(&slice(&seed_text, ss, se)));
    assert_eq!(in_draft, matchable(p["draft"]["text"].as_str().unwrap()));
    assert!(in_draft.len() * 10 >= matchable(&para).len() * 9);
    assert!(p["source"]["title"].is_string());
}

#[test]
fn fresh_text_passes_and_text_format_brackets_passages() {
    let dir = indexed(&["000", "001", "002", "003"]);
    fs::write(dir.path().join("fresh.txt"), FRESH).unwrap();
    let o = run(
        &["check", "fresh.txt", "--against", "corpus.idx"],
        dir.path(),
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(json(&o)["drafts"][0]["verdict"], "pass");

    let draft = format!("{FRESH}\n{}", seed_paragraph());
    fs::write(dir.path().join("copy.txt"), draft).unwrap();
    let o = run(
        &[
            "check",
            "copy.txt",
            "--against",
            "corpus.idx",
            "--format",
            "text",
        ],
        dir.path(),
    );
    assert_eq!(code(&o), 1);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("FAIL") && text.contains('⟦') && !text.contains('\x1b'),
        "{text}"
    );
}

#[test]
fn stdin_draft_and_in_memory_corpus() {
    let dir = indexed(&["003"]);
    let mut child = Command::new(BIN)
        .args([
            "check",
            "-",
            "--against",
            "corpus",
            "--format",
            "json",
            "-q",
        ])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(seed_paragraph().as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 1);
    assert_eq!(json(&o)["drafts"][0]["id"], "-");
}

#[test]
fn seed_004_reports_its_internal_repeat() {
    let dir = indexed(&["000", "001", "002", "003"]);
    let s = seed("004");
    let o = run(
        &[
            "check",
            s.to_str().unwrap(),
            "--against",
            "corpus.idx",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(code(&o) <= 1, "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    let internal = v["drafts"][0]["internal"].as_array().unwrap();
    assert!(
        internal
            .iter()
            .any(|i| i["text"].as_str().unwrap().contains("电博会")
                && i["copies"].as_array().unwrap().len() == 2),
        "{internal:?}"
    );
}

fn expect_error(o: &Output, name: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(code(o), 2, "{err}");
    assert!(err.contains(name), "{err}");
}

#[test]
fn damaged_indexes_and_binary_drafts_are_errors_naming_the_file() {
    let dir = indexed(&["000", "001"]);
    let p = dir.path();
    fs::write(p.join("fresh.txt"), FRESH).unwrap();
    let good = fs::read(p.join("corpus.idx")).unwrap();

    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x10;
    fs::write(p.join("flipped.idx"), &flipped).unwrap();
    let o = run(&["check", "fresh.txt", "--against", "flipped.idx"], p);
    expect_error(&o, "flipped.idx");
    assert!(String::from_utf8_lossy(&o.stderr).contains("corrupt"));

    fs::write(p.join("short.idx"), &good[..good.len() / 3]).unwrap();
    let o = run(&["check", "fresh.txt", "--against", "short.idx"], p);
    expect_error(&o, "short.idx");
    assert!(String::from_utf8_lossy(&o.stderr).contains("truncated"));

    let mut v9 = good.clone();
    v9[8..12].copy_from_slice(&9u32.to_le_bytes());
    let crc = crc32fast::hash(&v9[..28]);
    v9[28..32].copy_from_slice(&crc.to_le_bytes());
    fs::write(p.join("v9.idx"), &v9).unwrap();
    let o = run(&["check", "fresh.txt", "--against", "v9.idx"], p);
    expect_error(&o, "v9.idx");
    assert!(String::from_utf8_lossy(&o.stderr).contains("version 9"));

    fs::write(p.join("empty.idx"), b"").unwrap();
    expect_error(
        &run(&["check", "fresh.txt", "--against", "empty.idx"], p),
        "empty.idx",
    );

    fs::write(p.join("blob.txt"), [0u8, 1, 2, 3, 0, 255, 254, 7, 0, 0]).unwrap();
    let o = run(&["check", "blob.txt", "--against", "corpus.idx"], p);
    expect_error(&o, "blob.txt");
    assert!(String::from_utf8_lossy(&o.stderr).contains("binary"));
}

fn source_ids(o: &Output) -> Vec<String> {
    let mut ids: Vec<String> = json(o)["drafts"][0]["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"]["id"].as_str().unwrap().to_string())
        .collect();
    ids.dedup();
    ids
}

#[test]
fn add_replaces_an_id_and_adds_new_ones_and_allow_exempts() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir_all(p.join("a")).unwrap();
    // A later version of folder `a`: its files have the same ids.
    fs::create_dir_all(p.join("b/a")).unwrap();
    let para = seed_paragraph();
    fs::write(p.join("a/doc.txt"), format!("第一版内容。\n{para}")).unwrap();
    fs::write(p.join("draft.txt"), format!("{FRESH}\n{para}")).unwrap();
    assert_eq!(code(&run(&["index", "a", "-o", "c.idx", "-q"], p)), 0);
    let check = || {
        run(
            &[
                "check",
                "draft.txt",
                "--against",
                "c.idx",
                "--format",
                "json",
            ],
            p,
        )
    };
    assert_eq!(source_ids(&check()), vec!["a/doc.txt"]);

    // Same id, new text: the paragraph is gone; a new id brings it back.
    fs::write(
        p.join("b/a/doc.txt"),
        "替换后的文档只谈山区的交通建设和桥梁维护工作，与稿件毫无关系。",
    )
    .unwrap();
    fs::write(p.join("b/a/new.txt"), format!("新来源。{para}")).unwrap();
    let o = run(&["index", "--add", "b/a", "-o", "c.idx"], p);
    assert_eq!(code(&o), 0);
    assert!(String::from_utf8_lossy(&o.stderr).contains("indexed 2 documents"));
    let o = check();
    assert_eq!(code(&o), 1);
    assert_eq!(source_ids(&o), vec!["a/new.txt"]);

    let o = run(
        &[
            "check",
            "draft.txt",
            "--against",
            "c.idx",
            "--format",
            "json",
            "--allow",
            "a/new.txt",
        ],
        p,
    );
    assert_eq!(code(&o), 0);
    assert!(source_ids(&o).is_empty());
}

#[test]
fn check_during_concurrent_adds_never_errs_or_misses() {
    let dir = indexed(&["000", "001", "003"]);
    let p = dir.path().to_path_buf();
    fs::write(
        p.join("draft.txt"),
        format!("{FRESH}\n{}", seed_paragraph()),
    )
    .unwrap();
    fs::create_dir(p.join("extra")).unwrap();
    let writer = {
        let p = p.clone();
        std::thread::spawn(move || {
            for i in 0..20 {
                fs::write(p.join("extra/x.txt"), format!("{FRESH} 第{i}版。")).unwrap();
                let o = run(&["index", "--add", "extra", "-o", "corpus.idx", "-q"], &p);
                assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
            }
        })
    };
    let seed_name = format!(
        "corpus/{}",
        seed("003").file_name().unwrap().to_string_lossy()
    );
    for _ in 0..20 {
        let o = run(
            &[
                "check",
                "draft.txt",
                "--against",
                "corpus.idx",
                "--format",
                "json",
            ],
            &p,
        );
        assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
        assert!(source_ids(&o).contains(&seed_name));
    }
    writer.join().unwrap();
}

fn git(args: &[&str], cwd: &Path) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(cwd)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("CHACHONG", BIN)
        .output()
        .unwrap()
}

#[test]
fn example_hook_blocks_a_copied_draft_and_ci_script_gates_a_folder() {
    let dir = indexed(&["000", "001", "003"]);
    let p = dir.path();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    assert!(git(&["init", "-q"], p).status.success());
    let hook = p.join(".git/hooks/pre-commit");
    fs::copy(examples.join("pre-commit"), &hook).unwrap();
    fs::create_dir(p.join("drafts")).unwrap();

    fs::write(p.join("drafts/fresh.md"), FRESH).unwrap();
    git(&["add", "drafts/fresh.md"], p);
    let o = git(&["commit", "-q", "-m", "fresh"], p);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    fs::write(
        p.join("drafts/copied.md"),
        format!("{FRESH}\n\n{}", seed_paragraph()),
    )
    .unwrap();
    git(&["add", "drafts/copied.md"], p);
    let o = git(&["commit", "-q", "-m", "copied"], p);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("commit blocked"));

    let ci = examples.join("ci-check.sh");
    let gate = |folder: &str| {
        Command::new("sh")
            .arg(&ci)
            .args([folder, "corpus.idx"])
            .current_dir(p)
            .env("CHACHONG", BIN)
            .output()
            .unwrap()
    };
    assert_eq!(code(&gate("drafts")), 1);
    fs::remove_file(p.join("drafts/copied.md")).unwrap();
    assert_eq!(code(&gate("drafts")), 0);
    assert!(p.join("chachong-check.json").exists());
}
