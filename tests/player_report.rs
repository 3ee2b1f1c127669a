//! Problems of the December review, held fixed in the player: a knob changed at the
//! verdict keeps you at the new verdict (#3), the seed prompt says "both runs" only in a
//! compare (#10), behind the "please enlarge" screen keys do nothing but quit (#11), and a
//! solved challenge names the next one by title in a footer that marks a cut with `…`.

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

#[test]
fn solving_a_challenge_names_the_next_by_title_and_a_cut_status_says_so() {
    let (mut a, _d) = app("retry-without-key");
    keys(&mut a, "kf");
    let says = "✓ solved. Next open challenge: An overlapping retry against check-then-act";
    assert_eq!(a.status_text(), Some(says));
    let screen = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    assert_eq!(screen.lines().last().map(str::trim), Some(says), "{screen}");
    // Too wide for 60 columns: the footer ends in `…`, not mid-word.
    let screen = buffer_text(draw(&mut a, 60, 18).backend().buffer());
    let footer = screen.lines().last().unwrap_or_default().trim_end();
    assert!(
        footer.ends_with('…') && footer.starts_with(" ✓ solved."),
        "{screen}"
    );
}
