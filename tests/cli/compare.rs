//! `chachong compare` run as a user would: the real binary on the seed
//! articles and on a synthetic corpus of two sources that write about
//! different things.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{arg, run, run_json, seeds_dir};

/// Fifteen sentences about football.
pub(crate) const SPORT: [&str; 15] = [
    "这支球队的足球水平很高。",
    "教练说足球是团队运动。",
    "球迷们热爱足球，每周都去看球队训练。",
    "球队在主场以二比一获胜。",
    "年轻球员第一次入选国家队，他从小踢足球。",
    "足球场上的草皮刚刚更换。",
    "球队的后卫线表现稳定，没有丢球。",
    "门将扑出了点球，球队保住了胜利。",
    "这座城市有很长的足球传统。",
    "俱乐部为球队签下了两名新前锋。",
    "下一场比赛球队将客场作战。",
    "学校开设足球课，孩子们很喜欢。",
    "队长赛后感谢了支持球队的观众。",
    "这次转会让球队的中场更加稳固。",
    "足球协会公布了新赛季的赛程。",
];

/// Fifteen sentences about chips.
pub(crate) const TECH: [&str; 15] = [
    "这款芯片采用新的制造工艺。",
    "处理器的功耗比上一代降低了三成。",
    "厂商表示芯片产能正在扩大。",
    "新手机搭载了自研处理器。",
    "芯片设计需要大量工程师。",
    "服务器处理器的核心数量继续增加。",
    "公司发布了面向汽车的芯片。",
    "内存和芯片的价格今年有所回落。",
    "笔记本电脑使用了更省电的处理器。",
    "芯片封装技术取得了新进展。",
    "研究团队测试了处理器的性能。",
    "国产芯片在市场上的份额逐年提高。",
    "显卡芯片的供应仍然紧张。",
    "处理器的散热设计变得更加重要。",
    "晶圆厂为芯片生产投入了新设备。",
];

/// Article `i` of a subject: five of its fifteen sentences, chosen so that
/// no two articles share more than two (none are near-duplicates).
pub(crate) fn article(sentences: &[&str; 15], i: usize) -> String {
    [0, 1, 3, 7, 11]
        .iter()
        .map(|k| sentences[(i + k) % 15])
        .collect()
}

/// 15 articles from 体育报 about football (dated 2021) and 15 from 科技报
/// about chips (dated 2022), plus an exact reprint of the first sports
/// article in 体育报, as JSONL.
fn two_sources(dir: &Path) -> PathBuf {
    let mut lines = Vec::new();
    let mut push = |id: String, source: &str, date: String, text: String| {
        lines.push(
            serde_json::json!({"id": id, "source": source, "date": date, "text": text}).to_string(),
        );
    };
    for i in 0..15 {
        let date = format!("2021-{:02}-15", i % 12 + 1);
        push(format!("sport-{i:02}"), "体育报", date, article(&SPORT, i));
    }
    push(
        "sport-reprint".into(),
        "体育报",
        "2021-01-16".into(),
        article(&SPORT, 0),
    );
    for i in 0..15 {
        let date = format!("2022-{:02}-20", i % 12 + 1);
        push(format!("tech-{i:02}"), "科技报", date, article(&TECH, i));
    }
    let path = dir.join("two.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write corpus");
    path
}

fn group<'v>(v: &'v Value, name: &str) -> &'v Value {
    v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["name"] == name)
        .unwrap_or_else(|| panic!("no group {name} in {v}"))
}

fn top_terms(g: &Value, k: usize) -> Vec<&str> {
    g["distinctive_terms"]
        .as_array()
        .expect("distinctive_terms")
        .iter()
        .take(k)
        .filter_map(|t| t["term"].as_str())
        .collect()
}

#[test]
fn seeds_by_source_warn_every_group_and_say_why() {
    let seeds = seeds_dir();
    let (v, _) = run_json(&[
        "compare",
        seeds.to_str().expect("utf-8 path"),
        "--by",
        "source",
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(v["by"], "source");
    let names: Vec<&str> = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|g| g["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["(none)", "PChome", "人民邮电报", "新华网", "齐鲁网"]
    );
    for g in v["groups"].as_array().expect("groups") {
        assert_eq!(g["docs"], 1);
        assert_eq!(g["docs_before_dedup"], 1);
        assert!(
            g["warning"]
                .as_str()
                .is_some_and(|w| w.starts_with("only 1 document")),
            "{g}"
        );
        let share: f64 = g["topic_share"]
            .as_array()
            .expect("topic_share")
            .iter()
            .filter_map(Value::as_f64)
            .sum();
        assert!((share - 1.0).abs() < 1e-3, "{g}");
        assert!(!top_terms(g, 1).is_empty(), "{g}");
    }
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("only 5 documents in all"))
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("all 5 groups have fewer"))
    );
    assert!(notes.iter().any(|n| n.contains("\"(none)\"")));
    // The seeds span 2020-10 to 2022-03: months.
    assert_eq!(v["settings"]["over_time_by"], "date:month");
    assert_eq!(v["over_time"][0]["period"], "2020-10");
}

