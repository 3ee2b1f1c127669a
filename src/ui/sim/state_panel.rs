//! The state panel (skeleton; the drawing comes next).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::content::scenario::Model;
use crate::sim::State;
use crate::ui::Theme;

/// The state after the current step, with what changed since `prev` highlighted.
pub struct StatePanel<'a> {
    pub state: &'a State,
    pub prev: Option<&'a State>,
    pub model: Model,
    pub theme: &'a Theme,
}

impl Widget for StatePanel<'_> {
    fn render(self, _area: Rect, _buf: &mut Buffer) {}
}
