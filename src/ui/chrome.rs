//! The frame around every screen: header bar, footer hints, and the too-small screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

use crate::app::{App, Severity};
use crate::keymap::{self, Action, Context, Hint, key_label};
use crate::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::text::sanitize_line;
use crate::text::width::{fit, str_width};

/// A full-width bar: `left` and `right` text, right-aligned part dropped first when narrow.
pub fn header(left: &str, right: &str, style: Style, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, style);
    let w = usize::from(area.width);
    let left = sanitize_line(left);
    let right = sanitize_line(right);
    let lw = str_width(&left);
    let rw = str_width(&right);
    Line::from(format!(" {left}"))
        .style(style)
        .render(area, buf);
    if lw + rw + 3 <= w {
        Line::from(format!("{right} "))
            .style(style)
            .alignment(Alignment::Right)
            .render(area, buf);
    }
}

/// The scrollbar on the right edge of a reading screen's `area`: `scroll` of `max_scroll`,
/// `viewport` rows on screen; nothing when everything fits.
pub fn scrollbar(area: Rect, scroll: usize, max_scroll: usize, viewport: usize, buf: &mut Buffer) {
    if max_scroll == 0 {
        return;
    }
    let mut state = ScrollbarState::new(max_scroll)
        .position(scroll)
        .viewport_content_length(viewport);
    Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .render(area, buf, &mut state);
}

pub fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    if let Some(q) = &app.search_input {
        let keys: Vec<String> = keymap::hints(Context::Search)
            .into_iter()
            .filter(|(a, ..)| *a != Action::Help)
            .map(|(_, key, label)| format!("{key} {label}"))
            .collect();
        let line = Line::from(vec![
            Span::styled(key_label(Context::Lesson, Action::Search), t.key),
            Span::raw(sanitize_line(q.text())),
            Span::styled("█", t.dim),
            Span::styled(format!("  {}", keys.join(" · ")), t.dim),
        ]);
        line.render(area, buf);
        return;
    }
    if let Some(s) = &app.status {
        let (word, style) = match s.severity {
            Severity::Info => ("", Style::new()),
            Severity::Warning => ("warning: ", t.warn),
            Severity::Error => ("", t.warn),
        };
        // A status wider than the footer ends in `…`, so a cut is seen as one.
        let text = format!(" {word}{}", sanitize_line(&s.text));
        let text = fit(&text, usize::from(area.width)).into_owned();
        Line::from(Span::styled(text, style)).render(area, buf);
        return;
    }
    // Where Enter goes from the focused link comes first; then hints in table order, as many
    // as fit; "? help" always stays, since it leads to the rest.
    let note = app.link_note().map(|n| sanitize_line(&n));
    let hints = app.footer_hints();
    let (help, others): (Vec<_>, Vec<_>) = hints
        .into_iter()
        .partition(|(action, ..)| *action == Action::Help);
    let width = |(_, k, l): &Hint| str_width(k) + 1 + str_width(l) + 3;
    let help_width: usize = help.iter().map(width).sum();
    // A note too long for the line is cut, so "? help" still shows after it.
    let note =
        note.map(|n| fit(&n, usize::from(area.width).saturating_sub(1 + help_width)).into_owned());
    let note_width = note.as_ref().map_or(0, |n| str_width(n) + 3);
    let mut budget = usize::from(area.width).saturating_sub(1 + note_width + help_width);
    let mut shown = Vec::new();
    for h in others {
        let w = width(&h);
        if w > budget {
            break;
        }
        budget -= w;
        shown.push(h);
    }
    shown.extend(help);
    let mut spans = vec![Span::raw(" ")];
    let lead = note.is_some();
    if let Some(n) = note {
        spans.push(Span::styled(n, t.key));
    }
    for (i, (_, key, label)) in shown.into_iter().enumerate() {
        if i > 0 || lead {
            spans.push(Span::styled(" · ", t.dim));
        }
        spans.push(Span::styled(key, t.key));
        spans.push(Span::raw(format!(" {label}")));
    }
    Line::from(spans).render(area, buf);
}

pub fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "Please enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{}).\n{} quits.",
        area.width,
        area.height,
        key_label(Context::Global, Action::Quit)
    );
    let y = area.height.saturating_sub(2) / 2;
    let rect = Rect {
        y: area.y + y,
        height: area.height - y,
        ..area
    };
    let lines: Vec<Line> = text.lines().map(Line::from).collect();
    Paragraph::new(crate::markdown::wrap_lines(&lines, rect.width))
        .alignment(Alignment::Center)
        .render(rect, buf);
}
