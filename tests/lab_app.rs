//! The lab screen inside the app, driven by keys as a learner drives it (no terminal): it
//! opens from the course map and from `open lab:ID`, shows the task beside the file and the
//! first difference under the checks, re-checks a file changed on disk, reveals hints one at
//! a time, and shows the solution only after a confirmation until the lab is done.

mod common;

use std::fs;

use common::screen::{buffer_text, draw, keys, press};
use crossterm::event::KeyCode;
use idemlab::app::{App, MapItem, SolutionView, Start};
use idemlab::content::{self, Source};
use idemlab::keymap::Context;
use idemlab::progress::{LabState, Store};
use idemlab::ui::Theme;

const LAB: &str = "record-order-line-once";

fn app(data: &std::path::Path) -> App {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let mut a = common::screen::app_in(course, data, Theme::monochrome(), Start::Lab(LAB.into()));
    a.resize(120, 40);
    a
}

fn screen(a: &mut App, w: u16, h: u16) -> String {
    buffer_text(draw(a, w, h).backend().buffer())
}

#[test]
fn the_starter_shows_the_first_difference_and_a_save_turns_it_green() {
    let data = tempfile::tempdir().unwrap();
    let mut a = app(data.path());
    assert_eq!(a.context(), Context::Lab);
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("Task"), "{text}");
    assert!(text.contains("Your file"), "{text}");
    assert!(text.contains("INSERT INTO order_lines"), "{text}");
    assert!(
        text.contains("✗ retried: fail — delivery 1, run 2 added a second row (o-7, A1, 2)"),
        "{text}"
    );
    assert!(text.contains("+ yours"), "{text}");
    // Narrow: stacked, still every check.
    let narrow = screen(&mut a, 80, 24);
    assert!(narrow.contains("✓ once: pass"), "{narrow}");

    let file = a.watched_file().unwrap();
    assert_eq!(file, data.path().join("labs").join(format!("{LAB}.sql")));
    fs::write(
        &file,
        "CREATE UNIQUE INDEX IF NOT EXISTS k ON order_lines (order_id, sku);\n\
         INSERT INTO order_lines (order_id, sku, qty) VALUES (:order_id, :sku, :qty)\n  \
         ON CONFLICT (order_id, sku) DO NOTHING;\n",
    )
    .unwrap();
    // What the terminal side does when the watcher reports a save.
    a.lab_file_changed();
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("✓ reordered: pass"), "{text}");
    assert!(text.contains("the lab is done"), "{text}");
    assert_eq!(a.progress.lab_state(LAB), LabState::Done);
    // Saved as it happened.
    let (_, p) = Store::open(Some(data.path().to_path_buf()));
    assert_eq!(p.lab_state(LAB), LabState::Done);
}

#[test]
fn hints_come_one_at_a_time_and_the_solution_asks_first() {
    let data = tempfile::tempdir().unwrap();
    let mut a = app(data.path());
    assert!(!screen(&mut a, 120, 40).contains("Hint 1 of 2"));
    keys(&mut a, "h");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("Hint 1 of 2"), "{text}");
    assert!(!text.contains("Hint 2 of 2"), "{text}");
    keys(&mut a, "hh");
    assert!(
        a.status_text()
            .unwrap_or("")
            .contains("all 2 hints are shown")
    );
    assert_eq!(a.progress.lab(LAB).unwrap().hints, 2);

    keys(&mut a, "s");
    assert_eq!(a.context(), Context::LabConfirm);
    assert!(screen(&mut a, 120, 40).contains("Show the solution before the lab is done?"));
    keys(&mut a, "n");
    assert_eq!(a.lab_screen().unwrap().solution, SolutionView::Hidden);
    assert!(!a.progress.lab(LAB).unwrap().solution_seen);
    keys(&mut a, "sy");
    assert_eq!(a.lab_screen().unwrap().solution, SolutionView::Shown);
    assert!(a.progress.lab(LAB).unwrap().solution_seen);
    assert!(screen(&mut a, 120, 40).contains("Solution"));
    press(&mut a, KeyCode::Esc);
    assert!(a.lab_screen().is_none());
}

#[test]
fn the_lab_sits_under_its_lesson_on_the_map_and_opens_from_there() {
    let data = tempfile::tempdir().unwrap();
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let upserts = course.lesson_index("upserts").unwrap();
    let rows = idemlab::app::map::rows(&course, Some(upserts));
    assert!(
        rows.iter()
            .any(|r| matches!(r, MapItem::Lab { lab, .. } if lab == LAB))
    );
    let mut a = common::screen::app_in(course, data.path(), Theme::monochrome(), Start::Resume);
    a.resize(120, 40);
    a.focus_on_lab(LAB);
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("Lab  Record an order line once"), "{text}");
    assert!(text.contains("not started"), "{text}");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.context(), Context::Lab);
    press(&mut a, KeyCode::Esc);
    let text = screen(&mut a, 120, 40);
    assert!(
        text.contains("3 of 4 checks") || text.contains("1 of 4 checks"),
        "{text}"
    );
}

#[test]
fn e_without_an_editor_says_how_to_set_one() {
    let data = tempfile::tempdir().unwrap();
    let mut a = app(data.path());
    // SAFETY-free: the test binary's own environment; no other test here reads these.
    if std::env::var_os("VISUAL").is_some() || std::env::var_os("EDITOR").is_some() {
        keys(&mut a, "e");
        assert!(a.take_edit_request().is_some());
        return;
    }
    keys(&mut a, "e");
    assert!(a.take_edit_request().is_none());
    assert!(screen(&mut a, 120, 40).contains("Neither $VISUAL nor $EDITOR is set"));
}

/// `--workspace` holds for the app as it does for `idemlab lab`: a lab opened by name makes and
/// shows its file there, and nothing in the data directory's `labs/`.
#[cfg(unix)]
#[test]
fn open_lab_uses_the_workspace_the_command_line_names() {
    let data = tempfile::tempdir().unwrap();
    let ws = tempfile::tempdir().unwrap();
    let mut s = common::pty::Pty::start(
        &[
            "--data-dir",
            data.path().to_str().unwrap(),
            "--workspace",
            ws.path().to_str().unwrap(),
            "open",
            &format!("lab:{LAB}"),
        ],
        &[],
        120,
        40,
    );
    s.wait_for("Your file");
    s.wait_for("retried: fail");
    assert!(ws.path().join(format!("{LAB}.sql")).is_file());
    assert!(
        !data.path().join("labs").exists(),
        "a starter made in the data dir"
    );
    s.keys("q");
    s.keys("q");
    s.expect_clean_exit();
}
