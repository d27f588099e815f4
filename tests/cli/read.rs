//! Reading real-world input through the real binary: encodings, formats, bad
//! files, and what `report` and `inspect` say about them.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{LIMIT, Out, arg, root, run, run_in};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/mixed")
}

/// Runs `chachong ARGS`, which must exit rather than be killed.
fn exited(args: &[&str]) -> Out {
    let out = run(args);
    assert_ne!(out.code, -1, "killed: {}", out.stderr);
    out
}

fn report(inputs: &[&Path], out_dir: &Path) -> (Out, Option<Value>) {
    let mut args = vec!["report"];
    args.extend(inputs.iter().map(|p| arg(p)));
    args.extend(["--out", arg(out_dir)]);
    let out = exited(&args);
    let json = std::fs::read_to_string(out_dir.join("report.json"))
        .ok()
        .map(|s| serde_json::from_str(&s).expect("report.json parses"));
    (out, json)
}

#[test]
fn bad_files_are_named_and_the_rest_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, json) = report(&[&fixtures()], &tmp.path().join("r"));
    let stderr = &out.stderr;
    assert_eq!(out.code, 0, "{stderr}");
    let json = json.unwrap();
    let summary = &json["summary"];

    let ids: Vec<&str> = summary["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![
            "mixed/bom_article.md",
            "j1",
            "j4",
            "mixed/gbk_article.txt",
            "mixed/page.html"
        ]
    );

    let skipped: Vec<(String, Option<u64>, String)> = summary["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let path = s["path"].as_str().unwrap();
            let name = Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                name,
                s["line"].as_u64(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let find = |name: &str, line: Option<u64>| {
        skipped
            .iter()
            .find(|s| s.0 == name && s.1 == line)
            .unwrap_or_else(|| panic!("{name}:{line:?} not in {skipped:?}"))
            .2
            .clone()
    };
    assert!(find("binary.txt", None).contains("binary"));
    assert!(find("empty.txt", None).contains("empty"));
    assert!(find("notes.pdf", None).contains("unknown extension"));
    assert!(find("broken.jsonl", Some(2)).contains("malformed JSON"));
    assert!(find("broken.jsonl", Some(3)).contains("malformed JSON"));
    assert!(find("broken.jsonl", Some(4)).contains("no `text`"));
    assert_eq!(skipped.len(), 6, "{skipped:?}");

    // And stderr names them too.
    for name in ["binary.txt", "empty.txt", "broken.jsonl:2", "notes.pdf"] {
        assert!(stderr.contains(name), "stderr misses {name}: {stderr}");
    }
}

#[test]
fn encodings_are_detected_and_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, json) = report(&[&fixtures()], &tmp.path().join("r"));
    let docs = json.unwrap()["summary"]["docs"].as_array().unwrap().clone();
    let by_id = |id: &str| docs.iter().find(|d| d["id"] == id).unwrap().clone();
    let gbk = by_id("mixed/gbk_article.txt");
    assert_eq!(gbk["encoding"], "GBK");
    assert_eq!(gbk["title"], "青岛工业互联网发展报告");
    assert_eq!(gbk["source"], "青岛日报");
    assert_eq!(gbk["date"], "2022-05-01");
    let bom = by_id("mixed/bom_article.md");
    assert_eq!(bom["encoding"], "UTF-8 (BOM)");
    assert_eq!(bom["title"], "带BOM的文章");
    assert_eq!(by_id("j1")["source"], "新华网");
}

