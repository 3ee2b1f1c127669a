//! Kind `http-client`: the learner's program against a real `idemlab serve`, in-process on a
//! free loopback port with the lab's knobs. The program is run by the interpreter its first
//! line names (`#!/bin/sh`, `#!/usr/bin/env python3`), with `IDEMLAB_URL` and `IDEMLAB_ORDERS`
//! in its environment and its own scratch directory as working directory; its output is
//! captured (bounded), and it is killed after `timeout_s`. It runs `runs` times, each against a
//! fresh server with the next seed, and the checks judge each run's ledger and request log.
//! A failing check carries that run's requests ([`ClientRun`]): which answer was dropped, which
//! retry charged again.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::client_run::ClientRun;
use super::error::{ClientError, ExitError, ServerKnobError};
use super::schema::HttpClientLab;
use super::verdict::{CheckOutcome, Difference, Report};
use crate::server::{Config, Delay, Event, FingerprintMatch, Knobs, Server, StoreMode};

/// Output kept of each stream of the program.
const OUTPUT_CAP: usize = 16 * 1024;

/// What one run of the program left.
struct RunResult {
    exit: Result<i32, ExitError>,
    by_order: BTreeMap<String, u64>,
    events: Vec<Event>,
    output: String,
}

/// The server's knobs from the lab's `server:` map.
pub fn knobs(map: &BTreeMap<String, Value>) -> Result<(Knobs, u64), ServerKnobError> {
    let mut k = Knobs::default();
    let mut seed = 1;
    for (name, v) in map {
        let prob = || v.as_f64().filter(|p| (0.0..=1.0).contains(p));
        match name.as_str() {
            "store" => {
                k.store = v
                    .as_str()
                    .ok_or(ServerKnobError::StoreNotText)?
                    .parse::<StoreMode>()?;
            }
            "drop_response" => {
                k.drop_response = prob().ok_or(ServerKnobError::NotProbability("drop_response"))?;
            }
            "crash" => k.crash = prob().ok_or(ServerKnobError::NotProbability("crash"))?,
            "require_key" => {
                k.require_key = v.as_bool().ok_or(ServerKnobError::RequireKeyNotBool)?;
            }
            "seed" => seed = v.as_u64().ok_or(ServerKnobError::SeedNotWhole)?,
            "delay_ms" => {
                let (a, b) = match v {
                    Value::Array(x) if x.len() == 2 => (x[0].as_u64(), x[1].as_u64()),
                    _ => (v.as_u64(), v.as_u64()),
                };
                match (a, b) {
                    (Some(min_ms), Some(max_ms)) if min_ms <= max_ms && max_ms <= 60_000 => {
                        k.delay = Delay { min_ms, max_ms };
                    }
                    _ => return Err(ServerKnobError::Delay),
                }
            }
            other => return Err(ServerKnobError::Unknown(other.to_owned())),
        }
    }
    Ok((k, seed))
}

