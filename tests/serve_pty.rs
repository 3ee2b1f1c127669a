//! `idemlab serve` in a real terminal: the dashboard draws, a request sent over TCP appears on
//! it as it is answered, and each way out (q, SIGTERM, SIGHUP) exits 0 with the server stopped
//! (its last words on the main screen) and the terminal given back: alternate screen left,
//! cursor shown, raw mode off.
#![cfg(unix)]

mod common;
mod serve_util;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Stdio;
use std::time::Duration;

use common::pty::{Exited, Pty};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The dashboard on a fresh port, drawn, with one charge answered and shown.
fn dashboard_with_a_charge() -> (Pty, tempfile::TempDir) {
    dashboard_on(free_port())
}

fn dashboard_on(port: u16) -> (Pty, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let pty = Pty::start(
        &["serve", "--db", ":memory:", "--port", &port.to_string()],
        &[("IDEMLAB_DATA", data.path().to_str().unwrap())],
        110,
        30,
    );
    // The lanes' header is the dashboard's (the lines before it are printed on the main screen).
    pty.wait_for("requests");
    pty.wait_for("client");
    pty.wait_for(&format!("127.0.0.1:{port}"));

    // What curl would send.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let body = r#"{"amount": 700, "order": "o-9"}"#;
    write!(
        s,
        "POST /charges HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Idempotency-Key: \"pty-1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(answer.contains("ch_0001"), "{answer}");

    pty.wait_for("─POST /charges");
    pty.wait_for("commit ch_0001");
    pty.wait_for("1 requests");
    (pty, data)
}

#[track_caller]
fn stopped_cleanly(exited: &Exited, how: &str) {
    assert!(
        exited.status.success(),
        "{how}: exit status {:?}",
        exited.status
    );
    assert_eq!(exited.status.exit_code(), 0, "{how}");
    exited.assert_terminal_restored();
    let main = exited.screen.contents();
    assert!(
        !main.contains("─POST /charges"),
        "{how}: the dashboard was on the alternate screen, the main screen is back:\n{main}"
    );
    assert!(
        main.contains("idemlab serve: stopped; the ledger holds 1 charge"),
        "{how}: the server's last words:\n{main}"
    );
}

#[test]
fn q_quits_the_dashboard_with_exit_0_and_the_terminal_restored() {
    let (mut pty, _data) = dashboard_with_a_charge();
    pty.keys("q");
    stopped_cleanly(&pty.wait_exit(), "q");
}

#[test]
fn sigterm_stops_the_dashboard_with_exit_0_and_the_terminal_restored() {
    let (pty, _data) = dashboard_with_a_charge();
    pty.signal("TERM");
    stopped_cleanly(&pty.wait_exit(), "SIGTERM");
}

#[test]
fn sighup_stops_the_dashboard_with_exit_0_and_the_terminal_restored() {
    let (pty, _data) = dashboard_with_a_charge();
    pty.signal("HUP");
    let exited = pty.wait_exit();
    // After a hang-up nobody reads the last words: only the status and the terminal count.
    assert_eq!(exited.status.exit_code(), 0, "SIGHUP: {:?}", exited.status);
    exited.assert_terminal_restored();
}

/// The connections the server closed leave its port in TIME_WAIT for a minute; a restart must
/// bind it all the same (SO_REUSEADDR), while a port a server listens on stays refused.
#[test]
fn after_sighup_a_new_server_binds_the_same_port_at_once() {
    let port = free_port();
    let (pty, _data) = dashboard_on(port);
    pty.signal("HUP");
    assert_eq!(pty.wait_exit().status.exit_code(), 0);
    let mut again = serve_util::headless_on(port)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(again.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let busy = serve_util::headless_on(port).output().unwrap();
    let _ = again.kill();
    let mut err = String::new();
    let _ = again.stderr.take().unwrap().read_to_string(&mut err);
    let _ = again.wait();
    assert_eq!(
        first.trim(),
        format!("idemlab serve: listening on http://127.0.0.1:{port}"),
        "{err}"
    );
    assert_eq!(busy.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&busy.stderr)
            .contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{busy:?}"
    );
}
