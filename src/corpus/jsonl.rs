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
    let value: Value = serde_json::from_str(raw).map_err(|e| malformed(raw, &e))?;
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

/// The reason a line is not JSON, said once: serde_json's message names
/// "line 1" (it parsed one line; the record's own line is given beside the
/// reason) and the column; only the column is kept. A surrogate escape
/// without its pair is named as such, where serde_json says "unexpected end
/// of hex escape".
fn malformed(raw: &str, e: &serde_json::Error) -> String {
    let col = e.column();
    if let Some((at, escape)) = lone_surrogate(raw)
        && at < col
    {
        return format!(
            "malformed JSON: lone surrogate {escape} in a JSON string (column {})",
            at + 1
        );
    }
    let msg = e.to_string();
    let code = msg
        .rsplit_once(" at line ")
        .map_or(msg.as_str(), |(m, _)| m);
    format!("malformed JSON: {code} (column {col})")
}

/// The first `\uXXXX` escape in `raw` that is a UTF-16 surrogate without
/// its pair: its byte offset and the escape as written.
fn lone_surrogate(raw: &str) -> Option<(usize, &str)> {
    let b = raw.as_bytes();
    let hex = |at: usize| -> Option<u16> {
        let digits = b.get(at..at + 4)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let escape_at = |at: usize| -> Option<u16> {
        (b.get(at) == Some(&b'\\') && b.get(at + 1) == Some(&b'u'))
            .then(|| hex(at + 2))
            .flatten()
    };
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(n) = escape_at(i) else {
            // `\\`, `\"`, ...: the escaped byte is no escape itself.
            i += 2;
            continue;
        };
        match n {
            0xD800..=0xDBFF if escape_at(i + 6).is_some_and(|m| (0xDC00..=0xDFFF).contains(&m)) => {
                i += 12;
            }
            // Hex digits are ASCII: the slice is on character boundaries.
            0xD800..=0xDFFF => return Some((i, &raw[i..i + 6])),
            _ => i += 6,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::testing::read_str;

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
        let (docs, skipped) = read_str("f.jsonl", Format::Jsonl, text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[0].meta.title.as_deref(), Some("标题"));
        assert_eq!(docs[0].meta.fields["label"], "tech");
        assert_eq!(docs[0].meta.fields["n"], "3");
        assert_eq!(docs[1].id, "f.jsonl:2");
        assert_eq!(docs[1].meta.tags, vec!["x", "y"]);
        let lines: Vec<_> = skipped.iter().map(|s| s.line.unwrap()).collect();
        assert_eq!(lines, vec![3, 5, 6, 7]);
        assert_eq!(
            skipped[0].reason,
            "malformed JSON: key must be a string (column 2)"
        );
        assert_eq!(skipped[1].reason, "no `text` field");
    }

    #[test]
    fn lone_surrogates_are_named() {
        let reason = |line: &str| record(Path::new("f"), "f", 1, line, "UTF-8").unwrap_err();
        assert_eq!(
            reason(r#"{"text":"\ud800 abc"}"#),
            r"malformed JSON: lone surrogate \ud800 in a JSON string (column 10)"
        );
        assert_eq!(
            reason(r#"{"a":"\\ud800","text":"\uDC00"}"#),
            r"malformed JSON: lone surrogate \uDC00 in a JSON string (column 24)"
        );
        assert_eq!(
            reason(r#"{"text":"\ud800\u0041"}"#),
            r"malformed JSON: lone surrogate \ud800 in a JSON string (column 10)"
        );
        // A pair is one character; an error before the escape is that error.
        let d = record(
            Path::new("f"),
            "f",
            1,
            r#"{"text":"\ud83d\ude00"}"#,
            "UTF-8",
        )
        .unwrap();
        assert_eq!(d.text, "😀");
        assert_eq!(
            reason(r#"{"text" "\ud800"}"#),
            "malformed JSON: expected `:` (column 9)"
        );
    }
}
