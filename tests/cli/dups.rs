//! `chachong dups` run as a user would: the real binary on small corpora with
//! planted reprints, a release inside a longer story, a reworded story, and
//! on the seed articles.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::util::{run, seeds_dir};

/// Runs `dups --format json` on `input` and parses the result.
fn dups(input: &Path, extra: &[&str]) -> (Value, String) {
    let input = input.to_str().expect("utf-8 path");
    let mut args = vec!["dups", input, "--format", "json", "--quiet"];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(o.code, 0, "chachong {args:?} failed: {}", o.stderr);
    (o.json(), o.stdout)
}

/// The original story: a press release about a satellite launch.
const STORY: &str = "十一月二十日上午九时，长征二号丁运载火箭在酒泉卫星发射中心点火升空，\
    成功将遥感四十号卫星送入预定轨道，发射任务取得圆满成功。该卫星主要用于国土资源普查、\
    农作物估产和防灾减灾等领域，将为国民经济建设提供信息服务。此次任务是长征系列运载火箭的第\
    四百九十次飞行。据介绍，遥感四十号卫星由中国航天科技集团有限公司所属上海航天技术研究院抓总研制，\
    卫星配置了高分辨率光学相机和多光谱成像仪，在轨设计寿命为八年。研制团队在卫星平台上采用了多项\
    新技术，整星重量比上一代减轻百分之十五，姿态控制精度提高了一倍。";

/// The reprint's footer.
const FOOTER: &str = "本文转载自航天新闻网，如有侵权请联系删除。责任编辑：李明";

/// A release of about 150 characters, and a longer story that quotes it whole.
const RELEASE: &str = "市教育局今天发布通知，自下学期起全市中小学将推行课后延时服务，\
    服务时间原则上不早于下午五点三十分结束，学校可以组织学生完成作业、开展阅读和体育锻炼，\
    家长自愿申请，费用由财政和家长合理分担，困难家庭学生免费参加。";

const SURROUND: (&str, &str) = (
    "连日来，不少家长在社交平台上讨论孩子放学后无人接送的问题。记者走访了城区多所小学发现，\
    下午三点半放学后，校门口常常排起长队，一些双职工家庭只能请老人帮忙，或者把孩子送进校外托管班，\
    每月花费从八百元到两千元不等。托管班的条件参差不齐，有的设在居民楼里，面积狭小，缺少消防设施。\
    一位家长告诉记者，她每天都要提前离开单位，已经被领导提醒过好几次。",
    "对此，多位校长表示，学校已经着手排课和安排教师轮值，并将邀请少年宫、体育俱乐部等机构进校开设\
    兴趣课程。也有教师担心延时服务会加重工作负担，希望有关部门在绩效工资和调休方面给予保障。\
    教育专家认为，课后服务的关键在于内容是否丰富、是否真正减轻家长负担，而不是简单地延长看管时间。",
);

/// Unrelated articles, none sharing a sentence with another.
const OTHERS: [&str; 6] = [
    "本赛季中超联赛第二十八轮比赛昨晚结束，领头羊主场三比一战胜来访的老对手，提前两轮锁定冠军。\
     主教练赛后表示，球队全年保持了稳定的状态，年轻球员的成长是最大的收获。",
    "秋冬换季，皮肤容易干燥起皮。皮肤科医生建议，洗澡水温不宜过高，时间控制在十五分钟以内，\
     洗后及时涂抹保湿霜，室内可以使用加湿器，把湿度保持在百分之五十左右。",
    "今年的时装周上，宽松廓形的西装外套成为各大品牌的主角，驼色、燕麦色和深灰色最受欢迎，\
     设计师们用丝巾和皮带点缀，让通勤装扮多了几分随性。",
    "一款国产折叠屏手机昨日发布，新机采用内折方案，展开后屏幕达到八英寸，铰链经过二十万次\
     弯折测试，电池容量四千五百毫安时，支持六十六瓦快充，起售价八千九百九十九元。",
    "电影节闭幕式上，一部讲述乡村教师坚守山区三十年的影片获得最佳影片奖，导演在领奖时说，\
     希望更多观众关注偏远地区的孩子，片中大部分演员都是当地村民。",
    "研究人员在南海深处发现了一片新的冷泉生态系统，科考船搭载的深海机器人拍到了成群的贻贝和\
     管状蠕虫，这些生物依靠化能合成细菌生存，不需要阳光。",
];

