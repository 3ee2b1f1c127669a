//! The subtle cases pinned one by one, the bundled scenarios' promises, and the trace's shape
//! as a view will use it.

use idemlab::content::{self, Scenario, Source};
use idemlab::sim::{self, Change, KeyState, Kind, Participant, SimError};

/// A scenario from the knobs in `yaml` (header fields filled in).
fn sc(model: &str, yaml: &str) -> Scenario {
    let src = format!("scenario: t\ntitle: t\nsummary: t\nseed: 1\nmodel: {model}\n{yaml}");
    serde_yaml::from_str(&src).unwrap()
}

fn kinds(r: &sim::Run) -> Vec<Kind> {
    r.trace.iter().map(|e| e.kind).collect()
}

#[test]
fn check_then_act_loses_the_race_to_a_concurrent_retry() {
    let s = sc(
        "http-retry",
        "client: {key: per_operation}\nserver:\n  store: check_then_act\n  script: [{attempt: 1, fault: slow, ms: 1500}]\n",
    );
    for seed in 0..50 {
        let r = sim::run(&s, seed).unwrap();
        assert_eq!(r.counters.get("charges"), Some(2), "seed {seed}");
        // Both attempts passed the check before either recorded the key.
        let passed = r
            .trace
            .iter()
            .filter(|e| e.kind == Kind::Process && e.text.contains("not found"))
            .count();
        assert_eq!(passed, 2, "seed {seed}");
        assert_eq!(r.counters.get("conflicts"), Some(0));
    }
    // The same timing against an atomic store: 409, one charge.
    let s = sc(
        "http-retry",
        "client: {key: per_operation}\nserver:\n  store: atomic\n  script: [{attempt: 1, fault: slow, ms: 1500}]\n",
    );
    for seed in 0..50 {
        let o = sim::outcome(&s, seed).unwrap();
        assert_eq!(o.counters.get("charges"), Some(1), "seed {seed}");
        assert!(o.counters.get("conflicts") >= Some(1), "seed {seed}");
    }
}

#[test]
fn a_crash_after_the_effect_with_separate_dedup_repeats_it() {
    let s = sc(
        "consumer",
        "producer: {messages: 1}\nconsumer:\n  dedup: separate\n  script: [{delivery: 1, fault: crash_after_effect}]\n",
    );
    let r = sim::run(&s, 3).unwrap();
    assert_eq!(r.counters.get("effects"), Some(2));
    assert_eq!(r.counters.get("deliveries"), Some(2));
    let k = kinds(&r);
    let crash = k.iter().position(|&x| x == Kind::Crash).unwrap();
    assert_eq!(
        k[crash - 1],
        Kind::Effect,
        "the crash comes right after the effect"
    );
    // A crash before the ack leaves the id stored: the redelivery is skipped.
    let s = sc(
        "consumer",
        "producer: {messages: 1}\nconsumer:\n  dedup: separate\n  script: [{delivery: 1, fault: crash_before_ack}]\n",
    );
    let o = sim::outcome(&s, 3).unwrap();
    assert_eq!(o.counters.get("effects"), Some(1));
    assert_eq!(o.counters.get("skipped"), Some(1));
}

#[test]
fn a_retry_after_key_ttl_is_a_new_request() {
    let yaml = |ttl: u64| {
        format!(
            "client: {{key: per_operation}}\nserver: {{store: atomic, key_ttl_ms: {ttl}}}\nnetwork:\n  script: [{{attempt: 1, fault: drop_response}}]\n"
        )
    };
    let r = sim::run(&sc("http-retry", &yaml(500)), 7).unwrap();
    assert_eq!(r.counters.get("charges"), Some(2));
    assert_eq!(r.counters.get("replays"), Some(0));
    assert!(kinds(&r).contains(&Kind::Expire));
    let r = sim::run(&sc("http-retry", &yaml(60_000)), 7).unwrap();
    assert_eq!(r.counters.get("charges"), Some(1));
    assert_eq!(r.counters.get("replays"), Some(1));
}

#[test]
fn a_changed_payload_is_answered_422() {
    let s = sc(
        "http-retry",
        "client: {key: per_operation, change_payload_on_retry: true}\nserver: {store: atomic}\nnetwork:\n  script: [{attempt: 1, fault: drop_response}]\n",
    );
    let r = sim::run(&s, 7).unwrap();
    assert_eq!(r.counters.get("mismatches"), Some(1));
    assert_eq!(r.counters.get("charges"), Some(1));
    assert_eq!(r.counters.get("succeeded"), Some(0));
    assert!(
        r.trace.iter().any(|e| e.kind == Kind::Send
            && e.from == Participant::Server
            && e.text.contains("422"))
    );
    // The client does not retry a 422.
    assert_eq!(r.counters.get("attempts"), Some(2));
}

