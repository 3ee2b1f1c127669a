//! The simulation player on ratatui's TestBackend: text snapshots of `retry-without-key` at its
//! first, middle and last step at 100x30, 80x24 and 60x18, of a compare (its verdict also at
//! 120x40, 200x50 and tabbed at 80x24) and of the statistics;
//! every bundled scenario drawn at every step from 20 to 200 columns without a panic; and the
//! monochrome theme drawing the player without a single colour.

mod common;

use common::screen::{assert_no_colour, buffer_text, draw, press};
use crossterm::event::{KeyCode, KeyModifiers, MouseEvent, MouseEventKind};
use idemlab::app::{App, Start};
use idemlab::content::{self, Source};
use idemlab::ui::Theme;
use idemlab::ui::sim::player::PlayerScreen;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn app(theme: Theme, id: &str) -> (App, tempfile::TempDir) {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    common::screen::app(course, theme, Start::Sim(id.into()))
}

fn go_to(app: &mut App, step: usize) {
    press(app, KeyCode::Home);
    for _ in 0..step {
        press(app, KeyCode::Right);
    }
}

#[test]
fn retry_without_key_at_its_first_middle_and_last_step() {
    let (mut a, _d) = app(Theme::colored(), "retry-without-key");
    let n = a.player().unwrap().len();
    for (name, step) in [("first", 0), ("middle", n / 2), ("last", n - 1)] {
        for (w, h) in [(100, 30), (80, 24), (60, 18)] {
            go_to(&mut a, step);
            let t = draw(&mut a, w, h);
            insta::assert_snapshot!(format!("player_{name}_{w}x{h}"), t.backend());
            let screen = buffer_text(t.backend().buffer());
            assert!(
                screen.contains(&format!("step {}/{n}", step + 1)),
                "{screen}"
            );
            if name == "last" {
                assert!(screen.contains("✗ Charged twice"), "{screen}");
            }
        }
    }
}

/// The verdict of `retry-without-key` depends on five rows: the first charge, the lost
/// response, the timeout, the retry and the second charge. They stay on screen at the verdict
/// at the sizes people use, folding the rows where only travel and waiting happen.
#[test]
fn the_cause_stays_on_screen_at_the_verdict() {
    let (mut a, _d) = app(Theme::colored(), "retry-without-key");
    press(&mut a, KeyCode::End);
    for (w, h) in [(100, 30), (80, 24), (60, 18)] {
        let screen = buffer_text(draw(&mut a, w, h).backend().buffer());
        for row in [
            "● charge #1",
            "⏱ timeout #1",
            "#2 no key", // the retry: `POST /charges #2 no key`, its path cut first when short
            "● charge #2",
            "✗ Charged twice",
        ] {
            assert!(screen.contains(row), "{w}x{h} lost `{row}`:\n{screen}");
        }
        // The lost response: `✗ lost` under its `201`, or, with that row folded, `✗ 201 lost`.
        assert!(
            screen.contains("✗ lost") || screen.contains("✗ 201 lost"),
            "{w}x{h} lost the loss:\n{screen}"
        );
    }
    // The lost ack that makes the producer re-publish, at the verdict.
    let (mut a, _d) = app(Theme::colored(), "producer-republish-no-window");
    press(&mut a, KeyCode::End);
    // Beside the state panel three lanes share 56 columns: the consumer's labels keep their
    // side and their duplicate mark, and the arrows' labels are cut (`ack (publ…`), so the
    // lost ack is the `ack` departure right above `✗ lost`.
    let screen = buffer_text(draw(&mut a, 100, 30).backend().buffer());
    let rows: Vec<&str> = screen.lines().collect();
    let lost = rows.iter().position(|r| r.contains("✗ lost"));
    assert!(
        lost.is_some_and(|i| i > 0 && rows[i - 1].contains("╭─ ack (")),
        "{screen}"
    );
    assert!(screen.contains("├─ msg 1 (p"), "{screen}");
    assert!(screen.contains("✗ duplicate"), "{screen}");
}

