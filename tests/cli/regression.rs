//! One test per bug found, each named for the bug it guards against and
//! saying in its doc what went wrong (as ripgrep's `tests/regression.rs`).
//! A new bug gets its test here, written to fail before the fix.

use std::fs;

use crate::util::{Dir, assert_same_files, files, root, seeds_dir};

/// The bug: the committed `reports/seeds/` (the report README.md shows
/// first) no longer being what README's first command writes, because a
/// change to the output was not followed by writing and committing the
/// report again. The test runs README's first command as README gives it,
/// in a temporary folder holding a copy of `seeds/`, and compares every file
/// it writes with the committed one, byte for byte.
#[test]
fn committed_seeds_report_is_what_the_readme_command_writes() {
    let command = readme_first_command();
    let args: Vec<&str> = command
        .strip_prefix("cargo run --release -- ")
        .unwrap_or_else(|| panic!("README.md's first command runs no chachong: {command}"))
        .split_whitespace()
        .collect();
    assert_eq!(
        args,
        ["report", "seeds"],
        "README.md's first command changed: {command}"
    );
    let dir = Dir::new();
    for file in files(&seeds_dir(), &[]) {
        dir.write(
            &format!("seeds/{}", file.display()),
            fs::read(seeds_dir().join(&file)).unwrap(),
        );
    }
    let out = dir.run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_same_files(
        &root().join("reports/seeds"),
        &dir.join("reports/seeds"),
        // The marker names the version that wrote the report.
        &[".chachong-report"],
        &format!("If the change is meant, run `{command}` and commit reports/seeds/."),
    );
}

/// The first command line of README.md's first ```sh block, without its
/// comment.
fn readme_first_command() -> String {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let (_, block) = readme
        .split_once("```sh\n")
        .expect("README.md has a ```sh block");
    let line = block.lines().next().unwrap_or_default();
    line.split('#')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The bug: `topics` and `compare` found near-duplicates with the default
/// settings whatever the user asked `report` for, so one corpus had one set
/// of clusters in the report and another in `topics` and `compare` (and the
/// two commands took no matching flags at all). Two stories sharing half
/// their paragraphs (Jaccard 0.33) are near-duplicates at `--threshold 0.3`
/// and not at the default 0.5; all three commands must agree either way.
#[test]
fn report_topics_and_compare_find_the_same_clusters_with_the_same_flags() {
    let paragraphs = [
        "青岛市今年将新建五十个工业互联网示范工厂，重点支持家电、汽车、轨道交通等行业龙头企业开放平台能力，带动上下游中小企业数字化改造。",
        "市工信局负责人介绍，全市已累计培育省级以上工业互联网平台二十余个，连接工业设备超过八百万台，服务企业数量突破十五万家。",
        "专家认为，工业互联网的关键在于数据要素的流通与共享，需要在标准体系、安全防护和人才培养三个方面持续发力，避免形成新的信息孤岛。",
        "下一步，青岛将举办全球工业互联网大会，邀请海内外知名企业和研究机构参会，集中发布一批典型应用场景和解决方案。",
        "另据了解，胶州湾畔的新建产业园区已引进智能制造项目三十六个，总投资额超过四百亿元，预计明年全部建成投产并形成规模效应。",
        "当地一家纺织企业负责人表示，借助平台提供的排产优化服务，工厂订单交付周期缩短了三成，库存周转效率明显提升，成本下降一成以上。",
    ];
    let story = |title: &str, parts: [usize; 4]| {
        let body: Vec<&str> = parts.iter().map(|&i| paragraphs[i]).collect();
        format!("{title}\n\n{}\n", body.join("\n\n"))
    };
    let dir = Dir::new();
    for file in files(&seeds_dir(), &[]) {
        dir.write(
            &format!("corpus/{}", file.display()),
            fs::read(seeds_dir().join(&file)).unwrap(),
        );
    }
    dir.write("corpus/a.txt", story("青岛工业互联网新动态", [0, 1, 2, 3]));
    dir.write("corpus/b.txt", story("青岛工业互联网观察", [0, 1, 4, 5]));
    let pair = ["corpus/a.txt", "corpus/b.txt"];

    for (flags, clustered) in [(&[][..], false), (&["--threshold", "0.3"][..], true)] {
        let with = |args: &[&str]| -> Vec<String> {
            let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            all.extend(flags.iter().map(|s| s.to_string()));
            all
        };
        let run = |args: Vec<String>| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = dir.run(&args);
            assert_eq!(out.code, 0, "chachong {args:?}: {}", out.stderr);
            out
        };

        run(with(&["report", "corpus", "--out", "rep", "--quiet"]));
        let report: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("rep/report.json")).unwrap()).unwrap();
        let clusters = &report["dups"]["near_duplicates"]["clusters"];
        let members: Vec<Vec<&str>> = clusters
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                c["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap())
                    .collect()
            })
            .collect();
        let expected: Vec<Vec<&str>> = if clustered {
            vec![pair.to_vec()]
        } else {
            Vec::new()
        };
        assert_eq!(members, expected, "flags {flags:?}");

        // Each command's near-duplicates: which document stands for which.
        let stood_for = |topics: &serde_json::Value| -> Vec<(String, String)> {
            topics["assignments"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| !a["duplicate_of"].is_null())
                .map(|a| {
                    let id = |v: &serde_json::Value| v.as_str().unwrap().to_string();
                    (id(&a["doc"]), id(&a["duplicate_of"]))
                })
                .collect()
        };
        let in_report = stood_for(&report["topics"]);
        assert_eq!(in_report.len(), usize::from(clustered), "flags {flags:?}");
        let topics = run(with(&["topics", "corpus", "--format", "json", "--quiet"])).json();
        assert_eq!(stood_for(&topics), in_report, "topics, flags {flags:?}");

        let compare = run(with(&[
            "compare", "corpus", "--by", "title", "--format", "json", "--quiet",
        ]))
        .json();
        let settings = &compare["settings"];
        assert_eq!(settings["documents"], 7);
        assert_eq!(
            settings["documents_after_dedup"],
            7 - usize::from(clustered),
            "compare, flags {flags:?}"
        );
    }
}

