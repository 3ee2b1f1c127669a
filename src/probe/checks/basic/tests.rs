//! Tests of the sequential checks' judges on recorded exchanges: replay, mismatch, a
//! missing ledger, no answer, and the other sequential checks.

use super::*;
use crate::probe::check::Verdict;
use crate::probe::checks::fixtures::{answered, charge, silent, with};

fn rec(before: Ledger, sent: Vec<Exchange>, after: Ledger) -> Record {
    Record {
        before,
        sent,
        after,
        reads: vec![],
    }
}

#[test]
fn replay_passes_only_with_the_same_answer_and_one_effect() {
    let same = || vec![charge(0, "ch_1"), charge(1, "ch_1")];
    let o = judge(CheckId::Replay, &rec(Ok(3), same(), Ok(4)));
    assert_eq!(o.verdict, Verdict::Pass, "{}", o.reason);
    let o = judge(CheckId::Replay, &rec(Ok(3), same(), Ok(5)));
    assert_eq!(o.verdict, Verdict::Fail);
    assert!(o.reason.contains("ledger +2"), "{}", o.reason);
    let o = judge(
        CheckId::Replay,
        &rec(Ok(3), vec![charge(0, "ch_1"), charge(1, "ch_2")], Ok(5)),
    );
    assert_eq!(o.verdict, Verdict::Fail);
    assert!(
        o.reason.contains("ch_2") && o.reason.contains("ch_1"),
        "{}",
        o.reason
    );
    let o = judge(
        CheckId::Replay,
        &rec(
            Ok(0),
            vec![
                charge(0, "ch_1"),
                with(charge(1, "ch_1"), |r| r.status = 200),
            ],
            Ok(1),
        ),
    );
    assert_eq!(o.reason, "replay answered 200, original 201");
}

#[test]
fn without_a_ledger_replay_is_unknown_never_pass() {
    let none: Ledger = Err(LedgerError::NoLedger);
    let o = judge(
        CheckId::Replay,
        &rec(
            none.clone(),
            vec![charge(0, "a"), charge(1, "a")],
            none.clone(),
        ),
    );
    assert_eq!(o.verdict, Verdict::Unknown);
    // A different body is a failure all the same: the answers show it.
    let o = judge(
        CheckId::Replay,
        &rec(none.clone(), vec![charge(0, "a"), charge(1, "b")], none),
    );
    assert_eq!(o.verdict, Verdict::Fail);
}

#[test]
fn no_answer_is_unknown_not_a_failure() {
    let o = judge(
        CheckId::Replay,
        &rec(Ok(0), vec![charge(0, "a"), silent(1)], Ok(1)),
    );
    assert_eq!(o.verdict, Verdict::Unknown);
    assert!(o.reason.contains("may have happened"), "{}", o.reason);
    let o = judge(CheckId::First, &rec(Ok(0), vec![silent(0)], Ok(0)));
    assert_eq!(o.verdict, Verdict::Unknown);
}

#[test]
fn mismatch_wants_422_and_no_second_effect() {
    let o = judge(
        CheckId::Mismatch,
        &rec(Ok(0), vec![charge(0, "a"), answered(1, 422, "{}")], Ok(1)),
    );
    assert_eq!(o.verdict, Verdict::Pass, "{}", o.reason);
    let o = judge(
        CheckId::Mismatch,
        &rec(Ok(0), vec![charge(0, "a"), answered(1, 422, "{}")], Ok(2)),
    );
    assert_eq!(o.verdict, Verdict::Fail);
    let o = judge(
        CheckId::Mismatch,
        &rec(Ok(0), vec![charge(0, "a"), charge(1, "b")], Ok(2)),
    );
    assert!(o.reason.contains("was processed"), "{}", o.reason);
    let o = judge(
        CheckId::Mismatch,
        &rec(Ok(0), vec![charge(0, "a"), charge(1, "a")], Ok(1)),
    );
    assert!(o.reason.contains("original's answer"), "{}", o.reason);
}

#[test]
fn the_other_sequential_judges() {
    let o = judge(
        CheckId::ReplayError,
        &rec(
            Ok(0),
            vec![answered(0, 400, "x"), answered(1, 400, "y")],
            Ok(0),
        ),
    );
    assert_eq!(o.verdict, Verdict::Pass);
    let o = judge(
        CheckId::ReplayError,
        &rec(Ok(0), vec![answered(0, 400, "x"), charge(1, "a")], Ok(0)),
    );
    assert_eq!(o.verdict, Verdict::Fail);
    let o = judge(
        CheckId::ReplayError,
        &rec(Ok(0), vec![charge(0, "a"), charge(1, "a")], Ok(0)),
    );
    assert_eq!(o.verdict, Verdict::Unknown);
    let o = judge(
        CheckId::MissingKey,
        &rec(Ok(0), vec![charge(0, "a")], Ok(0)),
    );
    assert_eq!(o.verdict, Verdict::Fail);
    let o = judge(
        CheckId::MissingKey,
        &rec(Ok(0), vec![answered(0, 400, "")], Ok(0)),
    );
    assert_eq!(o.verdict, Verdict::Pass);
    let o = judge(
        CheckId::DistinctKeys,
        &rec(Ok(0), vec![charge(0, "a"), charge(1, "b")], Ok(2)),
    );
    assert_eq!(o.verdict, Verdict::Pass);
    let o = judge(
        CheckId::DistinctKeys,
        &rec(Ok(0), vec![charge(0, "a"), charge(1, "a")], Ok(1)),
    );
    assert_eq!(o.verdict, Verdict::Fail);
    let replayed = with(charge(1, "a"), |r| r.replayed = Some("true".into()));
    let o = judge(
        CheckId::ReplayHeader,
        &rec(Ok(0), vec![charge(0, "a"), replayed], Ok(0)),
    );
    assert_eq!(o.verdict, Verdict::Pass);
    let o = judge(
        CheckId::ReplayHeader,
        &rec(Ok(0), vec![charge(0, "a"), charge(1, "a")], Ok(0)),
    );
    assert_eq!(o.verdict, Verdict::Fail);
    let keeps = vec![charge(0, "a"), answered(1, 422, "{}"), charge(2, "a")];
    assert_eq!(
        judge(CheckId::MismatchKeepsOriginal, &rec(Ok(0), keeps, Ok(0))).verdict,
        Verdict::Pass
    );
    let lost = vec![charge(0, "a"), charge(1, "b"), charge(2, "b")];
    assert_eq!(
        judge(CheckId::MismatchKeepsOriginal, &rec(Ok(0), lost, Ok(0))).verdict,
        Verdict::Fail
    );
}
