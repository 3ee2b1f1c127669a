//! The lesson reader: the rendered lines of the open lesson, with the focused link and search
//! matches highlighted on top, and a scrollbar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthChar;

use super::chrome;
use super::course_map::state_mark;
use crate::app::{App, LessonView};

pub fn render(app: &App, view: &LessonView, header: Rect, body: Rect, buf: &mut Buffer) {
    let lesson = &app.course.lessons[view.lesson];
    let total = view.rendered.lines.len();
    let percent = if view.max_scroll() == 0 {
        100
    } else {
        // A jump to a late heading may scroll past the end (`LessonView::jump_to`).
        (view.scroll * 100 / view.max_scroll()).min(100)
    };
    let state = app.progress.lesson_state(&lesson.id);
    chrome::header(
        &format!(
            "Lesson {}/{} · {}",
            view.lesson + 1,
            app.course.lessons.len(),
            lesson.title
        ),
        &format!("{percent}% · {} {}", state_mark(state), state.label()),
        app.theme.header,
        header,
        buf,
    );

    // The view was laid out for this size (`App::resize`, with `layout::lesson_text_size`);
    // clamping keeps a frame drawn before the next resize inside the buffer.
    let text = Rect {
        x: body.x + 2,
        y: body.y,
        width: view.width.min(body.width.saturating_sub(2)),
        height: body.height,
    };
    let end = (view.scroll + view.height.min(usize::from(body.height))).min(total);
    for (row, idx) in (view.scroll..end).enumerate() {
        let mut line = view.rendered.lines[idx].clone();
        // The focused link first: a match inside it stays visible on top.
        if let Some(link) = view.focus.and_then(|f| view.rendered.links.get(f)) {
            for s in link.spans.iter().filter(|s| s.line == idx) {
                line = highlight(&line, s.col, s.width, app.theme.link_focus);
            }
        }
        if let Some(s) = &view.search {
            for (i, m) in s.matches.iter().enumerate().filter(|(_, m)| m.line == idx) {
                let style = if i == s.current {
                    app.theme.search_current
                } else {
                    app.theme.search_match
                };
                line = highlight(&line, m.col, m.width, style);
            }
        }
        let y = text.y + u16::try_from(row).unwrap_or(u16::MAX);
        if y < text.bottom() {
            line.render(
                Rect {
                    y,
                    height: 1,
                    ..text
                },
                buf,
            );
        }
    }

    chrome::scrollbar(body, view.scroll, view.max_scroll(), view.height, buf);
}

/// `line` with `style` patched over the cells `col..col + width`, splitting spans as needed.
#[must_use]
pub fn highlight(line: &Line<'static>, col: u16, width: u16, style: Style) -> Line<'static> {
    let (start, end) = (usize::from(col), usize::from(col) + usize::from(width));
    let mut out: Vec<Span<'static>> = Vec::with_capacity(line.spans.len() + 2);
    let mut x = 0usize;
    for span in &line.spans {
        let mut before = String::new();
        let mut inside = String::new();
        let mut after = String::new();
        for c in span.content.chars() {
            let cw = c.width().unwrap_or(0);
            if x < start {
                before.push(c);
            } else if x < end {
                inside.push(c);
            } else {
                after.push(c);
            }
            x += cw;
        }
        for (text, st) in [
            (before, span.style),
            (inside, span.style.patch(style)),
            (after, span.style),
        ] {
            if !text.is_empty() {
                out.push(Span::styled(text, st));
            }
        }
    }
    Line::from(out)
        .style(line.style)
        .alignment(line.alignment.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use ratatui::style::Modifier;

    use super::*;

    #[test]
    fn highlight_splits_spans_by_cells() {
        let line = Line::from(vec![Span::raw("ab"), Span::raw("cdé")]);
        let rev = Style::new().add_modifier(Modifier::REVERSED);
        let out = highlight(&line, 1, 3, rev);
        let parts: Vec<(&str, bool)> = out
            .spans
            .iter()
            .map(|s| {
                (
                    s.content.as_ref(),
                    s.style.add_modifier.contains(Modifier::REVERSED),
                )
            })
            .collect();
        assert_eq!(
            parts,
            vec![("a", false), ("b", true), ("cd", true), ("é", false)]
        );
    }
}
