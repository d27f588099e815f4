//! Scoring `chachong check --format json` against the planted truth.
//!
//! Takes, per draft, a [`Truth`] (flags per char of the draft text as
//! written, the planted reworded paragraphs) and the tool's JSON (a
//! `serde_json::Value`), and gives [`Scores`]: copy-ratio errors overall and
//! by planted share, the quotation detection on copied chars, reworded
//! paragraphs found. [`self_test`] checks all of it on a hand-made JSON.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

/// A matchable body char (counted by `chars`).
pub const MATCH: u8 = 1;
/// Copied verbatim from an indexed article (plain copies and quotes).
pub const COPIED: u8 = 2;
/// Inside an attributed quotation of a copy.
pub const QUOTED: u8 = 4;
/// Inside an unattributed quotation of a copy (no cue nearby).
pub const UNQUOTED: u8 = 8;
/// Inside a planted reworded paragraph.
pub const REWORDED: u8 = 16;
/// New text (fresh articles, quotation wrappers).
pub const FRESH: u8 = 32;

/// What was planted in one draft.
#[derive(Debug, Clone)]
pub struct Truth {
    /// The draft's file name, as the end of the tool's draft id.
    pub name: String,
    /// Flags of each char of the draft text (Unicode scalar values).
    pub flags: Vec<u8>,
    /// Planted reworded paragraphs.
    pub reworded: Vec<Rewording>,
    /// Planted quotations of copies: the span of the quoted text and its
    /// form (the cue, or `unattributed`).
    pub quotes: Vec<(u32, u32, String)>,
}

impl Truth {
    fn count(&self, all: u8) -> usize {
        self.flags.iter().filter(|&&f| f & all == all).count()
    }

    /// Matchable body chars.
    pub fn chars(&self) -> usize {
        self.count(MATCH)
    }

    /// Copied matchable chars.
    pub fn copied(&self) -> usize {
        self.count(MATCH | COPIED)
    }

    /// Copied matchable chars inside attributed quotations.
    pub fn quoted(&self) -> usize {
        self.count(MATCH | QUOTED)
    }

    pub fn ratio(&self) -> f64 {
        self.copied() as f64 / self.chars().max(1) as f64
    }

    /// The ratio were reworded paragraphs copies too (a reading the
    /// brief's truth does not take; printed to show where errors come from).
    pub fn ratio_with_reworded(&self) -> f64 {
        (self.copied() + self.count(MATCH | REWORDED)) as f64 / self.chars().max(1) as f64
    }

    /// Reworded matchable chars over matchable chars.
    pub fn reworded_ratio(&self) -> f64 {
        self.count(MATCH | REWORDED) as f64 / self.chars().max(1) as f64
    }

    pub fn ratio_excluding_quotes(&self) -> f64 {
        (self.copied() - self.quoted()) as f64 / self.chars().max(1) as f64
    }
}

/// A planted reworded paragraph.
#[derive(Debug, Clone)]
pub struct Rewording {
    /// Its span in the draft (chars, end exclusive).
    pub start: u32,
    pub end: u32,
    /// The ids of its source, first, and of the INDEXED articles holding
    /// most of the source paragraph too (the corpus has reprints).
    pub sources: Vec<String>,
    /// Matchable chars of the source's paragraph (line) holding the text
    /// reworded: most Sina articles are one line.
    pub source_para: usize,
}

/// The planted share buckets of the tables.
pub const BUCKETS: [&str; 4] = ["0", "<=30%", "<=60%", ">60%"];

pub fn bucket(share: f64) -> usize {
    if share == 0.0 {
        0
    } else if share <= 0.3 {
        1
    } else if share <= 0.6 {
        2
    } else {
        3
    }
}

/// Mean and largest absolute error of a set of (truth, measured) pairs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Errors {
    pub n: usize,
    pub mae: f64,
    pub max: f64,
    /// The draft of the largest error.
    pub worst: String,
}

impl Errors {
    fn of(pairs: &[(String, f64, f64)]) -> Errors {
        let mut e = Errors {
            n: pairs.len(),
            ..Errors::default()
        };
        for (name, truth, got) in pairs {
            let err = (truth - got).abs();
            e.mae += err;
            if err > e.max || e.worst.is_empty() {
                e.max = err;
                e.worst = name.clone();
            }
        }
        e.mae /= pairs.len().max(1) as f64;
        e
    }
}

/// A precision/recall pair with its counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PrecRec {
    pub hits_p: usize,
    pub reported: usize,
    pub hits_r: usize,
    pub planted: usize,
}

