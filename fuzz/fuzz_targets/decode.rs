//! Any bytes through encoding detection and decoding: no panic, and text
//! that is refused or valid; a decoded text re-encodes to the same bytes
//! when the encoding was UTF-8.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((text, encoding)) = chachong::corpus::decode::decode(data) {
        if encoding == "UTF-8" {
            assert_eq!(text.as_bytes(), data);
        }
    }
    // The same bytes as a gzip-less `.txt` file through the whole reader.
    chachong_fuzz::read_and_check("input.txt", data);
});
