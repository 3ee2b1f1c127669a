//! What each key does on each quiz screen: the handlers behind [`App::update`] for the `Quiz*`
//! contexts. They change the screen state and the session, and tell the app what is left to do
//! (a status line, leaving the quiz, recording a finished one) through [`After`].
//!
//! [`App::update`]: super::App::update

use super::After;
use super::screen::{EndAction, QuizScreen, Row};
use crate::content::Course;
use crate::keymap::{Action, Context, key_label};
use crate::markdown::MdTheme;
use crate::quiz::{Incomplete, Phase, SubmitError};

/// What the per-screen handlers need from the app, borrowed apart from the screen stack.
pub(super) struct Env<'a> {
    pub(super) course: &'a Course,
    pub(super) md: &'a MdTheme,
    pub(super) w: u16,
    pub(super) h: usize,
    pub(super) now: u64,
}

impl Env<'_> {
    /// After the session moved on: lay out the new question, or show the end.
    pub(super) fn enter(&self, q: &mut QuizScreen) -> After {
        q.cursor = None;
        q.link = None;
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

    pub(super) fn scroll(&self, q: &mut QuizScreen, action: &Action) {
        let page = isize::try_from(q.height.saturating_sub(2).max(1)).unwrap_or(1);
        match *action {
            Action::Down => q.scroll_by(1),
            Action::Up => q.scroll_by(-1),
            Action::PageDown => q.scroll_by(page),
            Action::PageUp => q.scroll_by(-page),
            _ => {}
        }
    }

    pub(super) fn answering(&self, q: &mut QuizScreen, ctx: Context, action: Action) -> After {
        let n = q.view.options.len();
        let pick = ctx == Context::QuizPick;
        match action {
            Action::Down | Action::Up if n > 0 => {
                let c = match (q.cursor, &action) {
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
                None => {
                    return After::Status(format!(
                        "select a choice first ({}), then {}",
                        key_label(ctx, Action::Down),
                        key_label(ctx, Action::Toggle)
                    ));
                }
            },
            Action::MoveItemUp | Action::MoveItemDown => match q.cursor {
                Some(c) => q.cursor = Some(q.session.move_item(c, action == Action::MoveItemUp)),
                None => {
                    return After::Status(format!(
                        "select an item first: {} or {}–{n}",
                        key_label(ctx, Action::Down),
                        key_label(ctx, Action::Select(0))
                    ));
                }
            },
            Action::Submit => return self.submit(q, n),
            Action::Abandon => q.confirm = true,
            Action::PageDown | Action::PageUp => self.scroll(q, &action),
            Action::Type(c) => q.field.insert(c.encode_utf8(&mut [0; 4])),
            Action::Paste(ref text) => q.field.insert(text),
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
                After::Answered
            }
            Err(SubmitError::Incomplete(why)) => {
                let key = |ctx, a| key_label(ctx, a);
                After::Status(match why {
                    Incomplete::NothingPicked => format!(
                        "pick an answer first: {} or {}–{n}, then {}",
                        key(Context::QuizPick, Action::Down),
                        key(Context::QuizPick, Action::Select(0)),
                        key(Context::QuizPick, Action::Submit)
                    ),
                    Incomplete::NothingTicked => format!(
                        "tick at least one choice first: {} or {}–{n}, then {}",
                        key(Context::QuizTick, Action::Toggle),
                        key(Context::QuizTick, Action::Select(0)),
                        key(Context::QuizTick, Action::Submit)
                    ),
                    Incomplete::NothingTyped => format!(
                        "type an answer first, then {}",
                        key(Context::QuizText, Action::Submit)
                    ),
                })
            }
            Err(SubmitError::NotAnswering) => After::Stay,
        }
    }

    pub(super) fn end(&self, q: &mut QuizScreen, action: Action) -> After {
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
            other => {
                let direct = actions.iter().copied().find(|a| a.action() == other);
                if direct.is_none() {
                    self.scroll(q, &other);
                }
                direct
            }
        };
        let missed = !q.session.missed().is_empty();
        match chosen {
            None => After::Stay,
            Some(EndAction::Back) => After::Close(None),
            Some(EndAction::Next) => match &q.next {
                Some((target, _)) => After::Open(target.clone()),
                None => After::Stay,
            },
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
                let back_to = std::mem::take(&mut q.back_to);
                *q = QuizScreen::new(s);
                q.back_to = back_to;
                self.enter(q)
            }
        }
    }

    pub(super) fn walk(&self, q: &mut QuizScreen, action: Action) -> After {
        let Some(k) = q.walk else { return After::Stay };
        let n = q.session.missed().len();
        let to = match action {
            Action::Next if q.link.is_some() => return follow(q),
            Action::NextLink | Action::PrevLink => return focus_link(q, action),
            Action::Next => Some(k + 1),
            Action::Prev => Some(k.saturating_sub(1)),
            Action::Back => Some(n),
            other => {
                self.scroll(q, &other);
                None
            }
        };
        if let Some(to) = to {
            q.link = None;
            q.walk = (to < n).then_some(to);
            q.scroll = 0;
            q.relayout(self.course, self.md, self.w, self.h);
        }
        After::Stay
    }
}

/// Enter on a focused link: open what it names above the quiz, which stays as it is (closing
/// the player, lesson or term comes back to this feedback). The focus is dropped, so Enter goes
/// on once the learner is back.
pub(super) fn follow(q: &mut QuizScreen) -> After {
    match q.focused_url().map(str::to_owned) {
        Some(url) => {
            q.link = None;
            After::Follow(url)
        }
        None => After::Stay,
    }
}

/// Tab or Shift-Tab on a feedback: focus a link of the explanation, or say there is none.
pub(super) fn focus_link(q: &mut QuizScreen, action: Action) -> After {
    if q.view.links.is_empty() {
        return After::Status("this explanation has no links".into());
    }
    q.focus_link(action == Action::NextLink);
    After::Stay
}
