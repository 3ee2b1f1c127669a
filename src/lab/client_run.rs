//! The requests of a client lab's failing run, as data: what the server saw, in the order the
//! requests arrived, with what it committed and what became of each answer (sent, dropped,
//! crashed) and which charge repeated an earlier one. The lab screen draws these as a sequence
//! diagram (`ui/lab_trace.rs`), `lab ID --check` prints [`Request::line`] per request, and
//! `--json` carries them. Made from the server's [`Event`]s so that `ui` and `cli` need not know
//! the server's types; every string a client sent is escaped here, once.

use std::collections::HashMap;

use serde::Serialize;

use crate::server::{Event, Outcome};
use crate::text::sanitize_line;

/// Requests of the failing run kept (the rest are counted in [`ClientRun::more`]).
pub const SHOWN_REQUESTS: usize = 20;
/// Lines of the program's output kept (its last ones).
pub const SHOWN_OUTPUT: usize = 6;

/// One request as the server handled it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    /// 1-based, in order of arrival.
    pub n: usize,
    /// The connection it came on (from 1).
    pub conn: u64,
    pub method: String,
    pub path: String,
    /// The order it charged, or the order its key charged before (a replay).
    pub order: Option<String>,
    pub key: Option<String>,
    /// What the server did: `applied`, `replayed`, `in-flight`, `mismatch`, `crashed`, …
    pub outcome: &'static str,
    /// The charge it committed (or replayed).
    pub charge: Option<String>,
    /// The status sent; `None` when no answer left the server.
    pub status: Option<u16>,
    /// The fault that took its answer: `drop-response`, `crash after effect`, …
    pub fault: Option<&'static str>,
    /// This charge repeated an earlier one for its order: the earlier charge.
    pub first_charge: Option<String>,
}

/// The failing run of a client lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientRun {
    /// 1-based run of the check.
    pub run: usize,
    /// The order the failing check is about, when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    /// The first [`SHOWN_REQUESTS`] requests, by arrival.
    pub requests: Vec<Request>,
    /// Requests of the run not kept.
    pub more: usize,
    /// The last lines of the program's output (stdout, then stderr), escaped.
    pub output: Vec<String>,
}

impl ClientRun {
    /// The run's requests from the server's events (in any order) and the program's output.
    #[must_use]
    pub fn new(run: usize, focus: Option<String>, events: &[Event], output: &str) -> ClientRun {
        let mut by_arrival: Vec<&Event> = events.iter().collect();
        by_arrival.sort_by_key(|e| (e.at_ms, e.seq));
        // A replay does not name its order: the key's first charge does.
        let mut key_order: HashMap<&str, &str> = HashMap::new();
        for e in &by_arrival {
            if let (Some(k), Some(o)) = (e.key.as_deref(), e.order.as_deref()) {
                key_order.entry(k).or_insert(o);
            }
        }
        let requests = by_arrival
            .iter()
            .take(SHOWN_REQUESTS)
            .enumerate()
            .map(|(i, e)| Request {
                n: i + 1,
                conn: e.conn,
                method: sanitize_line(&e.method),
                path: sanitize_line(&e.path),
                order: e
                    .order
                    .as_deref()
                    .or_else(|| e.key.as_deref().and_then(|k| key_order.get(k).copied()))
                    .map(sanitize_line),
                key: e.key.as_deref().map(sanitize_line),
                outcome: e.outcome.name(),
                charge: e.charge_id.as_deref().map(sanitize_line),
                status: e.status,
                fault: e.fault,
                first_charge: e.duplicate_of.as_deref().map(sanitize_line),
            })
            .collect();
        let out = output.trim();
        let mut tail: Vec<String> = out
            .lines()
            .rev()
            .take(SHOWN_OUTPUT)
            .map(sanitize_line)
            .collect();
        tail.reverse();
        ClientRun {
            run,
            focus,
            requests,
            more: events.len().saturating_sub(SHOWN_REQUESTS),
            output: if out.is_empty() { Vec::new() } else { tail },
        }
    }

    /// Plain lines (no styles): the requests, `… N more`, then the program's last output.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let mut v = vec![format!("requests of run {}:", self.run)];
        v.extend(self.requests.iter().map(|r| format!("  {}", r.line())));
        if self.more > 0 {
            v.push(format!("  … {} more", self.more));
        }
        if !self.output.is_empty() {
            v.push("the program's last output:".to_owned());
            v.extend(self.output.iter().map(|l| format!("  {l}")));
        }
        v
    }
}

impl Request {
    /// `#3 POST /charges o-2 key=k-2 → commits ch_0003 → response ✗ dropped`.
    #[must_use]
    pub fn line(&self) -> String {
        let mut s = format!("#{} {} {}", self.n, self.method, self.path);
        if let Some(o) = &self.order {
            s.push_str(&format!(" {o}"));
        }
        match &self.key {
            Some(k) => s.push_str(&format!(" key={k}")),
            None if self.method == "POST" => s.push_str(" (no key)"),
            None => {}
        }
        s.push_str(" → ");
        s.push_str(&self.server_words());
        s.push_str(" → ");
        s.push_str(&self.answer_words());
        if let Some(first) = &self.first_charge {
            s.push_str(&format!(" ✗ charged twice (first {first})"));
        }
        s
    }

    /// What the server did with it: `commits ch_0003`, `replays ch_0003`, `in flight`, …
    #[must_use]
    pub fn server_words(&self) -> String {
        let charge = self.charge.as_deref().unwrap_or("");
        match self.outcome {
            o if o == Outcome::Applied.name() && !charge.is_empty() => format!("commits {charge}"),
            o if o == Outcome::Applied.name() => "commits".to_owned(),
            o if o == Outcome::Replayed.name() => format!("replays {charge}").trim().to_owned(),
            o if o == Outcome::InFlight.name() => "still in flight".to_owned(),
            o if o == Outcome::Mismatch.name() => "payload changed under the key".to_owned(),
            o if o == Outcome::Crashed.name() => {
                format!("✗ {}", self.fault.unwrap_or("crashed"))
            }
            other => other.to_owned(),
        }
    }

    /// What reached the client: `201`, `201 (replay)`, `response ✗ dropped`, `✗ no answer`.
    #[must_use]
    pub fn answer_words(&self) -> String {
        match (self.status, self.fault) {
            (Some(s), _) if self.outcome == Outcome::Replayed.name() => format!("{s} (replay)"),
            (Some(s), _) => s.to_string(),
            (None, Some("drop-response")) => "response ✗ dropped".to_owned(),
            (None, _) => "✗ no answer".to_owned(),
        }
    }
}
