//! Time for the quiz engine, always injected: the app and `idemlab quiz` use [`SystemClock`],
//! tests use [`ManualClock`] and move it forward by days. Nothing in the quiz domain reads the
//! system time itself, so a test of "the next day" never waits a day.
//!
//! A [`Moment`] carries the UTC offset of the learner's time zone along with the unix time,
//! because review is scheduled in *learning days* (see [`super::schedule`]) and a day starts at
//! a local hour, not at midnight in Greenwich.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A point in time: unix seconds and the local offset from UTC in seconds (east positive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub unix: u64,
    pub utc_offset: i32,
}

impl Moment {
    /// A moment in UTC.
    #[must_use]
    pub fn utc(unix: u64) -> Self {
        Self {
            unix,
            utc_offset: 0,
        }
    }

    /// Local calendar date `(year, month, day)`.
    #[must_use]
    pub fn local_date(self) -> (i64, u32, u32) {
        let local = i64::try_from(self.unix).unwrap_or(i64::MAX) + i64::from(self.utc_offset);
        civil_from_days(local.div_euclid(86_400))
    }

    /// `2025-06-01`.
    #[must_use]
    pub fn date_string(self) -> String {
        let (y, m, d) = self.local_date();
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// Where the quiz engine gets the time.
pub trait Clock {
    fn now(&self) -> Moment;
}

/// The real clock. The UTC offset is read once, when the clock is made (at start-up, before any
/// thread exists: the `time` crate refuses to read it from a multi-threaded process on Unix);
/// when it cannot be read, days start by UTC.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    utc_offset: i32,
}

impl SystemClock {
    #[must_use]
    pub fn new() -> Self {
        let utc_offset = time::UtcOffset::current_local_offset().map_or(0, |o| o.whole_seconds());
        Self { utc_offset }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Moment {
        let unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Moment {
            unix,
            utc_offset: self.utc_offset,
        }
    }
}

/// A clock that only moves when told to; clones share the same time, so a test keeps one and
/// hands the other to the app.
#[derive(Debug, Clone, Default)]
pub struct ManualClock(Arc<AtomicU64>);

impl ManualClock {
    #[must_use]
    pub fn at(unix: u64) -> Self {
        Self(Arc::new(AtomicU64::new(unix)))
    }

    pub fn set(&self, unix: u64) {
        self.0.store(unix, Ordering::Relaxed);
    }

    pub fn advance(&self, secs: u64) {
        self.0.fetch_add(secs, Ordering::Relaxed);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Moment {
        Moment::utc(self.0.load(Ordering::Relaxed))
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// `1 min 05 s`, `42 s`, `1 h 02 min`.
#[must_use]
pub fn duration_words(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min {:02} s", secs / 60, secs % 60),
        _ => format!("{} h {:02} min", secs / 3600, secs % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_offsets() {
        assert_eq!(Moment::utc(0).date_string(), "1970-01-01");
        assert_eq!(Moment::utc(1_748_779_200).date_string(), "2025-06-01");
        // 23:30 UTC on 31 May is already 1 June two hours east.
        let m = Moment {
            unix: 1_748_734_200,
            utc_offset: 7200,
        };
        assert_eq!(Moment::utc(m.unix).date_string(), "2025-05-31");
        assert_eq!(m.date_string(), "2025-06-01");
        assert_eq!(Moment::utc(951_782_400).date_string(), "2000-02-29");
    }

    #[test]
    fn manual_clock_clones_share_time() {
        let c = ManualClock::at(10);
        let d = c.clone();
        c.advance(5);
        assert_eq!(d.now().unix, 15);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_words(42), "42 s");
        assert_eq!(duration_words(65), "1 min 05 s");
        assert_eq!(duration_words(3720), "1 h 02 min");
    }
}
