//! An answer as the server stores and sends it: status, content type and body bytes (so a replay
//! is byte for byte the original), plus headers that belong to this sending only. Errors are RFC
//! 9457 problem documents: `type`, `title`, `status`, `detail`. Idempotency problems link their
//! `type` to the draft section that defines them (the draft asks for a link to documentation,
//! §2.7); other errors use `about:blank` with the status phrase as title (RFC 9457 §4.2.1).

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use serde_json::json;

const DRAFT: &str =
    "https://www.ietf.org/archive/id/draft-ietf-httpapi-idempotency-key-header-07.html";

/// The `type` of each idempotency problem.
pub mod kind {
    pub const KEY_SYNTAX: &str = "section-2.1";
    pub const MISSING_KEY: &str = "section-2.7";
    pub const MISMATCH: &str = "section-2.7";
    pub const IN_FLIGHT: &str = "section-2.6";
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    /// Sent with this answer only (never stored): `Retry-After`, `Idempotent-Replayed`, …
    pub headers: Vec<(&'static str, String)>,
}

impl Answer {
    #[must_use]
    pub fn json(status: u16, value: &serde_json::Value) -> Answer {
        Answer {
            status,
            content_type: "application/json".into(),
            body: value.to_string().into_bytes(),
            headers: Vec::new(),
        }
    }

    #[must_use]
    pub fn empty(status: u16) -> Answer {
        Answer {
            status,
            content_type: String::new(),
            body: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// A problem with `about:blank` as its type.
    #[must_use]
    pub fn problem(status: u16, detail: &str) -> Answer {
        Answer::problem_typed(status, "about:blank", reason(status), detail)
    }

    /// A problem whose type is the draft section `section` (a [`kind`] const).
    #[must_use]
    pub fn idempotency_problem(status: u16, section: &str, title: &str, detail: &str) -> Answer {
        Answer::problem_typed(status, &format!("{DRAFT}#{section}"), title, detail)
    }

    fn problem_typed(status: u16, kind: &str, title: &str, detail: &str) -> Answer {
        let body = json!({"type": kind, "title": title, "status": status, "detail": detail});
        Answer {
            status,
            content_type: "application/problem+json".into(),
            body: body.to_string().into_bytes(),
            headers: Vec::new(),
        }
    }

    #[must_use]
    pub fn with_header(mut self, name: &'static str, value: &str) -> Answer {
        self.headers.push((name, value.to_string()));
        self
    }

    #[must_use]
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The HTTP response.
    #[must_use]
    pub fn into_response(self) -> Response<Body> {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = Response::new(Body::from(self.body));
        *res.status_mut() = status;
        let h = res.headers_mut();
        if !self.content_type.is_empty()
            && let Ok(v) = HeaderValue::from_str(&self.content_type)
        {
            h.insert(header::CONTENT_TYPE, v);
        }
        for (name, value) in self.headers {
            if let Ok(v) = HeaderValue::from_str(&value) {
                h.insert(name, v);
            }
        }
        res
    }
}

/// The reason phrase of the statuses this server sends.
#[must_use]
pub fn reason(status: u16) -> &'static str {
    StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}
