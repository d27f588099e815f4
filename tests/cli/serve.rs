//! `chachong serve`: the real binary on loopback (port 0) over an index of
//! the seeds in a temp dir, driven over HTTP.
//!
//! - the service's check gives the same `drafts[0]` as `chachong check
//!   --format json` on the same index, for a copied and a fresh draft,
//!   after an addition (a draft copying it fails) and after its deletion;
//! - tokens (401 with `WWW-Authenticate`, 403, 200), limits (413 for the
//!   body and the draft), bad input (400 naming the problem), errors as
//!   JSON, a non-loopback address without tokens refused (exit 2);
//! - a full CPU bound is a 503 with `Retry-After`; SIGTERM finishes a
//!   queued task and exits 0, and the document is there after a restart;
//! - `kill -9` at seeded random moments during a stream of `?wait=true`
//!   additions loses no acknowledged document, over 24 kills.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::check::{FRESH, seed_paragraph};
use crate::util::{BIN, Dir, indexed};

/// A running `chachong serve`, killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(dir: &Dir, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(dir.path())
            .args(["serve", "--index", "corpus.idx", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env_remove("CHACHONG_READ_TOKEN")
            .env_remove("CHACHONG_WRITE_TOKEN")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start chachong serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server printed no `listening on` line in 60 s");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut r = agent().get(&self.url(path));
        if let Some(t) = token {
            r = r.header("Authorization", &format!("Bearer {t}"));
        }
        Reply::of(r.call())
    }

    fn post(&self, path: &str, content_type: &str, body: &[u8], token: Option<&str>) -> Reply {
        let mut r = agent()
            .post(&self.url(path))
            .header("Content-Type", content_type);
        if let Some(t) = token {
            r = r.header("Authorization", &format!("Bearer {t}"));
        }
        Reply::of(r.send(body))
    }

    fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.post(path, "application/json", body.to_string().as_bytes(), None)
    }

    fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        let mut r = agent().delete(&self.url(path));
        if let Some(t) = token {
            r = r.header("Authorization", &format!("Bearer {t}"));
        }
        Reply::of(r.call())
    }

    /// SIGTERM, then the exit code (within 60 s).
    fn terminate(mut self) -> Option<i32> {
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no exit 60 s after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .new_agent()
}

/// A status, headers that matter, and the body.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: String,
    retry_after: Option<String>,
    www_authenticate: Option<String>,
    body: String,
}

impl Reply {
    fn of(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut r = r.expect("the request reached the server");
        let header = |name: &str| {
            r.headers()
                .get(name)
                .map(|v| v.to_str().unwrap_or("").to_string())
        };
        let content_type = header("content-type").unwrap_or_default();
        let retry_after = header("retry-after");
        let www_authenticate = header("www-authenticate");
        let body = r.body_mut().read_to_string().unwrap_or_default();
        Reply {
            status: r.status().as_u16(),
            content_type,
            retry_after,
            www_authenticate,
            body,
        }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }

    /// Asserts the status and that the body is a JSON error whose detail
    /// contains `detail`.
    fn error(&self, status: u16, detail: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(
            self.content_type.starts_with("application/json"),
            "{self:?}"
        );
        let v = self.json();
        assert!(v["error"].is_string(), "{v}");
        let d = v["detail"].as_str().unwrap();
        assert!(d.contains(detail), "detail {d:?} lacks {detail:?}");
    }
}

const NEW_ARTICLE: &str = "山区小学的孩子们第一次走进了学校新建的天文观测室，老师用望远镜带他们观察月球表面的环形山。\
    这间观测室由当地企业捐建，配备了两台折射望远镜和一套星图投影设备，每周向周边村庄的学生开放两个晚上。\
    校长说，希望孩子们在仰望星空的时候，也能生出探索未知世界的勇气和好奇心。";

