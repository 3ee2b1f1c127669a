//! Quiz records: per bank the attempts, best and last score with their date; per question the
//! learner's answers and its place in spaced review ([`crate::quiz::schedule`]).
//!
//! Records are keyed by ids, so a question whose text an author rewrites keeps its history,
//! and a question whose id disappeared from its bank is dropped ([`Progress::forget_vanished`],
//! and never offered for review). Records of banks the course does not have at all are kept
//! untouched: they may belong to another content tree (`--content`) sharing the data directory.
//!
//! Only a finished quiz is recorded; an abandoned one leaves no trace. A whole-bank attempt
//! counts as an attempt with a score; a retake of only the missed questions and a review
//! session are practice: they add to each question's history and schedule, not to the bank's
//! score.
//!
//! Each recorded session gets a random run id, kept with its answers and (for a whole-bank
//! quiz) in the bank's attempt log: two instances that each finish a quiz in the same second
//! with the same score still count as two attempts when their files are merged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Progress;
use crate::content::Course;
use crate::quiz::schedule::{LEARNING_STEP, learning_day};
use crate::quiz::{Kind, Moment, Session, Slot};

/// Answers kept per question (the most recent ones).
pub const HISTORY_CAP: usize = 20;

/// A bank's best (or last) score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankScore {
    pub correct: u32,
    pub total: u32,
    /// Against the pass mark the bank had when the score was made.
    pub passed: bool,
    /// Unix time the quiz was finished.
    #[serde(default)]
    pub at: u64,
}

