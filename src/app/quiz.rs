//! Quizzes in the app: opening a bank or a review, and what each key does on each quiz screen
//! (see the `Quiz*` contexts in the keymap). The rules of a quiz live in [`crate::quiz`]; this
//! file only turns actions into calls on the session and the screen state, and records a
//! finished quiz (never an abandoned one) with the app's one `save`.

use super::quiz_screen::{EndAction, QuizScreen, Row};
use super::{App, Popup, Screen};
use crate::content::Course;
use crate::keymap::{Action, Context};
use crate::markdown::MdTheme;
use crate::quiz::{Clock, Incomplete, Moment, Phase, Session, SubmitError, SystemClock};
use crate::ui::layout;

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
enum After {
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

    pub(super) fn start_quiz(&mut self, bank: &str) {
        match self.course.banks.iter().position(|b| b.id == bank) {
            Some(i) => {
                let s = Session::bank(&self.course, i, self.next_seed());
                self.push_quiz(s);
            }
            None => self.status = Some(format!("no quiz bank `{bank}` in this course")),
        }
    }

    pub(super) fn start_review(&mut self) {
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

    /// A printable key while typing a text answer goes into the answer.
    pub(super) fn quiz_typing(&mut self, ev: &crossterm::event::KeyEvent) -> bool {
        use crossterm::event::{KeyCode, KeyModifiers};
        if self.popup.is_some() || self.context() != Context::QuizText {
            return false;
        }
        match ev.code {
            KeyCode::Char(c)
                if !ev
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.update(Action::Type(c));
                true
            }
            _ => false,
        }
    }

    /// Pasted text goes into a text answer being typed.
    pub(super) fn quiz_paste(&mut self, text: &str) -> bool {
        if self.popup.is_some() || self.context() != Context::QuizText {
            return false;
        }
        if let Some(Screen::Quiz(q)) = self.stack.last_mut() {
            q.field.insert(text);
            q.reveal(|r| r == Row::Field);
        }
        true
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
                    env.scroll(q, other);
                    After::Stay
                }
            },
            Context::QuizEnd => env.end(q, action),
            Context::QuizWalk => env.walk(q, action),
            _ => env.answering(q, ctx, action),
        };
        match after {
            After::Stay => {}
            After::Status(s) => self.status = Some(s),
            After::Close(msg) => {
                self.stack.pop();
                self.status = msg.map(str::to_owned);
            }
            After::Finished => {
                if let Some(Screen::Quiz(q)) = self.stack.last() {
                    let session = q.session.clone();
                    self.progress.record_quiz(&self.course, &session, now);
                    self.save();
                }
            }
        }
    }
}

/// What the per-screen handlers need from the app, borrowed apart from the screen stack.
struct Env<'a> {
    course: &'a Course,
    md: &'a MdTheme,
    w: u16,
    h: usize,
    now: u64,
}

