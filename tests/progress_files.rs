//! `idemlab progress` against what may sit in a data directory, and moving progress between
//! directories: a FIFO or a device where the progress file should be does not hang the command
//! or fill memory, a byte-order mark is fine, a path with escape sequences is printed
//! harmlessly, and `--export` / `--import` move records over, merged, while a bad file to import
//! changes nothing.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const LESSON: &str = r#"{"version": 1, "last_lesson": "keys", "lessons": {"keys": {"state": "reading", "position": 7}}}"#;
const QUIZ: &str = r#"{"version": 1, "quizzes": {"all-kinds": {"attempts": 1,
  "best": {"correct": 4, "total": 5, "passed": true, "at": 1000},
  "last": {"correct": 4, "total": 5, "passed": true, "at": 1000},
  "log": [{"run": 42, "stamp": 1000000000, "score": {"correct": 4, "total": 5, "passed": true, "at": 1000}}]}}}"#;

/// Runs `idemlab ARGS` on data dir `data`; fails the test if it does not end within 20 s.
fn idemlab(args: &[&str], data: &Path) -> Output {
    let mut child = common::idemlab_in(data)
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("`idemlab {args:?}` hangs");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(data: &Path) -> serde_json::Value {
    let out = idemlab(&["progress", "--json"], data);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_as_the_progress_file_is_refused_at_once() {
    let data = tempfile::tempdir().unwrap();
    let fifo = data.path().join("progress.json");
    if !Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        return; // no mkfifo here
    }
    let out = idemlab(&["progress", "--json"], data.path());
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("a FIFO"),
        "{}",
        text(&out.stderr)
    );

    let data = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", data.path().join("progress.json")).unwrap();
    let out = idemlab(&["progress", "--json"], data.path());
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("a device, not a regular file"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_byte_order_mark_is_read_and_the_file_is_left_alone() {
    let data = tempfile::tempdir().unwrap();
    let path = data.path().join("progress.json");
    let bytes = [b"\xEF\xBB\xBF".as_slice(), LESSON.as_bytes()].concat();
    std::fs::write(&path, &bytes).unwrap();
    let out = idemlab(&["progress", "--json"], data.path());
    assert_eq!(text(&out.stderr), "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["lessons"]["keys"]["position"], 7);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[cfg(unix)]
#[test]
fn escape_sequences_in_the_data_dir_path_never_reach_the_terminal() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("d\x1b]2;PWNED\x07");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("progress.json"), "{bad").unwrap();
    let out = idemlab(&["progress"], &data);
    let all = [out.stdout, out.stderr].concat();
    assert!(text(&all).contains("not valid JSON"), "{}", text(&all));
    assert!(!all.contains(&0x1b) && !all.contains(&0x07), "{all:?}");
}

#[test]
fn export_then_import_merges_into_another_directory() {
    let a = tempfile::tempdir().unwrap();
    std::fs::write(a.path().join("progress.json"), QUIZ).unwrap();
    let b = tempfile::tempdir().unwrap();
    std::fs::write(b.path().join("progress.json"), LESSON).unwrap();
    let file = a.path().join("export.json");
    let out = idemlab(&["progress", "--export", file.to_str().unwrap()], a.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("progress exported to"));

    for _ in 0..2 {
        let out = idemlab(&["progress", "--import", file.to_str().unwrap()], b.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("0 lessons, 1 quiz bank, 0 scenarios"),
            "{}",
            text(&out.stdout)
        );
    }
    let v = json(b.path());
    assert_eq!(v["lessons"]["keys"]["position"], 7, "{v}");
    assert_eq!(v["last_lesson"], "keys");
    // Imported twice, still one attempt: the same run.
    assert_eq!(v["quizzes"]["all-kinds"]["attempts"], 1, "{v}");
    assert_eq!(v["quizzes"]["all-kinds"]["best"]["correct"], 4);
}

#[test]
fn an_import_survives_an_earlier_reset() {
    let data = tempfile::tempdir().unwrap();
    let backup = tempfile::tempdir().unwrap();
    let file = backup.path().join("backup.json");
    std::fs::write(&file, LESSON).unwrap();
    assert!(
        idemlab(&["progress", "--reset"], data.path())
            .status
            .success()
    );
    let out = idemlab(
        &["progress", "--import", file.to_str().unwrap()],
        data.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(json(data.path())["lessons"]["keys"]["position"], 7);
}

#[test]
fn a_bad_file_to_import_changes_nothing_and_fails() {
    let data = tempfile::tempdir().unwrap();
    let path = data.path().join("progress.json");
    std::fs::write(&path, LESSON).unwrap();
    let other = tempfile::tempdir().unwrap();
    let cases = [
        ("not-json.json", Some("{oops"), "is not valid JSON"),
        (
            "wrong.json",
            Some(r#"{"version": 1, "lessons": []}"#),
            "does not match",
        ),
        ("future.json", Some(r#"{"version": 9}"#), "newer idemlab"),
        ("missing.json", None, "no such file"),
    ];
    for (name, contents, says) in cases {
        let file = other.path().join(name);
        if let Some(c) = contents {
            std::fs::write(&file, c).unwrap();
        }
        let out = idemlab(
            &["progress", "--import", file.to_str().unwrap()],
            data.path(),
        );
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains("cannot import"), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert!(err.contains("nothing was changed"), "{name}: {err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), LESSON, "{name}");
    }
    // A directory to import is refused the same way.
    let out = idemlab(
        &["progress", "--import", other.path().to_str().unwrap()],
        data.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("a directory"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), LESSON);
}

#[test]
fn export_refuses_a_progress_file_it_cannot_read() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("progress.json"), "{bad").unwrap();
    let file = data.path().join("out.json");
    let out = idemlab(
        &["progress", "--export", file.to_str().unwrap()],
        data.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot export"));
    assert!(!file.exists());
    assert_eq!(
        std::fs::read(data.path().join("progress.json")).unwrap(),
        b"{bad"
    );
}
