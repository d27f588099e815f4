//! Request bodies to the library's values: a check request to a draft
//! [`Document`] and checked [`CheckParams`]; a batch of documents (a JSON
//! array or NDJSON) to [`Document`]s read by the corpus JSONL reader.
//!
//! Everything here is untrusted: a body that is not what it should be is a
//! 400 [`ApiError`] naming the field, line or record and the reason, a draft
//! over the character limit a 413. Drafts are read by the same readers as
//! the files `chachong check` reads (`text` as a `.txt` file, `markdown` as
//! `.md`, `html` as `.html`), so the service and the command give the same
//! report for the same draft.

use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde_json::Value;

use crate::check::{CheckParams, PatternError, SourcePattern};
use crate::corpus::{Document, ReadParams, read_file_bytes};
use crate::params::{Checked, ParamGuard};
use crate::safe::terminal;

use super::error::ApiError;

/// The body of `POST /v1/check`: one draft (exactly one of `text`,
/// `markdown`, `html`), its metadata and the check's settings, named as
/// the fields of [`CheckParams`] and the JSON settings of `chachong check`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    #[serde(default, deserialize_with = "present")]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub markdown: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub html: Option<String>,
    /// The draft's id in the report (default `draft`).
    #[serde(default, deserialize_with = "present")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub source: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "whole")]
    pub min_chars: Option<u32>,
    #[serde(default, deserialize_with = "whole")]
    pub fail_passage_chars: Option<u32>,
    #[serde(default, deserialize_with = "present")]
    pub fail_containment: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub threshold: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub containment: Option<f64>,
    #[serde(default)]
    pub rewrites: bool,
    #[serde(default, deserialize_with = "present")]
    pub rewrite_threshold: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub fail_total: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub fail_single: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub fail_section: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub fail_reworded: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub max_quoted_share: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub copy_similarity: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub reworded_threshold: Option<f64>,
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default, rename = "self")]
    pub self_sources: Vec<String>,
}

/// The body of `POST /v1/similar`: a text or the id of a stored document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimilarRequest {
    #[serde(default, deserialize_with = "present")]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "whole")]
    pub limit: Option<usize>,
}

/// A field that is there must hold a value: `null` is refused as the
/// wrong type instead of read as absent.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// A whole number that is there, written `3` or `3.0` (JSON Schema's
/// `integer` takes both), in the range of `T`.
fn whole<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<u64>,
{
    use serde::de::Error;
    let n = serde_json::Number::deserialize(d)?;
    let v = match n.as_u64() {
        Some(v) => Some(v),
        None => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
            .map(|f| f as u64),
    };
    v.and_then(|v| T::try_from(v).ok())
        .map(Some)
        .ok_or_else(|| D::Error::custom(format!("expected a whole number in range, not {n}")))
}

/// Most results `POST /v1/similar` gives, and its default.
pub const MAX_SIMILAR: usize = 100;
pub const DEFAULT_SIMILAR: usize = 10;

/// `body` as JSON of type `T`, or a 400 saying where and why it is not.
pub fn parse_json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request("bad JSON", e.to_string()))
}

impl CheckRequest {
    /// The check's settings, checked: a bad value or pattern is a 400
    /// naming it.
    pub fn params(&self) -> Result<Checked<CheckParams>, ApiError> {
        let d = CheckParams::default();
        for p in self.allow.iter().chain(&self.self_sources) {
            SourcePattern::parse(p).map_err(|e: PatternError| {
                ApiError::bad_request("bad settings", terminal(&e.to_string()).into_owned())
            })?;
        }
        CheckParams {
            min_chars: self.min_chars.unwrap_or(d.min_chars),
            fail_passage_chars: self.fail_passage_chars.unwrap_or(d.fail_passage_chars),
            fail_containment: self.fail_containment.unwrap_or(d.fail_containment),
            threshold: self.threshold.unwrap_or(d.threshold),
            containment: self.containment.unwrap_or(d.containment),
            rewrite_threshold: self.rewrite_threshold.unwrap_or(d.rewrite_threshold),
            fail_total: self.fail_total.unwrap_or(d.fail_total),
            fail_single: self.fail_single.unwrap_or(d.fail_single),
            fail_section: self.fail_section.unwrap_or(d.fail_section),
            fail_reworded: self.fail_reworded.unwrap_or(d.fail_reworded),
            max_quoted_share: self.max_quoted_share.unwrap_or(d.max_quoted_share),
            copy_similarity: self.copy_similarity.unwrap_or(d.copy_similarity),
            reworded_threshold: self.reworded_threshold.unwrap_or(d.reworded_threshold),
            allow: self.allow.clone(),
            self_sources: self.self_sources.clone(),
            ..d
        }
        .check()
        .map_err(|e| ApiError::bad_request("bad settings", e.to_string()))
    }

