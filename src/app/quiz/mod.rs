//! Quizzes in the app: opening a bank or a review, and what each key does on each quiz screen
//! (see the `Quiz*` contexts in the keymap). The rules of a quiz live in [`crate::quiz`]; this
//! file only turns actions into calls on the session and the screen state, and records a
//! finished quiz (never an abandoned one) with the app's one `save`.

mod actions;
mod hints;
mod screen;
mod view;

use super::{App, Popup, Screen, Status};
use crate::keymap::{Action, Context};
use crate::layout;
use crate::quiz::{Clock, Kind, Moment, Phase, Session, SystemClock, forecast};
use actions::Env;
pub use screen::{EndAction, EndRow, OPTION_INDENT, QuizScreen, QuizView, Row};

/// Where quizzes get their time and seed. Tests put a [`crate::quiz::ManualClock`] and a fixed
/// seed here.
pub struct QuizSettings {
    pub clock: Box<dyn Clock>,
    /// Seed for the next quiz; a random one when `None`.
    pub seed: Option<u64>,
}

impl Default for QuizSettings {
    fn default() -> Self {
        Self {
            clock: Box::new(SystemClock::new()),
            seed: None,
        }
    }
}

/// What an action on a quiz screen asks of the app once the screen is updated.
pub(super) enum After {
    Stay,
    Status(String),
    /// Leave the quiz (back, or abandoned).
    Close(Option<&'static str>),
    /// The session just ended: record it.
    Finished,
    /// Leave the quiz and follow this link (the next lesson after a pass).
    Open(String),
    /// Follow this link from the quiz, which stays below what it opens.
    Follow(String),
    /// The current question was just answered: say when it comes back (and in a review, save
    /// the answer now).
    Answered,
}

impl App {
    /// Seeds the quiz on screen (if it has not begun) and every quiz opened after.
    pub fn set_quiz_seed(&mut self, seed: u64) {
        self.quiz.seed = Some(seed);
        let (w, h) = layout::lesson_text_size(self.size.0, self.size.1);
        if let Some(Screen::Quiz(q)) = self.stack.last_mut()
            && q.session.phase() == Phase::Start
        {
            q.session = q.session.reseeded(&self.course, seed);
            q.relayout(&self.course, &self.theme.md, w, h);
        }
    }

    /// Replaces the clock quizzes use (tests inject one).
    pub fn set_clock(&mut self, clock: Box<dyn Clock>) {
        self.quiz.clock = clock;
        self.refresh_due();
    }

    /// How many questions a review would ask now: those due, and missed ones whose learning
    /// step is over (for a "N due" entry on the course map).
    #[must_use]
    pub fn reviews_due(&self) -> usize {
        self.progress
            .review_questions(&self.course, self.quiz.clock.now().unix)
            .len()
    }

    /// What review brings later, in words: drills later today, then the coming days ("5
    /// questions come back tomorrow"). Empty when nothing is scheduled.
    #[must_use]
    pub fn review_forecast(&self) -> Vec<String> {
        let now = self.quiz.clock.now();
        let mut out = Vec::new();
        if let Some((at, n)) = self.progress.next_drill(&self.course, now.unix) {
            out.push(format!(
                "Practise {} again {}.",
                crate::text::plural(n, "missed question"),
                forecast::when(at, now).replace("later today at", "from")
            ));
        }
        let days = self.progress.review_forecast(&self.course, now);
        if let Some(c) = forecast::coming(&days, now, 3) {
            out.push(format!("{c}."));
        }
        out
    }

    /// The quiz on screen, if the top screen is a quiz.
    #[must_use]
    pub fn quiz_screen(&self) -> Option<&QuizScreen> {
        match self.stack.last() {
            Some(Screen::Quiz(q)) => Some(q),
            _ => None,
        }
    }

    fn next_seed(&self) -> u64 {
        self.quiz
            .seed
            .unwrap_or_else(crate::quiz::shuffle::random_seed)
    }

    fn push_quiz(&mut self, session: Session) {
        let (w, h) = layout::lesson_text_size(self.size.0, self.size.1);
        let mut q = QuizScreen::new(session);
        q.back_to = match self.stack.last() {
            Some(Screen::Lesson(_)) => "the lesson",
            Some(Screen::Sim(_)) => "the simulation",
            Some(Screen::Quiz(_)) => "the quiz",
            Some(Screen::Lab(_)) => "the lab",
            None => "the course map",
        }
        .to_owned();
        q.relayout(&self.course, &self.theme.md, w, h);
        self.popup = None;
        self.stack.push(Screen::Quiz(Box::new(q)));
    }

    /// Opens a quiz bank's start screen.
    pub fn open_quiz(&mut self, bank: &str) {
        match self.course.banks.iter().position(|b| b.id == bank) {
            Some(i) => {
                let s = Session::bank(&self.course, i, self.next_seed());
                self.push_quiz(s);
            }
            None => {
                self.status = Some(Status::error(format!(
                    "no quiz bank `{bank}` in this course"
                )))
            }
        }
    }

    /// Opens a review session of the questions due now (a notice when none is).
    pub fn open_review(&mut self) {
        let now = self.quiz.clock.now();
        let due = self.progress.review_questions(&self.course, now.unix);
        if due.is_empty() {
            let next = self
                .progress
                .next_review(&self.course, now.unix)
                .map(|t| {
                    format!(
                        "\n\nThe next questions come back on {}.",
                        Moment { unix: t, ..now }.date_string()
                    )
                })
                .unwrap_or_default();
            let coming = self.review_forecast().join(" ");
            let next = if coming.is_empty() {
                next
            } else {
                format!("{next}\n\n{coming}")
            };
            self.popup = Some(Popup::Notice {
                title: "Review".into(),
                text: format!(
                    "Nothing to review now: questions you miss in a quiz come back here the next day.{next}"
                ),
            });
            return;
        }
        let s = Session::review(&self.course, &due, self.next_seed());
        self.push_quiz(s);
    }

