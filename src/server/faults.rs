//! The fault plan: for each request that has an effect, in the order requests reach it, one
//! draw from a ChaCha8 stream seeded by `--seed`: is its response dropped, does it crash and
//! where, how long it takes. Every request draws the same four numbers whatever the knobs say,
//! so switching a fault on live does not shift the sequence of the others. With the same seed
//! and the same order of requests a run repeats exactly; concurrent requests may reach the plan
//! in another order from run to run (that order is the network's, not the plan's).

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::config::Knobs;

/// Where a crashing request dies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrashPoint {
    BeforeEffect,
    AfterEffect,
    AfterStore,
}

impl CrashPoint {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            CrashPoint::BeforeEffect => "crash before effect",
            CrashPoint::AfterEffect => "crash after effect",
            CrashPoint::AfterStore => "crash after store",
        }
    }
}

/// What the plan decided for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Draw {
    pub drop_response: bool,
    pub crash: Option<CrashPoint>,
    pub delay_ms: u64,
}

pub struct Plan {
    rng: ChaCha8Rng,
}

impl Plan {
    #[must_use]
    pub fn new(seed: u64) -> Plan {
        Plan {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    pub fn draw(&mut self, knobs: &Knobs) -> Draw {
        let drop = unit(self.rng.next_u64());
        let crash = unit(self.rng.next_u64());
        let point = self.rng.next_u64() % 3;
        let delay = self.rng.next_u64();
        let span = knobs.delay.max_ms - knobs.delay.min_ms;
        Draw {
            drop_response: drop < knobs.drop_response,
            crash: (crash < knobs.crash).then_some(match point {
                0 => CrashPoint::BeforeEffect,
                1 => CrashPoint::AfterEffect,
                _ => CrashPoint::AfterStore,
            }),
            delay_ms: knobs.delay.min_ms + if span == 0 { 0 } else { delay % (span + 1) },
        }
    }
}

/// 53 random bits as a number in `0..1` (so probability 1 always fires and 0 never does).
fn unit(bits: u64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let x = (bits >> 11) as f64;
    x / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::config::Delay;

    #[test]
    fn a_seed_repeats_its_faults_and_probabilities_hold_at_the_ends() {
        let knobs = Knobs {
            drop_response: 0.3,
            crash: 0.2,
            delay: Delay {
                min_ms: 5,
                max_ms: 40,
            },
            ..Knobs::default()
        };
        let run = |seed| {
            let mut p = Plan::new(seed);
            (0..200).map(|_| p.draw(&knobs)).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        let draws = run(7);
        let drops = draws.iter().filter(|d| d.drop_response).count();
        assert!((30..90).contains(&drops), "{drops} drops of 200 at p=0.3");
        assert!(draws.iter().all(|d| (5..=40).contains(&d.delay_ms)));
        let always = Knobs {
            drop_response: 1.0,
            ..Knobs::default()
        };
        let never = Knobs::default();
        let mut p = Plan::new(1);
        assert!((0..100).all(|_| p.draw(&always).drop_response));
        assert!((0..100).all(|_| !p.draw(&never).drop_response && p.draw(&never).crash.is_none()));
    }
}
