//! The last step: why a draft fails, if it does.
//!
//! Takes what the gate reads ([`Gate`]: findings, measures, per-source
//! shares, sections, containment, near duplicates, the `--self` sources)
//! and gives the reasons a draft fails, one line each; a draft with no
//! reason passes ([`Verdict`]). Quotations within measure (not
//! `excessive`) and `--self` sources never fail a draft: a passage mostly
//! inside such quotations or only from `--self` sources does not count,
//! and every ratio the gate reads leaves them out.

use crate::lang::Lang;

use super::{
    CheckParams, MaxContainment, Measures, NearDuplicate, Section, SharedPassage, SourceShare,
    Verdict,
};

/// What the verdict reads.
pub(super) struct Gate<'a> {
    pub shared: &'a [SharedPassage],
    /// Alignments below `copy_similarity` (rewordings): draft chars and
    /// source id, own sources and quotations already left out.
    pub loose: &'a [(u32, String)],
    pub measures: &'a Measures,
    pub shares: &'a [SourceShare],
    pub sections: &'a [Section],
    pub max_containment: Option<&'a MaxContainment>,
    pub near: &'a [NearDuplicate],
    /// Ids of the sources `--self` names.
    pub own: &'a [&'a str],
}

/// The reasons the draft fails:
/// - a copied passage of at least `fail_passage_chars` (the longest named);
/// - a passage aligned with a source below `copy_similarity` (a rewording
///   that keeps the source's order) of at least `fail_passage_chars`: a
///   copy edited until it no longer reads as one is still a finding;
/// - `copy_ratio_net` of at least `fail_total`;
/// - `reworded_ratio` of at least `fail_reworded`;
/// - one source's share, quotations apart, of at least `fail_single`;
/// - a section of at least `min_section_chars` whose `copy_ratio_net`
///   reaches `fail_section` (the highest named);
/// - containment of at least `fail_containment` in one source;
/// - each near duplicate or containment (with its direction).
pub(super) fn reasons(g: &Gate, params: &CheckParams) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let failing = || {
        g.shared
            .iter()
            .filter(|p| p.chars >= params.fail_passage_chars && !p.quoted && !p.own)
    };
    if let Some(p) = failing().max_by(|a, b| {
        a.chars
            .cmp(&b.chars)
            .then(b.draft.start.cmp(&a.draft.start))
    }) {
        reasons.push(Reason::CopiedPassages {
            count: failing().count(),
            at_least: params.fail_passage_chars,
            longest: p.chars,
            source: p.source.id.clone(),
        });
    }
    let loose = || {
        g.loose
            .iter()
            .filter(|(c, _)| *c >= params.fail_passage_chars)
    };
    if let Some((chars, id)) = loose().max_by_key(|(c, _)| *c) {
        reasons.push(Reason::RewordedPassages {
            count: loose().count(),
            at_least: params.fail_passage_chars,
            longest: *chars,
            source: id.clone(),
        });
    }
    let m = g.measures;
    if m.copy_ratio_net >= params.fail_total {
        reasons.push(Reason::CopyRatio {
            ratio: m.copy_ratio_net,
            fail: params.fail_total,
        });
    }
    if m.reworded_ratio >= params.fail_reworded {
        reasons.push(Reason::RewordedRatio {
            ratio: m.reworded_ratio,
            fail: params.fail_reworded,
        });
    }
    if let Some(s) = g
        .shares
        .iter()
        .filter(|s| !s.own)
        .max_by(|a, b| {
            a.ratio_excluding_quotes
                .total_cmp(&b.ratio_excluding_quotes)
        })
        .filter(|s| s.ratio_excluding_quotes >= params.fail_single)
    {
        reasons.push(Reason::SingleSource {
            ratio: s.ratio_excluding_quotes,
            source: s.id.clone(),
            fail: params.fail_single,
        });
    }
    if let Some(s) = g
        .sections
        .iter()
        .filter(|s| s.chars >= params.min_section_chars)
        .max_by(|a, b| a.copy_ratio_net.total_cmp(&b.copy_ratio_net))
        .filter(|s| s.copy_ratio_net >= params.fail_section)
    {
        reasons.push(Reason::Section {
            ratio: s.copy_ratio_net,
            heading: s.heading.clone(),
            start: s.start,
            end: s.end,
            fail: params.fail_section,
        });
    }
    if let Some(mc) = g
        .max_containment
        .filter(|mc| mc.containment >= params.fail_containment)
        .filter(|mc| !g.own.contains(&mc.source.as_str()))
    {
        reasons.push(Reason::Containment {
            containment: mc.containment,
            source: mc.source.clone(),
            fail: params.fail_containment,
        });
    }
    for n in g
        .near
        .iter()
        .filter(|n| !g.own.contains(&n.source.as_str()))
    {
        reasons.push(Reason::Near(n.clone()));
    }
    reasons
}

