//! The report page and Markdown as a reader meets them: the headline
//! figure (body text copied from elsewhere in the corpus) on a corpus with
//! a planted copy, the documents table's order and metadata columns, the
//! skipped inputs collapsed, and the labels in both languages.

use serde_json::Value;

use crate::util::Dir;

/// The passage both `a` and `b` carry: 58 characters, long enough to be
/// found (30 by default), with nothing like it elsewhere.
const SHARED: &str = "这一段文字被两篇文章同时转载，用来检验复制比的计算是否与手算结果完全一致，不多也不少，一字不差地出现在两篇文章里面。";

/// Text unlike anything else in the corpus, `n` characters of it, from
/// a seed so that two calls differ.
fn unique(seed: u32, n: usize) -> String {
    // Common characters in an order no two documents share.
    let pool: Vec<char> =
        "春夏秋冬东南西北山川河海日月星辰风雨雷电金木水火土天地人和上中下左右前后花草树木鸟兽虫鱼"
            .chars()
            .collect();
    let mut x = seed.wrapping_mul(2654435761).wrapping_add(12345);
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1103515245).wrapping_add(12345);
            pool[(x >> 16) as usize % pool.len()]
        })
        .collect()
}

fn corpus(dir: &Dir) -> std::path::PathBuf {
    let a = format!("{}\n{SHARED}", unique(1, 120));
    let b = format!("{}\n{SHARED}\n{}", unique(2, 60), unique(3, 20));
    // `c` repeats a passage inside itself only: not copied from elsewhere.
    let own = unique(4, 60);
    let c = format!("{own}\n{}\n{own}", unique(5, 50));
    let d = unique(6, 200);
    let line = |id: &str, title: &str, label: &str, text: &str| {
        serde_json::json!({"id": id, "title": title, "label": label, "folder": format!("dir-{label}"), "text": text})
            .to_string()
    };
    dir.write(
        "corpus/news.jsonl",
        [
            line("a", "甲文", "x", &a),
            line("b", "乙文", "y", &b),
            line("c", "丙文", "x", &c),
            line("d", "丁文", "y", &d),
            r#"{"id": "e", "title": "空文", "text": ""}"#.to_string(),
        ]
        .join("\n")
            + "\n",
    );
    dir.join("corpus")
}

