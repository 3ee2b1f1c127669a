//! The three ways a run is told: lines for a terminal (the plan, one line per check as it
//! ends, the evidence of a fail), one JSON document exactly as the spec gives it, and JUnit
//! XML for CI. Every string from the target is sanitized and abbreviated before it is shown.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::check::{CheckResult, Verdict};
use super::exchange::{Exchange, Outcome, abbreviate};
use super::{Options, Plan, Report};

/// How much of a body the evidence shows.
pub const EVIDENCE_BODY: usize = 100;
/// How many exchanges the terminal shows for a fail (all are in the JSON and the history).
pub const EVIDENCE_LINES: usize = 10;

const ID_W: usize = 24;
const TIER_W: usize = 9;
const VERDICT_W: usize = 8;

/// The plan, printed before any request.
#[must_use]
pub fn plan_text(o: &Options, p: &Plan) -> String {
    let mut s = format!(
        "idemlab probe {}  {}",
        crate::text::reveal(&o.target.url),
        o.endpoint
    );
    match &o.ledger {
        Some(l) => {
            let _ = write!(s, "  ledger {l}");
        }
        None => s.push_str("  (--ledger none: checks that count effects will end unknown)"),
    }
    s.push('\n');
    let ids: Vec<&str> = p.checks.iter().map(|(c, _)| c.id()).collect();
    let _ = writeln!(
        s,
        "plan: {} ({}); {} trials of {} concurrent requests; timeout {} ms; at most {}",
        crate::text::plural(ids.len(), "check"),
        ids.join(", "),
        o.trials,
        o.concurrency,
        o.timeout.as_millis(),
        crate::text::plural(p.max_requests, "request")
    );
    for (c, why) in &p.skipped {
        let _ = writeln!(s, "  {} {why}", c.id());
    }
    s
}

/// One check's line(s) for the terminal, `width` columns wide.
#[must_use]
pub fn check_text(r: &CheckResult, width: usize) -> String {
    let o = &r.outcome;
    let verdict = match o.verdict {
        Verdict::Pass => "pass",
        Verdict::Fail => "FAIL",
        Verdict::Unknown => "unknown",
    };
    let lead = ID_W + TIER_W + VERDICT_W + 2;
    let mut s = format!(
        "  {:<ID_W$}{:<TIER_W$}{:<VERDICT_W$}",
        r.id.id(),
        r.tier.name(),
        verdict
    );
    let reason = crate::text::sanitize_line(&o.reason);
    wrap_into(&mut s, &reason, lead, width.max(lead + 20));
    s.push('\n');
    if o.verdict == Verdict::Fail {
        // Under the check, not under its reason: at 80 columns the reason column leaves no room.
        let evidence_lead = 6;
        let room = width.saturating_sub(evidence_lead + 1).max(30);
        for e in o.evidence.iter().take(EVIDENCE_LINES) {
            let line = evidence_line(e);
            let (shown, w) = crate::text::width::clip(&line, room);
            let more = if w < crate::text::width::str_width(&line) {
                "…"
            } else {
                ""
            };
            let _ = writeln!(s, "{:evidence_lead$}{shown}{more}", "");
        }
        if o.evidence.len() > EVIDENCE_LINES {
            let _ = writeln!(
                s,
                "{:6}… {} more in the history",
                "",
                o.evidence.len() - EVIDENCE_LINES
            );
        }
    }
    s
}

/// Words after `lead` columns, wrapped at `width` with the continuation indented to `lead`.
fn wrap_into(s: &mut String, text: &str, lead: usize, width: usize) {
    let mut col = lead;
    let mut first = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = crate::text::width::str_width(word);
        if !first && col + 1 + w > width {
            let _ = write!(s, "\n{:lead$}", "");
            col = lead;
            first = true;
        }
        if !first {
            s.push(' ');
            col += 1;
        }
        s.push_str(word);
        col += w;
        first = false;
    }
}

/// `+12ms lane 2  POST /charges  key 1b9d6bcd…  → 201 replayed  {"id": …}`
#[must_use]
pub fn evidence_line(e: &Exchange) -> String {
    let mut s = format!("+{}ms", e.t_ms);
    if e.lane > 0 {
        let _ = write!(s, " lane {}", e.lane);
    }
    let _ = write!(s, "  {} {}", e.method, crate::text::reveal(&e.path));
    if let Some(k) = &e.key {
        let _ = write!(s, "  key {}", abbreviate(k, 9));
    }
    match &e.outcome {
        Outcome::Response(r) => {
            let _ = write!(s, "  → {}", r.status);
            if let Some(id) = r.json_id() {
                let _ = write!(s, " {}", abbreviate(&id, 24));
            }
            if r.says_replayed() {
                s.push_str(" replayed");
            }
            let _ = write!(s, " in {}ms", e.dur_ms);
            if !r.body.is_empty() {
                let _ = write!(s, "  {}", abbreviate(&r.body, EVIDENCE_BODY));
            }
        }
        Outcome::NoResponse { reason } => {
            let _ = write!(s, "  → no answer ({})", abbreviate(reason, 60));
        }
        Outcome::Dropped => s.push_str("  → answer never read (the lost response)"),
        Outcome::NotSent { reason } => {
            let _ = write!(s, "  → {}", abbreviate(reason, 60));
        }
    }
    s
}

