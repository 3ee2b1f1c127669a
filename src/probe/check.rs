//! The checks of the spec's table, their tiers and request bounds, and what a check ends with:
//! a verdict (pass, fail, unknown), how many trials ran and held, the reason in words and the
//! exchanges that show it.

use serde::Serialize;

use super::exchange::Exchange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// What the draft states: graded, decides the exit code.
    Core,
    /// Choices where the draft is silent (Stripe's behaviour): for information.
    Profile,
}

impl Tier {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Tier::Core => "core",
            Tier::Profile => "profile",
        }
    }
}

/// Every check, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckId {
    First,
    Replay,
    ReplayError,
    Concurrent,
    LostResponse,
    Mismatch,
    DistinctKeys,
    MissingKey,
    ReplayHeader,
    RetryAfter,
    ProblemJson,
    MismatchKeepsOriginal,
    KeyScope,
}

pub const ALL: [CheckId; 13] = [
    CheckId::First,
    CheckId::Replay,
    CheckId::ReplayError,
    CheckId::Concurrent,
    CheckId::LostResponse,
    CheckId::Mismatch,
    CheckId::DistinctKeys,
    CheckId::MissingKey,
    CheckId::ReplayHeader,
    CheckId::RetryAfter,
    CheckId::ProblemJson,
    CheckId::MismatchKeepsOriginal,
    CheckId::KeyScope,
];

/// How many times `lost-response` retries before it gives up (409s and silences included).
pub const LOST_RETRIES: usize = 6;

impl CheckId {
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            CheckId::First => "first",
            CheckId::Replay => "replay",
            CheckId::ReplayError => "replay-error",
            CheckId::Concurrent => "concurrent",
            CheckId::LostResponse => "lost-response",
            CheckId::Mismatch => "mismatch",
            CheckId::DistinctKeys => "distinct-keys",
            CheckId::MissingKey => "missing-key",
            CheckId::ReplayHeader => "replay-header",
            CheckId::RetryAfter => "retry-after",
            CheckId::ProblemJson => "problem-json",
            CheckId::MismatchKeepsOriginal => "mismatch-keeps-original",
            CheckId::KeyScope => "key-scope",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        ALL.into_iter().find(|c| c.id() == s)
    }

    /// `missing-key` is core only when the target is meant to require a key.
    #[must_use]
    pub fn tier(self, require_key: bool) -> Tier {
        match self {
            CheckId::First
            | CheckId::Replay
            | CheckId::ReplayError
            | CheckId::Concurrent
            | CheckId::LostResponse
            | CheckId::Mismatch
            | CheckId::DistinctKeys => Tier::Core,
            CheckId::MissingKey if require_key => Tier::Core,
            _ => Tier::Profile,
        }
    }

    /// What the check sends, in one line (for the plan and `--help`).
    #[must_use]
    pub fn sends(self) -> &'static str {
        match self {
            CheckId::First => "one keyed request; passes on 2xx",
            CheckId::Replay => "the same key and body again; same status and body, one effect",
            CheckId::ReplayError => "an invalid body twice under one key; the same 4xx twice",
            CheckId::Concurrent => "K requests with one key at once, per trial; one effect each",
            CheckId::LostResponse => "a request whose answer is dropped, then retries; one effect",
            CheckId::Mismatch => "the same key with another body; 422 and no second effect",
            CheckId::DistinctKeys => "two keys, identical bodies; two effects",
            CheckId::MissingKey => "no Idempotency-Key; 400",
            CheckId::ReplayHeader => "a replay; Idempotent-Replayed: true",
            CheckId::RetryAfter => "duplicates at once until a 409; a Retry-After header",
            CheckId::ProblemJson => "the error cases; application/problem+json bodies",
            CheckId::MismatchKeepsOriginal => "a 422, then the original body; the original replay",
            CheckId::KeyScope => "one key on two endpoints; two operations",
        }
    }

    /// The most requests the check sends, ledger reads included.
    #[must_use]
    pub fn bound(self, p: &BoundParams) -> usize {
        let l = usize::from(p.ledger);
        match self {
            CheckId::First | CheckId::MissingKey => 1,
            CheckId::Replay | CheckId::Mismatch | CheckId::DistinctKeys => 2 + 2 * l,
            CheckId::ReplayError | CheckId::ReplayHeader => 2,
            CheckId::Concurrent => p.trials * p.concurrency + (p.trials + 1) * l,
            CheckId::LostResponse => 1 + LOST_RETRIES + 3 * l,
            CheckId::RetryAfter => 2 * p.trials,
            CheckId::ProblemJson => 3 + usize::from(p.require_key),
            CheckId::MismatchKeepsOriginal => 3,
            CheckId::KeyScope => {
                if p.second_endpoint {
                    2
                } else {
                    0
                }
            }
        }
    }
}

