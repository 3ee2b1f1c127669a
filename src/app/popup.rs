//! Pop-ups over a screen: help, the table of contents, a glossary term, a notice. Back closes
//! any of them; help and the contents scroll.

use super::{App, Popup};
use crate::keymap::Action;

impl App {
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
