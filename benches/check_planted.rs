//! `chachong check`'s copy ratios, quotations and reworded paragraphs,
//! scored on drafts planted from real news (issue 15).
//!
//! Takes ../shared/data/sina-news-6class.jsonl.gz (or `$CHACHONG_SINA`);
//! skips with a message when it is absent. Runs the release binary
//! (`$CHACHONG`, else `target/release/chachong`), as a user would.
//!
//! **Corpus.** The articles of at least 300 chars, shuffled (seed 15): the
//! first 3,000 are INDEXED (written as JSONL and indexed with `chachong
//! index`), the others are FRESH, new text. Both are read back with the
//! library's readers and split into body sentences (`clean::sentences`).
//! A FRESH article sharing any 21 matchable chars with an INDEXED one is
//! left out (the same story reprinted), and so is a FRESH sentence sharing
//! any 13 (a stock phrase), so new text is new.
//!
//! **Drafts.** 200 drafts of 600–3,000 chars, a title line and paragraphs
//! separated by blank lines, each planted to a share of copied chars: 0,
//! up to 30%, 30–60%, 60–90% or anywhere up to 90% (in turn). A draft
//! mixes:
//! - fresh paragraphs (consecutive FRESH sentences) — not copied;
//! - verbatim copies of INDEXED text: whole paragraphs (consecutive
//!   sentences, 60–300 matchable chars), or one sentence of at least 30
//!   matchable chars (`check`'s shortest passage) set among fresh ones —
//!   copied;
//! - attributed quotations: one or two INDEXED sentences in “” 「」 『』
//!   with a cue (`某某表示：“…”`, `“…，”他说。`, `据新华社报道，“…”`,
//!   `指出`, `称`, `写道`, `说：『…』`, `“…”[3]`) — copied and quoted;
//! - unattributed quotations: an INDEXED sentence in “” in a paragraph
//!   whose sentences hold no cue — copied, not quoted;
//! - reworded paragraphs: an INDEXED paragraph (60–300 matchable chars)
//!   rewritten by clause swaps within sentences (split at ，；), a table of
//!   120 news synonyms, dropped 了/的, inserted 也/已经, and numbers
//!   between digits and Chinese numerals, redone more strongly until no 21
//!   matchable chars in a row are shared with any INDEXED article —
//!   reworded, with the source's id, not copied.
//!
//! Copied text holds no quotation marks of its own (quotes are planted
//! only), and quoted or copied-inside-quotes text holds no cue. Truth per
//! draft: flags per char (matchable, copied, in an attributed quote, in an
//! unattributed one, reworded, fresh) and the reworded paragraphs' spans
//! and sources. "Matchable" is `fingerprint::matchable::is_matchable`
//! (letters, digits, CJK); the title line is not body.
//!
//! **Scoring** (`check_planted/score.rs`, checked on a hand-made JSON at
//! every start; `cargo test --bench check_planted` runs only that) of
//! `chachong check DIR --against X.idx --format json` (plus
//! `$CHACHONG_CHECK_ARGS`) on all drafts in one process, timed:
//! - `copy_ratio` against copied / matchable body chars: mean absolute
//!   error, largest, and by planted share (0, ≤30%, ≤60%, >60%);
//! - `copy_ratio_excluding_quotes` against (copied − attributed-quote
//!   copied) / matchable: the same;
//! - quotations, over copied matchable chars: precision = the share of
//!   those inside a reported quote that were planted as attributed quotes;
//!   recall = the share of attributed-quote copied chars inside a reported
//!   quote (quotes in fresh text are real but not copies: not scored);
//! - reworded paragraphs: a `reworded` report is correct when its draft
//!   span and a planted reworded paragraph overlap by at least half of each
//!   and it names the paragraph's source (or another INDEXED article
//!   holding half of the source paragraph's 13-grams or more: the corpus
//!   has reprints); precision over reports, recall
//!   over planted paragraphs; the scores of correct and of false reports;
//! - diagnostics: `chars` against the truth's matchable body chars, where
//!   the passages' draft spans fall (copies found and missed, over fresh
//!   text, over reworded paragraphs).
//!
//! Prints everything, then ends with exit status 1 naming each target
//! missed: `copy_ratio` MAE ≤ 0.02; quote precision and recall ≥ 0.9;
//! reworded precision ≥ 0.8 and recall ≥ 0.7. `$CHACHONG_PLANTED_KEEP=DIR`
//! keeps the drafts, the index, the JSON and the truth (`truth.jsonl`:
//! per draft its counts, ratios and reworded spans) in DIR.
//!
//! Run: `cargo build --release && cargo bench --bench check_planted`.

mod common;
#[path = "check_planted/score.rs"]
mod score;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chachong::clean::{clean, paragraphs, sentences, visible};
use chachong::corpus::{Document, read_corpus};
use chachong::fingerprint::matchable::is_matchable;
use chachong::params::Checked;
use chachong::span::CharIndex;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rustc_hash::{FxHashSet, FxHasher};
use serde_json::{Value, json};

use score::{BUCKETS, COPIED, FRESH, MATCH, QUOTED, REWORDED, Scores, Truth, UNQUOTED};

const SEED: u64 = 15;
const MIN_ARTICLE: usize = 300;
const INDEXED: usize = 3000;
const DRAFTS: usize = 200;
const DRAFT_CHARS: (usize, usize) = (600, 3000);
/// Shortest copied sentence or quote, in matchable chars (`check`'s
/// shortest passage, `CheckParams::default().min_chars`).
const MIN_COPY: usize = 30;
/// A FRESH sentence shares no run this long with the INDEXED articles.
const FRESH_K: usize = 13;
/// A reworded paragraph, and a FRESH article, share no run this long.
const VERBATIM_K: usize = 21;

/// Cues of attribution; a sentence holding one is not used around an
/// unattributed quote, nor inside any quote.
const CUES: [&str; 22] = [
    "说", "表示", "指出", "称", "写道", "报道", "引自", "来源", "认为", "强调", "介绍", "透露",
    "提到", "告诉", "坦言", "回应", "解释", "称赞", "据", "：", ":", "[",
];
const QUOTE_MARKS: [char; 10] = ['“', '”', '「', '」', '『', '』', '‘', '’', '"', '\''];

