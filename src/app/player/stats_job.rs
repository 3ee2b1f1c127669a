//! Statistics in the background: 10,000 trials take tens of milliseconds per side, longer for
//! noisy settings, and the screen must never freeze while they run. A worker thread splits the
//! trials across every core (`sim::Split`), sends progress after each chunk, and every thread
//! checks a cancel flag before every trial, so a job that is cancelled or dropped (the learner closed the view before it finished,
//! or changed a knob) stops within one trial, and no core stays busy for work nobody watches.
//! The UI thread calls [`StatsJob::poll`], which never blocks; [`StatsJob::cancel`] waits for
//! that one trial at most.
//!
//! Trial `i` of a side always runs seed `trial_seed(base_seed, i)`, whatever the chunking and
//! the threads, so a job's results equal `sim::trials(scenario, base_seed, trials)` exactly.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::{self, JoinHandle};

use crate::sim::Scenario;
use crate::sim::{SimError, Split, Stats};

/// Trials per progress report: about a millisecond of work, so progress is smooth.
const CHUNK: u64 = 250;

/// What the worker tells the UI.
enum Report {
    /// Trials done so far, over all sides.
    Progress(u64),
    /// One side is complete (or failed).
    Side(String, Result<Stats, SimError>),
}

/// Trials of one or more scenarios (the sides of a compare) run on a worker thread.
pub struct StatsJob {
    labels: Vec<String>,
    results: Vec<(String, Result<Stats, SimError>)>,
    done: u64,
    total: u64,
    running: bool,
    rx: Receiver<Report>,
    cancel: Arc<AtomicBool>,
    worker: Option<JoinHandle<()>>,
}

impl StatsJob {
    /// Starts `trials` trials of each side from `base_seed`, one side after the other.
    #[must_use]
    pub fn start(sides: Vec<(String, Scenario)>, base_seed: u64, trials: u64) -> Self {
        let labels = sides.iter().map(|(l, _)| l.clone()).collect();
        let total = trials.saturating_mul(sides.len() as u64);
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let worker = thread::Builder::new()
            .name("idemlab-stats".into())
            .spawn(move || work(&sides, base_seed, trials, &flag, &tx))
            .ok();
        Self {
            labels,
            results: Vec::new(),
            done: 0,
            total,
            running: worker.is_some(),
            rx,
            cancel,
            worker,
        }
    }

    /// Takes everything the worker sent since the last call, without blocking.
    pub fn poll(&mut self) {
        loop {
            match self.rx.try_recv() {
                // Threads report out of order: the count only grows.
                Ok(Report::Progress(n)) => self.done = self.done.max(n),
                Ok(Report::Side(label, r)) => self.results.push((label, r)),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.running = false;
                    break;
                }
            }
        }
    }

    /// Stops the worker and waits for it (it ends within one trial): when this returns no
    /// thread works for this job any more, and [`is_running`](Self::is_running) is false.
    pub fn cancel(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
        // The worker is gone, so its sender is too: this takes what it sent and sees the end.
        self.poll();
    }

    /// Trials done so far, over all sides (a failed side counts as done).
    #[must_use]
    pub fn done(&self) -> u64 {
        self.done
    }

    /// Trials to do over all sides.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.total
    }

    /// True until [`poll`](Self::poll) has seen the worker finish.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Every side's label, in order.
    #[must_use]
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The sides finished so far, in the order of [`labels`](Self::labels).
    pub fn results(&self) -> &[(String, Result<Stats, SimError>)] {
        &self.results
    }
}

impl Drop for StatsJob {
    /// Cancels the worker and waits for it: it stops before its next trial.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

fn work(
    sides: &[(String, Scenario)],
    base: u64,
    trials: u64,
    cancel: &AtomicBool,
    tx: &Sender<Report>,
) {
    let threads = thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let done = AtomicU64::new(0);
    // The UI is gone when a send fails.
    let send = |r: Report| tx.send(r).is_ok();
    for (label, s) in sides {
        let before = done.load(Ordering::Relaxed);
        let split = Split {
            threads,
            chunk: CHUNK,
            // Asked before every trial, so a cancel is seen within one trial on every thread:
            // a chunk of a heavy scenario can take a second.
            stop: &|| cancel.load(Ordering::Relaxed),
            progress: &|n| {
                let now = done.fetch_add(n, Ordering::Relaxed) + n;
                if !send(Report::Progress(now)) {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
        };
        let Some(result) = split.run(s, base, trials) else {
            return;
        };
        // A failed side still counts its trials as done, so the progress reaches the total.
        done.store(before + trials, Ordering::Relaxed);
        if !send(Report::Progress(before + trials)) || !send(Report::Side(label.clone(), result)) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::content::{Source, load};
    use crate::sim;

    fn scenario(id: &str) -> Scenario {
        load(&Source::Embedded)
            .course
            .scenario(id)
            .cloned()
            .expect("bundled scenario")
    }

    fn finish(job: &mut StatsJob) {
        let t0 = Instant::now();
        while job.is_running() {
            assert!(t0.elapsed() < Duration::from_secs(60), "job never ends");
            job.poll();
            thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn a_job_gives_the_stats_of_one_shot_trials() {
        let a = scenario("retry-without-key");
        let b = scenario("retry-with-key");
        let mut job = StatsJob::start(
            vec![("without".into(), a.clone()), ("with".into(), b.clone())],
            7,
            1234,
        );
        assert_eq!(job.total(), 2468);
        finish(&mut job);
        assert_eq!(job.done(), job.total());
        let r = job.results();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].0, "without");
        assert_eq!(r[0].1, sim::trials(&a, 7, 1234));
        assert_eq!(r[1].0, "with");
        assert_eq!(r[1].1, sim::trials(&b, 7, 1234));
    }

    #[test]
    fn a_failing_side_reports_its_error_and_the_job_ends() {
        let mut s = scenario("retry-without-key");
        s.retry.timeout_ms = sim::MAX_TIME_MS;
        s.network.drop_request = 1.0;
        let mut job = StatsJob::start(vec![("broken".into(), s.clone())], 1, 600);
        finish(&mut job);
        assert_eq!(job.done(), 600);
        assert_eq!(job.results()[0].1, sim::trials(&s, 1, 600));
        assert!(job.results()[0].1.is_err());
    }

    #[test]
    fn a_cancelled_job_has_no_worker_left_and_keeps_what_it_had() {
        let s = scenario("consumer-crash-no-dedup");
        let mut job = StatsJob::start(vec![("a".into(), s)], 1, u64::MAX / 2);
        while job.done() == 0 {
            job.poll();
            thread::sleep(Duration::from_millis(1));
        }
        assert!(job.is_running());
        job.cancel();
        assert!(!job.is_running());
        assert!(job.worker.is_none(), "the worker thread was joined");
        assert!(job.done() > 0 && job.done() < job.total());
        assert!(job.results().is_empty());
        // Cancelling again, and dropping, are harmless.
        job.cancel();
        drop(job);
    }

    #[test]
    fn dropping_a_job_stops_its_worker_promptly() {
        let s = scenario("consumer-crash-no-dedup");
        let mut job = StatsJob::start(vec![("a".into(), s)], 1, u64::MAX / 2);
        while job.done() == 0 {
            job.poll();
            thread::sleep(Duration::from_millis(1));
        }
        assert!(job.is_running());
        let t0 = Instant::now();
        drop(job); // joins the worker
        assert!(t0.elapsed() < Duration::from_secs(1));
    }
}
