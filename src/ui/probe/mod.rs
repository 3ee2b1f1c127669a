//! The probe's results view: the checks with their verdicts, and one check's history as a
//! sequence diagram ([`lanes`]). Pure render functions of [`ProbeView`]: they decide nothing.
//! Verdicts are words (pass, FAIL, unknown) before they are colours, so NO_COLOR loses nothing.

mod lanes;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::chrome;
use crate::app::probe::{ProbeScreen, ProbeView};
use crate::keymap::{self, Context};
use crate::probe::exchange::abbreviate;
use crate::probe::{CheckResult, Verdict};
use crate::text::sanitize_line;
use crate::theme::Theme;

/// Draws the whole view into `area`.
pub fn render(v: &ProbeView, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width < 40 || area.height < 8 {
        Paragraph::new("The terminal is too small: make it at least 40×8, or press q.")
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    match v.screen {
        ProbeScreen::List => list(v, theme, header, body, buf),
        ProbeScreen::History { scroll } => {
            let r = &v.results[v.selected.min(v.results.len().saturating_sub(1))];
            chrome::header(
                &format!("probe · {} · history", r.id.id()),
                &format!("{} {}", v.endpoint, v.target),
                theme.header,
                header,
                buf,
            );
            let [why, diagram] =
                Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(body);
            // Two lines of the reason (the charge ids of a race are in it), cut with `…`.
            let reason = abbreviate(
                &r.outcome.reason,
                usize::from(why.width).saturating_mul(2).saturating_sub(12),
            );
            Paragraph::new(Line::from(vec![
                verdict_span(r, theme),
                Span::raw(" "),
                Span::raw(reason),
            ]))
            .wrap(Wrap { trim: true })
            .render(why, buf);
            lanes::render(&v.diagram(), scroll, theme, diagram, buf);
        }
    }
    hints(v.context(), theme, footer, buf);
    if v.help {
        help(v, theme, area, buf);
    }
}

fn verdict_span(r: &CheckResult, t: &Theme) -> Span<'static> {
    match r.outcome.verdict {
        Verdict::Pass => Span::styled("pass   ", t.done),
        Verdict::Fail => Span::styled("FAIL   ", t.warn),
        Verdict::Unknown => Span::styled("unknown", t.reading),
    }
}

fn list(v: &ProbeView, t: &Theme, header: Rect, body: Rect, buf: &mut Buffer) {
    let counts = [Verdict::Pass, Verdict::Fail, Verdict::Unknown]
        .map(|w| v.results.iter().filter(|r| r.outcome.verdict == w).count());
    chrome::header(
        &format!("probe · {} {}", v.endpoint, v.target),
        &format!(
            "{} pass · {} fail · {} unknown",
            counts[0], counts[1], counts[2]
        ),
        t.header,
        header,
        buf,
    );
    let want = u16::try_from(v.results.len()).unwrap_or(u16::MAX);
    let [rows_area, detail] = Layout::vertical([
        Constraint::Max(want.min(body.height.saturating_sub(5))),
        Constraint::Min(5),
    ])
    .areas(body);
    let shown = usize::from(rows_area.height);
    let first = v.selected.saturating_sub(shown.saturating_sub(1));
    for (i, r) in v.results.iter().enumerate().skip(first).take(shown) {
        let y = rows_area.y + u16::try_from(i - first).unwrap_or(0);
        let row = Rect::new(rows_area.x, y, rows_area.width, 1);
        let sel = i == v.selected;
        let requests = v.history.iter().filter(|e| e.check == r.id.id()).count();
        let cols = format!(
            " {:<8} {:<24} {:>4} req  ",
            r.tier.name(),
            r.id.id(),
            requests
        );
        let room = usize::from(row.width).saturating_sub(2 + 7 + cols.chars().count());
        let line = Line::from(vec![
            Span::raw(if sel { "▶ " } else { "  " }),
            verdict_span(r, t),
            Span::raw(cols),
            Span::raw(abbreviate(&r.outcome.reason, room)),
        ]);
        line.render(row, buf);
        if sel {
            buf.set_style(row, t.selected);
        }
    }
    if let Some(r) = v.results.get(v.selected) {
        let text = format!(
            "{} — {}\n{}\ntrials: {} run, {} held · {} exchange(s) of evidence · Enter shows every request",
            r.id.id(),
            r.id.sends(),
            sanitize_line(&r.outcome.reason),
            r.outcome.trials.run,
            r.outcome.trials.held,
            r.outcome.evidence.len()
        );
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::TOP).border_style(t.border))
            .render(detail, buf);
    }
}

/// The footer: the context's hints from the key table.
fn hints(ctx: Context, t: &Theme, area: Rect, buf: &mut Buffer) {
    let mut spans = vec![Span::raw(" ")];
    for (_, key, label) in keymap::hints(ctx) {
        spans.push(Span::styled(key, t.key));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    Line::from(spans).render(area, buf);
}

/// Every key of the screen below, from the key table.
fn help(v: &ProbeView, t: &Theme, area: Rect, buf: &mut Buffer) {
    let under = match v.screen {
        ProbeScreen::List => Context::ProbeList,
        ProbeScreen::History { .. } => Context::ProbeHistory,
    };
    let mut lines = vec![Line::styled(under.title(), t.title)];
    for b in keymap::bindings(under)
        .into_iter()
        .chain(keymap::bindings(Context::Global))
    {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<18}", keymap::keys_label(b)), t.key),
            Span::raw(b.help),
        ]));
    }
    let h = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let w = area.width.min(72);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    Paragraph::new(lines)
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(t.border)
                .title(" keys (Esc closes) "),
        )
        .style(Style::new())
        .render(r, buf);
}

#[cfg(test)]
mod tests;
