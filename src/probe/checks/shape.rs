//! Profile checks about the shape of answers and the reach of a key: `problem-json` (error
//! answers are RFC 9457 problem details) and `key-scope` (one key on two endpoints is two
//! operations).

use super::super::check::{CheckId, Outcome};
use super::super::client::Req;
use super::super::exchange::{Exchange, Response};
use super::{Ctx, described, no_answer};

pub fn problem_json(ctx: &Ctx<'_>) -> Outcome {
    let id = CheckId::ProblemJson;
    let mut sent = Vec::new();
    sent.push(ctx.post(id, 0, Some(&ctx.new_key()), &ctx.body.invalid()));
    if ctx.body.varies() {
        let key = ctx.new_key();
        sent.push(ctx.post(id, 0, Some(&key), &ctx.fresh_body()));
        sent.push(ctx.post(id, 0, Some(&key), &ctx.fresh_body()));
    }
    if ctx.require_key {
        sent.push(ctx.post(id, 0, None, &ctx.fresh_body()));
    }
    judge_problem_json(&sent)
}

/// Why an error answer is not a problem document, if it is not.
#[must_use]
pub fn not_a_problem(r: &Response) -> Option<String> {
    let media = r.media_type().unwrap_or_else(|| "no Content-Type".into());
    if media != "application/problem+json" {
        return Some(format!(
            "{} came as {}",
            r.status,
            crate::text::sanitize_line(&media)
        ));
    }
    let v: serde_json::Value = match serde_json::from_str(&r.body) {
        Ok(v) => v,
        Err(_) => return Some(format!("{} is not JSON", r.status)),
    };
    let missing: Vec<&str> = ["type", "title", "status"]
        .into_iter()
        .filter(|f| v.get(f).is_none())
        .collect();
    if !missing.is_empty() {
        return Some(format!("{} lacks {}", r.status, missing.join(", ")));
    }
    if v.get("status").and_then(serde_json::Value::as_u64) != Some(u64::from(r.status)) {
        return Some(format!("{}'s `status` field is not {}", r.status, r.status));
    }
    None
}

#[must_use]
pub fn judge_problem_json(sent: &[Exchange]) -> Outcome {
    let ev = sent.to_vec();
    let errors: Vec<&Response> = sent
        .iter()
        .filter_map(Exchange::response)
        .filter(|r| r.is_client_error())
        .collect();
    if errors.is_empty() {
        return Outcome::unknown(
            "no error answer was provoked (an invalid body and a changed payload were both accepted)",
            ev,
        );
    }
    let bad: Vec<String> = errors.iter().filter_map(|r| not_a_problem(r)).collect();
    let statuses: Vec<String> = errors.iter().map(|r| r.status.to_string()).collect();
    if bad.is_empty() {
        Outcome::pass(
            format!(
                "{} answered application/problem+json with type, title, status",
                statuses.join(", ")
            ),
            ev,
        )
    } else {
        Outcome::fail(format!("not problem details: {}", bad.join("; ")), ev)
    }
}

pub fn key_scope(ctx: &Ctx<'_>) -> Outcome {
    let id = CheckId::KeyScope;
    let Some((other, other_body)) = ctx.second else {
        return Outcome::unknown(
            "needs a second endpoint: give --endpoint twice (e.g. --endpoint \"POST /charges\" --endpoint \"POST /accounts/a-1/deposits\")",
            vec![],
        );
    };
    let key = ctx.new_key();
    let first = ctx.post(id, 0, Some(&key), &ctx.fresh_body());
    let second = ctx.client.send(Req {
        check: id.id(),
        lane: 0,
        method: &other.method,
        path: &other.path,
        key: Some(&key),
        body: Some(&other_body.fill(ctx.next_n())),
    });
    judge_key_scope(&first, &second)
}

#[must_use]
pub fn judge_key_scope(first: &Exchange, second: &Exchange) -> Outcome {
    let ev = vec![first.clone(), second.clone()];
    let Some(r1) = first.response() else {
        return Outcome::unknown(no_answer("the request on the first endpoint", first), ev);
    };
    if !r1.is_success() {
        return Outcome::unknown(
            format!("the first endpoint answered {}, not 2xx", r1.status),
            ev,
        );
    }
    let Some(r2) = second.response() else {
        return Outcome::unknown(no_answer("the request on the second endpoint", second), ev);
    };
    let path = crate::text::reveal(&second.path);
    if r2.same_answer(r1) || r2.says_replayed() {
        return Outcome::fail(
            format!(
                "{} {path} replayed the first endpoint's answer for the same key",
                second.method
            ),
            ev,
        );
    }
    if matches!(r2.status, 409 | 422) {
        return Outcome::fail(
            format!(
                "{} {path} answered {} for a key used on another endpoint: the key is not scoped to method and path",
                second.method, r2.status
            ),
            ev,
        );
    }
    if !r2.is_success() {
        return Outcome::unknown(
            format!("{} {path} answered {}, not 2xx", second.method, r2.status),
            ev,
        );
    }
    Outcome::pass(
        format!(
            "one key, two operations: {} then {}",
            described(r1),
            described(r2)
        ),
        ev,
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{answered, charge, with};
    use super::*;
    use crate::probe::check::Verdict;

    fn problem(seq: usize, status: u16) -> Exchange {
        with(
            answered(
                seq,
                status,
                &format!(r#"{{"type": "about:blank", "title": "t", "status": {status}}}"#),
            ),
            |r| r.content_type = Some("application/problem+json".into()),
        )
    }

    #[test]
    fn problem_details_need_the_media_type_and_fields() {
        assert_eq!(
            judge_problem_json(&[problem(0, 400), charge(1, "a"), problem(2, 422)]).verdict,
            Verdict::Pass
        );
        let plain = answered(0, 400, r#"{"error": "bad"}"#);
        let o = judge_problem_json(&[plain]);
        assert_eq!(o.verdict, Verdict::Fail);
        assert!(o.reason.contains("application/json"), "{}", o.reason);
        let no_title = with(problem(0, 422), |r| {
            r.body = r#"{"type": "x", "status": 422}"#.into()
        });
        assert!(
            judge_problem_json(&[no_title])
                .reason
                .contains("lacks title")
        );
        assert_eq!(
            judge_problem_json(&[charge(0, "a")]).verdict,
            Verdict::Unknown
        );
    }

    #[test]
    fn a_key_on_another_endpoint_is_another_operation() {
        let mut deposit = charge(1, "dep_1");
        deposit.path = "/accounts/a/deposits".into();
        assert_eq!(
            judge_key_scope(&charge(0, "ch_1"), &deposit).verdict,
            Verdict::Pass
        );
        let conflict = answered(1, 422, "{}");
        assert_eq!(
            judge_key_scope(&charge(0, "ch_1"), &conflict).verdict,
            Verdict::Fail
        );
        assert_eq!(
            judge_key_scope(&charge(0, "ch_1"), &charge(1, "ch_1")).verdict,
            Verdict::Fail
        );
    }
}