const WHO: [&str; 8] = [
    "张明",
    "该公司负责人",
    "一位业内人士",
    "有关专家",
    "李女士",
    "王教授",
    "发言人陈刚",
    "市场分析人士",
];
/// The forms of attributed quotations, as `attributed` numbers them.
const FORMS: [&str; 8] = [
    "某某表示：“…”",
    "“…，”某某说。",
    "据新华社报道，“…”",
    "某某指出：“…”",
    "某某称，“…”",
    "某某在文章中写道：「…」",
    "“…”[3]",
    "某某在接受采访时说：『…』",
];
const MEDIA: [&str; 4] = ["新华社", "人民日报", "央视新闻", "中新网"];

/// Synonyms of news Chinese, applied left to right in one pass (so a pair
/// listed both ways swaps).
const SYNONYMS: [(&str, &str); 120] = [
    ("表示", "指出"),
    ("指出", "表示"),
    ("目前", "当前"),
    ("当前", "目前"),
    ("进行", "开展"),
    ("开展", "进行"),
    ("提高", "提升"),
    ("提升", "提高"),
    ("通过", "经由"),
    ("企业", "公司"),
    ("公司", "企业"),
    ("认为", "觉得"),
    ("表明", "显示"),
    ("显示", "表明"),
    ("增加", "增长"),
    ("增长", "增加"),
    ("减少", "下降"),
    ("下降", "减少"),
    ("情况", "状况"),
    ("状况", "情况"),
    ("可以", "能够"),
    ("能够", "可以"),
    ("因为", "由于"),
    ("由于", "因为"),
    ("但是", "不过"),
    ("不过", "但是"),
    ("同时", "与此同时"),
    ("并且", "而且"),
    ("而且", "并且"),
    ("所以", "因此"),
    ("因此", "所以"),
    ("如果", "倘若"),
    ("非常", "十分"),
    ("十分", "非常"),
    ("很多", "许多"),
    ("许多", "很多"),
    ("一些", "部分"),
    ("已经", "已"),
    ("开始", "着手"),
    ("帮助", "协助"),
    ("协助", "帮助"),
    ("支持", "支援"),
    ("举行", "举办"),
    ("举办", "举行"),
    ("参加", "参与"),
    ("参与", "参加"),
    ("获得", "取得"),
    ("取得", "获得"),
    ("成为", "变成"),
    ("继续", "持续"),
    ("持续", "继续"),
    ("了解", "知晓"),
    ("告诉", "告知"),
    ("希望", "期望"),
    ("期望", "希望"),
    ("达到", "达成"),
    ("超过", "超出"),
    ("近日", "日前"),
    ("日前", "近日"),
    ("今年", "本年"),
    ("去年", "上年"),
    ("地区", "区域"),
    ("区域", "地区"),
    ("城市", "都市"),
    ("消费者", "顾客"),
    ("用户", "使用者"),
    ("产品", "商品"),
    ("价格", "售价"),
    ("发布", "公布"),
    ("公布", "发布"),
    ("宣布", "宣告"),
    ("报道", "报导"),
    ("采访", "访问"),
    ("透露", "披露"),
    ("披露", "透露"),
    ("介绍", "说明"),
    ("调查", "调研"),
    ("研究", "探究"),
    ("发现", "发觉"),
    ("出现", "产生"),
    ("导致", "造成"),
    ("造成", "导致"),
    ("原因", "缘由"),
    ("目标", "目的"),
    ("计划", "规划"),
    ("规划", "计划"),
    ("方式", "方法"),
    ("方法", "方式"),
    ("措施", "举措"),
    ("举措", "措施"),
    ("提供", "供给"),
    ("使用", "运用"),
    ("运用", "使用"),
    ("利用", "借助"),
    ("选择", "挑选"),
    ("准备", "预备"),
    ("立即", "马上"),
    ("马上", "立即"),
    ("最近", "近来"),
    ("之后", "以后"),
    ("以后", "之后"),
    ("之前", "以前"),
    ("以前", "之前"),
    ("所有", "全部"),
    ("全部", "所有"),
    ("一直", "始终"),
    ("始终", "一直"),
    ("特别", "尤其"),
    ("尤其", "特别"),
    ("迅速", "快速"),
    ("快速", "迅速"),
    ("明显", "显著"),
    ("显著", "明显"),
    ("重要", "关键"),
    ("严重", "严峻"),
    ("电影", "影片"),
    ("影片", "电影"),
    ("比赛", "赛事"),
    ("赛事", "比赛"),
    ("网友", "网民"),
];

/// One article: its id and body sentences, with their matchable counts.
struct Article {
    id: String,
    /// Matchable chars of the paragraph (line) each sentence stands in.
    paras: Vec<usize>,
    sents: Vec<String>,
    sizes: Vec<usize>,
}

/// Articles whose sentences are taken at most once.
struct Pool {
    arts: Vec<Article>,
    used: Vec<Vec<bool>>,
}

impl Pool {
    fn new(arts: Vec<Article>) -> Pool {
        let used = arts.iter().map(|a| vec![false; a.sents.len()]).collect();
        Pool { arts, used }
    }

    /// Consecutive unused sentences of one article passing `ok`, at most
    /// `max_sents` of them, `min..=max` matchable chars in all: the
    /// article's index and the text.
    fn take(
        &mut self,
        rng: &mut Xoshiro256PlusPlus,
        (min, max): (usize, usize),
        max_sents: usize,
        ok: impl Fn(&str) -> bool,
    ) -> Option<(usize, usize, String)> {
        for _ in 0..2000 {
            let a = rng.gen_range(0..self.arts.len());
            let art = &self.arts[a];
            if art.sents.is_empty() {
                continue;
            }
            let i = rng.gen_range(0..art.sents.len());
            let (mut j, mut total) = (i, 0);
            while j < art.sents.len()
                && j - i < max_sents
                && !self.used[a][j]
                && total + art.sizes[j] <= max
                && ok(&art.sents[j])
            {
                total += art.sizes[j];
                j += 1;
                if total >= min && rng.gen_bool(0.5) {
                    break;
                }
            }
            if total >= min {
                self.used[a][i..j].iter_mut().for_each(|u| *u = true);
                return Some((a, i, art.sents[i..j].concat()));
            }
        }
        None
    }
}

