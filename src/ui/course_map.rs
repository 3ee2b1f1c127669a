//! The course map: every lesson in order with its level and state, and for the selected one its
//! summary, prerequisites, quiz bank and the simulations it links to. Wide terminals get the
//! details beside the list, narrow ones below it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap,
};

use super::chrome;
use crate::app::App;
use crate::progress::LessonState;
use crate::text::sanitize_line;
use crate::text::width::{clip, str_width};

/// Symbol and word for a lesson state: never colour alone.
pub fn state_mark(state: LessonState) -> &'static str {
    match state {
        LessonState::Done => "✓",
        LessonState::Reading => "◐",
        LessonState::NotStarted => "○",
    }
}

/// `s` cut to `width` cells, ending in `…` when anything was cut.
fn truncate(s: &str, width: usize) -> String {
    if str_width(s) <= width {
        return s.to_owned();
    }
    format!("{}…", clip(s, width.saturating_sub(1)).0)
}

pub fn render(app: &App, header: Rect, body: Rect, buf: &mut Buffer) {
    let lessons = &app.course.lessons;
    let done = lessons
        .iter()
        .filter(|l| app.progress.lesson_state(&l.id) == LessonState::Done)
        .count();
    chrome::header(
        "idemlab · Course map",
        &format!("{done}/{} lessons done", lessons.len()),
        app.theme.header,
        header,
        buf,
    );

    let (list_area, detail_area) = if body.width >= 100 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(body);
        (a, b)
    } else {
        let [a, b] = Layout::vertical([Constraint::Min(4), Constraint::Length(9)]).areas(body);
        (a, b)
    };
    render_list(app, list_area, buf);
    render_details(app, detail_area, buf);
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let items: Vec<ListItem> = app
        .course
        .lessons
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let state = app.progress.lesson_state(&l.id);
            let mark_style = match state {
                LessonState::Done => t.done,
                LessonState::Reading => t.reading,
                LessonState::NotStarted => t.dim,
            };
            // Inside the borders and after the selection symbol: mark, number, title, and the
            // level flush right when there is room for it.
            let inner = usize::from(area.width.saturating_sub(3));
            let lead = format!(" {} {:>2}. ", state_mark(state), i + 1);
            let level = l.level.as_str();
            let room = inner.saturating_sub(lead.chars().count());
            let title = sanitize_line(&l.title);
            let title_w = str_width(&title);
            let mut spans = vec![Span::styled(lead, mark_style)];
            if title_w + 2 + level.len() <= room {
                spans.push(Span::raw(title));
                spans.push(Span::raw(" ".repeat(room - title_w - level.len())));
                spans.push(Span::styled(level, t.dim));
            } else {
                spans.push(Span::raw(truncate(&title, room)));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(" Lessons ", t.title));
    let list = List::new(items)
        .block(block)
        .highlight_style(t.selected)
        .highlight_symbol("▶");
    let mut state = ListState::default()
        .with_selected((!app.course.lessons.is_empty()).then_some(app.selected));
    StatefulWidget::render(list, area, buf, &mut state);
}

fn render_details(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(" Details ", t.title));
    let Some(l) = app.course.lessons.get(app.selected) else {
        Paragraph::new("This course has no lessons yet.")
            .block(block)
            .render(area, buf);
        return;
    };
    let state = app.progress.lesson_state(&l.id);
    let label = |s: &str| Span::styled(format!("{s:<10}"), t.dim);
    let mut lines = vec![
        Line::from(Span::styled(sanitize_line(&l.title), t.title)),
        Line::from(sanitize_line(&l.summary)),
        Line::default(),
        Line::from(vec![
            label("Level"),
            Span::raw(l.level.as_str()),
            Span::raw(format!("   {} {}", state_mark(state), state.label())),
        ]),
    ];
    let mut reqs = vec![label("Requires")];
    if l.requires.is_empty() {
        reqs.push(Span::raw("nothing"));
    }
    for (i, r) in l.requires.iter().enumerate() {
        let title = app
            .course
            .lesson(r)
            .map_or(r.as_str(), |x| x.title.as_str());
        let done = app.progress.lesson_state(r) == LessonState::Done;
        if i > 0 {
            reqs.push(Span::raw(", "));
        }
        reqs.push(Span::raw(format!(
            "{} {}",
            if done { "✓" } else { "○" },
            sanitize_line(title)
        )));
    }
    lines.push(Line::from(reqs));
    let quiz = l
        .quiz
        .as_deref()
        .and_then(|q| app.course.bank(q))
        .map_or_else(
            || "none".to_owned(),
            |b| {
                format!(
                    "{} ({} questions)",
                    sanitize_line(&b.title),
                    b.questions.len()
                )
            },
        );
    lines.push(Line::from(vec![label("Quiz"), Span::raw(quiz)]));
    let sims = app.course.lesson_scenarios(l);
    if sims.is_empty() {
        lines.push(Line::from(vec![label("Sims"), Span::raw("none")]));
    }
    for (i, id) in sims.iter().enumerate() {
        let first = if i == 0 { label("Sims") } else { label("") };
        lines.push(Line::from(vec![first, Span::raw(id.clone())]));
    }
    let unmet: Vec<&str> = l
        .requires
        .iter()
        .filter(|r| app.progress.lesson_state(r) != LessonState::Done)
        .map(String::as_str)
        .collect();
    if !unmet.is_empty() && state == LessonState::NotStarted {
        lines.push(Line::from(Span::styled(
            format!("Tip: read {} first", unmet.join(", ")),
            t.dim.add_modifier(Modifier::ITALIC),
        )));
    }
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}
