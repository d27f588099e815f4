//! How much reading may hold: the settings ([`ReadParams`]) and the
//! fixed bounds.
//!
//! Takes nothing; gives the limits the readers hold every file and document
//! to, and the reason a file or record over one is skipped with. Memory is
//! bounded on hostile input, whatever a file claims to be:
//! - a document holds at most [`MAX_DOC_BYTES`] of text (16 MiB; `dups`
//!   on one document peaks at 20 to 35 times its size). A file that is one
//!   document (Markdown, HTML, text, stdin) is refused as soon as reading or
//!   inflating passes the limit; a JSONL record (line) over it is skipped
//!   with its line, and the rest of the file still read.
//! - a file holds at most `ReadParams::max_file_bytes` after decompression
//!   (`--max-file-mib`, 2 GiB by default); only JSONL files (and a `.txt`
//!   or stdin that turns out to be JSONL) can reach it.
//! - documents read in parallel hold at most [`IN_FLIGHT_BYTES`] of text
//!   between them until analysed (one larger document is read alone), and a
//!   streamed JSONL file has a few batches of lines waiting at most.

/// The most text one document may hold, in bytes (UTF-8, after
/// decompression and decoding): 16 MiB, about 5.5 million Chinese
/// characters. The longest article of the Sina corpus is 51 KB; `dups` on a
/// 16 MiB document peaks at 0.30 GB (one character repeated) to 0.56 GB
/// (letters without a space); on 4 MiB of real articles at 0.12 GB.
pub const MAX_DOC_BYTES: u64 = 16 << 20;

/// The most document text held at once by parallel reads until each
/// document is analysed: two documents at the limit.
pub const IN_FLIGHT_BYTES: u64 = 2 * MAX_DOC_BYTES;

/// Settings for reading a corpus.
#[derive(Debug, Clone)]
pub struct ReadParams {
    /// Files (after decompression) larger than this are refused, so that one
    /// huge file cannot exhaust memory. Default 2 GiB. Files that are one
    /// document are also held to [`MAX_DOC_BYTES`].
    pub max_file_bytes: u64,
}

impl Default for ReadParams {
    fn default() -> Self {
        ReadParams {
            max_file_bytes: 2 << 30,
        }
    }
}

impl ReadParams {
    /// The most text bytes one document may hold: [`MAX_DOC_BYTES`], or the
    /// file limit when that is lower.
    pub fn max_doc_bytes(&self) -> u64 {
        self.max_file_bytes.min(MAX_DOC_BYTES)
    }

    /// The reason given for a file or record over a limit: the document
    /// limit (`doc`) or the file limit.
    pub(super) fn too_large(&self, doc: bool) -> String {
        if doc && self.max_doc_bytes() < self.max_file_bytes {
            format!(
                "too large: over the limit of {} MiB of text per document",
                self.max_doc_bytes() >> 20
            )
        } else {
            format!(
                "too large: over the limit of {} MiB per file",
                self.max_file_bytes >> 20
            )
        }
    }
}
