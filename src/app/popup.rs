//! Pop-ups over a screen: help, the table of contents, a glossary term, a notice. Back closes
//! any of them (a glossary entry reached from another goes back to it first); help and the
//! contents scroll; a glossary entry's "see also" terms are links to follow.

use super::{App, Popup};
use crate::keymap::Action;

impl App {
    /// Shows the glossary entry `id` (a new pop-up: any earlier trail is dropped).
    pub(super) fn open_term(&mut self, id: &str) {
        self.popup = Some(Popup::Term {
            id: id.to_owned(),
            focus: None,
            trail: Vec::new(),
        });
    }

    /// A glossary entry: Tab moves through its "see also" terms, Enter opens the focused one
    /// (the entry it came from is kept, Back returns to it), Back with no trail closes.
    pub(super) fn update_term(&mut self, action: Action) {
        let Some(Popup::Term { id, focus, trail }) = &mut self.popup else {
            return;
        };
        let see_also: Vec<String> = self
            .course
            .term(id)
            .map(|t| t.see_also.clone())
            .unwrap_or_default();
        let n = see_also.len();
        match action {
            Action::NextLink | Action::PrevLink if n > 0 => {
                let forward = action == Action::NextLink;
                *focus = Some(match (*focus, forward) {
                    (None, true) => 0,
                    (None, false) => n - 1,
                    (Some(f), true) => (f + 1) % n,
                    (Some(f), false) => (f + n - 1) % n,
                });
            }
            Action::Open => match focus.and_then(|f| see_also.get(f)) {
                Some(next) if self.course.term(next).is_some() => {
                    trail.push((std::mem::replace(id, next.clone()), *focus));
                    *focus = None;
                }
                Some(next) => {
                    self.status = Some(crate::app::Status::error(format!(
                        "no glossary term `{next}`"
                    )));
                }
                None => self.popup = None,
            },
            Action::Back => match trail.pop() {
                Some((prev, f)) => {
                    *id = prev;
                    *focus = f;
                }
                None => self.popup = None,
            },
            _ => {}
        }
    }

    pub(super) fn update_popup(&mut self, action: Action) {
        let headings = self.lesson_view().map_or(0, |v| v.rendered.headings.len());
        match (&mut self.popup, action) {
            (_, Action::Back) => self.popup = None,
            (Some(Popup::Help { scroll }), Action::Down) => *scroll = scroll.saturating_add(1),
            (Some(Popup::Help { scroll }), Action::Up) => *scroll = scroll.saturating_sub(1),
            (Some(Popup::Toc { selected }), Action::Down) => {
                *selected = (*selected + 1).min(headings.saturating_sub(1))
            }
            (Some(Popup::Toc { selected }), Action::Up) => *selected = selected.saturating_sub(1),
            (Some(Popup::Toc { selected }), Action::Open) => {
                let sel = *selected;
                self.popup = None;
                if let Some(v) = self.lesson_view_mut() {
                    let line = v.rendered.headings.get(sel).map_or(0, |h| h.line);
                    v.jump_to(line);
                }
                self.after_scroll();
            }
            _ => {}
        }
    }
}
