//! Boilerplate sentences, left out of the topic vocabulary.
//!
//! News sites repeat the same sentences under many articles: disclaimers
//! (新浪声明：此消息系转载自合作单位，新浪网登载此文出于传递更多信息之目的…),
//! source lines (来源：华图教育), calls to download an app, leftover ad
//! scripts. They say where a page was published, not what it is about, yet
//! their words are frequent enough to pull documents together and to name
//! topics. A sentence of the normalised view that occurs verbatim (letters,
//! digits and ideographs compared; spaces and punctuation not) in at least
//! `min_docs` documents is boilerplate: its tokens do not count towards the
//! topic term counts, the LSA input or the topic phrases.
//!
//! This is a feature choice of the topic model only: the documents' body
//! text, the duplicate search and every other stage see the text unchanged.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::analyze::Analyzed;
use crate::normalize::NormText;
use crate::segment::{Token, is_term};

/// Sentences shorter than this many letters, digits and ideographs are
/// never boilerplate (a repeated 好的。 or 谢谢。 is speech, not a template).
pub const MIN_SENTENCE_CHARS: usize = 4;

/// A half-open range of view chars.
pub type CharRange = (u32, u32);

/// The boilerplate found in a corpus.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    /// For each document, the view char ranges that are boilerplate, sorted.
    pub ranges: Vec<Vec<CharRange>>,
    /// Distinct sentences found to be boilerplate.
    pub sentences: usize,
    /// Documents holding at least one.
    pub documents: usize,
}

impl Boilerplate {
    /// Nothing is boilerplate.
    pub fn none(n_docs: usize) -> Boilerplate {
        Boilerplate {
            ranges: vec![Vec::new(); n_docs],
            ..Boilerplate::default()
        }
    }
}

/// Whether view char `pos` lies in one of the sorted `ranges`.
pub fn covered(ranges: &[CharRange], pos: u32) -> bool {
    let i = ranges.partition_point(|r| r.1 <= pos);
    i < ranges.len() && ranges[i].0 <= pos
}

/// The term tokens of a document's view outside the `skip` ranges, with
/// their words: what the topic vocabulary, the phrases and the edge counts
/// of the labels are made from.
pub fn body_terms<'a>(
    doc: &'a Analyzed,
    skip: &[CharRange],
) -> impl Iterator<Item = (&'a Token, &'a str)> {
    doc.tokens
        .iter()
        .filter(move |t| !covered(skip, t.start))
        .map(|t| (t, t.word(&doc.norm)))
        .filter(|(t, w)| is_term(w, t.kind))
}

/// The sentences of a view, as char ranges with a key: split after
/// 。！？；!?;… and at line breaks; the key hashes the sentence's letters,
/// digits and ideographs. Sentences with fewer than
/// [`MIN_SENTENCE_CHARS`] of those are left out.
pub fn sentences(text: &str) -> Vec<(CharRange, u64)> {
    let mut out = Vec::new();
    let mut start = 0u32;
    let mut key = String::new();
    let mut push = |start: u32, end: u32, key: &mut String| {
        if key.chars().count() >= MIN_SENTENCE_CHARS {
            let mut h = FxHasher::default();
            key.hash(&mut h);
            out.push(((start, end), h.finish()));
        }
        key.clear();
    };
    let mut pos = 0u32;
    for c in text.chars() {
        pos += 1;
        if c.is_alphanumeric() {
            key.push(c);
        }
        if c == '\n' || matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…') {
            push(start, pos, &mut key);
            start = pos;
        }
    }
    push(start, pos, &mut key);
    out
}

/// Finds the sentences that occur in at least `min_docs` of the documents
/// `counted` (indices into `views`), and marks them in every document.
/// `min_docs == 0` turns the filter off.
pub fn find(views: &[&NormText], counted: &[usize], min_docs: usize) -> Boilerplate {
    if min_docs == 0 {
        return Boilerplate::none(views.len());
    }
    let split: Vec<Vec<(CharRange, u64)>> = views.par_iter().map(|v| sentences(&v.text)).collect();
    let mut df: FxHashMap<u64, usize> = FxHashMap::default();
    for &i in counted {
        let distinct: FxHashSet<u64> = split[i].iter().map(|s| s.1).collect();
        for key in distinct {
            *df.entry(key).or_insert(0) += 1;
        }
    }
    let common: FxHashSet<u64> = df
        .into_iter()
        .filter(|&(_, d)| d >= min_docs)
        .map(|(key, _)| key)
        .collect();
    let ranges: Vec<Vec<CharRange>> = split
        .into_iter()
        .map(|s| {
            s.into_iter()
                .filter(|(_, key)| common.contains(key))
                .map(|(range, _)| range)
                .collect()
        })
        .collect();
    let documents = ranges.iter().filter(|r| !r.is_empty()).count();
    Boilerplate {
        ranges,
        sentences: common.len(),
        documents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_and_ignores_punctuation_in_keys() {
        let s = sentences("今天下雨了。 明天，晴天！\n好的。来源：新华社");
        let ranges: Vec<CharRange> = s.iter().map(|x| x.0).collect();
        // 好的。 is too short to count.
        assert_eq!(ranges, vec![(0, 6), (6, 13), (17, 23)]);
        let again = sentences("今天 下雨了！");
        assert_eq!(again[0].1, s[0].1);
    }

    #[test]
    fn drops_a_sentence_planted_in_many_documents_only() {
        let notice = "新浪声明：新浪网登载此文出于传递更多信息之目的。";
        let texts: Vec<String> = (0..12)
            .map(|i| {
                let body = if i % 2 == 0 {
                    "球队在比赛中取得胜利。"
                } else {
                    "考生可以在网上报名。"
                };
                if i < 8 {
                    format!("{body}{notice}")
                } else {
                    body.to_string()
                }
            })
            .collect();
        let views: Vec<NormText> = texts.iter().map(|t| NormText::from_plain(t)).collect();
        let refs: Vec<&NormText> = views.iter().collect();
        let all: Vec<usize> = (0..views.len()).collect();

        let b = find(&refs, &all, 8);
        assert_eq!(b.sentences, 1);
        assert_eq!(b.documents, 8);
        let start = texts[0].chars().count() as u32 - notice.chars().count() as u32;
        assert_eq!(b.ranges[0], vec![(start, texts[0].chars().count() as u32)]);
        assert!(b.ranges[8].is_empty());
        assert!(covered(&b.ranges[0], start) && !covered(&b.ranges[0], start - 1));

        // The bodies repeat in 6 documents each: below the threshold.
        assert_eq!(find(&refs, &all, 9).sentences, 0);
        assert_eq!(find(&refs, &all, 6).sentences, 3);
        // Only the counted documents vote.
        assert_eq!(find(&refs, &all[..7], 8).sentences, 0);
        assert!(find(&refs, &all, 0).ranges.iter().all(Vec::is_empty));
    }
}
