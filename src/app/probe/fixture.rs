//! A recorded run for the view's tests: what `idemlab serve --store check-then-act` answers
//! (two 201s with different charge ids for one key), a replay, a lost response, and a check
//! that never sent.

use crate::probe::check::{Outcome, Trials};
use crate::probe::{CheckId, CheckResult, Exchange, Plan, Report, Response, Sent, Tier};

fn ex(check: &'static str, seq: usize, lane: usize, t: u64, dur: u64, outcome: Sent) -> Exchange {
    Exchange {
        check,
        seq,
        lane,
        t_ms: t,
        dur_ms: dur,
        method: "POST".into(),
        path: "/charges".into(),
        key: Some(format!("k-{check}")),
        body: Some("{\"amount\": 1}".into()),
        outcome,
    }
}

fn answer(status: u16, id: &str, replayed: bool) -> Sent {
    Sent::Response(Response {
        status,
        replayed: replayed.then(|| "true".into()),
        body: format!("{{\"id\": \"{id}\", \"amount\": 1}}"),
        ..Response::default()
    })
}

fn result(id: CheckId, outcome: Outcome) -> CheckResult {
    CheckResult {
        id,
        tier: Tier::Core,
        outcome,
        elapsed_ms: 1,
    }
}

pub fn report() -> Report {
    let history = vec![
        ex("replay", 0, 0, 0, 50, answer(201, "ch_1", false)),
        ex("replay", 1, 0, 60, 2, answer(201, "ch_1", true)),
        ex("concurrent", 2, 0, 100, 51, answer(201, "ch_2", false)),
        ex("concurrent", 3, 1, 100, 53, answer(201, "ch_3", false)),
        ex("lost-response", 4, 0, 200, 50, Sent::Dropped),
        ex("lost-response", 5, 0, 260, 1, answer(201, "ch_4", true)),
        ex(
            "mismatch",
            6,
            0,
            300,
            0,
            Sent::NotSent {
                reason: "connection refused".into(),
            },
        ),
    ];
    let mut concurrent = Outcome::fail(
        "two 201s with different charge ids for one key (ch_2, ch_3)",
        vec![history[2].clone(), history[3].clone()],
    );
    concurrent.trials = Trials { run: 1, held: 0 };
    let results = vec![
        result(
            CheckId::Replay,
            Outcome::pass("same status and body", vec![]),
        ),
        result(CheckId::Concurrent, concurrent),
        result(
            CheckId::LostResponse,
            Outcome::pass("the retry replayed the lost charge", vec![]),
        ),
        result(
            CheckId::Mismatch,
            Outcome::unknown("could not run: connection refused", vec![]),
        ),
    ];
    Report {
        target: "http://127.0.0.1:7878".into(),
        endpoint: "POST /charges".into(),
        plan: Plan {
            checks: vec![],
            skipped: vec![],
            max_requests: 7,
        },
        require_key: false,
        results,
        requests_sent: 6,
        fatal: None,
        elapsed_ms: 301,
        history,
    }
}
