//! The checks themselves. Each has a runner, which sends its requests through the
//! [`Client`] (and so is bounded and recorded), and a judge, a pure function from what was
//! recorded to an [`Outcome`], which the unit tests feed made-up histories.

pub mod basic;
pub mod lost;
pub mod race;
pub mod shape;

use std::sync::atomic::{AtomicU64, Ordering};

use super::check::CheckId;
use super::client::{Client, Req};
use super::exchange::{Exchange, Outcome as Sent, Response};
use super::target::{BodyTemplate, Endpoint};

/// A ledger reading: the `count` of effects, or why there is none.
pub type Ledger = Result<i64, LedgerError>;

/// Why the ledger gave no count: a check then cannot say how many effects a request had, and
/// its verdict is unknown, with this as the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("this check counts no effects")]
    NotCounted,
    #[error("with --ledger none the effects cannot be counted")]
    NoLedger,
    #[error("{endpoint} got no answer ({reason})")]
    NoAnswer { endpoint: Endpoint, reason: String },
    #[error("{0} was dropped")]
    Dropped(Endpoint),
    #[error("{endpoint} answered {status}")]
    Status { endpoint: Endpoint, status: u16 },
    #[error("{endpoint} did not answer JSON ({media_type})")]
    NotJson {
        endpoint: Endpoint,
        media_type: String,
    },
    #[error("{0} answered JSON without a numeric `count` field")]
    NoCount(Endpoint),
}

/// What every check needs: the client, the endpoints, the knobs, and fresh keys and numbers.
pub struct Ctx<'a> {
    pub client: &'a Client,
    pub endpoint: &'a Endpoint,
    pub body: &'a BodyTemplate,
    /// The second endpoint for `key-scope`, with its body template.
    pub second: Option<(&'a Endpoint, &'a BodyTemplate)>,
    pub ledger: Option<&'a Endpoint>,
    pub trials: usize,
    pub concurrency: usize,
    pub require_key: bool,
    n: AtomicU64,
}

impl<'a> Ctx<'a> {
    #[must_use]
    pub fn new(
        client: &'a Client,
        endpoint: &'a Endpoint,
        body: &'a BodyTemplate,
        ledger: Option<&'a Endpoint>,
    ) -> Self {
        Ctx {
            client,
            endpoint,
            body,
            second: None,
            ledger,
            trials: 20,
            concurrency: 8,
            require_key: false,
            n: AtomicU64::new(1),
        }
    }

    /// A fresh number for `{{n}}`: one per logical request.
    pub fn next_n(&self) -> u64 {
        self.n.fetch_add(1, Ordering::SeqCst)
    }

    /// A body for a new logical request.
    pub fn fresh_body(&self) -> String {
        self.body.fill(self.next_n())
    }

    /// A fresh idempotency key (a UUID, as the draft recommends).
    #[must_use]
    pub fn new_key(&self) -> String {
        uuid::Uuid::new_v4().to_string()
    }

    /// Sends to the endpoint with this key (or none) and body.
    pub fn post(&self, check: CheckId, lane: usize, key: Option<&str>, body: &str) -> Exchange {
        self.client.send(Req {
            check: check.id(),
            lane,
            method: &self.endpoint.method,
            path: &self.endpoint.path,
            key,
            body: Some(body),
        })
    }

    /// Reads the ledger's `count`, or says why it cannot.
    pub fn ledger(&self, check: CheckId) -> (Ledger, Option<Exchange>) {
        let Some(l) = self.ledger else {
            return (Err(LedgerError::NoLedger), None);
        };
        let ex = self.client.send(Req {
            check: check.id(),
            lane: 0,
            method: &l.method,
            path: &l.path,
            key: None,
            body: None,
        });
        (ledger_count(l, &ex), Some(ex))
    }
}

/// The `count` field of a ledger answer.
pub fn ledger_count(l: &Endpoint, ex: &Exchange) -> Ledger {
    let r = match &ex.outcome {
        Sent::Response(r) => r,
        Sent::NoResponse { reason } | Sent::NotSent { reason } => {
            return Err(LedgerError::NoAnswer {
                endpoint: l.clone(),
                reason: reason.clone(),
            });
        }
        Sent::Dropped => return Err(LedgerError::Dropped(l.clone())),
    };
    if !r.is_success() {
        return Err(LedgerError::Status {
            endpoint: l.clone(),
            status: r.status,
        });
    }
    let v: serde_json::Value = serde_json::from_str(&r.body).map_err(|_| LedgerError::NotJson {
        endpoint: l.clone(),
        media_type: r.media_type().unwrap_or_default(),
    })?;
    v.get("count")
        .and_then(serde_json::Value::as_i64)
        .ok_or_else(|| LedgerError::NoCount(l.clone()))
}

/// The change between two readings.
pub fn delta(before: &Ledger, after: &Ledger) -> Ledger {
    match (before, after) {
        (Ok(b), Ok(a)) => Ok(a - b),
        (Err(e), _) | (_, Err(e)) => Err(e.clone()),
    }
}

/// `ledger +2`, with the sign.
#[must_use]
pub fn plus(d: i64) -> String {
    if d >= 0 {
        format!("ledger +{d}")
    } else {
        format!("ledger {d}")
    }
}

/// Why an exchange gave no answer to judge, for an unknown's reason.
#[must_use]
pub fn no_answer(what: &str, ex: &Exchange) -> String {
    match &ex.outcome {
        Sent::NoResponse { reason } => {
            format!("{what} got no answer ({reason}): it may have happened")
        }
        Sent::Dropped => format!("{what} was dropped: it may have happened"),
        Sent::NotSent { reason } => format!("{what} was not sent: {reason}"),
        Sent::Response(_) => format!("{what} was answered"),
    }
}

/// `201 ch_123` or `201`: a status with the charge id of its body, for reasons.
#[must_use]
pub fn described(r: &Response) -> String {
    match r.json_id() {
        Some(id) => format!("{} {}", r.status, crate::text::sanitize_line(&id)),
        None => r.status.to_string(),
    }
}

/// The evidence: the exchanges, with the ledger reads that exist, in order.
#[must_use]
pub fn evidence(parts: impl IntoIterator<Item = Option<Exchange>>) -> Vec<Exchange> {
    let mut v: Vec<Exchange> = parts.into_iter().flatten().collect();
    v.sort_by_key(|e| e.seq);
    v
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Made-up exchanges for the judges' tests.
    use super::super::exchange::{Exchange, Outcome, Response};

    pub fn answered(seq: usize, status: u16, body: &str) -> Exchange {
        Exchange {
            check: "test",
            seq,
            lane: 0,
            t_ms: seq as u64,
            dur_ms: 1,
            method: "POST".into(),
            path: "/charges".into(),
            key: Some("k".into()),
            body: Some("{}".into()),
            outcome: Outcome::Response(Response {
                status,
                content_type: Some("application/json".into()),
                body: body.into(),
                ..Response::default()
            }),
        }
    }

    pub fn with(mut ex: Exchange, f: impl FnOnce(&mut Response)) -> Exchange {
        if let Outcome::Response(r) = &mut ex.outcome {
            f(r);
        }
        ex
    }

    pub fn silent(seq: usize) -> Exchange {
        Exchange {
            outcome: Outcome::NoResponse {
                reason: "no answer within 100 ms".into(),
            },
            ..answered(seq, 0, "")
        }
    }

    pub fn charge(seq: usize, id: &str) -> Exchange {
        answered(seq, 201, &format!(r#"{{"id": "{id}", "amount": 1}}"#))
    }
}
