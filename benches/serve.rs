//! `idemlab serve` under load, over real loopback TCP with keep-alive connections:
//!
//! - throughput of keyed `POST /charges` from 8 concurrent clients, `--store atomic` on
//!   `:memory:` and on a WAL file, and `--store none` in the same run (the cost of idempotency
//!   is the ratio of the two; divan prints items/s);
//! - latency at a fixed 1,000 requests/s (8 clients pacing themselves): p50/p99 printed;
//! - the server's memory with 100,000 stored keys (RSS of this process, printed).

#[path = "../tests/serve_util/mod.rs"]
mod serve_util;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

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
    let mut lat = burst(s.addr(), 250, Some(Duration::from_millis(8)));
    lat.sort();
    let q = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    eprintln!(
        "\n  {setup}: {} requests at 1000/s: p50 {:?}, p99 {:?}, max {:?}",
        lat.len(),
        q(0.50),
        q(0.99),
        lat[lat.len() - 1]
    );
}

/// RSS of this process (server and clients) after 100,000 keyed charges on `:memory:`.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn memory_with_100_000_keys() {
    let before = rss_kib();
    let (s, _dir) = server(StoreMode::Atomic, false);
    burst(s.addr(), 100_000 / CLIENTS, None);
    let keys = s.keys(1).unwrap().len();
    assert_eq!(keys, 1);
    let l = s.ledger().unwrap();
    eprintln!(
        "\n  {} charges and keys stored: RSS {} MiB (before the server: {} MiB)",
        l.count,
        rss_kib() / 1024,
        before / 1024
    );
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}
