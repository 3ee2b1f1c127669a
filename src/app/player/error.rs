//! Why the player refused something: a scenario it cannot show, a run it cannot make, a compare
//! with nothing to compare. Typed, so a caller can tell "not in this course" from "this run
//! would not end"; the words are the footer's and the notice's.

use crate::sim::SimError;

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
    /// A seed for the player while another screen is on top.
    #[error("the simulation player is not on screen")]
    NotOpen,
}
