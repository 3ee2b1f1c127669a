//! `run --trials` on several threads: the same bytes whatever `--threads` says, the noisy
//! scenarios and the error path included.

use std::process::{Command, Output};

fn idemlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_idemlab"))
        .args(args)
        .env_remove("IDEMLAB_CONTENT")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn trials_print_the_same_bytes_on_one_thread_and_on_three() {
    for (id, sets) in [
        ("retry-without-key", &["network.drop_response=0.3"][..]),
        ("concurrent-retry-check-then-act", &[][..]),
        (
            "consumer-crash-separate-dedup",
            &["consumer.crash_before_ack=0.2", "network.drop_request=0.1"][..],
        ),
        ("upsert-under-retry", &["network.drop_request=0.2"][..]),
    ] {
        for json in [false, true] {
            // 2500 trials: several chunks of 1000, the last one short.
            let mut args = vec!["run", id, "--trials", "2500", "--seed", "11"];
            for s in sets {
                args.extend(["--set", s]);
            }
            if json {
                args.push("--json");
            }
            let one = idemlab(&[&args[..], &["--threads", "1"]].concat());
            let three = idemlab(&[&args[..], &["--threads", "3"]].concat());
            let default = idemlab(&args);
            assert!(
                one.status.success(),
                "{id}: {}",
                String::from_utf8_lossy(&one.stderr)
            );
            assert!(!one.stdout.is_empty());
            assert_eq!(one.stdout, three.stdout, "{id} json={json}");
            assert_eq!(one.stdout, default.stdout, "{id} json={json}");
        }
    }
}

#[test]
fn a_run_that_does_not_end_is_the_same_error_on_any_number_of_threads() {
    let args = [
        "run",
        "retry-without-key",
        "--trials",
        "3000",
        "--set",
        "retry.timeout_ms=2592000000",
        "--set",
        "network.drop_request=0.5",
    ];
    let one = idemlab(&[&args[..], &["--threads", "1"]].concat());
    let four = idemlab(&[&args[..], &["--threads", "4"]].concat());
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(one.stderr, four.stderr);
    assert!(String::from_utf8_lossy(&one.stderr).contains("does not end"));
}

#[test]
fn zero_threads_is_a_usage_error() {
    let out = idemlab(&["run", "retry-with-key", "--trials", "10", "--threads", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--threads 0"));
}
