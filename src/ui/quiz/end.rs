//! The start screen (what the quiz is, the best score so far, the seed) and the end summary
//! (score, pass or fail, time, the actions, each question with ✓ or ✗).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::draw_rows;
use crate::app::{App, EndRow, QuizScreen};
use crate::keymap::{Action, Context, key_label};
use crate::markdown::{self, MdTheme, Options, wrap_lines};
use crate::quiz::Kind;
use crate::quiz::clock::duration_words;
use crate::quiz::schedule::INTERVALS;
use crate::quiz::summary::mark_percent;
use crate::text::sanitize_line;

fn best(app: &App, bank: &str) -> String {
    match (app.progress.bank_best(bank), app.progress.bank_record(bank)) {
        (Some(b), Some(r)) => format!(
            "Best so far: {}/{}, {} ({})",
            b.correct,
            b.total,
            if b.passed {
                "✓ passed"
            } else {
                "✗ not passed"
            },
            crate::text::plural(r.attempts as usize, "attempt")
        ),
        _ => "Not taken yet.".to_owned(),
    }
}

pub fn start(app: &App, q: &QuizScreen, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let s = &q.session;
    let mut lines = vec![Line::default()];
    match s.bank_of(&app.course) {
        Some(b) => {
            lines.push(Line::from(Span::styled(sanitize_line(&b.title), t.title)));
            lines.push(Line::default());
            lines.push(Line::from(format!(
                "{} questions · pass mark {}%",
                s.len(),
                mark_percent(b.pass_mark)
            )));
            lines.push(Line::from(best(app, &b.id)));
            lines.push(Line::from(Span::styled(
                format!(
                    "Choices are shuffled with seed {0}: idemlab quiz {1} --seed {0} shows this order again.",
                    s.seed(),
                    b.id
                ),
                t.dim,
            )));
        }
        None => {
            lines.push(Line::from(Span::styled("Review", t.title)));
            lines.push(Line::default());
            lines.push(Line::from(format!(
                "{} due: questions you missed before.",
                crate::text::plural(s.len(), "question")
            )));
            // Box 1 waits a day; each right answer moves a question up a box.
            let waits: Vec<String> = INTERVALS[1..].iter().map(i64::to_string).collect();
            lines.push(Line::from(Span::styled(
                format!(
                    "A right answer sends a question away for longer ({} days); a wrong one brings it back tomorrow.",
                    waits.join(", ")
                ),
                t.dim,
            )));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(
        "After each answer you see whether it was right and why.",
    ));
    lines.push(Line::from(vec![
        Span::styled(key_label(Context::QuizStart, Action::Open), t.key),
        Span::raw(" begins · "),
        Span::styled(key_label(Context::QuizStart, Action::Back), t.key),
        Span::raw(" goes back"),
    ]));
    Paragraph::new(wrap_lines(&lines, area.width)).render(area, buf);
}

/// Draws the summary: one line for each of `QuizScreen::end_layout`'s rows on screen.
pub fn summary(app: &App, q: &QuizScreen, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let s = &q.session;
    let sum = s.summary(&app.course);
    let mut head = vec![Span::styled(
        format!("Score {}/{} ({}%)", sum.correct, sum.total, sum.percent()),
        t.title,
    )];
    match (sum.passed(), sum.pass_mark) {
        (Some(true), Some(m)) => head.push(Span::styled(
            format!(" · ✓ passed (pass mark {}%)", mark_percent(m)),
            t.done,
        )),
        (Some(false), Some(m)) => head.push(Span::styled(
            format!(" · ✗ not passed (pass mark {}%)", mark_percent(m)),
            t.warn,
        )),
        _ => head.push(Span::raw(" · practice, not scored")),
    }
    head.push(Span::raw(format!(
        " · {}",
        duration_words(sum.elapsed_secs)
    )));
    let second = match (s.kind(), s.bank_of(&app.course)) {
        (Kind::Bank { whole: true, .. }, Some(b)) => best(app, &b.id),
        (Kind::Review, _) => {
            "Your answers are saved: right ones now wait longer, missed ones come back to practise."
                .into()
        }
        _ => "A retake counts for review, not for the bank's score.".into(),
    };
    let actions = q.end_actions();
    let width = usize::from(area.width).saturating_sub(6);
    let line = |row: EndRow| -> Line<'static> {
        match row {
            EndRow::Blank => Line::default(),
            EndRow::Score => Line::from(head.clone()),
            EndRow::Standing => Line::from(second.clone()),
            EndRow::Forecast(i) => Line::from(q.forecast.get(i).cloned().unwrap_or_default()),
            EndRow::Action(i) => {
                let Some(a) = actions.get(i) else {
                    return Line::default();
                };
                let selected = q.cursor == Some(i);
                let line = Line::from(vec![
                    Span::raw(if selected { "▶ " } else { "  " }),
                    Span::raw(q.end_label(*a)),
                    Span::styled(
                        format!("  {}", key_label(Context::QuizEnd, a.action())),
                        t.dim,
                    ),
                ]);
                if selected {
                    super::highlight(line, t.selected)
                } else {
                    line
                }
            }
            EndRow::Questions => Line::from(Span::styled("Questions", t.dim)),
            EndRow::Question(i) => {
                let prompt = s
                    .question_at(&app.course, i)
                    .map(|q| first_line(&q.prompt, &t.md, width))
                    .unwrap_or_default();
                let (mark, style) = if s.is_missed(i) {
                    ("✗", t.warn)
                } else {
                    ("✓", t.done)
                };
                let mut spans = vec![Span::styled(format!("{mark} {:>2} ", i + 1), style)];
                spans.extend(prompt);
                Line::from(spans)
            }
        }
    };
    // Only the rows on screen are built; the app scrolls over the same `end_layout`.
    let rows = q.end_layout();
    let shown = rows
        .into_iter()
        .skip(q.scroll)
        .take(usize::from(area.height))
        .map(line);
    draw_rows(shown, 0, area, buf);
}

