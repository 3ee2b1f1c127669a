//! The simulation player's state: a working copy of a scenario (whose knobs the learner
//! toggles), its traced run, the step on screen, and optionally the scenario it is compared
//! with, run with the same seed. No terminal here: the player screen draws this state, and
//! [`crate::app::App::update`] changes it.
//!
//! A step is an index into the trace. In a compare, both traces are stepped together by
//! virtual time: a step is an index into the combined list of distinct times, and each side
//! shows its events up to that time. Every change (a knob, a seed, compare on or off) keeps the
//! current step where it still exists and clamps it otherwise, so a learner who stepped back to
//! the lost response can flip the key and see the same moment with the key.

use std::fmt;

mod address;
mod challenge;
mod clock;
mod compare;
mod error;
mod hints;
mod knobs;
mod side;
mod stats_job;
mod time;
mod update;

use crate::content::Course;
use crate::sim::Scenario;
use crate::sim::{Participant, State, TraceEvent};
pub use challenge::Challenge;
use clock::Clock;
pub use compare::Divergence;
use compare::{counter_differences, divergence, timeline};
pub use error::PlayerError;
pub use knobs::Knob;
pub use side::Side;
pub use stats_job::StatsJob;
pub use time::{ManualTimer, PlayerEnv, SystemTimer, Timer};
pub use update::TRIALS;

/// What the learner is typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A seed for both sides.
    Seed(String),
    /// A prediction of the counter `sim::predicted` names (the goal's, else the headline).
    Guess(String),
}

impl Input {
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Self::Seed(s) | Self::Guess(s) => s,
        }
    }

    pub(super) fn text_mut(&mut self) -> &mut String {
        match self {
            Self::Seed(s) | Self::Guess(s) => s,
        }
    }
}

/// Statistics of some settings, kept while those settings stay (reopening them is free).
pub struct StatsRun {
    pub(super) sides: Vec<(String, Scenario)>,
    pub(super) seed: u64,
    pub job: StatsJob,
    /// When the job is next asked for progress: a fixed moment, so the event loop reaches it.
    pub(super) next_poll: std::time::Instant,
}

pub struct Player {
    /// The scenario as the course has it, to tell the learner's changes apart.
    pub original: Scenario,
    /// The compared scenario as the course has it.
    pub original_other: Option<Scenario>,
    pub main: Side,
    /// The scenario named by `compare`, when the course has it.
    pub other: Option<Side>,
    /// Both sides on screen, stepped together by time.
    pub compare: bool,
    /// The side Tab picked (0 main, 1 other): the one a narrow compare shows and the one the
    /// design knobs change.
    pub tab: usize,
    pub(super) step: usize,
    /// Steps the diagram is scrolled up from the current step (↑, PgUp, the wheel); 0 follows
    /// the current step. Any step change returns to following it.
    pub(super) up: usize,
    /// Compare: every distinct time of both traces, in order.
    pub(super) times: Vec<u64>,
    /// Compare: where the two runs first differ.
    pub divergence: Option<Divergence>,
    pub clock: Clock,
    /// Predict mode: ask for a number (`sim::predicted`) before the run is watched.
    pub predict: bool,
    pub guess: Option<i64>,
    pub input: Option<Input>,
    pub stats: Option<StatsRun>,
    pub show_stats: bool,
    /// The scenario's goal, when it is a challenge.
    pub challenge: Option<Challenge>,
    /// Whether the verdict has been on screen once (a challenge offers a prediction before).
    pub(super) seen_end: bool,
    /// Set when a knob change has just reached the goal; the app records and clears it.
    pub(super) solved_now: bool,
}

impl fmt::Debug for Player {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Player")
            .field("scenario", &self.main.id())
            .field("seed", &self.seed())
            .field("step", &self.step)
            .field("compare", &self.compare)
            .finish_non_exhaustive()
    }
}