/// What the request bounds depend on.
#[derive(Debug, Clone, Copy)]
pub struct BoundParams {
    pub ledger: bool,
    pub trials: usize,
    pub concurrency: usize,
    pub require_key: bool,
    pub second_endpoint: bool,
}

/// What a check found: a probe check here, and a lab's check too (`lab` re-exports this one,
/// so a server lab's probe verdicts are lab verdicts as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    /// The check could not decide (no answer, no ledger, the database stayed busy, a program
    /// did not start, …): never a pass.
    Unknown,
}

impl Verdict {
    /// The word reports and `--json` use: `pass`, `fail`, `unknown`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Unknown => "unknown",
        }
    }
}

/// How many trials a check ran and how many of them held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Trials {
    pub run: usize,
    pub held: usize,
}

/// What one check ends with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub verdict: Verdict,
    pub trials: Trials,
    pub reason: String,
    /// The exchanges that show the verdict (for a fail: the failure).
    pub evidence: Vec<Exchange>,
}

impl Outcome {
    #[must_use]
    pub fn pass(reason: impl Into<String>, evidence: Vec<Exchange>) -> Self {
        Self::one(Verdict::Pass, reason, evidence)
    }

    #[must_use]
    pub fn fail(reason: impl Into<String>, evidence: Vec<Exchange>) -> Self {
        Self::one(Verdict::Fail, reason, evidence)
    }

    #[must_use]
    pub fn unknown(reason: impl Into<String>, evidence: Vec<Exchange>) -> Self {
        Self::one(Verdict::Unknown, reason, evidence)
    }

    fn one(verdict: Verdict, reason: impl Into<String>, evidence: Vec<Exchange>) -> Self {
        let ran = usize::from(verdict != Verdict::Unknown);
        Outcome {
            verdict,
            trials: Trials {
                run: ran,
                held: usize::from(verdict == Verdict::Pass),
            },
            reason: reason.into(),
            evidence,
        }
    }
}

/// A check's result in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub id: CheckId,
    pub tier: Tier,
    pub outcome: Outcome,
    /// How long the check took, in milliseconds.
    pub elapsed_ms: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_tiers_follow_the_spec() {
        for c in ALL {
            assert_eq!(CheckId::parse(c.id()), Some(c));
        }
        let core: Vec<_> = ALL
            .iter()
            .filter(|c| c.tier(false) == Tier::Core)
            .map(|c| c.id())
            .collect();
        assert_eq!(
            core,
            [
                "first",
                "replay",
                "replay-error",
                "concurrent",
                "lost-response",
                "mismatch",
                "distinct-keys"
            ]
        );
        assert_eq!(CheckId::MissingKey.tier(true), Tier::Core);
    }

    #[test]
    fn the_concurrent_bound_grows_with_trials_and_width() {
        let p = BoundParams {
            ledger: true,
            trials: 20,
            concurrency: 8,
            require_key: false,
            second_endpoint: false,
        };
        assert_eq!(CheckId::Concurrent.bound(&p), 20 * 8 + 21);
        assert_eq!(CheckId::KeyScope.bound(&p), 0);
        let no_ledger = BoundParams { ledger: false, ..p };
        assert_eq!(CheckId::Replay.bound(&no_ledger), 2);
    }
}
