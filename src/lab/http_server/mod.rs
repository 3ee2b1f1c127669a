//! Kind `http-server` (labs.md): the learner writes a server; the lab starts it with `PORT`,
//! waits (bounded by `start_timeout_s`) until the port accepts connections, runs the listed
//! `idemlab probe` checks against its endpoint, stops it (SIGTERM, then SIGKILL after 2 s) and
//! shows its output, bounded, beside the verdicts: the way Maelstrom runs and checks a node.

pub mod process;

use std::time::Duration;

use super::error::OptionsError;
use super::schema::HttpServerLab;
use super::verdict::{CheckOutcome, Report, Verdict};
use crate::probe::{self, BodyTemplate, CheckId, Endpoint, Options, Target};

/// What a run of the learner's server found, and what it printed.
#[derive(Debug, Clone)]
pub struct Run {
    pub report: Report,
    /// The program's stdout and stderr, sanitized, at most [`process::OUTPUT_LIMIT`] bytes.
    pub output: String,
}

/// The probe options of a lab, checked (a lab file's mistake is the lab's, reported as such).
pub fn options(lab: &HttpServerLab, port: u16) -> Result<Options, OptionsError> {
    let target =
        Target::parse(&format!("http://127.0.0.1:{port}")).map_err(OptionsError::Target)?;
    let endpoint = Endpoint::parse(&lab.endpoint).map_err(OptionsError::Endpoint)?;
    let body = BodyTemplate::parse(lab.body.as_deref().unwrap_or(probe::target::DEFAULT_BODY))
        .map_err(OptionsError::Body)?;
    let ledger = Endpoint::parse(&lab.ledger).map_err(OptionsError::Ledger)?;
    let mut checks = Vec::new();
    for c in &lab.checks {
        checks.push(CheckId::parse(c).ok_or_else(|| OptionsError::UnknownCheck(c.clone()))?);
    }
    Ok(Options {
        target,
        endpoint,
        body,
        second: None,
        ledger: Some(ledger),
        checks,
        trials: 10,
        concurrency: 4,
        timeout: Duration::from_secs(5),
        max_requests: None,
        require_key: false,
    })
}

/// Runs the learner's file (its text) as the lab's server and probes it.
#[must_use]
pub fn check(lab: &HttpServerLab, file: &str) -> Run {
    let ids: Vec<String> = lab.checks.clone();
    let all = |verdict: Verdict, detail: &str, output: String| Run {
        report: Report {
            checks: ids
                .iter()
                .map(|c| match verdict {
                    Verdict::Fail => CheckOutcome::fail(c, detail, None),
                    _ => CheckOutcome::unknown(c, detail),
                })
                .collect(),
        },
        output,
    };
    let dir = match process::scratch_dir() {
        Ok(d) => d,
        Err(e) => {
            return all(
                Verdict::Unknown,
                &format!("cannot make a directory to run your server in: {e}"),
                String::new(),
            );
        }
    };
    let run = run_in(lab, file, &dir, &all);
    let _ = std::fs::remove_dir_all(&dir);
    run
}

fn run_in(
    lab: &HttpServerLab,
    file: &str,
    dir: &std::path::Path,
    all: &dyn Fn(Verdict, &str, String) -> Run,
) -> Run {
    let path = dir.join("server.py");
    if let Err(e) = std::fs::write(&path, file) {
        return all(
            Verdict::Unknown,
            &format!("cannot write your file to run it: {e}"),
            String::new(),
        );
    }
    let launch = match process::launch_of(file, &path) {
        Ok(l) => l,
        Err(why) => return all(Verdict::Fail, &why.to_string(), String::new()),
    };
    let port = match process::free_port() {
        Ok(p) => p,
        Err(e) => {
            return all(
                Verdict::Unknown,
                &format!("no free loopback port: {e}"),
                String::new(),
            );
        }
    };
    let opts = match options(lab, port) {
        Ok(o) => o,
        Err(why) => {
            return all(
                Verdict::Unknown,
                &format!("the lab is broken: {why}"),
                String::new(),
            );
        }
    };
    let timeout = Duration::from_secs(u64::from(lab.start_timeout_s.clamp(1, 120)));
    let running = match process::start(&launch, dir, port, timeout) {
        Ok(r) => r,
        Err((process::StartFailure::Missing(why), out)) => return all(Verdict::Unknown, &why, out),
        // A server that crashes on start or never listens fails every check: it is the learner's.
        Err((process::StartFailure::Exited(why) | process::StartFailure::Slow(why), out)) => {
            return all(Verdict::Fail, &why, out);
        }
    };
    let plan = probe::plan(&opts);
    let report = probe::run(&opts, &plan, None, |_| {});
    let output = running.stop();
    let checks = report
        .results
        .iter()
        .map(|r| {
            let o = &r.outcome;
            // The reason names what shows it (the two charge ids, the ledger count); the
            // full exchanges are what `idemlab probe` prints against the same server.
            let detail = crate::text::sanitize_line(&o.reason);
            match o.verdict {
                probe::Verdict::Pass => CheckOutcome {
                    detail,
                    ..CheckOutcome::pass(r.id.id())
                },
                probe::Verdict::Fail => CheckOutcome::fail(r.id.id(), detail, None),
                probe::Verdict::Unknown => CheckOutcome::unknown(r.id.id(), detail),
            }
        })
        .collect();
    Run {
        report: Report { checks },
        output,
    }
}
