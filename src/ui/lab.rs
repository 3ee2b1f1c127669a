//! The lab screen: the task (rendered Markdown, then the hints revealed so far, then the
//! solution when shown) beside the learner's file, or above it when the terminal is narrow,
//! and the verdict of every check below, with the first difference of a failing check as a
//! small table of the rows only one side has, or for a client lab its failing run's requests
//! as a sequence diagram (`lab_trace.rs`).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::chrome;
use crate::app::{App, LabScreen, SolutionView};
use crate::lab::{CheckOutcome, ClientRun, Verdict};
use crate::markdown::{self, Options};
use crate::text::{sanitize, sanitize_line, sanitize_path};

/// From this width on, task and file stand side by side.
const SIDE_BY_SIDE: u16 = 100;

pub fn render(app: &App, s: &LabScreen, header: Rect, body: Rect, buf: &mut Buffer) {
    let lab = &app.course.labs[s.lab];
    chrome::header(
        &format!("Lab · {}", lab.title),
        &app.progress.lab_state_words(&lab.lab),
        app.theme.header,
        header,
        buf,
    );
    let verdicts = verdict_lines(app, s, usize::from(body.width.saturating_sub(2)));
    let want = u16::try_from(verdicts.len() + 2).unwrap_or(u16::MAX);
    // A failing run's diagram may take two thirds of the screen; a plain list half.
    let room = if failing_run(s).is_some() {
        body.height * 2 / 3
    } else {
        body.height / 2
    };
    let [top, bottom] =
        Layout::vertical([Constraint::Min(6), Constraint::Length(want.min(room))]).areas(body);
    let [task_area, file_area] = if top.width >= SIDE_BY_SIDE {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top)
    };
    task(app, s, task_area, buf);
    file(app, s, file_area, buf);
    Paragraph::new(verdicts)
        .wrap(Wrap { trim: false })
        .block(pane(app, "Checks"))
        .render(bottom, buf);
}

fn pane<'a>(app: &App, title: &'a str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(Span::styled(title, app.theme.title))
}

fn task(app: &App, s: &LabScreen, area: Rect, buf: &mut Buffer) {
    let lab = &app.course.labs[s.lab];
    let width = area.width.saturating_sub(2).max(1);
    let opts = Options {
        width,
        theme: app.theme.md.clone(),
        link_targets: false,
    };
    let mut lines = markdown::render(&lab.task, &opts).lines;
    for (i, h) in lab.hints.iter().take(s.hints).enumerate() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!("Hint {} of {}", i + 1, lab.hints.len()),
            app.theme.title,
        )));
        lines.extend(markdown::render(h, &opts).lines);
    }
    if s.hints < lab.hints.len() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!("h: a hint ({} of {} shown)", s.hints, lab.hints.len()),
            app.theme.dim,
        )));
    }
    // Asked for: the solution comes first, above the task.
    if s.solution == SolutionView::Shown {
        let mut top = vec![Line::from(Span::styled("Solution", app.theme.title))];
        for l in lab.solution().lines() {
            top.push(Line::from(Span::styled(
                sanitize_line(l),
                app.theme.md.code_block,
            )));
        }
        top.push(Line::default());
        lines.splice(0..0, top);
    }
    Paragraph::new(lines)
        .scroll((s.scroll, 0))
        .block(pane(app, "Task"))
        .render(area, buf);
}

fn file(app: &App, s: &LabScreen, area: Rect, buf: &mut Buffer) {
    let title = s.path.as_ref().map_or_else(
        || "Your file".to_owned(),
        |p| format!("Your file: {}", sanitize_path(p)),
    );
    let error_line = match &s.report {
        Some(Ok(r)) => r
            .first_failure()
            .and_then(|c| c.diff.as_ref())
            .and_then(|d| d.error.as_ref())
            .map(|e| e.line),
        _ => None,
    };
    let lines: Vec<Line> = match &s.file {
        Ok(text) => text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let mark = if error_line == Some(i + 1) {
                    "▶"
                } else {
                    " "
                };
                Line::from(vec![
                    Span::styled(format!("{mark}{:>3} ", i + 1), app.theme.dim),
                    Span::raw(sanitize_line(l)),
                ])
            })
            .collect(),
        Err(why) => vec![Line::from(Span::styled(
            sanitize(&why.to_string()).into_owned(),
            app.theme.warn,
        ))],
    };
    Paragraph::new(lines)
        .block(pane(app, &title))
        .render(area, buf);
}

