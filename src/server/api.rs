//! The payments API's routes and the checks every request passes before its effect, in this
//! order: the route (404) and method (405), shutting down (503), the body's size (413) and
//! arrival (408 for a client too slow to send it), its type (415), the `Idempotency-Key` field
//! (400), a key required but missing (400). None of those answers is stored under a key: they
//! concern the request's form, not the operation it asks for.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, Response, header};
use axum::routing::{delete, get, post, put};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{Map, Value, json};

use super::answer::{Answer, kind};
use super::config::MAX_BODY;
use super::effects::{self, valid_id};
use super::event::Outcome;
use super::flow::{self, Rq, Trace, blocking};
use super::key::{self, KeyError};
use super::shared::{ConnCtx, Shared};

/// `GET /charges` lists at most this many (the oldest first).
pub const LIST_LIMIT: usize = 10_000;

type Sh = State<Arc<Shared>>;

pub fn router(sh: Arc<Shared>) -> Router {
    Router::new()
        .route("/charges", post(create_charge).get(list_charges))
        .route("/charges/{id}", get(get_charge))
        .route("/accounts/{id}/balance", put(set_balance))
        .route("/accounts/{id}/deposits", post(deposit))
        .route("/accounts/{id}", delete(delete_account))
        .route("/ledger", get(ledger))
        .route("/reset", post(reset))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(sh)
}

fn ctx_of(req: &Request) -> ConnCtx {
    req.extensions()
        .get::<ConnCtx>()
        .cloned()
        .unwrap_or_else(|| ConnCtx {
            id: 0,
            abort: Arc::new(tokio::sync::Notify::new()),
        })
}

/// Answers a request that failed a check, with its event.
fn refuse(
    sh: &Shared,
    ctx: &ConnCtx,
    req_line: (&str, &str),
    key: Option<&str>,
    a: Answer,
) -> Response<Body> {
    Trace::new(sh, ctx, req_line.0, req_line.1, key).answer(sh, Some(Outcome::Rejected), a)
}

/// The checks before an effect; the accepted request, or the answer that refuses it.
async fn accept(
    sh: &Shared,
    req: Request,
    needs_body: bool,
    keyed: bool,
) -> Result<(ConnCtx, Rq), Response<Body>> {
    let ctx = ctx_of(&req);
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let line = (method.as_str(), path.as_str());
    if sh.closing.load(Ordering::Relaxed) {
        let a =
            Answer::problem(503, "the server is shutting down").with_header("Connection", "close");
        return Err(Trace::new(sh, &ctx, line.0, line.1, None).answer(
            sh,
            Some(Outcome::Unavailable),
            a,
        ));
    }
    let (parts, body) = req.into_parts();
    let too_big = || {
        Answer::problem(413, &format!("the body is over {} KiB", MAX_BODY / 1024))
            .with_header("Connection", "close")
    };
    let announced = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(refuse(sh, &ctx, line, None, too_big()));
    }
    let body =
        match tokio::time::timeout(sh.read_timeout, Limited::new(body, MAX_BODY).collect()).await {
            Ok(Ok(b)) => b.to_bytes(),
            Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
                return Err(refuse(sh, &ctx, line, None, too_big()));
            }
            Ok(Err(_)) => {
                let a = Answer::problem(400, "the body could not be read")
                    .with_header("Connection", "close");
                return Err(refuse(sh, &ctx, line, None, a));
            }
            Err(_) => {
                let a = Answer::problem(
                    408,
                    &format!(
                        "the body did not arrive within {} ms",
                        sh.read_timeout.as_millis()
                    ),
                )
                .with_header("Connection", "close");
                return Err(refuse(sh, &ctx, line, None, a));
            }
        };
    if needs_body && !is_json(&parts.headers) {
        let a = Answer::problem(
            415,
            "send the body as JSON, with Content-Type: application/json",
        );
        return Err(refuse(sh, &ctx, line, None, a));
    }
    let key = if keyed {
        match key::from_values(
            parts
                .headers
                .get_all("idempotency-key")
                .iter()
                .map(|v| v.as_bytes()),
        ) {
            Ok(k) => k,
            Err(e) => {
                let title = match e {
                    KeyError::Repeated => "Idempotency-Key repeated",
                    _ => "Idempotency-Key malformed",
                };
                let a = Answer::idempotency_problem(400, kind::KEY_SYNTAX, title, &e.detail());
                return Err(refuse(sh, &ctx, line, None, a));
            }
        }
    } else {
        None
    };
    if keyed && key.is_none() && sh.knobs().require_key {
        return Err(refuse(sh, &ctx, line, None, flow::missing_key()));
    }
    Ok((
        ctx,
        Rq {
            method,
            path,
            key,
            body,
        },
    ))
}

