//! The course map: the review entry, every lesson in order with its level and state, and under
//! the selected lesson its quiz (best score, pass state) and simulations (watched or not), each
//! openable from here. The details pane describes whatever the cursor is on. Wide terminals get
//! the details beside the list, narrow ones below it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, List, ListItem, ListState, Paragraph, StatefulWidget, Widget,
};

use super::chrome;
use crate::app::{App, MapItem, map};
use crate::keymap::{Action, Context, key_label};
use crate::markdown::wrap_lines;
use crate::progress::BankScore;
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
pub(super) fn truncate(s: &str, width: usize) -> String {
    if str_width(s) <= width {
        return s.to_owned();
    }
    format!("{}…", clip(s, width.saturating_sub(1)).0)
}

pub fn render(app: &App, header: Rect, body: Rect, buf: &mut Buffer) {
    let course = &app.course;
    let done = course
        .lessons
        .iter()
        .filter(|l| app.progress.lesson_state(&l.id) == LessonState::Done)
        .count();
    let passed = course
        .banks
        .iter()
        .filter(|b| app.progress.bank_best(&b.id).is_some_and(|s| s.passed))
        .count();
    let mut right = format!("{done}/{} lessons done", course.lessons.len());
    if !course.banks.is_empty() {
        right.push_str(&format!(
            " · {passed}/{} quizzes passed",
            course.banks.len()
        ));
    }
    if app.due > 0 {
        right.push_str(&format!(" · {} due", app.due));
    }
    chrome::header(
        "idemlab · Course map",
        &right,
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

/// Symbol and words for a bank's best score.
pub fn score_mark(best: Option<BankScore>) -> (&'static str, String) {
    match best {
        None => ("○", "not taken".into()),
        Some(s) => (
            if s.passed { "✓" } else { "✗" },
            format!(
                "best {}/{} {}",
                s.correct,
                s.total,
                if s.passed { "passed" } else { "not passed" }
            ),
        ),
    }
}

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

fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let course = &app.course;
    // Inside the borders and after the selection symbol.
    let inner = usize::from(area.width.saturating_sub(3));
    let rows = map::rows(course, app.selected);
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
                let (mark, words, style) = if run {
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

fn render_details(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(" Details ", t.title));
    let lines = match map::item(&app.course, app.selected, app.map_focus) {
        Some(MapItem::Lesson(i)) => lesson_details(app, &app.course.lessons[i]),
        Some(MapItem::Quiz { bank, .. }) => quiz_details(app, &bank),
        Some(MapItem::Sim { scenario, .. }) => sim_details(app, &scenario),
        Some(MapItem::Lab { lab, .. }) => lab_details(app, &lab),
        Some(MapItem::Review) => review_details(app),
        None => vec![Line::from("This course has no lessons yet.")],
    };
    // Pages of the pane's height; PgDn/PgUp turn them (the app's page count wraps around here).
    let inner = block.inner(area);
    let wrapped = wrap_lines(&lines, inner.width);
    let inner_h = usize::from(inner.height.max(1));
    let pages = wrapped.len().div_ceil(inner_h).max(1);
    let page = usize::try_from(
        app.details_page
            .rem_euclid(i32::try_from(pages).unwrap_or(1)),
    )
    .unwrap_or(0);
    let block = if pages > 1 {
        block.title_bottom(Span::styled(
            format!(" {}/{pages} · PgDn more ", page + 1),
            t.dim,
        ))
    } else {
        block
    };
    let shown: Vec<Line<'static>> = wrapped.into_iter().skip(page * inner_h).collect();
    Paragraph::new(shown).block(block).render(area, buf);
}

fn label(app: &App, s: &str) -> Span<'static> {
    Span::styled(format!("{s:<10}"), app.theme.dim)
}

fn quiz_details(app: &App, id: &str) -> Vec<Line<'static>> {
    let Some(b) = app.course.bank(id) else {
        return Vec::new();
    };
    let (mark, words) = score_mark(app.progress.bank_best(id));
    vec![
        Line::from(Span::styled(sanitize_line(&b.title), app.theme.title)),
        Line::from(format!(
            "{} questions · pass mark {}%",
            b.questions.len(),
            crate::quiz::summary::mark_percent(b.pass_mark)
        )),
        Line::default(),
        Line::from(vec![
            label(app, "Best"),
            Span::raw(format!("{mark} {words}")),
        ]),
        Line::default(),
        Line::from(Span::styled(
            format!(
                "{} starts the quiz. Questions you miss come back in the review.",
                key_label(Context::Map, Action::Open)
            ),
            app.theme.dim,
        )),
    ]
}