/// The prompt's first paragraph rendered as Markdown in the app's styles (code and emphasis
/// styled, never spelled with markers), its first line at `width`, with `…` when cut.
fn first_line(prompt: &str, md: &MdTheme, width: usize) -> Vec<Span<'static>> {
    let para = prompt.trim().split("\n\n").next().unwrap_or("");
    let flat = para.split_whitespace().collect::<Vec<_>>().join(" ");
    let opts = Options {
        width: u16::try_from(width.saturating_sub(1))
            .unwrap_or(u16::MAX)
            .max(1),
        theme: md.without_markers(),
        link_targets: false,
    };
    let rendered = markdown::render(&flat, &opts);
    let mut spans = rendered
        .lines
        .first()
        .map_or_else(Vec::new, |l| l.spans.clone());
    if rendered.lines.len() > 1 {
        spans.push(Span::raw("…"));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span<'_>]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn summary_lines_render_markdown_without_markers() {
        let prompt = "A function `f` is **idempotent** when `f(f(x)) = f(x)`.\n\nMore.";
        for md in [MdTheme::colored(), MdTheme::monochrome()] {
            let spans = first_line(prompt, &md, 200);
            assert_eq!(
                text(&spans),
                "A function f is idempotent when f(f(x)) = f(x)."
            );
        }
        // In colour, code is drawn in the code style (monochrome has none for it).
        let spans = first_line(prompt, &MdTheme::colored(), 200);
        let code = spans.iter().find(|s| s.content == "f");
        assert_eq!(
            code.map(|s| s.style),
            Some(MdTheme::colored().code),
            "{spans:?}"
        );
        let cut = first_line(prompt, &MdTheme::colored(), 20);
        assert!(text(&cut).ends_with('…'), "{cut:?}");
        assert!(text(&cut).chars().count() <= 20, "{cut:?}");
    }
}