#[test]
fn per_attempt_keys_double_the_charge() {
    let s = sc(
        "http-retry",
        "client: {key: per_attempt}\nserver: {store: atomic}\nnetwork:\n  script: [{attempt: 1, fault: drop_response}]\n",
    );
    let r = sim::run(&s, 7).unwrap();
    assert_eq!(r.counters.get("charges"), Some(2));
    let keys: Vec<_> = r
        .trace
        .iter()
        .filter(|e| e.kind == Kind::Send && e.from == Participant::Client)
        .filter_map(|e| e.key)
        .collect();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1]);
}

#[test]
fn a_crash_inside_the_transaction_rolls_back_the_charge_and_the_key() {
    let s = sc(
        "http-retry",
        "client: {key: per_operation}\nserver:\n  store: atomic\n  script: [{attempt: 1, fault: crash_after_effect}]\n",
    );
    let r = sim::run(&s, 7).unwrap();
    assert_eq!(r.counters.get("charges"), Some(1));
    let crash = r.trace.iter().position(|e| e.kind == Kind::Crash).unwrap();
    let st = r.state_at(crash);
    assert!(st.keys.is_empty(), "{:?}", st.keys);
    assert_eq!(st.down, [Participant::Server]);
    assert_eq!(st.counters[0], ("charges", 0));
    let end = r.state_at(usize::MAX);
    assert_eq!(end.keys.len(), 1);
    assert_eq!(end.keys[0].state, KeyState::Done);
    assert_eq!(end.keys[0].response, Some(201));
}

#[test]
fn a_put_that_sets_ends_with_the_same_balance() {
    let s = sc(
        "http-retry",
        "client: {operation: set, amount: 70}\nnetwork:\n  script: [{attempt: 1, fault: drop_response}]\n",
    );
    let o = sim::outcome(&s, 1).unwrap();
    assert_eq!(o.counters.get("charges"), Some(2));
    assert_eq!(o.counters.get("balance"), Some(70));
}

#[test]
fn upserts_under_retry() {
    let run = |write: &str, extra: &str| {
        let s = sc(
            "upsert",
            &format!(
                "db: {{write: {write}{extra}}}\nnetwork:\n  script: [{{attempt: 1, fault: drop_response}}]\n"
            ),
        );
        let o = sim::outcome(&s, 5).unwrap();
        ["rows", "value", "constraint_errors", "succeeded"].map(|c| o.counters.get(c).unwrap())
    };
    assert_eq!(run("insert", ""), [2, 1, 0, 1]);
    assert_eq!(run("insert_unique", ""), [1, 1, 1, 0]);
    assert_eq!(run("upsert_nothing", ""), [1, 1, 0, 1]);
    assert_eq!(run("upsert_update", ""), [1, 1, 0, 1]);
    assert_eq!(
        run("upsert_update", ", on_conflict: increment"),
        [1, 2, 0, 1]
    );
    assert_eq!(run("increment", ""), [1, 2, 0, 1]);
    assert_eq!(run("set", ""), [1, 1, 0, 1]);
}

#[test]
fn the_broker_window_drops_a_republished_copy() {
    let yaml = |window: u64| {
        format!(
            "producer: {{messages: 1, publish_retries: 1}}\nbroker: {{dedup_window_ms: {window}}}\nnetwork:\n  script: [{{attempt: 1, fault: drop_response}}]\n"
        )
    };
    let o = sim::outcome(&sc("consumer", &yaml(0)), 2).unwrap();
    assert_eq!(o.counters.get("effects"), Some(2));
    let o = sim::outcome(&sc("consumer", &yaml(60_000)), 2).unwrap();
    assert_eq!(o.counters.get("effects"), Some(1));
    assert_eq!(o.counters.get("skipped"), Some(1));
}

#[test]
fn a_run_that_would_not_end_names_the_knob() {
    let s = sc("consumer", "consumer: {crash_before_ack: 1.0}\n");
    let e = sim::outcome(&s, 1).unwrap_err();
    assert!(matches!(e, SimError::TooManyEvents { .. }));
    assert_eq!(e.knob(), "consumer.crash_before_ack");
    let s = sc(
        "http-retry",
        &format!(
            "retry: {{timeout_ms: {}}}\nnetwork: {{drop_request: 1.0}}\n",
            u64::MAX
        ),
    );
    assert_eq!(sim::outcome(&s, 1).unwrap_err().knob(), "retry.timeout_ms");
}

