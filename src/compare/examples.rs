//! Example sentences for distinctive terms, keyword in context.
//!
//! Takes one analysed document and the terms chosen from it and gives, for
//! each term, its first occurrence there as an [`Example`]: the span of the
//! original characters the term's token was read from
//! ([`NormText::orig_span`](crate::normalize::NormText::orig_span): exact,
//! so traditional characters in the text stay traditional), and the body
//! sentence around it ([`clean::sentences`]) as shown
//! ([`clean::visible`]), cut to [`CONTEXT_CHARS`] characters either side
//! of the term with `…` where cut. Which documents a term's examples come
//! from is chosen by the caller (`Context::examples`).

use super::result::{CONTEXT_CHARS, Example};
use crate::analyze::Analyzed;
use crate::clean;
use crate::span::{CharIndex, Span};

/// The first occurrence of each of `terms` (distinct words of the view) in
/// `a`, in the order of `terms`; `None` for a term it does not use.
pub(super) fn first_occurrences(a: &Analyzed, terms: &[&str]) -> Vec<Option<Example>> {
    let mut spans: Vec<Option<Span>> = vec![None; terms.len()];
    let mut left = terms.len();
    for t in &a.tokens {
        if left == 0 {
            break;
        }
        let w = t.word(&a.norm);
        for (j, term) in terms.iter().enumerate() {
            if spans[j].is_none() && *term == w && t.start < t.end {
                spans[j] = Some(a.norm.orig_span(t.start as usize, t.end as usize));
                left -= 1;
            }
        }
    }
    if left == terms.len() {
        return spans.into_iter().map(|_| None).collect();
    }
    let text = &a.doc.text;
    let ix = CharIndex::new(text);
    let sentences = clean::sentences(&a.doc, &a.cleaned);
    spans
        .into_iter()
        .map(|span| {
            span.map(|span| Example {
                doc: a.doc.id.clone(),
                start: span.start,
                end: span.end,
                text: in_context(text, &ix, &a.cleaned.body, &sentences, span),
            })
        })
        .collect()
}

/// Original characters read either side of a term for its context: enough
/// for [`CONTEXT_CHARS`] shown ones unless inline markup fills them, and a
/// bound on the work in a very long sentence.
const CONTEXT_READ: u32 = 8 * CONTEXT_CHARS as u32;

