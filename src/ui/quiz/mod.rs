//! The quiz screens: start, question, feedback, end summary, the walk through missed questions
//! and the abandon dialog. They draw a [`QuizScreen`] and decide nothing. Right and wrong are
//! always said with a symbol and a word (✓ Right, ✗ Wrong), colour only adds to them.

mod body;
mod end;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{chrome, popup};
use crate::app::{App, QuizScreen};
use crate::keymap::{Action, Context, key_label};
use crate::quiz::{Kind, Phase};

pub fn render(app: &App, q: &QuizScreen, header: Rect, body: Rect, buf: &mut Buffer) {
    let s = &q.session;
    let title = match (s.bank_of(&app.course), s.kind()) {
        (Some(b), Kind::Bank { whole: true, .. }) => format!("Quiz · {}", b.title),
        (Some(b), _) => format!("Retake · {}", b.title),
        (None, _) => "Review".to_owned(),
    };
    let right = match (s.phase(), q.walk) {
        (_, Some(k)) => format!("Missed {}/{}", k + 1, s.missed().len()),
        (Phase::Start, _) => format!("{} questions", s.len()),
        (Phase::End, _) => {
            let (c, n) = s.score();
            format!("Done · {c}/{n} right")
        }
        _ => format!("Question {}/{}", s.pos() + 1, s.len()),
    };
    chrome::header(
        &title,
        &format!("{right} · seed {}", s.seed()),
        app.theme.header,
        header,
        buf,
    );
    // Laid out for this size by `App::resize`; clamped so a frame drawn before the next resize
    // stays inside the buffer.
    let text = Rect {
        x: body.x + 2,
        width: q.view.width.min(body.width.saturating_sub(3)),
        ..body
    };
    match (s.phase(), q.walk) {
        (Phase::Start, _) => end::start(app, q, text, buf),
        (Phase::End, None) => end::summary(app, q, text, buf),
        _ => body::render(app, q, text, buf),
    }
    // The same scroll range the app clamps to (the start screen does not scroll).
    if s.phase() != Phase::Start {
        chrome::scrollbar(body, q.scroll, q.max_scroll(), q.height, buf);
    }
    if q.confirm {
        let review = s.kind() == crate::quiz::Kind::Review;
        let lines = vec![
            Line::from(if review {
                "Stop this review?"
            } else {
                "Abandon this quiz?"
            }),
            Line::default(),
            Line::from(if review {
                "The answers you gave are saved; the questions you did not reach stay due."
            } else {
                "Nothing of it is recorded: no score, and the answers so far do not count for review."
            }),
            Line::default(),
            Line::from(vec![
                Span::styled(
                    key_label(Context::QuizConfirm, Action::Confirm),
                    app.theme.key,
                ),
                Span::raw(" abandon · "),
                Span::styled(key_label(Context::QuizConfirm, Action::Back), app.theme.key),
                Span::raw(" keep going"),
            ]),
        ];
        popup::text_box(app, "Abandon?", lines, 50, body, buf);
    }
}

/// `line` drawn as the selection: the selected style over every span, so no span keeps a
/// colour of its own that would sit on the selection's background at low contrast (the key
/// colour on the light background was about 1.3:1).
fn highlight(line: Line<'static>, selected: ratatui::style::Style) -> Line<'static> {
    let spans = line
        .spans
        .into_iter()
        .map(|s| {
            let style = s.style.patch(selected);
            s.style(style)
        })
        .collect::<Vec<_>>();
    Line::from(spans).style(line.style.patch(selected))
}

/// Draws `lines` from row `scroll` on, one per row of `area`.
fn draw_rows(
    lines: impl Iterator<Item = Line<'static>>,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    use ratatui::widgets::Widget;
    for (row, line) in lines
        .skip(scroll)
        .take(usize::from(area.height))
        .enumerate()
    {
        let y = area.y + u16::try_from(row).unwrap_or(u16::MAX);
        line.render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
    }
}
