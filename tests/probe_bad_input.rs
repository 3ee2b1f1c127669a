//! `idemlab probe` against targets that misbehave, each a small HTTP server of this test on a
//! free loopback port: one that hangs, answers HTML, redirects (to another host, or to itself),
//! sends an endless body or escape sequences, or is not there at all. Each must end with a
//! clear line and exit 2 (or an unknown), never a hang or a panic; and the probe never sends
//! more requests than its plan printed, nor any to another address.

mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A loopback server answering by path; counts the requests it read.
struct Fake {
    port: u16,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Fake {
    fn start() -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, s) = (requests.clone(), stop.clone());
        std::thread::spawn(move || {
            let charges = Arc::new(AtomicUsize::new(0));
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (r, s, c) = (r.clone(), s.clone(), charges.clone());
                std::thread::spawn(move || serve(conn, &r, &s, &c));
            }
        });
        Fake {
            port,
            requests,
            stop,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(conn: TcpStream, requests: &AtomicUsize, stop: &AtomicBool, charges: &AtomicUsize) {
    let mut reader = BufReader::new(conn.try_clone().expect("clone"));
    let mut out = conn;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or("").to_owned(),
            parts.next().unwrap_or("").to_owned(),
        );
        let mut len = 0usize;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            if h == "\r\n" {
                break;
            }
            if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        requests.fetch_add(1, Ordering::SeqCst);
        let reply = |out: &mut TcpStream, status: &str, ctype: &str, extra: &str, body: &str| {
            let _ = write!(
                out,
                "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n{extra}\r\n{body}",
                body.len()
            );
        };
        match (method.as_str(), path.as_str()) {
            (_, "/hang") => {
                let until = Instant::now() + Duration::from_secs(20);
                while !stop.load(Ordering::SeqCst) && Instant::now() < until {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return;
            }
            (_, "/html") => reply(
                &mut out,
                "404 Not Found",
                "text/html",
                "",
                "<!DOCTYPE html><h1>Not Found</h1>",
            ),
            (_, "/away") => reply(
                &mut out,
                "302 Found",
                "text/plain",
                &format!(
                    "Location: http://127.0.0.1:{}/charges\r\n",
                    REDIRECT_PORT.load(Ordering::SeqCst)
                ),
                "",
            ),
            (_, "/loop") => reply(
                &mut out,
                "307 Temporary Redirect",
                "text/plain",
                "Location: /loop\r\n",
                "",
            ),
            (_, "/huge") => {
                let _ = write!(
                    out,
                    "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n\r\n"
                );
                let chunk = vec![b'x'; 64 * 1024];
                for _ in 0..4096 {
                    if out.write_all(&chunk).is_err() {
                        return;
                    }
                }
                return;
            }
            ("GET", "/ledger") => {
                let body = format!("{{\"count\": {}}}", charges.load(Ordering::SeqCst));
                reply(&mut out, "200 OK", "application/json", "", &body);
            }
            ("POST", "/evil") => {
                let n = charges.fetch_add(1, Ordering::SeqCst);
                let body = format!("{{\"id\": \"ch_{n}\\u001b[2J\u{1b}]0;pwned\u{7}\u{202e}\"}}");
                reply(&mut out, "201 Created", "application/json", "", &body);
            }
            ("POST", "/charges") => {
                // No idempotency at all: every request is a new charge.
                let n = charges.fetch_add(1, Ordering::SeqCst);
                reply(
                    &mut out,
                    "201 Created",
                    "application/json",
                    "",
                    &format!("{{\"id\": \"ch_{n}\"}}"),
                );
            }
            _ => reply(&mut out, "404 Not Found", "application/json", "", "{}"),
        }
    }
}

/// Where `/away` redirects: another loopback server, which must never hear from the probe.
static REDIRECT_PORT: AtomicUsize = AtomicUsize::new(0);

