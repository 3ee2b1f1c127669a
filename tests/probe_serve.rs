//! `idemlab probe` against its reference target, `idemlab serve`, both the real binary on a
//! free loopback port, as a learner would run them: the atomic store passes every core and
//! profile check, the broken stores fail the checks that show their bug, and `--require-key`
//! decides whether a missing key is a core failure.

mod common;

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Output, Stdio};

use serde_json::Value;

/// A running `idemlab serve --port 0` with a throwaway database; killed on drop.
struct Serve {
    child: Child,
    url: String,
    _data: tempfile::TempDir,
}

impl Serve {
    fn start(args: &[&str]) -> Serve {
        let data = tempfile::tempdir().unwrap();
        let mut child = common::idemlab_in(data.path())
            .args([
                "serve", "--port", "0", "--no-tui", "--db", ":memory:", "--seed", "1",
            ])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start idemlab serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("serve prints its URL first").unwrap();
            if let Some(at) = line.find("http://") {
                break line[at..].split_whitespace().next().unwrap().to_owned();
            }
        };
        // Keep reading its log so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Serve {
            child,
            url,
            _data: data,
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn probe(url: &str, args: &[&str]) -> (Output, Value) {
    let data = tempfile::tempdir().unwrap();
    let out = common::idemlab_in(data.path())
        .args(["probe", url, "--json"])
        .args(args)
        .output()
        .expect("run idemlab probe");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out, doc)
}

fn verdict<'a>(doc: &'a Value, id: &str) -> &'a str {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id} in {doc}"))["verdict"]
        .as_str()
        .unwrap()
}

fn check<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

const BOTH_ENDPOINTS: [&str; 4] = [
    "--endpoint",
    "POST /charges",
    "--endpoint",
    "POST /accounts/a-1/deposits",
];

#[test]
fn the_atomic_store_passes_every_core_and_profile_check_in_every_run() {
    // A little processing time so a duplicate finds its original in flight (retry-after needs a 409).
    let serve = Serve::start(&["--store", "atomic", "--require-key", "--delay-ms", "20"]);
    for run in 0..2 {
        let mut args = vec!["--tier", "all", "--require-key"];
        args.extend(BOTH_ENDPOINTS);
        let (out, doc) = probe(&serve.url, &args);
        for c in doc["checks"].as_array().unwrap() {
            assert_eq!(c["verdict"], "pass", "run {run}: {c}");
        }
        assert_eq!(doc["checks"].as_array().unwrap().len(), 13);
        assert_eq!(out.status.code(), Some(0), "run {run}");
        assert!(doc["requests_sent"].as_u64() <= doc["plan"]["max_requests"].as_u64());
    }
}

#[test]
fn no_store_fails_replay_concurrent_and_lost_response() {
    let serve = Serve::start(&["--store", "none"]);
    let (out, doc) = probe(&serve.url, &[]);
    assert_eq!(out.status.code(), Some(1));
    for id in ["replay", "concurrent", "lost-response"] {
        assert_eq!(verdict(&doc, id), "fail", "{id}: {}", check(&doc, id));
    }
    assert_eq!(verdict(&doc, "first"), "pass");
    assert!(
        check(&doc, "replay")["reason"]
            .as_str()
            .unwrap()
            .contains("ch_"),
        "{doc}"
    );
    assert!(
        check(&doc, "lost-response")["reason"]
            .as_str()
            .unwrap()
            .contains("ledger +2")
    );
}

#[test]
fn check_then_act_fails_concurrent_every_time_with_the_two_charge_ids() {
    let serve = Serve::start(&["--store", "check-then-act", "--delay-ms", "50"]);
    for run in 0..20 {
        let (out, doc) = probe(&serve.url, &["--only", "concurrent"]);
        assert_eq!(out.status.code(), Some(1), "run {run}: {doc}");
        let c = check(&doc, "concurrent");
        assert_eq!(c["verdict"], "fail", "run {run}: {c}");
        // The evidence: two 201s with different charge ids for one key.
        let ev = c["evidence"].as_array().unwrap();
        let keys: std::collections::BTreeSet<&str> =
            ev.iter().filter_map(|e| e["key"].as_str()).collect();
        assert_eq!(keys.len(), 1, "one key: {c}");
        let ids: std::collections::BTreeSet<String> = ev
            .iter()
            .filter(|e| e["status"] == 201)
            .filter_map(|e| serde_json::from_str::<Value>(e["body"].as_str()?).ok())
            .filter_map(|b| b["id"].as_str().map(str::to_owned))
            .collect();
        assert!(ids.len() >= 2, "run {run}: two charge ids for one key: {c}");
        let reason = c["reason"].as_str().unwrap();
        assert!(
            ids.iter().all(|id| reason.contains(id.as_str()))
                || ids.iter().filter(|id| reason.contains(id.as_str())).count() >= 2,
            "{reason}"
        );
    }
}

#[test]
fn a_missing_key_is_a_core_failure_only_with_require_key() {
    let lax = Serve::start(&["--store", "atomic"]);
    let (out, doc) = probe(&lax.url, &["--tier", "all", "--only", "first,missing-key"]);
    let c = check(&doc, "missing-key");
    assert_eq!(
        (c["tier"].as_str(), c["verdict"].as_str()),
        (Some("profile"), Some("fail"))
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "a profile failure does not fail the run"
    );
    let (out, doc) = probe(&lax.url, &["--only", "first,missing-key", "--require-key"]);
    assert_eq!(check(&doc, "missing-key")["tier"], "core");
    assert_eq!(
        out.status.code(),
        Some(1),
        "required but not enforced: {doc}"
    );

    let strict = Serve::start(&["--store", "atomic", "--require-key"]);
    let (out, doc) = probe(
        &strict.url,
        &["--only", "first,missing-key", "--require-key"],
    );
    assert_eq!(verdict(&doc, "missing-key"), "pass", "{doc}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn without_a_ledger_effect_counting_checks_are_unknown_never_pass() {
    let serve = Serve::start(&["--store", "atomic"]);
    let (out, doc) = probe(
        &serve.url,
        &[
            "--ledger",
            "none",
            "--only",
            "first,replay,concurrent,mismatch,distinct-keys",
        ],
    );
    assert_eq!(verdict(&doc, "first"), "pass");
    for id in ["replay", "concurrent", "mismatch", "distinct-keys"] {
        assert_eq!(verdict(&doc, id), "unknown", "{id}: {}", check(&doc, id));
    }
    assert_eq!(out.status.code(), Some(2), "undecided is not a pass");
}
