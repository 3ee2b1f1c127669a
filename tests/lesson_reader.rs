//! The lesson reader as a learner uses it (issue 12): links say what they open before Enter is
//! pressed, search counts its matches, a contents jump puts the heading on top, a glossary
//! entry's "see also" terms can be followed and Back returns, and `Start::Term` opens an entry.

mod common;

use common::screen::{buffer_text, draw, keys, press};
use common::{fixture_dir, load};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use idemlab::app::{App, Popup, Start};
use idemlab::content::Course;
use idemlab::keymap::Context;
use idemlab::ui::Theme;
use ratatui::style::Color;

fn course() -> Course {
    load(&fixture_dir("course"))
}

fn app_over(course: Course, start: Start) -> (App, tempfile::TempDir) {
    common::screen::app(course, Theme::colored(), start)
}

/// The screen at 80x24 as text, a no-break space read as a space.
fn screen(a: &mut App) -> String {
    buffer_text(draw(a, 80, 24).backend().buffer()).replace('\u{a0}', " ")
}

fn footer(a: &mut App, w: u16, h: u16) -> String {
    let t = draw(a, w, h);
    let buf = t.backend().buffer();
    (0..w).map(|x| buf[(x, h - 1)].symbol()).collect()
}

/// Tab until the focused link's destination is `url`.
fn focus(a: &mut App, url: &str) {
    for _ in 0..10 {
        press(a, KeyCode::Tab);
        if a.lesson_view().and_then(|v| v.focused_url()) == Some(url) {
            return;
        }
    }
    panic!("no link to {url}");
}

#[test]
fn each_kind_of_link_has_its_marker_and_the_footer_names_where_enter_goes() {
    let (mut a, _d) = app_over(course(), Start::Lesson("first-steps".into()));
    a.resize(80, 24);
    let text = screen(&mut a);
    assert!(text.contains("ⓘ idempotency in the glossary"), "{text}");
    press(&mut a, KeyCode::End);
    let text = screen(&mut a);
    for shown in ["▶ the retry", "» keys", "? take"] {
        assert!(text.contains(shown), "{shown} in\n{text}");
    }

    focus(&mut a, "sim:retry-without-key");
    let title = a
        .course
        .scenario("retry-without-key")
        .unwrap()
        .title
        .clone();
    let f = footer(&mut a, 80, 24);
    assert!(f.contains(&format!("Enter → ▶ simulation: {title}")), "{f}");
    focus(&mut a, "lesson:keys");
    let f = footer(&mut a, 80, 24);
    assert!(f.contains("Enter → » lesson: "), "{f}");

    // Each kind has its own colour too (the marker says it without colour).
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    let fg_of = |mark: &str| {
        (0..24)
            .flat_map(|y| (0..80).map(move |x| (x, y)))
            .find(|&(x, y)| buf[(x, y)].symbol() == mark && buf[(x, y)].bg != Color::Yellow)
            .map(|(x, y)| buf[(x, y)].fg)
    };
    let (sim, quiz) = (fg_of("▶"), fg_of("?"));
    assert!(sim.is_some() && quiz.is_some());
    assert_ne!(sim, quiz);
}

#[test]
fn the_focused_link_note_goes_when_the_link_leaves_the_screen() {
    let (mut a, _d) = app_over(course(), Start::Lesson("first-steps".into()));
    press(&mut a, KeyCode::Tab);
    assert!(footer(&mut a, 60, 18).contains("Enter → ⓘ glossary: Idempotency"));
    press(&mut a, KeyCode::End);
    assert!(!footer(&mut a, 60, 18).contains("Enter →"));
}

