//! The quiz screens on ratatui's TestBackend: snapshots of the start, question, feedback and end
//! screens at 80x24 and 40x15 (below 60x18 the app asks to enlarge the terminal, by design),
//! styles insta cannot see checked directly, and every quiz screen drawn at every size from 1x1
//! up without a panic.

mod common;

use common::screen::{assert_no_colour, buffer_text, draw, keys, press};
use common::{MON_10, fixture_dir, load};
use crossterm::event::KeyCode;
use idemlab::app::{App, Start};
use idemlab::content::{self, Source};
use idemlab::quiz::ManualClock;
use idemlab::ui::Theme;
use ratatui::style::{Color, Modifier};

fn app(theme: Theme) -> (App, ManualClock, tempfile::TempDir) {
    let course = load(&fixture_dir("quiz-course"));
    let (mut a, data) = common::screen::app(course, theme, Start::Quiz("all-kinds".into()));
    let clock = ManualClock::at(MON_10);
    a.set_clock(Box::new(clock.clone()));
    a.set_quiz_seed(7);
    a.resize(80, 24);
    (a, clock, data)
}

/// Seed 7 shows: Set / Add / Append | DELETE POST PUT GET | True False |
/// Store, Return, Execute, Look up | text.
#[test]
fn start_and_question_snapshots() {
    let (mut a, _c, _d) = app(Theme::colored());
    insta::assert_snapshot!("quiz_start_80x24", draw(&mut a, 80, 24).backend());
    keys(&mut a, "\r");
    insta::assert_snapshot!("quiz_single_80x24", draw(&mut a, 80, 24).backend());
    insta::assert_snapshot!("quiz_single_40x15", draw(&mut a, 40, 15).backend());
    // Keys do nothing behind the "please enlarge" screen: answer at a size that shows the quiz.
    a.resize(80, 24);
    keys(&mut a, "1\r\r13");
    insta::assert_snapshot!("quiz_multiple_ticked_80x24", draw(&mut a, 80, 24).backend());
    keys(&mut a, "4\r\r2\r\r4KK");
    insta::assert_snapshot!("quiz_order_moving_80x24", draw(&mut a, 80, 24).backend());
}

#[test]
fn feedback_snapshots_right_and_wrong() {
    let (mut a, _c, _d) = app(Theme::colored());
    keys(&mut a, "\r2\r");
    let t = draw(&mut a, 80, 24);
    insta::assert_snapshot!("quiz_feedback_wrong_80x24", t.backend());
    insta::assert_snapshot!("quiz_feedback_wrong_40x15", draw(&mut a, 40, 15).backend());
    a.resize(80, 24);
    // Partial multiple: one right, one wrong picked.
    keys(&mut a, "\r23\r");
    insta::assert_snapshot!(
        "quiz_feedback_partial_80x24",
        draw(&mut a, 80, 24).backend()
    );
    // The smallest size the app draws: the feedback scrolls.
    insta::assert_snapshot!(
        "quiz_feedback_partial_60x18",
        draw(&mut a, 60, 18).backend()
    );
}

/// An explanation with links: the footer offers Tab, and with a link focused says where Enter
/// goes (the link is drawn focused; insta sees the text only).
#[test]
fn feedback_with_a_focused_link_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    common::linked_course(dir.path());
    let start = Start::Quiz("linked".into());
    let (mut a, _d) = common::screen::app(load(dir.path()), Theme::monochrome(), start);
    a.set_clock(Box::new(ManualClock::at(MON_10)));
    a.set_quiz_seed(7);
    a.resize(80, 24);
    keys(&mut a, "\r1\r");
    insta::assert_snapshot!("quiz_feedback_links_80x24", draw(&mut a, 80, 24).backend());
    press(&mut a, KeyCode::Tab);
    insta::assert_snapshot!(
        "quiz_feedback_link_focused_80x24",
        draw(&mut a, 80, 24).backend()
    );
    insta::assert_snapshot!(
        "quiz_feedback_link_focused_60x18",
        draw(&mut a, 60, 18).backend()
    );
}

