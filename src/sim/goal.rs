//! Goals: a scenario as a challenge. A [`Goal`] names the knobs the learner may change (rows of
//! the one knob table, `sim::knobs`), knob values fixed while judging (`with`), a number of
//! seeded trials and per-trial counter conditions (`holds`, the form of `expect`).
//!
//! [`judge`] runs the learner's scenario (with `with` applied) over seeds `seed, seed + 1, …`
//! and says how many trials held, the first that did not, and [`broke_at`] finds the step of its
//! trace where the condition first broke for good. [`problems`] and [`reachability`] are what
//! `check` says about a goal: its fields, and whether some setting of the allowed knobs reaches
//! it while the scenario's own setting does not. The sentences are in `goal_words.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::goal_words::{conditions, pending, verdict};
use super::knobs::{self, KnobValue};
use super::scenario::{Expect, Scenario};
use super::{Run, SimError, Unmet, outcome, trial_seed, unmet};

/// The most trials a goal may ask for (judging stays well under a second).
pub const MAX_TRIALS: u64 = 10_000;

/// A scenario's `goal:` (read through `goal_file.rs`, which keeps the conditions' order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "super::goal_file::GoalFile")]
pub struct Goal {
    /// What to achieve, one or two sentences.
    pub text: String,
    /// The knobs the learner may change, by path; the others are locked.
    pub knobs: Vec<String>,
    /// Knob values applied on top of the learner's while judging.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub with: BTreeMap<String, serde_yaml::Value>,
    /// Seeded trials from the scenario's seed that must all hold.
    pub trials: u64,
    /// Per-trial counter conditions.
    pub holds: BTreeMap<String, Expect>,
    /// The counters of `holds` in the order the file writes them.
    #[serde(skip)]
    pub order: Vec<String>,
}

/// A mistake in a goal: the path under the scenario (`goal.knobs[1]`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

fn problem(path: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        path: path.into(),
        message: message.into(),
    }
}

impl Goal {
    /// Is the learner allowed to change the knob at `path`.
    #[must_use]
    pub fn allows(&self, path: &str) -> bool {
        self.knobs.iter().any(|k| k == path)
    }

    /// The counter of the first condition as written: the one the goal is about.
    #[must_use]
    pub fn first_counter(&self) -> Option<&str> {
        self.written().first().map(|(c, _)| *c)
    }

    /// The conditions in the order the file writes them (a goal built in code: key order).
    #[must_use]
    pub fn written(&self) -> Vec<(&str, Expect)> {
        let listed = self.order.iter().filter(|c| self.holds.contains_key(*c));
        let rest = self.holds.keys().filter(|c| !self.order.contains(c));
        listed
            .chain(rest)
            .map(|c| (c.as_str(), self.holds[c]))
            .collect()
    }

    /// Where condition `counter` stands in [`Goal::written`].
    fn place(&self, counter: &str) -> usize {
        self.written()
            .iter()
            .position(|(c, _)| *c == counter)
            .unwrap_or(usize::MAX)
    }

    /// `learner` with the goal's `with` values applied: what is judged. A `with` entry that
    /// does not apply (refused by [`problems`] when the file is checked) is skipped.
    #[must_use]
    pub fn judged(&self, learner: &Scenario) -> Scenario {
        let mut s = learner.clone();
        for (path, v) in &self.with {
            if let Ok(k) = knobs::lookup(s.model, path) {
                let _ = k.set_yaml(&mut s, v.clone());
            }
        }
        s
    }
}

/// The first trial that did not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    /// Trial index, from 0.
    pub trial: u64,
    pub seed: u64,
    /// The conditions it broke, in the order written.
    pub unmet: Vec<Unmet>,
}

/// How one condition broke over all the trials: in how many, and the values it had there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broke {
    pub counter: String,
    pub runs: u64,
    pub min: i64,
    pub max: i64,
}

/// A goal judged: how many of the trials held, and the first that did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub trials: u64,
    pub held: u64,
    pub first: Option<Miss>,
    /// Per condition that broke somewhere, in the order written.
    pub broke: Vec<Broke>,
}

