//! The quiz's footer hints follow the screen: the key table's hints, with `Tab links` only when
//! the explanation on screen has a link to focus, and the Enter hint ("next", "do") left out
//! while Enter follows a link or the summary's "next", since the footer's note says where it
//! goes instead (`Enter → ▶ simulation: …`, see `app/link_note.rs`).

use super::QuizScreen;
use crate::keymap::{Action, Context, Hint};

impl QuizScreen {
    /// `hints` (the key table's, for `ctx`, the context of this screen) as they apply now.
    #[must_use]
    pub fn footer_hints(&self, ctx: Context, hints: Vec<Hint>) -> Vec<Hint> {
        let follows = self.enter_url().is_some();
        hints
            .into_iter()
            .filter(|(action, ..)| match (ctx, action) {
                (_, Action::NextLink | Action::PrevLink) => !self.view.links.is_empty(),
                (Context::QuizFeedback | Context::QuizWalk, Action::Next)
                | (Context::QuizEnd, Action::Open) => !follows,
                _ => true,
            })
            .collect()
    }
}
