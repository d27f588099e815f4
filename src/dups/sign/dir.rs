//! A sign folder: the files of one or more shards, each shard written whole
//! or not at all, and read back only when every shard is there.
//!
//! [`write_shard`] takes a folder, a [`ShardInfo`] and the shard's
//! [`Signed`] rows and gives `documents-I-of-N.parquet`,
//! `bands-I-of-N.parquet`, `sample-I-of-N.parquet` and `sign-I-of-N.json`
//! (settings, format, shard, counts, a batch's input files, each file's
//! CRC-32, which [`checked_file`] checks before a reader decodes it).
//! Each file is written to a temporary name in the folder, flushed, then
//! renamed; the JSON last, so a shard is complete exactly when its JSON is
//! there, and a killed run leaves no shard half-written (its temporary files,
//! `.NAME.tmp-PID`, are ignored and removed by the next run). One JSON per
//! shard rather than one `sign.json`: N machines write into one shared
//! folder without a coordinator, and no file has two writers.
//!
//! It refuses a folder holding anything but sign files, and a folder whose
//! shards were signed with other settings or another shard count (mixing
//! them would pair rows made differently). [`read_shards`] takes a folder
//! and gives its settings and shards, or an error naming the shard that is
//! missing, so a partial folder is never taken for a whole corpus.
//! [`first_places`] gives where each shard's places start: batches are
//! signed by any number of machines at once, none knowing how many
//! documents the batches before its own hold.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::parquet_io::{self, FileError};
use super::{Shard, SignSettings, Signed};

/// What `sign-I-of-N.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// `chachong` and its version, as every JSON output starts.
    pub chachong: String,
    pub settings: SignSettings,
    pub shard: Shard,
    /// Documents of the shard, and those taking part (with bands).
    pub documents: usize,
    pub taking_part: usize,
    /// Rows of the bands and sample files.
    pub bands: usize,
    pub sample: usize,
    /// [`super::min_shared_table`] of the shard's rows.
    pub min_shared: Vec<u32>,
    /// `None` for a shard by place (`--shard I/N`: the places `p` with
    /// `p mod N = I`); `Some(K)` for a batch (`--batch-files K`: shard `I`
    /// holds the documents of the `I`-th run of K input files, its files
    /// counting places from 0; see [`first_places`]).
    pub batch_files: Option<usize>,
    /// The input files of a batch, as they were read (empty for a shard by
    /// place): a run that goes on, or another machine signing other
    /// batches into the folder, checks that it cut the corpus the same way.
    #[serde(default)]
    pub files: Vec<String>,
    /// CRC-32 of the documents, bands and sample files as written, set by
    /// [`write_shard`]: [`checked_file`] refuses a file damaged or replaced
    /// since, before the parquet crate decodes a byte of it (that crate is
    /// not safe on damaged pages: it can panic or spin; see
    /// [`parquet_io`]). It detects damage, not a forger who rewrites
    /// the record too.
    #[serde(default)]
    pub crc32: [u32; 3],
}

/// Whether two shards can stand in one folder: the same settings, count
/// and way of splitting; else what differs.
fn mismatch(a: &ShardInfo, b: &ShardInfo) -> Option<String> {
    if a.settings != b.settings {
        Some("with other settings".into())
    } else if a.shard.count != b.shard.count {
        Some(format!(
            "as {} shards, not {}",
            a.shard.count, b.shard.count
        ))
    } else if a.batch_files != b.batch_files {
        Some("split another way (--shard or --batch-files)".into())
    } else {
        None
    }
}

/// The files of a shard: documents, bands, sample, and the JSON.
pub fn file_names(shard: Shard) -> [String; 4] {
    let t = shard.tag();
    [
        format!("documents-{t}.parquet"),
        format!("bands-{t}.parquet"),
        format!("sample-{t}.parquet"),
        format!("sign-{t}.json"),
    ]
}

