//! The result of a session: the score, pass or fail against the bank's pass mark (for a whole
//! bank only: a retake of some questions or a review has no pass mark), and the time taken.

use super::session::{Kind, Session};
use crate::content::Course;

/// The result of a finished session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub correct: usize,
    pub total: usize,
    /// The bank's pass mark, for a whole-bank attempt only.
    pub pass_mark: Option<f64>,
    pub elapsed_secs: u64,
}

impl Summary {
    /// Whether the score reaches the pass mark; `None` without one (practice, review).
    #[must_use]
    pub fn passed(&self) -> Option<bool> {
        self.pass_mark.map(|m| passes(self.correct, self.total, m))
    }

    /// The score in whole percent, rounded half up.
    #[must_use]
    pub fn percent(&self) -> usize {
        (self.correct * 100 + self.total / 2) / self.total.max(1)
    }
}

/// Whether `correct` of `total` reaches `pass_mark` (a fraction of points).
fn passes(correct: usize, total: usize, pass_mark: f64) -> bool {
    #[expect(
        clippy::cast_precision_loss,
        reason = "question counts are far below 2^52"
    )]
    let (c, t) = (correct as f64, total as f64);
    total > 0 && c >= pass_mark * t - 1e-9
}

/// A pass mark (a fraction) in whole percent, rounded half up: `0.75` → `75`, `0.625` → `63`.
/// Every screen that shows a pass mark says it with this, so they agree.
#[must_use]
pub fn mark_percent(mark: f64) -> u32 {
    let p = (mark * 100.0).round().clamp(0.0, 100.0);
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to 0..=100"
    )]
    let p = p as u32;
    p
}

impl Session {
    /// Right answers and questions so far.
    #[must_use]
    pub fn score(&self) -> (usize, usize) {
        let correct = self.outcomes.iter().flatten().filter(|o| o.correct).count();
        (correct, self.items.len())
    }

    #[must_use]
    pub fn summary(&self, course: &Course) -> Summary {
        let (correct, total) = self.score();
        let pass_mark = match self.kind {
            Kind::Bank { whole: true, .. } => self.bank_of(course).map(|b| b.pass_mark),
            _ => None,
        };
        Summary {
            correct,
            total,
            pass_mark,
            elapsed_secs: self.ended.saturating_sub(self.started),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_marks_read_as_whole_percent_rounded_half_up() {
        assert_eq!(mark_percent(0.75), 75);
        assert_eq!(mark_percent(0.6), 60);
        assert_eq!(mark_percent(0.625), 63);
        assert_eq!(mark_percent(1.0), 100);
    }
}
