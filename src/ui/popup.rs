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
use crate::markdown::{LinkKind, wrap_lines};
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
        Popup::Term { id, focus, trail } => term(app, id, *focus, !trail.is_empty(), area, buf),
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
    let labs = [Context::Lab, Context::LabConfirm];
    let base = [
        Context::Map,
        Context::Lesson,
        Context::Search,
        Context::Contents,
        Context::Popup,
        Context::Glossary,
    ];
    let contexts: Vec<Context> = if app.quiz_screen().is_some() {
        Context::QUIZ
            .into_iter()
            .chain(base)
            .chain(sim)
            .chain(labs)
            .collect()
    } else if app.player().is_some() {
        sim.into_iter()
            .chain(base)
            .chain(Context::QUIZ)
            .chain(labs)
            .collect()
    } else if app.lab_screen().is_some() {
        labs.into_iter()
            .chain(base)
            .chain(Context::QUIZ)
            .chain(sim)
            .collect()
    } else {
        base.into_iter()
            .chain(Context::QUIZ)
            .chain(sim)
            .chain(labs)
            .collect()
    };
    // In the player the marks of its diagram and ledger come first: they are what a learner
    // is looking at when asking.
    if app.player().is_some() {
        lines.push(Line::from(Span::styled(
            "What the marks mean",
            app.theme.title,
        )));
        // Wrapped beside the marks, which take 10 cells of the box's inside.
        let room = centered(area, 64, area.height)
            .width
            .saturating_sub(12)
            .max(10);
        for (marks, meaning) in crate::ui::sim::legend::LEGEND {
            let wrapped = crate::markdown::wrap_lines(&[Line::from(*meaning)], room);
            for (i, l) in wrapped.into_iter().enumerate() {
                // Padded by display width: a wide mark (🔒) takes two cells.
                let pad = 8usize.saturating_sub(crate::text::width::str_width(marks));
                let lead = if i == 0 {
                    format!("  {marks}{}", " ".repeat(pad))
                } else {
                    " ".repeat(10)
                };
                let mut spans = vec![Span::styled(lead, app.theme.key)];
                spans.extend(l.spans);
                lines.push(Line::from(spans));
            }
        }
        lines.push(Line::default());
    }
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

fn term(app: &App, id: &str, focus: Option<usize>, has_trail: bool, area: Rect, buf: &mut Buffer) {
    let Some(t) = app.course.term(id) else { return };
    let mut lines = vec![
        Line::from(Span::styled(sanitize_line(&t.term), app.theme.title)),
        Line::default(),
    ];
    lines.extend(t.definition.lines().map(|l| Line::from(sanitize_line(l))));
    if !t.see_also.is_empty() {
        // Each "see also" term is a link, drawn like a glossary link in a lesson.
        let md = &app.theme.md;
        let mut spans = vec![Span::styled("See also: ", app.theme.dim)];
        for (i, s) in t.see_also.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(", "));
            }
            let name = app
                .course
                .term(s)
                .map_or_else(|| sanitize_line(s), |x| sanitize_line(&x.term));
            let mut style = md.link_style(LinkKind::Term);
            if focus == Some(i) {
                style = style.patch(app.theme.link_focus);
            }
            spans.push(Span::styled(
                format!("{}\u{a0}{name}", LinkKind::Term.marker()),
                style,
            ));
        }
        lines.push(Line::default());
        lines.push(Line::from(spans));
    }
    let back = key_label_for(Context::Glossary, Action::Back, Key::Code(KeyCode::Esc));
    let title = if has_trail {
        format!("Glossary ({back} back)")
    } else {
        format!("Glossary ({back} closes)")
    };
    text_box(app, &title, lines, 64, area, buf);
}
