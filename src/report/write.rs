//! Writing an output folder whole or not at all, and never over anything
//! that is not chachong's own.
//!
//! [`write_files`] takes a destination and the files of one report (paths
//! relative to it) and gives either the new folder in place or an error with
//! the old one untouched. What it guarantees:
//!
//! - **Only its own folders are replaced.** The destination must be absent,
//!   an empty folder, or a folder holding an earlier report (it carries the
//!   marker file [`MARKER`]; reports written before the marker existed are
//!   recognised by their files). Anything else is refused unless `force`;
//!   nothing, not even `force`, replaces the working folder or one of its
//!   ancestors, an input, a folder holding an input, or writes inside an
//!   input.
//! - **Whole or not at all, through any kill.** The files are written and
//!   flushed into a temporary folder beside the destination, which then
//!   takes the destination's place in one atomic exchange (`renameat2` with
//!   `RENAME_EXCHANGE` on Linux), so at every instant the destination holds
//!   the old report or the new one. Where the file system cannot exchange,
//!   the old folder is moved aside first; a kill between the two renames
//!   leaves it aside, and the next run puts it back before doing anything.
//! - **One writer at a time.** Writers lock the destination's parent folder
//!   (an advisory lock, released at exit or kill), so two runs into one
//!   place take turns.
//! - **No litter.** Temporary and set-aside folders left by a killed run
//!   (they carry the marker too) are removed by the next run into the same
//!   place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file that marks a folder as a report chachong wrote and may replace.
pub const MARKER: &str = ".chachong-report";

/// The files a report of chachong 0.1 held before the marker existed.
const LEGACY_ENTRIES: [&str; 4] = ["index.html", "report.md", "report.json", "charts"];

/// Why a report could not be written. The refusals name the place and
/// why; the flag that chose it (`--out`, `--html`) is the caller's to name
/// ([`WriteError::refused`], [`WriteError::forceable`]). The I/O error is
/// printed here, not chained as a `source`, so that `{:#}` says it once.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: {err}", path.display())]
    Io { path: PathBuf, err: std::io::Error },
    #[error(
        "refusing to write into {}: it is inside the input {}",
        out.display(),
        input.display()
    )]
    InsideInput { out: PathBuf, input: PathBuf },
    #[error(
        "refusing to replace {}: it is or holds the input {}",
        out.display(),
        input.display()
    )]
    HoldsInput { out: PathBuf, input: PathBuf },
    #[error(
        "refusing to replace {}: it is the working folder or holds it",
        out.display()
    )]
    WorkingFolder { out: PathBuf },
    #[error(
        "refusing to replace {}: it is {what}, not a chachong report",
        out.display()
    )]
    NotAReport { out: PathBuf, what: String },
}

impl WriteError {
    /// Whether the place was refused (another place would do), rather than
    /// an I/O error.
    pub fn refused(&self) -> bool {
        !matches!(self, WriteError::Io { .. })
    }

    /// Whether replacing it anyway (`--force`) would go ahead.
    pub fn forceable(&self) -> bool {
        matches!(self, WriteError::NotAReport { .. })
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |err| WriteError::Io {
        path: path.to_path_buf(),
        err,
    }
}

/// Absolute, with `.`, `..` and links resolved as far as the file system
/// allows.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    // The folder may not exist yet: resolve its parent.
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// Writes `files` (paths relative to `out`) as the folder `out`, whole or
/// not at all; see the module doc for what it refuses and guarantees.
/// `force` allows replacing a folder or file that is not a report.
pub fn write_files(
    out: &Path,
    files: &[(PathBuf, Vec<u8>)],
    inputs: &[PathBuf],
    force: bool,
) -> Result<(), WriteError> {
    let out_abs = absolute(out);
    refuse_unsafe_places(out, &out_abs, inputs)?;
    let parent = out_abs.parent().unwrap_or(Path::new("/")).to_path_buf();
    let name = out_abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| WriteError::WorkingFolder {
            out: out.to_path_buf(),
        })?;
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    let lock = fs::File::open(&parent).map_err(io(&parent))?;
    lock.lock().map_err(io(&parent))?;

