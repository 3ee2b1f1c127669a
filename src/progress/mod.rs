//! What a learner has done, kept between runs: lesson state and reading position, and the last
//! lesson open (so the app resumes there). Later features add their own records with
//! `#[serde(default)]`, so older files keep loading; a file from a newer format version is not
//! guessed at but moved aside.
//!
//! Several instances may share one data directory, so every record carries what a merge needs
//! ([`merge`]): a stamp saying when it last changed, and for quiz answers and attempts an
//! identity that makes the union of two copies exact.

mod error;
mod file;
mod labs;
mod merge;
mod quiz;
mod sims;
mod store;

use std::collections::BTreeMap;

pub use error::{ParseError, StoreError};
pub use labs::{LabRecord, LabState, LastVerdict};
pub use quiz::{Answered, Attempt, BankRecord, BankScore, QuestionRecord};
use serde::{Deserialize, Serialize};
pub use sims::SimRecord;
pub use store::{SAVE_EVERY, Store, data_dir, export, parse};

/// The wall clock in microseconds since the Unix epoch: the stamps that date records against a
/// reset. Fine enough that a record made after a reset was read is always stamped after it. Not
/// the quiz clock: stamps only order events, they are never shown.
#[must_use]
pub fn stamp_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}

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
    /// When the state or position last changed ([`stamp_now`]); 0 in files from before stamps.
    #[serde(default)]
    pub changed: u64,
    /// How far the lesson has been read without a gap: a byte offset in the body. Scrolling
    /// extends it only while the screen starts at or before it, so a jump to the end (`G`, a
    /// search, the contents) does not read what it skips. See [`Progress::read_through`].
    #[serde(default)]
    pub read_to: usize,
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
    /// Lab records by lab id (see `labs.rs`).
    #[serde(default)]
    pub labs: BTreeMap<String, LabRecord>,
    /// When progress in this data directory was last reset ([`stamp_now`]): anything older is
    /// gone. Kept beside the progress file, not in it (see `store.rs`), so it is not part of
    /// what `progress --json` prints or `--export` writes.
    #[serde(skip)]
    pub reset_at: Option<u64>,
}

impl Default for Progress {
    fn default() -> Self {
        Self {
            version: VERSION,
            last_lesson: None,
            lessons: BTreeMap::new(),
            sims: BTreeMap::new(),
            quizzes: BTreeMap::new(),
            labs: BTreeMap::new(),
            reset_at: None,
        }
    }
}

impl Progress {
    #[must_use]
    pub fn lesson_state(&self, id: &str) -> LessonState {
        self.lessons.get(id).map(|r| r.state).unwrap_or_default()
    }

    /// Records that `id` is open at `position`; a lesson once done stays done. True if that is
    /// news (the state or position changed, or another lesson was the last one).
    pub fn reading(&mut self, id: &str, position: usize) -> bool {
        let rec = self.lessons.entry(id.to_owned()).or_default();
        let mut news = false;
        if rec.state == LessonState::NotStarted {
            rec.state = LessonState::Reading;
            news = true;
        }
        if rec.position != position {
            rec.position = position;
            news = true;
        }
        if news {
            rec.changed = stamp_now();
        }
        if self.last_lesson.as_deref() != Some(id) {
            self.last_lesson = Some(id.to_owned());
            news = true;
        }
        news
    }

    /// Records that lesson `id` was on screen from source offset `top` up to `below` (the
    /// offset just past the last line shown): `read_to` grows when the screen starts within
    /// what was read already. True when that reaches `end`, the lesson's length: every part of
    /// it has been on screen, so it may count as done.
    pub fn read_through(&mut self, id: &str, top: usize, below: usize, end: usize) -> bool {
        let rec = self.lessons.entry(id.to_owned()).or_default();
        if top <= rec.read_to && below > rec.read_to {
            rec.read_to = below;
        }
        rec.read_to >= end
    }

    pub fn finished(&mut self, id: &str) {
        let rec = self.lessons.entry(id.to_owned()).or_default();
        if rec.state != LessonState::Done {
            rec.state = LessonState::Done;
            rec.changed = stamp_now();
        }
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
