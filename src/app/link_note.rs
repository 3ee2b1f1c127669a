//! The footer's words for the screen on top: its hints, as the screen adjusts them, and where
//! Enter goes (issue 12): with a link focused in a lesson or in a quiz's
//! explanation, or "next" selected on a quiz's summary, the footer names the destination before
//! the learner presses Enter (`Enter → ▶ simulation: Retry without a key`, `Enter → » lesson:
//! Idempotency keys`), with the marker and the words the links themselves use, and the
//! destination's title where the course has it, so the learner knows before the player fills
//! the screen. The screens only draw the note.

use super::App;
use crate::keymap::{Action, Context, key_label};
use crate::markdown::LinkKind as Mark;

impl App {
    /// The footer's hints for the screen on top: the key table's for its context, as the screen
    /// adjusts them (the player names its knob keys as the model does and hides idle ones; a
    /// quiz offers Tab only over links, and no Enter hint while the note says where it goes).
    #[must_use]
    pub fn footer_hints(&self) -> Vec<crate::keymap::Hint> {
        let ctx = self.context();
        let hints = crate::keymap::hints(ctx);
        match ctx {
            Context::Sim => match self.player() {
                Some(p) => p.footer_hints(hints),
                None => hints,
            },
            Context::QuizFeedback | Context::QuizWalk | Context::QuizEnd => {
                match self.quiz_screen() {
                    Some(q) => q.footer_hints(ctx, hints),
                    None => hints,
                }
            }
            _ => hints,
        }
    }

    /// The footer's note for the screen on top, if it has one.
    #[must_use]
    pub fn link_note(&self) -> Option<String> {
        match self.context() {
            Context::Lesson => self.lesson_note(),
            ctx @ (Context::QuizFeedback | Context::QuizWalk) => {
                let url = self.quiz_screen()?.enter_url()?;
                Some(self.enter_note(ctx, Action::Next, url))
            }
            Context::QuizEnd => {
                let url = self.quiz_screen()?.enter_url()?;
                Some(self.enter_note(Context::QuizEnd, Action::Open, url))
            }
            _ => None,
        }
    }

    /// `Enter → ▶ simulation: Retry without a key`: the key bound to `action` in `ctx`, then
    /// where `url` leads.
    pub(super) fn enter_note(&self, ctx: Context, action: Action, url: &str) -> String {
        format!("{} → {}", key_label(ctx, action), self.destination(url))
    }

    /// Where `url` leads, in words: `▶ simulation: Retry without a key`, `» lesson: …`; an id
    /// the course does not have says so, and a web address is shown, not opened.
    fn destination(&self, url: &str) -> String {
        let (kind, id) = Mark::of(url);
        let c = &self.course;
        let title = match kind {
            Mark::Lesson => c.lesson(id).map(|l| l.title.as_str()),
            Mark::Term => c.term(id).map(|t| t.term.as_str()),
            Mark::Sim => c.scenario(id).map(|s| s.title.as_str()),
            Mark::Quiz => c.bank(id).map(|b| b.title.as_str()),
            Mark::Lab => c.lab(id).map(|l| l.title.as_str()),
            Mark::Web => None,
        };
        match (kind, title) {
            (Mark::Web, _) => format!("shows the address {id}"),
            (_, Some(t)) => format!("{} {}: {t}", kind.marker(), kind.noun()),
            (_, None) => format!(
                "{} {}: {id} (not in this course)",
                kind.marker(),
                kind.noun()
            ),
        }
    }
}
