//! One sitting of a quiz as a state machine:
//!
//! ```text
//! Start ──begin──▶ Answering ──submit──▶ Feedback ──next──▶ Answering … ──next──▶ End
//! ```
//!
//! The session holds positions into the loaded [`Course`] (bank and question indices), never a
//! copy of a bank, and every method that needs a question borrows it from the course the caller
//! passes: moving between questions costs an index, not a reload. Answers change freely while
//! answering; [`Session::submit`] grades once and moves on, so nothing is scored twice. Time
//! comes in as a parameter (see [`super::clock`]).

use super::answer::{Draft, Incomplete};
use super::grade::{Outcome, grade};
use super::shuffle::display_order;
use crate::content::{Bank, Course, Question};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Start,
    Answering,
    Feedback,
    End,
}

/// What the session is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Questions of one bank: `whole` when it is every question (a scored attempt), else a
    /// retake of some of them (practice: answers count for review, not for the bank's score).
    Bank { bank: usize, whole: bool },
    /// Questions due for review, from any bank.
    Review,
}

/// A question in the session and the order its choices or items are shown in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub bank: usize,
    pub question: usize,
    /// See [`display_order`].
    pub shown: Vec<usize>,
}

/// Why an answer was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitError {
    /// Not answering now (not begun, already submitted, or over).
    NotAnswering,
    Incomplete(Incomplete),
}

#[derive(Debug, Clone)]
pub struct Session {
    pub(super) kind: Kind,
    seed: u64,
    pub(super) items: Vec<Item>,
    pos: usize,
    phase: Phase,
    draft: Draft,
    pub(super) outcomes: Vec<Option<Outcome>>,
    pub(super) started: u64,
    pub(super) ended: u64,
    /// This sitting's random id (never 0): progress records each answer once under it, so
    /// saving answers one by one and again at the end counts each once.
    run: u64,
}

impl Session {
    fn new(course: &Course, kind: Kind, picks: Vec<(usize, usize)>, seed: u64) -> Self {
        let items: Vec<Item> = picks
            .into_iter()
            .map(|(bank, question)| Item {
                bank,
                question,
                shown: display_order(&course.banks[bank].questions[question], seed),
            })
            .collect();
        Self {
            kind,
            seed,
            outcomes: vec![None; items.len()],
            items,
            pos: 0,
            phase: Phase::Start,
            draft: Draft::Text(String::new()),
            started: 0,
            ended: 0,
            run: rand::random::<u64>().max(1),
        }
    }

    /// Every question of bank `bank` (an index into `course.banks`), in the bank's order.
    #[must_use]
    pub fn bank(course: &Course, bank: usize, seed: u64) -> Self {
        let n = course.banks[bank].questions.len();
        let picks = (0..n).map(|q| (bank, q)).collect();
        Self::new(course, Kind::Bank { bank, whole: true }, picks, seed)
    }

    /// A review of `(bank id, question id)` pairs; ids the course no longer has are skipped.
    #[must_use]
    pub fn review(course: &Course, due: &[(String, String)], seed: u64) -> Self {
        let picks = due
            .iter()
            .filter_map(|(b, q)| {
                let bi = course.banks.iter().position(|x| &x.id == b)?;
                let qi = course.banks[bi].questions.iter().position(|x| &x.id == q)?;
                Some((bi, qi))
            })
            .collect();
        Self::new(course, Kind::Review, picks, seed)
    }

    /// A new session with the next seed: only the missed questions (practice), or all again
    /// (for a bank: the whole bank, a scored attempt, even after a retake of some).
    #[must_use]
    pub fn retake(&self, course: &Course, only_missed: bool) -> Self {
        let seed = self.seed.wrapping_add(1);
        if let (Kind::Bank { bank, .. }, false) = (self.kind, only_missed) {
            return Self::bank(course, bank, seed);
        }
        let picks: Vec<(usize, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| !only_missed || self.is_missed(*i))
            .map(|(_, it)| (it.bank, it.question))
            .collect();
        let kind = match self.kind {
            Kind::Bank { bank, .. } => Kind::Bank { bank, whole: false },
            Kind::Review => Kind::Review,
        };
        Self::new(course, kind, picks, seed)
    }

    /// The same questions from the start, shown with another seed.
    #[must_use]
    pub fn reseeded(&self, course: &Course, seed: u64) -> Self {
        let picks = self.items.iter().map(|it| (it.bank, it.question)).collect();
        Self::new(course, self.kind, picks, seed)
    }

    #[must_use]
    pub fn kind(&self) -> Kind {
        self.kind
    }

