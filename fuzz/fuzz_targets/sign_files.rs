//! The Parquet files `chachong sign` writes (the seeds signed whole),
//! edited by the fuzzer's bytes and read back as `verify --sign` and
//! `dups --engine spark` read them: through [`dir::checked_file`], which
//! must refuse every edited file by its CRC-32 before the parquet crate
//! decodes a byte (that crate can panic or spin on damaged pages, see
//! `parquet_io`), and pass the file as signed, which then reads whole and
//! verifies. An edit that leaves the bytes as they were is the file as
//! signed.
//!
//! The first byte picks the file (documents, bands, sample); the rest are
//! edits of it (`chachong_fuzz::edited`).
#![no_main]

use chachong::dups::sign::{self, dir, parquet_io};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, edits)) = data.split_first() else {
        return;
    };
    let which = usize::from(which % 3);
    let seed = chachong_fuzz::seed_sign_folder();
    let original = &seed.files[which];
    let bytes = chachong_fuzz::edited(original, edits);
    let path = dir::shard_file(&seed.dir, seed.info.shard, which);
    std::fs::write(&path, &bytes).unwrap();
    let checked = dir::checked_file(&seed.dir, &seed.info, which);
    std::fs::write(&path, original).unwrap();
    match checked {
        Err(e) => {
            assert!(&bytes != original, "the file as signed was refused: {e}");
            assert!(e.to_string().contains("damaged or replaced"), "{e}");
        }
        Ok(_) => {
            assert!(&bytes == original, "an edited file passed its CRC-32");
            // A batch's first place moves every place; past the top it
            // overflows, which is an error.
            if which == 0 {
                let first = u32::MAX - u32::from(edits.first().copied().unwrap_or(0) % 8);
                let last = u64::from(first) + seed.info.documents as u64 - 1;
                let read = parquet_io::read_document_meta(&path, first);
                assert_eq!(read.is_err(), last > u64::from(u32::MAX), "{read:?}");
            }
            match which {
                0 => {
                    let rows = parquet_io::read_documents(&path, 0, |_| true).unwrap();
                    let sides: Vec<_> = rows.iter().map(|r| r.side()).collect();
                    let pairs: Vec<(u32, u32)> = rows
                        .iter()
                        .zip(rows.iter().skip(1))
                        .map(|(a, b)| (a.doc, b.doc))
                        .collect();
                    sign::verify(&sides, &pairs, &Default::default()).unwrap();
                }
                1 => {
                    parquet_io::read_bands(&path, 0).unwrap();
                }
                _ => {
                    parquet_io::read_sample(&path, 0).unwrap();
                }
            }
        }
    }
});
