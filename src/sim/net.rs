//! The network and the client's retry policy, shared by the models.
//!
//! Every hop draws its latency first, whatever happens next, so two scenarios that differ only
//! in a key or a store see the same timings under the same seed: a comparison shows the effect
//! of the knob, not of different luck.

use super::core::{Core, Rng};
use super::counters::CounterSet;
use super::trace::{Actor, Kind, Participant, TraceEvent};
use crate::sim::scenario::{Backoff, BackoffKind, Jitter, NetFault, Network, Retry};

/// Which way a hop goes: requests (and publishes, deliveries) or responses (and acks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Request,
    Response,
}

/// The delay of one hop, or `None` if the network loses it. `attempt` selects the scripted
/// fault (`network.script`), which is applied before the probabilities and replaces their draw.
pub fn hop(rng: &mut Rng, net: &Network, dir: Dir, attempt: Option<u32>) -> Option<u64> {
    let latency = rng.between(net.latency_ms);
    let scripted = attempt.and_then(|n| {
        net.script.iter().find(|s| {
            s.attempt == n
                && match dir {
                    Dir::Request => matches!(s.fault, NetFault::DropRequest | NetFault::Delay),
                    Dir::Response => s.fault == NetFault::DropResponse,
                }
        })
    });
    match scripted {
        Some(s) if s.fault == NetFault::Delay => {
            Some(latency.saturating_add(s.ms.unwrap_or_default()))
        }
        Some(_) => None,
        None => {
            let p = match dir {
                Dir::Request => net.drop_request,
                Dir::Response => net.drop_response,
            };
            (!rng.chance(p)).then_some(latency)
        }
    }
}

/// The client's answer to a failed attempt `n`, its `tries`-th try: while `policy.attempts`
/// allows, it waits a [`backoff`] and schedules `again`; then it gives up. Both are traced on the
/// client's lane. Returns whether it retries.
pub fn retry_or_give_up<A, C: CounterSet>(
    core: &mut Core<A, C>,
    policy: &Retry,
    tries: u32,
    n: u32,
    again: A,
) -> bool {
    let max = policy.attempts;
    if tries < max {
        let wait = backoff(&mut core.rng, &policy.backoff, tries);
        core.emit(|t| {
            TraceEvent::new(t, Kind::Backoff, Participant::Client, Participant::Client)
                .at(n)
                .by(Actor::Client)
                .text(format!(
                    "waits {wait} ms, then retries (retry {tries} of {})",
                    max - 1
                ))
                .label(format!("wait {wait}ms"))
        });
        core.after(wait, "retry.backoff.max_ms", again);
        true
    } else {
        core.emit(|t| {
            TraceEvent::new(t, Kind::GiveUp, Participant::Client, Participant::Client)
                .at(n)
                .by(Actor::Client)
                .text(format!("gives up after {max} attempts"))
        });
        false
    }
}

/// The wait before retry number `retry` (1 = the first retry), per the AWS formulas:
/// exponential is `min(max_ms, base_ms * 2^(retry-1))`; full jitter draws from `[0, that]`,
/// equal jitter keeps half and draws the other half.
pub fn backoff(rng: &mut Rng, b: &Backoff, retry: u32) -> u64 {
    let cap = match b.kind {
        BackoffKind::None => return 0,
        BackoffKind::Fixed => b.base_ms,
        BackoffKind::Exponential => {
            let factor = 1u64
                .checked_shl(retry.saturating_sub(1))
                .unwrap_or(u64::MAX);
            b.base_ms
                .saturating_mul(factor)
                .min(b.max_ms.max(b.base_ms))
        }
    };
    match b.jitter {
        Jitter::None => cap,
        Jitter::Full => rng.between([0, cap]),
        Jitter::Equal => cap / 2 + rng.between([0, cap - cap / 2]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_backoff_is_capped() {
        let mut rng = Rng::new(1);
        let b = Backoff {
            kind: BackoffKind::Exponential,
            base_ms: 200,
            max_ms: 1000,
            jitter: Jitter::None,
        };
        let waits: Vec<u64> = (1..=5).map(|r| backoff(&mut rng, &b, r)).collect();
        assert_eq!(waits, [200, 400, 800, 1000, 1000]);
        assert_eq!(backoff(&mut rng, &b, 99), 1000);
    }

    #[test]
    fn jitter_stays_in_bounds() {
        let mut rng = Rng::new(2);
        for jitter in [Jitter::Full, Jitter::Equal] {
            let b = Backoff {
                kind: BackoffKind::Fixed,
                base_ms: 300,
                max_ms: 300,
                jitter,
            };
            for _ in 0..200 {
                let w = backoff(&mut rng, &b, 1);
                let lo = if jitter == Jitter::Equal { 150 } else { 0 };
                assert!((lo..=300).contains(&w), "{w}");
            }
        }
    }

    #[test]
    fn scripted_faults_come_first() {
        let mut rng = Rng::new(3);
        let net: Network = serde_yaml::from_str(
            "latency_ms: [10, 10]\nscript:\n  - {attempt: 1, fault: drop_response}\n  - {attempt: 2, fault: delay, ms: 500}\n",
        )
        .unwrap();
        assert_eq!(hop(&mut rng, &net, Dir::Request, Some(1)), Some(10));
        assert_eq!(hop(&mut rng, &net, Dir::Response, Some(1)), None);
        assert_eq!(hop(&mut rng, &net, Dir::Request, Some(2)), Some(510));
        assert_eq!(hop(&mut rng, &net, Dir::Response, Some(2)), Some(10));
    }
}
