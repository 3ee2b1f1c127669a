//! `idemlab serve` under load, over real loopback TCP with keep-alive connections:
//!
//! - throughput of keyed `POST /charges` from 8 concurrent clients, `--store atomic` on
//!   `:memory:` and on a WAL file, and `--store none` in the same run (the cost of idempotency
//!   is the ratio of the two; divan prints items/s);
//! - latency at a fixed 1,000 requests/s (8 clients pacing themselves): p50/p99 printed;
//! - the server's memory with 100,000 stored keys, on `:memory:` and on a file (RSS and peak of
//!   an `idemlab serve` process, printed);
//! - atomic against `none` in one run, rounds alternating, req/s and the ratio printed;
//! - a client lab's `--check` (retry-charge-once's solution: 3 runs of a 5-order client), wall.
//!
//! The machine may be shared: every printed figure carries the load average at its end.

#[path = "../tests/serve_util/mod.rs"]
mod serve_util;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use idemlab::content::{self, Source};
use idemlab::lab::{self, Verdict};
use idemlab::server::{Config, DbPath, Knobs, Server, StoreMode};
use serve_util::{Conn, JSON};

fn main() {
    divan::main();
}

const CLIENTS: usize = 8;
const PER_CLIENT: usize = 100;

static NEXT_KEY: AtomicU64 = AtomicU64::new(0);

fn server(store: StoreMode, file: bool) -> (Server, Option<tempfile::TempDir>) {
    let dir = file.then(|| tempfile::tempdir().unwrap());
    let mut cfg = Config::loopback(0);
    cfg.knobs = Knobs {
        store,
        ..Knobs::default()
    };
    if let Some(d) = &dir {
        cfg.db = DbPath::File(d.path().join("serve.db"));
    }
    let mut s = Server::start(cfg).unwrap();
    drop(s.take_events());
    (s, dir)
}

/// One client's keep-alive connection sending `n` keyed charges; the latency of each.
fn client(addr: SocketAddr, n: usize, pace: Option<Duration>) -> Vec<Duration> {
    let mut conn = Conn::open(addr);
    let mut lat = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        if let Some(p) = pace {
            let due = start + p * u32::try_from(i).unwrap();
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                thread::sleep(wait);
            }
        }
        let k = format!("k-{}", NEXT_KEY.fetch_add(1, Ordering::Relaxed));
        let t = Instant::now();
        let r = conn
            .send(
                "POST",
                "/charges",
                &[JSON, ("Idempotency-Key", &k)],
                Some(r#"{"amount": 100}"#),
            )
            .unwrap();
        lat.push(t.elapsed());
        assert_eq!(r.status, 201);
    }
    lat
}

fn burst(addr: SocketAddr, per_client: usize, pace: Option<Duration>) -> Vec<Duration> {
    let hs: Vec<_> = (0..CLIENTS)
        .map(|_| thread::spawn(move || client(addr, per_client, pace)))
        .collect();
    hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
}

/// 800 keyed charges from 8 keep-alive clients at once.
#[divan::bench(args = ["atomic :memory:", "atomic file", "none :memory:"], sample_count = 20)]
fn keyed_charges_from_8_clients(bencher: divan::Bencher, setup: &str) {
    let store = if setup.starts_with("none") {
        StoreMode::None
    } else {
        StoreMode::Atomic
    };
    let (s, _dir) = server(store, setup.ends_with("file"));
    let addr = s.addr();
    bencher
        .counter(divan::counter::ItemsCount::new(CLIENTS * PER_CLIENT))
        .bench(|| burst(addr, PER_CLIENT, None));
}

/// 1,000 requests/s for 2 s (8 clients at 125/s each); prints p50 and p99.
#[divan::bench(args = ["atomic :memory:", "atomic file"], sample_count = 1, sample_size = 1)]
fn latency_at_1000_per_second(setup: &str) {
    let (s, _dir) = server(StoreMode::Atomic, setup.ends_with("file"));
    let load_before = load();
    let mut lat = burst(s.addr(), 250, Some(Duration::from_millis(8)));
    lat.sort();
    let q = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    eprintln!(
        "\n  {setup}: {} requests at 1000/s: p50 {:?}, p99 {:?}, max {:?} (load {load_before} → {})",
        lat.len(),
        q(0.50),
        q(0.99),
        lat[lat.len() - 1],
        load()
    );
}

