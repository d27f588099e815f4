//! How much reading may hold: the settings ([`ReadParams`], checked) and the
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
//! - a file holds at most [`ReadParams::max_file_mib`] after decompression
//!   (`--max-file-mib`, 2 GiB by default); only JSONL files (and a `.txt`
//!   or stdin that turns out to be JSONL) can reach it.
//! - documents read in parallel hold at most [`IN_FLIGHT_BYTES`] of text
//!   between them until analysed (one larger document is read alone), and a
//!   streamed JSONL file has a few batches of lines waiting at most.

use std::ops::RangeInclusive;

use crate::params::ParamGuard;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadParams {
    /// Files (after decompression) larger than this many MiB are refused, so
    /// that one huge file cannot exhaust memory. Default 2048 (2 GiB); valid
    /// [`ReadParams::MAX_FILE_MIB`]. Files that are one document are also
    /// held to [`MAX_DOC_BYTES`].
    pub max_file_mib: u64,
}

impl Default for ReadParams {
    fn default() -> Self {
        ReadParams { max_file_mib: 2048 }
    }
}

/// Bad reading settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadParamsError {
    #[error(
        "max_file_mib must be {} to {} (64 GiB), not {}",
        ReadParams::MAX_FILE_MIB.start(),
        ReadParams::MAX_FILE_MIB.end(),
        .0
    )]
    MaxFileMib(u64),
}

impl ParamGuard for ReadParams {
    type Error = ReadParamsError;

    fn validate(&self) -> Result<(), ReadParamsError> {
        if !Self::MAX_FILE_MIB.contains(&self.max_file_mib) {
            return Err(ReadParamsError::MaxFileMib(self.max_file_mib));
        }
        Ok(())
    }
}

impl ReadParams {
    /// The values [`ReadParams::max_file_mib`] may take: at least 1 MiB, so
    /// that a limit named in whole MiB is never 0, and at most 64 GiB.
    pub const MAX_FILE_MIB: RangeInclusive<u64> = 1..=65536;

    /// The most bytes one file may hold after decompression.
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_mib << 20
    }

    /// The most text bytes one document may hold: [`MAX_DOC_BYTES`], or the
    /// file limit when that is lower.
    pub fn max_doc_bytes(&self) -> u64 {
        self.max_file_bytes().min(MAX_DOC_BYTES)
    }

    /// The reason given for a file or record over a limit: the document
    /// limit (`doc`) or the file limit.
    pub(super) fn too_large(&self, doc: bool) -> String {
        if doc && self.max_doc_bytes() < self.max_file_bytes() {
            format!(
                "too large: over the limit of {} MiB of text per document",
                self.max_doc_bytes() >> 20
            )
        } else {
            format!(
                "too large: over the limit of {} MiB per file",
                self.max_file_mib
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_pass_their_check() {
        let params = ReadParams::default().check().unwrap();
        assert_eq!(params.max_file_bytes(), 2 << 30);
        assert_eq!(params.max_doc_bytes(), MAX_DOC_BYTES);
    }

    #[test]
    fn a_file_limit_out_of_range_is_refused() {
        for bad in [0, 65537, u64::MAX >> 20, u64::MAX] {
            let err = ReadParams { max_file_mib: bad }.check().unwrap_err();
            assert_eq!(err, ReadParamsError::MaxFileMib(bad));
            assert_eq!(
                err.to_string(),
                format!("max_file_mib must be 1 to 65536 (64 GiB), not {bad}")
            );
        }
        for good in [1, 16, 65536] {
            assert!(ReadParams { max_file_mib: good }.check().is_ok());
        }
    }

    #[test]
    fn a_low_file_limit_lowers_the_document_limit() {
        let one = ReadParams { max_file_mib: 1 };
        assert_eq!(one.max_doc_bytes(), 1 << 20);
        assert_eq!(
            one.too_large(true),
            "too large: over the limit of 1 MiB per file"
        );
        let default = ReadParams::default();
        assert_eq!(
            default.too_large(true),
            "too large: over the limit of 16 MiB of text per document"
        );
        assert_eq!(
            default.too_large(false),
            "too large: over the limit of 2048 MiB per file"
        );
    }
}
