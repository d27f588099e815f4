//! One file's bytes, under the size limits: from disk, stdin or memory.
//!
//! Takes a path (or `-` for stdin) and the [`ReadParams`]; gives the file's
//! bytes, gunzipped when they are gzip, never more than a limit allows:
//! reading stops as soon as it passes the document limit for a file that
//! is one document, or the file limit for JSONL (and for a `.txt` or stdin
//! whose head is JSONL), or the archive limit for a `.docx`. Only regular files are opened, a FIFO without
//! waiting for a writer. [`Opened`] is the input the streaming JSONL reader
//! reads too.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use super::budget::{Budget, Permit};
use super::format::{format_of, head_is_jsonl};
use super::limits::ReadParams;
use super::walk::not_regular;
use super::{Format, ReadError};

/// The first bytes of a gzip member.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The largest ratio of deflate: no gzip member inflates to more than this
/// many times its size (plus a header's worth).
const DEFLATE_MAX_RATIO: u64 = 1032;

/// The error of gzip data that does not inflate.
fn broken_gzip(path: &Path, e: std::io::Error) -> ReadError {
    ReadError::unusable(path, format!("broken gzip data: {e}"))
}

/// An input opened for reading, inflating gzip as it reads.
pub(super) struct Opened {
    path: PathBuf,
    input: std::io::Take<Box<dyn Read + Send>>,
    /// The size of the file on disk; `None` for stdin.
    pub(super) size: Option<u64>,
    /// Whether the bytes are gzip.
    pub(super) gzip: bool,
}

impl Opened {
    /// Opens a regular file, or stdin for `-`, and looks at its first bytes
    /// for gzip.
    pub(super) fn open(path: &Path) -> Result<Opened, ReadError> {
        let (mut raw, size): (Box<dyn BufRead + Send>, Option<u64>) = if path.as_os_str() == "-" {
            let stdin = std::io::stdin();
            (
                Box::new(std::io::BufReader::with_capacity(128 << 10, stdin)),
                None,
            )
        } else {
            let (file, size) = open_regular(path)?;
            (
                Box::new(std::io::BufReader::with_capacity(128 << 10, file)),
                Some(size),
            )
        };
        let gzip = raw
            .fill_buf()
            .map_err(|err| ReadError::Io {
                path: path.to_path_buf(),
                err,
            })?
            .starts_with(&GZIP_MAGIC);
        let input: Box<dyn Read + Send> = if gzip {
            Box::new(flate2::bufread::MultiGzDecoder::new(raw))
        } else {
            Box::new(raw)
        };
        Ok(Opened {
            path: path.to_path_buf(),
            input: input.take(u64::MAX),
            size,
            gzip,
        })
    }

    /// The path it was opened at (`-` for stdin).
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// What the input can hold at most, read and inflated.
    pub(super) fn most(&self) -> u64 {
        match self.size {
            Some(size) if self.gzip => size
                .saturating_mul(DEFLATE_MAX_RATIO)
                .saturating_add(64 << 10),
            Some(size) => size,
            None => u64::MAX,
        }
    }

    /// Reads no more than `n` bytes in all from now on.
    pub(super) fn limit(&mut self, n: u64) {
        self.input.set_limit(n);
    }

    /// Reads up to `want` more bytes onto the end of `buf`, and gives how
    /// many it read: fewer than `want` means the end of the input.
    pub(super) fn read_more(&mut self, buf: &mut Vec<u8>, want: u64) -> Result<usize, ReadError> {
        (&mut self.input)
            .take(want)
            .read_to_end(buf)
            .map_err(|err| {
                if self.gzip {
                    broken_gzip(&self.path, err)
                } else {
                    ReadError::Io {
                        path: self.path.clone(),
                        err,
                    }
                }
            })
    }
}

/// Opens a regular file for reading, and gives its size. A FIFO is opened
/// without waiting for a writer (`O_NONBLOCK`, which regular files ignore),
/// then refused like any other special file.
fn open_regular(path: &Path) -> Result<(std::fs::File, u64), ReadError> {
    let io = |err| ReadError::Io {
        path: path.to_path_buf(),
        err,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if let Some(reason) = not_regular(&meta.file_type()) {
        return Err(ReadError::unusable(path, reason));
    }
    Ok((file, meta.len()))
}

/// Reads a file (or stdin) whole, inflating gzip as it reads, under a
/// [`Permit`] of `budget` for what it holds. Stops as soon as the limit is
/// passed: the document limit for a file that is one document, the file
/// limit for JSONL (and for a `.txt` or stdin whose head is JSONL).
pub(super) fn read_bytes<'b>(
    path: &Path,
    params: &ReadParams,
    budget: &'b Budget,
) -> Result<(Vec<u8>, Permit<'b>), ReadError> {
    let stdin = path.as_os_str() == "-";
    let format = if stdin { None } else { format_of(path) };
    let jsonl = format == Some(Format::Jsonl);
    let max_file = params.max_file_bytes();
    let first_limit = match format {
        Some(Format::Jsonl) => max_file,
        // A Word archive holds images beside its text.
        Some(Format::Docx) => super::docx::max_part_bytes(params),
        _ => params.max_doc_bytes(),
    };
    let mut input = Opened::open(path)?;
    if !input.gzip && input.size.is_some_and(|size| size > max_file) {
        return Err(ReadError::unusable(path, params.too_large(false)));
    }
    let most = input.most();
    let mut permit = budget.acquire(most.min(first_limit));
    let mut raw = Vec::with_capacity(most.min(first_limit) as usize + 1);
    input.read_more(&mut raw, first_limit + 1)?;
    if raw.len() as u64 > first_limit {
        // A `.txt` or stdin may hold JSONL, which may be as long as a file.
        let sniffed = matches!(format, None | Some(Format::Text));
        if format == Some(Format::Docx) {
            return Err(ReadError::unusable(path, super::docx::too_large(params)));
        }
        if jsonl || !sniffed || first_limit >= max_file || !head_is_jsonl(&raw) {
            return Err(ReadError::unusable(path, params.too_large(!jsonl)));
        }
        drop(permit);
        permit = budget.acquire(most.min(max_file));
        let rest = max_file - raw.len() as u64 + 1;
        input.read_more(&mut raw, rest)?;
        if raw.len() as u64 > max_file {
            return Err(ReadError::unusable(path, params.too_large(false)));
        }
    }
    permit.shrink(raw.len() as u64);
    Ok((raw, permit))
}

/// A file's bytes given in memory, inflated when they are gzip: at most
/// `limit + 1` bytes, so that the caller sees when they pass `limit`.
pub(super) fn inflate_in_memory(
    path: &Path,
    bytes: Vec<u8>,
    limit: u64,
) -> Result<Vec<u8>, ReadError> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| broken_gzip(path, e))?;
    Ok(out)
}
