//! Regions: which provinces and prefecture-level cities a document is
//! about, read from its text, with the GB/T 2260 code of each.
//!
//! [`tag`] takes one [`Analyzed`] document (its title, normalised body and
//! tokens) and an optional user [`Mapping`]; it gives [`DocRegions`]:
//!
//! 1. every place name in the title and body ([`mentions::find`]), each
//!    weighed by where it stands ([`Part::weight`]: dateline 6, title 3,
//!    lead 2, body 1), ambiguous names counted only with support;
//! 2. each mention adds its weight to its province and, for a city, a
//!    county in a city or a municipality, to that city (a county rolls up
//!    to its city and province, a city to its province);
//! 3. a province is listed when it has at least [`MIN_WEIGHT`] and
//!    [`MIN_SHARE`] of all the weight; its `weight` is its share among the
//!    provinces listed, so the weights of a level sum to 1. A city is
//!    listed the same way among the cities of the listed provinces;
//! 4. `region` is the first province when it holds more than
//!    [`PRIMARY_SHARE`] of the weight, else none (a national story, or one
//!    about several places alike); `confidence` is its share times
//!    `1 - exp(-weight / 4)`, so one body mention is weak evidence and a
//!    dateline or several mentions strong.
//!
//! A mapping rule matching the document's `source` or `folder` wins over
//! the text: its places are the regions, with equal weights and
//! confidence 1. [`tag_all`] tags a whole [`Analysis`] in parallel; the
//! division data is built on first use only ([`Gazetteer::shared`]), so
//! commands that never ask for regions never load it.

pub mod gazetteer;
pub mod mapping;
pub mod mentions;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::analyze::{Analysis, Analyzed};
use crate::round4;
pub use gazetteer::{Gazetteer, Level};
pub use mapping::{Mapping, MappingError};
pub use mentions::{Mention, Part};

/// Weight a province (or city) needs to be listed: two body mentions, or
/// one in the lead, title or dateline.
pub const MIN_WEIGHT: f64 = 2.0;
/// Share of the weight a province (city) needs to be listed.
pub const MIN_SHARE: f64 = 0.15;
/// Share of the weight the first province must exceed to be the
/// document's `region`.
pub const PRIMARY_SHARE: f64 = 0.5;

/// One region a document is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// As news writes it: `山东`, `青岛`.
    pub name: String,
    /// Six-digit GB/T 2260 code: `370000`, `370200`. A municipality stands
    /// as its own city with its province's code.
    pub code: String,
    pub level: Level,
    /// Mentions that count toward it, its cities' and counties' included.
    pub mentions: u32,
    /// Its share among the regions of its level listed (they sum to 1).
    pub weight: f64,
}

/// Where a document's regions come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionSource {
    /// Read from the text.
    Text,
    /// Set by a rule of the user's mapping file.
    Mapping,
}

/// The regions of one document, as its record in JSON carries them:
/// `{"regions": [Region], "region", "region_confidence", "region_from"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocRegions {
    /// Provinces first, then cities, each by weight (then code).
    pub regions: Vec<Region>,
    /// The primary province, or none.
    pub region: Option<String>,
    /// How sure `region` is, from 0 to 1 (0 without one).
    #[serde(rename = "region_confidence")]
    pub confidence: f64,
    #[serde(rename = "region_from")]
    pub from: RegionSource,
    /// Every place name found, counted or not (`inspect` shows them;
    /// empty from [`tag_all`]).
    #[serde(skip)]
    pub mentions: Vec<Mention>,
}

impl DocRegions {
    /// The listed regions of `level` with their weights.
    pub fn at(&self, level: Level) -> impl Iterator<Item = &Region> {
        self.regions.iter().filter(move |r| r.level == level)
    }
}

/// Weight and mentions of each place of one level.
type Tally = BTreeMap<usize, (f64, u32)>;

