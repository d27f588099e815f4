//! `chachong dups --engine spark` (feature `spark`) against `--engine
//! local`, on Spark `local[2]`: the same `near_duplicates` JSON, byte for
//! byte, on a planted corpus, the seeds and the Sina file; two shards of a
//! sign folder give the job's result of one; a failing executor is retried,
//! and a job that cannot finish is an error with no result.
//!
//! They need `spark-submit` (PySpark; `.ci/run` installs it into
//! `target/pyspark`): found through `SPARK_SUBMIT`, else the PATH. Without it
//! they print a loud SKIPPED line, except under CI, where they fail.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chachong::dups::spark::{self, SparkError, SparkJob};

use crate::util::{Dir, Out, arg, root, seeds_dir};

/// The spark-submit to run, or `None` (after a loud line) when there is none.
fn submit(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("SPARK_SUBMIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("spark-submit"));
    // PySpark's spark-submit needs its virtualenv's `python` first on the
    // PATH (chachong puts it there; this check does the same).
    let mut version = Command::new(&path);
    if let Some(bin) = path.parent().filter(|d| d.join("python").exists()) {
        version.env("PATH", path_with(Some(bin)));
    }
    let found = version
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: no spark-submit ({}); .ci/run installs PySpark",
        path.display()
    );
    eprintln!(
        "\n!!!!!!!! SKIPPED {test}: no spark-submit (pip install pyspark, or set SPARK_SUBMIT) !!!!!!!!\n"
    );
    None
}

/// This process's PATH without the folder of `spark-submit` (and with
/// `first` in front, when given).
fn path_with(first: Option<&Path>) -> std::ffi::OsString {
    let submit_dir = std::env::var_os("SPARK_SUBMIT")
        .map(PathBuf::from)
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let path = std::env::var_os("PATH").unwrap_or_default();
    let rest = std::env::split_paths(&path).filter(|p| Some(p) != submit_dir.as_ref());
    let all: Vec<PathBuf> = first
        .map(Path::to_path_buf)
        .into_iter()
        .chain(rest)
        .collect();
    std::env::join_paths(all).unwrap()
}

/// The `"near_duplicates": {...}` text of a `dups --format json` output,
/// as written.
fn near_duplicates_text(json: &str) -> &str {
    let start = json
        .find("\n  \"near_duplicates\": ")
        .expect("near_duplicates");
    let end = json[start..]
        .find("\n  \"rewrites\": ")
        .or_else(|| json[start..].find("\n  \"settings\": "))
        .expect("the key after near_duplicates");
    &json[start..start + end]
}

/// `chachong dups INPUT --format json -q --engine spark --spark-submit
/// SUBMIT` and `extra`, in `dir`, not yet run.
fn spark_dups(dir: &Path, input: &str, submit: &Path, extra: &[&str]) -> Command {
    let mut args = vec![
        "dups",
        input,
        "--format",
        "json",
        "-q",
        "--engine",
        "spark",
        "--spark-submit",
        arg(submit),
    ];
    args.extend_from_slice(extra);
    crate::util::chachong(dir, &args)
}

/// Runs a command with the Spark tests' time limit.
fn run_spark(cmd: &mut Command) -> Out {
    crate::util::run_cmd(cmd, None, std::time::Duration::from_secs(900))
}

/// `dups INPUT --format json` with each engine; the `near_duplicates` of
/// both, checked to be the same bytes.
fn both_engines(dir: &Path, input: &str, submit: &Path) -> (Out, Out) {
    let local = crate::util::run_in(
        dir,
        &["dups", input, "--format", "json", "-q"],
        None,
        std::time::Duration::from_secs(900),
    );
    assert!(local.ok(), "{}", local.stderr);
    let remote = run_spark(&mut spark_dups(
        dir,
        input,
        submit,
        &["--spark-master", "local[2]"],
    ));
    assert!(remote.ok(), "{}", remote.stderr);
    assert_eq!(
        near_duplicates_text(&remote.stdout),
        near_duplicates_text(&local.stdout),
        "{input}: near_duplicates differ between the engines"
    );
    (local, remote)
}

/// The corpus of the sign tests: the seeds, a reprint, a containment and a
/// document too short to take part.
fn planted() -> Dir {
    crate::sign::corpus()
}

