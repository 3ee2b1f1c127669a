//! The player's legend (`?`): every mark the diagram and the ledger draw has a row in the one
//! legend table, checked by drawing every bundled scenario at every step, a compare's marks
//! too, and every knob line's; `?` in the player shows the table; and the first frame shows the scenario's summary.

mod common;

use std::collections::BTreeSet;

use common::screen::{buffer_text, draw, keys, press};
use crossterm::event::KeyCode;
use idemlab::app::{App, Start};
use idemlab::content::{self, Source};
use idemlab::ui::Theme;
use idemlab::ui::sim::legend::{LEGEND, explains};
use idemlab::ui::sim::{Diagram, StatePanel, knob_lines};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn app(id: &str) -> (App, tempfile::TempDir) {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    common::screen::app(course, Theme::colored(), Start::Sim(id.into()))
}

/// Marks that are words' punctuation, not the diagram's: none of them stands for an event.
fn is_text(c: char) -> bool {
    c.is_ascii() && c != '+' || c.is_alphanumeric()
}

#[test]
fn every_mark_the_diagram_and_ledger_draw_is_in_the_legend() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let theme = Theme::colored();
    let mut missing: BTreeSet<(char, String)> = BTreeSet::new();
    let mut seen: BTreeSet<char> = BTreeSet::new();
    for s in &course.scenarios {
        let (mut a, _d) = app(&s.scenario);
        for compare in [false, true] {
            if compare && a.player().unwrap().other.is_some() {
                keys(&mut a, "c");
            } else if compare {
                continue;
            }
            press(&mut a, KeyCode::Home);
            let n = a.player().unwrap().len();
            for _ in 0..n {
                let p = a.player().unwrap();
                let lanes = p.lanes();
                for side in p.sides() {
                    let area = Rect::new(0, 0, 120, 40);
                    let mut buf = Buffer::empty(area);
                    Diagram {
                        run: &side.run,
                        step: p.side_step(side),
                        lanes: &lanes,
                        mark: p.mark(side),
                        up: 0,
                        theme: &theme,
                    }
                    .render(area, &mut buf);
                    let (state, prev) = p.states(side);
                    let mut panel = Buffer::empty(area);
                    StatePanel {
                        state: &state,
                        prev: prev.as_ref(),
                        model: side.run.model,
                        theme: &theme,
                    }
                    .render(area, &mut panel);
                    for text in [buffer_text(&buf), buffer_text(&panel)] {
                        for c in text.chars().filter(|c| !is_text(*c)) {
                            seen.insert(c);
                            if !explains(c) {
                                missing.insert((c, s.scenario.clone()));
                            }
                        }
                    }
                }
                press(&mut a, KeyCode::Right);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "marks drawn without a legend row (ui/sim/legend.rs): {missing:?}"
    );
    // The check sees the marks it is about (it would pass on a blank screen otherwise).
    for c in ['●', '✗', '⏱', '◆', '◀', '│', '+'] {
        assert!(seen.contains(&c), "no scenario drew {c}: {seen:?}");
    }
}

/// The knob line's marks too: every bundled scenario's knob line at 60, 80 and 120 columns,
/// compared where it can be (the lock mark of a challenge's locked knobs, the compare's `│`).
#[test]
fn every_mark_on_the_knob_line_is_in_the_legend() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let mut missing: BTreeSet<(char, String)> = BTreeSet::new();
    let mut seen: BTreeSet<char> = BTreeSet::new();
    for s in &course.scenarios {
        let (mut a, _d) = app(&s.scenario);
        for compare in [false, true] {
            if compare && a.player().unwrap().other.is_some() {
                keys(&mut a, "c");
            } else if compare {
                continue;
            }
            for w in [60, 80, 120] {
                for line in knob_lines(&a, a.player().unwrap(), w) {
                    // `·` only separates knobs, as in a sentence.
                    for c in line
                        .to_string()
                        .chars()
                        .filter(|c| !is_text(*c) && *c != '·')
                    {
                        seen.insert(c);
                        if !explains(c) {
                            missing.insert((c, s.scenario.clone()));
                        }
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "marks on the knob line without a legend row (ui/sim/legend.rs): {missing:?}"
    );
    assert!(seen.contains(&'🔒'), "no knob line drew the lock: {seen:?}");

    // In `?` the lock's meaning starts in the same column as every other mark's, though the
    // lock takes two cells (padded by characters it would push its meaning into the border).
    let (mut a, _d) = app("concurrent-retry-check-then-act");
    keys(&mut a, "?");
    let meaning_at = |buf: &Buffer, mark: &str| {
        (2..buf.area.height).find_map(|y| {
            let x = (0..buf.area.width).find(|&x| buf[(x, y)].symbol() == mark)?;
            (x + 1..buf.area.width).find(|&x| !buf[(x, y)].symbol().trim().is_empty())
        })
    };
    let mut buf = Buffer::empty(Rect::new(0, 0, 1, 1));
    // Scrolled down until both rows are in the box.
    for _ in 0..60 {
        buf = draw(&mut a, 80, 24).backend().buffer().clone();
        if meaning_at(&buf, "🔒").is_some() && meaning_at(&buf, "—").is_some() {
            break;
        }
        press(&mut a, KeyCode::Down);
    }
    let (lock, dots) = (meaning_at(&buf, "🔒"), meaning_at(&buf, "—"));
    assert!(
        lock.is_some() && lock == dots,
        "{lock:?} {dots:?}\n{}",
        buffer_text(&buf)
    );
}

#[test]
fn help_in_the_player_explains_the_marks_first() {
    let (mut a, _d) = app("retry-without-key");
    keys(&mut a, "?");
    let screen = buffer_text(draw(&mut a, 100, 40).backend().buffer());
    for (marks, meaning) in LEGEND.iter().take(6) {
        let words: String = meaning.chars().take(30).collect();
        assert!(screen.contains(marks), "{marks}:\n{screen}");
        assert!(screen.contains(&words), "{words}:\n{screen}");
    }
    // At 60 columns the meanings wrap inside the narrower box: none is cut at its edge.
    let screen = buffer_text(draw(&mut a, 60, 40).backend().buffer());
    assert!(
        screen.contains("a message still on its way at that row"),
        "{screen}"
    );
    assert!(
        screen.contains("broker,") && screen.contains("answer (the attempt"),
        "{screen}"
    );
    // Elsewhere help is about keys only.
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Esc);
    keys(&mut a, "?");
    let screen = buffer_text(draw(&mut a, 100, 40).backend().buffer());
    assert!(!screen.contains(LEGEND[5].1), "{screen}");
}

#[test]
fn the_first_frame_shows_the_scenario_summary() {
    let (mut a, _d) = app("increment-under-retry");
    let summary = a.player().unwrap().main.scenario.summary.clone();
    let head: String = summary.chars().take(25).collect();
    for (w, h) in [(100, 30), (80, 24), (60, 18)] {
        let screen = buffer_text(draw(&mut a, w, h).backend().buffer());
        assert!(screen.contains(&head), "{w}x{h}, `{head}`:\n{screen}");
    }
    press(&mut a, KeyCode::Right);
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(!screen.contains(&head), "{screen}");
    // A changed knob makes another run: the summary of the one written no longer stands
    // over it ("adds one more" over a write that does not).
    press(&mut a, KeyCode::Home);
    keys(&mut a, "k");
    assert_eq!(a.player().unwrap().step(), 0);
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    assert!(!screen.contains(&head), "{screen}");
    assert!(screen.contains("0 ms · db:"), "{screen}");
}

/// The goal line's mark: every challenge opens with `○ goal: …`, and its mark is explained.
#[test]
fn the_goal_lines_mark_is_in_the_legend() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let mut challenges = 0;
    for s in course.scenarios.iter().filter(|s| s.goal.is_some()) {
        challenges += 1;
        let (mut a, _d) = app(&s.scenario);
        let screen = buffer_text(draw(&mut a, 80, 24).backend().buffer());
        let line = screen
            .lines()
            .find(|l| l.contains(" goal: "))
            .unwrap_or_else(|| panic!("{}: no goal line\n{screen}", s.scenario));
        let mark = line.trim_start().chars().next().unwrap();
        assert!(explains(mark), "{}: {mark} has no legend row", s.scenario);
    }
    assert!(challenges >= 12, "{challenges}");
}