/// The bug (issue 13): containment below Jaccard. Containment left out the
/// shingles in more than `boilerplate_df` documents and Jaccard did not, so
/// pages sharing only a script printed on every page of a site were near
/// duplicates at Jaccard 0.5–0.64 with containment 0.0. Both scores are now
/// over the same shingles: the test plants a block in 25 pages (more than
/// the default 20) beside each page's own text.
#[test]
fn containment_is_not_below_jaccard_for_pages_sharing_a_block_in_many_documents() {
    // Text that repeats no 5-gram: characters drawn by an LCG from the CJK
    // block.
    let mut x: u64 = 13;
    let mut text = |n: usize| -> String {
        (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                char::from_u32(0x4E00 + ((x >> 33) % 20000) as u32).unwrap()
            })
            .collect()
    };
    let block = text(300);
    let records: String = (0..25)
        .map(|i| {
            let own = text(60);
            format!(
                "{}\n",
                serde_json::json!({"id": format!("page-{i:02}"), "text": format!("{own}{block}")})
            )
        })
        .collect();
    let dir = Dir::new();
    dir.write("pages.jsonl", records);
    // Ideographs drawn from the whole block are mostly rare ones, which the
    // quality judgement reads as mojibake: keep the pages in.
    let out = dir.run(&[
        "dups",
        "pages.jsonl",
        "--format",
        "json",
        "--quiet",
        "--keep-damaged",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let pairs = json["near_duplicates"]["pairs"].as_array().unwrap();
    assert!(!pairs.is_empty());
    for p in pairs {
        let (j, c) = (
            p["jaccard"].as_f64().unwrap(),
            p["containment"].as_f64().unwrap(),
        );
        assert!(j > 0.5 && c >= j, "{p}");
        assert_eq!(p["kind"], "near_duplicate", "{p}");
    }
}

/// The bug (issue 13): a short item inside a weekly digest was not
/// reported once containment was computed over the same shingles as
/// Jaccard: its own headline and byline, not in the digest, put it at 0.78,
/// under the 0.8 the default had been set for when containment left common
/// shingles out. The default is 0.75 now; the item is reported inside the
/// digest, with the direction.
#[test]
fn a_digest_item_with_its_own_headline_is_reported_inside_the_digest() {
    // Ideographs of common use in an order no two texts share.
    let common: Vec<char> = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞".chars().collect();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut text = |n: usize| -> String {
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                common[(x % common.len() as u64) as usize]
            })
            .collect()
    };
    let headline = text(50);
    let story = text(170);
    let before = text(1500);
    let after = text(1500);
    let records = [
        serde_json::json!({"id": "item", "text": format!("{headline}\n{story}")}),
        serde_json::json!({"id": "digest", "text": format!("{before}\n{story}\n{after}")}),
    ];
    let dir = Dir::new();
    dir.write(
        "news.jsonl",
        records.iter().map(|r| format!("{r}\n")).collect::<String>(),
    );
    let out = dir.run(&["dups", "news.jsonl", "--format", "json", "--quiet"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let pairs = json["near_duplicates"]["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1, "{json:#}");
    let p = &pairs[0];
    let c = p["containment"].as_f64().unwrap();
    assert!((0.75..0.8).contains(&c), "{p}");
    assert_eq!(p["kind"], "containment", "{p}");
    assert_eq!(p["inside"], "item", "{p}");
    assert_eq!(p["within"], "digest", "{p}");
}
