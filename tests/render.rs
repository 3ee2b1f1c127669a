//! The screens drawn on ratatui's TestBackend: text snapshots at 80x24 and 40x15 (insta cannot
//! see styles, so a few assertions check them directly), and every screen at every size from
//! 1x1 up without a panic.

mod common;

use common::screen::{assert_no_colour, buffer_text, draw, press};
use common::{fixture_dir, load};
use crossterm::event::KeyCode;
use idemlab::app::{App, Start};
use idemlab::ui::Theme;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn app(theme: Theme, start: Start) -> (App, tempfile::TempDir) {
    common::screen::app(load(&fixture_dir("course")), theme, start)
}

#[test]
fn course_map_snapshots() {
    let (mut a, _d) = app(Theme::colored(), Start::Resume);
    insta::assert_snapshot!("course_map_80x24", draw(&mut a, 80, 24).backend());
    insta::assert_snapshot!("course_map_40x15", draw(&mut a, 40, 15).backend());
}

#[test]
fn lesson_snapshots() {
    let (mut a, _d) = app(Theme::colored(), Start::Lesson("first-steps".into()));
    insta::assert_snapshot!("lesson_80x24", draw(&mut a, 80, 24).backend());
    insta::assert_snapshot!("lesson_40x15", draw(&mut a, 40, 15).backend());
}

#[test]
fn help_snapshot_lists_the_keymap() {
    let (mut a, _d) = app(Theme::colored(), Start::Resume);
    press(&mut a, KeyCode::Char('?'));
    let t = draw(&mut a, 80, 24);
    insta::assert_snapshot!("help_80x24", t.backend());
    let text = buffer_text(t.backend().buffer());
    assert!(
        text.contains("open the lesson, quiz, sim or review"),
        "{text}"
    );
}

#[test]
fn monochrome_uses_no_colour_and_keeps_emphasis() {
    let (mut a, _d) = app(Theme::monochrome(), Start::Resume);
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    assert_no_colour(buf);
    // The selected lesson is reversed, and marked with a symbol too.
    let row = (0..buf.area.height)
        .find(|&y| {
            buffer_text(&Buffer::with_lines([(0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()]))
            .contains("First steps")
        })
        .unwrap();
    let first = (0..buf.area.width)
        .find(|&x| buf[(x, row)].symbol() == "▶")
        .expect("selection symbol");
    assert!(buf[(first, row)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn focused_link_is_highlighted_and_followed() {
    let (mut a, _d) = app(Theme::colored(), Start::Lesson("first-steps".into()));
    a.resize(80, 24);
    press(&mut a, KeyCode::Tab);
    let view = a.lesson_view().unwrap();
    let link = &view.rendered.links[view.focus.unwrap()];
    assert_eq!(link.url, "term:idempotency");
    let span = link.spans[0];
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    let view = a.lesson_view().unwrap();
    let y = 1 + u16::try_from(span.line - view.scroll).unwrap();
    let x = 2 + span.col;
    assert_eq!(
        buf[(x, y)].bg,
        Color::Yellow,
        "focused link cell {:?}",
        buf[(x, y)]
    );
    press(&mut a, KeyCode::Enter);
    let text = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    assert!(
        text.contains("Glossary") && text.contains("Doing an operation twice"),
        "{text}"
    );
}

#[test]
fn every_screen_draws_at_every_size_without_panic() {
    let keys: [&[KeyCode]; 5] = [
        &[],
        &[KeyCode::Enter],
        &[KeyCode::Enter, KeyCode::Char('t')],
        &[KeyCode::Enter, KeyCode::Tab, KeyCode::Enter],
        &[KeyCode::Char('?')],
    ];
    for seq in keys {
        let (mut a, _d) = app(Theme::colored(), Start::Resume);
        for &k in seq {
            a.resize(100, 30);
            press(&mut a, k);
        }
        for w in (1..=120).step_by(7).chain([1, 2, 59, 60, 61, 200]) {
            for h in (1..=50).step_by(5).chain([1, 2, 17, 18, 19]) {
                draw(&mut a, w, h);
                press(&mut a, KeyCode::Char('j'));
                press(&mut a, KeyCode::End);
            }
        }
    }
}

#[test]
fn the_footer_styles_a_status_by_its_severity_not_its_words() {
    use idemlab::app::Status;
    let (mut a, _d) = app(Theme::colored(), Start::Resume);
    let footer = |a: &mut App| {
        let t = draw(a, 80, 24);
        let buf = t.backend().buffer().clone();
        let text: String = (0..80).map(|x| buf[(x, 23)].symbol().to_owned()).collect();
        (text, buf[(2, 23)].fg)
    };
    a.status = Some(Status::warning("progress not saved"));
    let (text, fg) = footer(&mut a);
    assert!(text.starts_with(" warning: progress not saved"), "{text}");
    assert_eq!(fg, Color::Yellow);
    // An answer that happens to start with the word is still an answer.
    a.status = Some(Status::info("warning signs: none"));
    let (text, fg) = footer(&mut a);
    assert!(text.starts_with(" warning signs: none"), "{text}");
    assert_eq!(fg, Color::Reset);
    a.status = Some(Status::error("no lesson `x` in this course"));
    let (text, fg) = footer(&mut a);
    assert!(text.starts_with(" no lesson `x` in this course"), "{text}");
    assert_eq!(fg, Color::Yellow);
}
