//! What `chachong verify --settings JSON` reads on stdin from the Spark
//! job: JSON lines, each a candidate pair carrying both documents. Any
//! bytes give kept pairs or an error, never a panic or a hang: a line that
//! is not a pair, a side with neither characters nor words, a place
//! carried twice with two texts, characters where the settings say words.
//!
//! The first byte picks the settings (characters or words); the rest are
//! the lines.
#![no_main]

use chachong::ParamGuard;
use chachong::dups::DupsParams;
use chachong::dups::sign::{self, CarriedPair, Side};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&how, lines)) = data.split_first() else {
        return;
    };
    let params = DupsParams {
        shingle_words: how % 2 == 1,
        shingle: usize::from(how >> 1) % 8 + 1,
        ..DupsParams::default()
    };
    let Ok(params) = params.check() else {
        return;
    };
    let mut pairs = Vec::new();
    let mut sides: Vec<Side> = Vec::new();
    for line in lines.split(|&b| b == b'\n') {
        let Ok(pair) = serde_json::from_slice::<CarriedPair>(line) else {
            continue;
        };
        pairs.push((pair.a.doc, pair.b.doc));
        sides.push(pair.a.into());
        sides.push(pair.b.into());
    }
    let _ = sign::verify(&sides, &pairs, &params);
});