/// The regions of one document.
pub fn tag(a: &Analyzed, mapping: Option<&Mapping>) -> DocRegions {
    let g = Gazetteer::shared();
    let mentions = mentions::find(g, a.doc.meta.title.as_deref(), &a.norm, &a.tokens);
    let mut provinces = Tally::new();
    let mut cities = Tally::new();
    for m in mentions.iter().filter(|m| m.counted) {
        let (p, c) = g.province_city(m.place());
        let w = m.part.weight();
        add(&mut provinces, p, w);
        if let Some(c) = c {
            add(&mut cities, c, w);
        }
    }
    if let Some(places) = mapping.and_then(|m| m.regions_of(&a.doc)) {
        return mapped(g, places, &provinces, &cities, mentions);
    }
    let listed_provinces = listed(&provinces);
    let total: f64 = provinces.values().map(|v| v.0).sum();
    let (region, confidence) = match listed_provinces.first() {
        Some(&(p, w, _)) if w / total > PRIMARY_SHARE => (
            Some(g.places[p].short.clone()),
            round4(w / total * (1.0 - (-w / 4.0).exp())),
        ),
        _ => (None, 0.0),
    };
    cities.retain(|&c, _| {
        listed_provinces
            .iter()
            .any(|&(p, _, _)| p == g.places[c].province)
    });
    let listed_cities = listed(&cities);
    let mut regions = weighed(g, &listed_provinces, Level::Province);
    regions.extend(weighed(g, &listed_cities, Level::City));
    DocRegions {
        regions,
        region,
        confidence,
        from: RegionSource::Text,
        mentions,
    }
}

/// The regions of every document of `analysis`, in order, without the
/// mentions (only [`tag`] keeps them, for `inspect`): a corpus names places
/// millions of times.
pub fn tag_all(analysis: &Analysis, mapping: Option<&Mapping>) -> Vec<DocRegions> {
    analysis
        .docs
        .par_iter()
        .map(|a| DocRegions {
            mentions: Vec::new(),
            ..tag(a, mapping)
        })
        .collect()
}

fn add(tally: &mut Tally, place: usize, w: f64) {
    let e = tally.entry(place).or_default();
    e.0 += w;
    e.1 += 1;
}