impl PrecRec {
    pub fn precision(&self) -> f64 {
        if self.reported == 0 {
            f64::NAN
        } else {
            self.hits_p as f64 / self.reported as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.planted == 0 {
            f64::NAN
        } else {
            self.hits_r as f64 / self.planted as f64
        }
    }
}

/// Where the tool's copied chars (the union of its passages' draft spans)
/// fall, in matchable chars.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Where {
    /// Planted copies the passages cover, and miss.
    pub copied_found: usize,
    pub copied_missed: usize,
    /// Passages over fresh text, and over reworded paragraphs.
    pub over_fresh: usize,
    pub over_reworded: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Drafts of the truth the JSON does not hold.
    pub missing: Vec<String>,
    /// Drafts lacking each field (`copy_ratio`, `quotes`, `reworded`, ...).
    pub absent: HashMap<&'static str, usize>,
    pub ratio: Errors,
    pub ratio_by_bucket: [Errors; 4],
    pub ratio_excluding_quotes: Errors,
    /// `copy_ratio` on the drafts with no reworded paragraph, and against
    /// the truth with reworded paragraphs counted as copied.
    pub ratio_no_reworded: Errors,
    pub ratio_with_reworded: Errors,
    /// `reworded_ratio` (when given) against reworded / matchable chars.
    pub reworded_ratio: Errors,
    /// `chars` against the truth's matchable body chars: mean relative
    /// difference and the largest.
    pub chars_rel_mean: f64,
    pub chars_rel_max: f64,
    /// `copied_chars / chars` against `copy_ratio` (a consistency check).
    pub ratio_inconsistent: usize,
    pub quotes: PrecRec,
    /// By planted form: copied matchable chars, and those inside a
    /// reported quote.
    pub quote_forms: BTreeMap<String, (usize, usize)>,
    pub reworded: PrecRec,
    /// Scores of correct and of false `reworded` reports.
    pub reworded_true_scores: Vec<f64>,
    pub reworded_false_scores: Vec<f64>,
    /// Planted reworded paragraphs no report names, by why.
    pub reworded_missed_other_source: usize,
    /// Planted reworded paragraphs and those found, by how much of them
    /// the passages cover and by the length of the source's paragraph.
    pub reworded_by: BTreeMap<&'static str, (usize, usize)>,
    pub passages: Where,
}

fn file_name(id: &str) -> &str {
    Path::new(id)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(id)
}

/// Sets `flag` on the chars of `[start, end)` in `marks`, clamped.
fn mark(marks: &mut [bool], start: Option<u64>, end: Option<u64>) {
    let (Some(s), Some(e)) = (start, end) else {
        return;
    };
    let e = (e as usize).min(marks.len());
    for m in marks.iter_mut().take(e).skip(s as usize) {
        *m = true;
    }
}

fn span(v: &Value) -> (Option<u64>, Option<u64>) {
    (v["start"].as_u64(), v["end"].as_u64())
}

