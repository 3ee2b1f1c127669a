//! Compare with both sides in reach (report #7): Tab, in a wide compare as in a narrow one,
//! picks the side the knob keys change; the knob line says "side 1" or "side 2" and shows that
//! side's values; network knobs still change both sides.

mod common;

use common::screen::{buffer_text, draw, keys, press};
use crossterm::event::KeyCode;
use idemlab::app::{App, Start};
use idemlab::content::{self, Source};
use idemlab::keymap::{Action, Context, hints};
use idemlab::sim::scenario::KeyMode;
use idemlab::ui::Theme;

fn app(id: &str) -> (App, tempfile::TempDir) {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    common::screen::app(course, Theme::colored(), Start::Sim(id.into()))
}

fn key_modes(a: &App) -> (KeyMode, KeyMode) {
    let p = a.player().unwrap();
    let other = p.other.as_ref().unwrap();
    (p.main.scenario.client.key, other.scenario.client.key)
}

/// The knob line (second row) and the footer (last row) at `w` columns.
fn lines(a: &mut App, w: u16) -> (String, String) {
    let screen = buffer_text(draw(a, w, 30).backend().buffer());
    let rows: Vec<&str> = screen.lines().collect();
    (rows[1].to_owned(), rows[rows.len() - 1].to_owned())
}

#[test]
fn tab_picks_the_side_the_knob_keys_change_wide_and_narrow() {
    for w in [120, 80] {
        let (mut a, _d) = app("retry-without-key");
        keys(&mut a, "c");
        let (line, footer) = lines(&mut a, w);
        assert!(line.contains("side 1: k key: none"), "{w}: {line}");
        assert!(footer.contains("Tab side 2"), "{w}: {footer}");
        let before = key_modes(&a);
        press(&mut a, KeyCode::Tab);
        assert!(a.status_text().unwrap().contains("side 2"), "{w}");
        let (line, _) = lines(&mut a, w);
        // Side 2 is retry-with-key: its own key mode, and its knobs are not the goal's.
        assert!(
            line.contains("side 2: k") && line.contains("per operation"),
            "{w}: {line}"
        );
        assert!(!line.contains("per operation (locked)"), "{w}: {line}");
        // (The footer shows the status now; its hints, when it shows them again:)
        let hints = a.player().unwrap().footer_hints(hints(Context::Sim));
        assert!(
            hints
                .iter()
                .any(|(a, k, l)| *a == Action::SwitchSide && k == "Tab" && *l == "side 1"),
            "{hints:?}"
        );
        keys(&mut a, "k");
        let after = key_modes(&a);
        assert_eq!(after.0, before.0, "{w}: side 1 stays");
        assert_ne!(after.1, before.1, "{w}: k changed side 2");
        assert!(
            a.status_text().unwrap().starts_with("side 2 · key: "),
            "{w}"
        );
        let (line, _) = lines(&mut a, w);
        assert!(
            line.contains("side 2: k") && line.contains("per attempt"),
            "{w}: {line}"
        );
        // Back to side 1: the key changes the scenario opened again.
        press(&mut a, KeyCode::Tab);
        keys(&mut a, "k");
        let last = key_modes(&a);
        assert_ne!(last.0, after.0, "{w}: k changed side 1");
        assert_eq!(last.1, after.1, "{w}: side 2 stays");
    }
}

#[test]
fn network_knobs_change_both_sides_whichever_tab_picks() {
    let (mut a, _d) = app("retry-with-key");
    keys(&mut a, "c");
    press(&mut a, KeyCode::Tab);
    keys(&mut a, "n");
    let p = a.player().unwrap();
    assert!(
        p.sides()
            .all(|s| (s.scenario.network.drop_response - 0.1).abs() < 1e-9)
    );
    let (line, _) = lines(&mut a, 120);
    assert!(
        line.contains("side 2: ") && line.contains("both: "),
        "{line}"
    );
}

#[test]
fn outside_a_compare_tab_says_what_it_is_for() {
    let (mut a, _d) = app("retry-with-key");
    let (_, footer) = lines(&mut a, 120);
    assert!(!footer.contains("Tab"), "{footer}");
    press(&mut a, KeyCode::Tab);
    assert!(a.status_text().unwrap().contains("compares two runs"));
    keys(&mut a, "k");
    assert!(a.status_text().unwrap().starts_with("key: "));
}