#[test]
fn html_script_style_and_nav_are_not_body() {
    let page = fixtures().join("page.html");
    let out = exited(&["inspect", "--format", "json", arg(&page)]);
    assert_eq!(out.code, 0);
    let v = out.json();
    assert_eq!(v["meta"]["title"], "网页标题 & 副标题");
    assert_eq!(v["meta"]["author"], "记者甲");
    let body: String = v["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert!(body.contains("这是网页的正文第一段"));
    assert!(body.contains("加粗"));
    for gone in [
        "脚本里的假正文",
        "alert",
        "color",
        "首页",
        "版权所有",
        "<p>",
        "img",
    ] {
        assert!(!body.contains(gone), "body has {gone}: {body}");
    }
    let sentences: Vec<&str> = v["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert!(
        sentences.contains(
            &"第二段有<strong>加粗</strong>的文字和一张图片<img src=\"a.png\" alt=\"图\">。"
        ),
        "{sentences:?}"
    );
    let reasons: Vec<&str> = v["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"code") && reasons.contains(&"image") && reasons.contains(&"furniture")
    );
    // Offsets point into the text as read.
    let tokens = v["tokens"].as_array().unwrap();
    let text = std::fs::read_to_string(fixtures().join("page.html")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for t in tokens {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        let orig: String = chars[s..e].iter().collect();
        assert_eq!(
            chachong::normalize::fold_str(&orig),
            t["word"].as_str().unwrap(),
            "token offsets"
        );
    }
}

#[test]
fn nothing_usable_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("r");
    let (out, json) = report(
        &[
            &fixtures().join("empty.txt"),
            &fixtures().join("binary.txt"),
        ],
        &out_dir,
    );
    assert_eq!(out.code, 2);
    assert!(json.is_none());
    assert!(!out_dir.exists());
    let stderr = &out.stderr;
    assert!(stderr.contains("nothing usable"), "{stderr}");
    assert!(stderr.contains("binary.txt"), "{stderr}");
}

#[test]
fn gzip_and_stdin_are_read() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let gz = tmp.path().join("news.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    writeln!(enc, "{{\"id\": \"g1\", \"text\": \"压缩文件里的文章。\"}}").unwrap();
    enc.finish().unwrap();
    let (out, json) = report(&[&gz], &tmp.path().join("r"));
    assert_eq!(out.code, 0);
    assert_eq!(json.unwrap()["summary"]["docs"][0]["id"], "g1");

    let out = run_in(
        root(),
        &["inspect", "--format", "json", "-"],
        Some("标题行\n来源: 新华网\n\n正文在这里，很长很长的正文。".as_bytes()),
        LIMIT,
    );
    let v = out.json();
    assert_eq!(v["meta"]["title"], "标题行");
    assert_eq!(v["meta"]["source"], "新华网");
}

#[test]
fn the_report_never_goes_into_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "标题\n正文内容，足够长的正文内容。").unwrap();
    let before: Vec<_> = std::fs::read_dir(&corpus).unwrap().collect();
    let (out, _) = report(&[&corpus], &corpus.join("reports"));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("refusing"));
    let after: Vec<_> = std::fs::read_dir(&corpus).unwrap().collect();
    assert_eq!(before.len(), after.len());
}

#[test]
fn inspect_text_marks_what_is_not_body() {
    let seed = root().join("seeds/004_6e0b443013e8dd16.txt");
    let out = exited(&["inspect", "--format", "text", arg(&seed)]);
    assert_eq!(out.code, 0);
    let text = out.stdout;
    assert!(text.contains("source: PChome"));
    assert!(text.contains("⟦header:"));
    assert!(text.contains("⟦furniture: 相关阅读"), "{text}");
    assert!(text.contains("-- sentences"));
    assert!(text.contains("-- top terms"));
}

#[test]
fn unreadable_and_too_large_files_are_skipped_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("good.txt"),
        "好文章\n这是正文，工业互联网平台的发展。",
    )
    .unwrap();
    std::os::unix::fs::symlink(corpus.join("missing-target"), corpus.join("dangling.txt")).unwrap();
    let big = "大".repeat(400_000); // 1.2 MB of UTF-8
    std::fs::write(corpus.join("big.txt"), format!("标题\n{big}")).unwrap();
    let out_dir = tmp.path().join("r");
    let out = exited(&[
        "report",
        "--max-file-mib",
        "1",
        "--out",
        arg(&out_dir),
        arg(&corpus),
    ]);
    assert_eq!(out.code, 0);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("report.json")).unwrap())
            .unwrap();
    let skipped = json["summary"]["skipped"].as_array().unwrap();
    let reason = |name: &str| {
        skipped
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not skipped: {skipped:?}"))["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(reason("big.txt").contains("too large"));
    assert!(reason("dangling.txt").contains("No such file"));
    assert_eq!(json["summary"]["docs"][0]["id"], "corpus/good.txt");
    assert_eq!(json["summary"]["documents"], 1);
}