impl BankScore {
    /// Whether `self` is a strictly better fraction than `other`.
    pub(super) fn beats(self, other: Self) -> bool {
        u64::from(self.correct) * u64::from(other.total)
            > u64::from(other.correct) * u64::from(self.total)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answered {
    pub at: u64,
    pub correct: bool,
    /// The session it was given in (random; 0 in files from before run ids).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub run: u64,
    /// When, by the wall clock ([`super::stamp_now`]), to date it against a reset; 0 in older
    /// files.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub stamp: u64,
}

impl Answered {
    /// What tells two answers apart in a merge (the stamp is not part of it: an import
    /// restamps).
    pub(super) fn identity(&self) -> (u64, u64, bool) {
        (self.at, self.run, self.correct)
    }

    /// When it was given ([`super::stamp_now`]), for a reset to compare with.
    pub(super) fn dated(&self) -> u64 {
        if self.stamp > 0 {
            self.stamp
        } else {
            self.at.saturating_mul(1_000_000)
        }
    }
}

/// One finished whole-bank quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// The session's random id: what makes the union of two logs exact.
    pub run: u64,
    /// When it was finished, by the wall clock ([`super::stamp_now`]).
    pub stamp: u64,
    pub score: BankScore,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct QuestionRecord {
    /// Oldest first, at most [`HISTORY_CAP`].
    #[serde(default)]
    pub history: Vec<Answered>,
    /// Leitner box 1..=5, or 0 when the question is not in review.
    #[serde(default, rename = "box")]
    pub leitner_box: u8,
    /// Unix time from which it is due for review.
    #[serde(default)]
    pub due: Option<u64>,
    /// After a wrong answer, the unix time from which it may be drilled again the same day (a
    /// learning step, [`crate::quiz::schedule::LEARNING_STEP`]); cleared by a right answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u64>,
}

impl QuestionRecord {
    #[must_use]
    pub fn slot(&self) -> Slot {
        Slot {
            leitner_box: self.leitner_box,
            due: self.due,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BankRecord {
    /// Whole-bank quizzes finished: those in `log`, and any recorded before there was a log.
    #[serde(default)]
    pub attempts: u32,
    #[serde(default)]
    pub best: Option<BankScore>,
    #[serde(default)]
    pub last: Option<BankScore>,
    #[serde(default)]
    pub questions: BTreeMap<String, QuestionRecord>,
    /// Every whole-bank attempt, oldest first (files from before the log have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<Attempt>,
}

impl BankRecord {
    /// Attempts counted in `attempts` but not in `log` (from before there was a log).
    pub(super) fn unlogged(&self) -> u32 {
        self.attempts
            .saturating_sub(u32::try_from(self.log.len()).unwrap_or(u32::MAX))
    }
}

impl Progress {
    /// The best score recorded for `bank`, if it was ever finished.
    #[must_use]
    pub fn bank_best(&self, bank: &str) -> Option<BankScore> {
        self.quizzes.get(bank)?.best
    }

    #[must_use]
    pub fn bank_record(&self, bank: &str) -> Option<&BankRecord> {
        self.quizzes.get(bank)
    }

    /// Every scheduled question the course still has: `(bank index, question index, record)`.
    fn scheduled<'a>(
        &'a self,
        course: &'a Course,
    ) -> impl Iterator<Item = (usize, usize, &'a QuestionRecord)> + 'a {
        course.banks.iter().enumerate().flat_map(move |(bi, bank)| {
            let rec = self.quizzes.get(&bank.id);
            bank.questions
                .iter()
                .enumerate()
                .filter_map(move |(qi, q)| {
                    let r = rec?.questions.get(&q.id)?;
                    (r.leitner_box > 0).then_some((bi, qi, r))
                })
        })
    }

    /// `(bank, question id)` of every question due for review at `now` (unix seconds), in the
    /// order a review session asks them (longest waiting first, then course order); questions
    /// no longer in `course` are left out.
    #[must_use]
    pub fn due_questions(&self, course: &Course, now: u64) -> Vec<(String, String)> {
        let mut due: Vec<(u64, usize, usize)> = self
            .scheduled(course)
            .filter(|(_, _, r)| r.slot().is_due(now))
            .map(|(b, q, r)| (r.due.unwrap_or(0), b, q))
            .collect();
        due.sort_unstable();
        due.into_iter()
            .map(|(_, b, q)| {
                let bank = &course.banks[b];
                (bank.id.clone(), bank.questions[q].id.clone())
            })
            .collect()
    }

    /// When the next question not yet due becomes due.
    #[must_use]
    pub fn next_review(&self, course: &Course, now: u64) -> Option<u64> {
        self.scheduled(course)
            .filter_map(|(_, _, r)| r.due)
            .filter(|&d| d > now)
            .min()
    }

    /// What comes back for review after `now`: `(when the first of them is due, questions)`
    /// per learning day, soonest first. Questions due already are not in it.
    #[must_use]
    pub fn review_forecast(&self, course: &Course, now: Moment) -> Vec<(u64, usize)> {
        let mut days: BTreeMap<i64, (u64, usize)> = BTreeMap::new();
        for (_, _, r) in self.scheduled(course) {
            if let Some(d) = r.due.filter(|&d| d > now.unix) {
                let e = days
                    .entry(learning_day(Moment { unix: d, ..now }))
                    .or_insert((d, 0));
                e.0 = e.0.min(d);
                e.1 += 1;
            }
        }
        days.into_values().collect()
    }

    /// How many questions of bank `bank` a review at `now` asks: those due, and those missed
    /// earlier whose learning step is over (as the map and `progress` count them).
    #[must_use]
    pub fn due_in_bank(&self, course: &Course, bank: &str, now: u64) -> usize {
        self.review_questions(course, now)
            .iter()
            .filter(|(b, _)| b == bank)
            .count()
    }

    /// When question `question` of `bank` is next due, if it is in review.
    #[must_use]
    pub fn question_due(&self, bank: &str, question: &str) -> Option<u64> {
        let r = self.quizzes.get(bank)?.questions.get(question)?;
        (r.leitner_box > 0).then_some(r.due).flatten()
    }

    /// Drops the records of questions whose id is gone from a bank the course has.
    pub fn forget_vanished(&mut self, course: &Course) {
        for bank in &course.banks {
            if let Some(rec) = self.quizzes.get_mut(&bank.id) {
                rec.questions
                    .retain(|id, _| bank.questions.iter().any(|q| &q.id == id));
            }
        }
    }

    /// Records answer `i` of `session` given at `now` in its question's history and schedule,
    /// once: an answer already recorded under the session's run id is not added again. True
    /// when it was news (worth saving). Review sessions record every answer as it is given, so
    /// stopping part-way keeps them.
    pub fn record_answer(
        &mut self,
        course: &Course,
        session: &Session,
        i: usize,
        now: Moment,
    ) -> bool {
        let (Some(outcome), Some(item)) = (session.outcome(i), session.items().get(i)) else {
            return false;
        };
        let Some(bank) = course.banks.get(item.bank) else {
            return false;
        };
        let Some(q) = bank.questions.get(item.question) else {
            return false;
        };
        let run = session.run();
        let rec = self
            .quizzes
            .entry(bank.id.clone())
            .or_default()
            .questions
            .entry(q.id.clone())
            .or_default();
        if rec.history.iter().any(|a| a.run == run) {
            return false;
        }
        rec.history.push(Answered {
            at: now.unix,
            correct: outcome.correct,
            run,
            stamp: super::stamp_now(),
        });
        let extra = rec.history.len().saturating_sub(HISTORY_CAP);
        rec.history.drain(..extra);
        let slot = rec.slot().after(outcome.correct, now);
        rec.leitner_box = slot.leitner_box;
        rec.due = slot.due;
        rec.step = (!outcome.correct).then_some(now.unix.saturating_add(LEARNING_STEP));
        true
    }

    /// The review slot and learning step question `i` of `session` has after its answer: read
    /// from the record when the answer is recorded already, else what recording it will give.
    /// `None` before the question is answered.
    #[must_use]
    pub fn schedule_after(
        &self,
        course: &Course,
        session: &Session,
        i: usize,
        now: Moment,
    ) -> Option<(Slot, Option<u64>)> {
        let outcome = session.outcome(i)?;
        let item = session.items().get(i)?;
        let bank = course.banks.get(item.bank)?;
        let q = bank.questions.get(item.question)?;
        let rec = self
            .quizzes
            .get(&bank.id)
            .and_then(|b| b.questions.get(&q.id));
        if let Some(r) = rec.filter(|r| r.history.iter().any(|a| a.run == session.run())) {
            return Some((r.slot(), r.step));
        }
        let slot = rec.map(QuestionRecord::slot).unwrap_or_default();
        let step = (!outcome.correct).then_some(now.unix.saturating_add(LEARNING_STEP));
        Some((slot.after(outcome.correct, now), step))
    }

    /// Questions in a learning step that may be drilled again at `now` and are not due for
    /// review anyway, as `(bank, question id)` in course order.
    #[must_use]
    pub fn drill_questions(&self, course: &Course, now: u64) -> Vec<(String, String)> {
        self.scheduled(course)
            .filter(|(_, _, r)| r.step.is_some_and(|s| s <= now) && !r.slot().is_due(now))
            .map(|(b, q, _)| {
                let bank = &course.banks[b];
                (bank.id.clone(), bank.questions[q].id.clone())
            })
            .collect()
    }

    /// What a review session at `now` asks: the questions due, then those that may be drilled
    /// again after a recent miss.
    #[must_use]
    pub fn review_questions(&self, course: &Course, now: u64) -> Vec<(String, String)> {
        let mut all = self.due_questions(course, now);
        all.extend(self.drill_questions(course, now));
        all
    }

    /// When the first learning step still waiting after `now` ends, and how many questions wait.
    #[must_use]
    pub fn next_drill(&self, course: &Course, now: u64) -> Option<(u64, usize)> {
        let waiting: Vec<u64> = self
            .scheduled(course)
            .filter_map(|(_, _, r)| r.step)
            .filter(|&s| s > now)
            .collect();
        Some((*waiting.iter().min()?, waiting.len()))
    }

    /// Records a finished session: every answer not recorded yet ([`Self::record_answer`]),
    /// and for a whole-bank quiz an attempt with its score. Does nothing for an unfinished one.
    pub fn record_quiz(&mut self, course: &Course, session: &Session, now: Moment) {
        if session.phase() != crate::quiz::Phase::End {
            return;
        }
        for i in 0..session.items().len() {
            self.record_answer(course, session, i, now);
        }
        if let Kind::Bank { bank, whole: true } = session.kind() {
            let summary = session.summary(course);
            let Some(b) = course.banks.get(bank) else {
                return;
            };
            let score = BankScore {
                correct: u32::try_from(summary.correct).unwrap_or(u32::MAX),
                total: u32::try_from(summary.total).unwrap_or(u32::MAX),
                passed: summary.passed().unwrap_or(false),
                at: now.unix,
            };
            let run = session.run();
            let stamp = super::stamp_now();
            let rec = self.quizzes.entry(b.id.clone()).or_default();
            rec.attempts = rec.attempts.saturating_add(1);
            rec.log.push(Attempt { run, stamp, score });
            rec.last = Some(score);
            if rec.best.is_none_or(|best| score.beats(best)) {
                rec.best = Some(score);
            }
        }
    }
}