fn report(dir: &Dir, lang: &str) -> (Value, String, String) {
    let input = corpus(dir);
    let out = dir.join(&format!("r-{lang}"));
    let o = dir.run(&[
        "report",
        "-q",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--lang",
        lang,
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    (json, html, md)
}

fn body_chars(json: &Value, id: &str) -> u64 {
    json["summary"]["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap()["body_chars"]
        .as_u64()
        .unwrap()
}

#[test]
fn the_headline_share_is_the_planted_copy_counted_by_hand() {
    let dir = Dir::new();
    let (json, html, md) = report(&dir, "zh");
    let shared = SHARED.chars().count() as u64;
    let copied = &json["views"]["copied"];
    // By hand: the shared passage in a and in b; c's own repeat does not
    // count; every document's body counts below the line.
    let body: u64 = ["a", "b", "c", "d"]
        .iter()
        .map(|d| body_chars(&json, d))
        .sum();
    assert_eq!(copied["body_chars"].as_u64().unwrap(), body);
    assert_eq!(
        copied["copied_chars"].as_u64().unwrap(),
        2 * shared,
        "{copied}"
    );
    assert_eq!(copied["documents"], 2);
    let share = (2 * shared) as f64 / body as f64;
    assert!(
        (copied["share"].as_f64().unwrap() - share).abs() < 1e-4,
        "{} against {share}",
        copied["share"]
    );
    // Per document: b's share is higher than a's (a shorter body), so b
    // comes first.
    let docs: Vec<(&str, u64)> = copied["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap(),
                d["copied_chars"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(docs, vec![("b", shared), ("a", shared)]);
    // The page opens on it: the first section is the headline, with the
    // figure as the page prints it.
    let first = html.find("<section").unwrap();
    assert!(
        html[first..].starts_with("<section id=\"findings\""),
        "first section: {}",
        &html[first..first + 60]
    );
    // Printed as the page prints shares: whole percents from 10% up.
    assert!(share > 0.1);
    let pct = format!("{:.0}%", share * 100.0);
    let findings = &html[first..html[first..].find("</section>").unwrap() + first];
    assert!(findings.contains(&pct), "{pct} not in {findings}");
    assert!(findings.contains("乙文") && findings.contains("甲文"));
    assert!(md.contains(&format!("**{pct}**")), "Markdown lacks {pct}");
}

#[test]
fn the_documents_table_is_by_copied_share_with_every_metadata_field() {
    let dir = Dir::new();
    let (json, html, md) = report(&dir, "zh");
    // summary.docs carries the input's own fields.
    let a = &json["summary"]["docs"].as_array().unwrap()[0];
    assert_eq!(a["fields"]["label"], "x", "{a}");
    assert_eq!(a["fields"]["folder"], "dir-x", "{a}");
    // The table: label and folder columns, rows by copied share then id.
    let start = html.find("<section id=\"documents\"").unwrap();
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    assert!(table.contains("<th>folder</th>") && table.contains("<th>label</th>"));
    assert!(table.contains("dir-y"));
    let order: Vec<usize> = ["乙文", "甲文", "丙文", "丁文"]
        .iter()
        .map(|t| {
            table
                .find(t)
                .unwrap_or_else(|| panic!("{t} not in the table"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "rows out of order: {order:?}"
    );
    // Titles, not ids, name the documents; the id stands small below.
    assert!(table.contains("<span class=\"id\">b</span>"));
    let md_rows: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("## 文章"))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| 标题"))
        .collect();
    assert!(
        md_rows[0].contains("乙文") && md_rows[1].contains("甲文"),
        "{md_rows:?}"
    );
}

#[test]
fn skipped_inputs_are_counted_by_reason_and_listed_collapsed_at_the_end() {
    let dir = Dir::new();
    let (json, html, _) = report(&dir, "zh");
    assert_eq!(json["summary"]["skipped"].as_array().unwrap().len(), 1);
    assert_eq!(json["views"]["skipped"][0]["count"], 1);
    let reason = json["views"]["skipped"][0]["reason"].as_str().unwrap();
    // One line near the top, the full list in <details> in the last section.
    let findings = html.find("id=\"findings\"").unwrap();
    let skipped = html.find("<section id=\"skipped\"").unwrap();
    assert!(html[findings..skipped].contains("跳过 1 项输入"));
    let last = html.rfind("<section").unwrap();
    assert_eq!(last, skipped, "the skipped list is not the last section");
    let details = &html[skipped..];
    assert!(details.contains("<details><summary>"), "{details}");
    assert!(details.contains("news.jsonl") && details.contains(&crate::report_esc(reason)));
}

#[test]
fn english_labels_with_lang_en_and_chinese_by_default() {
    let dir = Dir::new();
    let (_, zh, zh_md) = report(&dir, "zh");
    let (_, en, en_md) = report(&dir, "en");
    for (page, words) in [
        (
            &zh,
            [
                "主要发现",
                "如何阅读本报告",
                "重复段落",
                "近似文章",
                "复制比",
            ],
        ),
        (
            &en,
            [
                "Findings",
                "How to read this report",
                "Repeated passages",
                "Near-duplicate documents",
                "copied share",
            ],
        ),
    ] {
        for w in words {
            assert!(page.contains(w), "{w} missing");
        }
    }
    assert!(zh.contains("<html lang=\"zh-CN\">") && en.contains("<html lang=\"en\">"));
    // No Chinese label left on the English page's headings.
    for h2 in en.split("<h2>").skip(1) {
        let heading = &h2[..h2.find("</h2>").unwrap()];
        assert!(
            !heading
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "Chinese in an English heading: {heading}"
        );
    }
    assert!(zh_md.contains("## 重复段落") && en_md.contains("## Repeated passages"));
    assert!(zh_md.contains("## 如何阅读本报告") && en_md.contains("## How to read this report"));
}
