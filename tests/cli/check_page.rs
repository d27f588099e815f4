//! `chachong check --html DIR`: the writer's page, written whole, never
//! inside an input, one page per draft, and in a real browser.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::util::{Dir, browser, indexed, root, run_cmd, seed_paragraphs};

const FRESH: &str = "海洋里生活着数以万计的浮游生物，它们是整个海洋食物链的基础。科学家们利用新型采样设备，\
    在不同深度连续观测了三个季节，发现水温的细微变化会显著影响浮游生物的种类和数量。这项研究为渔业资源的\
    可持续管理提供了新的依据，也提醒人们关注气候变化对近海生态系统的长期影响。";

/// A draft copying a paragraph of seed 003 after a fresh one.
fn copying_draft() -> String {
    let para = seed_paragraphs("003")
        .into_iter()
        .find(|p| p.starts_with("10月21至22日"))
        .unwrap();
    format!("{FRESH}\n\n{para}\n")
}

/// The entries of `dir`, sorted, for "nothing was written".
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The marked draft text of a page.
fn doctext(html: &str) -> &str {
    let from = html.find("<div class=\"doctext\">").expect("no draft text");
    &html[from..from + html[from..].find("</div>").unwrap()]
}

fn pct(v: &Value) -> String {
    format!("{:.1}%", v.as_f64().unwrap() * 100.0)
}