impl Player {
    /// The player for scenario `id` of `course`, at its first step with the scenario's seed.
    pub fn open(course: &Course, id: &str) -> Result<Self, PlayerError> {
        let s = course
            .scenario(id)
            .ok_or_else(|| PlayerError::UnknownScenario(id.to_owned()))?;
        let main = Side::new(s.clone(), s.seed)?;
        // A compare partner that does not run is left out rather than refusing the scenario.
        let other = s
            .compare
            .as_deref()
            .and_then(|c| course.scenario(c))
            .and_then(|c| Side::new(c.clone(), s.seed).ok());
        Ok(Self {
            original: s.clone(),
            original_other: other.as_ref().map(|o| o.scenario.clone()),
            main,
            other,
            compare: false,
            tab: 0,
            step: 0,
            up: 0,
            times: Vec::new(),
            divergence: None,
            clock: Clock::default(),
            predict: false,
            guess: None,
            input: None,
            stats: None,
            show_stats: false,
            challenge: s.goal.clone().map(Challenge::new),
            seen_end: false,
            solved_now: false,
        })
    }

    /// Both sides when comparing, else the main one.
    pub fn sides(&self) -> impl Iterator<Item = &Side> {
        std::iter::once(&self.main).chain(self.other.as_ref().filter(|_| self.compare))
    }

    /// Steps there are: trace events, or distinct times in a compare.
    #[must_use]
    pub fn len(&self) -> usize {
        if self.compare {
            self.times.len()
        } else {
            self.main.run.trace.len()
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The seed both sides ran with.
    #[must_use]
    pub fn seed(&self) -> u64 {
        self.main.run.seed
    }

    /// The current step, from 0.
    #[must_use]
    pub fn step(&self) -> usize {
        self.step
    }

    #[must_use]
    pub fn at_end(&self) -> bool {
        self.step + 1 >= self.len()
    }

    /// Virtual time of the current step.
    #[must_use]
    pub fn time_ms(&self) -> u64 {
        self.time_at(self.step).unwrap_or(0)
    }

    /// Virtual time of step `i`, if there is one.
    pub(super) fn time_at(&self, i: usize) -> Option<u64> {
        if self.compare {
            self.times.get(i).copied()
        } else {
            self.main.run.trace.get(i).map(|e| e.t_ms)
        }
    }

    /// The step of `side`'s trace on screen: the current one, or in a compare the last one at
    /// or before the current time.
    #[must_use]
    pub fn side_step(&self, side: &Side) -> usize {
        if self.compare {
            side.step_at(self.time_ms())
        } else {
            self.step
        }
    }

    /// The event `side` shows now.
    #[must_use]
    pub fn event<'a>(&self, side: &'a Side) -> &'a TraceEvent {
        &side.run.trace[self.side_step(side).min(side.run.trace.len() - 1)]
    }

    /// `side`'s state now and one step before (for highlighting what changed).
    #[must_use]
    pub fn states(&self, side: &Side) -> (State, Option<State>) {
        let i = self.side_step(side);
        let prev = (i > 0).then(|| side.run.state_at(i - 1));
        (side.run.state_at(i), prev)
    }

    /// Lifelines, shared by both sides of a compare so their lanes line up.
    #[must_use]
    pub fn lanes(&self) -> Vec<Participant> {
        let mut ps: Vec<Participant> = self.sides().flat_map(|s| s.run.participants()).collect();
        ps.sort_unstable();
        ps.dedup();
        ps
    }

    /// The step of `side`'s trace to mark as where the runs diverge: its event that changed a
    /// counter that differs there (`● n 1→2`, not the answer after it); none on a side that
    /// did nothing to part them.
    #[must_use]
    pub fn mark(&self, side: &Side) -> Option<usize> {
        let d = self.divergence.as_ref().filter(|_| self.compare)?;
        let other = self.other.as_ref()?;
        let at = |s: &Side| s.run.state_at(s.step_at(d.t_ms));
        let diffs = counter_differences(&at(&self.main), &at(other));
        let names: Vec<&str> = diffs.iter().map(|x| x.0).collect();
        compare::parting_event(&side.run, d.t_ms, &names)
    }

