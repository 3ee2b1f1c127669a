//! The player's knob line and footer follow the model on screen (report #8, #9): a consumer's
//! keys are named dedup and window, an upsert's write and on conflict; a knob that makes no
//! difference in this run is hidden (and its key refused), and the hidden knobs really change
//! nothing, for every bundled scenario; while the run plays, the footer says Space pauses.

mod common;

use common::screen::{buffer_text, draw, keys, press};
use crossterm::event::KeyCode;
use idemlab::app::{App, Knob, Start};
use idemlab::content::{self, Source};
use idemlab::sim;
use idemlab::ui::Theme;

fn app(id: &str) -> (App, tempfile::TempDir) {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    common::screen::app(course, Theme::colored(), Start::Sim(id.into()))
}

/// The knob line (the second row) and the footer (the last) at 100x30.
fn knobs_and_footer(a: &mut App) -> (String, String) {
    let screen = buffer_text(draw(a, 100, 30).backend().buffer());
    let lines: Vec<&str> = screen.lines().collect();
    (lines[1].to_owned(), lines[lines.len() - 1].to_owned())
}

#[test]
fn the_footer_names_the_knobs_as_the_model_does() {
    let (mut a, _d) = app("consumer-crash-separate-dedup");
    let (_, footer) = knobs_and_footer(&mut a);
    assert!(footer.contains("k dedup"), "{footer}");
    assert!(
        !footer.contains("k key") && !footer.contains("f store"),
        "{footer}"
    );

    let (mut a, _d) = app("producer-republish-no-window");
    let (line, footer) = knobs_and_footer(&mut a);
    assert!(line.contains("broker window"), "{line}");
    assert!(footer.contains("f window"), "{footer}");

    let (mut a, _d) = app("upsert-increment-under-retry");
    let (line, footer) = knobs_and_footer(&mut a);
    // Its goal locks the write: only the conflict rule's key is offered.
    assert!(
        footer.contains("f conflict") && !footer.contains("k write"),
        "{footer}"
    );
    assert!(line.contains("conflict: n + 1"), "{line}");
    // DO NOTHING has no update to choose.
    let (mut a, _d) = app("upsert-under-retry");
    let (line, footer) = knobs_and_footer(&mut a);
    assert!(
        footer.contains("k write") && !footer.contains("conflict"),
        "{footer}"
    );
    assert!(line.contains("write: upsert, do nothing"), "{line}");
}

/// `UPDATE SET n = 1` has no conflict to handle: `on conflict` is not offered until the write
/// becomes an upsert that updates, and its key says why it does nothing meanwhile.
#[test]
fn a_knob_that_changes_nothing_here_is_hidden() {
    let (mut a, _d) = app("set-under-retry");
    let (line, footer) = knobs_and_footer(&mut a);
    assert!(line.contains("write: set"), "{line}");
    assert!(!line.contains("conflict"), "{line}");
    assert!(!footer.contains("conflict"), "{footer}");
    let before = a.player().unwrap().main.scenario.clone();
    keys(&mut a, "f");
    assert_eq!(a.player().unwrap().main.scenario, before);
    let status = a.status_text().unwrap();
    assert!(status.contains("makes no difference"), "{status}");
    // Cycle the write to the upsert that updates: now the conflict rule matters.
    for _ in 0..6 {
        if a.player().unwrap().main.scenario.db.write == sim::scenario::Write::UpsertUpdate {
            break;
        }
        keys(&mut a, "k");
    }
    let (line, _) = knobs_and_footer(&mut a);
    assert!(line.contains("on conflict: set n"), "{line}");
    keys(&mut a, "f");
    assert!(a.status_text().unwrap().starts_with("on conflict: n + 1"));

    // Without a key the server's store has nothing to keep; with one it is offered again.
    let (mut a, _d) = app("retry-with-key");
    let (line, _) = knobs_and_footer(&mut a);
    assert!(line.contains("store: atomic"), "{line}");
    keys(&mut a, "kk");
    assert_eq!(
        a.player().unwrap().main.scenario.client.key,
        sim::scenario::KeyMode::None
    );
    let (line, footer) = knobs_and_footer(&mut a);
    assert!(
        !line.contains("store") && !footer.contains("f store"),
        "{line}\n{footer}"
    );
    keys(&mut a, "k");
    let status = a.status_text().unwrap();
    assert!(
        status.contains("f store now makes a difference"),
        "{status}"
    );
}

/// The rule that hides a knob is the knob table's; it is only true if every value of the knob
/// gives the same run. Checked for every bundled scenario where a knob is hidden, at several
/// seeds and with random loss (so retries happen), for both the trace and the verdict.
#[test]
fn a_hidden_knob_really_changes_nothing() {
    let mut checked = 0;
    for base in common::sim::scenarios() {
        for knob in [Knob::Key, Knob::Store] {
            let Some(row) = knob.row(base.model) else {
                continue;
            };
            let mut lossy = base.clone();
            lossy.network.drop_request = 0.3;
            lossy.network.drop_response = 0.3;
            for s in [base.clone(), lossy] {
                if knob.matters(&s) {
                    continue;
                }
                checked += 1;
                let values = row
                    .values()
                    .expect("a player knob has a finite set of values");
                for seed in 0..8 {
                    let runs: Vec<_> = values
                        .iter()
                        .map(|v| {
                            let mut s = s.clone();
                            row.set(&mut s, v).unwrap();
                            let run = sim::run(&s, seed).unwrap();
                            let verdict = sim::verdict(&s, &run);
                            (run.trace, verdict)
                        })
                        .collect();
                    assert!(
                        runs.windows(2).all(|w| w[0] == w[1]),
                        "{} changes {} at seed {seed}",
                        row.path,
                        s.scenario
                    );
                }
            }
        }
    }
    assert!(checked >= 4, "only {checked} hidden knobs checked");
}

#[test]
fn the_footer_says_pause_while_playing() {
    let (mut a, _d) = app("retry-without-key");
    let (_, footer) = knobs_and_footer(&mut a);
    assert!(footer.contains("Space play"), "{footer}");
    press(&mut a, KeyCode::Char(' '));
    assert!(a.player().unwrap().clock.playing());
    let (_, footer) = knobs_and_footer(&mut a);
    assert!(footer.contains("Space pause"), "{footer}");
    // A goal that locks the network: its keys are not offered.
    assert!(
        !footer.contains("d drop") && !footer.contains("n loss"),
        "{footer}"
    );
}