#[test]
fn spark_engine_gives_the_near_duplicates_of_local() {
    let Some(submit) = submit("spark_engine_gives_the_near_duplicates_of_local") else {
        return;
    };
    let dir = planted();
    let (local, remote) = both_engines(dir.path(), "corpus", &submit);
    let local = local.json();
    let kinds: Vec<&str> = local["near_duplicates"]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"near_duplicate") && kinds.contains(&"containment"),
        "{kinds:?}"
    );
    assert!(
        !local["near_duplicates"]["clusters"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let remote = remote.json();
    let schemas = crate::schemas::Schemas::load();
    schemas.validate("dups", "dups --engine spark", &remote);
    assert_eq!(remote["engine"], "spark");
    assert_eq!(remote["documents"], local["documents"]);
    assert_eq!(remote["settings"], local["settings"]);
    // The engine's output is not a local one with empty lists.
    assert!(remote.get("passages").is_none() && remote.get("rewrites").is_none());
    // The seeds alone (no pair among them) agree too.
    both_engines(dir.path(), arg(&seeds_dir()), &submit);
    // Signed two files at a time (no site boilerplate here to tell the
    // batches apart), the same bytes again.
    let batched = run_spark(&mut spark_dups(
        dir.path(),
        "corpus",
        &submit,
        &["--spark-batch-files", "2"],
    ));
    assert!(batched.ok(), "{}", batched.stderr);
    let local_text =
        crate::util::run(&["dups", arg(&dir.join("corpus")), "--format", "json", "-q"]);
    assert_eq!(
        near_duplicates_text(&batched.stdout),
        near_duplicates_text(&local_text.stdout)
    );
}

#[test]
fn batches_signed_by_two_machines_at_once_give_the_near_duplicates_of_local() {
    let Some(submit) =
        submit("batches_signed_by_two_machines_at_once_give_the_near_duplicates_of_local")
    else {
        return;
    };
    let dir = planted();
    std::thread::scope(|s| {
        for part in ["0/2", "1/2"] {
            let dir = &dir;
            s.spawn(move || {
                let o = dir.run(&[
                    "sign",
                    "corpus",
                    "-q",
                    "--out",
                    "signed",
                    "--batch-files",
                    "2",
                    "--shard",
                    part,
                ]);
                assert!(o.ok(), "{part}: {}", o.stderr);
            });
        }
    });
    let listing = |d: &Path| {
        let mut names: Vec<_> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let before = listing(&dir.join("signed"));
    let run = |extra: &[&str]| {
        let mut args = vec!["--spark-signed"];
        args.extend_from_slice(extra);
        run_spark(&mut spark_dups(dir.path(), "signed", &submit, &args))
    };
    let remote = run(&[]);
    assert!(remote.ok(), "{}", remote.stderr);
    let local = crate::util::run(&["dups", arg(&dir.join("corpus")), "--format", "json", "-q"]);
    assert_eq!(
        near_duplicates_text(&remote.stdout),
        near_duplicates_text(&local.stdout)
    );
    assert_eq!(remote.json()["documents"], local.json()["documents"]);
    // The sign folder is only read.
    assert_eq!(listing(&dir.join("signed")), before);
    // Flags other than the folder's settings are refused, naming them.
    let o = run(&["--threshold", "0.7"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stderr.contains("threshold 0.5 there, 0.7 here"),
        "{}",
        o.stderr
    );
    assert!(o.stdout.is_empty());
    let o = dir.run(&["dups", "signed", "--spark-signed"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("needs --engine spark"), "{}", o.stderr);
}

#[test]
fn spark_engine_matches_local_on_the_sina_file() {
    let sina = root().join("../shared/data/sina-news-6class.jsonl.gz");
    if !sina.exists() {
        eprintln!(
            "\n!!!!!!!! SKIPPED spark_engine_matches_local_on_the_sina_file: {} is absent !!!!!!!!\n",
            sina.display()
        );
        return;
    }
    let Some(submit) = submit("spark_engine_matches_local_on_the_sina_file") else {
        return;
    };
    let dir = Dir::new();
    let (local, _) = both_engines(dir.path(), arg(&sina), &submit);
    let pairs = local.json()["near_duplicates"]["pairs"]
        .as_array()
        .unwrap()
        .len();
    assert!(pairs > 900, "{pairs}");
}

/// `chachong sign` of the planted corpus into `out`, in `shards`.
fn sign(dir: &Dir, out: &str, shards: &[&str]) -> PathBuf {
    for shard in shards {
        let o = dir.run(&["sign", "corpus", "-q", "--out", out, "--shard", shard]);
        assert!(o.ok(), "{}", o.stderr);
    }
    dir.join(out)
}

fn job(submit: &Path, master: &str, chachong: PathBuf) -> SparkJob {
    SparkJob {
        submit: submit.to_path_buf(),
        master: master.into(),
        chachong,
        conf: Vec::new(),
    }
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_chachong"))
}

/// The verified pairs as JSON lines.
fn lines(pairs: &[chachong::dups::sign::VerifiedPair]) -> Vec<String> {
    pairs
        .iter()
        .map(|p| serde_json::to_string(p).unwrap())
        .collect()
}

#[test]
fn two_signed_shards_give_the_pairs_of_one() {
    let Some(submit) = submit("two_signed_shards_give_the_pairs_of_one") else {
        return;
    };
    let dir = planted();
    let one = sign(&dir, "one", &["0/1"]);
    let two = sign(&dir, "two", &["1/2", "0/2"]);
    let run = |folder: &Path, work: &str| {
        spark::run(&job(&submit, "local[2]", binary()), folder, &dir.join(work)).unwrap()
    };
    let (a, sa) = run(&one, "job-one");
    let (b, sb) = run(&two, "job-two");
    assert!(a.len() >= 2, "{a:?}");
    assert_eq!(lines(&a), lines(&b));
    assert_eq!(sa, sb);
    // Half a folder is refused by the job, not read as a whole corpus.
    fs::remove_file(two.join("sign-1-of-2.json")).unwrap();
    let err = spark::run(
        &job(&submit, "local[2]", binary()),
        &two,
        &dir.join("job-half"),
    )
    .unwrap_err();
    assert!(matches!(err, SparkError::Failed { .. }), "{err}");
    assert!(err.to_string().contains("not one whole signing"), "{err}");
}

/// A stand-in for chachong on the executors that fails (exit 3, before
/// reading its input) the first `fail` times it runs, counted with marker
/// folders in `dir`, then runs the real one.
fn flaky(dir: &Dir, fail: usize) -> PathBuf {
    let marks = dir.join("marks");
    fs::create_dir_all(&marks).unwrap();
    let script = format!(
        "#!/bin/sh\nfor i in $(seq 1 {fail}); do\n  if mkdir '{m}/'$i 2>/dev/null; then echo 'injected executor failure' >&2; exit 3; fi\ndone\nexec '{bin}' \"$@\"\n",
        m = marks.display(),
        bin = binary().display()
    );
    let path = dir.write("flaky.sh", script);
    let mut perms = fs::metadata(&path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    fs::set_permissions(&path, perms).unwrap();
    path
}

#[test]
fn a_failed_executor_is_retried_or_the_job_fails_whole() {
    let Some(submit) = submit("a_failed_executor_is_retried_or_the_job_fails_whole") else {
        return;
    };
    let dir = planted();
    let signed = sign(&dir, "signed", &["0/1"]);
    let (want, _) = spark::run(
        &job(&submit, "local[2]", binary()),
        &signed,
        &dir.join("job-ok"),
    )
    .unwrap();
    // One task's process dies; Spark (up to 4 attempts a task) runs it again.
    let retried = job(&submit, "local[2,4]", flaky(&dir, 1));
    let (got, _) = spark::run(&retried, &signed, &dir.join("job-retried")).unwrap();
    assert_eq!(lines(&got), lines(&want));
    assert!(dir.join("marks/1").exists(), "the failure was injected");
    // Every attempt fails: the job fails, says so, and nothing is read.
    fs::remove_dir_all(dir.join("marks")).unwrap();
    let doomed = job(&submit, "local[2,2]", flaky(&dir, 1000));
    let err = spark::run(&doomed, &signed, &dir.join("job-failed")).unwrap_err();
    assert!(matches!(err, SparkError::Failed { .. }), "{err}");
    assert!(!dir.join("job-failed/out/pairs/_SUCCESS").exists());
    // Through the CLI: exit 2, the error, and no output on stdout.
    let o = run_spark(&mut spark_dups(
        dir.path(),
        "corpus",
        &submit,
        &[
            "--spark-master",
            "local[2,2]",
            "--spark-chachong",
            arg(&dir.join("flaky.sh")),
            "--spark-work",
            "work",
        ],
    ));
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("the Spark job failed"), "{}", o.stderr);
    assert!(o.stdout.is_empty(), "{}", o.stdout);
    assert!(dir.join("work/job/spark.log").exists(), "the log is kept");
    o.assert_no_panic();
}

#[test]
fn a_missing_spark_submit_or_a_used_work_folder_is_a_clear_error() {
    let dir = planted();
    let o = dir.run(&[
        "dups",
        "corpus",
        "-q",
        "--engine",
        "spark",
        "--spark-submit",
        "/nonexistent/spark-submit",
    ]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("pip install pyspark"), "{}", o.stderr);
    dir.write("mine/notes.txt", "mine");
    let o = dir.run(&[
        "dups",
        "corpus",
        "-q",
        "--engine",
        "spark",
        "--spark-work",
        "mine",
    ]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("not empty"), "{}", o.stderr);
    assert_eq!(
        fs::read_to_string(dir.join("mine/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_spark_submit_inside_a_virtualenv_runs_without_it_on_the_path() {
    // Found in the benchmark: PySpark's spark-submit given by path looked
    // for Spark through whatever `python` came first on the PATH, and
    // failed ("Could not find valid SPARK_HOME").
    let Some(submit) = submit("a_spark_submit_inside_a_virtualenv_runs_without_it_on_the_path")
    else {
        return;
    };
    if !submit.is_absolute() {
        eprintln!("SKIPPED: SPARK_SUBMIT is not a path into a virtualenv");
        return;
    }
    let dir = Dir::new();
    let mut cmd = spark_dups(dir.path(), arg(&seeds_dir()), &submit, &[]);
    cmd.env("PATH", path_with(None));
    let o = run_spark(&mut cmd);
    assert!(o.ok(), "{}", o.stderr);
    assert_eq!(o.json()["engine"], "spark");
}