    /// On the step where a compare's runs part: the counters that differ there, `(name, side 1,
    /// side 2)`, empty when only their tables do. `None` on every other step.
    #[must_use]
    pub fn parting(&self) -> Option<Vec<(&'static str, i64, i64)>> {
        let other = self.other.as_ref().filter(|_| self.compare)?;
        self.divergence.filter(|d| d.index == self.step)?;
        let (a, b) = (self.states(&self.main).0, self.states(other).0);
        Some(counter_differences(&a, &b))
    }

    pub fn go_to(&mut self, step: usize) {
        self.step = step.min(self.len().saturating_sub(1));
        self.up = 0;
    }

    /// Steps the diagram is scrolled up from the current step; 0 when it follows the step.
    #[must_use]
    pub fn scrolled_up(&self) -> usize {
        self.up
    }

    /// Scrolls the diagram `delta` steps (up when positive), never above the first step and
    /// never below the current one.
    pub fn scroll(&mut self, delta: isize) {
        let up = self.up.saturating_add_signed(delta);
        self.up = up.min(self.step_of_diagram());
    }

    /// The step the main side's diagram ends on: the current one, or in a compare the main
    /// side's step at this time.
    fn step_of_diagram(&self) -> usize {
        self.sides().map(|s| self.side_step(s)).max().unwrap_or(0)
    }

    pub fn step_by(&mut self, delta: isize) {
        self.go_to(self.step.saturating_add_signed(delta));
    }

    /// Recomputes what depends on both runs, keeping the step where it still exists.
    pub(super) fn rerun_done(&mut self) {
        match (&self.other, self.compare) {
            (Some(o), true) => {
                self.times = timeline(&self.main.run, &o.run);
                self.divergence = divergence(&self.main.run, &o.run);
            }
            _ => {
                self.times.clear();
                self.divergence = None;
            }
        }
        self.go_to(self.step);
    }

    /// Compare on or off; the shown moment stays the same.
    pub fn toggle_compare(&mut self) -> Result<(), PlayerError> {
        if self.other.is_none() {
            return Err(match &self.main.scenario.compare {
                Some(c) => PlayerError::CompareMissing(c.clone()),
                None => PlayerError::NothingToCompare,
            });
        }
        let t = self.time_ms();
        let main_step = self.side_step(&self.main);
        self.compare = !self.compare;
        self.rerun_done();
        self.step = if self.compare {
            self.times.partition_point(|&x| x < t)
        } else {
            main_step
        };
        self.go_to(self.step);
        Ok(())
    }

    /// Runs both sides again with `seed`; on failure nothing changes.
    pub fn set_seed(&mut self, seed: u64) -> Result<(), PlayerError> {
        let main = Side::new(self.main.scenario.clone(), seed)?;
        let other = match &self.other {
            Some(o) => Some(Side::new(o.scenario.clone(), seed)?),
            None => None,
        };
        self.main = main;
        self.other = other;
        self.after_change();
        Ok(())
    }

    /// Replaces the main scenario's knobs without checking them ([`Player::apply`] checks);
    /// on failure nothing changes.
    pub(super) fn set_scenario(&mut self, scenario: Scenario) -> Result<(), PlayerError> {
        self.set_scenarios(scenario, None)
    }

    /// Replaces the main scenario and, if given, the compared one; both run before either is
    /// replaced, so on failure nothing changes.
    pub(super) fn set_scenarios(
        &mut self,
        main: Scenario,
        other: Option<Scenario>,
    ) -> Result<(), PlayerError> {
        let seed = self.seed();
        let main = Side::new(main, seed)?;
        let other = other.map(|o| Side::new(o, seed)).transpose()?;
        self.main = main;
        if other.is_some() {
            self.other = other;
        }
        self.after_change();
        Ok(())
    }

    /// After new runs: clamp the step, and in predict mode ask again before anything shows.
    fn after_change(&mut self) {
        self.rerun_done();
        if self.predict {
            self.ask();
        }
    }

    /// Starts a prediction: back to the first step, paused, waiting for a number.
    pub(super) fn ask(&mut self) {
        self.guess = None;
        self.clock.pause();
        self.go_to(0);
        self.input = Some(Input::Guess(String::new()));
    }
}
