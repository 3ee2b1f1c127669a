//! The details pane of the course map: what the entry under the cursor is (a lesson, its quiz,
//! a simulation, a lab, the review), its state, and what Enter does there, in pages of the
//! pane's height.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::{score_mark, state_mark};
use crate::app::{App, MapItem, map};
use crate::keymap::{Action, Context, key_label};
use crate::markdown::wrap_lines;
use crate::progress::LessonState;
use crate::text::sanitize_line;

pub(super) fn render_details(app: &App, area: Rect, buf: &mut Buffer) {
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
    let wrapped = wrap_details(app, &lines, inner.width);
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

/// The width of a label column (`Level`, `Requires`, `Sims`).
const LABEL: usize = 10;

fn label(app: &App, s: &str) -> Span<'static> {
    Span::styled(format!("{s:<LABEL$}"), app.theme.dim)
}

/// Wraps the pane's lines to `width`. A line that starts with a label keeps its value in the
/// value column on every row it wraps to, so a long scenario title or list of lessons reads as
/// one entry under its label instead of running back to the pane's edge.
fn wrap_details(app: &App, lines: &[Line<'static>], width: u16) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for line in lines {
        let labelled = line.spans.len() > 1
            && line.spans[0].style == app.theme.dim
            && line.spans[0].content.chars().count() == LABEL
            && usize::from(width) >= 2 * LABEL;
        if !labelled {
            out.extend(wrap_lines(std::slice::from_ref(line), width));
            continue;
        }
        let value = Line::from(line.spans[1..].to_vec()).style(line.style);
        let rows = wrap_lines(&[value], width - LABEL as u16);
        for (i, row) in rows.into_iter().enumerate() {
            let head = if i == 0 {
                line.spans[0].clone()
            } else {
                Span::raw(" ".repeat(LABEL))
            };
            let style = row.style;
            out.push(Line::from([vec![head], row.spans].concat()).style(style));
        }
    }
    out
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
    ];
    if let Some(g) = &s.goal {
        let state = if app.progress.scenario_solved(id) {
            "✓ solved"
        } else {
            "○ open"
        };
        lines.push(Line::from(vec![
            label(app, "Challenge"),
            Span::raw(format!("{state}: {}", sanitize_line(&g.text))),
        ]));
    }
    lines.extend([
        Line::from(vec![label(app, "Model"), Span::raw(s.model.name())]),
        Line::from(vec![label(app, "Seed"), Span::raw(s.seed.to_string())]),
    ]);
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
        let sc = app.course.scenario(id);
        let challenge = sc.is_some_and(|s| s.is_challenge());
        let solved = app.progress.scenario_solved(id);
        let mark = match (challenge, solved) {
            (true, true) => "✓",
            (true, false) => "○",
            _ if app.progress.scenario_finished(id) => "✓",
            _ => "○",
        };
        let title = sc.map_or_else(|| id.clone(), |s| sanitize_line(&s.title));
        let tag = match (challenge, solved) {
            (true, true) => " · challenge solved",
            (true, false) => " · challenge open",
            _ => "",
        };
        lines.push(Line::from(vec![
            first,
            Span::raw(format!("{mark} {title}{tag}")),
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
