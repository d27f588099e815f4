//! Damaged documents, as a user meets them: two identical failed scrapes
//! (a script, and text decoded badly into U+FFFD) beside a real reprint are left out of clusters,
//! passages and topics and listed apart by `dups`, `topics`, `inspect` and
//! the report; `--keep-damaged` lets them in.

use serde_json::{Value, json};

use crate::util::{Dir, Out, arg};

/// A press release and its reprint: the one real near-duplicate pair.
const STORY: &str = "十一月二十日上午九时，长征二号丁运载火箭在酒泉卫星发射中心点火升空，\
    成功将遥感四十号卫星送入预定轨道，发射任务取得圆满成功。该卫星主要用于国土资源普查、\
    农作物估产和防灾减灾等领域，将为国民经济建设提供信息服务。此次任务是长征系列运载火箭的第\
    四百九十次飞行。据介绍，遥感四十号卫星由中国航天科技集团有限公司所属上海航天技术研究院抓总研制，\
    卫星配置了高分辨率光学相机和多光谱成像仪，在轨设计寿命为八年。";

const OTHERS: [&str; 3] = [
    "本赛季中超联赛第二十八轮比赛昨晚结束，领头羊主场三比一战胜来访的老对手，提前两轮锁定冠军。\
     主教练赛后表示，球队全年保持了稳定的状态，年轻球员的成长是最大的收获。",
    "秋冬换季，皮肤容易干燥起皮。皮肤科医生建议，洗澡水温不宜过高，时间控制在十五分钟以内，\
     洗后及时涂抹保湿霜，室内可以使用加湿器，把湿度保持在百分之五十左右。",
    "一款国产折叠屏手机昨日发布，新机采用内折方案，展开后屏幕达到八英寸，铰链经过二十万次\
     弯折测试，电池容量四千五百毫安时，支持六十六瓦快充，起售价八千九百九十九元。",
];

/// A failed scrape: the page's script, and its text decoded badly (every
/// other character U+FFFD). The clean stage cuts the script out; the
/// garbled text stays body, and says the page is damaged.
fn scrape() -> String {
    let mut page = String::new();
    for i in 0..5 {
        page.push_str(&format!(
            "var ua{i} = navigator.userAgent.toLowerCase();\n\
             if(isIPhone || isAndroid){{ location.replace('http://slide.sina.com.cn/s/{i}.html'); }}\n"
        ));
    }
    for i in 0..30 {
        page.push_str(&format!(
            "第{i}段\u{FFFD}明\u{FFFD}星\u{FFFD}爱\u{FFFD}大\u{FFFD}牌\u{FFFD}图\u{FFFD}集\u{FFFD}加\u{FFFD}载\u{FFFD}失\u{FFFD}败\n"
        ));
    }
    page
}

/// The corpus as one JSONL file: the story, two unrelated articles, the
/// scrape under `scrape_id`, the reprint, another article, the scrape again.
fn corpus(dir: &Dir, scrape_id: &str) -> String {
    let records = [
        json!({"id": "story", "title": "遥感四十号", "source": "新华社", "text": STORY}),
        json!({"id": "sport", "source": "新华社", "text": OTHERS[0]}),
        json!({"id": "skin", "source": "人民网", "text": OTHERS[1]}),
        json!({"id": scrape_id, "title": "明星爱大牌", "source": "人民网", "text": scrape()}),
        json!({"id": "reprint", "source": "人民网", "text": format!("本报讯 {STORY} 责任编辑：李明")}),
        json!({"id": "phone", "source": "新华社", "text": OTHERS[2]}),
        json!({"id": "scrape-b", "title": "明星爱大牌", "source": "新华社", "text": scrape()}),
    ];
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    let path = dir.write("news.jsonl", lines.join("\n") + "\n");
    arg(&path).to_string()
}

fn ok(o: Out) -> Value {
    o.assert_no_panic();
    assert_eq!(o.code, 0, "{}", o.stderr);
    o.json()
}

