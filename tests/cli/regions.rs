//! Regions read from the text, run as a researcher would: `inspect` on the
//! seed articles, `compare --by region` and `--by region:city`, a mapping
//! file that wins over the text, and the errors a bad one gives.

use serde_json::Value;

use crate::command_line::groups;
use crate::util::{Dir, arg, run, run_json, seed, seeds_dir};

/// `(name, level)` of each region of an inspected document, in order.
fn regions(doc: &Value) -> Vec<(String, String)> {
    doc["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn inspect(prefix: &str, extra: &[&str]) -> Value {
    let path = seed(prefix);
    let mut args = vec!["inspect", arg(&path), "--format", "json", "-q"];
    args.extend_from_slice(extra);
    run_json(&args).0
}

fn pair(name: &str, level: &str) -> (String, String) {
    (name.to_string(), level.to_string())
}

#[test]
fn the_seeds_are_tagged_with_the_regions_they_are_about() {
    let d004 = inspect("004", &[]);
    assert_eq!(d004["region"], "山东");
    assert_eq!(
        regions(&d004),
        [pair("山东", "province"), pair("青岛", "city")]
    );
    assert_eq!(d004["regions"][0]["code"], "370000");
    assert_eq!(d004["regions"][1]["code"], "370200");
    assert!(d004["regions"][1]["mentions"].as_u64().unwrap() >= 30);
    assert_eq!(d004["region_from"], "text");

    let d001 = inspect("001", &[]);
    assert_eq!(d001["region"], "山东");
    assert_eq!(regions(&d001)[0], pair("山东", "province"));

    let d003 = inspect("003", &[]);
    assert_eq!(d003["region"], "江苏");
    assert_eq!(
        regions(&d003),
        [pair("江苏", "province"), pair("苏州", "city")]
    );

    // Every counted mention's span points at its name in the text as read.
    let path = seed("004");
    let text = std::fs::read_to_string(&path).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let mentions = d004["region_mentions"].as_array().unwrap();
    assert!(mentions.len() >= 40);
    for m in mentions {
        let Some(span) = m["span"].as_object() else {
            continue;
        };
        let (s, e) = (
            span["start"].as_u64().unwrap(),
            span["end"].as_u64().unwrap(),
        );
        let written: String = chars[s as usize..e as usize].iter().collect();
        assert_eq!(written, m["written"].as_str().unwrap());
    }
}

#[test]
fn inspect_shows_the_mentions_behind_the_regions() {
    let path = seed("003");
    let out = run(&["inspect", arg(&path), "--format", "text", "-q"]);
    assert!(out.ok(), "{}", out.stderr);
    assert!(out.stdout.contains("-- regions: 江苏"), "{}", out.stdout);
    assert!(out.stdout.contains("320500 苏州"), "{}", out.stdout);
    assert!(out.stdout.contains("✓ lead"), "{}", out.stdout);
}

#[test]
fn compare_by_region_groups_the_seeds_by_province_and_city() {
    let seeds = seeds_dir();
    let (c, _) = run_json(&[
        "compare",
        arg(&seeds),
        "--by",
        "region",
        "--format",
        "json",
        "-q",
    ]);
    let docs: Vec<(&str, u64)> = c["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["name"].as_str().unwrap(), g["docs"].as_u64().unwrap()))
        .collect();
    assert_eq!(docs, [("(none)", 1), ("山东", 3), ("江苏", 1)]);
    assert!(
        c["groups"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["warning"].is_string())
    );
    let notes: Vec<&str> = c["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("only 5 documents")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("1 document without `region`")),
        "{notes:?}"
    );
    // Each group's periods carry the small-group warning.
    let shandong = &c["groups"][1];
    assert!(
        shandong["over_time"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["warning"].is_string())
    );

    let (cities, _) = run_json(&[
        "compare",
        arg(&seeds),
        "--by",
        "region:city",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(
        groups(&cities),
        [
            ("(none)".into(), 1),
            ("济南".into(), 1),
            ("苏州".into(), 1),
            ("青岛".into(), 3)
        ]
    );
    // 001 is about 济南 and 青岛: it counts in each with its weight.
    let qingdao = &cities["groups"][3];
    assert_eq!(qingdao["docs"], 3);
    let weighted = qingdao["weighted_docs"].as_f64().unwrap();
    assert!(weighted > 2.0 && weighted < 3.0, "{weighted}");
}

#[test]
fn a_mapping_file_wins_over_the_text() {
    let dir = Dir::new();
    dir.seed("004", "corpus/qingdao.txt");
    dir.seed("003", "corpus/suzhou.txt");
    dir.write("regions.txt", "# by folder\nfolder:corpus = 浙江, 杭州\n");
    let out = dir.run(&[
        "inspect",
        "corpus/qingdao.txt",
        "--regions",
        "regions.txt",
        "--format",
        "json",
        "-q",
    ]);
    assert!(out.ok(), "{}", out.stderr);
    let d = out.json();
    assert_eq!(d["region"], "浙江");
    assert_eq!(d["region_from"], "mapping");
    assert_eq!(d["region_confidence"], 1.0);
    assert_eq!(
        regions(&d),
        [pair("浙江", "province"), pair("杭州", "city")]
    );

    let out = dir.run(&[
        "compare",
        "corpus",
        "--by",
        "region",
        "--regions",
        "regions.txt",
        "--format",
        "json",
        "-q",
    ]);
    assert!(out.ok(), "{}", out.stderr);
    assert_eq!(groups(&out.json()), [("浙江".into(), 2)]);
}

#[test]
fn a_bad_mapping_file_names_its_line() {
    let dir = Dir::new();
    dir.seed("004", "corpus/a.txt");
    dir.write("regions.txt", "齐鲁网 = 山东\n大众网 = 齐鲁\n");
    dir.write("binary.txt", [0xff, 0xfe, 0x00, 0x41]);
    // Exit 2, no panic, the stderr that names the mapping file.
    let refused = |mapping: &str| {
        let args = [
            "compare",
            "corpus",
            "--by",
            "region",
            "--regions",
            mapping,
            "-q",
        ];
        let out = dir.run(&args);
        out.assert_no_panic();
        assert_eq!(out.code, 2, "{out:?}");
        assert!(out.stderr.contains(mapping), "{}", out.stderr);
        out.stderr
    };
    let stderr = refused("regions.txt");
    assert!(stderr.contains("regions.txt:2"), "{stderr}");
    assert!(stderr.contains("齐鲁"), "{stderr}");
    refused("missing.txt");
    refused("binary.txt");
}

#[test]
fn a_report_without_sources_compares_by_region() {
    let dir = Dir::new();
    let story = |place: &str, i: usize| {
        format!(
            "{place}的工业互联网平台建设加快推进。{place}企业纷纷上云，第{i}批智能工厂在{place}建成投产。\
             专家认为，{place}的制造业基础雄厚，数字化转型前景广阔。"
        )
    };
    for i in 0..3 {
        dir.write(&format!("corpus/qd{i}.txt"), story("青岛", i));
        dir.write(&format!("corpus/sz{i}.txt"), story("苏州", i + 3));
    }
    dir.write(
        "corpus/none.txt",
        "今天天气晴朗，气温适宜，市民纷纷外出踏青，公园里游人如织，十分热闹。",
    );
    let o = dir.run(&["report", "corpus", "--out", "r", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r/report.json")).unwrap()).unwrap();
    assert_eq!(report["compare"]["by"], "region");
    assert_eq!(
        groups(&report["compare"]),
        [("(none)".into(), 1), ("山东".into(), 3), ("江苏".into(), 3)]
    );
    let docs = report["summary"]["docs"].as_array().unwrap();
    let region = |id: &str| {
        let d = docs
            .iter()
            .find(|d| d["id"].as_str().unwrap().ends_with(id))
            .unwrap();
        (d["region"].clone(), d["regions"][1]["name"].clone())
    };
    assert_eq!(
        region("qd0.txt"),
        (Value::from("山东"), Value::from("青岛"))
    );
    assert_eq!(
        region("sz2.txt"),
        (Value::from("江苏"), Value::from("苏州"))
    );
    assert_eq!(region("none.txt"), (Value::Null, Value::Null));
}
