//! Many trials of one scenario, to answer "how often does this double-charge?".
//!
//! Trial `i` runs seed `base + i` (wrapping), so trial 0 is the scenario's own run and any trial
//! worth a closer look can be replayed with `--seed`. Trials skip the trace entirely. They can
//! run on several threads ([`trials_on`], [`Split`]): tallies of disjoint ranges merge into
//! exactly the statistics of one thread, because sums are integers and the histogram a map.

use std::collections::BTreeMap;
use std::ops::Range;

pub use super::split::Split;

use super::{SimError, outcome};
use crate::sim::scenario::{Model, Scenario};

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

/// Runs `n` trials of `s` from `base` seed, on this thread.
pub fn trials(s: &Scenario, base: u64, n: u64) -> Result<Stats, SimError> {
    let mut t = Tally::new(s.model, base);
    t.run(s, 0..n)?;
    Ok(t.stats())
}

/// Runs `n` trials of `s` from `base` seed on up to `threads` threads: exactly the [`Stats`]
/// (or the error) of [`trials`], whatever the number of threads.
pub fn trials_on(s: &Scenario, base: u64, n: u64, threads: usize) -> Result<Stats, SimError> {
    let split = Split {
        threads,
        chunk: 1000,
        stop: &|| false,
        progress: &|_| {},
    };
    split.run(s, base, n).unwrap_or_else(|| trials(s, base, n))
}

/// Trials added in any number of chunks, for a job that reports progress between them. Sums are
/// kept as integers, so the same trials in any chunks give exactly the [`Stats`] of [`trials`].
#[derive(Debug, Clone)]
pub struct Tally {
    model: Model,
    base: u64,
    n: u64,
    sums: Vec<i128>,
    mins: Vec<i64>,
    maxs: Vec<i64>,
    // Few distinct values per counter: a short list beats a map in the hot loop.
    hist: Vec<Vec<(i64, u64)>>,
    events: u64,
}

impl Tally {
    /// No trials yet, of a model whose trial `i` will run seed `trial_seed(base, i)`.
    #[must_use]
    pub fn new(model: Model, base: u64) -> Self {
        let k = model.counters().len();
        Self {
            model,
            base,
            n: 0,
            sums: vec![0; k],
            mins: vec![i64::MAX; k],
            maxs: vec![i64::MIN; k],
            hist: vec![Vec::new(); k],
            events: 0,
        }
    }

    /// Trials added so far.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Adds trials `range` (by index: trial `i` runs seed `trial_seed(base, i)`). On an error
    /// the trials before the failing one stay counted.
    pub fn run(&mut self, s: &Scenario, range: Range<u64>) -> Result<(), SimError> {
        for i in range {
            let o = outcome(s, trial_seed(self.base, i))?;
            self.n += 1;
            self.events += o.events;
            for (k, &v) in o.counters.values().iter().enumerate() {
                self.sums[k] += i128::from(v);
                self.mins[k] = self.mins[k].min(v);
                self.maxs[k] = self.maxs[k].max(v);
                match self.hist[k].iter_mut().find(|(x, _)| *x == v) {
                    Some((_, c)) => *c += 1,
                    None => self.hist[k].push((v, 1)),
                }
            }
        }
        Ok(())
    }

    /// Adds the trials another tally of the same scenario and base counted (a disjoint range):
    /// the result does not depend on which tally counted which trials.
    pub fn merge(&mut self, o: &Self) {
        self.n += o.n;
        self.events += o.events;
        for k in 0..self.sums.len() {
            self.sums[k] += o.sums[k];
            self.mins[k] = self.mins[k].min(o.mins[k]);
            self.maxs[k] = self.maxs[k].max(o.maxs[k]);
            for &(v, c) in &o.hist[k] {
                match self.hist[k].iter_mut().find(|(x, _)| *x == v) {
                    Some((_, n)) => *n += c,
                    None => self.hist[k].push((v, c)),
                }
            }
        }
    }

    /// The statistics of the trials added so far.
    #[must_use]
    pub fn stats(&self) -> Stats {
        let n = self.n;
        let counters = self
            .model
            .counters()
            .iter()
            .enumerate()
            .map(|(k, name)| CounterStats {
                name,
                mean: if n == 0 {
                    0.0
                } else {
                    self.sums[k] as f64 / n as f64
                },
                min: if n == 0 { 0 } else { self.mins[k] },
                max: if n == 0 { 0 } else { self.maxs[k] },
                // A map: the same values in any order of first sight give the same histogram.
                histogram: self.hist[k].iter().copied().collect(),
            })
            .collect();
        Stats {
            model: self.model,
            seed: self.base,
            trials: n,
            counters,
            events: self.events,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Source, load};

    #[test]
    fn chunked_trials_equal_one_shot() {
        let course = load(&Source::Embedded).course;
        for id in [
            "retry-without-key",
            "consumer-crash-no-dedup",
            "upsert-under-retry",
        ] {
            let s = course.scenario(id).expect("bundled");
            let whole = trials(s, 42, 1000).expect("runs");
            let mut t = Tally::new(s.model, 42);
            for start in (0..1000).step_by(137) {
                t.run(s, start..(start + 137).min(1000)).expect("runs");
            }
            assert_eq!(t.count(), 1000);
            assert_eq!(t.stats(), whole, "{id}");
            for threads in [1, 2, 3, 8] {
                assert_eq!(trials_on(s, 42, 1000, threads), Ok(whole.clone()), "{id}");
            }
        }
    }
}
