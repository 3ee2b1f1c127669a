//! Tests of the fold plan: what fits shows, travel folds before its cause, scrolling, and
//! that the row count kept while hiding agrees with a recount.

use super::{Line, plan, wanted};
use crate::sim::{Kind, Participant, TraceEvent};

/// `retry-without-key`'s shape: POST, arrive, process, charge, 201 leaves, lost, timeout,
/// wait, POST #2, arrive, process, charge, 201 leaves, arrives, done.
fn retry() -> Vec<TraceEvent> {
    use Kind::*;
    use Participant::{Client as C, Server as S};
    let steps = [
        (Send, C, S, 1),
        (Deliver, C, S, 1),
        (Process, S, S, 1),
        (Effect, S, S, 1),
        (Send, S, C, 1),
        (Drop, S, C, 1),
        (Timeout, C, C, 1),
        (Backoff, C, C, 1),
        (Send, C, S, 2),
        (Deliver, C, S, 2),
        (Process, S, S, 2),
        (Effect, S, S, 2),
        (Send, S, C, 2),
        (Deliver, S, C, 2),
        (Success, C, C, 2),
    ];
    steps
        .iter()
        .enumerate()
        .map(|(t, &(kind, from, to, a))| {
            let mut ev = TraceEvent::new(t as u64 * 10, kind, from, to);
            ev.attempt = Some(a);
            ev
        })
        .collect()
}

fn steps(lines: &[Line]) -> Vec<usize> {
    lines
        .iter()
        .filter_map(|l| match l {
            Line::Step { i, .. } => Some(*i),
            Line::Fold { .. } => None,
        })
        .collect()
}

const CAUSE: [usize; 5] = [3, 5, 6, 8, 11];

#[test]
fn everything_shows_when_it_fits() {
    let t = retry();
    let l = plan(&t, 14, 15, 0);
    assert_eq!(steps(&l), (0..15).collect::<Vec<_>>());
    assert_eq!(plan(&t, 4, 5, 0).len(), 5);
}

#[test]
fn travel_folds_before_the_cause_and_the_current_step_stays() {
    let t = retry();
    for rows in [6, 8, 10, 11, 12, 14] {
        let l = plan(&t, 14, rows, 0);
        assert!(l.len() <= rows, "{rows}: {l:?}");
        let s = steps(&l);
        for c in CAUSE.iter().chain(&[14]) {
            assert!(s.contains(c), "{rows} rows lose step {c}: {l:?}");
        }
    }
    // With room for lines of their own, the folds are lines, and none hides one row.
    let l = plan(&t, 14, wanted(&t, 14), 0);
    assert!(l.iter().any(|l| matches!(l, Line::Fold { .. })), "{l:?}");
    for line in &l {
        match *line {
            Line::Fold { first, last } => assert!(last > first, "{l:?}"),
            Line::Step { folded_above, .. } => assert_eq!(folded_above, 0, "{l:?}"),
        }
    }
    // Short of rows, a fold costs none and is marked on the row below.
    let l = plan(&t, 14, 6, 0);
    assert_eq!(steps(&l), [3, 5, 6, 8, 11, 14]);
    assert_eq!(
        l[0],
        Line::Step {
            i: 3,
            folded_above: 3
        }
    );
}

#[test]
fn with_fewer_rows_than_causes_the_newest_stay() {
    let t = retry();
    let l = plan(&t, 14, 3, 0);
    assert_eq!(steps(&l), [8, 11, 14]);
}

#[test]
fn scrolled_shows_consecutive_steps_and_what_is_below() {
    let t = retry();
    let l = plan(&t, 14, 6, 1);
    assert_eq!(steps(&l), [9, 10, 11, 12, 13]);
    assert_eq!(
        l[5],
        Line::Fold {
            first: 14,
            last: 14
        }
    );
    // Scrolled past the first step, the window starts at it.
    let l = plan(&t, 14, 6, 14);
    assert_eq!(steps(&l), [0, 1, 2, 3, 4]);
    assert_eq!(l[5], Line::Fold { first: 5, last: 14 });
}

/// The kept count agrees with counting afresh: for every mix of ranks and room, `hide`
/// stops at the first hidden set whose recount fits, as hiding one step at a time and
/// recounting each time would.
#[test]
fn hide_counts_as_a_recount_would() {
    use super::{Rank, RunCost, hide, shown, with_lines};
    let all = [
        Rank::Travel,
        Rank::Routine,
        Rank::Names,
        Rank::Causal,
        Rank::Current,
    ];
    let mut x: u32 = 7;
    for len in 1..40 {
        let ranks: Vec<Rank> = (0..len)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                all[(x >> 16) as usize % all.len()]
            })
            .collect();
        for rows in 0..=len {
            for (cost, count) in [
                (RunCost::Line, with_lines as fn(&[bool]) -> usize),
                (RunCost::Free, shown),
            ] {
                // The slow way: hide in the same order, recount every time.
                let mut naive = vec![false; len];
                let mut want = (count(&naive) <= rows).then(|| naive.clone());
                'ranks: for rank in [Rank::Travel, Rank::Routine, Rank::Names, Rank::Causal] {
                    for i in 0..len {
                        if want.is_some() {
                            break 'ranks;
                        }
                        if ranks[i] == rank {
                            naive[i] = true;
                            if count(&naive) <= rows {
                                want = Some(naive.clone());
                            }
                        }
                    }
                }
                assert_eq!(
                    hide(&ranks, rows, cost, Rank::Causal),
                    want,
                    "{ranks:?} in {rows}"
                );
            }
        }
    }
}