    #[must_use]
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// This sitting's random id (see the field).
    #[must_use]
    pub fn run(&self) -> u64 {
        self.run
    }

    #[must_use]
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Index of the current question.
    #[must_use]
    pub fn pos(&self) -> usize {
        self.pos
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    #[must_use]
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The current item (the last one once the session is over).
    #[must_use]
    pub fn item(&self) -> Option<&Item> {
        self.items.get(self.pos)
    }

    /// The bank of a single-bank session.
    #[must_use]
    pub fn bank_of<'c>(&self, course: &'c Course) -> Option<&'c Bank> {
        match self.kind {
            Kind::Bank { bank, .. } => course.banks.get(bank),
            Kind::Review => None,
        }
    }

    /// Question `i` of the session, borrowed from the loaded course.
    #[must_use]
    pub fn question_at<'c>(&self, course: &'c Course, i: usize) -> Option<&'c Question> {
        let it = self.items.get(i)?;
        course.banks.get(it.bank)?.questions.get(it.question)
    }

    /// The current question, borrowed from the loaded course.
    #[must_use]
    pub fn question<'c>(&self, course: &'c Course) -> Option<&'c Question> {
        self.question_at(course, self.pos)
    }

    #[must_use]
    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    #[must_use]
    pub fn outcome(&self, i: usize) -> Option<&Outcome> {
        self.outcomes.get(i)?.as_ref()
    }

    /// Whether question `i` was answered wrong.
    #[must_use]
    pub fn is_missed(&self, i: usize) -> bool {
        self.outcome(i).is_some_and(|o| !o.correct)
    }

    /// Indices of the questions answered wrong.
    #[must_use]
    pub fn missed(&self) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| self.is_missed(i))
            .collect()
    }

    /// Leaves the start screen at `now`: the first question (or the end, if there is none).
    pub fn begin(&mut self, course: &Course, now: u64) {
        if self.phase != Phase::Start {
            return;
        }
        self.started = now;
        self.pos = 0;
        self.enter(course, now);
    }

    fn enter(&mut self, course: &Course, now: u64) {
        match (self.question(course), self.items.get(self.pos)) {
            (Some(q), Some(it)) => {
                self.draft = Draft::new(q, &it.shown);
                self.phase = Phase::Answering;
            }
            _ => {
                self.pos = self.items.len().saturating_sub(1);
                self.ended = now;
                self.phase = Phase::End;
            }
        }
    }

    /// Picks (single, true_false) or toggles (multiple) display position `pos`.
    pub fn choose(&mut self, pos: usize) {
        if self.phase == Phase::Answering {
            let n = self.item().map_or(0, |it| it.shown.len());
            self.draft.choose(pos, n);
        }
    }

    /// Moves the order item at display position `pos` up or down; returns its new position.
    pub fn move_item(&mut self, pos: usize, up: bool) -> usize {
        if self.phase == Phase::Answering {
            self.draft.move_item(pos, up)
        } else {
            pos
        }
    }

    /// Sets a whole order at once: `positions` are display positions as first shown, in the
    /// learner's order. Anything but a permutation of them is ignored.
    pub fn arrange(&mut self, positions: &[usize]) {
        let (Phase::Answering, Some(it), Draft::Arrange(a)) =
            (self.phase, self.items.get(self.pos), &mut self.draft)
        else {
            return;
        };
        let mut sorted = positions.to_vec();
        sorted.sort_unstable();
        if sorted.iter().copied().eq(0..it.shown.len()) {
            *a = positions.iter().map(|&p| it.shown[p]).collect();
        }
    }

    pub fn set_text(&mut self, text: &str) {
        if self.phase == Phase::Answering {
            self.draft.set_text(text);
        }
    }

    /// Grades the current draft, once: Answering → Feedback.
    pub fn submit(&mut self, course: &Course) -> Result<&Outcome, SubmitError> {
        if self.phase != Phase::Answering {
            return Err(SubmitError::NotAnswering);
        }
        let (Some(q), Some(it)) = (self.question(course), self.items.get(self.pos)) else {
            return Err(SubmitError::NotAnswering);
        };
        let given = self
            .draft
            .to_given(q, &it.shown)
            .map_err(SubmitError::Incomplete)?;
        let outcome = grade(q, given);
        self.phase = Phase::Feedback;
        Ok(self.outcomes[self.pos].insert(outcome))
    }

    /// Feedback → the next question, or the end after the last one.
    pub fn next(&mut self, course: &Course, now: u64) {
        if self.phase == Phase::Feedback {
            self.pos += 1;
            self.enter(course, now);
        }
    }
}
