//! The sequential checks: `first`, `replay`, `replay-error`, `mismatch`,
//! `mismatch-keeps-original`, `distinct-keys`, `missing-key` and `replay-header`. Each sends a
//! few requests one after another and is judged from their answers and the ledger around them.

use super::super::check::{CheckId, Outcome};
use super::super::exchange::Exchange;
use super::{Ctx, Ledger, LedgerError, delta, described, evidence, no_answer, plus};

/// A check's requests between two ledger readings.
#[derive(Debug, Clone)]
pub struct Record {
    pub before: Ledger,
    pub sent: Vec<Exchange>,
    pub after: Ledger,
    /// The ledger reads, for the evidence.
    pub reads: Vec<Exchange>,
}

impl Record {
    fn evidence(&self) -> Vec<Exchange> {
        evidence(self.sent.iter().chain(&self.reads).cloned().map(Some))
    }
}

fn around(ctx: &Ctx<'_>, id: CheckId, send: impl FnOnce() -> Vec<Exchange>) -> Record {
    let counts = matches!(
        id,
        CheckId::Replay | CheckId::Mismatch | CheckId::DistinctKeys
    );
    let (before, r0) = if counts {
        ctx.ledger(id)
    } else {
        (Err(LedgerError::NotCounted), None)
    };
    let sent = send();
    let (after, r1) = if counts && before.is_ok() {
        ctx.ledger(id)
    } else {
        (before.clone(), None)
    };
    Record {
        before,
        sent,
        after,
        reads: [r0, r1].into_iter().flatten().collect(),
    }
}

/// Runs one of this file's checks.
pub fn run(ctx: &Ctx<'_>, id: CheckId) -> Outcome {
    let key = ctx.new_key();
    let k = Some(key.as_str());
    let record = match id {
        CheckId::First | CheckId::MissingKey => {
            let key = (id == CheckId::First).then_some(key.as_str());
            around(ctx, id, || vec![ctx.post(id, 0, key, &ctx.fresh_body())])
        }
        CheckId::Replay | CheckId::ReplayHeader => around(ctx, id, || {
            let b = ctx.fresh_body();
            vec![ctx.post(id, 0, k, &b), ctx.post(id, 0, k, &b)]
        }),
        CheckId::ReplayError => around(ctx, id, || {
            let b = ctx.body.invalid();
            vec![ctx.post(id, 0, k, &b), ctx.post(id, 0, k, &b)]
        }),
        CheckId::Mismatch | CheckId::MismatchKeepsOriginal => {
            if !ctx.body.varies() {
                return Outcome::unknown(
                    "the --body template has no {{n}}, so the probe cannot make a changed payload",
                    vec![],
                );
            }
            around(ctx, id, || {
                let (b1, b2) = (ctx.fresh_body(), ctx.fresh_body());
                let mut v = vec![ctx.post(id, 0, k, &b1), ctx.post(id, 0, k, &b2)];
                if id == CheckId::MismatchKeepsOriginal {
                    v.push(ctx.post(id, 0, k, &b1));
                }
                v
            })
        }
        CheckId::DistinctKeys => around(ctx, id, || {
            let b = ctx.fresh_body();
            let other = ctx.new_key();
            vec![ctx.post(id, 0, k, &b), ctx.post(id, 0, Some(&other), &b)]
        }),
        _ => unreachable!("not a sequential check: {id:?}"),
    };
    judge(id, &record)
}

