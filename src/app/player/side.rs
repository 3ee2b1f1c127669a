//! One side of the player: a scenario, its traced run and its verdict, made together so they
//! can never disagree (a knob change replaces the whole side or nothing).

use super::PlayerError;
use crate::sim::Scenario;
use crate::sim::{self, Run, Verdict};

/// One scenario and its run.
#[derive(Debug, Clone)]
pub struct Side {
    pub scenario: Scenario,
    pub run: Run,
    pub verdict: Verdict,
}

impl Side {
    pub(super) fn new(scenario: Scenario, seed: u64) -> Result<Self, PlayerError> {
        let run = sim::run(&scenario, seed)?;
        if run.trace.is_empty() {
            return Err(PlayerError::NoSteps);
        }
        let verdict = sim::verdict(&scenario, &run);
        Ok(Self {
            scenario,
            run,
            verdict,
        })
    }

    /// The id the course knows the scenario by.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.scenario.scenario
    }

    /// The last step at or before `t_ms` (the first step if none is that early).
    #[must_use]
    pub fn step_at(&self, t_ms: u64) -> usize {
        self.run
            .trace
            .partition_point(|e| e.t_ms <= t_ms)
            .saturating_sub(1)
    }
}