/// Why a draft fails: one condition of `reasons` with its figures.
///
/// The JSON carries each as its English sentence (the `reasons` strings
/// of the contract); the writer's page says it in its own language
/// ([`Reason::text`]).
#[derive(Debug, Clone)]
pub enum Reason {
    /// Copied passages of at least `at_least` chars; the longest named.
    CopiedPassages {
        count: usize,
        at_least: u32,
        longest: u32,
        source: String,
    },
    /// Passages aligned with a source below `copy_similarity`.
    RewordedPassages {
        count: usize,
        at_least: u32,
        longest: u32,
        source: String,
    },
    /// `copy_ratio_net` reached `fail_total`.
    CopyRatio { ratio: f64, fail: f64 },
    /// `reworded_ratio` reached `fail_reworded`.
    RewordedRatio { ratio: f64, fail: f64 },
    /// One source's share reached `fail_single`.
    SingleSource {
        ratio: f64,
        source: String,
        fail: f64,
    },
    /// A section's `copy_ratio_net` reached `fail_section`.
    Section {
        ratio: f64,
        heading: Option<String>,
        start: u32,
        end: u32,
        fail: f64,
    },
    /// Containment in one source reached `fail_containment`.
    Containment {
        containment: f64,
        source: String,
        fail: f64,
    },
    /// A near duplicate or containment pair.
    Near(NearDuplicate),
}

impl Reason {
    /// The reason as one sentence in `lang`, sources named by id.
    pub fn text(&self, lang: Lang) -> String {
        let pct = |x: f64| format!("{:.1}%", x * 100.0);
        let en = lang == Lang::En;
        match self {
            Reason::CopiedPassages {
                count,
                at_least,
                longest,
                source,
            } if en => format!(
                "{count} copied passage(s) of at least {at_least} chars; longest {longest} chars from {source}"
            ),
            Reason::CopiedPassages {
                count,
                at_least,
                longest,
                source,
            } => {
                format!("{count} 处复制片段不少于 {at_least} 字；最长 {longest} 字，来自 {source}")
            }
            Reason::RewordedPassages {
                count,
                at_least,
                longest,
                source,
            } if en => format!(
                "{count} reworded passage(s) of at least {at_least} chars aligned with a source; longest {longest} chars from {source}"
            ),
            Reason::RewordedPassages {
                count,
                at_least,
                longest,
                source,
            } => format!(
                "{count} 处改写片段不少于 {at_least} 字，与来源逐句对应；最长 {longest} 字，来自 {source}"
            ),
            Reason::CopyRatio { ratio, fail } if en => format!(
                "{} of the draft is copied, quotations and own sources apart (fail at {})",
                pct(*ratio),
                pct(*fail)
            ),
            Reason::CopyRatio { ratio, fail } => format!(
                "去除引用和本单位来源后，复制比 {}（不通过线 {}）",
                pct(*ratio),
                pct(*fail)
            ),
            Reason::RewordedRatio { ratio, fail } if en => format!(
                "{} of the draft is reworded from sources (fail at {})",
                pct(*ratio),
                pct(*fail)
            ),
            Reason::RewordedRatio { ratio, fail } => {
                format!("疑似改写占全文 {}（不通过线 {}）", pct(*ratio), pct(*fail))
            }
            Reason::SingleSource {
                ratio,
                source,
                fail,
            } if en => format!(
                "{} of the draft is copied from {source} (fail at {})",
                pct(*ratio),
                pct(*fail)
            ),
            Reason::SingleSource {
                ratio,
                source,
                fail,
            } => format!(
                "单一来源 {source} 的复制比 {}（不通过线 {}）",
                pct(*ratio),
                pct(*fail)
            ),
            Reason::Section {
                ratio,
                heading,
                start,
                end,
                fail,
            } => {
                let name = match (heading, en) {
                    (Some(h), true) => h.clone(),
                    (None, true) => format!("the section at {start}..{end}"),
                    (Some(h), false) => format!("“{h}”一节"),
                    (None, false) => format!("第 {start}–{end} 字的一节"),
                };
                let (ratio, fail) = (pct(*ratio), pct(*fail));
                if en {
                    format!("{ratio} of {name} is copied (fail at {fail})")
                } else {
                    format!("{name}的复制比 {ratio}（不通过线 {fail}）")
                }
            }
            Reason::Containment {
                containment,
                source,
                fail,
            } if en => format!("containment {containment} in {source} (fail at {fail})"),
            Reason::Containment {
                containment,
                source,
                fail,
            } => format!(
                "稿件 {} 的内容包含在 {source} 中（不通过线 {}）",
                pct(*containment),
                pct(*fail)
            ),
            Reason::Near(n) => n.describe_in(&n.source, lang),
        }
    }
}