#[test]
fn long_questions_and_feedback_scroll_at_the_smallest_size() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let start = Start::Quiz("http-methods".into());
    let (mut a, _d) = common::screen::app(course, Theme::colored(), start);
    a.set_quiz_seed(3);
    a.resize(60, 18);
    // Eight choices: tick all of them (five right, three wrong).
    keys(&mut a, "\r12345678");
    let q = buffer_text(draw(&mut a, 60, 18).backend().buffer());
    assert!(
        q.contains("▶ [x] 8"),
        "the selection is scrolled into view:\n{q}"
    );
    keys(&mut a, "\r");
    let top = buffer_text(draw(&mut a, 60, 18).backend().buffer());
    assert!(top.contains("✗ Wrong"), "{top}");
    assert!(!top.contains("Explanation."), "{top}");
    for _ in 0..30 {
        press(&mut a, KeyCode::Char('j'));
    }
    let bottom = buffer_text(draw(&mut a, 60, 18).backend().buffer());
    assert!(bottom.contains("Explanation."), "{bottom}");
    assert!(bottom.contains("not idempotent"), "{bottom}");
    assert!(!bottom.contains("✗ Wrong"), "{bottom}");
}

#[test]
fn end_snapshots_with_time_score_and_marks() {
    let (mut a, clock, _d) = app(Theme::colored());
    keys(&mut a, "\r1\r\r134\r\r2\r\r");
    // Order: leave as shown (wrong); text: type and submit.
    keys(&mut a, "\r\r");
    keys(&mut a, "422");
    clock.advance(65);
    keys(&mut a, "\r\r");
    let t = draw(&mut a, 80, 24);
    insta::assert_snapshot!("quiz_end_80x24", t.backend());
    insta::assert_snapshot!("quiz_end_40x15", draw(&mut a, 40, 15).backend());
    insta::assert_snapshot!("quiz_end_60x18", draw(&mut a, 60, 18).backend());
    let s = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    assert!(
        s.contains("Score 4/5 (80%) · ✓ passed (pass mark 60%) · 1 min 05 s"),
        "{s}"
    );
}

#[test]
fn verdicts_are_words_and_symbols_and_colour_only_adds() {
    let (mut a, _c, _d) = app(Theme::colored());
    keys(&mut a, "\r2\r");
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    let s = buffer_text(buf);
    let row = s
        .lines()
        .position(|l| l.contains("✗ Wrong"))
        .expect("verdict in words");
    let x = s.lines().nth(row).unwrap().find('✗').unwrap();
    // `find` counts bytes; the row is ASCII-spaced up to the symbol.
    let x = u16::try_from(s.lines().nth(row).unwrap()[..x].chars().count()).unwrap();
    let cell = &buf[(x, u16::try_from(row).unwrap())];
    assert_eq!(cell.fg, Color::Yellow);
    assert!(cell.modifier.contains(Modifier::BOLD));

    let (mut m, _c, _d) = app(Theme::monochrome());
    keys(&mut m, "\r2\r");
    let t = draw(&mut m, 80, 24);
    assert_no_colour(t.backend().buffer());
    assert!(buffer_text(t.backend().buffer()).contains("✗ Wrong"));
}