    /// The draft, read as `chachong check` reads a file of its format, with
    /// the request's id and metadata; over `max_chars` characters is a 413.
    pub fn draft(&mut self, max_chars: usize) -> Result<Document, ApiError> {
        let given = [
            ("text", self.text.take(), "draft.txt"),
            ("markdown", self.markdown.take(), "draft.md"),
            ("html", self.html.take(), "draft.html"),
        ];
        let mut present = given.into_iter().filter(|(_, t, _)| t.is_some());
        let (Some((field, Some(text), file)), None) = (present.next(), present.next()) else {
            return Err(ApiError::bad_request(
                "bad draft",
                "give exactly one of `text`, `markdown` and `html`",
            ));
        };
        if let Some((at, c)) = text
            .chars()
            .enumerate()
            .find(|(_, c)| is_refused_control(*c))
        {
            return Err(ApiError::bad_request(
                "unreadable draft",
                format!(
                    "`{field}` holds the control character U+{:04X} at character {at}; a draft is text",
                    c as u32
                ),
            ));
        }
        let chars = text.chars().count();
        if chars > max_chars {
            return Err(ApiError::too_large(format!(
                "the draft (`{field}`) has {chars} characters, over the limit of {max_chars}"
            )));
        }
        let doc = read_single(file, text.into_bytes()).map_err(|reason| {
            ApiError::bad_request("unreadable draft", format!("`{field}`: {reason}"))
        })?;
        let mut doc = doc;
        doc.id = match &self.id {
            Some(id) if !id.is_empty() => terminal(id).into_owned(),
            _ => "draft".into(),
        };
        doc.path = Path::new(file).to_path_buf();
        for (key, value) in [
            ("title", &self.title),
            ("source", &self.source),
            ("date", &self.date),
        ] {
            if let Some(v) = value {
                doc.meta.set(key, v);
            }
        }
        Ok(doc)
    }
}

/// Control characters a draft may not hold: all but tab, line feed,
/// carriage return, form feed and escape (which the file readers take as
/// text; any other marks a file as binary).
fn is_refused_control(c: char) -> bool {
    (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\u{c}' | '\u{1b}')
}

/// Reads `bytes` as the one document of a file named `file`.
fn read_single(file: &str, bytes: Vec<u8>) -> Result<Document, String> {
    let params = read_params();
    let (mut docs, skipped) =
        read_file_bytes(Path::new(file), bytes, &params).map_err(|e| e.to_string())?;
    if let Some(s) = skipped.first() {
        return Err(match s.line {
            Some(line) => format!("line {line}: {}", s.reason),
            None => s.reason.clone(),
        });
    }
    match docs.len() {
        1 => Ok(docs.remove(0)),
        0 => Err("no text found".into()),
        n => Err(format!(
            "it reads as {n} documents (lines of JSON objects); send one article"
        )),
    }
}

fn read_params() -> Checked<ReadParams> {
    ReadParams::default().check().unwrap_or_default()
}

/// How a batch of documents is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchFormat {
    /// `application/json`: an array of objects.
    Array,
    /// `application/x-ndjson` (or `application/jsonl`): one object a line.
    Ndjson,
}

impl BatchFormat {
    /// The format a `Content-Type` names, or a 415 saying which it takes.
    pub fn of(content_type: Option<&str>) -> Result<BatchFormat, ApiError> {
        let ct = content_type
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match ct.as_str() {
            "application/json" => Ok(BatchFormat::Array),
            "application/x-ndjson"
            | "application/ndjson"
            | "application/jsonl"
            | "application/x-jsonlines" => Ok(BatchFormat::Ndjson),
            _ => Err(ApiError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported media type",
                format!(
                    "Content-Type {:?}: send application/json (an array of objects) or application/x-ndjson (one object a line)",
                    terminal(&ct)
                ),
            )),
        }
    }

    /// What a record's place is called in errors.
    fn place(self) -> &'static str {
        match self {
            BatchFormat::Array => "element",
            BatchFormat::Ndjson => "line",
        }
    }
}

