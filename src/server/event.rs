//! What the server tells the rest of the app about each request it finished (or lost): one
//! [`Event`] on a bounded std channel, so the synchronous side (the log, the dashboard, a lab)
//! never touches the runtime. The steps inside a request (claiming a key, the charge, storing the
//! answer) are kept in order with their times, which is what the dashboard draws as arrows to the
//! database lane. Text and JSON lines for `--no-tui` are made here too; every string that came
//! from a client is escaped before it can reach a terminal.

use serde_json::json;

use super::config::StoreMode;
use super::db::rfc3339;
use crate::text::sanitize_line;

/// How the key's fingerprint compared with the stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FingerprintMatch {
    /// No record under the key (or it expired): this request is the first.
    New,
    Same,
    Different,
}

impl FingerprintMatch {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            FingerprintMatch::New => "new",
            FingerprintMatch::Same => "match",
            FingerprintMatch::Different => "mismatch",
        }
    }
}

/// What became of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A charge (or deposit, balance, deletion) was committed.
    Applied,
    /// The stored answer was sent again.
    Replayed,
    /// 409: the first request with this key is still processing.
    InFlight,
    /// 422: the key was used with another payload.
    Mismatch,
    /// An error answer (4xx) without an effect.
    Rejected,
    /// A read (`GET`) or a no-op.
    Read,
    Reset,
    /// The request died at a crash point.
    Crashed,
    /// Refused while shutting down (503).
    Unavailable,
}

impl Outcome {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Replayed => "replayed",
            Outcome::InFlight => "in-flight",
            Outcome::Mismatch => "mismatch",
            Outcome::Rejected => "rejected",
            Outcome::Read => "read",
            Outcome::Reset => "reset",
            Outcome::Crashed => "crashed",
            Outcome::Unavailable => "unavailable",
        }
    }
}

/// One step between the server and its database, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// atomic: the claim transaction, with what it found.
    Claim(&'static str),
    /// check-then-act: the read of the key, with what it found.
    Check(&'static str),
    /// The effect was committed (a charge id or a short description).
    Effect(String),
    /// The effect's transaction was rolled back (a crash inside it).
    Rollback,
    /// The answer was stored under the key.
    Store,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Order in which requests finished, from 1.
    pub seq: u64,
    /// The connection it came on (from 1).
    pub conn: u64,
    /// Wall-clock time it arrived, ms since the epoch.
    pub at_ms: i64,
    pub elapsed_ms: u64,
    pub store: StoreMode,
    pub method: String,
    pub path: String,
    pub key: Option<String>,
    pub fingerprint: Option<FingerprintMatch>,
    pub outcome: Outcome,
    /// `None` when no answer was sent (dropped or crashed).
    pub status: Option<u16>,
    pub replayed: bool,
    pub charge_id: Option<String>,
    /// The order of the charge, when it has one.
    pub order: Option<String>,
    /// A fault applied to this request: `drop-response`, `crash before effect`, …
    pub fault: Option<&'static str>,
    /// This charge is a second one for its order or key: the earlier charge's id.
    pub duplicate_of: Option<String>,
    /// The key had expired (`--key-ttl`): this request was processed as new.
    pub key_expired: bool,
    pub steps: Vec<(u64, Step)>,
}

impl Event {
    /// `16:11:15.123 #3 POST /charges key=k-1 new applied 201 ch_0001` and the marks.
    #[must_use]
    pub fn text_line(&self) -> String {
        let time = rfc3339(self.at_ms);
        let mut line = format!(
            "{} conn {} {} {}",
            &time[11..23],
            self.conn,
            sanitize_line(&self.method),
            sanitize_line(&self.path)
        );
        if let Some(k) = &self.key {
            line.push_str(&format!(" key={}", sanitize_line(k)));
        }
        if let Some(f) = self.fingerprint {
            line.push_str(&format!(" [{}]", f.name()));
        }
        line.push_str(" -> ");
        match self.status {
            Some(s) => line.push_str(&s.to_string()),
            None => line.push_str("no answer"),
        }
        line.push_str(&format!(" {}", self.outcome.name()));
        if self.replayed {
            line.push_str(" (replay)");
        }
        if let Some(id) = &self.charge_id {
            line.push_str(&format!(" {id}"));
        }
        if let Some(fault) = self.fault {
            line.push_str(&format!(" FAULT {fault}"));
        }
        if let Some(first) = &self.duplicate_of {
            line.push_str(&format!(" DOUBLE CHARGE (first: {first})"));
        }
        if self.key_expired {
            line.push_str(" (key had expired)");
        }
        line.push_str(&format!(" {}ms", self.elapsed_ms));
        line
    }

    /// One JSON object (no newline inside): the fields `--log json` promises.
    #[must_use]
    pub fn json_line(&self) -> String {
        json!({
            "time": rfc3339(self.at_ms),
            "conn": self.conn,
            "store": self.store.name(),
            "method": self.method,
            "path": self.path,
            "key": self.key,
            "fingerprint": self.fingerprint.map(FingerprintMatch::name),
            "outcome": self.outcome.name(),
            "status": self.status,
            "replayed": self.replayed,
            "charge_id": self.charge_id,
            "order": self.order,
            "fault": self.fault,
            "double_charge": self.duplicate_of.is_some(),
            "key_expired": self.key_expired,
            "elapsed_ms": self.elapsed_ms,
        })
        .to_string()
    }
}
