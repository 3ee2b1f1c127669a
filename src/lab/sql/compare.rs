//! Comparing two states as multisets of rows, and saying the difference in words: "added a
//! second row (o-7, A1, 2)", "left (o-7, A1, 4) where the solution has (o-7, A1, 2)".

use std::collections::BTreeMap;

use super::exec::{Row, State};
use crate::lab::verdict::Difference;

/// Rows only `learner` has and rows only `expected` has (as many times as the count differs),
/// or `None` when the two are the same multiset.
#[must_use]
pub fn diff(learner: &State, expected: &State) -> Option<(Vec<Row>, Vec<Row>)> {
    let mut counts: BTreeMap<&Row, i64> = BTreeMap::new();
    for r in &learner.rows {
        *counts.entry(r).or_default() += 1;
    }
    for r in &expected.rows {
        *counts.entry(r).or_default() -= 1;
    }
    let mut extra = Vec::new();
    let mut missing = Vec::new();
    for (row, n) in counts {
        for _ in 0..n.unsigned_abs() {
            if n > 0 {
                extra.push(row.clone());
            } else {
                missing.push(row.clone());
            }
        }
    }
    if extra.is_empty() && missing.is_empty() {
        None
    } else {
        Some((extra, missing))
    }
}

fn shown(row: &Row) -> Vec<String> {
    row.iter().map(|c| c.shown.clone()).collect()
}

fn tuple(row: &[String]) -> String {
    format!("({})", row.join(", "))
}

/// The difference as data, and in words after `what` ("delivery 1, run 2").
#[must_use]
pub fn describe(
    what: &str,
    learner: &State,
    extra: &[Row],
    missing: &[Row],
) -> (String, Difference) {
    let d = Difference {
        columns: learner.columns.clone(),
        extra: extra.iter().map(shown).collect(),
        missing: missing.iter().map(shown).collect(),
        ..Difference::default()
    };
    let more = |n: usize| {
        if n > 1 {
            format!(" (and {} more)", n - 1)
        } else {
            String::new()
        }
    };
    let words = match (d.extra.first(), d.missing.first()) {
        (Some(e), None) => {
            let copies = learner.rows.iter().filter(|r| shown(r) == *e).count();
            if copies > 1 {
                format!(
                    "{what} added {} row {}{}",
                    crate::text::an_ordinal(copies as u64),
                    tuple(e),
                    more(d.extra.len())
                )
            } else {
                format!(
                    "{what} left a row the solution's state has not: {}{}",
                    tuple(e),
                    more(d.extra.len())
                )
            }
        }
        (None, Some(m)) => format!(
            "{what} left out a row the solution's state has: {}{}",
            tuple(m),
            more(d.missing.len())
        ),
        (Some(e), Some(m)) => format!(
            "{what} left {} where the solution's state has {}{}",
            tuple(e),
            tuple(m),
            more(d.extra.len().max(d.missing.len()))
        ),
        (None, None) => format!("{what} left the same state as the solution"),
    };
    (words, d)
}
