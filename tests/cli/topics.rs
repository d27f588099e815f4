//! `chachong topics` run as a user would: the real binary on the seed
//! articles and on a small synthetic corpus of two subjects.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{run, run_json, seeds_dir};

/// `chachong topics PATH EXTRA... --format json -q`, parsed.
fn topics_json(path: &str, extra: &[&str]) -> Value {
    let mut args = vec!["topics", path];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--format", "json", "-q"]);
    run_json(&args).0
}

/// The topic sizes of a `topics` JSON value, added up.
fn documents_in_topics(v: &Value) -> u64 {
    v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["size"].as_u64().unwrap())
        .sum()
}

/// 20 short texts about football and 20 about phones, as JSONL, varied by a
/// fixed pattern so no two are the same.
fn two_subjects(dir: &Path) -> PathBuf {
    let sport = [
        "足球", "比赛", "球队", "进球", "联赛", "教练", "球员", "冠军", "主场", "球迷", "射门",
        "后卫",
    ];
    let tech = [
        "芯片",
        "手机",
        "处理器",
        "屏幕",
        "电池",
        "性能",
        "系统",
        "内存",
        "摄像头",
        "充电",
        "厂商",
        "旗舰",
    ];
    let mut lines = Vec::new();
    for (subject, words) in [("sport", &sport), ("tech", &tech)] {
        for i in 0..20 {
            let w = |j: usize| words[(i * 5 + j * 7) % words.len()];
            let text = format!(
                "{}和{}是今天的话题。{}方面，{}表现突出，{}也不错。{}与{}的消息引人关注。",
                w(0),
                w(1),
                w(2),
                w(3),
                w(4),
                w(5),
                w(6)
            );
            lines.push(
                serde_json::json!({"id": format!("{subject}-{i:02}"), "label": subject, "text": text})
                    .to_string(),
            );
        }
    }
    let path = dir.join("two.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write corpus");
    path
}

