//! `idemlab run` from the outside: deterministic output, the JSON shapes, and usage errors.

use std::process::{Command, Output};

fn idemlab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_idemlab"))
        .args(args)
        .env_remove("IDEMLAB_CONTENT")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Keys of the objects printed at `indent` spaces, in output order (serde_json's own map sorts).
fn keys_at(out: &[u8], indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    let mut keys: Vec<String> = String::from_utf8_lossy(out)
        .lines()
        .filter_map(|l| l.strip_prefix(&pad))
        .filter(|l| l.starts_with('"'))
        .filter_map(|l| l[1..].split_once('"').map(|(k, _)| k.to_owned()))
        .collect();
    let mut seen = Vec::new();
    keys.retain(|k| {
        let new = !seen.contains(k);
        seen.push(k.clone());
        new
    });
    keys
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = idemlab(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn run_json_is_deterministic_and_has_the_documented_shape() {
    let args = ["run", "retry-without-key", "--json"];
    let a = idemlab(&args);
    let b = idemlab(&args);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(
        keys_at(&a.stdout, 2),
        [
            "scenario", "model", "seed", "counters", "trace", "verdict", "expect"
        ]
    );
    assert_eq!(
        keys_at(&a.stdout, 4),
        [
            "charges",
            "balance",
            "attempts",
            "replays",
            "conflicts",
            "mismatches",
            "succeeded",
            // verdict, then expect (serde_json::json! objects sort their keys)
            "counter",
            "good",
            "text",
            "value",
            "changed_by",
            "met",
            "unmet"
        ]
    );
    assert_eq!(v["verdict"]["good"], false);
    assert_eq!(v["expect"]["met"], true);
    assert_eq!(v["scenario"], "retry-without-key");
    assert_eq!(v["model"], "http-retry");
    assert_eq!(v["seed"], 7);
    assert_eq!(v["counters"]["charges"], 2);
    let ev = &v["trace"][0];
    assert_eq!(
        keys_at(&a.stdout, 6),
        [
            "t_ms",
            "kind",
            "from",
            "to",
            "attempt",
            "key",
            "actor",
            "duplicate",
            "text"
        ]
    );
    assert_eq!(ev["kind"], "send");
    assert_eq!(ev["actor"], "client");
    // The second charge, and only it, is the duplicate.
    let dups: Vec<_> = v["trace"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["duplicate"] == true)
        .collect();
    assert_eq!(dups.len(), 1);
    assert_eq!(
        (&dups[0]["kind"], &dups[0]["attempt"]),
        (&"effect".into(), &2.into())
    );
}

#[test]
fn seed_and_set_change_the_run() {
    let v = json(&["run", "retry-with-key", "--json", "--seed", "99"]);
    assert_eq!(v["seed"], 99);
    let key = v["trace"][0]["key"].as_str().unwrap();
    assert_eq!(key.len(), 36);
    let v = json(&[
        "run",
        "retry-with-key",
        "--json",
        "--set",
        "client.key=none",
    ]);
    assert_eq!(v["counters"]["charges"], 2);
    assert!(v["trace"][0]["key"].is_null());
}

#[test]
fn trials_json_has_the_documented_shape() {
    let args = [
        "run",
        "retry-without-key",
        "--trials",
        "200",
        "--json",
        "--set",
        "network.drop_response=0.5",
    ];
    let out = idemlab(&args);
    assert_eq!(out.stdout, idemlab(&args).stdout);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        keys_at(&out.stdout, 2),
        ["scenario", "seed", "trials", "counters"]
    );
    assert_eq!(keys_at(&out.stdout, 6), ["mean", "min", "max", "histogram"]);
    assert_eq!(v["trials"], 200);
    let c = &v["counters"]["charges"];
    let total: u64 = c["histogram"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(total, 200);
}

#[test]
fn a_bad_set_is_one_clear_error_with_exit_2() {
    for (arg, needle) in [
        ("network.drop_response=2", "probability 2 is out of range"),
        ("network.nope=1", "unknown knob `network.nope`"),
        (
            "client.key=sometimes",
            "takes one of its words (none | per_operation | per_attempt), not `sometimes`",
        ),
        (
            "retry.backoff.base_ms=abc",
            "`retry.backoff.base_ms` takes a whole number",
        ),
        ("db.write=insert", "not a knob group of model `http-retry`"),
        ("client.key", "expected KEY=VALUE"),
    ] {
        let out = idemlab(&["run", "retry-with-key", "--set", arg]);
        assert_eq!(out.status.code(), Some(2), "{arg}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{arg}: {err}");
        // The words a user reads, not Rust's (`expected u64`).
        assert!(!err.contains("u64") && !err.contains("f64"), "{arg}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn sets_are_validated_together_whatever_their_order() {
    let base = "retry.backoff.base_ms=5000";
    let max = "retry.backoff.max_ms=6000";
    let a = idemlab(&[
        "run",
        "retry-with-key",
        "--json",
        "--set",
        base,
        "--set",
        max,
    ]);
    let b = idemlab(&[
        "run",
        "retry-with-key",
        "--json",
        "--set",
        max,
        "--set",
        base,
    ]);
    assert_eq!(
        a.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    assert_eq!(
        b.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&b.stderr)
    );
    assert_eq!(
        a.stdout, b.stdout,
        "the same knobs in another order give the same run"
    );
    // Alone, the raised base is still above the default maximum and refused.
    let alone = idemlab(&["run", "retry-with-key", "--set", base]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&alone.stderr).contains("base_ms 5000 is above max_ms 4000"));
}

#[test]
fn unknown_scenarios_and_models_are_usage_errors() {
    assert_eq!(idemlab(&["run", "no-such"]).status.code(), Some(2));
    assert_eq!(
        idemlab(&["run", "--describe", "nope"]).status.code(),
        Some(2)
    );
    assert_eq!(
        idemlab(&["run", "retry-with-key", "--trials", "0"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn describe_lists_knobs_and_counters() {
    let out = idemlab(&["run", "--describe", "upsert"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "db.on_conflict",
        "[default set]",
        "constraint_errors",
        "retry.attempts",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
}

#[test]
fn the_table_shows_time_who_and_what() {
    let out = idemlab(&["run", "consumer-crash-separate-dedup"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("crashes after the effect, before storing id"),
        "{text}"
    );
    assert!(
        text.contains("effects            2  (as expected)"),
        "{text}"
    );
}

#[test]
fn trials_name_counters_in_words_as_one_run_does() {
    // `--describe`, `expect` and `--json` use the id; the tables a learner reads use the words.
    let args = ["run", "insert-unique-under-retry", "--trials", "20"];
    let out = idemlab(&args);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\nunique violations "), "{text}");
    assert!(!text.contains("constraint_errors"), "{text}");
    let v = json(&[&args[..], &["--json"]].concat());
    assert_eq!(v["counters"]["constraint_errors"]["max"], 1);
}
