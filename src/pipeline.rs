//! The pipeline: an analysed corpus through near-duplicates, topics and
//! compare, the one chain `report`, `topics`, `compare`, the server and
//! library users all run.
//!
//! Takes an [`Analysis`] and [`PipelineParams`] and gives [`Findings`]:
//!
//! 1. near-duplicates ([`dups::run`], or only its clusters when
//!    `full_dups` is off), with the user's matching settings, so every
//!    command given the same settings finds the same clusters;
//! 2. [`DuplicateOf`] from those clusters (or none when `dedup` is off):
//!    the one reading of "count each reprint once" that topics and compare
//!    share;
//! 3. topics ([`topics::run`]);
//! 4. each document's regions ([`regions::tag_all`], with the user's
//!    mapping) when asked or when comparing by `region`/`region:city`;
//! 5. a comparison of groups ([`compare::run`]) when asked, over the
//!    topics; without a pair of groups named, the two largest when
//!    `largest_pair` is on.
//!
//! `on_stage` is called as each stage starts, for progress.
//!
//! ```
//! use chachong::corpus::{Document, Format};
//! use chachong::pipeline::{self, PipelineParams};
//! use chachong::segment::Segmenter;
//! use chachong::{AnalyzeParams, Corpus, DocIdx, analyze};
//!
//! let story = "工业互联网平台是新一代信息技术与制造业深度融合的产物，已成为制造业数字化转型的重要载体。\
//!     青岛以卡奥斯平台为抓手，推动五千余家企业上云用平台，带动全市工业企业营业收入增长。";
//! let corpus = Corpus {
//!     documents: vec![
//!         Document::new("a", Format::Text, story),
//!         Document::new("b", Format::Text, &format!("本报讯 {story}")),
//!         Document::new("c", Format::Text, "今天天气晴朗，气温十八度，适合户外运动和郊游，市民纷纷走出家门享受春光。"),
//!     ],
//!     skipped: vec![],
//! };
//! let analysis = analyze(corpus, Segmenter::shared(), &AnalyzeParams::default());
//! let found = pipeline::run(&analysis, &PipelineParams::default(), |_| {})?;
//! let dups = found.dups.as_ref().unwrap();
//! assert_eq!(dups.near_duplicates.clusters.len(), 1);
//! // Undated, the longer of the two stands for the cluster.
//! assert_eq!(found.duplicate_of.of(DocIdx(0)), Some(DocIdx(1)));
//! assert_eq!(found.topics.assignments.len(), 3);
//! # Ok::<(), chachong::analyze::LengthMismatch>(())
//! ```

use std::fmt;

use crate::analyze::{Analysis, LengthMismatch};
use crate::compare::{self, CompareParams, Comparison};
use crate::dups::{self, DuplicateOf, DupsParams, DupsResult};
use crate::params::{Checked, ParamGuard};
use crate::regions::{self, DocRegions, Mapping};
use crate::topics::{self, TopicParams, Topics};

/// Settings of the whole pipeline, each stage's checked.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineParams {
    /// Near-duplicate and passage settings.
    pub dups: Checked<DupsParams>,
    /// Find rewrites and repeated passages too, as a report shows them
    /// (default true); off, only the near-duplicate clusters are found.
    pub full_dups: bool,
    /// Count each near-duplicate cluster once in topics and compare, through
    /// its representative (default true).
    pub dedup: bool,
    pub topics: Checked<TopicParams>,
    /// Compare groups of documents (default: by `source`, when a document
    /// has one, with the two largest groups pairwise).
    pub compare: Option<Comparing>,
    /// Read every document's regions from its text (default false; done
    /// anyway when comparing by `region` or `region:city`).
    pub regions: bool,
    /// The user's regions by source or folder, which win over the text.
    pub region_mapping: Option<Mapping>,
}

/// What to compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparing {
    pub params: Checked<CompareParams>,
    /// Compare only when some document has the field `params.by`; leave
    /// the comparison out otherwise (default true).
    pub only_if_present: bool,
    /// With no `params.groups`, compare the two largest groups pairwise
    /// (default true).
    pub largest_pair: bool,
    /// When no document has `params.by` and `only_if_present` is on,
    /// compare by `region` instead if regions were read and some document
    /// has one (default false).
    pub or_regions: bool,
}

impl Default for Comparing {
    fn default() -> Self {
        Comparing {
            params: Checked::default(),
            only_if_present: true,
            largest_pair: true,
            or_regions: false,
        }
    }
}

