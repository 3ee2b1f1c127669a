//! Typing goes through the key table like every other key: a search, a seed and a pasted text
//! are actions of a text-entry context, so `?` and `q` are typed there, Ctrl-c still quits,
//! and the footer names the keys the table binds.

mod common;

use common::screen::{buffer_text, draw, keys, press};
use common::{fixture_dir, load};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use idemlab::app::{App, Popup, Start};
use idemlab::content::{self, Source};
use idemlab::keymap::Context;
use idemlab::ui::Theme;

fn lesson() -> (App, tempfile::TempDir) {
    common::screen::app(
        load(&fixture_dir("course")),
        Theme::colored(),
        Start::Lesson("first-steps".into()),
    )
}

fn player() -> (App, tempfile::TempDir) {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    common::screen::app(
        course,
        Theme::colored(),
        Start::Sim("retry-without-key".into()),
    )
}

fn query(a: &App) -> Option<&str> {
    a.search_input.as_ref().map(|f| f.text())
}

#[test]
fn a_search_types_every_printable_key_and_enter_searches() {
    let (mut a, _d) = lesson();
    keys(&mut a, "/");
    assert_eq!(a.context(), Context::Search);
    // `?` would open help and `q` leave the lesson anywhere else: here they are typed.
    keys(&mut a, "x?q");
    assert_eq!(query(&a), Some("x?q"));
    assert!(a.popup.is_none() && a.lesson_view().is_some());
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    a.handle_paste("fa\u{7}ils");
    assert_eq!(
        query(&a),
        Some("fails"),
        "pasted, control character dropped"
    );
    let footer = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    assert!(
        footer.contains("/fails█  Enter search · Esc cancel"),
        "{footer}"
    );
    press(&mut a, KeyCode::Enter);
    assert_eq!(query(&a), None);
    assert_eq!(a.context(), Context::Lesson);
    let status = a.status_text().unwrap();
    assert!(
        status.contains("for “fails” (n next, N previous)"),
        "{status}"
    );
    // Esc closes the prompt and leaves the answer to the last search on the footer.
    keys(&mut a, "/zz");
    press(&mut a, KeyCode::Esc);
    assert_eq!(query(&a), None);
    assert!(a.lesson_view().is_some(), "Esc cancelled the search only");
}

#[test]
fn ctrl_c_quits_from_a_search() {
    let (mut a, _d) = lesson();
    keys(&mut a, "/ab");
    a.handle_key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!a.running);
}

#[test]
fn a_paste_outside_a_field_changes_nothing() {
    let (mut a, _d) = lesson();
    let before = a.lesson_view().unwrap().scroll;
    a.handle_paste("jjjj q");
    assert!(a.lesson_view().is_some());
    assert_eq!(a.lesson_view().unwrap().scroll, before);
    assert_eq!(query(&a), None);
}

#[test]
fn a_seed_takes_digits_typed_or_pasted_and_keeps_its_hint_while_typing() {
    let (mut a, _d) = player();
    keys(&mut a, "s");
    assert_eq!(a.context(), Context::SimInput);
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        a.status_text(),
        Some("type the seed in digits, then Enter (Esc cancels)")
    );
    keys(&mut a, "x");
    a.handle_paste("4-2");
    assert_eq!(
        a.status_text(),
        Some("type the seed in digits, then Enter (Esc cancels)"),
        "the hint stays while the number is typed"
    );
    keys(&mut a, "9");
    press(&mut a, KeyCode::Backspace);
    // Help is still one key away: a number has no use for `?`.
    keys(&mut a, "?");
    assert!(matches!(a.popup, Some(Popup::Help { .. })));
    keys(&mut a, "?");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.player().unwrap().seed(), 42);
    assert_eq!(a.status_text(), Some("seed 42"));
    // A number is at most 20 digits (a u64 has 20).
    keys(&mut a, "s");
    a.handle_paste(&"9".repeat(30));
    let typed = a.player().unwrap().input.as_ref().unwrap().text().len();
    assert_eq!(typed, 20);
}

#[test]
fn a_seed_of_twenty_nines_is_refused_as_too_large_not_as_not_digits() {
    let (mut a, _d) = player();
    keys(&mut a, "s");
    a.handle_paste(&"9".repeat(20));
    press(&mut a, KeyCode::Enter);
    let says = "too large for a seed: the largest is 18446744073709551615";
    assert_eq!(a.status_text(), Some(says));
    // Whole on screen at the smallest size, not cut at the edge.
    for (w, h) in [(60, 18), (80, 24)] {
        let screen = buffer_text(draw(&mut a, w, h).backend().buffer());
        assert!(screen.contains(says), "{w}x{h}:\n{screen}");
    }
    assert_eq!(
        a.context(),
        Context::SimInput,
        "the number stays to be corrected"
    );
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.player().unwrap().seed(), 9_999_999_999_999_999_999);
}
