//! Inputs to files: walking folders, and the ids documents get.
//!
//! Takes the inputs as given (files, folders, `-` for stdin) and gives the
//! files to read, in input order, each with the id its documents get
//! ([`Found`]), and the inputs that cannot be read ([`Skipped`]). Folders
//! are walked with walkdir: sorted by name, hidden entries skipped, symbolic
//! links followed. A link that leads back to a folder being walked (a loop)
//! and a file already found under another path (same device and inode: a
//! link, a hard link, an input given twice) are listed as skipped, so no
//! file is ever read twice. Only regular files are read, and stdin only as
//! `-`: a FIFO, socket or device is skipped with the reason.
//!
//! Once read, [`finish_ids`] makes every document's id safe to print and
//! unique.

use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use super::Skipped;
use super::format::format_of;

/// One file found under the inputs, with the id prefix it will get.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub(super) path: PathBuf,
    /// The document id: for a file in a folder input, the folder's name and
    /// the path below it; for a file input, the path as given.
    pub(super) id: String,
}

impl Found {
    /// A file input (or `-`), with its path as given for an id.
    pub(super) fn given(path: &Path) -> Found {
        Found {
            path: path.to_path_buf(),
            id: id_as_given(path),
        }
    }
}

/// A file that is not read, and why.
pub(super) fn skip(path: &Path, reason: impl Into<String>) -> Skipped {
    Skipped {
        path: path.to_path_buf(),
        line: None,
        reason: reason.into(),
    }
}

/// What tells one file from another, whatever path it was reached by.
#[cfg(unix)]
type FileKey = (u64, u64);
#[cfg(not(unix))]
type FileKey = PathBuf;

#[cfg(unix)]
fn file_key(_path: &Path, meta: &std::fs::Metadata) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_key(path: &Path, _meta: &std::fs::Metadata) -> Option<FileKey> {
    path.canonicalize().ok()
}

/// The files found so far, by [`FileKey`], with the path each was found at.
#[derive(Default)]
struct Seen(FxHashMap<FileKey, PathBuf>);

impl Seen {
    /// `None` the first time a file is met; else the reason to skip it.
    fn again(&mut self, path: &Path, meta: &std::fs::Metadata) -> Option<String> {
        let key = file_key(path, meta)?;
        match self.0.get(&key) {
            Some(first) => Some(format!("the same file as {}, read once", first.display())),
            None => {
                self.0.insert(key, path.to_path_buf());
                None
            }
        }
    }
}

/// The files under `inputs`, in input order, and the inputs that could not
/// be used.
pub(super) fn find_inputs(inputs: &[PathBuf]) -> (Vec<Found>, Vec<Skipped>) {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let mut seen = Seen::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            found.push(Found::given(input));
            continue;
        }
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                skipped.push(skip(input, e.to_string()));
                continue;
            }
        };
        if meta.is_dir() {
            walk_dir(input, &mut found, &mut skipped, &mut seen);
        } else if let Some(reason) = not_regular(&meta.file_type()) {
            skipped.push(skip(input, reason));
        } else if let Some(reason) = seen.again(input, &meta) {
            skipped.push(skip(input, reason));
        } else {
            found.push(Found::given(input));
        }
    }
    (found, skipped)
}

/// The id of a file input: its path as given, with `/` between components
/// and no leading `./`.
fn id_as_given(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = if cfg!(windows) {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    };
    let mut t = s.as_str();
    while let Some(rest) = t.strip_prefix("./") {
        t = rest.trim_start_matches('/');
    }
    if t.is_empty() { s } else { t.to_string() }
}