    recover(&parent, &name, &out_abs)?;
    if let Some(what) = not_a_report(&out_abs)
        && !force
    {
        return Err(WriteError::NotAReport {
            out: out.to_path_buf(),
            what,
        });
    }

    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_tree(&tmp, files).and_then(|()| swap_into_place(&tmp, &out_abs, &parent));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

/// Refuses the working folder and its ancestors, inputs, folders holding an
/// input, and places inside an input.
fn refuse_unsafe_places(out: &Path, out_abs: &Path, inputs: &[PathBuf]) -> Result<(), WriteError> {
    if let Ok(cwd) = std::env::current_dir().and_then(fs::canonicalize)
        && cwd.starts_with(out_abs)
    {
        return Err(WriteError::WorkingFolder {
            out: out.to_path_buf(),
        });
    }
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        let input_abs = absolute(input);
        if input_abs.starts_with(out_abs) {
            return Err(WriteError::HoldsInput {
                out: out.to_path_buf(),
                input: input.clone(),
            });
        }
        if out_abs.starts_with(&input_abs) {
            return Err(WriteError::InsideInput {
                out: out.to_path_buf(),
                input: input.clone(),
            });
        }
    }
    Ok(())
}

/// `None` when `path` may be replaced without `force` (absent, an empty
/// folder, or a report); else what it is, for the refusal.
fn not_a_report(path: &Path) -> Option<String> {
    let meta = match fs::symlink_metadata(path) {
        Err(_) => return None,
        Ok(m) => m,
    };
    if !meta.is_dir() {
        return Some("a file".into());
    }
    if is_report(path) {
        return None;
    }
    let entries: Vec<String> = match fs::read_dir(path) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(e) => return Some(format!("a folder that cannot be listed ({e})")),
    };
    if entries.is_empty() {
        return None;
    }
    Some(format!("a folder of {} entries", entries.len()))
}

/// A folder chachong wrote: it has the marker, or it holds only the files
/// of a report and a `report.json` that names chachong.
fn is_report(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    let Ok(rd) = fs::read_dir(dir) else {
        return false;
    };
    let mut names = Vec::new();
    for e in rd {
        let Ok(e) = e else { return false };
        names.push(e.file_name().to_string_lossy().into_owned());
    }
    let legacy = !names.is_empty() && names.iter().all(|n| LEGACY_ENTRIES.contains(&n.as_str()));
    legacy
        && fs::read(dir.join("report.json"))
            .is_ok_and(|b| b.starts_with(b"{\"chachong\":") || b.starts_with(b"{\n  \"chachong\":"))
}

/// Puts back a report a killed run had moved aside, and removes the
/// temporary and set-aside folders killed runs left (only those that carry
/// the marker). The caller holds the parent's lock, so no live writer owns
/// any of them.
fn recover(parent: &Path, name: &str, out: &Path) -> Result<(), WriteError> {
    let tmp_prefix = format!(".{name}.tmp-");
    let old_prefix = format!(".{name}.old-");
    let Ok(rd) = fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&tmp_prefix) || n.starts_with(&old_prefix)
        })
        .map(|e| e.path())
        .filter(|p| p.join(MARKER).is_file())
        .collect();
    leftovers.sort();
    for path in leftovers {
        let set_aside = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&old_prefix));
        if set_aside && fs::symlink_metadata(out).is_err() {
            fs::rename(&path, out).map_err(io(out))?;
        } else {
            fs::remove_dir_all(&path).map_err(io(&path))?;
        }
    }
    Ok(())
}

/// Writes the marker and `files` into a fresh folder `tmp`, each file
/// flushed to disk, then the folder itself.
fn write_tree(tmp: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let _ = fs::remove_dir_all(tmp);
    fs::create_dir_all(tmp).map_err(io(tmp))?;
    let marker = format!(
        "This folder is a report written by chachong {}; chachong may replace it.\n",
        crate::VERSION
    );
    let marker_file = (PathBuf::from(MARKER), marker.into_bytes());
    for (rel, bytes) in std::iter::once(&marker_file).chain(files) {
        let path = tmp.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let mut f = fs::File::create(&path).map_err(io(&path))?;
        f.write_all(bytes).map_err(io(&path))?;
        f.sync_all().map_err(io(&path))?;
    }
    sync_dir(tmp)
}