/// The service's check of `text` as the draft `id`, and `chachong check`'s
/// of the same text written to the file `id`, on the same index: their
/// `drafts[0]` objects must be equal. Gives the service's draft.
fn same_as_cli(dir: &Dir, server: &Server, id: &str, text: &str) -> Value {
    let r = server.post_json("/v1/check", &json!({"text": text, "id": id}));
    assert_eq!(r.status, 200, "{}", r.body);
    let served = r.json();
    assert_eq!(served["schema"], "chachong.check/1");
    dir.write(id, text);
    let cli = dir.check_json(id, "corpus.idx");
    assert!(cli.code == 0 || cli.code == 1, "{cli:?}");
    let cli = cli.json();
    assert_eq!(served["drafts"][0], cli["drafts"][0]);
    assert_eq!(served["drafts"].as_array().unwrap().len(), 1);
    let mut s = served["settings"].clone();
    let mut c = cli["settings"].clone();
    s["index"] = Value::Null;
    c["index"] = Value::Null;
    assert_eq!(s, c);
    served["drafts"][0].clone()
}

#[test]
fn serve_checks_as_the_cli_does_through_additions_and_deletions() {
    let dir = indexed(&["000", "001", "002", "003", "004"]);
    let server = Server::start(&dir, &[], &[]);
    let health = server.get("/health", None);
    assert_eq!(
        (health.status, health.json()["status"].clone()),
        (200, json!("ok"))
    );

    let copied = format!("{}\n\n{FRESH}", seed_paragraph());
    let d = same_as_cli(&dir, &server, "copied.txt", &copied);
    assert_eq!(d["verdict"], "fail");
    assert!(
        d["passages"][0]["source"]["id"]
            .as_str()
            .unwrap()
            .contains("003")
    );
    let d = same_as_cli(&dir, &server, "fresh.txt", FRESH);
    assert_eq!(d["verdict"], "pass");

    // The page for the writer.
    let page = server.post(
        "/v1/check?format=html&lang=en",
        "application/json",
        json!({"text": copied, "id": "<b>x</b>"})
            .to_string()
            .as_bytes(),
        None,
    );
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("&lt;b&gt;x&lt;/b&gt;") && !page.body.contains("<b>x</b>"));

    // Add a document, then a draft copying it fails, naming it.
    let stats = server.get("/v1/stats", None).json();
    assert_eq!(stats["documents"], 5);
    let batch =
        json!([{"id": "cms/new-1", "text": NEW_ARTICLE, "title": "天文观测室", "source": "县报"}]);
    let r = server.post(
        "/v1/documents?wait=true",
        "application/json",
        batch.to_string().as_bytes(),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let task = r.json();
    assert_eq!(task["status"], "succeeded");
    assert_eq!(task["result"]["added"], 1);
    assert_eq!(task["result"]["documents"], 6);
    let t = server
        .get(&format!("/v1/tasks/{}", task["task"]), None)
        .json();
    assert_eq!(t["status"], "succeeded");
    let stored = server.get("/v1/documents/cms/new-1", None);
    assert_eq!(stored.status, 200, "{}", stored.body);
    let stored = stored.json();
    assert_eq!(stored["text"], NEW_ARTICLE);
    assert_eq!(stored["meta"]["title"], "天文观测室");
    let d = same_as_cli(
        &dir,
        &server,
        "copy-new.txt",
        &format!("{NEW_ARTICLE}\n\n{FRESH}"),
    );
    assert_eq!(d["verdict"], "fail");
    assert_eq!(d["passages"][0]["source"]["id"], "cms/new-1");
    assert_eq!(d["index"]["documents"], 6);

    // Similar: by text, and by id (leaving itself out).
    let sim = server.post_json("/v1/similar", &json!({"text": NEW_ARTICLE, "limit": 3}));
    assert_eq!(sim.status, 200, "{}", sim.body);
    let sim = sim.json();
    assert_eq!(sim["results"][0]["id"], "cms/new-1");
    assert_eq!(sim["results"][0]["copy_ratio"], 1.0);
    let sim = server
        .post_json("/v1/similar", &json!({"id": "cms/new-1"}))
        .json();
    assert!(
        sim["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["id"] != "cms/new-1"),
        "{sim}"
    );

    // Replace it (upsert by id) as NDJSON, without waiting, then poll.
    let nd = format!("{}\n", json!({"id": "cms/new-1", "text": FRESH}));
    let r = server.post("/v1/documents", "application/x-ndjson", nd.as_bytes(), None);
    assert_eq!(r.status, 202, "{}", r.body);
    let id = r.json()["task"].clone();
    let done = poll(&server, &id);
    assert_eq!(done["result"]["replaced"], json!(["cms/new-1"]));
    assert_eq!(
        server.get("/v1/documents/cms%2Fnew-1", None).json()["text"],
        FRESH
    );

    // Delete it: the copying draft passes again.
    let r = server.delete("/v1/documents/cms%2Fnew-1?wait=true", None);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["result"]["deleted"], json!(["cms/new-1"]));
    server
        .get("/v1/documents/cms/new-1", None)
        .error(404, "cms/new-1");
    let d = same_as_cli(
        &dir,
        &server,
        "copy-new.txt",
        &format!("{NEW_ARTICLE}\n\n{FRESH}"),
    );
    assert_eq!(d["verdict"], "pass");
    let r = server
        .delete("/v1/documents/nothing-here?wait=true", None)
        .json();
    assert_eq!(r["result"]["not_found"], json!(["nothing-here"]));
    assert_eq!(server.terminate(), Some(0));
}

