//! `idemlab probe`: attacks one HTTP endpoint with idempotency-key scenarios (replays,
//! concurrent duplicates, lost responses, changed payloads, …) and says check by check what
//! it does right and wrong, with the requests and responses that show it.
//!
//! Why it is built this way: the verdicts are Maelstrom's (pass, fail, unknown; an answer
//! that never came "may have happened" and is never by itself the target's failure), the
//! tiers are anyonce's (core is what the draft states, profile what Stripe does where it is
//! silent), and every request goes through one [`client::Client`] that sends only to the URL
//! given, counts every request against the bound the plan printed and records the history.
//! Checks are runners plus pure judges over what was recorded, so the judging is unit-tested
//! on made-up histories and the real sending is tested against `idemlab serve` on loopback.
//! Blocking client (ureq) and plain threads with a barrier: no async runtime here.

pub mod check;
pub mod checks;
pub mod client;
pub mod exchange;
pub mod history;
pub mod report;
pub mod target;

use std::time::{Duration, Instant};

pub use check::{CheckId, CheckResult, Tier, Verdict};
pub use exchange::{Exchange, Outcome as Sent, Response};
pub use target::{BadInput, BodyTemplate, Endpoint, Target};

use check::{BoundParams, Outcome};
use checks::Ctx;
use client::{Client, Listener};

/// `--tier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierChoice {
    Core,
    Profile,
    All,
}

/// Everything a run needs, checked.
#[derive(Debug, Clone)]
pub struct Options {
    pub target: Target,
    pub endpoint: Endpoint,
    pub body: BodyTemplate,
    /// A second endpoint (for `key-scope`) and its body.
    pub second: Option<(Endpoint, BodyTemplate)>,
    pub ledger: Option<Endpoint>,
    /// The selected checks, in run order.
    pub checks: Vec<CheckId>,
    pub trials: usize,
    pub concurrency: usize,
    pub timeout: Duration,
    /// `--max-requests`: the plan fits under it.
    pub max_requests: Option<usize>,
    /// The target is meant to require a key (`missing-key` becomes core).
    pub require_key: bool,
}

/// Upper limits on the knobs, so a typo cannot start a flood or a run of hours.
pub const MAX_TRIALS: usize = 1000;
pub const MAX_CONCURRENCY: usize = 64;
pub const MAX_TIMEOUT_MS: u64 = 120_000;

/// Which checks `--tier` and `--only` select, in run order.
pub fn select(
    tier: TierChoice,
    only: Option<&str>,
    require_key: bool,
) -> Result<Vec<CheckId>, BadInput> {
    if let Some(only) = only {
        let mut picked = Vec::new();
        for name in only.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let id = CheckId::parse(name).ok_or_else(|| {
                BadInput(format!(
                    "--only: no check `{}` (the checks: {})",
                    crate::text::reveal(name),
                    check::ALL.map(CheckId::id).join(", ")
                ))
            })?;
            picked.push(id);
        }
        if picked.is_empty() {
            return Err(BadInput("--only: name at least one check".into()));
        }
        picked.sort();
        picked.dedup();
        return Ok(picked);
    }
    Ok(check::ALL
        .into_iter()
        .filter(|c| match tier {
            TierChoice::All => true,
            TierChoice::Core => c.tier(require_key) == Tier::Core,
            TierChoice::Profile => c.tier(require_key) == Tier::Profile,
        })
        .collect())
}

/// What will run and the most requests it may send, stated before the first request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Checks that will run, with the most requests each sends.
    pub checks: Vec<(CheckId, usize)>,
    /// Checks left out because they do not fit under `--max-requests`.
    pub skipped: Vec<(CheckId, String)>,
    /// The sum of the bounds: the probe never sends more.
    pub max_requests: usize,
}

#[must_use]
pub fn plan(o: &Options) -> Plan {
    let params = BoundParams {
        ledger: o.ledger.is_some(),
        trials: o.trials,
        concurrency: o.concurrency,
        require_key: o.require_key,
        second_endpoint: o.second.is_some(),
    };
    let mut p = Plan {
        checks: Vec::new(),
        skipped: Vec::new(),
        max_requests: 0,
    };
    for &c in &o.checks {
        let b = c.bound(&params);
        match o.max_requests {
            Some(m) if p.max_requests + b > m => p.skipped.push((
                c,
                format!("not run: its up to {b} requests do not fit under --max-requests {m}"),
            )),
            _ => {
                p.checks.push((c, b));
                p.max_requests += b;
            }
        }
    }
    p
}

