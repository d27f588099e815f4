//! Any bytes, as the text of a document and as a `--regions` mapping file:
//! no panic, no hang, every mention's span on the characters of the text,
//! and the weights of each level summing to 1 (or no region at all).
#![no_main]

use chachong::corpus::{Document, Format};
use chachong::regions::{Level, Mapping, tag};
use chachong::segment::Segmenter;
use chachong::{AnalyzeParams, Analyzed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mapping = Mapping::parse("regions.txt", &text).ok();
    let doc = Document::new("news/a.txt", Format::Text, text.as_ref());
    let (a, _) = Analyzed::new(doc, Segmenter::shared(), &AnalyzeParams::default());
    let chars = a.doc.chars();
    let r = tag(&a, mapping.as_ref());
    for m in &r.mentions {
        if let Some(s) = m.span {
            assert!(s.start < s.end && s.end <= chars, "{m:?} outside {chars} chars");
        }
    }
    for level in [Level::Province, Level::City] {
        let sum: f64 = r.at(level).map(|x| x.weight).sum();
        assert!(sum == 0.0 || (sum - 1.0).abs() < 1e-3, "{level:?} weights sum to {sum}");
    }
    assert!((0.0..=1.0).contains(&r.confidence));
});
