//! `idemlab serve --no-tui` with a log reader that never reads: the pipe fills, and still every
//! request is answered, the server keeps a bounded number of log lines (the oldest dropped and
//! counted), and SIGTERM stops it at once with its last words saying how many were dropped.
#![cfg(unix)]

mod serve_util;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serve_util::Conn;

const REQUESTS: usize = 3000;

#[test]
fn a_stdout_nobody_reads_drops_log_lines_and_blocks_neither_requests_nor_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_idemlab"))
        .args([
            "serve", "--no-tui", "--log", "json", "--port", "0", "--db", ":memory:",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    let addr = v["listening"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://")
        .parse()
        .unwrap();
    // From here on nobody reads stdout: a 64 KiB pipe holds a few hundred of these lines.
    let mut c = Conn::open(addr);
    for i in 0..REQUESTS {
        let r = c
            .send(
                "POST",
                "/charges",
                &[("Content-Type", "application/json")],
                Some(&format!(r#"{{"amount": 1, "order": "o-{i}"}}"#)),
            )
            .unwrap();
        assert_eq!(r.status, 201, "request {i}");
    }
    let ledger = c.send("GET", "/ledger", &[], None).unwrap().json();
    assert_eq!(ledger["count"], REQUESTS);

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("SIGTERM did not stop a server whose stdout nobody reads");
        }
        thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    let written = rest.lines().filter(|l| l.ends_with('}')).count();

    let dropped: usize = err
        .split("; ")
        .find_map(|p| p.strip_suffix(" log lines were dropped (the log reader lagged)\n"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of dropped lines in {err:?}"));
    assert!(
        err.starts_with(&format!(
            "idemlab serve: stopped; the ledger holds {REQUESTS} charges"
        )),
        "{err}"
    );
    // What was never written is at most the ring the server keeps (1024) and the line the
    // log thread was blocked on; the rest was written or dropped.
    assert!(
        dropped + written <= REQUESTS && dropped + written + 1025 >= REQUESTS,
        "{dropped} dropped, {written} written of {REQUESTS}"
    );
}
