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

const NAIVE_RETRY: &str = r#"#!/bin/sh
for o in $(echo "$IDEMLAB_ORDERS" | tr , ' '); do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$IDEMLAB_URL/charges" \
      -H 'Content-Type: application/json' -d "{\"order\": \"$o\", \"amount\": 100}")" = 201 ]; do :; done
done
"#;

const KEYED_RETRY: &str = r#"#!/bin/sh
for o in $(echo "$IDEMLAB_ORDERS" | tr , ' '); do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$IDEMLAB_URL/charges" \
      -H 'Content-Type: application/json' -H "Idempotency-Key: \"c-$o\"" \
      -d "{\"order\": \"$o\", \"amount\": 100}")" = 201 ]; do :; done
done
"#;

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
    assert!(
        twice.detail.contains("FAULT drop-response"),
        "the run's requests are shown: {}",
        twice.detail
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
