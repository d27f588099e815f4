//! A user's mapping file: regions set by source or by folder, which win
//! over what the text says.
//!
//! [`Mapping::parse`] takes the file's text (and its name, for errors) and
//! gives a [`Mapping`]; [`Mapping::regions_of`] the places a document's
//! `source` or `folder` maps to. One rule a line, `#` starts a comment:
//!
//! ```text
//! 齐鲁网 = 山东              # source or folder 齐鲁网
//! source:青岛日报 = 青岛      # only the source
//! folder:江苏 = 江苏, 苏州    # only the folder; several regions
//! ```
//!
//! A region is any province, city or county name the gazetteer knows, full
//! or short; a city or county also stands for its province. A rule for the
//! source is tried before one for the folder, and an explicit
//! `source:`/`folder:` rule before a bare one.

use std::collections::BTreeMap;

use super::gazetteer::Gazetteer;
use crate::compare::field_values;
use crate::corpus::Document;

/// What a key of the mapping file is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Source,
    Folder,
    Either,
}

/// Rules of a mapping file: places by source or folder value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    rules: BTreeMap<(Key, String), Vec<usize>>,
}

/// A line of a mapping file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct MappingError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl Mapping {
    /// The rules of `text`, read from `file`.
    pub fn parse(file: &str, text: &str) -> Result<Mapping, MappingError> {
        let g = Gazetteer::shared();
        let mut rules = BTreeMap::new();
        for (i, raw) in text.lines().enumerate() {
            let error = |reason: String| MappingError {
                file: file.to_string(),
                line: i + 1,
                reason,
            };
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(error(format!(
                    "`{line}` is not a rule: write `source or folder = region`"
                )));
            };
            let key = key.trim();
            let (kind, name) = match key.split_once(':') {
                Some(("source", n)) => (Key::Source, n.trim()),
                Some(("folder", n)) => (Key::Folder, n.trim()),
                _ => (Key::Either, key),
            };
            if name.is_empty() {
                return Err(error("the rule names no source or folder".into()));
            }
            let mut places = Vec::new();
            for region in value.split([',', '，', '、']).map(str::trim) {
                if region.is_empty() {
                    continue;
                }
                let place = g.lookup(region).ok_or_else(|| {
                    error(format!(
                        "`{region}` is not a province, city or county of GB/T 2260"
                    ))
                })?;
                places.push(place);
            }
            if places.is_empty() {
                return Err(error(format!("`{name}` is mapped to no region")));
            }
            if rules.insert((kind, name.to_string()), places).is_some() {
                return Err(error(format!("`{key}` is mapped twice")));
            }
        }
        Ok(Mapping { rules })
    }

    /// The places `doc`'s source or folder maps to, if a rule matches.
    pub fn regions_of(&self, doc: &Document) -> Option<&[usize]> {
        let sources = doc.meta.values("source");
        let folders = field_values(doc, "folder");
        let tries = [
            (Key::Source, &sources),
            (Key::Either, &sources),
            (Key::Folder, &folders),
            (Key::Either, &folders),
        ];
        tries.into_iter().find_map(|(kind, values)| {
            values
                .iter()
                .find_map(|v| self.rules.get(&(kind, v.clone())))
                .map(Vec::as_slice)
        })
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    #[test]
    fn rules_map_sources_and_folders() {
        let m = Mapping::parse(
            "m.txt",
            "# regions\n齐鲁网 = 山东\nsource:青岛日报 = 青岛\nfolder:江苏 = 江苏, 苏州\n",
        )
        .unwrap();
        let g = Gazetteer::shared();
        let names = |d: &Document| -> Vec<String> {
            m.regions_of(d)
                .unwrap_or_default()
                .iter()
                .map(|&p| g.places[p].short.clone())
                .collect()
        };
        let mut d = Document::new("x/a.txt", Format::Text, "正文");
        d.meta.set("source", "齐鲁网");
        assert_eq!(names(&d), ["山东"]);
        let d = Document::new("齐鲁网/a.txt", Format::Text, "正文");
        assert_eq!(names(&d), ["山东"]);
        let d = Document::new("江苏/a.txt", Format::Text, "正文");
        assert_eq!(names(&d), ["江苏", "苏州"]);
        // A folder named like a source-only rule does not match it.
        let d = Document::new("青岛日报/a.txt", Format::Text, "正文");
        assert!(m.regions_of(&d).is_none());
    }

    #[test]
    fn bad_lines_name_the_file_and_line() {
        let e = Mapping::parse("m.txt", "齐鲁网 = 山东\n\n大众网 = 齐鲁\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().starts_with("m.txt:3: `齐鲁`"), "{e}");
        let e = Mapping::parse("m.txt", "齐鲁网 山东").unwrap_err();
        assert!(e.to_string().contains("not a rule"), "{e}");
        let e = Mapping::parse("m.txt", "a = 山东\na = 江苏").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(Mapping::parse("m.txt", " = 山东").is_err());
        assert!(Mapping::parse("m.txt", "a = ,").is_err());
    }
}