fn mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "✓",
        Verdict::Fail => "✗",
        Verdict::Unknown => "?",
    }
}

/// The failing run of the first failing check of a client lab, if the last check has one.
fn failing_run(s: &LabScreen) -> Option<&ClientRun> {
    match &s.report {
        Some(Ok(r)) => r
            .first_failure()
            .and_then(|c| c.diff.as_ref())
            .and_then(|d| d.client_run.as_ref()),
        _ => None,
    }
}

fn verdict_lines(app: &App, s: &LabScreen, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if s.solution == SolutionView::Asking {
        out.push(Line::from(Span::styled(
            "Show the solution before the lab is done? It is recorded as seen.  y show it · n not yet",
            app.theme.warn,
        )));
    }
    let report = match &s.report {
        None => {
            out.push(Line::from("not checked yet: Enter checks the file"));
            return out;
        }
        Some(Err(why)) => {
            out.push(Line::from(Span::styled(
                sanitize_line(&why.to_string()),
                app.theme.warn,
            )));
            return out;
        }
        Some(Ok(r)) => r,
    };
    let first = report.first_failure().map(|c| c.id.clone());
    for c in &report.checks {
        let style = match c.verdict {
            Verdict::Pass => app.theme.done,
            Verdict::Fail => app.theme.warn,
            Verdict::Unknown => app.theme.dim,
        };
        let mut spans = vec![Span::styled(
            format!("{} {}: {}", mark(c.verdict), c.id, c.verdict.as_str()),
            style,
        )];
        if !c.detail.is_empty() {
            spans.push(Span::raw(format!(" — {}", sanitize_line(&c.detail))));
        }
        out.push(Line::from(spans));
        if first.as_deref() == Some(c.id.as_str()) {
            table(app, c, &mut out);
            if let Some(run) = c.diff.as_ref().and_then(|d| d.client_run.as_ref()) {
                out.extend(super::lab_trace::lines(run, width, &app.theme));
            }
        }
    }
    if report.verdict() == Verdict::Pass {
        out.push(Line::from(Span::styled(
            "Every check passes: the lab is done. s shows the reference solution.",
            app.theme.done,
        )));
    }
    out
}

/// The rows only one side has, under the check that found them.
fn table(app: &App, c: &CheckOutcome, out: &mut Vec<Line<'static>>) {
    let Some(d) = &c.diff else { return };
    if d.extra.is_empty() && d.missing.is_empty() {
        return;
    }
    let rows: Vec<(&str, &Vec<String>)> = d
        .extra
        .iter()
        .take(3)
        .map(|r| ("+ yours  ", r))
        .chain(d.missing.iter().take(3).map(|r| ("- theirs ", r)))
        .collect();
    let n = d.columns.len();
    let mut w: Vec<usize> = d.columns.iter().map(|c| c.chars().count()).collect();
    for (_, r) in &rows {
        for (i, cell) in r.iter().enumerate().take(n) {
            w[i] = w[i].max(cell.chars().count()).min(24);
        }
    }
    let fmt = |cells: &[String]| {
        cells
            .iter()
            .enumerate()
            .take(n)
            .map(|(i, c)| {
                format!(
                    "{:<width$}",
                    c.chars().take(24).collect::<String>(),
                    width = w[i]
                )
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    out.push(Line::from(Span::styled(
        format!("    {:<9}{}", "", fmt(&d.columns)),
        app.theme.dim,
    )));
    for (label, r) in rows {
        out.push(Line::from(vec![
            Span::styled(format!("    {label}"), Style::default()),
            Span::raw(fmt(r)),
        ]));
    }
}