fn matchable_count(s: &str) -> usize {
    s.chars().filter(|&c| is_matchable(c)).count()
}

fn has_cue(s: &str) -> bool {
    CUES.iter().any(|c| s.contains(c))
}

fn has_quote_marks(s: &str) -> bool {
    s.contains(QUOTE_MARKS)
}

/// Matchable chars, lower-cased, as matching compares them (near enough:
/// the tool also folds width, traditional forms and look-alikes).
fn folded(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| is_matchable(c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn gram_hashes(chars: &[char], k: usize) -> impl Iterator<Item = u64> + '_ {
    chars.windows(k).map(|w| {
        let mut h = FxHasher::default();
        w.hash(&mut h);
        h.finish()
    })
}

fn shares_run(s: &str, k: usize, set: &FxHashSet<u64>) -> bool {
    gram_hashes(&folded(s), k).any(|h| set.contains(&h))
}

/// What a piece of a draft is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fresh,
    Copied,
    Quoted,
    Unquoted,
    Reworded,
}

impl Kind {
    fn flags(self) -> u8 {
        match self {
            Kind::Fresh => FRESH,
            Kind::Copied => COPIED,
            Kind::Quoted => COPIED | QUOTED,
            Kind::Unquoted => COPIED | UNQUOTED,
            Kind::Reworded => REWORDED,
        }
    }
}

/// What a paragraph of a draft was planted as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Fresh,
    CopiedParagraph,
    CopiedSentence,
    Attributed,
    Unattributed,
    Reworded,
}

const WHATS: [(What, &str); 6] = [
    (What::Fresh, "fresh"),
    (What::CopiedParagraph, "copied"),
    (What::CopiedSentence, "copied sentence among fresh"),
    (What::Attributed, "attributed quote"),
    (What::Unattributed, "unattributed quote"),
    (What::Reworded, "reworded"),
];

/// One paragraph of a draft, as pieces; a reworded paragraph names its
/// source and the articles holding most of the source paragraph too.
struct Block {
    what: What,
    /// A quotation's form.
    form: Option<&'static str>,
    pieces: Vec<(Kind, String)>,
    source: Option<(Vec<String>, usize)>,
}

impl Block {
    fn new(what: What, pieces: Vec<(Kind, String)>) -> Block {
        Block {
            what,
            form: None,
            pieces,
            source: None,
        }
    }

    fn chars(&self) -> usize {
        self.pieces.iter().map(|(_, t)| t.chars().count()).sum()
    }

    fn count(&self, f: impl Fn(Kind) -> bool) -> usize {
        self.pieces
            .iter()
            .filter(|(k, _)| f(*k))
            .map(|(_, t)| matchable_count(t))
            .sum()
    }
}

/// Rewordings tried, and paragraphs given up (every rewording kept 21
/// matchable chars in a row).
#[derive(Default)]
struct Planted {
    reword_attempts: usize,
    reword_rejected: usize,
}

struct Planter {
    rng: Xoshiro256PlusPlus,
    indexed: Pool,
    fresh: Pool,
    /// Hashes of every 21-gram of the INDEXED articles.
    verbatim: FxHashSet<u64>,
    /// Hashes of the 13-grams of each INDEXED article.
    grams: Vec<FxHashSet<u64>>,
    planted: Planted,
}

fn no_marks(s: &str) -> bool {
    !has_quote_marks(s)
}

fn quotable(s: &str) -> bool {
    !has_quote_marks(s) && !has_cue(s)
}

/// The sentence without its closing punctuation.
fn trim_end(s: &str) -> &str {
    s.trim_end_matches(['。', '！', '？', '；', '…', '!', '?', ';', '，', ','])
}

impl Planter {
    fn fresh_text(
        &mut self,
        range: (usize, usize),
        sents: usize,
        cue_free: bool,
    ) -> Option<String> {
        let t = self
            .fresh
            .take(&mut self.rng, range, sents, |s| !cue_free || !has_cue(s))?;
        Some(t.2)
    }

    fn fresh_para(&mut self, max: usize) -> Option<Block> {
        let t = self.fresh_text((60.min(max), max), 12, false)?;
        Some(Block::new(What::Fresh, vec![(Kind::Fresh, t)]))
    }

    fn copied_para(&mut self, max: usize) -> Option<Block> {
        let (_, _, t) = self
            .indexed
            .take(&mut self.rng, (60.min(max), max), 12, no_marks)?;
        Some(Block::new(What::CopiedParagraph, vec![(Kind::Copied, t)]))
    }

    /// Fresh sentences around one copied sentence.
    fn copied_sentence(&mut self) -> Option<Block> {
        let (_, _, copy) = self
            .indexed
            .take(&mut self.rng, (MIN_COPY, 120), 1, no_marks)?;
        let mut pieces = Vec::new();
        if let Some(t) = self.fresh_text((10, 120), 2, false) {
            pieces.push((Kind::Fresh, t));
        }
        pieces.push((Kind::Copied, copy));
        if let Some(t) = self.fresh_text((10, 120), 2, false) {
            pieces.push((Kind::Fresh, t));
        }
        Some(Block::new(What::CopiedSentence, pieces))
    }

