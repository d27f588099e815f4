//! A valid index of the seeds with its sections mutated by the fuzzer's
//! bytes and then sealed again with valid checksums: every stored value a
//! check uses must be validated, so a crafted file gives an error, never a
//! panic or a hang.
//!
//! The input is read as a list of edits `(section, op, position, value)`:
//! overwrite a byte, overwrite a little-endian u32, cut the section, or
//! insert bytes.
#![no_main]

use chachong::index::format::Writer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut sections: Vec<(u32, Vec<u8>)> = chachong_fuzz::seed_sections().to_vec();
    for edit in data.chunks(8) {
        let [s, op, p0, p1, p2, v0, v1, v2] = match *edit {
            [a, b, c, d, e, f, g, h] => [a, b, c, d, e, f, g, h],
            _ => break,
        };
        let n = sections.len();
        let (_, bytes) = &mut sections[s as usize % n];
        let at = u32::from_le_bytes([p0, p1, p2, 0]) as usize;
        let value = u32::from_le_bytes([v0, v1, v2, 0]);
        match op % 4 {
            0 if !bytes.is_empty() => {
                let i = at % bytes.len();
                bytes[i] = v0;
            }
            1 if bytes.len() >= 4 => {
                let i = (at % (bytes.len() / 4)) * 4;
                let v = if v2 & 1 == 1 { u32::MAX - value } else { value };
                bytes[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
            2 => bytes.truncate(at % (bytes.len() + 1)),
            _ => {
                let i = at % (bytes.len() + 1);
                bytes.splice(i..i, [v0, v1, v2]);
            }
        }
    }
    let mut w = Writer::default();
    for (kind, bytes) in sections {
        w.section(kind, bytes);
    }
    chachong_fuzz::check_against(&w.finish(), chachong_fuzz::copying_draft());
});
