//! The manifest of an index folder holding one valid segment of the
//! seeds, edited by the fuzzer's bytes: opening it and checking a draft
//! against it gives an error or an answer, never a panic, a hang or a file
//! read outside the folder.
//!
//! The input is read as edits `(op, position, position, value)` of the
//! valid manifest's JSON text: overwrite a byte, insert one, or cut the
//! text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A folder with the seeds' index written once per process, and the valid
/// manifest naming it; each input replaces only the manifest.
fn folder() -> &'static (std::path::PathBuf, Vec<u8>) {
    static DIR: OnceLock<(std::path::PathBuf, Vec<u8>)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!(
            "chachong-fuzz-manifest-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let bytes = chachong_fuzz::seed_index();
        std::fs::write(dir.join("seg-00000001.idx"), bytes).unwrap();
        let view = chachong::index::IndexView::new(bytes).expect("the seed index is valid");
        let mut m = chachong::index::Manifest::new(view.params.clone().into_inner());
        m.segments.push(chachong::index::SegmentMeta {
            file: "seg-00000001.idx".into(),
            docs: view.len() as u32,
            checksum: view.checksum,
            bytes: bytes.len() as u64,
            deleted: vec![1],
        });
        m.next_segment = 2;
        (dir, m.to_bytes())
    })
}

fuzz_target!(|data: &[u8]| {
    let (dir, valid) = folder();
    let text = chachong_fuzz::edited(valid, data);
    std::fs::write(dir.join("manifest.json"), &text).unwrap();
    let Ok(index) = chachong::index::Index::open(dir) else {
        return;
    };
    let Ok(snap) = index.snapshot() else {
        return;
    };
    for d in snap.live_docs().take(64) {
        let _ = snap.document(d);
    }
    let _ = snap.find_id("x");
    let _ = chachong::check::check(
        &snap,
        chachong_fuzz::copying_draft(),
        None,
        &chachong::Checked::default(),
    );
});
