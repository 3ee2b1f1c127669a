//! The knobs a learner flips in the player, each a key that cycles one setting of the main
//! scenario and re-runs it at once: the idempotency key (or the consumer's dedup, or the kind
//! of write), where the server keeps keys (or the broker's dedup window, or what an upsert does
//! on conflict), and whether the first response is lost. `Key` and `Store` are rows of the knob
//! table (`sim::knobs`: their names, values and words live there); `Drop` and `Loss` edit the
//! network script and both loss probabilities. A changed scenario is validated with the table's
//! rules before it runs; one that is refused leaves the old run on screen.

use super::{Player, PlayerError};
use crate::keymap::{Action, Context, key_label};
use crate::sim::knobs;
use crate::sim::scenario::{Model, NetFault, NetScript, Scenario};

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

    /// The action that flips it (its key is the table's: [`Knob::key`]).
    #[must_use]
    pub fn action(self) -> Action {
        match self {
            Self::Key => Action::ToggleKey,
            Self::Store => Action::ToggleStore,
            Self::Drop => Action::ToggleDrop,
            Self::Loss => Action::ToggleLoss,
        }
    }

    /// The knob an action flips, if it flips one.
    #[must_use]
    pub fn of_action(action: &Action) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.action() == *action)
    }

    /// The name of the key that flips it in the player, from the key table.
    #[must_use]
    pub fn key(self) -> String {
        key_label(Context::Sim, self.action())
    }

    /// The row of the knob table it flips in `model` (`Key` and `Store`: one knob each;
    /// `Drop` and `Loss` edit the network in ways of their own).
    #[must_use]
    pub fn row(self, model: Model) -> Option<&'static knobs::Knob> {
        let path = match (self, model) {
            (Self::Key, Model::HttpRetry) => "client.key",
            (Self::Key, Model::Consumer) => "consumer.dedup",
            (Self::Key, Model::Upsert) => "db.write",
            (Self::Store, Model::HttpRetry) => "server.store",
            (Self::Store, Model::Consumer) => "broker.dedup_window_ms",
            (Self::Store, Model::Upsert) => "db.on_conflict",
            (Self::Drop | Self::Loss, _) => return None,
        };
        knobs::knob(path)
    }

    /// Whether flipping it changes the run of `s` at all (the knob table's rule: `on conflict`
    /// only for an upsert that updates, the store only once the client sends a key); the
    /// player shows only knobs that do. The network knobs always can.
    #[must_use]
    pub fn matters(self, s: &Scenario) -> bool {
        match self {
            Self::Key | Self::Store => self.row(s.model).is_none_or(|k| (k.matters)(s)),
            Self::Drop | Self::Loss => true,
        }
    }

    /// What the knob is called in `model`.
    #[must_use]
    pub fn name(self, model: Model) -> &'static str {
        match (self, model) {
            (Self::Drop, Model::HttpRetry) => "drop 1st response",
            (Self::Drop, Model::Consumer) => "drop 1st ack",
            (Self::Drop, Model::Upsert) => "drop 1st answer",
            (Self::Loss, _) => "random loss",
            _ => self
                .row(model)
                .and_then(|k| k.player)
                .map_or("?", |(name, _)| name),
        }
    }

    /// A name of a few letters, for narrow screens.
    #[must_use]
    pub fn short_name(self, model: Model) -> &'static str {
        match self {
            Self::Drop => "drop",
            Self::Loss => "loss",
            _ => self
                .row(model)
                .and_then(|k| k.player)
                .map_or("?", |(_, short)| short),
        }
    }

    /// The knob's value in `s`, in words.
    #[must_use]
    pub fn value(self, s: &Scenario) -> String {
        match self {
            Self::Loss => {
                let (req, resp) = (s.network.drop_request, s.network.drop_response);
                // Apart only when a goal's `with` sets one way (`30% of answers`).
                if (req - resp).abs() < f64::EPSILON {
                    percent(resp)
                } else if req == 0.0 {
                    format!("{} of answers", percent(resp))
                } else if resp == 0.0 {
                    format!("{} of requests", percent(req))
                } else {
                    format!("{} of requests, {} of answers", percent(req), percent(resp))
                }
            }
            Self::Drop if drops_first_response(s) => "on".into(),
            Self::Drop => "off".into(),
            Self::Key | Self::Store => match self.row(s.model) {
                // A value the player has no word for shows as itself, a time with its unit
                // (a window of `400 ms`, `1 min`).
                Some(k) => match (k.words(s), k.get(s)) {
                    (Some(w), _) => w.to_owned(),
                    (None, knobs::KnobValue::Int(ms)) if k.path.ends_with("_ms") => {
                        crate::text::duration(u64::try_from(ms).unwrap_or(0))
                    }
                    (None, v) => v.to_string(),
                },
                None => "?".into(),
            },
        }
    }
}

