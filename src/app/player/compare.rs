//! Two runs side by side: the combined timeline that steps them together, and the first moment
//! their outcomes part. Outcome counters decide (charges, replays, effects, rows): that is where
//! a learner sees the key earn its keep. Only when the counters never differ do the tables
//! decide (a key row written on one side only), so every compare of different runs has a mark.

use crate::sim::{Change, Run, State};

/// Where two runs first differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Divergence {
    /// Virtual time of the first step after which the states differ.
    pub t_ms: u64,
    /// Index of that time in the combined timeline.
    pub index: usize,
}

/// Every distinct time of both traces, in order.
#[must_use]
pub fn timeline(a: &Run, b: &Run) -> Vec<u64> {
    let mut times: Vec<u64> = a.trace.iter().chain(&b.trace).map(|e| e.t_ms).collect();
    times.sort_unstable();
    times.dedup();
    times
}

/// The first time after which the two runs' counters differ, or failing that their tables.
#[must_use]
pub fn divergence(a: &Run, b: &Run) -> Option<Divergence> {
    first_difference(a, b, |x, y| x.counters != y.counters)
        .or_else(|| first_difference(a, b, tables_differ))
}

/// The counters whose values differ between two states of the same model: `(name, a, b)`, in
/// display order.
#[must_use]
pub fn counter_differences(a: &State, b: &State) -> Vec<(&'static str, i64, i64)> {
    a.counters
        .iter()
        .zip(&b.counters)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, y)| (x.0, x.1, y.1))
        .collect()
}

/// The event of `run` at `t_ms` that made the runs part: the first at that time to change a
/// counter in `names`, or when none is named (only the tables differ) the first to change a
/// table. `None` when `run` did nothing then that parts it from the other run.
#[must_use]
pub fn parting_event(run: &Run, t_ms: u64, names: &[&str]) -> Option<usize> {
    let start = run.trace.partition_point(|e| e.t_ms < t_ms);
    let end = run.trace.partition_point(|e| e.t_ms <= t_ms);
    (start..end).find(|&i| {
        run.trace[i].changes.iter().any(|c| match c {
            Change::Counter { name, .. } => names.contains(name),
            _ => names.is_empty(),
        })
    })
}

fn tables_differ(x: &State, y: &State) -> bool {
    x.keys != y.keys
        || x.queue != y.queue
        || x.dedup != y.dedup
        || x.effects != y.effects
        || x.rows != y.rows
        || x.down != y.down
}

/// Walks both traces once, applying each side's changes up to every distinct time.
fn first_difference(
    a: &Run,
    b: &Run,
    differ: impl Fn(&State, &State) -> bool,
) -> Option<Divergence> {
    let (mut sa, mut sb) = (a.initial_state(), b.initial_state());
    let (mut ia, mut ib) = (0, 0);
    for (index, t_ms) in timeline(a, b).into_iter().enumerate() {
        while let Some(e) = a.trace.get(ia).filter(|e| e.t_ms <= t_ms) {
            e.changes.iter().for_each(|c| sa.apply(c));
            ia += 1;
        }
        while let Some(e) = b.trace.get(ib).filter(|e| e.t_ms <= t_ms) {
            e.changes.iter().for_each(|c| sb.apply(c));
            ib += 1;
        }
        if differ(&sa, &sb) {
            return Some(Divergence { t_ms, index });
        }
    }
    None
}
