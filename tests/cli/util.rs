//! One test per bug found, each named for the bug (ripgrep's
//! `tests/regression.rs`). Every test runs the real binary in a temporary
//! folder through [`Run`], with a time limit, so a hang fails the test
//! instead of stopping the suite.
//!
//! A few tests of linear time on large hostile input take 5 to 20 s in a
//! debug build; they are `#[ignore]`d so that `cargo test` stays quick, and
//! `.ci/run` runs them (`cargo test --test regression -- --ignored`).
//!
//! The bugs are grouped by where they lived: reading a corpus
//! (`corpus.rs`), indexing and checking (`index.rs`), writing and printing
//! output (`output.rs`).

mod corpus;
mod corpus_parsers;
mod index;
mod normalize;
mod output;
mod scale;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_chachong");

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }
}

/// A temporary folder to run `chachong` in.
pub struct Dir {
    tmp: tempfile::TempDir,
}

impl Default for Dir {
    fn default() -> Dir {
        Dir {
            tmp: tempfile::tempdir().unwrap(),
        }
    }
}

impl Dir {
    pub fn new() -> Dir {
        Dir::default()
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    /// Writes `bytes` at `rel`, creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    /// Copies a seed article (by file name prefix) to `rel`.
    pub fn seed(&self, prefix: &str, rel: &str) -> PathBuf {
        self.write(rel, fs::read(seed(prefix)).unwrap())
    }

    /// Runs `chachong ARGS` here, failing the test after 60 s.
    pub fn run(&self, args: &[&str]) -> Out {
        self.run_stdin(args, None)
    }

    /// `chachong check DRAFT --against INDEX --format json` here.
    pub fn check_json(&self, draft: &str, index: &str) -> Out {
        self.run(&["check", draft, "--against", index, "--format", "json"])
    }

    /// [`Dir::run`] with `stdin` fed to the process.
    pub fn run_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> Out {
        run_in(self.path(), args, stdin, Duration::from_secs(60))
    }
}

/// The bundled seed article whose file name starts with `prefix`.
pub fn seed(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"))
}

/// The body paragraphs of a seed: its lines with HTML tags taken out, after
/// the front matter, of at least 60 characters.
pub fn seed_paragraphs(prefix: &str) -> Vec<String> {
    let text = fs::read_to_string(seed(prefix)).unwrap();
    let body = text.splitn(3, "---\n").last().unwrap();
    body.split(['\n', '<'])
        .map(|piece| piece.split_once('>').map_or(piece, |(_, rest)| rest).trim())
        .filter(|l| l.chars().count() >= 60)
        .map(str::to_string)
        .collect()
}

/// Runs the binary in `cwd`; panics when it runs past `limit` (and kills it).
pub fn run_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>, limit: Duration) -> Out {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run chachong");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let (o, e) = (read(Box::new(stdout)), read(Box::new(stderr)));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chachong {args:?} ran past {limit:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Out {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&e.join().unwrap()).into_owned(),
    }
}

#[test]
fn seed_paragraphs_are_plain_text() {
    let paras = seed_paragraphs("000");
    assert!(paras.len() >= 4, "{paras:?}");
    assert!(paras.iter().all(|p| !p.contains('<') && !p.contains('>')));
}