/// The memory of `idemlab serve --no-tui` (its own process, its log read and thrown away, as
/// a pipe would) after 100,000 keyed charges, on `:memory:` and on a WAL file: VmRSS and its
/// peak (VmHWM) from /proc, and for the file the database's size on disk.
#[divan::bench(args = [":memory:", "file"], sample_count = 1, sample_size = 1)]
fn memory_with_100_000_keys(setup: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_idemlab"));
    cmd.args(["serve", "--no-tui", "--port", "0", "--db"]);
    if setup == "file" {
        cmd.arg(&db);
    } else {
        cmd.arg(":memory:");
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let addr: SocketAddr = first
        .trim()
        .rsplit(' ')
        .next()
        .and_then(|u| u.trim_start_matches("http://").parse().ok())
        .unwrap_or_else(|| panic!("no URL in {first:?}"));
    let load_before = load();
    let started = status_kib(child.id(), "VmRSS:");
    burst(addr, 100_000 / CLIENTS, None);
    let mut c = Conn::open(addr);
    let l = c.send("GET", "/ledger", &[], None).unwrap().json();
    let (rss, peak) = (
        status_kib(child.id(), "VmRSS:"),
        status_kib(child.id(), "VmHWM:"),
    );
    let on_disk = ["serve.db", "serve.db-wal"]
        .iter()
        .map(|f| std::fs::metadata(dir.path().join(f)).map_or(0, |m| m.len()))
        .sum::<u64>();
    let _ = child.kill();
    let _ = child.wait();
    eprintln!(
        "\n  {setup}: {} charges and keys stored: server RSS {:.1} MiB, peak {:.1} MiB (at start {:.1} MiB){} (load {load_before} → {})",
        l["count"],
        mib(rss),
        mib(peak),
        mib(started),
        if setup == "file" {
            format!(
                ", database and WAL on disk {:.1} MiB",
                on_disk as f64 / 1048576.0
            )
        } else {
            String::new()
        },
        load()
    );
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Atomic and `none` (and atomic on a file) from 8 keep-alive clients, rounds alternating so
/// both see the same machine; req/s of each and atomic/none.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn atomic_to_none_ratio() {
    const ROUNDS: usize = 5;
    let setups = [
        ("atomic :memory:", StoreMode::Atomic, false),
        ("atomic file", StoreMode::Atomic, true),
        ("none :memory:", StoreMode::None, false),
    ];
    let servers: Vec<_> = setups.iter().map(|(_, m, f)| server(*m, *f)).collect();
    let load_before = load();
    let mut took = [Duration::ZERO; 3];
    for _ in 0..ROUNDS {
        for (i, (s, _)) in servers.iter().enumerate() {
            let t = Instant::now();
            burst(s.addr(), PER_CLIENT * 2, None);
            took[i] += t.elapsed();
        }
    }
    let n = (ROUNDS * CLIENTS * PER_CLIENT * 2) as f64;
    let rate: Vec<f64> = took.iter().map(|d| n / d.as_secs_f64()).collect();
    for ((name, _, _), r) in setups.iter().zip(&rate) {
        eprintln!("\n  {name}: {r:.0} req/s from {CLIENTS} keep-alive clients");
    }
    eprintln!(
        "  atomic/none: {:.2} on :memory:, {:.2} on a file (load {load_before} → {})",
        rate[0] / rate[2],
        rate[1] / rate[2],
        load()
    );
}

/// `lab retry-charge-once --check` of its solution: 3 runs, each a fresh server and 5 orders.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn client_lab_check_wall_time() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let l = course
        .labs
        .iter()
        .find(|l| l.lab == "retry-charge-once")
        .unwrap();
    let t = Instant::now();
    let report = lab::check(l, l.solution()).unwrap();
    let wall = t.elapsed();
    assert_eq!(
        report.verdict(),
        Verdict::Pass,
        "{:?}",
        report.first_failure()
    );
    eprintln!(
        "\n  client lab --check (3 runs of a 5-order client): {wall:?} (load {})",
        load()
    );
}

/// The 1, 5 and 15 minute load averages.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// A `/proc/PID/status` figure in KiB (`VmRSS:`, `VmHWM:`).
fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}
