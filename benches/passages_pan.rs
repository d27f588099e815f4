//! Repeated passages on real text, scored with the PAN text-alignment
//! measures (Potthast, Stein, Barrón-Cedeño and Rosso 2010).
//!
//! Takes ../shared/data/sina-news-6class.jsonl.gz (or `$CHACHONG_SINA`) and
//! gives, on stdout, the time of `passages::find` on the whole corpus, then
//! precision, recall, granularity and plagdet on a corpus built from it:
//! articles that share no passage with any other (by `find` on the whole
//! corpus) receive copies of passages of 50 to 600 characters taken from
//! other articles or from themselves, half of them lightly edited
//! (substituted and dropped characters, punctuation, full/half width,
//! traditional characters). Asserts the counts it computes and plagdet >=
//! 0.90. Skips with a message when the data file is absent.
//!
//! Run: `cargo bench --bench passages_pan`

mod common;

use std::time::Instant;

use chachong::ParamGuard;
use chachong::analyze::{AnalyzeParams, Analyzed, analyze};
use chachong::corpus::{Corpus, read_corpus};
use chachong::dups::passages::{PassageGroup, PassageParams, find};
use chachong::segment::Segmenter;
use chachong::span::{CharIndex, Span};

/// Planted cases, and the share of them copied within one article.
const CASES: usize = 400;
const SELF_EVERY: usize = 5;
const SEED: u64 = 2010;

/// splitmix64: a small fixed-seed generator, so runs repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

/// Common characters to substitute with.
const COMMON: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近";

/// Simplified characters and their traditional forms.
const TRADITIONAL: [(char, char); 24] = [
    ('国', '國'),
    ('们', '們'),
    ('这', '這'),
    ('说', '說'),
    ('时', '時'),
    ('会', '會'),
    ('发', '發'),
    ('经', '經'),
    ('为', '為'),
    ('个', '個'),
    ('来', '來'),
    ('对', '對'),
    ('进', '進'),
    ('业', '業'),
    ('与', '與'),
    ('学', '學'),
    ('动', '動'),
    ('开', '開'),
    ('东', '東'),
    ('长', '長'),
    ('场', '場'),
    ('网', '網'),
    ('记', '記'),
    ('电', '電'),
];

/// Light edits: a few substituted and dropped characters, punctuation and
/// width changes, traditional characters.
fn obfuscate(text: &str, rng: &mut Rng) -> String {
    let common: Vec<char> = COMMON.chars().collect();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if rng.chance(0.01) {
            continue; // dropped
        }
        let c = if rng.chance(0.02) && !c.is_ascii() {
            common[rng.below(common.len())]
        } else {
            c
        };
        let c = match c {
            '，' if rng.chance(0.5) => ',',
            '。' if rng.chance(0.5) => '.',
            '：' if rng.chance(0.5) => ':',
            '0'..='9' | 'a'..='z' | 'A'..='Z' if rng.chance(0.5) => {
                char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
            }
            _ => match TRADITIONAL.iter().find(|t| t.0 == c) {
                Some(&(_, t)) if rng.chance(0.5) => t,
                _ => c,
            },
        };
        out.push(c);
    }
    out
}

/// A planted copy: `src` of one article stands (edited or not) at `plg`.
#[derive(Debug, Clone, Copy)]
struct Case {
    src: (usize, Span),
    plg: (usize, Span),
    edited: bool,
}

/// Picks a subset of the cases.
type CaseFilter = fn(&Case) -> bool;

/// A detection: two places a passage group pairs.
#[derive(Debug, Clone, Copy)]
struct Detection {
    x: (usize, Span),
    y: (usize, Span),
}

fn overlap(a: Span, b: Span) -> Option<Span> {
    let (s, e) = (a.start.max(b.start), a.end.min(b.end));
    (s < e).then(|| Span::new(s, e))
}

/// Total length of the union of spans.
fn union_len(mut spans: Vec<Span>) -> u32 {
    spans.sort_unstable();
    let mut total = 0;
    let mut cur: Option<Span> = None;
    for s in spans {
        match cur {
            Some(c) if s.start <= c.end => cur = Some(Span::new(c.start, c.end.max(s.end))),
            _ => {
                if let Some(c) = cur {
                    total += c.len();
                }
                cur = Some(s);
            }
        }
    }
    total + cur.map_or(0, |c| c.len())
}

/// `s ⊓ r`: the parts of case and detection that overlap, as (source part,
/// plagiarised part), when `r` detects `s` (overlaps it on both sides).
fn meet(s: &Case, r: &Detection) -> Option<(Span, Span)> {
    let side = |(d, span): (usize, Span), (rd, rspan): (usize, Span)| {
        if d == rd { overlap(span, rspan) } else { None }
    };
    match (side(s.src, r.x), side(s.plg, r.y)) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => match (side(s.src, r.y), side(s.plg, r.x)) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        },
    }
}

struct Scores {
    precision: f64,
    recall: f64,
    granularity: f64,
    plagdet: f64,
    detected: usize,
}