    pub(super) fn update_quiz(&mut self, ctx: Context, action: Action) {
        let now = self.quiz.clock.now();
        let (w, h) = layout::lesson_text_size(self.size.0, self.size.1);
        let Some(Screen::Quiz(q)) = self.stack.last_mut() else {
            return;
        };
        let env = Env {
            course: &self.course,
            md: &self.theme.md,
            w,
            h,
            now: now.unix,
        };
        let after = match ctx {
            Context::QuizConfirm => match action {
                Action::Confirm if q.session.kind() == Kind::Review => {
                    After::Close(Some("review stopped: the answers you gave are saved"))
                }
                Action::Confirm => After::Close(Some("quiz abandoned: nothing was recorded")),
                Action::Back => {
                    q.confirm = false;
                    After::Stay
                }
                _ => After::Stay,
            },
            Context::QuizStart => match action {
                Action::Open => {
                    q.session.begin(env.course, env.now);
                    env.enter(q)
                }
                Action::Back => After::Close(None),
                _ => After::Stay,
            },
            Context::QuizFeedback => match action {
                Action::Next if q.link.is_some() => actions::follow(q),
                Action::NextLink | Action::PrevLink => actions::focus_link(q, action),
                Action::Next => {
                    q.session.next(env.course, env.now);
                    env.enter(q)
                }
                Action::Abandon => {
                    q.confirm = true;
                    After::Stay
                }
                other => {
                    env.scroll(q, &other);
                    After::Stay
                }
            },
            Context::QuizEnd => env.end(q, action),
            Context::QuizWalk => env.walk(q, action),
            _ => env.answering(q, ctx, action),
        };
        match after {
            After::Stay => {}
            After::Status(s) => self.status = Some(Status::info(s)),
            After::Close(msg) => {
                self.stack.pop();
                self.status = msg.map(Status::info);
            }
            After::Finished => self.finished(now, w, h),
            After::Open(target) => {
                self.stack.pop();
                self.follow(&target);
            }
            After::Follow(target) => self.follow(&target),
            After::Answered => self.answered(now, w, h),
        }
    }

    /// A session ended: record it, and fill the summary's forecast and what comes next.
    fn finished(&mut self, now: Moment, w: u16, h: usize) {
        if let Some(Screen::Quiz(q)) = self.stack.last() {
            self.progress.record_quiz(&self.course, &q.session, now);
            self.save();
        }
        self.refresh_due();
        let forecast = self.review_forecast();
        let next = self.next_after_quiz();
        if let Some(Screen::Quiz(q)) = self.stack.last_mut() {
            q.forecast = forecast;
            q.next = next;
            q.cursor = Some(0);
            q.relayout(&self.course, &self.theme.md, w, h);
        }
    }

    /// After a passed whole-bank quiz: the first lab of the bank's lesson not done yet (doing
    /// comes before reading on), else the lesson after the bank's own, as a link target and a
    /// title ("lab · Retry a charge without paying twice", "lesson 4 · Recording keys safely").
    /// `None` otherwise, or after the last lesson with no lab left.
    fn next_after_quiz(&self) -> Option<(String, String)> {
        let Some(Screen::Quiz(q)) = self.stack.last() else {
            return None;
        };
        let s = &q.session;
        if !matches!(s.kind(), Kind::Bank { whole: true, .. }) {
            return None;
        }
        if s.summary(&self.course).passed() != Some(true) {
            return None;
        }
        let bank = s.bank_of(&self.course)?;
        let at = self.course.lessons.iter().position(|l| {
            bank.lesson.as_deref() == Some(l.id.as_str())
                || l.quiz.as_deref() == Some(bank.id.as_str())
        })?;
        let lesson = &self.course.lessons[at].id;
        let lab = self.course.labs.iter().find(|l| {
            l.lesson.as_deref() == Some(lesson.as_str())
                && self.progress.lab_state(&l.lab) != crate::progress::LabState::Done
        });
        if let Some(lab) = lab {
            return Some((
                format!("lab:{}", lab.lab),
                format!("lab · {}", crate::text::sanitize_line(&lab.title)),
            ));
        }
        let next = self.course.lessons.get(at + 1)?;
        Some((
            format!("lesson:{}", next.id),
            format!(
                "lesson {} · {}",
                at + 2,
                crate::text::sanitize_line(&next.title)
            ),
        ))
    }

    /// After an answer: a review saves it at once (stopping part-way keeps it), and every quiz
    /// says when the question comes back.
    fn answered(&mut self, now: Moment, w: u16, h: usize) {
        let Some(Screen::Quiz(q)) = self.stack.last_mut() else {
            return;
        };
        let i = q.session.pos();
        let news = q.session.kind() == Kind::Review
            && self
                .progress
                .record_answer(&self.course, &q.session, i, now);
        let correct = q.session.outcome(i).is_some_and(|o| o.correct);
        let words = self
            .progress
            .schedule_after(&self.course, &q.session, i, now)
            .and_then(|(slot, step)| forecast::after_answer(slot, step, correct, now));
        q.set_schedule(i, words);
        q.relayout(&self.course, &self.theme.md, w, h);
        if news {
            self.save();
            self.refresh_due();
        }
    }
}
