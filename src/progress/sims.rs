//! Simulation records: which scenarios a learner has watched to the end, so the course map can
//! show what is left to watch. Any seed and any knob setting counts: the learner saw the story
//! through. A scenario with a goal is also `solved` once the learner's knobs reached it.

use serde::{Deserialize, Serialize};

use super::Progress;

/// What is kept about one scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SimRecord {
    /// Run to its last step at least once.
    #[serde(default)]
    pub finished: bool,
    /// Its goal was reached once (a challenge solved).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub solved: bool,
    /// When it was first finished ([`super::stamp_now`]); 0 in files from before stamps.
    #[serde(default)]
    pub changed: u64,
}

impl Progress {
    /// Whether the learner has run scenario `id` to its last step.
    #[must_use]
    pub fn scenario_finished(&self, id: &str) -> bool {
        self.sims.get(id).is_some_and(|r| r.finished)
    }

    /// Records that scenario `id` was run to its last step. True if that is news (worth saving).
    pub fn finish_scenario(&mut self, id: &str) -> bool {
        let rec = self.sims.entry(id.to_owned()).or_default();
        if rec.finished {
            return false;
        }
        rec.finished = true;
        rec.changed = super::stamp_now();
        true
    }

    /// Whether the goal of scenario `id` has been reached.
    #[must_use]
    pub fn scenario_solved(&self, id: &str) -> bool {
        self.sims.get(id).is_some_and(|r| r.solved)
    }

    /// Records that the goal of scenario `id` was reached. True if that is news.
    pub fn solve_scenario(&mut self, id: &str) -> bool {
        let rec = self.sims.entry(id.to_owned()).or_default();
        if rec.solved {
            return false;
        }
        rec.solved = true;
        rec.changed = super::stamp_now();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_scenario_is_remembered_and_survives_a_round_trip() {
        let mut p = Progress::default();
        assert!(!p.scenario_finished("retry-without-key"));
        assert!(p.finish_scenario("retry-without-key"));
        assert!(!p.finish_scenario("retry-without-key"));
        assert!(p.scenario_finished("retry-without-key"));
        assert!(!p.scenario_finished("retry-with-key"));
        let back: Progress = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert!(back.scenario_finished("retry-without-key"));
    }

    #[test]
    fn a_solved_goal_is_remembered_and_merges_as_solved() {
        let mut p = Progress::default();
        assert!(p.solve_scenario("retry-without-key"));
        assert!(!p.solve_scenario("retry-without-key"));
        let back: Progress = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert!(back.scenario_solved("retry-without-key"));
        let merged = super::super::merge::merge(&Progress::default(), &Progress::default(), &back);
        assert!(merged.scenario_solved("retry-without-key"));
    }

    #[test]
    fn a_file_without_sim_records_still_loads() {
        let p: Progress = serde_json::from_str(r#"{"version":1,"lessons":{}}"#).unwrap();
        assert!(!p.scenario_finished("retry-without-key"));
    }
}