/// Story-specific words, each a term for segmentation, for the rewrite pair.
const TERMS: [&str; 24] = [
    "暴雨",
    "洪水",
    "水库",
    "堤坝",
    "转移",
    "群众",
    "救援",
    "队伍",
    "冲锋舟",
    "物资",
    "帐篷",
    "安置",
    "村庄",
    "道路",
    "桥梁",
    "抢修",
    "电力",
    "通信",
    "降雨",
    "预警",
    "水位",
    "河道",
    "巡查",
    "险情",
];

/// A text of the terms in `order`, joined by `joins` in turn: the same words
/// in another order with other small words between them.
fn term_text(order: &[usize], joins: &[&str]) -> String {
    let mut s = String::new();
    for (i, &t) in order.iter().enumerate() {
        s.push_str(TERMS[t]);
        s.push_str(joins[i % joins.len()]);
    }
    s.push('。');
    s
}

fn write_jsonl(dir: &Path, name: &str, records: &[Value]) -> PathBuf {
    let path = dir.join(name);
    let body: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&path, body).expect("write fixture");
    path
}

/// The planted corpus: a reprint, a contained release, a rewrite, fillers.
pub(crate) fn planted(dir: &Path) -> PathBuf {
    let forward: Vec<usize> = (0..TERMS.len()).chain(0..TERMS.len()).collect();
    let shuffled: Vec<usize> = (0..2 * TERMS.len())
        .map(|i| (i * 7 + 3) % TERMS.len())
        .collect();
    let mut records = vec![
        json!({"id": "story", "title": "遥感四十号卫星发射成功", "date": "2018-11-20",
               "text": STORY}),
        json!({"id": "reprint", "title": "我国成功发射遥感卫星 整星减重百分之十五",
               "date": "2018-11-21",
               "text": format!("{STORY}\n{FOOTER}")}),
        json!({"id": "release", "title": "全市中小学推行课后延时服务", "text": RELEASE}),
        json!({"id": "feature", "title": "放学后，孩子去哪儿？",
               "text": format!("{}\n{RELEASE}\n{}", SURROUND.0, SURROUND.1)}),
        json!({"id": "flood", "title": "暴雨过后",
               "text": term_text(&forward, &["，", "的", "和", "在"])}),
        json!({"id": "flood-again", "title": "洪水之后",
               "text": term_text(&shuffled, &["与", "以及", "，", "同"])}),
    ];
    for (i, text) in OTHERS.iter().enumerate() {
        records.push(
            json!({"id": format!("other-{i}"), "title": format!("其他 {i}"),
                            "text": text}),
        );
    }
    write_jsonl(dir, "planted.jsonl", &records)
}

/// Character 5-gram set of a text's alphanumeric characters (the tool's
/// definition, for texts without anything the cleaner removes).
fn fivegrams(text: &str) -> HashSet<String> {
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    chars.windows(5).map(|w| w.iter().collect()).collect()
}

fn pair<'v>(result: &'v Value, a: &str, b: &str) -> Option<&'v Value> {
    result["near_duplicates"]["pairs"]
        .as_array()?
        .iter()
        .find(|p| p["a"] == a && p["b"] == b)
}

#[test]
fn reprint_with_new_headline_and_footer_is_a_pair_with_exact_scores() {
    let dir = tempfile::tempdir().unwrap();
    let (r, _) = dups(&planted(dir.path()), &[]);
    let p = pair(&r, "story", "reprint").expect("reprint pair");
    let (s, t) = (fivegrams(STORY), fivegrams(&format!("{STORY}{FOOTER}")));
    let shared = s.intersection(&t).count() as f64;
    let jaccard = shared / (s.len() as f64 + t.len() as f64 - shared);
    let got = p["jaccard"].as_f64().unwrap();
    assert!(
        (got - jaccard).abs() < 1e-4,
        "jaccard {got}, expected {jaccard}"
    );
    assert!(got > 0.85 && got < 0.95);
    assert_eq!(p["containment"], 1.0);
    // Both ways: no direction.
    assert_eq!(p["kind"], "near_duplicate");
    assert!(
        p.get("inside").is_none() && p.get("within").is_none(),
        "{p}"
    );
    let clusters = r["near_duplicates"]["clusters"].as_array().unwrap();
    let c = clusters
        .iter()
        .find(|c| c["members"] == json!(["reprint", "story"]))
        .expect("reprint cluster");
    assert_eq!(
        c["representative"], "story",
        "the earlier date stands first"
    );
}

