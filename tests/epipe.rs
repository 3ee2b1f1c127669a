//! A closed pipe is not a crash: `idemlab list | head -1` must end quietly, the way `cat` does
//! (killed by SIGPIPE, status 141 in a shell), never with a panic and a backtrace. The pipe's
//! read end is closed before the child starts, so its first write fails every time: no race.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

const SIGPIPE: i32 = 13;

fn command(args: &[&str], data: &Path) -> Command {
    let mut c = common::idemlab_in(data);
    c.args(args)
        .arg("--content")
        .arg(common::fixture_dir("course"))
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped());
    c
}

/// Runs with stdout a pipe whose reader is already gone; returns the status and stderr.
fn into_closed_pipe(args: &[&str], data: &Path) -> (ExitStatus, String) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut c = command(args, data);
    c.stdout(writer);
    let child = c.spawn().expect("the binary runs");
    // Our copy of the write end goes with the Command.
    drop(c);
    let out = child.wait_with_output().expect("the child ends");
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_quiet(what: &str, status: ExitStatus, stderr: &str) {
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert_eq!(stderr, "", "{what}: nothing on stderr");
    assert_eq!(status.signal(), Some(SIGPIPE), "{what}: {status:?}");
}

#[test]
fn every_command_ends_quietly_on_a_closed_pipe() {
    let data = tempfile::tempdir().unwrap();
    let commands: [&[&str]; 6] = [
        &["list"],
        &["progress"],
        &["check"],
        &["print", "first-steps"],
        &["run", "retry-without-key"],
        &["run", "retry-without-key", "--trials", "20"],
    ];
    for args in commands {
        for _ in 0..3 {
            let (status, stderr) = into_closed_pipe(args, data.path());
            assert_quiet(&args.join(" "), status, &stderr);
        }
    }
}

#[test]
fn a_reader_that_stops_after_one_line_ends_print_quietly() {
    // A lesson far larger than a pipe buffer (64 KiB): the child is still writing when the
    // reader goes away after its first line.
    let data = tempfile::tempdir().unwrap();
    let lesson = data.path().join("long.md");
    std::fs::write(&lesson, "A line of a long lesson.\n\n".repeat(20_000)).unwrap();
    for _ in 0..3 {
        let mut child = command(&["print", lesson.to_str().unwrap()], data.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut first = String::new();
        stdout.read_line(&mut first).expect("one line");
        assert!(!first.is_empty());
        drop(stdout);
        let out = child.wait_with_output().expect("the child ends");
        assert_quiet(
            "print of a long lesson",
            out.status,
            &String::from_utf8_lossy(&out.stderr),
        );
    }
}
