//! Code, style sheets and widgets in a body are not body text, in every
//! format (issue 13): `inspect` on fixtures written here shows them excluded
//! with their reason and exact offsets, the prose around them kept, and
//! `dups` no longer pairs two stories that share only an ad script.

use serde_json::Value;

use crate::util::{Dir, arg};

/// `inspect --format json` of the one document in `path`.
fn inspect(dir: &Dir, path: &std::path::Path) -> Value {
    let out = dir.run(&["inspect", "--format", "json", "--quiet", arg(path)]);
    assert_eq!(out.code, 0, "{out:?}");
    out.json()
}

/// A JSONL file of one record with this text.
fn jsonl(dir: &Dir, text: &str) -> std::path::PathBuf {
    let line = serde_json::json!({"id": "d", "title": "标题", "text": text});
    dir.write("c.jsonl", format!("{line}\n"))
}

/// The excluded spans with one of the debris reasons, as (start, end,
/// reason, text).
fn debris(v: &Value) -> Vec<(u64, u64, String, String)> {
    v["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| matches!(e["reason"].as_str(), Some("code" | "style" | "widget")))
        .map(|e| {
            (
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap(),
                e["reason"].as_str().unwrap().to_string(),
                e["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn paragraphs(v: &Value) -> Vec<String> {
    v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect()
}

fn chars(s: &str) -> u64 {
    s.chars().count() as u64
}

const BEFORE: &str =
    "\u{3000}\u{3000}北京时间11月5日，上海上港俱乐部发布官方公告，表示将对现场观众人数严格限制。";
const AFTER: &str =
    "\u{3000}\u{3000}上海上港官方公告如下：本场比赛也将是上港队2018赛季主场收官之战。";
const WIDGET: &str = "SinaPage.loadWidget({\n\t\t\t\t    trigger: {\n\t\t\t\t        id: 'wb01'\n\t\t\t\t    },\n\t\t\t\t    require: [\n\t\t\t\t\t{\n\t\t\t\t\t\turl: \"//n.sinaimg.cn/finance/fe/doT.min.js\"\n\t\t\t\t\t}\n\t\t\t\t\t],\n\t\t\t\t    onAfterLoad: function () {\n\t\t\t\t\t\tnew SinaPageWeibo.WeiboCard({\n\t\t\t\t\t\t\twrap:'wb01',\n\t\t\t\t\t\t\tid:'4303068453968576'\n\t\t\t\t\t\t});\n\t\t\t\t    }\n\t\t\t\t});";

#[test]
fn a_widget_inside_a_jsonl_body_is_excluded_with_exact_offsets() {
    let dir = Dir::new();
    let text = format!("{BEFORE}\n\n\n\t\t\t\t{WIDGET}\n\n{AFTER}");
    let v = inspect(&dir, &jsonl(&dir, &text));
    let start = chars(BEFORE) + 3 + 4;
    assert_eq!(
        debris(&v),
        vec![(
            start,
            start + chars(WIDGET),
            "widget".into(),
            WIDGET.to_string()
        )]
    );
    assert_eq!(
        paragraphs(&v),
        vec![BEFORE.trim_start(), AFTER.trim_start()]
    );
    assert_eq!(
        v["body_chars"].as_u64().unwrap(),
        chars(&text) - chars(WIDGET)
    );
    let by_reason = &v["excluded_by_reason"];
    assert_eq!(by_reason[0]["reason"], "widget", "{by_reason}");
    assert_eq!(by_reason[0]["chars"], chars(WIDGET));
}

#[test]
fn css_rules_one_a_line_and_a_block_over_lines_are_style() {
    let dir = Dir::new();
    let rules = ".tech-quotation{padding:20px 20px 0px;background:url(//n.sinaimg.cn/tech/content/quote.png) no-repeat 0 0 #f4f4f4;margin-bottom:30px;}\n.tech-con p{margin-bottom:30px}\n.tech-con p a:visited{color: #4b729f !important;}";
    let block =
        ".share-box {\n    color: #666;\n    margin: 0 auto;\n    background: rgba(0,0,0,0.75);\n}";
    let text = format!("{rules}\n\n{BEFORE}\n{block}\n{AFTER}");
    let v = inspect(&dir, &jsonl(&dir, &text));
    let block_start = chars(rules) + 2 + chars(BEFORE) + 1;
    assert_eq!(
        debris(&v),
        vec![
            (0, chars(rules), "style".into(), rules.to_string()),
            (
                block_start,
                block_start + chars(block),
                "style".into(),
                block.to_string()
            ),
        ]
    );
    assert_eq!(
        paragraphs(&v),
        vec![BEFORE.trim_start(), AFTER.trim_start()]
    );
}

#[test]
fn a_json_blob_is_code() {
    let dir = Dir::new();
    let blob = r#"{"id": 268486338, "title": "足金联赛苏州站精彩回顾", "pic": "//n.sinaimg.cn/a.jpg", "tags": ["足球", "视频"], "ad": {"state": 1}}"#;
    let text = format!("{BEFORE}\n{blob}\n{AFTER}");
    let v = inspect(&dir, &jsonl(&dir, &text));
    let start = chars(BEFORE) + 1;
    assert_eq!(
        debris(&v),
        vec![(start, start + chars(blob), "code".into(), blob.to_string())]
    );
}

#[test]
fn chinese_prose_with_a_url_and_code_like_words_is_kept_whole() {
    let dir = Dir::new();
    let text = "优信集团(Nasdaq:UXIN)今日公布财报，R&D投入同比增长，招聘C++工程师。\n\
        新款iPhone 15售价不变；方程x=1时成立，详见http://www.example.com/a?b=c 。\n\
        比分112-102，版本v2.3.1，函数f(x)=x+1。";
    let v = inspect(&dir, &jsonl(&dir, text));
    assert!(
        v["excluded"].as_array().unwrap().is_empty(),
        "{}",
        v["excluded"]
    );
    assert_eq!(v["body_chars"].as_u64().unwrap(), chars(text));
}

#[test]
fn code_inside_a_line_of_prose_is_cut_and_the_prose_kept() {
    let dir = Dir::new();
    let css = ".a{color:red;margin:0}";
    let js = "var x = document.getElementById('ad');";
    let text = format!("文章说明。{css}后面的正文，{js}结束。");
    let v = inspect(&dir, &jsonl(&dir, &text));
    let (a, b) = (5, 5 + chars(css) + 6);
    assert_eq!(
        debris(&v),
        vec![
            (a, a + chars(css), "style".into(), css.to_string()),
            (b, b + chars(js), "code".into(), js.to_string()),
        ]
    );
    assert_eq!(paragraphs(&v), vec!["文章说明。", "后面的正文，", "结束。"]);
}

#[test]
fn html_and_markdown_text_goes_through_the_same_detection() {
    let dir = Dir::new();
    let ad =
        "var adScript = document.createElement('script'); adScript.src = '//d1.sina.com.cn/x.js';";
    let page = dir.write(
        "p.html",
        format!(
            "<html><head><style>p{{color:red}}</style></head><body>\
             <p>正文第一段，工业互联网平台的发展。</p><p>{ad}</p><p>正文第二段。</p></body></html>"
        ),
    );
    let v = inspect(&dir, &page);
    let html = debris(&v);
    assert!(html.contains(&(19, 31, "style".into(), "p{color:red}".into())));
    assert!(
        html.iter()
            .any(|(_, _, r, t)| r == "widget" && t.as_str() == ad),
        "{html:?}"
    );
    assert_eq!(
        paragraphs(&v),
        vec!["正文第一段，工业互联网平台的发展。", "正文第二段。"]
    );

    let rules = "a:visited{color:#999;text-decoration:none;}\nbody{margin:0;}";
    let md = dir.write(
        "a.md",
        format!("# 标题\n\n正文第一段，有**加粗**的字。\n\n{rules}\n\n正文第二段。\n"),
    );
    let v = inspect(&dir, &md);
    let found = debris(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].2.as_str(), found[0].3.as_str()), ("style", rules));
}

#[test]
fn inspect_text_names_the_reasons_and_counts_them() {
    let dir = Dir::new();
    let text = format!("{BEFORE}\n{WIDGET}\na{{color:#999;}}\n{AFTER}");
    let path = jsonl(&dir, &text);
    let out = dir.run(&["inspect", "--format", "text", "--quiet", arg(&path)]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains("⟦widget: SinaPage.loadWidget("),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("⟦style: a{color:#999;}⟧"),
        "{}",
        out.stdout
    );
    let counts = format!(
        "excluded: style 1 ({} chars), widget 1 ({} chars)",
        chars("a{color:#999;}"),
        chars(WIDGET)
    );
    assert!(out.stdout.contains(&counts), "{}", out.stdout);
}

#[test]
fn two_stories_sharing_only_an_ad_script_are_not_near_duplicates() {
    let dir = Dir::new();
    let ad = "(function(){\n    var adScript = document.createElement('script');\n    adScript.src = '//d1.sina.com.cn/litong/zhitou/sinaads/demo/wenjing8/js/yl_left_hzh_20171020.js';\n    document.getElementsByTagName('head')[0].appendChild(adScript);\n})();";
    let a = format!("华为平板新品发布会将于十一月六日在武汉举行。\n{ad}");
    let b = format!("乘客遭网约车司机高速路甩客致车祸。\n{ad}");
    let lines: String = [("a", a), ("b", b)]
        .iter()
        .map(|(id, text)| format!("{}\n", serde_json::json!({"id": id, "text": text})))
        .collect();
    let path = dir.write("two.jsonl", lines);
    let out = dir.run(&["dups", arg(&path), "--format", "json", "--quiet"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v = out.json();
    assert_eq!(
        v["near_duplicates"]["pairs"].as_array().map(Vec::len),
        Some(0),
        "{}",
        v["near_duplicates"]
    );
}
