//! The list of the course map: one row per entry (review, lesson, and under the selected
//! lesson its quiz, simulations and labs), each with its mark and its status flush right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, StatefulWidget};

use super::{score_mark, state_mark, truncate};
use crate::app::{App, MapItem, map};
use crate::progress::LessonState;
use crate::text::sanitize_line;
use crate::text::width::str_width;

/// Narrowest a title is cut to before the status gives way instead.
const MIN_TITLE: usize = 8;

/// One line of the list: `lead` (marks, numbers), `title` and `right` (a status, a score, a
/// level) flush right. When they do not fit, the title is cut, not the status: the status is
/// what the map is for. Only when even a short title would not fit beside it does the status go.
fn row(
    lead: Vec<Span<'static>>,
    title: String,
    right: Span<'static>,
    width: usize,
) -> ListItem<'static> {
    let lead_w: usize = lead.iter().map(|s| str_width(&s.content)).sum();
    let room = width.saturating_sub(lead_w);
    let right_w = str_width(&right.content);
    let mut spans = lead;
    if room >= MIN_TITLE.min(str_width(&title)) + 1 + right_w {
        let title = truncate(&title, room - 1 - right_w);
        let title_w = str_width(&title);
        spans.push(Span::raw(title));
        spans.push(Span::raw(" ".repeat(room - title_w - right_w)));
        spans.push(right);
    } else {
        spans.push(Span::raw(truncate(&title, room)));
    }
    ListItem::new(Line::from(spans))
}

pub(super) fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let course = &app.course;
    // Inside the borders and after the selection symbol.
    let inner = usize::from(area.width.saturating_sub(3));
    let rows = map::rows(course, map::unfolded(app.selected, app.map_focus));
    let items: Vec<ListItem> = rows
        .iter()
        .map(|item| match item {
            MapItem::Review => {
                let (mark, words) = if app.due == 0 {
                    (" ○ ", "nothing due".to_owned())
                } else {
                    (" ↻ ", format!("{} due", app.due))
                };
                let style = if app.due == 0 { t.dim } else { t.reading };
                row(
                    vec![Span::styled(mark, style)],
                    "Review missed questions".into(),
                    Span::styled(words, style),
                    inner,
                )
            }
            MapItem::Lesson(i) => {
                let l = &course.lessons[*i];
                let state = app.progress.lesson_state(&l.id);
                let mark_style = match state {
                    LessonState::Done => t.done,
                    LessonState::Reading => t.reading,
                    LessonState::NotStarted => t.dim,
                };
                row(
                    vec![Span::styled(
                        format!(" {} {:>2}. ", state_mark(state), i + 1),
                        mark_style,
                    )],
                    sanitize_line(&l.title),
                    Span::styled(l.level.as_str(), t.dim),
                    inner,
                )
            }
            MapItem::Quiz { bank, .. } => {
                let best = app.progress.bank_best(bank);
                let (mark, words) = score_mark(best);
                let style = match best {
                    Some(s) if s.passed => t.done,
                    Some(_) => t.warn,
                    None => t.dim,
                };
                let title = course
                    .bank(bank)
                    .map_or_else(|| bank.clone(), |b| sanitize_line(&b.title));
                row(
                    vec![
                        Span::raw("      "),
                        Span::styled(format!("{mark} "), style),
                        Span::styled("Quiz ", t.dim),
                    ],
                    title,
                    Span::styled(words, style),
                    inner,
                )
            }
            MapItem::Sim { scenario, .. } => {
                let run = app.progress.scenario_finished(scenario);
                let challenge = course.scenario(scenario).is_some_and(|s| s.is_challenge());
                let (mark, words, style) = if challenge && app.progress.scenario_solved(scenario) {
                    ("✓", "solved", t.done)
                } else if challenge {
                    ("○", "open", t.reading)
                } else if run {
                    ("✓", "watched", t.done)
                } else {
                    ("○", "not run", t.dim)
                };
                let title = course
                    .scenario(scenario)
                    .map_or_else(|| scenario.clone(), |s| sanitize_line(&s.title));
                row(
                    vec![
                        Span::raw("      "),
                        Span::styled(format!("{mark} "), style),
                        Span::styled("Sim  ", t.dim),
                    ],
                    title,
                    Span::styled(words, style),
                    inner,
                )
            }
            MapItem::Lab { lab, .. } => {
                let state = app.progress.lab_state(lab);
                let style = match state {
                    crate::progress::LabState::Done => t.done,
                    crate::progress::LabState::Failing => t.warn,
                    crate::progress::LabState::NotStarted => t.dim,
                };
                let words = app.progress.lab_state_words(lab);
                let (mark, words) = words.split_once(' ').unwrap_or(("○", "not started"));
                let words = words
                    .replace("failing, ", "")
                    .replace(" checks pass", " checks");
                let title = course
                    .lab(lab)
                    .map_or_else(|| lab.clone(), |l| sanitize_line(&l.title));
                row(
                    vec![
                        Span::raw("      "),
                        Span::styled(format!("{mark} "), style),
                        Span::styled("Lab  ", t.dim),
                    ],
                    title,
                    Span::styled(words, style),
                    inner,
                )
            }
        })
        .collect();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(" Course ", t.title));
    let list = List::new(items)
        .block(block)
        .highlight_style(t.selected)
        .highlight_symbol("▶");
    let cursor = map::cursor_row(course, app.selected, app.map_focus);
    let mut state = ListState::default().with_selected(Some(cursor));
    StatefulWidget::render(list, area, buf, &mut state);
}