/// ◆ marks the event that parted the runs (`● n 1→2`), not the last row of that moment (the
/// answer after it), and only on a side whose event did it.
#[test]
fn the_mark_sits_on_the_event_that_diverged() {
    for id in ["increment-under-retry", "retry-without-key"] {
        let (mut a, _d) = app(id);
        keys(&mut a, "c");
        let p = a.player().unwrap();
        let d = p.divergence.expect("the two runs part");
        let mut marked = 0;
        for side in p.sides() {
            let Some(i) = p.mark(side) else { continue };
            marked += 1;
            let ev = &side.run.trace[i];
            assert_eq!(ev.t_ms, d.t_ms, "{id}: the mark is at the parting moment");
            assert!(
                ev.changes
                    .iter()
                    .any(|c| matches!(c, idemlab::sim::Change::Counter { .. })),
                "{id}: the marked event changes a counter: {ev:?}"
            );
        }
        assert!(marked >= 1, "{id}: no side marked");
    }
}

/// The scenarios that have a counterpart to compare with.
fn comparable() -> Vec<String> {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    course
        .scenarios
        .iter()
        .map(|s| s.scenario.clone())
        .filter(|id| app(id).0.player().unwrap().other.is_some())
        .collect()
}

/// The ledger of the column starting at `x`: the row of its title and its counter lines
/// (`replays`, `0: conflicts, mismatches`), without values or change marks.
fn ledger(screen: &str, x: usize, w: usize) -> Option<(usize, Vec<String>)> {
    let rows: Vec<String> = screen
        .lines()
        .map(|l| l.chars().skip(x).take(w).collect::<String>())
        .collect();
    let top = rows
        .iter()
        .position(|r| r.starts_with("ledger") || r.starts_with("counters"))?;
    let names = rows[top + 1..]
        .iter()
        .take_while(|r| {
            let t = r.trim();
            r.starts_with(' ') && !t.is_empty() && !t.starts_with('…') && !t.contains("──")
        })
        .map(|r| {
            let r = r.trim().trim_end_matches('◀').trim_end();
            if r.starts_with("0:") {
                // The names the column's width shows whole (the two columns differ by a cell).
                let mut names: Vec<&str> = r.split(", ").collect();
                names.retain(|n| !n.ends_with('…'));
                return names.join(", ");
            }
            r.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-')
                .trim_end()
                .to_owned()
        })
        .collect();
    Some((top, names))
}

/// Every step of a compare of `id` drawn at `w`×`h`: `f(step, screen)`.
fn each_step(a: &mut App, w: u16, h: u16, mut f: impl FnMut(usize, &mut App, String)) {
    press(a, KeyCode::Home);
    let n = a.player().unwrap().len();
    for step in 0..n {
        let screen = buffer_text(draw(a, w, h).backend().buffer());
        f(step, a, screen);
        press(a, KeyCode::Right);
    }
}

/// Report #6: zero counters fold alike on both sides, so the two ledgers have the same rows in
/// the same order on the same screen rows (wide), or as Tab switches sides (narrow).
#[test]
fn both_ledgers_show_the_same_counter_rows() {
    let mut checked = 0;
    for id in comparable() {
        for (w, h) in [(100, 30), (120, 40), (200, 50)] {
            let (mut a, _d) = app(&id);
            keys(&mut a, "c");
            let right = usize::from(
                idemlab::ui::sim::compare::columns(ratatui::layout::Rect::new(0, 0, w, h))[1].x,
            );
            each_step(&mut a, w, h, |step, _, screen| {
                let l = ledger(&screen, 0, right - 1);
                let r = ledger(&screen, right, usize::from(w) - right);
                assert_eq!(l, r, "{id} {w}x{h} step {step}:\n{screen}");
                checked += 1;
            });
        }
        for (w, h) in [(80, 24), (60, 18)] {
            let (mut a, _d) = app(&id);
            keys(&mut a, "c");
            each_step(&mut a, w, h, |step, a, one| {
                press(a, KeyCode::Tab);
                let other = buffer_text(draw(a, w, h).backend().buffer());
                press(a, KeyCode::Tab);
                // Each side's narration sets its panel's height: the shorter shows a prefix.
                let (l, r) = (ledger(&one, 0, 200), ledger(&other, 0, 200));
                let (l, r) = (l.unwrap().1, r.unwrap().1);
                let n = l.len().min(r.len());
                assert_eq!(l[..n], r[..n], "{id} {w}x{h} step {step}:\n{one}\n{other}");
            });
        }
    }
    assert!(checked > 100, "{checked}");
}

