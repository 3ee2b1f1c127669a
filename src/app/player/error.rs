//! Why the player refused something: a scenario it cannot show, a run it cannot make, a compare
//! with nothing to compare, a knob it would not flip, a failed trial it cannot open. Typed, so a
//! caller can tell "not in this course" from "this run would not end"; the words are the
//! footer's and the notice's, and [`PlayerError::severity`] is how much they matter there.

use crate::app::Severity;
use crate::sim::{SimError, knobs};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlayerError {
    #[error("no scenario `{0}` in this course")]
    UnknownScenario(String),
    /// The run ended before its first event.
    #[error("the run has no steps to show")]
    NoSteps,
    /// The simulator refused the run (it would not end).
    #[error(transparent)]
    Sim(#[from] SimError),
    #[error("the scenario to compare with, `{0}`, is not in this course")]
    CompareMissing(String),
    #[error("this scenario has nothing to compare with")]
    NothingToCompare,
    /// The knobs break the rules of a scenario file: the knob table's messages, in its order.
    #[error("{}", words(.0))]
    Invalid(Vec<knobs::Invalid>),
    /// The goal locks the knob; `free` names the knobs it lets the learner change.
    #[error("locked by the goal (you may change {free})")]
    Locked { free: String },
    /// The knob changes nothing in this run (the store while no key is sent).
    #[error("it makes no difference in this run")]
    NoDifference,
    /// A knob the learner flipped stays as it was (and the old runs stay on screen).
    #[error("{knob} not changed: {why}")]
    KnobRefused {
        knob: &'static str,
        why: Box<PlayerError>,
    },
    /// Enter on a goal's result, when there is no goal, no result yet, or no trial missed it.
    #[error("this scenario has no goal")]
    NoGoal,
    #[error("change a knob first: the goal is judged then")]
    NotJudged,
    #[error("the goal is reached: no run missed it")]
    NothingMissed,
    /// A seed for the player while another screen is on top.
    #[error("the simulation player is not on screen")]
    NotOpen,
}

impl PlayerError {
    /// How the footer shows it: nothing to watch yet is news, a refused change is an error.
    #[must_use]
    pub fn severity(&self) -> Severity {
        match self {
            Self::NoGoal | Self::NotJudged | Self::NothingMissed => Severity::Info,
            _ => Severity::Error,
        }
    }
}

fn words(bad: &[knobs::Invalid]) -> String {
    let msgs: Vec<String> = bad.iter().map(|b| b.error.to_string()).collect();
    msgs.join("; ")
}
