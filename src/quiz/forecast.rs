//! Review dates in words, the same on every screen: when one question comes back ("tomorrow",
//! "in 4 days, on 2026-12-06") and what the coming days bring ("5 questions come back
//! tomorrow, 2 in 2 days"). Days are learning days ([`super::schedule`]): "tomorrow" is the
//! next morning from 04:00.

use super::clock::Moment;
use super::schedule::{Slot, learning_day};
use crate::text::plural;

/// When something due at `due` comes back, seen at `now`: `now`, `later today at 16:40`,
/// `tomorrow`, `in 4 days, on 2026-12-06`.
#[must_use]
pub fn when(due: u64, now: Moment) -> String {
    if due <= now.unix {
        return "now".to_owned();
    }
    let at = Moment { unix: due, ..now };
    match learning_day(at) - learning_day(now) {
        ..=0 => format!("later today at {}", clock_time(at)),
        1 => "tomorrow".to_owned(),
        n => format!("in {n} days, on {}", at.date_string()),
    }
}

/// Local `HH:MM`.
fn clock_time(m: Moment) -> String {
    let local = i64::try_from(m.unix).unwrap_or(i64::MAX) + i64::from(m.utc_offset);
    let secs = local.rem_euclid(86_400);
    format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// What happens next to a question just answered, given the slot and learning step it has now
/// (`None` when it is not in review and never was: nothing will come back).
#[must_use]
pub fn after_answer(slot: Slot, step: Option<u64>, correct: bool, now: Moment) -> Option<String> {
    let due = slot.due.filter(|_| slot.leitner_box > 0);
    match (step, due) {
        (Some(step), Some(due)) => Some(format!(
            "It comes back to practise {}, and for review {}.",
            when(step, now),
            when(due, now)
        )),
        (_, Some(due)) => Some(format!("Next review: {}.", when(due, now))),
        (_, None) if correct && slot.leitner_box == 0 => None,
        _ => Some("Not in review.".to_owned()),
    }
}

/// The coming days of review in one sentence, at most `days` of them:
/// `5 questions come back tomorrow, 2 in 4 days, on 2026-12-06`; `None` when nothing is
/// scheduled.
#[must_use]
pub fn coming(forecast: &[(u64, usize)], now: Moment, days: usize) -> Option<String> {
    let mut parts = forecast.iter().take(days.max(1));
    let &(first_due, n) = parts.next()?;
    let verb = if n == 1 { "comes" } else { "come" };
    let mut s = format!(
        "{} {verb} back {}",
        plural(n, "question"),
        when(first_due, now)
    );
    for &(due, n) in parts {
        s.push_str(&format!(", {n} {}", when(due, now)));
    }
    if forecast.len() > days.max(1) {
        let rest: usize = forecast[days.max(1)..].iter().map(|(_, n)| n).sum();
        s.push_str(&format!(", {rest} later"));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2025-06-02 10:00 UTC, a Monday.
    const MON_10: u64 = 1_748_858_400;
    const H: u64 = 3600;

    #[test]
    fn one_date_in_words() {
        let now = Moment::utc(MON_10);
        assert_eq!(when(MON_10, now), "now");
        assert_eq!(when(MON_10 + H / 6, now), "later today at 10:10");
        // Tuesday 04:00 is the next learning day; Monday 23:00 is not.
        assert_eq!(when(MON_10 + 13 * H, now), "later today at 23:00");
        assert_eq!(when(MON_10 + 18 * H, now), "tomorrow");
        assert_eq!(when(MON_10 + 66 * H, now), "in 3 days, on 2025-06-05");
    }

    #[test]
    fn what_happens_after_an_answer() {
        let now = Moment::utc(MON_10);
        let missed = Slot::default().after(false, now);
        assert_eq!(
            after_answer(missed, Some(MON_10 + 600), false, now).as_deref(),
            Some("It comes back to practise later today at 10:10, and for review tomorrow.")
        );
        let up = Slot {
            leitner_box: 2,
            due: Some(MON_10 + 42 * H),
        };
        assert_eq!(
            after_answer(up, None, true, now).as_deref(),
            Some("Next review: in 2 days, on 2025-06-04.")
        );
        assert_eq!(after_answer(Slot::default(), None, true, now), None);
    }

    #[test]
    fn the_coming_days_in_one_sentence() {
        let now = Moment::utc(MON_10);
        assert_eq!(coming(&[], now, 3), None);
        assert_eq!(
            coming(&[(MON_10 + 18 * H, 5)], now, 3).as_deref(),
            Some("5 questions come back tomorrow")
        );
        assert_eq!(
            coming(
                &[
                    (MON_10 + 18 * H, 1),
                    (MON_10 + 66 * H, 2),
                    (MON_10 + 400 * H, 4)
                ],
                now,
                2
            )
            .as_deref(),
            Some("1 question comes back tomorrow, 2 in 3 days, on 2025-06-05, 4 later")
        );
    }
}
