//! The `concurrent` check: the same delivery from several connections at the same moment.
//!
//! Real threads, one connection each, on one shared in-memory database (SQLite's `memdb` VFS:
//! real file locking between connections, no file on disk). The connections step through the
//! file together, a barrier before each statement, and each statement commits on its own
//! (autocommit), the way an application that sends a query, reads the answer and then sends
//! the next one behaves. Inside one `BEGIN IMMEDIATE` per run SQLite would serialise the runs
//! and no race could ever show; between statements it can, so a check-then-insert pair loses
//! it every time while a constraint or an upsert wins. A connection that finds the database
//! locked waits (bounded); a wait that runs out is "unknown", never the learner's error.

use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rusqlite::Connection;

use super::exec::{self, Program, RunError};
use super::guard::{self, Shared};
use super::{Broken, Ctx, compare, why_broken};
use crate::lab::schema::{Errors, SqlCheck};
use crate::lab::verdict::{CheckOutcome, Difference, SqlError};

/// How long a statement waits for another connection's lock before the trial is unknown.
const BUSY_WAIT: Duration = Duration::from_secs(2);

static NEXT_DB: AtomicU64 = AtomicU64::new(0);

fn open(name: &str, n: u32) -> Result<Vec<(Connection, Shared)>, Broken> {
    (0..n)
        .map(|_| guard::shared_memory(name, BUSY_WAIT).map_err(Broken::Open))
        .collect()
}

/// What one connection's run of a delivery ended in.
enum End {
    Done,
    Failed(RunError),
}

pub(super) fn check(ctx: &Ctx<'_>) -> CheckOutcome {
    let id = SqlCheck::Concurrent.id();
    let lab = ctx.lab;
    let n = lab.concurrent.connections.max(1);
    for t in 1..=lab.concurrent.trials.max(1) {
        let name = format!(
            "/idemlab-lab-{}-{}",
            std::process::id(),
            NEXT_DB.fetch_add(1, Ordering::Relaxed)
        );
        let mut conns = match open(&name, n) {
            Ok(c) => c,
            Err(why) => return CheckOutcome::unknown(id, why.to_string()),
        };
        if let Err(e) = exec::batch(&conns[0].0, &conns[0].1, &lab.setup) {
            return CheckOutcome::unknown(id, why_broken("setup", &e));
        }
        for (d, delivery) in lab.deliveries.iter().enumerate() {
            let what = format!("trial {t}, delivery {} from {n} connections at once", d + 1);
            let ends = race(&ctx.learner, &mut conns, delivery);
            for (k, end) in ends.into_iter().enumerate() {
                match end {
                    End::Done => {}
                    End::Failed(RunError::Busy(m)) => {
                        return CheckOutcome::unknown(
                            id,
                            format!(
                                "{what}: the database stayed locked for {} s ({m}); not your \
                                 SQL's fault, check again",
                                BUSY_WAIT.as_secs()
                            ),
                        );
                    }
                    End::Failed(RunError::Stopped) => {
                        return CheckOutcome::fail(
                            id,
                            format!("{what}: connection {} was stopped after 2 s", k + 1),
                            None,
                        );
                    }
                    End::Failed(RunError::Sql(e)) if lab.errors == Errors::Forbidden => {
                        return fail_error(id, &what, k, d, e);
                    }
                    End::Failed(RunError::Sql(_)) => {}
                }
            }
            let ls = match exec::state(&conns[0].0, &conns[0].1, &lab.state) {
                Ok(s) => s,
                Err(e) => {
                    return CheckOutcome::fail(
                        id,
                        format!("{what}: the state query failed on your database: {e:?}"),
                        None,
                    );
                }
            };
            let expected = &ctx.once[d];
            if let Some((extra, missing)) = compare::diff(&ls, expected) {
                let (words, diff) = compare::describe(&what, &ls, &extra, &missing);
                return CheckOutcome::fail(
                    id,
                    words,
                    Some(Difference {
                        delivery: Some(d + 1),
                        run: Some(t as usize),
                        ..diff
                    }),
                );
            }
        }
    }
    CheckOutcome::pass(id)
}

fn fail_error(id: &str, what: &str, k: usize, d: usize, e: SqlError) -> CheckOutcome {
    CheckOutcome::fail(
        id,
        format!(
            "{what}: connection {} ended in an error at {}:{}: {} (errors: forbidden, so that \
             caller sees a failure for work that was done)",
            k + 1,
            e.line,
            e.col,
            e.message
        ),
        Some(Difference {
            delivery: Some(d + 1),
            error: Some(e),
            ..Difference::default()
        }),
    )
}

/// Every connection runs `prog` for `delivery` at once, in step: all wait at a barrier before
/// each statement. A connection whose statement failed keeps meeting the barriers.
fn race(
    prog: &Program<'_>,
    conns: &mut [(Connection, Shared)],
    delivery: &crate::lab::schema::Delivery,
) -> Vec<End> {
    let barrier = Barrier::new(conns.len());
    std::thread::scope(|s| {
        let handles: Vec<_> = conns
            .iter_mut()
            .map(|(conn, fence)| {
                let barrier = &barrier;
                s.spawn(move || {
                    let mut params = exec::params_of(delivery);
                    let mut end = End::Done;
                    for i in 0..prog.pieces.len() {
                        barrier.wait();
                        if matches!(end, End::Done) {
                            guard::arm(fence, true);
                            let r = exec::statement(conn, fence, prog, i, &mut params);
                            guard::disarm(fence);
                            if let Err(e) = r {
                                end = End::Failed(e);
                            }
                        }
                    }
                    end
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    End::Failed(RunError::Busy("a checker thread panicked".into()))
                })
            })
            .collect()
    })
}