impl Judgement {
    #[must_use]
    pub fn reached(&self) -> bool {
        self.first.is_none()
    }
}

/// Judges `goal` on `learner` (the learner's knobs; `with` is applied here) over every trial.
pub fn judge(goal: &Goal, learner: &Scenario) -> Result<Judgement, SimError> {
    judge_trials(goal, learner, goal.trials, false)
}

/// Like [`judge`] but stops at the first trial that does not hold (`check` only needs yes/no).
pub fn holds_everywhere(goal: &Goal, learner: &Scenario) -> Result<bool, SimError> {
    Ok(judge_trials(goal, learner, goal.trials, true)?.reached())
}

fn judge_trials(
    goal: &Goal,
    learner: &Scenario,
    n: u64,
    stop_at_miss: bool,
) -> Result<Judgement, SimError> {
    let s = goal.judged(learner);
    let mut j = Judgement {
        trials: n,
        held: 0,
        first: None,
        broke: Vec::new(),
    };
    for i in 0..n {
        let seed = trial_seed(s.seed, i);
        let o = outcome(&s, seed)?;
        let mut missed = unmet(&o.counters, seed, &goal.holds);
        if missed.len() > 1 {
            missed.sort_by_key(|u| goal.place(&u.counter));
        }
        if missed.is_empty() {
            j.held += 1;
            continue;
        }
        for u in &missed {
            match j.broke.iter_mut().find(|b| b.counter == u.counter) {
                Some(b) => {
                    b.runs += 1;
                    b.min = b.min.min(u.got);
                    b.max = b.max.max(u.got);
                }
                None => j.broke.push(Broke {
                    counter: u.counter.clone(),
                    runs: 1,
                    min: u.got,
                    max: u.got,
                }),
            }
        }
        if j.first.is_none() {
            j.first = Some(Miss {
                trial: i,
                seed,
                unmet: missed,
            });
            if stop_at_miss {
                j.trials = i + 1;
                return Ok(j);
            }
        }
    }
    j.broke.sort_by_key(|b| goal.place(&b.counter));
    Ok(j)
}

/// The step of `run`'s trace from which a condition of `goal` is broken and stays broken to
/// the end: where to start watching a failed trial. `None` if the run meets the goal.
#[must_use]
pub fn broke_at(goal: &Goal, run: &Run) -> Option<usize> {
    let end = run.unmet(&goal.holds);
    if end.is_empty() {
        return None;
    }
    let mut st = run.initial_state();
    let mut from: Option<usize> = None;
    for (i, ev) in run.trace.iter().enumerate() {
        for c in &ev.changes {
            st.apply(c);
        }
        let broken = end.iter().any(|u| {
            let now = st.counters.iter().find(|(n, _)| *n == u.counter);
            now.is_some_and(|(_, v)| !u.expect.holds(*v))
        });
        match (broken, from) {
            (true, None) => from = Some(i),
            (false, Some(_)) => from = None,
            _ => {}
        }
    }
    // A condition only the end state breaks (a success that never came): the last step.
    Some(from.unwrap_or(run.trace.len().saturating_sub(1)))
}

