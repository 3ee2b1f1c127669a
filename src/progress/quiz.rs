//! Quiz records: per bank attempts and scores, per question history and review schedule.
//! (Skeleton: the quiz engine fills this in.)

use super::Progress;
use crate::content::Course;

/// A bank's best (or last) score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BankScore {
    pub correct: u32,
    pub total: u32,
    pub passed: bool,
}

impl Progress {
    /// The best score recorded for `bank`, if it was ever finished.
    #[must_use]
    pub fn bank_best(&self, _bank: &str) -> Option<BankScore> {
        None
    }

    /// `(bank, question id)` of every question due for review at `now` (unix seconds), in the
    /// order a review session asks them; questions no longer in `course` are left out.
    #[must_use]
    pub fn due_questions(&self, _course: &Course, _now: u64) -> Vec<(String, String)> {
        Vec::new()
    }
}
