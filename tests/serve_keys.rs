//! The Idempotency-Key rules of the spec, one test per rule, against a real server over TCP:
//! syntax, missing key, fingerprint, replay byte for byte (errors too), 409 in flight, 422 that
//! leaves the record alone, scope per endpoint, expiry.

mod serve_util;

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use serve_util::{JSON, charge, ledger, req, start, start_with};

use idemlab::server::{Delay, Knobs, Outcome};

const BODY: &str = r#"{"amount": 100, "order": "o-1"}"#;

#[test]
fn a_key_is_a_quoted_string_or_a_bare_token_and_nothing_else() {
    let server = start(Knobs::default());
    let a = server.addr();
    let first = charge(a, Some("\"k-1\""), BODY).unwrap();
    assert_eq!(first.status, 201);
    let bare = charge(a, Some("k-1"), BODY).unwrap();
    assert_eq!(
        bare.header("idempotent-replayed"),
        Some("true"),
        "\"k-1\" and k-1 are one key"
    );
    for bad in ["\"\"", "\"open", "two words", "\"a\"b"] {
        let r = charge(a, Some(bad), BODY).unwrap();
        assert_eq!(r.status, 400, "{bad:?}");
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
    }
    let long = "k".repeat(256);
    assert_eq!(charge(a, Some(&long), BODY).unwrap().status, 400);
    assert_eq!(charge(a, Some(&"k".repeat(255)), BODY).unwrap().status, 201);
    // Sent but empty: hyper passes an empty field value.
    let r = req(
        a,
        "POST",
        "/charges",
        &[JSON, ("Idempotency-Key", "")],
        Some(BODY),
    )
    .unwrap();
    assert_eq!(r.status, 400);
    assert_eq!(ledger(a)["count"], 2);
}

#[test]
fn without_a_key_every_post_charges_unless_a_key_is_required() {
    let server = start(Knobs::default());
    charge(server.addr(), None, BODY).unwrap();
    charge(server.addr(), None, BODY).unwrap();
    assert_eq!(ledger(server.addr())["charges_by_order"]["o-1"], 2);

    let strict = start(Knobs {
        require_key: true,
        ..Knobs::default()
    });
    let r = charge(strict.addr(), None, BODY).unwrap();
    assert_eq!(r.status, 400);
    let p = r.json();
    assert!(
        p["type"].as_str().unwrap().starts_with("https://"),
        "a link to documentation: {p}"
    );
    assert_eq!(ledger(strict.addr())["count"], 0);
    assert_eq!(charge(strict.addr(), Some("k"), BODY).unwrap().status, 201);
}

#[test]
fn a_retry_gets_the_stored_answer_byte_for_byte_and_a_reformatted_body_is_the_same_request() {
    let server = start(Knobs::default());
    let a = server.addr();
    let first = charge(a, Some("k-1"), BODY).unwrap();
    thread::sleep(Duration::from_millis(5));
    let again = charge(
        a,
        Some("k-1"),
        "{\n  \"order\": \"o-1\",\n  \"amount\": 100\n}",
    )
    .unwrap();
    assert_eq!((again.status, &again.body), (first.status, &first.body));
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.header("idempotent-replayed"), None);
    let l = ledger(a);
    assert_eq!(
        (l["count"].clone(), l["replays"].clone()),
        (1.into(), 1.into())
    );

    let bad = charge(a, Some("k-bad"), r#"{"amount": -5}"#).unwrap();
    assert_eq!(bad.status, 400);
    let bad_again = charge(a, Some("k-bad"), r#"{"amount": -5}"#).unwrap();
    assert_eq!((bad_again.status, &bad_again.body), (400, &bad.body));
    assert_eq!(
        bad_again.header("idempotent-replayed"),
        Some("true"),
        "a stored 4xx is replayed"
    );
}

#[test]
fn a_retry_while_the_first_is_processing_gets_409_with_retry_after() {
    let server = start(Knobs {
        delay: Delay {
            min_ms: 600,
            max_ms: 600,
        },
        ..Knobs::default()
    });
    let a = server.addr();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || tx.send(charge(a, Some("k-slow"), BODY)).unwrap());
    thread::sleep(Duration::from_millis(200));
    let second = charge(a, Some("k-slow"), BODY).unwrap();
    assert_eq!(second.status, 409);
    assert_eq!(second.header("retry-after"), Some("1"));
    assert_eq!(
        second.header("content-type"),
        Some("application/problem+json")
    );
    let first = rx.recv().unwrap().unwrap();
    assert_eq!(first.status, 201);
    let l = ledger(a);
    assert_eq!(
        (l["count"].clone(), l["conflicts"].clone()),
        (1.into(), 1.into())
    );
}

#[test]
fn a_changed_payload_is_422_and_the_original_still_replays() {
    let server = start(Knobs::default());
    let a = server.addr();
    let first = charge(a, Some("k-1"), BODY).unwrap();
    let changed = charge(a, Some("k-1"), r#"{"amount": 999, "order": "o-1"}"#).unwrap();
    assert_eq!(changed.status, 422);
    assert_eq!(
        changed.header("content-type"),
        Some("application/problem+json")
    );
    let again = charge(a, Some("k-1"), BODY).unwrap();
    assert_eq!((again.status, &again.body), (201, &first.body));
    let l = ledger(a);
    assert_eq!(
        (l["count"].clone(), l["mismatches"].clone()),
        (1.into(), 1.into())
    );
}

#[test]
fn a_key_belongs_to_one_endpoint() {
    let server = start(Knobs::default());
    let a = server.addr();
    let body = r#"{"amount": 100}"#;
    assert_eq!(charge(a, Some("k-1"), body).unwrap().status, 201);
    let dep = req(
        a,
        "POST",
        "/accounts/a-1/deposits",
        &[JSON, ("Idempotency-Key", "k-1")],
        Some(body),
    )
    .unwrap();
    assert_eq!(dep.status, 201);
    assert_eq!(
        dep.header("idempotent-replayed"),
        None,
        "another endpoint: another operation"
    );
    assert_eq!(dep.json()["balance"], 100);
    let dep2 = req(
        a,
        "POST",
        "/accounts/a-2/deposits",
        &[JSON, ("Idempotency-Key", "k-1")],
        Some(body),
    )
    .unwrap();
    assert_eq!(
        dep2.header("idempotent-replayed"),
        None,
        "another path: another operation"
    );
}

#[test]
fn an_expired_key_is_forgotten_and_the_retry_charges_again_marked() {
    let mut server = start_with(|c| c.key_ttl = Duration::from_millis(300));
    let events = server.take_events().unwrap();
    let a = server.addr();
    assert_eq!(charge(a, Some("k-1"), BODY).unwrap().status, 201);
    assert_eq!(
        charge(a, Some("k-1"), BODY)
            .unwrap()
            .header("idempotent-replayed"),
        Some("true")
    );
    thread::sleep(Duration::from_millis(400));
    let late = charge(a, Some("k-1"), BODY).unwrap();
    assert_eq!(
        (late.status, late.header("idempotent-replayed")),
        (201, None)
    );
    assert_eq!(ledger(a)["charges_by_order"]["o-1"], 2);
    let evs: Vec<_> = events.try_iter().collect();
    let last = evs.iter().rev().find(|e| e.path == "/charges").unwrap();
    assert!(last.key_expired && last.outcome == Outcome::Applied);
    assert_eq!(
        last.duplicate_of.as_deref(),
        Some("ch_0001"),
        "the double charge is marked"
    );
}
