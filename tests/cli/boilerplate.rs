//! Site boilerplate: found over the corpus, reported once with its
//! evidence, and left out of pairs, passages and topics.

use serde_json::{Value, json};

use crate::util::Dir;

/// A distinct article of `n` ideographs for every `seed` (a fixed
/// pseudo-random walk), with a full stop every 23 characters.
fn article(seed: u64, n: usize) -> String {
    let chars: Vec<char> = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞".chars().collect();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|i| {
            if i % 23 == 22 {
                return '。';
            }
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chars[(x % chars.len() as u64) as usize]
        })
        .collect()
}

/// The notice, with characters every output must escape (a complete tag
/// would be cut out of the body as markup residue).
const NOTICE: &str = "本站声明（价格<100元&税率>5%）：此消息系转载自合作媒体，登载此文出于传递更多信息之目的，并不意味着赞同其观点或证实其描述。";

/// `n` JSONL records of one site, each an article with `tail` after it.
fn corpus(dir: &Dir, n: usize, tail: &str) -> String {
    let lines: Vec<String> = (0..n)
        .map(|i| {
            json!({"id": format!("a{i:02}"), "site": "news.example", "text": format!("{}\n{tail}", article(i as u64 + 1, 500))})
                .to_string()
        })
        .collect();
    dir.write("corpus.jsonl", lines.join("\n") + "\n");
    dir.join("corpus.jsonl").display().to_string()
}

fn passage_texts(json: &Value) -> Vec<String> {
    json["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_notice_on_every_page_of_a_site_is_reported_once_as_boilerplate_not_as_a_passage() {
    let dir = Dir::new();
    let path = corpus(&dir, 24, NOTICE);
    let out = dir.run(&["dups", &path, "--format", "json", "-q"]);
    assert!(out.ok(), "{out:?}");
    let json = out.json();
    let found = json["boilerplate"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["documents"], 24);
    assert_eq!(
        found[0]["sites"],
        json!([{"site": "news.example", "documents": 24}])
    );
    assert_eq!(found[0]["evidence"]["at_edge"], 1.0);
    assert_eq!(found[0]["copies"][0]["start"], 501);
    assert!(passage_texts(&json).is_empty(), "{json:#}");

    // Kept in, it is 24 copies of a repeated passage.
    let kept = dir.run(&[
        "dups",
        &path,
        "--format",
        "json",
        "-q",
        "--keep-boilerplate",
    ]);
    let kept = kept.json();
    assert_eq!(kept["boilerplate"], json!([]));
    assert_eq!(kept["passages"][0]["copies"].as_array().unwrap().len(), 24);
}

#[test]
fn a_dated_story_lead_in_many_articles_stays_a_repeated_passage() {
    let dir = Dir::new();
    let lead = "11月7日至9日，以创造互信共治的数字世界为主题的第五届世界互联网大会在浙江乌镇举行，各方嘉宾齐聚一堂。";
    let path = corpus(&dir, 24, lead);
    let json = dir.run(&["dups", &path, "--format", "json", "-q"]).json();
    assert_eq!(json["boilerplate"], json!([]));
    assert_eq!(passage_texts(&json), vec![lead.to_string()]);
}

#[test]
fn boilerplate_settings_are_checked_and_change_the_call() {
    let dir = Dir::new();
    let path = corpus(&dir, 24, NOTICE);
    let bad = dir.run(&["dups", &path, "--boilerplate-docs", "1"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(
        bad.stderr
            .contains("--boilerplate-docs must be at least 2, not 1"),
        "{}",
        bad.stderr
    );
    // Asked for more documents than hold it: not boilerplate.
    let json = dir
        .run(&[
            "dups",
            &path,
            "--format",
            "json",
            "-q",
            "--boilerplate-docs",
            "30",
        ])
        .json();
    assert_eq!(json["boilerplate"], json!([]));
}

#[test]
fn the_report_lists_boilerplate_with_its_evidence_escaped() {
    let dir = Dir::new();
    let path = corpus(&dir, 24, NOTICE);
    let out = dir.run(&["report", &path, "--out", "rep", "-q"]);
    assert!(out.ok(), "{out:?}");
    let html = std::fs::read_to_string(dir.join("rep/index.html")).unwrap();
    assert!(html.contains("网站样板文字 (1)"), "no boilerplate section");
    assert!(
        html.contains("价格&lt;100元&amp;税率&gt;5%"),
        "notice not shown escaped"
    );
    assert!(
        !html.contains("价格<100"),
        "corpus text on the page unescaped"
    );
    assert!(html.contains("news.example (24)"));
    let md = std::fs::read_to_string(dir.join("rep/report.md")).unwrap();
    assert!(md.contains("## 网站样板文字"));
    assert!(md.contains("价格&lt;100元&amp;税率&gt;5%"), "{md}");
}