#[test]
fn short_release_inside_a_longer_story_is_caught_by_containment() {
    let dir = tempfile::tempdir().unwrap();
    let (r, _) = dups(&planted(dir.path()), &[]);
    let p = pair(&r, "release", "feature").expect("contained release");
    let j = p["jaccard"].as_f64().unwrap();
    assert!(j < 0.5, "low jaccard expected, got {j}");
    assert!(p["containment"].as_f64().unwrap() >= 0.95);
    // The short release is inside the feature, whatever the corpus order.
    assert_eq!(p["kind"], "containment");
    assert_eq!(
        (&p["inside"], &p["within"]),
        (&json!("release"), &json!("feature"))
    );
}

#[test]
fn every_pair_says_its_kind_and_containment_is_never_below_jaccard() {
    let dir = tempfile::tempdir().unwrap();
    let (r, _) = dups(&planted(dir.path()), &[]);
    let pairs = r["near_duplicates"]["pairs"].as_array().unwrap();
    assert!(pairs.len() >= 2, "{pairs:?}");
    for p in pairs {
        let (j, c) = (
            p["jaccard"].as_f64().unwrap(),
            p["containment"].as_f64().unwrap(),
        );
        assert!(c >= j, "{p}");
        match p["kind"].as_str() {
            Some("near_duplicate") => assert!(j >= 0.5, "{p}"),
            Some("containment") => {
                assert!(j < 0.5 && c >= 0.8, "{p}");
                let sides = [&p["a"], &p["b"]];
                assert!(sides.contains(&&p["inside"]) && sides.contains(&&p["within"]));
                assert_ne!(p["inside"], p["within"]);
            }
            other => panic!("kind {other:?} in {p}"),
        }
    }
    let rewrites = r["rewrites"].as_array().unwrap();
    assert!(!rewrites.is_empty());
    assert!(
        rewrites.iter().all(|w| w["kind"] == "rewrite"),
        "{rewrites:?}"
    );
}

#[test]
fn text_output_names_the_kind_and_which_document_is_inside_which() {
    let dir = tempfile::tempdir().unwrap();
    let input = planted(dir.path());
    let (r, _) = dups(&input, &[]);
    let percent = |a: &str, b: &str| {
        let c = pair(&r, a, b).unwrap()["containment"].as_f64().unwrap();
        format!("{:.0}%", c * 100.0)
    };
    let o = run(&[
        "dups",
        input.to_str().unwrap(),
        "--format",
        "text",
        "--quiet",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let text = o.stdout;
    assert!(
        text.contains(&format!(
            "containment: release is {} inside feature",
            percent("release", "feature")
        )),
        "{text}"
    );
    let reprint = text
        .lines()
        .position(|l| l.contains("near duplicate (both ways)"))
        .expect("the reprint pair's kind");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[reprint + 1].trim_start().starts_with("story"),
        "{text}"
    );
    assert!(
        lines[reprint + 2].trim_start().starts_with("reprint"),
        "{text}"
    );
    assert!(
        text.contains("2 near-duplicate pairs (1 both ways, 1 containment)"),
        "{text}"
    );
}

#[test]
fn reworded_story_is_a_rewrite_not_a_near_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let (r, _) = dups(&planted(dir.path()), &[]);
    assert!(pair(&r, "flood", "flood-again").is_none());
    let rewrites = r["rewrites"].as_array().unwrap();
    let w = rewrites
        .iter()
        .find(|w| w["a"] == "flood" && w["b"] == "flood-again")
        .expect("rewrite pair");
    assert!(w["cosine"].as_f64().unwrap() >= 0.8);
    // Nothing else pairs up: the fillers are unrelated.
    let ids: HashSet<&str> = r["near_duplicates"]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rewrites)
        .flat_map(|p| [p["a"].as_str().unwrap(), p["b"].as_str().unwrap()])
        .collect();
    assert!(ids.iter().all(|id| !id.starts_with("other")), "{ids:?}");
}

