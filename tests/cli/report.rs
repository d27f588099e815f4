//! The report folder, as `chachong report` writes it: files, escaping,
//! charts, determinism, and the page in a real browser.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::util::{arg, browser, root, run, run_cmd, seeds_dir};

fn report(inputs: &[&Path], out: &Path) {
    let mut args = vec!["report", "--quiet"];
    args.extend(inputs.iter().map(|p| arg(p)));
    args.extend(["--out", arg(out)]);
    let o = run(&args);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

/// The ten charts the seeds report must have, with a title each must show
/// (in Chinese, the default language).
const CHART_TITLES: [(&str, &str); 10] = [
    ("similarity.svg", "文章相似度"),
    ("cluster_sizes.svg", "近似文章簇的大小"),
    ("passage_sizes.svg", "重复段落组的大小"),
    ("topic_sizes.svg", "各主题文章数"),
    ("topic_terms.svg", "各主题的关键词"),
    ("document_map.svg", "文章分布图"),
    ("topic_share_by_group.svg", "各组的主题占比（按 source）"),
    ("topic_share_over_time.svg", "主题占比随时间的变化"),
    ("distinctive_terms.svg", "两组的特色词"),
    ("silhouette.svg", "主题数 k 的轮廓系数"),
];

#[test]
fn seeds_report_has_every_file_and_valid_charts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    report(&[&seeds_dir()], &out);
    for f in ["index.html", "report.md", "report.json"] {
        assert!(out.join(f).metadata().unwrap().len() > 500, "{f} too small");
    }
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    for key in [
        "chachong", "summary", "dups", "topics", "compare", "views", "charts", "settings",
    ] {
        assert!(json.get(key).is_some(), "report.json lacks {key}");
    }
    let charts: Vec<&str> = json["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for (file, title) in CHART_TITLES {
        assert!(charts.contains(&file), "{file} not listed: {charts:?}");
        let svg = std::fs::read_to_string(out.join("charts").join(file)).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{file} is not an SVG document"
        );
        assert!(svg.contains(title), "{file} lacks its title {title}");
        assert!(
            svg.contains("Noto Sans CJK SC"),
            "{file} lacks the CJK font chain"
        );
        assert!(
            svg.matches("<text").count() >= 3,
            "{file} has too little text"
        );
    }
    // Axis labels and Chinese labels are in the charts.
    let map = std::fs::read_to_string(out.join("charts/document_map.svg")).unwrap();
    assert!(map.contains("第一主成分") && map.contains("第二主成分"));
    // Every point and bar names itself on hover.
    assert_eq!(
        map.matches("<circle").count() - map.matches("<title>").count(),
        json["topics"]["topics"].as_array().unwrap().len(),
        "one <title> per point; the legend's dots have none"
    );
    assert!(map.contains("<title>以工业互联网平台为抓手探索数字经济发展新路径</title>"));
    let sim = std::fs::read_to_string(out.join("charts/similarity.svg")).unwrap();
    assert!(
        sim.contains("以工业互联网平台为抓手"),
        "titles label the heatmap"
    );
    // The 电博会 passage is one group of two copies inside 004.
    let expo = json["dups"]["passages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["text"].as_str().unwrap().contains("电博会"))
        .expect("the 电博会 passage");
    let docs: Vec<&str> = expo["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["doc"].as_str().unwrap())
        .collect();
    assert_eq!(
        docs,
        vec![
            "seeds/004_6e0b443013e8dd16.txt",
            "seeds/004_6e0b443013e8dd16.txt"
        ]
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("同一篇内重复"),
        "the Chinese tag of a passage repeated inside one document"
    );
    for attr in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "href=\"//",
        "url(http",
    ] {
        assert!(
            !html.contains(attr),
            "the page must not load anything external: {attr}"
        );
    }
}