#[test]
fn seeds_run_with_k_capped_and_a_note_saying_so() {
    let seeds = seeds_dir();
    let (v, _) = run_json(&[
        "topics",
        seeds.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(v["assignments"].as_array().unwrap().len(), 5);
    assert_eq!(v["k_chosen_by"], "silhouette");
    assert!(v["k"].as_u64().unwrap() <= 2);
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert!(notes.iter().any(|n| n.contains("too few")), "{notes:?}");
    assert!(
        notes.iter().any(|n| n.contains("k capped at 2")),
        "{notes:?}"
    );
    assert_eq!(documents_in_topics(&v), 5);

    // A fixed k beyond what 5 documents allow is capped too.
    let (v, _) = run_json(&[
        "topics",
        seeds.to_str().unwrap(),
        "--k",
        "9",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(v["k_chosen_by"], "fixed");
    assert!(v["k"].as_u64().unwrap() <= 4);
    assert!(v["notes"].to_string().contains("k capped at 4"));
}

#[test]
fn two_subjects_split_perfectly_and_repeat_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_subjects(dir.path());
    let args = [
        "topics",
        corpus.to_str().unwrap(),
        "--k",
        "2",
        "--seed",
        "7",
        "--format",
        "json",
        "-q",
    ];
    let (v, raw) = run_json(&args);
    assert_eq!(v["k"], 2);
    let assignments = v["assignments"].as_array().unwrap();
    assert_eq!(assignments.len(), 40);
    let topic_of = |prefix: &str| -> Vec<u64> {
        let mut t: Vec<u64> = assignments
            .iter()
            .filter(|a| a["doc"].as_str().unwrap().starts_with(prefix))
            .map(|a| a["topic"].as_u64().unwrap())
            .collect();
        t.dedup();
        t
    };
    let (sport, tech) = (topic_of("sport-"), topic_of("tech-"));
    assert_eq!(sport.len(), 1, "sport split: {sport:?}");
    assert_eq!(tech.len(), 1, "tech split: {tech:?}");
    assert_ne!(sport, tech);
    for t in v["topics"].as_array().unwrap() {
        assert_eq!(t["size"], 20);
        assert_eq!(t["representatives"].as_array().unwrap().len(), 3);
        let label = t["label"].as_str().unwrap();
        assert!(!label.is_empty());
        assert!(t["terms"][0]["weight"].as_f64().unwrap() > 0.0);
    }
    for a in assignments {
        assert!(a["duplicate_of"].is_null());
        assert!(a["x"].is_f64() || a["x"].is_i64());
    }

    let (_, again) = run_json(&args);
    assert_eq!(raw, again, "same input and seed must give the same bytes");

    // Auto scans 2..=13 (a third of 40 documents) and says it capped k.
    // (On these templated texts the silhouette keeps rising with k, as
    // repeated templates form tight little groups; only the range is
    // asserted.)
    let (v, _) = run_json(&["topics", corpus.to_str().unwrap(), "--format", "json", "-q"]);
    assert_eq!(v["k_chosen_by"], "silhouette");
    let ks: Vec<u64> = v["silhouette"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["k"].as_u64().unwrap())
        .collect();
    assert_eq!(ks, (2..=13).collect::<Vec<u64>>());
    assert!(v["notes"].to_string().contains("k capped at 13"));
}

#[test]
fn text_format_lists_topics_and_bad_flags_fail() {
    let seeds = seeds_dir();
    let o = run(&["topics", seeds.to_str().unwrap(), "--format", "text", "-q"]);
    assert!(o.ok());
    let out = o.stdout;
    assert!(
        out.contains("topics (chosen by silhouette) over 5 documents"),
        "{out}"
    );
    assert!(out.contains("terms: "), "{out}");
    let o = run(&["topics", seeds.to_str().unwrap(), "--k", "0", "-q"]);
    assert!(!o.ok());
    let err = o.stderr;
    assert!(err.contains("k must be at least 1"), "{err}");
    assert!(!run(&["topics", seeds.to_str().unwrap(), "--k", "many"]).ok());
}

#[test]
fn topics_and_compare_refuse_bad_near_duplicate_flags_by_name() {
    let seeds = seeds_dir();
    let seeds = seeds.to_str().unwrap();
    for args in [
        &["topics", seeds, "--threshold", "2", "-q"][..],
        &["compare", seeds, "--by", "source", "--threshold", "2", "-q"][..],
    ] {
        let o = run(args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(
            o.stderr
                .contains("chachong: error: --threshold must be in (0, 1], not 2"),
            "{args:?}: {}",
            o.stderr
        );
    }
}

#[test]
fn boilerplate_and_refinement_flags_show_in_settings() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_subjects(dir.path());
    // A site notice under 12 of the 40 articles.
    let notice = "新浪声明：本网站登载此文出于传递更多信息之目的。";
    let text = std::fs::read_to_string(&corpus).unwrap();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let mut v: Value = serde_json::from_str(line).unwrap();
            if i % 3 == 0 {
                let t = format!("{}{notice}", v["text"].as_str().unwrap());
                v["text"] = Value::from(t);
            }
            v.to_string()
        })
        .collect();
    std::fs::write(&corpus, lines.join("\n") + "\n").unwrap();
    let path = corpus.to_str().unwrap();

    // These templated texts share much of their wording; with the notice
    // some would be near-duplicates, so every document stands for itself.
    let v = topics_json(path, &["--k", "2", "--keep-duplicates"]);
    assert_eq!(v["settings"]["dims"], 50);
    assert_eq!(v["settings"]["refine_iters"], 20);
    assert_eq!(v["settings"]["boilerplate_min_docs"], 10);
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("1 sentences found verbatim in at least 10 documents"),
        "{notes}"
    );
    let words = v["topics"].to_string();
    assert!(
        !words.contains("登载") && !words.contains("传递"),
        "{words}"
    );

    let (v, _) = run_json(&[
        "topics",
        path,
        "--k",
        "2",
        "--boilerplate-min-docs",
        "0",
        "--refine-iters",
        "0",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(v["settings"]["refine_iters"], 0);
    assert_eq!(v["settings"]["boilerplate_min_docs"], 0);
    assert!(!v["notes"].to_string().contains("boilerplate"));
}

#[test]
fn reprints_are_clustered_once_through_their_representative() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_subjects(dir.path());
    let text = std::fs::read_to_string(&corpus).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // One tech article made long enough to be matched, and three reprints
    // of it under other ids.
    let mut original: Value = serde_json::from_str(&lines[25]).unwrap();
    let long = format!(
        "{}新款旗舰手机搭载自研芯片，处理器性能提升三成，电池续航更久，屏幕刷新率更高，摄像头支持夜景拍摄，厂商称首批备货充足。",
        original["text"].as_str().unwrap()
    );
    original["text"] = Value::from(long);
    lines[25] = original.to_string();
    for i in 0..3 {
        let mut copy = original.clone();
        copy["id"] = Value::from(format!("zz-reprint-{i}"));
        lines.push(copy.to_string());
    }
    std::fs::write(&corpus, lines.join("\n") + "\n").unwrap();
    let path = corpus.to_str().unwrap();
    let source = original["id"].as_str().unwrap();
    let v = topics_json(path, &["--k", "2"]);
    let by_id = |v: &Value, id: &str| -> Value {
        v["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["doc"] == id)
            .unwrap_or_else(|| panic!("no assignment for {id}"))
            .clone()
    };
    let rep = by_id(&v, source);
    assert_eq!(rep["duplicate_of"], Value::Null, "{rep}");
    for i in 0..3 {
        let a = by_id(&v, &format!("zz-reprint-{i}"));
        assert_eq!(a["duplicate_of"], source, "{a}");
        assert_eq!(a["topic"], rep["topic"], "{a}");
    }
    assert_eq!(v["settings"]["documents"], 43);
    assert_eq!(v["settings"]["clustered"], 40);
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("3 near-duplicates were not clustered"),
        "{notes}"
    );
    // Topic sizes still count every document.
    assert_eq!(documents_in_topics(&v), 43);

    let v = topics_json(path, &["--k", "2", "--keep-duplicates"]);
    assert_eq!(v["settings"]["clustered"], 43);
    assert_eq!(by_id(&v, "zz-reprint-0")["duplicate_of"], Value::Null);
}