/// Why a sign folder could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum DirError {
    #[error("{}: {err}", path.display())]
    Io { path: PathBuf, err: std::io::Error },
    #[error(transparent)]
    File(#[from] FileError),
    #[error(
        "refusing to write into {}: it holds {entry:?}, which is not chachong sign output (use an empty or new folder)",
        dir.display()
    )]
    NotOwn { dir: PathBuf, entry: String },
    #[error(
        "refusing to write into {}: it holds shards signed {what} (use a new folder, or remove them)",
        dir.display()
    )]
    Mixed { dir: PathBuf, what: String },
    #[error("{}: {what}", path.display())]
    Bad { path: PathBuf, what: String },
    #[error("{} holds no chachong sign output (no sign-I-of-N.json)", dir.display())]
    Empty { dir: PathBuf },
    #[error(
        "{} is incomplete: shard {missing} of {count} is missing (not signed, or its run did not finish)",
        dir.display()
    )]
    Missing {
        dir: PathBuf,
        missing: u32,
        count: u32,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DirError + '_ {
    move |err| DirError::Io {
        path: path.to_path_buf(),
        err,
    }
}

/// Whether a file name is one sign writes (or a temporary file of it).
fn is_own(name: &str) -> bool {
    let parquet = ["documents-", "bands-", "sample-"]
        .iter()
        .any(|p| name.starts_with(p) && name.ends_with(".parquet"));
    let json = name.starts_with("sign-") && name.ends_with(".json");
    let tmp = name.starts_with('.') && name.contains(".tmp-");
    parquet || json || tmp
}

