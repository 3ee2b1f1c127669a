//! The knobs a learner flips in the player, each a key that cycles one setting of the main
//! scenario and re-runs it at once: the idempotency key (or the consumer's dedup, or the kind
//! of write), where the server keeps keys (or the broker's dedup window, or what an upsert does
//! on conflict), and whether the first response is lost. A changed scenario is validated like a
//! scenario file before it runs; one that is refused leaves the old run on screen.

use serde_yaml::Value;

use super::Player;
use crate::content::scenario;
use crate::content::yaml::YamlDoc;
use crate::sim::scenario::{
    Dedup, KeyMode, Model, NetFault, NetScript, OnConflict, Scenario, Store, Write,
};

/// A setting the player can flip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Knob {
    /// http-retry: `client.key`; consumer: `consumer.dedup`; upsert: `db.write`.
    Key,
    /// http-retry: `server.store`; consumer: `broker.dedup_window_ms`; upsert: `db.on_conflict`.
    Store,
    /// Every model: `{attempt: 1, fault: drop_response}` in `network.script`.
    Drop,
    /// Every model: `network.drop_request` and `network.drop_response` together, so that runs
    /// differ from seed to seed and statistics have something to count.
    Loss,
}

impl Knob {
    pub const ALL: [Self; 4] = [Self::Key, Self::Store, Self::Drop, Self::Loss];

    /// The key that flips it in the player.
    #[must_use]
    pub fn key(self) -> char {
        match self {
            Self::Key => 'k',
            Self::Store => 'f',
            Self::Drop => 'd',
            Self::Loss => 'n',
        }
    }

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
            (Self::Loss, _) => "random loss",
        }
    }

    /// A name of a few letters, for narrow screens.
    #[must_use]
    pub fn short_name(self, model: Model) -> &'static str {
        match (self, model) {
            (Self::Store, Model::Consumer) => "window",
            (Self::Store, Model::Upsert) => "conflict",
            (Self::Drop, _) => "drop",
            (Self::Loss, _) => "loss",
            _ => self.name(model),
        }
    }

    /// The knob's value in `s`, in words.
    #[must_use]
    pub fn value(self, s: &Scenario) -> String {
        if self == Self::Loss {
            let (req, resp) = (s.network.drop_request, s.network.drop_response);
            return if (req - resp).abs() < f64::EPSILON {
                percent(resp)
            } else {
                format!("{}/{}", percent(req), percent(resp))
            };
        }
        self.word(s).to_owned()
    }

    fn word(self, s: &Scenario) -> &'static str {
        match (self, s.model) {
            (Self::Key, Model::HttpRetry) => word(&KEYS, s.client.key),
            (Self::Key, Model::Consumer) => word(&DEDUPS, s.consumer.dedup),
            (Self::Key, Model::Upsert) => word(&WRITES, s.db.write),
            (Self::Store, Model::HttpRetry) => word(&STORES, s.server.store),
            (Self::Store, Model::Consumer) if s.broker.dedup_window_ms == 0 => "off",
            (Self::Store, Model::Consumer) => "on",
            (Self::Store, Model::Upsert) => word(&CONFLICTS, s.db.on_conflict),
            (Self::Drop, _) if drops_first_response(s) => "on",
            (Self::Drop, _) => "off",
            (Self::Loss, _) => "",
        }
    }
}

/// Each setting a knob cycles through, in order, with its words on the knob line.
const KEYS: [(KeyMode, &str); 3] = [
    (KeyMode::None, "none"),
    (KeyMode::PerOperation, "per operation"),
    (KeyMode::PerAttempt, "per attempt"),
];
const DEDUPS: [(Dedup, &str); 3] = [
    (Dedup::None, "none"),
    (Dedup::Separate, "separate"),
    (Dedup::Transactional, "transactional"),
];
const WRITES: [(Write, &str); 6] = [
    (Write::Insert, "insert"),
    (Write::InsertUnique, "insert unique"),
    (Write::UpsertNothing, "upsert, do nothing"),
    (Write::UpsertUpdate, "upsert, update"),
    (Write::Increment, "increment"),
    (Write::Set, "set"),
];
const STORES: [(Store, &str); 3] = [
    (Store::None, "none"),
    (Store::CheckThenAct, "check-then-act"),
    (Store::Atomic, "atomic"),
];
const CONFLICTS: [(OnConflict, &str); 2] =
    [(OnConflict::Set, "set n"), (OnConflict::Increment, "n + 1")];

