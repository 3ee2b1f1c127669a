//! The side panel: the ledger's totals, the newest charges (an order charged twice is marked
//! `✗`), and the key store (key, state, status, age, replays).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::app::serve::Dashboard;
use crate::text::sanitize_line;
use crate::theme::Theme;

/// The panel's lines (pure: also what the render test reads).
#[must_use]
pub fn lines(d: &Dashboard, t: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    match &d.ledger {
        Some(l) => {
            out.push(Line::styled(
                format!(
                    "ledger: {}",
                    crate::text::plural(usize::try_from(l.count).unwrap_or(usize::MAX), "charge")
                ),
                t.title,
            ));
            out.push(Line::raw(format!(
                "{} replays · {} conflicts · {} mism.",
                l.replays, l.conflicts, l.mismatches
            )));
        }
        None => out.push(Line::raw("ledger: unread")),
    }
    let twice = |order: &Option<String>| {
        d.ledger.as_ref().is_some_and(|l| {
            order
                .as_ref()
                .is_some_and(|o| l.charges_by_order.iter().any(|(x, n)| x == o && *n > 1))
        })
    };
    for c in d.charges.iter().take(6) {
        let order = c
            .order
            .as_deref()
            .map(sanitize_line)
            .unwrap_or_else(|| "-".into());
        let mark = if twice(&c.order) { " ✗ twice" } else { "" };
        let line = format!("{} {:>6} {}{mark}", c.id, c.amount, order);
        out.push(if mark.is_empty() {
            Line::raw(line)
        } else {
            Line::styled(line, t.warn)
        });
    }
    out.push(Line::raw(""));
    out.push(Line::styled("key        state   st  age rep", t.title));
    if d.keys.is_empty() {
        out.push(Line::styled("(no keys stored)", t.dim));
    }
    for k in &d.keys {
        let state = if k.in_flight { "in-flt" } else { "done" };
        let status = k.status.map_or("-".to_string(), |s| s.to_string());
        let age = age(d.now_ms.saturating_sub(k.created_ms));
        out.push(Line::raw(format!(
            "{:<10} {:<7} {:>3} {:>4} {:>3}",
            clip(&sanitize_line(&k.key), 10),
            state,
            status,
            age,
            k.replays
        )));
    }
    out
}

fn clip(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(w - 1).collect();
        c.push('…');
        c
    }
}

/// `12s`, `4m`, `3h`.
fn age(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m", s / 60)
    } else {
        format!("{}h", s / 3600)
    }
}

pub fn render(d: &Dashboard, t: &Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(t.border)
        .title(" ledger · keys ");
    let inner = block.inner(area);
    block.render(area, buf);
    Paragraph::new(lines(d, t)).render(inner, buf);
}