/// `30%`.
fn percent(p: f64) -> String {
    format!("{}%", (p * 100.0).round())
}

/// Random loss the learner cycles through, each way.
const LOSSES: [f64; 3] = [0.0, 0.1, 0.3];

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
    match knob {
        Knob::Key | Knob::Store => {
            if let Some(next) = knob.row(s.model).and_then(|k| k.cycled(&s)) {
                s = next;
            }
        }
        Knob::Loss => {
            let now = s.network.drop_response;
            let i = LOSSES.iter().position(|l| (l - now).abs() < 1e-9);
            let next = i.map_or(0.0, |i| LOSSES[(i + 1) % LOSSES.len()]);
            s.network.drop_request = next;
            s.network.drop_response = next;
        }
        Knob::Drop => {
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

/// Checks `s`'s knobs with the rules of a scenario file (the knob table), the same messages.
pub fn validate(s: &Scenario) -> Result<(), PlayerError> {
    let bad = knobs::validate(s);
    if bad.is_empty() {
        Ok(())
    } else {
        Err(PlayerError::Invalid(bad))
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
    /// Flips `knob` of the side Tab picked (a network knob of both sides) and runs again.
    /// `Ok` says what changed; `Err` says why the change was refused (the old runs stay).
    pub fn toggle(&mut self, knob: Knob) -> Result<String, PlayerError> {
        if self.addressed() == 1 && !knob.is_network() {
            return self.toggle_other(knob);
        }
        let model = self.main.scenario.model;
        let refused = |why: PlayerError| PlayerError::KnobRefused {
            knob: knob.name(model),
            why: Box::new(why),
        };
        if self.locked(knob) {
            return Err(refused(PlayerError::Locked {
                free: self.free_knobs(),
            }));
        }
        if !knob.matters(&self.main.scenario) {
            return Err(refused(PlayerError::NoDifference));
        }
        let at_verdict = self.at_end() && self.len() > 1;
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
        // A knob this change brings into play (the store once a key is sent) is named.
        let woke: Vec<String> = Knob::ALL
            .into_iter()
            .filter(|k| !k.matters(&self.main.scenario) && k.matters(&next))
            .map(|k| format!(" · {} {} now makes a difference", k.key(), k.name(model)))
            .collect();
        self.set_scenarios(next, other).map_err(refused)?;
        // At the verdict before the change, at the verdict after it (predict mode asks again).
        if at_verdict && self.input.is_none() {
            self.go_to(usize::MAX);
        }
        self.solved_now |= self.judge_goal();
        Ok(format!("{}: {value}{}", knob.name(model), woke.concat()))
    }

    /// Replaces the main scenario with `s` if it passes the rules of a scenario file and runs;
    /// otherwise says why and keeps the old run.
    pub fn apply(&mut self, s: Scenario) -> Result<(), PlayerError> {
        validate(&s)?;
        self.set_scenario(s)
    }
}

impl Player {
    /// Whether the learner's knobs differ from the scenario as written.
    #[must_use]
    pub fn changed(&self) -> bool {
        self.main.scenario != self.original
    }

    /// The knobs whose value differs from the scenario as written, in key order: the header
    /// names them, so the title no longer claims the run is the one the course wrote. A knob
    /// that makes no difference now (the store once the key is off again) is not counted, nor
    /// one a goal locks (only its `with`, applied to a watched trial, moves it).
    #[must_use]
    pub fn changed_knobs(&self) -> Vec<Knob> {
        self.changed_knobs_on(0)
    }

    /// [`Self::changed_knobs`] of side `side` of a compare (0 the main run, 1 the other), each
    /// against the scenario its side was opened with.
    #[must_use]
    pub fn changed_knobs_on(&self, side: usize) -> Vec<Knob> {
        let (now, was) = match (side, &self.other, &self.original_other) {
            (0, ..) => (&self.main.scenario, &self.original),
            (_, Some(o), Some(was)) => (&o.scenario, was),
            _ => return Vec::new(),
        };
        Knob::ALL
            .into_iter()
            .filter(|k| k.matters(now) && !(side == 0 && self.locked(*k)))
            .filter(|k| k.value(now) != k.value(was))
            .collect()
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