#[test]
fn search_counts_matches_says_when_it_wraps_and_highlights_them_all() {
    let (mut a, _d) = app_over(course(), Start::Lesson("first-steps".into()));
    a.resize(80, 24);
    keys(&mut a, "/lost\r");
    let n = a
        .lesson_view()
        .unwrap()
        .search
        .as_ref()
        .unwrap()
        .matches
        .len();
    assert_eq!(n, 3, "“lost” is in the fixture three times");
    assert!(
        a.status_text()
            .unwrap()
            .starts_with("match 1 of 3 for “lost”")
    );
    press(&mut a, KeyCode::Char('n'));
    assert!(a.status_text().unwrap().starts_with("match 2 of 3"));
    keys(&mut a, "n");
    keys(&mut a, "n");
    let s = a.status_text().unwrap();
    assert!(
        s.starts_with("match 1 of 3") && s.ends_with("wrapped to the top"),
        "{s}"
    );
    keys(&mut a, "N");
    let s = a.status_text().unwrap();
    assert!(
        s.starts_with("match 3 of 3") && s.ends_with("wrapped to the bottom"),
        "{s}"
    );

    // Every match on screen is marked, not only the current one.
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    let v = a.lesson_view().unwrap();
    let s = v.search.as_ref().unwrap();
    for m in s
        .matches
        .iter()
        .filter(|m| m.line >= v.scroll && m.line < v.scroll + v.height)
    {
        let cell = &buf[(2 + m.col, 1 + u16::try_from(m.line - v.scroll).unwrap())];
        assert!(
            cell.bg == Color::LightMagenta || !cell.modifier.is_empty(),
            "match at {m:?} not marked: {cell:?}"
        );
    }
    keys(&mut a, "/nowhere-at-all\r");
    assert_eq!(a.status_text(), Some("no match for “nowhere-at-all”"));
}

#[test]
fn a_contents_jump_puts_the_heading_on_the_top_row_even_at_the_end() {
    let mut c = course();
    c.lessons[0]
        .body
        .push_str("\n## Last words\n\nOne short line.\n");
    let (mut a, _d) = app_over(c, Start::Lesson("first-steps".into()));
    a.resize(80, 24);
    press(&mut a, KeyCode::Char('t'));
    let last = a.lesson_view().unwrap().rendered.headings.len();
    for _ in 0..last {
        press(&mut a, KeyCode::Down);
    }
    press(&mut a, KeyCode::Enter);
    let text = screen(&mut a);
    let second_row = text.lines().nth(1).unwrap();
    assert!(second_row.contains("Last words"), "{text}");
    assert!(text.lines().next().unwrap().contains("100%"), "{text}");
    // Scrolling up from there moves one line, not back to the usual end in a jump.
    let before = a.lesson_view().unwrap().scroll;
    press(&mut a, KeyCode::Up);
    assert_eq!(a.lesson_view().unwrap().scroll, before - 1);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Down);
    assert_eq!(
        a.lesson_view().unwrap().scroll,
        before,
        "no further than the heading"
    );
}

#[test]
fn see_also_terms_are_links_and_back_returns_to_the_entry_before() {
    let (mut a, _d) = app_over(course(), Start::Lesson("first-steps".into()));
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.context(), Context::Glossary);
    let text = screen(&mut a);
    assert!(text.contains("See also: ⓘ Idempotency key"), "{text}");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Enter);
    let text = screen(&mut a);
    assert!(text.contains("A unique value a client sends"), "{text}");
    assert!(text.contains("Glossary (Esc back)"), "{text}");
    press(&mut a, KeyCode::Esc);
    assert!(
        matches!(&a.popup, Some(Popup::Term { id, focus: Some(0), .. }) if id == "idempotency")
    );
    press(&mut a, KeyCode::Esc);
    assert!(a.popup.is_none());
    assert!(a.lesson_view().is_some(), "the lesson is still underneath");
    // Enter with no term focused closes, as before.
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none());
}

#[test]
fn a_term_opened_at_start_is_a_glossary_entry_over_the_map() {
    let (mut a, _d) = app_over(course(), Start::Term("idempotency-key".into()));
    let text = screen(&mut a);
    assert!(
        text.contains("Idempotency key") && text.contains("Glossary"),
        "{text}"
    );
    a.handle_key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(a.popup.is_none() && a.stack.is_empty());
}

#[test]
fn keys_do_nothing_behind_the_please_enlarge_screen_except_quit() {
    let (mut a, _d) = app_over(course(), Start::Lesson("first-steps".into()));
    let text = buffer_text(draw(&mut a, 40, 12).backend().buffer());
    assert!(text.contains("Please enlarge"), "{text}");
    for k in [
        KeyCode::Char('q'),
        KeyCode::Esc,
        KeyCode::Char('/'),
        KeyCode::Tab,
        KeyCode::Char('t'),
    ] {
        press(&mut a, k);
    }
    a.handle_paste("pasted");
    assert!(
        a.lesson_view().is_some(),
        "q left the lesson behind the notice"
    );
    assert!(a.popup.is_none() && a.search_input.is_none());
    assert!(a.lesson_view().unwrap().focus.is_none());
    a.handle_key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!a.running, "Ctrl-c still quits");
    // Once the terminal is large enough the keys work again.
    let (mut a, _d) = app_over(course(), Start::Lesson("first-steps".into()));
    draw(&mut a, 40, 12);
    draw(&mut a, 60, 18);
    press(&mut a, KeyCode::Char('q'));
    assert!(a.lesson_view().is_none());
}