#[test]
fn the_selected_choice_is_marked_and_highlighted() {
    let (mut a, _c, _d) = app(Theme::monochrome());
    keys(&mut a, "\rj");
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    let s = buffer_text(buf);
    let row = s
        .lines()
        .position(|l| l.contains("▶ (•) 1  Set the balance"))
        .expect(&s);
    let y = u16::try_from(row).unwrap();
    assert!(buf[(10, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_text_field_shows_its_cursor_and_takes_unicode_paste_and_edits() {
    let (mut a, _c, _d) = app(Theme::colored());
    keys(&mut a, "\r1\r\r134\r\r2\r\r\r\r");
    a.handle_paste("4x\n2");
    press(&mut a, KeyCode::Left);
    press(&mut a, KeyCode::Left);
    press(&mut a, KeyCode::Backspace);
    keys(&mut a, "2é");
    press(&mut a, KeyCode::Delete);
    press(&mut a, KeyCode::Home);
    keys(&mut a, "?");
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    let s = buffer_text(buf);
    let row = s
        .lines()
        .position(|l| l.contains("Answer: ?42é2"))
        .expect(&s);
    // The cursor (after the `?` typed at Home) is a reversed cell.
    let y = u16::try_from(row).unwrap();
    let x = 2 + u16::try_from("Answer: ?".len()).unwrap();
    assert!(
        buf[(x, y)].modifier.contains(Modifier::REVERSED),
        "{:?}",
        buf[(x, y)]
    );
    assert_eq!(buf[(x, y)].symbol(), "4");
    insta::assert_snapshot!("quiz_text_80x24", t.backend());
}

#[test]
fn every_quiz_screen_draws_at_every_size_without_panic() {
    // Start, each kind of question, feedback, the abandon dialog, the summary, the walk.
    let steps: [&str; 9] = [
        "",
        "\r",
        "\r1\r",
        "\r1\r\r",
        "\r1\r\r1\r\r1\r\r",
        "\r1\r\r1\r\r1\r\r\r\r",
        "\rq",
        "\r1\r\r1\r\r1\r\r\r\r9\r\r",
        "\r1\r\r1\r\r1\r\r\r\rx\r\rr",
    ];
    for seq in steps {
        let (mut a, _c, _d) = app(Theme::colored());
        keys(&mut a, seq);
        for w in (1..=120).step_by(7).chain([1, 2, 59, 60, 61, 200]) {
            for h in (1..=50).step_by(5).chain([1, 2, 17, 18, 19]) {
                draw(&mut a, w, h);
                press(&mut a, KeyCode::PageDown);
            }
        }
    }
}

/// An approximate sRGB value for a terminal colour (xterm's default palette), to measure
/// contrast; `None` for the terminal's own default (then the pair is the user's own).
fn rgb(c: Color) -> Option<(f64, f64, f64)> {
    let v = |r: u8, g: u8, b: u8| Some((f64::from(r), f64::from(g), f64::from(b)));
    match c {
        Color::Reset => None,
        Color::Black => v(0, 0, 0),
        Color::Red => v(205, 0, 0),
        Color::Green => v(0, 205, 0),
        Color::Yellow => v(205, 205, 0),
        Color::Blue => v(0, 0, 238),
        Color::Magenta => v(205, 0, 205),
        Color::Cyan => v(0, 205, 205),
        Color::Gray => v(229, 229, 229),
        Color::DarkGray => v(127, 127, 127),
        Color::LightRed => v(255, 0, 0),
        Color::LightGreen => v(0, 255, 0),
        Color::LightYellow => v(255, 255, 0),
        Color::LightBlue => v(92, 92, 255),
        Color::LightMagenta => v(255, 0, 255),
        Color::LightCyan => v(0, 255, 255),
        Color::White => v(255, 255, 255),
        Color::Rgb(r, g, b) => v(r, g, b),
        Color::Indexed(n) => panic!("indexed colour {n} on a selection: give it a fixed pair"),
    }
}

/// WCAG contrast ratio of two colours.
fn contrast(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
    let lum = |(r, g, b): (f64, f64, f64)| {
        let ch = |c: f64| {
            let c = c / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn the_selected_choice_is_readable_in_every_theme() {
    for theme in [Theme::colored(), Theme::monochrome()] {
        let (mut a, _c, _d) = app(theme.clone());
        // The multiple question, choice 2 selected and ticked; a choice with code in it
        // (`PUT`) would keep its own colour without the fix.
        keys(&mut a, "\r1\r\r2");
        let t = draw(&mut a, 80, 24);
        let buf = t.backend().buffer();
        let row = (0..buf.area.height)
            .find(|&y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .contains("▶ [x] 2")
            })
            .expect("the selected choice is on screen");
        let start = (0..buf.area.width)
            .find(|&x| buf[(x, row)].symbol() == "▶")
            .unwrap();
        let mut checked = 0;
        for x in start..buf.area.width {
            let cell = &buf[(x, row)];
            if cell.symbol() == " " {
                continue;
            }
            match (rgb(cell.fg), rgb(cell.bg)) {
                (Some(fg), Some(bg)) => {
                    let c = contrast(fg, bg);
                    assert!(c >= 4.5, "{:?}: {c:.1}:1 at column {x}", cell.symbol());
                }
                // Monochrome: the terminal's own pair, reversed.
                (None, None) => assert!(cell.modifier.contains(Modifier::REVERSED)),
                other => panic!("half a colour pair at column {x}: {other:?}"),
            }
            checked += 1;
        }
        assert!(checked > 5, "{checked}");
    }
}
