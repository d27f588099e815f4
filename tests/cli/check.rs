//! `chachong index` and `chachong check` run as the real binary on the seed
//! articles: verdicts, spans, internal repeats, damaged indexes, `--add`,
//! `--allow`, concurrent rewrites, and the example hook and CI script.

use std::fs;
use std::process::Command;

use crate::util::{BIN, Dir, LIMIT, Out, git, indexed, root, run_cmd, run_in, seed, segment_files};

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

pub(crate) fn seed_paragraph() -> String {
    fs::read_to_string(seed("003"))
        .unwrap()
        .lines()
        .find(|l| l.trim_start().starts_with("10月21至22日"))
        .unwrap()
        .trim()
        .to_string()
}

pub(crate) const FRESH: &str = "海洋里生活着数以万计的浮游生物，它们是整个海洋食物链的基础。科学家们利用新型采样设备，\
    在不同深度连续观测了三个季节，发现水温的细微变化会显著影响浮游生物的种类和数量。这项研究为渔业资源的\
    可持续管理提供了新的依据，也提醒人们关注气候变化对近海生态系统的长期影响。";

#[test]
fn copied_seed_paragraph_fails_with_both_spans() {
    let dir = indexed(&["000", "001", "002", "003"]);
    let para = seed_paragraph();
    let draft = format!("{FRESH}\n\n{para}\n\n编辑部补充说明：以上内容仅供内部讨论。");
    dir.write("draft.md", &draft);
    let o = dir.check_json("draft.md", "corpus.idx");
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v = o.json();
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
    dir.write("fresh.txt", FRESH);
    let o = dir.run(&["check", "fresh.txt", "--against", "corpus.idx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.json()["drafts"][0]["verdict"], "pass");

    dir.write("copy.txt", format!("{FRESH}\n{}", seed_paragraph()));
    let o = dir.run(&[
        "check",
        "copy.txt",
        "--against",
        "corpus.idx",
        "--format",
        "text",
    ]);
    assert_eq!(o.code, 1);
    let text = o.stdout;
    assert!(
        text.contains("FAIL") && text.contains('⟦') && !text.contains('\x1b'),
        "{text}"
    );
}

#[test]
fn stdin_draft_and_in_memory_corpus() {
    let dir = indexed(&["003"]);
    let o = dir.run_stdin(
        &[
            "check",
            "-",
            "--against",
            "corpus",
            "--format",
            "json",
            "-q",
        ],
        Some(seed_paragraph().as_bytes()),
    );
    assert_eq!(o.code, 1);
    assert_eq!(o.json()["drafts"][0]["id"], "-");
}

#[test]
fn seed_004_reports_its_internal_repeat() {
    let dir = indexed(&["000", "001", "002", "003"]);
    let s = seed("004");
    let o = dir.check_json(s.to_str().unwrap(), "corpus.idx");
    assert!(o.code <= 1, "{}", o.stderr);
    let v = o.json();
    let internal = v["drafts"][0]["internal"].as_array().unwrap();
    assert!(
        internal
            .iter()
            .any(|i| i["text"].as_str().unwrap().contains("电博会")
                && i["copies"].as_array().unwrap().len() == 2),
        "{internal:?}"
    );
}

fn expect_error(o: &Out, name: &str) {
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains(name), "{}", o.stderr);
}

#[test]
fn damaged_indexes_and_binary_drafts_are_errors_naming_the_file() {
    let dir = indexed(&["000", "001"]);
    dir.write("fresh.txt", FRESH);
    let good = fs::read(&segment_files(&dir.join("corpus.idx"))[0]).unwrap();

    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x10;
    dir.write("flipped.idx", &flipped);
    let o = dir.run(&["check", "fresh.txt", "--against", "flipped.idx"]);
    expect_error(&o, "flipped.idx");
    assert!(o.stderr.contains("corrupt"));

    dir.write("short.idx", &good[..good.len() / 3]);
    let o = dir.run(&["check", "fresh.txt", "--against", "short.idx"]);
    expect_error(&o, "short.idx");
    assert!(o.stderr.contains("truncated"));

    let mut v9 = good.clone();
    v9[8..12].copy_from_slice(&9u32.to_le_bytes());
    let crc = crc32fast::hash(&v9[..28]);
    v9[28..32].copy_from_slice(&crc.to_le_bytes());
    dir.write("v9.idx", &v9);
    let o = dir.run(&["check", "fresh.txt", "--against", "v9.idx"]);
    expect_error(&o, "v9.idx");
    assert!(o.stderr.contains("version 9"));

    dir.write("empty.idx", b"");
    expect_error(
        &dir.run(&["check", "fresh.txt", "--against", "empty.idx"]),
        "empty.idx",
    );

    dir.write("blob.txt", [0u8, 1, 2, 3, 0, 255, 254, 7, 0, 0]);
    let o = dir.run(&["check", "blob.txt", "--against", "corpus.idx"]);
    expect_error(&o, "blob.txt");
    assert!(o.stderr.contains("binary"));
}

fn source_ids(o: &Out) -> Vec<String> {
    let mut ids: Vec<String> = o.json()["drafts"][0]["passages"]
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
    let dir = Dir::new();
    let para = seed_paragraph();
    dir.write("a/doc.txt", format!("第一版内容。\n{para}"));
    dir.write("draft.txt", format!("{FRESH}\n{para}"));
    assert_eq!(dir.run(&["index", "a", "-o", "c.idx", "-q"]).code, 0);
    let check = || dir.check_json("draft.txt", "c.idx");
    assert_eq!(source_ids(&check()), vec!["a/doc.txt"]);

    // `b/a` is a later version of folder `a`: its files have the same ids.
    // Same id, new text: the paragraph is gone; a new id brings it back.
    dir.write(
        "b/a/doc.txt",
        "替换后的文档只谈山区的交通建设和桥梁维护工作，与稿件毫无关系。",
    );
    dir.write("b/a/new.txt", format!("新来源。{para}"));
    let o = dir.run(&["index", "--add", "b/a", "-o", "c.idx"]);
    assert_eq!(o.code, 0);
    assert!(o.stderr.contains("indexed 2 documents"));
    let o = check();
    assert_eq!(o.code, 1);
    assert_eq!(source_ids(&o), vec!["a/new.txt"]);

    let o = dir.run(&[
        "check",
        "draft.txt",
        "--against",
        "c.idx",
        "--format",
        "json",
        "--allow",
        "a/new.txt",
    ]);
    assert_eq!(o.code, 0);
    assert!(source_ids(&o).is_empty());
}

#[test]
fn check_during_concurrent_adds_never_errs_or_misses() {
    let dir = indexed(&["000", "001", "003"]);
    dir.write("draft.txt", format!("{FRESH}\n{}", seed_paragraph()));
    fs::create_dir(dir.join("extra")).unwrap();
    let writer = {
        let p = dir.path().to_path_buf();
        std::thread::spawn(move || {
            for i in 0..20 {
                fs::write(p.join("extra/x.txt"), format!("{FRESH} 第{i}版。")).unwrap();
                let args = ["index", "--add", "extra", "-o", "corpus.idx", "-q"];
                let o = run_in(&p, &args, None, LIMIT);
                assert_eq!(o.code, 0, "{}", o.stderr);
            }
        })
    };
    let seed_name = format!(
        "corpus/{}",
        seed("003").file_name().unwrap().to_string_lossy()
    );
    for _ in 0..20 {
        let o = dir.check_json("draft.txt", "corpus.idx");
        assert_eq!(o.code, 1, "{}", o.stderr);
        assert!(source_ids(&o).contains(&seed_name));
    }
    writer.join().unwrap();
}

#[test]
fn example_hook_blocks_a_copied_draft_and_ci_script_gates_a_folder() {
    let dir = indexed(&["000", "001", "003"]);
    let p = dir.path();
    let examples = root().join("examples");
    assert!(git(&["init", "-q"], p).ok());
    let hook = p.join(".git/hooks/pre-commit");
    fs::copy(examples.join("pre-commit"), &hook).unwrap();

    dir.write("drafts/fresh.md", FRESH);
    git(&["add", "drafts/fresh.md"], p);
    let o = git(&["commit", "-q", "-m", "fresh"], p);
    assert!(o.ok(), "{}", o.stderr);

    dir.write(
        "drafts/copied.md",
        format!("{FRESH}\n\n{}", seed_paragraph()),
    );
    git(&["add", "drafts/copied.md"], p);
    let o = git(&["commit", "-q", "-m", "copied"], p);
    assert!(!o.ok());
    assert!(o.stderr.contains("commit blocked"));

    let ci = examples.join("ci-check.sh");
    let gate = |folder: &str| {
        let mut sh = Command::new("sh");
        sh.arg(&ci)
            .args([folder, "corpus.idx"])
            .current_dir(p)
            .env("CHACHONG", BIN);
        run_cmd(&mut sh, None, LIMIT)
    };
    assert_eq!(gate("drafts").code, 1);
    fs::remove_file(dir.join("drafts/copied.md")).unwrap();
    assert_eq!(gate("drafts").code, 0);
    assert!(dir.join("chachong-check.json").exists());
}

/// A `.docx` archive whose `word/document.xml` holds `paragraphs`, the
/// first styled as a title, each run cut in two mid-word.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut body = String::new();
    for (i, p) in paragraphs.iter().enumerate() {
        let style = if i == 0 {
            r#"<w:pPr><w:pStyle w:val="Title"/></w:pPr>"#
        } else {
            ""
        };
        let cut = p.char_indices().nth(p.chars().count() / 2).unwrap().0;
        body.push_str(&format!(
            "<w:p>{style}<w:r><w:t>{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>",
            &p[..cut],
            &p[cut..]
        ));
    }
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn docx_draft_reports_the_passages_of_the_same_text_as_txt() {
    let dir = Dir::new();
    let para = seed_paragraph();
    let paragraphs = ["草稿", FRESH, para.as_str()];
    dir.write("d.docx", docx(&paragraphs));
    dir.write("d.txt", paragraphs.join("\n\n"));
    let seeds = crate::util::seeds_dir();
    let seeds = seeds.to_str().unwrap();
    let check = |draft: &str| {
        let o = dir.run(&["check", draft, "--against", seeds, "--format", "json", "-q"]);
        assert_eq!(o.code, 1, "{}", o.stderr);
        o.json()["drafts"][0].clone()
    };
    let (docx, txt) = (check("d.docx"), check("d.txt"));
    assert_eq!(docx["id"], "d.docx");
    assert_eq!(docx["verdict"], "fail");
    let passages = docx["passages"].as_array().unwrap();
    let p = passages
        .iter()
        .find(|p| p["source"]["id"].as_str().unwrap().contains("003"))
        .expect("a passage from seed 003");
    let start = paragraphs[..2]
        .iter()
        .map(|p| p.chars().count() + 2)
        .sum::<usize>() as u64;
    assert!(p["draft"]["start"].as_u64().unwrap() >= start, "{p}");
    // Same text, same offsets: the same passages, spans and scores.
    for key in [
        "chars",
        "verdict",
        "max_containment",
        "passages",
        "internal",
    ] {
        assert_eq!(docx[key], txt[key], "{key}");
    }
}
