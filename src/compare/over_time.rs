//! Topic shares over time.
//!
//! Takes the documents' dates, the duplicate structure and each document's
//! topic, and gives one [`Period`] per month (when the dates span at most
//! 36 months) or per year, sorted: how many documents it holds after
//! near-duplicates are collapsed, and the share and number of each topic's
//! documents among them.
//! Undated documents take no part.

use std::collections::BTreeMap;

use serde::Serialize;

use super::groups::{count_once, topic_docs, topic_share};
use super::note::CompareNote;
use crate::analyze::Analysis;

/// The longest span, in months, still shown month by month.
pub const MAX_MONTHLY_SPAN: u32 = 36;

/// One period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// `2022-03` or `2022`.
    pub period: String,
    /// Documents dated in the period, near-duplicates counted once.
    pub docs: usize,
    /// Share of each topic among those documents.
    pub topic_share: Vec<f64>,
    /// Those documents in each topic, parallel to `topic_share`.
    pub topic_docs: Vec<usize>,
    /// In a group's periods: set when the period holds fewer documents
    /// than `min_group_docs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<CompareNote>,
}

/// Topic shares by period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OverTime {
    /// `date:month` or `date:year`; `None` when no document has a date.
    pub field: Option<&'static str>,
    pub periods: Vec<Period>,
    /// Documents without a date.
    pub undated: usize,
}

/// `(year, month)` of a `YYYY-MM-DD` date.
fn year_month(date: &str) -> Option<(u32, u32)> {
    let year = date.get(..4)?.parse().ok()?;
    let month = date.get(5..7)?.parse().ok()?;
    Some((year, month))
}

/// The field the periods are named by: months when the dates span at most
/// [`MAX_MONTHLY_SPAN`] months (first and last month included), else years.
pub fn period_field<'a>(dates: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    let months: Vec<u32> = dates
        .into_iter()
        .filter_map(year_month)
        .map(|(y, m)| y * 12 + m)
        .collect();
    let first = months.iter().min()?;
    let last = months.iter().max()?;
    Some(if last - first < MAX_MONTHLY_SPAN {
        "date:month"
    } else {
        "date:year"
    })
}

/// Topic shares per period. `root[i]` is the document that stands for
/// document `i`'s near-duplicate cluster (`i` itself when it has none);
/// `topic_of` is empty or gives every document's topic below `n_topics`.
pub fn over_time(
    analysis: &Analysis,
    root: &[usize],
    topic_of: &[usize],
    n_topics: usize,
) -> OverTime {
    let dates = analysis
        .docs
        .iter()
        .filter_map(|d| d.doc.meta.date.as_deref());
    let Some(field) = period_field(dates) else {
        return OverTime {
            undated: analysis.docs.len(),
            ..OverTime::default()
        };
    };
    let all: Vec<usize> = (0..analysis.docs.len()).collect();
    let of = Of {
        analysis,
        root,
        topic_of,
        n_topics,
        field,
    };
    let (periods, undated) = of.periods(&all, |_| 1.0, None);
    OverTime {
        field: Some(field),
        periods,
        undated,
    }
}

/// What periods are computed from.
pub(super) struct Of<'a> {
    pub analysis: &'a Analysis,
    pub root: &'a [usize],
    pub topic_of: &'a [usize],
    pub n_topics: usize,
    /// `date:month` or `date:year`.
    pub field: &'static str,
}

impl Of<'_> {
    /// The periods of `members` (ascending), each counting with `weight`
    /// in the topic shares, and how many members have no date; with
    /// `min_docs`, a warning on each period with fewer documents.
    pub(super) fn periods(
        &self,
        members: &[usize],
        weight: impl Fn(usize) -> f64 + Copy,
        min_docs: Option<usize>,
    ) -> (Vec<Period>, usize) {
        let mut by_period: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut undated = 0;
        for &i in members {
            match self.analysis.docs[i]
                .doc
                .meta
                .values(self.field)
                .into_iter()
                .next()
            {
                Some(p) => by_period.entry(p).or_default().push(i),
                None => undated += 1,
            }
        }
        let periods = by_period
            .into_iter()
            .map(|(period, members)| {
                let counted = count_once(&members, self.root);
                let docs = counted.len();
                Period {
                    period,
                    docs,
                    topic_share: topic_share(&counted, weight, self.topic_of, self.n_topics),
                    topic_docs: topic_docs(&counted, self.topic_of, self.n_topics),
                    warning: min_docs
                        .filter(|&m| docs < m)
                        .map(|_| CompareNote::SmallGroup { documents: docs }),
                }
            })
            .collect();
        (periods, undated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_for_three_years_or_less_else_years() {
        assert_eq!(
            period_field(["2020-01-05", "2022-12-31"]),
            Some("date:month")
        );
        assert_eq!(
            period_field(["2020-01-05", "2023-01-01"]),
            Some("date:year")
        );
        assert_eq!(period_field(["2021-06-01"]), Some("date:month"));
        assert_eq!(period_field(Vec::<&str>::new()), None);
    }
}