#[test]
fn html_writes_the_page_with_the_measures_and_a_second_run_replaces_it() {
    let dir = indexed(&["000", "001", "002", "003"]);
    dir.write("draft.md", copying_draft());
    let plain = dir.check_json("draft.md", "corpus.idx");
    assert_eq!(plain.code, 1, "{}", plain.stderr);
    let o = dir.run(&[
        "check",
        "draft.md",
        "--against",
        "corpus.idx",
        "--format",
        "json",
        "--html",
        "out",
    ]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(o.stdout, plain.stdout, "--html changed stdout");
    let v = o.json();
    let d = &v["drafts"][0];
    let html = fs::read_to_string(dir.join("out/index.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<html lang=\"zh-CN\">"));
    for (label, value) in [
        ("总文字复制比", pct(&d["copy_ratio"])),
        ("去除引用复制比", pct(&d["copy_ratio_excluding_quotes"])),
        ("去除本人复制比", pct(&d["copy_ratio_excluding_self"])),
        ("去除引用与本人复制比", pct(&d["copy_ratio_net"])),
        ("单篇最大复制比", pct(&d["max_single_source"]["ratio"])),
        (
            "最大连续重复字数",
            d["longest_copy_chars"].as_u64().unwrap().to_string(),
        ),
        ("字数", d["chars"].as_u64().unwrap().to_string()),
    ] {
        let row = format!("<td>{label}</td><td class=\"num\">{value}</td>");
        assert!(html.contains(&row), "no {row}");
    }
    assert!(html.contains(d["index"]["checksum"].as_str().unwrap()));
    assert!(html.contains("不通过") && doctext(&html).contains("<mark class=\"copy\""));
    // The source side, with the seed's title.
    let title = d["passages"][0]["source"]["title"].as_str().unwrap();
    assert!(html.contains(title), "no source title {title}");
    assert!(!html.contains("<script"));

    // A second run, another draft: the page is replaced, nothing left over.
    dir.write("draft.md", FRESH);
    let o = dir.run(&[
        "check",
        "draft.md",
        "--against",
        "corpus.idx",
        "--html",
        "out",
        "--lang",
        "en",
        "-q",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = fs::read_to_string(dir.join("out/index.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains(">Pass<"));
    assert!(html.contains("Copy ratio (total)") && !html.contains("总文字复制比"));
    assert!(!doctext(&html).contains("<mark"));
    let left: Vec<String> = listing(dir.path())
        .into_iter()
        .filter(|n| n.starts_with(".out"))
        .collect();
    assert!(left.is_empty(), "temporary folders left: {left:?}");
    assert_eq!(
        listing(&dir.join("out")),
        [".chachong-report", "index.html"]
    );
    // The same run gives the same bytes.
    dir.run(&[
        "check",
        "draft.md",
        "--against",
        "corpus.idx",
        "--html",
        "again",
        "--lang",
        "en",
        "-q",
    ]);
    assert_eq!(
        fs::read(dir.join("again/index.html")).unwrap(),
        html.as_bytes()
    );
}

#[test]
fn html_into_an_input_or_the_working_folder_is_refused_and_nothing_written() {
    let dir = indexed(&["000", "001", "002", "003"]);
    dir.write("drafts/a.md", copying_draft());
    let before = (
        listing(dir.path()),
        listing(&dir.join("drafts")),
        listing(&dir.join("corpus")),
    );
    for (against, out) in [
        ("corpus.idx", "drafts/page"),
        ("corpus.idx", "drafts"),
        ("corpus.idx", "."),
        ("corpus.idx", "corpus.idx"),
        ("corpus", "corpus/page"),
        ("corpus", "corpus"),
    ] {
        let o = dir.run(&["check", "drafts", "--against", against, "--html", out]);
        assert_eq!(o.code, 2, "--against {against} --html {out}: {o:?}");
        assert!(o.stderr.contains("refusing"), "{}", o.stderr);
        assert!(o.stdout.is_empty(), "printed before refusing: {}", o.stdout);
        assert_eq!(
            (
                listing(dir.path()),
                listing(&dir.join("drafts")),
                listing(&dir.join("corpus"))
            ),
            before,
            "--html {out} wrote something"
        );
    }
    // Not a report folder: refused too, its file kept.
    dir.write("notes/keep.txt", "mine");
    let o = dir.run(&[
        "check",
        "drafts",
        "--against",
        "corpus.idx",
        "--html",
        "notes",
    ]);
    assert_eq!(o.code, 2, "{o:?}");
    assert_eq!(listing(&dir.join("notes")), ["keep.txt"]);
}

#[test]
fn html_with_several_drafts_writes_a_page_each_and_an_index() {
    let dir = indexed(&["000", "001", "002", "003"]);
    dir.write("drafts/a.md", copying_draft());
    dir.write("drafts/b.md", FRESH);
    let o = dir.run(&[
        "check",
        "drafts",
        "--against",
        "corpus.idx",
        "--html",
        "out",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v = o.json();
    assert_eq!(
        listing(&dir.join("out")),
        [
            ".chachong-report",
            "draft-1.html",
            "draft-2.html",
            "index.html"
        ]
    );
    let index = fs::read_to_string(dir.join("out/index.html")).unwrap();
    for (i, d) in v["drafts"].as_array().unwrap().iter().enumerate() {
        let id = d["id"].as_str().unwrap();
        let page_name = format!("draft-{}.html", i + 1);
        assert!(
            index.contains(&format!("<a href=\"{page_name}\">{id}</a>")),
            "{id} not linked"
        );
        assert!(index.contains(&pct(&d["copy_ratio"])));
        let page = fs::read_to_string(dir.join("out").join(&page_name)).unwrap();
        assert!(
            page.contains(&format!("<p class=\"id\">{id}</p>")),
            "{page_name}"
        );
        assert!(page.contains("href=\"index.html\""));
        let verdict = if d["verdict"] == "fail" {
            "不通过"
        } else {
            "通过"
        };
        assert!(index.contains(&format!("<td>{verdict}</td>")));
    }
}

/// The page in headless Chromium: a draft with a copied seed paragraph, an
/// attributed quotation of another seed, a reworded paragraph and a hostile
/// line; loads with no console error, no request and no script, shows the
/// three colours, keeps the hostile line as text; gives a screenshot
/// (kept in target/check-page.png).
#[test]
fn check_page_in_a_real_browser() {
    let root = root();
    let driver = root.join("tests/browser/check_page.mjs");
    let Some(chromium) = browser("check_page_in_a_real_browser") else {
        return;
    };
    let dir = Dir::new();
    let copied = seed_paragraphs("003")
        .into_iter()
        .find(|p| p.starts_with("10月21至22日"))
        .unwrap();
    let quoted = seed_paragraphs("002")
        .into_iter()
        .find(|p| p.starts_with("工业互联网平台是面向"))
        .unwrap();
    let quoted = &quoted[..quoted.find('。').unwrap() + '。'.len_utf8()];
    // Seed 001's second paragraph, in other words.
    let reworded = "全省上下提出要大力推进工业互联网建设，力争成为国家级工业互联网发展示范区；济南制定了工业互联网创新发展三年行动计划，\
        青岛则喊出建设世界工业互联网之都的口号。这几年山东抢抓工业互联网的发展机会，先行一步做大做强，把先发优势转成领跑优势。";
    let hostile =
        "<script>alert(1)</script> \"><img src=x onerror=alert(2)> &amp; 编辑部补充说明。";
    let draft = format!(
        "# 工业互联网观察\n\n{FRESH}\n\n{copied}\n\n有关负责人表示：“{quoted}”\n\n{reworded}\n\n{hostile}\n"
    );
    dir.write("draft.md", &draft);
    let seeds = root.join("seeds");
    let o = dir.run(&[
        "check",
        "draft.md",
        "--against",
        seeds.to_str().unwrap(),
        "--reworded-threshold",
        "0.3",
        "--html",
        "out",
        "-q",
    ]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let shot = dir.join("check-page.png");
    let mut node = Command::new("node");
    node.arg(&driver)
        .arg(dir.join("out/index.html"))
        .arg(&shot)
        .env("CHROMIUM", &chromium);
    let o = run_cmd(&mut node, None, Duration::from_secs(120));
    assert!(o.ok(), "browser driver failed: {}", o.stderr);
    let v = o.json();
    for key in ["errors", "external", "dialogs"] {
        assert_eq!(v[key].as_array().unwrap().len(), 0, "{key}: {}", v[key]);
    }
    assert_eq!(v["scripts"], 0);
    assert_eq!(v["images"], 0);
    assert_eq!(v["lang"], "zh-CN");
    assert_eq!(
        v["sections"],
        serde_json::json!([
            "measures", "text", "sections", "sources", "passages", "reworded"
        ])
    );
    // The three colours, each its own, none transparent.
    let colour = |class: &str, holding: &str| -> String {
        let marks = v[class].as_array().unwrap();
        let m = marks
            .iter()
            .find(|m| m["text"].as_str().unwrap().contains(holding))
            .unwrap_or_else(|| panic!("no {class} mark holding {holding}: {}", v[class]));
        m["background"].as_str().unwrap().to_string()
    };
    let red = colour("copy", "两化融合暨工业互联网平台大会");
    let orange = colour("reworded", "青岛则喊出");
    let yellow = colour("quote", "构建基于海量数据采集");
    for c in [&red, &orange, &yellow] {
        assert_ne!(c, "rgba(0, 0, 0, 0)", "a mark has no colour");
    }
    assert!(
        red != orange && orange != yellow && red != yellow,
        "{red} {orange} {yellow}"
    );
    // The quotation is also copied: yellow, underlined.
    let quote = &v["quote"][0];
    assert_eq!(quote["classes"], "quote copied");
    assert_eq!(quote["decoration"], "underline");
    // The hostile line is text on the page, as typed.
    assert!(v["doctext"].as_str().unwrap().contains(hostile));
    assert!(
        v["measures"][0]
            .as_str()
            .unwrap()
            .starts_with("总文字复制比"),
        "{}",
        v["measures"]
    );
    let png = fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 50_000,
        "screenshot missing or blank"
    );
    // Keep a copy for a person to look at.
    let _ = fs::copy(&shot, root.join("target/check-page.png"));
}
