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
