//! The writer lock of an index folder: writers of one index take turns.
//!
//! Takes an index folder and gives a [`WriterLock`]: an advisory lock on
//! the file `LOCK` inside it, held by a writer from before it reads the
//! manifest until the new manifest is renamed into place. Readers never
//! take it.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{IndexError, io_err};
use super::segments::LOCK;

/// The writer lock of one index folder: an advisory lock
/// ([`fs::File::lock`]) on `INDEX/LOCK`, never on the manifest (which is
/// replaced by rename, so a lock on it would guard a file no longer in
/// place). Dropping it releases it; the lock file is left in place, since
/// removing it would let a waiting writer lock a file no longer in place.
/// The operating system releases it when its process dies, so a killed
/// writer never leaves the index locked.
#[derive(Debug)]
pub struct WriterLock {
    _file: fs::File,
    path: PathBuf,
}

impl WriterLock {
    /// Takes the writer lock of the index folder `dir`. When another
    /// writer holds it, calls `waiting` with the lock file's path once,
    /// then waits.
    pub fn acquire(dir: &Path, waiting: impl FnOnce(&Path)) -> Result<WriterLock, IndexError> {
        let path = dir.join(LOCK);
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
        Ok(WriterLock { _file: file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let lock = WriterLock::acquire(dir.path(), |_| panic!("no other writer")).unwrap();
        assert_eq!(lock.path(), dir.path().join("LOCK"));
        let waited = std::sync::atomic::AtomicBool::new(false);
        let released = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let t = s.spawn(|| {
                let l = WriterLock::acquire(dir.path(), |_| {
                    waited.store(true, std::sync::atomic::Ordering::SeqCst)
                });
                // It only gets the lock once the first is dropped.
                assert!(released.load(std::sync::atomic::Ordering::SeqCst));
                l.map(|_| ())
            });
            std::thread::sleep(std::time::Duration::from_millis(300));
            released.store(true, std::sync::atomic::Ordering::SeqCst);
            drop(lock);
            t.join().unwrap().unwrap();
        });
        assert!(waited.load(std::sync::atomic::Ordering::SeqCst));
    }
}