/// A cell a lane or an arrow draws (not a label's text): the column may end on it.
fn lane_glyph(s: &str) -> bool {
    matches!(
        s,
        "│" | "╎" | "├" | "┤" | "┃" | "┊" | "─" | "╮" | "╭" | "╯" | "╰" | "▶" | "◀"
    )
}

/// Report #6: at 120x40 and 200x50 left-side labels ran into the right side's time column
/// (`├ ● charge #1   146ms`, `├ ● charge #2  ◆`). For every comparable scenario at every step,
/// wide: the cell between the columns holds the rule that parts them (`│`) and nothing else on
/// every row from the columns' titles down to the narration, and the left column's last cell is
/// blank, a lane's line or the `…` of a cut label, so no word of the left side touches the
/// right side.
#[test]
fn the_left_side_never_runs_into_the_right() {
    let mut checked = 0;
    for id in comparable() {
        for (w, h) in [(100, 30), (120, 40), (200, 50)] {
            let (mut a, _d) = app(&id);
            keys(&mut a, "c");
            let [left, right] =
                idemlab::ui::sim::compare::columns(ratatui::layout::Rect::new(0, 0, w, h));
            let (last, gap) = (left.right() - 1, left.right()..right.x);
            assert!(!gap.is_empty(), "{w}: the columns touch");
            press(&mut a, KeyCode::Home);
            for step in 0..a.player().unwrap().len() {
                let t = draw(&mut a, w, h);
                let buf = t.backend().buffer();
                let screen = buffer_text(buf);
                let rows: Vec<&str> = screen.lines().collect();
                // From the row of the columns' titles (` 1  Retrying…`) to the narration's rule.
                let top = rows.iter().position(|r| r.starts_with(" 1 ")).unwrap();
                let bottom = rows
                    .iter()
                    .position(|r| r.contains(" Verdict ─") || r.contains(" What happens ─"))
                    .unwrap();
                assert!(bottom > top + 5, "{id} {w}x{h}:\n{screen}");
                for y in u16::try_from(top).unwrap()..u16::try_from(bottom).unwrap() {
                    let row = rows[usize::from(y)];
                    for x in gap.clone() {
                        let s = buf[(x, y)].symbol();
                        assert_eq!(
                            s, "│",
                            "{id} {w}x{h} step {step}: the gap at column {x} holds `{s}`: \
                             `{row}`\n{screen}"
                        );
                    }
                    let s = buf[(last, y)].symbol();
                    assert!(
                        s == " " || s == "…" || lane_glyph(s),
                        "{id} {w}x{h} step {step}: the left side ends in `{s}` at column \
                         {last}: `{row}`\n{screen}"
                    );
                    checked += 1;
                }
                press(&mut a, KeyCode::Right);
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

/// Report #4 in a compare: once `k` turns side 2 into another run, its column's title says
/// which knob changed, as the single view's header does; side 1's title stays as written.
#[test]
fn a_compare_columns_title_says_when_its_knobs_changed_the_run() {
    let (mut a, _d) = app("retry-without-key");
    keys(&mut a, "c");
    press(&mut a, KeyCode::End);
    let titles = |a: &mut App| {
        let screen = buffer_text(draw(a, 120, 40).backend().buffer());
        let row = screen
            .lines()
            .find(|l| l.contains(" 1  ") && l.contains(" 2  "))
            .map(str::to_owned);
        row.unwrap_or_else(|| panic!("no column titles:\n{screen}"))
    };
    let before = titles(&mut a);
    assert!(!before.contains("changed"), "{before}");
    press(&mut a, KeyCode::Tab);
    keys(&mut a, "k");
    let after = titles(&mut a);
    let (left, right) = after.split_at(after.find(" 2  ").unwrap());
    assert!(right.contains(" 2  changed key · "), "{after}");
    assert!(!left.contains("changed"), "side 1 is as written: {after}");
}