/// The shard JSONs in `dir`, parsed; refuses a folder holding other files.
fn shard_infos(dir: &Path, refuse_others: bool) -> Result<Vec<(PathBuf, ShardInfo)>, DirError> {
    let mut out = Vec::new();
    let rd = fs::read_dir(dir).map_err(io(dir))?;
    let mut names: Vec<String> = Vec::new();
    for e in rd {
        let e = e.map_err(io(dir))?;
        names.push(e.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    for name in names {
        if !is_own(&name) {
            if refuse_others {
                return Err(DirError::NotOwn {
                    dir: dir.to_path_buf(),
                    entry: name,
                });
            }
            continue;
        }
        if name.starts_with("sign-") {
            let path = dir.join(&name);
            let bytes = fs::read(&path).map_err(io(&path))?;
            let info: ShardInfo = serde_json::from_slice(&bytes).map_err(|e| DirError::Bad {
                path: path.clone(),
                what: format!("not a sign shard record: {e}"),
            })?;
            out.push((path, info));
        }
    }
    Ok(out)
}

/// Writes one shard into `dir` (made if absent): see the module doc.
pub fn write_shard(dir: &Path, info: &ShardInfo, rows: &Signed) -> Result<(), DirError> {
    match fs::symlink_metadata(dir) {
        Ok(m) if !m.is_dir() => {
            return Err(DirError::NotOwn {
                dir: dir.to_path_buf(),
                entry: "(it is a file)".into(),
            });
        }
        Ok(_) => {
            for (_, other) in shard_infos(dir, true)? {
                if let Some(what) = mismatch(&other, info) {
                    return Err(DirError::Mixed {
                        dir: dir.to_path_buf(),
                        what,
                    });
                }
            }
        }
        Err(_) => fs::create_dir_all(dir).map_err(io(dir))?,
    }
    let names = file_names(info.shard);
    // Temporary files a killed run of this shard left.
    if let Ok(rd) = fs::read_dir(dir) {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if names.iter().any(|f| n.starts_with(&format!(".{f}.tmp-"))) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    let pid = std::process::id();
    let tmp: Vec<PathBuf> = names
        .iter()
        .map(|n| dir.join(format!(".{n}.tmp-{pid}")))
        .collect();
    let written = (|| -> Result<(), DirError> {
        parquet_io::write_documents(&tmp[0], &rows.documents)?;
        parquet_io::write_bands(&tmp[1], &rows.bands)?;
        parquet_io::write_sample(&tmp[2], &rows.sample)?;
        let info = ShardInfo {
            crc32: [crc32_of(&tmp[0])?, crc32_of(&tmp[1])?, crc32_of(&tmp[2])?],
            ..info.clone()
        };
        let mut json = serde_json::to_vec_pretty(&info).map_err(|e| DirError::Bad {
            path: tmp[3].clone(),
            what: e.to_string(),
        })?;
        json.push(b'\n');
        fs::write(&tmp[3], json).map_err(io(&tmp[3]))?;
        // The JSON last: the shard is complete when it is there.
        for (t, n) in tmp.iter().zip(&names) {
            let to = dir.join(n);
            fs::rename(t, &to).map_err(io(&to))?;
        }
        Ok(())
    })();
    if written.is_err() {
        for t in &tmp {
            let _ = fs::remove_file(t);
        }
    }
    written
}

/// The settings and shards of a complete sign folder (every shard of one
/// count, with the same settings), shards in order.
pub fn read_shards(dir: &Path) -> Result<(SignSettings, Vec<ShardInfo>), DirError> {
    let mut infos = shard_infos(dir, false)?;
    let Some((_, first)) = infos.first().cloned() else {
        return Err(DirError::Empty {
            dir: dir.to_path_buf(),
        });
    };
    for (path, info) in &infos {
        if let Some(what) = mismatch(&first, info) {
            return Err(DirError::Bad {
                path: path.clone(),
                what: format!("signed {what} than the rest"),
            });
        }
    }
    infos.sort_by_key(|(_, i)| i.shard.index);
    infos.dedup_by_key(|(_, i)| i.shard.index);
    let count = first.shard.count;
    for index in 0..count {
        if infos.get(index as usize).map(|(_, i)| i.shard.index) != Some(index) {
            return Err(DirError::Missing {
                dir: dir.to_path_buf(),
                missing: index,
                count,
            });
        }
    }
    let settings = first.settings.clone();
    Ok((settings, infos.into_iter().map(|(_, i)| i).collect()))
}

/// The complete shards already in `dir` (none when it does not exist), by
/// index: what a batched signing that was stopped has done.
pub fn done_shards(dir: &Path) -> Result<Vec<ShardInfo>, DirError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut infos: Vec<ShardInfo> = shard_infos(dir, true)?
        .into_iter()
        .map(|(_, i)| i)
        .collect();
    infos.sort_by_key(|i| i.shard.index);
    Ok(infos)
}

/// The first place of each of `shards` (a whole folder, in order, as
/// [`read_shards`] gives it), to add to the places its files hold: 0 for
/// shards by place, which hold the corpus's places; for batches, the
/// documents of the batches before, which no machine signing a batch knew.
pub fn first_places(shards: &[ShardInfo]) -> Result<Vec<u32>, String> {
    let mut next = 0u64;
    let mut out = Vec::with_capacity(shards.len());
    for info in shards {
        if info.batch_files.is_none() {
            out.push(0);
            continue;
        }
        let first = u32::try_from(next)
            .map_err(|_| format!("more than {} documents: places overflow", u32::MAX))?;
        out.push(first);
        next += info.documents as u64;
    }
    if next > u64::from(u32::MAX) {
        return Err(format!("more than {} documents: places overflow", u32::MAX));
    }
    Ok(out)
}

/// [`read_shards`] with each shard's [`first_places`] beside it: what a
/// reader of the whole folder's rows needs.
pub fn read_placed_shards(dir: &Path) -> Result<(SignSettings, Vec<(ShardInfo, u32)>), DirError> {
    let (settings, shards) = read_shards(dir)?;
    let firsts = first_places(&shards).map_err(|what| DirError::Bad {
        path: dir.to_path_buf(),
        what,
    })?;
    Ok((settings, shards.into_iter().zip(firsts).collect()))
}

/// CRC-32 of a file's bytes.
fn crc32_of(path: &Path) -> Result<u32, DirError> {
    let mut file = fs::File::open(path).map_err(io(path))?;
    let mut hasher = crc32fast::Hasher::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(hasher.finalize()),
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(path)(e)),
        }
    }
}

/// The path of a shard's file `which` (0 documents, 1 bands, 2 sample),
/// once its bytes are found to be those `info` records
/// ([`ShardInfo::crc32`]); an error naming the file when they are not.
pub fn checked_file(dir: &Path, info: &ShardInfo, which: usize) -> Result<PathBuf, DirError> {
    let path = shard_file(dir, info.shard, which);
    let (got, want) = (crc32_of(&path)?, info.crc32[which]);
    if got != want {
        return Err(DirError::Bad {
            path,
            what: format!(
                "damaged or replaced since it was signed (CRC-32 {got:08x}, signed as {want:08x}): sign its shard again"
            ),
        });
    }
    Ok(path)
}

/// The path of a shard's file `which` (0 documents, 1 bands, 2 sample).
pub fn shard_file(dir: &Path, shard: Shard, which: usize) -> PathBuf {
    dir.join(&file_names(shard)[which])
}
