//! What the tests share: running the real `chachong` binary (or `git`, or a
//! script) with a time limit into an [`Out`], so that a hang fails the test
//! instead of stopping the suite; temporary folders to run it in ([`Dir`]);
//! and the bundled seed articles ([`seed`], [`seed_paragraphs`]).

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_chachong");

/// How long one run may take before it counts as a hang.
pub const LIMIT: Duration = Duration::from_secs(60);

/// The package folder: `seeds/`, `examples/`, `reports/`, `README.md`.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled seed corpus.
pub fn seeds_dir() -> PathBuf {
    root().join("seeds")
}

/// A path as the `&str` argument the run functions take.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// What one run gave: its exit code (-1 when a signal ended it) and output.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Whether it exited 0.
    pub fn ok(&self) -> bool {
        self.code == 0
    }

    /// Stdout parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }

    /// Fails the test if the process panicked or a signal ended it.
    pub fn assert_no_panic(&self) {
        assert!(
            !self.stderr.contains("panicked") && self.code != 101,
            "the binary panicked: {self:?}"
        );
        assert_ne!(self.code, -1, "killed by a signal: {self:?}");
    }
}

/// `chachong ARGS` in `cwd`, not yet started.
pub fn chachong(cwd: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(cwd);
    cmd
}

/// Runs `chachong ARGS` in the package folder, failing the test after
/// [`LIMIT`].
pub fn run(args: &[&str]) -> Out {
    run_in(root(), args, None, LIMIT)
}

/// [`run`], which must succeed, with stdout parsed as JSON; gives the raw
/// text too, for byte comparisons.
pub fn run_json(args: &[&str]) -> (Value, String) {
    let out = run(args);
    assert!(out.ok(), "chachong {args:?} failed: {}", out.stderr);
    (out.json(), out.stdout)
}

/// Runs `chachong ARGS` in `cwd` with `stdin` fed to it; panics when it
/// runs past `limit` (and kills it).
pub fn run_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>, limit: Duration) -> Out {
    run_cmd(&mut chachong(cwd, args), stdin, limit)
}

/// Runs `cmd` with `stdin` fed to it; panics when it runs past `limit`.
pub fn run_cmd(cmd: &mut Command, stdin: Option<&[u8]>, limit: Duration) -> Out {
    let child = start(cmd, stdin);
    finish(child, &format!("{cmd:?}"), limit)
}

/// Starts `cmd` with its stdout and stderr piped, and `stdin` (if any) fed
/// to it from a thread; [`finish`] collects it.
pub fn start(cmd: &mut Command, stdin: Option<&[u8]>) -> Child {
    let mut child = cmd
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    child
}

/// Waits for a child [`start`] gave, reading its output as it comes;
/// panics (after killing it) when it runs past `limit`.
pub fn finish(mut child: Child, what: &str, limit: Duration) -> Out {
    let stdout = read_all(child.stdout.take().unwrap());
    let stderr = read_all(child.stderr.take().unwrap());
    let begun = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if begun.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} ran past {limit:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = |h: JoinHandle<Vec<u8>>| String::from_utf8_lossy(&h.join().unwrap()).into_owned();
    Out {
        code: status.code().unwrap_or(-1),
        stdout: text(stdout),
        stderr: text(stderr),
    }
}

fn read_all(mut r: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = r.read_to_end(&mut v);
        v
    })
}

/// `git ARGS` in `cwd` as a fixed author, with `CHACHONG` naming the binary
/// under test (for the example hook).
pub fn git(args: &[&str], cwd: &Path) -> Out {
    let mut cmd = Command::new("git");
    cmd.args(args)
        .current_dir(cwd)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("CHACHONG", BIN);
    run_cmd(&mut cmd, None, LIMIT)
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

    /// Runs `chachong ARGS` here, failing the test after [`LIMIT`].
    pub fn run(&self, args: &[&str]) -> Out {
        self.run_stdin(args, None)
    }

    /// `chachong check DRAFT --against INDEX --format json` here.
    pub fn check_json(&self, draft: &str, index: &str) -> Out {
        self.run(&["check", draft, "--against", index, "--format", "json"])
    }

    /// [`Dir::run`] with environment variables set.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Out {
        let mut cmd = chachong(self.path(), args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        run_cmd(&mut cmd, None, LIMIT)
    }

    /// [`Dir::run`] with `stdin` fed to the process.
    pub fn run_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> Out {
        run_in(self.path(), args, stdin, LIMIT)
    }
}

/// The bundled seed article whose file name starts with `prefix`.
pub fn seed(prefix: &str) -> PathBuf {
    fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"))
}

