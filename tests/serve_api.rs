//! `idemlab serve`'s API table and its error answers, over real TCP: every endpoint's status
//! and body, and 415/400/413/404/405 as RFC 9457 problem documents.

mod serve_util;

use serve_util::{JSON, charge, ledger, req, start};

use idemlab::server::Knobs;

fn assert_problem(r: &serve_util::Resp, status: u16) {
    assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["status"], status);
    assert!(
        p["type"].is_string() && p["title"].is_string() && p["detail"].is_string(),
        "{p}"
    );
}

#[test]
fn every_endpoint_answers_as_the_api_table_says() {
    let server = start(Knobs::default());
    let a = server.addr();

    let r = charge(a, None, r#"{"amount": 250, "order": "o-1"}"#).unwrap();
    assert_eq!(r.status, 201);
    let c = r.json();
    assert_eq!(c["amount"], 250);
    assert_eq!(c["order"], "o-1");
    let id = c["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("ch_"));
    assert!(c["created"].as_str().unwrap().ends_with('Z'));
    let r = charge(a, None, r#"{"amount": 5}"#).unwrap();
    assert_eq!(
        (r.status, r.json()["order"].clone()),
        (201, serde_json::Value::Null)
    );

    let list = req(a, "GET", "/charges", &[], None).unwrap();
    assert_eq!(list.status, 200);
    assert_eq!(list.json().as_array().unwrap().len(), 2);
    let one = req(a, "GET", &format!("/charges/{id}"), &[], None).unwrap();
    assert_eq!((one.status, one.json()), (200, c));
    assert_problem(&req(a, "GET", "/charges/ch_9999", &[], None).unwrap(), 404);

    let put = |b: &str| req(a, "PUT", "/accounts/acc-1/balance", &[JSON], Some(b)).unwrap();
    let r = put(r#"{"balance": 100}"#);
    assert_eq!((r.status, r.json()["balance"].clone()), (201, 100.into()));
    let r = put(r#"{"balance": 100}"#);
    assert_eq!(r.status, 200, "a second PUT sets the same balance: 200");
    let dep = || {
        req(
            a,
            "POST",
            "/accounts/acc-1/deposits",
            &[JSON],
            Some(r#"{"amount": 30}"#),
        )
        .unwrap()
    };
    assert_eq!(dep().json()["balance"], 130);
    let r = dep();
    assert_eq!(
        (r.status, r.json()["balance"].clone()),
        (201, 160.into()),
        "POST adds again"
    );
    assert_eq!(
        req(a, "DELETE", "/accounts/acc-1", &[], None)
            .unwrap()
            .status,
        204
    );
    assert_problem(
        &req(a, "DELETE", "/accounts/acc-1", &[], None).unwrap(),
        404,
    );

    let l = ledger(a);
    assert_eq!(l["count"], 2);
    assert_eq!(l["charges_by_order"], serde_json::json!({"o-1": 1}));
    for k in ["replays", "conflicts", "mismatches"] {
        assert_eq!(l[k], 0, "{k}");
    }
    let r = req(a, "POST", "/reset", &[], None).unwrap();
    assert_eq!((r.status, r.body.len()), (204, 0));
    assert_eq!(ledger(a)["count"], 0);
    let r = charge(a, None, r#"{"amount": 1}"#).unwrap();
    assert_ne!(
        r.json()["id"],
        id.as_str(),
        "ids are never reused after a reset"
    );
}

#[test]
fn bad_requests_get_problem_documents_with_the_right_status() {
    let server = start(Knobs::default());
    let a = server.addr();
    let post = |h: &[(&str, &str)], b: &str| req(a, "POST", "/charges", h, Some(b)).unwrap();
    assert_problem(&post(&[], r#"{"amount": 1}"#), 415);
    assert_problem(
        &post(&[("Content-Type", "text/plain")], r#"{"amount": 1}"#),
        415,
    );
    assert_eq!(
        post(
            &[("Content-Type", "application/json; charset=utf-8")],
            r#"{"amount": 1}"#
        )
        .status,
        201
    );
    assert_problem(&post(&[JSON], r#"{"amount": 1"#), 400);
    assert_problem(&post(&[JSON], "[1, 2]"), 400);
    assert_problem(&post(&[JSON], r#"{"amount": 1, "currency": "eur"}"#), 400);
    assert_problem(&post(&[JSON], r#"{"amount": "1"}"#), 400);
    assert_problem(&post(&[JSON], r#"{"amount": 0}"#), 400);
    assert_problem(&post(&[JSON], r#"{"order": "o-1"}"#), 400);
    let big = format!(r#"{{"amount": 1, "order": "{}"}}"#, "x".repeat(70 * 1024));
    assert_problem(&post(&[JSON], &big), 413);
    assert_problem(&req(a, "GET", "/nowhere", &[], None).unwrap(), 404);
    let r = req(a, "PATCH", "/charges", &[], None).unwrap();
    assert_problem(&r, 405);
    assert_eq!(r.header("allow"), Some("GET, POST"));
    assert_problem(&req(a, "GET", "/reset", &[], None).unwrap(), 405);
    assert_eq!(ledger(a)["count"], 1, "only the one valid charge was made");
}