/// The verdict of one of this file's checks from what it recorded.
#[must_use]
pub fn judge(id: CheckId, r: &Record) -> Outcome {
    let ev = r.evidence();
    let first = &r.sent[0];
    let Some(r1) = first.response() else {
        return Outcome::unknown(no_answer("the first request", first), ev);
    };
    if id == CheckId::First {
        return if r1.is_success() {
            Outcome::pass(format!("answered {}", described(r1)), ev)
        } else {
            Outcome::fail(
                format!("a keyed request answered {}, not 2xx", r1.status),
                ev,
            )
        };
    }
    if id == CheckId::MissingKey {
        return match r1.status {
            400 => Outcome::pass("a request without Idempotency-Key answered 400", ev),
            s if r1.is_success() => Outcome::fail(
                format!(
                    "a request without Idempotency-Key was processed ({s}); the draft asks for 400 when a key is required"
                ),
                ev,
            ),
            s => Outcome::fail(
                format!("a request without Idempotency-Key answered {s}, not 400"),
                ev,
            ),
        };
    }
    if id == CheckId::ReplayError {
        if !r1.is_client_error() || r1.status == 409 {
            return Outcome::unknown(
                format!(
                    "an invalid body answered {}, so there was no 4xx to replay",
                    r1.status
                ),
                ev,
            );
        }
    } else if !r1.is_success() {
        return Outcome::unknown(
            format!(
                "the first request answered {}, not 2xx (see `first`)",
                r1.status
            ),
            ev,
        );
    }
    let second = &r.sent[1];
    let Some(r2) = second.response() else {
        return Outcome::unknown(no_answer("the second request", second), ev);
    };
    match id {
        CheckId::Replay => {
            if r2.status != r1.status {
                return Outcome::fail(
                    format!("replay answered {}, original {}", r2.status, r1.status),
                    ev,
                );
            }
            if !r2.same_answer(r1) {
                return Outcome::fail(
                    format!(
                        "replay answered {} but the original {}: a different body",
                        described(r2),
                        described(r1)
                    ),
                    ev,
                );
            }
            counted(
                &r.before,
                &r.after,
                1,
                format!("same {} and body", r1.status),
                ev,
            )
        }
        CheckId::ReplayHeader => {
            if !r2.same_answer(r1) {
                Outcome::unknown(
                    "the second request was not a replay (see `replay`), so there is no replay to look at",
                    ev,
                )
            } else if r2.says_replayed() {
                Outcome::pass("the replay says Idempotent-Replayed: true", ev)
            } else {
                Outcome::fail("the replay has no Idempotent-Replayed: true header", ev)
            }
        }
        CheckId::ReplayError => {
            if r2.status == r1.status {
                Outcome::pass(format!("the same {} twice", r1.status), ev)
            } else {
                Outcome::fail(
                    format!("an error answered {} first, then {}", r1.status, r2.status),
                    ev,
                )
            }
        }
        CheckId::Mismatch => match r2.status {
            422 => counted(
                &r.before,
                &r.after,
                1,
                "a changed payload under a used key answered 422".into(),
                ev,
            ),
            _ if r2.same_answer(r1) => Outcome::fail(
                format!(
                    "a changed payload under a used key got the original's answer ({}), not 422",
                    r2.status
                ),
                ev,
            ),
            _ if r2.is_success() => Outcome::fail(
                format!(
                    "a changed payload under a used key was processed: {} after {}, not 422",
                    described(r2),
                    described(r1)
                ),
                ev,
            ),
            s => Outcome::fail(
                format!("a changed payload under a used key answered {s}, not 422"),
                ev,
            ),
        },
        CheckId::MismatchKeepsOriginal => {
            let third = &r.sent[2];
            let Some(r3) = third.response() else {
                return Outcome::unknown(no_answer("the third request", third), ev);
            };
            let after = format!("after a {} for the changed payload", r2.status);
            if r3.same_answer(r1) {
                Outcome::pass(
                    format!("{after}, the original body still got the original answer"),
                    ev,
                )
            } else {
                Outcome::fail(
                    format!(
                        "{after}, the original body answered {}, not the original {}",
                        described(r3),
                        described(r1)
                    ),
                    ev,
                )
            }
        }
        CheckId::DistinctKeys => {
            if r2.same_answer(r1) || r2.says_replayed() {
                return Outcome::fail(
                    "a second key with the same body got the first key's answer: the server keys on the body",
                    ev,
                );
            }
            if !r2.is_success() {
                return Outcome::fail(
                    format!("a second key with the same body answered {}", r2.status),
                    ev,
                );
            }
            counted(
                &r.before,
                &r.after,
                2,
                format!("{} and {}", described(r1), described(r2)),
                ev,
            )
        }
        _ => unreachable!("judged above: {id:?}"),
    }
}

/// Pass when the ledger moved by `want`; unknown without a ledger (never a pass).
fn counted(before: &Ledger, after: &Ledger, want: i64, said: String, ev: Vec<Exchange>) -> Outcome {
    match delta(before, after) {
        Err(why) => Outcome::unknown(format!("{said}, but {why}"), ev),
        Ok(d) if d == want => Outcome::pass(format!("{said}; {}", plus(d)), ev),
        Ok(0) => Outcome::unknown(
            format!("{said}, but ledger +0: does the ledger count this endpoint's effects?"),
            ev,
        ),
        Ok(d) => Outcome::fail(format!("{said}, but {} (expected +{want})", plus(d)), ev),
    }
}

#[cfg(test)]
mod tests;
