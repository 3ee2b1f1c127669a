//! The simulation player as a learner drives it, through the app's keys: stepping to the
//! verdict, flipping knobs without losing the step, comparing, predicting, typing a seed, the
//! animation clock (no wake-ups while paused), and the finished scenario in saved progress.

mod common;

use std::time::Duration;

use common::screen::{keys, press};
use crossterm::event::KeyCode;
use idemlab::app::{App, Input, ManualTimer, PlayerEnv, Start, Timer};
use idemlab::content::{self, Source};
use idemlab::progress::Store;
use idemlab::ui::Theme;

fn app(id: &str) -> (App, tempfile::TempDir) {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    common::screen::app(course, Theme::colored(), Start::Sim(id.into()))
}

fn charges(app: &App) -> i64 {
    app.player()
        .unwrap()
        .main
        .run
        .counters
        .get("charges")
        .unwrap()
}

#[test]
fn opens_at_the_first_step_and_end_shows_the_verdict() {
    let (mut a, _d) = app("retry-without-key");
    let p = a.player().expect("the player is on screen");
    assert_eq!(p.step(), 0);
    assert!(p.len() > 10);
    assert!(!p.at_end());
    press(&mut a, KeyCode::End);
    let p = a.player().unwrap();
    assert!(p.at_end());
    assert!(!p.main.verdict.good);
    assert!(p.main.verdict.text.starts_with("Charged twice"));
    press(&mut a, KeyCode::Left);
    assert_eq!(a.player().unwrap().step(), p_len(&a) - 2);
    press(&mut a, KeyCode::Home);
    press(&mut a, KeyCode::Right);
    keys(&mut a, "l");
    assert_eq!(a.player().unwrap().step(), 2);
    press(&mut a, KeyCode::Esc);
    assert!(a.player().is_none(), "Esc leaves the player");
}

fn p_len(a: &App) -> usize {
    a.player().unwrap().len()
}

#[test]
fn knobs_rerun_at_once_and_keep_the_step() {
    let (mut a, _d) = app("retry-without-key");
    for _ in 0..5 {
        press(&mut a, KeyCode::Right);
    }
    assert_eq!(charges(&a), 2);
    // A key alone does not help: this server keeps no keys.
    keys(&mut a, "k");
    assert_eq!(a.player().unwrap().step(), 5);
    assert_eq!(charges(&a), 2);
    assert!(a.status_text().unwrap().contains("per operation"));
    // check-then-act, then atomic: now the retry is replayed.
    keys(&mut a, "ff");
    assert_eq!(a.player().unwrap().step(), 5);
    assert_eq!(charges(&a), 1);
    assert!(a.player().unwrap().main.verdict.good);
    assert!(a.player().unwrap().changed());
    // The lost response is fixed by this scenario's goal (a challenge): `d` is refused.
    keys(&mut a, "d");
    let p = a.player().unwrap();
    assert_eq!(p.main.run.counters.get("attempts"), Some(2));
    assert!(a.status_text().unwrap().contains("locked by the goal"));
    // Without a goal, no lost response: one attempt, one charge, nothing to replay.
    let (mut a, _d) = app("retry-with-key");
    keys(&mut a, "d");
    let p = a.player().unwrap();
    assert_eq!(p.main.run.counters.get("attempts"), Some(1));
    assert!(p.step() < p.len());
}

#[test]
fn a_scenario_the_rules_refuse_keeps_the_old_run() {
    let (mut a, _d) = app("retry-without-key");
    let Some(idemlab::app::Screen::Sim(p)) = a.stack.last_mut() else {
        panic!("player expected")
    };
    let mut bad = p.main.scenario.clone();
    bad.retry.attempts = 0;
    let err = p.apply(bad).unwrap_err();
    assert!(
        matches!(&err, idemlab::app::PlayerError::Invalid(bad) if bad[0].path == "retry.attempts"),
        "{err:?}"
    );
    assert!(err.to_string().contains("attempts"), "{err}");
    assert_eq!(p.main.scenario.retry.attempts, 4);
    assert_eq!(p.main.run.counters.get("charges"), Some(2));
}

