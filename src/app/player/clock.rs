//! Playback: when the next step is due. A step stays on screen for a reading pause plus the
//! virtual time until the next one (capped, so a long timeout does not stall the show), both
//! divided by the speed. Between steps nothing on screen changes, so the app sleeps until the
//! next one is due; paused, there is no deadline at all and the event loop blocks on input.

use std::time::{Duration, Instant};

use super::Player;

/// Playback speeds, slowest first.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];
const NORMAL: usize = 2;
/// Time to read a step's sentence at 1×.
const DWELL_MS: f64 = 600.0;
/// Virtual time beyond this adds nothing to the wait (a 1 s timeout is shown as 1 s, a day as
/// 1.5 s).
const GAP_CAP_MS: u64 = 1500;
/// No more than ~30 frames a second, whatever the speed.
const MIN_FRAME: Duration = Duration::from_millis(34);
/// How often a running statistics job is asked for progress.
pub(super) const STATS_POLL: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// When the next step is due; `None` when paused.
    next: Option<Instant>,
}

impl Default for Clock {
    fn default() -> Self {
        Self {
            speed: NORMAL,
            next: None,
        }
    }
}

impl Clock {
    #[must_use]
    pub fn playing(&self) -> bool {
        self.next.is_some()
    }

    /// `0.25×`, `1×`, `8×`.
    #[must_use]
    pub fn label(&self) -> String {
        format!("{}×", SPEEDS[self.speed])
    }

    pub fn pause(&mut self) {
        self.next = None;
    }

    /// Real time a step stays on screen when the next one is `gap_ms` of virtual time later.
    #[must_use]
    pub fn delay(&self, gap_ms: u64) -> Duration {
        #[allow(clippy::cast_precision_loss)] // capped at 1500
        let ms = (DWELL_MS + gap_ms.min(GAP_CAP_MS) as f64) / SPEEDS[self.speed];
        Duration::from_secs_f64(ms / 1000.0).max(MIN_FRAME)
    }

    fn schedule(&mut self, from: Instant, gap_ms: u64) {
        self.next = Some(from + self.delay(gap_ms));
    }
}

impl Player {
    /// Virtual time from the current step to the next.
    fn gap_ms(&self) -> u64 {
        match (self.time_at(self.step), self.time_at(self.step + 1)) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => 0,
        }
    }

    /// Play or pause. Playing from the last step starts over.
    pub fn toggle_play(&mut self, now: Instant) {
        if self.clock.playing() {
            self.clock.pause();
        } else {
            if self.at_end() {
                self.go_to(0);
            }
            self.clock.schedule(now, self.gap_ms());
        }
    }

    /// Back to the first step, playing.
    pub fn restart(&mut self, now: Instant) {
        self.go_to(0);
        self.clock.schedule(now, self.gap_ms());
    }

    /// Changes the speed by `delta` notches; a pending step is rescheduled at the new speed.
    pub fn change_speed(&mut self, delta: isize, now: Instant) {
        self.clock.speed = self
            .clock
            .speed
            .saturating_add_signed(delta)
            .min(SPEEDS.len() - 1);
        if self.clock.playing() {
            self.clock.schedule(now, self.gap_ms());
        }
    }

    /// When the player next needs the app awake: the next step while playing, a progress poll
    /// while statistics run. `None` when nothing will change without input. Both are fixed
    /// moments until [`tick`](Self::tick) passes them: the event loop ticks only once the
    /// deadline is no later than now, so one that moved ahead with the clock would never come.
    #[must_use]
    pub fn deadline(&self) -> Option<Instant> {
        let stats = self
            .stats
            .as_ref()
            .filter(|s| s.job.is_running())
            .map(|s| s.next_poll);
        match (self.clock.next, stats) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Advances what is due at `now`: one step at most, and the statistics' progress.
    pub fn tick(&mut self, now: Instant) {
        if let Some(s) = &mut self.stats {
            s.job.poll();
            if s.next_poll <= now {
                s.next_poll = now + STATS_POLL;
            }
        }
        let Some(due) = self.clock.next else { return };
        if now < due {
            return;
        }
        self.step_by(1);
        if self.at_end() {
            self.clock.pause();
        } else {
            // Keep the cadence; after a stall, one step per frame rather than a burst.
            let next = due + self.clock.delay(self.gap_ms());
            self.clock.next = Some(next.max(now + MIN_FRAME));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_waits_longer_for_more_virtual_time_up_to_a_cap() {
        let c = Clock::default();
        assert!(c.delay(0) < c.delay(500));
        assert!(c.delay(500) < c.delay(1500));
        assert_eq!(c.delay(1500), c.delay(86_400_000));
    }

    #[test]
    fn no_speed_draws_more_than_30_frames_a_second() {
        let mut c = Clock::default();
        for speed in 0..SPEEDS.len() {
            c.speed = speed;
            assert!(c.delay(0) >= MIN_FRAME);
        }
        c.speed = 0;
        let slow = c.delay(100);
        c.speed = SPEEDS.len() - 1;
        assert!(c.delay(100) < slow);
        assert_eq!(c.label(), "8×");
    }

    #[test]
    fn paused_has_no_deadline() {
        let mut c = Clock::default();
        assert!(!c.playing());
        c.schedule(Instant::now(), 10);
        assert!(c.playing());
        c.pause();
        assert_eq!(c.next, None);
    }
}
