//! How one request goes on the wire and how its answer is read: through ureq with the
//! client's agent (no redirects, no proxy, a deadline), or over a raw connection whose answer
//! is never read (the lost response); at most [`BODY_LIMIT`] of a body is read.

use std::io::{Read as _, Write as _};
use std::net::{TcpStream, ToSocketAddrs as _};
use std::time::Duration;

use super::{Client, Req, SendError};
use crate::probe::exchange::{BODY_LIMIT, Outcome, Response};

impl Client {
    pub(super) fn exchange(&self, r: &Req<'_>) -> Outcome {
        let mut b = ureq::http::Request::builder()
            .method(r.method)
            .uri(self.target.url_of(r.path));
        if let Some(k) = r.key {
            b = b.header("Idempotency-Key", format!("\"{k}\""));
        }
        if r.body.is_some() {
            b = b.header("Content-Type", "application/json");
        }
        let request = match b.body(r.body.unwrap_or("").as_bytes().to_vec()) {
            Ok(req) => req,
            Err(e) => {
                return Outcome::NotSent {
                    reason: format!("bad request: {e}"),
                };
            }
        };
        match self.agent.run(request) {
            Ok(resp) => read_response(resp),
            Err(e) => classify(&e, self.timeout, &self.target.authority()),
        }
    }

    pub(super) fn raw_send(&self, r: &Req<'_>) -> Result<TcpStream, SendError> {
        let authority = self.target.authority();
        let connect_error = |source| SendError::Connect {
            authority: authority.clone(),
            source,
        };
        let addr = authority
            .to_socket_addrs()
            .map_err(connect_error)?
            .next()
            .ok_or_else(|| SendError::NoAddress(authority.clone()))?;
        let connect = self.timeout.min(Duration::from_secs(3));
        let mut s = TcpStream::connect_timeout(&addr, connect).map_err(connect_error)?;
        s.set_write_timeout(Some(self.timeout)).ok();
        let body = r.body.unwrap_or("");
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: idemlab-probe\r\nConnection: close\r\nContent-Length: {}\r\n",
            r.method,
            self.target.wire_path(r.path),
            body.len()
        );
        if r.body.is_some() {
            head.push_str("Content-Type: application/json\r\n");
        }
        if let Some(k) = r.key {
            head.push_str(&format!("Idempotency-Key: \"{k}\"\r\n"));
        }
        head.push_str("\r\n");
        head.push_str(body);
        s.write_all(head.as_bytes())
            .and_then(|()| s.flush())
            .map_err(SendError::Lost)?;
        Ok(s)
    }
}

fn header(resp: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

fn read_response(resp: ureq::http::Response<ureq::Body>) -> Outcome {
    let mut r = Response {
        status: resp.status().as_u16(),
        content_type: header(&resp, "content-type"),
        replayed: header(&resp, "idempotent-replayed"),
        retry_after: header(&resp, "retry-after"),
        location: header(&resp, "location"),
        ..Response::default()
    };
    let mut bytes = Vec::new();
    let limit = u64::try_from(BODY_LIMIT).unwrap_or(u64::MAX) + 1;
    let read = resp
        .into_body()
        .into_reader()
        .take(limit)
        .read_to_end(&mut bytes);
    if let Err(e) = read {
        // The head arrived, the body did not: the answer is incomplete, the effect may have happened.
        return Outcome::NoResponse {
            reason: format!("status {} arrived but the body did not: {e}", r.status),
        };
    }
    if bytes.len() > BODY_LIMIT {
        bytes.truncate(BODY_LIMIT);
        r.truncated = true;
    }
    r.body = String::from_utf8_lossy(&bytes).into_owned();
    Outcome::Response(r)
}

/// A failed call: never connected (did not happen) or sent without an answer (may have).
fn classify(e: &ureq::Error, timeout: Duration, authority: &str) -> Outcome {
    use ureq::Error as E;
    use ureq::Timeout as T;
    let not_sent = |why: &str| Outcome::NotSent {
        reason: format!(
            "cannot connect to {}: {why}",
            crate::text::reveal(authority)
        ),
    };
    match e {
        E::HostNotFound => not_sent("no such host"),
        E::ConnectionFailed => not_sent("connection failed"),
        E::Timeout(T::Connect | T::Resolve) => not_sent("timed out"),
        E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            not_sent("connection refused")
        }
        E::Timeout(_) => Outcome::NoResponse {
            reason: format!("no answer within {} ms", timeout.as_millis()),
        },
        E::LargeResponseHeader(..) => Outcome::NoResponse {
            reason: "the response head is over 64 KiB".into(),
        },
        other => Outcome::NoResponse {
            reason: crate::text::sanitize_line(&other.to_string()),
        },
    }
}
