//! What the learner says, per kind of question: a [`Draft`] while they are still choosing, in
//! the positions they see on screen, and the [`Given`] answer it becomes on submit, in the
//! bank's own indices (what grading and feedback work with). A draft changes freely; only
//! [`super::Session::submit`] turns it into a scored answer.

use crate::content::{Question, QuestionKind};

/// An answer being built, in display positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Draft {
    /// single and true_false: the picked position, if any.
    Pick(Option<usize>),
    /// multiple: ticked or not, per position.
    Ticks(Vec<bool>),
    /// order: the items (their indices in the correct order) as currently arranged.
    Arrange(Vec<usize>),
    /// text: what was typed.
    Text(String),
}

/// A submitted answer in the bank's indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Given {
    /// single: the chosen choice.
    Choice(usize),
    /// multiple: the chosen choices, ascending.
    Choices(Vec<usize>),
    /// true_false.
    Bool(bool),
    /// order: item indices (0 = first in the correct order) in the order the learner put them.
    Order(Vec<usize>),
    Text(String),
}

/// Why a draft cannot be submitted yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incomplete {
    NothingPicked,
    NothingTicked,
    NothingTyped,
}

impl Draft {
    /// The empty answer to a question shown in `shown` order.
    #[must_use]
    pub fn new(q: &Question, shown: &[usize]) -> Self {
        match &q.kind {
            QuestionKind::Single { .. } | QuestionKind::TrueFalse { .. } => Self::Pick(None),
            QuestionKind::Multiple { choices } => Self::Ticks(vec![false; choices.len()]),
            QuestionKind::Order { .. } => Self::Arrange(shown.to_vec()),
            QuestionKind::Text { .. } => Self::Text(String::new()),
        }
    }

    /// Picks position `pos` (single, true_false) or toggles it (multiple). Out of range: nothing.
    pub fn choose(&mut self, pos: usize, options: usize) {
        match self {
            Self::Pick(p) if pos < options => *p = Some(pos),
            Self::Ticks(t) => {
                if let Some(x) = t.get_mut(pos) {
                    *x = !*x;
                }
            }
            _ => {}
        }
    }

    /// Moves the order item at `pos` one place up or down; returns where it is now.
    pub fn move_item(&mut self, pos: usize, up: bool) -> usize {
        let Self::Arrange(a) = self else { return pos };
        let to = if up {
            pos.checked_sub(1)
        } else {
            Some(pos + 1).filter(|&t| t < a.len())
        };
        match to {
            Some(t) if pos < a.len() => {
                a.swap(pos, t);
                t
            }
            _ => pos,
        }
    }

    pub fn set_text(&mut self, text: &str) {
        if let Self::Text(t) = self {
            text.clone_into(t);
        }
    }

    /// The answer to `q` (shown in `shown` order) in bank indices, or why there is none yet.
    pub fn to_given(&self, q: &Question, shown: &[usize]) -> Result<Given, Incomplete> {
        match self {
            Self::Pick(p) => {
                let idx = p
                    .and_then(|p| shown.get(p).copied())
                    .ok_or(Incomplete::NothingPicked)?;
                Ok(match q.kind {
                    QuestionKind::TrueFalse { .. } => Given::Bool(idx == 0),
                    _ => Given::Choice(idx),
                })
            }
            Self::Ticks(t) => {
                let mut picked: Vec<usize> = t
                    .iter()
                    .zip(shown)
                    .filter(|(on, _)| **on)
                    .map(|(_, &i)| i)
                    .collect();
                if picked.is_empty() {
                    return Err(Incomplete::NothingTicked);
                }
                picked.sort_unstable();
                Ok(Given::Choices(picked))
            }
            Self::Arrange(a) => Ok(Given::Order(a.clone())),
            Self::Text(s) if s.trim().is_empty() => Err(Incomplete::NothingTyped),
            Self::Text(s) => Ok(Given::Text(s.trim().to_owned())),
        }
    }
}
