//! `idemlab probe` against its reference target. Targets: the default core suite against
//! `serve --store atomic` in under 3 s wall, within the request bound its plan printed; and the
//! probe process under 30 MiB of memory while it runs 16-way concurrent checks.
//!
//! The server runs in this process (`server::Server` on a free loopback port, database in
//! memory). For memory, the probe is the real binary in a child process and its peak resident
//! set (`VmHWM` in /proc) is read while it runs, so the figure is the probe's alone.

use std::time::Duration;

use divan::Bencher;
use idemlab::probe::{self, BodyTemplate, Endpoint, Options, Target, TierChoice};
use idemlab::server::{Config, Server};

fn main() {
    divan::main();
}

fn atomic() -> Server {
    Server::start(Config::loopback(0)).expect("start serve on loopback")
}

fn core_options(url: &str, concurrency: usize) -> Options {
    Options {
        target: Target::parse(url).unwrap(),
        endpoint: Endpoint::parse("POST /charges").unwrap(),
        body: BodyTemplate::parse(probe::target::DEFAULT_BODY).unwrap(),
        second: None,
        ledger: Some(Endpoint::parse("GET /ledger").unwrap()),
        checks: probe::select(TierChoice::Core, None, false).unwrap(),
        trials: 20,
        concurrency,
        timeout: Duration::from_secs(5),
        max_requests: None,
        require_key: false,
    }
}

/// The whole default core suite (7 checks, 20 trials of 8) against the atomic store.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn core_suite_against_atomic(b: Bencher) {
    let server = atomic();
    let o = core_options(&server.url(), 8);
    let plan = probe::plan(&o);
    b.bench_local(|| {
        let r = probe::run(&o, &plan, None, |_| {});
        assert!(
            r.requests_sent <= plan.max_requests,
            "over the printed bound"
        );
        assert_eq!(r.exit_code(), 0, "atomic passes the core suite");
        r.requests_sent
    });
    eprintln!("core suite: at most {} requests planned", plan.max_requests);
}

/// Peak memory of `idemlab probe --concurrency 16` (the real binary) over the core suite.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn probe_process_memory_16_way(b: Bencher) {
    let server = atomic();
    let data = std::env::temp_dir().join(format!("idemlab-bench-probe-{}", std::process::id()));
    b.bench_local(|| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_idemlab"))
            .args([
                "--data-dir",
                data.to_str().unwrap(),
                "probe",
                &server.url(),
                "--concurrency",
                "16",
                "--json",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("run idemlab probe");
        let status_file = format!("/proc/{}/status", child.id());
        let mut peak_kib = 0u64;
        loop {
            if let Ok(s) = std::fs::read_to_string(&status_file)
                && let Some(kib) = s
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak_kib = peak_kib.max(kib);
            }
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        eprintln!(
            "probe peak resident memory with 16-way concurrency: {:.1} MiB (target: under 30 MiB)",
            peak_kib as f64 / 1024.0
        );
        peak_kib
    });
    let _ = std::fs::remove_dir_all(&data);
}
