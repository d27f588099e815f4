//! Reading and writing index files: mapped, written whole.
//!
//! Takes a path and gives the file's bytes ([`read_file`] maps them), or
//! writes new bytes as the file whole or not at all ([`write_atomic`]: a temporary
//! file beside it, fsynced and renamed into place). Why mapping is safe
//! here is in the [`crate::index`] docs.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{IndexError, io_err};

/// An index file's bytes: memory-mapped from a file, or built in memory.
#[derive(Debug)]
pub enum IndexBytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl std::ops::Deref for IndexBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            IndexBytes::Mapped(m) => m,
            IndexBytes::Owned(v) => v,
        }
    }
}

/// Maps an index file into memory for `check` (an empty file gives empty
/// bytes; a folder is an error). See "Mapping, and why it is safe here"
/// above.
///
/// Mapping rather than reading means a check touches only the pages it
/// uses. The mapping stays valid while `index --add` replaces the file,
/// since that writes a new file and renames it over the old one: the old
/// file lives on until unmapped. Only a third party writing the file in
/// place could change the bytes under us; blocks are verified before use,
/// and a file whose length differs from its header's is refused on open.
pub fn read_file(path: &Path) -> Result<IndexBytes, IndexError> {
    let file = open_file(path)?;
    let len = file.metadata().map_err(io_err(path))?.len();
    if len == 0 {
        return Ok(IndexBytes::Owned(Vec::new()));
    }
    // SAFETY: chachong never writes an index file in place (see the module
    // doc), so the mapped bytes do not change while mapped.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io_err(path))?;
    Ok(IndexBytes::Mapped(map))
}

fn open_file(path: &Path) -> Result<fs::File, IndexError> {
    let file = fs::File::open(path).map_err(io_err(path))?;
    if file.metadata().map_err(io_err(path))?.is_dir() {
        return Err(IndexError::Folder {
            path: path.to_path_buf(),
        });
    }
    Ok(file)
}

pub(super) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// What every temporary file of the index named `name` starts with.
pub(super) fn temp_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Writes `bytes` as the file `path` whole or not at all: a temporary file
/// in the same folder is written and fsynced, renamed over `path`, and the
/// folder is fsynced so the rename itself is durable. On any failure the
/// temporary file is removed and the old `path` is untouched. The temporary
/// file is `.{name}.tmp-{pid}-{n}`; a writer killed mid-write leaves it,
/// and the next writer of the index folder removes it (`commit.rs`).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let tmp = write_temp(path, bytes)?;
    publish(&tmp, path)
}

/// Writes `bytes` to a new temporary file beside `path`
/// (`.{name}.tmp-{pid}-{n}`) and fsyncs it; gives its path. On failure
/// nothing is left behind.
pub(super) fn write_temp(path: &Path, bytes: &[u8]) -> Result<PathBuf, IndexError> {
    let dir = folder_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!("{}{}-{n}", temp_prefix(&name), std::process::id()));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io_err(&tmp))?;
        f.write_all(bytes).map_err(io_err(&tmp))?;
        f.sync_all().map_err(io_err(&tmp))?;
        Ok(())
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Renames the written temporary file `tmp` over `path` and fsyncs the
/// folder, so the rename itself survives a crash. On failure the
/// temporary file is removed and `path` is untouched.
pub(super) fn publish(tmp: &Path, path: &Path) -> Result<(), IndexError> {
    if let Err(e) = fs::rename(tmp, path) {
        let _ = fs::remove_file(tmp);
        return Err(io_err(path)(e));
    }
    // Some file systems refuse to fsync a folder; the data is already
    // safe then, so that is not an error.
    if let Ok(d) = fs::File::open(folder_of(path)) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.idx");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        let missing = dir.path().join("no/such/x.idx");
        assert!(write_atomic(&missing, b"x").is_err());
    }
}