crate::lang::said_in_english_elsewhere!(Reason);

/// Fail with any reason, else pass.
pub(super) fn verdict(reasons: &[Reason]) -> Verdict {
    if reasons.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16: the Chinese writer's page listed why a draft fails in
    /// English. Every reason has a Chinese sentence, and the JSON keeps
    /// the English one of the contract.
    #[test]
    fn every_reason_is_said_in_chinese_on_the_page_and_in_english_in_the_json() {
        let reasons = [
            Reason::CopiedPassages {
                count: 2,
                at_least: 50,
                longest: 120,
                source: "s1".into(),
            },
            Reason::RewordedPassages {
                count: 1,
                at_least: 50,
                longest: 80,
                source: "s2".into(),
            },
            Reason::CopyRatio {
                ratio: 0.45,
                fail: 0.3,
            },
            Reason::RewordedRatio {
                ratio: 0.35,
                fail: 0.3,
            },
            Reason::SingleSource {
                ratio: 0.25,
                source: "s3".into(),
                fail: 0.2,
            },
            Reason::Section {
                ratio: 0.6,
                heading: Some("背景".into()),
                start: 0,
                end: 90,
                fail: 0.5,
            },
            Reason::Containment {
                containment: 0.9,
                source: "s4".into(),
                fail: 0.75,
            },
        ];
        let zh_words = [
            "复制片段",
            "改写片段",
            "复制比",
            "疑似改写",
            "单一来源",
            "“背景”一节",
            "包含在",
        ];
        for (reason, word) in reasons.iter().zip(zh_words) {
            let zh = reason.text(Lang::Zh);
            assert!(zh.contains(word), "{zh}");
            // Apart from source ids, the Chinese sentence has no English word.
            let letters = zh
                .replace(['s', '1', '2', '3', '4'], "")
                .chars()
                .filter(char::is_ascii_alphabetic)
                .count();
            assert_eq!(letters, 0, "{zh}");
            let json = serde_json::to_string(reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.text(Lang::En)));
        }
        assert_eq!(
            reasons[2].to_string(),
            "45.0% of the draft is copied, quotations and own sources apart (fail at 30.0%)"
        );
        assert_eq!(
            reasons[2].text(Lang::Zh),
            "去除引用和本单位来源后，复制比 45.0%（不通过线 30.0%）"
        );
    }
}