    /// An attributed quotation of one or two INDEXED sentences, among
    /// fresh text.
    fn attributed(&mut self) -> Option<Block> {
        let (_, _, q) = self
            .indexed
            .take(&mut self.rng, (MIN_COPY, 120), 2, quotable)?;
        let who = *WHO.choose(&mut self.rng).unwrap();
        let form = self.rng.gen_range(0..8);
        let (pre, body, post) = match form {
            0 => (format!("{who}表示：“"), q.clone(), "”".to_string()),
            1 => (
                "“".to_string(),
                trim_end(&q).to_string(),
                format!("，”{who}说。"),
            ),
            2 => {
                let media = MEDIA.choose(&mut self.rng).unwrap();
                (format!("据{media}报道，“"), q.clone(), "”".to_string())
            }
            3 => (format!("{who}指出：“"), q.clone(), "”".to_string()),
            4 => (format!("{who}称，“"), q.clone(), "”".to_string()),
            5 => (
                format!("{who}在文章中写道：「"),
                q.clone(),
                "」".to_string(),
            ),
            6 => (
                "“".to_string(),
                q.clone(),
                format!("”[{}]", self.rng.gen_range(1..10)),
            ),
            _ => (
                format!("{who}在接受采访时说：『"),
                q.clone(),
                "』".to_string(),
            ),
        };
        let mut pieces = Vec::new();
        if self.rng.gen_bool(0.7)
            && let Some(t) = self.fresh_text((10, 120), 2, false)
        {
            pieces.push((Kind::Fresh, t));
        }
        pieces.push((Kind::Fresh, pre));
        pieces.push((Kind::Quoted, body));
        pieces.push((Kind::Fresh, post));
        if self.rng.gen_bool(0.5)
            && let Some(t) = self.fresh_text((10, 120), 2, false)
        {
            pieces.push((Kind::Fresh, t));
        }
        let mut b = Block::new(What::Attributed, pieces);
        b.form = Some(FORMS[form]);
        Some(b)
    }

    /// A quotation of one INDEXED sentence with no cue in its paragraph.
    fn unattributed(&mut self) -> Option<Block> {
        let (_, _, q) = self
            .indexed
            .take(&mut self.rng, (MIN_COPY, 120), 1, quotable)?;
        let before = self.fresh_text((15, 150), 2, true)?;
        let after = self.fresh_text((15, 150), 2, true)?;
        Some(Block {
            form: Some("unattributed “…”"),
            ..Block::new(
                What::Unattributed,
                vec![
                    (Kind::Fresh, before),
                    (Kind::Fresh, "“".into()),
                    (Kind::Unquoted, q),
                    (Kind::Fresh, "”".into()),
                    (Kind::Fresh, after),
                ],
            )
        })
    }

    /// The id of INDEXED article `a`, then those of the others holding at
    /// least half of the 13-grams of its paragraph `text`.
    fn sources(&self, a: usize, text: &str) -> Vec<String> {
        let mine: FxHashSet<u64> = gram_hashes(&folded(text), FRESH_K).collect();
        let mut ids = vec![self.indexed.arts[a].id.clone()];
        for (k, g) in self.grams.iter().enumerate() {
            if k != a && 2 * mine.iter().filter(|h| g.contains(h)).count() >= mine.len() {
                ids.push(self.indexed.arts[k].id.clone());
            }
        }
        ids
    }

    /// An INDEXED paragraph reworded until it shares no 21 matchable chars
    /// in a row with any INDEXED article.
    fn reworded(&mut self) -> Option<Block> {
        for _ in 0..20 {
            let (a, i, text) = self.indexed.take(&mut self.rng, (60, 300), 12, no_marks)?;
            for attempt in 0..8 {
                self.planted.reword_attempts += 1;
                let strength = (0.4 + 0.1 * attempt as f64).min(1.0);
                let r = reword(&text, strength, &mut self.rng);
                if !shares_run(&r, VERBATIM_K, &self.verbatim) {
                    return Some(Block {
                        what: What::Reworded,
                        form: None,
                        pieces: vec![(Kind::Reworded, r)],
                        source: Some((self.sources(a, &text), self.indexed.arts[a].paras[i])),
                    });
                }
            }
            self.planted.reword_rejected += 1;
        }
        None
    }

    /// One draft planted to copy about `share` of its matchable chars.
    fn draft(&mut self, share: f64) -> Vec<Block> {
        let target = self.rng.gen_range(DRAFT_CHARS.0..=DRAFT_CHARS.1);
        let mut blocks = Vec::new();
        if share > 0.0 {
            for _ in 0..self.rng.gen_range(0..=2) {
                blocks.extend(self.attributed());
            }
            if self.rng.gen_bool(0.5) {
                blocks.extend(self.unattributed());
            }
        }
        for _ in 0..self.rng.gen_range(0..=2) {
            blocks.extend(self.reworded());
        }
        // The draft's chars: the title line (7 with its blank line), the
        // paragraphs, a blank line between two and the final line break.
        let len = |b: &[Block]| 6 + b.iter().map(|b| b.chars() + 2).sum::<usize>();
        let copied = |b: &[Block]| b.iter().map(|b| b.count(|k| k.flags() & COPIED != 0)).sum();
        let all = |b: &[Block]| b.iter().map(|b| b.count(|_| true)).sum::<usize>();
        // Drop planted blocks beyond the length (short drafts).
        while len(&blocks) > DRAFT_CHARS.1 - 300 {
            blocks.pop();
        }
        let mut stuck = 0;
        while len(&blocks) < target && stuck < 50 {
            let room = (DRAFT_CHARS.1 - len(&blocks)).min(300);
            let (c, m): (usize, usize) = (copied(&blocks), all(&blocks));
            let block = if share > 0.0 && (c as f64) < share * (m + 100) as f64 {
                if room >= 130 && self.rng.gen_bool(0.3) {
                    self.copied_sentence()
                } else {
                    self.copied_para(room)
                }
            } else {
                self.fresh_para(room)
            };
            match block {
                Some(b) if len(&blocks) + b.chars() + 2 <= DRAFT_CHARS.1 => blocks.push(b),
                _ => stuck += 1,
            }
        }
        blocks.shuffle(&mut self.rng);
        // A long paragraph first: a short line after the title could read
        // as a source/date header.
        if let Some(k) = blocks.iter().position(|b| b.chars() > 120) {
            blocks.swap(0, k);
        }
        blocks
    }
}