/// A finished run.
#[derive(Debug, Clone)]
pub struct Report {
    pub target: String,
    pub endpoint: String,
    pub plan: Plan,
    pub require_key: bool,
    /// In run order; skipped checks last, as unknowns.
    pub results: Vec<CheckResult>,
    pub requests_sent: usize,
    /// Why the run stopped early (unreachable, hangs, answers HTML), if it did.
    pub fatal: Option<String>,
    pub elapsed_ms: u64,
    /// Every exchange (bodies cut at [`client::HISTORY_BODY`]).
    pub history: Vec<Exchange>,
}

/// Runs the plan. `on_check` hears each result as it is decided (for live output);
/// `listener` each exchange as it is recorded (the history file).
pub fn run(
    o: &Options,
    plan: &Plan,
    listener: Option<Listener>,
    mut on_check: impl FnMut(&CheckResult),
) -> Report {
    let started = Instant::now();
    let client = Client::new(
        o.target.clone(),
        o.endpoint.clone(),
        o.timeout,
        plan.max_requests,
    );
    if let Some(l) = listener {
        client.set_listener(l);
    }
    client.preflight();
    let mut ctx = Ctx::new(&client, &o.endpoint, &o.body, o.ledger.as_ref());
    ctx.second = o.second.as_ref().map(|(e, b)| (e, b));
    ctx.trials = o.trials;
    ctx.concurrency = o.concurrency;
    ctx.require_key = o.require_key;
    let mut results = Vec::new();
    for &(id, _) in &plan.checks {
        let t0 = Instant::now();
        let mut outcome = match client.fatal() {
            Some(_) => Outcome::unknown("not run: the run stopped (see below)", vec![]),
            None => run_check(&ctx, id),
        };
        if client.gated() && outcome.verdict == Verdict::Fail {
            // The target's first answer shows it cannot be probed here: not a fair failure.
            outcome.verdict = Verdict::Unknown;
            outcome.trials = check::Trials { run: 0, held: 0 };
            outcome.reason = "not judged: the run stopped on this answer (see below)".into();
        }
        let r = CheckResult {
            id,
            tier: id.tier(o.require_key),
            outcome,
            elapsed_ms: ms(t0.elapsed()),
        };
        on_check(&r);
        results.push(r);
    }
    for (id, why) in &plan.skipped {
        let r = CheckResult {
            id: *id,
            tier: id.tier(o.require_key),
            outcome: Outcome::unknown(why.clone(), vec![]),
            elapsed_ms: 0,
        };
        on_check(&r);
        results.push(r);
    }
    Report {
        target: o.target.url.clone(),
        endpoint: o.endpoint.to_string(),
        plan: plan.clone(),
        require_key: o.require_key,
        results,
        requests_sent: client.requests_sent(),
        fatal: client.fatal(),
        elapsed_ms: ms(started.elapsed()),
        history: client.history(),
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn run_check(ctx: &Ctx<'_>, id: CheckId) -> Outcome {
    match id {
        CheckId::Concurrent => checks::race::concurrent(ctx),
        CheckId::RetryAfter => checks::race::retry_after(ctx),
        CheckId::LostResponse => checks::lost::run(ctx),
        CheckId::ProblemJson => checks::shape::problem_json(ctx),
        CheckId::KeyScope => checks::shape::key_scope(ctx),
        other => checks::basic::run(ctx, other),
    }
}

impl Report {
    /// The checks that decide the exit code: the core ones selected, or all selected when
    /// no core check was (`--tier profile`).
    fn counted(&self) -> Vec<&CheckResult> {
        let core: Vec<&CheckResult> = self
            .results
            .iter()
            .filter(|r| r.tier == Tier::Core)
            .collect();
        if core.is_empty() {
            self.results.iter().collect()
        } else {
            core
        }
    }

    /// 0 every counted check passes, 1 one fails, 2 otherwise (unreachable, only unknowns,
    /// or some undecided): Maelstrom's valid / invalid / unknown.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        let counted = self.counted();
        if counted.iter().any(|r| r.outcome.verdict == Verdict::Fail) {
            1
        } else if self.fatal.is_none()
            && !counted.is_empty()
            && counted.iter().all(|r| r.outcome.verdict == Verdict::Pass)
        {
            0
        } else {
            2
        }
    }

    #[must_use]
    pub fn count(&self, v: Verdict) -> usize {
        self.results
            .iter()
            .filter(|r| r.outcome.verdict == v)
            .count()
    }
}