/// ↑ scrolls the diagram back, ↓ forward again, and a step follows the current row again.
#[test]
fn the_diagram_scrolls_and_a_step_follows_again() {
    let (mut a, _d) = app(Theme::colored(), "retry-without-key");
    let frame = |a: &mut App| buffer_text(draw(a, 80, 24).backend().buffer());
    go_to(&mut a, 10);
    let follow = frame(&mut a);
    press(&mut a, KeyCode::Up);
    let up = frame(&mut a);
    assert_ne!(up, follow);
    assert!(up.contains("row below · ↓"), "{up}");
    assert!(up.contains("step 11/15"), "scrolling keeps the step: {up}");
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::PageUp);
    let top = frame(&mut a);
    assert!(top.contains("POST /charges #1"), "{top}");
    press(&mut a, KeyCode::PageDown);
    assert_eq!(frame(&mut a), follow, "PgDn comes back to the current step");
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Down);
    assert_eq!(frame(&mut a), follow, "↓ undoes ↑");
    // The wheel does what the table binds it to: ↑'s action.
    let wheel = |kind| MouseEvent {
        kind,
        column: 10,
        row: 10,
        modifiers: KeyModifiers::NONE,
    };
    a.handle_mouse(&wheel(MouseEventKind::ScrollUp));
    assert_eq!(frame(&mut a), up);
    a.handle_mouse(&wheel(MouseEventKind::ScrollDown));
    assert_eq!(frame(&mut a), follow);
    // Scrolled up, a step follows the current row again.
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Right);
    let next = frame(&mut a);
    assert!(
        next.contains("step 12/15") && !next.contains("below · ↓"),
        "{next}"
    );
    assert_eq!(a.player().unwrap().scrolled_up(), 0);
}

#[test]
fn compare_side_by_side_and_tabbed() {
    let (mut a, _d) = app(Theme::colored(), "retry-without-key");
    press(&mut a, KeyCode::Char('c'));
    let parting = a.player().unwrap().divergence.unwrap().index;
    go_to(&mut a, parting);
    let t = draw(&mut a, 100, 30);
    insta::assert_snapshot!("player_compare_parting_100x30", t.backend());
    assert!(buffer_text(t.backend().buffer()).contains("◆ Here the two runs part"));
    press(&mut a, KeyCode::End);
    let t = draw(&mut a, 100, 30);
    insta::assert_snapshot!("player_compare_last_100x30", t.backend());
    let screen = buffer_text(t.backend().buffer());
    assert!(screen.contains("✗ Charged twice") && screen.contains("✓ Charged once"));
    // The verdict at the other sizes people use: wide, and tabbed at 80x24 (side 1).
    for (w, h) in [(120, 40), (200, 50), (80, 24)] {
        let t = draw(&mut a, w, h);
        insta::assert_snapshot!(format!("player_compare_last_{w}x{h}"), t.backend());
    }
    press(&mut a, KeyCode::Tab);
    insta::assert_snapshot!("player_compare_tab2_80x24", draw(&mut a, 80, 24).backend());
}

#[test]
fn statistics_of_both_sides() {
    // retry-without-key's goal locks random loss; its counterpart opens the compare instead.
    let (mut a, _d) = app(Theme::colored(), "retry-with-key");
    press(&mut a, KeyCode::Char('c'));
    // 30% random loss each way, on both sides: now seeds differ and there is something to count.
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Char('t'));
    let t0 = std::time::Instant::now();
    while let Some(at) = a.deadline() {
        assert!(t0.elapsed().as_secs() < 60, "statistics never finished");
        std::thread::sleep(at.saturating_duration_since(std::time::Instant::now()));
        a.tick(at);
    }
    let job = &a.player().unwrap().stats.as_ref().unwrap().job;
    assert!(!job.is_running());
    assert_eq!(job.done(), job.total());
    assert_eq!(job.results().len(), 2);
    let charges = |i: usize| {
        let stats = job.results()[i].1.as_ref().unwrap();
        stats.counter("charges").unwrap().clone()
    };
    assert_eq!(charges(0).max, 1, "with a key no trial charges twice");
    assert!(charges(1).max > 1, "without a key some trials charge twice");
    insta::assert_snapshot!("player_stats_100x30", draw(&mut a, 100, 30).backend());
    press(&mut a, KeyCode::Esc);
    assert!(!a.player().unwrap().show_stats);
    assert!(
        a.player().is_some(),
        "Esc closes the statistics, not the player"
    );
}

#[test]
fn prompt_and_guess_are_drawn() {
    let (mut a, _d) = app(Theme::colored(), "retry-without-key");
    press(&mut a, KeyCode::Char('p'));
    press(&mut a, KeyCode::Char('1'));
    let screen = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    assert!(
        screen.contains("How many charges will this make?"),
        "{screen}"
    );
    assert!(screen.contains("› 1"), "{screen}");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::End);
    let screen = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    assert!(
        screen.contains("Your guess was charges = 1; the run ended with charges = 2"),
        "{screen}"
    );
}

#[test]
fn every_bundled_scenario_draws_at_every_step_and_width() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let ids: Vec<String> = course
        .scenarios
        .iter()
        .map(|s| s.scenario.clone())
        .collect();
    for id in ids {
        let (mut a, _d) = app(Theme::colored(), &id);
        for compare in [false, true] {
            if compare {
                press(&mut a, KeyCode::Char('c'));
            }
            let n = a.player().unwrap().len();
            press(&mut a, KeyCode::Home);
            for step in 0..n {
                for w in (20..=200).step_by(30).chain([20, 60, 100, 200]) {
                    let h = [8, 18, 30, 60][(step + usize::from(w)) % 4];
                    let area = Rect::new(0, 0, w, h);
                    let mut buf = Buffer::empty(area);
                    let p = a.player().unwrap();
                    PlayerScreen { app: &a, player: p }.render(area, &mut buf);
                }
                press(&mut a, KeyCode::Right);
            }
            assert_eq!(a.player().unwrap().step(), n - 1, "{id}");
        }
    }
}

