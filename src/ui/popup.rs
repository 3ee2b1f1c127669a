//! Pop-ups over the current screen: every key binding (from the keymap table), the lesson's
//! table of contents, a glossary entry, and notices.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, Clear, List, ListItem, ListState, Paragraph, StatefulWidget, Widget,
};

use crate::app::{App, Popup};
use crossterm::event::KeyCode;

use crate::keymap::{self, Action, Context, Key, key_label, key_label_for};
use crate::markdown::wrap_lines;
use crate::text::{sanitize, sanitize_line};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [r] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(r);
    r
}

/// `Keys (? or Esc closes)`: a pop-up's title with the keys that close it, from the table.
fn closes(title: &str, toggle: Option<Action>) -> String {
    let esc = key_label_for(Context::Popup, Action::Back, Key::Code(KeyCode::Esc));
    match toggle {
        Some(a) => format!("{title} ({} or {esc} closes)", key_label(Context::Popup, a)),
        None => format!("{title} ({esc} closes)"),
    }
}

fn frame<'a>(app: &App, title: &'a str) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(app.theme.border)
        .title(Span::styled(format!(" {title} "), app.theme.title))
}

pub fn render(app: &App, popup: &Popup, area: Rect, buf: &mut Buffer) {
    match popup {
        Popup::Help { scroll } => help(app, *scroll, area, buf),
        Popup::Toc { selected } => toc(app, *selected, area, buf),
        Popup::Term { id } => term(app, id, area, buf),
        Popup::Notice { title, text } => {
            let text = sanitize(text);
            let lines: Vec<Line> = text.lines().map(Line::from).collect();
            text_box(app, title, lines, 60, area, buf);
        }
    }
}

/// A framed box of wrapped text, centred, `width` wide at most and as tall as its text.
pub(super) fn text_box(
    app: &App,
    title: &str,
    lines: Vec<Line>,
    width: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let width = width.min(area.width);
    // Wrapped once: the box is as tall as the rows it draws.
    let rows = wrap_lines(&lines, width.saturating_sub(2));
    let height = u16::try_from(rows.len()).unwrap_or(u16::MAX);
    let r = centered(area, width, height.saturating_add(2));
    Clear.render(r, buf);
    Paragraph::new(rows).block(frame(app, title)).render(r, buf);
}

fn help(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let mut lines = Vec::new();
    // The keys of the screen underneath come first.
    let sim = [Context::Sim, Context::SimInput, Context::SimStats];
    let base = [
        Context::Map,
        Context::Lesson,
        Context::Search,
        Context::Contents,
        Context::Popup,
    ];
    let contexts: Vec<Context> = if app.quiz_screen().is_some() {
        Context::QUIZ.into_iter().chain(base).chain(sim).collect()
    } else if app.player().is_some() {
        sim.into_iter().chain(base).chain(Context::QUIZ).collect()
    } else {
        base.into_iter().chain(Context::QUIZ).chain(sim).collect()
    };
    for ctx in contexts.into_iter().chain([Context::Global]) {
        lines.push(Line::from(Span::styled(ctx.title(), app.theme.title)));
        for b in keymap::bindings(ctx) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<22}", keymap::keys_label(b)), app.theme.key),
                Span::raw(b.help),
            ]));
        }
        lines.push(Line::default());
    }
    let r = centered(area, 64, area.height);
    Clear.render(r, buf);
    let max = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(r.height.saturating_sub(2));
    Paragraph::new(lines)
        .scroll((scroll.min(max), 0))
        .block(frame(app, &closes("Keys", Some(Action::Help))))
        .render(r, buf);
}

fn toc(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let Some(view) = app.lesson_view() else {
        return;
    };
    let items: Vec<ListItem> = view
        .rendered
        .headings
        .iter()
        .map(|h| {
            ListItem::new(format!(
                "{}{}",
                "  ".repeat(usize::from(h.level.saturating_sub(1))),
                sanitize_line(&h.text)
            ))
        })
        .collect();
    let height = u16::try_from(items.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let r = centered(area, 60, height);
    Clear.render(r, buf);
    let mut state = ListState::default().with_selected(Some(selected));
    StatefulWidget::render(
        List::new(items)
            .highlight_style(app.theme.selected)
            .highlight_symbol("▶ ")
            .block(frame(app, "Contents")),
        r,
        buf,
        &mut state,
    );
}

fn term(app: &App, id: &str, area: Rect, buf: &mut Buffer) {
    let Some(t) = app.course.term(id) else { return };
    let mut lines = vec![
        Line::from(Span::styled(sanitize_line(&t.term), app.theme.title)),
        Line::default(),
    ];
    lines.extend(t.definition.lines().map(|l| Line::from(sanitize_line(l))));
    if !t.see_also.is_empty() {
        let names: Vec<String> = t
            .see_also
            .iter()
            .map(|s| {
                app.course
                    .term(s)
                    .map_or_else(|| s.clone(), |x| sanitize_line(&x.term))
            })
            .collect();
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled("See also: ", app.theme.dim),
            Span::raw(names.join(", ")),
        ]));
    }
    text_box(app, &closes("Glossary", None), lines, 64, area, buf);
}
