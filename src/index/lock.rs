//! The writer lock of an index: writers of one index take turns.
//!
//! Takes an index path and gives a [`WriterLock`]: an advisory lock on the
//! file `INDEX.lock` beside it, held from before the old index is read
//! until the new one is renamed into place. Holding it, a writer removes
//! the temporary files a killed writer of the same index left
//! ([`WriterLock::remove_stale_temps`]). Readers never take it.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{IndexError, io_err};
use super::file::{folder_of, temp_prefix, write_atomic};

/// The writer lock of one index: an advisory lock ([`fs::File::lock`]) on
/// the file `INDEX.lock` beside it, never on the index itself (which is
/// replaced by rename, so a lock on it would guard a file no longer in
/// place). Take it before reading the old index and keep it until
/// [`WriterLock::write`] has renamed the new one into place and fsynced the
/// folder; dropping it releases it. The lock file is left in place:
/// removing it would let a waiting writer lock a file no longer in place.
#[derive(Debug)]
pub struct WriterLock {
    _file: fs::File,
    index: PathBuf,
    path: PathBuf,
}

impl WriterLock {
    /// Takes the writer lock of the index `index`. When another writer
    /// holds it, calls `waiting` with the lock file's path once, then waits.
    pub fn acquire(index: &Path, waiting: impl FnOnce(&Path)) -> Result<WriterLock, IndexError> {
        let name = index.file_name().ok_or_else(|| IndexError::Folder {
            path: index.to_path_buf(),
        })?;
        let mut lock_name = name.to_os_string();
        lock_name.push(".lock");
        let path = index.with_file_name(lock_name);
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                waiting(&path);
                file.lock().map_err(io_err(&path))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_err(&path)(e)),
        }
        Ok(WriterLock {
            _file: file,
            index: index.to_path_buf(),
            path,
        })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the temporary files a killed [`write_atomic`] of this index
    /// left beside it: names exactly `.{index name}.tmp-{pid}-{n}` (digits),
    /// nothing else. Holding the lock, no live chachong writer of this
    /// index has one open. Gives the files removed.
    pub fn remove_stale_temps(&self) -> Result<Vec<PathBuf>, IndexError> {
        let dir = folder_of(&self.index);
        let Some(name) = self.index.file_name().and_then(|n| n.to_str()) else {
            return Ok(Vec::new());
        };
        let prefix = temp_prefix(name);
        let mut removed = Vec::new();
        for entry in fs::read_dir(&dir).map_err(io_err(&dir))? {
            let entry = entry.map_err(io_err(&dir))?;
            let file_name = entry.file_name();
            let Some(rest) = file_name.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
                continue;
            };
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let is_temp = rest
                .split_once('-')
                .is_some_and(|(pid, n)| digits(pid) && digits(n));
            if is_temp && entry.file_type().is_ok_and(|t| t.is_file()) {
                let path = entry.path();
                match fs::remove_file(&path) {
                    Ok(()) => removed.push(path),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io_err(&path)(e)),
                }
            }
        }
        removed.sort();
        Ok(removed)
    }

    /// Writes `bytes` as this index with [`write_atomic`], under the lock.
    pub fn write(&self, bytes: &[u8]) -> Result<(), IndexError> {
        write_atomic(&self.index, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_removes_only_this_index_stale_temps() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("x.idx");
        let names = [
            ".x.idx.tmp-1-0",
            ".x.idx.tmp-123-45",
            ".x.idx.tmp-1-",
            ".x.idx.tmp--1",
            ".x.idx.tmp-1-0.keep",
            ".x.idx.tmp-a-0",
            ".y.idx.tmp-1-0",
            "x.idx.tmp-1-0",
        ];
        for n in names {
            fs::write(dir.path().join(n), b"x").unwrap();
        }
        let lock = WriterLock::acquire(&index, |_| panic!("no other writer")).unwrap();
        assert_eq!(lock.path(), dir.path().join("x.idx.lock"));
        let removed = lock.remove_stale_temps().unwrap();
        assert_eq!(
            removed,
            vec![
                dir.path().join(".x.idx.tmp-1-0"),
                dir.path().join(".x.idx.tmp-123-45")
            ]
        );
        for n in &names[2..] {
            assert!(dir.path().join(n).exists(), "{n}");
        }
        // A second lock in the same process waits for the first.
        let waited = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let t = s.spawn(|| {
                WriterLock::acquire(&index, |_| {
                    waited.store(true, std::sync::atomic::Ordering::SeqCst)
                })
                .map(|_| ())
            });
            std::thread::sleep(std::time::Duration::from_millis(300));
            lock.write(b"new").unwrap();
            drop(lock);
            t.join().unwrap().unwrap();
        });
        assert!(waited.load(std::sync::atomic::Ordering::SeqCst));
        assert_eq!(fs::read(&index).unwrap(), b"new");
    }
}