/// The interpreter and its argument from a `#!` line.
fn shebang(file: &str) -> Result<(String, Option<String>), ClientError> {
    let first = file.lines().next().unwrap_or("");
    let Some(rest) = first.strip_prefix("#!") else {
        return Err(ClientError::NoShebang);
    };
    let mut parts = rest.split_whitespace();
    let interp = parts.next().ok_or(ClientError::NoInterpreter)?.to_string();
    Ok((interp, parts.next().map(str::to_string)))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// A fresh scratch directory for one check: the one maker of scratch directories, shared with
/// the server labs, so two labs checked at once (as `check` does) never share a directory.
fn scratch() -> std::io::Result<PathBuf> {
    super::http_server::process::scratch_dir()
}

/// Runs every check of the lab on the program text `file`.
#[must_use]
pub fn check(id: &str, lab: &HttpClientLab, file: &str) -> Report {
    let all_unknown = |why: &str| Report {
        checks: lab
            .checks
            .iter()
            .map(|c| CheckOutcome::unknown(c, why))
            .collect(),
    };
    let (knobs, seed) = match knobs(&lab.server) {
        Ok(k) => k,
        Err(e) => return all_unknown(&e.to_string()),
    };
    let (interp, arg) = match shebang(file) {
        Ok(s) => s,
        Err(e) => return all_unknown(&e.to_string()),
    };
    let interp_missing = if interp.contains('/') {
        !Path::new(&interp).is_file()
    } else {
        !on_path(&interp)
    };
    if interp_missing {
        return all_unknown(&format!(
            "the interpreter {interp} named in the first line is not installed"
        ));
    }
    if let Some(prog) = arg.as_deref().filter(|_| interp.ends_with("/env"))
        && !on_path(prog)
    {
        return all_unknown(&format!(
            "{prog}, named in the first line, is not installed"
        ));
    }
    if file.contains("curl") && !on_path("curl") {
        return all_unknown(
            "the program uses curl, which is not installed (install curl and check again)",
        );
    }
    let dir = match scratch() {
        Ok(d) => d,
        Err(e) => return all_unknown(&format!("cannot make a working directory: {e}")),
    };
    let path = dir.join(format!("{id}.program"));
    if let Err(e) = std::fs::write(&path, file) {
        return all_unknown(&format!("cannot write the program: {e}"));
    }
    let mut runs = Vec::new();
    for r in 0..lab.runs.max(1) {
        match run_once(
            lab,
            &knobs,
            seed.wrapping_add(u64::from(r)),
            &interp,
            arg.as_deref(),
            &path,
            &dir,
        ) {
            Ok(res) => runs.push(res),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                return all_unknown(&e.to_string());
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Report {
        checks: lab.checks.iter().map(|c| judge(c, lab, &runs)).collect(),
    }
}

fn run_once(
    lab: &HttpClientLab,
    knobs: &Knobs,
    seed: u64,
    interp: &str,
    arg: Option<&str>,
    path: &Path,
    dir: &Path,
) -> Result<RunResult, ClientError> {
    let mut cfg = Config::loopback(0);
    cfg.knobs = knobs.clone();
    cfg.seed = seed;
    cfg.in_flight_timeout = Duration::from_secs(2);
    let mut server = Server::start(cfg).map_err(ClientError::ServerStart)?;
    let events = server.take_events().ok_or(ClientError::NoEvents)?;
    let mut cmd = Command::new(interp);
    if let Some(a) = arg {
        cmd.arg(a);
    }
    // Its own process group, so a timeout kills what it started too (a `sleep` holding the
    // output pipe open would otherwise outlive it).
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .arg(path)
        .current_dir(dir)
        .env("IDEMLAB_URL", server.url())
        .env("IDEMLAB_ORDERS", lab.orders.join(","))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| ClientError::Spawn {
            interp: interp.to_owned(),
            source,
        })?;
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            if let Some(mut r) = r {
                let mut buf = [0u8; 4096];
                while let Ok(n) = r.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let room = OUTPUT_CAP.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
            kept
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + Duration::from_secs(u64::from(lab.timeout_s));
    let exit = loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                // Anything it left running in the background would hold its output open.
                kill_group(child.id());
                break Ok(status.code().unwrap_or(-1));
            }
            Ok(None) if Instant::now() >= deadline => {
                kill_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                break Err(ExitError::Killed(lab.timeout_s));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => break Err(ExitError::Wait(e)),
        }
    };
    let mut output = String::from_utf8_lossy(&out.join().unwrap_or_default()).into_owned();
    output.push_str(&String::from_utf8_lossy(&err.join().unwrap_or_default()));
    let ledger = server.ledger().map_err(ClientError::Ledger)?;
    server.shutdown();
    Ok(RunResult {
        exit,
        by_order: ledger.charges_by_order.into_iter().collect(),
        events: events.try_iter().collect(),
        output,
    })
}

/// SIGKILL to the program's process group (the `kill` command: no unsafe call here).
fn kill_group(pid: u32) {
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// One check over every run: the first run that breaks it, with its requests (as data, so the
/// screen draws them as a diagram and `--check` prints a line each).
fn judge(check: &str, lab: &HttpClientLab, runs: &[RunResult]) -> CheckOutcome {
    for (i, r) in runs.iter().enumerate() {
        // What broke it, and the order it is about (the diagram's focus).
        let broken: Option<(String, Option<&str>)> = match check {
            "every_order_charged" => lab
                .orders
                .iter()
                .find(|o| !r.by_order.contains_key(*o))
                .map(|o| (format!("order {o} was never charged"), Some(o.as_str()))),
            "no_order_charged_twice" => r
                .by_order
                .iter()
                .find(|(_, n)| **n > 1)
                .map(|(o, n)| (format!("order {o} was charged {n} times"), Some(o.as_str()))),
            "exit_zero" => match &r.exit {
                Ok(0) => None,
                Ok(code) => Some(format!("the program exited {code}")),
                Err(e) => Some(format!("the program was {e}")),
            }
            .map(|w| (w, None)),
            "keys_sent" => r
                .events
                .iter()
                .find(|e| e.method == "POST" && e.key.is_none())
                .map(|e| {
                    (
                        format!("a POST {} carried no Idempotency-Key", e.path),
                        e.order.as_deref(),
                    )
                }),
            "same_payload_per_key" => r.events.iter().find(|e| e.status == Some(422)).map(|e| {
                (
                    format!(
                        "a POST {} with key {} was answered 422: the payload changed under the key",
                        e.path,
                        e.key.as_deref().unwrap_or("?")
                    ),
                    None,
                )
            }),
            "waited_retry_after" => retried_too_soon(&r.events).map(|w| (w, None)),
            other => return CheckOutcome::unknown(other, "unknown check for kind http-client"),
        };
        if let Some((why, focus)) = broken {
            let run = ClientRun::new(i + 1, focus.map(str::to_owned), &r.events, &r.output);
            let diff = Difference {
                run: Some(i + 1),
                client_run: Some(run),
                ..Difference::default()
            };
            return CheckOutcome::fail(check, format!("run {}: {why}", i + 1), Some(diff));
        }
    }
    CheckOutcome::pass(check)
}

/// The server answers a request still in flight with 409 and `Retry-After: 1`.
const RETRY_AFTER_MS: i64 = 1000;
/// Clock granularity between the 409's answer and the retry's arrival (both in whole ms).
const RETRY_AFTER_SLACK_MS: i64 = 20;

/// A retry under a key that came before the `Retry-After` of a 409 under that key had passed.
/// The retry of a 409 is the next request under the key, by arrival, that arrived after the 409
/// was answered with the same payload: not the first attempt still in flight (it found the key
/// new) and not another payload (a 422, judged by `same_payload_per_key`). With two clients on
/// one key, another client's own first 409 in that window would count as a retry too.
fn retried_too_soon(events: &[Event]) -> Option<String> {
    let mut by_arrival: Vec<&Event> = events.iter().filter(|e| e.key.is_some()).collect();
    by_arrival.sort_by_key(|e| (e.at_ms, e.seq));
    by_arrival.iter().find_map(|busy| {
        if busy.status != Some(409) {
            return None;
        }
        let answered = busy.at_ms + i64::try_from(busy.elapsed_ms).unwrap_or(i64::MAX);
        let retry = by_arrival.iter().find(|e| {
            e.seq != busy.seq
                && e.key == busy.key
                && e.at_ms >= answered
                && e.fingerprint == Some(FingerprintMatch::Same)
        })?;
        let waited = retry.at_ms - answered;
        (waited < RETRY_AFTER_MS - RETRY_AFTER_SLACK_MS).then(|| {
            format!(
                "key {} was answered 409 with Retry-After: 1, and retried {waited} ms later",
                busy.key.as_deref().unwrap_or("?")
            )
        })
    })
}