#[test]
fn compare_steps_both_runs_by_time_and_marks_where_they_part() {
    let (mut a, _d) = app("retry-without-key");
    for _ in 0..9 {
        press(&mut a, KeyCode::Right);
    }
    let t = a.player().unwrap().time_ms();
    keys(&mut a, "c");
    let p = a.player().unwrap();
    assert!(p.compare);
    assert_eq!(p.time_ms(), t, "compare keeps the moment on screen");
    let sides: Vec<_> = p.sides().collect();
    assert_eq!(sides.len(), 2);
    assert_eq!(sides[1].id(), "retry-with-key");
    for s in &sides {
        assert!(p.event(s).t_ms <= t);
    }
    let d = p.divergence.expect("the runs part");
    // retry-with-key replays the stored 201 where retry-without-key charges again.
    assert_eq!(d.t_ms, 1141);
    assert!(p.mark(sides[1]).is_some());
    press(&mut a, KeyCode::End);
    let p = a.player().unwrap();
    assert!(p.sides().all(|s| p.side_step(s) + 1 == s.run.trace.len()));
    keys(&mut a, "c");
    let p = a.player().unwrap();
    assert!(!p.compare);
    assert!(p.at_end());
}

#[test]
fn predict_mode_asks_first_and_keeps_the_guess() {
    let (mut a, _d) = app("retry-without-key");
    press(&mut a, KeyCode::Right);
    keys(&mut a, "p");
    let p = a.player().unwrap();
    assert_eq!(p.step(), 0, "asking rewinds to the start");
    assert_eq!(p.input, Some(Input::Guess(String::new())));
    // Only digits are typed.
    keys(&mut a, "x1");
    press(&mut a, KeyCode::Enter);
    let p = a.player().unwrap();
    assert_eq!(p.guess, Some(1));
    assert!(p.input.is_none());
    press(&mut a, KeyCode::End);
    assert_eq!(a.player().unwrap().main.verdict.value, 2);
    // A knob change asks again.
    keys(&mut a, "k");
    let p = a.player().unwrap();
    assert!(p.guess.is_none());
    assert!(matches!(p.input, Some(Input::Guess(_))));
    press(&mut a, KeyCode::Esc);
    assert!(a.player().unwrap().input.is_none());
}

#[test]
fn a_typed_seed_runs_both_sides_with_it() {
    let (mut a, _d) = app("retry-without-key");
    keys(&mut a, "c");
    keys(&mut a, "s");
    keys(&mut a, "42");
    press(&mut a, KeyCode::Backspace);
    keys(&mut a, "3");
    press(&mut a, KeyCode::Enter);
    let p = a.player().unwrap();
    assert_eq!(p.seed(), 43);
    assert!(p.sides().all(|s| s.run.seed == 43));
    keys(&mut a, "r");
    assert_ne!(a.player().unwrap().seed(), 43);
}

#[test]
fn the_clock_only_wakes_the_app_while_playing() {
    let (mut a, _d) = app("retry-without-key");
    // The player's time is the app's to give: a clock that moves only when the test says.
    let clock = ManualTimer::new();
    a.set_player_env(PlayerEnv {
        timer: Box::new(clock.clone()),
        ..PlayerEnv::default()
    });
    assert_eq!(a.deadline(), None, "paused: sleep until a key");
    keys(&mut a, " ");
    let at = a.deadline().expect("playing: wake for the next step");
    assert!(at > clock.now());
    assert!(at < clock.now() + Duration::from_secs(3));
    clock.advance_to(at);
    a.tick(at);
    assert_eq!(a.player().unwrap().step(), 1);
    let next = a.deadline().unwrap();
    assert!(next > at, "one step per frame, never a burst");
    // Faster makes the next step come sooner.
    let slow = next.saturating_duration_since(at);
    keys(&mut a, "++");
    let fast = a.deadline().unwrap().saturating_duration_since(clock.now());
    assert!(fast < slow, "{fast:?} < {slow:?}");
    keys(&mut a, " ");
    assert_eq!(a.deadline(), None);
    // Playing to the end stops there.
    keys(&mut a, " ");
    while let Some(at) = a.deadline() {
        clock.advance_to(at);
        a.tick(at);
    }
    assert!(a.player().unwrap().at_end());
}

