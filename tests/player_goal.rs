//! A challenge in the player, as a learner meets it at 80x24: the goal under the title, the
//! knobs the goal locks, the judged result after each knob change, Enter on a failed result
//! opening that trial at the step where it broke (the second charge, with the lost response
//! above it on the same screen), and a reached goal recorded as solved on the course map.

mod common;

use common::screen::{buffer_text, draw, keys, press};
use crossterm::event::KeyCode;
use idemlab::app::{App, Severity, Start};
use idemlab::content::{self, Source};
use idemlab::ui::Theme;

fn app(id: &str) -> (App, tempfile::TempDir) {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    common::screen::app(course, Theme::monochrome(), Start::Sim(id.into()))
}

fn screen(a: &mut App) -> String {
    buffer_text(draw(a, 80, 24).backend().buffer())
}

#[test]
fn retry_without_key_read_the_goal_flip_knobs_until_it_is_reached() {
    let (mut a, _d) = app("retry-without-key");
    let s = screen(&mut a);
    assert!(s.contains("○ goal: Make the retry safe."), "{s}");
    assert!(s.contains("drop: on (locked)"), "{s}");
    // A locked knob does not move, and the footer says which knobs may.
    press(&mut a, KeyCode::Char('d'));
    let s = screen(&mut a);
    assert!(
        s.contains("locked by the goal (you may change key, store)"),
        "{s}"
    );
    assert!(s.contains("○ goal:"), "{s}");
    // The refusal is an error; Enter before any judgement is news, not an error.
    assert_eq!(a.status.as_ref().unwrap().severity, Severity::Error);
    press(&mut a, KeyCode::Enter);
    let st = a.status.clone().unwrap();
    assert_eq!(
        (st.severity, st.text.as_str()),
        (
            Severity::Info,
            "change a knob first: the goal is judged then"
        )
    );

    press(&mut a, KeyCode::End);
    keys(&mut a, "k");
    let s = screen(&mut a);
    assert!(
        s.contains("✗ 1,000 of 1,000 runs charged the card more than once — first at seed 7"),
        "{s}"
    );
    // The knob change kept the verdict on screen.
    assert!(s.contains("Verdict"), "{s}");

    // Enter: the first failed run, at the step where the card was charged a second time,
    // with the lost response that caused it on the same screen.
    press(&mut a, KeyCode::Enter);
    let s = screen(&mut a);
    assert!(s.contains("seed 7: the step where the goal broke"), "{s}");
    assert!(s.contains("● charge #2"), "{s}");
    assert!(s.contains("✗ lost"), "{s}");
    let p = a.player().unwrap();
    let charges = p
        .main
        .run
        .state_at(p.step())
        .counters
        .iter()
        .find(|(n, _)| *n == "charges")
        .unwrap()
        .1;
    assert_eq!(charges, 2);

    keys(&mut a, "f");
    let s = screen(&mut a);
    assert!(
        s.contains("✓ goal reached: 1,000 of 1,000 runs charged the card at most once"),
        "{s}"
    );
    assert!(s.contains("✓ solved. Next open challenge:"), "{s}");
    assert!(a.progress.scenario_solved("retry-without-key"));
}

#[test]
fn the_map_marks_challenges_open_and_solved() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let data = tempfile::tempdir().unwrap();
    {
        let mut a = common::screen::app_in(
            course.clone(),
            data.path(),
            Theme::monochrome(),
            Start::Sim("retry-without-key".into()),
        );
        keys(&mut a, "kf");
        assert!(a.progress.scenario_solved("retry-without-key"));
    }
    let mut a = common::screen::app_in(course, data.path(), Theme::monochrome(), Start::Resume);
    assert!(a.progress.scenario_solved("retry-without-key"));
    assert!(!a.progress.scenario_solved("new-key-per-retry"));
    // Lesson 1 links an increment challenge (open) and retry-without-key (solved).
    let s = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    // At 100 columns the map cuts a long title, never its status.
    assert!(
        s.contains("✓ Sim  Retrying a payment without… solved"),
        "{s}"
    );
    assert!(s.contains("UPDATE n = n + 1 under retry  open"), "{s}");
}
