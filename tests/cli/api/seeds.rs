//! The five bundled seed articles, read the way every command reads them.

use chachong::clean::{Cleaned, clean, sentences};
use chachong::corpus::{Document, Exclusion, read_corpus};
use chachong::span::CharIndex;

use crate::util::seeds_dir;

fn seeds() -> Vec<Document> {
    let corpus = read_corpus(&[seeds_dir()], &Default::default());
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    assert_eq!(corpus.documents.len(), 5);
    corpus.documents
}

fn body_text(doc: &Document, cleaned: &Cleaned) -> String {
    let ix = CharIndex::new(&doc.text);
    cleaned
        .body
        .iter()
        .map(|s| ix.slice(&doc.text, *s))
        .collect()
}

fn excluded_text(doc: &Document, cleaned: &Cleaned, reason: Exclusion) -> Vec<String> {
    let ix = CharIndex::new(&doc.text);
    cleaned
        .excluded
        .iter()
        .filter(|e| e.reason == reason)
        .map(|e| ix.slice(&doc.text, e.span).to_string())
        .collect()
}

#[test]
fn ids_titles_dates_and_sources() {
    let docs = seeds();
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "seeds/000_ab7957371fc1b135.txt",
            "seeds/001_f0a55db7695c555a.txt",
            "seeds/002_2f4cdf8079dc2f6c.txt",
            "seeds/003_d80579fa8158c2f6.txt",
            "seeds/004_6e0b443013e8dd16.txt"
        ]
    );
    let titles: Vec<&str> = docs
        .iter()
        .map(|d| d.meta.title.as_deref().unwrap())
        .collect();
    assert_eq!(
        titles,
        vec![
            "以工业互联网平台为抓手探索数字经济发展新路径",
            "山东工业互联网何以“领跑”全国？",
            "工业互联网平台激发经济高质量发展新动能",
            "李 颖:加快工业互联网平台创新发展 开辟制造业数字化转型新局面",
            "中国工业互联网研究院山东分院助力青岛剑指“工业互联网之都”",
        ]
    );
    let dates: Vec<&str> = docs
        .iter()
        .map(|d| d.meta.date.as_deref().unwrap())
        .collect();
    assert_eq!(
        dates,
        vec![
            "2022-03-31",
            "2022-02-20",
            "2022-03-03",
            "2020-10-30",
            "2021-09-24"
        ]
    );
    let sources: Vec<Option<&str>> = docs.iter().map(|d| d.meta.source.as_deref()).collect();
    assert_eq!(
        sources,
        vec![
            Some("人民邮电报"),
            Some("齐鲁网"),
            None,
            Some("新华网"),
            Some("PChome")
        ]
    );
    assert_eq!(docs[4].meta.author.as_deref(), Some("白沛然"));
    assert_eq!(docs[0].meta.categories, vec!["renminyoudianbao"]);
    assert_eq!(docs[0].meta.tags, vec!["人民邮电报新闻"]);
    assert_eq!(
        docs[2].meta.fields["keywords"],
        "工业互联网平台驱动经济高质量发展"
    );
    assert!(docs.iter().all(|d| d.encoding == "UTF-8"));
}

#[test]
fn front_matter_markup_and_images_are_not_body() {
    let docs = seeds();
    for doc in &docs[..3] {
        let c = clean(doc);
        let body = body_text(doc, &c);
        assert!(!body.contains("layout: post"), "{}", doc.id);
        assert!(
            !body.contains("<p>") && !body.contains("<img"),
            "{}",
            doc.id
        );
        assert!(!body.contains("https://"), "{}: {body}", doc.id);
        assert_eq!(
            excluded_text(doc, &c, Exclusion::FrontMatter).len(),
            1,
            "{}",
            doc.id
        );
    }
    let c = clean(&docs[2]);
    assert_eq!(excluded_text(&docs[2], &c, Exclusion::Image).len(), 2);
}

#[test]
fn links_at_the_ends_of_000_and_001_are_not_body() {
    let docs = seeds();
    for doc in &docs[..2] {
        let c = clean(doc);
        let body = body_text(doc, &c);
        let tail: String = body
            .trim_end()
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert!(!body.contains("返回首页"), "{}: {tail}", doc.id);
        assert!(!body.contains("返回"), "{}: {tail}", doc.id);
        assert!(!body.contains("finews"), "{}: {tail}", doc.id);
        assert!(!body.contains("文章来源"), "{}: {tail}", doc.id);
        let furniture = excluded_text(doc, &c, Exclusion::Furniture).join("|");
        assert!(furniture.contains("返回首页"), "{}: {furniture}", doc.id);
    }
    // The last body sentence of 000 is the article's own last sentence.
    let c = clean(&docs[0]);
    assert!(
        body_text(&docs[0], &c)
            .trim_end()
            .ends_with("注入源源不断的新动能。")
    );
}

#[test]
fn furniture_at_the_ends_of_003_and_004_is_not_body() {
    let docs = seeds();
    let c3 = clean(&docs[3]);
    let body3 = body_text(&docs[3], &c3);
    assert!(
        body3.trim_end().ends_with("推动中国解决方案走向世界。"),
        "{}",
        &body3[body3.len() - 60..]
    );
    for gone in ["地方动态", "中国信息协会", "协会要闻", "通知公告", "iCAN"] {
        assert!(!body3.contains(gone), "003 body still has {gone}");
    }
    let c4 = clean(&docs[4]);
    let body4 = body_text(&docs[4], &c4);
    assert!(body4.trim_end().ends_with("发挥重要支撑作用。"));
    for gone in [
        "相关阅读",
        "每日精选",
        "点击查看更多",
        "数码相机",
        "平板电脑",
    ] {
        assert!(!body4.contains(gone), "004 body still has {gone}");
    }
    // The header lines are metadata, not body.
    assert!(!body4.contains("PChome"));
    assert!(!body3.contains("发布时间"));
}

#[test]
fn the_expo_sentence_of_004_is_in_the_body_twice() {
    let docs = seeds();
    let doc = &docs[4];
    let c = clean(doc);
    let ix = CharIndex::new(&doc.text);
    let expo = "2021年9月24日-26日,2021中国国际消费电子博览会(简称“电博会”)与青岛国际软件融合创新博览会(简称“软博会”)在青岛国际会展中心举行。";
    let hits: Vec<_> = sentences(doc, &c)
        .into_iter()
        .filter(|s| ix.slice(&doc.text, *s) == expo)
        .collect();
    assert_eq!(hits.len(), 2, "the 电博会 sentence should stand twice");
    // Both lie inside body spans.
    for h in hits {
        assert!(c.body.iter().any(|b| b.start <= h.start && h.end <= b.end));
    }
}