#[test]
fn a_cut_diagram_scrolls_sideways_and_print_says_the_width_it_needs() {
    let wide = format!("left-end {} right-end", "=".repeat(90));
    let mut c = course();
    c.lessons[0].body = format!("# Wide\n\n```\n{wide}\nshort\n```\n\nAfter.\n");
    let (mut a, _d) = app_over(c, Start::Lesson("first-steps".into()));
    let row = |a: &mut App| {
        let t = buffer_text(draw(a, 60, 18).backend().buffer());
        t.lines().find(|l| l.contains("==")).unwrap().to_owned()
    };
    let r = row(&mut a);
    assert!(
        r.contains("left-end") && r.contains('→') && !r.contains("right-end"),
        "{r}"
    );
    let f = footer(&mut a, 60, 18);
    assert!(f.contains(">/< scroll the cut block sideways"), "{f}");
    keys(&mut a, ">");
    let r = row(&mut a);
    assert!(r.contains('←') && !r.contains("left-end"), "{r}");
    for _ in 0..10 {
        keys(&mut a, ">");
    }
    let r = row(&mut a);
    assert!(r.contains("right-end") && !r.contains('→'), "{r}");
    let text = buffer_text(draw(&mut a, 60, 18).backend().buffer());
    assert!(text.contains("short"), "short lines stay put: {text}");
    for _ in 0..10 {
        keys(&mut a, "<");
    }
    assert!(row(&mut a).contains("left-end"));

    let lines = idemlab::markdown::plain::text_lines(&format!("```\n{wide}\n```\n"), 50);
    let note = lines
        .iter()
        .find(|l| l.contains("needs"))
        .expect("a note under the cut block");
    assert!(
        note.contains("cut: this block needs 111 columns (--width 111)"),
        "{note}"
    );
}

#[test]
fn a_search_finds_words_in_the_cut_part_of_a_block_and_shifts_it_into_view() {
    // At 60 columns lesson 1's diagram loses "B: the response is lost"; a search for it said
    // "no match" although `>` showed it.
    let wide = format!("left-end {} right-end", "=".repeat(90));
    let mut c = course();
    c.lessons[0].body = format!("# Wide\n\n```\n{wide}\nshort\n```\n\nAfter.\n");
    let (mut a, _d) = app_over(c, Start::Lesson("first-steps".into()));
    a.resize(60, 18);
    keys(&mut a, "/right-end\r");
    let s = a.status_text().unwrap_or_default().to_owned();
    assert!(s.starts_with("match 1 of 1 for “right-end”"), "{s}");
    let t = draw(&mut a, 60, 18);
    let text = buffer_text(t.backend().buffer());
    let (y, row) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("=="))
        .unwrap();
    assert!(row.contains("right-end") && row.contains('←'), "{text}");
    // The highlight sits on the word where it is drawn now.
    let col = row
        .find("right-end")
        .map(|b| row[..b].chars().count())
        .unwrap();
    let cell = &t.backend().buffer()[(u16::try_from(col).unwrap(), u16::try_from(y).unwrap())];
    assert!(
        cell.bg == Color::LightMagenta || !cell.modifier.is_empty(),
        "not marked: {cell:?}\n{text}"
    );
    // Searching what shows unshifted puts the block back.
    keys(&mut a, "/left-end\r");
    let text = buffer_text(draw(&mut a, 60, 18).backend().buffer());
    assert!(text.contains("left-end"), "{text}");
    assert_eq!(a.lesson_view().unwrap().hscroll, 0);
}

#[test]
fn shifting_sideways_with_nothing_cut_says_so() {
    let (mut a, _d) = app_over(course(), Start::Lesson("first-steps".into()));
    a.resize(100, 30);
    keys(&mut a, ">");
    assert!(
        a.status_text()
            .unwrap()
            .contains("nothing in this lesson is cut")
    );
}
