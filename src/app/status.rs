//! The footer's one line of news: what the last action did, or why it did not. It carries its
//! severity as a value, so the screen picks a style (and the word "warning") from the kind of
//! news, never by reading the text.

use super::PlayerError;
use crate::keymap::{Action, Context};

/// How much a status line matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The answer to an action: what changed, what to do next.
    Info,
    /// Something the learner should know that the action did not cause (progress not saved).
    Warning,
    /// The action was refused, and why (a knob that does not apply, a link to nothing).
    Error,
}

/// One footer line and how much it matters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub severity: Severity,
    pub text: String,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            severity: Severity::Info,
            text: text.into(),
        }
    }

    pub fn warning(text: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            text: text.into(),
        }
    }
}

/// A player's refusal, in its words and at its severity.
impl From<&PlayerError> for Status {
    fn from(e: &PlayerError) -> Self {
        Self {
            severity: e.severity(),
            text: e.to_string(),
        }
    }
}

/// Whether `action` leaves the footer's news on screen: editing a search or a number keeps
/// what the last action said (the hint to type digits stays while they are typed), and a
/// paste never clears it. Every other action starts with an empty footer.
pub(super) fn keeps_status(context: Context, action: &Action) -> bool {
    match action {
        Action::Paste(_) => true,
        Action::Type(_) | Action::DeleteBack => {
            matches!(context, Context::Search | Context::SimInput)
        }
        _ => false,
    }
}