/// Scores the tool's JSON (`{"drafts": [...]}`) against the truth.
pub fn score(truth: &[Truth], json: &Value) -> Scores {
    let empty = Vec::new();
    let drafts = json["drafts"].as_array().unwrap_or(&empty);
    let by_name: HashMap<&str, &Value> = drafts
        .iter()
        .filter_map(|d| d["id"].as_str().map(|id| (file_name(id), d)))
        .collect();
    let mut s = Scores::default();
    let mut ratio = Vec::new();
    let mut by_bucket: [Vec<(String, f64, f64)>; 4] = Default::default();
    let mut ratio_ex = Vec::new();
    let (mut no_rew, mut with_rew, mut rew_ratio) = (Vec::new(), Vec::new(), Vec::new());
    let mut chars_rel = Vec::new();
    for t in truth {
        let Some(d) = by_name.get(t.name.as_str()) else {
            s.missing.push(t.name.clone());
            continue;
        };
        let n = t.flags.len();
        let field = |s: &mut Scores, name: &'static str| -> Option<Value> {
            let v = d.get(name).cloned();
            if v.is_none() {
                *s.absent.entry(name).or_default() += 1;
            }
            v
        };
        // Ratios.
        if let Some(r) = field(&mut s, "copy_ratio").and_then(|v| v.as_f64()) {
            ratio.push((t.name.clone(), t.ratio(), r));
            by_bucket[bucket(t.ratio())].push((t.name.clone(), t.ratio(), r));
            with_rew.push((t.name.clone(), t.ratio_with_reworded(), r));
            if t.reworded.is_empty() {
                no_rew.push((t.name.clone(), t.ratio(), r));
            }
            if let (Some(c), Some(k)) = (d["copied_chars"].as_f64(), d["chars"].as_f64())
                && k > 0.0
                && (c / k - r).abs() > 1e-3
            {
                s.ratio_inconsistent += 1;
            }
        }
        if let Some(r) = field(&mut s, "copy_ratio_excluding_quotes").and_then(|v| v.as_f64()) {
            ratio_ex.push((t.name.clone(), t.ratio_excluding_quotes(), r));
        }
        if let Some(r) = d["reworded_ratio"].as_f64() {
            rew_ratio.push((t.name.clone(), t.reworded_ratio(), r));
        }
        if let Some(k) = d["chars"].as_f64() {
            let want = t.chars() as f64;
            chars_rel.push((k - want).abs() / want.max(1.0));
        }
        // Quotes: copied matchable chars inside a reported quote.
        if let Some(quotes) = field(&mut s, "quotes") {
            let mut inside = vec![false; n];
            for q in quotes.as_array().unwrap_or(&empty) {
                let (a, b) = span(q);
                mark(&mut inside, a, b);
            }
            for (f, &i) in t.flags.iter().zip(&inside) {
                if f & (MATCH | COPIED) != MATCH | COPIED {
                    continue;
                }
                let planted = f & QUOTED != 0;
                s.quotes.reported += usize::from(i);
                s.quotes.hits_p += usize::from(i && planted);
                s.quotes.planted += usize::from(planted);
                s.quotes.hits_r += usize::from(i && planted);
            }
            for (a, b, form) in &t.quotes {
                let e = s.quote_forms.entry(form.clone()).or_default();
                let (a, b) = (*a as usize, (*b as usize).min(n));
                for (f, &i) in t.flags[a..b].iter().zip(&inside[a..b]) {
                    if f & MATCH != 0 {
                        e.0 += 1;
                        e.1 += usize::from(i);
                    }
                }
            }
        }
        // Where the passages fall.
        let mut covered = vec![false; n];
        for p in d["passages"].as_array().unwrap_or(&empty) {
            let (a, b) = span(&p["draft"]);
            mark(&mut covered, a, b);
        }
        for (f, &c) in t.flags.iter().zip(&covered) {
            if f & MATCH == 0 {
                continue;
            }
            let w = &mut s.passages;
            if f & COPIED != 0 {
                w.copied_found += usize::from(c);
                w.copied_missed += usize::from(!c);
            } else if f & REWORDED != 0 {
                w.over_reworded += usize::from(c);
            } else {
                w.over_fresh += usize::from(c);
            }
        }
        // Reworded paragraphs.
        if let Some(items) = field(&mut s, "reworded") {
            let items = items.as_array().unwrap_or(&empty);
            let mut found = vec![false; t.reworded.len()];
            let mut other_source = vec![false; t.reworded.len()];
            for it in items {
                let (a, b) = span(&it["draft"]);
                let (a, b) = (a.unwrap_or(0) as u32, b.unwrap_or(0) as u32);
                let src = it["source"]["id"].as_str().unwrap_or("");
                let score = it["score"].as_f64().unwrap_or(f64::NAN);
                s.reworded.reported += 1;
                let mut correct = false;
                for (k, r) in t.reworded.iter().enumerate() {
                    let ov = r.end.min(b).saturating_sub(r.start.max(a));
                    // Half of the planted paragraph and half of the report.
                    let meets =
                        2 * ov >= r.end - r.start && 2 * ov >= b.saturating_sub(a) && ov > 0;
                    if meets && r.sources.iter().any(|id| id == src) {
                        correct = true;
                        found[k] = true;
                    } else if meets {
                        other_source[k] = true;
                    }
                }
                if correct {
                    s.reworded.hits_p += 1;
                    s.reworded_true_scores.push(score);
                } else {
                    s.reworded_false_scores.push(score);
                }
            }
            s.reworded.planted += t.reworded.len();
            s.reworded.hits_r += found.iter().filter(|&&f| f).count();
            for (r, &f) in t.reworded.iter().zip(&found) {
                let (a, b) = (r.start as usize, (r.end as usize).min(n));
                let (mut m, mut c) = (0, 0);
                for (fl, &cv) in t.flags[a..b].iter().zip(&covered[a..b]) {
                    m += usize::from(fl & MATCH != 0);
                    c += usize::from(fl & MATCH != 0 && cv);
                }
                let by_cover = if 2 * c >= m.max(1) {
                    "half or more inside passages"
                } else {
                    "less than half inside passages"
                };
                let by_para = if r.source_para <= 2 * m {
                    "source paragraph at most twice as long"
                } else {
                    "source paragraph more than twice as long"
                };
                for key in [by_cover, by_para] {
                    let e = s.reworded_by.entry(key).or_default();
                    e.0 += 1;
                    e.1 += usize::from(f);
                }
            }
            s.reworded_missed_other_source += found
                .iter()
                .zip(&other_source)
                .filter(|&(&f, &o)| !f && o)
                .count();
        } else {
            s.reworded.planted += t.reworded.len();
        }
    }
    s.ratio = Errors::of(&ratio);
    for (b, pairs) in by_bucket.iter().enumerate() {
        s.ratio_by_bucket[b] = Errors::of(pairs);
    }
    s.ratio_excluding_quotes = Errors::of(&ratio_ex);
    s.ratio_no_reworded = Errors::of(&no_rew);
    s.ratio_with_reworded = Errors::of(&with_rew);
    s.reworded_ratio = Errors::of(&rew_ratio);
    s.chars_rel_mean = chars_rel.iter().sum::<f64>() / chars_rel.len().max(1) as f64;
    s.chars_rel_max = chars_rel.iter().cloned().fold(0.0, f64::max);
    s
}

