//! Spaced review with **Leitner boxes**.
//!
//! Why Leitner and not SM-2: our answers are right or wrong, nothing in between, and SM-2 is
//! built around a 0–5 self-graded recall quality that a quiz cannot ask for without adding a
//! question after every question. Leitner needs only right/wrong, and its rule fits in one
//! sentence a learner can check for themselves: *a question you miss comes back tomorrow; each
//! time you get it right when it is due, it waits twice as long; miss it again and it starts
//! over.*
//!
//! - A wrong answer, in any quiz or review, puts the question in box 1, due the next learning
//!   day.
//! - A right answer to a question that is due moves it one box up: boxes 1..=5 wait 1, 2, 4, 8
//!   and 16 days. Right in box 5 and the question is learned: it leaves review.
//! - A right answer to a question that is not due yet changes nothing: getting it right minutes
//!   after reading the explanation proves little, and the spacing is what makes it stick.
//! - A question never missed is never scheduled.
//!
//! - A wrong answer also starts a **learning step**, as Anki does: the question can be drilled
//!   again [`LEARNING_STEP`] seconds later, the same day, while the mistake is fresh. A right
//!   answer then ends the step; the question keeps its place in the boxes, so it still comes
//!   back the next day. The step lives beside the box (`progress::QuestionRecord::step`), not in
//!   the [`Slot`], so the day-based rule above stays exactly as stated.
//!
//! Due dates are whole *learning days*: a day starts at 04:00 local time (as in Anki), so a
//! question missed at 23:00 is due the next morning, and one missed at 01:00 counts to the
//! evening before. "The next day" thus means the next calendar morning, not 24 hours later.

use super::clock::Moment;

/// Seconds after a wrong answer before the question can be drilled again the same day.
pub const LEARNING_STEP: u64 = 10 * 60;

/// Days a question waits in boxes 1..=5.
pub const INTERVALS: [i64; 5] = [1, 2, 4, 8, 16];
/// The highest box; a right answer there retires the question.
const LAST_BOX: u8 = 5;
/// Seconds after local midnight at which a learning day starts.
const DAY_STARTS_AT: i64 = 4 * 3600;
const DAY: i64 = 86_400;

/// A question's place in review: `leitner_box` 0 means "not in review".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Slot {
    pub leitner_box: u8,
    /// Unix time from which the question is due.
    pub due: Option<u64>,
}

/// The learning day `now` falls in (days since the epoch, shifted to start at 04:00 local).
#[must_use]
pub fn learning_day(now: Moment) -> i64 {
    (i64::try_from(now.unix).unwrap_or(i64::MAX) + i64::from(now.utc_offset) - DAY_STARTS_AT)
        .div_euclid(DAY)
}

/// Unix time at which learning day `day` starts, for the offset of `now`.
#[must_use]
fn day_start(day: i64, now: Moment) -> u64 {
    u64::try_from(day * DAY + DAY_STARTS_AT - i64::from(now.utc_offset)).unwrap_or(0)
}

impl Slot {
    /// Whether the question is waiting for review at `now`.
    #[must_use]
    pub fn is_due(self, now: u64) -> bool {
        self.leitner_box > 0 && self.due.is_some_and(|d| d <= now)
    }

    /// The slot after answering, `correct` or not, at `now`.
    #[must_use]
    pub fn after(self, correct: bool, now: Moment) -> Self {
        let today = learning_day(now);
        if !correct {
            return Self {
                leitner_box: 1,
                due: Some(day_start(today + 1, now)),
            };
        }
        if self.leitner_box == 0 || !self.is_due(now.unix) {
            return self;
        }
        if self.leitner_box >= LAST_BOX {
            return Self::default();
        }
        let next = self.leitner_box + 1;
        Self {
            leitner_box: next,
            due: Some(day_start(today + INTERVALS[usize::from(next - 1)], now)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: u64 = 86_400;
    /// 2025-06-02 10:00 UTC.
    const MON_10: u64 = 1_748_858_400;

    fn at(unix: u64) -> Moment {
        Moment::utc(unix)
    }

    #[test]
    fn wrong_is_due_the_next_morning_not_24_hours_later() {
        let s = Slot::default().after(false, at(MON_10));
        assert_eq!(s.leitner_box, 1);
        // Not due the same evening; due at 04:00 the next day.
        assert!(!s.is_due(MON_10 + 12 * 3600));
        let tue_04 = MON_10 - 6 * 3600 + D;
        assert!(!s.is_due(tue_04 - 1));
        assert!(s.is_due(tue_04));
        // Missed late at night (23:00): still due at 04:00, five hours later.
        let late = Slot::default().after(false, at(MON_10 + 13 * 3600));
        assert_eq!(late.due, Some(tue_04));
    }

    #[test]
    fn right_when_due_waits_longer_each_box_then_retires() {
        let mut s = Slot::default().after(false, at(MON_10));
        let mut now = MON_10;
        let mut waits = Vec::new();
        while s.leitner_box > 0 {
            now = s.due.unwrap();
            let next = s.after(true, at(now));
            if let Some(d) = next.due {
                waits.push((d - now) / D);
            }
            s = next;
        }
        assert_eq!(waits, vec![2, 4, 8, 16]);
        assert_eq!(s, Slot::default(), "learned after box 5");
        assert!(now > MON_10);
    }

    #[test]
    fn wrong_in_a_high_box_starts_over() {
        let s = Slot {
            leitner_box: 4,
            due: Some(MON_10),
        };
        let s = s.after(false, at(MON_10 + 3600));
        assert_eq!(s.leitner_box, 1);
        assert_eq!(s.due, Some(MON_10 - 6 * 3600 + D));
    }

    #[test]
    fn right_before_due_or_never_missed_changes_nothing() {
        let s = Slot::default().after(false, at(MON_10));
        assert_eq!(s.after(true, at(MON_10 + 60)), s);
        assert_eq!(Slot::default().after(true, at(MON_10)), Slot::default());
    }

    #[test]
    fn the_day_starts_at_four_local() {
        // 03:00 local two hours east of UTC is still the previous learning day.
        let east = Moment {
            unix: MON_10 - 9 * 3600, // 01:00 UTC = 03:00 local
            utc_offset: 7200,
        };
        assert_eq!(learning_day(east), learning_day(at(MON_10)) - 1);
        let s = Slot::default().after(false, east);
        // Due at 04:00 local on Monday = 02:00 UTC.
        assert_eq!(s.due, Some(MON_10 - 8 * 3600));
    }
}
