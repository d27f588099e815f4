//! What the comparison says about its own figures: [`CompareNote`], for
//! the corpus as a whole (`notes`) and for one small group (`warning`).
//!
//! The JSON carries each as its English sentence; the report says it in
//! the page's language ([`CompareNote::text`]).

use super::result::documents;
use crate::lang::Lang;

/// One caveat of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareNote {
    /// The corpus has no document.
    EmptyCorpus,
    /// `--groups` named a group the field does not have.
    NoSuchGroup { missing: Vec<String>, by: String },
    /// Fewer documents than two groups of `min` need.
    TooFewInAll { documents: usize, min: usize },
    /// Every group is smaller than `min`.
    AllGroupsSmall { groups: usize, min: usize },
    /// Some groups are smaller than `min`.
    SomeGroupsSmall {
        small: usize,
        groups: usize,
        min: usize,
    },
    /// One group holds every document.
    OneGroup { by: String },
    /// The group of documents without the field.
    NoneGroup {
        name: String,
        documents: usize,
        by: String,
    },
    /// Near-duplicates counted once with their cluster.
    NearDuplicatesOnce { collapsed: usize },
    /// No topics were given.
    NoTopics,
    /// No document has a date.
    NoDates,
    /// Undated documents are left out of `over_time`.
    Undated { documents: usize },
    /// A group smaller than `min_group_docs` (a group's `warning`).
    SmallGroup { documents: usize },
}

impl CompareNote {
    /// The note as one sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            CompareNote::EmptyCorpus if en => {
                "the corpus is empty: there is nothing to compare".into()
            }
            CompareNote::EmptyCorpus => "语料为空：没有可比较的内容".into(),
            CompareNote::NoSuchGroup { missing, by } if en => format!(
                "no group named {} by `{by}`: no pairwise comparison",
                missing.join(" or ")
            ),
            CompareNote::NoSuchGroup { missing, by } => {
                format!(
                    "按 `{by}` 分组时没有 {} 组：不做两组对比",
                    missing.join(" 或 ")
                )
            }
            CompareNote::TooFewInAll { documents: n, min } if en => format!(
                "only {} in all, fewer than two groups of {min}: no comparison here is reliable",
                documents(*n)
            ),
            CompareNote::TooFewInAll { documents: n, min } => {
                format!("全部只有 {n} 篇文章，凑不满两组各 {min} 篇：这里的比较都不可靠")
            }
            CompareNote::AllGroupsSmall { groups, min } if en => format!(
                "all {groups} groups have fewer than {min} documents: their shares and z-scores are not reliable"
            ),
            CompareNote::AllGroupsSmall { groups, min } => {
                format!("全部 {groups} 组都不足 {min} 篇文章：各组的占比和 z 值不可靠")
            }
            CompareNote::SomeGroupsSmall { small, groups, min } if en => format!(
                "{small} of {groups} groups have fewer than {min} documents; each says so in its warning"
            ),
            CompareNote::SomeGroupsSmall { small, groups, min } => {
                format!("{groups} 组中有 {small} 组不足 {min} 篇文章，各组旁有提示")
            }
            CompareNote::OneGroup { by } if en => format!(
                "every document is in the one group by `{by}`: there is nothing to compare it with"
            ),
            CompareNote::OneGroup { by } => {
                format!("按 `{by}` 分组，所有文章都在同一组：没有可比较的对象")
            }
            CompareNote::NoneGroup {
                name,
                documents: n,
                by,
            } if en => format!(
                "the group \"{name}\" holds the {} without `{by}`",
                documents(*n)
            ),
            CompareNote::NoneGroup {
                name,
                documents: n,
                by,
            } => format!("“{name}”组是没有 `{by}` 字段的 {n} 篇文章"),
            CompareNote::NearDuplicatesOnce { collapsed } if en => {
                format!("{collapsed} near-duplicates are counted once with their cluster")
            }
            CompareNote::NearDuplicatesOnce { collapsed } => {
                format!("{collapsed} 篇近似文章与其所在的簇只计一次")
            }
            CompareNote::NoTopics if en => "no topics were given: topic shares are empty".into(),
            CompareNote::NoTopics => "没有主题：主题占比为空".into(),
            CompareNote::NoDates if en => "no document has a date: over_time is empty".into(),
            CompareNote::NoDates => "没有文章带日期：无法按时间比较".into(),
            CompareNote::Undated { documents: n } if en => {
                format!("{} without a date are left out of over_time", documents(*n))
            }
            CompareNote::Undated { documents: n } => {
                format!("{n} 篇没有日期的文章不计入按时间的比较")
            }
            CompareNote::SmallGroup { documents: n } if en => format!(
                "only {}: its shares and z-scores are not reliable",
                documents(*n)
            ),
            CompareNote::SmallGroup { documents: n } => {
                format!("仅 {n} 篇文章：占比和 z 值不可靠")
            }
        }
    }
}

crate::lang::said_in_english_elsewhere!(CompareNote);

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16: the Chinese report showed the comparison's notes and
    /// small-group warnings in English. Each has a Chinese sentence whose
    /// only Latin letters are the field name and "z", and the JSON keeps
    /// the English one.
    #[test]
    fn every_compare_note_is_said_in_chinese_and_serialised_in_english() {
        let by = || "src".to_string();
        let notes = [
            CompareNote::EmptyCorpus,
            CompareNote::NoSuchGroup {
                missing: vec!["甲".into(), "乙".into()],
                by: by(),
            },
            CompareNote::TooFewInAll {
                documents: 5,
                min: 10,
            },
            CompareNote::AllGroupsSmall { groups: 5, min: 10 },
            CompareNote::SomeGroupsSmall {
                small: 2,
                groups: 5,
                min: 10,
            },
            CompareNote::OneGroup { by: by() },
            CompareNote::NoneGroup {
                name: "(none)".into(),
                documents: 1,
                by: by(),
            },
            CompareNote::NearDuplicatesOnce { collapsed: 2 },
            CompareNote::NoTopics,
            CompareNote::NoDates,
            CompareNote::Undated { documents: 3 },
            CompareNote::SmallGroup { documents: 1 },
        ];
        for note in &notes {
            let zh = note.text(Lang::Zh);
            let latin: String = zh
                .replace("src", "")
                .replace("none", "")
                .replace('z', "")
                .chars()
                .filter(char::is_ascii_alphabetic)
                .collect();
            assert!(latin.is_empty(), "{zh}");
            let json = serde_json::to_string(note).unwrap();
            assert_eq!(json, serde_json::to_string(&note.text(Lang::En)).unwrap());
        }
        assert_eq!(
            notes[11].to_string(),
            "only 1 document: its shares and z-scores are not reliable"
        );
        assert_eq!(
            notes[1].text(Lang::Zh),
            "按 `src` 分组时没有 甲 或 乙 组：不做两组对比"
        );
    }
}