/// The draft's text (title line, paragraphs between blank lines) and its
/// truth.
fn write_draft(name: &str, title: &str, blocks: &[Block]) -> (String, Truth) {
    let mut text = format!("{title}\n\n");
    let mut flags = vec![0u8; text.chars().count()];
    let mut reworded = Vec::new();
    let mut quotes = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
            flags.extend([0, 0]);
        }
        let start = flags.len() as u32;
        for (kind, t) in &b.pieces {
            if let (Kind::Quoted | Kind::Unquoted, Some(form)) = (kind, b.form) {
                let at = flags.len() as u32;
                quotes.push((at, at + t.chars().count() as u32, form.to_string()));
            }
            text.push_str(t);
            flags.extend(
                t.chars()
                    .map(|c| kind.flags() | if is_matchable(c) { MATCH } else { 0 }),
            );
        }
        if let Some((ids, para)) = &b.source {
            reworded.push(score::Rewording {
                start,
                end: flags.len() as u32,
                sources: ids.clone(),
                source_para: *para,
            });
        }
    }
    text.push('\n');
    flags.push(0);
    (
        text,
        Truth {
            name: name.to_string(),
            flags,
            reworded,
            quotes,
        },
    )
}

// ---------------------------------------------------------------------
// Rewording.

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}')
}

const DIGITS_ZH: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A number below 10,000 read in Chinese (35 → 三十五, 1200 → 一千二百).
fn number_zh(mut n: u32) -> String {
    if n == 0 {
        return "零".into();
    }
    let units = ["千", "百", "十", ""];
    let mut out = String::new();
    let mut zero = false;
    for (k, unit) in units.iter().enumerate() {
        let p = 10u32.pow(3 - k as u32);
        let d = n / p;
        n %= p;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(d == 1 && *unit == "十" && out.is_empty()) {
            out.push(DIGITS_ZH[d as usize]);
        }
        out.push_str(unit);
    }
    out
}

