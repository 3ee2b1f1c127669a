//! The checks that race: `concurrent` (K requests with one key released together by a
//! barrier, `--trials` times, one effect per trial) and `retry-after` (duplicates at once until
//! one finds the original in flight and answers 409). Real concurrency is not deterministic, so
//! a race that never showed is reported as held in so many of so many trials, not as proven.

use std::sync::Barrier;
use std::time::Duration;

use super::super::check::{CheckId, Outcome, Trials, Verdict};
use super::super::exchange::{Exchange, Response};
use super::{Ctx, Ledger, delta, described, evidence, plus};

/// One trial: the ledger before, the K answers, the ledger after.
#[derive(Debug, Clone)]
pub struct Trial {
    pub before: Ledger,
    pub sent: Vec<Exchange>,
    pub after: Ledger,
    pub reads: Vec<Exchange>,
}

/// Sends `k` requests with one key and one body, released at the same moment.
fn burst(ctx: &Ctx<'_>, id: CheckId, k: usize) -> Vec<Exchange> {
    let key = ctx.new_key();
    let body = ctx.fresh_body();
    let barrier = Barrier::new(k);
    let mut sent: Vec<Exchange> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..k)
            .map(|lane| {
                let (barrier, key, body) = (&barrier, &key, &body);
                s.spawn(move || {
                    barrier.wait();
                    ctx.post(id, lane, Some(key), body)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    sent.sort_by_key(|e| e.seq);
    sent
}

/// `concurrent`: every trial, then the verdict over all of them.
pub fn concurrent(ctx: &Ctx<'_>) -> Outcome {
    let id = CheckId::Concurrent;
    let (mut before, mut read) = ctx.ledger(id);
    let mut tally = Tally::default();
    for _ in 0..ctx.trials {
        let sent = burst(ctx, id, ctx.concurrency);
        let (after, r1) = if ctx.ledger.is_some() {
            ctx.ledger(id)
        } else {
            (before.clone(), None)
        };
        let reads = [read.take(), r1.clone()].into_iter().flatten().collect();
        tally.add(Trial {
            before,
            sent,
            after: after.clone(),
            reads,
        });
        before = after;
        read = r1;
        if ctx.client.fatal().is_some() {
            break;
        }
    }
    tally.outcome()
}

/// What one trial shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrialVerdict {
    Held,
    Failed(String),
    Undecided(String),
}

#[must_use]
pub fn judge_trial(t: &Trial) -> TrialVerdict {
    let answers: Vec<&Response> = t.sent.iter().filter_map(Exchange::response).collect();
    let successes: Vec<&Response> = answers.iter().copied().filter(|r| r.is_success()).collect();
    // Two 2xx answers that differ are two operations, whatever the ledger says.
    if let Some(first) = successes.first()
        && let Some(other) = successes.iter().find(|r| !r.same_answer(first))
    {
        let mut why = format!(
            "{} answers for one key: {} and {}",
            successes.len(),
            described(first),
            described(other)
        );
        if let Ok(d) = delta(&t.before, &t.after) {
            why.push_str(&format!("; {}", plus(d)));
        }
        return TrialVerdict::Failed(why);
    }
    if let Some(bad) = answers.iter().find(|r| !r.is_success() && r.status != 409) {
        return TrialVerdict::Failed(format!(
            "a concurrent duplicate answered {}, neither 409 nor the replay",
            bad.status
        ));
    }
    match delta(&t.before, &t.after) {
        Ok(d) if d >= 2 => TrialVerdict::Failed(format!(
            "{} for one key ({} of {} answered 2xx)",
            plus(d),
            successes.len(),
            t.sent.len()
        )),
        Ok(1) => TrialVerdict::Held,
        Ok(d) if answers.is_empty() => {
            TrialVerdict::Undecided(format!("no request was answered; {}", plus(d)))
        }
        Ok(d) => TrialVerdict::Undecided(format!(
            "{}: does the ledger count this endpoint's effects?",
            plus(d)
        )),
        Err(why) => TrialVerdict::Undecided(why.to_string()),
    }
}

/// The trials judged one by one as they end, keeping only the exchanges the report shows (the
/// first failed trial and the last one), so memory does not grow with `--trials`.
#[derive(Debug, Default)]
pub struct Tally {
    count: usize,
    held: usize,
    failed: usize,
    first_failed: Option<(usize, String, Trial)>,
    first_undecided: Option<String>,
    last: Option<Trial>,
}

impl Tally {
    pub fn add(&mut self, t: Trial) {
        self.count += 1;
        match judge_trial(&t) {
            TrialVerdict::Held => self.held += 1,
            TrialVerdict::Failed(why) => {
                self.failed += 1;
                if self.first_failed.is_none() {
                    self.first_failed = Some((self.count, why, t.clone()));
                }
            }
            TrialVerdict::Undecided(why) => {
                self.first_undecided.get_or_insert(why);
            }
        }
        self.last = Some(t);
    }

    #[must_use]
    pub fn outcome(self) -> Outcome {
        let run = self.held + self.failed;
        let trials = Trials {
            run,
            held: self.held,
        };
        if let Some((n, why, t)) = self.first_failed {
            return Outcome {
                verdict: Verdict::Fail,
                trials,
                reason: format!(
                    "failed in {} of {run} trials; trial {n}: {why}",
                    self.failed
                ),
                evidence: evidence(t.sent.into_iter().chain(t.reads).map(Some)),
            };
        }
        let last = self.last.map(|t| t.sent).unwrap_or_default();
        if run == 0 {
            return Outcome {
                verdict: Verdict::Unknown,
                trials,
                reason: format!(
                    "no trial could be decided: {}",
                    self.first_undecided
                        .unwrap_or_else(|| "no trial ran".into())
                ),
                evidence: last,
            };
        }
        let mut reason = format!("held in {} of {run} trials", self.held);
        let undecided = self.count - run;
        if undecided > 0 {
            reason.push_str(&format!(
                " ({undecided} more undecided: {})",
                self.first_undecided.unwrap_or_default()
            ));
        }
        Outcome {
            verdict: Verdict::Pass,
            trials,
            reason,
            evidence: last,
        }
    }
}

/// The verdict over recorded trials.
#[must_use]
pub fn judge_concurrent(trials: &[Trial]) -> Outcome {
    let mut tally = Tally::default();
    for t in trials {
        tally.add(t.clone());
    }
    tally.outcome()
}

/// `retry-after`: pairs of duplicates at once until one answers 409.
pub fn retry_after(ctx: &Ctx<'_>) -> Outcome {
    let id = CheckId::RetryAfter;
    let mut tries = 0;
    for _ in 0..ctx.trials {
        tries += 1;
        let sent = burst(ctx, id, 2);
        if let Some(o) = judge_retry_after(&sent) {
            return o;
        }
        if ctx.client.fatal().is_some() {
            break;
        }
        // Let the pair finish on the server before the next (a fresh key each time anyway).
        std::thread::sleep(Duration::from_millis(5));
    }
    Outcome::unknown(
        format!(
            "no 409 in {tries} pairs of duplicates: the original always finished before its duplicate arrived (a slower endpoint shows one, e.g. idemlab serve --delay-ms 50)"
        ),
        vec![],
    )
}

/// `Some` verdict once a 409 is among the answers.
#[must_use]
pub fn judge_retry_after(sent: &[Exchange]) -> Option<Outcome> {
    let conflict = sent
        .iter()
        .find(|e| e.response().is_some_and(|r| r.status == 409))?;
    let r = conflict.response()?;
    let ev = sent.to_vec();
    Some(match &r.retry_after {
        Some(v) => Outcome::pass(
            format!(
                "a 409 for the request in flight says Retry-After: {}",
                crate::text::sanitize_line(v)
            ),
            ev,
        ),
        None => Outcome::fail(
            "a 409 for the request in flight has no Retry-After header",
            ev,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::super::LedgerError;
    use super::super::fixtures::{answered, charge, silent, with};
    use super::*;

    fn trial(before: i64, sent: Vec<Exchange>, after: i64) -> Trial {
        Trial {
            before: Ok(before),
            sent,
            after: Ok(after),
            reads: vec![],
        }
    }

    #[test]
    fn one_effect_with_409s_or_replays_holds() {
        let t = trial(
            0,
            vec![
                charge(0, "a"),
                answered(1, 409, "{}"),
                charge(2, "a"),
                silent(3),
            ],
            1,
        );
        assert_eq!(judge_trial(&t), TrialVerdict::Held);
    }

    #[test]
    fn two_charge_ids_for_one_key_fail_with_both_ids() {
        let t = trial(
            4,
            vec![charge(0, "ch_a"), charge(1, "ch_b"), answered(2, 409, "")],
            6,
        );
        let TrialVerdict::Failed(why) = judge_trial(&t) else {
            panic!()
        };
        assert!(
            why.contains("ch_a") && why.contains("ch_b") && why.contains("ledger +2"),
            "{why}"
        );
        // Identical answers but two effects counted: still a failure.
        let t = trial(0, vec![charge(0, "a"), charge(1, "a")], 2);
        assert!(matches!(judge_trial(&t), TrialVerdict::Failed(_)));
    }

    #[test]
    fn the_verdict_over_trials() {
        let held = || trial(0, vec![charge(0, "a"), answered(1, 409, "")], 1);
        let o = judge_concurrent(&vec![held(); 20]);
        assert_eq!(
            (o.verdict, o.reason.as_str()),
            (Verdict::Pass, "held in 20 of 20 trials")
        );
        let mut ts = vec![held(); 19];
        ts.insert(3, trial(1, vec![charge(0, "x"), charge(1, "y")], 3));
        let o = judge_concurrent(&ts);
        assert_eq!(o.verdict, Verdict::Fail);
        assert_eq!(o.trials, Trials { run: 20, held: 19 });
        assert!(
            o.reason.starts_with("failed in 1 of 20 trials; trial 4:"),
            "{}",
            o.reason
        );
        assert_eq!(o.evidence.len(), 2);
        // No ledger: nothing decided, never a pass.
        let blind = Trial {
            before: Err(LedgerError::NoLedger),
            after: Err(LedgerError::NoLedger),
            ..held()
        };
        assert_eq!(
            judge_concurrent(&[blind.clone(), blind]).verdict,
            Verdict::Unknown
        );
        // Only silences: undecided, not failed.
        let o = judge_concurrent(&[trial(0, vec![silent(0), silent(1)], 0)]);
        assert_eq!(o.verdict, Verdict::Unknown);
    }

    #[test]
    fn retry_after_needs_a_409_to_judge() {
        assert!(judge_retry_after(&[charge(0, "a"), charge(1, "a")]).is_none());
        let with_header = with(answered(1, 409, ""), |r| r.retry_after = Some("1".into()));
        assert_eq!(
            judge_retry_after(&[charge(0, "a"), with_header])
                .unwrap()
                .verdict,
            Verdict::Pass
        );
        let bare = answered(1, 409, "");
        assert_eq!(
            judge_retry_after(&[charge(0, "a"), bare]).unwrap().verdict,
            Verdict::Fail
        );
    }
}