/// Polls a task until it has finished.
fn poll(server: &Server, task: &Value) -> Value {
    let start = Instant::now();
    loop {
        let t = server.get(&format!("/v1/tasks/{task}"), None).json();
        if t["status"] == "succeeded" || t["status"] == "failed" {
            return t;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "{t}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Path, content type, body, token, status, words of the detail.
type Case<'a> = (&'a str, &'a str, &'a [u8], &'a str, u16, &'a str);

const READ: &str = "read-token-aaaaaaaaaaaa";
const WRITE: &str = "write-token-bbbbbbbbbbbb";

#[test]
fn serve_enforces_tokens_limits_and_names_bad_input() {
    let dir = indexed(&["000", "003"]);
    dir.write("tokens", format!("# who may\nread {READ}\nwrite {WRITE}\n"));
    let server = Server::start(
        &dir,
        &[
            "--tokens",
            "tokens",
            "--max-body",
            "64KiB",
            "--max-draft-chars",
            "300",
        ],
        &[],
    );
    let check = json!({"text": FRESH}).to_string();
    let post = |path: &str, ct: &str, body: &[u8], t| server.post(path, ct, body, t);

    // Tokens.
    let r = post("/v1/check", "application/json", check.as_bytes(), None);
    r.error(401, "Authorization");
    assert_eq!(r.www_authenticate.as_deref(), Some("Bearer"));
    post(
        "/v1/check",
        "application/json",
        check.as_bytes(),
        Some("not-a-token-at-all"),
    )
    .error(401, "unknown token");
    assert_eq!(
        post(
            "/v1/check",
            "application/json",
            check.as_bytes(),
            Some(READ)
        )
        .status,
        200
    );
    assert_eq!(
        post(
            "/v1/check",
            "application/json",
            check.as_bytes(),
            Some(WRITE)
        )
        .status,
        200
    );
    let doc = json!([{"id": "x", "text": FRESH}]).to_string();
    post(
        "/v1/documents",
        "application/json",
        doc.as_bytes(),
        Some(READ),
    )
    .error(403, "may read but not write");
    server
        .delete("/v1/documents/x", Some(READ))
        .error(403, "may read but not write");
    server
        .delete("/v1/documents/x", None)
        .error(401, "Authorization");
    assert_eq!(
        post(
            "/v1/documents",
            "application/json",
            doc.as_bytes(),
            Some(WRITE)
        )
        .status,
        202
    );
    server.get("/v1/stats", None).error(401, "Authorization");
    assert_eq!(server.get("/v1/stats", Some(READ)).status, 200);
    assert_eq!(server.get("/health", None).status, 200);

    // Limits: the body, then the draft.
    let big = json!({"text": "字".repeat(40_000)}).to_string();
    post("/v1/check", "application/json", big.as_bytes(), Some(READ)).error(413, "");
    let long = json!({"text": "字".repeat(301)}).to_string();
    post("/v1/check", "application/json", long.as_bytes(), Some(READ))
        .error(413, "301 characters, over the limit of 300");

    // Bad input is a 400 (or 415) naming the problem.
    let bad_ndjson = format!(
        "{}\n{{\"id\": \"b\", \"text\": 5}}\n",
        json!({"id": "a", "text": FRESH})
    );
    let cases: [Case; 9] = [
        (
            "/v1/check",
            "application/json",
            b"{\"text\": ",
            READ,
            400,
            "EOF while parsing",
        ),
        (
            "/v1/check",
            "application/json",
            br#"{"txt": "x"}"#,
            READ,
            400,
            "unknown field `txt`",
        ),
        (
            "/v1/check",
            "application/json",
            br#"{"text": "x", "threshold": 7}"#,
            READ,
            400,
            "threshold",
        ),
        (
            "/v1/check",
            "application/json",
            br#"{"text": "x", "html": "y"}"#,
            READ,
            400,
            "exactly one of",
        ),
        (
            "/v1/check?format=pdf",
            "application/json",
            check.as_bytes(),
            READ,
            400,
            "format",
        ),
        (
            "/v1/documents",
            "application/x-ndjson",
            bad_ndjson.as_bytes(),
            WRITE,
            400,
            "line 2: field `text` is not a string",
        ),
        (
            "/v1/documents",
            "application/json",
            br#"[{"text": "x"}]"#,
            WRITE,
            400,
            "element 1: no `id`",
        ),
        (
            "/v1/documents",
            "application/json",
            br#"{"id": "x"}"#,
            WRITE,
            400,
            "expected a JSON array",
        ),
        (
            "/v1/documents",
            "text/csv",
            b"id,text",
            WRITE,
            415,
            "application/x-ndjson",
        ),
    ];
    for (path, ct, body, token, status, detail) in cases {
        post(path, ct, body, Some(token)).error(status, detail);
    }
    server.get("/v1/nothing", Some(READ)).error(404, "");
    server
        .get("/v1/tasks/999", Some(READ))
        .error(404, "no task");

    // The OpenAPI document, with the check's schema in it.
    let api = server.get("/openapi.json", None).json();
    assert_eq!(api["openapi"], "3.1.0");
    assert!(api["components"]["schemas"]["CheckResult"]["$defs"]["body"].is_object());
    assert!(
        !server
            .get("/openapi.json", None)
            .body
            .contains("\"#/$defs/")
    );
    drop(server);

    // Env tokens; a non-loopback address without tokens is refused.
    let server = Server::start(&dir, &[], &[("CHACHONG_WRITE_TOKEN", WRITE)]);
    server.get("/v1/stats", None).error(401, "Authorization");
    assert_eq!(server.get("/v1/stats", Some(WRITE)).status, 200);
    drop(server);
    let o = dir.run(&["serve", "--index", "corpus.idx", "--addr", "0.0.0.0:0"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(
        o.stderr.contains("not a loopback address, without tokens"),
        "{}",
        o.stderr
    );
    let o = dir.run(&["serve", "--index", "missing.idx"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("missing.idx"), "{}", o.stderr);
}

#[test]
fn serve_answers_503_when_saturated_and_sigterm_finishes_queued_tasks() {
    let dir = indexed(&["000", "003"]);
    let server = Arc::new(Server::start(
        &dir,
        &["--max-concurrent", "1", "--test-delay", "1500ms"],
        &[],
    ));
    let s = server.clone();
    let slow = std::thread::spawn(move || s.post_json("/v1/check", &json!({"text": FRESH})).status);
    std::thread::sleep(Duration::from_millis(400));
    let r = server.post_json("/v1/check", &json!({"text": FRESH}));
    r.error(503, "bound of concurrent work");
    assert_eq!(r.retry_after.as_deref(), Some("1"));
    assert_eq!(slow.join().unwrap(), 200);

    // A task queued (its commit held 1.5 s), then SIGTERM: it is finished.
    let batch = json!([{"id": "queued-1", "text": NEW_ARTICLE}]).to_string();
    let r = server.post("/v1/documents", "application/json", batch.as_bytes(), None);
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.json()["status"], "enqueued");
    let server = Arc::try_unwrap(server).ok().unwrap();
    assert_eq!(server.terminate(), Some(0));
    // A request over --timeout is a 503 naming the limit.
    let server = Server::start(&dir, &["--timeout", "300ms", "--test-delay", "1s"], &[]);
    let r = server.post_json("/v1/check", &json!({"text": FRESH}));
    r.error(503, "longer than 300ms");
    assert_eq!(r.retry_after.as_deref(), Some("1"));
    drop(server);

    let server = Server::start(&dir, &[], &[]);
    let doc = server.get("/v1/documents/queued-1", None);
    assert_eq!(doc.status, 200, "{}", doc.body);
    assert_eq!(doc.json()["text"], NEW_ARTICLE);
}

/// A small deterministic generator (xorshift), so the kill moments repeat.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn serve_kill_9_loses_no_acknowledged_addition() {
    const KILLS: usize = 24;
    let dir = indexed(&["000", "003"]);
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut rng = Rng(0x5eed_1717);
    let mut next = 0usize;
    for round in 0..KILLS {
        let server = Server::start(&dir, &[], &[]);
        // Everything acknowledged so far is there, and the index reads.
        let stats = server.get("/v1/stats", None);
        assert_eq!(stats.status, 200, "round {round}: {}", stats.body);
        for id in acked.lock().unwrap().iter() {
            let r = server.get(&format!("/v1/documents/{id}"), None);
            assert_eq!(r.status, 200, "round {round}: acknowledged {id} lost");
        }
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (base, acked2, stop2, start_at) =
            (server.base.clone(), acked.clone(), stop.clone(), next);
        let stream = std::thread::spawn(move || {
            let mut n = start_at;
            while !stop2.load(std::sync::atomic::Ordering::SeqCst) {
                let id = format!("k{n}");
                let text = format!("第{n}篇：{NEW_ARTICLE}");
                let body = json!([{"id": id, "text": text}]).to_string();
                let r = agent()
                    .post(&format!("{base}/v1/documents?wait=true"))
                    .header("Content-Type", "application/json")
                    .send(body.as_bytes());
                n += 1;
                match r {
                    Ok(mut r) if r.status().as_u16() == 200 => {
                        let v: Value =
                            serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
                        if v["status"] == "succeeded" {
                            acked2.lock().unwrap().push(id);
                        }
                    }
                    _ => break,
                }
            }
            n
        });
        std::thread::sleep(Duration::from_millis(100 + rng.below(700)));
        drop(server); // SIGKILL
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        next = stream.join().unwrap();
    }
    let server = Server::start(&dir, &[], &[]);
    let acked = acked.lock().unwrap();
    assert!(
        acked.len() >= KILLS,
        "only {} additions acknowledged",
        acked.len()
    );
    eprintln!("{KILLS} kills, {} additions acknowledged", acked.len());
    for id in acked.iter() {
        assert_eq!(
            server.get(&format!("/v1/documents/{id}"), None).status,
            200,
            "{id} lost"
        );
    }
    let stats = server.get("/v1/stats", None).json();
    assert!(stats["documents"].as_u64().unwrap() >= 2 + acked.len() as u64);
    // The index is whole for the command line too.
    dir.write("fresh.txt", FRESH);
    let o = dir.check_json("fresh.txt", "corpus.idx");
    assert_eq!(o.code, 0, "{o:?}");
}

#[test]
fn serve_publish_hook_blocks_a_copy_and_adds_a_fresh_draft() {
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("\n!!!!!!!! SKIPPED the publish hook test: no python3 !!!!!!!!\n");
        return;
    }
    let dir = indexed(&["000", "003"]);
    let server = Server::start(&dir, &[], &[]);
    let hook = crate::util::root().join("examples/cms_publish_hook.py");
    let base = server.base.clone();
    let run = |file: &str, id: &str| {
        let o = Command::new("python3")
            .current_dir(dir.path())
            .arg(&hook)
            .args([file, "--id", id, "--url", &base, "--title", "标题"])
            .env_remove("CHACHONG_WRITE_TOKEN")
            .env_remove("CHACHONG_READ_TOKEN")
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        (o.status.code(), out + &String::from_utf8_lossy(&o.stderr))
    };
    dir.write("copy.txt", format!("{}\n\n{FRESH}", seed_paragraph()));
    let (code, out) = run("copy.txt", "cms/copy");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("cms/copy: FAIL"), "{out}");
    server
        .get("/v1/documents/cms/copy", None)
        .error(404, "cms/copy");

    dir.write("fresh.txt", FRESH);
    let (code, out) = run("fresh.txt", "cms/fresh");
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("cms/fresh: PASS") && out.contains("added"),
        "{out}"
    );
    let doc = server.get("/v1/documents/cms/fresh", None).json();
    assert_eq!(
        (doc["text"].as_str(), doc["meta"]["title"].as_str()),
        (Some(FRESH), Some("标题"))
    );
    // Now published, the same text elsewhere fails.
    let (code, out) = run("fresh.txt", "cms/again");
    assert_eq!(code, Some(1), "{out}");
    let (code, out) = run("missing.txt", "x");
    assert_eq!(code, Some(2), "{out}");
    drop(server);
    let (code, out) = run("fresh.txt", "cms/down");
    assert_eq!(code, Some(2), "{out}");
}