impl Default for PipelineParams {
    fn default() -> Self {
        PipelineParams {
            dups: Checked::default(),
            full_dups: true,
            dedup: true,
            topics: Checked::default(),
            compare: Some(Comparing::default()),
            regions: false,
            region_mapping: None,
        }
    }
}

/// A stage of the pipeline, as it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Duplicates,
    Topics,
    Regions,
    Compare,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Duplicates => "finding near-duplicates and repeated passages",
            Stage::Topics => "finding topics",
            Stage::Regions => "reading regions",
            Stage::Compare => "comparing groups",
        })
    }
}

/// What the pipeline finds.
#[derive(Debug, Clone)]
pub struct Findings {
    /// Near-duplicates, rewrites and passages (with `full_dups`).
    pub dups: Option<DupsResult>,
    /// The document that stands for each in topics and compare.
    pub duplicate_of: DuplicateOf,
    pub topics: Topics,
    /// The comparison, when asked for and possible.
    pub comparison: Option<Comparison>,
    /// Each document's regions, when asked for or compared by.
    pub regions: Option<Vec<DocRegions>>,
}

/// Runs the pipeline on `analysis`. Fails only on an inconsistent
/// `Analysis` (TF-IDF or stage inputs over another number of documents).
pub fn run(
    analysis: &Analysis,
    params: &PipelineParams,
    mut on_stage: impl FnMut(Stage),
) -> Result<Findings, LengthMismatch> {
    on_stage(Stage::Duplicates);
    let (dups, duplicate_of) = near_duplicates(analysis, params);
    on_stage(Stage::Topics);
    let topics = topics::run(analysis, &duplicate_of, &params.topics)?;
    let by_region = params
        .compare
        .as_ref()
        .is_some_and(|c| compare::region_level(&c.params.by).is_some());
    let regions = (params.regions || by_region).then(|| {
        on_stage(Stage::Regions);
        regions::tag_all(analysis, params.region_mapping.as_ref())
    });
    let comparison = match &params.compare {
        Some(comparing) => {
            on_stage(Stage::Compare);
            comparison(
                analysis,
                comparing,
                &topics,
                &duplicate_of,
                regions.as_deref(),
            )?
        }
        None => None,
    };
    Ok(Findings {
        dups,
        duplicate_of,
        topics,
        comparison,
        regions,
    })
}

/// Step 1 and 2: the near-duplicates and what counts once.
fn near_duplicates(
    analysis: &Analysis,
    params: &PipelineParams,
) -> (Option<DupsResult>, DuplicateOf) {
    let n = analysis.docs.len();
    if params.full_dups {
        let result = dups::run(analysis, &params.dups);
        let duplicate_of = if params.dedup {
            result.duplicate_of()
        } else {
            DuplicateOf::none(n)
        };
        (Some(result), duplicate_of)
    } else if params.dedup {
        (None, dups::duplicate_of(analysis, &params.dups))
    } else {
        (None, DuplicateOf::none(n))
    }
}

/// Step 5: the comparison `comparing` asks for, if the corpus allows it.
fn comparison(
    analysis: &Analysis,
    comparing: &Comparing,
    topics: &Topics,
    duplicate_of: &DuplicateOf,
    regions: Option<&[DocRegions]>,
) -> Result<Option<Comparison>, LengthMismatch> {
    let mut params = comparing.params.clone();
    if comparing.only_if_present && compare::check_field(analysis, &params.by).is_err() {
        let named = |r: &[DocRegions]| r.iter().any(|d| !d.regions.is_empty());
        if !(comparing.or_regions && regions.is_some_and(named)) {
            return Ok(None);
        }
        let mut p = params.into_inner();
        p.by = "region".to_string();
        params = p.check().unwrap_or_else(|_| comparing.params.clone());
    }
    let by = params.by.clone();
    let by = by.as_str();
    if comparing.largest_pair
        && params.groups.is_none()
        && let Some(pair) = compare::largest_pair(analysis, by, duplicate_of, regions)?
    {
        let mut p = params.into_inner();
        p.groups = Some(pair);
        // Two distinct, non-empty names of existing groups: still valid.
        params = p.check().unwrap_or_else(|_| comparing.params.clone());
    }
    let topic_of = topics.topic_of();
    let mut labels = vec![String::new(); topics.topics.len()];
    for t in &topics.topics {
        if let Some(l) = labels.get_mut(t.id) {
            l.clone_from(&t.label);
        }
    }
    compare::run(analysis, Some(&topic_of), duplicate_of, regions, &params)
        .map(|c| Some(c.with_topic_labels(labels)))
}