impl Env<'_> {
    /// After the session moved on: lay out the new question, or show the end.
    fn enter(&self, q: &mut QuizScreen) -> After {
        q.cursor = None;
        q.scroll = 0;
        q.field.clear();
        q.relayout(self.course, self.md, self.w, self.h);
        if q.session.phase() == Phase::End {
            q.cursor = Some(0);
            After::Finished
        } else {
            After::Stay
        }
    }

    fn scroll(&self, q: &mut QuizScreen, action: Action) {
        let page = isize::try_from(q.height.saturating_sub(2).max(1)).unwrap_or(1);
        match action {
            Action::Down => q.scroll_by(1),
            Action::Up => q.scroll_by(-1),
            Action::PageDown => q.scroll_by(page),
            Action::PageUp => q.scroll_by(-page),
            _ => {}
        }
    }

    fn answering(&self, q: &mut QuizScreen, ctx: Context, action: Action) -> After {
        let n = q.view.options.len();
        let pick = ctx == Context::QuizPick;
        match action {
            Action::Down | Action::Up if n > 0 => {
                let c = match (q.cursor, action) {
                    (None, _) => 0,
                    (Some(c), Action::Down) => (c + 1).min(n - 1),
                    (Some(c), _) => c.saturating_sub(1),
                };
                q.cursor = Some(c);
                if pick {
                    q.session.choose(c);
                }
            }
            Action::Select(d) => {
                let d = usize::from(d);
                if d >= n {
                    return After::Status(format!("there is no number {} here", d + 1));
                }
                q.cursor = Some(d);
                if ctx != Context::QuizOrder {
                    q.session.choose(d);
                }
            }
            Action::Toggle => match q.cursor {
                Some(c) => q.session.choose(c),
                None => return After::Status("select a choice first (↓), then Space".into()),
            },
            Action::MoveItemUp | Action::MoveItemDown => match q.cursor {
                Some(c) => q.cursor = Some(q.session.move_item(c, action == Action::MoveItemUp)),
                None => return After::Status(format!("select an item first: ↓ or 1–{n}")),
            },
            Action::Submit => return self.submit(q, n),
            Action::Abandon => q.confirm = true,
            Action::PageDown | Action::PageUp => self.scroll(q, action),
            Action::Type(c) => q.field.insert(c.encode_utf8(&mut [0; 4])),
            Action::CursorLeft => q.field.left(),
            Action::CursorRight => q.field.right(),
            Action::LineStart => q.field.home(),
            Action::LineEnd => q.field.end(),
            Action::DeleteBack => q.field.backspace(),
            Action::DeleteForward => q.field.delete(),
            _ => {}
        }
        match (ctx, q.cursor) {
            (Context::QuizText, _) => q.reveal(|r| r == Row::Field),
            (_, Some(c)) if !matches!(action, Action::PageDown | Action::PageUp) => {
                q.reveal(|r| matches!(r, Row::Option { pos, .. } if pos == c));
            }
            _ => {}
        }
        After::Stay
    }

    fn submit(&self, q: &mut QuizScreen, n: usize) -> After {
        let text = q.field.text().to_owned();
        q.session.set_text(&text);
        match q.session.submit(self.course) {
            Ok(_) => {
                q.relayout(self.course, self.md, self.w, self.h);
                let rows = q.rows();
                let verdict = rows.iter().position(|&r| r == Row::Verdict).unwrap_or(0);
                // Show the question above the verdict when both fit, else start at the verdict.
                q.scroll = if verdict < q.height {
                    0
                } else {
                    verdict.min(q.max_scroll())
                };
                After::Stay
            }
            Err(SubmitError::Incomplete(why)) => After::Status(match why {
                Incomplete::NothingPicked => {
                    format!("pick an answer first: ↓ or 1–{n}, then Enter")
                }
                Incomplete::NothingTicked => {
                    format!("tick at least one choice first: Space or 1–{n}, then Enter")
                }
                Incomplete::NothingTyped => "type an answer first, then Enter".into(),
            }),
            Err(SubmitError::NotAnswering) => After::Stay,
        }
    }

    fn end(&self, q: &mut QuizScreen, action: Action) -> After {
        let actions = q.end_actions();
        let chosen = match action {
            Action::Down | Action::Up => {
                let c = q.cursor.unwrap_or(0);
                q.cursor = Some(if action == Action::Down {
                    (c + 1).min(actions.len() - 1)
                } else {
                    c.saturating_sub(1)
                });
                None
            }
            Action::Open => actions.get(q.cursor.unwrap_or(0)).copied(),
            Action::ReviewMissed => Some(EndAction::ReviewMissed),
            Action::RetakeMissed => Some(EndAction::RetakeMissed),
            Action::RetakeAll => Some(EndAction::RetakeAll),
            Action::Back => Some(EndAction::Back),
            other => {
                self.scroll(q, other);
                None
            }
        };
        let missed = !q.session.missed().is_empty();
        match chosen {
            None => After::Stay,
            Some(EndAction::Back) => After::Close(None),
            Some(EndAction::ReviewMissed | EndAction::RetakeMissed) if !missed => {
                After::Status("no question was missed".into())
            }
            Some(EndAction::ReviewMissed) => {
                q.walk = Some(0);
                q.scroll = 0;
                q.relayout(self.course, self.md, self.w, self.h);
                After::Stay
            }
            Some(a) => {
                let mut s = q.session.retake(self.course, a == EndAction::RetakeMissed);
                s.begin(self.course, self.now);
                *q = QuizScreen::new(s);
                self.enter(q)
            }
        }
    }

    fn walk(&self, q: &mut QuizScreen, action: Action) -> After {
        let Some(k) = q.walk else { return After::Stay };
        let n = q.session.missed().len();
        let to = match action {
            Action::Next => Some(k + 1),
            Action::Prev => Some(k.saturating_sub(1)),
            Action::Back => Some(n),
            other => {
                self.scroll(q, other);
                None
            }
        };
        if let Some(to) = to {
            q.walk = (to < n).then_some(to);
            q.scroll = 0;
            q.relayout(self.course, self.md, self.w, self.h);
        }
        After::Stay
    }
}
