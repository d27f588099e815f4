//! The last step: why a draft fails, if it does.
//!
//! Takes what the gate reads ([`Gate`]: findings, measures, per-source
//! shares, sections, containment, near duplicates, the `--self` sources)
//! and gives the reasons a draft fails, one line each; a draft with no
//! reason passes ([`Verdict`]). Quotations and `--self` sources never fail
//! a draft: a passage mostly inside attributed quotations or only from
//! `--self` sources does not count, and every ratio the gate reads leaves
//! them out.

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
pub(super) fn reasons(g: &Gate, params: &CheckParams) -> Vec<String> {
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
        reasons.push(format!(
            "{} copied passage(s) of at least {} chars; longest {} chars from {}",
            failing().count(),
            params.fail_passage_chars,
            p.chars,
            p.source.id
        ));
    }
    if let Some((chars, id)) = g
        .loose
        .iter()
        .filter(|(c, _)| *c >= params.fail_passage_chars)
        .max_by_key(|(c, _)| *c)
    {
        reasons.push(format!(
            "{} reworded passage(s) of at least {} chars aligned with a source; longest {chars} chars from {id}",
            g.loose
                .iter()
                .filter(|(c, _)| *c >= params.fail_passage_chars)
                .count(),
            params.fail_passage_chars,
        ));
    }
    let m = g.measures;
    if m.copy_ratio_net >= params.fail_total {
        reasons.push(format!(
            "{:.1}% of the draft is copied, quotations and own sources apart (fail at {:.1}%)",
            m.copy_ratio_net * 100.0,
            params.fail_total * 100.0
        ));
    }
    if m.reworded_ratio >= params.fail_reworded {
        reasons.push(format!(
            "{:.1}% of the draft is reworded from sources (fail at {:.1}%)",
            m.reworded_ratio * 100.0,
            params.fail_reworded * 100.0
        ));
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
        reasons.push(format!(
            "{:.1}% of the draft is copied from {} (fail at {:.1}%)",
            s.ratio_excluding_quotes * 100.0,
            s.id,
            params.fail_single * 100.0
        ));
    }
    if let Some(s) = g
        .sections
        .iter()
        .filter(|s| s.chars >= params.min_section_chars)
        .max_by(|a, b| a.copy_ratio_net.total_cmp(&b.copy_ratio_net))
        .filter(|s| s.copy_ratio_net >= params.fail_section)
    {
        let name = s
            .heading
            .clone()
            .unwrap_or_else(|| format!("the section at {}..{}", s.start, s.end));
        reasons.push(format!(
            "{:.1}% of {name} is copied (fail at {:.1}%)",
            s.copy_ratio_net * 100.0,
            params.fail_section * 100.0
        ));
    }
    if let Some(mc) = g
        .max_containment
        .filter(|mc| mc.containment >= params.fail_containment)
        .filter(|mc| !g.own.contains(&mc.source.as_str()))
    {
        reasons.push(format!(
            "containment {} in {} (fail at {})",
            mc.containment, mc.source, params.fail_containment
        ));
    }
    for n in g
        .near
        .iter()
        .filter(|n| !g.own.contains(&n.source.as_str()))
    {
        reasons.push(n.describe(&n.source));
    }
    reasons
}

/// Fail with any reason, else pass.
pub(super) fn verdict(reasons: &[String]) -> Verdict {
    if reasons.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail
    }
}