/// The closing line.
#[must_use]
pub fn summary_text(r: &Report, history: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(f) = &r.fatal {
        let _ = writeln!(s, "idemlab probe: {}", crate::text::sanitize_line(f));
    }
    let _ = write!(
        s,
        "{} pass, {} fail, {} unknown; {} of at most {} sent in {} ms",
        r.count(Verdict::Pass),
        r.count(Verdict::Fail),
        r.count(Verdict::Unknown),
        r.requests_sent,
        crate::text::plural(r.plan.max_requests, "request"),
        r.elapsed_ms
    );
    if let Some(h) = history {
        let _ = write!(s, "\nhistory: {h}");
    }
    s.push('\n');
    s
}

fn evidence_json(e: &Exchange) -> Value {
    let r = e.response();
    json!({
        "t_ms": e.t_ms,
        "method": e.method,
        "path": crate::text::sanitize_line(&e.path),
        "key": e.key.as_deref().map(crate::text::sanitize_line),
        "status": r.map(|r| r.status),
        "body": match &e.outcome {
            Outcome::Response(r) => Value::String(abbreviate(&r.body, EVIDENCE_BODY)),
            _ => Value::Null,
        },
        "replayed": r.map(super::exchange::Response::says_replayed),
    })
}

/// The `--json` document, as the spec gives it.
#[must_use]
pub fn json(r: &Report) -> Value {
    json!({
        "target": r.target,
        "endpoint": r.endpoint,
        "plan": {
            "checks": r.plan.checks.iter().map(|(c, _)| c.id()).collect::<Vec<_>>(),
            "max_requests": r.plan.max_requests,
        },
        "checks": r.results.iter().map(|c| json!({
            "id": c.id.id(),
            "tier": c.tier.name(),
            "verdict": c.outcome.verdict.as_str(),
            "trials": {"run": c.outcome.trials.run, "held": c.outcome.trials.held},
            "reason": crate::text::sanitize_line(&c.outcome.reason),
            "evidence": c.outcome.evidence.iter().map(evidence_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "requests_sent": r.requests_sent,
    })
}

/// Text safe inside XML: sanitized, the five entities escaped, nothing XML 1.0 forbids.
fn xml(s: &str) -> String {
    let clean = crate::text::sanitize(s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `--junit FILE`: one test case per check; a failure element for fail, skipped for unknown.
#[must_use]
pub fn junit(r: &Report) -> String {
    let fails = r.count(Verdict::Fail);
    let unknowns = r.count(Verdict::Unknown);
    let secs = |ms: u64| format!("{:.3}", ms as f64 / 1000.0);
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let name = xml(&format!("idemlab probe {} {}", r.target, r.endpoint));
    let _ = writeln!(
        s,
        "<testsuites name=\"{name}\" tests=\"{}\" failures=\"{fails}\" skipped=\"{unknowns}\" time=\"{}\">",
        r.results.len(),
        secs(r.elapsed_ms)
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{fails}\" errors=\"0\" skipped=\"{unknowns}\" time=\"{}\">",
        r.results.len(),
        secs(r.elapsed_ms)
    );
    for c in &r.results {
        let _ = write!(
            s,
            "    <testcase classname=\"idemlab.probe.{}\" name=\"{}\" time=\"{}\"",
            c.tier.name(),
            c.id.id(),
            secs(c.elapsed_ms)
        );
        let reason = xml(&c.outcome.reason);
        match c.outcome.verdict {
            Verdict::Pass => s.push_str("/>\n"),
            Verdict::Unknown => {
                let _ = writeln!(
                    s,
                    ">\n      <skipped message=\"{reason}\"/>\n    </testcase>"
                );
            }
            Verdict::Fail => {
                let lines: Vec<String> = c
                    .outcome
                    .evidence
                    .iter()
                    .map(|e| xml(&evidence_line(e)))
                    .collect();
                let _ = writeln!(
                    s,
                    ">\n      <failure message=\"{reason}\" type=\"{}\">{}</failure>\n    </testcase>",
                    c.id.id(),
                    lines.join("\n")
                );
            }
        }
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_clean() {
        assert_eq!(
            xml("a<b & \"c\"\u{1b}[0m"),
            "a&lt;b &amp; &quot;c&quot;␛[0m"
        );
    }

    #[test]
    fn long_reasons_wrap_under_their_column() {
        let mut s = String::from("    ");
        wrap_into(&mut s, "one two three four five six", 4, 14);
        assert_eq!(s, "    one two\n    three four\n    five six");
    }
}
