//! The JSON Schemas in `schemas/` against real output: every command's
//! `--format json` and `report.json`, on the seeds and on a planted corpus
//! (near-duplicates of both kinds, rewrites, a damaged document, skipped
//! records, folders), validated with `boon` (draft 2020-12). A key the
//! schema does not know fails, so output and schema cannot drift apart.

use serde_json::Value;

use crate::util::{Dir, arg, root, seed, seeds_dir};

/// The schema files, each under the `$id` it names.
const NAMES: [&str; 7] = [
    "dups", "topics", "compare", "check", "index", "inspect", "report",
];

/// All schemas compiled; `validate(name, json)` checks `json` against
/// `schemas/<name>.schema.json`.
pub(crate) struct Schemas {
    schemas: boon::Schemas,
    index: Vec<(&'static str, boon::SchemaIndex)>,
}

impl Schemas {
    pub(crate) fn load() -> Schemas {
        let mut compiler = boon::Compiler::new();
        let mut ids = Vec::new();
        for name in NAMES {
            let path = root().join(format!("schemas/{name}.schema.json"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let json: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let id = json["$id"].as_str().expect("$id").to_string();
            assert!(id.ends_with(&format!("/{name}.schema.json")), "{id}");
            assert_eq!(json["title"], format!("chachong.{name}/1"));
            compiler.add_resource(&id, json).expect("a valid schema");
            ids.push((name, id));
        }
        let mut schemas = boon::Schemas::new();
        let index = ids
            .into_iter()
            .map(|(name, id)| {
                let i = compiler
                    .compile(&id, &mut schemas)
                    .unwrap_or_else(|e| panic!("{name}: {e:#}"));
                (name, i)
            })
            .collect();
        Schemas { schemas, index }
    }

    fn check(&self, name: &str, json: &Value) -> Result<(), String> {
        let (_, i) = self
            .index
            .iter()
            .find(|(n, _)| *n == name)
            .expect("a schema");
        self.schemas.validate(json, *i).map_err(|e| format!("{e}"))
    }

    /// Fails the test, naming `what`, when `json` does not fit.
    pub(crate) fn validate(&self, name: &str, what: &str, json: &Value) {
        if let Err(e) = self.check(name, json) {
            panic!("{what} does not fit schemas/{name}.schema.json:\n{e}");
        }
        assert_eq!(json["schema"], format!("chachong.{name}/1"), "{what}");
    }
}

/// A corpus that gives every kind of finding: two near-duplicate seeds,
/// a containment (a short item inside a longer one), a rewrite-like pair,
/// a document of code (damaged), a JSONL file with a skipped record and a
/// `folder` field, in folders by source.
fn planted(dir: &Dir) {
    let body = |prefix: &str| {
        let text = std::fs::read_to_string(seed(prefix)).unwrap();
        // Front matter out, if any: plain bodies.
        match text.strip_prefix("---") {
            Some(rest) => rest
                .split_once("---")
                .map_or("", |x| x.1)
                .trim()
                .to_string(),
            None => text.trim().to_string(),
        }
    };
    let (a, b, c) = (body("000"), body("001"), body("002"));
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    dir.write(
        "corpus/新华社/a.md",
        format!("---\ntitle: 甲\ndate: 2021-03-01\nsource: 新华社\n---\n{a}"),
    );
    dir.write(
        "corpus/新华社/b.md",
        format!("---\ntitle: 乙\ndate: 2021-04-02\n---\n本报讯 {a}"),
    );
    // The first 600 characters of `a` alone: inside `a`, not like it.
    dir.write("corpus/人民网/2021/c.txt", cut(&a, 600));
    dir.write("corpus/人民网/d.txt", cut(&c, 1200));
    dir.write("corpus/人民网/e.txt", &b);
    dir.write(
        "corpus/code.txt",
        "var a = 1;\nfunction f(x) { return x * 2; }\nvar b = f(a);\n\
         if (b > 1) { console.log(b); }\nfor (var i = 0; i < 10; i++) { a += i; }\n",
    );
    let lines = [
        serde_json::json!({"id": "j1", "title": "记录", "folder": "地方", "label": "x",
                           "date": "2022-01-05", "text": cut(&c, 900)})
        .to_string(),
        "{not json".to_string(),
    ];
    dir.write("corpus/records.jsonl", lines.join("\n"));
}

/// Every JSON output of `corpus` (relative to `dir`), by schema name.
/// `drafts` are checked against the index of `corpus` and against
/// `corpus` itself.
fn outputs(dir: &Dir, corpus: &str, drafts: &str, by: &str) -> Vec<(&'static str, String, Value)> {
    let mut out = Vec::new();
    let mut json = |name: &'static str, args: &[&str]| {
        let o = dir.run(args);
        assert!(o.code == 0 || o.code == 1, "{args:?}: {o:?}");
        let v: Value = serde_json::from_str(&o.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {o:?}"));
        out.push((name, format!("{args:?}"), v));
    };
    let q = ["--format", "json", "-q"];
    let with =
        |args: &[&str]| -> Vec<String> { args.iter().chain(&q).map(|s| s.to_string()).collect() };
    let run = |json: &mut dyn FnMut(&'static str, &[&str]), name, args: &[&str]| {
        let args = with(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        json(name, &args);
    };
    run(
        &mut json,
        "dups",
        &["dups", corpus, "--rewrite-threshold", "0.1"],
    );
    run(&mut json, "topics", &["topics", corpus]);
    run(&mut json, "compare", &["compare", corpus, "--by", by]);
    run(&mut json, "index", &["index", corpus, "-o", "c.idx"]);
    run(
        &mut json,
        "index",
        &["index", corpus, "-o", "c.idx", "--add"],
    );
    run(
        &mut json,
        "check",
        &["check", drafts, "--against", "c.idx", "--rewrites"],
    );
    run(
        &mut json,
        "check",
        &[
            "check",
            drafts,
            "--against",
            corpus,
            "--allow",
            "j*",
            "--self",
            "x/*",
        ],
    );
    // `compare --groups` gives `pairwise`: the two largest groups.
    let groups: Vec<String> = out
        .iter()
        .find(|(n, ..)| *n == "compare")
        .map(|(.., v)| {
            v["groups"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["name"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap();
    if let [g1, g2, ..] = &groups[..] {
        let pair = format!("{g1},{g2}");
        let args = with(&["compare", corpus, "--by", by, "--groups", &pair]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = dir.run(&args);
        assert_eq!(o.code, 0, "{o:?}");
        assert!(o.json().get("pairwise").is_some(), "{}", o.stdout);
        out.push(("compare", format!("{args:?}"), o.json()));
    }
    // inspect: one file, and a JSONL file of several records.
    let one = seed("000");
    let records = [
        serde_json::json!({"id": "r1", "title": "一", "extra": "x", "text": "第一条记录的正文。"}),
        serde_json::json!({"id": "r2", "text": "第二条记录的正文。"}),
    ];
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    let several = dir.write("several.jsonl", lines.join("\n"));
    for file in [arg(&one), arg(&several)] {
        let o = dir.run(&["inspect", file, "--format", "json", "-q"]);
        assert_eq!(o.code, 0, "{o:?}");
        out.push(("inspect", file.to_string(), o.json()));
    }
    let o = dir.run(&["report", corpus, "--out", "r", "--by", by, "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    let report = std::fs::read_to_string(dir.join("r/report.json")).unwrap();
    out.push((
        "report",
        "report.json".into(),
        serde_json::from_str(&report).unwrap(),
    ));
    out
}

#[test]
fn seeds_output_fits_the_schemas() {
    let schemas = Schemas::load();
    let dir = Dir::new();
    for (name, what, json) in outputs(&dir, arg(&seeds_dir()), arg(&seeds_dir()), "source") {
        schemas.validate(name, &what, &json);
    }
    // By regions: weighted groups, and each group's periods.
    for by in ["region", "region:city"] {
        let o = dir.run(&[
            "compare",
            arg(&seeds_dir()),
            "--by",
            by,
            "--format",
            "json",
            "-q",
        ]);
        assert_eq!(o.code, 0, "{o:?}");
        let json = o.json();
        assert!(
            json["groups"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g["over_time"].is_array())
        );
        schemas.validate("compare", &format!("compare --by {by}"), &json);
    }
    // The committed report too.
    let committed = std::fs::read_to_string(root().join("reports/seeds/report.json")).unwrap();
    schemas.validate(
        "report",
        "reports/seeds/report.json",
        &serde_json::from_str(&committed).unwrap(),
    );
}

#[test]
fn planted_output_fits_the_schemas() {
    let schemas = Schemas::load();
    let dir = Dir::new();
    planted(&dir);
    let all = outputs(&dir, "corpus", "corpus/人民网", "path:2");
    // The planted corpus gives each kind the schemas spell out by hand.
    let dups = &all.iter().find(|(n, ..)| *n == "dups").unwrap().2;
    let kinds: Vec<&str> = dups["near_duplicates"]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"near_duplicate") && kinds.contains(&"containment"),
        "{kinds:?}"
    );
    assert!(!dups["damaged"].as_array().unwrap().is_empty(), "{dups}");
    assert!(!dups["rewrites"].as_array().unwrap().is_empty(), "{dups}");
    let index = &all.iter().find(|(n, ..)| *n == "index").unwrap().2;
    assert!(!index["skipped"].as_array().unwrap().is_empty(), "{index}");
    for (name, what, json) in &all {
        schemas.validate(name, what, json);
    }
}

#[test]
fn the_schemas_catch_drift() {
    let schemas = Schemas::load();
    let dir = Dir::new();
    let o = dir.run(&["dups", arg(&seeds_dir()), "--format", "json", "-q"]);
    let good = o.json();
    assert!(schemas.check("dups", &good).is_ok());
    let drifted = [
        // A key added at the top, in a pair, in the settings.
        ("/surprise", Value::from(1)),
        ("/passages/0/score", Value::from(1.0)),
        ("/near_duplicates/score", Value::from(1.0)),
        ("/settings/new_setting", Value::from(true)),
    ];
    for (at, v) in drifted {
        let mut bad = good.clone();
        let (parent, key) = at.rsplit_once('/').unwrap();
        bad.pointer_mut(parent)
            .unwrap_or_else(|| panic!("{parent} in {good}"))
            .as_object_mut()
            .unwrap()
            .insert(key.to_string(), v);
        assert!(schemas.check("dups", &bad).is_err(), "{at} passed");
    }
    // A key renamed, a type changed, the version missing.
    let mut bad = good.clone();
    let copies = bad["passages"][0]
        .as_object_mut()
        .unwrap()
        .remove("copies")
        .unwrap();
    bad["passages"][0]["places"] = copies;
    assert!(schemas.check("dups", &bad).is_err());
    let mut bad = good.clone();
    bad["documents"][0]["chars"] = Value::from("1234");
    assert!(schemas.check("dups", &bad).is_err());
    let mut bad = good;
    bad.as_object_mut().unwrap().remove("chachong_version");
    assert!(schemas.check("dups", &bad).is_err());
}
