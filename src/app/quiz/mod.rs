//! Quizzes in the app: opening a bank or a review, and what each key does on each quiz screen
//! (see the `Quiz*` contexts in the keymap). The rules of a quiz live in [`crate::quiz`]; this
//! file only turns actions into calls on the session and the screen state, and records a
//! finished quiz (never an abandoned one) with the app's one `save`.

mod actions;
mod screen;

use super::{App, Popup, Screen, Status};
use crate::keymap::{Action, Context};
use crate::layout;
use crate::quiz::{Clock, Moment, Phase, Session, SystemClock};
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

    /// How many questions are due for review now (for a "N due" entry on the course map).
    #[must_use]
    pub fn reviews_due(&self) -> usize {
        self.progress
            .due_questions(&self.course, self.quiz.clock.now().unix)
            .len()
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
        let due = self.progress.due_questions(&self.course, now.unix);
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
            After::Finished => {
                if let Some(Screen::Quiz(q)) = self.stack.last() {
                    self.progress.record_quiz(&self.course, &q.session, now);
                    self.save();
                }
            }
        }
    }
}