/// The places of a tally that are listed, as `(place, weight, mentions)`,
/// heaviest first (then by code).
fn listed(tally: &Tally) -> Vec<(usize, f64, u32)> {
    let total: f64 = tally.values().map(|v| v.0).sum();
    let mut out: Vec<(usize, f64, u32)> = tally
        .iter()
        .filter(|(_, (w, _))| *w >= MIN_WEIGHT && *w / total >= MIN_SHARE)
        .map(|(&p, &(w, n))| (p, w, n))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Listed places as regions of `level`, weights as shares among them.
fn weighed(g: &Gazetteer, listed: &[(usize, f64, u32)], level: Level) -> Vec<Region> {
    let total: f64 = listed.iter().map(|l| l.1).sum();
    listed
        .iter()
        .map(|&(p, w, mentions)| Region {
            name: g.places[p].short.clone(),
            code: format!("{:06}", g.places[p].code),
            level,
            mentions,
            weight: round4(w / total),
        })
        .collect()
}

/// The regions a mapping rule sets: its places' provinces and cities with
/// equal weights, the text's mentions of each counted.
fn mapped(
    g: &Gazetteer,
    places: &[usize],
    provinces: &Tally,
    cities: &Tally,
    mentions: Vec<Mention>,
) -> DocRegions {
    let mut ps: Vec<usize> = Vec::new();
    let mut cs: Vec<usize> = Vec::new();
    for &place in places {
        let (p, c) = g.province_city(place);
        if !ps.contains(&p) {
            ps.push(p);
        }
        if let Some(c) = c.filter(|c| !cs.contains(c)) {
            cs.push(c);
        }
    }
    let level_of = |set: &[usize], tally: &Tally| -> Vec<(usize, f64, u32)> {
        set.iter()
            .map(|&p| (p, 1.0, tally.get(&p).map_or(0, |v| v.1)))
            .collect()
    };
    let mut regions = weighed(g, &level_of(&ps, provinces), Level::Province);
    regions.extend(weighed(g, &level_of(&cs, cities), Level::City));
    DocRegions {
        region: ps.first().map(|&p| g.places[p].short.clone()),
        regions,
        confidence: 1.0,
        from: RegionSource::Mapping,
        mentions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format};
    use crate::segment::Segmenter;

    fn tagged(title: Option<&str>, text: &str, mapping: Option<&Mapping>) -> DocRegions {
        let mut doc = Document::new("news/a.txt", Format::Text, text);
        if let Some(t) = title {
            doc.meta.set("title", t);
        }
        let (a, _) = Analyzed::new(doc, Segmenter::shared(), &Default::default());
        tag(&a, mapping)
    }

    fn names(d: &DocRegions, level: Level) -> Vec<(&str, f64)> {
        d.at(level).map(|r| (r.name.as_str(), r.weight)).collect()
    }

    #[test]
    fn a_city_rolls_up_to_its_province() {
        let d = tagged(
            None,
            "青岛的工业互联网平台发展迅速。青岛企业纷纷上云，崂山区和黄岛区建成一批智能工厂。",
            None,
        );
        assert_eq!(names(&d, Level::Province), [("山东", 1.0)]);
        assert_eq!(names(&d, Level::City), [("青岛", 1.0)]);
        assert_eq!(d.region.as_deref(), Some("山东"));
        let shandong = &d.regions[0];
        assert_eq!((shandong.code.as_str(), shandong.mentions), ("370000", 4));
        assert_eq!(d.regions[1].code, "370200");
        assert!(d.confidence > 0.5, "{}", d.confidence);
    }

    #[test]
    fn a_story_about_two_provinces_splits_its_weight() {
        let d = tagged(
            None,
            "江苏与浙江签署合作协议。江苏方面表示，浙江的经验值得学习。两地将共建长三角。",
            None,
        );
        assert_eq!(names(&d, Level::Province), [("江苏", 0.5), ("浙江", 0.5)]);
        assert_eq!(d.region, None);
        assert_eq!(d.confidence, 0.0);
    }

    #[test]
    fn one_passing_mention_is_no_region() {
        let d = tagged(
            None,
            &format!(
                "{}会上，一位来自广东的代表发言。",
                "全国各地的企业代表参加了会议。".repeat(12)
            ),
            None,
        );
        assert!(d.regions.is_empty(), "{:?}", d.regions);
        assert_eq!(d.region, None);
        assert_eq!(d.mentions.len(), 1);
    }

    #[test]
    fn the_title_and_dateline_outweigh_the_body() {
        let d = tagged(
            Some("济南发布新政"),
            "新华社济南11月30日电 会议指出，要学习北京、上海、广东和浙江的经验。",
            None,
        );
        assert_eq!(d.region.as_deref(), Some("山东"));
        assert_eq!(d.regions[0].name, "山东");
    }

    #[test]
    fn a_mapping_file_wins_over_the_text() {
        let m = Mapping::parse("m.txt", "news = 苏州").unwrap();
        let d = tagged(None, "青岛的企业。青岛的平台。", Some(&m));
        assert_eq!(d.from, RegionSource::Mapping);
        assert_eq!(names(&d, Level::Province), [("江苏", 1.0)]);
        assert_eq!(names(&d, Level::City), [("苏州", 1.0)]);
        assert_eq!((d.region.as_deref(), d.confidence), (Some("江苏"), 1.0));
        assert_eq!(d.regions[0].mentions, 0);
        // Mentions are still shown.
        assert_eq!(d.mentions.len(), 2);
    }

    #[test]
    fn a_municipality_is_its_own_city() {
        let d = tagged(None, "北京市海淀区的企业。北京的高校。", None);
        assert_eq!(names(&d, Level::Province), [("北京", 1.0)]);
        assert_eq!(names(&d, Level::City), [("北京", 1.0)]);
    }
}
