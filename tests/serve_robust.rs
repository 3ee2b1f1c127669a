//! Bad input never takes the server down: garbage, a half-sent request, a slow body, a head over
//! its limit, ten thousand idle connections; each gets its status or a closed connection and the
//! server keeps answering others. Also: a port in use, a clean shutdown with a request in flight,
//! and SIGTERM to the binary.

mod serve_util;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serve_util::{Conn, charge, ledger, start, start_with};

use idemlab::server::{Config, Delay, Knobs, Server, StartError};

fn still_answers(a: std::net::SocketAddr) {
    assert_eq!(charge(a, None, r#"{"amount": 1}"#).unwrap().status, 201);
}

/// Reads until the server closes (or answers); the bytes it sent.
fn read_to_close(s: &mut TcpStream) -> Vec<u8> {
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    out
}

#[test]
fn garbage_half_requests_slow_bodies_and_huge_heads_are_refused_and_others_served() {
    let server = start_with(|c| c.read_timeout = Duration::from_millis(500));
    let a = server.addr();

    let mut g = TcpStream::connect(a).unwrap();
    g.write_all(b"\x00\xff\x16\x03\x01GARBAGE\r\n\r\n").unwrap();
    let got = read_to_close(&mut g);
    assert!(
        got.is_empty() || got.starts_with(b"HTTP/1.1 400"),
        "{:?}",
        String::from_utf8_lossy(&got)
    );
    still_answers(a);

    let t = Instant::now();
    let mut half = TcpStream::connect(a).unwrap();
    half.write_all(b"POST /charges HTTP/1.1\r\nHost: x\r\nContent-Type: appl")
        .unwrap();
    still_answers(a);
    let got = read_to_close(&mut half);
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "closed by the read timeout"
    );
    assert!(
        got.is_empty() || got.starts_with(b"HTTP/1.1 408"),
        "{:?}",
        String::from_utf8_lossy(&got)
    );

    let mut slow = Conn::open(a);
    slow.stream()
        .write_all(b"POST /charges HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"amo")
        .unwrap();
    let r = slow.read_response().unwrap();
    assert_eq!(r.status, 408);

    let huge = format!(
        "GET /ledger HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    let mut h = TcpStream::connect(a).unwrap();
    let _ = h.write_all(huge.as_bytes());
    let got = read_to_close(&mut h);
    assert!(
        got.starts_with(b"HTTP/1.1 431"),
        "{:?}",
        String::from_utf8_lossy(&got[..got.len().min(80)])
    );
    still_answers(a);
    assert_eq!(ledger(a)["count"], 3);
}

#[test]
fn a_port_in_use_is_one_clear_error_naming_the_flag() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    match Server::start(Config::loopback(port)) {
        Err(e @ StartError::PortInUse { .. }) => assert!(e.to_string().contains("--port"), "{e}"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("started on a taken port"),
    }
    let out = serve_util::headless_on(port).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--port") && err.contains(&port.to_string()),
        "{err}"
    );
}

#[test]
fn shutdown_finishes_the_request_in_flight_and_then_stops_listening() {
    let server = start(Knobs {
        delay: Delay {
            min_ms: 400,
            max_ms: 400,
        },
        ..Knobs::default()
    });
    let a = server.addr();
    let client = thread::spawn(move || charge(a, Some("k"), r#"{"amount": 1}"#));
    thread::sleep(Duration::from_millis(100));
    server.shutdown();
    assert_eq!(
        client.join().unwrap().unwrap().status,
        201,
        "the request in flight finished"
    );
    assert!(TcpStream::connect(a).is_err(), "nothing listens any more");
}

/// The binary on a free port, with its URL read from its first line.
fn spawn_binary(extra: &[&str]) -> (std::process::Child, std::net::SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_idemlab"))
        .args(["serve", "--no-tui", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_start_matches("http://")
        .to_string();
    (
        child,
        url.parse()
            .unwrap_or_else(|_| panic!("no URL in {first:?}")),
    )
}

#[test]
fn ten_thousand_idle_connections_do_not_lock_out_a_real_client() {
    let (mut child, a) = spawn_binary(&["--db", ":memory:"]);
    let mut idle = Vec::with_capacity(10_000);
    for _ in 0..10_000 {
        match TcpStream::connect(a) {
            Ok(s) => idle.push(s),
            Err(e) => panic!("connect {} failed: {e}", idle.len()),
        }
    }
    let t = Instant::now();
    still_answers(a);
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "answered in {:?}",
        t.elapsed()
    );
    drop(idle);
    still_answers(a);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn sigterm_stops_the_binary_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    let (mut child, a) = spawn_binary(&["--db", db.to_str().unwrap()]);
    still_answers(a);
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut rest = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut rest)
        .unwrap();
    let code = child.wait().unwrap();
    assert_eq!(code.code(), Some(0), "{rest}");
    assert!(
        rest.contains("stopped; the ledger holds 1 charge"),
        "{rest}"
    );
    // The database was closed cleanly: a new server opens it and finds the charge.
    let mut cfg = Config::loopback(0);
    cfg.db = idemlab::server::DbPath::File(db);
    let again = Server::start(cfg).unwrap();
    assert_eq!(again.ledger().unwrap().count, 1);
}