/// The name a folder input gives its files' ids: its last component as
/// given, or for `.`, `..` and the like its real name. Empty for `/`.
fn root_name(root: &Path) -> String {
    let name = match root.file_name() {
        Some(name) => Some(name.to_os_string()),
        None => root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_os_string())),
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Adds the readable files under the folder `root` to `found`, and what is
/// not read to `skipped`.
fn walk_dir(root: &Path, found: &mut Vec<Found>, skipped: &mut Vec<Skipped>, seen: &mut Seen) {
    let name = root_name(root);
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                skipped.push(walk_error(root, &e));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() {
            continue;
        }
        if let Some(reason) = not_read(&entry, seen) {
            skipped.push(skip(path, reason));
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path);
        let mut id = name.clone();
        for c in rel.components() {
            if !id.is_empty() {
                id.push('/');
            }
            id.push_str(&c.as_os_str().to_string_lossy());
        }
        found.push(Found {
            path: path.to_path_buf(),
            id,
        });
    }
}

/// The skipped entry for an error of the walk under `root`.
fn walk_error(root: &Path, e: &walkdir::Error) -> Skipped {
    let path = e.path().unwrap_or(root);
    let reason = match (e.loop_ancestor(), e.io_error()) {
        (Some(ancestor), _) => format!(
            "symbolic link loop: leads back to {}, not followed",
            ancestor.display()
        ),
        (None, Some(io)) => io.to_string(),
        (None, None) => e.to_string(),
    };
    skip(path, reason)
}

/// Why a file met in a folder is not read: a special file, an extension no
/// reader takes, a file already found; `None` when it is read.
fn not_read(entry: &walkdir::DirEntry, seen: &mut Seen) -> Option<String> {
    let path = entry.path();
    if let Some(reason) = not_regular(&entry.file_type()) {
        return Some(reason);
    }
    if format_of(path).is_none() {
        return Some("unknown extension: no reader for this kind of file".into());
    }
    match entry.metadata() {
        Ok(meta) => seen.again(path, &meta),
        Err(e) => Some(
            e.io_error()
                .map_or_else(|| e.to_string(), |io| io.to_string()),
        ),
    }
}

/// Why a file of this type is not read: `None` for a regular file.
pub(super) fn not_regular(kind: &std::fs::FileType) -> Option<String> {
    if kind.is_file() {
        return None;
    }
    let what = if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        special_kind(kind)
    };
    Some(format!("not a regular file: {what}"))
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_kind: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Makes ids safe and unique, in order: control characters (and the
/// characters that rearrange a printed line) are escaped as `\u{..}`, the
/// same way [`crate::safe::terminal`] shows them, so an id can never act on
/// a terminal or hide from one; then an id already given gets the first of
/// `#2`, `#3`, ... that is neither another document's own id nor given
/// before, so a suffix never makes a duplicate.
pub(super) fn finish_ids<'a>(ids: impl Iterator<Item = &'a mut String>) {
    let mut ids: Vec<&mut String> = ids.collect();
    for id in ids.iter_mut() {
        if let std::borrow::Cow::Owned(safe) = crate::safe::terminal(id) {
            **id = safe;
        }
    }
    let own: FxHashSet<String> = ids.iter().map(|id| id.to_string()).collect();
    let mut given: FxHashSet<String> = Default::default();
    let mut next: FxHashMap<String, u32> = Default::default();
    for id in ids {
        if given.insert(id.clone()) {
            continue;
        }
        let n = next.entry(id.clone()).or_insert(2);
        let unique = loop {
            let candidate = format!("{id}#{n}");
            *n += 1;
            if !own.contains(&candidate) && !given.contains(&candidate) {
                break candidate;
            }
        };
        given.insert(unique.clone());
        *id = unique;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_escaped_and_suffixes_skip_taken_names() {
        let mut ids: Vec<String> = ["a", "a", "a#2", "a", "x\u{1b}[2J", "x\\u{1b}[2J"]
            .map(String::from)
            .to_vec();
        finish_ids(ids.iter_mut());
        assert_eq!(
            ids,
            ["a", "a#3", "a#2", "a#4", "x\\u{1b}[2J", "x\\u{1b}[2J#2"]
        );
    }

    #[test]
    fn file_inputs_are_named_as_given() {
        assert_eq!(Found::given(Path::new("./././a/b.txt")).id, "a/b.txt");
        assert_eq!(Found::given(Path::new("-")).id, "-");
        assert_eq!(Found::given(Path::new("./")).id, "./");
    }
}