/// A temp dir with `corpus/` holding the seeds named by prefix, indexed
/// into `corpus.idx`.
pub fn indexed(prefixes: &[&str]) -> Dir {
    let dir = Dir::new();
    for p in prefixes {
        let s = seed(p);
        let name = s.file_name().unwrap().to_string_lossy();
        dir.write(&format!("corpus/{name}"), fs::read(&s).unwrap());
    }
    let o = dir.run(&["index", "corpus", "-o", "corpus.idx", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    dir
}

/// The Chromium to drive for a browser test, when Chromium, node and
/// playwright-core are all there; else prints a loud SKIPPED line naming
/// `test` and what is missing (`.ci/run` installs them) and gives `None`.
pub fn browser(test: &str) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = [
        (!Path::new(&chromium).exists()).then_some("chromium (apt-get install chromium)"),
        (!node_ok).then_some("node"),
        (!root()
            .join("tests/browser/node_modules/playwright-core")
            .exists())
        .then_some("playwright-core (npm install --prefix tests/browser)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return Some(chromium);
    }
    eprintln!(
        "\n!!!!!!!! SKIPPED {test}: missing {} — .ci/run installs these !!!!!!!!\n",
        missing.join(", ")
    );
    None
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

/// The files under `dir`, relative to it and sorted, but for those named
/// in `skip`.
pub fn files(dir: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if !skip.iter().any(|s| path.file_name().unwrap() == *s) {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// Fails the test unless the folders `want` and `got` hold the same files
/// (but for those named in `skip`) with the same bytes; names the first
/// file that differs and where, then says `hint`.
#[track_caller]
pub fn assert_same_files(want: &Path, got: &Path, skip: &[&str], hint: &str) {
    let (want_files, got_files) = (files(want, skip), files(got, skip));
    assert_eq!(
        want_files,
        got_files,
        "{} (left) and {} (right) hold other files. {hint}",
        want.display(),
        got.display()
    );
    for file in want_files {
        let (a, b) = (
            fs::read(want.join(&file)).unwrap(),
            fs::read(got.join(&file)).unwrap(),
        );
        assert!(
            a == b,
            "{} differs from {}, {}\n{hint}",
            want.join(&file).display(),
            got.join(&file).display(),
            first_difference(&a, &b)
        );
    }
}

/// Where `got` first differs from `want`: the line and column, and a
/// stretch of the line around it in each.
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let (want, got) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    let mut lines = want.split('\n').zip(got.split('\n')).enumerate();
    let Some((n, (a, b))) = lines.find(|(_, (a, b))| a != b) else {
        let (a, b) = (want.split('\n').count(), got.split('\n').count());
        return format!("with {a} lines against {b}.");
    };
    let column = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let around = |line: &str| -> String {
        line.chars()
            .skip(column.saturating_sub(40))
            .take(120)
            .collect()
    };
    format!(
        "first at line {}, column {}:\n  want: {:?}\n  got:  {:?}",
        n + 1,
        column + 1,
        around(a),
        around(b)
    )
}

/// The segment files the manifest of the index folder `index` names, in
/// manifest order.
pub fn segment_files(index: &Path) -> Vec<PathBuf> {
    let m: Value = serde_json::from_slice(&fs::read(index.join("manifest.json")).unwrap()).unwrap();
    m["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| index.join(s["file"].as_str().unwrap()))
        .collect()
}

/// The ids of the live documents of the index at `index` (a folder or a
/// single file), in document order.
pub fn indexed_ids(index: &Path) -> Vec<String> {
    let ix = chachong::index::Index::open(index).unwrap();
    let snap = ix.snapshot().unwrap();
    snap.live_docs()
        .map(|d| snap.id(d).unwrap().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_paragraphs_are_plain_text() {
        let paras = seed_paragraphs("000");
        assert!(paras.len() >= 4, "{paras:?}");
        assert!(paras.iter().all(|p| !p.contains('<') && !p.contains('>')));
    }

    #[test]
    fn a_hang_fails_the_test_and_the_process_is_killed() {
        let begun = Instant::now();
        let hang = std::panic::catch_unwind(|| {
            let mut sleep = Command::new("sleep");
            run_cmd(sleep.arg("30"), None, Duration::from_millis(300));
        });
        let message = *hang.expect_err("no panic").downcast::<String>().unwrap();
        assert!(message.contains("(a hang)"), "{message}");
        assert!(begun.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn first_difference_names_the_line_and_column() {
        let said = first_difference(b"a\nbcd\ne", b"a\nbxd\ne");
        assert!(said.starts_with("first at line 2, column 2:"), "{said}");
        assert!(
            said.contains("\"bcd\"") && said.contains("\"bxd\""),
            "{said}"
        );
        assert_eq!(
            first_difference(b"a\nb", b"a\nb\nc"),
            "with 2 lines against 3."
        );
    }

    #[test]
    fn same_files_fails_on_a_changed_byte_but_not_on_a_skipped_file() {
        let (a, b) = (Dir::new(), Dir::new());
        for d in [&a, &b] {
            d.write("x/y.txt", "same\n");
            d.write("z.txt", "one\ntwo\n");
        }
        a.write("marker", "1");
        b.write("marker", "2");
        assert_same_files(a.path(), b.path(), &["marker"], "");
        b.write("x/y.txt", "sane\n");
        let failed = std::panic::catch_unwind(|| {
            assert_same_files(a.path(), b.path(), &["marker"], "");
        });
        let message = *failed
            .expect_err("no failure")
            .downcast::<String>()
            .unwrap();
        assert!(message.contains("y.txt differs"), "{message}");
        assert!(message.contains("line 1, column 3"), "{message}");
    }
}
