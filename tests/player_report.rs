//! Three problems of the December review, held fixed in the player: a knob changed at the
//! verdict keeps you at the new verdict (#3), the seed prompt says "both runs" only in a
//! compare (#10), and behind the "please enlarge" screen keys do nothing but quit (#11).

mod common;

use common::screen::{buffer_text, draw, keys, press};
use crossterm::event::KeyCode;
use idemlab::app::{App, Start};
use idemlab::content::{self, Source};
use idemlab::ui::Theme;

fn app(id: &str) -> (App, tempfile::TempDir) {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    common::screen::app(course, Theme::colored(), Start::Sim(id.into()))
}

#[test]
fn a_knob_changed_at_the_verdict_shows_the_new_verdict() {
    let (mut a, _d) = app("retry-with-key");
    press(&mut a, KeyCode::End);
    let before = a.player().unwrap().len();
    keys(&mut a, "f");
    let p = a.player().unwrap();
    assert!(p.at_end(), "step {} of {}", p.step() + 1, p.len());
    assert_ne!(p.len(), before, "the store changed the run's length");
    let screen = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    assert!(screen.contains(" Verdict "), "{screen}");
}

#[test]
fn the_seed_prompt_says_both_runs_only_in_a_compare() {
    let (mut a, _d) = app("retry-with-key");
    keys(&mut a, "s");
    let screen = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    assert!(screen.contains("Seed for this run:"), "{screen}");
    press(&mut a, KeyCode::Esc);
    keys(&mut a, "cs");
    let screen = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    assert!(screen.contains("Seed for both runs:"), "{screen}");
}

#[test]
fn keys_do_nothing_in_the_player_behind_the_please_enlarge_screen() {
    let (mut a, _d) = app("retry-without-key");
    let screen = buffer_text(draw(&mut a, 40, 12).backend().buffer());
    assert!(screen.contains("Please enlarge"), "{screen}");
    keys(&mut a, "qkc ");
    press(&mut a, KeyCode::End);
    let p = a
        .player()
        .expect("q did not leave the player behind the notice");
    assert_eq!(p.step(), 0);
    assert!(!p.changed() && !p.compare && !p.clock.playing());
}
