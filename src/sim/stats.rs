//! Many trials of one scenario, to answer "how often does this double-charge?".
//!
//! Trial `i` runs seed `base + i` (wrapping), so trial 0 is the scenario's own run and any trial
//! worth a closer look can be replayed with `--seed`. Trials skip the trace entirely.

use std::collections::BTreeMap;

use super::{SimError, outcome};
use crate::content::scenario::{Model, Scenario};

/// The seed of trial `i`.
#[must_use]
pub fn trial_seed(base: u64, i: u64) -> u64 {
    base.wrapping_add(i)
}

/// One counter over all trials.
#[derive(Debug, Clone, PartialEq)]
pub struct CounterStats {
    pub name: &'static str,
    pub mean: f64,
    pub min: i64,
    pub max: i64,
    /// Value → number of trials that ended with it.
    pub histogram: BTreeMap<i64, u64>,
}

/// Every counter of the model over `trials` runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub model: Model,
    pub seed: u64,
    pub trials: u64,
    /// In the order of `Model::counters()`.
    pub counters: Vec<CounterStats>,
    /// Queue events over all trials.
    pub events: u64,
}

impl Stats {
    #[must_use]
    pub fn counter(&self, name: &str) -> Option<&CounterStats> {
        self.counters.iter().find(|c| c.name == name)
    }
}

/// Runs `n` trials of `s` from `base` seed.
pub fn trials(s: &Scenario, base: u64, n: u64) -> Result<Stats, SimError> {
    let names = s.model.counters();
    let mut sums = vec![0i128; names.len()];
    let mut mins = vec![i64::MAX; names.len()];
    let mut maxs = vec![i64::MIN; names.len()];
    // Few distinct values per counter: a short list beats a map in the hot loop.
    let mut hist: Vec<Vec<(i64, u64)>> = vec![Vec::new(); names.len()];
    let mut events = 0u64;
    for i in 0..n {
        let o = outcome(s, trial_seed(base, i))?;
        events += o.events;
        for (k, &v) in o.counters.values().iter().enumerate() {
            sums[k] += i128::from(v);
            mins[k] = mins[k].min(v);
            maxs[k] = maxs[k].max(v);
            match hist[k].iter_mut().find(|(x, _)| *x == v) {
                Some((_, c)) => *c += 1,
                None => hist[k].push((v, 1)),
            }
        }
    }
    let counters = names
        .iter()
        .enumerate()
        .map(|(k, name)| CounterStats {
            name,
            mean: if n == 0 {
                0.0
            } else {
                sums[k] as f64 / n as f64
            },
            min: if n == 0 { 0 } else { mins[k] },
            max: if n == 0 { 0 } else { maxs[k] },
            histogram: hist[k].iter().copied().collect(),
        })
        .collect();
    Ok(Stats {
        model: s.model,
        seed: base,
        trials: n,
        counters,
        events,
    })
}
