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
use crate::markdown::WideLine;
use crate::text::width::{clip, str_width};

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
        if view.hscroll > 0
            && let Ok(i) = view.rendered.wide.binary_search_by_key(&idx, |w| w.line)
        {
            let w = &view.rendered.wide[i];
            line = shifted(&line, w, view.hscroll, usize::from(text.width), app);
        }
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
                if let Some(col) = view.match_col(m) {
                    line = highlight(&line, col, m.width, style);
                }
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

/// A cut code line shifted left by `by` cells: its prefix (quote bars, indent) stays, `←` says
/// there is more to the left and `→` that there is more to the right.
fn shifted(
    line: &Line<'static>,
    w: &WideLine,
    by: usize,
    width: usize,
    app: &App,
) -> Line<'static> {
    let col = usize::from(w.col);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut x = 0;
    for span in &line.spans {
        let mut kept = String::new();
        for c in span.content.chars() {
            let cw = c.width().unwrap_or(0);
            if x + cw > col {
                break;
            }
            kept.push(c);
            x += cw;
        }
        if !kept.is_empty() {
            spans.push(Span::styled(kept, span.style));
        }
        if x >= col {
            break;
        }
    }
    let mark = app.theme.md.code_label;
    let room = width.saturating_sub(col);
    if room < 3 {
        return Line::from(spans);
    }
    // Skip `by` cells (a wide character straddling the edge goes too).
    let mut skipped = 0;
    let rest: String = w
        .text
        .chars()
        .skip_while(|c| {
            let go = skipped < by;
            if go {
                skipped += c.width().unwrap_or(0);
            }
            go
        })
        .collect();
    spans.push(Span::styled("←", mark));
    let avail = room - 1;
    if str_width(&rest) <= avail {
        spans.push(Span::styled(rest, w.style));
    } else {
        let (kept, _) = clip(&rest, avail - 1);
        spans.push(Span::styled(kept.to_owned(), w.style));
        spans.push(Span::styled("→", mark));
    }
    Line::from(spans)
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
