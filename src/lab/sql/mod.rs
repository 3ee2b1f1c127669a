//! Kind `sql`: the learner's file against a real embedded SQLite, judged by database states
//! (labs.md). Each check builds fresh databases from `setup`, runs the learner's file and the
//! reference solution side by side on the same schedule of deliveries, and compares the
//! `state` query's rows after every run, so a failure names the first delivery and run where
//! the two parted.

mod compare;
mod concurrent;
pub mod exec;
pub mod guard;
pub mod split;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use exec::{Program, RunError, State};
use guard::Shared;

use crate::lab::schema::{Errors, SqlCheck, SqlLab};
use crate::lab::verdict::{CheckOutcome, Difference, Report, SqlError};

/// How often `retried` runs each delivery in a row.
pub const RETRIES: usize = 3;

/// What every check needs: the lab, both programs, the seed of `reordered`, and the state the
/// solution leaves after each delivery run once (the "once state" and its prefixes).
struct Ctx<'a> {
    lab: &'a SqlLab,
    learner: Program<'a>,
    solution: Program<'a>,
    seed: u64,
    once: Vec<State>,
}

/// The seed of a lab's `reordered` check: a pure function of its id.
#[must_use]
pub fn seed_of(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Runs every check of `lab` (id `id`) on `file`.
#[must_use]
pub fn check(id: &str, lab: &SqlLab, file: &str) -> Report {
    let all = |o: &dyn Fn(&str) -> CheckOutcome| Report {
        checks: lab.checks.iter().map(|c| o(c.id())).collect(),
    };
    let learner = match Program::new(file) {
        Ok(p) => p,
        Err(e) => {
            let detail = format!("your file, {}:{}: {}", e.line, e.col, e.message);
            return all(&|c| {
                CheckOutcome::fail(
                    c,
                    detail.clone(),
                    Some(Difference {
                        error: Some(e.clone()),
                        ..Difference::default()
                    }),
                )
            });
        }
    };
    let solution = match Program::new(&lab.solution) {
        Ok(p) => p,
        Err(e) => return all(&|c| CheckOutcome::unknown(c, lab_broken("solution", &e))),
    };
    let mut ctx = Ctx {
        lab,
        learner,
        solution,
        seed: seed_of(id),
        once: Vec::new(),
    };
    match once_states(&ctx) {
        Ok(s) => ctx.once = s,
        Err(why) => {
            let why = why.to_string();
            return all(&|c| CheckOutcome::unknown(c, why.clone()));
        }
    }
    let mut checks = Vec::new();
    let mut stopped = false;
    for c in &lab.checks {
        if stopped {
            checks.push(CheckOutcome::unknown(
                c.id(),
                "not run: an earlier check was stopped after 2 s",
            ));
            continue;
        }
        let o = run_check(&ctx, *c);
        stopped = o.detail.contains("stopped after 2 s");
        checks.push(o);
    }
    Report { checks }
}

fn lab_broken(what: &str, e: &SqlError) -> String {
    format!(
        "the lab's {what} failed, not your SQL ({}:{}: {})",
        e.line, e.col, e.message
    )
}

fn why_broken(what: &str, e: &RunError) -> String {
    match e {
        RunError::Sql(e) => lab_broken(what, e),
        RunError::Stopped => format!("the lab's {what} was stopped after 2 s"),
        RunError::Busy(m) => format!("the database stayed locked ({m}); check again"),
    }
}

/// Why a check never reached the learner's SQL: SQLite would not open, or the lab's own
/// setup, solution or state query failed. Not the learner's fault: the check is unknown.
#[derive(Debug, thiserror::Error)]
enum Broken {
    #[error("could not open SQLite: {0}")]
    Open(rusqlite::Error),
    #[error("{}", why_broken(.what, .error))]
    Lab { what: &'static str, error: RunError },
}

impl Broken {
    fn lab(what: &'static str) -> impl FnOnce(RunError) -> Broken {
        move |error| Broken::Lab { what, error }
    }
}

/// A fresh fenced database with the lab's `setup` run.
fn fresh(lab: &SqlLab) -> Result<(Connection, Shared), Broken> {
    let (conn, fence) = guard::memory().map_err(Broken::Open)?;
    exec::batch(&conn, &fence, &lab.setup).map_err(Broken::lab("setup"))?;
    Ok((conn, fence))
}

/// The solution's state after each delivery, run once in order.
fn once_states(ctx: &Ctx<'_>) -> Result<Vec<State>, Broken> {
    let (conn, fence) = fresh(ctx.lab)?;
    let mut out = Vec::with_capacity(ctx.lab.deliveries.len());
    for d in &ctx.lab.deliveries {
        if let Err(e) = exec::run(&conn, &fence, &ctx.solution, d)
            && !(ctx.lab.errors == Errors::Allowed && matches!(e, RunError::Sql(_)))
        {
            return Err(Broken::lab("solution")(e));
        }
        out.push(exec::state(&conn, &fence, &ctx.lab.state).map_err(Broken::lab("state query"))?);
    }
    Ok(out)
}

/// The deliveries (0-based) and runs (1-based) a sequential check makes, in order.
fn schedule(check: SqlCheck, n: usize, seed: u64) -> Vec<(usize, usize)> {
    match check {
        SqlCheck::Once | SqlCheck::Concurrent => (0..n).map(|d| (d, 1)).collect(),
        SqlCheck::Retried => (0..n)
            .flat_map(|d| (1..=RETRIES).map(move |r| (d, r)))
            .collect(),
        SqlCheck::Redelivered => (1..=2).flat_map(|r| (0..n).map(move |d| (d, r))).collect(),
        SqlCheck::Reordered => {
            let mut order: Vec<usize> = (0..n).chain(0..n).collect();
            order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
            let mut seen = vec![0; n];
            order
                .into_iter()
                .map(|d| {
                    seen[d] += 1;
                    (d, seen[d])
                })
                .collect()
        }
    }
}

fn run_check(ctx: &Ctx<'_>, check: SqlCheck) -> CheckOutcome {
    if check == SqlCheck::Concurrent {
        return concurrent::check(ctx);
    }
    let id = check.id();
    let lab = ctx.lab;
    let steps = schedule(check, lab.deliveries.len(), ctx.seed);
    let ((lc, lf), (sc, sf)) = match (fresh(lab), fresh(lab)) {
        (Ok(l), Ok(s)) => (l, s),
        (Err(why), _) | (_, Err(why)) => return CheckOutcome::unknown(id, why.to_string()),
    };
    let mut first: Option<(String, Difference)> = None;
    let mut first_error: Option<(String, SqlError)> = None;
    let mut learner_state = None;
    for &(d, r) in &steps {
        let what = format!("delivery {}, run {r}", d + 1);
        let delivery = &lab.deliveries[d];
        match exec::run(&lc, &lf, &ctx.learner, delivery) {
            Ok(()) => {}
            Err(RunError::Stopped) => {
                return CheckOutcome::fail(
                    id,
                    format!(
                        "{what} was stopped after 2 s: a query that does not end (WITH RECURSIVE \
                         without a limit, a cartesian product)"
                    ),
                    Some(located(d, r, Difference::default())),
                );
            }
            Err(RunError::Busy(m)) => {
                return CheckOutcome::unknown(id, format!("the database stayed locked ({m})"));
            }
            Err(RunError::Sql(e)) => {
                if lab.errors == Errors::Forbidden {
                    return CheckOutcome::fail(
                        id,
                        format!(
                            "{what} ended in an error at {}:{}: {} (errors: forbidden, so the \
                             caller sees a failure for work that was done)",
                            e.line, e.col, e.message
                        ),
                        Some(located(
                            d,
                            r,
                            Difference {
                                error: Some(e),
                                ..Difference::default()
                            },
                        )),
                    );
                }
                first_error.get_or_insert((what.clone(), e));
            }
        }
        if let Err(e) = exec::run(&sc, &sf, &ctx.solution, delivery)
            && !(lab.errors == Errors::Allowed && matches!(e, RunError::Sql(_)))
        {
            return CheckOutcome::unknown(id, why_broken("solution", &e));
        }
        let ls = match exec::state(&lc, &lf, &lab.state) {
            Ok(s) => s,
            Err(RunError::Sql(e)) => {
                return CheckOutcome::fail(
                    id,
                    format!(
                        "after {what} the state query failed on your database: {}",
                        e.message
                    ),
                    None,
                );
            }
            Err(e) => return CheckOutcome::unknown(id, why_broken("state query", &e)),
        };
        let ss = match exec::state(&sc, &sf, &lab.state) {
            Ok(s) => s,
            Err(e) => return CheckOutcome::unknown(id, why_broken("state query", &e)),
        };
        if first.is_none()
            && let Some((extra, missing)) = compare::diff(&ls, &ss)
        {
            let (words, diff) = compare::describe(&what, &ls, &extra, &missing);
            first = Some((words, located(d, r, diff)));
        }
        learner_state = Some((ls, ss));
    }
    let Some((ls, ss)) = learner_state else {
        return CheckOutcome::unknown(id, "the lab has no deliveries");
    };
    // once and reordered: the solution's state for the same order; retried and redelivered:
    // the once state (the same thing for a solution that passes, which `check` makes sure of).
    let expected = match check {
        SqlCheck::Retried | SqlCheck::Redelivered => ctx.once.last().unwrap_or(&ss),
        _ => &ss,
    };
    if compare::diff(&ls, expected).is_none() {
        return CheckOutcome::pass(id);
    }
    let (mut words, mut diff) = first.unwrap_or_else(|| {
        let (extra, missing) = compare::diff(&ls, expected).unwrap_or_default();
        compare::describe("the last run", &ls, &extra, &missing)
    });
    if let Some((what, e)) = first_error {
        words.push_str(&format!(
            "; {what} ended in an error at {}:{}: {}",
            e.line, e.col, e.message
        ));
        diff.error = Some(e);
    }
    CheckOutcome::fail(id, words, Some(diff))
}

fn located(d: usize, r: usize, diff: Difference) -> Difference {
    Difference {
        delivery: Some(d + 1),
        run: Some(r),
        ..diff
    }
}

#[cfg(test)]
mod tests;
