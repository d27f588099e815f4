//! Any bytes as an index file, and a draft checked against it: an error,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    chachong_fuzz::check_against(data, chachong_fuzz::copying_draft());
});