/// `application/json` or any `…+json`, parameters allowed.
fn is_json(h: &HeaderMap) -> bool {
    let Some(ct) = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

async fn create_charge(State(sh): Sh, req: Request) -> Response<Body> {
    let (ctx, rq) = match accept(&sh, req, true, true).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let body = rq.body.clone();
    flow::effectful(sh, ctx, rq, true, move |key| {
        Box::new(move |c| effects::charge(c, &body, key.as_deref()))
    })
    .await
}

async fn deposit(State(sh): Sh, Path(id): Path<String>, req: Request) -> Response<Body> {
    let (ctx, rq) = match accept(&sh, req, true, true).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !valid_id(&id) {
        return bad_id(&sh, &ctx, &rq);
    }
    let body = rq.body.clone();
    flow::effectful(sh, ctx, rq, true, move |_| {
        Box::new(move |c| effects::deposit(c, &id, &body))
    })
    .await
}

async fn set_balance(State(sh): Sh, Path(id): Path<String>, req: Request) -> Response<Body> {
    let (ctx, rq) = match accept(&sh, req, true, false).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !valid_id(&id) {
        return bad_id(&sh, &ctx, &rq);
    }
    let body = rq.body.clone();
    flow::effectful(sh, ctx, rq, false, move |_| {
        Box::new(move |c| effects::set_balance(c, &id, &body))
    })
    .await
}

async fn delete_account(State(sh): Sh, Path(id): Path<String>, req: Request) -> Response<Body> {
    let (ctx, rq) = match accept(&sh, req, false, false).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    flow::effectful(sh, ctx, rq, false, move |_| {
        Box::new(move |c| effects::delete_account(c, &id))
    })
    .await
}

fn bad_id(sh: &Shared, ctx: &ConnCtx, rq: &Rq) -> Response<Body> {
    let a = Answer::problem(
        400,
        &format!(
            "an account id is 1 to {} printable ASCII characters",
            effects::MAX_ID
        ),
    );
    refuse(sh, ctx, (&rq.method, &rq.path), rq.key.as_deref(), a)
}

/// A read: its answer and its event.
async fn read(
    sh: &Arc<Shared>,
    req: Request,
    f: impl FnOnce(&super::db::Db) -> rusqlite::Result<Answer> + Send + 'static,
) -> Response<Body> {
    let ctx = ctx_of(&req);
    let tr = Trace::new(sh, &ctx, req.method().as_str(), req.uri().path(), None);
    drop(req);
    // A read is a few statements: run where we are (see `flow::blocking`).
    let a =
        f(&sh.db).unwrap_or_else(|e| Answer::problem(503, &format!("the database failed: {e}")));
    tr.answer(sh, Some(Outcome::Read), a)
}

fn charge_json(c: &super::db::Charge) -> Value {
    json!({"id": c.id, "amount": c.amount, "order": c.order, "created": c.created})
}

async fn list_charges(State(sh): Sh, req: Request) -> Response<Body> {
    read(&sh, req, |db| {
        let list: Vec<Value> = db.charges(LIST_LIMIT)?.iter().map(charge_json).collect();
        Ok(Answer::json(200, &Value::Array(list)))
    })
    .await
}

async fn get_charge(State(sh): Sh, Path(id): Path<String>, req: Request) -> Response<Body> {
    read(&sh, req, move |db| {
        Ok(match db.charge(&id)? {
            Some(c) => Answer::json(200, &charge_json(&c)),
            None => Answer::problem(404, &format!("there is no charge {}", Value::String(id))),
        })
    })
    .await
}

async fn ledger(State(sh): Sh, req: Request) -> Response<Body> {
    read(&sh, req, |db| {
        let l = db.ledger()?;
        let by_order: Map<String, Value> = l
            .charges_by_order
            .into_iter()
            .map(|(o, n)| (o, Value::from(n)))
            .collect();
        Ok(Answer::json(
            200,
            &json!({"count": l.count, "charges_by_order": by_order, "replays": l.replays,
                    "conflicts": l.conflicts, "mismatches": l.mismatches}),
        ))
    })
    .await
}

async fn reset(State(sh): Sh, req: Request) -> Response<Body> {
    let ctx = ctx_of(&req);
    let tr = Trace::new(&sh, &ctx, "POST", "/reset", None);
    let a = match blocking(&sh, |c| c.execute_batch(super::db::RESET)).await {
        Ok(()) => Answer::empty(204),
        Err(a) => a,
    };
    tr.answer(&sh, Some(Outcome::Reset), a)
}

async fn not_found(State(sh): Sh, req: Request) -> Response<Body> {
    let ctx = ctx_of(&req);
    let detail = "no such endpoint: the API has /charges, /charges/{id}, /accounts/{id}/balance, \
                  /accounts/{id}/deposits, /accounts/{id}, /ledger and /reset";
    refuse(
        &sh,
        &ctx,
        (req.method().as_str(), req.uri().path()),
        None,
        Answer::problem(404, detail),
    )
}

async fn method_not_allowed(State(sh): Sh, req: Request) -> Response<Body> {
    let ctx = ctx_of(&req);
    let allow = allowed(req.uri().path());
    let a = Answer::problem(
        405,
        &format!("{} is not allowed here; use {allow}", req.method()),
    )
    .with_header("Allow", allow);
    refuse(
        &sh,
        &ctx,
        (req.method().as_str(), req.uri().path()),
        None,
        a,
    )
}

/// The methods of a path (for `Allow`).
fn allowed(path: &str) -> &'static str {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["charges"] => "GET, POST",
        ["charges", _] | ["ledger"] => "GET",
        ["reset"] => "POST",
        ["accounts", _, "balance"] => "PUT",
        ["accounts", _, "deposits"] => "POST",
        ["accounts", _] => "DELETE",
        _ => "GET",
    }
}