fn sync_dir(dir: &Path) -> Result<(), WriteError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))
}

/// Moves the finished folder `tmp` to `out`: a plain rename when `out` is
/// absent, else an atomic exchange (or, where the file system has none,
/// set-aside and rename), then removes the old report.
fn swap_into_place(tmp: &Path, out: &Path, parent: &Path) -> Result<(), WriteError> {
    let exists = fs::symlink_metadata(out).is_ok();
    if !exists {
        fs::rename(tmp, out).map_err(io(out))?;
        return sync_dir(parent);
    }
    if exchange(tmp, out).is_ok() {
        // `tmp` now holds the old report.
        sync_dir(parent)?;
        remove_any(tmp).map_err(io(tmp))?;
        return Ok(());
    }
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    // A set-aside report carries the marker so the next run can restore it.
    if out.is_dir() && !out.join(MARKER).exists() {
        let _ = fs::write(out.join(MARKER), b"set aside by chachong\n");
    }
    fs::rename(out, &old).map_err(io(out))?;
    if let Err(e) = fs::rename(tmp, out) {
        let _ = fs::rename(&old, out);
        return Err(io(out)(e));
    }
    sync_dir(parent)?;
    remove_any(&old).map_err(io(&old))
}

fn remove_any(path: &Path) -> std::io::Result<()> {
    if fs::symlink_metadata(path)?.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

/// Swaps two paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(name: &str, bytes: &[u8]) -> Vec<(PathBuf, Vec<u8>)> {
        vec![(name.into(), bytes.to_vec())]
    }

    #[test]
    fn replaces_its_own_report_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("reports/x");
        write_files(&out, &one("a.json", b"1"), &[], false).unwrap();
        write_files(&out, &one("b.json", b"2"), &[], false).unwrap();
        assert!(!out.join("a.json").exists());
        assert_eq!(fs::read(out.join("b.json")).unwrap(), b"2");
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = fs::read_dir(dir.path().join("reports")).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn refuses_inputs_both_ways_and_other_folders() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("corpus");
        fs::create_dir_all(&input).unwrap();
        let inputs = std::slice::from_ref(&input);
        let err = write_files(&input.join("r"), &[], inputs, true).unwrap_err();
        assert!(matches!(err, WriteError::InsideInput { .. }), "{err}");
        let err = write_files(dir.path(), &[], inputs, true).unwrap_err();
        assert!(matches!(err, WriteError::HoldsInput { .. }), "{err}");

        let mine = dir.path().join("mine");
        fs::create_dir_all(&mine).unwrap();
        fs::write(mine.join("notes.txt"), "keep").unwrap();
        let err = write_files(&mine, &one("a", b"1"), &[], false).unwrap_err();
        assert!(matches!(err, WriteError::NotAReport { .. }), "{err}");
        assert_eq!(fs::read(mine.join("notes.txt")).unwrap(), b"keep");
        write_files(&mine, &one("a", b"1"), &[], true).unwrap();
        assert!(!mine.join("notes.txt").exists());
    }

    #[test]
    fn a_killed_run_is_recovered_and_cleaned_up() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r");
        write_files(&out, &one("a", b"old"), &[], false).unwrap();
        // A kill between the two renames: the old report set aside, none in
        // place, and a half-written temporary folder.
        fs::rename(&out, dir.path().join(".r.old-99999")).unwrap();
        let stale = dir.path().join(".r.tmp-99998");
        fs::create_dir_all(&stale).unwrap();
        fs::write(stale.join(MARKER), "x").unwrap();
        let unrelated = dir.path().join(".r.tmp-notes");
        fs::create_dir_all(&unrelated).unwrap();
        recover(dir.path(), "r", &out).unwrap();
        assert_eq!(fs::read(out.join("a")).unwrap(), b"old");
        assert!(!stale.exists());
        assert!(
            unrelated.exists(),
            "a folder without the marker is not ours"
        );
    }
}
