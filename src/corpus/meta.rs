//! Document metadata: the common fields named, every other scalar kept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Metadata of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub title: Option<String>,
    /// The date as `YYYY-MM-DD` when one could be parsed; the value as given
    /// stays in `fields["date"]` when it says more (a time, a zone).
    pub date: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    /// Every other scalar field, by name (`description`, `keywords`, `label`, ...).
    pub fields: BTreeMap<String, String>,
    /// What could not be read of the metadata, and why (front matter that
    /// is not valid YAML: the error, the entries dropped). The commands
    /// print these on stderr; absent from JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Meta {
    /// The values of a field by name: the named fields, then `fields`.
    /// `date:year` and `date:month` give the year (`2022`) or month (`2022-03`).
    pub fn values(&self, name: &str) -> Vec<String> {
        let one = |v: &Option<String>| v.iter().cloned().collect();
        match name {
            "title" => one(&self.title),
            "date" => one(&self.date),
            // `date` is `YYYY-MM-DD` as read, but a Meta can also come from
            // an index file: `get` keeps a crafted one from panicking.
            "date:year" => self
                .date
                .iter()
                .filter_map(|d| d.get(..4))
                .map(str::to_string)
                .collect(),
            "date:month" => self
                .date
                .iter()
                .filter_map(|d| d.get(..7.min(d.len())))
                .map(str::to_string)
                .collect(),
            "source" => one(&self.source),
            "author" => one(&self.author),
            "categories" | "category" => self.categories.clone(),
            "tags" | "tag" => self.tags.clone(),
            other => self.fields.get(other).cloned().into_iter().collect(),
        }
    }

    /// Sets a field from a scalar value, routing the common names to their
    /// typed fields. Empty values are ignored.
    pub fn set(&mut self, key: &str, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let key = key.trim().to_lowercase();
        match key.as_str() {
            "title" => self.title = Some(value.to_string()),
            "date" | "published" | "pubdate" | "publish_date" | "time" => {
                if let Some(d) = parse_date(value) {
                    if d != value {
                        self.fields.insert("date".into(), value.to_string());
                    }
                    self.date = Some(d);
                } else {
                    self.fields.insert(key, value.to_string());
                }
            }
            "source" | "来源" => self.source = Some(value.to_string()),
            "author" | "作者" | "编辑" => self.author = Some(value.to_string()),
            "categories" | "category" => self.categories.push(value.to_string()),
            "tags" | "tag" => self.tags.push(value.to_string()),
            _ => {
                self.fields.insert(key, value.to_string());
            }
        }
    }
}

/// Finds a date in `s` and gives it as `YYYY-MM-DD`.
///
/// Takes `2022-03-31`, `2022/3/31`, `2022.03.31`, `2022年3月31日`, with or
/// without a time after it; the first such date in the string wins.
pub fn parse_date(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i + 4 <= chars.len() {
        if let Some(d) = date_at(&chars[i..]) {
            // The year must not continue a longer number.
            if i == 0 || !chars[i - 1].is_ascii_digit() {
                return Some(d);
            }
        }
        i += 1;
    }
    None
}

fn date_at(c: &[char]) -> Option<String> {
    let digits = |from: usize, max: usize| -> (u32, usize) {
        let mut v = 0;
        let mut n = 0;
        while from + n < c.len() && n < max && c[from + n].is_ascii_digit() {
            v = v * 10 + c[from + n].to_digit(10).unwrap();
            n += 1;
        }
        (v, n)
    };
    let (year, n) = digits(0, 4);
    if n != 4 || !(1900..=2100).contains(&year) {
        return None;
    }
    let sep = *c.get(4)?;
    if !matches!(sep, '-' | '/' | '.' | '年') {
        return None;
    }
    let (month, m) = digits(5, 2);
    if m == 0 || !(1..=12).contains(&month) {
        return None;
    }
    let sep2 = *c.get(5 + m)?;
    let expected = if sep == '年' { '月' } else { sep };
    if sep2 != expected {
        return None;
    }
    let (day, d) = digits(6 + m, 2);
    if d == 0 || !(1..=31).contains(&day) {
        return None;
    }
    if c.get(6 + m + d).is_some_and(|ch| ch.is_ascii_digit()) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_shapes_news_uses() {
        assert_eq!(
            parse_date("2022-03-31 12:45:58 +0800").as_deref(),
            Some("2022-03-31")
        );
        assert_eq!(
            parse_date("发布时间: 2020-10-30").as_deref(),
            Some("2020-10-30")
        );
        assert_eq!(
            parse_date("编辑: 白沛然 2021-09-24 15:17:50原创").as_deref(),
            Some("2021-09-24")
        );
        assert_eq!(parse_date("2021年9月4日").as_deref(), Some("2021-09-04"));
        assert_eq!(parse_date("2021/9/4").as_deref(), Some("2021-09-04"));
        assert_eq!(parse_date("12022-01-01"), None);
        assert_eq!(parse_date("2022-13-01"), None);
        assert_eq!(parse_date("no date"), None);
    }

    #[test]
    fn values_by_field_name() {
        let mut m = Meta::default();
        m.set("date", "2022-03-31 12:45:58 +0800");
        m.set("label", "sports");
        m.set("categories", "a");
        assert_eq!(m.values("date:year"), vec!["2022"]);
        assert_eq!(m.values("date:month"), vec!["2022-03"]);
        assert_eq!(m.values("label"), vec!["sports"]);
        assert_eq!(m.values("categories"), vec!["a"]);
        assert_eq!(m.fields["date"], "2022-03-31 12:45:58 +0800");
    }
}
