//! Where an index may be written: never over an input or another file.
//!
//! Takes the output path and the inputs of `chachong index` and gives an
//! error when writing there would destroy input or a file that is not an
//! index ([`check_output`]), before anything is read or written.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{IndexError, io_err};
use super::file::folder_of;
use super::format;

/// Refuses an `index` output that would destroy input or another file:
/// `output` naming an input (or the same folder entry by another spelling:
/// `./in.jsonl`, a symlinked folder), lying inside an input folder, being a
/// folder that is neither an index folder nor empty, or existing as a file
/// (an index of the single-file format included: it cannot become a
/// folder in place), and an output whose folder does not exist. Checked
/// before anything is read or written.
pub fn check_output(output: &Path, inputs: &[PathBuf]) -> Result<(), IndexError> {
    let out = entry_path(output);
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        let Ok(canon) = fs::canonicalize(input) else {
            continue;
        };
        let Some(out) = &out else { continue };
        if *out == canon || entry_path(input).as_ref() == Some(out) {
            return Err(IndexError::OutputIsInput {
                path: output.to_path_buf(),
            });
        }
        if canon.is_dir() && out.starts_with(&canon) {
            return Err(IndexError::OutputInInput {
                path: output.to_path_buf(),
                input: input.clone(),
            });
        }
    }
    let folder = folder_of(output);
    if !folder.is_dir() {
        return Err(IndexError::NoFolder {
            path: output.to_path_buf(),
            folder,
        });
    }
    match fs::metadata(output) {
        Ok(m) if m.is_dir() => {
            let empty = fs::read_dir(output)
                .map_err(io_err(output))?
                .next()
                .is_none();
            if empty || super::is_index_folder(output) {
                Ok(())
            } else {
                Err(IndexError::NotAnIndexFolder {
                    path: output.to_path_buf(),
                })
            }
        }
        Ok(m) => {
            use std::io::Read;
            let mut head = Vec::with_capacity(format::MAGIC.len());
            fs::File::open(output)
                .and_then(|f| f.take(format::MAGIC.len() as u64).read_to_end(&mut head))
                .map_err(io_err(output))?;
            if m.len() > 0 && format::has_magic(&head) {
                Err(IndexError::SingleFile {
                    path: output.to_path_buf(),
                })
            } else {
                Err(IndexError::NotAnIndexFile {
                    path: output.to_path_buf(),
                })
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_err(output)(e)),
    }
}

/// The folder entry `path` names, as an absolute path with its folder
/// resolved (the last component kept as it is, symlink or not): what a
/// rename onto `path` replaces. Folders that do not exist yet are kept as
/// written below the nearest one that does. `None` for a path without a
/// file name (`..`, `/`).
fn entry_path(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let mut parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut missing = Vec::new();
    loop {
        if let Ok(mut resolved) = fs::canonicalize(&parent) {
            resolved.extend(missing.iter().rev());
            resolved.push(name);
            return Some(resolved);
        }
        missing.push(parent.file_name()?.to_os_string());
        parent = match parent.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::IndexData;

    const A: &str = "中国工业互联网研究院主要承担与工业互联网相关的发展战略。";

    #[test]
    fn output_naming_an_input_or_a_non_index_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        fs::create_dir(p.join("corpus")).unwrap();
        fs::write(p.join("corpus/a.txt"), A).unwrap();
        fs::write(p.join("notes.txt"), "notes").unwrap();
        fs::write(p.join("old.idx"), IndexData::default().to_bytes()).unwrap();
        fs::create_dir(p.join("empty.idx")).unwrap();
        fs::create_dir(p.join("other")).unwrap();
        fs::write(p.join("other/x"), "x").unwrap();
        let inputs = [p.join("corpus"), p.join("notes.txt")];
        let err = |out: PathBuf| check_output(&out, &inputs).unwrap_err();
        assert!(matches!(
            err(p.join("corpus/../notes.txt")),
            IndexError::OutputIsInput { .. }
        ));
        assert!(matches!(
            err(p.join("corpus/sub/x.idx")),
            IndexError::OutputInInput { .. }
        ));
        assert!(matches!(
            err(p.join("corpus/x.idx")),
            IndexError::OutputInInput { .. }
        ));
        assert!(matches!(
            err(p.join("corpus")),
            IndexError::OutputIsInput { .. }
        ));
        let other = [p.join("corpus/a.txt")];
        assert!(matches!(
            check_output(&p.join("notes.txt"), &other).unwrap_err(),
            IndexError::NotAnIndexFile { .. }
        ));
        assert!(matches!(
            check_output(&p.join("old.idx"), &inputs).unwrap_err(),
            IndexError::SingleFile { .. }
        ));
        assert!(matches!(
            check_output(&p.join("other"), &inputs).unwrap_err(),
            IndexError::NotAnIndexFolder { .. }
        ));
        assert!(check_output(&p.join("empty.idx"), &inputs).is_ok());
        assert!(check_output(&p.join("new.idx"), &inputs).is_ok());
        assert!(check_output(&p.join("c.idx"), &[PathBuf::from("-")]).is_ok());
        assert!(matches!(
            check_output(&p.join("no/c.idx"), &[]).unwrap_err(),
            IndexError::NoFolder { .. }
        ));
    }
}