#[test]
fn every_bundled_scenario_keeps_its_promise() {
    let loaded = content::load(&Source::Embedded);
    let scenario_errors: Vec<String> = loaded
        .errors
        .iter()
        .filter(|e| e.file.starts_with("assets/"))
        .map(ToString::to_string)
        .collect();
    assert!(scenario_errors.is_empty(), "{scenario_errors:#?}");
    let scenarios = &loaded.course.scenarios;
    // Every file in assets/scenarios/ is loaded: none is dropped on the way.
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/scenarios"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    assert!(files >= 23, "the bundled scenarios went missing: {files}");
    assert_eq!(scenarios.len(), files);
    for s in scenarios {
        assert!(!s.expect.is_empty(), "{} expects nothing", s.scenario);
        let r = sim::run(s, s.seed).unwrap();
        assert!(
            r.unmet(&s.expect).is_empty(),
            "{}: {:?}",
            s.scenario,
            r.unmet(&s.expect)
        );
        // Every arrow lands or is dropped.
        for (i, e) in r.trace.iter().enumerate() {
            if matches!(e.kind, Kind::Send | Kind::Publish | Kind::Redeliver) {
                let ends = r.trace[i + 1..].iter().any(|x| {
                    matches!(x.kind, Kind::Deliver | Kind::Drop)
                        && (x.from, x.to, x.attempt) == (e.from, e.to, e.attempt)
                });
                assert!(ends, "{}: {} never lands", s.scenario, e.text);
            }
        }
    }
}

#[test]
fn unmet_expectations_read_like_the_spec() {
    let mut s = sc(
        "http-retry",
        "network:\n  script: [{attempt: 1, fault: drop_response}]\n",
    );
    s.seed = 7;
    s.expect
        .insert("charges".into(), content::scenario::Expect::Exact(1));
    s.expect.insert(
        "attempts".into(),
        content::scenario::Expect::Range {
            min: Some(3),
            max: None,
        },
    );
    let r = sim::run(&s, 7).unwrap();
    let msgs: Vec<String> = r.unmet(&s.expect).iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        [
            "expected attempts >= 3, got 2 (seed 7)",
            "expected charges = 1, got 2 (seed 7)"
        ]
    );
}

#[test]
fn check_reports_an_unmet_expect_at_its_line() {
    let src = "scenario: t\ntitle: t\nsummary: s\nmodel: http-retry\nseed: 7\nnetwork:\n  script: [{attempt: 1, fault: drop_response}]\nexpect:\n  charges: 1\n";
    let doc = content::yaml::YamlDoc::parse("assets/scenarios/t.yaml", src, 0).unwrap();
    let mut errors = Vec::new();
    assert!(content::scenario::parse(&doc, &mut errors).is_some());
    let msgs: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        ["assets/scenarios/t.yaml:9:12: expected charges = 1, got 2 (seed 7)"]
    );
}

#[test]
fn trials_are_reproducible_and_start_at_the_base_seed() {
    let s = sc("http-retry", "network: {drop_response: 0.3}\n");
    let a = sim::trials(&s, 7, 500).unwrap();
    let b = sim::trials(&s, 7, 500).unwrap();
    assert_eq!(a, b);
    let charges = a.counter("charges").unwrap();
    assert_eq!(charges.histogram.values().sum::<u64>(), 500);
    assert!(charges.min >= 1 && charges.max <= 4);
    let one = sim::trials(&s, 7, 1).unwrap();
    let run = sim::outcome(&s, 7).unwrap();
    assert_eq!(
        one.counter("charges").unwrap().min,
        run.counters.get("charges").unwrap()
    );
}

#[test]
fn changes_rebuild_the_key_store() {
    let s = sc(
        "http-retry",
        "client: {key: per_operation}\nserver: {store: atomic}\nnetwork:\n  script: [{attempt: 1, fault: drop_response}]\n",
    );
    let r = sim::run(&s, 7).unwrap();
    let store = r
        .trace
        .iter()
        .position(|e| e.changes.iter().any(|c| matches!(c, Change::Key { .. })))
        .unwrap();
    assert!(r.state_at(store.saturating_sub(1)).keys.is_empty() || store == 0);
    assert_eq!(r.state_at(store).keys[0].state, KeyState::InFlight);
    assert_eq!(r.state_at(store).keys[0].fingerprint, 100);
}

#[test]
fn a_visibility_timeout_shorter_than_the_round_trip_is_named() {
    let s = sc(
        "consumer",
        "broker: {redeliver_after_ms: 50}\nnetwork: {latency_ms: [100, 100]}\n",
    );
    assert_eq!(
        sim::outcome(&s, 1).unwrap_err().knob(),
        "broker.redeliver_after_ms"
    );
}

#[test]
fn lifelines_come_in_diagram_order() {
    let s = sc("http-retry", "client: {submissions: 2}\n");
    let r = sim::run(&s, 1).unwrap();
    assert_eq!(
        r.participants(),
        [Participant::User, Participant::Client, Participant::Server]
    );
}