fn probe(data: &std::path::Path, args: &[&str]) -> Output {
    let mut cmd = common::idemlab_in(data);
    cmd.arg("probe").args(args);
    // A hang would show as this test never ending; the probe bounds itself well inside this.
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run idemlab");
    child.wait_with_output().expect("wait")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The bound the plan printed: `at most N requests`.
fn printed_bound(out: &str) -> usize {
    let at = out.find("at most ").expect("the plan states its bound");
    out[at + 8..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn urls_that_are_not_plain_http_are_refused_before_anything() {
    let data = tempfile::tempdir().unwrap();
    for (url, says) in [
        ("ftp://127.0.0.1/x", "not an http URL"),
        ("127.0.0.1:7878", "not an http URL"),
        ("https://127.0.0.1:7878", "no TLS"),
        ("http://127.0.0.1:7878/?x=1", "query"),
    ] {
        let o = probe(data.path(), &[url]);
        assert_eq!(o.status.code(), Some(2), "{url}: {}", text(&o));
        assert!(text(&o).contains(says), "{url}: {}", text(&o));
        assert!(o.stdout.is_empty(), "no plan, no run for {url}");
    }
    for bad in [
        &["http://127.0.0.1:1", "--body", "{amount: 1}"][..],
        &["http://127.0.0.1:1", "--only", "replay,nonsense"],
        &["http://127.0.0.1:1", "--endpoint", "charges"],
        &["http://127.0.0.1:1", "--trials", "0"],
        &["http://127.0.0.1:1", "--concurrency", "1000"],
    ] {
        let o = probe(data.path(), bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", text(&o));
        assert!(o.stdout.is_empty(), "{bad:?}: {}", text(&o));
    }
}

#[test]
fn an_unreachable_target_is_exit_2_with_the_reason() {
    let data = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = probe(data.path(), &[&format!("http://127.0.0.1:{port}")]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("connection refused"), "{}", text(&o));
    assert!(!text(&o).contains("panicked"));
}

#[test]
fn a_hanging_server_is_unknown_and_the_run_stops() {
    let data = tempfile::tempdir().unwrap();
    let fake = Fake::start();
    let o = probe(
        data.path(),
        &[
            &fake.url(),
            "--endpoint",
            "POST /hang",
            "--timeout-ms",
            "300",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("did not answer the first request"),
        "{}",
        text(&o)
    );
    assert_eq!(fake.requests(), 1, "one request, then the run stops");
}

#[test]
fn html_redirects_and_huge_bodies_stop_the_run_with_a_clear_line() {
    let data = tempfile::tempdir().unwrap();
    let fake = Fake::start();
    let elsewhere = Fake::start();
    REDIRECT_PORT.store(usize::from(elsewhere.port), Ordering::SeqCst);
    for (path, says) in [
        ("/html", "answered an HTML page (status 404)"),
        ("/away", "probe follows no redirects"),
        ("/loop", "answered 307 (a redirect to /loop)"),
        ("/huge", "a body over 256 KiB"),
    ] {
        let before = fake.requests();
        let o = probe(
            data.path(),
            &[
                &fake.url(),
                "--endpoint",
                &format!("POST {path}"),
                "--timeout-ms",
                "3000",
            ],
        );
        let out = text(&o);
        assert_eq!(o.status.code(), Some(2), "{path}: {out}");
        assert!(out.contains(says), "{path}: {out}");
        assert!(
            !out.contains("FAIL"),
            "{path}: not the target's failure: {out}"
        );
        assert_eq!(
            fake.requests() - before,
            1,
            "{path}: one request, then the run stops"
        );
    }
    assert_eq!(
        elsewhere.requests(),
        0,
        "a redirect to another address is never followed"
    );
}

#[test]
fn the_probe_never_sends_more_than_its_plan_says() {
    let data = tempfile::tempdir().unwrap();
    let fake = Fake::start();
    let o = probe(
        data.path(),
        &[
            &fake.url(),
            "--ledger",
            "GET /ledger",
            "--tier",
            "all",
            "--trials",
            "5",
        ],
    );
    let out = text(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a server without idempotency fails: {out}"
    );
    let bound = printed_bound(&out);
    assert!(
        fake.requests() <= bound,
        "{} requests, plan said at most {bound}",
        fake.requests()
    );

    let before = fake.requests();
    let o = probe(
        data.path(),
        &[
            &fake.url(),
            "--ledger",
            "GET /ledger",
            "--max-requests",
            "9",
            "--json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let sent = doc["requests_sent"].as_u64().unwrap() as usize;
    let max = doc["plan"]["max_requests"].as_u64().unwrap() as usize;
    assert!(max <= 9 && sent <= max, "sent {sent}, plan {max}");
    assert_eq!(
        fake.requests() - before,
        sent,
        "the count is what the server received"
    );
    let skipped: Vec<&serde_json::Value> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["reason"]
                .as_str()
                .unwrap()
                .contains("do not fit under --max-requests 9")
        })
        .collect();
    assert!(!skipped.is_empty(), "{doc}");
    assert!(skipped.iter().all(|c| c["verdict"] == "unknown"));
}

#[test]
fn the_json_document_and_junit_follow_the_spec() {
    let data = tempfile::tempdir().unwrap();
    let fake = Fake::start();
    let junit = data.path().join("probe.xml");
    let o = probe(
        data.path(),
        &[
            &fake.url(),
            "--ledger",
            "GET /ledger",
            "--only",
            "first,replay,concurrent",
            "--trials",
            "3",
            "--json",
            "--junit",
            junit.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("plan:"),
        "the plan goes to stderr with --json"
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    let mut keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["checks", "endpoint", "plan", "requests_sent", "target"]
    );
    assert_eq!(doc["endpoint"], "POST /charges");
    assert_eq!(
        doc["plan"]["checks"],
        serde_json::json!(["first", "replay", "concurrent"])
    );
    let replay = &doc["checks"][1];
    assert_eq!(
        (replay["id"].as_str(), replay["verdict"].as_str()),
        (Some("replay"), Some("fail"))
    );
    let ev = replay["evidence"].as_array().unwrap();
    let mut ev_keys: Vec<&str> = ev[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    ev_keys.sort_unstable();
    assert_eq!(
        ev_keys,
        [
            "body", "key", "method", "path", "replayed", "status", "t_ms"
        ]
    );
    let conc = &doc["checks"][2];
    assert_eq!(conc["trials"], serde_json::json!({"run": 3, "held": 0}));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), 3);
    assert_eq!(xml.matches("<failure ").count(), 2, "{xml}");
    // The history: one line per request, under <data dir>/probe/<time>/.
    let runs: Vec<_> = std::fs::read_dir(data.path().join("probe"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(runs.len(), 1);
    let history = std::fs::read_to_string(runs[0].path().join("history.jsonl")).unwrap();
    assert_eq!(
        history.lines().count() as u64,
        doc["requests_sent"].as_u64().unwrap()
    );
    assert!(runs[0].path().join("report.json").exists());
}

#[test]
fn what_the_target_says_never_reaches_the_terminal_raw() {
    let data = tempfile::tempdir().unwrap();
    let fake = Fake::start();
    for json in [false, true] {
        let mut args = vec![
            fake.url(),
            "--endpoint".into(),
            "POST /evil".into(),
            "--only".into(),
            "replay".into(),
        ];
        if json {
            args.push("--json".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = probe(data.path(), &args);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(1), "{out}");
        for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(!out.contains(bad), "{bad:?} reached the output: {out}");
        }
    }
}
