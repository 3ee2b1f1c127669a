//! A failing client lab shows the failing run's requests: `lab retry-charge-once --check` prints
//! one plain line per request (the dropped answer, the retry that charged again), `--json`
//! carries them, and the lab screen draws them as lanes with `✗ DOUBLE CHARGE`.

mod common;

use std::fs;
use std::process::Output;

use common::idemlab_in;
use common::screen::{buffer_text, draw};
use idemlab::app::{App, Start};
use idemlab::content::{self, Source};
use idemlab::ui::Theme;

const LAB: &str = "retry-charge-once";

/// What a learner writes first: retry until 201, with no key.
const NAIVE_RETRY: &str = include_str!("fixtures/clients/naive-retry.sh");

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn lab(data: &std::path::Path, args: &[&str]) -> Output {
    idemlab_in(data).arg("lab").args(args).output().unwrap()
}

fn has_curl() -> bool {
    std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_ok()
}

#[test]
fn the_starter_shows_its_dropped_answers_and_a_naive_retry_its_second_charge() {
    if !has_curl() {
        eprintln!("curl is not installed: skipped");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let out = lab(data.path(), &[LAB, "--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains('\x1b'), "plain text: {stdout:?}");
    // The starter sends each order once: a dropped answer leaves curl with exit 52.
    assert!(stdout.contains("  exit_zero: fail — run "), "{stdout}");
    assert!(stdout.contains("    requests of run "), "{stdout}");
    let dropped = stdout
        .lines()
        .find(|l| l.contains("→ response ✗ dropped"))
        .unwrap_or_else(|| panic!("a dropped answer is shown: {stdout}"));
    assert!(
        dropped.trim_start().starts_with('#')
            && dropped.contains("POST /charges o-")
            && dropped.contains("(no key) → commits ch_"),
        "{dropped}"
    );

    let mine = data.path().join("naive.sh");
    fs::write(&mine, NAIVE_RETRY).unwrap();
    let out = lab(data.path(), &[LAB, "--check", mine.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("  no_order_charged_twice: fail — run "),
        "{stdout}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    let twice = lines
        .iter()
        .position(|l| l.contains("✗ charged twice (first ch_"))
        .unwrap_or_else(|| panic!("the second charge is shown: {stdout}"));
    // The request before the second charge, for the same order, lost its answer.
    let order = lines[twice].split_whitespace().nth(3).unwrap();
    let before = lines[..twice]
        .iter()
        .rev()
        .find(|l| l.contains(&format!("/charges {order} ")))
        .unwrap();
    assert!(before.contains("response ✗ dropped"), "{before}");
    let first = before
        .split("commits ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    assert!(
        lines[twice].ends_with(&format!("(first {first})")),
        "{}",
        lines[twice]
    );

    let out = lab(
        data.path(),
        &[LAB, "--check", mine.to_str().unwrap(), "--json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let check = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "no_order_charged_twice")
        .unwrap();
    let run = &check["failing_run"];
    assert!(run["run"].as_u64().unwrap() >= 1, "{run}");
    let reqs = run["requests"].as_array().unwrap();
    assert!(reqs.len() >= 6, "five orders and a retry: {run}");
    assert!(
        reqs.iter()
            .any(|r| r["fault"] == "drop-response" && r["status"].is_null()),
        "{run}"
    );
    let second = reqs.iter().find(|r| r["first_charge"].is_string()).unwrap();
    assert_eq!(second["order"], run["focus"]);
    assert!(second["key"].is_null());
    // A passing check carries no run.
    let ok = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "exit_zero")
        .unwrap();
    assert!(ok.get("failing_run").is_none(), "{ok}");
}

#[test]
fn the_lab_screen_draws_the_failing_order_as_lanes() {
    if !has_curl() {
        eprintln!("curl is not installed: skipped");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("labs").join(format!("{LAB}.sh"));
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, NAIVE_RETRY).unwrap();
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let mut a: App = common::screen::app_in(
        course,
        data.path(),
        Theme::monochrome(),
        Start::Lab(LAB.into()),
    );
    a.resize(120, 50);
    let screen = buffer_text(draw(&mut a, 120, 50).backend().buffer());
    assert!(
        screen.contains("✗ no_order_charged_twice: fail — run "),
        "{screen}"
    );
    assert!(screen.contains("the requests for order o-"), "{screen}");
    assert!(screen.contains("client"), "{screen}");
    assert!(screen.contains("─POST /charges"), "{screen}");
    assert!(screen.contains("─commit ch_"), "{screen}");
    assert!(screen.contains("✗ response dropped"), "{screen}");
    assert!(screen.contains("◀─201"), "{screen}");
    assert!(screen.contains("✗ DOUBLE CHARGE ch_"), "{screen}");
}
