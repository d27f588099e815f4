//! JSON Lines: one article per line, `text` required.
//!
//! `id`, `title`, `date`, `source` and every other scalar field become
//! metadata; arrays of scalars (`tags: [...]`) are kept joined. A malformed
//! line, or one without a string `text`, is skipped and named with its line
//! number; the other lines are still read. Lines are parsed in parallel.

use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;

use super::{Document, Format, Meta, Skipped};

pub(super) fn read(
    path: &Path,
    file_id: &str,
    text: &str,
    encoding: &str,
) -> (Vec<Document>, Vec<Skipped>) {
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let results: Vec<Result<Document, Skipped>> = lines
        .par_iter()
        .map(|&(line, raw)| {
            record(path, file_id, line, raw, encoding).map_err(|reason| Skipped {
                path: path.to_path_buf(),
                line: Some(line),
                reason,
            })
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut skipped = Vec::new();
    for r in results {
        match r {
            Ok(d) => docs.push(d),
            Err(s) => skipped.push(s),
        }
    }
    (docs, skipped)
}

pub(super) fn record(
    path: &Path,
    file_id: &str,
    line: usize,
    raw: &str,
    encoding: &str,
) -> Result<Document, String> {
    let value: Value = serde_json::from_str(raw).map_err(|e| format!("malformed JSON: {e}"))?;
    let Value::Object(map) = value else {
        return Err("not a JSON object".into());
    };
    let mut text = None;
    let mut id = None;
    let mut meta = Meta::default();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("text", Value::String(s)) => text = Some(s),
            ("text", _) => return Err("field `text` is not a string".into()),
            ("id", Value::String(s)) if !s.is_empty() => id = Some(s),
            ("id", Value::Number(n)) => id = Some(n.to_string()),
            (_, Value::String(s)) => meta.set(&key, &s),
            (_, v @ (Value::Number(_) | Value::Bool(_))) => meta.set(&key, &v.to_string()),
            (_, Value::Array(items)) => {
                for item in items {
                    match item {
                        Value::String(s) => meta.set(&key, &s),
                        v @ (Value::Number(_) | Value::Bool(_)) => meta.set(&key, &v.to_string()),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let text = text.ok_or_else(|| "no `text` field".to_string())?;
    if text.trim().is_empty() {
        return Err("empty `text`".into());
    }
    Ok(Document {
        id: id.unwrap_or_else(|| format!("{file_id}:{line}")),
        path: path.to_path_buf(),
        line: Some(line),
        format: Format::Jsonl,
        encoding: encoding.to_string(),
        text,
        meta,
        excluded: Vec::new(),
        entities: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_names_bad_lines() {
        let text = concat!(
            "{\"id\": \"a\", \"title\": \"标题\", \"label\": \"tech\", \"text\": \"正文\", \"n\": 3}\n",
            "{\"text\": \"无编号\", \"tags\": [\"x\", \"y\"]}\n",
            "{broken\n",
            "\n",
            "{\"title\": \"no text\"}\n",
            "{\"text\": \"  \"}\n",
            "[1, 2]\n",
        );
        let (docs, skipped) = read(Path::new("f.jsonl"), "f.jsonl", text, "UTF-8");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[0].meta.title.as_deref(), Some("标题"));
        assert_eq!(docs[0].meta.fields["label"], "tech");
        assert_eq!(docs[0].meta.fields["n"], "3");
        assert_eq!(docs[1].id, "f.jsonl:2");
        assert_eq!(docs[1].meta.tags, vec!["x", "y"]);
        let lines: Vec<_> = skipped.iter().map(|s| s.line.unwrap()).collect();
        assert_eq!(lines, vec![3, 5, 6, 7]);
        assert!(skipped[0].reason.starts_with("malformed JSON"));
        assert_eq!(skipped[1].reason, "no `text` field");
    }
}
