//! Regressions: time and memory on large or repetitive input (near
//! duplicates, repeated passages, report rendering).

use std::fs;

use crate::util::Dir;

/// A 200-character paragraph that every generated document shares.
const PARAGRAPH: &str = "近年来党中央国务院高度重视数字经济发展，工业互联网平台作为新一代信息通信技术与制造业深度融合的产物，\
已成为制造业数字化网络化智能化转型的重要载体。青岛市以卡奥斯平台为抓手，推动五千余家企业上云用平台，\
带动全市规模以上工业企业营业收入增长百分之十二，形成了一批可复制可推广的经验做法，为全国工业互联网发展提供了有益借鉴和参考。\
下一步将继续深化平台建设，培育更多行业级和区域级平台，助力中小企业数字转型。";

/// `n` JSONL records `d00000`, `d00001`, ...: each its own 60 pseudo-random
/// CJK characters, a blank line, then [`PARAGRAPH`].
fn shared_paragraph_jsonl(n: usize) -> String {
    let mut x: u64 = 12345;
    let mut out = String::new();
    for i in 0..n {
        let own: String = (0..60)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                char::from_u32(0x4e00 + ((x >> 33) % 0x5000) as u32).unwrap()
            })
            .collect();
        let text = format!("{own}。\n\n{PARAGRAPH}");
        out.push_str(&serde_json::json!({"id": format!("d{i:05}"), "text": text}).to_string());
        out.push('\n');
    }
    out
}

/// 5,000 documents sharing one paragraph made 12.5 million candidate pairs
/// in every LSH band and aligned no passage (its fingerprints stood in more
/// than `max_postings` places): minutes and gigabytes. Now a big bucket pairs
/// with its first document and a fingerprint in many places seeds its first
/// place against each other one, so this runs in seconds; the answer is one
/// passage group with all 5,000 copies and one near-duplicate cluster of all
/// 5,000 (each pair shares the paragraph's shingles against 2 × 56 of its
/// own: Jaccard about 0.6, above the 0.5 threshold).
#[test]
#[ignore = "heavy (5-20 s in debug): .ci/run runs it, as does `cargo test -- --include-ignored`"]
fn five_thousand_documents_sharing_a_paragraph_are_one_group_in_linear_time() {
    let n = 5_000;
    let dir = Dir::new();
    dir.write("shared.jsonl", shared_paragraph_jsonl(n));
    let out = dir.run(&["dups", "-q", "--format", "json", "shared.jsonl"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let j = out.json();
    assert_eq!(j["documents"].as_array().unwrap().len(), n);

    let passages = j["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 1, "one passage group: {passages:?}");
    let group = &passages[0];
    assert_eq!(group["text"], PARAGRAPH);
    let copies = group["copies"].as_array().unwrap();
    assert_eq!(copies.len(), n);
    for (i, c) in copies.iter().enumerate() {
        assert_eq!(c["doc"], format!("d{i:05}"));
        // 60 own characters, `。`, two newlines.
        assert_eq!(
            (c["start"].as_u64(), c["end"].as_u64()),
            (Some(63), Some(263))
        );
    }

    let near = &j["near_duplicates"];
    let clusters = near["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0]["members"].as_array().unwrap().len(), n);
    // The pair list stays linear: mostly each document with the first.
    let pairs = near["pairs"].as_array().unwrap().len();
    assert!((n - 1..=20 * n).contains(&pairs), "{pairs} pairs");
}

/// `report` on one HTML page of 100,000 `<li>` items took minutes: the page
/// view looked every piece of the text up in each of its 200,000 excluded
/// tags, and passages built a char index of the whole page for each of its
/// thousands of repeated-passage groups. Both are one pass now.
#[test]
#[ignore = "heavy (5-20 s in debug): .ci/run runs it, as does `cargo test -- --include-ignored`"]
fn report_of_a_page_with_100k_list_items_is_linear() {
    let items: String = (0..100_000)
        .map(|i| format!("<li>第{i}项：工业互联网平台建设</li>\n"))
        .collect();
    let page = format!("<html><body><ul>\n{items}</ul></body></html>\n");
    let dir = Dir::new();
    dir.write("list.html", &page);
    let out = dir.run(&["report", "-q", "list.html", "-o", "out"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("out/report.json")).unwrap()).unwrap();
    let docs = report["views"]["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    let segments = docs[0]["segments"].as_array().unwrap();
    // The pieces are the page, whole and in order.
    let text: String = segments
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(text, page);
    // Tags are dimmed and repeated runs of items are marked.
    let tag = segments
        .iter()
        .find(|s| s["text"].as_str().unwrap().starts_with("</li>"))
        .unwrap();
    assert_eq!(tag["excluded"], true);
    assert!(segments.iter().any(|s| s["group"].is_u64()));
    assert!(
        fs::read_to_string(dir.join("out/index.html"))
            .unwrap()
            .contains("<mark>")
    );
}
