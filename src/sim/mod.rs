//! The simulation engine: a deterministic discrete-event simulator of three small distributed
//! systems (`http-retry`, `consumer`, `upsert`), so a learner can watch a retry double a charge
//! and then watch a key stop it, under exactly the same lost response.
//!
//! A run is a pure function of (scenario, seed): a virtual clock in milliseconds, an event queue
//! ordered by time then insertion, one ChaCha8 RNG, participants as plain state machines. The
//! same seed gives the same trace, byte for byte, on every machine. Every run is bounded (events
//! and virtual time); one that would not end is a [`SimError`] naming the knob to blame.
//!
//! - [`run`] traces: every step as a [`TraceEvent`] with a sentence and the state it changed;
//!   [`Run::state_at`] rebuilds the full [`State`] after any step, for views that step back.
//! - [`outcome`] and [`trials`] skip the trace entirely (no text is formatted), for statistics
//!   over many seeds.
//! - [`describe`] documents each model's knobs and counters.
//!
//! This module is domain only: no terminal, no I/O.

mod consumer;
mod core;
mod counters;
mod describe;
pub mod goal;
mod goal_file;
mod goal_words;
mod http;
pub mod knobs;
mod net;
mod predict;
pub mod scenario;
mod split;
mod state;
mod stats;
pub mod trace;
mod upsert;
mod verdict;

use std::collections::BTreeMap;
use std::fmt;

pub use self::core::{MAX_EVENTS, MAX_TIME_MS};
pub use counters::{
    ConsumerCounter, CounterSet, Counters, HttpCounter, Typed, UpsertCounter,
    label as counter_label,
};
pub use describe::{CounterDoc, Description, KnobDoc, describe};
pub use goal::{Goal, Judgement, broke_at, judge};
pub use goal_words::grouped;
pub use predict::{predicted, predicted_value, question};
pub use stats::{CounterStats, Split, Stats, Tally, trial_seed, trials, trials_on};
pub use trace::{
    Actor, Change, DbRow, KeyRow, KeyState, Kind, MessageEffects, Participant, QueueRow,
    QueueState, State, TraceEvent,
};
pub use verdict::{Verdict, headline, verdict};

pub use scenario::{Expect, Model, Scenario};

/// A run that would not end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    #[error(
        "the run does not end: it is still going after {MAX_EVENTS} events; `{knob}` keeps it going"
    )]
    TooManyEvents { knob: &'static str },
    #[error("the run does not end: virtual time passes 30 days because of `{knob}`")]
    TooLong { knob: &'static str },
}

impl SimError {
    /// The YAML path of the knob to fix.
    #[must_use]
    pub fn knob(&self) -> &'static str {
        match self {
            Self::TooManyEvents { knob } | Self::TooLong { knob } => knob,
        }
    }
}

/// What a model hands back.
pub(crate) struct Raw {
    pub counters: Counters,
    pub trace: Vec<TraceEvent>,
    pub end_ms: u64,
    pub events: u64,
}

/// A traced run.
#[derive(Debug, Clone)]
pub struct Run {
    pub model: Model,
    pub seed: u64,
    pub trace: Vec<TraceEvent>,
    pub counters: Counters,
    /// Virtual time of the last event.
    pub end_ms: u64,
    /// Queue events processed (some produce no trace line, some several).
    pub events: u64,
}

/// An untraced run: just the numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub counters: Counters,
    pub end_ms: u64,
    pub events: u64,
}

/// Runs `s` with `seed`, recording the trace.
pub fn run(s: &Scenario, seed: u64) -> Result<Run, SimError> {
    let raw = dispatch(s, seed, true)?;
    Ok(Run {
        model: s.model,
        seed,
        trace: raw.trace,
        counters: raw.counters,
        end_ms: raw.end_ms,
        events: raw.events,
    })
}

/// Runs `s` with `seed` without a trace: the counters of [`run`], much faster.
pub fn outcome(s: &Scenario, seed: u64) -> Result<Outcome, SimError> {
    let raw = dispatch(s, seed, false)?;
    Ok(Outcome {
        counters: raw.counters,
        end_ms: raw.end_ms,
        events: raw.events,
    })
}

fn dispatch(s: &Scenario, seed: u64, tracing: bool) -> Result<Raw, SimError> {
    match s.model {
        Model::HttpRetry => http::run(s, seed, tracing),
        Model::Consumer => consumer::run(s, seed, tracing),
        Model::Upsert => upsert::run(s, seed, tracing),
    }
}

impl Run {
    /// The state before the first step: every counter 0, every table empty.
    #[must_use]
    pub fn initial_state(&self) -> State {
        State {
            counters: self.model.counters().iter().map(|n| (*n, 0)).collect(),
            ..State::default()
        }
    }

    /// The lifelines of a sequence diagram: every participant the trace mentions, in the order
    /// requests flow (user, client, producer, broker, consumer, server, db).
    #[must_use]
    pub fn participants(&self) -> Vec<Participant> {
        let mut ps: Vec<Participant> = self.trace.iter().flat_map(|e| [e.from, e.to]).collect();
        ps.sort_unstable();
        ps.dedup();
        ps
    }

    /// The full state after step `i` (after the last step if `i` is past the end).
    #[must_use]
    pub fn state_at(&self, i: usize) -> State {
        let mut st = self.initial_state();
        for ev in self.trace.iter().take(i.saturating_add(1)) {
            for c in &ev.changes {
                st.apply(c);
            }
        }
        st
    }

    /// Each `expect` the run does not meet.
    #[must_use]
    pub fn unmet(&self, expect: &BTreeMap<String, Expect>) -> Vec<Unmet> {
        unmet(&self.counters, self.seed, expect)
    }
}

/// Each `expect` that `counters` do not meet.
#[must_use]
pub fn unmet(counters: &Counters, seed: u64, expect: &BTreeMap<String, Expect>) -> Vec<Unmet> {
    expect
        .iter()
        .filter_map(|(name, e)| {
            let got = counters.get(name)?;
            (!e.holds(got)).then(|| Unmet {
                counter: name.clone(),
                expect: *e,
                got,
                seed,
            })
        })
        .collect()
}

/// An `expect` that did not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmet {
    pub counter: String,
    pub expect: Expect,
    pub got: i64,
    pub seed: u64,
}

impl fmt::Display for Unmet {
    /// `expected charges = 1, got 2 (seed 7)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.counter;
        match self.expect {
            Expect::Exact(v) => write!(f, "expected {c} = {v}")?,
            Expect::Range {
                min: Some(a),
                max: Some(b),
            } => write!(f, "expected {c} between {a} and {b}")?,
            Expect::Range { min: Some(a), .. } => write!(f, "expected {c} >= {a}")?,
            Expect::Range { max: Some(b), .. } => write!(f, "expected {c} <= {b}")?,
            Expect::Range { .. } => write!(f, "expected {c} in any range")?,
        }
        write!(f, ", got {} (seed {})", self.got, self.seed)
    }
}
