//! Loading labs: `assets/labs/<id>.yaml` becomes a [`Lab`] (the checker's input type,
//! re-exported from `crate::lab`), every field is checked at its line, and then the lab is
//! **run**: its solution must pass every check and its starter must fail at least one, so no
//! bundled lab is unsolvable or solved already (labs.md).

use std::collections::HashSet;

use super::diag::Diagnostic;
use super::yaml::YamlDoc;
pub use crate::lab::schema::*;
use crate::lab::{self, Verdict};
use crate::text::{is_kebab_case, sanitize};

/// Bounds of the `concurrent` knob: enough to race, few enough to stay fast.
const CONNECTIONS: std::ops::RangeInclusive<u32> = 2..=16;
const TRIALS: std::ops::RangeInclusive<u32> = 1..=100;

/// Parses and validates one lab file. The lab is returned whenever its fields parse, so links
/// to it still resolve; the bool says whether its fields were all valid (only such a lab is
/// run: a wrong field would only add confusing check failures).
pub fn parse(doc: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Option<(Lab, bool)> {
    let mut l: Lab = match doc.deserialize("", doc.value()) {
        Ok(l) => l,
        Err(d) => {
            errors.push(d);
            return None;
        }
    };
    let before = errors.len();
    validate(doc, &l, errors);
    let valid = errors.len() == before;
    l.title = sanitize(&l.title).into_owned();
    l.summary = sanitize(&l.summary).into_owned();
    Some((l, valid))
}

fn validate(doc: &YamlDoc, l: &Lab, errors: &mut Vec<Diagnostic>) {
    let mut err = |path: &str, msg: String| errors.push(doc.error_at(path, msg));
    if !is_kebab_case(&l.lab) {
        err(
            "lab",
            format!(
                "lab id `{}` is not kebab-case: expected e.g. `record-order-line-once`",
                l.lab
            ),
        );
    }
    for (field, v) in [
        ("title", &l.title),
        ("summary", &l.summary),
        ("task", &l.task),
    ] {
        if v.trim().is_empty() {
            err(field, format!("{field} is empty"));
        }
    }
    if l.hints.is_empty() {
        err(
            "hints",
            "a lab needs at least one hint: expected a list of Markdown texts".into(),
        );
    }
    for (i, h) in l.hints.iter().enumerate() {
        if h.trim().is_empty() {
            err(&format!("hints[{i}]"), "hint is empty".into());
        }
    }
    let blocks = [
        (Kind::Sql, l.sql.is_some()),
        (Kind::HttpClient, l.http_client.is_some()),
        (Kind::HttpServer, l.http_server.is_some()),
    ];
    for (kind, present) in blocks {
        if kind == l.kind && !present {
            errors.push(doc.error_at(
                "kind",
                format!(
                    "a lab of kind `{}` needs a `{}:` block",
                    kind.name(),
                    kind.block()
                ),
            ));
        } else if kind != l.kind && present {
            errors.push(doc.error_at_key(
                kind.block(),
                format!(
                    "`{}:` belongs to kind `{}`, but this lab is of kind `{}`",
                    kind.block(),
                    kind.name(),
                    l.kind.name()
                ),
            ));
        }
    }
    if let Some(s) = &l.sql {
        validate_sql(doc, s, errors);
    }
}

fn validate_sql(doc: &YamlDoc, s: &SqlLab, errors: &mut Vec<Diagnostic>) {
    let mut err = |path: &str, msg: String| errors.push(doc.error_at(path, msg));
    for (field, v) in [
        ("setup", &s.setup),
        ("state", &s.state),
        ("starter", &s.starter),
        ("solution", &s.solution),
    ] {
        if v.trim().is_empty() {
            err(&format!("sql.{field}"), format!("{field} is empty"));
        }
    }
    if s.deliveries.is_empty() {
        err(
            "sql.deliveries",
            "a lab needs at least one delivery: expected a list of parameter maps".into(),
        );
    }
    if s.checks.is_empty() {
        err(
            "sql.checks",
            "a lab needs at least one check: expected some of once, retried, redelivered, \
             reordered, concurrent"
                .into(),
        );
    }
    let mut seen = HashSet::new();
    for (i, c) in s.checks.iter().enumerate() {
        if !seen.insert(c) {
            err(
                &format!("sql.checks[{i}]"),
                format!("check `{}` is listed twice", c.id()),
            );
        }
    }
    let has_concurrent = s.checks.contains(&SqlCheck::Concurrent);
    if let Some(map) = doc.value().get("sql").and_then(|v| v.as_mapping())
        && map.contains_key("concurrent")
        && !has_concurrent
    {
        err(
            "sql.concurrent",
            "`concurrent:` sets the concurrent check, which `checks` does not list".into(),
        );
    }
    if !CONNECTIONS.contains(&s.concurrent.connections) {
        err(
            "sql.concurrent.connections",
            format!(
                "connections {} is out of bounds: expected {} to {}",
                s.concurrent.connections,
                CONNECTIONS.start(),
                CONNECTIONS.end()
            ),
        );
    }
    if !TRIALS.contains(&s.concurrent.trials) {
        err(
            "sql.concurrent.trials",
            format!(
                "trials {} is out of bounds: expected {} to {}",
                s.concurrent.trials,
                TRIALS.start(),
                TRIALS.end()
            ),
        );
    }
}

/// What running a lab on its own solution and starter gave: the checks are run first, on
/// every core at once ([`run_all`]), and reported at the lab's lines afterwards, in file order.
pub struct Ran {
    solution: Result<lab::Report, lab::LabError>,
    starter: Result<lab::Report, lab::LabError>,
}

/// Runs every lab's solution and starter, several labs at a time. Most of a lab's time is
/// waiting (a learner's server starting, a `Retry-After`, a client's timeout), so the labs
/// overlap well even on two cores; the results come back in the order of `labs`, whatever
/// finished first, so the diagnostics do not depend on the timing.
pub fn run_all(labs: &[&Lab]) -> Vec<Ran> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    const AT_ONCE: usize = 4;
    // Two jobs a lab, its solution (even) and its starter (odd), so one slow lab's two runs
    // overlap too.
    let jobs = labs.len() * 2;
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<lab::Report, lab::LabError>>>> =
        (0..jobs).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE.min(jobs) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= jobs {
                        break;
                    }
                    let l = labs[i / 2];
                    let file = if i.is_multiple_of(2) {
                        l.solution()
                    } else {
                        l.starter()
                    };
                    let r = lab::check(l, file);
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                }
            });
        }
    });
    let mut results = slots.into_iter().map(|m| {
        m.into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .expect("every job ran")
    });
    let mut ran = Vec::with_capacity(labs.len());
    while let (Some(solution), Some(starter)) = (results.next(), results.next()) {
        ran.push(Ran { solution, starter });
    }
    ran
}

/// Reports what running the lab gave, at its `solution:` / `starter:` lines.
pub fn report(doc: &YamlDoc, l: &Lab, ran: Ran, errors: &mut Vec<Diagnostic>) {
    let block = l.kind.block();
    let solution = match ran.solution {
        Ok(r) => r,
        Err(why) => {
            errors.push(doc.error_at("kind", why.to_string()));
            return;
        }
    };
    for c in solution
        .checks
        .iter()
        .filter(|c| c.verdict != Verdict::Pass)
    {
        errors.push(doc.error_at(
            &format!("{block}.solution"),
            format!(
                "lab `{}`: the solution does not pass check `{}` ({}): {}",
                l.lab,
                c.id,
                c.verdict.as_str(),
                c.detail
            ),
        ));
    }
    if let Ok(starter) = ran.starter
        && starter.verdict() == Verdict::Pass
    {
        errors.push(doc.error_at(
            &format!("{block}.starter"),
            format!(
                "lab `{}`: the starter already passes every check ({}): it must fail at least one",
                l.lab,
                l.check_ids().join(", ")
            ),
        ));
    }
}