#[test]
fn monochrome_player_uses_no_colour() {
    let (mut a, _d) = app(Theme::monochrome(), "retry-without-key");
    press(&mut a, KeyCode::Char('c'));
    press(&mut a, KeyCode::End);
    let t = draw(&mut a, 100, 30);
    assert_no_colour(t.backend().buffer());
    let screen = buffer_text(t.backend().buffer());
    assert!(screen.contains('✗') && screen.contains('✓'));
}

/// Once a knob makes it another run, the header says so first (report #4): the title no longer
/// claims to be the scenario the course wrote, and it says which knobs changed; flipping them
/// back restores the plain title.
#[test]
fn the_title_says_when_the_knobs_changed_the_run() {
    let (mut a, _d) = app(Theme::colored(), "retry-without-key");
    press(&mut a, KeyCode::End);
    let first = |a: &mut App| {
        let t = draw(a, 80, 24);
        buffer_text(t.backend().buffer())
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        first(&mut a).starts_with(" Retrying a payment"),
        "{}",
        first(&mut a)
    );
    press(&mut a, KeyCode::Char('k'));
    press(&mut a, KeyCode::Char('f'));
    let header = first(&mut a);
    assert!(header.contains("changed key, store · Retrying"), "{header}");
    // Back to the scenario as written: the key and the store cycle round.
    for _ in 0..20 {
        if a.player().unwrap().changed_knobs().is_empty() {
            break;
        }
        let knob = a.player().unwrap().changed_knobs()[0];
        common::screen::keys(&mut a, &knob.key());
    }
    assert!(
        first(&mut a).starts_with(" Retrying a payment"),
        "{}",
        first(&mut a)
    );
}

/// Overlap is visible (report #2): in `concurrent-retry-check-then-act` at 80x24, attempt 1's
/// activation bar still runs beside the server's lifeline (`┃ #1`) on the row where the retry
/// leaves and on the row where it lands, and the two attempts' bars stand side by side
/// (`┃┃ #1 #2`) while both are processed.
#[test]
fn attempt_one_is_still_in_progress_while_attempt_two_arrives() {
    let (mut a, _d) = app(Theme::monochrome(), "concurrent-retry-check-then-act");
    press(&mut a, KeyCode::End);
    let screen = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    let retry = screen.lines().find(|r| r.contains("POST /charges #2"));
    assert!(retry.is_some_and(|r| r.contains("┃ #1")), "{screen}");
    assert!(screen.contains("┃ #1 #2"), "{screen}");
    // Step to the retry's arrival at the server: attempt 1 is still being processed.
    let (mut a, _d) = app(Theme::monochrome(), "concurrent-retry-check-then-act");
    let r =
        idemlab::sim::run(&common::sim::scenario("concurrent-retry-check-then-act"), 7).unwrap();
    let lands = r
        .trace
        .iter()
        .position(|e| e.kind == idemlab::sim::Kind::Deliver && e.attempt == Some(2))
        .unwrap();
    go_to(&mut a, lands);
    let screen = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    let row = screen.lines().find(|r| r.contains("▶┃"));
    assert!(row.is_some_and(|r| r.contains("┃ #1")), "{screen}");
    // No overlap, no second bar: retry-without-key's attempts never run at once.
    let (mut a, _d) = app(Theme::monochrome(), "retry-without-key");
    press(&mut a, KeyCode::End);
    let screen = buffer_text(draw(&mut a, 80, 24).backend().buffer());
    assert!(
        !screen.contains("┃┃") && !screen.contains("#1 #2"),
        "{screen}"
    );
}

/// The mark column (`⋮` rows folded above, `◆` where two runs part) is one cell and a space
/// from the time: `⋮  97ms` and `⋮ 146ms`, never `⋮146ms`.
#[test]
fn the_fold_mark_stands_apart_from_the_time() {
    let mut marked = 0;
    for id in ["retry-without-key", "concurrent-retry-check-then-act"] {
        let (mut a, _d) = app(Theme::colored(), id);
        press(&mut a, KeyCode::End);
        for (w, h) in [(80, 24), (60, 18)] {
            let screen = buffer_text(draw(&mut a, w, h).backend().buffer());
            for line in screen.lines() {
                let mut cs = line.chars();
                if let (Some('⋮' | '◆'), Some(next)) = (cs.next(), cs.next()) {
                    marked += 1;
                    assert_eq!(next, ' ', "{w}x{h}: `{line}`\n{screen}");
                }
            }
        }
    }
    assert!(marked > 0, "no frame had a mark to check");
}
