//! The settings of the compare stage: [`CompareParams`], checked into a
//! [`Checked<CompareParams>`](crate::params::Checked) by its [`ParamGuard`]
//! impl, which gives a [`CompareParamsError`] for a value the stage cannot
//! work with.

use serde::Serialize;

use crate::params::ParamGuard;

/// Settings of the compare stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareParams {
    /// The metadata field whose values make the groups (default `source`).
    pub by: String,
    /// Two groups to compare with each other alone (default none).
    pub groups: Option<(String, String)>,
    /// Distinctive terms given per group (default 20).
    pub top_terms: usize,
    /// Groups with fewer documents, after collapsing near-duplicates, are
    /// marked unreliable (default 10).
    pub min_group_docs: usize,
    /// `α_0`, the pseudo-counts the Dirichlet prior adds in all, shared out
    /// by each term's share of the corpus (default 500). Larger values pull
    /// small groups' rates further toward the corpus rate.
    pub prior_scale: f64,
    /// Example sentences given per distinctive term, each from a different
    /// document of the group (default 3; 0 gives none).
    pub examples: usize,
}

impl Default for CompareParams {
    fn default() -> Self {
        CompareParams {
            by: "source".into(),
            groups: None,
            top_terms: 20,
            min_group_docs: 10,
            prior_scale: 500.0,
            examples: 3,
        }
    }
}

/// Bad compare settings.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompareParamsError {
    #[error("the field to group by is empty")]
    EmptyField,
    #[error("a group name to compare is empty")]
    EmptyGroup,
    #[error("a group cannot be compared with itself (`{0}`)")]
    SameGroup(String),
    #[error("top_terms must be at least 1")]
    TopTerms,
    #[error("prior_scale must be a positive number, not {0}")]
    PriorScale(f64),
    #[error(
        "`{0}`: path:N takes a folder number from 1 (`path:1` is the first folder of a document's id)"
    )]
    PathLevel(String),
}

impl ParamGuard for CompareParams {
    type Error = CompareParamsError;

    fn validate(&self) -> Result<(), CompareParamsError> {
        if self.by.trim().is_empty() {
            return Err(CompareParamsError::EmptyField);
        }
        if let Some((a, b)) = &self.groups {
            if a.is_empty() || b.is_empty() {
                return Err(CompareParamsError::EmptyGroup);
            }
            if a == b {
                return Err(CompareParamsError::SameGroup(a.clone()));
            }
        }
        if super::groups::path_level(self.by.trim()) == Some(None) {
            return Err(CompareParamsError::PathLevel(self.by.clone()));
        }
        if self.top_terms == 0 {
            return Err(CompareParamsError::TopTerms);
        }
        if !(self.prior_scale.is_finite() && self.prior_scale > 0.0) {
            return Err(CompareParamsError::PriorScale(self.prior_scale));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_checked() {
        assert_eq!(CompareParams::default().validate(), Ok(()));
        let bad = |f: fn(&mut CompareParams)| {
            let mut p = CompareParams::default();
            f(&mut p);
            p.validate()
        };
        assert_eq!(
            bad(|p| p.by = " ".into()),
            Err(CompareParamsError::EmptyField)
        );
        assert_eq!(
            bad(|p| p.groups = Some(("A".into(), "A".into()))),
            Err(CompareParamsError::SameGroup("A".into()))
        );
        assert_eq!(bad(|p| p.top_terms = 0), Err(CompareParamsError::TopTerms));
        assert_eq!(
            bad(|p| p.by = "path:0".into()),
            Err(CompareParamsError::PathLevel("path:0".into()))
        );
        assert!(matches!(
            bad(|p| p.prior_scale = f64::NAN),
            Err(CompareParamsError::PriorScale(_))
        ));
    }
}
