//! kill -9 under load, then restart on the same database file: no charge a client saw is lost,
//! no key is left half-recorded (a key stored as done has its charge; a key left in flight is
//! taken over by the next retry), and once every client has retried to an answer each order is
//! charged exactly once, which is what the clients saw.

mod serve_util;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serve_util::{charge, ledger};

fn spawn(db: &std::path::Path, port: u16) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_idemlab"))
        .args(["serve", "--no-tui", "--port", &port.to_string(), "--db"])
        .arg(db)
        .args(["--delay-ms", "0..3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut first).unwrap();
    // The log is read, as a terminal or a pipe would.
    thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
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
fn kill_9_under_load_loses_no_seen_charge_and_leaves_no_half_recorded_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    let (mut child, addr) = spawn(&db, 0);
    // What each client saw: order -> charge id of its 201.
    let seen: Arc<Mutex<BTreeMap<String, String>>> = Arc::default();
    let tried: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let (seen, tried, stop) = (Arc::clone(&seen), Arc::clone(&tried), Arc::clone(&stop));
            thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) && i < 5000 {
                    let order = format!("o-{c}-{i}");
                    tried.lock().unwrap().push(order.clone());
                    let body = format!(r#"{{"amount": 1, "order": "{order}"}}"#);
                    match charge(addr, Some(&format!("k-{order}")), &body) {
                        Ok(r) if r.status == 201 => {
                            let id = r.json()["id"].as_str().unwrap().to_string();
                            seen.lock().unwrap().insert(order, id);
                        }
                        _ => break, // the server is gone
                    }
                    i += 1;
                }
            })
        })
        .collect();
    // Kill while the load runs: once the clients have seen some answers (however slow the
    // machine), not after a fixed time that a loaded machine spends starting up.
    let deadline = Instant::now() + Duration::from_secs(120);
    while seen.lock().unwrap().len() <= 20 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
    thread::sleep(Duration::from_millis(100));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().unwrap();
    }
    let seen = seen.lock().unwrap().clone();
    assert!(seen.len() > 20, "the load ran: {} answers", seen.len());

    // What the database holds after the kill, read directly.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut stmt = conn
            .prepare("SELECT key FROM idem_keys WHERE state = 'done'")
            .unwrap();
        let done: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for key in done {
            let order = key.trim_start_matches("k-");
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM charges WHERE order_id = ?1",
                    [order],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                n, 1,
                "{key} is recorded as done, so its charge must be there, once"
            );
        }
    }

    let (mut child, addr) = spawn(&db, 0);
    let l = ledger(addr);
    for (order, id) in &seen {
        assert_eq!(
            l["charges_by_order"][order], 1,
            "{order} ({id}) was answered 201 before the kill"
        );
    }
    // Every client retries what it had tried, with the same key, until answered.
    let tried = tried.lock().unwrap().clone();
    for order in &tried {
        let body = format!(r#"{{"amount": 1, "order": "{order}"}}"#);
        let deadline = Instant::now() + Duration::from_secs(10);
        let r = loop {
            let r = charge(addr, Some(&format!("k-{order}")), &body).unwrap();
            if r.status != 409 {
                break r;
            }
            assert!(Instant::now() < deadline, "{order} stayed in flight");
            thread::sleep(Duration::from_millis(100));
        };
        assert_eq!(r.status, 201);
        if let Some(id) = seen.get(order) {
            assert_eq!(
                r.json()["id"],
                id.as_str(),
                "the retry gets the answer the client saw"
            );
        }
    }
    let l = ledger(addr);
    assert_eq!(l["count"], tried.len(), "{l}");
    assert!(
        l["charges_by_order"]
            .as_object()
            .unwrap()
            .values()
            .all(|n| n == 1),
        "{l}"
    );
    let _ = child.kill();
    let _ = child.wait();
}