/// min, p10, p25, median, p75, p90, max of `xs` (NaN left out).
pub fn quantiles(xs: &[f64]) -> Option<[f64; 7]> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    Some([
        at(0.0),
        at(0.1),
        at(0.25),
        at(0.5),
        at(0.75),
        at(0.9),
        at(1.0),
    ])
}

/// Checks [`score`] on two hand-made drafts and a hand-made JSON; panics
/// on a wrong figure.
pub fn self_test() {
    // Draft a: "题\n\n" then 10 fresh, 10 copied, 10 quoted (attributed),
    // 10 copied in an unattributed quote, 10 reworded; 50 matchable chars
    // (the title line is not body). Copied: 30 of 50; quoted 10.
    let mut flags = vec![0u8; 3];
    let push = |flags: &mut Vec<u8>, n: usize, f: u8| flags.extend(std::iter::repeat_n(f, n));
    push(&mut flags, 10, MATCH | FRESH); // 3..13
    push(&mut flags, 10, MATCH | COPIED); // 13..23
    push(&mut flags, 1, COPIED); // 23: a comma inside a copy, not matchable
    push(&mut flags, 10, MATCH | COPIED | QUOTED); // 24..34
    push(&mut flags, 10, MATCH | COPIED | UNQUOTED); // 34..44
    push(&mut flags, 10, MATCH | REWORDED); // 44..54
    let a = Truth {
        name: "a.txt".into(),
        flags,
        reworded: vec![Rewording {
            start: 44,
            end: 54,
            sources: vec!["src/0".into(), "src/1".into()],
            source_para: 30,
        }],
        quotes: vec![(24, 34, "said".into()), (34, 44, "unattributed".into())],
    };
    assert_eq!((a.chars(), a.copied(), a.quoted()), (50, 30, 10));
    assert_eq!(a.ratio(), 0.6);
    assert_eq!(a.ratio_excluding_quotes(), 0.4);
    assert_eq!(a.ratio_with_reworded(), 0.8);
    // Draft b: 20 fresh chars, nothing planted.
    let b = Truth {
        name: "b.txt".into(),
        flags: vec![MATCH | FRESH; 20],
        reworded: Vec::new(),
        quotes: Vec::new(),
    };
    let json: Value = serde_json::from_str(
        r#"{"drafts": [
          {"id": "dir/a.txt", "chars": 50, "copied_chars": 25,
           "copy_ratio": 0.5, "copy_ratio_excluding_quotes": 0.45,
           "quotes": [{"start": 23, "end": 29, "chars": 6, "text": "", "attribution": "说"},
                      {"start": 40, "end": 46, "chars": 6, "text": "", "attribution": "说"}],
           "reworded": [{"score": 0.9, "chars": 9, "draft": {"start": 45, "end": 54, "text": ""},
                         "source": {"id": "src/1"}},
                        {"score": 0.7, "chars": 9, "draft": {"start": 3, "end": 12, "text": ""},
                         "source": {"id": "src/9"}}],
           "passages": [{"chars": 25, "draft": {"start": 11, "end": 36, "text": ""}}]},
          {"id": "dir/b.txt", "chars": 22, "copied_chars": 1, "copy_ratio": 0.05, "reworded_ratio": 0.1,
           "copy_ratio_excluding_quotes": 0.0, "quotes": [], "reworded": [], "passages": []}
        ]}"#,
    )
    .unwrap();
    let s = score(&[a.clone(), b.clone()], &json);
    assert!(s.missing.is_empty() && s.absent.is_empty(), "{s:?}");
    // |0.6 - 0.5| and |0 - 0.05|.
    assert!((s.ratio.mae - 0.075).abs() < 1e-9, "{}", s.ratio.mae);
    assert!((s.ratio.max - 0.1).abs() < 1e-9);
    assert_eq!(s.ratio.worst, "a.txt");
    assert_eq!(s.ratio_by_bucket[0].n, 1);
    assert!((s.ratio_by_bucket[0].mae - 0.05).abs() < 1e-9);
    assert_eq!(s.ratio_by_bucket[2].n, 1);
    assert!((s.ratio_by_bucket[2].mae - 0.1).abs() < 1e-9);
    // Only b has no reworded paragraph; a against 0.8 and b against 0.
    assert_eq!(
        (s.ratio_no_reworded.n, s.ratio_no_reworded.worst.as_str()),
        (1, "b.txt")
    );
    assert!((s.ratio_no_reworded.mae - 0.05).abs() < 1e-9);
    assert!((s.ratio_with_reworded.mae - 0.175).abs() < 1e-9);
    // b alone gives reworded_ratio: 0.1 for 0.
    assert_eq!(s.reworded_ratio.n, 1);
    assert!((s.reworded_ratio.mae - 0.1).abs() < 1e-9);
    // |0.4 - 0.45| and 0.
    assert!((s.ratio_excluding_quotes.mae - 0.025).abs() < 1e-9);
    // b says 0.05 with 1 of 22 copied: inconsistent.
    assert_eq!(s.ratio_inconsistent, 1);
    // chars: a exact, b 2 of 20 off.
    assert!((s.chars_rel_mean - 0.05).abs() < 1e-9);
    // Quotes on copied matchable chars: the first quote holds 24..29 (5
    // quoted) and the comma at 23 (not matchable); the second 40..44 of
    // the unattributed quote (4) and no copied chars beyond 44.
    assert_eq!(
        s.quotes,
        PrecRec {
            hits_p: 5,
            reported: 9,
            hits_r: 5,
            planted: 10
        }
    );
    // Reworded: the first report meets 44..54 (9 of 10, all of its 9) with
    // the right source; the second lies on fresh text.
    assert_eq!(
        s.reworded,
        PrecRec {
            hits_p: 1,
            reported: 2,
            hits_r: 1,
            planted: 1
        }
    );
    assert_eq!(s.quote_forms["said"], (10, 5));
    assert_eq!(s.quote_forms["unattributed"], (10, 4));
    assert_eq!(s.reworded_true_scores, vec![0.9]);
    // The passage 11..36 does not reach the reworded paragraph; its source
    // paragraph is 30 chars, three times its 10.
    assert_eq!(s.reworded_by["less than half inside passages"], (1, 1));
    assert_eq!(
        s.reworded_by["source paragraph more than twice as long"],
        (1, 1)
    );
    assert_eq!(s.reworded_false_scores, vec![0.7]);
    // Passage 11..36: fresh 11, 12; copied 13..23 and 24..36 (22 matchable
    // chars, the comma not); missed 36..44.
    assert_eq!(
        s.passages,
        Where {
            copied_found: 22,
            copied_missed: 8,
            over_fresh: 2,
            over_reworded: 0
        }
    );
    // A report naming another source meets the span but is not correct;
    // one covering the whole draft is not half inside the paragraph.
    let json: Value = serde_json::from_str(
        r#"{"drafts": [{"id": "a.txt", "reworded": [
             {"score": 0.8, "draft": {"start": 44, "end": 54}, "source": {"id": "src/2"}},
             {"score": 0.6, "draft": {"start": 0, "end": 54}, "source": {"id": "src/1"}}]}]}"#,
    )
    .unwrap();
    let s = score(&[a, b], &json);
    assert_eq!(s.missing, vec!["b.txt".to_string()]);
    assert_eq!(s.absent.get("copy_ratio"), Some(&1));
    assert_eq!(s.reworded.hits_p, 0);
    assert_eq!(s.reworded.reported, 2);
    assert_eq!(s.reworded.hits_r, 0);
    assert_eq!(s.reworded_missed_other_source, 1);
    assert!(s.ratio.n == 0 && s.ratio.mae == 0.0);
    assert_eq!(
        quantiles(&[3.0, 1.0, 2.0, f64::NAN]),
        Some([1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 3.0])
    );
}