/// The documents of a batch, read by the corpus JSONL reader: each object
/// is a JSONL record of `chachong index` (`text` required, `id` required
/// here, every other scalar metadata). A record that cannot be read, has no
/// id is a 400 naming its line (NDJSON) or element (array, from 1); an
/// empty batch is a 400. An id given twice in a batch is upserted once,
/// with its last record (as two batches in a row would leave it).
pub fn documents(body: &[u8], format: BatchFormat) -> Result<Vec<Document>, ApiError> {
    let bad = |detail: String| ApiError::bad_request("bad documents", detail);
    let text = std::str::from_utf8(body)
        .map_err(|e| bad(format!("the body is not UTF-8 (byte {})", e.valid_up_to())))?;
    let mut lines: Vec<String> = match format {
        BatchFormat::Array => {
            let value: Value = serde_json::from_str(text)
                .map_err(|e| ApiError::bad_request("bad JSON", e.to_string()))?;
            let Value::Array(items) = value else {
                return Err(bad("expected a JSON array of document objects".into()));
            };
            items.iter().map(Value::to_string).collect()
        }
        BatchFormat::Ndjson => text
            .split('\n')
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect(),
    };
    let place = format.place();
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    let mut earlier: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // Malformed records are named by the reader below; here only ids.
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let id = match map.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                return Err(bad(format!(
                    "{place} {}: no `id` (a string or number): documents are upserted by id",
                    i + 1
                )));
            }
        };
        if let Some(before) = seen.insert(id, i) {
            earlier.push(before);
        }
    }
    // Blank lines keep the later records' line numbers.
    for i in earlier {
        lines[i].clear();
    }
    if seen.is_empty() && lines.iter().all(|l| l.trim().is_empty()) {
        return Err(bad("no documents in the body".into()));
    }
    let joined = lines.join("\n").into_bytes();
    let (docs, skipped) = read_file_bytes(Path::new("documents.jsonl"), joined, &read_params())
        .map_err(|e| bad(terminal(&e.to_string()).into_owned()))?;
    if let Some(s) = skipped.first() {
        let at = s.line.map_or(String::new(), |l| format!("{place} {l}: "));
        return Err(bad(format!(
            "{at}{} ({} record(s) unreadable)",
            terminal(&s.reason),
            skipped.len()
        )));
    }
    Ok(docs
        .into_iter()
        .map(|mut d| {
            d.path = Default::default();
            d
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str =
        "中国工业互联网研究院主要承担与工业互联网相关的发展战略、规划、政策、标准的研究。";

    #[test]
    fn batches_name_the_bad_record() {
        let nd = format!(
            "{{\"id\":\"a\",\"text\":\"{T}\"}}\n\n{{\"id\":\"b\",\"text\":\"{T}\",\"title\":\"B\"}}\n"
        );
        let docs = documents(nd.as_bytes(), BatchFormat::Ndjson).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].id, "b");
        assert_eq!(docs[1].meta.title.as_deref(), Some("B"));

        let arr = format!("[{{\"id\":1,\"text\":\"{T}\"}},{{\"id\":\"x\",\"text\":3}}]");
        let e = documents(arr.as_bytes(), BatchFormat::Array).unwrap_err();
        assert!(
            e.detail.starts_with("element 2: field `text`"),
            "{}",
            e.detail
        );

        let e =
            documents(b"{\"id\":\"a\",\"text\":\"x\"}\n{oops", BatchFormat::Ndjson).unwrap_err();
        assert!(
            e.detail.starts_with("line 2: malformed JSON"),
            "{}",
            e.detail
        );
        let e = documents(b"{\"text\":\"x\"}", BatchFormat::Ndjson).unwrap_err();
        assert!(e.detail.contains("no `id`"), "{}", e.detail);
        let last = documents(
            b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}",
            BatchFormat::Ndjson,
        )
        .unwrap();
        assert_eq!(
            (last.len(), last[0].id.as_str(), last[0].text.as_str()),
            (1, "a", "y")
        );
        assert!(documents(b"{}", BatchFormat::Array).is_err());
        assert!(documents(b"\n", BatchFormat::Ndjson).is_err());
        assert_eq!(BatchFormat::of(Some("text/csv")).unwrap_err().status, 415);
        assert_eq!(
            BatchFormat::of(Some("application/json; charset=utf-8")).unwrap(),
            BatchFormat::Array
        );
    }

    #[test]
    fn drafts_are_read_as_files_and_limited() {
        let mut r = CheckRequest {
            markdown: Some(format!("---\ntitle: 标题\n---\n\n{T}\n")),
            id: Some("d1".into()),
            source: Some("新华社".into()),
            ..Default::default()
        };
        let d = r.draft(1000).unwrap();
        assert_eq!(d.id, "d1");
        assert_eq!(d.meta.title.as_deref(), Some("标题"));
        assert_eq!(d.meta.source.as_deref(), Some("新华社"));
        let mut two = CheckRequest {
            text: Some(T.into()),
            html: Some(T.into()),
            ..Default::default()
        };
        assert_eq!(two.draft(1000).unwrap_err().status, 400);
        let mut long = CheckRequest {
            text: Some(T.into()),
            ..Default::default()
        };
        assert_eq!(long.draft(10).unwrap_err().status, 413);
        let mut control = CheckRequest {
            text: Some(format!("{T}\u{f}")),
            ..Default::default()
        };
        assert!(control.draft(1000).unwrap_err().detail.contains("U+000F"));
        let r = parse_json::<SimilarRequest>(br#"{"id": "a", "limit": 3.0}"#).unwrap();
        assert_eq!(r.limit, Some(3));
        assert!(parse_json::<SimilarRequest>(br#"{"id": "a", "limit": 3.5}"#).is_err());
        assert!(parse_json::<CheckRequest>(br#"{"min_chars": -1}"#).is_err());
        let e = parse_json::<SimilarRequest>(br#"{"id": "a", "text": null}"#).unwrap_err();
        assert!(e.detail.contains("null"), "{}", e.detail);
        let bad = CheckRequest {
            threshold: Some(2.0),
            ..Default::default()
        };
        assert!(bad.params().unwrap_err().detail.contains("threshold"));
        let e = parse_json::<CheckRequest>(br#"{"txt": "x"}"#).unwrap_err();
        assert!(e.detail.contains("txt"), "{}", e.detail);
    }
}
