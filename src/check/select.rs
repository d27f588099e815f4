//! Which indexed sources `--allow` and `--self` name ([`SourcePattern`]).
//!
//! A pattern is one of:
//! - `field=value`: a metadata field (`source`, `author`, `title`, `date`,
//!   `date:year`, `label`, any other field of the record) has that value;
//! - a glob on the id, when it holds `*`, `?` or `[` (`seeds/00*`);
//! - an id prefix, when it ends with `/` (`人民网/`);
//! - else the exact id, or the exact source name (`人民日报`).

use crate::corpus::Meta;

/// One `--allow` or `--self` pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum SourcePattern {
    Field { name: String, value: String },
    Glob(glob::Pattern),
    Prefix(String),
    IdOrSource(String),
}

/// A pattern that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad source pattern {pattern:?}: {reason}")]
pub struct PatternError {
    pub pattern: String,
    pub reason: String,
}

impl SourcePattern {
    /// Parses a pattern; an empty one, an empty field name or a bad glob is
    /// an error.
    pub fn parse(s: &str) -> Result<SourcePattern, PatternError> {
        let err = |reason: &str| PatternError {
            pattern: s.to_string(),
            reason: reason.to_string(),
        };
        if s.is_empty() {
            return Err(err("empty"));
        }
        if let Some((name, value)) = s.split_once('=') {
            if name.is_empty() {
                return Err(err("no field name before '='"));
            }
            return Ok(SourcePattern::Field {
                name: name.to_string(),
                value: value.to_string(),
            });
        }
        if s.contains(['*', '?', '[']) {
            return glob::Pattern::new(s)
                .map(SourcePattern::Glob)
                .map_err(|e| err(&e.to_string()));
        }
        if s.ends_with('/') {
            return Ok(SourcePattern::Prefix(s.to_string()));
        }
        Ok(SourcePattern::IdOrSource(s.to_string()))
    }

    /// Whether the id alone matches (a pattern on metadata never does).
    pub fn matches_id(&self, id: &str) -> bool {
        match self {
            SourcePattern::Field { .. } => false,
            SourcePattern::Glob(g) => g.matches(id),
            SourcePattern::Prefix(p) => id.starts_with(p.as_str()),
            SourcePattern::IdOrSource(s) => id == s,
        }
    }

    /// Whether the source with `id` and `meta` matches.
    pub fn matches(&self, id: &str, meta: &Meta) -> bool {
        match self {
            SourcePattern::Field { name, value } => meta.values(name).iter().any(|v| v == value),
            SourcePattern::Glob(g) => g.matches(id),
            SourcePattern::Prefix(p) => id.starts_with(p.as_str()),
            SourcePattern::IdOrSource(s) => id == s || meta.source.as_deref() == Some(s),
        }
    }
}

/// Whether any of `patterns` matches.
pub fn any_matches(patterns: &[SourcePattern], id: &str, meta: &Meta) -> bool {
    patterns.iter().any(|p| p.matches(id, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_matches_what_it_says_and_nothing_else() {
        let meta = Meta {
            source: Some("人民邮电报".into()),
            fields: [("label".to_string(), "tech".to_string())].into(),
            ..Meta::default()
        };
        let m = |p: &str, id: &str| SourcePattern::parse(p).unwrap().matches(id, &meta);
        assert!(m("人民邮电报", "x"));
        assert!(!m("人民邮电", "x"));
        assert!(m("seeds/001.txt", "seeds/001.txt"));
        assert!(!m("seeds/001", "seeds/001.txt"));
        assert!(m("seeds/", "seeds/001.txt"));
        assert!(!m("seed/", "seeds/001.txt"));
        assert!(m("seeds/00*", "seeds/001.txt"));
        assert!(!m("seeds/01*", "seeds/001.txt"));
        assert!(m("label=tech", "x"));
        assert!(m("source=人民邮电报", "x"));
        assert!(!m("label=sports", "x"));
        assert!(SourcePattern::parse("").is_err());
        assert!(SourcePattern::parse("=x").is_err());
        assert!(SourcePattern::parse("a[").is_err());
    }
}
