//! Statistics (`t`) read as a table (report #17): every counter's value starts in one column,
//! and when no knob is random (every row "in every trial") the screen says so and names the
//! key that turns on random loss, or that the challenge locks it.

mod common;

use common::screen::{buffer_text, draw, keys};
use idemlab::app::{App, Start};
use idemlab::content::{self, Source};
use idemlab::ui::Theme;

fn app(id: &str) -> (App, tempfile::TempDir) {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    common::screen::app(course, Theme::colored(), Start::Sim(id.into()))
}

/// Opens statistics and waits for the job; the screen at 100x30.
fn stats(a: &mut App) -> String {
    keys(a, "t");
    let t0 = std::time::Instant::now();
    while let Some(at) = a.deadline() {
        assert!(t0.elapsed().as_secs() < 120, "statistics never finished");
        std::thread::sleep(at.saturating_duration_since(std::time::Instant::now()));
        a.tick(at);
    }
    buffer_text(draw(a, 100, 30).backend().buffer())
}

#[test]
fn without_randomness_statistics_say_which_key_makes_runs_differ() {
    let (mut a, _d) = app("retry-with-key");
    let screen = stats(&mut a);
    assert!(
        screen.contains("Every trial ran alike") && screen.contains("n turns on random loss"),
        "{screen}"
    );
    // Values in one column: `charges     1 in every trial`, `attempts    2 …`.
    let starts: Vec<usize> = screen
        .lines()
        .filter(|l| l.contains("in every trial"))
        .map(|l| {
            let cut = l.find(" in every trial").unwrap();
            let value = l[..cut].rfind(' ').unwrap();
            l[..value].chars().count()
        })
        .collect();
    assert!(starts.len() >= 5, "{screen}");
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "{starts:?}\n{screen}"
    );

    // With random loss the trials differ, and the note goes.
    keys(&mut a, "tn");
    let screen = stats(&mut a);
    assert!(screen.contains("mean"), "{screen}");
    assert!(!screen.contains("Every trial ran alike"), "{screen}");
}

#[test]
fn a_challenge_that_locks_random_loss_says_so_instead() {
    let (mut a, _d) = app("retry-without-key");
    let screen = stats(&mut a);
    assert!(
        screen.contains("Every trial ran alike") && screen.contains("goal locks random"),
        "{screen}"
    );
}
