//! What the corpus stage's tests share: fixtures to read.

/// A JSONL file of more than `HEAD_BYTES` (64 KiB), so that it is cut into many
/// batches: records with and without ids, repeated ids, blank lines,
/// CRLF, and broken records.
pub(super) fn jsonl_lines() -> Vec<String> {
    (1..=3000)
        .map(|i| match i % 10 {
            0 => String::new(),
            3 => format!("{{\"text\": \"第{i}篇\", \"t\": 1}}\r"),
            5 => format!("{{\"id\": \"dup\", \"text\": \"重复编号{i}\"}}"),
            7 if i % 70 == 7 => "{broken".to_string(),
            _ => format!("{{\"id\": \"r{i}\", \"text\": \"工业互联网第{i}条记录的正文\"}}"),
        })
        .collect()
}
