//! `idemlab lab` as a learner uses it from a shell: the binary, a temporary data directory,
//! files written as an editor would write them.

mod common;

use std::fs;
use std::process::Output;
use std::time::{Duration, Instant};

use common::idemlab_in;

const LAB: &str = "record-order-line-once";
const FIXED: &str = "CREATE UNIQUE INDEX IF NOT EXISTS k ON order_lines (order_id, sku);\n\
                     INSERT INTO order_lines (order_id, sku, qty) VALUES (:order_id, :sku, :qty)\n  \
                     ON CONFLICT (order_id, sku) DO NOTHING;\n";

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn lab(data: &std::path::Path, args: &[&str]) -> Output {
    idemlab_in(data).arg("lab").args(args).output().unwrap()
}

#[test]
fn the_starter_fails_with_the_first_difference_and_the_fix_passes() {
    let data = tempfile::tempdir().unwrap();
    let out = lab(data.path(), &[LAB, "--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("  retried: fail — delivery 1, run 2 added a second row (o-7, A1, 2)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("  once: pass\n"), "{stdout}");
    let file = data.path().join("labs").join(format!("{LAB}.sql"));
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .contains("INSERT INTO order_lines")
    );

    fs::write(&file, FIXED).unwrap();
    let out = lab(data.path(), &[LAB, "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let listed = text(&lab(data.path(), &[]).stdout);
    let row = listed.lines().find(|l| l.contains(LAB)).unwrap();
    assert!(row.contains("✓ done"), "{listed}");
}

#[test]
fn json_has_the_spec_shape_and_any_file_can_be_checked() {
    let data = tempfile::tempdir().unwrap();
    let mine = data.path().join("mine.sql");
    fs::write(
        &mine,
        "INSERT INTO order_lines VALUES (:order_id, :sku, :qty);",
    )
    .unwrap();
    let out = lab(
        data.path(),
        &[LAB, "--check", mine.to_str().unwrap(), "--json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["lab"], LAB);
    assert_eq!(v["file"], mine.to_str().unwrap());
    assert_eq!(v["verdict"], "fail");
    let checks = v["checks"].as_array().unwrap();
    let ids: Vec<&str> = checks.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["once", "retried", "redelivered", "reordered"]);
    assert_eq!(checks[1]["verdict"], "fail");
    assert_eq!(
        checks[1]["detail"],
        "delivery 1, run 2 added a second row (o-7, A1, 2)"
    );
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["checks", "file", "lab", "verdict"]);
}

#[test]
fn the_file_is_never_overwritten_and_reset_moves_it_aside() {
    let data = tempfile::tempdir().unwrap();
    let ws = data.path().join("elsewhere");
    let path = text(
        &idemlab_in(data.path())
            .env("IDEMLAB_WORKSPACE", &ws)
            .args(["lab", LAB, "--path"])
            .output()
            .unwrap()
            .stdout,
    );
    let file = ws.join(format!("{LAB}.sql"));
    assert_eq!(path.trim_end(), file.to_str().unwrap());
    fs::write(&file, "-- my work\n").unwrap();
    let again = idemlab_in(data.path())
        .args(["--workspace", ws.to_str().unwrap(), "lab", LAB, "--path"])
        .output()
        .unwrap();
    assert!(again.status.success());
    assert_eq!(fs::read_to_string(&file).unwrap(), "-- my work\n");

    let out = idemlab_in(data.path())
        .env("IDEMLAB_WORKSPACE", &ws)
        .args(["lab", LAB, "--reset"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let baks: Vec<_> = fs::read_dir(&ws)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".bak"))
        .collect();
    assert_eq!(baks.len(), 1, "{baks:?}");
    assert!(baks[0].starts_with(&format!("{LAB}.sql.")));
    assert_eq!(
        fs::read_to_string(ws.join(&baks[0])).unwrap(),
        "-- my work\n"
    );
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .contains("INSERT INTO order_lines")
    );
    assert!(text(&out.stdout).contains("moved your file to"));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_a_fifo_and_a_huge_file_are_refused_without_hanging() {
    let data = tempfile::tempdir().unwrap();
    let ws = data.path().join("labs");
    fs::create_dir_all(&ws).unwrap();
    let file = ws.join(format!("{LAB}.sql"));
    let outside = data.path().join("secret.txt");
    fs::write(&outside, "SELECT 1;").unwrap();
    std::os::unix::fs::symlink(&outside, &file).unwrap();
    let out = lab(data.path(), &[LAB, "--check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is a symlink out of the workspace"),
        "{}",
        text(&out.stderr)
    );
    fs::remove_file(&file).unwrap();

    let fifo = ws.join("fifo.sql");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    let out = lab(data.path(), &[LAB, "--check", fifo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("it is a FIFO, not a regular file"),
        "{}",
        text(&out.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(60));

    let huge = ws.join("huge.sql");
    fs::write(&huge, "-- x\n".repeat(100_000)).unwrap();
    let out = lab(data.path(), &[LAB, "--check", huge.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("larger than 256 KiB"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_solution_is_printed_and_recorded_and_unknown_labs_are_usage_errors() {
    let data = tempfile::tempdir().unwrap();
    let out = lab(data.path(), &[LAB, "--solution"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("ON CONFLICT (order_id, sku) DO NOTHING"));
    let progress = fs::read_to_string(data.path().join("progress.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&progress).unwrap();
    assert_eq!(v["labs"][LAB]["solution_seen"], true);

    let out = lab(data.path(), &["no-such-lab", "--check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no lab `no-such-lab`"));
    let out = lab(data.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(2));
}
