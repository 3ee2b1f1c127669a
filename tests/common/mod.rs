//! Helpers shared by the integration tests. Each test binary compiles this module on its own and
//! uses only part of it, so unused items are allowed here.
#![allow(dead_code)]

#[cfg(unix)]
pub mod pty;
pub mod screen;
pub mod sim;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use idemlab::content::{self, Course, Source};

/// 2025-06-02 10:00 UTC, a Monday.
pub const MON_10: u64 = 1_748_858_400;

/// `tests/fixtures/NAME`.
pub fn fixture_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The `idemlab` binary with progress in `data`, the bundled course, colour as it would be on a
/// terminal, and no input: the environment of the test run (`IDEMLAB_CONTENT`, `NO_COLOR`)
/// does not leak in. Callers add arguments and change what they test.
pub fn idemlab_in(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_idemlab"));
    cmd.env("IDEMLAB_DATA", data)
        .env_remove("IDEMLAB_CONTENT")
        .env_remove("IDEMLAB_WORKSPACE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    cmd
}

/// The course in `dir`, which must load without errors.
pub fn load(dir: &Path) -> Course {
    content::load(&Source::Dir(dir.to_path_buf()))
        .into_result()
        .expect("valid course")
}

/// A course of one true-or-false question whose explanation links two simulations.
pub fn linked_course(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.join("quizzes")).unwrap();
    std::fs::create_dir_all(dir.join("assets/scenarios")).unwrap();
    for s in ["retry-with-key", "retry-without-key"] {
        let f = format!("assets/scenarios/{s}.yaml");
        std::fs::copy(root.join(&f), dir.join(&f)).unwrap();
    }
    std::fs::write(
        dir.join("quizzes/linked.yaml"),
        "bank: linked\ntitle: Linked\nquestions:\n  - id: retry-twice\n    kind: true_false\n    prompt: A retried POST without a key can charge twice.\n    answer: true\n    explanation: |\n      See [a retry with a key](sim:retry-with-key) and\n      [one without](sim:retry-without-key).\n",
    )
    .unwrap();
}