#[test]
fn the_same_input_gives_byte_identical_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    report(&[&seeds_dir()], &a);
    report(&[&seeds_dir()], &b);
    let mut files = vec![
        "index.html".to_string(),
        "report.md".into(),
        "report.json".into(),
    ];
    for (f, _) in CHART_TITLES {
        files.push(format!("charts/{f}"));
    }
    for f in files {
        assert_eq!(
            std::fs::read(a.join(&f)).unwrap(),
            std::fs::read(b.join(&f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn corpus_text_is_escaped_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("evil");
    std::fs::create_dir_all(&corpus).unwrap();
    let body = "正文里有<script>alert('x')</script>和 A & B 的比较，还有<img src=x onerror=alert(1)>图片标签。";
    let para = "这一段被两篇文章同时转载，长度足够被识别为重复段落，工业互联网平台赋能千行百业。";
    std::fs::write(
        corpus.join("a.jsonl"),
        format!(
            "{{\"id\": \"<b>id</b>\", \"title\": \"标题<script>alert(1)</script> & 副题\", \"source\": \"<i>源</i>\", \"text\": \"{body}\\n{para}\"}}\n{{\"id\": \"b\", \"title\": \"第二篇\", \"text\": \"另一篇文章。\\n{para}\"}}\n"
        ),
    )
    .unwrap();
    let out = tmp.path().join("r");
    report(&[&corpus], &out);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<script"), "a script tag got through");
    assert!(!html.contains("<img src=x"), "an img tag got through");
    assert!(!html.contains("<b>id</b>") && !html.contains("<i>源</i>"));
    assert!(html.contains("标题&lt;script&gt;alert(1)&lt;/script&gt; &amp; 副题"));
    assert!(html.contains("A &amp; B"));
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        !md.contains("<script") && !md.contains("<b>id</b>"),
        "markdown lets markup through"
    );
    for entry in std::fs::read_dir(out.join("charts")).unwrap() {
        let svg = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!svg.contains("<script"), "a chart lets markup through");
    }
}

/// The page in headless Chromium: loads with no console errors, shows the
/// 电博会 passage highlighted twice and every chart, and gives a screenshot.
#[test]
fn seeds_report_in_a_real_browser() {
    let root = root();
    let driver = root.join("tests/browser/check.mjs");
    let Some(chromium) = browser("seeds_report_in_a_real_browser") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("seeds");
    report(&[&seeds_dir()], &out);
    let shot = tmp.path().join("screenshot.png");
    let mut node = Command::new("node");
    node.arg(&driver)
        .arg(out.join("index.html"))
        .arg(&shot)
        .env("CHROMIUM", &chromium);
    let o = run_cmd(&mut node, None, Duration::from_secs(120));
    assert!(o.ok(), "browser driver failed: {}", o.stderr);
    let v = o.json();
    assert_eq!(
        v["errors"].as_array().unwrap().len(),
        0,
        "console errors: {}",
        v["errors"]
    );
    assert_eq!(
        v["external"].as_array().unwrap().len(),
        0,
        "external requests: {}",
        v["external"]
    );
    assert_eq!(v["scripts"], 0);
    let expo = "2021年9月24日-26日,2021中国国际消费电子博览会(简称“电博会”)与青岛国际软件融合创新博览会(简称“软博会”)在青岛国际会展中心举行。";
    let marks: Vec<&Value> = v["marks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["text"] == expo)
        .collect();
    assert_eq!(
        marks.len(),
        2,
        "the 电博会 passage should be highlighted twice: {}",
        v["marks"]
    );
    for m in marks {
        assert_ne!(
            m["background"], "rgba(0, 0, 0, 0)",
            "the mark has no highlight colour"
        );
    }
    // Findings first; the Chinese page names its sections in Chinese.
    assert_eq!(v["sections"][0], "findings", "sections: {}", v["sections"]);
    let headings = v["headings"].to_string();
    assert!(headings.contains("重复段落"), "{headings}");
    assert_inline_charts(&v, CHART_TITLES.len());

    // index.html copied alone to another folder: no chart files beside
    // it, and still every chart drawn, nothing requested.
    let alone = tmp.path().join("alone");
    std::fs::create_dir(&alone).unwrap();
    std::fs::copy(out.join("index.html"), alone.join("index.html")).unwrap();
    let v = drive(
        &driver,
        &alone.join("index.html"),
        &tmp.path().join("alone.png"),
        &chromium,
    );
    assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{}", v["errors"]);
    assert_eq!(
        v["external"].as_array().unwrap().len(),
        0,
        "{}",
        v["external"]
    );
    assert_inline_charts(&v, CHART_TITLES.len());

    // The English page: its twin heading.
    let en = tmp.path().join("en");
    let o = run(&[
        "report",
        "--quiet",
        arg(&seeds_dir()),
        "--out",
        arg(&en),
        "--lang",
        "en",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v = drive(
        &driver,
        &en.join("index.html"),
        &tmp.path().join("en.png"),
        &chromium,
    );
    assert_eq!(v["sections"][0], "findings");
    let headings = v["headings"].to_string();
    assert!(headings.contains("Repeated passages"), "{headings}");
    assert!(!headings.contains("重复段落"), "{headings}");
    assert_inline_charts(&v, CHART_TITLES.len());

    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "screenshot missing or blank"
    );
    // Keep a copy for a person to look at.
    let _ = std::fs::copy(&shot, root.join("target/report-screenshot.png"));
}

#[test]
fn k_and_seed_reach_the_report_and_bad_ones_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let seeds = seeds_dir();
    let o = run(&[
        "report",
        "--quiet",
        "--k",
        "2",
        "--seed",
        "7",
        "--out",
        arg(&out),
        arg(&seeds),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(json["topics"]["k"], 2);
    assert_eq!(json["topics"]["k_chosen_by"], "fixed");
    assert_eq!(json["topics"]["settings"]["seed"], 7);
    assert_eq!(json["dups"]["settings"]["seed"], 7);
    let bad = run(&["report", "--quiet", "--k", "many", arg(&seeds)]);
    assert_eq!(bad.code, 2);
}

#[test]
fn dups_and_topic_settings_reach_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = seeds_dir();
    let report_with = |name: &str, flags: &[&str]| -> (i32, Value) {
        let out = tmp.path().join(name);
        let mut args = vec!["report", "--quiet", "--out", arg(&out)];
        args.extend_from_slice(flags);
        args.push(arg(&seeds));
        let o = run(&args);
        let json = std::fs::read_to_string(out.join("report.json"))
            .map(|s| serde_json::from_str(&s).unwrap())
            .unwrap_or(Value::Null);
        (o.code, json)
    };
    let (code, json) = report_with(
        "tuned",
        &[
            "--threshold",
            "0.7",
            "--min-chars",
            "500",
            "--dims",
            "3",
            "--refine-iters",
            "0",
            "--boilerplate-min-docs",
            "0",
            "--k-rule",
            "best",
        ],
    );
    assert_eq!(code, 0);
    let dups = &json["dups"]["settings"];
    assert_eq!(dups["threshold"], 0.7);
    assert_eq!(dups["passages"]["min_chars"], 500);
    // The 电博会 paragraph of 004 is shorter than 500 characters: no passage
    // is that long in the seeds.
    assert_eq!(json["dups"]["passages"].as_array().unwrap().len(), 0);
    let topics = &json["topics"]["settings"];
    assert_eq!(topics["dims"], 3);
    assert_eq!(topics["refine_iters"], 0);
    assert_eq!(topics["boilerplate_min_docs"], 0);
    assert_eq!(topics["k_rule"], "best");

    // The defaults find the repeated paragraph; a bad setting is exit 2 and
    // writes nothing.
    let (_, json) = report_with("defaults", &[]);
    assert!(!json["dups"]["passages"].as_array().unwrap().is_empty());
    let (code, json) = report_with("bad", &["--threshold", "1.5"]);
    assert_eq!(code, 2);
    assert_eq!(json, Value::Null);
    assert!(!tmp.path().join("bad").exists());
}

#[test]
fn the_report_says_which_document_is_inside_which_and_keeps_the_passage_order() {
    let tmp = tempfile::tempdir().unwrap();
    let input = crate::dups::planted(tmp.path());
    let out = tmp.path().join("r");
    // In English, to read the sentences.
    let o = run(&[
        "report",
        "--quiet",
        arg(&input),
        "--out",
        arg(&out),
        "--lang",
        "en",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let pairs = json["dups"]["near_duplicates"]["pairs"].as_array().unwrap();
    let release = pairs
        .iter()
        .find(|p| p["kind"] == "containment")
        .expect("the release inside the feature");
    assert_eq!(
        (&release["inside"], &release["within"]),
        (&Value::from("release"), &Value::from("feature"))
    );
    let percent = format!("{:.0}%", release["containment"].as_f64().unwrap() * 100.0);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let anchored = |id: &str| {
        let i = json["views"]["documents"]
            .as_array()
            .unwrap()
            .iter()
            .position(|d| d["id"] == id)
            .unwrap();
        // Named by title (the id when it has none), linked to its text.
        let title = json["summary"]["docs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .and_then(|d| d["title"].as_str())
            .unwrap_or(id)
            .to_string();
        format!("<a href=\"#doc-{i}\">{title}</a>")
    };
    let said = format!(
        "{} is {percent} inside {}",
        anchored("release"),
        anchored("feature")
    );
    assert!(html.contains(&said), "{said} not in the page");
    assert!(html.contains("near duplicate (both ways)"));
    assert!(
        md.contains(&format!("| release is {percent} inside feature |")),
        "{md}"
    );
    // The page shows the passages in the dups result's order.
    let shown: Vec<u64> = json["views"]["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["group"].as_u64().unwrap())
        .collect();
    let n = json["dups"]["passages"].as_array().unwrap().len() as u64;
    assert!(n >= 2);
    assert_eq!(shown, (0..n).collect::<Vec<_>>());
}

/// Runs the browser driver on a page and gives what it saw.
fn drive(driver: &Path, page: &Path, shot: &Path, chromium: &str) -> Value {
    let mut node = Command::new("node");
    node.arg(driver)
        .arg(page)
        .arg(shot)
        .env("CHROMIUM", chromium);
    let o = run_cmd(&mut node, None, Duration::from_secs(120));
    assert!(o.ok(), "browser driver failed: {}", o.stderr);
    o.json()
}

/// At least `n` charts, each an inline `<svg>` drawn with a real size and
/// its text, and no `<img>` on the page.
fn assert_inline_charts(v: &Value, n: usize) {
    let charts = v["charts"].as_array().unwrap();
    assert!(charts.len() >= n, "charts: {charts:?}");
    for c in charts {
        assert_eq!(c["tag"], "svg", "not inline: {c}");
        assert!(
            c["width"].as_u64().unwrap() > 100 && c["height"].as_u64().unwrap() > 50,
            "chart not drawn: {c}"
        );
        assert!(c["texts"].as_u64().unwrap() >= 3, "chart without text: {c}");
        assert_eq!(c["shown"], true, "{c}");
    }
    assert_eq!(v["images"], 0, "an <img> on the page");
}
