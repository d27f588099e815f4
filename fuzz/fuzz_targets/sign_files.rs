//! The Parquet files `chachong sign` writes (the seeds signed whole),
//! edited by the fuzzer's bytes: reading them back, as `verify --sign` and
//! `dups --engine spark` do, gives rows or an error naming the file, never
//! a panic, a hang or unbounded memory; and the documents read, however
//! damaged, verify or fail cleanly.
//!
//! The first byte picks the file (documents, bands, sample); the rest are
//! edits of it (`chachong_fuzz::edited`).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use chachong::dups::sign::{self, parquet_io};
use libfuzzer_sys::fuzz_target;

/// A file this process rewrites for every input.
fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("chachong-fuzz-sign-file-{}", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, edits)) = data.split_first() else {
        return;
    };
    let which = usize::from(which % 3);
    let bytes = chachong_fuzz::edited(&chachong_fuzz::seed_sign_files()[which], edits);
    let path = path();
    std::fs::write(path, &bytes).unwrap();
    // A batch's first place moves every place; near the top it overflows.
    let first = u32::from(edits.first().copied().unwrap_or(0)) << 24;
    match which {
        0 => {
            let _ = parquet_io::read_document_meta(path, first);
            if let Ok(rows) = parquet_io::read_documents(path, first, |_| true) {
                let sides: Vec<_> = rows.iter().map(|r| r.side()).collect();
                let pairs: Vec<(u32, u32)> = rows
                    .iter()
                    .zip(rows.iter().skip(1))
                    .map(|(a, b)| (a.doc, b.doc))
                    .collect();
                let _ = sign::verify(&sides, &pairs, &Default::default());
            }
        }
        1 => {
            let _ = parquet_io::read_bands(path, first);
        }
        _ => {
            let _ = parquet_io::read_sample(path, first);
        }
    }
});
