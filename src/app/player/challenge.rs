//! A scenario with a goal, in the player: the goal's state under the title (`○ goal: …` until
//! the learner changes a knob, then the judged result), the knobs the goal locks, and Enter on
//! a failed result to watch that trial from the step where the goal first broke. The judging is
//! `sim::goal`'s; this file only keeps its latest answer.

use super::knobs::Knob;
use super::{Player, PlayerError, Side};
use crate::sim::{self, Goal, Judgement, SimError, goal};

/// The goal of the scenario on screen and what the learner's knobs made of it.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub goal: Goal,
    /// The latest judgement of the learner's knobs; `None` before the first change.
    pub judgement: Option<Judgement>,
    /// Why the runs could not be judged (a knob makes them endless).
    pub error: Option<SimError>,
}

impl Challenge {
    #[must_use]
    pub fn new(goal: Goal) -> Self {
        Self {
            goal,
            judgement: None,
            error: None,
        }
    }

    /// The line under the title: `○ goal: …`, `✗ … (Enter to watch it)`, `✓ goal reached: …`.
    #[must_use]
    pub fn line(&self, watch_key: &str) -> String {
        if let Some(e) = &self.error {
            return format!("✗ not judged: {e}");
        }
        match &self.judgement {
            None => goal::pending(&self.goal),
            Some(j) if j.reached() => goal::verdict(&self.goal, j),
            Some(j) => format!("{} ({watch_key} to watch it)", goal::verdict(&self.goal, j)),
        }
    }

    #[must_use]
    pub fn reached(&self) -> bool {
        self.judgement.as_ref().is_some_and(Judgement::reached)
    }
}

impl Player {
    /// Whether the goal locks `knob` (a knob of the model the goal does not name, and the
    /// player's network faults unless the goal names `network.script` / the loss knobs).
    #[must_use]
    pub fn locked(&self, knob: Knob) -> bool {
        let Some(c) = &self.challenge else {
            return false;
        };
        match knob {
            Knob::Key | Knob::Store => knob
                .row(self.main.scenario.model)
                .is_none_or(|k| !c.goal.allows(k.path)),
            Knob::Drop => !c.goal.allows("network.script"),
            Knob::Loss => !c.goal.allows("network.drop_response"),
        }
    }

    /// The names of the knobs the goal lets the learner change, for a refusal.
    #[must_use]
    pub fn free_knobs(&self) -> String {
        let names: Vec<&str> = Knob::ALL
            .iter()
            .filter(|k| !self.locked(**k))
            .map(|k| k.name(self.main.scenario.model))
            .collect();
        names.join(", ")
    }

    /// Whether a challenge offers to predict its goal's counter first: before its verdict
    /// was ever on screen, while no guess is made or asked for. Only an offer: nothing waits.
    #[must_use]
    pub fn offers_prediction(&self) -> bool {
        self.challenge.is_some() && !self.seen_end && self.guess.is_none() && self.input.is_none()
    }

    /// Judges the goal with the learner's knobs now; true when it is newly reached.
    pub(super) fn judge_goal(&mut self) -> bool {
        let Some(c) = &mut self.challenge else {
            return false;
        };
        let was = c.reached();
        match sim::judge(&c.goal, &self.main.scenario) {
            Ok(j) => {
                c.judgement = Some(j);
                c.error = None;
            }
            Err(e) => {
                c.judgement = None;
                c.error = Some(e);
            }
        }
        c.reached() && !was
    }

    /// Opens the first trial that missed the goal (its knobs, `with` applied, and seed) at the
    /// step where the goal first broke. `Err`: nothing to watch.
    pub fn watch_failure(&mut self) -> Result<String, PlayerError> {
        let c = self.challenge.as_ref().ok_or(PlayerError::NoGoal)?;
        let j = c.judgement.as_ref().ok_or(PlayerError::NotJudged)?;
        let miss = j.first.as_ref().ok_or(PlayerError::NothingMissed)?;
        let judged = c.goal.judged(&self.main.scenario);
        let seed = miss.seed;
        let side = Side::new(judged, seed)?;
        let step = sim::broke_at(&c.goal, &side.run).unwrap_or(0);
        let other = match &self.other {
            Some(o) => Some(Side::new(o.scenario.clone(), seed)?),
            None => None,
        };
        self.main = side;
        if other.is_some() {
            self.other = other;
        }
        self.clock.pause();
        self.rerun_done();
        self.input = None;
        let at = if self.compare {
            let t = self.main.run.trace.get(step).map_or(0, |e| e.t_ms);
            self.times.partition_point(|&x| x < t)
        } else {
            step
        };
        self.go_to(at);
        Ok(format!("seed {seed}: the step where the goal broke"))
    }
}
