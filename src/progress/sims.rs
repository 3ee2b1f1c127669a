//! Simulation records: which scenarios a learner has watched to the end.
//! (Skeleton: the simulation player fills this in.)

use super::Progress;

impl Progress {
    /// Whether the learner has run scenario `id` to its last step.
    #[must_use]
    pub fn scenario_finished(&self, _id: &str) -> bool {
        false
    }
}
