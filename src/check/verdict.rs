//! The last step: why a draft fails, if it does.
//!
//! Takes the shared passages, the highest containment and the near
//! duplicates and gives the reasons a draft fails, one line each; a draft
//! with no reason passes ([`Verdict`]).

use super::{CheckParams, MaxContainment, NearDuplicate, SharedPassage, Verdict};

/// The reasons the draft fails: a shared passage of at least
/// `fail_passage_chars` (the longest named), containment of at least
/// `fail_containment` in one source, each near duplicate or containment
/// (with its direction).
pub(super) fn reasons(
    shared: &[SharedPassage],
    max_containment: Option<&MaxContainment>,
    near: &[NearDuplicate],
    params: &CheckParams,
) -> Vec<String> {
    let mut reasons = Vec::new();
    let failing = || {
        shared
            .iter()
            .filter(|p| p.chars >= params.fail_passage_chars)
    };
    if let Some(p) = failing().max_by(|a, b| {
        a.chars
            .cmp(&b.chars)
            .then(b.draft.start.cmp(&a.draft.start))
    }) {
        reasons.push(format!(
            "{} shared passage(s) of at least {} chars; longest {} chars from {}",
            failing().count(),
            params.fail_passage_chars,
            p.chars,
            p.source.id
        ));
    }
    if let Some(mc) = max_containment.filter(|mc| mc.containment >= params.fail_containment) {
        reasons.push(format!(
            "containment {} in {} (fail at {})",
            mc.containment, mc.source, params.fail_containment
        ));
    }
    for n in near {
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
