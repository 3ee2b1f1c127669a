//! Statistics in the background (skeleton; the worker comes next).

use crate::content::Scenario;
use crate::sim::{SimError, Stats};

/// Trials of one or more scenarios run on a worker thread.
pub struct StatsJob {
    labels: Vec<String>,
    results: Vec<(String, Result<Stats, SimError>)>,
    done: u64,
    total: u64,
}

impl StatsJob {
    /// Starts `trials` trials of each side from `base_seed`.
    #[must_use]
    pub fn start(sides: Vec<(String, Scenario)>, base_seed: u64, trials: u64) -> Self {
        let _ = base_seed;
        let total = trials.saturating_mul(sides.len() as u64);
        Self {
            labels: sides.into_iter().map(|(l, _)| l).collect(),
            results: Vec::new(),
            done: 0,
            total,
        }
    }

    /// Takes what the worker sent; true if something changed.
    pub fn poll(&mut self) -> bool {
        false
    }

    #[must_use]
    pub fn done(&self) -> u64 {
        self.done
    }

    #[must_use]
    pub fn total(&self) -> u64 {
        self.total
    }

    #[must_use]
    pub fn is_running(&self) -> bool {
        false
    }

    /// Every side's label, in order.
    #[must_use]
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The sides finished so far, in order.
    #[must_use]
    pub fn results(&self) -> &[(String, Result<Stats, SimError>)] {
        &self.results
    }
}
