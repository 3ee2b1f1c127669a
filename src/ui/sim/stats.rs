//! The statistics view (skeleton; the drawing comes next).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::app::StatsJob;
use crate::sim::{SimError, Stats};
use crate::ui::Theme;

/// Histograms of every counter over many trials, one column per side of a compare.
pub struct StatsView<'a> {
    /// Every side's label, in order.
    pub labels: &'a [String],
    /// The sides finished so far, in the order of `labels`.
    pub results: &'a [(String, Result<Stats, SimError>)],
    /// Trials done and to do, over all sides.
    pub progress: (u64, u64),
    pub theme: &'a Theme,
}

impl<'a> StatsView<'a> {
    /// The view of a job's current results.
    #[must_use]
    pub fn of(job: &'a StatsJob, theme: &'a Theme) -> Self {
        Self {
            labels: job.labels(),
            results: job.results(),
            progress: (job.done(), job.total()),
            theme,
        }
    }
}

impl Widget for StatsView<'_> {
    fn render(self, _area: Rect, _buf: &mut Buffer) {}
}