/// A Chinese number of one to three chars (三, 十二, 四十五) as a value.
fn number_of_zh(s: &[char]) -> Option<u32> {
    let digit = |c: char| match c {
        '两' => Some(2),
        _ => DIGITS_ZH[1..]
            .iter()
            .position(|&d| d == c)
            .map(|p| p as u32 + 1),
    };
    match s {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

const CLASSIFIERS: &str = "个年月日家名人次位项天岁倍条只件";

/// Numbers between digits and Chinese: a year's digits one by one (2018年
/// → 二〇一八年), other whole numbers below 10,000 read out; a small
/// Chinese number before a classifier as digits (三个 → 3个).
fn renumber(chars: &[char], p: f64, rng: &mut Xoshiro256PlusPlus) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let j = i + chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let run: String = chars[i..j].iter().collect();
            let decimal = (i > 0 && matches!(chars[i - 1], '.' | ',' | '-' | ':'))
                || chars
                    .get(j)
                    .is_some_and(|&c| matches!(c, '.' | ',' | '-' | ':'))
                || (i > 0 && chars[i - 1].is_ascii_alphabetic());
            if !decimal && rng.gen_bool(p) {
                if run.len() == 4 && chars.get(j) == Some(&'年') {
                    out.extend(run.chars().map(|d| DIGITS_ZH[d as usize - '0' as usize]));
                    i = j;
                    continue;
                }
                if run.len() <= 4 && !run.starts_with('0') {
                    out.extend(number_zh(run.parse().unwrap()).chars());
                    i = j;
                    continue;
                }
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        let zh = |c: char| "一二两三四五六七八九十".contains(c);
        if zh(c) && (i == 0 || !zh(chars[i - 1])) {
            let j = i + chars[i..].iter().take_while(|&&c| zh(c)).count();
            if j - i <= 3
                && chars.get(j).is_some_and(|&c| CLASSIFIERS.contains(c))
                && (i == 0 || !is_cjk(chars[i - 1]) || "了有和是近约共第".contains(chars[i - 1]))
                && let Some(n) = number_of_zh(&chars[i..j])
                && rng.gen_bool(p)
            {
                out.extend(n.to_string().chars());
                i = j;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Synonyms, left to right, each replaced with probability `p`.
fn synonyms(chars: &[char], p: f64, rng: &mut Xoshiro256PlusPlus) -> Vec<char> {
    let table: Vec<(Vec<char>, &str)> = {
        let mut t: Vec<(Vec<char>, &str)> = SYNONYMS
            .iter()
            .map(|(a, b)| (a.chars().collect(), *b))
            .collect();
        t.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
        t
    };
    let mut out = Vec::with_capacity(chars.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        if let Some((from, to)) = table.iter().find(|(a, _)| chars[i..].starts_with(a))
            && rng.gen_bool(p)
        {
            out.extend(to.chars());
            i += from.len();
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Drops 了 and 的, inserts 也 and 已经, each with probability `p`.
fn function_words(chars: &[char], p: f64, rng: &mut Xoshiro256PlusPlus) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(chars.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = out.last().copied().unwrap_or(' ');
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let next2: String = chars[i..chars.len().min(i + 2)].iter().collect();
        let between = is_cjk(prev) && is_cjk(next);
        if c == '了' && between && !"为除罢好得".contains(prev) && next != '解' && rng.gen_bool(p)
        {
            continue;
        }
        if c == '的'
            && between
            && !"目有真别".contains(prev)
            && !"确话士".contains(next)
            && rng.gen_bool(p * 0.6)
        {
            continue;
        }
        if (c == '是' || c == '将' || c == '会')
            && is_cjk(prev)
            && !"也还就都不又才即但只总于可而若".contains(prev)
            && rng.gen_bool(p * 0.4)
        {
            out.push('也');
        }
        if ["完成", "成为", "达到", "超过", "进入", "开始"].contains(&next2.as_str())
            && !"已经曾将要正在".contains(prev)
            && rng.gen_bool(p * 0.6)
        {
            out.extend(['已', '经']);
        }
        out.push(c);
    }
    out
}

/// Within each sentence, two adjacent clauses (split at ，；) swap places,
/// with probability `p`.
fn swap_clauses(chars: &[char], p: f64, rng: &mut Xoshiro256PlusPlus) -> Vec<char> {
    let ends = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?' | '…');
    let mut out = Vec::with_capacity(chars.len());
    let mut start = 0;
    while start < chars.len() {
        let mut end = start;
        while end < chars.len() && !ends(chars[end]) {
            end += 1;
        }
        let mut stop = end;
        while stop < chars.len() && ends(chars[stop]) {
            stop += 1;
        }
        // Clauses of chars[start..end], each without its separator.
        let mut clauses: Vec<&[char]> = chars[start..end]
            .split(|&c| matches!(c, '，' | '；' | ',' | ';'))
            .filter(|c| !c.is_empty())
            .collect();
        if clauses.len() >= 2 && rng.gen_bool(p) {
            let k = rng.gen_range(0..clauses.len() - 1);
            clauses.swap(k, k + 1);
            for (n, cl) in clauses.iter().enumerate() {
                if n > 0 {
                    out.push('，');
                }
                out.extend_from_slice(cl);
            }
        } else {
            out.extend_from_slice(&chars[start..end]);
        }
        out.extend_from_slice(&chars[end..stop]);
        start = stop;
    }
    out
}

/// A paragraph said in changed words; `strength` in (0, 1] raises every
/// edit's odds.
fn reword(text: &str, strength: f64, rng: &mut Xoshiro256PlusPlus) -> String {
    let chars: Vec<char> = text.chars().collect();
    let chars = renumber(&chars, 0.5 + 0.5 * strength, rng);
    let chars = synonyms(&chars, 0.5 + 0.5 * strength, rng);
    let chars = function_words(&chars, strength, rng);
    let chars = swap_clauses(&chars, 0.5 + 0.5 * strength, rng);
    chars.into_iter().collect()
}

// ---------------------------------------------------------------------
// Corpus.

struct Record {
    id: String,
    title: String,
    text: String,
}

fn load(path: &Path) -> Vec<Record> {
    let file = std::fs::File::open(path).expect("open the Sina corpus");
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    reader
        .lines()
        .map(|l| l.expect("read the Sina corpus"))
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(&l).expect("a JSON line");
            Record {
                id: v["id"].as_str().unwrap_or_default().to_string(),
                title: v["title"].as_str().unwrap_or_default().to_string(),
                text: v["text"].as_str().unwrap_or_default().to_string(),
            }
        })
        .collect()
}

fn write_jsonl(path: &Path, recs: &[&Record]) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create JSONL"));
    for r in recs {
        let line = json!({"id": r.id, "title": r.title, "text": r.text});
        writeln!(out, "{line}").expect("write JSONL");
    }
    out.flush().expect("write JSONL");
}

/// The body sentences of each document of a JSONL file, as the tool reads
/// and cleans it.
fn articles(path: &Path) -> Vec<Article> {
    let corpus = read_corpus(&[path.to_path_buf()], &Checked::default());
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    corpus
        .documents
        .iter()
        .map(|doc: &Document| {
            let cleaned = clean(doc);
            let ix = CharIndex::new(&doc.text);
            let paras = paragraphs(doc, &cleaned);
            let (sents, paras): (Vec<String>, Vec<usize>) = sentences(doc, &cleaned)
                .into_iter()
                .map(|s| {
                    let p = paras.iter().find(|p| p.start <= s.start && s.end <= p.end);
                    let p = p.map_or(0, |&p| {
                        matchable_count(&visible(&doc.text, &ix, &cleaned.body, p))
                    });
                    (visible(&doc.text, &ix, &cleaned.body, s), p)
                })
                .filter(|(s, _)| !s.contains('\n'))
                .unzip();
            let sizes = sents.iter().map(|s| matchable_count(s)).collect();
            Article {
                id: doc.id.clone(),
                paras,
                sents,
                sizes,
            }
        })
        .collect()
}

fn binary() -> Option<PathBuf> {
    let path = match std::env::var_os("CHACHONG") {
        Some(p) => PathBuf::from(p),
        None => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
            target.join("release/chachong")
        }
    };
    if path.exists() {
        Some(path)
    } else {
        println!(
            "FAILED: {} is absent; build it first: cargo build --release (or set CHACHONG)",
            path.display()
        );
        None
    }
}

// ---------------------------------------------------------------------
// Printing.

fn pct(x: f64) -> String {
    if x.is_nan() {
        "   n/a".into()
    } else {
        format!("{:6.3}", x)
    }
}

fn print_scores(s: &Scores, truth: &[Truth]) {
    if !s.missing.is_empty() {
        println!(
            "drafts missing from the JSON: {} (first: {})",
            s.missing.len(),
            s.missing[0]
        );
    }
    let mut absent: Vec<_> = s.absent.iter().collect();
    absent.sort();
    for (field, n) in absent {
        println!("field absent: {field} in {n} drafts");
    }
    println!("\n== copy_ratio (truth: copied / matchable body chars)");
    println!(
        "{:<8} {:>6} {:>8} {:>8}  worst",
        "planted", "drafts", "MAE", "max"
    );
    let mut rows: Vec<(&str, &score::Errors)> =
        BUCKETS.iter().copied().zip(&s.ratio_by_bucket).collect();
    rows.push(("all", &s.ratio));
    for (name, e) in rows {
        println!(
            "{:<8} {:>6} {:>8.4} {:>8.4}  {}",
            name, e.n, e.mae, e.max, e.worst
        );
    }
    for (name, e) in [
        (
            "copy_ratio on drafts with no reworded paragraph",
            &s.ratio_no_reworded,
        ),
        (
            "copy_ratio against reworded paragraphs counted as copied",
            &s.ratio_with_reworded,
        ),
        (
            "reworded_ratio against reworded / matchable chars",
            &s.reworded_ratio,
        ),
    ] {
        println!(
            "{name}: drafts {}, MAE {:.4}, max {:.4} ({})",
            e.n, e.mae, e.max, e.worst
        );
    }
    let e = &s.ratio_excluding_quotes;
    println!(
        "copy_ratio_excluding_quotes: drafts {}, MAE {:.4}, max {:.4} ({})",
        e.n, e.mae, e.max, e.worst
    );
    println!(
        "chars vs truth: mean relative difference {:.4}, largest {:.4}; copied_chars/chars != copy_ratio in {} drafts",
        s.chars_rel_mean, s.chars_rel_max, s.ratio_inconsistent
    );
    let w = &s.passages;
    let copied = (w.copied_found + w.copied_missed).max(1);
    let body: usize = truth.iter().map(Truth::chars).sum();
    let rew: usize = truth
        .iter()
        .map(|t| {
            t.flags
                .iter()
                .filter(|&&f| f & (MATCH | REWORDED) == MATCH | REWORDED)
                .count()
        })
        .sum();
    println!(
        "passages' draft spans (matchable chars): planted copies covered {} of {} ({:.3}); over fresh text {} of {}; over reworded paragraphs {} of {}",
        w.copied_found,
        copied,
        w.copied_found as f64 / copied as f64,
        w.over_fresh,
        body - copied - rew,
        w.over_reworded,
        rew
    );
    println!("\n== quotations (over copied matchable chars)");
    let q = &s.quotes;
    println!(
        "precision {} ({} of {} inside a reported quote were planted attributed)",
        pct(q.precision()),
        q.hits_p,
        q.reported
    );
    println!(
        "recall    {} ({} of {} attributed-quote chars inside a reported quote)",
        pct(q.recall()),
        q.hits_r,
        q.planted
    );
    println!("by form: copied chars inside a reported quote");
    for (form, (n, inside)) in &s.quote_forms {
        println!(
            "  {:>6} of {:>6} ({})  {form}",
            inside,
            n,
            pct(*inside as f64 / (*n).max(1) as f64)
        );
    }
    println!("\n== reworded paragraphs");
    for (what, (n, found)) in &s.reworded_by {
        println!("  found {found:>4} of {n:>4}  {what}");
    }
    let r = &s.reworded;
    println!(
        "precision {} ({} of {} reports correct)",
        pct(r.precision()),
        r.hits_p,
        r.reported
    );
    println!(
        "recall    {} ({} of {} planted found; {} more met by a report naming another source)",
        pct(r.recall()),
        r.hits_r,
        r.planted,
        s.reworded_missed_other_source
    );
    for (name, xs) in [
        ("correct", &s.reworded_true_scores),
        ("false", &s.reworded_false_scores),
    ] {
        match score::quantiles(xs) {
            Some(q) => println!(
                "scores of {name} reports ({}): min {:.3} p10 {:.3} p25 {:.3} median {:.3} p75 {:.3} p90 {:.3} max {:.3}",
                xs.len(),
                q[0],
                q[1],
                q[2],
                q[3],
                q[4],
                q[5],
                q[6]
            ),
            None => println!("scores of {name} reports: none"),
        }
    }
    histogram(&s.reworded_true_scores, &s.reworded_false_scores);
}

/// Counts of correct and false reports by score, in tenths.
fn histogram(good: &[f64], bad: &[f64]) {
    if good.is_empty() && bad.is_empty() {
        return;
    }
    let bin = |x: f64| ((x * 10.0).floor() as usize).min(9);
    let (mut g, mut b) = ([0usize; 10], [0usize; 10]);
    good.iter()
        .filter(|x| !x.is_nan())
        .for_each(|&x| g[bin(x)] += 1);
    bad.iter()
        .filter(|x| !x.is_nan())
        .for_each(|&x| b[bin(x)] += 1);
    let mut line = String::from("score   ");
    for k in 0..10 {
        let _ = write!(line, " {:>5}", format!(".{k}"));
    }
    println!("{line}");
    for (name, h) in [("correct", g), ("false", b)] {
        let mut line = format!("{name:<8}");
        for n in h {
            let _ = write!(line, " {n:>5}");
        }
        println!("{line}");
    }
}

fn main() {
    score::self_test();
    // `cargo bench` passes --bench; `cargo test --bench check_planted`
    // does not, and runs the scoring's self-test only.
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--self-test") || !args.iter().any(|a| a == "--bench") {
        println!("scoring self-test passed");
        return;
    }
    let Some(sina) = common::sina() else {
        return;
    };
    let Some(bin) = binary() else {
        std::process::exit(1);
    };
    let keep = std::env::var_os("CHACHONG_PLANTED_KEEP").map(PathBuf::from);
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("create the work folder");
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);

    // Split, index.
    let t0 = Instant::now();
    let recs = load(&sina);
    let mut long: Vec<&Record> = recs
        .iter()
        .filter(|r| r.text.chars().count() >= MIN_ARTICLE)
        .collect();
    long.shuffle(&mut rng);
    assert!(long.len() > 2 * INDEXED, "too few articles: {}", long.len());
    let (indexed, fresh) = long.split_at(INDEXED);
    let indexed_path = dir.join("indexed.jsonl");
    let fresh_path = dir.join("fresh.jsonl");
    write_jsonl(&indexed_path, indexed);
    write_jsonl(&fresh_path, fresh);
    let index_path = dir.join("indexed.idx");
    let t_index = Instant::now();
    let status = Command::new(&bin)
        .args(["index", "--quiet"])
        .arg(&indexed_path)
        .arg("-o")
        .arg(&index_path)
        .status()
        .expect("run chachong index");
    assert!(status.success(), "chachong index failed: {status}");
    let index_secs = t_index.elapsed().as_secs_f64();

    let indexed_arts = articles(&indexed_path);
    assert_eq!(indexed_arts.len(), INDEXED);
    assert!(
        indexed_arts.iter().zip(indexed).all(|(a, r)| a.id == r.id),
        "INDEXED read back in another order"
    );
    let mut verbatim = FxHashSet::default();
    let mut stock = FxHashSet::default();
    let mut grams = Vec::new();
    for r in indexed {
        let f = folded(&r.text);
        verbatim.extend(gram_hashes(&f, VERBATIM_K));
        let g: FxHashSet<u64> = gram_hashes(&f, FRESH_K).collect();
        stock.extend(&g);
        grams.push(g);
    }
    let mut fresh_arts = articles(&fresh_path);
    let fresh_read = fresh_arts.len();
    let ids: HashSet<&str> = fresh
        .iter()
        .filter(|r| !shares_run(&r.text, VERBATIM_K, &verbatim))
        .map(|r| r.id.as_str())
        .collect();
    fresh_arts.retain(|a| ids.contains(a.id.as_str()));
    let fresh_kept = fresh_arts.len();
    let mut fresh = Pool::new(fresh_arts);
    let mut stock_sents = 0;
    for (a, art) in fresh.arts.iter().enumerate() {
        for (k, s) in art.sents.iter().enumerate() {
            if shares_run(s, FRESH_K, &stock) {
                fresh.used[a][k] = true;
                stock_sents += 1;
            }
        }
    }
    let fresh_sents: usize = fresh.arts.iter().map(|a| a.sents.len()).sum();
    println!(
        "corpus: {} articles, {} of >= {MIN_ARTICLE} chars; INDEXED {INDEXED} (index built in {index_secs:.1} s); FRESH {} of {fresh_read} kept (no {VERBATIM_K}-char run shared), {stock_sents} of {fresh_sents} sentences left out (a {FRESH_K}-char run shared)",
        recs.len(),
        long.len(),
        fresh_kept,
    );

    // Plant.
    let mut planter = Planter {
        rng,
        indexed: Pool::new(indexed_arts),
        fresh,
        verbatim,
        grams,
        planted: Planted::default(),
    };
    let drafts_dir = dir.join("drafts");
    std::fs::create_dir_all(&drafts_dir).expect("create the drafts folder");
    let mut truth = Vec::new();
    let mut lengths = Vec::new();
    let mut made = [0usize; WHATS.len()];
    for d in 0..DRAFTS {
        let share = match d % 5 {
            0 => 0.0,
            1 => planter.rng.gen_range(0.02..0.3),
            2 => planter.rng.gen_range(0.3..0.6),
            3 => planter.rng.gen_range(0.6..0.9),
            _ => planter.rng.gen_range(0.0..0.9),
        };
        let blocks = planter.draft(share);
        for b in &blocks {
            made[WHATS.iter().position(|(w, _)| *w == b.what).unwrap()] += 1;
        }
        let name = format!("draft{d:03}.txt");
        let (text, t) = write_draft(&name, &format!("稿件{d:03}"), &blocks);
        lengths.push(text.chars().count());
        std::fs::write(drafts_dir.join(&name), &text).expect("write a draft");
        truth.push(t);
    }
    let p = &planter.planted;
    let mut per_bucket = [0usize; 4];
    truth
        .iter()
        .for_each(|t| per_bucket[score::bucket(t.ratio())] += 1);
    println!(
        "planted {DRAFTS} drafts in {:.1} s: chars {}..{} (mean {:.0}); by share {}; paragraphs: {} ({} rewordings tried, {} paragraphs given up)",
        t0.elapsed().as_secs_f64(),
        lengths.iter().min().unwrap(),
        lengths.iter().max().unwrap(),
        lengths.iter().sum::<usize>() as f64 / DRAFTS as f64,
        BUCKETS
            .iter()
            .zip(per_bucket)
            .map(|(b, n)| format!("{b}: {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        WHATS
            .iter()
            .zip(made)
            .map(|((_, w), n)| format!("{w} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        p.reword_attempts,
        p.reword_rejected,
    );
    assert!(
        lengths
            .iter()
            .all(|&l| (DRAFT_CHARS.0..=DRAFT_CHARS.1).contains(&l)),
        "a draft out of length"
    );
    assert!(
        made[3] >= DRAFTS / 2 && made[5] >= DRAFTS / 2,
        "too little planted: {made:?}"
    );

    // Check.
    let extra: Vec<String> = std::env::var("CHACHONG_CHECK_ARGS")
        .map(|s| s.split_whitespace().map(String::from).collect())
        .unwrap_or_default();
    let t_check = Instant::now();
    let out = Command::new(&bin)
        .arg("check")
        .arg(&drafts_dir)
        .arg("--against")
        .arg(&index_path)
        .args(["--format", "json"])
        .args(&extra)
        .output()
        .expect("run chachong check");
    let check_secs = t_check.elapsed().as_secs_f64();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "chachong check failed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    if keep.is_some() {
        std::fs::write(dir.join("check.json"), &out.stdout).expect("keep the JSON");
        let lines: Vec<String> = truth
            .iter()
            .map(|t| {
                let rew: Vec<Value> = t
                    .reworded
                    .iter()
                    .map(|r| {
                        json!({"start": r.start, "end": r.end, "sources": r.sources,
                                    "source_paragraph_chars": r.source_para})
                    })
                    .collect();
                json!({"draft": t.name, "chars": t.chars(), "copied": t.copied(),
                       "quoted": t.quoted(), "copy_ratio": t.ratio(),
                       "copy_ratio_excluding_quotes": t.ratio_excluding_quotes(),
                       "reworded": rew})
                .to_string()
            })
            .collect();
        std::fs::write(dir.join("truth.jsonl"), lines.join("\n") + "\n").expect("keep the truth");
    }
    let json: Value = serde_json::from_slice(&out.stdout).expect("check's JSON");
    println!(
        "check: {DRAFTS} drafts in one process {check_secs:.2} s wall, {:.1} ms per draft (exit {:?}; args {:?})",
        check_secs * 1000.0 / DRAFTS as f64,
        code,
        extra
    );

    let s = score::score(&truth, &json);
    print_scores(&s, &truth);

    let mut missed = Vec::new();
    let mut target = |field: &str, name: &str, value: f64, ok: bool, want: &str| {
        if s.absent.contains_key(field) || !s.missing.is_empty() {
            missed.push(format!(
                "{name}: `{field}` absent from the JSON of some drafts"
            ));
        } else if !ok {
            missed.push(format!("{name} {value:.4}, target {want}"));
        }
    };
    let mae = s.ratio.mae;
    target("copy_ratio", "copy_ratio MAE", mae, mae <= 0.02, "<= 0.02");
    let (qp, qr) = (s.quotes.precision(), s.quotes.recall());
    target("quotes", "quote precision", qp, qp >= 0.9, ">= 0.9");
    target("quotes", "quote recall", qr, qr >= 0.9, ">= 0.9");
    let (rp, rr) = (s.reworded.precision(), s.reworded.recall());
    target("reworded", "reworded precision", rp, rp >= 0.8, ">= 0.8");
    target("reworded", "reworded recall", rr, rr >= 0.7, ">= 0.7");
    if missed.is_empty() {
        println!("\nall targets met");
    } else {
        for m in &missed {
            println!("TARGET MISSED: {m}");
        }
        std::process::exit(1);
    }
}
