//! The request log as lanes: each connection's request as an arrow to the server lane, the
//! server's steps as arrows to the database lane, the answer (or the lack of one) back, and a
//! `✗ DOUBLE CHARGE` line under a charge that repeats an earlier one. Newest at the bottom.
//! The row helpers (`lanes`, `put`, arrows) are shared with the lab screen's diagram of a
//! client lab's failing run (`ui/lab_trace.rs`), so both speak the same glyphs.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::app::serve::Dashboard;
use crate::server::{Event, Outcome, Step};
use crate::text::sanitize_line;
use crate::theme::Theme;

/// Width of the client column (`c12 `).
const CLIENT: usize = 5;

/// The log's lines for a width, oldest first (pure: also what the render test reads).
#[must_use]
pub fn lines(d: &Dashboard, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let width = width.max(30);
    let (head, sx, dx) = header(width, CLIENT, t);
    let mut out = vec![head];
    for ev in d.log() {
        event_lines(ev, width, sx, dx, t, &mut out);
    }
    out
}

fn event_lines(
    ev: &Event,
    w: usize,
    sx: usize,
    dx: usize,
    t: &Theme,
    out: &mut Vec<Line<'static>>,
) {
    let req = format!("{} {}", sanitize_line(&ev.method), sanitize_line(&ev.path));
    let row = lanes(w, sx, dx);
    let row = put(row, 0, &format!("c{}", ev.conn));
    out.push(Line::raw(put(row, CLIENT, &arrow_right(&req, sx - CLIENT))));
    // The key goes under the request, in the client's span of the next row.
    let mut key = ev
        .key
        .as_ref()
        .map(|k| clip(&format!(" key {}", sanitize_line(k)), sx - CLIENT - 1));
    for (_, step) in &ev.steps {
        let label = match step {
            Step::Claim(found) | Step::Check(found) => format!("key {found}"),
            Step::Effect(what) => format!("commit {}", sanitize_line(what)),
            Step::Rollback => "rollback".to_string(),
            Step::Store => "store answer".to_string(),
        };
        let mut row = put(lanes(w, sx, dx), sx + 1, &arrow_right(&label, dx - sx - 1));
        if let Some(k) = key.take() {
            row = put(row, CLIENT, &k);
        }
        out.push(Line::raw(row));
    }
    if let Some(k) = key.take() {
        out.push(Line::raw(put(lanes(w, sx, dx), CLIENT, &k)));
    }
    let answer = match (ev.status, ev.fault) {
        (Some(s), _) => {
            let mut a = match ev.outcome {
                Outcome::Applied => s.to_string(),
                Outcome::Replayed => format!("{s} replay"),
                other => format!("{s} {}", other.name()),
            };
            if let Some(id) = &ev.charge_id {
                a.push_str(&format!(" {id}"));
            }
            Line::raw(put(lanes(w, sx, dx), CLIENT, &arrow_left(&a, sx - CLIENT)))
        }
        (None, fault) => Line::styled(
            put(
                lanes(w, sx, dx),
                CLIENT,
                &clip(&format!("✗ {}", fault.unwrap_or("no answer")), sx - CLIENT),
            ),
            t.warn,
        ),
    };
    out.push(answer);
    if let Some(first) = &ev.duplicate_of {
        let what = format!(
            "✗ DOUBLE CHARGE {} (first {})",
            ev.charge_id.as_deref().unwrap_or("?"),
            sanitize_line(first)
        );
        out.push(Line::styled(
            clip(&what, w),
            t.warn
                .patch(Style::new().add_modifier(ratatui::style::Modifier::REVERSED)),
        ));
    }
}

/// The lanes' heading row for `width` with the client's column `client` cells wide, and where
/// the server's (`sx`) and the database's (`dx`) lifelines fall: one rule for the dashboard and
/// a lab's failing run, so the two drawings put their lanes in the same places.
pub(crate) fn header(width: usize, client: usize, t: &Theme) -> (Line<'static>, usize, usize) {
    let sx = client + (width - client) / 2;
    let dx = width - 2;
    let row = put(
        put(
            put(blank(width), 0, "client"),
            sx.saturating_sub(3),
            "server",
        ),
        dx - 1,
        "db",
    );
    (Line::styled(row, t.dim), sx, dx)
}

pub(crate) fn blank(w: usize) -> String {
    " ".repeat(w)
}

/// A row with the server and database lanes drawn.
pub(crate) fn lanes(w: usize, sx: usize, dx: usize) -> String {
    put(put(blank(w), sx, "│"), dx, "│")
}

/// `s` written over `row` from column `at` (columns are chars; the row keeps its width).
pub(crate) fn put(row: String, at: usize, s: &str) -> String {
    let mut cells: Vec<char> = row.chars().collect();
    for (i, c) in s.chars().enumerate() {
        if let Some(cell) = cells.get_mut(at + i) {
            *cell = c;
        }
    }
    cells.into_iter().collect()
}

pub(crate) fn clip(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(w.saturating_sub(1)).collect();
        c.push('…');
        c
    }
}

/// `─label───▶` exactly `w` wide (the label clipped to fit).
pub(crate) fn arrow_right(label: &str, w: usize) -> String {
    let label = clip(label, w.saturating_sub(3));
    let fill = w.saturating_sub(label.chars().count() + 2);
    format!("─{label}{}▶", "─".repeat(fill))
}

/// `◀─label───` exactly `w` wide.
pub(crate) fn arrow_left(label: &str, w: usize) -> String {
    let label = clip(label, w.saturating_sub(3));
    let fill = w.saturating_sub(label.chars().count() + 2);
    format!("◀─{label}{}", "─".repeat(fill))
}

pub fn render(d: &Dashboard, t: &Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(t.border)
        .title(" requests ");
    let inner = block.inner(area);
    block.render(area, buf);
    let all = lines(d, usize::from(inner.width), t);
    let rows = usize::from(inner.height);
    // The lane header stays; the newest lines fill the rest.
    let mut shown = vec![all[0].clone()];
    let body = &all[1..];
    shown.extend(
        body[body.len().saturating_sub(rows.saturating_sub(1))..]
            .iter()
            .cloned(),
    );
    Paragraph::new(shown).render(inner, buf);
}
