//! What the Rust benchmarks share: where the Sina corpus is.

use std::path::PathBuf;

/// `$CHACHONG_SINA`, else `../shared/data/sina-news-6class.jsonl.gz`
/// beside the project; `None`, after saying on stdout that the benchmark is
/// skipped, when the file is absent.
pub fn sina() -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var("CHACHONG_SINA").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/sina-news-6class.jsonl.gz"
        )
        .into()
    }));
    if path.exists() {
        Some(path)
    } else {
        println!(
            "SKIPPED: {} is absent; nothing to benchmark",
            path.display()
        );
        None
    }
}