fn word<T: PartialEq>(all: &[(T, &'static str)], now: T) -> &'static str {
    all.iter().find(|(v, _)| *v == now).map_or("?", |(_, w)| w)
}

fn cycle<T: Copy + PartialEq>(all: &[(T, &str)], now: T) -> T {
    let i = all.iter().position(|(v, _)| *v == now).unwrap_or(0);
    all[(i + 1) % all.len()].0
}

/// `30%`.
fn percent(p: f64) -> String {
    format!("{}%", (p * 100.0).round())
}

/// Random loss the learner cycles through, each way.
const LOSSES: [f64; 3] = [0.0, 0.1, 0.3];

/// The broker's dedup window when the learner switches it on: five minutes.
const WINDOW_MS: u64 = 300_000;

fn is_first_drop(n: &NetScript) -> bool {
    n.attempt == 1 && n.fault == NetFault::DropResponse
}

fn drops_first_response(s: &Scenario) -> bool {
    s.network.script.iter().any(is_first_drop)
}

/// `s` with `knob` moved to its next value.
#[must_use]
pub fn flipped(s: &Scenario, knob: Knob) -> Scenario {
    let mut s = s.clone();
    match (knob, s.model) {
        (Knob::Key, Model::HttpRetry) => s.client.key = cycle(&KEYS, s.client.key),
        (Knob::Key, Model::Consumer) => s.consumer.dedup = cycle(&DEDUPS, s.consumer.dedup),
        (Knob::Key, Model::Upsert) => s.db.write = cycle(&WRITES, s.db.write),
        (Knob::Store, Model::HttpRetry) => s.server.store = cycle(&STORES, s.server.store),
        (Knob::Store, Model::Consumer) => {
            s.broker.dedup_window_ms = if s.broker.dedup_window_ms == 0 {
                WINDOW_MS
            } else {
                0
            };
        }
        (Knob::Store, Model::Upsert) => s.db.on_conflict = cycle(&CONFLICTS, s.db.on_conflict),
        (Knob::Loss, _) => {
            let now = s.network.drop_response;
            let i = LOSSES.iter().position(|l| (l - now).abs() < 1e-9);
            let next = i.map_or(0.0, |i| LOSSES[(i + 1) % LOSSES.len()]);
            s.network.drop_request = next;
            s.network.drop_response = next;
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

/// `other` with the network faults of `main` that `knob` sets.
fn same_faults(other: &Scenario, main: &Scenario, knob: Knob) -> Scenario {
    let mut o = other.clone();
    match knob {
        Knob::Drop => {
            o.network.script.retain(|n| !is_first_drop(n));
            o.network.script.extend(
                main.network
                    .script
                    .iter()
                    .filter(|n| is_first_drop(n))
                    .cloned(),
            );
        }
        Knob::Loss => {
            o.network.drop_request = main.network.drop_request;
            o.network.drop_response = main.network.drop_response;
        }
        Knob::Key | Knob::Store => {}
    }
    o
}

impl Knob {
    /// Whether the knob is about the network rather than the design: network faults apply to
    /// both sides of a compare (same seed, same faults), design knobs to the main side only.
    #[must_use]
    pub fn is_network(self) -> bool {
        matches!(self, Self::Drop | Self::Loss)
    }
}

impl Player {
    /// Flips `knob` of the main scenario (and a network knob of the compared one too) and
    /// runs again. `Ok` says what changed; `Err` says why the change was refused (the old runs
    /// stay).
    pub fn toggle(&mut self, knob: Knob) -> Result<String, String> {
        let model = self.main.scenario.model;
        let refused = |why: String| format!("{} not changed: {why}", knob.name(model));
        let next = flipped(&self.main.scenario, knob);
        validate(&next).map_err(refused)?;
        let other = match &self.other {
            Some(o) if knob.is_network() => {
                let o = same_faults(&o.scenario, &next, knob);
                validate(&o).map_err(refused)?;
                Some(o)
            }
            _ => None,
        };
        let value = knob.value(&next);
        self.set_scenarios(next, other)
            .map_err(|e| refused(e.to_string()))?;
        Ok(format!("{}: {value}", knob.name(model)))
    }

    /// Replaces the main scenario with `s` if it passes the rules of a scenario file and runs;
    /// otherwise says why and keeps the old run.
    pub fn apply(&mut self, s: Scenario) -> Result<(), String> {
        validate(&s)?;
        self.set_scenario(s).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_knob_cycles_through_named_settings_and_back() {
        for model in [Model::HttpRetry, Model::Consumer, Model::Upsert] {
            let start = Scenario::defaults(model);
            for knob in Knob::ALL {
                let mut s = start.clone();
                let mut seen: Vec<String> = Vec::new();
                loop {
                    let v = knob.value(&s);
                    assert!(!v.is_empty() && v != "?", "{knob:?} of {model:?}: `{v}`");
                    assert!(!seen.contains(&v), "{knob:?} of {model:?} repeats {v}");
                    seen.push(v);
                    s = flipped(&s, knob);
                    if s == start {
                        break;
                    }
                    assert!(seen.len() < 10, "{knob:?} of {model:?} never comes back");
                }
                assert!(seen.len() >= 2, "{knob:?} of {model:?} does not move");
            }
        }
    }
}