/// Everything wrong with the fields of `s`'s goal, without running it: unknown or locked-out
/// knobs, a `with` value the knob refuses, trials out of range, conditions on unknown counters.
#[must_use]
pub fn problems(goal: &Goal, s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    if goal.text.trim().is_empty() {
        out.push(problem(
            "goal.text",
            "goal text is empty: expected what to achieve, in a sentence",
        ));
    }
    if goal.knobs.is_empty() {
        out.push(problem(
            "goal.knobs",
            "a goal needs at least one knob the learner may change",
        ));
    }
    for (i, path) in goal.knobs.iter().enumerate() {
        let at = format!("goal.knobs[{i}]");
        match knobs::lookup(s.model, path) {
            Err(e) => out.push(problem(at, e.to_string())),
            Ok(k) if k.player.is_none() || k.values().is_none() => out.push(problem(
                at,
                format!(
                    "`{path}` is not a knob the player flips: expected one of {}",
                    flippable(s).join(", ")
                ),
            )),
            Ok(_) if goal.knobs[..i].contains(path) => {
                out.push(problem(at, format!("`{path}` is listed twice")));
            }
            Ok(_) => {}
        }
    }
    let mut with = s.clone();
    for (path, v) in &goal.with {
        let at = format!("goal.with.{path}");
        match knobs::lookup(s.model, path) {
            Err(e) => out.push(problem(at, e.to_string())),
            Ok(_) if goal.allows(path) => out.push(problem(
                at,
                format!("`{path}` is both a knob the learner changes and fixed by `with`"),
            )),
            Ok(k) => {
                if let Err(e) = k.set_yaml(&mut with, v.clone()) {
                    out.push(problem(at, e.to_string()));
                }
            }
        }
    }
    for bad in knobs::validate(&with) {
        if goal.with.contains_key(&bad.path) {
            out.push(problem(
                format!("goal.with.{}", bad.path),
                bad.error.to_string(),
            ));
        }
    }
    if !(1..=MAX_TRIALS).contains(&goal.trials) {
        out.push(problem(
            "goal.trials",
            format!(
                "trials {} is out of range: expected 1 to {MAX_TRIALS}",
                goal.trials
            ),
        ));
    }
    if goal.holds.is_empty() {
        out.push(problem(
            "goal.holds",
            "a goal needs at least one counter condition",
        ));
    }
    for (name, e) in &goal.holds {
        let at = format!("goal.holds.{name}");
        if !s.model.counters().contains(&name.as_str()) {
            out.push(problem(
                at.clone(),
                format!(
                    "`{name}` is not a counter of model `{}`: expected one of {}",
                    s.model.name(),
                    s.model.counters().join(", ")
                ),
            ));
        }
        match e {
            Expect::Range {
                min: None,
                max: None,
            } => out.push(problem(at, "a range needs `min`, `max` or both")),
            Expect::Range {
                min: Some(a),
                max: Some(b),
            } if a > b => out.push(problem(at, format!("min {a} is greater than max {b}"))),
            _ => {}
        }
    }
    out
}

/// The knobs of `s`'s model the player flips: what a goal may name.
fn flippable(s: &Scenario) -> Vec<&'static str> {
    knobs::of(s.model)
        .filter(|k| k.player.is_some() && k.values().is_some())
        .map(|k| k.path)
        .collect()
}

/// Every setting of the goal's knobs: `s` with each combination of their values (the table's
/// finite sets: a choice's words, a flag, an integer's steps, e.g. the broker window off / on).
#[must_use]
pub fn combinations(goal: &Goal, s: &Scenario) -> Vec<Scenario> {
    let mut out = vec![s.clone()];
    for path in &goal.knobs {
        let Some((k, values)) = knobs::lookup(s.model, path)
            .ok()
            .and_then(|k| Some((k, k.values()?)))
        else {
            continue;
        };
        out = out
            .iter()
            .flat_map(|base| {
                values.iter().filter_map(move |v: &KnobValue| {
                    let mut t = base.clone();
                    k.set(&mut t, v).ok()?;
                    knobs::validate(&t).is_empty().then_some(t)
                })
            })
            .collect();
    }
    out
}

/// What `check` says of a goal that runs: reached by the scenario's own knobs (nothing to do),
/// or by no setting of the allowed knobs (nothing can be done). `None`: a fair challenge.
pub fn reachability(goal: &Goal, s: &Scenario) -> Result<Option<Problem>, SimError> {
    if holds_everywhere(goal, s)? {
        return Ok(Some(problem(
            "goal",
            "the scenario's own knobs already reach this goal: expected a starting point the learner must fix",
        )));
    }
    let all = combinations(goal, s);
    for c in &all {
        if holds_everywhere(goal, c)? {
            return Ok(None);
        }
    }
    Ok(Some(problem(
        "goal",
        format!(
            "no setting of {} reaches this goal ({} combinations tried over {} trials each)",
            goal.knobs.join(", "),
            all.len(),
            goal.trials
        ),
    )))
}
