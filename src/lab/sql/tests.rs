//! The sql checker on the spec's own example lab and on files that try to escape the fence.

use super::*;
use crate::lab::schema::{Concurrent, Delivery, Param};
use crate::lab::verdict::Verdict;

fn delivery(pairs: &[(&str, Param)]) -> Delivery {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn t(s: &str) -> Param {
    Param::Text(s.to_owned())
}

fn order_lines() -> SqlLab {
    SqlLab {
        setup: "CREATE TABLE order_lines (order_id TEXT NOT NULL, sku TEXT NOT NULL, qty INTEGER \
                NOT NULL, PRIMARY KEY (order_id, sku));"
            .into(),
        state: "SELECT order_id, sku, qty FROM order_lines ORDER BY order_id, sku".into(),
        deliveries: vec![
            delivery(&[
                ("order_id", t("o-7")),
                ("sku", t("A1")),
                ("qty", Param::Int(2)),
            ]),
            delivery(&[
                ("order_id", t("o-7")),
                ("sku", t("B2")),
                ("qty", Param::Int(1)),
            ]),
            delivery(&[
                ("order_id", t("o-8")),
                ("sku", t("A1")),
                ("qty", Param::Int(5)),
            ]),
        ],
        starter: "INSERT INTO order_lines (order_id, sku, qty) VALUES (:order_id, :sku, :qty);"
            .into(),
        solution: "INSERT INTO order_lines (order_id, sku, qty) VALUES (:order_id, :sku, :qty)\n  \
                   ON CONFLICT (order_id, sku) DO NOTHING;"
            .into(),
        checks: vec![
            SqlCheck::Once,
            SqlCheck::Retried,
            SqlCheck::Redelivered,
            SqlCheck::Reordered,
        ],
        concurrent: Concurrent::default(),
        errors: Errors::Forbidden,
    }
}

fn verdicts(r: &Report) -> Vec<(&str, Verdict)> {
    r.checks
        .iter()
        .map(|c| (c.id.as_str(), c.verdict))
        .collect()
}

#[test]
fn the_solution_passes_every_check() {
    let lab = order_lines();
    let r = check("x", &lab, &lab.solution);
    assert_eq!(r.verdict(), Verdict::Pass, "{r:#?}");
}

#[test]
fn a_constraint_error_on_retry_fails_with_its_position() {
    let lab = order_lines();
    let r = check(
        "x",
        &lab,
        "\n  INSERT INTO order_lines VALUES (:order_id, :sku, :qty);",
    );
    assert_eq!(r.checks[0].verdict, Verdict::Pass);
    let retried = &r.checks[1];
    assert_eq!(retried.verdict, Verdict::Fail);
    assert!(
        retried
            .detail
            .starts_with("delivery 1, run 2 ended in an error at 2:3: UNIQUE constraint failed"),
        "{}",
        retried.detail
    );
    let diff = retried.diff.as_ref().unwrap();
    assert_eq!((diff.delivery, diff.run), (Some(1), Some(2)));
    assert_eq!(diff.error.as_ref().map(|e| (e.line, e.col)), Some((2, 3)));
}

#[test]
fn a_duplicate_row_is_named_with_its_delivery_and_run() {
    let mut lab = order_lines();
    lab.setup = "CREATE TABLE order_lines (order_id TEXT NOT NULL, sku TEXT NOT NULL, qty INTEGER NOT NULL);".into();
    lab.solution = "INSERT INTO order_lines SELECT :order_id, :sku, :qty WHERE NOT EXISTS \
                    (SELECT 1 FROM order_lines WHERE order_id = :order_id AND sku = :sku);"
        .into();
    let r = check("x", &lab, &lab.starter.clone());
    assert_eq!(
        verdicts(&r),
        vec![
            ("once", Verdict::Pass),
            ("retried", Verdict::Fail),
            ("redelivered", Verdict::Fail),
            ("reordered", Verdict::Fail)
        ]
    );
    assert_eq!(
        r.checks[1].detail,
        "delivery 1, run 2 added a second row (o-7, A1, 2)"
    );
    let diff = r.checks[1].diff.as_ref().unwrap();
    assert_eq!(diff.columns, vec!["order_id", "sku", "qty"]);
    assert_eq!(diff.extra, vec![vec!["o-7", "A1", "2"]]);
    assert!(diff.missing.is_empty());
    assert!(
        r.checks[2]
            .detail
            .starts_with("delivery 1, run 2 added a second row")
    );
}

#[test]
fn a_wrong_value_shows_both_rows() {
    let lab = order_lines();
    let r = check(
        "x",
        &lab,
        "INSERT INTO order_lines VALUES (:order_id, :sku, :qty + 1) ON CONFLICT DO NOTHING;",
    );
    assert_eq!(
        r.checks[0].detail,
        "delivery 1, run 1 left (o-7, A1, 3) where the solution's state has (o-7, A1, 2)"
    );
}

#[test]
fn errors_allowed_lets_a_failing_retry_pass() {
    let mut lab = order_lines();
    lab.errors = Errors::Allowed;
    let r = check(
        "x",
        &lab,
        "INSERT INTO order_lines VALUES (:order_id, :sku, :qty);",
    );
    assert_eq!(r.verdict(), Verdict::Pass, "{r:#?}");
}

#[test]
fn reordered_is_a_pure_function_of_the_seed() {
    let a = schedule(SqlCheck::Reordered, 5, 7);
    assert_eq!(a, schedule(SqlCheck::Reordered, 5, 7));
    assert_ne!(a, schedule(SqlCheck::Reordered, 5, 8));
    assert_eq!(a.len(), 10);
    for d in 0..5 {
        let mut runs: Vec<usize> = a.iter().filter(|s| s.0 == d).map(|s| s.1).collect();
        runs.sort_unstable();
        assert_eq!(runs, vec![1, 2]);
    }
}

#[test]
fn the_fence_refuses_files_sql_pragmas_and_transactions() {
    let lab = order_lines();
    for (sql, words) in [
        (
            "ATTACH DATABASE '/tmp/idemlab-x.db' AS x;",
            "ATTACH, DETACH and VACUUM INTO are not available",
        ),
        (
            "PRAGMA journal_mode = DELETE;",
            "PRAGMA journal_mode is not available",
        ),
        ("VACUUM INTO '/tmp/idemlab-vacuum-test.db';", ""),
        (
            "SELECT load_extension('x');",
            "load_extension() is not available",
        ),
        ("COMMIT;", "BEGIN, COMMIT and ROLLBACK are the checker's"),
        (
            "SELECT :nope;",
            "no value for :nope: a delivery has :order_id, :qty, :sku",
        ),
        ("SELECT ?;", "a `?` parameter has no name"),
    ] {
        let r = check("x", &lab, sql);
        assert_eq!(r.checks[0].verdict, Verdict::Fail, "{sql}: {r:#?}");
        assert!(
            r.checks[0].detail.contains(words),
            "{sql}: {}",
            r.checks[0].detail
        );
    }
    assert!(!std::path::Path::new("/tmp/idemlab-vacuum-test.db").exists());
    assert!(!std::path::Path::new("/tmp/idemlab-x.db").exists());
}

#[test]
fn a_query_that_never_ends_is_stopped_after_two_seconds() {
    let lab = order_lines();
    let r = check(
        "x",
        &lab,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n;",
    );
    assert_eq!(r.checks[0].verdict, Verdict::Fail);
    assert!(
        r.checks[0].detail.contains("stopped after 2 s"),
        "{}",
        r.checks[0].detail
    );
    // The other checks are not run for another 2 s each.
    assert!(r.checks[1..].iter().all(|c| c.verdict == Verdict::Unknown));
}

#[test]
fn too_many_statements_is_a_clear_error() {
    let lab = order_lines();
    let r = check("x", &lab, &"SELECT 1;\n".repeat(150));
    assert!(
        r.checks[0].detail.contains("more than 100 statements"),
        "{}",
        r.checks[0].detail
    );
    assert_eq!(
        r.checks[0]
            .diff
            .as_ref()
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .line,
        101
    );
}

#[test]
fn a_syntax_error_points_at_its_token() {
    let lab = order_lines();
    let r = check(
        "x",
        &lab,
        "SELECT 1;\nINSERT INTO order_lines VALUES (:order_id, :sku, :qty) ON CONFLICT DO NOTHIN;",
    );
    let e = r.checks[0].diff.as_ref().unwrap().error.clone().unwrap();
    assert_eq!((e.line, e.col), (2, 71), "{e:?}");
    assert!(e.message.contains("syntax error"), "{e:?}");
}

fn signups() -> SqlLab {
    SqlLab {
        setup: "CREATE TABLE signups (id INTEGER PRIMARY KEY, email TEXT NOT NULL);".into(),
        state: "SELECT email, count(*) FROM signups GROUP BY email".into(),
        deliveries: vec![
            delivery(&[("email", t("ana@example.com"))]),
            delivery(&[("email", t("bo@example.com"))]),
        ],
        starter: "SELECT count(*) AS taken FROM signups WHERE email = :email;\n\
                  INSERT INTO signups (email) SELECT :email WHERE :taken = 0;"
            .into(),
        solution: "CREATE UNIQUE INDEX IF NOT EXISTS signups_email ON signups (email);\n\
                   INSERT INTO signups (email) VALUES (:email) ON CONFLICT (email) DO NOTHING;"
            .into(),
        checks: vec![SqlCheck::Once, SqlCheck::Retried, SqlCheck::Concurrent],
        concurrent: Concurrent {
            connections: 4,
            trials: 5,
        },
        errors: Errors::Forbidden,
    }
}

#[test]
fn check_then_insert_loses_the_race_and_an_upsert_wins_it() {
    let lab = signups();
    let r = check("x", &lab, &lab.starter.clone());
    assert_eq!(
        verdicts(&r),
        vec![
            ("once", Verdict::Pass),
            ("retried", Verdict::Pass),
            ("concurrent", Verdict::Fail)
        ],
        "{r:#?}"
    );
    assert_eq!(
        r.checks[2].detail,
        "trial 1, delivery 1 from 4 connections at once left (ana@example.com, 4) where the \
         solution's state has (ana@example.com, 1)"
    );
    let r = check("x", &lab, &lab.solution.clone());
    assert_eq!(r.verdict(), Verdict::Pass, "{r:#?}");
}

#[test]
fn a_constraint_alone_makes_the_losers_fail() {
    let lab = signups();
    let file = "CREATE UNIQUE INDEX IF NOT EXISTS signups_email ON signups (email);\n\
                SELECT count(*) AS taken FROM signups WHERE email = :email;\n\
                INSERT INTO signups (email) SELECT :email WHERE :taken = 0;";
    let r = check("x", &lab, file);
    let c = &r.checks[2];
    assert_eq!(c.verdict, Verdict::Fail);
    assert!(
        c.detail
            .contains("ended in an error at 3:1: UNIQUE constraint failed"),
        "{}",
        c.detail
    );
}

#[test]
fn vacuum_into_a_file_is_refused() {
    // Inside a run's transaction SQLite itself refuses VACUUM; the concurrent check runs
    // statements in autocommit, where only the fence stands in the way.
    let mut lab = order_lines();
    lab.checks = vec![SqlCheck::Once, SqlCheck::Concurrent];
    let r = check("x", &lab, "VACUUM INTO '/tmp/idemlab-vacuum-test2.db';");
    assert_eq!(r.checks[0].verdict, Verdict::Fail);
    assert_eq!(r.checks[1].verdict, Verdict::Fail);
    assert!(
        r.checks[1].detail.contains("VACUUM INTO are not"),
        "{}",
        r.checks[1].detail
    );
    assert!(!std::path::Path::new("/tmp/idemlab-vacuum-test2.db").exists());
}
