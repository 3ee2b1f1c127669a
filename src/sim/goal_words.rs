//! The sentences of a goal, the same in the player, `run --goal` and its JSON: `○ goal: …`
//! before judging, `✓ goal reached: 1,000 of 1,000 runs charged the card at most once`, or
//! `✗ 312 of 1,000 runs charged the card more than once — first at seed 19`. Conditions are
//! said in plain words per counter ("charged the card", "lost 1 message"), never by the
//! counter's internal name.

use super::goal::{Goal, Judgement};
use super::scenario::Expect;

/// How a counter is said.
#[derive(Clone, Copy)]
enum Say {
    /// A thing that happened a number of times: `charged the card twice`.
    Times(&'static str),
    /// A number of things: `verb`, one, many: `lost 1 message`.
    Count(&'static str, &'static str, &'static str),
    /// A final value: `ended with a balance of 100`.
    Value(&'static str),
    /// 1 or 0: what 1 means, what 0 means.
    Flag(&'static str, &'static str),
}

fn say(counter: &str) -> Say {
    match counter {
        "charges" => Say::Times("charged the card"),
        "balance" => Say::Value("ended with a balance of"),
        "attempts" => Say::Count("sent", "request", "requests"),
        "replays" => Say::Count(
            "answered",
            "retry from the key store",
            "retries from the key store",
        ),
        "conflicts" => Say::Count("got", "409 (still in progress)", "409s (still in progress)"),
        "mismatches" => Say::Count("got", "422 (other payload)", "422s (other payload)"),
        "succeeded" => Say::Flag(
            "told the client it worked",
            "left the client without an answer that it worked",
        ),
        "published" => Say::Count("published", "message", "messages"),
        "deliveries" => Say::Count("made", "delivery", "deliveries"),
        "effects" => Say::Times("ran the side effect"),
        "skipped" => Say::Count("skipped", "duplicate", "duplicates"),
        "lost" => Say::Count("lost", "message", "messages"),
        "rows" => Say::Count("left", "row", "rows"),
        "value" => Say::Value("ended with n ="),
        "constraint_errors" => Say::Count("hit", "unique violation", "unique violations"),
        _ => Say::Value("ended with a count of"),
    }
}

/// `1,000`.
#[must_use]
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn times(n: i64) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

fn things(n: i64, one: &str, many: &str) -> String {
    match n {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// What a run with `v` did, in words: `charged the card twice`.
fn actual(counter: &str, v: i64) -> String {
    match say(counter) {
        Say::Times(verb) if v == 0 => format!("never {verb}"),
        Say::Times(verb) => format!("{verb} {}", times(v)),
        Say::Count(verb, one, many) => format!("{verb} {}", things(v, one, many)),
        Say::Value(prefix) => format!("{prefix} {v}"),
        Say::Flag(yes, no) => (if v >= 1 { yes } else { no }).to_owned(),
    }
}

/// What meeting the condition means: `charged the card at most once`.
fn held(counter: &str, e: Expect) -> String {
    let (lo, hi) = match e {
        Expect::Exact(v) => (Some(v), Some(v)),
        Expect::Range { min, max } => (min, max),
    };
    match (say(counter), lo, hi) {
        (Say::Flag(..), _, _) => actual(counter, i64::from(lo.unwrap_or(0) >= 1)),
        (_, Some(a), Some(b)) if a == b => match say(counter) {
            Say::Times(verb) if a > 0 => format!("{verb} exactly {}", times(a)),
            _ => actual(counter, a),
        },
        (Say::Times(verb), _, Some(0)) => format!("never {verb}"),
        (Say::Times(verb), None, Some(b)) => format!("{verb} at most {}", times(b)),
        (Say::Times(verb), Some(a), None) => format!("{verb} at least {}", times(a)),
        (Say::Times(verb), Some(a), Some(b)) => format!("{verb} {a} to {b} times"),
        (Say::Count(verb, _, many), _, Some(0)) => format!("{verb} no {many}"),
        (Say::Count(verb, one, many), None, Some(b)) => {
            format!("{verb} at most {}", things(b, one, many))
        }
        (Say::Count(verb, one, many), Some(a), None) => {
            format!("{verb} at least {}", things(a, one, many))
        }
        (Say::Count(verb, _, many), Some(a), Some(b)) => format!("{verb} {a} to {b} {many}"),
        (Say::Value(p), None, Some(b)) => format!("{p} at most {b}"),
        (Say::Value(p), Some(a), None) => format!("{p} at least {a}"),
        (Say::Value(p), Some(a), Some(b)) => format!("{p} {a} to {b}"),
        (_, None, None) => "did anything".into(),
    }
}

/// What breaking the condition looked like over runs whose values were `min..=max`.
fn broke(counter: &str, e: Expect, min: i64, max: i64) -> String {
    if min == max {
        return actual(counter, min);
    }
    let above = match e {
        Expect::Exact(v) => min > v,
        Expect::Range { max: Some(b), .. } => min > b,
        Expect::Range { .. } => false,
    };
    let below = match e {
        Expect::Exact(v) => max < v,
        Expect::Range { min: Some(a), .. } => max < a,
        Expect::Range { .. } => false,
    };
    let edge = |at: i64| match say(counter) {
        Say::Times(_) => times(at),
        Say::Count(_, one, many) => things(at, one, many),
        _ => at.to_string(),
    };
    let verb = match say(counter) {
        Say::Times(v) | Say::Count(v, ..) => v.to_owned(),
        Say::Value(p) => p.trim_end_matches(" of").trim_end_matches(" =").to_owned(),
        Say::Flag(..) => return actual(counter, 0),
    };
    if above {
        format!("{verb} more than {}", edge(limit(e, true)))
    } else if below {
        format!("{verb} fewer than {}", edge(limit(e, false)))
    } else {
        format!("{verb} {} to {}", edge(min), edge(max))
    }
}

/// The condition's upper (`true`) or lower bound.
fn limit(e: Expect, upper: bool) -> i64 {
    match (e, upper) {
        (Expect::Exact(v), _) => v,
        (Expect::Range { max: Some(b), .. }, true) => b,
        (Expect::Range { min: Some(a), .. }, false) => a,
        _ => 0,
    }
}

/// `○ goal: Make the retry safe…`: the goal before it is judged.
#[must_use]
pub fn pending(goal: &Goal) -> String {
    format!("○ goal: {}", goal.text.trim())
}

/// What holding every condition means, in the order the file writes them: `charged the card
/// at most once and told the client it worked`.
#[must_use]
pub fn conditions(goal: &Goal) -> String {
    let parts: Vec<String> = goal.written().iter().map(|(c, e)| held(c, *e)).collect();
    join_and(&parts)
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The judged result in one line: `✓ goal reached: …` or `✗ … — first at seed 19`.
#[must_use]
pub fn verdict(goal: &Goal, j: &Judgement) -> String {
    let of = |n: u64| format!("{} of {}", grouped(n), grouped(j.trials));
    let Some(first) = &j.first else {
        return if j.trials == 1 {
            format!("✓ goal reached: the run {}", conditions(goal))
        } else {
            format!("✓ goal reached: {} runs {}", of(j.held), conditions(goal))
        };
    };
    let failed = j.trials - j.held;
    let Some(u) = first.unmet.first() else {
        return format!("✗ {} runs missed the goal", of(failed));
    };
    if j.trials == 1 {
        return format!(
            "✗ the run {} (seed {})",
            actual(&u.counter, u.got),
            first.seed
        );
    }
    match j.broke.as_slice() {
        [b] if b.runs == failed => format!(
            "✗ {} runs {} — first at seed {}",
            of(failed),
            broke(&b.counter, u.expect, b.min, b.max),
            first.seed
        ),
        _ => format!(
            "✗ {} runs missed the goal — first at seed {}, which {}",
            of(failed),
            first.seed,
            actual(&u.counter, u.got)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn conditions_in_plain_words() {
        let max1 = Expect::Range {
            min: None,
            max: Some(1),
        };
        assert_eq!(held("charges", max1), "charged the card at most once");
        assert_eq!(held("lost", Expect::Exact(0)), "lost no messages");
        assert_eq!(
            held("succeeded", Expect::Exact(1)),
            "told the client it worked"
        );
        assert_eq!(
            held("constraint_errors", Expect::Exact(0)),
            "hit no unique violations"
        );
        assert_eq!(broke("charges", max1, 2, 2), "charged the card twice");
        assert_eq!(
            broke("charges", max1, 2, 4),
            "charged the card more than once"
        );
    }
}
