use super::*;
use crate::corpus::{Document, Format};

/// A distinct article of `n` ideographs: a fixed pseudo-random walk over
/// common characters, different for every `seed`.
fn article(seed: u64, n: usize) -> String {
    const CHARS: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";
    let chars: Vec<char> = CHARS.chars().collect();
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|i| {
            if i % 23 == 22 {
                return '。';
            }
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            chars[(x >> 33) as usize % chars.len()]
        })
        .collect()
}

const NOTICE: &str = "本站声明：此消息系转载自合作媒体，登载此文出于传递更多信息之目的，并不意味着赞同其观点或证实其描述。";

fn analyzed(docs: Vec<Document>) -> Vec<Analyzed> {
    docs.into_iter()
        .map(|d| Analyzed::new(d, Segmenter::shared(), &Default::default()).0)
        .collect()
}

fn corpus(
    n: usize,
    text: impl Fn(usize) -> String,
    site: impl Fn(usize) -> String,
) -> Vec<Analyzed> {
    analyzed(
        (0..n)
            .map(|i| {
                let mut d = Document::new(format!("d{i}"), Format::Jsonl, text(i));
                d.meta.set("site", &site(i));
                d
            })
            .collect(),
    )
}

/// `n` articles of one site, each with the notice under it.
fn notice_corpus(n: usize) -> Vec<Analyzed> {
    corpus(
        n,
        |i| format!("{}\n{NOTICE}", article(i as u64, 400)),
        |_| "news".into(),
    )
}

fn found(docs: &[Analyzed]) -> Vec<Boilerplate> {
    find(docs, &Checked::default())
}

#[test]
fn a_notice_under_every_article_of_one_site_is_boilerplate_with_its_evidence() {
    let docs = notice_corpus(25);
    let found = found(&docs);
    assert_eq!(found.len(), 1, "{found:?}");
    let b = &found[0];
    assert_eq!(b.text, NOTICE);
    assert_eq!(b.documents, 25);
    assert_eq!(b.copies.len(), 25);
    assert_eq!(
        b.sites,
        vec![SiteCount {
            site: "news".into(),
            documents: 25
        }]
    );
    assert_eq!(b.evidence.top_site_share, 1.0);
    assert_eq!(b.evidence.at_edge, 1.0);
    assert!(b.evidence.median_share < 0.2, "{:?}", b.evidence);
    // The copy is exactly the notice, after the article and its line break.
    assert_eq!(b.copies[3].doc, DocIdx(3));
    assert_eq!(b.copies[3].start, 401);
    assert_eq!(b.copies[3].end, 401 + NOTICE.chars().count() as u32);
}

#[test]
fn fewer_documents_than_min_docs_are_not_boilerplate() {
    let docs = notice_corpus(19);
    assert!(found(&docs).is_empty());
}

#[test]
fn a_press_release_reprinted_whole_is_a_finding_not_boilerplate() {
    // The release is every document's body: median share 1.
    let release = article(7, 300);
    let docs = corpus(25, |i| format!("第{i}稿\n{release}"), |_| "news".into());
    assert!(found(&docs).is_empty());
}

#[test]
fn a_paragraph_quoted_across_many_sites_is_copying_not_boilerplate() {
    let docs = corpus(
        25,
        |i| format!("{}\n{NOTICE}", article(i as u64, 400)),
        |i| format!("site{i}"),
    );
    assert!(found(&docs).is_empty());
}

#[test]
fn a_dated_lead_in_many_articles_is_copying_not_boilerplate() {
    let lead = "11月7日至9日，以创造互信共治的数字世界为主题的第五届世界互联网大会在浙江乌镇举行，各方嘉宾齐聚一堂。";
    let docs = corpus(
        25,
        |i| format!("{lead}\n{}", article(i as u64, 400)),
        |_| "news".into(),
    );
    assert!(found(&docs).is_empty());
}

#[test]
fn settle_takes_boilerplate_out_of_the_body_and_the_term_counts() {
    let mut docs = notice_corpus(25);
    let before: u32 = docs[0].cleaned.body_chars();
    let mut counts: Vec<TermCounts> = docs
        .iter()
        .map(|a| crate::tfidf::count_terms(a.term_words()))
        .collect();
    assert!(counts[0].contains_key("声明"));
    let found = settle(
        &mut docs,
        &mut counts,
        &Checked::default(),
        Segmenter::shared(),
        &AnalyzeParams::default(),
    );
    assert_eq!(found.len(), 1);
    let notice = NOTICE.chars().count() as u32;
    assert_eq!(docs[0].cleaned.body_chars(), before - notice);
    assert!(
        docs[0]
            .cleaned
            .excluded
            .iter()
            .any(|e| e.reason == Exclusion::Boilerplate && e.span.len() == notice)
    );
    assert!(!counts[0].contains_key("声明"), "{:?}", counts[0]);
    // Nothing of it is left for passages to find.
    assert!(passages::find(&docs, &Checked::default()).groups.is_empty());
}

#[test]
fn event_reports_are_told_by_dates_and_datelines() {
    for text in [
        "11月7日至9日，第五届世界互联网大会在乌镇举行。",
        "新浪娱乐讯 武侠小说泰斗金庸30日下午在香港逝世。",
        "金庸1924年3月10日出生，创作了多部武侠小说。",
        "近日，协会向社会发出公告。",
        "北京时间周一晚间消息，公司发布财报。",
        "本报讯 市政府召开常务会议。",
    ] {
        assert!(is_event_report(text), "{text}");
    }
    for text in [
        NOTICE,
        "须符合下列条件：1。中华人民共和国公民。2。拥护中国共产党的领导。",
        "资讯 欢迎关注我们的微信订阅号。",
        "符合2019年上海市普通高校考试招生报名工作的通知要求。",
        "文章来源：微信公众号，作者：小编",
    ] {
        assert!(!is_event_report(text), "{text}");
    }
}

#[test]
fn the_site_is_site_then_source_then_folder_then_where_it_was_read() {
    let mut d = Document::new("seeds/a.txt", Format::Text, "x");
    assert_eq!(site_of(&d), "seeds");
    d.meta.set("folder", "edu");
    assert_eq!(site_of(&d), "edu");
    d.meta.set("source", "新华网");
    assert_eq!(site_of(&d), "新华网");
    d.meta.set("site", "sina");
    assert_eq!(site_of(&d), "sina");
    let mut r = Document::new("123", Format::Jsonl, "x");
    r.path = "feed.jsonl".into();
    r.line = Some(3);
    assert_eq!(site_of(&r), "feed.jsonl");
}

#[test]
fn params_are_checked() {
    assert!(BoilerplateParams::default().check().is_ok());
    let bad = BoilerplateParams {
        min_docs: 1,
        ..Default::default()
    };
    assert_eq!(bad.check().unwrap_err(), BoilerplateParamsError::MinDocs(1));
    let bad = BoilerplateParams {
        max_share: 0.0,
        ..Default::default()
    };
    assert!(matches!(
        bad.check(),
        Err(BoilerplateParamsError::Fraction {
            name: "max_share",
            ..
        })
    ));
}
