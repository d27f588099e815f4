//! Any bytes, read as a `.docx` file: a zip archive as it is, anything else
//! as the `word/document.xml` of an archive made around it (so the XML
//! reader, not only the zip reader, sees the input). No panic, no hang, and
//! every span of every document on the characters of its text.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        chachong_fuzz::read_and_check("input.docx", data);
        return;
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(data).unwrap();
    let archive = zip.finish().unwrap().into_inner();
    chachong_fuzz::read_and_check("input.docx", &archive);
});
