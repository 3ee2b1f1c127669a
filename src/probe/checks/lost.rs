//! `lost-response`: the probe sends a keyed request over a raw connection and never reads the
//! answer, so whatever the target did, its answer is lost; then it retries with the same key
//! and body on new connections until it gets an answer, and only then closes the first one. One
//! effect, and an answer that is the original's, is a pass. A 409 means the original is still
//! in flight: wait as `Retry-After` says (at most 1 s) and retry.

use std::time::Duration;

use super::super::check::{CheckId, LOST_RETRIES, Outcome};
use super::super::client::Req;
use super::super::exchange::{Exchange, Outcome as Sent};
use super::{Ctx, Ledger, delta, described, evidence, no_answer, plus};

#[derive(Debug, Clone)]
pub struct Record {
    pub before: Ledger,
    /// The dropped request.
    pub dropped: Exchange,
    /// The retries, the last one answered (or not, when they ran out).
    pub retries: Vec<Exchange>,
    /// The ledger after the answer, read again after a pause if it said +1 or less.
    pub after: Ledger,
    pub reads: Vec<Exchange>,
}

/// How long to wait before the next retry.
fn backoff(last: &Exchange, attempt: u32) -> Duration {
    let base = Duration::from_millis(50 * u64::from(attempt + 1));
    match last.response() {
        Some(r) if r.status == 409 => r
            .retry_after
            .as_deref()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(base, |s| Duration::from_secs(s).min(Duration::from_secs(1))),
        _ => base,
    }
}

/// Answered for good: anything but silence and "still in flight".
fn settled(e: &Exchange) -> bool {
    e.response().is_some_and(|r| r.status != 409) || matches!(e.outcome, Sent::NotSent { .. })
}

pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let id = CheckId::LostResponse;
    let key = ctx.new_key();
    let body = ctx.fresh_body();
    let (before, r0) = ctx.ledger(id);
    let (dropped, unread) = ctx.client.send_unread(Req {
        check: id.id(),
        lane: 0,
        method: &ctx.endpoint.method,
        path: &ctx.endpoint.path,
        key: Some(&key),
        body: Some(&body),
    });
    let mut retries: Vec<Exchange> = Vec::new();
    if !matches!(dropped.outcome, Sent::NotSent { .. }) {
        for attempt in 0..LOST_RETRIES {
            let e = ctx.post(id, 0, Some(&key), &body);
            let done = settled(&e);
            let wait = backoff(&e, u32::try_from(attempt).unwrap_or(u32::MAX));
            retries.push(e);
            if done {
                break;
            }
            std::thread::sleep(wait);
        }
    }
    drop(unread);
    let mut reads: Vec<Exchange> = r0.into_iter().collect();
    let (mut after, r1) = if before.is_ok() {
        ctx.ledger(id)
    } else {
        (before.clone(), None)
    };
    reads.extend(r1);
    // The dropped request may still be running on the server: look again a little later.
    if matches!(delta(&before, &after), Ok(d) if d <= 1) {
        std::thread::sleep(Duration::from_millis(150));
        let (again, r2) = ctx.ledger(id);
        after = again;
        reads.extend(r2);
    }
    judge(&Record {
        before,
        dropped,
        retries,
        after,
        reads,
    })
}

#[must_use]
pub fn judge(r: &Record) -> Outcome {
    let ev = evidence(
        std::iter::once(&r.dropped)
            .chain(&r.retries)
            .chain(&r.reads)
            .cloned()
            .map(Some),
    );
    if let Sent::NotSent { reason } = &r.dropped.outcome {
        return Outcome::unknown(format!("the request to drop was {reason}"), ev);
    }
    let n = r.retries.len();
    let Some(last) = r.retries.last() else {
        return Outcome::unknown("no retry was sent", ev);
    };
    let Some(answer) = last.response() else {
        return Outcome::unknown(no_answer(&format!("retry {n}"), last), ev);
    };
    if answer.status == 409 {
        return Outcome::unknown(
            format!(
                "still 409 (in flight) after {n} retries: the original never completed, or its key is stuck"
            ),
            ev,
        );
    }
    if !answer.is_success() {
        return Outcome::fail(
            format!(
                "the retry of a request whose answer was lost answered {}",
                answer.status
            ),
            ev,
        );
    }
    let mut said = format!(
        "after the lost answer, retry {n} answered {}",
        described(answer)
    );
    let in_flight = r
        .retries
        .iter()
        .filter(|e| e.response().is_some_and(|r| r.status == 409))
        .count();
    if in_flight > 0 {
        let waited = last.t_ms.saturating_sub(r.dropped.t_ms);
        said.push_str(&format!(
            " (after {in_flight} × 409 while the original was in flight, {waited} ms)"
        ));
    }
    match delta(&r.before, &r.after) {
        Ok(1) => Outcome::pass(format!("{said}; {}", plus(1)), ev),
        Ok(d) if d >= 2 => Outcome::fail(
            format!(
                "{said}, but {}: the lost request and its retry both took effect",
                plus(d)
            ),
            ev,
        ),
        Ok(d) => Outcome::unknown(
            format!(
                "{said}, but {}: does the ledger count this endpoint's effects?",
                plus(d)
            ),
            ev,
        ),
        Err(why) => Outcome::unknown(format!("{said}, but {why}"), ev),
    }
}

#[cfg(test)]
mod tests {
    use super::super::LedgerError;
    use super::super::fixtures::{answered, charge, silent};
    use super::*;
    use crate::probe::check::Verdict;

    fn dropped() -> Exchange {
        Exchange {
            outcome: Sent::Dropped,
            ..charge(0, "x")
        }
    }

    fn rec(retries: Vec<Exchange>, before: i64, after: i64) -> Record {
        Record {
            before: Ok(before),
            dropped: dropped(),
            retries,
            after: Ok(after),
            reads: vec![],
        }
    }

    #[test]
    fn one_effect_passes_two_fail() {
        let o = judge(&rec(vec![answered(1, 409, ""), charge(2, "ch_1")], 0, 1));
        assert_eq!(o.verdict, Verdict::Pass, "{}", o.reason);
        assert!(
            o.reason.contains("retry 2 answered 201 ch_1"),
            "{}",
            o.reason
        );
        let o = judge(&rec(vec![charge(1, "ch_2")], 0, 2));
        assert_eq!(o.verdict, Verdict::Fail);
        assert!(o.reason.contains("ledger +2"), "{}", o.reason);
    }

    #[test]
    fn silence_and_in_flight_forever_are_unknown() {
        assert_eq!(
            judge(&rec(vec![silent(1), silent(2)], 0, 1)).verdict,
            Verdict::Unknown
        );
        assert_eq!(
            judge(&rec(vec![answered(1, 409, "")], 0, 1)).verdict,
            Verdict::Unknown
        );
        let blind = Record {
            before: Err(LedgerError::NoLedger),
            after: Err(LedgerError::NoLedger),
            ..rec(vec![charge(1, "a")], 0, 0)
        };
        assert_eq!(judge(&blind).verdict, Verdict::Unknown);
    }
}
