//! The knobs a learner flips in the player, each a key that cycles one setting of the main
//! scenario and re-runs it at once: the idempotency key (or the consumer's dedup, or the kind
//! of write), where the server keeps keys (or the broker's dedup window, or what an upsert does
//! on conflict), and whether the first response is lost. A changed scenario is validated like a
//! scenario file before it runs; one that is refused leaves the old run on screen.

use serde_yaml::Value;

use super::player::Player;
use crate::content::scenario::{
    self, Dedup, KeyMode, Model, NetFault, NetScript, OnConflict, Scenario, Store, Write,
};
use crate::content::yaml::YamlDoc;

/// A setting the player can flip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Knob {
    /// http-retry: `client.key`; consumer: `consumer.dedup`; upsert: `db.write`.
    Key,
    /// http-retry: `server.store`; consumer: `broker.dedup_window_ms`; upsert: `db.on_conflict`.
    Store,
    /// Every model: `{attempt: 1, fault: drop_response}` in `network.script`.
    Drop,
}

impl Knob {
    pub const ALL: [Self; 3] = [Self::Key, Self::Store, Self::Drop];

    /// What the knob is called in `model`.
    #[must_use]
    pub fn name(self, model: Model) -> &'static str {
        match (self, model) {
            (Self::Key, Model::HttpRetry) => "key",
            (Self::Key, Model::Consumer) => "dedup",
            (Self::Key, Model::Upsert) => "write",
            (Self::Store, Model::HttpRetry) => "store",
            (Self::Store, Model::Consumer) => "broker window",
            (Self::Store, Model::Upsert) => "on conflict",
            (Self::Drop, Model::HttpRetry) => "drop 1st response",
            (Self::Drop, Model::Consumer) => "drop 1st ack",
            (Self::Drop, Model::Upsert) => "drop 1st answer",
        }
    }

    /// The knob's value in `s`, in words.
    #[must_use]
    pub fn value(self, s: &Scenario) -> &'static str {
        match (self, s.model) {
            (Self::Key, Model::HttpRetry) => match s.client.key {
                KeyMode::None => "none",
                KeyMode::PerOperation => "per operation",
                KeyMode::PerAttempt => "per attempt",
            },
            (Self::Key, Model::Consumer) => match s.consumer.dedup {
                Dedup::None => "none",
                Dedup::Separate => "separate",
                Dedup::Transactional => "transactional",
            },
            (Self::Key, Model::Upsert) => match s.db.write {
                Write::Insert => "insert",
                Write::InsertUnique => "insert unique",
                Write::UpsertNothing => "upsert, do nothing",
                Write::UpsertUpdate => "upsert, update",
                Write::Increment => "increment",
                Write::Set => "set",
            },
            (Self::Store, Model::HttpRetry) => match s.server.store {
                Store::None => "none",
                Store::CheckThenAct => "check-then-act",
                Store::Atomic => "atomic",
            },
            (Self::Store, Model::Consumer) if s.broker.dedup_window_ms == 0 => "off",
            (Self::Store, Model::Consumer) => "on",
            (Self::Store, Model::Upsert) => match s.db.on_conflict {
                OnConflict::Set => "set n",
                OnConflict::Increment => "n + 1",
            },
            (Self::Drop, _) if drops_first_response(s) => "on",
            (Self::Drop, _) => "off",
        }
    }
}

/// The broker's dedup window when the learner switches it on: five minutes.
const WINDOW_MS: u64 = 300_000;

fn is_first_drop(n: &NetScript) -> bool {
    n.attempt == 1 && n.fault == NetFault::DropResponse
}

fn drops_first_response(s: &Scenario) -> bool {
    s.network.script.iter().any(is_first_drop)
}

fn cycle<T: Copy + PartialEq>(all: &[T], now: T) -> T {
    let i = all.iter().position(|x| *x == now).unwrap_or(0);
    all[(i + 1) % all.len()]
}

/// `s` with `knob` moved to its next value.
#[must_use]
pub fn flipped(s: &Scenario, knob: Knob) -> Scenario {
    let mut s = s.clone();
    match (knob, s.model) {
        (Knob::Key, Model::HttpRetry) => {
            s.client.key = cycle(
                &[KeyMode::None, KeyMode::PerOperation, KeyMode::PerAttempt],
                s.client.key,
            );
        }
        (Knob::Key, Model::Consumer) => {
            s.consumer.dedup = cycle(
                &[Dedup::None, Dedup::Separate, Dedup::Transactional],
                s.consumer.dedup,
            );
        }
        (Knob::Key, Model::Upsert) => {
            s.db.write = cycle(
                &[
                    Write::Insert,
                    Write::InsertUnique,
                    Write::UpsertNothing,
                    Write::UpsertUpdate,
                    Write::Increment,
                    Write::Set,
                ],
                s.db.write,
            );
        }
        (Knob::Store, Model::HttpRetry) => {
            s.server.store = cycle(
                &[Store::None, Store::CheckThenAct, Store::Atomic],
                s.server.store,
            );
        }
        (Knob::Store, Model::Consumer) => {
            s.broker.dedup_window_ms = if s.broker.dedup_window_ms == 0 {
                WINDOW_MS
            } else {
                0
            };
        }
        (Knob::Store, Model::Upsert) => {
            s.db.on_conflict = cycle(&[OnConflict::Set, OnConflict::Increment], s.db.on_conflict);
        }
        (Knob::Drop, _) => {
            if drops_first_response(&s) {
                s.network.script.retain(|n| !is_first_drop(n));
            } else {
                s.network.script.push(NetScript {
                    attempt: 1,
                    fault: NetFault::DropResponse,
                    ms: None,
                });
            }
        }
    }
    s
}

/// Checks `s` as if it were a scenario file: the same rules, the same messages.
pub fn validate(s: &Scenario) -> Result<(), String> {
    let mut v = serde_yaml::to_value(s).map_err(|e| e.to_string())?;
    // Knob groups of another model are written out with their defaults; a file would not have
    // them, and the validator rightly refuses them.
    let all = [
        "retry", "network", "client", "server", "producer", "broker", "consumer", "db",
    ];
    if let Value::Mapping(m) = &mut v {
        m.retain(|k, _| {
            let k = k.as_str().unwrap_or_default();
            !all.contains(&k) || s.model.groups().contains(&k)
        });
    }
    let text = serde_yaml::to_string(&v).map_err(|e| e.to_string())?;
    let doc = YamlDoc::parse("knobs", &text, 0).map_err(|d| d.message)?;
    let mut errors = Vec::new();
    match scenario::parse_knobs(&doc, &mut errors) {
        Some(_) if errors.is_empty() => Ok(()),
        _ => Err(errors
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")),
    }
}

impl Player {
    /// Flips `knob` of the main scenario and runs it again. `Ok` says what changed; `Err` says
    /// why the change was refused (the old run stays).
    pub fn toggle(&mut self, knob: Knob) -> Result<String, String> {
        let model = self.main.scenario.model;
        let next = flipped(&self.main.scenario, knob);
        let value = knob.value(&next);
        self.apply(next)
            .map_err(|why| format!("{} not changed: {why}", knob.name(model)))?;
        Ok(format!("{}: {value}", knob.name(model)))
    }

    /// Replaces the main scenario with `s` if it passes the rules of a scenario file and runs;
    /// otherwise says why and keeps the old run.
    pub fn apply(&mut self, s: Scenario) -> Result<(), String> {
        validate(&s)?;
        self.set_scenario(s)
    }
}
