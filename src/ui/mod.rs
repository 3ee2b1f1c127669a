//! Screens. Each draws a part of [`App`] and decides nothing: render functions take `&App` and
//! a buffer, so drawing is pure and the same state always gives the same frame.

mod chrome;
mod course_map;
mod lab;
mod lab_trace;
mod lesson;
mod popup;
pub mod probe;
mod quiz;
pub mod serve;
pub mod sim;

pub use crate::layout;
pub use crate::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

use crate::app::{App, Screen};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if layout::too_small(area.width, area.height) {
            chrome::too_small(area, buf);
            return;
        }
        let [header, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        match self.stack.last() {
            Some(Screen::Lesson(view)) => lesson::render(self, view, header, body, buf),
            Some(Screen::Sim(player)) => sim::player::render(self, player, header, body, buf),
            Some(Screen::Quiz(q)) => quiz::render(self, q, header, body, buf),
            Some(Screen::Lab(s)) => lab::render(self, s, header, body, buf),
            None => course_map::render(self, header, body, buf),
        }
        chrome::footer(self, footer, buf);
        if let Some(p) = &self.popup {
            popup::render(self, p, body, buf);
        }
    }
}