fn sim_details(app: &App, id: &str) -> Vec<Line<'static>> {
    let Some(s) = app.course.scenario(id) else {
        return Vec::new();
    };
    let watched = if app.progress.scenario_finished(id) {
        "✓ watched to the end"
    } else {
        "○ not run yet"
    };
    let mut lines = vec![
        Line::from(Span::styled(sanitize_line(&s.title), app.theme.title)),
        Line::from(sanitize_line(&s.summary)),
        Line::default(),
        Line::from(vec![label(app, "Model"), Span::raw(s.model.name())]),
        Line::from(vec![label(app, "Seed"), Span::raw(s.seed.to_string())]),
    ];
    if let Some(other) = s.compare.as_deref().and_then(|c| app.course.scenario(c)) {
        lines.push(Line::from(vec![
            label(app, "Compare"),
            Span::raw(sanitize_line(&other.title)),
        ]));
    }
    lines.push(Line::from(vec![label(app, "State"), Span::raw(watched)]));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!(
            "{} opens the player: step through the run, toggle the knobs, compare.",
            key_label(Context::Map, Action::Open)
        ),
        app.theme.dim,
    )));
    lines
}

fn lab_details(app: &App, id: &str) -> Vec<Line<'static>> {
    let Some(l) = app.course.lab(id) else {
        return Vec::new();
    };
    vec![
        Line::from(Span::styled(sanitize_line(&l.title), app.theme.title)),
        Line::from(sanitize_line(&l.summary)),
        Line::default(),
        Line::from(vec![label(app, "Kind"), Span::raw(l.kind.name())]),
        Line::from(vec![label(app, "Level"), Span::raw(l.level.as_str())]),
        Line::from(vec![
            label(app, "State"),
            Span::raw(app.progress.lab_state_words(id)),
        ]),
        Line::default(),
        Line::from(Span::styled(
            "Enter opens the lab: the task, your file, and every check on each save.",
            app.theme.dim,
        )),
    ]
}

fn review_details(app: &App) -> Vec<Line<'static>> {
    let now = if app.due == 0 {
        "Nothing is due now.".to_owned()
    } else {
        format!(
            "{} question{} due now.",
            app.due,
            if app.due == 1 { " is" } else { "s are" }
        )
    };
    let mut lines = vec![
        Line::from(Span::styled("Spaced review", app.theme.title)),
        Line::from(now),
    ];
    lines.extend(app.review_forecast().into_iter().map(Line::from));
    lines.extend([
        Line::default(),
        Line::from(format!(
            "A question you answer wrong can be practised again here {} minutes later, and comes back the next day. Each right answer in review sends it further away; a wrong one brings it back to the next day.",
            crate::quiz::schedule::LEARNING_STEP / 60
        )),
    ]);
    lines
}

fn lesson_details(app: &App, l: &crate::content::Lesson) -> Vec<Line<'static>> {
    let t = &app.theme;
    let state = app.progress.lesson_state(&l.id);
    let label = |s: &str| label(app, s);
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
                let (mark, words) = score_mark(app.progress.bank_best(&b.id));
                format!(
                    "{} ({} questions) · {mark} {words}",
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
        let mark = if app.progress.scenario_finished(id) {
            "✓"
        } else {
            "○"
        };
        let title = app
            .course
            .scenario(id)
            .map_or_else(|| id.clone(), |s| sanitize_line(&s.title));
        lines.push(Line::from(vec![
            first,
            Span::raw(format!("{mark} {title}")),
        ]));
    }
    let unmet: Vec<String> = l
        .requires
        .iter()
        .filter(|r| app.progress.lesson_state(r) != LessonState::Done)
        .map(|r| {
            app.course
                .lesson(r)
                .map_or_else(|| r.clone(), |x| sanitize_line(&x.title))
        })
        .collect();
    if !unmet.is_empty() && state == LessonState::NotStarted {
        lines.push(Line::from(Span::styled(
            format!("Tip: read {} first", unmet.join(", ")),
            t.dim.add_modifier(Modifier::ITALIC),
        )));
    }
    lines
}
