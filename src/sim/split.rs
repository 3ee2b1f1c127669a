//! Trials split across threads (`std::thread::scope`): each thread claims the next chunk of
//! trial indices, counts it in its own [`Tally`], and the tallies merge at the end. Which thread
//! ran which chunk does not matter: the merged [`Stats`] equal one thread's, and an error is the
//! one of the lowest failing trial, as one thread would have met it first.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;

use super::stats::{Stats, Tally};
use super::{Scenario, SimError};

/// How to split: how many threads, how many trials a chunk, when to stop, whom to tell.
pub struct Split<'a> {
    /// At most this many threads (the calling thread is one of them); at least one.
    pub threads: usize,
    /// Trials a thread claims at a time (and reports after).
    pub chunk: u64,
    /// Asked before every trial; `true` abandons the run.
    pub stop: &'a (dyn Fn() -> bool + Sync),
    /// Told the number of trials of each finished chunk (from any thread).
    pub progress: &'a (dyn Fn(u64) + Sync),
}

/// What one thread counted, and its first failure (trial index, error).
type Part = (Tally, Option<(u64, SimError)>);

impl Split<'_> {
    /// Runs trials `0..n` of `s` from seed `base`; `None` if `stop` said so.
    pub fn run(&self, s: &Scenario, base: u64, n: u64) -> Option<Result<Stats, SimError>> {
        let next = AtomicU64::new(0);
        let failed = AtomicBool::new(false);
        let stopped = AtomicBool::new(false);
        let chunk = self.chunk.max(1);
        let threads = usize::try_from(n.div_ceil(chunk))
            .unwrap_or(usize::MAX)
            .clamp(1, self.threads.max(1));
        let work = || -> Part {
            let mut tally = Tally::new(s.model, base);
            // Chunks are claimed in index order, so once a trial failed every lower chunk is
            // already claimed: no new chunk is needed to find the first failure.
            while !failed.load(Ordering::Relaxed) {
                let start = next.fetch_add(chunk, Ordering::Relaxed);
                if start >= n {
                    break;
                }
                let end = start.saturating_add(chunk).min(n);
                for i in start..end {
                    if (self.stop)() {
                        stopped.store(true, Ordering::Relaxed);
                        return (tally, None);
                    }
                    if let Err(e) = tally.run(s, i..i + 1) {
                        failed.store(true, Ordering::Relaxed);
                        return (tally, Some((i, e)));
                    }
                }
                (self.progress)(end - start);
            }
            (tally, None)
        };
        let parts: Vec<Part> = thread::scope(|sc| {
            let helpers: Vec<_> = (1..threads)
                .filter_map(|_| thread::Builder::new().spawn_scoped(sc, work).ok())
                .collect();
            let mut parts = vec![work()];
            for h in helpers {
                match h.join() {
                    Ok(p) => parts.push(p),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            parts
        });
        if stopped.load(Ordering::Relaxed) {
            return None;
        }
        let first_error = parts
            .iter()
            .filter_map(|(_, e)| e.as_ref())
            .min_by_key(|(i, _)| *i);
        if let Some((_, e)) = first_error {
            return Some(Err(e.clone()));
        }
        let mut all = Tally::new(s.model, base);
        for (t, _) in &parts {
            all.merge(t);
        }
        Some(Ok(all.stats()))
    }
}
