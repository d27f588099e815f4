//! The measures the boilerplate rule reads: a document's site, whether a
//! text reports an event, and where a passage sits in a document's body.

use crate::analyze::Analyzed;
use crate::corpus::Document;
use crate::dups::passages::Copy;
use crate::span::Span;

/// The site a document comes from: its `site` metadata, else `source`,
/// else `folder`; else, for a JSONL record, the file it was read from; for
/// a file in a folder input, that folder (the first part of its id); for a
/// file named alone, its own path.
pub fn site_of(doc: &Document) -> String {
    for field in ["site", "source", "folder"] {
        if let Some(v) = doc.meta.values(field).into_iter().next() {
            return v;
        }
    }
    if doc.line.is_some() {
        return doc.path.display().to_string();
    }
    match doc.id.split_once('/') {
        Some((folder, _)) => folder.to_string(),
        None => doc.id.clone(),
    }
}

/// Words that date a text relative to its day of publication.
const RELATIVE_DATES: &[&str] = &[
    "近日",
    "日前",
    "昨日",
    "昨天",
    "前天",
    "北京时间",
    "当地时间",
    "日电",
];

/// The text a passage's first copy starts with, with the `CONTEXT` chars
/// before it: a date cut off by the copy's start (`2014年6月7|日，由...`)
/// still dates it.
pub(super) fn with_context(a: &Analyzed, first: &Copy, text: &str) -> String {
    const CONTEXT: u32 = 12;
    let start = first.start.saturating_sub(CONTEXT);
    let before: String = a
        .doc
        .text
        .chars()
        .skip(start as usize)
        .take((first.start - start) as usize)
        .collect();
    before + text
}

/// Whether `text` reads as the report of an event: it holds a date
/// (`11月7日`, `2018年10月`, `30日下午`), a relative date (`近日`,
/// `昨天`, `北京时间`) or opens with a dateline (`新浪娱乐讯`, `本报讯`).
pub fn is_event_report(text: &str) -> bool {
    RELATIVE_DATES.iter().any(|w| text.contains(w)) || has_date(text) || has_dateline(text)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A number followed by 月 and a number and 日, by 年 and a number and 月,
/// or by 日 and a time of day.
fn has_date(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let number_at = |i: usize| chars[i..].iter().take_while(|c| is_digit(**c)).count();
    let mut i = 0;
    while i < chars.len() {
        let n = number_at(i);
        if n == 0 {
            i += 1;
            continue;
        }
        let after = i + n;
        let unit = chars.get(after).copied();
        let dated = match unit {
            Some('月') => {
                let m = number_at(after + 1);
                m > 0 && chars.get(after + 1 + m) == Some(&'日')
            }
            Some('年') if n == 4 => {
                let m = number_at(after + 1);
                m > 0 && chars.get(after + 1 + m) == Some(&'月')
            }
            Some('日') => {
                let rest: String = chars[after + 1..].iter().take(2).collect();
                ["上午", "下午", "晚", "凌晨", "早", "中午", "电"]
                    .iter()
                    .any(|t| rest.starts_with(t))
            }
            _ => false,
        };
        if dated {
            return true;
        }
        i = after;
    }
    false
}

/// Up to six ideographs and `讯` at the very start (`新浪娱乐讯`, `本报讯`),
/// but not `资讯`, `通讯`.
fn has_dateline(text: &str) -> bool {
    let head: Vec<char> = text.trim_start().chars().take(8).collect();
    let Some(at) = head.iter().position(|&c| c == '讯') else {
        return false;
    };
    at >= 2 && head[..at].iter().all(|c| is_ideograph(*c)) && !matches!(head[at - 1], '资' | '通')
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Where a passage's copies sit in one document.
pub(super) struct Place {
    /// The share of the body its longest copy covers (a group's copies in
    /// one document can be neighbouring passages of a shared template, so
    /// their sum would overstate one passage's share).
    pub share: f64,
    /// Less than a tenth of the body stands before the first copy or after
    /// the last.
    pub at_edge: bool,
}

/// Where `copies` (all of one document, sorted) sit in `a`'s body.
pub(super) fn place(a: &Analyzed, copies: &[Copy]) -> Place {
    let body = &a.cleaned.body;
    let total = a.cleaned.body_chars().max(1);
    let covered: u32 = copies
        .iter()
        .map(|c| Span::new(c.start, c.end).covered_by(body))
        .max()
        .unwrap_or(0);
    let first = copies[0].start;
    let last = copies.iter().map(|c| c.end).max().unwrap_or(first);
    let before = Span::new(0, first).covered_by(body);
    let after = Span::new(last, u32::MAX).covered_by(body);
    Place {
        share: (covered as f64 / total as f64).min(1.0),
        at_edge: before * 10 <= total || after * 10 <= total,
    }
}
