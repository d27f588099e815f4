//! One test per bug found, each named for the bug it guards against and
//! saying in its doc what went wrong (as ripgrep's `tests/regression.rs`).
//! A new bug gets its test here, written to fail before the fix.

use std::fs;

use crate::util::{Dir, assert_same_files, files, root, seeds_dir};

/// The bug: the committed `reports/seeds/` (the report README.md shows
/// first) no longer being what README's first command writes, because a
/// change to the output was not followed by writing and committing the
/// report again. The test runs README's first command as README gives it,
/// in a temporary folder holding a copy of `seeds/`, and compares every file
/// it writes with the committed one, byte for byte.
#[test]
fn committed_seeds_report_is_what_the_readme_command_writes() {
    let command = readme_first_command();
    let args: Vec<&str> = command
        .strip_prefix("cargo run --release -- ")
        .unwrap_or_else(|| panic!("README.md's first command runs no chachong: {command}"))
        .split_whitespace()
        .collect();
    assert_eq!(
        args,
        ["report", "seeds"],
        "README.md's first command changed: {command}"
    );
    let dir = Dir::new();
    for file in files(&seeds_dir(), &[]) {
        dir.write(
            &format!("seeds/{}", file.display()),
            fs::read(seeds_dir().join(&file)).unwrap(),
        );
    }
    let out = dir.run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_same_files(
        &root().join("reports/seeds"),
        &dir.join("reports/seeds"),
        // The marker names the version that wrote the report.
        &[".chachong-report"],
        &format!("If the change is meant, run `{command}` and commit reports/seeds/."),
    );
}

/// The first command line of README.md's first ```sh block, without its
/// comment.
fn readme_first_command() -> String {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let (_, block) = readme
        .split_once("```sh\n")
        .expect("README.md has a ```sh block");
    let line = block.lines().next().unwrap_or_default();
    line.split('#')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}
