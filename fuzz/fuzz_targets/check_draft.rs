//! Any bytes as a draft (the first byte picks Markdown, HTML or text),
//! checked against a valid index of the seeds: no panic, and every span
//! reported lies inside the draft and its source.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let name = ["draft.md", "draft.html", "draft.txt"][kind as usize % 3];
    let docs = chachong_fuzz::read_and_check(name, rest);
    let index = chachong_fuzz::seed_index();
    let view = chachong::index::Snapshot::of_view(
        chachong::index::IndexView::new(index).expect("the seed index is valid"),
    );
    for draft in docs {
        let chars = draft.text.chars().count() as u32;
        let Ok(report) =
            chachong::check::check(&view, draft, None, &chachong::Checked::default())
        else {
            panic!("a valid index gave an error");
        };
        for p in &report.passages {
            assert!(p.draft.start < p.draft.end && p.draft.end <= chars);
        }
    }
});
