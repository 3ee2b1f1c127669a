//! The sequence diagram (skeleton; the drawing comes next).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::sim::{Participant, Run};
use crate::ui::Theme;

/// A run's trace up to `step`, one lifeline per lane.
pub struct Diagram<'a> {
    pub run: &'a Run,
    /// The current step (index into `run.trace`); later steps are not shown.
    pub step: usize,
    /// Lifelines left to right.
    pub lanes: &'a [Participant],
    /// A step to flag (the first divergence in a compare).
    pub mark: Option<usize>,
    pub theme: &'a Theme,
}

impl Widget for Diagram<'_> {
    fn render(self, _area: Rect, _buf: &mut Buffer) {}
}