#[test]
fn a_new_random_seed_comes_from_the_app_and_the_footer_names_it() {
    let (mut a, _d) = app("retry-without-key");
    let mut next = [7_u64, 7, 99].into_iter();
    a.set_player_env(PlayerEnv {
        seeds: Box::new(move || next.next().unwrap_or(0)),
        ..PlayerEnv::default()
    });
    keys(&mut a, "r");
    assert_eq!(a.player().unwrap().seed(), 7);
    assert_eq!(
        a.status_text(),
        Some("new seed 7: s types one, to replay a run")
    );
    keys(&mut a, "rr");
    assert_eq!(a.player().unwrap().seed(), 99);
}

#[test]
fn a_scenario_run_to_the_end_is_saved_in_progress() {
    let (mut a, d) = app("retry-without-key");
    assert!(!a.progress.scenario_finished("retry-without-key"));
    press(&mut a, KeyCode::End);
    assert!(a.progress.scenario_finished("retry-without-key"));
    assert!(!a.progress.scenario_finished("retry-with-key"));
    let (_, saved) = Store::open(Some(d.path().to_path_buf()));
    assert!(saved.scenario_finished("retry-without-key"));
}

#[test]
fn network_knobs_apply_to_both_sides_of_a_compare_design_knobs_to_one() {
    // retry-without-key is a challenge whose goal locks the network knobs; its counterpart
    // is not.
    let (mut a, _d) = app("retry-with-key");
    keys(&mut a, "c");
    keys(&mut a, "n");
    let p = a.player().unwrap();
    assert!(
        p.sides()
            .all(|s| (s.scenario.network.drop_response - 0.1).abs() < 1e-9)
    );
    keys(&mut a, "d");
    let p = a.player().unwrap();
    assert!(p.sides().all(|s| s.scenario.network.script.is_empty()));
    keys(&mut a, "k");
    let p = a.player().unwrap();
    let keys: Vec<_> = p.sides().map(|s| s.scenario.client.key).collect();
    assert_ne!(keys[0], keys[1], "the key knob changes the main side only");
    assert!(a.status_text().unwrap().starts_with("key: "));
}

#[test]
fn closing_running_statistics_stops_their_job() {
    let (mut a, _d) = app("retry-with-key");
    // Random loss both ways: 10,000 trials that take a while.
    keys(&mut a, "nnt");
    assert!(a.player().unwrap().show_stats);
    press(&mut a, KeyCode::Esc);
    let p = a
        .player()
        .expect("Esc closes the statistics, not the player");
    assert!(!p.show_stats);
    // Either the job had already finished (and is kept for reopening) or it was cancelled and
    // its worker joined: nothing keeps running for a view nobody sees.
    match &p.stats {
        None => {}
        Some(run) => {
            assert!(!run.job.is_running());
            assert_eq!(run.job.done(), run.job.total());
        }
    }
    assert_eq!(a.deadline(), None, "nothing left to wake up for");
}

#[test]
fn running_statistics_are_polled_at_a_moment_the_event_loop_reaches() {
    // The event loop sleeps until the deadline and then ticks only what is due
    // (`App::tick_if_due`). A poll deadline that moved ahead with the clock was never due, so on
    // a terminal a paused player's statistics stayed at "running 0 / 10,000 trials".
    let (mut a, _d) = app("retry-with-key");
    let clock = ManualTimer::new();
    a.set_player_env(PlayerEnv {
        timer: Box::new(clock.clone()),
        ..PlayerEnv::default()
    });
    keys(&mut a, "nnt");
    let t0 = std::time::Instant::now();
    while let Some(at) = a.deadline() {
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "statistics never finished"
        );
        clock.advance_to(at);
        assert!(
            a.deadline().is_some_and(|d| d <= clock.now()),
            "the deadline moved on when its moment came"
        );
        a.tick_if_due(clock.now());
        std::thread::sleep(Duration::from_millis(2));
    }
    let job = &a.player().unwrap().stats.as_ref().unwrap().job;
    assert!(!job.is_running());
    assert_eq!(job.done(), job.total());
    assert_eq!(job.results().len(), 1);
}
