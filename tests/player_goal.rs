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
    assert!(s.contains("drop 1st response: on (locked)"), "{s}");
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
    // The run judged: the goal's 30% loss of answers, said which way it goes.
    assert!(s.contains("loss: 30% of answers"), "{s}");
    // The learner changed the key, not the loss: the goal did.
    assert!(s.contains(" changed key · "), "{s}");
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
    // The whole offer fits in the footer at 80 columns, nothing cut after the title.
    assert!(
        s.lines().any(|l| l.trim_end()
            == " ✓ solved. Next open challenge: An overlapping retry against check-then-act"),
        "{s}"
    );
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

/// Before a challenge's first verdict the goal line offers a prediction of the goal's
/// counter (only an offer: the run plays and steps as ever); the guess stands beside the
/// result at the verdict, and once the verdict was seen or a knob change judged the offer goes.
#[test]
fn a_challenge_offers_a_prediction_before_its_first_verdict() {
    let (mut a, _d) = app("retry-without-key");
    let s = screen(&mut a);
    assert!(s.contains("p predicts the charges first"), "{s}");
    // Not modal: stepping works without a guess.
    press(&mut a, KeyCode::Right);
    assert_eq!(a.player().unwrap().step(), 1);
    keys(&mut a, "p1\r");
    let s = screen(&mut a);
    assert!(!s.contains("predicts the charges"), "{s}");
    press(&mut a, KeyCode::End);
    let s = screen(&mut a);
    assert!(
        s.contains("Your guess was charges = 1; the run ended with charges = 2"),
        "{s}"
    );

    // A judged knob change ends the offer: the run is no longer the first.
    let (mut a, _d) = app("retry-without-key");
    keys(&mut a, "k");
    let s = screen(&mut a);
    assert!(s.contains("✗ 1,000 of 1,000 runs"), "{s}");
    assert!(!s.contains("predicts the charges"), "{s}");

    // Watching to the verdict without a guess ends the offer too.
    let (mut a, _d) = app("retry-without-key");
    press(&mut a, KeyCode::End);
    press(&mut a, KeyCode::Home);
    let s = screen(&mut a);
    assert!(!s.contains("predicts the charges"), "{s}");
    assert!(s.contains("○ goal:"), "{s}");
}

/// Predict mode asks for the counter the goal is about, not the verdict's headline. The goal of
/// `upsert-increment-under-retry` is rewritten here to hold `rows: 1` first (the file writes
/// `value: 1` first, the counter its text is about), while its verdict's headline is n's value.
/// The offer, the question and the guess beside the truth all name rows.
#[test]
fn a_challenge_asks_to_predict_the_counter_its_goal_is_about() {
    let id = "upsert-increment-under-retry";
    let mut course = content::load(&Source::Embedded).into_result().unwrap();
    let s = course.scenarios.iter_mut().find(|s| s.scenario == id);
    let goal = s.and_then(|s| s.goal.as_mut()).unwrap();
    assert_eq!(goal.order, ["value", "rows"], "as the file writes it");
    goal.order = vec!["rows".into(), "value".into()];
    let (mut a, _d) = common::screen::app(course, Theme::monochrome(), Start::Sim(id.into()));
    let p = a.player().unwrap();
    assert_eq!(idemlab::sim::headline(&p.main.scenario), "value");
    let s = screen(&mut a);
    assert!(s.contains("p predicts the rows"), "{s}");
    keys(&mut a, "p");
    let s = screen(&mut a);
    assert!(
        s.contains("Predict first. How many rows will the table have at the end?"),
        "{s}"
    );
    // 2 is the run's n (the headline): a guess about rows it is not.
    keys(&mut a, "2\r");
    assert!(
        a.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("your guess: rows = 2."),
        "{:?}",
        a.status
    );
    press(&mut a, KeyCode::End);
    let s = screen(&mut a);
    assert!(
        s.contains("Your guess was rows = 2; the run ended with rows = 1."),
        "{s}"
    );

    // A scenario without a goal keeps its headline counter.
    let (mut a, _d) = app("put-set-under-retry");
    assert!(a.player().unwrap().challenge.is_none());
    keys(&mut a, "p");
    let s = screen(&mut a);
    assert!(
        s.contains("Predict first. What will the balance be at the end?"),
        "{s}"
    );
}

/// Every knob on the knob line keeps its name, locked or not (`drop 1st answer: on` or `drop:
/// on`, never a bare `on (locked)`): every bundled challenge at 80x24 and 60x18, as it opens,
/// after each knob the goal leaves free is flipped, watching a missed trial, at the verdict,
/// and compared.
#[test]
fn every_knob_of_a_challenge_keeps_its_name_at_80_and_60_columns() {
    use idemlab::app::Knob;
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let goals: Vec<&str> = course
        .scenarios
        .iter()
        .filter(|s| s.goal.is_some())
        .map(|s| s.scenario.as_str())
        .collect();
    assert!(goals.len() >= 12, "{goals:?}");
    let mut frames = 0;
    for id in goals {
        for (w, h) in [(80, 24), (60, 18)] {
            let (mut a, _d) = app(id);
            let free: Vec<Knob> = {
                let p = a.player().unwrap();
                Knob::ALL.into_iter().filter(|k| !p.locked(*k)).collect()
            };
            // `None`: End, to the verdict; else the keys typed before the frame.
            let mut steps: Vec<Option<String>> = vec![Some(String::new())];
            steps.extend(free.iter().map(|k| Some(k.key())));
            // Enter: the first trial that missed the goal, with the goal's `with` values.
            steps.extend([Some("\r".into()), None, Some("c".into())]);
            for step in steps {
                match step {
                    Some(typed) => keys(&mut a, &typed),
                    None => press(&mut a, KeyCode::End),
                }
                let s = buffer_text(draw(&mut a, w, h).backend().buffer());
                let p = a.player().unwrap();
                let sc = &p.addressed_side().scenario;
                for k in Knob::ALL.into_iter().filter(|k| k.matters(sc)) {
                    let v = k.value(sc);
                    let named = [k.name(sc.model), k.short_name(sc.model)]
                        .iter()
                        .any(|n| s.contains(&format!("{n}: {v}")));
                    assert!(named, "{id} at {w}x{h}: `{v}` without its name\n{s}");
                }
                assert!(!s.contains("· on (locked)"), "{id} at {w}x{h}\n{s}");
                frames += 1;
            }
        }
    }
    assert!(frames > 50, "{frames}");
}

/// A locked time the player has no word for is said with its unit: the broker's window of
/// `republish-outlives-window` is `400 ms`, not a bare `400`.
#[test]
fn a_locked_window_says_its_unit() {
    let (mut a, _d) = app("republish-outlives-window");
    let s = screen(&mut a);
    assert!(s.contains("window: 400 ms (locked)"), "{s}");
}
