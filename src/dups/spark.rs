//! Near-duplicate pairs found on Apache Spark: runs the cluster job shipped
//! in the repository (`spark/chachong_dups.py`, compiled into the binary)
//! over a sign folder and reads its pairs back.
//!
//! Takes a [`SparkJob`] (how to submit: `spark-submit`, the master URL, the
//! chachong binary every executor runs) and a complete sign folder
//! ([`super::sign::dir`]), and gives the verified pairs in the local order
//! with the job's [`JobSummary`]. The job (see its module doc) does the band
//! self-join with the bucket cap, the containment candidates, and pipes the
//! candidates through `chachong verify`; clusters are made by the caller
//! from the pairs ([`super::clusters_of`]), on one machine: the edge list
//! is the verified pairs, orders of magnitude fewer than the documents.
//!
//! A result is read only when the job exited 0, wrote Spark's `_SUCCESS`
//! (every task committed) and its summary, and the pairs read equal the
//! count in the summary; anything else is a [`SparkError`] naming the log,
//! never a partial list taken for the whole.

use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use super::sign::VerifiedPair;

/// The job's source, written next to its output for `spark-submit`.
pub const JOB: &str = include_str!("../../spark/chachong_dups.py");

/// How to run the job.
#[derive(Debug, Clone)]
pub struct SparkJob {
    /// `spark-submit` (from PySpark or a Spark install).
    pub submit: PathBuf,
    /// `--master`: `local[2]`, `spark://host:7077`, `yarn`, ...
    pub master: String,
    /// The chachong binary as every executor sees it.
    pub chachong: PathBuf,
    /// Extra `--conf key=value` settings.
    pub conf: Vec<String>,
}

/// What the job reports beside its pairs (`OUT/summary`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct JobSummary {
    /// Verified pairs written.
    pub pairs: usize,
}

/// Why the job gave no result.
#[derive(Debug, thiserror::Error)]
pub enum SparkError {
    #[error(
        "could not start {}: {err} (install PySpark with `pip install pyspark` or Spark, or give --spark-submit PATH)",
        submit.display()
    )]
    Start {
        submit: PathBuf,
        err: std::io::Error,
    },
    #[error("the Spark job failed ({status}); no result was read. Last lines of {}:\n{tail}", log.display())]
    Failed {
        status: std::process::ExitStatus,
        log: PathBuf,
        tail: String,
    },
    #[error("the Spark job's output in {} is incomplete: {what}; no result was read", out.display())]
    Incomplete { out: PathBuf, what: String },
    #[error("{}: {err}", path.display())]
    Io { path: PathBuf, err: std::io::Error },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SparkError + '_ {
    move |err| SparkError::Io {
        path: path.to_path_buf(),
        err,
    }
}

/// Runs the job over the complete sign folder `sign`, with `work` (a new
/// folder, made here) for the job's source, its output and its log
/// (`spark.log`); gives the verified pairs sorted by places, and the
/// summary.
pub fn run(
    job: &SparkJob,
    sign: &Path,
    work: &Path,
) -> Result<(Vec<VerifiedPair>, JobSummary), SparkError> {
    fs::create_dir_all(work).map_err(io(work))?;
    let script = work.join("chachong_dups.py");
    fs::write(&script, JOB).map_err(io(&script))?;
    let out = work.join("out");
    let log_path = work.join("spark.log");
    let log = fs::File::create(&log_path).map_err(io(&log_path))?;
    let mut cmd = Command::new(&job.submit);
    cmd.arg("--master").arg(&job.master);
    for c in &job.conf {
        cmd.arg("--conf").arg(c);
    }
    // PySpark's spark-submit finds Spark through the `python` first on the
    // PATH: one given by path inside a virtualenv works only with that
    // virtualenv's bin first, so it is put there.
    if let Some(bin) = job.submit.parent().filter(|d| d.join("python").exists()) {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let paths = std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&path));
        if let Ok(joined) = std::env::join_paths(paths) {
            cmd.env("PATH", joined);
        }
    }
    cmd.arg(&script)
        .arg("--sign")
        .arg(sign)
        .arg("--out")
        .arg(&out)
        .arg("--chachong")
        .arg(&job.chachong)
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(io(&log_path))?)
        .stderr(log);
    let status = cmd.status().map_err(|err| SparkError::Start {
        submit: job.submit.clone(),
        err,
    })?;
    if !status.success() {
        return Err(SparkError::Failed {
            status,
            tail: tail(&log_path, 12),
            log: log_path,
        });
    }
    read_output(&out)
}

/// The last `n` lines of the log, for the error message.
fn tail(path: &Path, n: usize) -> String {
    let text = fs::read(path).unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// The part files of a Spark text output folder, in name order.
fn parts(dir: &Path) -> Result<Vec<PathBuf>, SparkError> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).map_err(io(dir))? {
        let e = e.map_err(io(dir))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("part-") {
            out.push(e.path());
        }
    }
    out.sort();
    Ok(out)
}

/// The pairs and summary of a finished job's output folder `out`; an
/// error when `_SUCCESS` or the summary is missing or the count differs.
pub fn read_output(out: &Path) -> Result<(Vec<VerifiedPair>, JobSummary), SparkError> {
    let incomplete = |what: String| SparkError::Incomplete {
        out: out.to_path_buf(),
        what,
    };
    let pairs_dir = out.join("pairs");
    for dir in [&pairs_dir, &out.join("summary")] {
        if !dir.join("_SUCCESS").is_file() {
            return Err(incomplete(format!("{} has no _SUCCESS", dir.display())));
        }
    }
    let mut summary = None;
    for part in parts(&out.join("summary"))? {
        let text = fs::read_to_string(&part).map_err(io(&part))?;
        if let Some(line) = text.lines().find(|l| !l.trim().is_empty()) {
            summary = Some(
                serde_json::from_str::<JobSummary>(line)
                    .map_err(|e| incomplete(format!("{}: {e}", part.display())))?,
            );
        }
    }
    let summary = summary.ok_or_else(|| incomplete("no summary".into()))?;
    let mut pairs = Vec::with_capacity(summary.pairs);
    for part in parts(&pairs_dir)? {
        let file = fs::File::open(&part).map_err(io(&part))?;
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(io(&part))?;
            if line.trim().is_empty() {
                continue;
            }
            let p: VerifiedPair = serde_json::from_str(&line)
                .map_err(|e| incomplete(format!("{} line {}: {e}", part.display(), n + 1)))?;
            pairs.push(p);
        }
    }
    if pairs.len() != summary.pairs {
        return Err(incomplete(format!(
            "{} pairs read, the job wrote {}",
            pairs.len(),
            summary.pairs
        )));
    }
    pairs.sort_by_key(|p| p.places);
    Ok((pairs, summary))
}
