//! What the topic model says about its own figures: [`TopicNote`].
//!
//! Each note is a typed value with its figures; the JSON carries it as its
//! English sentence (`topics.notes` is a list of strings), the report
//! says it in the page's language ([`TopicNote::text`]).

use crate::lang::Lang;

/// One note of the topic stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicNote {
    /// Near-duplicates outside the clustering take their representative's topic.
    NearDuplicatesNotClustered { members: usize },
    /// Damaged documents outside the clustering take the nearest topic.
    DamagedNotClustered { documents: usize },
    /// Boilerplate sentences left out of the vocabulary.
    Boilerplate {
        sentences: usize,
        min_docs: usize,
        documents: usize,
    },
    /// LSA dimensions capped by the corpus size.
    DimensionsCapped {
        dims: usize,
        documents: usize,
        terms: usize,
    },
    /// Documents with no term in the vocabulary join the nearest topic.
    NoTerms { documents: usize },
    /// Fewer than 30 documents.
    TooFewDocuments { documents: usize },
    /// k-means left clusters empty.
    EmptyClusters {
        empty: usize,
        k_used: usize,
        k: usize,
    },
    /// `--k` above what the corpus allows.
    KAskedCapped {
        asked: usize,
        documents: usize,
        max: usize,
    },
    /// The k range capped at a third of the documents.
    KRangeCapped { hi: usize, documents: usize },
}

impl TopicNote {
    /// The note as one sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match *self {
            TopicNote::NearDuplicatesNotClustered { members } if en => format!(
                "{members} near-duplicates were not clustered; each takes its representative's topic"
            ),
            TopicNote::NearDuplicatesNotClustered { members } => {
                format!("{members} 篇近似文章未参与聚类，各随其代表文章归入主题")
            }
            TopicNote::DamagedNotClustered { documents } if en => format!(
                "{documents} damaged documents were not clustered; each takes the nearest topic"
            ),
            TopicNote::DamagedNotClustered { documents } => {
                format!("{documents} 篇受损文章未参与聚类，各归入最接近的主题")
            }
            TopicNote::Boilerplate {
                sentences,
                min_docs,
                documents,
            } if en => format!(
                "{sentences} sentences found verbatim in at least {min_docs} documents ({documents} documents hold one) are boilerplate, left out of the topic vocabulary"
            ),
            TopicNote::Boilerplate {
                sentences,
                min_docs,
                documents,
            } => format!(
                "{sentences} 个句子原样出现在至少 {min_docs} 篇文章中（{documents} 篇文章含有），视为样板文字，不计入主题词表"
            ),
            TopicNote::DimensionsCapped {
                dims,
                documents,
                terms,
            } if en => {
                format!("LSA dimensions capped at {dims} ({documents} documents, {terms} terms)")
            }
            TopicNote::DimensionsCapped {
                dims,
                documents,
                terms,
            } => format!("语义维数限为 {dims}（{documents} 篇文章，{terms} 个词）"),
            TopicNote::NoTerms { documents } if en => format!(
                "{documents} documents have no terms in the topic vocabulary; each joins the nearest topic"
            ),
            TopicNote::NoTerms { documents } => {
                format!("{documents} 篇文章不含主题词表中的词，各归入最接近的主题")
            }
            TopicNote::TooFewDocuments { documents } if en => {
                format!("{documents} documents: too few for stable topics")
            }
            TopicNote::TooFewDocuments { documents } => {
                format!("仅 {documents} 篇文章：太少，主题不稳定")
            }
            TopicNote::EmptyClusters { empty, k_used, k } if en => {
                format!("k-means left {empty} of {k_used} clusters empty; {k} topics")
            }
            TopicNote::EmptyClusters { empty, k_used, k } => {
                format!("聚类时 {k_used} 类中有 {empty} 类为空；共 {k} 个主题")
            }
            TopicNote::KAskedCapped {
                asked,
                documents,
                max,
            } if en => format!(
                "asked for k = {asked}, but {documents} documents allow at most {max}; k capped at {max}"
            ),
            TopicNote::KAskedCapped {
                asked,
                documents,
                max,
            } => format!(
                "要求 {asked} 个主题，但 {documents} 篇文章最多支持 {max} 个；主题数限为 {max}"
            ),
            TopicNote::KRangeCapped { hi, documents } if en => format!(
                "k capped at {hi}: {documents} documents support at most a third as many topics"
            ),
            TopicNote::KRangeCapped { hi, documents } => {
                format!("主题数上限为 {hi}：{documents} 篇文章最多支持其三分之一数目的主题")
            }
        }
    }
}

crate::lang::said_in_english_elsewhere!(TopicNote);

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16: the Chinese report showed the topic stage's notes in
    /// English. Each note has a Chinese sentence with no English word (but
    /// "k" and "LSA"-free), and the JSON keeps the English one.
    #[test]
    fn every_topic_note_is_said_in_chinese_and_serialised_in_english() {
        let notes = [
            TopicNote::NearDuplicatesNotClustered { members: 3 },
            TopicNote::DamagedNotClustered { documents: 2 },
            TopicNote::Boilerplate {
                sentences: 4,
                min_docs: 5,
                documents: 9,
            },
            TopicNote::DimensionsCapped {
                dims: 4,
                documents: 5,
                terms: 794,
            },
            TopicNote::NoTerms { documents: 1 },
            TopicNote::TooFewDocuments { documents: 5 },
            TopicNote::EmptyClusters {
                empty: 1,
                k_used: 3,
                k: 2,
            },
            TopicNote::KAskedCapped {
                asked: 9,
                documents: 5,
                max: 2,
            },
            TopicNote::KRangeCapped {
                hi: 2,
                documents: 5,
            },
        ];
        for note in &notes {
            let zh = note.text(Lang::Zh);
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
            let json = serde_json::to_string(note).unwrap();
            assert_eq!(json, serde_json::to_string(&note.text(Lang::En)).unwrap());
        }
        assert_eq!(
            notes[5].to_string(),
            "5 documents: too few for stable topics"
        );
    }
}