fn clusters(v: &Value) -> Vec<Vec<String>> {
    v["near_duplicates"]["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| serde_json::from_value(c["members"].clone()).unwrap())
        .collect()
}

fn passage_docs(v: &Value) -> Vec<String> {
    v["passages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["copies"].as_array().unwrap().clone())
        .map(|c| c["doc"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn damaged_pages_are_left_out_of_clusters_and_passages_and_listed_apart() {
    let dir = Dir::new();
    let input = corpus(&dir, "scrape-a");
    let v = ok(dir.run(&["dups", &input, "--format", "json", "--quiet"]));
    assert_eq!(clusters(&v), [["reprint", "story"]]);
    assert_eq!(v["near_duplicates"]["pairs"].as_array().unwrap().len(), 1);
    assert!(
        passage_docs(&v).iter().all(|d| !d.starts_with("scrape")),
        "{}",
        v["passages"]
    );
    let damaged = v["damaged"].as_array().unwrap();
    let ids: Vec<&str> = damaged.iter().map(|d| d["doc"].as_str().unwrap()).collect();
    assert_eq!(ids, ["scrape-a", "scrape-b"]);
    for d in damaged {
        let reasons = d["reasons"].as_array().unwrap();
        assert_eq!(reasons[0]["reason"], "replacement_chars", "{d}");
        assert!(reasons[0]["share"].as_f64().unwrap() > 0.4, "{d}");
    }
    assert_eq!(v["settings"]["keep_damaged"], false);

    let text = dir.run(&["dups", &input, "--format", "text", "--quiet"]);
    assert!(
        text.stdout.contains("Damaged documents (left out):")
            && text.stdout.contains("scrape-a  replacement_chars"),
        "{}",
        text.stdout
    );
}

#[test]
fn keep_damaged_lets_the_damaged_pair_cluster() {
    let dir = Dir::new();
    let input = corpus(&dir, "scrape-a");
    let v = ok(dir.run(&[
        "dups",
        &input,
        "--format",
        "json",
        "--quiet",
        "--keep-damaged",
    ]));
    assert_eq!(
        clusters(&v),
        [["reprint", "story"], ["scrape-a", "scrape-b"]]
    );
    assert!(passage_docs(&v).iter().any(|d| d == "scrape-b"));
    assert_eq!(v["damaged"].as_array().unwrap().len(), 2);
    assert_eq!(v["settings"]["keep_damaged"], true);
}

#[test]
fn topics_and_compare_leave_damaged_pages_out_unless_kept() {
    let dir = Dir::new();
    let input = corpus(&dir, "scrape-a");
    let base = [
        "topics",
        input.as_str(),
        "--format",
        "json",
        "--quiet",
        "--k",
        "2",
    ];
    let t = ok(dir.run(&base));
    assert_eq!(t["settings"]["damaged"], 2);
    assert_eq!(t["settings"]["keep_damaged"], false);
    // Seven documents, the reprint counted once, the two scrapes left out.
    assert_eq!(t["settings"]["clustered"], 4);
    assert_eq!(t["assignments"].as_array().unwrap().len(), 7);
    let kept = ok(dir.run(&[&base[..], &["--keep-damaged"]].concat()));
    assert_eq!(kept["settings"]["damaged"], 0);
    assert_eq!(kept["settings"]["clustered"], 5);

    for extra in [&[][..], &["--keep-damaged"][..]] {
        let args = [
            &[
                "compare", &input, "--by", "source", "--format", "json", "--quiet",
            ][..],
            extra,
        ]
        .concat();
        ok(dir.run(&args));
    }
}

#[test]
fn inspect_shows_a_documents_quality() {
    let dir = Dir::new();
    let input = corpus(&dir, "scrape-a");
    let one = |id: &str| {
        ok(dir.run(&[
            "inspect", &input, "--record", id, "--format", "json", "--quiet",
        ]))
    };
    let q = &one("scrape-a")["quality"];
    assert_eq!(q["reasons"][0]["reason"], "replacement_chars", "{q}");
    assert!(q["measures"]["replacement"].as_f64().unwrap() > 0.0, "{q}");
    let q = &one("story")["quality"];
    assert_eq!(q["reasons"], json!([]), "{q}");
    let text = dir.run(&[
        "inspect", &input, "--record", "scrape-a", "--format", "text",
    ]);
    assert!(
        text.stdout.contains("quality: DAMAGED (replacement_chars "),
        "{}",
        text.stdout
    );
}

#[test]
fn the_reports_damaged_section_lists_them_apart_escaped() {
    let dir = Dir::new();
    let evil = "<script>alert(1)</script>";
    let input = corpus(&dir, evil);
    let out = dir.join("r");
    let o = dir.run(&["report", &input, "--out", arg(&out), "--quiet", "--k", "2"]);
    assert_eq!(o.code, 0, "{}", o.stderr);

    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let damaged = json["summary"]["damaged"].as_array().unwrap();
    let ids: Vec<&str> = damaged.iter().map(|d| d["doc"].as_str().unwrap()).collect();
    assert_eq!(ids, [evil, "scrape-b"]);
    assert_eq!(json["dups"]["damaged"].as_array().unwrap().len(), 2);
    assert_eq!(clusters(&json["dups"]), [["reprint", "story"]]);

    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<script"), "a script tag got through");
    let section = html
        .split("<section id=\"damaged\">")
        .nth(1)
        .expect("a damaged section")
        .split("</section>")
        .next()
        .unwrap();
    assert!(section.contains("受损文章 (2)"), "{section}");
    assert!(
        section.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            && section.contains("scrape-b")
            && section.contains("replacement_chars"),
        "{section}"
    );
    assert!(html.contains("<a href=\"#damaged\">受损文章</a>"));

    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(!md.contains("<script"), "markdown lets markup through");
    let md_section = md.split("## 受损文章").nth(1).expect("a damaged section");
    assert!(
        md_section.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            && md_section.contains("replacement\\_chars"),
        "{md_section}"
    );
}