#[test]
fn empty_folder_fails_and_single_document_gives_empty_results() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    // Nothing to read is an error (exit 2), not an empty result.
    let o = run(&["dups", empty.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stdout.is_empty());
    assert!(o.stderr.contains("no documents found in"), "{}", o.stderr);
    let one = write_jsonl(
        dir.path(),
        "one.jsonl",
        &[json!({"id": "x", "text": STORY})],
    );
    let (r, _) = dups(&one, &[]);
    assert_eq!(r["documents"].as_array().unwrap().len(), 1);
    assert_eq!(r["documents"][0]["chars"], STORY.chars().count());
    assert_eq!(r["near_duplicates"]["pairs"], json!([]));
}

#[test]
fn seeds_run_with_the_contract_keys_and_repeat_byte_for_byte() {
    let seeds = seeds_dir();
    let (r, first) = dups(&seeds, &[]);
    for key in [
        "documents",
        "near_duplicates",
        "rewrites",
        "passages",
        "settings",
    ] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    assert!(r["near_duplicates"]["pairs"].is_array());
    assert!(r["near_duplicates"]["clusters"].is_array());
    assert_eq!(r["documents"].as_array().unwrap().len(), 5);
    for d in r["documents"].as_array().unwrap() {
        assert!(d["id"].is_string() && d["chars"].as_u64().unwrap() > 0);
    }
    assert_eq!(r["settings"]["shingle"], 5);
    assert_eq!(r["settings"]["threshold"], 0.5);
    let (_, second) = dups(&seeds, &[]);
    assert_eq!(first, second, "same input, same bytes");
}

#[test]
fn settings_flags_reach_the_result_and_bad_ones_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = planted(dir.path());
    let (r, _) = dups(&input, &["--threshold", "0.9", "--containment", "0.99"]);
    assert_eq!(r["settings"]["threshold"], 0.9);
    // The release pair stays (containment 1.0); nothing below 0.9 Jaccard
    // or 0.99 containment does.
    for p in r["near_duplicates"]["pairs"].as_array().unwrap() {
        assert!(p["jaccard"].as_f64().unwrap() >= 0.9 || p["containment"] == 1.0);
    }
    let path = input.to_str().unwrap();
    let o = run(&["dups", path, "--threshold", "1.5"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("threshold"), "{}", o.stderr);
    let o = run(&["dups", path, "--format", "text", "--quiet"]);
    assert_eq!(o.code, 0);
    let text = o.stdout;
    assert!(text.contains("Near duplicates"), "{text}");
    assert!(text.contains("遥感四十号卫星发射成功"), "{text}");
}

/// Passages copied across sources: the story once from one paper to
/// another, the release into three papers, against a short notice that one
/// site prints on five of its pages and a paragraph one page repeats. The
/// copies within one site come first in the corpus and have the most
/// copies, so neither place nor copy count puts them last; interest does.
fn ranked_corpus(dir: &Path) -> PathBuf {
    let notice = OTHERS[1];
    let mut records: Vec<Value> = (0..5)
        .map(|i| {
            json!({"id": format!("site-{i}"), "source": "网站甲",
                        "text": format!("第{i}期。\n{notice}")})
        })
        .collect();
    records.push(json!({"id": "self",
                        "text": format!("{}\n{}\n{}", OTHERS[4], OTHERS[5], OTHERS[4])}));
    for (i, paper) in ["报社丁", "报社戊", "报社己"].iter().enumerate() {
        records.push(json!({"id": format!("release-{i}"), "source": paper,
                            "text": format!("第{i}版。\n{RELEASE}")}));
    }
    records.push(json!({"id": "story-x", "source": "报社乙",
                        "text": format!("{}\n{STORY}", OTHERS[2])}));
    records.push(json!({"id": "story-y", "source": "报社丙",
                        "text": format!("{STORY}\n{}", OTHERS[3])}));
    write_jsonl(dir, "ranked.jsonl", &records)
}