#[test]
fn serve_checks_during_a_stream_of_adds_see_every_acknowledged_document() {
    let dir = indexed(&["000", "003"]);
    let server = Arc::new(Server::start(&dir, &["--max-concurrent", "4"], &[]));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (s, d) = (server.clone(), done.clone());
    let checker = std::thread::spawn(move || {
        let mut checks = 0;
        while !d.load(std::sync::atomic::Ordering::SeqCst) {
            let r = s.post_json("/v1/check", &json!({"text": FRESH}));
            assert_eq!(r.status, 200, "a check during adds: {}", r.body);
            checks += 1;
        }
        checks
    });
    for n in 0..12 {
        let id = format!("stream-{n}");
        let text = format!("{n}号稿件。{NEW_ARTICLE}");
        let body = json!([{"id": id, "text": text}]).to_string();
        let r = server.post(
            "/v1/documents?wait=true",
            "application/json",
            body.as_bytes(),
            None,
        );
        assert_eq!(r.json()["status"], "succeeded", "{}", r.body);
        // Acknowledged, so a check of its text finds it.
        let c = server.post_json("/v1/check", &json!({"text": text})).json();
        let sources: Vec<&str> = c["drafts"][0]["sources"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["id"].as_str())
            .collect();
        assert!(sources.contains(&id.as_str()), "{id} not among {sources:?}");
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(checker.join().unwrap() > 0);

    // A write by another process (`index --add`) is seen by the next read.
    dir.write("more/extra.txt", FRESH);
    let o = dir.run(&["index", "more", "-o", "corpus.idx", "--add", "-q"]);
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(
        server.get("/v1/stats", None).json()["documents"],
        2 + 12 + 1
    );
    assert_eq!(server.get("/v1/documents/more/extra.txt", None).status, 200);
}
