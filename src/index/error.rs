//! Why an index could not be read, used or written ([`IndexError`]).

use std::path::{Path, PathBuf};

use crate::safe::terminal;

use super::format::FormatError;

/// Why an index could not be read, used or written.
///
/// Each message names the file and says the reason once: no variant has a
/// `source` (anyhow's `{:#}` would print the reason a second time), and
/// paths and reasons are shown through [`crate::safe::terminal`].
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{}: {}", shown(path), terminal(&err.to_string()))]
    Io { path: PathBuf, err: std::io::Error },
    #[error("{}: {}", shown(path), terminal(&err.to_string()))]
    Format { path: PathBuf, err: FormatError },
    #[error(
        "{}: index was built with other settings ({what}); rebuild it instead of --add",
        shown(path)
    )]
    Settings { path: PathBuf, what: String },
    #[error("{}: is an input; refusing to write the index over it", shown(path))]
    OutputIsInput { path: PathBuf },
    #[error(
        "{}: is inside the input folder {}; refusing to write the index there",
        shown(path),
        shown(input)
    )]
    OutputInInput { path: PathBuf, input: PathBuf },
    #[error(
        "{}: exists and is not a chachong index; refusing to replace it (remove it or write the index elsewhere)",
        shown(path)
    )]
    NotAnIndexFile { path: PathBuf },
    #[error("{}: is a folder, not an index file", shown(path))]
    Folder { path: PathBuf },
    #[error(
        "{}: is a folder that is not a chachong index (no manifest.json); refusing to write into it (choose another path, or an empty folder)",
        shown(path)
    )]
    NotAnIndexFolder { path: PathBuf },
    #[error(
        "{}: is an index of the single-file format, which takes no additions or deletions; rebuild it as an index folder with `chachong index CORPUS... -o NEW` (or remove it first)",
        shown(path)
    )]
    SingleFile { path: PathBuf },
    #[error("{}: the folder {} does not exist", shown(path), shown(folder))]
    NoFolder { path: PathBuf, folder: PathBuf },
    #[error(
        "{}: the index holds no documents, so every draft would pass; rebuild it from a corpus with `chachong index`",
        shown(path)
    )]
    Empty { path: PathBuf },
}

/// A path as it may be printed on a terminal.
fn shown(path: &Path) -> String {
    terminal(&path.to_string_lossy()).into_owned()
}

pub(super) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |err| IndexError::Io {
        path: path.to_path_buf(),
        err,
    }
}

/// A [`FormatError`] of the index file `path`.
pub fn format_err(path: &Path) -> impl FnOnce(FormatError) -> IndexError + '_ {
    move |err| IndexError::Format {
        path: path.to_path_buf(),
        err,
    }
}
