//! The question and feedback screens, drawn row by row from [`QuizScreen::rows`] (the same rows
//! the app scrolls by): the prompt, what kind of answer is expected, the options with their
//! numbers, selection and marks, the text field with its cursor; after an answer, the verdict
//! in a word and a symbol, and the feedback with the explanation.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::draw_rows;
use crate::app::{App, OPTION_INDENT, QuizScreen, Row};
use crate::content::QuestionKind;
use crate::quiz::feedback::{RIGHT, WRONG};
use crate::quiz::{Draft, Kind};
use crate::text::sanitize_line;
use crate::text::width::{Clusters, clip, str_width};

/// Draws the rows on screen.
pub fn render(app: &App, q: &QuizScreen, area: Rect, buf: &mut Buffer) {
    let lines = q.rows().into_iter().map(|r| line(app, q, r, area.width));
    draw_rows(lines, q.scroll, area, buf);
}

/// What kind of answer is expected; in a review, also which bank the question is from.
fn hint(app: &App, q: &QuizScreen) -> String {
    let item = q.shown_item();
    let Some(question) = q.session.question_at(&app.course, item) else {
        return String::new();
    };
    let what = match question.kind {
        QuestionKind::Single { .. } => "Choose one answer.",
        QuestionKind::Multiple { .. } => "Choose every right answer: there may be more than one.",
        QuestionKind::TrueFalse { .. } => "True or false?",
        QuestionKind::Order { .. } => "Put the items in the right order, first at the top.",
        QuestionKind::Text { .. } => "Type your answer.",
    };
    match (q.session.kind(), q.session.items().get(item)) {
        (Kind::Review, Some(it)) => format!(
            "From {}. {what}",
            sanitize_line(&app.course.banks[it.bank].title)
        ),
        _ => what.to_owned(),
    }
}

fn line(app: &App, q: &QuizScreen, row: Row, width: u16) -> Line<'static> {
    let t = &app.theme;
    let v = &q.view;
    match row {
        Row::Blank => Line::default(),
        Row::Prompt(i) => v.prompt.get(i).cloned().unwrap_or_default(),
        Row::Feedback(i) => {
            let mut line = v.feedback.get(i).cloned().unwrap_or_default();
            if let Some(link) = q.link.and_then(|l| v.links.get(l)) {
                for s in link.spans.iter().filter(|s| s.line == i) {
                    line = crate::ui::lesson::highlight(&line, s.col, s.width, t.link_focus);
                }
            }
            line
        }
        Row::Hint => Line::from(Span::styled(hint(app, q), t.dim)),
        Row::Verdict => {
            let correct = q.session.outcome(q.shown_item()).is_some_and(|o| o.correct);
            let (text, style) = if correct {
                (RIGHT, t.done.add_modifier(Modifier::BOLD))
            } else {
                (WRONG, t.warn)
            };
            Line::from(Span::styled(text, style))
        }
        Row::Field => field(app, q, width),
        Row::Option { pos, line } => option(app, q, pos, line),
    }
}

fn field(app: &App, q: &QuizScreen, width: u16) -> Line<'static> {
    const LABEL: &str = "Answer: ";
    let room = usize::from(width).saturating_sub(LABEL.len() + 1).max(1);
    let (shown, col) = q.field.window(room);
    let shown = sanitize_line(shown);
    let (before, _) = clip(&shown, col);
    let rest = &shown[before.len()..];
    let (at, after) = match Clusters::new(rest).next() {
        Some((c, _)) => (c, &rest[c.len()..]),
        None => (" ", ""),
    };
    let filled = str_width(&shown).max(col + 1);
    let pad = " ".repeat(room.saturating_sub(filled));
    let input = Style::new().add_modifier(Modifier::UNDERLINED);
    Line::from(vec![
        Span::styled(LABEL, app.theme.key),
        Span::styled(before.to_owned(), input),
        Span::styled(at.to_owned(), input.add_modifier(Modifier::REVERSED)),
        Span::styled(after.to_owned(), input),
        Span::styled(pad, input),
    ])
}

fn option(app: &App, q: &QuizScreen, pos: usize, line: usize) -> Line<'static> {
    let selected = q.cursor == Some(pos);
    let text = q
        .option_at(pos)
        .and_then(|i| q.view.options.get(i))
        .and_then(|l| l.get(line))
        .cloned();
    let prefix = if line > 0 {
        " ".repeat(usize::from(OPTION_INDENT))
    } else {
        let cursor = if selected { "▶ " } else { "  " };
        let mark = match q.session.draft() {
            Draft::Pick(p) => {
                if *p == Some(pos) {
                    "(•)"
                } else {
                    "( )"
                }
            }
            Draft::Ticks(t) => {
                if t.get(pos).copied().unwrap_or(false) {
                    "[x]"
                } else {
                    "[ ]"
                }
            }
            Draft::Arrange(_) => {
                if selected {
                    " ↕ "
                } else {
                    "   "
                }
            }
            Draft::Text(_) => "   ",
        };
        format!("{cursor}{mark} {}  ", pos + 1)
    };
    let mut spans = vec![Span::styled(prefix, app.theme.key)];
    spans.extend(text.map(|l| l.spans).unwrap_or_default());
    let line = Line::from(spans);
    if selected {
        super::highlight(line, app.theme.selected)
    } else {
        line
    }
}
