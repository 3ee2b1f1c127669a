//! What a learner has done, kept between runs: lesson state and reading position, and the last
//! lesson open (so the app resumes there). Later features add their own records with
//! `#[serde(default)]`, so older files keep loading; a file from a newer format version is not
//! guessed at but moved aside.

mod quiz;
mod sims;
mod store;

use std::collections::BTreeMap;

pub use quiz::{Answered, BankRecord, BankScore, QuestionRecord};
use serde::{Deserialize, Serialize};
pub use sims::SimRecord;
pub use store::{Store, data_dir};

/// The format version this build writes.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LessonState {
    #[default]
    NotStarted,
    Reading,
    Done,
}

impl LessonState {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "not started",
            Self::Reading => "reading",
            Self::Done => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LessonRecord {
    pub state: LessonState,
    /// Byte offset in the lesson body of the block at the top of the screen when the learner
    /// left; independent of the terminal width, unlike a line number.
    #[serde(default)]
    pub position: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    #[serde(default)]
    pub last_lesson: Option<String>,
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonRecord>,
    /// Scenarios by id (the simulation player).
    #[serde(default)]
    pub sims: BTreeMap<String, SimRecord>,
    /// Quiz records by bank id (see `quiz.rs`).
    #[serde(default)]
    pub quizzes: BTreeMap<String, BankRecord>,
}

impl Default for Progress {
    fn default() -> Self {
        Self {
            version: VERSION,
            last_lesson: None,
            lessons: BTreeMap::new(),
            sims: BTreeMap::new(),
            quizzes: BTreeMap::new(),
        }
    }
}

impl Progress {
    #[must_use]
    pub fn lesson_state(&self, id: &str) -> LessonState {
        self.lessons.get(id).map(|r| r.state).unwrap_or_default()
    }

    /// Records that `id` is open at `position`; a lesson once done stays done.
    pub fn reading(&mut self, id: &str, position: usize) {
        let rec = self.lessons.entry(id.to_owned()).or_default();
        if rec.state == LessonState::NotStarted {
            rec.state = LessonState::Reading;
        }
        rec.position = position;
        self.last_lesson = Some(id.to_owned());
    }

    pub fn finished(&mut self, id: &str) {
        self.lessons.entry(id.to_owned()).or_default().state = LessonState::Done;
    }

    #[must_use]
    pub fn position(&self, id: &str) -> usize {
        self.lessons.get(id).map_or(0, |r| r.position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_stays_done_when_reopened() {
        let mut p = Progress::default();
        p.reading("a", 10);
        assert_eq!(p.lesson_state("a"), LessonState::Reading);
        p.finished("a");
        p.reading("a", 0);
        assert_eq!(p.lesson_state("a"), LessonState::Done);
        assert_eq!(p.last_lesson.as_deref(), Some("a"));
    }
}
