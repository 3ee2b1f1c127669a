//! Drawing the `idemlab serve` dashboard: a pure function of [`Dashboard`]. The mode and
//! faults on top, the request log as a lane diagram (client connections, server, database) on
//! the left, the ledger and key store on the right, the keys at the bottom. A double charge is
//! a line of its own that says `✗ DOUBLE CHARGE`, so it reads without colour.
//!
//! The lanes are drawn here rather than by the player's diagram (`ui/sim/`): that widget draws
//! a simulator trace (its actors, its timeline of one scenario run), while the server reports
//! finished requests from many connections with their database steps; converting one into the
//! other would invent timing the server does not report.

pub(crate) mod lanes;
mod panel;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::serve::Dashboard;
use crate::keymap::{self, Action};
use crate::theme::Theme;

impl Widget for &Dashboard {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = if self.monochrome {
            Theme::monochrome()
        } else {
            Theme::colored()
        };
        let [top, body, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        header(self, &theme, top, buf);
        let side = if body.width >= 70 { 32 } else { 0 };
        let [left, right] =
            Layout::horizontal([Constraint::Min(20), Constraint::Length(side)]).areas(body);
        lanes::render(self, &theme, left, buf);
        if side > 0 {
            panel::render(self, &theme, right, buf);
        }
        footer(self, &theme, foot, buf);
    }
}

fn header(d: &Dashboard, t: &Theme, area: Rect, buf: &mut Buffer) {
    let k = d.knobs();
    let mut first = vec![
        Span::styled("idemlab serve ", t.title),
        Span::raw(d.url().to_string()),
        Span::raw(format!("  seed {}", d.seed())),
    ];
    if d.paused {
        first.push(Span::styled(
            format!("  PAUSED ({} held)", d.held()),
            t.warn,
        ));
    }
    let mut second = vec![
        Span::styled(format!("store {}", k.store), t.key),
        Span::raw(format!(
            " · drop-response {} · crash {} · delay {}",
            k.drop_response, k.crash, k.delay
        )),
        Span::raw(format!(" · {} requests", d.requests)),
    ];
    if d.doubles > 0 {
        second.push(Span::styled(format!(" · ✗ {} double", d.doubles), t.warn));
    }
    if d.not_shown > 0 {
        second.push(Span::styled(
            format!(
                " · {} not shown",
                crate::text::plural(usize::try_from(d.not_shown).unwrap_or(usize::MAX), "event")
            ),
            t.warn,
        ));
    }
    Paragraph::new(vec![Line::from(first), Line::from(second)]).render(area, buf);
}

fn footer(d: &Dashboard, t: &Theme, area: Rect, buf: &mut Buffer) {
    if let Some(e) = &d.error {
        Paragraph::new(Line::styled(crate::text::sanitize_line(e), t.warn)).render(area, buf);
        return;
    }
    let mut spans = Vec::new();
    for (action, key, hint) in keymap::hints(d.context()) {
        if action == Action::Help {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, t.key));
        spans.push(Span::raw(format!(" {hint}")));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}