fn score(cases: &[&Case], dets: &[Detection]) -> Scores {
    let mut recall = 0.0;
    let mut detected = 0;
    let mut gran_sum = 0usize;
    for s in cases {
        let meets: Vec<(Span, Span)> = dets.iter().filter_map(|r| meet(s, r)).collect();
        if !meets.is_empty() {
            detected += 1;
            gran_sum += meets.len();
        }
        let got = union_len(meets.iter().map(|m| m.0).collect())
            + union_len(meets.iter().map(|m| m.1).collect());
        recall += f64::from(got) / f64::from(s.src.1.len() + s.plg.1.len());
    }
    let mut precision = 0.0;
    for r in dets {
        let meets: Vec<(Span, Span, bool)> = cases
            .iter()
            .filter_map(|s| {
                meet(s, r).map(|(a, b)| {
                    // Which side of r holds the source part.
                    let x_is_src = r.x.0 == s.src.0 && overlap(r.x.1, s.src.1).is_some();
                    (a, b, x_is_src)
                })
            })
            .collect();
        let on_x: Vec<Span> = meets.iter().map(|m| if m.2 { m.0 } else { m.1 }).collect();
        let on_y: Vec<Span> = meets.iter().map(|m| if m.2 { m.1 } else { m.0 }).collect();
        let got = union_len(on_x) + union_len(on_y);
        precision += f64::from(got) / f64::from(r.x.1.len() + r.y.1.len());
    }
    let recall = recall / cases.len().max(1) as f64;
    let precision = if dets.is_empty() {
        0.0
    } else {
        precision / dets.len() as f64
    };
    let granularity = if detected == 0 {
        1.0
    } else {
        gran_sum as f64 / detected as f64
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        precision,
        recall,
        granularity,
        plagdet: f1 / (1.0 + granularity).log2(),
        detected,
    }
}

/// Every two copies of every group.
fn detections(groups: &[PassageGroup]) -> Vec<Detection> {
    let mut out = Vec::new();
    for g in groups {
        let places: Vec<(usize, Span)> = g
            .copies
            .iter()
            .map(|c| (c.doc.get(), Span::new(c.start, c.end)))
            .collect();
        for (i, &x) in places.iter().enumerate() {
            for &y in &places[i + 1..] {
                out.push(Detection { x, y });
            }
        }
    }
    out
}

/// Char offsets just after each sentence end (and 0) inside `body`.
fn sentence_starts(text: &str, ix: &CharIndex, body: &[Span]) -> Vec<u32> {
    let mut out = Vec::new();
    for span in body {
        out.push(span.start);
        for (i, c) in ix.slice(text, *span).chars().enumerate() {
            if matches!(c, '。' | '！' | '？') {
                out.push(span.start + i as u32 + 1);
            }
        }
    }
    out
}

/// Plants the cases into the chosen articles of `pool`; gives the new texts
/// and the cases, in indices of `pool`.
fn plant(pool: &[&Analyzed], rng: &mut Rng) -> (Vec<String>, Vec<Case>) {
    let mut texts: Vec<String> = pool.iter().map(|a| a.doc.text.clone()).collect();
    let mut used = vec![false; pool.len()];
    let mut cases = Vec::new();
    let mut tries = 0;
    while cases.len() < CASES && tries < 100 * CASES {
        tries += 1;
        let s = rng.below(pool.len());
        let own = cases.len() % SELF_EVERY == 0;
        let t = if own { s } else { rng.below(pool.len()) };
        if used[s] || used[t] || (!own && s == t) {
            continue;
        }
        let src = pool[s];
        let ix = CharIndex::new(&src.doc.text);
        let len = 50 + rng.below(551) as u32;
        // A sentence start with `len` body chars after it.
        let starts: Vec<u32> = sentence_starts(&src.doc.text, &ix, &src.cleaned.body)
            .into_iter()
            .filter(|&st| {
                src.cleaned
                    .body
                    .iter()
                    .any(|b| b.start <= st && st + len <= b.end)
            })
            .collect();
        if starts.is_empty() {
            continue;
        }
        let start = starts[rng.below(starts.len())];
        let src_span = Span::new(start, start + len);
        let passage = ix.slice(&src.doc.text, src_span).to_string();
        let edited = cases.len() % 2 == 1;
        let copy = if edited {
            obfuscate(&passage, rng)
        } else {
            passage
        };
        let copy_len = copy.chars().count() as u32;
        // Insert at a sentence start of the target, outside the source.
        let tgt = pool[t];
        let tix = CharIndex::new(&tgt.doc.text);
        let spots: Vec<u32> = sentence_starts(&tgt.doc.text, &tix, &tgt.cleaned.body)
            .into_iter()
            .filter(|&p| !own || p <= src_span.start || p >= src_span.end)
            .collect();
        if spots.is_empty() {
            continue;
        }
        let at = spots[rng.below(spots.len())];
        let mut text = tgt.doc.text.clone();
        text.insert_str(tix.byte(at), &copy);
        texts[t] = text;
        let src_span = if own && at <= src_span.start {
            Span::new(src_span.start + copy_len, src_span.end + copy_len)
        } else {
            src_span
        };
        used[s] = true;
        used[t] = true;
        cases.push(Case {
            src: (s, src_span),
            plg: (t, Span::new(at, at + copy_len)),
            edited,
        });
    }
    (texts, cases)
}

