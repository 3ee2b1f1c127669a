//! One request and what came back: the unit of a probe's history. A check's verdict is judged
//! from its exchanges alone, so the judging is a pure function that tests feed recorded
//! histories; and the history file, the evidence and the diagram all show the same records.

use serde::Serialize;

/// How much of a response body the probe reads: enough for any API answer, bounded so a
/// huge or endless body cannot exhaust memory (16 concurrent requests stay under 4 MiB).
pub const BODY_LIMIT: usize = 256 * 1024;

/// What happened to one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// An HTTP answer.
    Response(Response),
    /// Sent, but no answer (timeout, reset, closed): the effect **may have happened**
    /// (Maelstrom's indefinite outcome). Never by itself a failure of the target.
    NoResponse { reason: String },
    /// Sent, and its answer never read, on purpose (`lost-response`): may have happened.
    Dropped,
    /// Never reached the target (refused, no such host, the request bound): did not happen.
    NotSent { reason: String },
}

/// The parts of an HTTP answer the checks judge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Response {
    pub status: u16,
    /// `Content-Type`, as sent.
    pub content_type: Option<String>,
    /// `Idempotent-Replayed`, as sent.
    pub replayed: Option<String>,
    /// `Retry-After`, as sent.
    pub retry_after: Option<String>,
    /// `Location` (shown for a redirect, never followed).
    pub location: Option<String>,
    /// The body as lossy UTF-8, at most [`BODY_LIMIT`] bytes of it.
    pub body: String,
    /// True when the body was longer than [`BODY_LIMIT`] and cut.
    pub truncated: bool,
}

impl Response {
    #[must_use]
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    #[must_use]
    pub fn is_client_error(&self) -> bool {
        (400..500).contains(&self.status)
    }

    /// `Idempotent-Replayed: true` (case-insensitive, as Stripe sends it).
    #[must_use]
    pub fn says_replayed(&self) -> bool {
        self.replayed
            .as_deref()
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// The media type without parameters, lower case.
    #[must_use]
    pub fn media_type(&self) -> Option<String> {
        self.content_type.as_deref().map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// The `id` field of a JSON object body (a charge id), if there is one.
    #[must_use]
    pub fn json_id(&self) -> Option<String> {
        let v: serde_json::Value = serde_json::from_str(&self.body).ok()?;
        match v.get("id")? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// Same status and the same body, byte for byte: what a replay must be.
    #[must_use]
    pub fn same_answer(&self, other: &Response) -> bool {
        self.status == other.status && self.body == other.body && !self.truncated
    }
}

/// One request the probe sent (or tried to), and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exchange {
    /// The check that sent it.
    pub check: &'static str,
    /// Order in the run, from 0.
    pub seq: usize,
    /// Which concurrent connection (lane) sent it, from 0; 0 for sequential requests.
    pub lane: usize,
    /// Milliseconds from the start of the run to sending.
    pub t_ms: u64,
    /// Milliseconds until the answer (or the giving up).
    pub dur_ms: u64,
    pub method: String,
    pub path: String,
    /// The `Idempotency-Key` sent, without the quotes of its Structured Field form.
    pub key: Option<String>,
    /// The request body sent.
    #[serde(rename = "request_body")]
    pub body: Option<String>,
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl Exchange {
    #[must_use]
    pub fn response(&self) -> Option<&Response> {
        match &self.outcome {
            Outcome::Response(r) => Some(r),
            _ => None,
        }
    }

    /// No answer: the effect may or may not have happened.
    #[must_use]
    pub fn indefinite(&self) -> bool {
        matches!(self.outcome, Outcome::NoResponse { .. } | Outcome::Dropped)
    }

    /// The status, or a word for no answer: `201`, `no answer`, `dropped`, `not sent`.
    #[must_use]
    pub fn status_word(&self) -> String {
        match &self.outcome {
            Outcome::Response(r) => r.status.to_string(),
            Outcome::NoResponse { .. } => "no answer".into(),
            Outcome::Dropped => "dropped".into(),
            Outcome::NotSent { .. } => "not sent".into(),
        }
    }
}

/// At most `max` characters of `s` on one line, sanitized for a terminal, with `…` when cut.
#[must_use]
pub fn abbreviate(s: &str, max: usize) -> String {
    let line = crate::text::sanitize_line(s);
    let line = line.trim();
    if line.chars().count() <= max {
        return line.to_owned();
    }
    let mut out: String = line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviation_is_one_clean_bounded_line() {
        assert_eq!(abbreviate("{\"a\":\n 1}", 40), "{\"a\":  1}");
        let cut = abbreviate(&"x".repeat(500), 10);
        assert_eq!(cut.chars().count(), 10);
        assert!(cut.ends_with('…'));
        assert!(!abbreviate("\u{1b}[31mred", 40).contains('\u{1b}'));
    }

    #[test]
    fn replayed_header_and_ids_are_read() {
        let r = Response {
            status: 201,
            replayed: Some("True".into()),
            body: r#"{"id": "ch_1", "amount": 5}"#.into(),
            ..Response::default()
        };
        assert!(r.says_replayed());
        assert_eq!(r.json_id().as_deref(), Some("ch_1"));
        let html = Response {
            content_type: Some("text/HTML; charset=utf-8".into()),
            ..Response::default()
        };
        assert_eq!(html.media_type().as_deref(), Some("text/html"));
    }
}