#[test]
fn passages_copied_across_sources_rank_before_repeats_inside_one_source() {
    let dir = tempfile::tempdir().unwrap();
    let input = ranked_corpus(dir.path());
    let (r, _) = dups(&input, &[]);
    let len = |s: &str| s.chars().count() as u64;
    // The story once across two sources outweighs the release across three.
    assert!(len(STORY) > 2 * len(RELEASE));
    let got: Vec<(String, u64, usize)> = r["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["text"].as_str().unwrap().to_string(),
                p["sources"].as_u64().unwrap(),
                p["copies"].as_array().unwrap().len(),
            )
        })
        .collect();
    let expected = vec![
        (STORY.to_string(), 2, 2),
        (RELEASE.to_string(), 3, 3),
        (OTHERS[1].to_string(), 1, 5),
        (OTHERS[4].to_string(), 1, 2),
    ];
    assert_eq!(got, expected);
    // The text listing keeps the same order and says the sources.
    let o = run(&[
        "dups",
        input.to_str().unwrap(),
        "--format",
        "text",
        "--quiet",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let at = |needle: &str| {
        o.stdout
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {}", o.stdout))
    };
    let heads = [
        at(&format!("{} chars, 2 copies in 2 sources", len(STORY))),
        at(&format!("{} chars, 3 copies in 3 sources", len(RELEASE))),
        at("5 copies in 1 source"),
        at("2 copies in 1 source"),
    ];
    assert!(heads.windows(2).all(|w| w[0] < w[1]), "{}", o.stdout);
}

#[test]
fn an_excerpt_of_a_reprinted_story_is_nested_in_it_and_every_pair_aligned_once() {
    let dir = tempfile::tempdir().unwrap();
    let excerpt = "据介绍，遥感四十号卫星由中国航天科技集团有限公司所属上海航天技术研究院抓总研制，\
        卫星配置了高分辨率光学相机和多光谱成像仪，在轨设计寿命为八年。";
    assert!(STORY.contains(excerpt));
    let input = write_jsonl(
        dir.path(),
        "nested.jsonl",
        &[
            json!({"id": "story-x", "source": "报社乙", "text": format!("{}\n{STORY}", OTHERS[2])}),
            json!({"id": "story-y", "source": "报社丙", "text": format!("{STORY}\n{}", OTHERS[3])}),
            json!({"id": "brief", "source": "报社丁",
                   "text": format!("{}\n{excerpt}\n{}", OTHERS[4], OTHERS[5])}),
        ],
    );
    let (r, _) = dups(&input, &[]);
    // One passage, the story, with the excerpt inside it: the pair of
    // story-x and story-y is not reported a second time by the excerpt.
    let passages = r["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 1, "{passages:#?}");
    assert_eq!(passages[0]["text"], STORY);
    let nested = passages[0]["nested"].as_array().unwrap();
    assert_eq!(nested.len(), 1);
    assert_eq!(nested[0]["text"], excerpt);
    let docs: Vec<&str> = nested[0]["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["doc"].as_str().unwrap())
        .collect();
    assert_eq!(docs, ["story-x", "story-y", "brief"]);
    // Three alignments, one per pair of documents.
    let pairs: Vec<(&str, &str, u64)> = r["alignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["a"]["doc"].as_str().unwrap(),
                x["b"]["doc"].as_str().unwrap(),
                x["chars"].as_u64().unwrap(),
            )
        })
        .collect();
    let len = |s: &str| s.chars().count() as u64;
    assert_eq!(
        pairs,
        [
            ("story-x", "story-y", len(STORY)),
            ("story-x", "brief", len(excerpt)),
            ("story-y", "brief", len(excerpt)),
        ]
    );
    // The report shows the excerpt inside the story, once.
    let out = dir.path().join("report");
    let o = run(&[
        "report",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(html.matches("<div class=\"nested\">").count(), 1);
    assert_eq!(html.matches("<div class=\"passage\"").count(), 1);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("- 其中 "), "{md}");
}