#[test]
fn seeds_text_lists_each_group_and_its_warning() {
    let seeds = seeds_dir();
    let o = run(&[
        "compare",
        seeds.to_str().expect("utf-8 path"),
        "--by",
        "source",
        "--format",
        "text",
        "--quiet",
    ]);
    assert!(o.ok(), "{}", o.stderr);
    assert!(o.stdout.contains("[新华网]  1 document"), "{}", o.stdout);
    assert!(
        o.stdout.contains("warning: only 1 document"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("note: all 5 groups"), "{}", o.stdout);
}

#[test]
fn each_source_has_its_own_words_and_a_reprint_counts_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = two_sources(dir.path());
    let corpus = corpus.to_str().expect("utf-8 path");
    let args = [
        "compare",
        corpus,
        "--by",
        "source",
        "--groups",
        "体育报,科技报",
        "--format",
        "json",
        "--quiet",
    ];
    let (v, first) = run_json(&args);
    let sport = group(&v, "体育报");
    let tech = group(&v, "科技报");
    assert!(top_terms(sport, 5).contains(&"足球"), "{sport}");
    assert!(top_terms(tech, 5).contains(&"芯片"), "{tech}");
    assert_eq!(sport["docs"], 15);
    assert_eq!(sport["docs_before_dedup"], 16);
    assert!(sport.get("warning").is_none());
    assert!(
        v["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .all(|g| g["name"] != "(none)")
    );
    let pairwise = &v["pairwise"];
    assert!(top_terms(&pairwise["a"], 5).contains(&"足球"), "{pairwise}");
    assert!(top_terms(&pairwise["b"], 5).contains(&"芯片"), "{pairwise}");
    // Two years of dates: months.
    assert_eq!(v["settings"]["over_time_by"], "date:month");
    let periods: Vec<&str> = v["over_time"]
        .as_array()
        .expect("over_time")
        .iter()
        .filter_map(|p| p["period"].as_str())
        .collect();
    let mut sorted = periods.clone();
    sorted.sort_unstable();
    assert_eq!(periods, sorted);
    assert_eq!(periods.first(), Some(&"2021-01"));

    let (_, again) = run_json(&args);
    assert_eq!(first, again, "same input, different JSON");
}

#[test]
fn by_year_groups_the_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = two_sources(dir.path());
    let corpus = corpus.to_str().expect("utf-8 path");
    let args = [
        "compare",
        corpus,
        "--by",
        "date:year",
        "--top",
        "3",
        "--format",
        "json",
        "--quiet",
    ];
    let (v, first) = run_json(&args);
    assert_eq!(v["by"], "date:year");
    let names: Vec<&str> = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|g| g["name"].as_str())
        .collect();
    assert_eq!(names, ["2021", "2022"]);
    assert_eq!(group(&v, "2021")["docs"], 15);
    assert!(top_terms(group(&v, "2021"), 3).contains(&"足球"));
    assert!(top_terms(group(&v, "2022"), 3).contains(&"芯片"));
    assert!(
        group(&v, "2022")["distinctive_terms"]
            .as_array()
            .is_some_and(|t| t.len() <= 3)
    );
    let (_, again) = run_json(&args);
    assert_eq!(first, again);
}

#[test]
fn unknown_pairwise_group_is_an_error_naming_the_groups() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = two_sources(dir.path());
    let o = run(&[
        "compare",
        corpus.to_str().expect("utf-8 path"),
        "--by",
        "source",
        "--groups",
        "体育报,晚报",
        "--quiet",
    ]);
    assert!(!o.ok());
    assert!(o.stderr.contains("晚报"), "{}", o.stderr);
    assert!(o.stderr.contains("`科技报`"), "{}", o.stderr);

    let o = run(&[
        "compare",
        corpus.to_str().expect("utf-8 path"),
        "--by",
        "source",
        "--groups",
        "体育报",
    ]);
    assert!(!o.ok());
    assert!(o.stderr.contains("A,B"), "{}", o.stderr);
}

/// The chars `start..end` of `text`.
fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take(end.saturating_sub(start) as usize)
        .collect()
}