fn main() {
    let Some(path) = common::sina() else {
        return;
    };
    let params = match PassageParams::default().check() {
        Ok(params) => params,
        Err(e) => {
            eprintln!("bad settings: {e}");
            std::process::exit(2);
        }
    };
    let corpus = read_corpus(std::slice::from_ref(&path), &Default::default());
    let analysis = analyze(corpus, Segmenter::shared(), &AnalyzeParams::default());
    let docs = analysis.docs;
    let chars: u64 = docs.iter().map(|d| u64::from(d.doc.chars())).sum();

    // `find` alone on the whole corpus.
    let t = Instant::now();
    let natural = find(&docs, &params).groups;
    let elapsed = t.elapsed();
    let copies: usize = natural.iter().map(|g| g.copies.len()).sum();
    println!("whole corpus     {} documents, {chars} chars", docs.len());
    println!("find             {:.2} s", elapsed.as_secs_f64());
    println!("groups           {} ({copies} copies)", natural.len());
    assert!(docs.len() > 12_000, "the Sina file holds 12,461 records");
    assert!(
        natural.len() > 100,
        "the Sina file holds over 100 groups of reprints"
    );

    // The base: articles sharing no passage with any other. Fingerprints
    // too common in the whole corpus become rare enough to count in a part
    // of it, so repeat until the base shares nothing.
    let mut pool: Vec<&Analyzed> = docs.iter().filter(|d| d.doc.chars() >= 200).collect();
    let mut groups = natural;
    // The ids of the documents `groups` names by place.
    let mut searched: Vec<String> = docs.iter().map(|d| d.doc.id.clone()).collect();
    let mut rounds = 0;
    while !groups.is_empty() {
        let shares: std::collections::HashSet<&str> = groups
            .iter()
            .flat_map(|g| g.copies.iter().map(|c| searched[c.doc.get()].as_str()))
            .collect();
        pool.retain(|d| !shares.contains(d.doc.id.as_str()));
        let base: Vec<Analyzed> = pool.iter().map(|&d| d.clone()).collect();
        groups = find(&base, &params).groups;
        searched = base.into_iter().map(|d| d.doc.id).collect();
        rounds += 1;
    }
    println!(
        "base             {} articles sharing nothing ({rounds} rounds)",
        pool.len()
    );
    let mut rng = Rng(SEED);
    let (texts, cases) = plant(&pool, &mut rng);
    assert_eq!(cases.len(), CASES, "could not plant every case");

    let mut documents = Vec::with_capacity(pool.len());
    for (a, text) in pool.iter().zip(texts) {
        let mut d = a.doc.clone();
        d.text = text;
        documents.push(d);
    }
    let planted = analyze(
        Corpus {
            documents,
            skipped: Vec::new(),
        },
        Segmenter::shared(),
        &AnalyzeParams::default(),
    )
    .docs;
    let t = Instant::now();
    let groups = find(&planted, &params).groups;
    let elapsed = t.elapsed();
    let dets = detections(&groups);

    println!();
    println!(
        "PAN corpus       {} articles, {} cases ({} within one article, {} edited), find {:.2} s, {} groups, {} detections",
        planted.len(),
        cases.len(),
        cases.iter().filter(|c| c.src.0 == c.plg.0).count(),
        cases.iter().filter(|c| c.edited).count(),
        elapsed.as_secs_f64(),
        groups.len(),
        dets.len()
    );
    println!(
        "{:<16} {:>6} {:>9} {:>7} {:>11} {:>8} {:>8}",
        "cases", "n", "precision", "recall", "granularity", "plagdet", "detected"
    );
    let all: Vec<&Case> = cases.iter().collect();
    let overall = score(&all, &dets);
    let subsets: [(&str, CaseFilter); 4] = [
        ("exact", |c| !c.edited),
        ("edited", |c| c.edited),
        ("across articles", |c| c.src.0 != c.plg.0),
        ("within article", |c| c.src.0 == c.plg.0),
    ];
    let row = |name: &str, n: usize, s: &Scores, with_precision: bool| {
        let precision = if with_precision {
            format!("{:.3}", s.precision)
        } else {
            "-".into()
        };
        let plagdet = if with_precision {
            format!("{:.3}", s.plagdet)
        } else {
            "-".into()
        };
        println!(
            "{name:<16} {n:>6} {precision:>9} {:>7.3} {:>11.3} {plagdet:>8} {:>8}",
            s.recall, s.granularity, s.detected
        );
    };
    row("all", all.len(), &overall, true);
    for (name, keep) in &subsets {
        let part: Vec<&Case> = cases.iter().filter(|c| keep(c)).collect();
        row(name, part.len(), &score(&part, &dets), false);
    }
    assert!(
        overall.plagdet >= 0.90,
        "plagdet {:.3} below 0.90",
        overall.plagdet
    );
}
