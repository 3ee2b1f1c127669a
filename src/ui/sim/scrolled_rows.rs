//! Report #6 saw rows merge after scrolling (`✗ lost · 201`, `╰─ P… ─▶`). No two events ever
//! shared a row: those were one event each, a loss or an arrival naming its message because its
//! departure was off screen, worded (`· 201`) or cut (`P…`) so they read as two. These tests
//! draw every bundled scenario's run at its end, scrolled to every position ↑ and PgUp reach,
//! at the diagram sizes of 80x24, 60x18 and of a 100- and 120-column compare's column, and
//! check that each step the fold plan gives a row of its own shows its own label on that row
//! (whole, or cut with `…` after a few letters: at 100 columns three lanes once left the last
//! one `● …`), that a fold line says how many rows it holds (cut with `…`, if cut), that
//! following the step no step goes missing without a `⋮` line or mark, and that a message is
//! never named by one letter and `…`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::Diagram;
use super::fold::{Line, plan};
use super::rows::{DUPLICATE, Shape, lane_label, message_label, shape};
use crate::content::{Source, load};
use crate::keymap::{Action, Context, key_label};
use crate::text::sanitize;
use crate::text::width::str_width;
use crate::theme::Theme;

/// Row `y` of `buf` as text, a wide symbol counted once.
fn row(buf: &Buffer, y: u16) -> String {
    let mut s = String::new();
    let mut x = 0;
    while x < buf.area.width {
        let sym = buf[(x, y)].symbol();
        s.push_str(sym);
        x += u16::try_from(str_width(sym).max(1)).unwrap_or(1);
    }
    s
}

/// Whether `row` shows `label` whole, or cut with `…` after at least `keep` characters of it
/// (`● charge…`, `● c… ✗ duplicate` keeping its mark, or in a narrow column `● effect …`).
fn shows(row: &str, label: &str, keep: usize) -> bool {
    let cut = |head: &str, tail: &str| {
        let chars: Vec<(usize, char)> = head.char_indices().collect();
        (keep.min(chars.len())..chars.len()).any(|n| {
            let at = chars.get(n).map_or(head.len(), |&(at, _)| at);
            row.contains(&format!("{}…{tail}", &head[..at]))
        })
    };
    row.contains(label)
        || cut(label, "")
        || label
            .strip_suffix(DUPLICATE)
            .is_some_and(|head| cut(head, DUPLICATE))
}

/// A message's label as a departure row may show it: whole, or without its path
/// (`POST #2 no key`), or cut with `…` after a few letters (`submi…`).
fn shows_message(row: &str, label: &str) -> bool {
    let short: Vec<&str> = label.split(' ').filter(|w| !w.starts_with('/')).collect();
    shows(row, label, 3) || shows(row, &short.join(" "), 3)
}

#[test]
fn every_scrolled_row_shows_its_own_event() {
    let course = load(&Source::Embedded).course;
    let theme = Theme::monochrome();
    let mut checked = 0;
    for s in &course.scenarios {
        let run = crate::sim::run(s, 7).expect("a bundled scenario runs");
        let lanes = run.participants();
        let step = run.trace.len() - 1;
        // Diagram areas: 80x24 and 60x18 (single and tabbed), a 100 and 120 columns compare.
        for (w, h) in [(80, 14), (80, 10), (60, 8), (60, 6), (49, 12), (59, 20)] {
            let area = Rect::new(0, 0, w, h);
            for up in 0..=step {
                let mut buf = Buffer::empty(area);
                Diagram {
                    run: &run,
                    step,
                    lanes: &lanes,
                    mark: None,
                    up,
                    theme: &theme,
                }
                .render(area, &mut buf);
                let lines = plan(&run.trace, step, usize::from(h - 1), up);
                let rows: Vec<String> = (1..h).map(|y| row(&buf, y)).collect();
                let frame = rows.join("\n");
                let what = format!("{} {w}x{h} up {up}", s.scenario);
                let mut covered = Vec::new();
                for (line, text) in lines.iter().zip(&rows) {
                    let (i, folded_above) = match *line {
                        Line::Fold { first, last } => {
                            // Whole, or cut with `…` (`⋮ 4 rows b…`), never `⋮ 4 rows b`.
                            let n = last + 1 - first;
                            let rows = if n == 1 { "row" } else { "rows" };
                            let mut label = format!("⋮ {n} {rows}");
                            if last == step {
                                let down = key_label(Context::Sim, Action::Down);
                                label.push_str(&format!(" below · {down}"));
                            }
                            assert!(shows(text, &label, 3), "{what}: `{text}`\n{frame}");
                            covered.extend(first..=last);
                            continue;
                        }
                        Line::Step { i, folded_above } => (i, folded_above),
                    };
                    if folded_above > 0 {
                        assert!(text.starts_with('⋮'), "{what}: `{text}`\n{frame}");
                    }
                    covered.extend(i - folded_above..=i);
                    let ev = &run.trace[i];
                    let ok = match shape(ev, &lanes) {
                        Shape::OnLane { .. } => {
                            let label = sanitize(&lane_label(ev, run.model).0).into_owned();
                            shows(text, &label, 3)
                        }
                        Shape::Depart { .. } | Shape::Instant { .. } => {
                            shows_message(text, &sanitize(message_label(ev)))
                        }
                        Shape::Arrive { .. } => text.contains('▶') || text.contains('◀'),
                        Shape::Lost { .. } => text.contains('✗') && text.contains("lost"),
                        Shape::Loose => true,
                    };
                    assert!(
                        ok,
                        "{what}: step {i} ({:?}) not on its row `{text}`\n{frame}",
                        ev.kind
                    );
                    checked += 1;
                }
                // Scrolled, the rows above the window are simply out of view; following the
                // step, every step up to it has a row, a fold line or a `⋮` mark.
                if up == 0 && !lines.is_empty() {
                    assert_eq!(covered, (0..=step).collect::<Vec<_>>(), "{what}\n{frame}");
                }
                // A message named again where it lands or is lost: by its first word at least.
                for text in &rows {
                    for cut in text.split("─ ").skip(1) {
                        if let Some(word) = cut.split(" ─").next().filter(|w| w.ends_with('…'))
                        {
                            assert!(word.chars().count() > 2, "{what}: `{text}`\n{frame}");
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
}
