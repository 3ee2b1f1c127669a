//! The simulation player end to end in a real pseudo-terminal: `idemlab open sim:…` starts on
//! the bundled course, steps to the verdict, flips knobs and sees the verdict change, plays,
//! quits, and leaves the terminal as it found it (main screen, cursor shown).
#![cfg(unix)]

mod common;

use std::path::Path;

use common::pty::Pty;

/// `idemlab ARGS…` over the bundled course, its progress in `data`.
fn start(data: &Path, args: &[&str]) -> Pty {
    let base = ["--data-dir", data.to_str().unwrap()];
    Pty::start(&[&base[..], args].concat(), &[], 100, 30)
}

const RIGHT: &str = "\x1b[C";
const END: &str = "\x1b[F";

#[test]
fn step_to_the_verdict_flip_the_key_see_the_other_verdict_and_quit() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start(data.path(), &["open", "sim:retry-without-key"]);
    s.wait_for("Retrying a payment without a key");
    s.wait_for("step 1/15");
    for _ in 0..3 {
        s.keys(RIGHT);
    }
    s.wait_for("step 4/15");
    s.keys(END);
    s.wait_for("step 15/15");
    s.wait_for("Charged twice for one payment");
    // A key, but this server keeps none: still twice, and the verdict says why.
    s.keys("k");
    s.wait_for("key: per operation");
    s.wait_for("server does not store");
    // An atomic key store: the retry is replayed.
    s.keys("ff");
    s.wait_for("store: atomic");
    s.wait_for("Charged once for one payment");
    // The replayed run is one step shorter: the last step stays on screen.
    assert!(s.contents().contains("step 14/14"), "{}", s.contents());
    // Play from the start, then quit while it plays.
    s.keys(" ");
    s.wait_for("▶ playing");
    s.keys("q");
    s.keys("q");
    s.expect_clean_exit();
    let progress = std::fs::read_to_string(data.path().join("progress.json")).unwrap();
    assert!(progress.contains("retry-without-key"), "{progress}");
}

/// Paused, the player sleeps in a blocking read: over two seconds it uses (next to) no CPU. A
/// busy loop or a redraw timer would use most of the two seconds; the bound is far from both,
/// and CPU time does not grow on a slow machine the way wall time does.
#[test]
fn a_paused_player_uses_no_cpu() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start(data.path(), &["open", "sim:retry-without-key"]);
    s.wait_for("step 1/15");
    s.keys(END);
    s.wait_for("step 15/15");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let Some(before) = s.cpu_ticks() else {
        return; // no /proc here: nothing to measure
    };
    std::thread::sleep(std::time::Duration::from_secs(2));
    let used = s.cpu_ticks().unwrap() - before;
    // Clock ticks are 1/100 s on Linux: 5 ticks is 2.5 % of the two seconds.
    assert!(used <= 5, "a paused player used {used} ticks of CPU in 2 s");
    s.keys("q");
    s.keys("q");
    s.expect_clean_exit();
}

/// `open sim:ID --seed N` opens that run (a teacher hands one out): the header shows the seed
/// and the run is the one `idemlab run ID --seed N` makes; `--help` says what the seed does.
#[test]
fn open_with_a_seed_shows_that_run() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start(
        data.path(),
        &["open", "sim:retry-with-key", "--seed", "4242"],
    );
    s.wait_for("seed 4242");
    let run = idemlab::sim::run(&common::sim::scenario("retry-with-key"), 4242).unwrap();
    s.wait_for(&format!("step 1/{}", run.trace.len()));
    s.keys(END);
    s.wait_for(&format!("{} ms", run.trace.last().unwrap().t_ms));
    s.keys("q");
    s.wait_for("Course map");
    s.keys("q");
    s.expect_clean_exit();

    let help = common::idemlab_in(data.path())
        .args(["open", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("for sim:SCENARIO, the run to open"), "{help}");
}
