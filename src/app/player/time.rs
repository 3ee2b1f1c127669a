//! Where the player gets "now" and its new random seeds. The app owns one [`PlayerEnv`] and
//! passes its readings in, so the player's rules never read the wall clock or a global random
//! source: tests put a [`ManualTimer`] and fixed seeds here, as quizzes take a
//! [`crate::quiz::ManualClock`].

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A monotonic clock for playback.
pub trait Timer {
    fn now(&self) -> Instant;
}

/// The machine's monotonic clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemTimer;

impl Timer for SystemTimer {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that moves only when told to; clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualTimer {
    origin: Instant,
    /// Nanoseconds since `origin`.
    offset: Arc<AtomicU64>,
}

impl ManualTimer {
    /// A clock standing at some instant (read once, then frozen).
    #[must_use]
    pub fn new() -> Self {
        Self {
            origin: Instant::now(),
            offset: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn advance(&self, by: Duration) {
        let ns = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        self.offset.fetch_add(ns, Ordering::Relaxed);
    }

    /// Moves the clock forward to `at` (never back).
    pub fn advance_to(&self, at: Instant) {
        let ns =
            u64::try_from(at.saturating_duration_since(self.origin).as_nanos()).unwrap_or(u64::MAX);
        self.offset.fetch_max(ns, Ordering::Relaxed);
    }
}

impl Default for ManualTimer {
    fn default() -> Self {
        Self::new()
    }
}

impl Timer for ManualTimer {
    fn now(&self) -> Instant {
        self.origin + Duration::from_nanos(self.offset.load(Ordering::Relaxed))
    }
}

/// The player's clock and where a new random seed comes from.
pub struct PlayerEnv {
    pub timer: Box<dyn Timer>,
    /// Called for each "run again with a new random seed".
    pub seeds: Box<dyn FnMut() -> u64>,
}

impl Default for PlayerEnv {
    fn default() -> Self {
        Self {
            timer: Box::new(SystemTimer),
            seeds: Box::new(|| rand::random_range(0..1_000_000)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_timer_moves_only_forward_and_only_when_told() {
        let t = ManualTimer::new();
        let start = t.now();
        assert_eq!(t.now(), start);
        t.advance(Duration::from_millis(40));
        assert_eq!(t.now(), start + Duration::from_millis(40));
        t.advance_to(start);
        assert_eq!(t.now(), start + Duration::from_millis(40), "never back");
        let shared = t.clone();
        shared.advance_to(start + Duration::from_secs(2));
        assert_eq!(t.now(), start + Duration::from_secs(2));
    }
}
