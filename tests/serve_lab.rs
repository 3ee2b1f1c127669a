//! Kind `http-client`: a learner's shell client run against an in-process `idemlab serve` with
//! response loss. A naive retry without a key double-charges (and the verdict shows the run's
//! requests), a keyed retry passes everything, a missing interpreter or a hang is said so.

use idemlab::lab::Verdict;
use idemlab::lab::http_client::check;
use idemlab::lab::schema::HttpClientLab;

fn lab(checks: &str, timeout_s: u32) -> HttpClientLab {
    let yaml = format!(
        "server: {{ store: atomic, drop_response: 0.5, seed: 3 }}\norders: [o-1, o-2, o-3, o-4, o-5]\namount: 100\nruns: 2\ntimeout_s: {timeout_s}\nstarter: x\nsolution: x\nchecks: {checks}\n"
    );
    serde_yaml::from_str(&yaml).unwrap()
}

/// What a learner writes first: retry until 201, with no key.
const NAIVE_RETRY: &str = include_str!("fixtures/clients/naive-retry.sh");

/// The fix: the same retry with one key per order.
const KEYED_RETRY: &str = include_str!("fixtures/clients/keyed-retry.sh");

#[test]
fn a_naive_retry_double_charges_and_a_keyed_one_passes() {
    let l = lab(
        "[every_order_charged, no_order_charged_twice, exit_zero, keys_sent]",
        30,
    );
    let naive = check("t", &l, NAIVE_RETRY);
    let by_id =
        |r: &idemlab::lab::Report, id: &str| r.checks.iter().find(|c| c.id == id).unwrap().clone();
    assert_eq!(by_id(&naive, "every_order_charged").verdict, Verdict::Pass);
    let twice = by_id(&naive, "no_order_charged_twice");
    assert_eq!(twice.verdict, Verdict::Fail, "{}", twice.detail);
    assert!(
        twice.detail.contains("charged 2 times") || twice.detail.contains("times"),
        "{}",
        twice.detail
    );
    let run = twice
        .diff
        .as_ref()
        .and_then(|d| d.client_run.as_ref())
        .expect("the failing run's requests");
    let focus = run.focus.clone().expect("the order charged twice");
    assert!(
        twice.detail.contains(&format!("order {focus} ")),
        "{}",
        twice.detail
    );
    let second = run
        .requests
        .iter()
        .find(|r| r.first_charge.is_some())
        .expect("the second charge is marked");
    assert_eq!(second.order.as_ref(), Some(&focus));
    assert!(
        run.requests
            .iter()
            .any(|r| r.order.as_ref() == Some(&focus) && r.fault == Some("drop-response")),
        "its first answer was dropped: {:?}",
        run.lines()
    );
    assert_eq!(by_id(&naive, "keys_sent").verdict, Verdict::Fail);

    let keyed = check("t", &l, KEYED_RETRY);
    assert_eq!(
        keyed.verdict(),
        Verdict::Pass,
        "{:?}",
        keyed.first_failure()
    );
}

#[test]
fn a_missing_interpreter_is_unknown_and_a_hang_is_killed() {
    let l = lab("[exit_zero]", 1);
    let r = check("t", &l, "#!/no/such/shell\necho hi\n");
    assert_eq!(r.checks[0].verdict, Verdict::Unknown);
    assert!(
        r.checks[0].detail.contains("/no/such/shell"),
        "{}",
        r.checks[0].detail
    );
    let r = check("t", &l, "no shebang\n");
    assert_eq!(r.checks[0].verdict, Verdict::Unknown);

    let t = std::time::Instant::now();
    let r = check("t", &l, "#!/bin/sh\nsleep 30\n");
    assert_eq!(r.checks[0].verdict, Verdict::Fail);
    assert!(
        r.checks[0].detail.contains("killed after 1 s"),
        "{}",
        r.checks[0].detail
    );
    assert!(t.elapsed() < std::time::Duration::from_secs(10));
}

/// Two workers charge one order at once against a slow server: one of them meets a 409.
/// `on_409` is what a worker does on a 409; `first_amount` its first attempt's amount (retries
/// send 100).
fn two_workers(on_409: &str, first_amount: u32) -> String {
    format!(
        r#"#!/bin/sh
worker() {{
  amount={first_amount}
  while :; do
    code=$(curl -s -o /dev/null -w '%{{http_code}}' --max-time 5 -X POST "$IDEMLAB_URL/charges" \
      -H 'Content-Type: application/json' -H 'Idempotency-Key: "c-1"' \
      -d "{{\"order\": \"o-1\", \"amount\": $amount}}")
    [ "$code" = 201 ] && return 0
    [ "$code" = 409 ] || return 1
    {on_409}
    amount=100
  done
}}
worker & a=$!
worker & b=$!
wait $a; ra=$?
wait $b; rb=$?
[ "$ra" = 0 ] && [ "$rb" = 0 ]
"#
    )
}

#[test]
fn a_409_must_be_waited_out_and_a_payload_kept_under_its_key() {
    let yaml = "server: { store: atomic, delay_ms: 200, seed: 5 }\norders: [o-1]\namount: 100\nruns: 1\ntimeout_s: 20\nstarter: x\nsolution: x\nchecks: [every_order_charged, no_order_charged_twice, exit_zero, same_payload_per_key, waited_retry_after]\n";
    let l: HttpClientLab = serde_yaml::from_str(yaml).unwrap();
    let by_id =
        |r: &idemlab::lab::Report, id: &str| r.checks.iter().find(|c| c.id == id).unwrap().clone();

    let patient = check("t", &l, &two_workers("sleep 1", 100));
    assert_eq!(
        patient.verdict(),
        Verdict::Pass,
        "{:?}",
        patient.first_failure()
    );

    // Hammering on the 409 instead of waiting: every answer is still right, but too soon.
    let eager = check("t", &l, &two_workers(":", 100));
    let early = by_id(&eager, "waited_retry_after");
    assert_eq!(early.verdict, Verdict::Fail, "{}", early.detail);
    assert!(early.detail.contains("409"), "{}", early.detail);
    assert_eq!(by_id(&eager, "same_payload_per_key").verdict, Verdict::Pass);

    // Both workers send 101 first: the first charge is 101, a retry with 100 is another payload.
    let changed = check("t", &l, &two_workers("sleep 1", 101));
    let mismatch = by_id(&changed, "same_payload_per_key");
    assert_eq!(mismatch.verdict, Verdict::Fail, "{}", mismatch.detail);
    assert!(mismatch.detail.contains("422"), "{}", mismatch.detail);
}
