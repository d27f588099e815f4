//! Regressions: the corpus parsers (Markdown, HTML, text, JSONL, decoding).

use std::fs;
use std::time::{Duration, Instant};

use crate::util::{Dir, Out, run_in, seed};

/// Runs `chachong ARGS` in `dir` and fails when it takes longer than `secs`
/// (a debug build: generous, but far below what the quadratic scans took).
fn run_within(dir: &Dir, args: &[&str], secs: u64) -> (Out, Duration) {
    let start = Instant::now();
    let out = run_in(dir.path(), args, None, Duration::from_secs(secs));
    (out, start.elapsed())
}

/// The body text of a one-document `inspect --format json`.
fn body(out: &Out) -> String {
    out.json()["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ampersand_before_chinese_does_not_panic() {
    let dir = Dir::new();
    // Every distance from `&` to the first multi-byte character within the
    // 12 bytes the entity decoder looks at.
    let mut lines = vec![
        "AT&T公司宣布裁员。".to_string(),
        "R&D投入持续增长。".to_string(),
    ];
    for k in 0..12 {
        lines.push(format!("前&{}公司宣布裁员。", "a".repeat(k)));
    }
    let text = lines.join("\n\n");
    dir.write("a.md", format!("# 标题\n\n{text}\n"));
    dir.write(
        "a.html",
        format!(
            "<html><head><title>AT&T公司</title><meta name=\"description\" content=\"R&D投入\"></head><body><p>{}</p></body></html>",
            lines.join("</p><p>")
        ),
    );
    for file in ["a.md", "a.html"] {
        let out = dir.run(&["inspect", file, "--format", "json"]);
        out.assert_no_panic();
        assert_eq!(out.code, 0, "{out:?}");
        let b = body(&out);
        assert!(b.contains("AT&T公司宣布裁员"), "{file}: {b}");
        assert!(b.contains("R&D投入持续增长"), "{file}: {b}");
    }
    let out = dir.run(&["inspect", "a.html", "--format", "json"]);
    assert_eq!(out.json()["meta"]["title"], "AT&T公司");
    assert_eq!(out.json()["meta"]["fields"]["description"], "R&D投入");
}

#[test]
fn deeply_nested_markdown_links_do_not_overflow_the_stack() {
    let dir = Dir::new();
    let n = 20_000;
    dir.write(
        "deep.md",
        format!("{}x{}\n", "[".repeat(n), "](u)".repeat(n)),
    );
    let out = dir.run(&["inspect", "deep.md", "--format", "json"]);
    out.assert_no_panic();
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Every bracket and target is markup; the one letter is body.
    assert_eq!(body(&out).trim(), "x");
}

#[test]
fn unclosed_brackets_and_autolinks_in_markdown_take_linear_time() {
    let dir = Dir::new();
    let mb = 1 << 20;
    dir.write("brackets.md", format!("正文{}\n", "[".repeat(mb)));
    dir.write(
        "autolinks.md",
        format!("正文{}\n", "<http://".repeat(mb / 8)),
    );
    // Unclosed link targets and autolinks with a `>` only far away.
    dir.write(
        "targets.md",
        format!("正文{}>\n", "[a](b <http://x y".repeat(mb / 16)),
    );
    // `dups`: it reads and analyses the file, and prints little (`inspect`
    // would print a million tokens).
    for file in ["brackets.md", "autolinks.md", "targets.md"] {
        let (out, took) = run_within(&dir, &["dups", file, "--format", "json"], 30);
        out.assert_no_panic();
        assert_eq!(out.code, 0, "{file}: {}", out.stderr);
        eprintln!("{file}: {took:?}");
    }
}

#[test]
#[ignore = "heavy (5-20 s in debug): .ci/run runs it, as does `cargo test -- --include-ignored`"]
fn unclosed_tags_comments_and_scripts_in_html_take_linear_time() {
    let dir = Dir::new();
    let mb = 1 << 20;
    let cases = [
        ("lt.html", "<a".repeat(mb / 2)),
        ("bang.html", "<!x".repeat(mb / 3)),
        (
            "comment.html",
            format!("<p>正文</p>{}", "<!--".repeat(mb / 4)),
        ),
        (
            "script.html",
            format!("<p>正文</p>{}", "<script>".repeat(mb / 8)),
        ),
        // Every tag start ends inside a quote: `"` and `'` hide each other.
        ("quotes.html", format!("{}'>'", "<a \"".repeat(mb / 4))),
        (
            "blocks.html",
            format!("{}x", "<article>x</article>".repeat(mb / 20)),
        ),
        (
            "skip.html",
            format!("{}{}", "<nav>".repeat(mb / 10), "</footer>".repeat(mb / 10)),
        ),
        (
            "main.html",
            format!(
                "{}{}",
                "<article>".repeat(mb / 18),
                "</main>".repeat(mb / 14)
            ),
        ),
    ];
    for (file, text) in &cases {
        dir.write(file, text);
    }
    for (file, _) in &cases {
        let (out, took) = run_within(&dir, &["dups", file, "--format", "json"], 30);
        out.assert_no_panic();
        assert_eq!(out.code, 0, "{file}: {out:?}");
        eprintln!("{file}: {took:?}");
    }
}

#[test]
fn broken_front_matter_is_named_and_the_good_lines_kept() {
    let dir = Dir::new();
    dir.write(
        "broken.md",
        "---\ntitle: 标题\ndate: 2022-03-03\ntags: [一, 二\nauthor: 张三\n---\n\n正文第一段，内容足够长。\n",
    );
    let out = dir.run(&["inspect", "broken.md", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("broken.md") && out.stderr.contains("front matter"),
        "{}",
        out.stderr
    );
    let meta = &out.json()["meta"];
    assert_eq!(meta["title"], "标题");
    assert_eq!(meta["date"], "2022-03-03");
    assert_eq!(meta["author"], "张三");
    // The same warning in a corpus command, once.
    let out = dir.run(&["dups", "broken.md", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr.matches("broken.md").count(), 1, "{}", out.stderr);
}

#[test]
fn deeply_nested_front_matter_does_not_overflow_the_stack() {
    let dir = Dir::new();
    let n = 20_000;
    dir.write(
        "deep.md",
        format!(
            "---\ntitle: 标题\nx: {}{}\n---\n\n正文第一段。\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    let out = dir.run(&["inspect", "deep.md", "--format", "json"]);
    out.assert_no_panic();
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.json()["meta"]["title"], "标题");
}

#[test]
fn utf8_with_one_invalid_byte_is_refused_not_guessed() {
    let dir = Dir::new();
    let mut bytes = fs::read(seed("000")).unwrap();
    bytes.push(0xFF);
    dir.write("bad/copy.txt", &bytes);
    // Alone: refused, exit 2, the file and the reason named.
    let out = dir.run(&["dups", "bad", "--format", "json"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("copy.txt"), "{}", out.stderr);
    assert!(out.stderr.contains("not valid UTF-8"), "{}", out.stderr);
    assert!(!out.stderr.contains("windows-1252"), "{}", out.stderr);
    let out = dir.run(&["inspect", "bad/copy.txt"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("0xFF"), "{}", out.stderr);
    // Beside good files: skipped and named, the others read.
    dir.seed("001", "bad/good.txt");
    let out = dir.run(&["dups", "bad", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("skipped") && out.stderr.contains("copy.txt"),
        "{}",
        out.stderr
    );
    // The gate refuses it rather than passing mojibake.
    dir.seed("000", "corpus/000.txt");
    let out = dir.run(&["check", "bad/copy.txt", "--against", "corpus"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("not valid UTF-8"), "{}", out.stderr);
}

#[test]
fn latin_bytes_are_refused_not_read_as_windows_1252() {
    let dir = Dir::new();
    dir.write(
        "latin.txt",
        b"Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade.\n".repeat(20),
    );
    let out = dir.run(&["inspect", "latin.txt", "--format", "json"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("latin.txt"), "{}", out.stderr);
    assert!(out.stderr.contains("GBK"), "{}", out.stderr);
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

#[test]
fn utf16_without_a_byte_order_mark_is_read() {
    let dir = Dir::new();
    let text = fs::read_to_string(seed("001")).unwrap();
    dir.write("le.txt", utf16(&text, false));
    dir.write("be.txt", utf16(&text, true));
    for (file, name) in [
        ("le.txt", "UTF-16LE (no BOM)"),
        ("be.txt", "UTF-16BE (no BOM)"),
    ] {
        let out = dir.run(&["inspect", file, "--format", "json"]);
        assert_eq!(out.code, 0, "{file}: {out:?}");
        let json = out.json();
        assert_eq!(json["encoding"], name);
        assert_eq!(json["chars"], text.chars().count());
    }
    // Binary with NULs in both byte positions is still binary.
    dir.write(
        "bin.txt",
        b"\x00\x01abc\x00\x00\x10\x00z\x00\x00\x02".repeat(50),
    );
    let out = dir.run(&["inspect", "bin.txt"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("binary"), "{}", out.stderr);
}

#[test]
fn lone_surrogate_in_jsonl_is_named() {
    let dir = Dir::new();
    dir.write(
        "a.jsonl",
        "{\"text\": \"第一篇正文，内容足够长。\"}\n{\"text\":\"\\ud800 abc\"}\n",
    );
    let out = dir.run(&["dups", "a.jsonl", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr
            .contains("a.jsonl:2: malformed JSON: lone surrogate \\ud800 in a JSON string"),
        "{}",
        out.stderr
    );
}

#[test]
fn jsonl_errors_say_the_line_once() {
    let dir = Dir::new();
    dir.write(
        "a.jsonl",
        "{\"text\": \"第一篇正文，内容足够长。\"}\n\n{broken\n",
    );
    let out = dir.run(&["dups", "a.jsonl", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let line = out
        .stderr
        .lines()
        .find(|l| l.contains("a.jsonl:3"))
        .unwrap_or_else(|| panic!("{}", out.stderr));
    assert!(line.contains("malformed JSON"), "{line}");
    assert!(!line.contains("line 1"), "{line}");
    assert!(line.contains("column 2"), "{line}");
}
