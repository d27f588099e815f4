//! Any bytes, read as a `.md` file: no panic, no hang, and every span of
//! every document on the characters of its text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    chachong_fuzz::read_and_check("input.md", data);
});
