//! Writing a report folder whole or not at all.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "refusing to write the report into an input: {out} is inside {input} (choose another --out)"
    )]
    IntoInput { out: PathBuf, input: PathBuf },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Absolute, with `.` and `..` resolved as far as the file system allows.
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

/// Writes `files` (paths relative to `out`) as the folder `out`.
///
/// The files go into a fresh temporary folder beside `out`, each flushed to
/// disk; only when all are written does the folder replace `out` (an existing
/// `out` is moved aside first and removed after). A failure leaves any
/// previous `out` as it was. Refuses when `out` is an input or lies inside an
/// input folder.
pub fn write_files(
    out: &Path,
    files: &[(PathBuf, Vec<u8>)],
    inputs: &[PathBuf],
) -> Result<(), WriteError> {
    let out_abs = absolute(out);
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        let input_abs = absolute(input);
        if out_abs.starts_with(&input_abs) || input_abs.starts_with(&out_abs) {
            return Err(WriteError::IntoInput {
                out: out.to_path_buf(),
                input: input.clone(),
            });
        }
    }
    let parent = out_abs.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io(parent))?;
    let name = out_abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    let result = (|| {
        for (rel, bytes) in files {
            let path = tmp.join(rel);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(io(dir))?;
            }
            let mut f = fs::File::create(&path).map_err(io(&path))?;
            f.write_all(bytes).map_err(io(&path))?;
            f.sync_all().map_err(io(&path))?;
        }
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = out_abs.exists();
        if had_old {
            fs::rename(&out_abs, &old).map_err(io(&out_abs))?;
        }
        if let Err(e) = fs::rename(&tmp, &out_abs) {
            if had_old {
                let _ = fs::rename(&old, &out_abs);
            }
            return Err(io(&out_abs)(e));
        }
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_folder_and_refuses_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("reports/x");
        write_files(&out, &[("a.json".into(), b"1".to_vec())], &[]).unwrap();
        write_files(&out, &[("b.json".into(), b"2".to_vec())], &[]).unwrap();
        assert!(!out.join("a.json").exists());
        assert_eq!(fs::read(out.join("b.json")).unwrap(), b"2");
        let leftovers: Vec<_> = fs::read_dir(dir.path().join("reports")).unwrap().collect();
        assert_eq!(leftovers.len(), 1);

        let input = dir.path().join("corpus");
        fs::create_dir_all(&input).unwrap();
        let err =
            write_files(&input.join("reports"), &[], std::slice::from_ref(&input)).unwrap_err();
        assert!(matches!(err, WriteError::IntoInput { .. }));
    }
}