/// The texts of a JSONL corpus by id.
fn texts(path: &Path) -> std::collections::HashMap<String, String> {
    std::fs::read_to_string(path)
        .expect("read corpus")
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            (
                v["id"].as_str().expect("id").to_string(),
                v["text"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

/// `compare PATH --by source EXTRA... --format json` as JSON.
fn by_source(path: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["compare", arg(path), "--by", "source"];
    args.extend(extra);
    args.extend(["--format", "json", "--quiet"]);
    run_json(&args).0
}

/// Every distinctive term's examples in `g`, as (term, example).
fn examples(g: &Value) -> Vec<(&str, &Value)> {
    g["distinctive_terms"]
        .as_array()
        .expect("distinctive_terms")
        .iter()
        .flat_map(|t| {
            let term = t["term"].as_str().expect("term");
            t["examples"]
                .as_array()
                .expect("examples")
                .iter()
                .map(move |e| (term, e))
        })
        .collect()
}

#[test]
fn examples_point_at_the_term_in_distinct_documents_of_the_group() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = two_sources(dir.path());
    let text = texts(&path);
    let v = by_source(&path, &["--groups", "体育报,科技报"]);
    assert_eq!(v["settings"]["examples"], 3);
    let pairwise = [&v["pairwise"]["a"], &v["pairwise"]["b"]];
    for g in v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .chain(pairwise)
    {
        let prefix = if g["name"] == "体育报" {
            "sport-"
        } else {
            "tech-"
        };
        let found = examples(g);
        assert!(found.len() >= 10, "{g}");
        for term in g["distinctive_terms"].as_array().expect("terms") {
            let docs: Vec<&str> = term["examples"]
                .as_array()
                .expect("examples")
                .iter()
                .filter_map(|e| e["doc"].as_str())
                .collect();
            assert!((1..=3).contains(&docs.len()), "{term}");
            let mut distinct = docs.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), docs.len(), "{term}");
        }
        for (term, e) in found {
            let doc = e["doc"].as_str().expect("doc");
            // The group's documents, the reprint counted through its original.
            assert!(
                doc.starts_with(prefix) && doc != "sport-reprint",
                "{doc} in {}",
                g["name"]
            );
            let (start, end) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
            assert_eq!(chars(&text[doc], start, end), term, "{e}");
            let shown = e["text"].as_str().expect("text");
            assert!(shown.contains(term), "{e}");
            assert!(text[doc].contains(shown), "a sentence of {doc}: {e}");
        }
    }

    let none = by_source(&path, &["--examples", "0"]);
    assert_eq!(none["settings"]["examples"], 0);
    for g in none["groups"].as_array().expect("groups") {
        assert!(!top_terms(g, 1).is_empty(), "{g}");
        assert!(examples(g).is_empty(), "{g}");
    }
}

#[test]
fn topic_docs_count_each_topic_share() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = two_sources(dir.path());
    let v = by_source(&path, &["--k", "2"]);
    let periods = v["over_time"].as_array().expect("over_time");
    for g in v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .chain(periods)
    {
        let docs = g["docs"].as_u64().expect("docs");
        let counts: Vec<u64> = g["topic_docs"]
            .as_array()
            .expect("topic_docs")
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        let shares: Vec<f64> = g["topic_share"]
            .as_array()
            .expect("topic_share")
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        assert_eq!(counts.len(), 2, "{g}");
        assert_eq!(counts.len(), shares.len(), "{g}");
        assert_eq!(counts.iter().sum::<u64>(), docs, "{g}");
        for (n, share) in counts.iter().zip(&shares) {
            assert!((*n as f64 / docs as f64 - share).abs() < 1e-4, "{g}");
        }
    }
}

/// A few traditional forms of the sports sentences' characters.
const TRADITIONAL: [(char, char); 10] = [
    ('这', '這'),
    ('队', '隊'),
    ('场', '場'),
    ('门', '門'),
    ('员', '員'),
    ('从', '從'),
    ('国', '國'),
    ('赛', '賽'),
    ('们', '們'),
    ('说', '說'),
];

#[test]
fn examples_in_traditional_text_point_at_the_traditional_characters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let traditional = |s: String| -> String {
        s.chars()
            .map(|c| {
                TRADITIONAL
                    .iter()
                    .find(|(s, _)| *s == c)
                    .map_or(c, |&(_, t)| t)
            })
            .collect()
    };
    let mut lines = Vec::new();
    for i in 0..12 {
        let text = traditional(article(&SPORT, i));
        lines.push(serde_json::json!({"id": format!("s{i}"), "source": "A", "text": text}));
        let text = article(&TECH, i);
        lines.push(serde_json::json!({"id": format!("t{i}"), "source": "B", "text": text}));
    }
    let path = dir.path().join("trad.jsonl");
    let body: Vec<String> = lines.iter().map(Value::to_string).collect();
    std::fs::write(&path, body.join("\n") + "\n").expect("write corpus");
    let text = texts(&path);
    let v = by_source(&path, &[]);
    let found = examples(group(&v, "A"));
    let team: Vec<String> = found
        .iter()
        .filter(|(term, _)| *term == "球队")
        .map(|(_, e)| {
            let doc = e["doc"].as_str().expect("doc");
            let shown = e["text"].as_str().expect("text");
            assert!(shown.contains("球隊"), "{e}");
            chars(
                &text[doc],
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(!team.is_empty(), "球队 has examples: {found:?}");
    assert!(team.iter().all(|t| t == "球隊"), "{team:?}");
    for (term, e) in found {
        let doc = e["doc"].as_str().expect("doc");
        let slice = chars(
            &text[doc],
            e["start"].as_u64().unwrap(),
            e["end"].as_u64().unwrap(),
        );
        assert_eq!(slice.chars().count(), term.chars().count(), "{e}");
        let simplified: String = slice
            .chars()
            .map(|c| {
                TRADITIONAL
                    .iter()
                    .find(|(_, t)| *t == c)
                    .map_or(c, |&(s, _)| s)
            })
            .collect();
        assert_eq!(simplified, term, "{e}");
    }
}