/// The sentence of `sentences` (sorted, disjoint) around `span`, as shown,
/// with at most [`CONTEXT_CHARS`] characters either side of the term and
/// `…` where it is cut. A span outside every sentence is shown alone.
fn in_context(text: &str, ix: &CharIndex, body: &[Span], sentences: &[Span], span: Span) -> String {
    let k = sentences.partition_point(|s| s.end <= span.start);
    let sentence = sentences
        .get(k)
        .filter(|s| s.start <= span.start && span.end <= s.end)
        .copied()
        .unwrap_or(span);
    let from = sentence.start.max(span.start.saturating_sub(CONTEXT_READ));
    let to = sentence.end.min(span.end.saturating_add(CONTEXT_READ));
    let before = clean::visible(text, ix, body, Span::new(from, span.start));
    let term = clean::visible(text, ix, body, span);
    let after = clean::visible(text, ix, body, Span::new(span.end, to));
    let mut out = String::with_capacity(8 * CONTEXT_CHARS + term.len() + 8);
    let n_before = before.chars().count();
    if n_before > CONTEXT_CHARS || from > sentence.start {
        out.push('…');
        out.extend(before.chars().skip(n_before.saturating_sub(CONTEXT_CHARS)));
    } else {
        out.push_str(&before);
    }
    out.push_str(&term);
    let mut rest = after.chars();
    out.extend(rest.by_ref().take(CONTEXT_CHARS));
    if rest.next().is_some() || to < sentence.end {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::CompareParams;
    use crate::compare::run::tests::{corpus, dup_of, tech};
    use crate::params::ParamGuard;

    fn chars(text: &str, start: u32, end: u32) -> String {
        text.chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect()
    }

    #[test]
    fn the_span_points_at_the_term_and_the_text_is_its_sentence() {
        let a = corpus(&[(
            "A",
            "",
            "今天下雨。青岛推动工业互联网平台建设，芯片很重要。芯片再次出现。".to_string(),
        )]);
        let d = &a.docs[0];
        let found = first_occurrences(d, &["芯片", "没有"]);
        let ex = found[0].as_ref().expect("芯片 occurs");
        assert_eq!(chars(&d.doc.text, ex.start, ex.end), "芯片");
        // The first occurrence, in its own sentence.
        assert_eq!(ex.start, 19);
        assert_eq!(ex.text, "青岛推动工业互联网平台建设，芯片很重要。");
        assert!(found[1].is_none());
    }

    #[test]
    fn traditional_text_keeps_its_characters() {
        let a = corpus(&[("A", "", "他們說，網絡平臺的發展很快。".to_string())]);
        let d = &a.docs[0];
        let words: Vec<&str> = d.term_words().collect();
        assert!(words.contains(&"发展"), "{words:?}");
        let found = first_occurrences(d, &["发展"]);
        let ex = found[0].as_ref().expect("发展 occurs");
        assert_eq!(chars(&d.doc.text, ex.start, ex.end), "發展");
        assert_eq!(ex.text, "他們說，網絡平臺的發展很快。");
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_term() {
        let filler = "的".repeat(1000);
        let text = format!("{filler}芯片{filler}");
        let a = corpus(&[("A", "", text.clone())]);
        let d = &a.docs[0];
        let ex = first_occurrences(d, &["芯片"])[0]
            .clone()
            .expect("芯片 occurs");
        assert_eq!(chars(&text, ex.start, ex.end), "芯片");
        let shown: Vec<char> = ex.text.chars().collect();
        assert_eq!(shown.len(), 2 * CONTEXT_CHARS + 2 + 2);
        assert_eq!((shown[0], shown[shown.len() - 1]), ('…', '…'));
        assert!(ex.text.contains("芯片"));
    }

    /// Group A's examples of 足球 as (document, text of its span), with
    /// `examples` asked for.
    fn football_examples(examples: usize) -> Vec<(String, String)> {
        let mut docs = vec![
            ("A", "", "说到足球，大家都喜欢。天气很好。".to_string()),
            (
                "A",
                "",
                "他喜欢足球。足球让他快乐。足球是运动。".to_string(),
            ),
            (
                "A",
                "",
                "他喜欢足球。足球让他快乐。足球是运动。".to_string(),
            ),
            ("A", "", "足球很好。我们看足球。".to_string()),
            ("A", "", "周末的足球，很精彩。".to_string()),
        ];
        for i in 0..5 {
            docs.push(("B", "", tech(i)));
        }
        let a = corpus(&docs);
        // d2 reprints d1: counted once, through d1.
        let mut dups = vec![None; docs.len()];
        dups[2] = Some(1);
        let params = CompareParams {
            examples,
            ..CompareParams::default()
        };
        let c = crate::compare::run(&a, None, &dup_of(&a, &dups), None, &params.check().unwrap())
            .unwrap();
        let group = c.groups.iter().find(|g| g.name == "A").expect("group A");
        let term = group
            .distinctive_terms
            .iter()
            .find(|t| t.term == "足球")
            .expect("足球 is distinctive");
        term.examples
            .iter()
            .map(|e| {
                let text = &a.docs.iter().find(|d| d.doc.id == e.doc).unwrap().doc.text;
                (e.doc.clone(), chars(text, e.start, e.end))
            })
            .collect()
    }

    #[test]
    fn examples_come_from_different_counted_documents_those_using_the_term_most_first() {
        let pick = |v: Vec<(String, String)>| {
            assert!(v.iter().all(|(_, t)| t == "足球"), "{v:?}");
            v.into_iter().map(|(d, _)| d).collect::<Vec<_>>()
        };
        // Three uses in d01, two in d03, one each in d00 and d04 (corpus
        // order breaks the tie); the reprint d02 never.
        assert_eq!(pick(football_examples(3)), ["d01", "d03", "d00"]);
        assert_eq!(pick(football_examples(10)), ["d01", "d03", "d00", "d04"]);
        assert!(football_examples(0).is_empty());
    }
}
